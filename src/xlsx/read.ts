/** The .xlsx reader: turns every sheet into a value grid and hands it to src/workbook/read. */
import ExcelJS from 'exceljs';
import { fileKind } from '../domain/csv';
import { cellRef } from '../workbook/a1';
import { SheetPlan } from '../workbook/plan';
import { Grid, NamedGrid, readTeamWorkbook, WorkbookLibrary } from '../workbook/read';
import { SheetBuilder } from '../workbook/sheet';
import { checkPackage, outsideExtent, PackageLimits, UntrustedFileError, WORKBOOK_LIMITS } from './guard';
import { readLayoutRecords } from './layoutNames';

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
  return sheetGridAndFormulas(ws).grid;
}

/**
 * The value grid, and the A1 addresses of cells that hold a formula (their grid value is the cached
 * result): readers of returned files refuse a formula where a person should have typed a value.
 */
function sheetGridAndFormulas(ws: ExcelJS.Worksheet): { grid: Grid; formulas: Set<string> } {
  const grid: Grid = [];
  const formulas = new Set<string>();
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const out: Grid[number] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      out[c - 1] = plainValue(cell.value);
      const v = cell.value;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
        formulas.add(cellRef(r - 1, c - 1));
    });
    grid[r - 1] = out;
  });
  for (let i = 0; i < grid.length; i++) if (!grid[i]) grid[i] = [];
  return { grid, formulas };
}

/**
 * Loads untrusted .xlsx bytes; a file that is not a workbook gets a message naming it. The package is
 * checked first against what a genuine file of its kind holds (src/xlsx/guard.ts: sizes before anything
 * inflates, parts a form never has, cells far outside the used area); a refused file throws
 * UntrustedFileError and nothing is read from it.
 */
export async function loadXlsx(
  bytes: Uint8Array | ArrayBuffer,
  file: string,
  limits: PackageLimits = WORKBOOK_LIMITS,
): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (!bytes || bytes.byteLength === 0) throw new Error(`${file}: the file is empty, not an .xlsx workbook`);
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  await checkPackage(u8, file, limits);
  try {
    await wb.xlsx.load(bytes as ArrayBuffer);
  } catch (e) {
    throw new Error(`${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  for (const ws of wb.worksheets) {
    const far = outsideExtent(usedCells(ws), limits);
    if (far)
      throw new UntrustedFileError(
        `${file}: refused: sheet "${ws.name}" has a value in cell ${cellRef(far.row - 1, far.col - 1)}, far ` +
          `outside the area ${limits.kind} uses (${limits.maxRows} rows, ${limits.maxCols} columns at most). ` +
          'Nothing was read from it.',
      );
  }
  return wb;
}

/** 1-based row numbers with the column numbers of their non-empty cells. */
function usedCells(ws: ExcelJS.Worksheet): [number, number[]][] {
  const rows: [number, number[]][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cols: number[] = [];
    row.eachCell({ includeEmpty: false }, (_cell, c) => cols.push(c));
    rows.push([r, cols]);
  });
  return rows;
}

/** Every sheet's value grid and formula cells, with its layout record when `records` (readLayoutRecords) has one. */
export function workbookGrids(
  wb: ExcelJS.Workbook,
  records = new Map<string, string>(),
): (NamedGrid & { formulas: Set<string> })[] {
  return wb.worksheets.map((ws) => {
    const recorded = records.get(ws.name);
    return { name: ws.name, ...sheetGridAndFormulas(ws), ...(recorded === undefined ? {} : { recorded }) };
  });
}

/** Why bytes are not an .xlsx workbook (and what to do), or null when they look like one. */
export function notXlsx(bytes: Uint8Array): string | null {
  if (!bytes || bytes.byteLength === 0) return 'is empty (0 bytes), not an .xlsx workbook';
  const kind = fileKind(bytes);
  const saveAs = 'open it in Excel and save it as "Excel Workbook (*.xlsx)"';
  return {
    xlsx: null,
    ods: `is an OpenDocument spreadsheet (.ods), not .xlsx: in LibreOffice use File > Save As, "Excel 2007-365 (.xlsx)"`,
    xls: `is an Excel 97-2003 workbook (.xls), not .xlsx: ${saveAs}`,
    zip: 'is a zip archive but not an .xlsx workbook',
    pdf: 'is a PDF document, not an .xlsx workbook',
    html: `is a web page (HTML), not an .xlsx workbook: ${saveAs}`,
    binary: 'is not an .xlsx workbook',
    text: 'is a text file (CSV?), not an .xlsx workbook: to make a workbook from CSV files use peer-performance build',
  }[kind];
}

/**
 * Reads a team workbook file into domain data (src/workbook/read.ts readTeamWorkbook), after checking
 * the bytes are an .xlsx workbook at all. Every problem names the file (and the sheet and cell).
 */
export async function readTeamWorkbookXlsx(
  bytes: Uint8Array,
  file: string,
  lib: WorkbookLibrary,
): Promise<ReturnType<typeof readTeamWorkbook> & { wb?: ExcelJS.Workbook }> {
  const not = notXlsx(bytes);
  const none = (message: string) => ({ problems: [{ file, message }], warnings: [], notes: [] });
  if (not) return none(not);
  let wb: ExcelJS.Workbook;
  try {
    wb = await loadXlsx(bytes, file);
  } catch (e) {
    return none((e as Error).message.replace(`${file}: `, ''));
  }
  return { ...readTeamWorkbook(workbookGrids(wb, await readLayoutRecords(bytes)), file, lib), wb };
}

/**
 * A sheet this program did not make, as a plan that writes it again: constants and formulas, number
 * formats, column widths and merged cells (not its other formatting, charts or pictures).
 */
export function sheetCopy(ws: ExcelJS.Worksheet, name = ws.name): SheetPlan {
  const b = new SheetBuilder(name, 'other');
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === ExcelJS.ValueType.Formula && cell.formula) b.formula(r - 1, c - 1, cell.formula);
      else b.value(r - 1, c - 1, plainValue(cell.value));
      const numFmt = cell.numFmt;
      if (numFmt && numFmt !== 'General') b.style(r - 1, c - 1, r - 1, c - 1, { numFmt });
    });
  });
  (ws.columns ?? []).forEach((col, i) => {
    if (col?.width) b.width(i, col.width);
  });
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  b.plan.merges.push(...merges);
  return b.plan;
}
