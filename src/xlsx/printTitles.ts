/**
 * ExcelJS writes a sheet's print titles and print area as `'Name'!$10:$10` without doubling an apostrophe
 * inside the name, so `'Compare O'Neil 2026 Q1'!$10:$10` is a broken defined name (Excel offers to repair
 * the file, LibreOffice drops it). This wraps the writer's model preparation to quote those names the way
 * formulas quote them (src/workbook/a1.ts quoteSheet): `'Compare O''Neil 2026 Q1'!$10:$10`.
 */
import ExcelJS from 'exceljs';
import { quoteSheet } from '../workbook/a1';

interface PreparedModel {
  worksheets: { name: string }[];
  definedNames: { name: string; ranges: string[] }[];
}

/** Not in ExcelJS's typings: the package writer's model step, run before any part is rendered. */
interface ModelPreparer {
  prepareModel(model: PreparedModel, options: unknown): void;
}

export function quotePrintRanges(wb: ExcelJS.Workbook): void {
  const writer = wb.xlsx as unknown as ModelPreparer;
  if (typeof writer.prepareModel !== 'function') return;
  const prepare = writer.prepareModel.bind(writer);
  writer.prepareModel = (model, options) => {
    prepare(model, options);
    const quoted = model.worksheets
      .filter((ws) => ws?.name.includes("'"))
      .map((ws) => ({ wrong: `'${ws.name}'!`, right: `${quoteSheet(ws.name)}!` }));
    if (!quoted.length) return;
    for (const n of model.definedNames)
      n.ranges = n.ranges.map((r) => {
        const q = quoted.find((x) => r.startsWith(x.wrong));
        return q ? q.right + r.slice(q.wrong.length) : r;
      });
  };
}
