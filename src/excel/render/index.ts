/**
 * The Office.js renderer: applies a WorkbookPlan to the open workbook in ONE Excel.run.
 *
 * Syncs: (1) read the names of sheets, tables and defined names so nothing is overwritten; (2) everything
 * else, queued in dependency order (order.ts). More syncs only when the queued request would exceed
 * maxRequestBytes (default 4.5 MB, under Excel on the web's 5 MB payload limit): the size of what is queued
 * is estimated (JSON length of every array and object assigned plus a fixed allowance per command) and
 * flushed early (batch.ts).
 *
 * On failure every sheet (and defined name) this call added is deleted again and an InsertError says in
 * plain words which sheet and operation failed and that nothing was left behind (rollback.ts).
 *
 * The parts each queue themselves: grid.ts (cells, number formats), styles.ts, validation.ts,
 * conditionalFormats.ts, tables.ts, charts.ts, layout.ts (widths, merges, freeze, print, protection).
 */
import { planProblems, unknownSheetReferences } from '../../workbook/checks';
import type { WorkbookPlan } from '../../workbook/plan';
import { ExistingNames, NameClashes, resolveNameClashes } from '../../workbook/renames';
import {
  ApiSupport,
  editSafe,
  ExcelRunner,
  hostErrorInfo,
  newerExcelNeeded,
  officeApiSupport,
} from '../host';
import { DEFAULT_MAX_REQUEST_BYTES, RequestBatch } from './batch';
import { writeAll } from './order';
import { cleanUpAfter } from './rollback';

export type { ExcelRunner } from '../host';
export { DEFAULT_MAX_REQUEST_BYTES, packBySize } from './batch';
export { CHART_TYPE } from './charts';
export { CF_OPERATOR } from './conditionalFormats';
export { columnWidthPoints, groupStyles, H_ALIGN, V_ALIGN } from './styles';
export { structuredColumn } from './tables';
export { validationRule } from './validation';
export { stripEq, toFormulaInput } from '../cellInput';

export interface InsertOptions {
  onProgress?: (done: number, total: number) => void;
  maxRequestBytes?: number;
  /** Feature detection; defaults to Office.context.requirements.isSetSupported('ExcelApi', v). */
  supports?: ApiSupport;
}

export interface InsertResult {
  /** Final names of the sheets added, in plan order. */
  created: string[];
  /** Sheets whose planned name was taken, and the name they got. */
  renamed: NameClashes['renamed'];
  /** Tables and defined names whose planned name was taken (they share one namespace in Excel). */
  renamedObjects: NameClashes['renamedObjects'];
  /** Feature left out because the host is too old, in plain words. */
  skipped: string[];
  syncs: number;
}

export class InsertError extends Error {
  constructor(
    message: string,
    /** The sheet the failure is attributed to, when it can be. */
    readonly sheet?: string,
    /** The host's error location ("ChartCollection.add") or code. */
    readonly operation?: string,
    /** Sheets that could not be removed after the failure (normally none). */
    readonly leftBehind: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InsertError';
  }
}

export async function insertPlans(
  run: ExcelRunner,
  plans: WorkbookPlan,
  opts: InsertOptions = {},
): Promise<InsertResult> {
  const problems = planProblems(plans);
  if (problems.length)
    throw new InsertError(
      `The sheets could not be inserted because the plan is not valid: ${problems.slice(0, 5).join('; ')}` +
        `${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}. Nothing was changed.`,
    );
  const supports = opts.supports ?? officeApiSupport;
  if (!supports('1.8'))
    throw new InsertError(`${newerExcelNeeded('inserting sheets', '1.8', supports)} Nothing was changed.`);
  if (plans.sheets.length === 0 && plans.names.length === 0)
    return { created: [], renamed: [], renamedObjects: [], skipped: [], syncs: 0 };

  const max = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  return editSafe(run)(async (ctx) => {
    const s = new RequestBatch(ctx, max, supports, plans.sheets.length, opts.onProgress);
    let existing: ExistingNames;
    try {
      existing = await readExisting(s);
    } catch (e) {
      const info = hostErrorInfo(e);
      throw new InsertError(
        `Could not read the workbook's sheet, table and name lists (${info.code ?? 'error'}: ${info.message}). Nothing was changed.`,
        undefined,
        info.location ?? info.code,
        [],
        { cause: e },
      );
    }
    const { plan, renamed, renamedObjects } = resolveNameClashes(plans, existing);
    const unknown = unknownSheetReferences(plan, existing.sheets);
    if (unknown.length)
      throw new InsertError(
        `The sheets could not be inserted: ${unknown.slice(0, 5).join('; ')}. Nothing was changed.`,
      );
    try {
      await writeAll(s, plan);
    } catch (e) {
      const f = await cleanUpAfter(s, e);
      throw new InsertError(f.message, f.sheet, f.operation, f.leftBehind, { cause: f.cause });
    }
    opts.onProgress?.(plans.sheets.length, plans.sheets.length);
    return {
      created: plan.sheets.map((p) => p.name),
      renamed,
      renamedObjects,
      skipped: s.skipped,
      syncs: s.syncs,
    };
  });
}

/** The names of sheets, tables and defined names already in the workbook, and the culture (one sync). */
async function readExisting(s: RequestBatch): Promise<ExistingNames> {
  const wb = s.ctx.workbook;
  const sheets = wb.worksheets.load('items/name');
  const tables = wb.tables.load('items/name');
  const names = wb.names.load('items/name');
  // The culture's decimal separator: where it is ",", lists are separated by ";" (layout.ts uses it
  // between the ranges of a print area; Office.js tells no list separator itself, office-js issue 2891).
  const culture = s.supports('1.11')
    ? wb.application.cultureInfo.numberFormat.load('numberDecimalSeparator')
    : undefined;
  await s.sync();
  if (culture?.numberDecimalSeparator === ',') s.listSeparator = ';';
  return {
    sheets: sheets.items.map((x) => x.name),
    tables: tables.items.map((x) => x.name),
    names: names.items.map((x) => x.name),
  };
}
