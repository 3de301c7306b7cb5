/**
 * The Office.js reader: every sheet's values in two syncs (names, then used ranges), turned into
 * grids that src/workbook/read recognises by headers and labels, never by sheet name or position.
 */
import { Worker } from '../domain/csv';
import { Settings } from '../domain/settings';
import { Grid, RatingSheetData, recogniseSheets } from '../workbook/read';
import { ExcelRunner } from './host';

export interface SheetSnapshot {
  name: string;
  position: number;
  visible: boolean;
  grid: Grid;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  /** The roster from the sheet holding the Team headers, or null when there is none. */
  team: { sheet: string; workers: Worker[] } | null;
  /** Settings from the sheet holding the settings table; defaults when there is none. */
  settings: Settings;
  settingsSheet: string | null;
  ratingSheets: RatingSheetData[];
  /** Sync calls this read took (2). */
  syncs: number;
}

type Values = (string | number | boolean)[][];

/** A grid with the used range placed at its real rows and columns ('' cells become null). */
function placeGrid(values: Values, rowIndex: number, columnIndex: number): Grid {
  const grid: Grid = [];
  for (let r = 0; r < rowIndex; r++) grid.push([]);
  for (const row of values) {
    const out: Grid[number] = new Array(columnIndex).fill(null);
    for (const v of row) out.push(v === '' ? null : v);
    grid.push(out);
  }
  return grid;
}

export function snapshotFromGrids(sheets: SheetSnapshot[], syncs: number): WorkbookSnapshot {
  return { sheets, ...recogniseSheets(sheets), syncs };
}

/** Reads every sheet's values: exactly two syncs whatever the number of sheets. */
export async function readWorkbook(run: ExcelRunner): Promise<WorkbookSnapshot> {
  return run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.load('items/name,items/position,items/visibility');
    await ctx.sync();
    const ranges = sheets.items.map((ws) => {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('values,rowIndex,columnIndex');
      return { ws, used };
    });
    await ctx.sync();
    const snaps: SheetSnapshot[] = ranges.map(({ ws, used }) => ({
      name: ws.name,
      position: ws.position,
      visible: ws.visibility === 'Visible',
      grid: used.isNullObject ? [] : placeGrid(used.values as Values, used.rowIndex, used.columnIndex),
    }));
    return snapshotFromGrids(snaps, 2);
  });
}
