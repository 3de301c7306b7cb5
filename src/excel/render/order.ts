/**
 * The order an insert queues its parts in. Each part depends only on earlier parts:
 *   add every sheet -> defined names -> per sheet: cells, number formats, styles, column widths, validation,
 *   conditional formats, tables (+ totals row), merges, row heights, freeze panes, charts, print setup,
 *   unlocked ranges, the layout record -> formulas and names that use structured table references (Excel
 *   rejects them before the table exists) -> activate the first new sheet, protect, hide -> print areas of
 *   several ranges (last: see layout.ts writeMultiAreaPrints).
 */
import type { SheetPlan, WorkbookPlan } from '../../workbook/plan';
import { formulaSheets, usesTables } from '../../workbook/renames';
import { stripEq } from '../cellInput';
import { COMMAND_BYTES, lc, RequestBatch } from './batch';
import { writeCharts } from './charts';
import { writeConditionalFormats } from './conditionalFormats';
import { DeferredCell, writeCells, writeDeferredCells, writeNumberFormats } from './grid';
import {
  printSkippedMessage,
  protectAndHide,
  writeColumns,
  writeFreeze,
  writeMerges,
  writeMultiAreaPrints,
  writePrintSetup,
  writeRowHeights,
  writeUnlocked,
} from './layout';
import { writeLayoutRecord } from './layoutRecord';
import { writeStyles } from './styles';
import { writeTables } from './tables';
import { writeValidations } from './validation';

export async function writeAll(s: RequestBatch, plan: WorkbookPlan): Promise<void> {
  const tableNames = new Set(plan.sheets.flatMap((p) => p.tables.map((t) => lc(t.name))));
  s.sheetNames = plan.sheets.map((p) => p.name);

  for (const p of plan.sheets)
    await s.add(
      {
        sheet: p.name,
        what: 'adding the sheet',
        ops: ['WorksheetCollection.add'],
        marker: { kind: 'sheet', name: p.name },
      },
      COMMAND_BYTES,
      () => s.addSheet(p.name),
    );

  const laterNames = plan.names.filter((n) => usesTables(n.refersTo, tableNames));
  const addName = async (n: { name: string; refersTo: string }): Promise<void> => {
    s.addedNames.push(n.name);
    const ref = `=${stripEq(n.refersTo)}`;
    await s.add(
      {
        sheet: formulaSheets(n.refersTo)[0] ?? '',
        what: `adding the defined name "${n.name}"`,
        ops: ['NamedItemCollection.add'],
        marker: { kind: 'name', name: n.name },
      },
      COMMAND_BYTES + ref.length + n.name.length,
      () => void s.ctx.workbook.names.add(n.name, ref),
    );
  };
  for (const n of plan.names) if (!laterNames.includes(n)) await addName(n);

  const deferred: { sheet: string; cells: DeferredCell[] }[] = [];
  for (const p of plan.sheets) {
    const cells = await writeSheet(s, p, tableNames);
    if (cells.length) deferred.push({ sheet: p.name, cells });
    s.sheetQueued();
  }

  for (const d of deferred) await writeDeferredCells(s, d.sheet, d.cells);
  for (const n of laterNames) await addName(n);

  const first = plan.sheets.find((p) => !p.hidden);
  if (first)
    await s.add(
      { sheet: first.name, what: 'activating the sheet', ops: ['Worksheet.activate'] },
      COMMAND_BYTES,
      () => s.sheet(first.name).activate(),
    );
  for (const p of plan.sheets) await protectAndHide(s, p);
  await writeMultiAreaPrints(s);
  await s.flush();
  const skipped = printSkippedMessage(s.printSkipped);
  if (skipped) s.skipped.push(skipped);
}

/** Queue one sheet's content; returns the cells whose formulas must wait for the tables. */
async function writeSheet(s: RequestBatch, p: SheetPlan, tableNames: Set<string>): Promise<DeferredCell[]> {
  const deferred = await writeCells(s, p, tableNames);
  await writeNumberFormats(s, p);
  await writeStyles(s, p);
  await writeColumns(s, p);
  await writeValidations(s, p);
  await writeConditionalFormats(s, p);
  await writeTables(s, p);
  await writeMerges(s, p);
  await writeRowHeights(s, p);
  await writeFreeze(s, p);
  await writeCharts(s, p);
  await writePrintSetup(s, p);
  await writeUnlocked(s, p);
  await writeLayoutRecord(s, p);
  return deferred;
}
