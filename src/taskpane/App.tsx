// The task pane: header, tabs, one shared status area (spinner, success and error bars) and the sections.
import * as React from 'react';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Tab,
  TabList,
  Title3,
  tokens,
} from '@fluentui/react-components';
import type { PaneState, WorkbookApi } from '../excel/api';
import { formatProblem } from '../domain/problems';
import { errorText, PaneContext, RunOptions } from './components/common';
import { SetupTab } from './components/SetupTab';
import { TeamTab } from './components/TeamTab';
import { ReviewTab } from './components/ReviewTab';
import { CompareTab } from './components/CompareTab';
import { OutcomesTab } from './components/OutcomesTab';
import { ShareTab } from './components/ShareTab';
import { FormsTab } from './components/FormsTab';
import { OutcomeSheets } from './components/OutcomeSheets';
import { AgencyTab } from './components/AgencyTab';
import { UpdateOffer } from './components/UpdateOffer';

export const TABS = [
  { id: 'setup', title: 'Setup' },
  { id: 'team', title: 'Team' },
  { id: 'review', title: 'Review' },
  { id: 'forms', title: 'Forms' },
  { id: 'compare', title: 'Compare' },
  { id: 'outcomes', title: 'Outcomes' },
  { id: 'share', title: 'Share' },
  { id: 'agency', title: 'Agency' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

const useStyles = makeStyles({
  main: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    maxWidth: '480px',
  },
  tabs: { flexWrap: 'wrap' },
  status: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  spinner: { justifyContent: 'flex-start' },
  plain: { whiteSpace: 'pre-line' },
});

export interface AppProps {
  api: WorkbookApi;
  /** Skips the first load (tests render a given state). */
  initialState?: PaneState;
  initialTab?: TabId;
  /** "Today" for the period suggestion (tests). */
  today?: Date;
}

export interface RunnerDeps {
  api: Pick<WorkbookApi, 'load'>;
  /** Guards against a second call while one runs (buttons are disabled too). */
  running: { current: boolean };
  setBusy(label: string | undefined): void;
  setError(message: string | undefined): void;
  setNotice(message: string | undefined): void;
  setState(state: PaneState): void;
}

/**
 * PaneContext.run: shows `label` with a spinner, runs the task, shows its failure in plain words, and after a
 * success shows `done` and reloads the state when asked. Resolves undefined when the task failed.
 */
export function createRunner(deps: RunnerDeps): PaneContext['run'] {
  return async <T,>(
    label: string,
    task: () => Promise<T>,
    options: RunOptions = {},
  ): Promise<T | undefined> => {
    if (deps.running.current) return undefined;
    deps.running.current = true;
    deps.setBusy(label);
    deps.setError(undefined);
    deps.setNotice(undefined);
    try {
      let result: T;
      try {
        result = await task();
      } catch (e) {
        deps.setError(errorText(e));
        return undefined;
      }
      if (options.done) deps.setNotice(options.done);
      if (options.reload) {
        deps.setBusy('Reading the workbook again');
        try {
          deps.setState(await deps.api.load());
        } catch (e) {
          deps.setError(`That worked, but reading the workbook again failed: ${errorText(e)}`);
        }
      }
      return result;
    } finally {
      deps.running.current = false;
      deps.setBusy(undefined);
    }
  };
}

export function App(props: AppProps): React.JSX.Element {
  const { api } = props;
  const styles = useStyles();
  const [state, setState] = React.useState<PaneState | undefined>(props.initialState);
  const [tab, setTab] = React.useState<TabId>(props.initialTab ?? 'setup');
  const [busy, setBusy] = React.useState<string>();
  const [error, setError] = React.useState<string>();
  const [notice, setNotice] = React.useState<string>();
  const [madeSheets, setMadeSheets] = React.useState<string[]>([]);
  const running = React.useRef(false);

  const run = React.useMemo(
    () => createRunner({ api, running, setBusy, setError, setNotice, setState }),
    [api],
  );

  const load = React.useCallback(
    () => void run('Reading the workbook', async () => setState(await api.load())),
    [api, run],
  );
  React.useEffect(() => {
    if (!props.initialState) load();
  }, []); // once on mount; later loads follow each change

  const ctx: PaneContext = {
    api,
    busy: busy !== undefined,
    run,
    activate: (sheet) => void run(`Opening ${sheet}`, () => api.activate(sheet)),
    remember: (sheets) => setMadeSheets((old) => [...new Set([...old, ...sheets])]),
  };

  return (
    <main className={styles.main}>
      <Title3 as="h1">Peer Performance Support</Title3>
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => setTab(d.value as TabId)}
        aria-label="Sections"
        size="small"
      >
        {TABS.map((t) => (
          <Tab
            key={t.id}
            id={`tab-${t.id}`}
            data-testid={`tab-${t.id}`}
            value={t.id}
            aria-controls={`panel-${t.id}`}
          >
            {t.title}
          </Tab>
        ))}
      </TabList>
      <div className={styles.status}>
        {busy && <Spinner className={styles.spinner} size="tiny" label={`${busy}…`} data-testid="busy" />}
        {error && (
          <MessageBar intent="error" data-testid="error-bar">
            <MessageBarBody className={styles.plain}>
              <MessageBarTitle>That did not work.</MessageBarTitle>
              {error}
            </MessageBarBody>
          </MessageBar>
        )}
        {notice && (
          <MessageBar intent="success" data-testid="notice-bar">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
        {state?.notices?.map((n) => (
          <MessageBar key={n} intent="info" data-testid="host-notice">
            <MessageBarBody>{n}</MessageBarBody>
          </MessageBar>
        ))}
        {state && <UpdateOffer layout={state.layout} ctx={ctx} />}
        {state && state.problems.length > 0 && (
          <MessageBar intent="warning" data-testid="state-problems">
            <MessageBarBody className={styles.plain}>
              <MessageBarTitle>Problems in this workbook</MessageBarTitle>
              {state.problems.map(formatProblem).join('\n')}
            </MessageBarBody>
          </MessageBar>
        )}
        {!state && !busy && (
          <Button data-testid="retry-load" onClick={load}>
            Read the workbook again
          </Button>
        )}
      </div>
      {state &&
        TABS.map((t) => (
          <section
            key={t.id}
            id={`panel-${t.id}`}
            role="tabpanel"
            aria-labelledby={`tab-${t.id}`}
            hidden={tab !== t.id}
          >
            <Subtitle1 as="h2" block style={{ marginBottom: tokens.spacingVerticalM }}>
              {t.title}
            </Subtitle1>
            {t.id === 'setup' && <SetupTab key={JSON.stringify(state.settings)} state={state} ctx={ctx} />}
            {t.id === 'team' && <TeamTab key={JSON.stringify(state.team)} state={state} ctx={ctx} />}
            {t.id === 'review' && <ReviewTab state={state} ctx={ctx} today={props.today} />}
            {t.id === 'compare' && <CompareTab state={state} ctx={ctx} />}
            {t.id === 'forms' && <FormsTab state={state} ctx={ctx} />}
            {t.id === 'outcomes' && (
              <>
                <OutcomesTab ctx={ctx} />
                <OutcomeSheets state={state} ctx={ctx} today={props.today} />
              </>
            )}
            {t.id === 'share' && <ShareTab state={state} ctx={ctx} madeSheets={madeSheets} />}
            {t.id === 'agency' && <AgencyTab ctx={ctx} />}
          </section>
        ))}
    </main>
  );
}

export default App;
