/** The .xlsx reader: turns every sheet into a value grid and hands it to src/workbook/read. */
import ExcelJS from 'exceljs';
import { readTablesWithFormulas } from './calculatedColumns';
import { Grid } from '../workbook/read';

/** A cell's value as a person sees it: constants as they are, formulas as their cached result. */
export function plainValue(v: ExcelJS.CellValue): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Math.round((v.getTime() - Date.UTC(1899, 11, 30)) / 86400000);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const res = (v as ExcelJS.CellFormulaValue).result;
      return res === undefined || typeof res === 'object' ? null : (res as string | number | boolean);
    }
    if ('text' in v && 'hyperlink' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return null;
}

export function sheetGrid(ws: ExcelJS.Worksheet): Grid {
  const grid: Grid = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const out: Grid[number] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      out[c - 1] = plainValue(cell.value);
    });
    grid[r - 1] = out;
  });
  for (let i = 0; i < grid.length; i++) if (!grid[i]) grid[i] = [];
  return grid;
}

/** Loads .xlsx bytes; a file that is not a workbook gets a message naming it. */
export async function loadXlsx(bytes: Uint8Array | ArrayBuffer, file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (!bytes || bytes.byteLength === 0) throw new Error(`${file}: the file is empty, not an .xlsx workbook`);
  readTablesWithFormulas(); // calculated columns, ours or Excel's, would stop ExcelJS (src/xlsx/calculatedColumns.ts)
  try {
    await wb.xlsx.load(bytes as ArrayBuffer);
  } catch (e) {
    throw new Error(`${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  return wb;
}

export function workbookGrids(wb: ExcelJS.Workbook): { name: string; grid: Grid }[] {
  return wb.worksheets.map((ws) => ({ name: ws.name, grid: sheetGrid(ws) }));
}
