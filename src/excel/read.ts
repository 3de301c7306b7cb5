/**
 * The Office.js reader: every sheet's values in two syncs (names, then used ranges), turned into
 * grids that src/workbook/read recognises by headers and labels, never by sheet name or position.
 */
import { Worker } from '../domain/csv';
import { Settings } from '../domain/settings';
import { findHeaderRow, findRatingSheet, Grid, RatingSheetData, teamFromGrid } from '../workbook/read';
import { SETTINGS_HEADERS, settingsFromPairs } from '../workbook/settingsSheet';
import { editSafe, ExcelRunner } from './host';

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
  let team: WorkbookSnapshot['team'] = null;
  let settings: Settings | null = null;
  let settingsSheet: string | null = null;
  const ratingSheets: RatingSheetData[] = [];
  for (const s of sheets) {
    const found = findRatingSheet(s.name, s.grid);
    if (found) {
      ratingSheets.push(found);
      continue;
    }
    if (!team) {
      const workers = teamFromGrid(s.grid);
      if (workers) {
        team = { sheet: s.name, workers };
        continue;
      }
    }
    if (!settings) {
      const at = findHeaderRow(s.grid, SETTINGS_HEADERS);
      if (at) {
        const pairs = s.grid
          .slice(at.row + 1)
          .map((r) => [r?.[at.col + 2], r?.[at.col + 1]] as [unknown, unknown]);
        settings = settingsFromPairs(pairs);
        settingsSheet = s.name;
      }
    }
  }
  return { sheets, team, settings: settings ?? settingsFromPairs([]), settingsSheet, ratingSheets, syncs };
}

/** Reads every sheet's values: exactly two syncs whatever the number of sheets. */
export async function readWorkbook(run: ExcelRunner): Promise<WorkbookSnapshot> {
  return editSafe(run)(async (ctx) => {
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
