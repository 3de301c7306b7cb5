/**
 * fakeExcel: an in-memory Excel host for tests of code written against the Excel JavaScript API.
 * Limits and details: tests/support/fakeExcel.md.
 *
 * What it enforces, like Office.js does:
 * - Proxy objects. Every property set and method call is QUEUED; nothing reaches the workbook until
 *   `context.sync()`. Reading a property of a proxy throws PropertyNotLoaded unless the property was set on
 *   that proxy or `load()` was called for it AND a sync has completed since.
 * - Batches are not transactions: on sync the commands run in order; the first failing one rejects the sync
 *   with a FakeOfficeError (code, message, debugInfo.errorLocation = "Type.member") and the commands queued
 *   before it STAY applied, those after it are dropped. Loaded values of a failed batch are not delivered.
 * - Requirement sets: every command carries the ExcelApi version that introduced it; on a host with a lower
 *   `apiVersion` the sync rejects with ApiNotFound. `isSetSupported` answers consistently.
 * - Shapes: a 2-D array whose shape differs from the range rejects the sync ("The number of rows or columns
 *   in the input array doesn't match ..."); `null` inside a 2-D array leaves that cell unchanged; a scalar
 *   is applied to every cell; `null` as a whole property value is rejected.
 * - Input parsing: strings are read as Excel en-US reads typed input (typedInput.ts): "=..." formulas, a
 *   leading apostrophe text, "0042" 42, "3/4" a date, "50%" 0.5, "-Dash Example" a formula showing #NAME?.
 * - Cell edit mode (startCellEdit/endCellEdit): syncs fail unless the run asked for delayForCellEdit.
 * - Payload limits: requests and responses over 5 MB, reads over 5 million cells are refused.
 * - Locale list separator ";" (getRanges, multi-area names), table filters (writes over filtered rows are
 *   misplaced, office-js 224), very hidden sheets that cannot be deleted, Excel.createWorkbook.
 * - Formulas are checked for balanced quotes/parentheses, and every sheet ("'X'!A1") and table ("T[Col]")
 *   they name must exist when they are written (stricter than Excel, which would create an external link).
 * - Names: sheet names (1-31 chars, no : \ / ? * [ ], unique case-insensitively); tables and defined names
 *   share one case-insensitive namespace; tables may not overlap other tables or merged cells.
 * - Colours must be "#RRGGBB" or an HTML colour name; alignment/border/orientation enums are checked.
 * - Protected sheets refuse cell writes to locked cells, formatting, merges, validation, conditional
 *   formats, tables and charts; `protect()` on a protected sheet fails; the last visible sheet can be
 *   neither hidden nor deleted; a hidden sheet cannot be activated.
 * - Table totals: `showTotals = true` adds the row below the table and fills it like Excel ("Total" in the
 *   first column, SUBTOTAL(109, ...) in the last one).
 * - Charts: `charts.add` creates one series per column (or row) of the source range, like Excel.
 * - Printing: row heights (set, or fitted by autofitRows leaving merged cells out), page layout, print
 *   areas (several read with the locale's list separator), titles, margins and page breaks are recorded.
 * - Excel.run semantics for `run`: pending commands are synced when the batch resolves.
 *
 * Every sync increments stats.syncs, records the JSON size of its queued commands in stats.requestBytes
 * (each command measured as JSON of [op, sheet, address, payload]) and adds roundTripMs to simulatedMs.
 */
import { colIndex, colName, parseRange, quoteSheet } from '../../src/workbook/a1';
import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  linesHeight,
  wrappedLines,
} from '../../src/workbook/textFit';
import { parseTyped } from './typedInput';

export type Scalar = string | number | boolean;
export interface FailTarget {
  sheet?: string;
  address?: string;
}
export interface FakeExcelOptions {
  roundTripMs?: number;
  existingSheets?: { name: string; values?: Scalar[][]; hidden?: boolean }[];
  /** Tables already in the workbook (ref is on the named sheet, header row included). */
  existingTables?: { sheet: string; name: string; ref: string }[];
  /** Defined names already in the workbook, formula with "=". */
  existingNames?: { name: string; formula: string }[];
  /** ExcelApi version of the host, e.g. '1.8' or '1.12' (default). */
  apiVersion?: string;
  protectedSheets?: string[];
  /** Return true to make that command fail when it runs (op is "Type.member", e.g. "ChartCollection.add"). */
  failOn?: (op: string, target: FailTarget) => boolean;
  /**
   * A build that does not know Excel.run's `delayForCellEdit` option: while a cell is being edited every
   * sync fails, delayed or not (default false: the option is honoured).
   */
  ignoresDelayForCellEdit?: boolean;
  /**
   * The list separator of the machine's locale (default `fakeDefaults.listSeparator`, ","). Excel on
   * Windows in German, French, Czech ... locales uses ";" where Office.js takes localized text:
   * `getRanges("A1:B2;D1")` (office-js issue 1167) and multi-area name references (issue 2891).
   */
  listSeparator?: ',' | ';';
  /**
   * The decimal separator of the locale, which `application.cultureInfo.numberFormat` reports (ExcelApi
   * 1.11). Default: "," where the list separator is ";" (German, French, Czech ...), else "."; a "."
   * with ";" models Swiss German, or a list separator changed by hand in Windows' settings.
   */
  decimalSeparator?: ',' | '.';
  /**
   * Largest request and response of one sync, in bytes as the fake measures them (default 5 MB, Excel on
   * the web's limit both ways). A larger request fails with RequestPayloadSizeLimitExceeded before anything
   * runs; a larger response with ResponsePayloadSizeLimitExceeded (the commands ran; nothing is loaded).
   */
  payloadLimitBytes?: number;
}

/** Defaults for every fake host made afterwards (a test file can run its suites in a ";" locale). */
export const fakeDefaults: { listSeparator: ',' | ';' } = { listSeparator: ',' };

/** Splits a multi-area address on the locale's list separator; the other separator is not an address. */
function splitAreas(address: string, sep: ',' | ';'): string[] {
  const other = sep === ',' ? ';' : ',';
  if (address.includes(other))
    fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format: "${address}" (this locale separates areas with "${sep}").`,
    );
  return address.split(sep);
}

const MAX_ROWS = 1048576;
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;
/** Points per column-width unit (a 7-pixel digit of Calibri 11 at 96 dpi). */
const POINTS_PER_WIDTH = 5.25;
const DEFAULT_COLUMN_POINTS = DEFAULT_COLUMN_WIDTH * POINTS_PER_WIDTH;
const MAX_COLS = 16384;
const NOT_LOADED = (p: string): string =>
  `The property '${p}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;
const SHAPE =
  "The number of rows or columns in the input array doesn't match the size or dimensions of the range.";
const PROTECTED = "The cell or chart you're trying to change is on a protected sheet.";
/** Excel on the web refuses a request or a response over 5 MB; any range over 5 million cells, everywhere. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
export const MAX_RANGE_CELLS = 5_000_000;
const CELL_EDIT =
  'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.';

export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

// ---------------------------------------------------------------------------------------------- model
interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}
interface Border {
  style: string;
  weight?: string;
  color?: string;
}
interface CellModel {
  /** Where the cell is (0-based). */
  r: number;
  c: number;
  v: Scalar;
  f?: string;
  nf?: string;
  font: { bold?: boolean; italic?: boolean; color?: string; size?: number; name?: string };
  fill?: string;
  h?: string;
  va?: string;
  wrap?: boolean;
  borders: { top?: Border; bottom?: Border; left?: Border; right?: Border };
  locked: boolean;
}
interface ValidationModel {
  rect: Rect;
  rule?: Record<string, unknown>;
  prompt?: Record<string, unknown>;
  errorAlert?: Record<string, unknown>;
  ignoreBlanks: boolean;
}
interface CfModel {
  type: string;
  rect: Rect;
  format: { fill?: string; fontColor?: string; bold?: boolean; italic?: boolean };
  rule?: Record<string, unknown>;
  formula?: string;
  criteria?: Record<string, unknown>;
}
interface SeriesModel {
  name: string;
  values?: string;
  xValues?: string;
  lineColor?: string;
  lineStyle?: string;
  fillColor?: string;
  markerStyle?: string;
}
interface ChartModel {
  name: string;
  type: string;
  title?: string;
  dataLabels?: { showValue?: boolean; position?: string; numberFormat?: string };
  series: SeriesModel[];
  categoryAxis: { title?: string };
  valueAxis: { title?: string; minimum?: number; maximum?: number };
  position?: { start: string; end?: string };
}
interface SheetModel {
  id: number;
  name: string;
  visibility: string;
  cells: Map<string, CellModel>;
  colWidths: Map<number, number>;
  hiddenCols: Set<number>;
  /** Rows hidden by a table's filter. */
  filteredRows: Set<number>;
  merges: Rect[];
  freeze: { rows: number; cols: number } | null;
  validations: ValidationModel[];
  cfs: CfModel[];
  charts: ChartModel[];
  protection: { protected: boolean; options: Record<string, unknown> | null };
  page: PageModel;
  /** Heights in points of rows given one (set, or fitted by autofitRows); the others are 15. */
  rowHeights: Map<number, number>;
  /** Sheet-level defined names (worksheet.names); they go with the sheet. */
  names: NameModel[];
  deleted: boolean;
}
interface PageModel {
  orientation?: string;
  paperSize?: string;
  zoom?: Record<string, unknown>;
  /** "$12:$12" */
  printTitleRows?: string;
  /** "$A:$B" */
  printTitleColumns?: string;
  /** The areas of the print area, in order ("A1:K74"). */
  printArea?: string[];
  /** Margins in points. */
  topMargin?: number;
  bottomMargin?: number;
  leftMargin?: number;
  rightMargin?: number;
  headerMargin?: number;
  footerMargin?: number;
  /** Manual horizontal page breaks: 0-based rows that start a new page. */
  rowBreaks: number[];
}
interface TableModel {
  name: string;
  sheet: SheetModel;
  rect: Rect;
  style: string;
  showTotals: boolean;
  /** AutoFilter criteria by table column index: the values shown (applyValuesFilter). */
  filters: Map<number, Set<string>>;
}
interface NameModel {
  name: string;
  formula: string;
  /** false: hidden from the Name Manager (NamedItem.visible). */
  visible?: boolean;
}
interface Book {
  sheets: SheetModel[];
  tables: TableModel[];
  names: NameModel[];
  active: SheetModel | null;
  nextId: number;
  nextTable: number;
  nextChart: number;
  calcSuspensions: number;
  screenSuspensions: number;
  /** Names (lower case) some formula has used as a table in a structured reference, for renames. */
  tableRefs: Set<string>;
}

const lc = (s: string): string => s.toLowerCase();
const key = (r: number, c: number): string => `${r},${c}`;
const overlaps = (a: Rect, b: Rect): boolean => a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
const fail = (code: string, message: string): never => {
  throw new FakeOfficeError(code, message);
};

function rectA1(r: Rect): string {
  if (r.r1 === 0 && r.r2 === MAX_ROWS - 1) return `${colName(r.c1)}:${colName(r.c2)}`;
  if (r.c1 === 0 && r.c2 === MAX_COLS - 1) return `${r.r1 + 1}:${r.r2 + 1}`;
  const a = `${colName(r.c1)}${r.r1 + 1}`;
  const b = `${colName(r.c2)}${r.r2 + 1}`;
  return a === b ? a : `${a}:${b}`;
}
const fullAddress = (s: SheetModel, r: Rect): string => `${quoteSheet(s.name)}!${rectA1(r)}`;

/** Notes the tables `f` names in structured references (a rename looks only for those); returns `f`. */
function noteTableRefs(book: Book, f: string): string {
  for (const m of f.matchAll(/([A-Za-z_\\][A-Za-z0-9_.\\]*)\[/g)) book.tableRefs.add(lc(m[1]));
  return f;
}

/** A reference to sheet `name` in a formula ('Name'! or Name!), for retarget. */
function sheetRef(name: string): RegExp {
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = `'${name.replace(/'/g, "''")}'`;
  return new RegExp(`(${esc(quoted)}|(?<![A-Za-z0-9_.'])${esc(name)})!`, 'gi');
}

/**
 * Rewrites what `re` matches, outside string literals, in every formula of the workbook: cells, defined
 * names (workbook and sheet level) and chart series. Excel does this when a sheet or table is renamed (to
 * the new name) or a sheet is deleted (to #REF!). Conditional formats and validation are left as they are.
 */
function retarget(book: Book, re: RegExp, to: string): void {
  const fix = (f: string): string =>
    noteTableRefs(
      book,
      f
        .split(/("(?:[^"]|"")*")/)
        .map((part, i) => (i % 2 ? part : part.replace(re, to)))
        .join(''),
    );
  for (const s of book.sheets) {
    for (const c of s.cells.values()) if (c.f) c.f = fix(c.f);
    for (const n of s.names) n.formula = fix(n.formula);
    for (const ch of s.charts)
      for (const x of ch.series) {
        if (x.values) x.values = fix(x.values);
        if (x.xValues) x.xValues = fix(x.xValues);
      }
  }
  for (const n of book.names) n.formula = fix(n.formula);
}

/** Parse "A1", "$A$1:B2", "B:D", "2:5", optionally prefixed by this sheet's name. */
function parseAddress(address: string, sheet?: SheetModel): Rect {
  let a = address.trim();
  const bang = a.lastIndexOf('!');
  if (bang >= 0) {
    let sn = a.slice(0, bang);
    if (sn.startsWith("'")) sn = sn.slice(1, -1).replace(/''/g, "'");
    if (sheet && lc(sn) !== lc(sheet.name))
      fail('InvalidArgument', `The address "${address}" is not on sheet "${sheet.name}".`);
    a = a.slice(bang + 1);
  }
  a = a.replace(/\$/g, '');
  let m = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(a);
  if (m) {
    const [x, y] = [colIndex(m[1]), colIndex(m[2])];
    return { r1: 0, r2: MAX_ROWS - 1, c1: Math.min(x, y), c2: Math.max(x, y) };
  }
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) {
    const [x, y] = [Number(m[1]) - 1, Number(m[2]) - 1];
    return { r1: Math.min(x, y), r2: Math.max(x, y), c1: 0, c2: MAX_COLS - 1 };
  }
  let p;
  try {
    p = parseRange(a);
  } catch {
    return fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format: "${address}".`,
    );
  }
  if (p.row1 < 0 || p.row2 >= MAX_ROWS || p.col2 >= MAX_COLS)
    fail('InvalidArgument', `Bad address "${address}".`);
  return { r1: p.row1, c1: p.col1, r2: p.row2, c2: p.col2 };
}

function area(r: Rect): number {
  return (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1);
}

function newCell(r = 0, c = 0): CellModel {
  return { r, c, v: '', font: {}, borders: {}, locked: true };
}

/** The smallest rectangle holding every non-empty cell of a sheet, or null when it has none. */
function usedRect(s: SheetModel): Rect | null {
  let u: Rect | null = null;
  for (const c of s.cells.values()) {
    if (isEmpty(c)) continue;
    if (!u) u = { r1: c.r, c1: c.c, r2: c.r, c2: c.c };
    else {
      if (c.r < u.r1) u.r1 = c.r;
      if (c.r > u.r2) u.r2 = c.r;
      if (c.c < u.c1) u.c1 = c.c;
      if (c.c > u.c2) u.c2 = c.c;
    }
  }
  return u;
}
function cellAt(s: SheetModel, r: number, c: number, create: true): CellModel;
function cellAt(s: SheetModel, r: number, c: number, create?: false): CellModel | undefined;
function cellAt(s: SheetModel, r: number, c: number, create = false): CellModel | undefined {
  let cell = s.cells.get(key(r, c));
  if (!cell && create) {
    cell = newCell(r, c);
    s.cells.set(key(r, c), cell);
  }
  return cell;
}
function forCells(s: SheetModel, rects: Rect[], fn: (cell: CellModel, r: number, c: number) => void): void {
  for (const rect of rects) {
    if (area(rect) > 2_000_000) throw new Error(`fakeExcel: range ${rectA1(rect)} is too large to emulate`);
    for (let r = rect.r1; r <= rect.r2; r++)
      for (let c = rect.c1; c <= rect.c2; c++) fn(cellAt(s, r, c, true), r, c);
  }
}

const COLOR_NAMES = new Set(
  'black white red green blue yellow orange purple gray grey silver maroon navy teal olive lime aqua fuchsia'.split(
    ' ',
  ),
);
function checkColor(v: unknown): string {
  if (typeof v !== 'string' || !(v === '' || /^#[0-9A-Fa-f]{6}$/.test(v) || COLOR_NAMES.has(lc(v))))
    fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format (colour ${JSON.stringify(v)}).`,
    );
  return v as string;
}
function checkEnum(v: unknown, allowed: string[], what: string): string {
  if (typeof v !== 'string' || !allowed.includes(v))
    fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format (${what} ${JSON.stringify(v)}).`,
    );
  return v as string;
}

function checkSheetName(book: Book, name: unknown, self?: SheetModel): string {
  if (
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > 31 ||
    /[:\\/?*[\]]/.test(name) ||
    /^'|'$/.test(name)
  )
    fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format (sheet name ${JSON.stringify(name)}).`,
    );
  if (book.sheets.some((s) => s !== self && lc(s.name) === lc(name as string)))
    fail('ItemAlreadyExists', `The resource already exists (sheet "${name as string}").`);
  return name as string;
}
function checkObjectName(
  book: Book,
  name: unknown,
  self?: TableModel | NameModel,
  scope: NameModel[] = book.names,
): string {
  if (
    typeof name !== 'string' ||
    !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) ||
    /^[A-Za-z]{1,3}\d+$/.test(name) ||
    /^[rc]$/i.test(name)
  )
    fail(
      'InvalidArgument',
      `The argument is invalid or missing or has an incorrect format (name ${JSON.stringify(name)}).`,
    );
  const n = lc(name as string);
  if (
    book.tables.some((t) => t !== self && lc(t.name) === n) ||
    scope.some((x) => x !== self && lc(x.name) === n)
  )
    fail('ItemAlreadyExists', `The resource already exists (name "${name as string}").`);
  return name as string;
}

/** Syntax and reference check of a formula (with "="): quotes, parentheses, sheets and tables it names. */
function checkFormula(book: Book, f: string): void {
  const bad = (why: string): never =>
    fail('InvalidArgument', `There's a problem with this formula (${why}): ${f}`);
  let depth = 0;
  let i = 1;
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= f.length) bad('unclosed string');
        if (f[j] === '"') {
          if (f[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= f.length) bad('unclosed sheet quote');
        if (f[j] === "'") {
          if (f[j + 1] === "'") {
            name += "'";
            j += 2;
          } else break;
        } else name += f[j++];
      }
      if (f[j + 1] !== '!') bad('quoted name without "!"');
      if (!book.sheets.some((s) => lc(s.name) === lc(name))) bad(`no sheet named '${name}'`);
      i = j + 2;
    } else if (ch === '[') {
      let d = 0;
      let j = i;
      do {
        if (j >= f.length) bad('unclosed [');
        if (f[j] === "'") j++;
        else if (f[j] === '[') d++;
        else if (f[j] === ']') d--;
        j++;
      } while (d > 0);
      i = j;
    } else if (/[A-Za-z_\\]/.test(ch)) {
      let j = i;
      while (j < f.length && /[A-Za-z0-9_.\\]/.test(f[j])) j++;
      const id = f.slice(i, j);
      if (f[j] === '!' && !book.sheets.some((s) => lc(s.name) === lc(id))) bad(`no sheet named '${id}'`);
      if (f[j] === '[' && !book.tables.some((t) => lc(t.name) === lc(id))) bad(`no table named '${id}'`);
      i = j;
    } else {
      if (ch === '(') depth++;
      if (ch === ')' && --depth < 0) bad('unbalanced )');
      i++;
    }
  }
  if (depth !== 0) bad('unbalanced (');
  if (/[-+*/^&=<>,]\s*$/.test(f.slice(1))) bad('ends with an operator');
}

/**
 * Store one input in a cell as Excel (en-US) parses what is typed (typedInput.ts): "=..." a formula, a
 * leading apostrophe text, "0042" 42, "3/4" a date serial, "50%" 0.5, "-Dash Example" the formula
 * "=-Dash Example" (which shows #NAME?), "- x," a formula error that fails the sync. A cell formatted as
 * Text ("@") keeps strings as they are.
 */
function writeInput(book: Book, cell: CellModel, input: unknown): void {
  if (input === null || input === undefined) return;
  delete cell.f;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) fail('InvalidArgument', 'The argument is invalid (not a finite number).');
    cell.v = input;
  } else if (typeof input === 'boolean') cell.v = input;
  else if (typeof input === 'string') {
    const t = parseTyped(input, { textFormat: cell.nf === '@' });
    if (t.kind === 'empty') cell.v = '';
    else if (t.kind === 'text') cell.v = t.text;
    else if (t.kind === 'boolean' || t.kind === 'error') cell.v = t.value;
    else if (t.kind === 'number') {
      cell.v = t.value;
      if (t.numberFormat && cell.nf === undefined) cell.nf = t.numberFormat;
    } else {
      checkFormula(book, t.formula);
      cell.f = noteTableRefs(book, t.formula);
      cell.v = t.typed && namesUnknown(book, t.formula) ? '#NAME?' : '';
    }
  } else fail('InvalidArgument', `The argument is invalid (cell input ${JSON.stringify(input)}).`);
}

/** Whether a formula names something that is neither a function, a cell, a sheet, a table nor a defined name. */
function namesUnknown(book: Book, f: string): boolean {
  const outsideStrings = f.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of outsideStrings.matchAll(/[A-Za-z_\\][A-Za-z0-9_.\\]*/g)) {
    const id = m[0];
    const next = outsideStrings[m.index! + id.length];
    if (next === '(' || next === '!' || next === '[') continue;
    if (/^\$?[A-Za-z]{1,3}\$?\d+$/.test(id) || /^(true|false)$/i.test(id)) continue;
    if (book.names.some((n) => lc(n.name) === lc(id)) || book.tables.some((t) => lc(t.name) === lc(id)))
      continue;
    return true;
  }
  return false;
}

/** Apply a scalar or a 2-D array to every cell of rect, with Office.js's shape rule. */
function assign2d(
  s: SheetModel,
  rect: Rect,
  input: unknown,
  put: (cell: CellModel, v: unknown) => void,
): void {
  if (input === null || input === undefined)
    fail('InvalidArgument', 'The argument is invalid or missing (null).');
  const rows = rect.r2 - rect.r1 + 1;
  const cols = rect.c2 - rect.c1 + 1;
  if (Array.isArray(input)) {
    if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols))
      fail('InvalidArgument', SHAPE);
    forCells(s, [rect], (cell, r, c) => put(cell, (input as unknown[][])[r - rect.r1][c - rect.c1]));
  } else forCells(s, [rect], (cell) => put(cell, input));
}

function isEmpty(c: CellModel | undefined): boolean {
  return !c || (c.v === '' && c.f === undefined);
}

function rowsHiddenByFilter(s: SheetModel, rect: Rect): number[] {
  const out: number[] = [];
  for (const r of s.filteredRows) if (r >= rect.r1 && r <= rect.r2) out.push(r);
  return out;
}

/**
 * A multi-row array written over rows a filter hides does not land where it was aimed (office-js issue 224:
 * rows misplaced, hidden rows shown with the wrong data). The fake's model of that: the array's rows go to
 * the visible rows, in order; the hidden rows keep what they had; rows left over are dropped.
 */
function writeAroundFilter(book: Book, s: SheetModel, rect: Rect, input: unknown[]): void {
  const rows = rect.r2 - rect.r1 + 1;
  const cols = rect.c2 - rect.c1 + 1;
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols))
    fail('InvalidArgument', SHAPE);
  const visible: number[] = [];
  for (let r = rect.r1; r <= rect.r2; r++) if (!s.filteredRows.has(r)) visible.push(r);
  visible.forEach((r, i) =>
    forCells(s, [{ r1: r, r2: r, c1: rect.c1, c2: rect.c2 }], (cell, _r, c) =>
      writeInput(book, cell, (input[i] as unknown[])[c - rect.c1]),
    ),
  );
}

/** Re-applies a table's filters: data rows whose value is not shown in a filtered column are hidden. */
function applyFilters(t: TableModel): void {
  const body = { r1: t.rect.r1 + 1, r2: t.rect.r2 - (t.showTotals ? 1 : 0) };
  for (let r = body.r1; r <= body.r2; r++) t.sheet.filteredRows.delete(r);
  for (let r = body.r1; r <= body.r2; r++)
    for (const [i, shown] of t.filters) {
      const v = cellAt(t.sheet, r, t.rect.c1 + i)?.v ?? '';
      if (!shown.has(String(v))) t.sheet.filteredRows.add(r);
    }
}

// ---------------------------------------------------------------------------------------------- context
interface Pending {
  op: string;
  target: FailTarget;
  payload: unknown;
  minApi: number;
  run: () => (() => void) | void;
}

class Host {
  stats = { syncs: 0, requestBytes: [] as number[], responseBytes: [] as number[], simulatedMs: 0 };
  readonly listSeparator: ',' | ';';
  readonly decimalSeparator: ',' | '.';
  /** Resolves when the person leaves cell edit mode; null while no cell is being edited. */
  editing: { done: Promise<void>; end: () => void } | null = null;
  readonly book: Book;
  readonly api: number;
  constructor(readonly opts: FakeExcelOptions) {
    this.api = apiNumber(opts.apiVersion ?? '1.12');
    this.listSeparator = opts.listSeparator ?? fakeDefaults.listSeparator;
    this.decimalSeparator = opts.decimalSeparator ?? (this.listSeparator === ';' ? ',' : '.');
    this.book = {
      sheets: [],
      tables: [],
      names: [],
      active: null,
      nextId: 1,
      nextTable: 1,
      nextChart: 1,
      calcSuspensions: 0,
      screenSuspensions: 0,
      tableRefs: new Set(),
    };
  }
}

function apiNumber(v: string): number {
  const m = /^1\.(\d+)$/.exec(v);
  if (!m) throw new Error(`fakeExcel: apiVersion must look like "1.8", got "${v}"`);
  return Number(m[1]);
}

type LoadSpec = string | string[] | { select?: string };
function parseLoad(spec?: LoadSpec): string[] | undefined {
  if (spec === undefined) return undefined;
  const raw = typeof spec === 'string' ? spec : Array.isArray(spec) ? spec.join(',') : (spec.select ?? '');
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

export class FakeRequestContext {
  private queue: Pending[] = [];
  /** Bytes of what the running sync's loads return (JSON of every loaded value). */
  _response = 0;
  readonly workbook: FakeWorkbook;
  constructor(
    readonly _host: Host,
    /** Excel.run's RunOptions.delayForCellEdit. */
    private readonly _delayForCellEdit = false,
  ) {
    this.workbook = new FakeWorkbook(this);
  }
  get _book(): Book {
    return this._host.book;
  }
  _pending(): number {
    return this.queue.length;
  }
  _enqueue(p: Pending): void {
    this.queue.push(p);
  }
  async sync(): Promise<void> {
    const h = this._host;
    // A batch that reaches Excel while the person is typing in a cell fails, unless the run asked to wait.
    if (h.editing) {
      if (!this._delayForCellEdit || h.opts.ignoresDelayForCellEdit) {
        h.stats.syncs++;
        h.stats.requestBytes.push(0);
        h.stats.responseBytes.push(0);
        this.queue = [];
        throw new FakeOfficeError('InvalidOperationInCellEditMode', CELL_EDIT);
      }
      while (h.editing) await h.editing.done;
    }
    const items = this.queue;
    this.queue = [];
    h.stats.syncs++;
    // JSON length of the array of [op, sheet, address, payload] commands.
    let bytes = 2 + Math.max(0, items.length - 1);
    for (const it of items)
      bytes += JSON.stringify([
        it.op,
        it.target.sheet ?? '',
        it.target.address ?? '',
        it.payload ?? null,
      ]).length;
    h.stats.requestBytes.push(bytes);
    h.stats.simulatedMs += h.opts.roundTripMs ?? 0;
    await Promise.resolve();
    const limit = h.opts.payloadLimitBytes ?? PAYLOAD_LIMIT_BYTES;
    if (bytes > limit) {
      h.stats.responseBytes.push(0);
      fail(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size has exceeded the limit (${bytes} bytes, limit ${limit}).`,
      );
    }
    this._response = 0;
    const commits: (() => void)[] = [];
    for (const it of items) {
      try {
        if (it.minApi > h.api)
          fail(
            'ApiNotFound',
            `The requested API ${it.op} is not supported (needs ExcelApi 1.${it.minApi}, host has 1.${h.api}).`,
          );
        if (h.opts.failOn?.(it.op, it.target))
          fail('GeneralException', `An internal error has occurred. (Injected failure in ${it.op}.)`);
        const commit = it.run();
        if (typeof commit === 'function') commits.push(commit);
      } catch (e) {
        if (e instanceof FakeOfficeError) throw new FakeOfficeError(e.code, e.message, it.op);
        throw e;
      }
    }
    h.stats.responseBytes.push(this._response);
    if (this._response > limit)
      fail(
        'ResponsePayloadSizeLimitExceeded',
        `The response payload size has exceeded the limit (${this._response} bytes, limit ${limit}). Please refer to the documentation.`,
      );
    for (const c of commits) c();
  }
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
}

// ---------------------------------------------------------------------------------------------- proxies
abstract class FakeObject {
  private readonly _local = new Map<string, unknown>();
  constructor(
    protected readonly _ctx: FakeRequestContext,
    protected readonly _type: string,
    protected readonly _target: FailTarget,
  ) {}
  get context(): FakeRequestContext {
    return this._ctx;
  }
  get isNullObject(): boolean {
    return this._read('isNullObject');
  }
  protected get _book(): Book {
    return this._ctx._book;
  }
  protected _read<T>(prop: string): T {
    if (!this._local.has(prop)) throw new FakeOfficeError('PropertyNotLoaded', NOT_LOADED(prop));
    return this._local.get(prop) as T;
  }
  _put(prop: string, v: unknown): void {
    this._local.set(prop, v);
  }
  protected _cmd(member: string, payload: unknown, run: () => void, minApi = 1): void {
    this._ctx._enqueue({
      op: `${this._type}.${member}`,
      target: this._target,
      payload,
      minApi,
      run: () => void run(),
    });
  }
  protected _set(prop: string, v: unknown, apply: (v: unknown) => void, minApi = 1): void {
    this._local.set(prop, v);
    this._cmd(
      prop,
      v,
      () => {
        if (v === null || v === undefined)
          fail('InvalidArgument', `The argument is invalid or missing (${prop} = null).`);
        apply(v);
      },
      minApi,
    );
  }
  protected _loadable(): string[] {
    return [];
  }
  protected _snapshot(prop: string): unknown {
    return fail('InvalidArgument', `fakeExcel: property '${prop}' of ${this._type} cannot be loaded`);
  }
  /** Queue an implicit load (null objects). */
  protected _autoLoad(props: string[], op: string): void {
    this._ctx._enqueue({
      op,
      target: this._target,
      payload: null,
      minApi: 4,
      run: () => {
        const vals = props.map((p) => [p, this._snapshot(p)] as const);
        return () => vals.forEach(([p, v]) => this._local.set(p, v));
      },
    });
  }
  /** The ExcelApi version that introduced this object, which loading it needs. */
  protected _loadApi(): number {
    return 1;
  }
  load(spec?: LoadSpec): this {
    const props = parseLoad(spec) ?? this._loadable();
    this._ctx._enqueue({
      op: `${this._type}.load`,
      target: this._target,
      payload: props,
      minApi: this._loadApi(),
      run: () => {
        const vals = props.map((p) => [p, this._snapshot(p)] as const);
        this._ctx._response += JSON.stringify(vals.map(([, v]) => v)).length;
        return () => vals.forEach(([p, v]) => this._local.set(p, v));
      },
    });
    return this;
  }
}

/** Collections: load('name') / load('items/name') / load('items') all load the items. */
abstract class FakeCollection<T extends FakeObject, M> extends FakeObject {
  protected abstract _models(): M[];
  protected abstract _wrap(m: M): T;
  get items(): T[] {
    return this._read('items');
  }
  get count(): number {
    return this._read('count');
  }
  override load(spec?: LoadSpec): this {
    const raw = parseLoad(spec) ?? ['items'];
    const itemProps = raw.filter((p) => p !== 'items' && p !== 'count').map((p) => p.replace(/^items\//, ''));
    this._ctx._enqueue({
      op: `${this._type}.load`,
      target: this._target,
      payload: raw,
      minApi: 1,
      run: () => {
        const wrapped = this._models().map((m) => this._wrap(m));
        const snaps = wrapped.map((w) => {
          const props = itemProps.length
            ? itemProps
            : (w as unknown as { _loadable(): string[] })._loadable();
          return props.map(
            (p) => [p, (w as unknown as { _snapshot(p: string): unknown })._snapshot(p)] as const,
          );
        });
        this._ctx._response += JSON.stringify(snaps.map((x) => x.map(([, v]) => v))).length;
        return () => {
          wrapped.forEach((w, i) => snaps[i].forEach(([p, v]) => w._put(p, v)));
          this._put('items', wrapped);
          this._put('count', wrapped.length);
        };
      },
    });
    return this;
  }
}

type SheetResolver = () => SheetModel | null;
function live(s: SheetModel | null, label: string): SheetModel {
  if (!s || s.deleted)
    return fail('ItemNotFound', `The requested resource doesn't exist (sheet "${label}").`);
  return s;
}
function editable(
  s: SheetModel,
  what: 'cells' | 'format' | 'columns' | 'rows' | 'structure',
  rects: Rect[] = [],
): void {
  if (!s.protection.protected) return;
  const o = s.protection.options ?? {};
  if (what === 'format' && o.allowFormatCells) return;
  if (what === 'columns' && o.allowFormatColumns) return;
  if (what === 'rows' && o.allowFormatRows) return;
  if (what === 'cells') {
    let locked = false;
    forCells(s, rects, (c) => (locked = locked || c.locked));
    if (!locked) return;
  }
  fail('AccessDenied', PROTECTED);
}

export class FakeWorkbook extends FakeObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly names: FakeNamedItemCollection;
  readonly application: FakeApplication;
  constructor(ctx: FakeRequestContext) {
    super(ctx, 'Workbook', {});
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx, null, '');
    this.names = new FakeNamedItemCollection(ctx);
    this.application = new FakeApplication(ctx);
  }
}

export class FakeApplication extends FakeObject {
  constructor(ctx: FakeRequestContext) {
    super(ctx, 'Application', {});
  }
  suspendApiCalculationUntilNextSync(): void {
    this._cmd('suspendApiCalculationUntilNextSync', null, () => void this._book.calcSuspensions++, 6);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._cmd('suspendScreenUpdatingUntilNextSync', null, () => void this._book.screenSuspensions++, 9);
  }
  get calculationMode(): string {
    return this._read('calculationMode');
  }
  /** The culture's number format: its decimal and group separators (ExcelApi 1.11). */
  get cultureInfo(): { numberFormat: FakeNumberFormatInfo } {
    this._culture ??= { numberFormat: new FakeNumberFormatInfo(this._ctx) };
    return this._culture;
  }
  private _culture?: { numberFormat: FakeNumberFormatInfo };
  protected override _loadable(): string[] {
    return ['calculationMode'];
  }
  protected override _snapshot(p: string): unknown {
    return p === 'calculationMode' ? 'Automatic' : super._snapshot(p);
  }
}

class FakeNumberFormatInfo extends FakeObject {
  constructor(ctx: FakeRequestContext) {
    super(ctx, 'NumberFormatInfo', {});
  }
  get numberDecimalSeparator(): string {
    return this._read('numberDecimalSeparator');
  }
  get numberGroupSeparator(): string {
    return this._read('numberGroupSeparator');
  }
  protected override _loadable(): string[] {
    return ['numberDecimalSeparator', 'numberGroupSeparator'];
  }
  protected override _snapshot(p: string): unknown {
    const dec = this._ctx._host.decimalSeparator;
    if (p === 'numberDecimalSeparator') return dec;
    if (p === 'numberGroupSeparator') return dec === ',' ? '.' : ',';
    return super._snapshot(p);
  }
  protected override _loadApi(): number {
    return 11;
  }
}

export class FakeWorksheetCollection extends FakeCollection<FakeWorksheet, SheetModel> {
  constructor(ctx: FakeRequestContext) {
    super(ctx, 'WorksheetCollection', {});
  }
  protected _models(): SheetModel[] {
    return this._book.sheets;
  }
  protected _wrap(m: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this._ctx, m.name, () => m);
  }
  add(name?: string): FakeWorksheet {
    let made: SheetModel | null = null;
    const label = name ?? '(new sheet)';
    this._ctx._enqueue({
      op: 'WorksheetCollection.add',
      target: { sheet: label },
      payload: name ?? null,
      minApi: 1,
      run: () => {
        const b = this._book;
        let n = name;
        for (let i = 1; n === undefined; i++)
          if (!b.sheets.some((s) => lc(s.name) === lc(`Sheet${i}`))) n = `Sheet${i}`;
        made = newSheet(b, checkSheetName(b, n));
      },
    });
    return new FakeWorksheet(this._ctx, label, () => made);
  }
  getItem(name: string): FakeWorksheet {
    let cached: SheetModel | null = null;
    return new FakeWorksheet(this._ctx, name, () => {
      cached ??= this._book.sheets.find((s) => !s.deleted && lc(s.name) === lc(name)) ?? null;
      return live(cached, name);
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    let cached: SheetModel | null | undefined;
    const ws = new FakeWorksheet(this._ctx, name, () => {
      if (cached === undefined)
        cached = this._book.sheets.find((s) => !s.deleted && lc(s.name) === lc(name)) ?? null;
      return cached;
    });
    (ws as unknown as { _autoLoad(p: string[], op: string): void })._autoLoad(
      ['isNullObject'],
      'WorksheetCollection.getItemOrNullObject',
    );
    return ws;
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this._ctx, '(active)', () => this._book.active);
  }
}

function newSheet(b: Book, name: string): SheetModel {
  const s: SheetModel = {
    id: b.nextId++,
    name,
    visibility: 'Visible',
    cells: new Map(),
    colWidths: new Map(),
    hiddenCols: new Set(),
    filteredRows: new Set(),
    merges: [],
    freeze: null,
    validations: [],
    cfs: [],
    charts: [],
    protection: { protected: false, options: null },
    page: { rowBreaks: [] },
    rowHeights: new Map(),
    names: [],
    deleted: false,
  };
  b.sheets.push(s);
  b.active ??= s;
  return s;
}

export class FakeWorksheet extends FakeObject {
  private _sub = new Map<string, unknown>();
  constructor(
    ctx: FakeRequestContext,
    private readonly _label: string,
    private readonly _resolve: SheetResolver,
  ) {
    super(ctx, 'Worksheet', { sheet: _label });
  }
  _sheet(): SheetModel {
    return live(this._resolve(), this._label);
  }
  private _once<T>(k: string, make: () => T): T {
    if (!this._sub.has(k)) this._sub.set(k, make());
    return this._sub.get(k) as T;
  }
  protected override _loadable(): string[] {
    return ['name', 'position', 'visibility', 'id', 'tabColor'];
  }
  protected override _snapshot(p: string): unknown {
    if (p === 'isNullObject') {
      const s = this._resolve();
      return !s || s.deleted;
    }
    const s = this._sheet();
    if (p === 'name') return s.name;
    if (p === 'position') return this._book.sheets.indexOf(s);
    if (p === 'visibility') return s.visibility;
    if (p === 'id') return `{sheet-${s.id}}`;
    if (p === 'tabColor') return '';
    return super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  set name(v: string) {
    this._set('name', v, (n) => {
      const s = this._sheet();
      const was = s.name;
      s.name = checkSheetName(this._book, n, s);
      // as Excel does: every formula, name and chart series that points at the sheet follows it
      retarget(this._book, sheetRef(was), `${quoteSheet(s.name)}!`);
    });
  }
  get position(): number {
    return this._read('position');
  }
  set position(v: number) {
    this._set('position', v, (x) => {
      const s = this._sheet();
      const list = this._book.sheets;
      const at = Number(x);
      if (!Number.isInteger(at) || at < 0 || at >= list.length)
        fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
      list.splice(list.indexOf(s), 1);
      list.splice(at, 0, s);
    });
  }
  get visibility(): string {
    return this._read('visibility');
  }
  set visibility(v: string) {
    this._set(
      'visibility',
      v,
      (x) => {
        const s = this._sheet();
        const vis = checkEnum(x, ['Visible', 'Hidden', 'VeryHidden'], 'visibility');
        if (
          vis !== 'Visible' &&
          !this._book.sheets.some((o) => o !== s && !o.deleted && o.visibility === 'Visible')
        )
          fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
        s.visibility = vis;
        if (vis !== 'Visible' && this._book.active === s)
          this._book.active = this._book.sheets.find((o) => !o.deleted && o.visibility === 'Visible') ?? null;
      },
      2,
    );
  }
  activate(): void {
    this._cmd('activate', null, () => {
      const s = this._sheet();
      if (s.visibility !== 'Visible') fail('InvalidOperation', 'A hidden sheet cannot be activated.');
      this._book.active = s;
    });
  }
  delete(): void {
    this._cmd('delete', null, () => {
      const b = this._book;
      const s = this._sheet();
      // by design in Excel (office-js issue 365): a very hidden sheet must be made hidden or visible first
      if (s.visibility === 'VeryHidden')
        fail('GeneralException', 'There was an internal error while processing the request.');
      if (
        s.visibility === 'Visible' &&
        !b.sheets.some((o) => o !== s && !o.deleted && o.visibility === 'Visible')
      )
        fail('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      s.deleted = true;
      b.sheets.splice(b.sheets.indexOf(s), 1);
      b.tables = b.tables.filter((t) => t.sheet !== s);
      retarget(b, sheetRef(s.name), '#REF!');
      if (b.active === s) b.active = b.sheets.find((o) => o.visibility === 'Visible') ?? null;
    });
  }
  getRange(address?: string): FakeRange {
    const addr = address ?? 'A1:XFD1048576';
    return new FakeRange(this._ctx, { sheet: this._label, address: addr }, () => {
      const s = this._sheet();
      return { sheet: s, rect: parseAddress(addr, s) };
    });
  }
  getRanges(address: string): FakeRangeAreas {
    return new FakeRangeAreas(this._ctx, { sheet: this._label, address }, () => {
      const s = this._sheet();
      const sep = this._ctx._host.listSeparator;
      return { sheet: s, rects: splitAreas(address, sep).map((a) => parseAddress(a, s)) };
    });
  }
  private _used(): Rect | null {
    return usedRect(this._sheet());
  }
  getUsedRange(): FakeRange {
    return new FakeRange(this._ctx, { sheet: this._label, address: '(used)' }, () => ({
      sheet: this._sheet(),
      rect: this._used() ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
    }));
  }
  getUsedRangeOrNullObject(): FakeRange {
    const r = new FakeRange(this._ctx, { sheet: this._label, address: '(used)' }, () => {
      const rect = this._used();
      return rect ? { sheet: this._sheet(), rect } : null;
    });
    (r as unknown as { _autoLoad(p: string[], op: string): void })._autoLoad(
      ['isNullObject'],
      'Worksheet.getUsedRangeOrNullObject',
    );
    return r;
  }
  get freezePanes(): FakeFreezePanes {
    return this._once('fp', () => new FakeFreezePanes(this._ctx, this._target, () => this._sheet()));
  }
  get protection(): FakeWorksheetProtection {
    return this._once(
      'prot',
      () => new FakeWorksheetProtection(this._ctx, this._target, () => this._sheet()),
    );
  }
  get pageLayout(): FakePageLayout {
    return this._once('page', () => new FakePageLayout(this._ctx, this._target, () => this._sheet()));
  }
  get horizontalPageBreaks(): FakePageBreakCollection {
    return this._once(
      'hbreaks',
      () => new FakePageBreakCollection(this._ctx, this._target, () => this._sheet()),
    );
  }
  get tables(): FakeTableCollection {
    return this._once('tables', () => new FakeTableCollection(this._ctx, () => this._sheet(), this._label));
  }
  get charts(): FakeChartCollection {
    return this._once('charts', () => new FakeChartCollection(this._ctx, this._target, () => this._sheet()));
  }
  /** The sheet's own defined names (sheet-level scope). */
  get names(): FakeNamedItemCollection {
    return this._once('names', () => new FakeNamedItemCollection(this._ctx, () => this._sheet()));
  }
}

type RangeLoc = { sheet: SheetModel; rect: Rect };
export class FakeRange extends FakeObject {
  private _fmt?: FakeRangeFormat;
  private _dv?: FakeDataValidation;
  private _cf?: FakeConditionalFormatCollection;
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _resolve: () => RangeLoc | null,
  ) {
    super(ctx, 'Range', target);
  }
  _loc(): RangeLoc {
    const l = this._resolve();
    if (!l) return fail('ItemNotFound', "The requested resource doesn't exist (range).");
    if (l.sheet.deleted) fail('ItemNotFound', "The requested resource doesn't exist (sheet deleted).");
    return l;
  }
  protected override _loadable(): string[] {
    return [
      'address',
      'values',
      'formulas',
      'numberFormat',
      'rowCount',
      'columnCount',
      'rowIndex',
      'columnIndex',
      'columnHidden',
    ];
  }
  protected override _snapshot(p: string): unknown {
    if (p === 'isNullObject') return this._resolve() === null;
    // Office.js: loading a null object's properties succeeds; they read as null.
    if (this._resolve() === null) return null;
    const { sheet, rect } = this._loc();
    const grid = (fn: (c: CellModel | undefined) => unknown): unknown[][] => {
      if (area(rect) > MAX_RANGE_CELLS)
        fail('RangeExceedsLimit', `The range has more than ${MAX_RANGE_CELLS} cells (${area(rect)}).`);
      if (area(rect) > 2_000_000) throw new Error('fakeExcel: range too large to load');
      const out: unknown[][] = [];
      for (let r = rect.r1; r <= rect.r2; r++) {
        const row: unknown[] = [];
        for (let c = rect.c1; c <= rect.c2; c++) row.push(fn(cellAt(sheet, r, c)));
        out.push(row);
      }
      return out;
    };
    switch (p) {
      case 'address':
        return fullAddress(sheet, rect);
      case 'values':
        return grid((c) => (c ? c.v : ''));
      case 'formulas':
        return grid((c) => (c ? (c.f ?? c.v) : ''));
      case 'numberFormat':
        return grid((c) => c?.nf ?? 'General');
      case 'rowCount':
        return rect.r2 - rect.r1 + 1;
      case 'columnCount':
        return rect.c2 - rect.c1 + 1;
      case 'rowIndex':
        return rect.r1;
      case 'columnIndex':
        return rect.c1;
      case 'columnHidden': {
        // Office.js: true when every column is hidden, false when none, null when mixed
        const n = Array.from({ length: rect.c2 - rect.c1 + 1 }, (_, i) => sheet.hiddenCols.has(rect.c1 + i));
        return n.every(Boolean) ? true : n.some(Boolean) ? null : false;
      }
    }
    return super._snapshot(p);
  }
  get address(): string {
    return this._read('address');
  }
  get rowCount(): number {
    return this._read('rowCount');
  }
  get columnCount(): number {
    return this._read('columnCount');
  }
  get rowIndex(): number {
    return this._read('rowIndex');
  }
  get columnIndex(): number {
    return this._read('columnIndex');
  }
  get values(): Scalar[][] {
    return this._read('values');
  }
  set values(v: Scalar[][]) {
    this._setCells('values', v);
  }
  get formulas(): Scalar[][] {
    return this._read('formulas');
  }
  set formulas(v: Scalar[][]) {
    this._setCells('formulas', v);
  }
  private _setCells(prop: string, v: unknown): void {
    this._set(prop, v, (x) => {
      const { sheet, rect } = this._loc();
      editable(sheet, 'cells', [rect]);
      const inTable = this._book.tables.filter((t) => t.sheet === sheet && overlaps(t.rect, rect));
      const filtered = rowsHiddenByFilter(sheet, rect);
      if (filtered.length && rect.r2 > rect.r1 && Array.isArray(x))
        writeAroundFilter(this._book, sheet, rect, x);
      else assign2d(sheet, rect, x, (cell, input) => writeInput(this._book, cell, input));
      for (const t of inTable) normaliseHeaders(t);
    });
  }
  get numberFormat(): string[][] {
    return this._read('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this._set('numberFormat', v, (x) => {
      const { sheet, rect } = this._loc();
      editable(sheet, 'format');
      assign2d(sheet, rect, x, (cell, f) => {
        if (f === null || f === undefined) return;
        if (typeof f !== 'string') fail('InvalidArgument', `Bad number format ${JSON.stringify(f)}.`);
        cell.nf = f === '' ? undefined : (f as string);
      });
    });
  }
  /** Hides or shows the whole columns of the range (ExcelApi 1.2). */
  set columnHidden(v: boolean) {
    this._set(
      'columnHidden',
      v,
      (x) => {
        if (typeof x !== 'boolean') fail('InvalidArgument', `Bad columnHidden ${String(x)}.`);
        const { sheet, rect } = this._loc();
        editable(sheet, 'columns');
        for (let c = rect.c1; c <= rect.c2; c++) {
          if (x) sheet.hiddenCols.add(c);
          else sheet.hiddenCols.delete(c);
        }
      },
      2,
    );
  }
  get columnHidden(): boolean {
    return this._read('columnHidden');
  }
  get format(): FakeRangeFormat {
    this._fmt ??= new FakeRangeFormat(this._ctx, this._target, () => {
      const l = this._loc();
      return { sheet: l.sheet, rects: [l.rect] };
    });
    return this._fmt;
  }
  get dataValidation(): FakeDataValidation {
    this._dv ??= new FakeDataValidation(this._ctx, this._target, () => this._loc());
    return this._dv;
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    this._cf ??= new FakeConditionalFormatCollection(this._ctx, this._target, () => this._loc());
    return this._cf;
  }
  /** The cells this range shares with another on the same sheet; a null object when none (ExcelApi 1.4). */
  getIntersectionOrNullObject(other: FakeRange | string): FakeRange {
    const r = new FakeRange(this._ctx, this._target, () => {
      const a = this._loc();
      const b =
        typeof other === 'string' ? { sheet: a.sheet, rect: parseAddress(other, a.sheet) } : other._loc();
      if (a.sheet !== b.sheet) return fail('InvalidArgument', 'The ranges are on different sheets.');
      if (!overlaps(a.rect, b.rect)) return null;
      return {
        sheet: a.sheet,
        rect: {
          r1: Math.max(a.rect.r1, b.rect.r1),
          c1: Math.max(a.rect.c1, b.rect.c1),
          r2: Math.min(a.rect.r2, b.rect.r2),
          c2: Math.min(a.rect.c2, b.rect.c2),
        },
      };
    });
    (r as unknown as { _autoLoad(p: string[], op: string): void })._autoLoad(
      ['isNullObject'],
      'Range.getIntersectionOrNullObject',
    );
    return r;
  }
  getCell(row: number, col: number): FakeRange {
    return new FakeRange(this._ctx, this._target, () => {
      const { sheet, rect } = this._loc();
      return { sheet, rect: { r1: rect.r1 + row, c1: rect.c1 + col, r2: rect.r1 + row, c2: rect.c1 + col } };
    });
  }
  merge(across = false): void {
    this._cmd(
      'merge',
      across,
      () => {
        const { sheet, rect } = this._loc();
        editable(sheet, 'structure');
        if (this._book.tables.some((t) => t.sheet === sheet && overlaps(t.rect, rect)))
          fail('InvalidOperation', "This operation can't be performed on a range that overlaps a table.");
        const parts: Rect[] = across
          ? Array.from({ length: rect.r2 - rect.r1 + 1 }, (_, i) => ({
              ...rect,
              r1: rect.r1 + i,
              r2: rect.r1 + i,
            }))
          : [rect];
        for (const p of parts) {
          if (area(p) < 2) continue;
          sheet.merges = sheet.merges.filter((m) => !overlaps(m, p));
          forCells(sheet, [p], (c, r, col) => {
            if (r !== p.r1 || col !== p.c1) {
              c.v = '';
              delete c.f;
            }
          });
          sheet.merges.push(p);
        }
      },
      2,
    );
  }
}

export class FakeRangeAreas extends FakeObject {
  private _fmt?: FakeRangeFormat;
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _resolve: () => { sheet: SheetModel; rects: Rect[] },
  ) {
    super(ctx, 'RangeAreas', target);
  }
  _areas(): { sheet: SheetModel; rects: Rect[] } {
    return this._resolve();
  }
  get format(): FakeRangeFormat {
    this._fmt ??= new FakeRangeFormat(this._ctx, this._target, this._resolve, 9);
    return this._fmt;
  }
}

type AreasLoc = () => { sheet: SheetModel; rects: Rect[] };
const H_ALIGN = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];
const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'];

export class FakeRangeFormat extends FakeObject {
  readonly fill: FakeStyleSetter;
  readonly font: FakeStyleSetter;
  readonly borders: { getItem(index: string): FakeStyleSetter };
  readonly protection: FakeStyleSetter;
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _loc: AreasLoc,
    private readonly _minApi = 1,
  ) {
    super(ctx, 'RangeFormat', target);
    const each = (_what: 'format', fn: (c: CellModel, v: unknown) => void) => (v: unknown) => {
      const { sheet, rects } = this._loc();
      editable(sheet, 'format');
      forCells(sheet, rects, (c) => fn(c, v));
    };
    this.fill = new FakeStyleSetter(ctx, 'RangeFill', target, _minApi, {
      color: each('format', (c, v) => (c.fill = checkColor(v) || undefined)),
    });
    this.font = new FakeStyleSetter(ctx, 'RangeFont', target, _minApi, {
      bold: each('format', (c, v) => (c.font.bold = Boolean(v))),
      italic: each('format', (c, v) => (c.font.italic = Boolean(v))),
      color: each('format', (c, v) => (c.font.color = checkColor(v) || undefined)),
      size: each('format', (c, v) => (c.font.size = Number(v))),
      name: each('format', (c, v) => (c.font.name = String(v))),
    });
    this.protection = new FakeStyleSetter(ctx, 'FormatProtection', target, Math.max(2, _minApi), {
      locked: (v) => {
        const { sheet, rects } = this._loc();
        if (sheet.protection.protected) fail('AccessDenied', PROTECTED);
        forCells(sheet, rects, (c) => (c.locked = Boolean(v)));
      },
    });
    this.borders = {
      getItem: (index: string): FakeStyleSetter => {
        const edge = (v: unknown, prop: keyof Border): void => {
          checkEnum(
            index,
            [
              'EdgeTop',
              'EdgeBottom',
              'EdgeLeft',
              'EdgeRight',
              'InsideVertical',
              'InsideHorizontal',
              'DiagonalDown',
              'DiagonalUp',
            ],
            'border index',
          );
          if (prop === 'style')
            checkEnum(
              v,
              ['Continuous', 'Dash', 'DashDot', 'DashDotDot', 'Dot', 'Double', 'None', 'SlantDashDot'],
              'border style',
            );
          if (prop === 'weight') checkEnum(v, ['Hairline', 'Thin', 'Medium', 'Thick'], 'border weight');
          if (prop === 'color') checkColor(v);
          const { sheet, rects } = this._loc();
          editable(sheet, 'format');
          for (const rect of rects)
            forCells(sheet, [rect], (c, r, col) => {
              const sides: (keyof CellModel['borders'])[] = [];
              if (index === 'EdgeTop' && r === rect.r1) sides.push('top');
              if (index === 'EdgeBottom' && r === rect.r2) sides.push('bottom');
              if (index === 'EdgeLeft' && col === rect.c1) sides.push('left');
              if (index === 'EdgeRight' && col === rect.c2) sides.push('right');
              if (index === 'InsideHorizontal') {
                if (r > rect.r1) sides.push('top');
                if (r < rect.r2) sides.push('bottom');
              }
              if (index === 'InsideVertical') {
                if (col > rect.c1) sides.push('left');
                if (col < rect.c2) sides.push('right');
              }
              for (const side of sides) {
                const b = (c.borders[side] ??= { style: 'None' });
                (b as unknown as Record<string, unknown>)[prop] = v;
              }
            });
        };
        return new FakeStyleSetter(ctx, 'RangeBorder', target, _minApi, {
          style: (v) => edge(v, 'style'),
          weight: (v) => edge(v, 'weight'),
          color: (v) => edge(v, 'color'),
        });
      },
    };
  }
  private _prop(prop: string, v: unknown, fn: (c: CellModel, v: unknown) => void, minApi = 1): void {
    this._set(
      prop,
      v,
      (x) => {
        const { sheet, rects } = this._loc();
        editable(sheet, 'format');
        forCells(sheet, rects, (c) => fn(c, x));
      },
      Math.max(minApi, this._minApi),
    );
  }
  set horizontalAlignment(v: string) {
    this._prop('horizontalAlignment', v, (c, x) => (c.h = checkEnum(x, H_ALIGN, 'horizontalAlignment')));
  }
  get horizontalAlignment(): string {
    return this._read('horizontalAlignment');
  }
  set verticalAlignment(v: string) {
    this._prop('verticalAlignment', v, (c, x) => (c.va = checkEnum(x, V_ALIGN, 'verticalAlignment')));
  }
  get verticalAlignment(): string {
    return this._read('verticalAlignment');
  }
  set wrapText(v: boolean) {
    this._prop('wrapText', v, (c, x) => (c.wrap = Boolean(x)));
  }
  get wrapText(): boolean {
    return this._read('wrapText');
  }
  set columnWidth(v: number) {
    this._set(
      'columnWidth',
      v,
      (x) => {
        if (typeof x !== 'number' || !(x >= 0) || x > 1800)
          fail('InvalidArgument', `Bad column width ${String(x)}.`);
        const { sheet, rects } = this._loc();
        editable(sheet, 'columns');
        for (const r of rects) for (let c = r.c1; c <= r.c2; c++) sheet.colWidths.set(c, x as number);
      },
      Math.max(2, this._minApi),
    );
  }
  get columnWidth(): number {
    return this._read('columnWidth');
  }
  /** Sets the height of every row of the range, in points (ExcelApi 1.2; 0 to 409, as Excel allows). */
  set rowHeight(v: number) {
    this._set(
      'rowHeight',
      v,
      (x) => {
        if (typeof x !== 'number' || !(x >= 0) || x > MAX_ROW_HEIGHT)
          fail('InvalidArgument', `Bad row height ${String(x)}.`);
        const { sheet, rects } = this._loc();
        editable(sheet, 'rows');
        for (const r of rects)
          for (let row = r.r1; row <= r.r2; row++) sheet.rowHeights.set(row, x as number);
      },
      Math.max(2, this._minApi),
    );
  }
  /** The rows' height when they all have the same, else null (as Office.js reports a mixed range). */
  get rowHeight(): number {
    return this._read('rowHeight');
  }
  protected override _loadable(): string[] {
    return ['rowHeight'];
  }
  protected override _snapshot(p: string): unknown {
    if (p !== 'rowHeight') return super._snapshot(p);
    const { sheet, rects } = this._loc();
    const heights = new Set<number>();
    for (const r of rects)
      for (let row = r.r1; row <= Math.min(r.r2, r.r1 + 100_000); row++)
        heights.add(sheet.rowHeights.get(row) ?? DEFAULT_ROW_HEIGHT);
    return heights.size === 1 ? [...heights][0] : null;
  }
  /** Fits the height of the range's rows to their cells, as Excel does: see fittedHeights (ExcelApi 1.2). */
  autofitRows(): void {
    this._cmd(
      'autofitRows',
      null,
      () => {
        const { sheet, rects } = this._loc();
        editable(sheet, 'rows');
        for (const r of rects)
          for (const [row, h] of fittedHeights(sheet, r.r1, r.r2)) sheet.rowHeights.set(row, h);
      },
      Math.max(2, this._minApi),
    );
  }
}

/**
 * The heights Excel's autofit gives rows r1..r2, in points: each row as tall as its tallest cell, a
 * wrapped text the lines it wraps into at its column's width, anything else one line of its font (both
 * estimated as src/workbook/textFit.ts estimates them; formula results, which the fake does not
 * compute, count as one line). Merged cells are left out, as Excel's autofit leaves them out: a row
 * whose only text is in a merged cell gets one line.
 */
function fittedHeights(s: SheetModel, r1: number, r2: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let r = r1; r <= Math.min(r2, r1 + MAX_RANGE_CELLS); r++) out.set(r, DEFAULT_ROW_HEIGHT);
  const merged = (c: CellModel) =>
    s.merges.some((m) => c.r >= m.r1 && c.r <= m.r2 && c.c >= m.c1 && c.c <= m.c2);
  for (const c of s.cells.values()) {
    if (c.r < r1 || c.r > r2 || isEmpty(c) || s.hiddenCols.has(c.c) || merged(c)) continue;
    const size = c.font.size ?? 11;
    const width = (s.colWidths.get(c.c) ?? DEFAULT_COLUMN_POINTS) / POINTS_PER_WIDTH;
    const lines =
      c.wrap && typeof c.v === 'string' && c.f === undefined
        ? wrappedLines(c.v, width, { bold: c.font.bold, size })
        : 1;
    out.set(c.r, Math.max(out.get(c.r)!, linesHeight(lines, size)));
  }
  return out;
}

/** A proxy whose settable properties are given as apply functions. */
export class FakeStyleSetter extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    type: string,
    target: FailTarget,
    minApi: number,
    appliers: Record<string, (v: unknown) => void>,
  ) {
    super(ctx, type, target);
    for (const [prop, apply] of Object.entries(appliers))
      Object.defineProperty(this, prop, {
        get: () => this._read(prop),
        set: (v: unknown) => this._set(prop, v, apply, minApi),
        enumerable: true,
      });
  }
}

export class FakeDataValidation extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _loc: () => RangeLoc,
  ) {
    super(ctx, 'DataValidation', target);
  }
  private _entry(): ValidationModel {
    const { sheet, rect } = this._loc();
    editable(sheet, 'structure');
    let e = sheet.validations.find((v) => rectA1(v.rect) === rectA1(rect));
    if (!e) {
      e = { rect, ignoreBlanks: true };
      sheet.validations.push(e);
    }
    return e;
  }
  set rule(v: Excel.DataValidationRule) {
    this._set('rule', v, (x) => (this._entry().rule = checkRule(x)), 8);
  }
  get rule(): Excel.DataValidationRule {
    return this._read('rule');
  }
  set prompt(v: Excel.DataValidationPrompt) {
    this._set(
      'prompt',
      v,
      (x) => {
        const p = x as Excel.DataValidationPrompt;
        if ((p.title ?? '').length > 32 || (p.message ?? '').length > 255)
          fail('InvalidArgument', 'Prompt title or message too long.');
        this._entry().prompt = { ...p };
      },
      8,
    );
  }
  set errorAlert(v: Excel.DataValidationErrorAlert) {
    this._set(
      'errorAlert',
      v,
      (x) => {
        const a = x as Excel.DataValidationErrorAlert;
        checkEnum(a.style ?? 'Stop', ['Stop', 'Warning', 'Information'], 'alert style');
        if ((a.title ?? '').length > 32 || (a.message ?? '').length > 225)
          fail('InvalidArgument', 'Error title or message too long.');
        this._entry().errorAlert = { ...(x as object) };
      },
      8,
    );
  }
  set ignoreBlanks(v: boolean) {
    this._set('ignoreBlanks', v, (x) => (this._entry().ignoreBlanks = Boolean(x)), 8);
  }
  clear(): void {
    this._cmd(
      'clear',
      null,
      () => {
        const { sheet, rect } = this._loc();
        sheet.validations = sheet.validations.filter((v) => !overlaps(v.rect, rect));
      },
      8,
    );
  }
}

const DV_OPS = [
  'Between',
  'NotBetween',
  'EqualTo',
  'NotEqualTo',
  'GreaterThan',
  'LessThan',
  'GreaterThanOrEqualTo',
  'LessThanOrEqualTo',
];
function checkRule(x: unknown): Record<string, unknown> {
  const rule = x as Record<string, Record<string, unknown> | undefined>;
  const kinds = Object.keys(rule).filter((k) => rule[k] !== undefined);
  if (kinds.length !== 1) fail('InvalidArgument', 'A data validation rule must have exactly one type.');
  const k = kinds[0];
  const body = rule[k]!;
  if (k === 'list') {
    if (typeof body.source !== 'string' || body.source === '')
      fail('InvalidArgument', 'List source missing.');
    const src = body.source as string;
    if (!src.startsWith('=') && src.length > 255)
      fail('InvalidArgument', 'The list source is longer than 255 characters.');
  } else if (['decimal', 'wholeNumber', 'date', 'time', 'textLength'].includes(k)) {
    checkEnum(body.operator, DV_OPS, 'operator');
    if (body.formula1 === undefined || body.formula1 === '') fail('InvalidArgument', 'formula1 missing.');
    if (
      (body.operator === 'Between' || body.operator === 'NotBetween') &&
      (body.formula2 === undefined || body.formula2 === '')
    )
      fail('InvalidArgument', 'formula2 missing for Between.');
    if (k === 'date')
      for (const f of [body.formula1, body.formula2])
        if (typeof f === 'string' && !f.startsWith('=') && Number.isNaN(Date.parse(f)))
          fail('InvalidArgument', `Bad date ${f}.`);
  } else if (k === 'custom') {
    // The rule's formula is one formula: "=ISNUMBER(A1)"; "==ISNUMBER(A1)" is not a formula Excel takes.
    const f = body.formula;
    if (typeof f !== 'string' || !f.startsWith('=') || f.startsWith('=='))
      fail('InvalidArgument', `There's a problem with this formula: ${String(f)}`);
  } else fail('InvalidArgument', `Unknown rule type ${k}.`);
  return JSON.parse(JSON.stringify(rule)) as Record<string, unknown>;
}

const CF_TYPES = [
  'Custom',
  'DataBar',
  'ColorScale',
  'IconSet',
  'TopBottom',
  'PresetCriteria',
  'ContainsText',
  'CellValue',
];
const CF_OPS = [
  'Between',
  'NotBetween',
  'EqualTo',
  'NotEqualTo',
  'GreaterThan',
  'LessThan',
  'GreaterThanOrEqual',
  'LessThanOrEqual',
];

export class FakeConditionalFormatCollection extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _loc: () => RangeLoc,
  ) {
    super(ctx, 'ConditionalFormatCollection', target);
  }
  add(type: string): FakeConditionalFormat {
    let made: CfModel | null = null;
    this._cmd(
      'add',
      type,
      () => {
        const { sheet, rect } = this._loc();
        editable(sheet, 'structure');
        made = { type: checkEnum(type, CF_TYPES, 'conditional format type'), rect, format: {} };
        sheet.cfs.push(made);
      },
      6,
    );
    return new FakeConditionalFormat(
      this._ctx,
      this._target,
      () => made ?? fail('ItemNotFound', 'Conditional format not created.'),
    );
  }
}

export class FakeConditionalFormat extends FakeObject {
  readonly cellValue: {
    format: { fill: FakeStyleSetter; font: FakeStyleSetter };
    rule: Excel.ConditionalCellValueRule;
  };
  readonly custom: { format: { fill: FakeStyleSetter; font: FakeStyleSetter }; rule: FakeStyleSetter };
  readonly colorScale: { criteria: Excel.ConditionalColorScaleCriteria };
  constructor(ctx: FakeRequestContext, target: FailTarget, m: () => CfModel) {
    super(ctx, 'ConditionalFormat', target);
    const of = (type: string): CfModel => {
      const cf = m();
      if (cf.type !== type)
        fail('InvalidOperation', `This conditional format is of type ${cf.type}, not ${type}.`);
      return cf;
    };
    const format = (type: string) => ({
      fill: new FakeStyleSetter(ctx, 'ConditionalRangeFill', target, 6, {
        color: (v) => (of(type).format.fill = checkColor(v)),
      }),
      font: new FakeStyleSetter(ctx, 'ConditionalRangeFont', target, 6, {
        color: (v) => (of(type).format.fontColor = checkColor(v)),
        bold: (v) => (of(type).format.bold = Boolean(v)),
        italic: (v) => (of(type).format.italic = Boolean(v)),
      }),
    });
    const cvFormat = format('CellValue');
    const cellValueRule = new FakeStyleSetter(ctx, 'ConditionalCellValueFormat', target, 6, {
      rule: (v) => {
        const r = v as Excel.ConditionalCellValueRule;
        checkEnum(r.operator, CF_OPS, 'operator');
        if (!r.formula1) fail('InvalidArgument', 'formula1 missing.');
        if ((r.operator === 'Between' || r.operator === 'NotBetween') && !r.formula2)
          fail('InvalidArgument', 'formula2 missing.');
        of('CellValue').rule = { ...r };
      },
    });
    this.cellValue = {
      format: cvFormat,
      get rule(): Excel.ConditionalCellValueRule {
        return (cellValueRule as unknown as { rule: Excel.ConditionalCellValueRule }).rule;
      },
      set rule(v: Excel.ConditionalCellValueRule) {
        (cellValueRule as unknown as { rule: Excel.ConditionalCellValueRule }).rule = v;
      },
    };
    this.custom = {
      format: format('Custom'),
      rule: new FakeStyleSetter(ctx, 'ConditionalFormatRule', target, 6, {
        formula: (v) => {
          if (typeof v !== 'string' || !v.startsWith('='))
            fail('InvalidArgument', `Bad custom formula ${JSON.stringify(v)}.`);
          checkFormula(this._book, v as string);
          of('Custom').formula = v as string;
        },
      }),
    };
    const csSetter = new FakeStyleSetter(ctx, 'ConditionalColorScaleFormat', target, 6, {
      criteria: (v) => {
        const c = v as Excel.ConditionalColorScaleCriteria;
        const types = ['LowestValue', 'HighestValue', 'Number', 'Percent', 'Formula', 'Percentile'];
        for (const crit of [c.minimum, c.maximum, c.midpoint].filter(Boolean)) {
          checkEnum(crit!.type, types, 'criterion type');
          if (crit!.color !== undefined) checkColor(crit!.color);
        }
        if (!c.minimum || !c.maximum) fail('InvalidArgument', 'Color scale needs minimum and maximum.');
        of('ColorScale').criteria = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
      },
    });
    this.colorScale = {
      get criteria(): Excel.ConditionalColorScaleCriteria {
        return (csSetter as unknown as { criteria: Excel.ConditionalColorScaleCriteria }).criteria;
      },
      set criteria(v: Excel.ConditionalColorScaleCriteria) {
        (csSetter as unknown as { criteria: Excel.ConditionalColorScaleCriteria }).criteria = v;
      },
    };
  }
}

export class FakeFreezePanes extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => SheetModel,
  ) {
    super(ctx, 'WorksheetFreezePanes', target);
  }
  freezeRows(count = 1): void {
    this._cmd('freezeRows', count, () => (this._s().freeze = { rows: count, cols: 0 }), 7);
  }
  freezeColumns(count = 1): void {
    this._cmd('freezeColumns', count, () => (this._s().freeze = { rows: 0, cols: count }), 7);
  }
  freezeAt(frozen: string | FakeRange): void {
    this._cmd(
      'freezeAt',
      typeof frozen === 'string' ? frozen : '(range)',
      () => {
        const s = this._s();
        const rect = typeof frozen === 'string' ? parseAddress(frozen, s) : frozen._loc().rect;
        s.freeze = { rows: rect.r2 + 1, cols: rect.c2 + 1 };
      },
      7,
    );
  }
  unfreeze(): void {
    this._cmd('unfreeze', null, () => (this._s().freeze = null), 7);
  }
}

export class FakeWorksheetProtection extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => SheetModel,
  ) {
    super(ctx, 'WorksheetProtection', target);
  }
  protected override _loadable(): string[] {
    return ['protected', 'options'];
  }
  protected override _snapshot(p: string): unknown {
    if (p === 'protected') return this._s().protection.protected;
    if (p === 'options') return { ...(this._s().protection.options ?? {}) };
    return super._snapshot(p);
  }
  get protected(): boolean {
    return this._read('protected');
  }
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    this._cmd(
      'protect',
      { options: options ?? null, password: password ? '***' : null },
      () => {
        const s = this._s();
        if (s.protection.protected) fail('InvalidOperation', 'The worksheet is already protected.');
        s.protection = { protected: true, options: { ...(options ?? {}) } };
      },
      2,
    );
  }
  unprotect(): void {
    this._cmd('unprotect', null, () => (this._s().protection = { protected: false, options: null }), 2);
  }
}

export class FakePageLayout extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => SheetModel,
  ) {
    super(ctx, 'PageLayout', target);
    // margins, in points (ExcelApi 1.9)
    for (const m of MARGINS)
      Object.defineProperty(this, m, {
        get: () => this._read(m),
        set: (v: unknown) =>
          this._set(
            m,
            v,
            (x) => {
              if (typeof x !== 'number' || !(x >= 0) || x > MAX_MARGIN)
                fail('InvalidArgument', `Bad ${m} ${String(x)} (points, 0 to ${MAX_MARGIN}).`);
              this._s().page[m] = x as number;
            },
            9,
          ),
        enumerable: true,
      });
  }
  set orientation(v: string) {
    this._set(
      'orientation',
      v,
      (x) => (this._s().page.orientation = checkEnum(x, ['Portrait', 'Landscape'], 'orientation')),
      9,
    );
  }
  set paperSize(v: string) {
    this._set(
      'paperSize',
      v,
      (x) =>
        (this._s().page.paperSize = checkEnum(x, ['Letter', 'Legal', 'A4', 'A3', 'Tabloid'], 'paper size')),
      9,
    );
  }
  set zoom(v: Excel.PageLayoutZoomOptions) {
    this._set(
      'zoom',
      v,
      (x) => {
        const z = x as Excel.PageLayoutZoomOptions;
        for (const n of [z.horizontalFitToPages, z.verticalFitToPages])
          if (n !== undefined && !(Number.isInteger(n) && n >= 0))
            fail('InvalidArgument', 'Bad fit-to-pages value.');
        if (
          z.scale !== undefined &&
          (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)
        )
          fail('InvalidArgument', 'Zoom scale and fit-to-pages are exclusive.');
        this._s().page.zoom = { ...z };
      },
      9,
    );
  }
  /**
   * The print area: a range, the areas of a RangeAreas, or an address. An address of several areas is
   * read with the locale's list separator, as getRanges reads it (office-js issues 1167, 1985).
   */
  setPrintArea(area: string | FakeRange | FakeRangeAreas): void {
    this._cmd(
      'setPrintArea',
      typeof area === 'string' ? area : '(range)',
      () => {
        const s = this._s();
        const rects =
          typeof area === 'string'
            ? splitAreas(area, this._ctx._host.listSeparator).map((a) => parseAddress(a, s))
            : area instanceof FakeRange
              ? [area._loc().rect]
              : area._areas().rects;
        s.page.printArea = rects.map(rectA1);
      },
      9,
    );
  }
  setPrintTitleRows(rows: string | FakeRange): void {
    this._titles('setPrintTitleRows', rows, (rect, page) => {
      if (rect.c1 !== 0 || rect.c2 !== MAX_COLS - 1)
        fail('InvalidArgument', 'Print title rows must be whole rows.');
      page.printTitleRows = `$${rect.r1 + 1}:$${rect.r2 + 1}`;
    });
  }
  setPrintTitleColumns(columns: string | FakeRange): void {
    this._titles('setPrintTitleColumns', columns, (rect, page) => {
      if (rect.r1 !== 0 || rect.r2 !== MAX_ROWS - 1)
        fail('InvalidArgument', 'Print title columns must be whole columns.');
      page.printTitleColumns = `$${colName(rect.c1)}:$${colName(rect.c2)}`;
    });
  }
  private _titles(
    member: string,
    lines: string | FakeRange,
    set: (rect: Rect, page: PageModel) => void,
  ): void {
    this._cmd(
      member,
      typeof lines === 'string' ? lines : '(range)',
      () => {
        const s = this._s();
        set(typeof lines === 'string' ? parseAddress(lines, s) : lines._loc().rect, s.page);
      },
      9,
    );
  }
}

const MARGINS = [
  'topMargin',
  'bottomMargin',
  'leftMargin',
  'rightMargin',
  'headerMargin',
  'footerMargin',
] as const;
/** The widest margin the fake takes, in points (half of the smallest side of letter paper). */
const MAX_MARGIN = 306;

/** Worksheet.horizontalPageBreaks: manual breaks, each before the top row of the range given (ExcelApi 1.9). */
export class FakePageBreakCollection extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => SheetModel,
  ) {
    super(ctx, 'PageBreakCollection', target);
  }
  add(pageBreakRange: string | FakeRange): void {
    this._cmd(
      'add',
      typeof pageBreakRange === 'string' ? pageBreakRange : '(range)',
      () => {
        const s = this._s();
        const rect =
          typeof pageBreakRange === 'string' ? parseAddress(pageBreakRange, s) : pageBreakRange._loc().rect;
        if (rect.r1 === 0) fail('InvalidArgument', 'A page break cannot be above the first row.');
        if (!s.page.rowBreaks.includes(rect.r1)) s.page.rowBreaks.push(rect.r1);
        s.page.rowBreaks.sort((a, b) => a - b);
      },
      9,
    );
  }
  removePageBreaks(): void {
    this._cmd('removePageBreaks', null, () => void (this._s().page.rowBreaks = []), 9);
  }
}

// ---------------------------------------------------------------------------------------------- tables
function headerText(v: Scalar): string {
  return typeof v === 'string' ? v : String(v);
}
/** Excel keeps table headers as unique, non-empty text. */
function normaliseHeaders(t: TableModel): void {
  const seen = new Set<string>();
  for (let c = t.rect.c1; c <= t.rect.c2; c++) {
    const cell = cellAt(t.sheet, t.rect.r1, c, true);
    let h = cell.f !== undefined ? '' : headerText(cell.v);
    if (h === '') h = `Column${c - t.rect.c1 + 1}`;
    let u = h;
    for (let n = 2; seen.has(lc(u)); n++) u = `${h}${n}`;
    seen.add(lc(u));
    delete cell.f;
    cell.v = u;
  }
}
function headers(t: TableModel): string[] {
  const out: string[] = [];
  for (let c = t.rect.c1; c <= t.rect.c2; c++) out.push(headerText(cellAt(t.sheet, t.rect.r1, c)?.v ?? ''));
  return out;
}
const escCol = (h: string): string => h.replace(/(['#[\]])/g, "'$1");

export class FakeTableCollection extends FakeCollection<FakeTable, TableModel> {
  constructor(
    ctx: FakeRequestContext,
    private readonly _scope: (() => SheetModel) | null,
    label: string,
  ) {
    super(ctx, 'TableCollection', { sheet: label || undefined });
  }
  protected _models(): TableModel[] {
    const s = this._scope?.();
    return this._book.tables.filter((t) => !s || t.sheet === s);
  }
  protected _wrap(m: TableModel): FakeTable {
    return new FakeTable(this._ctx, { sheet: m.sheet.name }, () => m);
  }
  add(address: string | FakeRange, hasHeaders: boolean): FakeTable {
    let made: TableModel | null = null;
    const addr = typeof address === 'string' ? address : '(range)';
    this._ctx._enqueue({
      op: 'TableCollection.add',
      target: { ...this._target, address: addr },
      payload: [addr, hasHeaders],
      minApi: 1,
      run: () => {
        const b = this._book;
        let sheet: SheetModel;
        let rect: Rect;
        if (typeof address !== 'string') ({ sheet, rect } = address._loc());
        else if (this._scope) {
          sheet = this._scope();
          rect = parseAddress(address, sheet);
        } else {
          const bang = address.lastIndexOf('!');
          if (bang < 0) return fail('InvalidArgument', 'A workbook-level table address needs a sheet.');
          let sn = address.slice(0, bang);
          if (sn.startsWith("'")) sn = sn.slice(1, -1).replace(/''/g, "'");
          sheet = live(b.sheets.find((s) => lc(s.name) === lc(sn)) ?? null, sn);
          rect = parseAddress(address, sheet);
        }
        editable(sheet, 'structure');
        if (!hasHeaders) throw new Error('fakeExcel: tables.add(..., false) is not emulated');
        if (rect.r2 - rect.r1 < 1)
          fail('InvalidArgument', 'A table needs a header row and at least one data row.');
        if (b.tables.some((t) => t.sheet === sheet && overlaps(t.rect, rect)))
          fail('InvalidOperation', 'A table cannot overlap another table.');
        if (sheet.merges.some((m) => overlaps(m, rect)))
          fail('InvalidOperation', 'A table cannot overlap merged cells.');
        let n = b.nextTable;
        while (
          b.tables.some((t) => lc(t.name) === lc(`Table${n}`)) ||
          b.names.some((x) => lc(x.name) === lc(`Table${n}`))
        )
          n++;
        b.nextTable = n + 1;
        made = {
          name: `Table${n}`,
          sheet,
          rect,
          style: 'TableStyleMedium2',
          showTotals: false,
          filters: new Map(),
        };
        b.tables.push(made);
        normaliseHeaders(made);
      },
    });
    return new FakeTable(this._ctx, { ...this._target, address: addr }, () => made);
  }
  getItem(name: string): FakeTable {
    return new FakeTable(
      this._ctx,
      this._target,
      () => this._book.tables.find((t) => lc(t.name) === lc(name)) ?? null,
    );
  }
  /** The table at a position of this collection (ExcelApi 1.1). */
  getItemAt(index: number): FakeTable {
    return new FakeTable(this._ctx, this._target, () => this._models()[index] ?? null);
  }
}

export class FakeTable extends FakeObject {
  readonly columns: { getItemAt(i: number): FakeTableColumn };
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _resolve: () => TableModel | null,
  ) {
    super(ctx, 'Table', target);
    this.columns = {
      getItemAt: (i: number) =>
        new FakeTableColumn(ctx, target, () => {
          const t = this._t();
          if (i < 0 || i > t.rect.c2 - t.rect.c1) fail('InvalidArgument', `No column ${i}.`);
          return { t, col: t.rect.c1 + i };
        }),
    };
  }
  _t(): TableModel {
    const t = this._resolve();
    if (!t || !this._book.tables.includes(t))
      return fail('ItemNotFound', "The requested resource doesn't exist (table).");
    return t;
  }
  protected override _loadable(): string[] {
    return ['name', 'style', 'showTotals'];
  }
  protected override _snapshot(p: string): unknown {
    const t = this._t();
    if (p === 'name') return t.name;
    if (p === 'style') return t.style;
    if (p === 'showTotals') return t.showTotals;
    return super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  set name(v: string) {
    this._set('name', v, (x) => {
      const t = this._t();
      const was = t.name;
      t.name = checkObjectName(this._book, x, t);
      // structured references follow a renamed table, as in Excel
      const esc = was.replace(/[.\\]/g, '\\$&');
      if (this._book.tableRefs.has(lc(was)))
        retarget(this._book, new RegExp(`(?<![A-Za-z0-9_.\\\\])${esc}(?=\\[)`, 'gi'), t.name);
    });
  }
  get style(): string {
    return this._read('style');
  }
  set style(v: string) {
    this._set('style', v, (x) => {
      if (typeof x !== 'string' || !/^(TableStyle(Light|Medium|Dark)\d{1,2})?$/.test(x))
        fail('InvalidArgument', `Unknown table style ${String(x)}.`);
      const t = this._t();
      editable(t.sheet, 'structure');
      t.style = x as string;
    });
  }
  get showTotals(): boolean {
    return this._read('showTotals');
  }
  set showTotals(v: boolean) {
    this._set('showTotals', v, (x) => {
      const t = this._t();
      editable(t.sheet, 'structure');
      if (Boolean(x) === t.showTotals) return;
      if (x) {
        if (t.rect.r2 + 1 >= MAX_ROWS) fail('InvalidOperation', 'No room for a totals row.');
        t.rect = { ...t.rect, r2: t.rect.r2 + 1 };
        const hs = headers(t);
        forCells(t.sheet, [{ ...t.rect, r1: t.rect.r2 }], (c, _r, col) => {
          delete c.f;
          c.v = '';
          if (col === t.rect.c1 && hs.length > 1) c.v = 'Total';
          if (col === t.rect.c2)
            c.f = noteTableRefs(this._book, `=SUBTOTAL(109,${t.name}[${escCol(hs[hs.length - 1])}])`);
        });
      } else {
        forCells(t.sheet, [{ ...t.rect, r1: t.rect.r2 }], (c) => {
          delete c.f;
          c.v = '';
        });
        t.rect = { ...t.rect, r2: t.rect.r2 - 1 };
      }
      t.showTotals = Boolean(x);
    });
  }
  private _range(part: (t: TableModel) => Rect): FakeRange {
    return new FakeRange(this._ctx, this._target, () => {
      const t = this._t();
      return { sheet: t.sheet, rect: part(t) };
    });
  }
  /**
   * Table.rows.add(index, values) (ExcelApi 1.1), appending at the end only (index null/undefined):
   * the rows below the table must be empty (Excel would shift them down; the fake refuses instead).
   */
  get rows(): {
    add(index: number | null | undefined, values: Scalar[][]): void;
    getItemAt(index: number): { delete(): void };
  } {
    return {
      /**
       * TableRow.delete (ExcelApi 1.1): the row leaves the table and the cells below it in the table's
       * columns move up one row. Other tables, merges, validation or formats below in those columns are
       * not moved (the fake refuses when a table or merge is in the way).
       */
      getItemAt: (index) => ({
        delete: () =>
          this._cmd('TableRow.delete', index, () => {
            const t = this._t();
            const s = t.sheet;
            editable(s, 'structure');
            const last = t.rect.r2 - (t.showTotals ? 1 : 0);
            const row = t.rect.r1 + 1 + index;
            if (!Number.isInteger(index) || index < 0 || row > last)
              fail('InvalidArgument', `The table has no row ${index}.`);
            const below: Rect = { r1: row, r2: MAX_ROWS - 1, c1: t.rect.c1, c2: t.rect.c2 };
            if (this._book.tables.some((o) => o !== t && o.sheet === s && overlaps(o.rect, below)))
              fail(
                'InvalidOperation',
                'fakeExcel: deleting a table row above another table is not modelled.',
              );
            if (s.merges.some((m) => overlaps(m, below)))
              fail('InvalidOperation', 'fakeExcel: deleting a table row above merged cells is not modelled.');
            const moved = [...s.cells.values()].filter(
              (c) => c.r > row && c.c >= t.rect.c1 && c.c <= t.rect.c2,
            );
            for (let c = t.rect.c1; c <= t.rect.c2; c++) s.cells.delete(key(row, c));
            moved.sort((a, b) => a.r - b.r);
            for (const cell of moved) {
              s.cells.delete(key(cell.r, cell.c));
              cell.r -= 1;
              s.cells.set(key(cell.r, cell.c), cell);
            }
            s.filteredRows = new Set(
              [...s.filteredRows].filter((r) => r !== row).map((r) => (r > row ? r - 1 : r)),
            );
            t.rect = { ...t.rect, r2: t.rect.r2 - 1 };
          }),
      }),
      add: (index, values) =>
        this._cmd('TableRowCollection.add', values, () => {
          const t = this._t();
          editable(t.sheet, 'structure'); // a protected sheet's tables cannot grow
          if (index !== null && index !== undefined)
            fail('InvalidArgument', 'fakeExcel: rows.add only appends.');
          if (t.showTotals)
            fail('InvalidOperation', 'fakeExcel: rows.add with a totals row is not modelled.');
          const width = t.rect.c2 - t.rect.c1 + 1;
          if (!Array.isArray(values) || values.some((r) => !Array.isArray(r) || r.length !== width))
            fail('InvalidArgument', SHAPE);
          const below: Rect = {
            r1: t.rect.r2 + 1,
            r2: t.rect.r2 + values.length,
            c1: t.rect.c1,
            c2: t.rect.c2,
          };
          forCells(t.sheet, [below], (c) => {
            if (!isEmpty(c)) fail('InvalidOperation', 'fakeExcel: cells below the table are not empty.');
          });
          if (this._book.tables.some((o) => o !== t && o.sheet === t.sheet && overlaps(o.rect, below)))
            fail('InvalidOperation', 'The table would overlap another table.');
          t.rect = { ...t.rect, r2: below.r2 };
          assign2d(t.sheet, below, values, (cell, input) => writeInput(this._book, cell, input));
        }),
    };
  }
  /** Table.clearFilters (ExcelApi 1.2): every filter off, every row shown. */
  clearFilters(): void {
    this._cmd(
      'clearFilters',
      null,
      () => {
        const t = this._t();
        t.filters.clear();
        applyFilters(t);
      },
      2,
    );
  }
  getRange(): FakeRange {
    return this._range((t) => t.rect);
  }
  getHeaderRowRange(): FakeRange {
    return this._range((t) => ({ ...t.rect, r2: t.rect.r1 }));
  }
  getDataBodyRange(): FakeRange {
    return this._range((t) => ({ ...t.rect, r1: t.rect.r1 + 1, r2: t.rect.r2 - (t.showTotals ? 1 : 0) }));
  }
  getTotalRowRange(): FakeRange {
    return this._range((t) =>
      t.showTotals ? { ...t.rect, r1: t.rect.r2 } : fail('InvalidOperation', 'The table has no totals row.'),
    );
  }
}

export class FakeTableColumn extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _c: () => { t: TableModel; col: number },
  ) {
    super(ctx, 'TableColumn', target);
  }
  protected override _loadable(): string[] {
    return ['name', 'index'];
  }
  protected override _snapshot(p: string): unknown {
    const { t, col } = this._c();
    if (p === 'name') return headers(t)[col - t.rect.c1];
    if (p === 'index') return col - t.rect.c1;
    return super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  /** TableColumn.filter (ExcelApi 1.2): only applyValuesFilter and clear are modelled. */
  get filter(): { applyValuesFilter(values: string[]): void; clear(): void } {
    return {
      applyValuesFilter: (values) =>
        this._cmd(
          'filter.applyValuesFilter',
          values,
          () => {
            const { t, col } = this._c();
            t.filters.set(col - t.rect.c1, new Set(values.map(String)));
            applyFilters(t);
          },
          2,
        ),
      clear: () =>
        this._cmd(
          'filter.clear',
          null,
          () => {
            const { t, col } = this._c();
            t.filters.delete(col - t.rect.c1);
            applyFilters(t);
          },
          2,
        ),
    };
  }
  getTotalRowRange(): FakeRange {
    return new FakeRange(this._ctx, this._target, () => {
      const { t, col } = this._c();
      if (!t.showTotals) fail('InvalidOperation', 'The table has no totals row.');
      return { sheet: t.sheet, rect: { r1: t.rect.r2, r2: t.rect.r2, c1: col, c2: col } };
    });
  }
}

// ---------------------------------------------------------------------------------------------- charts
export class FakeChartCollection extends FakeCollection<FakeChart, ChartModel> {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => SheetModel,
  ) {
    super(ctx, 'ChartCollection', target);
  }
  protected _models(): ChartModel[] {
    return this._s().charts;
  }
  protected _wrap(m: ChartModel): FakeChart {
    return new FakeChart(this._ctx, this._target, () => ({ chart: m, sheet: this._s() }));
  }
  add(type: string, source: FakeRange, seriesBy: string = 'Auto'): FakeChart {
    let made: ChartModel | null = null;
    this._cmd('add', [type, '(range)', seriesBy], () => {
      const sheet = this._s();
      editable(sheet, 'structure');
      if (typeof type !== 'string' || !type) fail('InvalidArgument', 'Chart type missing.');
      checkEnum(seriesBy, ['Auto', 'Columns', 'Rows'], 'seriesBy');
      const { sheet: src, rect } = source._loc();
      const rows = rect.r2 - rect.r1 + 1;
      const cols = rect.c2 - rect.c1 + 1;
      const byCols = seriesBy === 'Columns' || (seriesBy === 'Auto' && rows >= cols);
      const series: SeriesModel[] = [];
      const n = byCols ? cols : rows;
      for (let i = 0; i < n; i++) {
        const r = byCols
          ? { ...rect, c1: rect.c1 + i, c2: rect.c1 + i }
          : { ...rect, r1: rect.r1 + i, r2: rect.r1 + i };
        series.push({ name: `Series${i + 1}`, values: fullAddress(src, r) });
      }
      made = { name: `Chart ${this._book.nextChart++}`, type, series, categoryAxis: {}, valueAxis: {} };
      sheet.charts.push(made);
    });
    return new FakeChart(this._ctx, this._target, () => {
      if (!made) return fail('ItemNotFound', 'The chart was not created.');
      return { chart: made, sheet: this._s() };
    });
  }
}

type ChartLoc = () => { chart: ChartModel; sheet: SheetModel };
/** Data label positions Excel takes per chart type (others fail): above/below/beside a line's points, ends of bars. */
const LABEL_POSITIONS: Record<string, string[]> = {
  Line: ['Center', 'Left', 'Right', 'Top', 'Bottom'],
  BarClustered: ['Center', 'InsideEnd', 'InsideBase', 'OutsideEnd'],
  ColumnClustered: ['Center', 'InsideEnd', 'InsideBase', 'OutsideEnd'],
};
export class FakeChart extends FakeObject {
  readonly title: FakeStyleSetter;
  readonly axes: { categoryAxis: FakeChartAxis; valueAxis: FakeChartAxis };
  readonly series: FakeChartSeriesCollection;
  /** The chart's data labels (ExcelApi 1.1; numberFormat 1.8): a position must suit the chart type. */
  readonly dataLabels: FakeStyleSetter;
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _c: ChartLoc,
  ) {
    super(ctx, 'Chart', target);
    const ed = (): ChartModel => {
      const { chart, sheet } = this._c();
      editable(sheet, 'structure');
      return chart;
    };
    this.title = new FakeStyleSetter(ctx, 'ChartTitle', target, 1, { text: (v) => (ed().title = String(v)) });
    this.axes = {
      categoryAxis: new FakeChartAxis(ctx, target, () => ed().categoryAxis),
      valueAxis: new FakeChartAxis(ctx, target, () => ed().valueAxis),
    };
    this.series = new FakeChartSeriesCollection(ctx, target, () => ed());
    const labels = (): NonNullable<ChartModel['dataLabels']> => (ed().dataLabels ??= {});
    const positions = {
      labels: new FakeStyleSetter(ctx, 'ChartDataLabels', target, 1, {
        showValue: (v) => (labels().showValue = Boolean(v)),
        position: (v) => {
          const type = ed().type;
          labels().position = checkEnum(
            v,
            LABEL_POSITIONS[type] ?? [],
            `data label position for a ${type} chart`,
          );
        },
      }),
      format: new FakeStyleSetter(ctx, 'ChartDataLabels', target, 8, {
        numberFormat: (v) => {
          if (typeof v !== 'string' || v === '') fail('InvalidArgument', 'Bad data label number format.');
          labels().numberFormat = v as string;
        },
      }),
    };
    this.dataLabels = positions.labels;
    Object.defineProperty(this.dataLabels, 'numberFormat', {
      get: () => (positions.format as unknown as { numberFormat: string }).numberFormat,
      set: (v: string) => ((positions.format as unknown as { numberFormat: string }).numberFormat = v),
      enumerable: true,
    });
  }
  protected override _loadable(): string[] {
    return ['name', 'chartType'];
  }
  protected override _snapshot(p: string): unknown {
    if (p === 'name') return this._c().chart.name;
    if (p === 'chartType') return this._c().chart.type;
    return super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  set name(v: string) {
    this._set('name', v, (x) => (this._c().chart.name = String(x)));
  }
  delete(): void {
    this._cmd('delete', null, () => {
      const { chart, sheet } = this._c();
      editable(sheet, 'structure');
      const i = sheet.charts.indexOf(chart);
      if (i < 0) fail('ItemNotFound', "The requested resource doesn't exist (chart).");
      sheet.charts.splice(i, 1);
    });
  }
  setPosition(startCell: string | FakeRange, endCell?: string | FakeRange): void {
    const a = (x: string | FakeRange | undefined): string | undefined =>
      x === undefined
        ? undefined
        : typeof x === 'string'
          ? rectA1(parseAddress(x, this._c().sheet))
          : rectA1(x._loc().rect);
    this._cmd(
      'setPosition',
      [typeof startCell === 'string' ? startCell : '(range)', typeof endCell === 'string' ? endCell : null],
      () => {
        const { chart, sheet } = this._c();
        editable(sheet, 'structure');
        chart.position = { start: a(startCell)!, end: a(endCell) };
      },
    );
  }
}

export class FakeChartAxis extends FakeObject {
  readonly title: FakeStyleSetter;
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _a: () => { title?: string; minimum?: number; maximum?: number },
  ) {
    super(ctx, 'ChartAxis', target);
    this.title = new FakeStyleSetter(ctx, 'ChartAxisTitle', target, 1, {
      text: (v) => (this._a().title = String(v)),
    });
  }
  set minimum(v: number) {
    this._set('minimum', v, (x) => (this._a().minimum = Number(x)));
  }
  get minimum(): number {
    return this._read('minimum');
  }
  set maximum(v: number) {
    this._set('maximum', v, (x) => (this._a().maximum = Number(x)));
  }
  get maximum(): number {
    return this._read('maximum');
  }
}

export class FakeChartSeriesCollection extends FakeCollection<FakeChartSeries, SeriesModel> {
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _chart: () => ChartModel,
  ) {
    super(ctx, 'ChartSeriesCollection', target);
  }
  protected _models(): SeriesModel[] {
    return this._chart().series;
  }
  protected _wrap(m: SeriesModel): FakeChartSeries {
    return new FakeChartSeries(this._ctx, this._target, () => ({ s: m, chart: this._chart() }));
  }
  getItemAt(i: number): FakeChartSeries {
    return new FakeChartSeries(this._ctx, this._target, () => {
      const chart = this._chart();
      const s = chart.series[i];
      if (!s) fail('ItemNotFound', `The chart has no series at index ${i}.`);
      return { s, chart };
    });
  }
  add(name?: string): FakeChartSeries {
    let made: SeriesModel | null = null;
    this._cmd(
      'add',
      name ?? null,
      () => {
        const chart = this._chart();
        made = { name: name ?? `Series${chart.series.length + 1}` };
        chart.series.push(made);
      },
      7,
    );
    return new FakeChartSeries(this._ctx, this._target, () => {
      if (!made) return fail('ItemNotFound', 'The series was not created.');
      return { s: made, chart: this._chart() };
    });
  }
}

export class FakeChartSeries extends FakeObject {
  readonly format: { line: FakeStyleSetter; fill: { setSolidColor(color: string): void } };
  constructor(
    ctx: FakeRequestContext,
    target: FailTarget,
    private readonly _s: () => { s: SeriesModel; chart: ChartModel },
  ) {
    super(ctx, 'ChartSeries', target);
    this.format = {
      line: new FakeStyleSetter(ctx, 'ChartLineFormat', target, 1, {
        color: (v) => (this._s().s.lineColor = checkColor(v)),
        lineStyle: (v) => {
          checkEnum(
            v,
            [
              'None',
              'Continuous',
              'Dash',
              'DashDot',
              'DashDotDot',
              'Dot',
              'Grey25',
              'Grey50',
              'Grey75',
              'Automatic',
              'RoundDot',
            ],
            'line style',
          );
          this._s().s.lineStyle = v as string;
        },
      }),
      fill: {
        setSolidColor: (color: string) =>
          this._ctx._enqueue({
            op: 'ChartFill.setSolidColor',
            target,
            payload: color,
            minApi: 1,
            run: () => void (this._s().s.fillColor = checkColor(color)),
          }),
      },
    };
  }
  protected override _loadable(): string[] {
    return ['name'];
  }
  protected override _snapshot(p: string): unknown {
    return p === 'name' ? this._s().s.name : super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  set name(v: string) {
    this._set('name', v, (x) => (this._s().s.name = String(x)));
  }
  set markerStyle(v: string) {
    this._set('markerStyle', v, (x) => (this._s().s.markerStyle = String(x)), 7);
  }
  setValues(range: FakeRange): void {
    this._cmd(
      'setValues',
      '(range)',
      () => {
        const { sheet, rect } = range._loc();
        this._s().s.values = fullAddress(sheet, rect);
      },
      7,
    );
  }
  setXAxisValues(range: FakeRange): void {
    this._cmd(
      'setXAxisValues',
      '(range)',
      () => {
        const { sheet, rect } = range._loc();
        this._s().s.xValues = fullAddress(sheet, rect);
      },
      7,
    );
  }
  delete(): void {
    this._cmd(
      'delete',
      null,
      () => {
        const { s, chart } = this._s();
        chart.series.splice(chart.series.indexOf(s), 1);
      },
      7,
    );
  }
}

// ---------------------------------------------------------------------------------------------- names
export class FakeNamedItemCollection extends FakeCollection<FakeNamedItem, NameModel> {
  /** `sheet`: the collection of a worksheet's own names (worksheet.names); else the workbook's. */
  constructor(
    ctx: FakeRequestContext,
    private readonly _scope?: () => SheetModel,
  ) {
    super(ctx, 'NamedItemCollection', {});
  }
  protected _models(): NameModel[] {
    return this._scope ? this._scope().names : this._book.names;
  }
  protected _wrap(m: NameModel): FakeNamedItem {
    return new FakeNamedItem(
      this._ctx,
      () => m,
      () => this._models(),
    );
  }
  add(name: string, reference: string | FakeRange, comment?: string): FakeNamedItem {
    let made: NameModel | null = null;
    this._cmd(
      'add',
      [name, typeof reference === 'string' ? reference : '(range)', comment ?? null],
      () => {
        const b = this._book;
        checkObjectName(b, name, undefined, this._models());
        let formula: string;
        if (typeof reference === 'string') {
          if (!reference.startsWith('='))
            fail('InvalidArgument', `A name's reference must start with "=": ${reference}`);
          // a union of areas ("=A1,B2") is written with the locale's list separator (office-js issue 2891)
          let top = reference.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, '');
          while (/\([^()]*\)/.test(top)) top = top.replace(/\([^()]*\)/g, '');
          if (this._ctx._host.listSeparator === ';' && top.includes(','))
            fail('InvalidArgument', `The reference is not valid in this locale: ${reference}`);
          checkFormula(b, reference);
          formula = noteTableRefs(b, reference);
        } else {
          const { sheet, rect } = reference._loc();
          formula = `=${quoteSheet(sheet.name)}!$${colName(rect.c1)}$${rect.r1 + 1}:$${colName(rect.c2)}$${rect.r2 + 1}`;
        }
        made = { name, formula };
        this._models().push(made);
      },
      4,
    );
    return new FakeNamedItem(
      this._ctx,
      () => made,
      () => this._models(),
    );
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this._ctx,
      () => this._models().find((n) => lc(n.name) === lc(name)) ?? null,
      () => this._models(),
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    const n = new FakeNamedItem(
      this._ctx,
      () => this._models().find((x) => lc(x.name) === lc(name)) ?? null,
      () => this._models(),
    );
    (n as unknown as { _autoLoad(p: string[], op: string): void })._autoLoad(
      ['isNullObject'],
      'NamedItemCollection.getItemOrNullObject',
    );
    return n;
  }
}

export class FakeNamedItem extends FakeObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly _n: () => NameModel | null,
    private readonly _list: () => NameModel[] = () => this._book.names,
  ) {
    super(ctx, 'NamedItem', {});
  }
  private _m(): NameModel {
    const n = this._n();
    if (!n || !this._list().includes(n))
      return fail('ItemNotFound', "The requested resource doesn't exist (name).");
    return n;
  }
  protected override _loadable(): string[] {
    return ['name', 'formula', 'type', 'visible'];
  }
  protected override _snapshot(p: string): unknown {
    if (p === 'isNullObject') return this._n() === null;
    const n = this._m();
    if (p === 'name') return n.name;
    if (p === 'formula') return n.formula;
    if (p === 'type') return /^="/.test(n.formula) ? 'String' : 'Range';
    if (p === 'visible') return n.visible !== false;
    return super._snapshot(p);
  }
  get name(): string {
    return this._read('name');
  }
  get formula(): string {
    return this._read('formula');
  }
  get visible(): boolean {
    return this._read('visible');
  }
  set visible(v: boolean) {
    this._set('visible', v, (x) => (this._m().visible = !!x));
  }
  delete(): void {
    this._cmd(
      'delete',
      null,
      () => {
        const n = this._m();
        this._list().splice(this._list().indexOf(n), 1);
      },
      4,
    );
  }
}

// ---------------------------------------------------------------------------------------------- host
export interface CellSnapshot {
  value: Scalar;
  formula?: string;
  numberFormat: string;
  fill?: string;
  font: { bold?: boolean; italic?: boolean; color?: string; size?: number };
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  borders: { top?: string; bottom?: string; left?: string; right?: string };
  locked: boolean;
}

/** Batch runner with Excel.run's two main forms: run(batch) and run(options, batch). */
export interface FakeRun {
  <T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  <T>(options: Excel.RunOptions, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export interface FakeExcel {
  run: FakeRun;
  /**
   * Excel.createWorkbook(base64) (ExcelApi 1.8): opens an .xlsx as a new workbook. The fake checks the
   * requirement set and that the bytes are a zip (an .xlsx), and keeps what was opened in `openedWorkbooks`.
   */
  createWorkbook: (base64?: string) => Promise<void>;
  openedWorkbooks: Uint8Array[];
  /** The person starts typing in a cell (cell edit mode) / presses Enter. */
  startCellEdit: () => void;
  endCellEdit: () => void;
  /** Per sync: request and response bytes as measured (see payloadLimitBytes). */
  stats: { syncs: number; requestBytes: number[]; responseBytes: number[]; simulatedMs: number };
  /** Office.context.requirements.isSetSupported for this host. */
  isSetSupported: (name: string, minVersion?: string) => boolean;
  /** Install a global `Office` with context.requirements.isSetSupported; returns an uninstall function. */
  installOfficeGlobal: () => () => void;
  workbook: ReturnType<typeof inspector>;
}

function inspector(book: Book) {
  const sheet = (name: string): SheetModel => {
    const s = book.sheets.find((x) => lc(x.name) === lc(name));
    if (!s)
      throw new Error(`fakeExcel: no sheet "${name}" (sheets: ${book.sheets.map((x) => x.name).join(', ')})`);
    return s;
  };
  const grid = (name: string, ref: string, fn: (c: CellModel | undefined) => Scalar): Scalar[][] => {
    const s = sheet(name);
    const r = parseAddress(ref, s);
    const out: Scalar[][] = [];
    for (let i = r.r1; i <= r.r2; i++) {
      const row: Scalar[] = [];
      for (let j = r.c1; j <= r.c2; j++) row.push(fn(cellAt(s, i, j)));
      out.push(row);
    }
    return out;
  };
  return {
    sheetNames: (): string[] => book.sheets.map((s) => s.name),
    activeSheet: (): string | null => book.active?.name ?? null,
    visibility: (name: string): string => sheet(name).visibility,
    cell(name: string, address: string): CellSnapshot {
      const s = sheet(name);
      const r = parseAddress(address, s);
      const c = cellAt(s, r.r1, r.c1) ?? newCell();
      const b = (x?: Border): string | undefined =>
        x && x.style !== 'None' ? `${x.style}${x.weight ? '/' + x.weight : ''}` : undefined;
      return {
        value: c.v,
        formula: c.f,
        numberFormat: c.nf ?? 'General',
        fill: c.fill,
        font: { ...c.font },
        horizontalAlignment: c.h,
        verticalAlignment: c.va,
        wrapText: c.wrap,
        borders: {
          top: b(c.borders.top),
          bottom: b(c.borders.bottom),
          left: b(c.borders.left),
          right: b(c.borders.right),
        },
        locked: c.locked,
      };
    },
    /** Formula where there is one, else the value ('' when empty), like Range.formulas. */
    formulas: (name: string, ref: string): Scalar[][] => grid(name, ref, (c) => (c ? (c.f ?? c.v) : '')),
    values: (name: string, ref: string): Scalar[][] => grid(name, ref, (c) => (c ? c.v : '')),
    numberFormats: (name: string, ref: string): Scalar[][] => grid(name, ref, (c) => c?.nf ?? 'General'),
    usedRange(name: string): string | null {
      const u = usedRect(sheet(name));
      return u ? rectA1(u) : null;
    },
    validations: (name: string) =>
      sheet(name).validations.map((v) => ({
        address: rectA1(v.rect),
        rule: v.rule,
        prompt: v.prompt,
        errorAlert: v.errorAlert,
        ignoreBlanks: v.ignoreBlanks,
      })),
    conditionalFormats: (name: string) =>
      sheet(name).cfs.map((c) => ({
        address: rectA1(c.rect),
        type: c.type,
        rule: c.rule,
        formula: c.formula,
        criteria: c.criteria,
        format: { ...c.format },
      })),
    tables: () =>
      book.tables.map((t) => ({
        name: t.name,
        sheet: t.sheet.name,
        address: rectA1(t.rect),
        style: t.style,
        showTotals: t.showTotals,
        headers: headers(t),
      })),
    charts: (name: string) => sheet(name).charts.map((c) => JSON.parse(JSON.stringify(c)) as ChartModel),
    names: (): NameModel[] => book.names.map((n) => ({ ...n })),
    /** A sheet's own defined names (worksheet.names). */
    localNames: (name: string): NameModel[] => sheet(name).names.map((n) => ({ ...n })),
    freeze: (name: string) => sheet(name).freeze,
    protection: (name: string) => ({ ...sheet(name).protection }),
    /** Letters of the hidden columns, in order. */
    hiddenColumns: (name: string): string[] => [...sheet(name).hiddenCols].sort((a, b) => a - b).map(colName),
    /** 1-based numbers of the rows a table filter hides, in order. */
    filteredRows: (name: string): number[] =>
      [...sheet(name).filteredRows].sort((a, b) => a - b).map((r) => r + 1),
    /** Column widths in points, by column letter. */
    columnWidths(name: string): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [c, w] of [...sheet(name).colWidths].sort((a, b) => a[0] - b[0])) out[colName(c)] = w;
      return out;
    },
    merges: (name: string): string[] => sheet(name).merges.map(rectA1),
    /** The sheet's page layout (margins in points; rowBreaks 0-based rows that start a page). */
    pageLayout: (name: string): PageModel => JSON.parse(JSON.stringify(sheet(name).page)) as PageModel,
    /** Row heights in points by 1-based row number: the rows given one (set or fitted); the others are 15. */
    rowHeights(name: string): Record<number, number> {
      const out: Record<number, number> = {};
      for (const [r, h] of [...sheet(name).rowHeights].sort((a, b) => a[0] - b[0])) out[r + 1] = h;
      return out;
    },
    get calculationSuspensions(): number {
      return book.calcSuspensions;
    },
    get screenUpdatingSuspensions(): number {
      return book.screenSuspensions;
    },
  };
}

export function createFakeExcel(opts: FakeExcelOptions = {}): FakeExcel {
  const host = new Host(opts);
  const b = host.book;
  for (const e of opts.existingSheets ?? [{ name: 'Sheet1' }]) {
    const s = newSheet(b, checkSheetName(b, e.name));
    (e.values ?? []).forEach((row, r) => row.forEach((v, c) => writeInput(b, cellAt(s, r, c, true), v)));
    if (e.hidden) s.visibility = 'Hidden';
  }
  b.active = b.sheets.find((s) => s.visibility === 'Visible') ?? null;
  for (const t of opts.existingTables ?? []) {
    const s = b.sheets.find((x) => lc(x.name) === lc(t.sheet));
    if (!s) throw new Error(`fakeExcel: existing table on unknown sheet ${t.sheet}`);
    const table: TableModel = {
      name: checkObjectName(b, t.name),
      sheet: s,
      rect: parseAddress(t.ref, s),
      style: 'TableStyleMedium2',
      showTotals: false,
      filters: new Map(),
    };
    b.tables.push(table);
    normaliseHeaders(table);
  }
  for (const n of opts.existingNames ?? [])
    b.names.push({ name: checkObjectName(b, n.name), formula: n.formula });
  for (const p of opts.protectedSheets ?? []) {
    const s = b.sheets.find((x) => lc(x.name) === lc(p));
    if (!s) throw new Error(`fakeExcel: protectedSheets names unknown sheet ${p}`);
    s.protection = { protected: true, options: {} };
  }
  const openedWorkbooks: Uint8Array[] = [];
  const isSetSupported = (name: string, minVersion = '1.1'): boolean =>
    name === 'ExcelApi' && apiNumber(minVersion) <= host.api;
  return {
    run: (async <T>(
      a: Excel.RunOptions | ((ctx: Excel.RequestContext) => Promise<T>),
      b?: (ctx: Excel.RequestContext) => Promise<T>,
    ): Promise<T> => {
      const options = typeof a === 'function' ? {} : a;
      const batch = typeof a === 'function' ? a : b!;
      const ctx = new FakeRequestContext(host, options.delayForCellEdit === true);
      const result = await batch(ctx as unknown as Excel.RequestContext);
      if (ctx._pending() > 0) await ctx.sync();
      return result;
    }) as FakeRun,
    openedWorkbooks,
    async createWorkbook(base64?: string): Promise<void> {
      await Promise.resolve();
      if (host.api < 8)
        fail('ApiNotFound', `The requested API Excel.createWorkbook is not supported (needs ExcelApi 1.8).`);
      if (base64 === undefined || base64 === null) {
        openedWorkbooks.push(new Uint8Array(0));
        return;
      }
      if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
        fail('InvalidArgument', 'The argument is invalid or missing or has an incorrect format (base64).');
      const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4))
        fail('InvalidArgument', 'The file is not an Excel workbook.');
      openedWorkbooks.push(bytes);
    },
    startCellEdit(): void {
      if (host.editing) return;
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      host.editing = { done, end };
    },
    endCellEdit(): void {
      const e = host.editing;
      host.editing = null;
      e?.end();
    },
    stats: host.stats,
    isSetSupported,
    installOfficeGlobal(): () => void {
      const g = globalThis as { Office?: unknown };
      const before = g.Office;
      g.Office = { context: { requirements: { isSetSupported } } };
      return () => {
        g.Office = before;
      };
    },
    workbook: inspector(b),
  };
}
