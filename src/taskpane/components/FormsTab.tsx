// Forms: self-assessment forms out (one workbook per worker) and back (merged into empty Self cells).
import * as React from 'react';
import { Button, Checkbox, Field, Input, Label, Subtitle2, Text } from '@fluentui/react-components';
import type { CollectFormsReport, FormFile, PaneState } from '../../excel/api';
import { PaneContext, plural, ProblemList, useStyles } from './common';
import { FileDownloads, NoFilesNote, openInExcel } from './FileDownloads';

/** "Checked 2 forms: 40 rows written. 1 file not used (...). 1 Self value ... differs from the forms: choose below." */
export function collectSummary(r: CollectFormsReport): string {
  const ok = r.files.filter((f) => f.ok).length;
  const parts = [
    ok ? `Checked ${plural(ok, 'form')}: ${plural(r.written, 'row')} written.` : 'No form could be used.',
  ];
  const bad = r.files.length - ok;
  if (bad)
    parts.push(
      `${plural(bad, 'file')} not used (reasons below); nothing was taken from ${bad === 1 ? 'it' : 'them'}.`,
    );
  if (r.conflicts.length)
    parts.push(
      `${plural(r.conflicts.length, 'Self value')} already in the sheets ${r.conflicts.length === 1 ? 'differs' : 'differ'} from the forms: choose below.`,
    );
  return parts.join(' ');
}

export function FormsTab(props: { state: PaneState; ctx: PaneContext }): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const fileId = React.useId();
  const latest = state.periods[state.periods.length - 1] ?? '';
  // The pane mounts every section before the workbook is read and keeps them mounted: the defaults follow
  // the state (latest period, every worker, workers added later ticked too) until the user changes them.
  const [typedPeriod, setPeriod] = React.useState<string>();
  const period = typedPeriod ?? latest;
  const [unticked, setUnticked] = React.useState<Set<string>>(new Set());
  const workers = state.team.map((w) => w.workerId).filter((id) => !unticked.has(id));
  const [made, setMade] = React.useState<FormFile[]>();
  const [returned, setReturned] = React.useState<{ name: string; bytes: Uint8Array }[]>([]);
  const [report, setReport] = React.useState<CollectFormsReport>();
  const [chosen, setChosen] = React.useState<Set<string>>(new Set());

  const make = async () => {
    const files = await ctx.run('Making the forms', () =>
      ctx.api.createForms({ period, workerIds: workers }),
    );
    if (files) setMade(files);
  };
  const pick = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const list = Array.from(e.target.files ?? []);
    setReturned(
      await Promise.all(
        list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      ),
    );
  };
  const collect = async (useIncoming: string[] = []) => {
    const r = await ctx.run(
      'Checking the returned forms',
      () => ctx.api.collectForms(returned, useIncoming),
      { reload: true },
    );
    if (r) {
      setReport(r);
      setChosen(new Set());
    }
  };

  return (
    <div className={styles.section}>
      <Subtitle2 as="h3">Send forms</Subtitle2>
      <Text className={styles.note}>
        One workbook per worker with only their own competencies and a Self column; your ratings are not in
        it.
      </Text>
      <Field label="Review period">
        <Input data-testid="forms-period" value={period} onChange={(_, d) => setPeriod(d.value)} />
      </Field>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Workers</legend>
        {state.team.map((w) => (
          <Checkbox
            key={w.workerId}
            data-testid={`forms-worker-${w.workerId}`}
            label={`${w.workerId} ${w.name}`}
            checked={!unticked.has(w.workerId)}
            onChange={(_, d) =>
              setUnticked((s) => {
                const next = new Set(s);
                if (d.checked === true) next.delete(w.workerId);
                else next.add(w.workerId);
                return next;
              })
            }
          />
        ))}
      </fieldset>
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="create-forms"
          disabled={ctx.busy || workers.length === 0 || state.files === 'none'}
          onClick={() => void make()}
        >
          Create self-assessment forms
        </Button>
      </div>
      <NoFilesNote delivery={state.files} testId="forms-no-files" />
      {made && (
        <FileDownloads
          files={made}
          testId="form-files"
          delivery={state.files}
          open={(f) => openInExcel(ctx, f)}
        />
      )}

      <Subtitle2 as="h3">Collect returned forms</Subtitle2>
      <div className={styles.fieldset}>
        <Label htmlFor={fileId}>Returned forms (.xlsx)</Label>
        <input
          id={fileId}
          data-testid="forms-returned"
          type="file"
          multiple
          accept=".xlsx"
          onChange={(e) => void pick(e)}
        />
      </div>
      <div className={styles.row}>
        <Button
          data-testid="collect-forms"
          disabled={ctx.busy || returned.length === 0}
          onClick={() => void collect()}
        >
          Check and merge
        </Button>
      </div>
      {report && (
        <div className={styles.section} data-testid="collect-report">
          <Text data-testid="collect-summary">{collectSummary(report)}</Text>
          <ProblemList
            title="Files not used"
            problems={report.files.flatMap((f) => f.problems)}
            testId="collect-problems"
          />
          {report.conflicts.length > 0 && (
            <fieldset className={styles.fieldset} data-testid="collect-conflicts">
              <legend className={styles.legend}>
                Self values that differ (tick to take the form's value)
              </legend>
              {report.conflicts.map((c) => (
                <Checkbox
                  key={c.key}
                  label={`${c.workerId} ${c.period}, ${c.competencyId}: sheet has ${c.existing}, form says ${c.incoming}`}
                  checked={chosen.has(c.key)}
                  onChange={(_, d) =>
                    setChosen((s) => {
                      const next = new Set(s);
                      if (d.checked === true) next.add(c.key);
                      else next.delete(c.key);
                      return next;
                    })
                  }
                />
              ))}
              <div className={styles.row}>
                <Button
                  data-testid="use-form-values"
                  disabled={ctx.busy || chosen.size === 0}
                  onClick={() => void collect([...chosen])}
                >
                  Use the form's value for the ticked ones
                </Button>
              </div>
            </fieldset>
          )}
        </div>
      )}
    </div>
  );
}
