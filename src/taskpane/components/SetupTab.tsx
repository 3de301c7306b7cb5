// Setup: the workbook's settings (framework, scale, gap threshold, ORS and SRS cutoffs).
import * as React from 'react';
import { Button, Checkbox, Field, Input, Select, Text } from '@fluentui/react-components';
import type { PaneState } from '../../excel/api';
import type { AgeGroup, Settings } from '../../domain/settings';
import scalesJson from '../../../data/scales.json';
import { fieldError, PaneContext, useStyles } from './common';

/** ORS and SRS totals run from 0 to 40. */
const PCOMS_MAX = 40;

export interface SettingsDraft {
  frameworkId: string;
  scaleId: string;
  gapThreshold: string;
  orsAdult: string;
  orsAdolescent: string;
  orsChild: string;
  srsCutoff: string;
  srsCutoffInclusive: boolean;
}

export type SettingsErrors = Partial<Record<keyof SettingsDraft, string>>;

export function draftFromSettings(s: Settings): SettingsDraft {
  return {
    frameworkId: s.frameworkId,
    scaleId: s.scaleId,
    gapThreshold: String(s.gapThreshold),
    orsAdult: String(s.orsCutoff.adult),
    orsAdolescent: String(s.orsCutoff.adolescent),
    orsChild: String(s.orsCutoff.child),
    srsCutoff: String(s.srsCutoff),
    srsCutoffInclusive: s.srsCutoffInclusive,
  };
}

/** Highest minus lowest level of a scale (4 for 1-5): the largest gap there can be. */
export function scaleRange(scaleId: string, title = ''): number {
  const known = (scalesJson as { scales: { id: string; levels: { value: number }[] }[] }).scales.find(
    (s) => s.id === scaleId,
  );
  if (known && known.levels.length > 0) {
    const values = known.levels.map((l) => l.value);
    return Math.max(1, Math.max(...values) - Math.min(...values));
  }
  const m = /(\d+)\s*[-–]\s*(\d+)/.exec(title);
  return m ? Math.max(1, Number(m[2]) - Number(m[1])) : 10;
}

function numberIn(text: string, min: number, max: number, what: string, whole: boolean): string | undefined {
  const t = text.trim();
  if (t === '') return `Enter the ${what}.`;
  const n = Number(t);
  if (!Number.isFinite(n)) return `"${t}" is not a number. Enter the ${what} as a number.`;
  if (whole && !Number.isInteger(n)) return `Enter the ${what} as a whole number.`;
  if (n < min || n > max) return `The ${what} must be from ${min} to ${max}.`;
  return undefined;
}

/** Checks the form; returns plain-words messages per field, or the settings to save. */
export function validateSettings(
  draft: SettingsDraft,
  base: Settings,
  range: number,
): { errors: SettingsErrors; settings?: Settings } {
  const errors: SettingsErrors = {};
  const check = (key: keyof SettingsDraft, message: string | undefined) => {
    if (message) errors[key] = message;
  };
  if (!draft.frameworkId) errors.frameworkId = 'Choose a framework.';
  if (!draft.scaleId) errors.scaleId = 'Choose a rating scale.';
  check('gapThreshold', numberIn(draft.gapThreshold, 1, range, 'gap threshold', true));
  check('orsAdult', numberIn(draft.orsAdult, 0, PCOMS_MAX, 'adult ORS cutoff', false));
  check('orsAdolescent', numberIn(draft.orsAdolescent, 0, PCOMS_MAX, 'adolescent ORS cutoff', false));
  check('orsChild', numberIn(draft.orsChild, 0, PCOMS_MAX, 'child ORS cutoff', false));
  check('srsCutoff', numberIn(draft.srsCutoff, 0, PCOMS_MAX, 'SRS cutoff', false));
  if (Object.keys(errors).length > 0) return { errors };
  const orsCutoff: Record<AgeGroup, number> = {
    adult: Number(draft.orsAdult),
    adolescent: Number(draft.orsAdolescent),
    child: Number(draft.orsChild),
  };
  return {
    errors,
    settings: {
      ...base,
      frameworkId: draft.frameworkId,
      scaleId: draft.scaleId,
      gapThreshold: Number(draft.gapThreshold),
      orsCutoff,
      srsCutoff: Number(draft.srsCutoff),
      srsCutoffInclusive: draft.srsCutoffInclusive,
    },
  };
}

/** The ORS cutoffs per age group: one number field each. */
const SCORE_FIELDS = [
  ['orsAdult', 'ORS cutoff, adults', 'ors-adult'],
  ['orsAdolescent', 'ORS cutoff, adolescents', 'ors-adolescent'],
  ['orsChild', 'ORS cutoff, children', 'ors-child'],
] as const;

export function SetupTab(props: { state: PaneState; ctx: PaneContext }): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const [draft, setDraft] = React.useState(() => draftFromSettings(state.settings));
  const [errors, setErrors] = React.useState<SettingsErrors>({});
  const set = (key: keyof SettingsDraft) => (_: unknown, data: { value: string }) =>
    setDraft((d) => ({ ...d, [key]: data.value }));

  const scaleTitle = state.scales.find((s) => s.id === draft.scaleId)?.title ?? '';
  const range = scaleRange(draft.scaleId, scaleTitle);
  const frameworks = state.frameworks.some((f) => f.id === draft.frameworkId)
    ? state.frameworks
    : [...state.frameworks, { id: draft.frameworkId, title: draft.frameworkId, origin: 'workbook' as const }];

  const save = () => {
    const checked = validateSettings(draft, state.settings, range);
    setErrors(checked.errors);
    if (!checked.settings) return;
    const settings = checked.settings;
    void ctx.run('Saving settings', () => ctx.api.saveSettings(settings), {
      reload: true,
      done: 'Settings saved in the Settings sheet.',
    });
  };

  return (
    <div className={styles.section}>
      <Field label="Competency framework" {...fieldError(errors.frameworkId)}>
        <Select data-testid="framework-select" value={draft.frameworkId} onChange={set('frameworkId')}>
          {frameworks.map((f) => (
            <option key={f.id} value={f.id}>
              {f.origin === 'workbook' ? `${f.title} (from this workbook)` : f.title}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Rating scale" {...fieldError(errors.scaleId)}>
        <Select data-testid="scale-select" value={draft.scaleId} onChange={set('scaleId')}>
          {state.scales.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Gap threshold"
        hint={`Supervisor and self scores this many points apart or more are highlighted (1 to ${range}).`}
        {...fieldError(errors.gapThreshold)}
      >
        <Input
          data-testid="gap-threshold"
          type="number"
          min={1}
          max={range}
          step={1}
          value={draft.gapThreshold}
          onChange={set('gapThreshold')}
        />
      </Field>
      {SCORE_FIELDS.map(([key, label, testId]) => (
        <Field key={key} label={label} {...fieldError(errors[key])}>
          <Input
            data-testid={testId}
            type="number"
            min={0}
            max={PCOMS_MAX}
            value={draft[key]}
            onChange={set(key)}
          />
        </Field>
      ))}
      <Field
        label="SRS cutoff"
        hint="An SRS total below this suggests checking in about the working relationship."
        {...fieldError(errors.srsCutoff)}
      >
        <Input
          data-testid="srs-cutoff"
          type="number"
          min={0}
          max={40}
          value={draft.srsCutoff}
          onChange={set('srsCutoff')}
        />
      </Field>
      <Checkbox
        data-testid="srs-inclusive"
        label="Also flag an SRS total equal to the cutoff"
        checked={draft.srsCutoffInclusive}
        onChange={(_, data) => setDraft((d) => ({ ...d, srsCutoffInclusive: data.checked === true }))}
      />
      <div className={styles.row}>
        <Button appearance="primary" data-testid="save-settings" disabled={ctx.busy} onClick={save}>
          Save settings
        </Button>
      </div>
      <Text className={styles.note}>
        Settings are stored in this workbook&apos;s Settings sheet, so the next person who opens it sees the
        same.
      </Text>
    </div>
  );
}
