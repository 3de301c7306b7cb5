/**
 * Cells as 2-D arrays: one `formulas` array over a sheet's used rectangle (table headers laid over it,
 * totals rows left to the tables, formulas that use tables deferred until the tables exist) and one
 * `numberFormat` array, each split into row bands only when a band would not fit the request budget.
 */
import { cellRef, parseRange, rangeRef } from '../../workbook/a1';
import { hasTotals } from '../../workbook/checks';
import type { SheetPlan } from '../../workbook/plan';
import { usesTables } from '../../workbook/renames';
import { Input, toFormulaInput } from '../cellInput';
import { COMMAND_BYTES, Marker, RequestBatch } from './batch';

/** A cell whose formula waits for the tables (Excel rejects structured references before they exist). */
export interface DeferredCell {
  row: number;
  col: number;
  input: string;
}

/** Queue the sheet's cells; returns the cells whose formulas must wait for the tables. */
export async function writeCells(
  s: RequestBatch,
  p: SheetPlan,
  tableNames: Set<string>,
): Promise<DeferredCell[]> {
  const deferred: DeferredCell[] = [];
  const totalsRows = new Set<string>();
  const overlay = new Map<string, Input>();
  for (const t of p.tables) {
    const r = parseRange(t.ref);
    t.columns.forEach((h, i) => overlay.set(`${r.row1},${r.col1 + i}`, toFormulaInput({ value: h })));
    if (hasTotals(t)) for (let c = r.col1; c <= r.col2; c++) totalsRows.add(`${r.row2},${c}`);
  }
  let r1 = Infinity;
  let r2 = -1;
  let c1 = Infinity;
  let c2 = -1;
  const touch = (r: number, c: number): void => {
    r1 = Math.min(r1, r);
    r2 = Math.max(r2, r);
    c1 = Math.min(c1, c);
    c2 = Math.max(c2, c);
  };
  p.cells.forEach((row, r) => row?.forEach((cell, c) => cell && toFormulaInput(cell) !== '' && touch(r, c)));
  for (const k of overlay.keys()) touch(...(k.split(',').map(Number) as [number, number]));
  if (r2 < 0) return deferred;
  const grid: Input[][] = [];
  for (let r = r1; r <= r2; r++) {
    const row: Input[] = [];
    for (let c = c1; c <= c2; c++) {
      const k = `${r},${c}`;
      let input: Input = overlay.get(k) ?? toFormulaInput(p.cells[r]?.[c]);
      if (totalsRows.has(k)) input = '';
      if (typeof input === 'string' && input.startsWith('=') && usesTables(input, tableNames)) {
        deferred.push({ row: r, col: c, input });
        input = '';
      }
      row.push(input);
    }
    grid.push(row);
  }
  await writeGrid(
    s,
    p.name,
    r1,
    c1,
    grid,
    'Range.formulas',
    'writing the cell values and formulas',
    (rg, v) => (rg.formulas = v),
    true,
  );
  return deferred;
}

/** Queue the formulas that use tables, once the tables exist: one array over their bounding rectangle. */
export async function writeDeferredCells(
  s: RequestBatch,
  sheet: string,
  cells: DeferredCell[],
): Promise<void> {
  const r1 = Math.min(...cells.map((c) => c.row));
  const r2 = Math.max(...cells.map((c) => c.row));
  const c1 = Math.min(...cells.map((c) => c.col));
  const c2 = Math.max(...cells.map((c) => c.col));
  const grid: (string | null)[][] = Array.from({ length: r2 - r1 + 1 }, () =>
    Array<string | null>(c2 - c1 + 1).fill(null),
  );
  for (const c of cells) grid[c.row - r1][c.col - c1] = c.input;
  await writeGrid(
    s,
    sheet,
    r1,
    c1,
    grid,
    'Range.formulas',
    'writing the formulas that use tables',
    (r, v) => (r.formulas = v),
  );
}

/** Queue the sheet's number formats: one 2-D array over their bounding rectangle (null = leave as is). */
export async function writeNumberFormats(s: RequestBatch, p: SheetPlan): Promise<void> {
  const nf = p.formats.filter((f) => f.style.numFmt !== undefined);
  if (!nf.length) return;
  const rs = nf.map((f) => parseRange(f.ref));
  const b = {
    row1: Math.min(...rs.map((r) => r.row1)),
    col1: Math.min(...rs.map((r) => r.col1)),
    row2: Math.max(...rs.map((r) => r.row2)),
    col2: Math.max(...rs.map((r) => r.col2)),
  };
  const grid: (string | null)[][] = Array.from({ length: b.row2 - b.row1 + 1 }, () =>
    Array<string | null>(b.col2 - b.col1 + 1).fill(null),
  );
  nf.forEach((f, i) => {
    const r = rs[i];
    for (let y = r.row1; y <= r.row2; y++)
      for (let x = r.col1; x <= r.col2; x++) grid[y - b.row1][x - b.col1] = f.style.numFmt!;
  });
  await writeGrid(
    s,
    p.name,
    b.row1,
    b.col1,
    grid,
    'Range.numberFormat',
    'setting number formats',
    (rg, v) => (rg.numberFormat = v),
  );
}

/** Write a 2-D array starting at (row, col), in row bands that each fit the request limit. */
export async function writeGrid<T extends Input | null>(
  s: RequestBatch,
  sheet: string,
  row: number,
  col: number,
  grid: T[][],
  op: string,
  what: string,
  assign: (r: Excel.Range, v: T[][]) => void,
  mark = false,
): Promise<void> {
  const budget = Math.max(1, s.max - 4 * COMMAND_BYTES);
  const width = grid[0].length;
  let start = 0;
  while (start < grid.length) {
    let end = start;
    let size = JSON.stringify(grid[start]).length + 2;
    while (end + 1 < grid.length) {
      const next = JSON.stringify(grid[end + 1]).length + 1;
      if (size + next > budget) break;
      size += next;
      end++;
    }
    const band = grid.slice(start, end + 1);
    const address = rangeRef(row + start, col, row + end, col + width - 1);
    let marker: Marker | undefined;
    if (mark)
      band.some((cells, y) =>
        cells.some((v, x) => {
          if (v === '' || v === null) return false;
          marker = { kind: 'cell', sheet, address: cellRef(row + start + y, col + x) };
          return true;
        }),
      );
    await s.add({ sheet, what, ops: [op], marker }, COMMAND_BYTES + size, () =>
      assign(s.sheet(sheet).getRange(address), band),
    );
    start = end + 1;
  }
}
