// Team: the roster (Team sheet). Edits stay in the pane until "Save team" writes them.
import * as React from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import type { PaneState } from '../../excel/api';
import { criterionProblem } from '../../domain/codes';
import type { Worker } from '../../domain/csv';
import { fieldError, PaneContext, plural, useStyles } from './common';

export type WorkerErrors = Partial<Record<keyof Worker, string>>;

export const EMPTY_WORKER: Worker = { workerId: '', name: '', role: '', supervisor: '', startDate: '' };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * yyyy-mm-dd (or m/d/yyyy, as the CSV contract accepts) to ISO yyyy-mm-dd; '' stays ''; null when it is
 * not a real date. Same rule as parseDate in src/domain/csv.ts, repeated so the pane does not bundle csv-parse.
 */
export function normalizeDate(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)))
    [y, m, d] = [Number(match[3]), Number(match[1]), Number(match[2])];
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Checks one worker against the others on the list; plain-words messages per field, or the clean worker. */
export function validateWorker(draft: Worker, others: Worker[]): { errors: WorkerErrors; worker?: Worker } {
  const errors: WorkerErrors = {};
  const workerId = draft.workerId.trim();
  const name = draft.name.trim();
  if (workerId === '') errors.workerId = 'Enter a worker ID.';
  else {
    const same = others.find((w) => w.workerId.trim().toLowerCase() === workerId.toLowerCase());
    const misread = criterionProblem(workerId);
    if (misread) errors.workerId = `The ID ${misread}.`;
    else if (same)
      errors.workerId = `The ID ${same.workerId} is already used by ${same.name}. Each worker needs a different ID (capital letters do not make it different).`;
  }
  if (name === '') errors.name = 'Enter a name.';
  const startDate = normalizeDate(draft.startDate);
  if (startDate === null)
    errors.startDate = `"${draft.startDate.trim()}" is not a date. Enter it as yyyy-mm-dd, for example 2025-03-01.`;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    worker: {
      workerId,
      name,
      role: draft.role.trim(),
      supervisor: draft.supervisor.trim(),
      startDate: startDate!,
    },
  };
}

/** Every problem in a whole roster, as "W01: message" lines (empty when it can be saved). */
export function validateTeam(workers: Worker[]): string[] {
  return workers.flatMap((w, i) => {
    const { errors } = validateWorker(w, workers.slice(0, i));
    return Object.values(errors).map((m) => `${w.workerId || `Row ${i + 1}`}: ${m}`);
  });
}

function WorkerForm(props: {
  initial: Worker;
  editing: boolean;
  others: Worker[];
  roles: string[];
  onSubmit: (w: Worker) => void;
  onCancel: () => void;
  onDirty: (dirty: boolean) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const [draft, setDraft] = React.useState(props.initial);
  const [errors, setErrors] = React.useState<WorkerErrors>({});
  const { onDirty, initial } = props;
  React.useEffect(() => {
    onDirty((Object.keys(draft) as (keyof Worker)[]).some((k) => draft[k].trim() !== initial[k].trim()));
  }, [draft, initial, onDirty]);

  const field = (key: keyof Worker) => ({
    value: draft[key],
    onChange: (_: unknown, data: { value: string }) => setDraft((d) => ({ ...d, [key]: data.value })),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const checked = validateWorker(draft, props.others);
    setErrors(checked.errors);
    if (checked.worker) props.onSubmit(checked.worker);
  };

  return (
    <form className={styles.section} onSubmit={submit} noValidate data-testid="worker-form">
      <Subtitle2 as="h3">{props.editing ? `Edit ${props.initial.workerId}` : 'Add a worker'}</Subtitle2>
      <Field label="Worker ID" required {...fieldError(errors.workerId)}>
        <Input data-testid="worker-id-input" {...field('workerId')} />
      </Field>
      <Field label="Name" required {...fieldError(errors.name)}>
        <Input data-testid="worker-name-input" {...field('name')} />
      </Field>
      <Field label="Role" hint={`Type any role, or pick one: ${props.roles.join(', ')}.`}>
        <Input data-testid="worker-role-input" list="pps-role-suggestions" {...field('role')} />
      </Field>
      <datalist id="pps-role-suggestions">
        {props.roles.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <Field label="Supervisor">
        <Input data-testid="worker-supervisor-input" {...field('supervisor')} />
      </Field>
      <Field label="Start date" hint="yyyy-mm-dd, for example 2025-03-01" {...fieldError(errors.startDate)}>
        <Input data-testid="worker-start-input" placeholder="yyyy-mm-dd" {...field('startDate')} />
      </Field>
      <div className={styles.row}>
        <Button type="submit" data-testid="worker-submit">
          {props.editing ? 'Update worker' : 'Add to list'}
        </Button>
        {props.editing && (
          <Button data-testid="worker-cancel" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

export function TeamTab(props: { state: PaneState; ctx: PaneContext }): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const [workers, setWorkers] = React.useState<Worker[]>(state.team);
  /** Index being edited, 'new' for the add form. */
  const [editing, setEditing] = React.useState<number | 'new'>('new');
  const [formKey, setFormKey] = React.useState(0);
  const [formDirty, setFormDirty] = React.useState(false);
  const [saveError, setSaveError] = React.useState<string>();
  const changed = JSON.stringify(workers) !== JSON.stringify(state.team);

  const resetForm = () => {
    setEditing('new');
    setFormKey((k) => k + 1);
    setFormDirty(false);
  };
  const submit = (w: Worker) => {
    setWorkers((list) => (editing === 'new' ? [...list, w] : list.map((x, i) => (i === editing ? w : x))));
    setSaveError(undefined);
    resetForm();
  };
  const remove = (index: number) => {
    setWorkers((list) => list.filter((_, i) => i !== index));
    if (editing === index) resetForm();
    else if (typeof editing === 'number' && editing > index) setEditing(editing - 1);
  };
  const save = () => {
    if (formDirty) {
      setSaveError(
        editing === 'new'
          ? 'The worker form has details that are not on the list yet: choose "Add to list" first, or clear the form.'
          : 'Finish editing the worker first: choose "Update worker" or "Cancel".',
      );
      return;
    }
    const problems = validateTeam(workers);
    if (problems.length > 0) {
      setSaveError(problems.join('\n'));
      return;
    }
    setSaveError(undefined);
    void ctx.run('Saving the team', () => ctx.api.saveTeam(workers), {
      reload: true,
      done: `Saved ${plural(workers.length, 'worker')} in the ${state.teamSheet ?? 'Team'} sheet.`,
    });
  };

  const others = editing === 'new' ? workers : workers.filter((_, i) => i !== editing);
  const initial = editing === 'new' ? EMPTY_WORKER : workers[editing];

  return (
    <div className={styles.section}>
      <Text className={styles.note} data-testid="team-sheet-note">
        {state.teamSheet === null
          ? 'This workbook has no Team sheet yet: saving the team creates it.'
          : `The team is kept in the ${state.teamSheet} sheet.`}
      </Text>
      {workers.length === 0 ? (
        <Text data-testid="team-empty">No workers yet. Add the first one below.</Text>
      ) : (
        <ul className={styles.list} style={{ listStyle: 'none', paddingLeft: 0 }} data-testid="team-list">
          {workers.map((w, i) => (
            <li key={`${w.workerId}-${i}`} className={styles.item} data-testid={`team-row-${w.workerId}`}>
              <span>
                <strong>{w.workerId}</strong> {w.name}
                {w.role ? ` (${w.role})` : ''}
              </span>
              <span className={styles.row}>
                <Button
                  size="small"
                  data-testid={`edit-worker-${w.workerId}`}
                  aria-label={`Edit ${w.workerId} ${w.name}`}
                  onClick={() => {
                    setEditing(i);
                    setFormKey((k) => k + 1);
                  }}
                >
                  Edit
                </Button>
                <Button
                  size="small"
                  data-testid={`remove-worker-${w.workerId}`}
                  aria-label={`Remove ${w.workerId} ${w.name}`}
                  onClick={() => remove(i)}
                >
                  Remove
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <WorkerForm
        key={formKey}
        initial={initial}
        editing={editing !== 'new'}
        others={others}
        roles={state.roles.map((r) => r.title)}
        onSubmit={submit}
        onCancel={resetForm}
        onDirty={setFormDirty}
      />
      <div className={styles.row}>
        <Button appearance="primary" data-testid="save-team" disabled={ctx.busy} onClick={save}>
          Save team
        </Button>
        {changed && <Text className={styles.note}>Changes not saved yet.</Text>}
      </div>
      {saveError && (
        <MessageBar intent="error" data-testid="team-save-error">
          <MessageBarBody className={styles.plain}>{saveError}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
