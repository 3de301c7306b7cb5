/**
 * Sheet layout: column widths and hidden helper columns, merges, frozen panes, print setup, unlocked input
 * ranges, and at the very end of an insert the sheet protection and hiding.
 *
 * Row heights and any further page setup (print areas, margins) belong here too, beside `writePrintSetup`.
 */
import { colName, rangeRef } from '../../workbook/a1';
import type { SheetPlan } from '../../workbook/plan';
import { COMMAND_BYTES, RequestBatch } from './batch';
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

/** Orientation, paper, fit to width and title rows (ExcelApi 1.9; reported as skipped on older hosts). */
export async function writePrintSetup(s: RequestBatch, p: SheetPlan): Promise<void> {
  if (!p.print) return;
  const pr = p.print;
  if (!s.supports('1.9')) {
    s.skipped.push(
      `print setup of "${p.name}" (it needs the Excel JavaScript API 1.9: Microsoft 365, Office 2021 or later, or Excel on the web)`,
    );
    return;
  }
  await s.add(
    {
      sheet: p.name,
      what: 'setting up printing',
      ops: [
        'PageLayout.orientation',
        'PageLayout.paperSize',
        'PageLayout.zoom',
        'PageLayout.setPrintTitleRows',
      ],
    },
    4 * COMMAND_BYTES,
    () => {
      const pl = s.sheet(p.name).pageLayout;
      pl.orientation = pr.orientation === 'landscape' ? 'Landscape' : 'Portrait';
      pl.paperSize = 'Letter';
      if (pr.fitToWidth) pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      if (pr.titleRows) pl.setPrintTitleRows(absoluteRows(pr.titleRows));
    },
  );
}

function absoluteRows(rows: string): string {
  const [a, b] = rows.replace(/\$/g, '').split(':');
  return `$${a}:$${b ?? a}`;
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
