// Pieces every section shares: the context a section gets from App, sheet links, problem lists, styles.
import * as React from 'react';
import { Link, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { WorkbookApi } from '../../excel/api';
import { formatProblem, Problem } from '../../domain/problems';

export interface RunOptions {
  /** Reload the pane state with api.load() after the task succeeds (any task that changes the workbook). */
  reload?: boolean;
  /** Plain words shown in a success bar when the task succeeds. */
  done?: string;
}

/** What App hands to each section. */
export interface PaneContext {
  api: WorkbookApi;
  /** True while any api call runs: every action button is disabled. */
  busy: boolean;
  /** Runs one api call with the spinner, error bar and reload; resolves undefined when it failed. */
  run<T>(label: string, task: () => Promise<T>, options?: RunOptions): Promise<T | undefined>;
  /** Activates a sheet (errors go to the error bar). */
  activate(sheet: string): void;
  /** Sheets made during this session (comparisons, trends, logs), offered on the Share tab. */
  remember(sheets: string[]): void;
}

export const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  fieldset: {
    border: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  note: { color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
  plain: { margin: 0, whiteSpace: 'pre-line' },
  item: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The error's message in plain words (the api throws Errors with plain messages). */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'Something went wrong, and Excel did not say what.';
}

/** Error props for a Field. */
export function fieldError(message: string | undefined): {
  validationMessage?: string;
  validationState?: 'error';
} {
  return message ? { validationMessage: message, validationState: 'error' } : {};
}

/** A titled list of sheets, each a link that activates it. */
export function SheetLinks(props: {
  title: string;
  sheets: string[];
  ctx: PaneContext;
  testId: string;
}): React.JSX.Element | null {
  const styles = useStyles();
  if (props.sheets.length === 0) return null;
  return (
    <div data-testid={props.testId}>
      <Subtitle2 as="h3">{props.title}</Subtitle2>
      <ul className={styles.list}>
        {props.sheets.map((sheet) => (
          <li key={sheet}>
            <Link
              as="button"
              data-testid="sheet-link"
              data-sheet={sheet}
              onClick={() => props.ctx.activate(sheet)}
            >
              {sheet}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every problem, one per line, with where it is. */
export function ProblemList(props: {
  title: string;
  problems: Problem[];
  testId: string;
}): React.JSX.Element | null {
  const styles = useStyles();
  if (props.problems.length === 0) return null;
  return (
    <div data-testid={props.testId}>
      <Subtitle2 as="h3">{props.title}</Subtitle2>
      <ul className={styles.list}>
        {props.problems.map((p, i) => (
          <li key={i}>{formatProblem(p)}</li>
        ))}
      </ul>
    </div>
  );
}
