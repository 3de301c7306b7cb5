/**
 * A released layout's fixture workbook (tests/fixtures/layouts/VERSION/) open in the fake Excel host, as a
 * supervisor would have it open in Excel: every sheet's values and formulas (shared formulas as the
 * formula of each cell), number formats, widths, merges, tables and the workbook's defined names, written
 * through the Office.js renderer as plain sheets (no layout record: what an earlier release wrote, or what
 * its record says when it has one). Not copied: validation, conditional formats, charts (the upgrade
 * deletes those sheets whole) and print settings.
 */
import ExcelJS from 'exceljs';
import { insertPlans } from '../../src/excel/render';
import { LAYOUT_NAME } from '../../src/workbook/layout';
import { WorkbookPlan } from '../../src/workbook/plan';
import { readTablesWithFormulas } from '../../src/xlsx/calculatedColumns';
import { readLayoutRecords } from '../../src/xlsx/layoutNames';
import { sheetCopy } from '../../src/xlsx/read';
import { filledDown } from '../../src/xlsx/shared';
import { createFakeExcel, FakeExcel, FakeExcelOptions } from './fakeExcel';

interface ExcelJsTable {
  table: {
    name: string;
    tableRef: string;
    totalsRow: boolean;
    columns: { name: string }[];
    style?: { theme?: string };
  };
}

/** The workbook's sheets and names as a plan the renderer writes (sheets of kind 'other', no record). */
export async function fixturePlan(bytes: Uint8Array): Promise<WorkbookPlan> {
  readTablesWithFormulas(); // also in the browser harness, which has no jest setup file
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheets = wb.worksheets.map((ws) => {
    const p = sheetCopy(ws);
    // shared formulas as Excel fills them down (ExcelJS's own translation also shifts digits in sheet names)
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        const v = cell.value as { sharedFormula?: string } | null;
        if (!v || typeof v !== 'object' || !v.sharedFormula) return;
        const master = ws.getCell(v.sharedFormula);
        const f = (master.value as ExcelJS.CellFormulaValue).formula;
        p.cells[r - 1][c - 1] = { formula: filledDown(f, r - Number(master.row)) };
      }),
    );
    for (const { table: t } of (ws as unknown as { getTables(): ExcelJsTable[] }).getTables()) {
      if (t.totalsRow) throw new Error(`layoutFixture: the table ${t.name} has a totals row (not copied)`);
      p.tables.push({
        name: t.name,
        ref: t.tableRef,
        style: t.style?.theme ?? 'TableStyleMedium2',
        columns: t.columns.map((c) => c.name),
      });
    }
    return p;
  });
  const names = (wb.definedNames.model as { name: string; ranges: string[] }[])
    .filter((n) => n.ranges.length === 1 && !n.name.startsWith('_xlnm'))
    .map((n) => ({ name: n.name, refersTo: n.ranges[0] }));
  return { sheets, names };
}

/**
 * A fake Excel host holding the workbook (nothing else: no "Sheet1"), with the layout records the file
 * has, written as the add-in writes them (hidden sheet-level PPS_Layout). `fake.stats` counts from here.
 */
export async function openInFake(bytes: Uint8Array, opts: FakeExcelOptions = {}): Promise<FakeExcel> {
  const fake = createFakeExcel({ ...opts, existingSheets: [] });
  const supports = (v: string) => fake.isSetSupported('ExcelApi', v);
  await insertPlans(fake.run, await fixturePlan(bytes), { supports });
  const records = await readLayoutRecords(bytes);
  if (records.size)
    await fake.run(async (ctx) => {
      for (const [sheet, formula] of records)
        ctx.workbook.worksheets.getItem(sheet).names.add(LAYOUT_NAME, `=${formula}`).visible = false;
      await ctx.sync();
    });
  fake.stats.syncs = 0;
  fake.stats.requestBytes.length = 0;
  fake.stats.responseBytes.length = 0;
  fake.stats.simulatedMs = 0;
  return fake;
}
