/**
 * The .xlsx renderer: writes a WorkbookPlan with ExcelJS, then adds native charts (DrawingML) that
 * ExcelJS cannot write. Data validations are written once per range, not per cell.
 */
import ExcelJS from 'exceljs';
import { parseRange, rangeRef } from '../workbook/a1';
import {
  CellStyle,
  ConditionalFormat,
  ConditionalStyle,
  SheetPlan,
  Validation,
  WorkbookPlan,
} from '../workbook/plan';
import { addChartsToXlsx } from './charts';

const argb = (hex: string) => ({ argb: `FF${hex.toUpperCase()}` });

function mergeStyle(a: CellStyle | undefined, b: CellStyle): CellStyle {
  return a ? { ...a, ...b, font: b.font || a.font ? { ...a.font, ...b.font } : undefined } : b;
}

function toExcelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  if (s.numFmt) out.numFmt = s.numFmt;
  if (s.font) {
    out.font = {
      bold: s.font.bold,
      italic: s.font.italic,
      size: s.font.size,
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

function cellValue(c: { value?: unknown; formula?: string } | undefined): ExcelJS.CellValue {
  if (!c) return null;
  if (c.formula !== undefined) return { formula: c.formula } as ExcelJS.CellFormulaValue;
  return (c.value ?? null) as ExcelJS.CellValue;
}

function writeSheet(wb: ExcelJS.Workbook, plan: SheetPlan): void {
  const ws = wb.addWorksheet(plan.name, {
    views: plan.freeze
      ? [{ state: 'frozen', ySplit: plan.freeze.rows, xSplit: plan.freeze.cols }]
      : undefined,
    state: plan.hidden ? 'hidden' : 'visible',
  });
  plan.columnWidths.forEach(({ col, width }) => (ws.getColumn(col + 1).width = width));

  // Cells inside tables are written by addTable (ExcelJS rewrites them), everything else here.
  const tableRects = plan.tables.map((t) => parseRange(t.ref));
  const inTable = (r: number, c: number) =>
    tableRects.some((p) => r >= p.row1 && r <= p.row2 && c >= p.col1 && c <= p.col2);
  plan.cells.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (cell && !inTable(r, c)) ws.getCell(r + 1, c + 1).value = cellValue(cell);
    }),
  );
  for (const t of plan.tables) {
    const p = parseRange(t.ref);
    const rows: ExcelJS.CellValue[][] = [];
    const lastDataRow = t.totals ? p.row2 - 1 : p.row2;
    for (let r = p.row1 + 1; r <= lastDataRow; r++) {
      const row: ExcelJS.CellValue[] = [];
      for (let c = p.col1; c <= p.col2; c++) row.push(cellValue(plan.cells[r]?.[c]));
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

  // Styles: merge every FormatRange per cell (later wins), then assign each cell once. Merged styles are
  // interned (one object per distinct combination), so ExcelJS's per-object style cache dedupes them.
  const COLS = 16384;
  const cellStyle = new Map<number, number>(); // cell key -> interned style index
  const interned: CellStyle[] = [];
  const mergedOf = new Map<string, number>(); // `${before}|${format}` -> interned style index
  plan.formats.forEach((f, fi) => {
    const p = parseRange(f.ref);
    for (let r = p.row1; r <= p.row2; r++)
      for (let c = p.col1; c <= p.col2; c++) {
        const key = r * COLS + c;
        const before = cellStyle.get(key) ?? -1;
        const k = `${before}|${fi}`;
        let id = mergedOf.get(k);
        if (id === undefined) {
          id = interned.push(mergeStyle(before < 0 ? undefined : interned[before], f.style)) - 1;
          mergedOf.set(k, id);
        }
        cellStyle.set(key, id);
      }
  });
  const unlocked = new Set<number>();
  for (const ref of plan.protection?.unlocked ?? []) {
    const p = parseRange(ref);
    for (let r = p.row1; r <= p.row2; r++) for (let c = p.col1; c <= p.col2; c++) unlocked.add(r * COLS + c);
  }
  const excel = new Map<string, Partial<ExcelJS.Style>>();
  const styleFor = (id: number | undefined, open: boolean): Partial<ExcelJS.Style> => {
    const k = `${id ?? -1}|${open}`;
    let st = excel.get(k);
    if (!st) {
      st = {
        ...(id !== undefined ? toExcelStyle(interned[id]) : {}),
        ...(open ? { protection: { locked: false } } : {}),
      };
      excel.set(k, st);
    }
    return st;
  };
  for (const key of new Set([...cellStyle.keys(), ...unlocked])) {
    const r = Math.floor(key / COLS);
    const c = key % COLS;
    ws.getCell(r + 1, c + 1).style = styleFor(cellStyle.get(key), unlocked.has(key));
  }

  plan.merges.forEach((m) => ws.mergeCells(m));
  // One rule per range (ExcelJS's typings omit worksheet.dataValidations; per-cell rules would repeat it).
  const dv = (ws as unknown as { dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  plan.validations.forEach((v) => dv.add(v.ref, validation(v)));
  plan.conditionalFormats.forEach((cf, i) =>
    ws.addConditionalFormatting({ ref: cf.ref, rules: [conditional(cf, i + 1)] }),
  );
  if (plan.print) {
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: plan.print.orientation,
      paperSize: 1 as ExcelJS.PageSetup['paperSize'],
      fitToPage: plan.print.fitToWidth,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: plan.print.titleRows,
    };
  }
}

/** Writes the plan to .xlsx bytes: ExcelJS for cells and structure, then the charts. */
export async function writeWorkbook(plan: WorkbookPlan): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Peer Performance Support';
  wb.calcProperties = { fullCalcOnLoad: true };
  for (const sheet of plan.sheets) writeSheet(wb, sheet);
  for (const n of plan.names) wb.definedNames.add(n.refersTo, n.name);
  const protectedSheets = plan.sheets.filter((s) => s.protection?.protect);
  for (const s of protectedSheets) {
    await wb
      .getWorksheet(s.name)!
      .protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  }
  const withCharts = plan.sheets.filter((s) => s.charts.length);
  // With charts to add, the package is zipped again by addChartsToXlsx: store it uncompressed first so
  // every part is deflated once, not twice.
  const buffer = new Uint8Array(
    await wb.xlsx.writeBuffer(withCharts.length ? { zip: { compression: 'STORE' } } : undefined),
  );
  return withCharts.length
    ? addChartsToXlsx(
        buffer,
        withCharts.map((s) => ({ sheetName: s.name, charts: s.charts })),
      )
    : buffer;
}
