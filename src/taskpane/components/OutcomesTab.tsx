// Outcomes: import PCOMS sessions (ORS/SRS) from a CSV file or pasted rows.
import * as React from 'react';
import { Button, Checkbox, Field, Label, Subtitle2, Text, Textarea } from '@fluentui/react-components';
import type { ImportReport } from '../../excel/api';
import { PaneContext, plural, ProblemList, SheetLinks, useStyles } from './common';

export const PASTED = 'pasted rows';

/** "Imported 12 sessions. Skipped 2 duplicates. Left out 1 row with a problem." */
export function importSummary(r: ImportReport): string {
  const parts = [
    r.accepted === 0 ? 'No sessions were imported.' : `Imported ${plural(r.accepted, 'session')}.`,
  ];
  if (r.duplicates > 0) parts.push(`Skipped ${plural(r.duplicates, 'duplicate')} already in the workbook.`);
  if (r.rejected.length > 0)
    parts.push(`Left out ${plural(r.rejected.length, 'row')} with a problem (listed below).`);
  if (r.needsConfirmation.length > 0)
    parts.push(
      r.needsConfirmation.length === 1
        ? 'Held back 1 person code that looks like a name.'
        : `Held back ${r.needsConfirmation.length} person codes that look like names.`,
    );
  return parts.join(' ');
}

function ConfirmCodes(props: {
  codes: string[];
  busy: boolean;
  onConfirm: (codes: string[]) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const [confirmed, setConfirmed] = React.useState<Set<string>>(new Set());
  const toggle = (code: string, on: boolean) =>
    setConfirmed((s) => {
      const next = new Set(s);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  return (
    <fieldset className={styles.fieldset} data-testid="needs-confirmation">
      <legend className={styles.legend}>Codes that look like names</legend>
      <Text className={styles.note}>
        People served must be identified by codes, never by name. These codes look like names, so their
        sessions were not imported. Tick the ones that really are codes.
      </Text>
      {props.codes.map((code) => (
        <Checkbox
          key={code}
          data-testid={`confirm-code-${code}`}
          label={`${code}: this is a code, not a name`}
          checked={confirmed.has(code)}
          onChange={(_, d) => toggle(code, d.checked === true)}
        />
      ))}
      <div className={styles.row}>
        <Button
          data-testid="import-confirmed"
          disabled={props.busy || confirmed.size === 0}
          onClick={() => props.onConfirm(props.codes.filter((c) => confirmed.has(c)))}
        >
          Import confirmed codes
        </Button>
      </div>
    </fieldset>
  );
}

/** Accepted, duplicates, every rejected row with its reason, and codes waiting for confirmation. */
export function ImportResult(props: {
  report: ImportReport;
  ctx: PaneContext;
  onConfirm: (codes: string[]) => void;
}): React.JSX.Element {
  const { report, ctx } = props;
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="import-report">
      <Subtitle2 as="h3">Import result</Subtitle2>
      <Text data-testid="import-summary">{importSummary(report)}</Text>
      <ProblemList title="Rows left out" problems={report.rejected} testId="rejected-rows" />
      {report.needsConfirmation.length > 0 && (
        <ConfirmCodes codes={report.needsConfirmation} busy={ctx.busy} onConfirm={props.onConfirm} />
      )}
      <SheetLinks title="Sheets" sheets={report.sheets} ctx={ctx} testId="import-sheets" />
    </div>
  );
}

export function OutcomesTab(props: { ctx: PaneContext }): React.JSX.Element {
  const { ctx } = props;
  const styles = useStyles();
  const fileId = React.useId();
  const [text, setText] = React.useState('');
  const [fileName, setFileName] = React.useState(PASTED);
  const [readError, setReadError] = React.useState<string>();
  const [report, setReport] = React.useState<ImportReport>();
  const [round, setRound] = React.useState(0);

  const pickFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setReadError(undefined);
    try {
      setText(await file.text());
      setFileName(file.name);
    } catch {
      setReadError(`Could not read ${file.name}. Check that it is a CSV file saved as text (UTF-8).`);
    }
  };
  const importNow = async (confirmCodes?: string[]) => {
    if (text.trim() === '') {
      setReadError('Choose a CSV file or paste the rows first.');
      return;
    }
    setReadError(undefined);
    const result = await ctx.run(
      'Importing sessions',
      () => ctx.api.importSessions(text, fileName, confirmCodes),
      {
        reload: true,
      },
    );
    if (result) {
      setReport(result);
      setRound((n) => n + 1);
      ctx.remember(result.sheets);
    }
  };

  return (
    <div className={styles.section}>
      <Text className={styles.note}>
        Columns: person_code, worker_id, date, session, the four ORS items, the four SRS items, age_group. Use
        codes for people served, never names.
      </Text>
      <div className={styles.fieldset}>
        <Label htmlFor={fileId}>CSV file of sessions</Label>
        <input
          id={fileId}
          data-testid="sessions-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void pickFile(e)}
        />
      </div>
      <Field
        label="Or paste the rows here (with the header row)"
        hint={fileName === PASTED ? undefined : `Showing ${fileName}; you can edit it before importing.`}
        validationMessage={readError}
        validationState={readError ? 'error' : 'none'}
      >
        <Textarea
          data-testid="sessions-text"
          resize="vertical"
          rows={6}
          value={text}
          onChange={(_, d) => {
            setText(d.value);
            if (d.value.trim() === '') setFileName(PASTED);
          }}
        />
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="import-sessions"
          disabled={ctx.busy}
          onClick={() => void importNow()}
        >
          Import sessions
        </Button>
      </div>
      {report && (
        <ImportResult key={round} report={report} ctx={ctx} onConfirm={(codes) => void importNow(codes)} />
      )}
    </div>
  );
}
