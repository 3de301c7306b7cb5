/**
 * The .xlsx renderer: writes a WorkbookPlan with ExcelJS and adds the native charts (DrawingML) and the
 * sheets' layout records (src/xlsx/layoutNames.ts) that ExcelJS cannot write. Data validations are written once per range, not per cell; filled-down formulas
 * as shared formulas (src/xlsx/shared.ts).
 */
import ExcelJS from 'exceljs';
import { parseRange, rangeRef } from '../workbook/a1';
import {
  CellStyle,
  ConditionalFormat,
  ConditionalStyle,
  PRINT_MARGINS,
  SheetPlan,
  Validation,
  WorkbookPlan,
} from '../workbook/plan';
import { DEFAULT_FONT_SIZE, rowHeights } from '../workbook/textFit';
import { addChartsToPackage, type ZipPackage } from './charts';
import { addLayoutNames } from './layoutNames';
import { addPrintNames, loosenRowHeights, PrintNames } from './print';
import { cellKey, sharedFormulaMasters } from './shared';

const argb = (hex: string) => ({ argb: `FF${hex.toUpperCase()}` });

function mergeStyle(a: CellStyle | undefined, b: CellStyle): CellStyle {
  return a ? { ...a, ...b, font: b.font || a.font ? { ...a.font, ...b.font } : undefined } : b;
}

function toExcelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  if (s.numFmt) out.numFmt = s.numFmt;
  if (s.font) {
    // The name too: a font without one prints in the reader's default (a serif in LibreOffice).
    out.font = {
      name: 'Calibri',
      family: 2,
      size: s.font.size ?? DEFAULT_FONT_SIZE,
      bold: s.font.bold,
      italic: s.font.italic,
      color: s.font.color ? argb(s.font.color) : undefined,
    };
  }
  if (s.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: argb(s.fill) };
  if (s.border) {
    const t = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
    out.border = { top: t, left: t, bottom: t, right: t };
  }
  if (s.horizontal || s.vertical || s.wrap) {
    out.alignment = { horizontal: s.horizontal, vertical: s.vertical, wrapText: s.wrap };
  }
  return out;
}

function cfStyle(s: ConditionalStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  if (s.fill) out.fill = { type: 'pattern', pattern: 'solid', bgColor: argb(s.fill) };
  if (s.fontColor || s.bold) out.font = { bold: s.bold, color: s.fontColor ? argb(s.fontColor) : undefined };
  return out;
}

function validation(v: Validation): ExcelJS.DataValidation {
  const common = {
    allowBlank: v.allowBlank,
    showInputMessage: !!v.prompt,
    promptTitle: v.promptTitle,
    prompt: v.prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: v.errorTitle,
    error: v.error,
  };
  switch (v.type) {
    case 'list':
      return { ...common, type: 'list', formulae: [`"${v.values.join(',')}"`] };
    case 'decimal':
    case 'whole':
      return { ...common, type: v.type, operator: 'between', formulae: [v.min, v.max] };
    case 'date':
      return { ...common, type: 'date', operator: 'between', formulae: [new Date(v.min), new Date(v.max)] };
    case 'custom':
      return { ...common, type: 'custom', formulae: [v.formula] };
  }
}

function conditional(cf: ConditionalFormat, priority: number): ExcelJS.ConditionalFormattingRule {
  switch (cf.type) {
    case 'cellIs':
      // ExcelJS's typings list fewer operators than OOXML has; it writes the attribute as given.
      return {
        type: 'cellIs',
        operator: cf.operator as ExcelJS.CellIsRuleType['operator'],
        formulae: cf.formulas,
        style: cfStyle(cf.style),
        priority,
      };
    case 'expression':
      return { type: 'expression', formulae: [cf.formula], style: cfStyle(cf.style), priority };
    case 'colorScale': {
      const cfvo: { type: 'num' | 'min' | 'max' | 'percentile'; value?: number }[] =
        cf.min !== undefined && cf.max !== undefined
          ? [
              { type: 'num', value: cf.min },
              // fixed bounds: the middle colour sits halfway, as the Office.js renderer writes it
              ...(cf.colors.length === 3 ? [{ type: 'num' as const, value: (cf.min + cf.max) / 2 }] : []),
              { type: 'num', value: cf.max },
            ]
          : [
              { type: 'min' },
              ...(cf.colors.length === 3 ? [{ type: 'percentile' as const, value: 50 }] : []),
              { type: 'max' },
            ];
      return {
        type: 'colorScale',
        cfvo,
        color: cf.colors.map(argb),
        priority,
      } as ExcelJS.ConditionalFormattingRule;
    }
  }
}

function cellValue(c: { value?: unknown; formula?: string } | undefined, master?: string): ExcelJS.CellValue {
  if (!c) return null;
  if (master !== undefined) return { sharedFormula: master } as ExcelJS.CellSharedFormulaValue;
  if (c.formula !== undefined) return { formula: c.formula } as ExcelJS.CellFormulaValue;
  return (c.value ?? null) as ExcelJS.CellValue;
}

/**
 * Styles: merges every FormatRange per cell (later wins), then assigns each cell once. Merged styles are
 * interned (one object per distinct combination), so ExcelJS's per-object style cache dedupes them. The
 * per-cell bookkeeping is a dense typed array over the styled area: this runs for every styled cell of an
 * agency workbook (over half a million), where string or Map keys cost more than the rest of the pass.
 */
function applyStyles(ws: ExcelJS.Worksheet, plan: SheetPlan): void {
  const formats = plan.formats.map((f) => ({ p: parseRange(f.ref), style: f.style }));
  const unlockedRanges = (plan.protection?.unlocked ?? []).map(parseRange);
  let rows = 0;
  let cols = 0;
  for (const p of [...formats.map((f) => f.p), ...unlockedRanges]) {
    rows = Math.max(rows, p.row2 + 1);
    cols = Math.max(cols, p.col2 + 1);
  }
  if (rows === 0) return;
  const cellStyle = new Int32Array(rows * cols).fill(-1); // r * cols + c -> interned style index
  const interned: CellStyle[] = [];
  const mergedOf = new Map<number, number>(); // (style before + 1) * formats + format -> interned index
  formats.forEach(({ p, style }, fi) => {
    let lastBefore = -2; // neighbouring cells mostly share the style before: skip the lookup for them
    let lastId = -1;
    for (let r = p.row1; r <= p.row2; r++)
      for (let i = r * cols + p.col1, end = r * cols + p.col2; i <= end; i++) {
        const before = cellStyle[i];
        if (before !== lastBefore) {
          const k = (before + 1) * formats.length + fi;
          let id = mergedOf.get(k);
          if (id === undefined) {
            id = interned.push(mergeStyle(before < 0 ? undefined : interned[before], style)) - 1;
            mergedOf.set(k, id);
          }
          lastBefore = before;
          lastId = id;
        }
        cellStyle[i] = lastId;
      }
  });
  const unlocked = new Uint8Array(rows * cols);
  for (const p of unlockedRanges)
    for (let r = p.row1; r <= p.row2; r++) unlocked.fill(1, r * cols + p.col1, r * cols + p.col2 + 1);

  const excel = new Map<number, Partial<ExcelJS.Style>>(); // (style + 1) * 2 + unlocked -> ExcelJS style
  for (let i = 0; i < cellStyle.length; i++) {
    const id = cellStyle[i];
    const open = unlocked[i];
    if (id < 0 && !open) continue;
    const k = (id + 1) * 2 + open;
    let st = excel.get(k);
    if (!st) {
      st = {
        ...(id >= 0 ? toExcelStyle(interned[id]) : {}),
        ...(open ? { protection: { locked: false } } : {}),
      };
      excel.set(k, st);
    }
    ws.getCell(Math.floor(i / cols) + 1, (i % cols) + 1).style = st;
  }
}

/** Writes one sheet; returns whether any row got an estimated (not fixed) height. */
function writeSheet(wb: ExcelJS.Workbook, plan: SheetPlan, options: WriteOptions): boolean {
  const ws = wb.addWorksheet(plan.name, {
    views: plan.freeze
      ? [{ state: 'frozen', ySplit: plan.freeze.rows, xSplit: plan.freeze.cols }]
      : undefined,
    state: plan.hidden === 'very' ? 'veryHidden' : plan.hidden ? 'hidden' : 'visible',
  });
  for (const { col, width, hidden } of plan.columnWidths) {
    const column = ws.getColumn(col + 1);
    column.width = width;
    if (hidden) column.hidden = true;
  }

  // Cells inside tables are written by addTable (ExcelJS rewrites them), everything else here.
  const tableRects = plan.tables.map((t) => parseRange(t.ref));
  const inTable = (r: number, c: number) =>
    tableRects.some((p) => r >= p.row1 && r <= p.row2 && c >= p.col1 && c <= p.col2);
  const masters =
    options.sharedFormulas === false ? new Map<number, string>() : sharedFormulaMasters(plan.cells);
  for (let r = 0; r < plan.cells.length; r++) {
    const row = plan.cells[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell && !inTable(r, c))
        ws.getCell(r + 1, c + 1).value = cellValue(cell, masters.get(cellKey(r, c)));
    }
  }
  for (const t of plan.tables) {
    const p = parseRange(t.ref);
    const rows: ExcelJS.CellValue[][] = [];
    const lastDataRow = t.totals ? p.row2 - 1 : p.row2;
    for (let r = p.row1 + 1; r <= lastDataRow; r++) {
      const row: ExcelJS.CellValue[] = [];
      for (let c = p.col1; c <= p.col2; c++)
        row.push(cellValue(plan.cells[r]?.[c], masters.get(cellKey(r, c))));
      rows.push(row);
    }
    ws.addTable({
      name: t.name,
      ref: rangeRef(p.row1, p.col1, p.row1, p.col1),
      headerRow: true,
      totalsRow: !!t.totals,
      style: { theme: t.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
      columns: t.columns.map((name) => {
        const tot = t.totals?.[name];
        return tot && 'fn' in tot
          ? { name, filterButton: true, totalsRowFunction: tot.fn }
          : { name, filterButton: true, totalsRowLabel: tot && 'label' in tot ? tot.label : undefined };
      }),
      rows,
    });
  }
  applyStyles(ws, plan);
  plan.merges.forEach((m) => ws.mergeCells(m));
  // One rule per range (ExcelJS's typings omit worksheet.dataValidations; per-cell rules would repeat it).
  const dv = (ws as unknown as { dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  plan.validations.forEach((v) => dv.add(v.ref, validation(v)));
  plan.conditionalFormats.forEach((cf, i) =>
    ws.addConditionalFormatting({ ref: cf.ref, rules: [conditional(cf, i + 1)] }),
  );
  // Rows get the height their text needs: neither Excel nor LibreOffice fits heights when opening a file.
  const heights = rowHeights(plan);
  for (const [r, height] of heights) ws.getRow(r + 1).height = height;
  if (plan.print) {
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: plan.print.orientation,
      paperSize: 1 as ExcelJS.PageSetup['paperSize'],
      fitToPage: plan.print.fitToWidth,
      fitToWidth: plan.print.pagesWide ?? 1,
      fitToHeight: 0,
      margins: { ...PRINT_MARGINS },
    };
    // a break above 0-based row r is a break below 1-based row r
    for (const r of plan.print.rowBreaks ?? []) if (r > 0) ws.getRow(r).addPageBreak();
  }
  const fixed = new Set((plan.rowHeights ?? []).map((h) => h.row));
  return [...heights.keys()].some((r) => !fixed.has(r));
}

export interface WriteOptions {
  /**
   * Filled-down formulas as shared formulas (the default, as Excel saves them); false writes every formula
   * in full, for comparison (the bench, the equivalence test).
   */
  sharedFormulas?: boolean;
}

/**
 * ExcelJS's package writer, as far as writeWorkbook reaches into it. Not in its typings: `_finalize`
 * receives the zip writer once every part is added and before it is compressed, and `zip` is that
 * writer's JSZip package (the same in ExcelJS's Node build and its browser bundle, 4.x).
 */
interface ExcelJsPackageWriter {
  _finalize(writer: { zip?: ZipPackage }): Promise<unknown>;
}

/**
 * Writes the plan to .xlsx bytes: ExcelJS for cells and structure, and the charts added to ExcelJS's
 * package just before it is zipped, so every part is compressed once (not written, unzipped and
 * zipped again).
 */
export async function writeWorkbook(plan: WorkbookPlan, options: WriteOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Peer Performance Support';
  wb.calcProperties = { fullCalcOnLoad: true };
  const estimated = plan.sheets.filter((sheet) => writeSheet(wb, sheet, options)).map((s) => s.name);
  for (const n of plan.names) wb.definedNames.add(n.refersTo, n.name);
  const protectedSheets = plan.sheets.filter((s) => s.protection?.protect);
  for (const s of protectedSheets) {
    await wb
      .getWorksheet(s.name)!
      .protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  }
  const charts = plan.sheets
    .filter((s) => s.charts.length)
    .map((s) => ({ sheetName: s.name, charts: s.charts }));
  const printNames: PrintNames[] = plan.sheets.flatMap((s, index) =>
    s.print && (s.print.areas?.length || s.print.titleRows || s.print.titleColumns)
      ? [
          {
            sheetName: s.name,
            index,
            areas: s.print.areas ?? [],
            titleRows: s.print.titleRows,
            titleColumns: s.print.titleColumns,
          },
        ]
      : [],
  );
  // Estimated heights are not fixed (Excel fits such a row again when its text is edited); the minimum
  // heights of rows to write in by hand are.
  const fixedRows = new Map(
    plan.sheets.map((s) => [s.name, new Set((s.rowHeights ?? []).map((h) => h.row))]),
  );
  const layouts = plan.sheets.map((s) => s.layout);
  const writer = wb.xlsx as unknown as ExcelJsPackageWriter;
  if (typeof writer._finalize !== 'function')
    throw new Error('This ExcelJS version has no package hook (xlsx._finalize)');
  const finalize = writer._finalize.bind(writer);
  writer._finalize = async (zipWriter) => {
    if (!zipWriter.zip) throw new Error('This ExcelJS version exposes no zip package');
    if (charts.length) await addChartsToPackage(zipWriter.zip, charts);
    await addPrintNames(zipWriter.zip, printNames);
    await addLayoutNames(zipWriter.zip, layouts);
    await loosenRowHeights(zipWriter.zip, estimated, (sheet, row) => !fixedRows.get(sheet)?.has(row - 1));
    return finalize(zipWriter);
  };
  // Uint8Array, not a Node Buffer: the same code runs in the task pane (Share a copy).
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
