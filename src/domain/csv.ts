/**
 * Parsers for the CSV contracts (README "Data contracts"). Pure: they take text, never a path.
 * Each returns typed records plus problems naming file, row (the header is row 1, as a spreadsheet
 * shows it) and column. A row with a problem is left out; the rest are kept.
 */
import { parse } from 'csv-parse/sync';
import { Framework, flattenCompetencies } from './framework';
import { Items, Session } from './pcoms';
import { Problem } from './problems';
import { Rating } from './ratings';
import { parseScore, Scale } from './scale';
import { AgeGroup } from './settings';
import { criterionProblem } from './codes';

export interface Worker {
  workerId: string;
  name: string;
  role: string;
  supervisor: string;
  /** ISO yyyy-mm-dd or ''. */
  startDate: string;
}

export interface Parsed<T> {
  records: T[];
  problems: Problem[];
}

export const TEAM_COLUMNS = ['worker_id', 'name', 'role', 'supervisor', 'start_date'] as const;
export const RATING_COLUMNS = [
  'worker_id',
  'period',
  'framework',
  'competency_id',
  'self',
  'supervisor',
  'notes',
] as const;
export const SESSION_COLUMNS = [
  'person_code',
  'worker_id',
  'date',
  'session',
  'ors_individually',
  'ors_interpersonally',
  'ors_socially',
  'ors_overall',
  'srs_relationship',
  'srs_goals',
  'srs_approach',
  'srs_overall',
  'age_group',
] as const;

type Row = Record<string, string>;

/** Reads CSV text into header-keyed rows; problems for unreadable text or missing columns. */
function readTable(
  text: string,
  file: string,
  required: readonly string[],
  optional: readonly string[] = [],
): { rows: Row[]; problems: Problem[] } {
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return {
      rows: [],
      problems: [{ file, message: `is empty (expected a header row: ${required.join(',')})` }],
    };
  }
  let raw: string[][];
  try {
    raw = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    return {
      rows: [],
      problems: [{ file, row: err.lines, message: `is not readable CSV: ${err.message}` }],
    };
  }
  const header = raw[0].map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c) && !optional.includes(c));
  if (missing.length) {
    return {
      rows: [],
      problems: [
        {
          file,
          row: 1,
          message: `is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${required.join(',')})`,
        },
      ],
    };
  }
  const rows = raw.slice(1).map((cells) => {
    const r: Row = {};
    header.forEach((h, i) => (r[h] = (cells[i] ?? '').trim()));
    return r;
  });
  return { rows, problems: [] };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Accepts yyyy-mm-dd and m/d/yyyy; returns ISO yyyy-mm-dd, or null for a date that does not exist. */
export function parseDate(text: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)))
    [y, m, d] = [Number(match[3]), Number(match[1]), Number(match[2])];
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function parseTeamCsv(text: string, file: string): Parsed<Worker> {
  const { rows, problems } = readTable(text, file, TEAM_COLUMNS);
  const records: Worker[] = [];
  const ids = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 2;
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ file, row, column, message });
    const idProblem = r.worker_id ? criterionProblem(r.worker_id) : null;
    if (!r.worker_id) p('worker_id', 'is empty');
    else if (idProblem) p('worker_id', idProblem);
    else if (ids.has(r.worker_id.toLowerCase()))
      p('worker_id', `"${r.worker_id}" is already used on row ${ids.get(r.worker_id.toLowerCase())}`);
    if (!r.name) p('name', 'is empty');
    let startDate = '';
    if (r.start_date) {
      const d = parseDate(r.start_date);
      if (d === null) p('start_date', `"${r.start_date}" is not a date (use yyyy-mm-dd)`);
      else startDate = d;
    }
    if (problems.length > before) return;
    ids.set(r.worker_id.toLowerCase(), row);
    records.push({ workerId: r.worker_id, name: r.name, role: r.role, supervisor: r.supervisor, startDate });
  });
  return { records, problems };
}

export interface RatingContext {
  frameworks: Framework[];
  scale: Scale;
  /** When given, worker ids must be on the team. */
  workerIds?: Set<string>;
}

export function parseRatingsCsv(text: string, file: string, ctx: RatingContext): Parsed<Rating> {
  const { rows, problems } = readTable(text, file, RATING_COLUMNS, ['notes']);
  const ids = new Map(ctx.frameworks.map((f) => [f.id, new Set(flattenCompetencies(f).map((c) => c.id))]));
  const seen = new Map<string, number>();
  const records: Rating[] = [];
  rows.forEach((r, i) => {
    const row = i + 2;
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ file, row, column, message });
    if (!r.worker_id) p('worker_id', 'is empty');
    else if (criterionProblem(r.worker_id)) p('worker_id', criterionProblem(r.worker_id)!);
    else if (ctx.workerIds && !ctx.workerIds.has(r.worker_id))
      p('worker_id', `"${r.worker_id}" is not on the team`);
    if (!r.period) p('period', 'is empty');
    const known = ids.get(r.framework);
    if (!known) p('framework', `"${r.framework}" is not a known framework (${[...ids.keys()].join(', ')})`);
    else if (!known.has(r.competency_id))
      p('competency_id', `"${r.competency_id}" is not a competency of ${r.framework}`);
    const self = parseScore(r.self, ctx.scale);
    const sup = parseScore(r.supervisor, ctx.scale);
    if ('error' in self) p('self', self.error);
    if ('error' in sup) p('supervisor', sup.error);
    const key = [r.worker_id, r.period, r.framework, r.competency_id].join('\u0000').toLowerCase();
    if (problems.length === before && seen.has(key))
      p('competency_id', `duplicate of row ${seen.get(key)} (same worker, period, framework and competency)`);
    if (problems.length > before || 'error' in self || 'error' in sup) return;
    seen.set(key, row);
    records.push({
      workerId: r.worker_id,
      period: r.period,
      frameworkId: r.framework,
      competencyId: r.competency_id,
      self,
      supervisor: sup,
      notes: r.notes ?? '',
    });
  });
  return { records, problems };
}

const AGE_GROUPS: AgeGroup[] = ['adult', 'adolescent', 'child'];

/** "Two capitalised words" and longer: likely a person's name, which the log must never hold. */
export function looksLikeName(code: string): boolean {
  const word = "[A-Z][a-z]*(?:['’-][A-Z]?[a-z]+)*";
  return new RegExp(`^${word}(?: ${word})+$`).test(code.trim()) && /[a-z]/.test(code);
}

/** An ORS/SRS item: 0-10 with at most one decimal, or blank. */
export function parseItem(text: string): number | null | { error: string } {
  if (text === '') return null;
  if (!/^\d{1,2}(\.\d)?$/.test(text)) {
    return /^-?\d+(\.\d+)?$/.test(text)
      ? { error: `${text} is not a mark from 0 to 10 with at most one decimal` }
      : { error: `"${text}" is not a number (expected 0-10, e.g. 7.4)` };
  }
  const v = Number(text);
  if (v > 10) return { error: `${text} is above 10 (items are 0-10)` };
  return v;
}

/**
 * `allowCodes`: person codes the user confirmed are codes although they look like names.
 */
export function parseSessionsCsv(
  text: string,
  file: string,
  opts: { allowCodes?: Set<string> } = {},
): Parsed<Session> {
  const { rows, problems } = readTable(text, file, SESSION_COLUMNS, ['age_group']);
  const records: Session[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 2;
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ file, row, column, message });
    if (!r.person_code) p('person_code', 'is empty');
    else if (criterionProblem(r.person_code)) p('person_code', criterionProblem(r.person_code)!);
    else if (looksLikeName(r.person_code) && !opts.allowCodes?.has(r.person_code))
      p('person_code', `"${r.person_code}" looks like a name; people served are identified by codes only`);
    if (!r.worker_id) p('worker_id', 'is empty');
    else if (criterionProblem(r.worker_id)) p('worker_id', criterionProblem(r.worker_id)!);
    const date = parseDate(r.date);
    if (date === null) p('date', r.date ? `"${r.date}" is not a date (use yyyy-mm-dd)` : 'is empty');
    if (!/^\d+$/.test(r.session) || Number(r.session) < 1)
      p('session', `"${r.session}" is not a session number (1, 2, ...)`);
    const items = (cols: readonly string[]): Items =>
      cols.map((c) => {
        const v = parseItem(r[c]);
        if (v !== null && typeof v === 'object') {
          p(c, v.error);
          return null;
        }
        return v;
      }) as Items;
    const ors = items(SESSION_COLUMNS.slice(4, 8));
    const srs = items(SESSION_COLUMNS.slice(8, 12));
    const age = (r.age_group || 'adult').toLowerCase() as AgeGroup;
    if (!AGE_GROUPS.includes(age)) p('age_group', `"${r.age_group}" is not one of ${AGE_GROUPS.join(', ')}`);
    const key = [r.person_code, r.worker_id, date, r.session].join('\u0000');
    if (problems.length === before && seen.has(key))
      p('session', `duplicate of row ${seen.get(key)} (same person, worker, date and session)`);
    if (problems.length > before) return;
    seen.set(key, row);
    records.push({
      personCode: r.person_code,
      workerId: r.worker_id,
      date: date!,
      session: Number(r.session),
      ors,
      srs,
      ageGroup: age,
    });
  });
  return { records, problems };
}
