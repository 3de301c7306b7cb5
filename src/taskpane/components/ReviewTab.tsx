// Review: insert rating sheets for a period, for all workers or some, with progress.
import * as React from 'react';
import { Button, Checkbox, Field, Input, ProgressBar, Select, Text } from '@fluentui/react-components';
import type { InsertReport, PaneState, Progress } from '../../excel/api';
import { periodKey } from '../../domain/periods';
import { fieldError, PaneContext, plural, SheetLinks, useStyles } from './common';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const quarterLabel = (year: number, month: number) => `${year} Q${Math.floor(month / 3) + 1}`;

/**
 * The period after the latest one in `periods`, in the same style when it is a quarter, half, month or year
 * ("2026 Q3" -> "2026 Q4", "2026 H2" -> "2027 H1", "Mar 2026" -> "Apr 2026", "2026-03" -> "2026-04",
 * "2026" -> "2027"); otherwise the next quarter after it. With no period that has a clear meaning, the
 * quarter `today` is in.
 */
export function nextPeriodLabel(periods: string[], today: Date): string {
  let latest: { label: string; key: number } | undefined;
  for (const label of periods) {
    const key = periodKey(label);
    if (key !== null && (!latest || key >= latest.key)) latest = { label, key };
  }
  if (!latest) return quarterLabel(today.getFullYear(), today.getMonth());
  const year = Math.floor(latest.key / 12);
  const month = latest.key % 12;
  const s = latest.label.trim().toLowerCase();
  if (/^\d{4}$/.test(s)) return String(year + 1);
  if (/h[12]/.test(s)) return month < 6 ? `${year} H2` : `${year + 1} H1`;
  const next = latest.key + 1;
  if (/^\d{4}-\d{1,2}$/.test(s))
    return `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}`;
  if (/^[a-z]+\.?\s+\d{4}$/.test(s) && MONTHS.some((m) => s.startsWith(m.toLowerCase())))
    return `${MONTHS[next % 12]} ${Math.floor(next / 12)}`;
  const nextQuarter = (Math.floor(month / 3) + 1) * 3;
  return quarterLabel(year + Math.floor(nextQuarter / 12), nextQuarter % 12);
}

/** Suggestions for the period box: the next period, the current quarter, then existing periods (latest first). */
export function periodSuggestions(periods: string[], today: Date): string[] {
  const all = [nextPeriodLabel(periods, today), quarterLabel(today.getFullYear(), today.getMonth())];
  return [...new Set([...all, ...[...periods].reverse()])];
}

/** What "Insert rating sheets" made, each sheet a link. */
export function InsertResult(props: { report: InsertReport; ctx: PaneContext }): React.JSX.Element {
  const { report, ctx } = props;
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="insert-report">
      <Text data-testid="insert-summary">
        {report.created.length === 0
          ? 'No sheets were created.'
          : `Created ${plural(report.created.length, 'rating sheet')}.`}
      </Text>
      {report.renamed.map((r) => (
        <Text key={r.to} className={styles.note}>
          {`"${r.from}" was taken, so the sheet is named "${r.to}".`}
        </Text>
      ))}
      <SheetLinks title="New sheets" sheets={report.created} ctx={ctx} testId="created-sheets" />
    </div>
  );
}

export function ReviewTab(props: { state: PaneState; ctx: PaneContext; today?: Date }): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const today = props.today ?? new Date();
  const [period, setPeriod] = React.useState(() => nextPeriodLabel(state.periods, today));
  /** Workers the user unticked, so workers added later start ticked. */
  const [unticked, setUnticked] = React.useState<Set<string>>(new Set());
  const [roleId, setRoleId] = React.useState('');
  const [progress, setProgress] = React.useState<Progress>();
  const [report, setReport] = React.useState<InsertReport>();
  const [errors, setErrors] = React.useState<{ period?: string; workers?: string }>({});

  const ids = state.team.map((w) => w.workerId);
  const chosen = ids.filter((id) => !unticked.has(id));
  const all = chosen.length === ids.length && ids.length > 0 ? true : chosen.length > 0 ? 'mixed' : false;
  const toggle = (id: string, on: boolean) =>
    setUnticked((s) => {
      const next = new Set(s);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });
  const existing = state.ratingSheets.filter(
    (r) => r.period === period.trim() && chosen.includes(r.workerId),
  );

  const insert = async () => {
    const wanted = period.trim();
    const problems = {
      period: wanted === '' ? 'Enter a period label, for example 2026 Q4.' : undefined,
      workers: chosen.length === 0 ? 'Choose at least one worker.' : undefined,
    };
    setErrors(problems);
    if (problems.period || problems.workers) return;
    setReport(undefined);
    setProgress({ done: 0, total: chosen.length, label: 'Starting' });
    const result = await ctx.run(
      'Inserting rating sheets',
      () =>
        ctx.api.insertRatingSheets(
          { period: wanted, workerIds: chosen, roleId: roleId || undefined },
          setProgress,
        ),
      { reload: true },
    );
    setProgress(undefined);
    if (result) setReport(result);
  };

  return (
    <div className={styles.section}>
      <Field
        label="Review period"
        hint={`Suggested: ${periodSuggestions(state.periods, today).slice(0, 3).join(', ')}`}
        {...fieldError(errors.period)}
      >
        <Input
          data-testid="period-input"
          list="pps-period-suggestions"
          value={period}
          onChange={(_, d) => setPeriod(d.value)}
        />
      </Field>
      <datalist id="pps-period-suggestions">
        {periodSuggestions(state.periods, today).map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {state.team.length === 0 ? (
        <Text data-testid="review-no-team">There are no workers yet: add them on the Team tab first.</Text>
      ) : (
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>Workers</legend>
          <Checkbox
            data-testid="worker-checkbox-all"
            label="All workers"
            checked={all}
            onChange={(_, d) => setUnticked(new Set(d.checked === true ? [] : ids))}
          />
          {state.team.map((w) => (
            <Checkbox
              key={w.workerId}
              data-testid={`worker-checkbox-${w.workerId}`}
              label={`${w.name} (${w.workerId})`}
              checked={!unticked.has(w.workerId)}
              onChange={(_, d) => toggle(w.workerId, d.checked === true)}
            />
          ))}
          {errors.workers && (
            <Text role="alert" className={styles.error} data-testid="workers-error">
              {errors.workers}
            </Text>
          )}
        </fieldset>
      )}
      <Field label="Role profile" hint="Marks the key competencies of a role on each sheet.">
        <Select data-testid="role-select" value={roleId} onChange={(_, d) => setRoleId(d.value)}>
          <option value="">Use each worker&apos;s role</option>
          {state.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </Select>
      </Field>
      {existing.length > 0 && (
        <Text className={styles.note} data-testid="period-exists">
          {`${existing.map((r) => r.workerId).join(', ')} already ${existing.length === 1 ? 'has' : 'have'} a ${period.trim()} sheet. A worker gets one sheet per period: untick ${existing.length === 1 ? 'that worker' : 'them'} or choose another period.`}
        </Text>
      )}
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="insert-rating-sheets"
          disabled={ctx.busy || state.team.length === 0}
          onClick={() => void insert()}
        >
          Insert rating sheets
        </Button>
      </div>
      {progress && (
        <Field
          label="Inserting rating sheets"
          hint={`${progress.label} (${progress.done} of ${progress.total})`}
        >
          <ProgressBar
            data-testid="insert-progress"
            value={progress.total > 0 ? progress.done / progress.total : undefined}
          />
        </Field>
      )}
      {report && <InsertResult report={report} ctx={ctx} />}
    </div>
  );
}
