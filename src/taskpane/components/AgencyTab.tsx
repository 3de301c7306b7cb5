// Agency: team workbooks picked from disk, rolled up into the agency sheets of this workbook.
import * as React from 'react';
import { Button, Field, Input, Label, Subtitle2, Text } from '@fluentui/react-components';
import type { AgencyReport } from '../../excel/api';
import { PaneContext, plural, SheetLinks, useStyles } from './common';

/** "Rolled up 3 teams (18 workers, 1,234 sessions) into 6 sheets; the competency means are for 2026 Q1." */
export function agencySummary(r: AgencyReport): string {
  const workers = r.teams.reduce((n, t) => n + t.workers, 0);
  const sessions = r.teams.reduce((n, t) => n + t.sessions, 0);
  return (
    `${r.refreshed ? 'Refreshed' : 'Made'} the agency sheets from ${plural(r.teams.length, 'team')} ` +
    `(${plural(workers, 'worker')}, ${plural(sessions, 'session')})` +
    `${r.period ? `; supervisor and self means for ${r.period}` : ''}.`
  );
}

export function AgencyTab(props: { ctx: PaneContext }): React.JSX.Element {
  const { ctx } = props;
  const styles = useStyles();
  const fileId = React.useId();
  const [files, setFiles] = React.useState<{ name: string; bytes: Uint8Array }[]>([]);
  const [period, setPeriod] = React.useState('');
  const [report, setReport] = React.useState<AgencyReport>();

  const pick = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const list = Array.from(e.target.files ?? []);
    setFiles(
      await Promise.all(
        list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      ),
    );
  };
  const roll = async () => {
    const r = await ctx.run('Rolling up the team workbooks', () => ctx.api.rollup(files, { period }), {
      reload: true,
    });
    if (r) {
      setReport(r);
      ctx.remember(r.sheets);
    }
  };

  return (
    <div className={styles.section}>
      <Text className={styles.note}>
        One view across teams: pick every supervisor&apos;s team workbook (saved from SharePoint or OneDrive).
        The agency sheets are written into this workbook, with formulas that keep working without the add-in;
        run it again to refresh them in place. Use a new, empty workbook for the agency view.
      </Text>
      <div className={styles.fieldset}>
        <Label htmlFor={fileId}>Team workbooks (.xlsx)</Label>
        <input
          id={fileId}
          data-testid="agency-files"
          type="file"
          multiple
          accept=".xlsx"
          onChange={(e) => void pick(e)}
        />
      </div>
      <Field label="Review period of the competency means" hint="Leave empty for the latest every team has.">
        <Input data-testid="agency-period" value={period} onChange={(_, d) => setPeriod(d.value)} />
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="agency-rollup"
          disabled={ctx.busy || files.length === 0}
          onClick={() => void roll()}
        >
          {report ? 'Refresh the agency sheets' : 'Make the agency sheets'}
        </Button>
      </div>
      {report && (
        <div className={styles.section} data-testid="agency-report">
          <Text data-testid="agency-summary">{agencySummary(report)}</Text>
          <SheetLinks title="Agency sheets" sheets={report.sheets} ctx={ctx} testId="agency-sheets" />
          <div>
            <Subtitle2 as="h3">Teams</Subtitle2>
            <ul className={styles.list} data-testid="agency-teams">
              {report.teams.map((t) => (
                <li key={t.file}>
                  {`${t.label}: ${t.file} (${plural(t.workers, 'worker')}, ${plural(t.sessions, 'session')})`}
                </li>
              ))}
            </ul>
          </div>
          {(report.skipped.length > 0 || report.countedOnce.length > 0) && (
            <div>
              <Subtitle2 as="h3">Left out or counted once</Subtitle2>
              <ul className={styles.list} data-testid="agency-left-out">
                {report.skipped.map((s) => (
                  <li key={`skip-${s.file}`}>{`${s.file}: not used. ${s.reasons.join('; ')}`}</li>
                ))}
                {report.countedOnce.map((c) => (
                  <li key={`once-${c.file}`}>{`${c.file}: counted once, ${c.why} as ${c.sameAs}.`}</li>
                ))}
              </ul>
            </div>
          )}
          <div>
            <Subtitle2 as="h3">How it was read</Subtitle2>
            <ul className={styles.list} data-testid="agency-notes">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </div>
  );
}
