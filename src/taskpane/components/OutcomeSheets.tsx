// Outcomes, continued: a person view for one person code, and a one-on-one agenda for a worker.
import * as React from 'react';
import { Button, Field, Input, Select, Subtitle2 } from '@fluentui/react-components';
import type { PaneState } from '../../excel/api';
import { PaneContext, SheetLinks, useStyles } from './common';

export function OutcomeSheets(props: {
  state: PaneState;
  ctx: PaneContext;
  today?: Date;
}): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const [code, setCode] = React.useState('');
  // The first worker until the user picks one (the team may still be empty when the pane mounts).
  const [picked, setWorker] = React.useState<string>();
  const worker =
    picked !== undefined && state.team.some((w) => w.workerId === picked)
      ? picked
      : (state.team[0]?.workerId ?? '');
  const [date, setDate] = React.useState((props.today ?? new Date()).toISOString().slice(0, 10));
  const [made, setMade] = React.useState<string[]>([]);
  const add = async (label: string, task: () => Promise<{ sheets: string[] }>) => {
    const r = await ctx.run(label, task, { reload: true });
    if (r) {
      setMade((m) => [...m, ...r.sheets]);
      ctx.remember(r.sheets);
    }
  };
  return (
    <div className={styles.section}>
      <Subtitle2 as="h3">Person view</Subtitle2>
      <Field label="Person code">
        <Input data-testid="person-code" value={code} onChange={(_, d) => setCode(d.value)} />
      </Field>
      <div className={styles.row}>
        <Button
          data-testid="person-view"
          disabled={ctx.busy || code.trim() === ''}
          onClick={() => void add('Making the person view', () => ctx.api.personView({ personCode: code }))}
        >
          Show ORS and SRS for this person
        </Button>
      </div>
      <Subtitle2 as="h3">One-on-one agenda</Subtitle2>
      <Field label="Worker">
        <Select data-testid="agenda-worker" value={worker} onChange={(_, d) => setWorker(d.value)}>
          {state.team.map((w) => (
            <option key={w.workerId} value={w.workerId}>{`${w.workerId} ${w.name}`}</option>
          ))}
        </Select>
      </Field>
      <Field label="Meeting date (yyyy-mm-dd)">
        <Input data-testid="agenda-date" value={date} onChange={(_, d) => setDate(d.value)} />
      </Field>
      <div className={styles.row}>
        <Button
          data-testid="make-agenda"
          disabled={ctx.busy || worker === ''}
          onClick={() => void add('Making the agenda', () => ctx.api.agenda({ workerId: worker, date }))}
        >
          Make the agenda
        </Button>
      </div>
      <SheetLinks title="Sheets made" sheets={made} ctx={ctx} testId="outcome-sheets" />
    </div>
  );
}
