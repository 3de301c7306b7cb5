/** A1 reference helpers. Rows and columns are 0-based in code, 1-based in A1 text. */

export function colName(col: number): string {
  if (!Number.isInteger(col) || col < 0)
    throw new Error(`Column index must be a whole number >= 0, got ${col}`);
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellRef(row: number, col: number, absolute = false): string {
  return absolute ? `$${colName(col)}$${row + 1}` : `${colName(col)}${row + 1}`;
}

export function rangeRef(row1: number, col1: number, row2: number, col2: number, absolute = false): string {
  const a = cellRef(row1, col1, absolute);
  const b = cellRef(row2, col2, absolute);
  return a === b ? a : `${a}:${b}`;
}

export interface CellPos {
  row: number;
  col: number;
}

export interface RangePos {
  row1: number;
  col1: number;
  row2: number;
  col2: number;
}

export function parseCell(ref: string): CellPos {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`Not an A1 cell reference: "${ref}"`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

export function parseRange(ref: string): RangePos {
  const [a, b] = ref.split(':');
  const p = parseCell(a);
  const q = b === undefined ? p : parseCell(b);
  return {
    row1: Math.min(p.row, q.row),
    col1: Math.min(p.col, q.col),
    row2: Math.max(p.row, q.row),
    col2: Math.max(p.col, q.col),
  };
}

/** Sheet name as it must appear in a formula: quoted when it holds anything but letters, digits and _. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** "'Sheet 1'!$B$2:$B$9" */
export function sheetRange(sheet: string, ref: string): string {
  const r = parseRange(ref);
  return `${quoteSheet(sheet)}!${rangeRef(r.row1, r.col1, r.row2, r.col2, true)}`;
}

/** Whether two ranges share a cell. */
export function rectsOverlap(a: RangePos, b: RangePos): boolean {
  return a.row1 <= b.row2 && b.row1 <= a.row2 && a.col1 <= b.col2 && b.col1 <= a.col2;
}
