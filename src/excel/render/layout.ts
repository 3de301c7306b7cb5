/**
 * Sheet layout: column widths and hidden helper columns, merges, row heights, frozen panes, page setup
 * (print areas, titles, breaks, margins), unlocked input ranges, and at the very end of an insert the
 * sheet protection and hiding.
 */
import { colName, parseRange, rangeRef } from '../../workbook/a1';
import { PRINT_MARGINS, type SheetPlan } from '../../workbook/plan';
import { rowHeights } from '../../workbook/textFit';
import { hostErrorInfo } from '../host';
import { BatchFailure, COMMAND_BYTES, RequestBatch } from './batch';
import { columnWidthPoints } from './styles';

/** Column widths (consecutive equal widths in one command), then hidden columns. */
export async function writeColumns(s: RequestBatch, p: SheetPlan): Promise<void> {
  const ws = (): Excel.Worksheet => s.sheet(p.name);
  const widths = [...p.columnWidths].sort((a, b) => a.col - b.col);
  for (let i = 0; i < widths.length;) {
    let j = i;
    while (
      j + 1 < widths.length &&
      widths[j + 1].col === widths[j].col + 1 &&
      widths[j + 1].width === widths[i].width
    )
      j++;
    const address = `${colName(widths[i].col)}:${colName(widths[j].col)}`;
    const points = columnWidthPoints(widths[i].width);
    await s.add(
      { sheet: p.name, what: 'setting column widths', ops: ['RangeFormat.columnWidth'] },
      COMMAND_BYTES,
      () => {
        ws().getRange(address).format.columnWidth = points;
      },
    );
    i = j + 1;
  }
  for (const w of widths.filter((x) => x.hidden)) {
    const address = `${colName(w.col)}:${colName(w.col)}`;
    await s.add(
      { sheet: p.name, what: 'hiding helper columns', ops: ['Range.columnHidden'] },
      COMMAND_BYTES,
      () => {
        ws().getRange(address).columnHidden = true;
      },
    );
  }
}

export async function writeMerges(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const m of p.merges)
    await s.add({ sheet: p.name, what: `merging ${m}`, ops: ['Range.merge'] }, COMMAND_BYTES, () =>
      s.sheet(p.name).getRange(m).merge(false),
    );
}

export async function writeFreeze(s: RequestBatch, p: SheetPlan): Promise<void> {
  if (!p.freeze || (p.freeze.rows <= 0 && p.freeze.cols <= 0)) return;
  const { rows, cols } = p.freeze;
  await s.add(
    {
      sheet: p.name,
      what: 'freezing panes',
      ops: [
        'WorksheetFreezePanes.freezeAt',
        'WorksheetFreezePanes.freezeRows',
        'WorksheetFreezePanes.freezeColumns',
      ],
    },
    COMMAND_BYTES,
    () => {
      const fp = s.sheet(p.name).freezePanes;
      if (rows > 0 && cols > 0) fp.freezeAt(rangeRef(0, 0, rows - 1, cols - 1));
      else if (rows > 0) fp.freezeRows(rows);
      else fp.freezeColumns(cols);
    },
  );
}

/**
 * Rows get the height their text needs: Excel fits the rows of everything written (autofitRows, ExcelApi
 * 1.2), then rows that need more than that get a height of their own: rows to write in by hand
 * (`plan.rowHeights`, minimums) and rows whose text is in merged cells, which Excel's autofit leaves out
 * (a wrapped note, a title in a larger font).
 * Their height is the .xlsx writer's estimate (src/workbook/textFit.ts), so both renderers agree.
 */
export async function writeRowHeights(s: RequestBatch, p: SheetPlan): Promise<void> {
  const lastRow = p.cells.length - 1;
  const lastCol = Math.max(-1, ...p.cells.map((r) => (r?.length ?? 0) - 1));
  if (lastRow < 0 || lastCol < 0) return;
  const used = rangeRef(0, 0, lastRow, lastCol);
  await s.add(
    { sheet: p.name, what: 'fitting row heights', ops: ['RangeFormat.autofitRows'] },
    COMMAND_BYTES,
    () => s.sheet(p.name).getRange(used).format.autofitRows(),
  );
  for (const { rows, height } of runs(ownRowHeights(p)))
    await s.add(
      { sheet: p.name, what: 'setting row heights', ops: ['RangeFormat.rowHeight'] },
      COMMAND_BYTES,
      () => {
        s.sheet(p.name).getRange(rows).format.rowHeight = height;
      },
    );
}

/**
 * The rows autofit does not size right, with their height: minimums, and rows with text in merged cells
 * (wrapped, or in a larger font), which need more than one line of the default font.
 */
export function ownRowHeights(p: SheetPlan): Map<number, number> {
  const estimate = rowHeights(p);
  const rows = new Set((p.rowHeights ?? []).map((h) => h.row));
  for (const m of p.merges) {
    const r = parseRange(m);
    if (typeof p.cells[r.row1]?.[r.col1]?.value === 'string') rows.add(r.row1);
  }
  const out = new Map<number, number>();
  for (const r of [...rows].sort((a, b) => a - b)) {
    const h = estimate.get(r);
    if (h !== undefined) out.set(r, h);
  }
  return out;
}

/** Consecutive rows of one height as one address ("12:40"). */
function runs(heights: Map<number, number>): { rows: string; height: number }[] {
  const out: { from: number; to: number; height: number }[] = [];
  for (const [r, height] of heights) {
    const last = out[out.length - 1];
    if (last && last.to === r - 1 && last.height === height) last.to = r;
    else out.push({ from: r, to: r, height });
  }
  return out.map((x) => ({ rows: `${x.from + 1}:${x.to + 1}`, height: x.height }));
}

/**
 * The page setup (ExcelApi 1.9): orientation, letter paper, fitted to the pages wide the plan asks for
 * and as many tall as it takes, PRINT_MARGINS, repeated title rows and columns, manual page breaks and
 * the print area. A print area of one range is set here; one of several areas needs the locale's list
 * separator between them (office-js issues 1167, 1985, 2891), so those are set at the very end of the
 * insert (writeMultiAreaPrints), where a wrong guess costs nothing but a retry. On an older host the
 * sheets are written without it, and the insert says so once (printSkippedMessage).
 */
export async function writePrintSetup(s: RequestBatch, p: SheetPlan): Promise<void> {
  if (!p.print) return;
  const pr = p.print;
  if (!s.supports('1.9')) {
    s.printSkipped.push(p.name);
    return;
  }
  const areas = pr.areas ?? [];
  await s.add(
    { sheet: p.name, what: 'setting up printing', ops: PRINT_OPS },
    (12 + (pr.rowBreaks?.length ?? 0)) * COMMAND_BYTES,
    () => {
      const ws = s.sheet(p.name);
      const pl = ws.pageLayout;
      pl.orientation = pr.orientation === 'landscape' ? 'Landscape' : 'Portrait';
      pl.paperSize = 'Letter';
      if (pr.fitToWidth) pl.zoom = { horizontalFitToPages: pr.pagesWide ?? 1, verticalFitToPages: 0 };
      pl.topMargin = points(PRINT_MARGINS.top);
      pl.bottomMargin = points(PRINT_MARGINS.bottom);
      pl.leftMargin = points(PRINT_MARGINS.left);
      pl.rightMargin = points(PRINT_MARGINS.right);
      pl.headerMargin = points(PRINT_MARGINS.header);
      pl.footerMargin = points(PRINT_MARGINS.footer);
      if (pr.titleRows) pl.setPrintTitleRows(wholeLines(pr.titleRows));
      if (pr.titleColumns) pl.setPrintTitleColumns(wholeLines(pr.titleColumns));
      if (areas.length === 1) pl.setPrintArea(areas[0]);
      for (const r of pr.rowBreaks ?? []) if (r > 0) ws.horizontalPageBreaks.add(`A${r + 1}`);
    },
  );
  if (areas.length > 1) s.multiAreaPrints.push({ sheet: p.name, areas });
}

const PRINT_OPS = [
  'PageLayout.orientation',
  'PageLayout.paperSize',
  'PageLayout.zoom',
  'PageLayout.topMargin',
  'PageLayout.bottomMargin',
  'PageLayout.leftMargin',
  'PageLayout.rightMargin',
  'PageLayout.headerMargin',
  'PageLayout.footerMargin',
  'PageLayout.setPrintTitleRows',
  'PageLayout.setPrintTitleColumns',
  'PageLayout.setPrintArea',
  'PageBreakCollection.add',
];

/** Inches to points, to the hundredth (0.6 in is 43.2 pt, not 43.199999999999996). */
const points = (inches: number): number => Math.round(inches * 7200) / 100;

/** "12:12" -> "$12:$12", "A:B" -> "$A:$B": whole rows or columns, as print titles must be. */
function wholeLines(lines: string): string {
  const [a, b] = lines.replace(/\$/g, '').split(':');
  return `$${a}:$${b ?? a}`;
}

/**
 * Print areas of several ranges, joined with the list separator the host's culture suggests (read with
 * the names in use, no sync of its own). They are the last commands of the insert, so when the host
 * reads them with the other separator only they are lost (Office.js applies the commands before a
 * failing one): then they are set again with that one, in one more sync. Should that fail too, the
 * sheets stay as written and the insert says which print areas are missing.
 */
export async function writeMultiAreaPrints(s: RequestBatch): Promise<void> {
  const queue = async (sep: string) => {
    for (const { sheet, areas } of s.multiAreaPrints)
      await s.add(
        { sheet, what: 'setting the print area', ops: ['PageLayout.setPrintArea'] },
        COMMAND_BYTES + areas.join(sep).length,
        () => s.sheet(sheet).pageLayout.setPrintArea(areas.join(sep)),
      );
    await s.flush();
  };
  if (!s.multiAreaPrints.length) return;
  try {
    await queue(s.listSeparator);
    return;
  } catch (e) {
    if (!separatorRefused(e)) throw e;
  }
  const other = s.listSeparator === ',' ? ';' : ',';
  try {
    await queue(other);
  } catch (e) {
    if (!separatorRefused(e)) throw e;
    s.skipped.push(
      `the print areas of ${s.multiAreaPrints.map((x) => `"${x.sheet}"`).join(', ')} (Excel took neither "," nor ";" between their ranges; Page Layout > Print Area sets them by hand)`,
    );
  }
}

const separatorRefused = (e: unknown): boolean =>
  e instanceof BatchFailure && hostErrorInfo(e.original).location === 'PageLayout.setPrintArea';

/** What the insert says, once, when the host is too old for page setup. */
export function printSkippedMessage(sheets: string[]): string | undefined {
  if (!sheets.length) return undefined;
  const which = sheets.length === 1 ? `"${sheets[0]}"` : `${sheets.length} sheets`;
  return `print setup of ${which} (print areas, page breaks, repeated headers, fit to the page width: it needs the Excel JavaScript API 1.9, in Microsoft 365, Office 2021 or later, or Excel on the web)`;
}

export async function writeUnlocked(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const u of p.protection?.unlocked ?? [])
    await s.add(
      { sheet: p.name, what: `unlocking ${u}`, ops: ['FormatProtection.locked'] },
      COMMAND_BYTES,
      () => {
        s.sheet(p.name).getRange(u).format.protection.locked = false;
      },
    );
}

/** Protection and hiding: last, so nothing written before is refused by them. */
export async function protectAndHide(s: RequestBatch, p: SheetPlan): Promise<void> {
  if (p.protection?.protect)
    await s.add(
      { sheet: p.name, what: 'protecting the sheet', ops: ['WorksheetProtection.protect'] },
      COMMAND_BYTES * 2,
      () =>
        s
          .sheet(p.name)
          .protection.protect({ allowFormatColumns: true, allowFormatRows: true, allowAutoFilter: true }),
    );
  if (p.hidden)
    await s.add(
      {
        sheet: p.name,
        what: 'hiding the sheet',
        ops: ['Worksheet.visibility'],
        marker: { kind: 'hidden', name: p.name },
      },
      COMMAND_BYTES,
      () => {
        s.sheet(p.name).visibility = p.hidden === 'very' ? 'VeryHidden' : 'Hidden';
      },
    );
}
