/**
 * Cells a person types into generated sheets that are not domain data: a comparison's Discussion notes,
 * a Work Process Schedule's status, dates, hours, initials and notes, an agenda's notes (and, on an
 * agenda without computed gaps, the topics typed into its empty gap rows). Read from a workbook of any
 * known layout as blocks (sheet identity + row key + column), and put back into a rebuilt plan of the
 * same sheet, wherever its rows now are. Typed values win over what the plan would write.
 *
 * Ratings, goals, the roster, settings and sessions are domain data (src/workbook/read.ts), not blocks.
 */
import { parseRange } from './a1';
import { findHeaderRow, Grid, labelValue } from './grid';
import { LayoutSignature } from './layout';
import { CellValue, SheetPlan, WorkbookPlan } from './plan';
import { CURRENT_SIGNATURE, SIGNATURES } from './signatures';
import { WPS_STATUSES } from './wps';

interface BlockSpec {
  /** Identifies the block's kind; also the key that pairs an old block with a rebuilt one. */
  kind: string;
  headers: readonly string[];
  /** The header of the column that names each row (a competency id, a section). */
  key: string;
  /** Headers of the columns a person types into, in the same order in every layout. */
  typed: readonly string[];
  /**
   * Headers a person types only into rows they name themselves, where the sheet offers empty rows with
   * the key column open for typing (an agenda without computed gaps); elsewhere the builder fills them.
   */
  free?: readonly string[];
  /** Labels above the table (value to the right) that identify the sheet, by what they identify. */
  labels: Record<string, string>;
  /** What the builder writes in a typed column before anyone types: not counted as typed. */
  preset?: Record<string, CellValue>;
}

/** The typed blocks of one layout; every layout lists the same kinds, with their columns in the same order. */
function blockSpecs(sig: LayoutSignature): BlockSpec[] {
  const worker = sig.workerLabel;
  return [
    {
      kind: 'comparison',
      headers: sig.comparison,
      key: sig.comparison[1],
      typed: sig.comparison.slice(-1),
      labels: { worker, period: sig.periodLabel },
    },
    {
      kind: 'wps',
      headers: sig.wps,
      key: sig.wps[1],
      typed: sig.wps.slice(3),
      labels: { worker },
      preset: { [sig.wps[3]]: WPS_STATUSES[0] },
    },
    {
      kind: 'agenda gaps',
      headers: sig.agendaGaps,
      key: sig.agendaGaps[0],
      typed: sig.agendaGaps.slice(3),
      free: sig.agendaGaps.slice(1, 3),
      labels: { worker, date: sig.meetingDateLabel },
    },
    {
      kind: 'agenda',
      headers: sig.agendaSections,
      key: sig.agendaSections[0],
      typed: sig.agendaSections.slice(3),
      labels: { worker, date: sig.meetingDateLabel },
    },
  ];
}

const CURRENT_SPECS = blockSpecs(CURRENT_SIGNATURE);

export interface TypedBlock {
  kind: string;
  sheet: string;
  /** What the labels identify, e.g. { worker: "PS-101", period: "2026 Q1" }. */
  identity: Record<string, string>;
  /**
   * Row key -> header (as the current layout names the column) -> the typed value (non-empty cells
   * only). A row typed without a key is keyed "#n", its place in the block.
   */
  rows: Map<string, Map<string, CellValue>>;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
const filled = (v: unknown) => text(v) !== '';

interface Located {
  spec: BlockSpec;
  /** The current layout's spec of the same kind: its headers name the typed values. */
  current: BlockSpec;
  identity: Record<string, string>;
  headerRow: number;
  /** header -> 0-based column */
  cols: Map<string, number>;
}

/** The blocks of a grid, each found by the first layout (of `layouts`) whose headers it holds. */
function locate(grid: Grid, layouts: readonly LayoutSignature[]): Located[] {
  const out: Located[] = [];
  const specs = layouts.map(blockSpecs);
  CURRENT_SPECS.forEach((current, k) => {
    for (const spec of specs.map((s) => s[k])) {
      const at = findHeaderRow(grid, spec.headers);
      if (!at) continue;
      const identity: Record<string, string> = {};
      for (const [what, l] of Object.entries(spec.labels)) {
        const v = labelValue(grid, l, at.row);
        if (v !== undefined) identity[what] = v;
      }
      if (Object.keys(identity).length !== Object.keys(spec.labels).length) continue;
      const cols = new Map(spec.headers.map((h, i) => [h, at.col + i]));
      out.push({ spec, current, identity, headerRow: at.row, cols });
      return;
    }
  });
  return out;
}

/** The columns a value is read from, each with the current layout's header that names it. */
function columns(b: Located, withFree: boolean): [header: string, col: number][] {
  const pairs = (from: readonly string[] = [], to: readonly string[] = []) =>
    from.map((h, i) => [to[i], b.cols.get(h)!] as [string, number]);
  return [...pairs(b.spec.typed, b.current.typed), ...(withFree ? pairs(b.spec.free, b.current.free) : [])];
}

/**
 * Rows of a located block: from below its header to the first row without a key (for a block with free
 * columns: to the first row empty in all its columns; a row typed without a key is keyed "#n").
 */
function blockRows(grid: Grid, b: Located): { row: number; key: string }[] {
  const keyCol = b.cols.get(b.spec.key)!;
  const rows: { row: number; key: string }[] = [];
  for (let r = b.headerRow + 1; r < grid.length; r++) {
    const key = text(grid[r]?.[keyCol]);
    if (!key && !(b.spec.free && columns(b, true).some(([, c]) => filled(grid[r]?.[c])))) break;
    rows.push({ row: r, key: key || `#${r - b.headerRow}` });
  }
  return rows;
}

/** Every typed block of a sheet, in any layout the readers know, that holds at least one typed value. */
export function typedBlocks(sheet: string, grid: Grid): TypedBlock[] {
  return locate(grid, SIGNATURES).flatMap((b) => {
    const rows = new Map<string, Map<string, CellValue>>();
    for (const { row, key } of blockRows(grid, b)) {
      const values = new Map<string, CellValue>();
      for (const [h, col] of columns(b, true)) {
        const v = grid[row]?.[col];
        if (filled(v) && v !== b.current.preset?.[h]) values.set(h, v as CellValue);
      }
      if (values.size && !rows.has(key)) rows.set(key, values);
    }
    return rows.size ? [{ kind: b.spec.kind, sheet, identity: b.identity, rows }] : [];
  });
}

/**
 * The keys of a block's rows with something typed into its typed columns (an agenda's computed gap rows
 * are collected for their topic and goal, which count only where a person typed the row).
 */
export function typedRows(block: TypedBlock): string[] {
  const spec = CURRENT_SPECS.find((s) => s.kind === block.kind)!;
  return [...block.rows].filter(([, values]) => spec.typed.some((h) => values.has(h))).map(([k]) => k);
}

const sameIdentity = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => text(b[k]).toLowerCase() === v.toLowerCase());

/** A plan's constant values as a grid (formulas left out), for finding its blocks. */
export function planGrid(sheet: SheetPlan): Grid {
  return sheet.cells.map((row) => (row ?? []).map((c) => (c?.formula === undefined ? c?.value : null)));
}

/** Rows below a block's header whose key cell the plan leaves empty and open for typing, in order. */
function freeRows(sheet: SheetPlan, grid: Grid, b: Located): number[] {
  const keyCol = b.cols.get(b.spec.key)!;
  const open = (sheet.protection?.unlocked ?? []).map(parseRange);
  const rows = new Set<number>();
  for (const p of open)
    if (p.col1 <= keyCol && keyCol <= p.col2)
      for (let r = Math.max(p.row1, b.headerRow + 1); r <= p.row2; r++)
        if (!filled(grid[r]?.[keyCol])) rows.add(r);
  return [...rows].sort((x, y) => x - y);
}

/**
 * Puts typed values back into the plan's matching sheets (same kind and identity): by row key and
 * header, and rows the rebuilt sheet does not have into the empty rows it offers for them. Returns how
 * many cells were restored and the rows with typed notes no rebuilt sheet has room for.
 */
export function restoreTyped(
  plan: WorkbookPlan,
  blocks: TypedBlock[],
): { restored: number; unplaced: { block: TypedBlock; keys: string[] }[] } {
  const placed = new Map<TypedBlock, Set<string>>();
  let restored = 0;
  for (const sheet of plan.sheets) {
    const grid = planGrid(sheet);
    for (const b of locate(grid, [CURRENT_SIGNATURE])) {
      const old = blocks.find((x) => x.kind === b.spec.kind && sameIdentity(x.identity, b.identity));
      if (!old) continue;
      const done = placed.get(old) ?? new Set<string>();
      placed.set(old, done);
      const put = (row: number, col: number, v: CellValue) => {
        const cells = (sheet.cells[row] ??= []);
        if (cells[col]?.value !== v) restored++;
        cells[col] = { value: v };
      };
      for (const { row, key } of blockRows(grid, b)) {
        const values = old.rows.get(key);
        if (!values || done.has(key)) continue;
        done.add(key);
        for (const [h, col] of columns(b, false)) if (values.has(h)) put(row, col, values.get(h)!);
      }
      if (!b.spec.free) continue;
      const free = freeRows(sheet, grid, b);
      for (const [key, values] of old.rows) {
        if (done.has(key) || !free.length) continue;
        done.add(key);
        const row = free.shift()!;
        if (!key.startsWith('#')) put(row, b.cols.get(b.spec.key)!, key);
        for (const [h, col] of columns(b, true)) if (values.has(h)) put(row, col, values.get(h)!);
      }
    }
  }
  const unplaced = blocks
    .map((block) => ({ block, keys: typedRows(block).filter((k) => !placed.get(block)?.has(k)) }))
    .filter((x) => x.keys.length);
  return { restored, unplaced };
}
