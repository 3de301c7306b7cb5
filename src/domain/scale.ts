/** Rating scales and score parsing. Blank and N/A are never zero. */
import { InputError, Problem } from './problems';

export interface ScaleLevel {
  value: number;
  label: string;
}

export interface Scale {
  id: string;
  title: string;
  levels: ScaleLevel[];
  notApplicable: { code: string; label: string };
}

export type Score = { kind: 'score'; value: number } | { kind: 'na' } | { kind: 'blank' };

export const BLANK: Score = { kind: 'blank' };
export const NA: Score = { kind: 'na' };
export const score = (value: number): Score => ({ kind: 'score', value });

export function scaleMin(s: Scale): number {
  return Math.min(...s.levels.map((l) => l.value));
}
export function scaleMax(s: Scale): number {
  return Math.max(...s.levels.map((l) => l.value));
}

/** The entries a list validation offers: every level's value, then the N/A code. */
export function scaleChoices(s: Scale): string[] {
  return [...s.levels.map((l) => String(l.value)), s.notApplicable.code];
}

/** Numeric value of a score, or null for blank and N/A. */
export function scoreValue(s: Score): number | null {
  return s.kind === 'score' ? s.value : null;
}

export function scoreText(s: Score, scale: Scale): string {
  return s.kind === 'score' ? String(s.value) : s.kind === 'na' ? scale.notApplicable.code : '';
}

/**
 * Reads a score as a person typed it (a cell value or CSV field).
 * Returns the score, or an error message that says what is allowed.
 */
export function parseScore(raw: unknown, scale: Scale): Score | { error: string } {
  if (raw === null || raw === undefined) return BLANK;
  const text = typeof raw === 'number' ? String(raw) : String(raw).trim();
  if (text === '') return BLANK;
  if (text.toUpperCase() === scale.notApplicable.code.toUpperCase() || /^n\/?a$/i.test(text)) return NA;
  const allowed = `a whole number ${scaleMin(scale)}-${scaleMax(scale)}, ${scale.notApplicable.code} or blank`;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return { error: `"${text}" is not a score (expected ${allowed})` };
  const value = Number(text);
  if (!scale.levels.some((l) => l.value === value)) {
    return { error: `${text} is not on the scale (expected ${allowed})` };
  }
  return score(value);
}

export function loadScales(data: unknown, file: string): { defaultId: string; scales: Scale[] } {
  const problems: Problem[] = [];
  const d = data as { default?: unknown; scales?: unknown };
  if (!d || !Array.isArray(d.scales))
    throw new InputError([{ file, column: 'scales', message: 'is missing' }]);
  const scales = (d.scales as Partial<Scale>[]).map((s, i) => {
    const p = `scales[${i}].`;
    if (typeof s.id !== 'string' || !s.id) problems.push({ file, column: `${p}id`, message: 'is missing' });
    if (typeof s.title !== 'string' || !s.title)
      problems.push({ file, column: `${p}title`, message: 'is missing' });
    if (!Array.isArray(s.levels) || s.levels.length < 2)
      problems.push({ file, column: `${p}levels`, message: 'needs at least two levels' });
    else {
      const values = new Set<number>();
      s.levels.forEach((l, j) => {
        if (!Number.isInteger(l.value))
          problems.push({ file, column: `${p}levels[${j}].value`, message: 'must be a whole number' });
        if (values.has(l.value))
          problems.push({ file, column: `${p}levels[${j}].value`, message: `duplicate value ${l.value}` });
        values.add(l.value);
        if (typeof l.label !== 'string' || !l.label.trim())
          problems.push({ file, column: `${p}levels[${j}].label`, message: 'is empty' });
      });
    }
    if (!s.notApplicable || !s.notApplicable.code)
      problems.push({ file, column: `${p}notApplicable.code`, message: 'is missing' });
    return s as Scale;
  });
  const defaultId = typeof d.default === 'string' ? d.default : scales[0]?.id;
  if (!scales.some((s) => s.id === defaultId))
    problems.push({
      file,
      column: 'default',
      message: `names no scale in the file ("${String(defaultId)}")`,
    });
  if (problems.length) throw new InputError(problems);
  return { defaultId, scales };
}
