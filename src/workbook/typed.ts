/**
 * Cells a person types into generated sheets that are not domain data: a comparison's Discussion notes,
 * a Work Process Schedule's status, dates, hours, initials and notes, an agenda's notes. Read from a
 * workbook as blocks (sheet identity + row key + column header), and put back into a rebuilt plan of the
 * same sheet, wherever its rows now are. Typed values win over what the plan would write.
 *
 * Ratings, goals, the roster, settings and sessions are domain data (src/workbook/read.ts), not blocks.
 */
import { COMPARISON_HEADERS } from './comparison';
import { AGENDA_GAP_HEADERS, AGENDA_SECTION_HEADERS } from './outcomesAgenda';
import { CellValue, SheetPlan, WorkbookPlan } from './plan';
import { findHeaderRow, Grid, labelValue } from './grid';
import { WPS_HEADERS, WPS_STATUSES } from './wps';

interface BlockSpec {
  /** Identifies the block's kind; also the key that pairs an old block with a rebuilt one. */
  kind: string;
  headers: readonly string[];
  /** The header of the column that names each row (a competency id, a section). */
  key: string;
  /** Headers of the columns a person types into. */
  typed: readonly string[];
  /** Labels above the table (value to the right) that identify the sheet. */
  labels: readonly string[];
  /** What the builder writes in a typed column before anyone types: not counted as typed. */
  preset?: Record<string, CellValue>;
}

export const TYPED_BLOCKS: readonly BlockSpec[] = [
  {
    kind: 'comparison',
    headers: COMPARISON_HEADERS.slice(0, 8),
    key: 'ID',
    typed: ['Discussion notes'],
    labels: ['Worker ID', 'Period'],
  },
  {
    kind: 'wps',
    headers: WPS_HEADERS,
    key: 'ID',
    typed: ['Status', 'Date demonstrated', 'OJT hours', 'Supervisor initials', 'Notes'],
    labels: ['Worker ID'],
    preset: { Status: WPS_STATUSES[0] },
  },
  {
    kind: 'agenda gaps',
    headers: AGENDA_GAP_HEADERS,
    key: 'Competency',
    typed: ['Supervisor notes', 'Worker notes'],
    labels: ['Worker ID', 'Meeting date'],
  },
  {
    kind: 'agenda',
    headers: AGENDA_SECTION_HEADERS,
    key: 'Section',
    typed: ['Supervisor notes', 'Worker notes'],
    labels: ['Worker ID', 'Meeting date'],
  },
];

export interface TypedBlock {
  kind: string;
  sheet: string;
  /** The identifying label values, e.g. { "Worker ID": "PS-101", "Period": "2026 Q1" }. */
  identity: Record<string, string>;
  /** Row key -> header -> the typed value (non-empty cells only). */
  rows: Map<string, Map<string, CellValue>>;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
const filled = (v: unknown) => text(v) !== '';

interface Located {
  spec: BlockSpec;
  identity: Record<string, string>;
  headerRow: number;
  /** header -> 0-based column */
  cols: Map<string, number>;
}

function locate(grid: Grid): Located[] {
  const out: Located[] = [];
  for (const spec of TYPED_BLOCKS) {
    const at = findHeaderRow(grid, spec.headers);
    if (!at) continue;
    const identity: Record<string, string> = {};
    for (const l of spec.labels) {
      const v = labelValue(grid, l, at.row);
      if (v === undefined) break;
      identity[l] = v;
    }
    if (Object.keys(identity).length !== spec.labels.length) continue;
    const cols = new Map(spec.headers.map((h, i) => [h, at.col + i]));
    out.push({ spec, identity, headerRow: at.row, cols });
  }
  return out;
}

/** Rows of a located block, from below its header to the first row without a key. */
function blockRows(grid: Grid, b: Located): { row: number; key: string }[] {
  const keyCol = b.cols.get(b.spec.key)!;
  const rows: { row: number; key: string }[] = [];
  for (let r = b.headerRow + 1; r < grid.length; r++) {
    const key = text(grid[r]?.[keyCol]);
    if (!key) break;
    rows.push({ row: r, key });
  }
  return rows;
}

/** Every typed block of a sheet that holds at least one typed value. */
export function typedBlocks(sheet: string, grid: Grid): TypedBlock[] {
  return locate(grid).flatMap((b) => {
    const rows = new Map<string, Map<string, CellValue>>();
    for (const { row, key } of blockRows(grid, b)) {
      const values = new Map<string, CellValue>();
      for (const h of b.spec.typed) {
        const v = grid[row]?.[b.cols.get(h)!];
        if (filled(v) && v !== b.spec.preset?.[h]) values.set(h, v as CellValue);
      }
      if (values.size && !rows.has(key)) rows.set(key, values);
    }
    return rows.size ? [{ kind: b.spec.kind, sheet, identity: b.identity, rows }] : [];
  });
}

const sameIdentity = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => text(b[k]).toLowerCase() === v.toLowerCase());

/** A plan's constant values as a grid (formulas left out), for finding its blocks. */
export function planGrid(sheet: SheetPlan): Grid {
  return sheet.cells.map((row) => (row ?? []).map((c) => (c?.formula === undefined ? c?.value : null)));
}

/**
 * Puts typed values back into the plan's matching sheets (same kind and identity), by row key and
 * header. Returns how many cells were restored and the blocks (or rows) no rebuilt sheet has.
 */
export function restoreTyped(
  plan: WorkbookPlan,
  blocks: TypedBlock[],
): { restored: number; unplaced: { block: TypedBlock; keys: string[] }[] } {
  const placed = new Map<TypedBlock, Set<string>>();
  let restored = 0;
  for (const sheet of plan.sheets) {
    const grid = planGrid(sheet);
    for (const b of locate(grid)) {
      const old = blocks.find((x) => x.kind === b.spec.kind && sameIdentity(x.identity, b.identity));
      if (!old) continue;
      const done = placed.get(old) ?? new Set<string>();
      placed.set(old, done);
      for (const { row, key } of blockRows(grid, b)) {
        const values = old.rows.get(key);
        if (!values || done.has(key)) continue;
        done.add(key);
        for (const [h, v] of values) {
          const col = b.cols.get(h)!;
          const cells = (sheet.cells[row] ??= []);
          if (cells[col]?.value !== v) restored++;
          cells[col] = { value: v };
        }
      }
    }
  }
  const unplaced = blocks
    .map((block) => ({ block, keys: [...block.rows.keys()].filter((k) => !placed.get(block)?.has(k)) }))
    .filter((x) => x.keys.length);
  return { restored, unplaced };
}
