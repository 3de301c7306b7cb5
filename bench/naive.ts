/**
 * A naive Office.js writer, the baseline for insertPlans: what straightforward add-in code does.
 *
 * Per sheet: add it; then one command per CELL for content (`range.formulas = [[x]]` on a one-cell range),
 * and for every FormatRange, per cell it covers, one command per style property (number format, bold,
 * italic, colour, size, fill, alignments, wrap, and style + weight on each of the four borders) and per
 * unlocked cell one `format.protection.locked`; column widths one command per column; validation,
 * conditional formats, tables, freeze panes, charts and print setup one command group per item, as
 * insertPlans does (nobody writes those per cell). Then `context.sync()` once per sheet.
 *
 * The fully naive variant (a sync after every cell command) is not run: it would take one round trip
 * per command, so its syncs equal the command count this writer reports.
 */
import { cellRef, colName, parseRange } from '../src/workbook/a1';
import { ExcelRunner, hostColor } from '../src/excel/host';
import {
  CF_OPERATOR,
  CHART_TYPE,
  columnWidthPoints,
  H_ALIGN,
  stripEq,
  toFormulaInput,
  V_ALIGN,
  validationRule,
} from '../src/excel/render';
import {
  CellStyle,
  ChartPlan,
  ConditionalFormat,
  SheetPlan,
  Validation,
  WorkbookPlan,
} from '../src/workbook/plan';

const color = hostColor;

export interface NaiveResult {
  syncs: number;
  /** Commands queued (property sets and method calls), i.e. the syncs of a sync-per-command writer. */
  commands: number;
}

export async function naiveInsert(run: ExcelRunner, plan: WorkbookPlan): Promise<NaiveResult> {
  let syncs = 0;
  let commands = 0;
  await run(async (ctx) => {
    for (const n of plan.names) {
      ctx.workbook.names.add(n.name, `=${stripEq(n.refersTo)}`);
      commands++;
    }
    for (const p of plan.sheets) {
      const ws = ctx.workbook.worksheets.add(p.name);
      commands++;
      commands += writeSheet(ws, p);
      await ctx.sync();
      syncs++;
    }
  });
  return { syncs, commands };
}

function cellsOf(ref: string): string[] {
  const r = parseRange(ref);
  const out: string[] = [];
  for (let y = r.row1; y <= r.row2; y++) for (let x = r.col1; x <= r.col2; x++) out.push(cellRef(y, x));
  return out;
}

/** Queue one sheet cell by cell; returns the number of commands queued. */
function writeSheet(ws: Excel.Worksheet, p: SheetPlan): number {
  let n = 0;
  p.cells.forEach((row, r) =>
    row?.forEach((cell, c) => {
      const input = toFormulaInput(cell);
      if (input === '') return;
      ws.getRange(cellRef(r, c)).formulas = [[input]];
      n++;
    }),
  );
  for (const f of p.formats) for (const a of cellsOf(f.ref)) n += styleCell(ws.getRange(a), f.style);
  for (const w of p.columnWidths) {
    ws.getRange(`${colName(w.col)}:${colName(w.col)}`).format.columnWidth = columnWidthPoints(w.width);
    n++;
  }
  for (const v of p.validations) n += validate(ws.getRange(v.ref), v);
  for (const cf of p.conditionalFormats) n += conditional(ws.getRange(cf.ref), cf);
  for (const t of p.tables) {
    const table = ws.tables.add(t.ref, true);
    table.name = t.name;
    table.style = t.style;
    n += 3;
  }
  for (const m of p.merges) {
    ws.getRange(m).merge(false);
    n++;
  }
  if (p.freeze && p.freeze.rows > 0) {
    ws.freezePanes.freezeRows(p.freeze.rows);
    n++;
  }
  for (const c of p.charts) n += chart(ws, c);
  if (p.print) {
    ws.pageLayout.orientation = p.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    ws.pageLayout.paperSize = 'Letter';
    n += 2;
  }
  for (const u of p.protection?.unlocked ?? [])
    for (const a of cellsOf(u)) {
      ws.getRange(a).format.protection.locked = false;
      n++;
    }
  return n;
}

function styleCell(range: Excel.Range, st: CellStyle): number {
  let n = 0;
  const fmt = range.format;
  const set = (f: () => void): void => {
    f();
    n++;
  };
  if (st.numFmt !== undefined) set(() => (range.numberFormat = [[st.numFmt!]]));
  if (st.font?.bold !== undefined) set(() => (fmt.font.bold = st.font!.bold!));
  if (st.font?.italic !== undefined) set(() => (fmt.font.italic = st.font!.italic!));
  if (st.font?.color !== undefined) set(() => (fmt.font.color = color(st.font!.color!)));
  if (st.font?.size !== undefined) set(() => (fmt.font.size = st.font!.size!));
  if (st.fill !== undefined) set(() => (fmt.fill.color = color(st.fill!)));
  if (st.horizontal) set(() => (fmt.horizontalAlignment = H_ALIGN[st.horizontal!]));
  if (st.vertical) set(() => (fmt.verticalAlignment = V_ALIGN[st.vertical!]));
  if (st.wrap !== undefined) set(() => (fmt.wrapText = st.wrap!));
  if (st.border)
    for (const e of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const) {
      const b = fmt.borders.getItem(e);
      set(() => (b.style = 'Continuous'));
      set(() => (b.weight = 'Thin'));
    }
  return n;
}

function validate(range: Excel.Range, v: Validation): number {
  range.dataValidation.rule = validationRule(v);
  range.dataValidation.ignoreBlanks = v.allowBlank;
  return 2;
}

function conditional(range: Excel.Range, cf: ConditionalFormat): number {
  if (cf.type === 'cellIs') {
    const c = range.conditionalFormats.add('CellValue');
    if (cf.style.fill) c.cellValue.format.fill.color = color(cf.style.fill);
    c.cellValue.rule = {
      formula1: `=${stripEq(cf.formulas[0])}`,
      operator: CF_OPERATOR[cf.operator],
      ...(cf.operator === 'between' ? { formula2: `=${stripEq(cf.formulas[1])}` } : {}),
    };
    return 3;
  }
  if (cf.type === 'expression') {
    const c = range.conditionalFormats.add('Custom');
    c.custom.rule.formula = `=${stripEq(cf.formula)}`;
    if (cf.style.fill) c.custom.format.fill.color = color(cf.style.fill);
    return 3;
  }
  const c = range.conditionalFormats.add('ColorScale');
  c.colorScale.criteria = {
    minimum: { type: 'LowestValue', color: color(cf.colors[0]) },
    maximum: { type: 'HighestValue', color: color(cf.colors[cf.colors.length - 1]) },
  };
  return 2;
}

function chart(ws: Excel.Worksheet, c: ChartPlan): number {
  const sheetOf = (r: { sheet: string; ref: string }) =>
    ws.context.workbook.worksheets.getItem(r.sheet).getRange(r.ref);
  const first = parseRange(c.series[0].values.ref);
  const ch = ws.charts.add(
    CHART_TYPE[c.type],
    sheetOf(c.series[0].values),
    first.row1 === first.row2 && first.col2 > first.col1 ? 'Rows' : 'Columns',
  );
  ch.title.text = c.title;
  let n = 2;
  c.series.forEach((sp, i) => {
    const s = i === 0 ? ch.series.getItemAt(0) : ch.series.add(sp.name);
    if (i === 0) s.name = sp.name;
    else s.setValues(sheetOf(sp.values));
    s.setXAxisValues(sheetOf(c.categories));
    n += 3;
  });
  ch.setPosition(cellRef(c.anchor.row, c.anchor.col), cellRef(c.anchor.toRow - 1, c.anchor.toCol - 1));
  return n + 1;
}
