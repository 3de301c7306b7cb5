/** Value grids of sheets, as both renderers' readers produce them, and finding things in them. */

export type Grid = (string | number | boolean | null | undefined)[][];

export const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();
export const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** Finds a row holding the given headers in order, side by side; returns its row and first column. */
export function findHeaderRow(grid: Grid, headers: readonly string[]): { row: number; col: number } | null {
  const want = headers.map((h) => h.toLowerCase());
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c + want.length <= row.length; c++) {
      if (want.every((h, i) => norm(row[c + i]) === h)) return { row: r, col: c };
    }
  }
  return null;
}

/** Label value: the cell right of a cell holding `label`, searched above the header row. */
export function labelValue(grid: Grid, label: string, above: number): string | undefined {
  for (let r = 0; r < above; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c + 1 < row.length; c++)
      if (norm(row[c]) === label.toLowerCase()) return text(row[c + 1]);
  }
  return undefined;
}
