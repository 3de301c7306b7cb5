// Compare: supervisor-versus-self comparison sheets, trends and the team dashboard.
import * as React from 'react';
import { Button, Field, Select, Text } from '@fluentui/react-components';
import type { PaneState, RefreshReport } from '../../excel/api';
import { PaneContext, plural, ProblemList, SheetLinks, useStyles } from './common';

/** "Refreshed 3 sheets; 12 values changed; kept 4 cells you typed; filled 5 empty goals." */
export function refreshSummary(r: RefreshReport): string {
  if (r.sheets.length === 0) return 'No sheets were made or refreshed.';
  const made = r.created?.length ?? 0;
  const refreshed = r.sheets.length - made;
  const parts: string[] = [];
  if (made > 0) parts.push(`Made ${plural(made, 'sheet')}`);
  if (refreshed > 0)
    parts.push(
      `${made > 0 ? 'refreshed' : 'Refreshed'} ${plural(refreshed, 'sheet')}`,
      r.changedCells === 0 ? 'no values changed' : `${plural(r.changedCells, 'value')} changed`,
    );
  if (r.keptCells > 0) parts.push(`kept ${plural(r.keptCells, 'cell')} you typed`);
  if (r.goalsFilled > 0) parts.push(`filled ${plural(r.goalsFilled, 'empty goal')}`);
  return `${parts.join('; ')}.`;
}

/** A refresh report in plain words, with problems and sheet links. */
export function RefreshResult(props: { report: RefreshReport; ctx: PaneContext }): React.JSX.Element {
  const { report, ctx } = props;
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="refresh-report">
      <Text data-testid="refresh-summary">{refreshSummary(report)}</Text>
      <ProblemList title="Problems found" problems={report.problems} testId="refresh-problems" />
      <SheetLinks title="Sheets" sheets={report.sheets} ctx={ctx} testId="refresh-sheets" />
    </div>
  );
}

export function CompareTab(props: { state: PaneState; ctx: PaneContext }): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const latest = state.periods[state.periods.length - 1] ?? '';
  /** The period the user picked; until then (or when it is gone) the latest. */
  const [period, setPeriod] = React.useState<string>();
  const [workerId, setWorkerId] = React.useState('');
  const [report, setReport] = React.useState<RefreshReport>();
  const chosenPeriod = period !== undefined && state.periods.includes(period) ? period : latest;
  const noPeriods = state.periods.length === 0;

  const go = async (label: string, task: () => Promise<RefreshReport>) => {
    setReport(undefined);
    const result = await ctx.run(label, task, { reload: true });
    if (result) {
      setReport(result);
      ctx.remember(result.sheets);
    }
  };
  const who = workerId || undefined;

  return (
    <div className={styles.section}>
      {noPeriods && (
        <Text data-testid="compare-no-periods">
          There are no rating sheets yet: insert them on the Review tab, then compare here.
        </Text>
      )}
      <Field label="Review period">
        <Select
          data-testid="compare-period"
          value={chosenPeriod}
          disabled={noPeriods}
          onChange={(_, d) => setPeriod(d.value)}
        >
          {state.periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Worker">
        <Select data-testid="compare-worker" value={workerId} onChange={(_, d) => setWorkerId(d.value)}>
          <option value="">All workers</option>
          {state.team.map((w) => (
            <option key={w.workerId} value={w.workerId}>
              {`${w.name} (${w.workerId})`}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="compare-button"
          disabled={ctx.busy || noPeriods}
          onClick={() =>
            void go('Comparing supervisor and self', () =>
              ctx.api.compare({ period: chosenPeriod, workerId: who }),
            )
          }
        >
          Compare
        </Button>
        <Button
          data-testid="trends-button"
          disabled={ctx.busy || noPeriods}
          onClick={() => void go('Building trends', () => ctx.api.trends({ workerId: who }))}
        >
          Trends
        </Button>
        <Button
          data-testid="dashboard-button"
          disabled={ctx.busy || noPeriods}
          onClick={() =>
            void go('Building the team dashboard', () => ctx.api.dashboard({ period: chosenPeriod }))
          }
        >
          Team dashboard
        </Button>
      </div>
      <Text className={styles.note}>
        Compare and Trends use the worker chosen above; the team dashboard always covers everyone.
      </Text>
      {report && <RefreshResult report={report} ctx={ctx} />}
    </div>
  );
}
