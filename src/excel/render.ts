/**
 * The Office.js renderer: applies a WorkbookPlan to the open workbook in ONE Excel.run.
 *
 * Syncs: (1) read the names of sheets, tables and defined names so nothing is overwritten; (2) everything
 * else, queued in dependency order. More syncs only when the queued request would exceed maxRequestBytes
 * (default 4.5 MB, under Excel on the web's 5 MB payload limit): the size of what is queued is estimated
 * (JSON length of every array and object assigned plus a fixed allowance per command) and flushed early.
 *
 * Queue order (each part depends only on earlier parts):
 *   add every sheet -> defined names -> per sheet: cells (one 2-D `formulas` array over the used rectangle,
 *   split into row bands only for size), number formats (one 2-D array), styles (identical FormatRanges
 *   grouped), column widths, validation, conditional formats, tables (+ totals row), merges, freeze panes,
 *   charts, print setup, unlocked ranges -> formulas and names that use structured table references (Excel
 *   rejects them before the table exists) -> activate the first new sheet, protect, hide.
 *
 * On failure every sheet (and defined name) this call added is deleted again and an InsertError says in
 * plain words which sheet and operation failed and that nothing was left behind.
 *
 * The pure helpers at the bottom (name clash resolution, formula reference rewriting, cell input
 * escaping, plan checks) know nothing about Office.js.
 */
import { cellRef, colName, parseRange, rangeRef } from '../workbook/a1';
import { walkFormula } from '../workbook/formula';
import { LAYOUT_NAME, layoutFormula } from '../workbook/layout';
import type {
  Cell,
  CellStyle,
  ChartPlan,
  ConditionalFormat,
  ConditionalStyle,
  RangeRef,
  SheetPlan,
  TablePlan,
  Validation,
  WorkbookPlan,
} from '../workbook/plan';
import { ApiSupport, ExcelRunner, hostColor, hostErrorInfo, officeApiSupport } from './host';

export type { ExcelRunner } from './host';

export const DEFAULT_MAX_REQUEST_BYTES = 4_500_000;
/** Allowance per queued command (object path, action, sheet name, address) on top of its payload. */
const COMMAND_BYTES = 160;

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
  renamed: { from: string; to: string }[];
  /** Tables and defined names whose planned name was taken (they share one namespace in Excel). */
  renamedObjects: { kind: 'table' | 'name'; from: string; to: string }[];
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

// ================================================================================================ insert

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
    throw new InsertError(
      'This version of Excel is too old: inserting sheets needs the Excel JavaScript API 1.8 ' +
        '(Excel 2019 or later, Microsoft 365, or Excel on the web). Nothing was changed.',
    );
  if (plans.sheets.length === 0 && plans.names.length === 0)
    return { created: [], renamed: [], renamedObjects: [], skipped: [], syncs: 0 };

  const max = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  return run(async (ctx) => {
    const s = new Session(ctx, max, supports, plans.sheets.length, opts.onProgress);
    let existing: Existing;
    try {
      existing = await s.readExisting();
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
      throw await s.cleanUpAfter(e);
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

interface Existing {
  sheets: string[];
  tables: string[];
  names: string[];
}

type Marker =
  | { kind: 'sheet'; name: string }
  | { kind: 'name'; name: string }
  | { kind: 'table'; name: string }
  | { kind: 'cell'; sheet: string; address: string };

/** One unit of queued work, journaled so a failure can be attributed to a sheet and operation. */
interface Step {
  sheet: string;
  what: string;
  /** Office.js "Type.member" operations it queues (matched against the error's errorLocation). */
  ops: string[];
  /** Something whose presence after a failure proves this step was applied. */
  marker?: Marker;
}

class BatchFailure extends Error {
  constructor(
    readonly original: unknown,
    readonly steps: Step[],
  ) {
    super('batch failed');
  }
}

class Session {
  syncs = 0;
  skipped: string[] = [];
  /** Planned sheet names in order, known before any is queued, so clean-up can find them. */
  sheetNames: string[] = [];
  addedNames: string[] = [];
  private ws = new Map<string, Excel.Worksheet>();
  private open = false;
  private bytes = 0;
  private steps: Step[] = [];
  private queuedDone = 0;
  private reportedDone = -1;

  constructor(
    readonly ctx: Excel.RequestContext,
    readonly max: number,
    readonly supports: ApiSupport,
    readonly total: number,
    readonly onProgress?: (done: number, total: number) => void,
  ) {}

  async sync(): Promise<void> {
    this.syncs++;
    await this.ctx.sync();
  }

  async readExisting(): Promise<Existing> {
    const wb = this.ctx.workbook;
    const sheets = wb.worksheets.load('items/name');
    const tables = wb.tables.load('items/name');
    const names = wb.names.load('items/name');
    await this.sync();
    return {
      sheets: sheets.items.map((x) => x.name),
      tables: tables.items.map((x) => x.name),
      names: names.items.map((x) => x.name),
    };
  }

  sheet(name: string): Excel.Worksheet {
    let w = this.ws.get(lc(name));
    if (!w) {
      w = this.ctx.workbook.worksheets.getItem(name);
      this.ws.set(lc(name), w);
    }
    return w;
  }

  addSheet(name: string): void {
    this.ws.set(lc(name), this.ctx.workbook.worksheets.add(name));
  }

  range(ref: RangeRef): Excel.Range {
    return this.sheet(ref.sheet).getRange(ref.ref);
  }

  /** Queue one step: flush first when it would push the request over the limit. */
  async add(step: Step, bytes: number, emit: () => void): Promise<void> {
    if (this.open && this.bytes + bytes > this.max) await this.flush();
    if (!this.open) this.begin();
    emit();
    this.steps.push(step);
    this.bytes += bytes;
  }

  private begin(): void {
    this.open = true;
    this.steps = [];
    const app = this.ctx.workbook.application;
    app.suspendApiCalculationUntilNextSync();
    const ops = ['Application.suspendApiCalculationUntilNextSync'];
    if (this.supports('1.9')) {
      app.suspendScreenUpdatingUntilNextSync();
      ops.push('Application.suspendScreenUpdatingUntilNextSync');
    }
    this.steps.push({ sheet: '', what: 'suspending calculation', ops });
    this.bytes = COMMAND_BYTES * ops.length;
  }

  async flush(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const steps = this.steps;
    this.steps = [];
    try {
      await this.sync();
    } catch (e) {
      throw new BatchFailure(e, steps);
    }
    if (this.queuedDone !== this.reportedDone && this.queuedDone < this.total) {
      this.reportedDone = this.queuedDone;
      this.onProgress?.(this.queuedDone, this.total);
    }
  }

  sheetQueued(): void {
    this.queuedDone++;
  }

  /** Remove what this call added, then build the error to throw. */
  async cleanUpAfter(err: unknown): Promise<InsertError> {
    const failed = err instanceof BatchFailure ? err.steps : [];
    const cause = err instanceof BatchFailure ? err.original : err;
    const info = hostErrorInfo(cause);
    let removed: string[] = [];
    let leftBehind: string[] = [];
    let cleanupProblem: string | undefined;
    let landed: (m: Marker) => boolean | undefined = () => undefined;
    try {
      const wb = this.ctx.workbook;
      const sheets = wb.worksheets.load('items/name');
      const names = wb.names.load('items/name');
      const tables = wb.tables.load('items/name');
      await this.sync();
      const haveSheet = new Set(sheets.items.map((x) => lc(x.name)));
      const haveName = new Set(names.items.map((x) => lc(x.name)));
      const haveTable = new Set(tables.items.map((x) => lc(x.name)));
      const probes = new Map<Marker, Excel.Range>();
      for (const st of failed) {
        const m = st.marker;
        if (m?.kind === 'cell' && haveSheet.has(lc(m.sheet))) {
          const r = wb.worksheets.getItem(m.sheet).getRange(m.address);
          r.load('formulas');
          probes.set(m, r);
        }
      }
      for (const n of this.addedNames) if (haveName.has(lc(n))) wb.names.getItem(n).delete();
      removed = this.sheetNames.filter((n) => haveSheet.has(lc(n)));
      for (const n of removed) wb.worksheets.getItem(n).delete();
      leftBehind = removed;
      await this.sync();
      leftBehind = [];
      landed = (m) => {
        if (m.kind === 'sheet') return haveSheet.has(lc(m.name));
        if (m.kind === 'name') return haveName.has(lc(m.name));
        if (m.kind === 'table') return haveTable.has(lc(m.name));
        const probe = probes.get(m);
        return probe ? probe.formulas[0][0] !== '' : false;
      };
    } catch (e2) {
      const i2 = hostErrorInfo(e2);
      cleanupProblem = `${i2.code ?? 'error'}: ${i2.message}`;
      if (!leftBehind.length) leftBehind = [...this.sheetNames];
    }

    const culprits = locateFailure(failed, info.location, landed);
    const sheetsHit = unique(culprits.map((c) => c.sheet).filter(Boolean));
    const whats = unique(culprits.map((c) => c.what));
    let where = whats.length ? whats.slice(0, 3).join(' or ') : 'writing the sheets';
    if (sheetsHit.length === 1) where += ` on sheet "${sheetsHit[0]}"`;
    else if (sheetsHit.length > 1)
      where += ` on one of the sheets ${sheetsHit
        .slice(0, 4)
        .map((n) => `"${n}"`)
        .join(', ')}${sheetsHit.length > 4 ? ` (and ${sheetsHit.length - 4} more)` : ''}`;
    const reason =
      err instanceof BatchFailure
        ? `Excel refused it (${info.code ?? 'error'}: ${info.message})`
        : `it failed (${info.message})`;
    const tail = cleanupProblem
      ? ` Removing what had been added also failed (${cleanupProblem}); these sheets may remain and can be deleted by hand: ${leftBehind.map((n) => `"${n}"`).join(', ')}.`
      : removed.length
        ? ` Nothing was left behind: the ${removed.length} sheet${removed.length === 1 ? '' : 's'} added before the failure ${removed.length === 1 ? 'was' : 'were'} deleted again.`
        : ' Nothing was left behind: no sheet had been added yet.';
    return new InsertError(
      `Inserting the sheets failed while ${where}: ${reason}.${tail}`,
      sheetsHit.length === 1 ? sheetsHit[0] : undefined,
      info.location ?? info.code,
      leftBehind,
      { cause },
    );
  }
}

/**
 * Which queued steps can have failed? Commands run in order until the failing one, so the failure lies after
 * the last step whose marker is present and no later than the first step whose marker is missing; among
 * those, prefer the steps that queue the operation the host names.
 */
function locateFailure(
  steps: Step[],
  location: string | undefined,
  landed: (m: Marker) => boolean | undefined,
): Step[] {
  let lo = -1;
  steps.forEach((st, i) => {
    if (st.marker && landed(st.marker) === true) lo = i;
  });
  let hi = steps.length - 1;
  for (let i = lo + 1; i < steps.length; i++)
    if (steps[i].marker && landed(steps[i].marker!) === false) {
      hi = i;
      break;
    }
  const window = steps.slice(lo + 1, hi + 1);
  if (!location) return window;
  const exact = window.filter((s) => s.ops.includes(location));
  if (exact.length) return exact;
  const type = location.split('.')[0];
  const sameType = window.filter((s) => s.ops.some((o) => o.split('.')[0] === type));
  return sameType.length ? sameType : window;
}

// ================================================================================================ writing

async function writeAll(s: Session, plan: WorkbookPlan): Promise<void> {
  const ctx = s.ctx;
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

  // Each generated sheet records the layout that wrote it (src/workbook/layout.ts), hidden.
  for (const p of plan.sheets)
    if (p.layout)
      await s.add(
        { sheet: p.name, what: 'recording the layout version', ops: ['NamedItemCollection.add'] },
        COMMAND_BYTES * 2,
        () => void (s.sheet(p.name).names.add(LAYOUT_NAME, `=${layoutFormula(p.layout!)}`).visible = false),
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
      () => void ctx.workbook.names.add(n.name, ref),
    );
  };
  for (const n of plan.names) if (!laterNames.includes(n)) await addName(n);

  const deferred: { sheet: string; cells: { row: number; col: number; input: string }[] }[] = [];
  for (const p of plan.sheets) {
    const cells = await writeSheet(s, p, tableNames);
    if (cells.length) deferred.push({ sheet: p.name, cells });
    s.sheetQueued();
  }

  for (const d of deferred) {
    const r1 = Math.min(...d.cells.map((c) => c.row));
    const r2 = Math.max(...d.cells.map((c) => c.row));
    const c1 = Math.min(...d.cells.map((c) => c.col));
    const c2 = Math.max(...d.cells.map((c) => c.col));
    const grid: (string | null)[][] = Array.from({ length: r2 - r1 + 1 }, () =>
      Array<string | null>(c2 - c1 + 1).fill(null),
    );
    for (const c of d.cells) grid[c.row - r1][c.col - c1] = c.input;
    await writeGrid(
      s,
      d.sheet,
      r1,
      c1,
      grid,
      'Range.formulas',
      'writing the formulas that use tables',
      (r, v) => (r.formulas = v),
    );
  }
  for (const n of laterNames) await addName(n);

  const first = plan.sheets.find((p) => !p.hidden);
  if (first)
    await s.add(
      { sheet: first.name, what: 'activating the sheet', ops: ['Worksheet.activate'] },
      COMMAND_BYTES,
      () => s.sheet(first.name).activate(),
    );
  for (const p of plan.sheets) {
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
        { sheet: p.name, what: 'hiding the sheet', ops: ['Worksheet.visibility'] },
        COMMAND_BYTES,
        () => {
          s.sheet(p.name).visibility = p.hidden === 'very' ? 'VeryHidden' : 'Hidden';
        },
      );
  }
  await s.flush();
}

type Input = string | number | boolean;

/** Queue one sheet's content; returns the cells whose formulas must wait for the tables. */
async function writeSheet(
  s: Session,
  p: SheetPlan,
  tableNames: Set<string>,
): Promise<{ row: number; col: number; input: string }[]> {
  const ws = (): Excel.Worksheet => s.sheet(p.name);
  const deferred: { row: number; col: number; input: string }[] = [];

  // --- cells: one 2-D formulas array over the used rectangle
  const totalsRows = new Set<string>();
  const overlay = new Map<string, Input>();
  for (const t of p.tables) {
    const r = parseRange(t.ref);
    t.columns.forEach((h, i) => overlay.set(`${r.row1},${r.col1 + i}`, toFormulaInput({ value: h })));
    if (hasTotals(t)) for (let c = r.col1; c <= r.col2; c++) totalsRows.add(`${r.row2},${c}`);
  }
  let r1 = Infinity;
  let r2 = -1;
  let c1 = Infinity;
  let c2 = -1;
  const touch = (r: number, c: number): void => {
    r1 = Math.min(r1, r);
    r2 = Math.max(r2, r);
    c1 = Math.min(c1, c);
    c2 = Math.max(c2, c);
  };
  p.cells.forEach((row, r) => row?.forEach((cell, c) => cell && toFormulaInput(cell) !== '' && touch(r, c)));
  for (const k of overlay.keys()) touch(...(k.split(',').map(Number) as [number, number]));
  if (r2 >= 0) {
    const grid: Input[][] = [];
    for (let r = r1; r <= r2; r++) {
      const row: Input[] = [];
      for (let c = c1; c <= c2; c++) {
        const k = `${r},${c}`;
        let input: Input = overlay.get(k) ?? toFormulaInput(p.cells[r]?.[c]);
        if (totalsRows.has(k)) input = '';
        if (typeof input === 'string' && input.startsWith('=') && usesTables(input, tableNames)) {
          deferred.push({ row: r, col: c, input });
          input = '';
        }
        row.push(input);
      }
      grid.push(row);
    }
    await writeGrid(
      s,
      p.name,
      r1,
      c1,
      grid,
      'Range.formulas',
      'writing the cell values and formulas',
      (rg, v) => (rg.formulas = v),
      true,
    );
  }

  // --- number formats: one 2-D array (null = leave as is)
  const nf = p.formats.filter((f) => f.style.numFmt !== undefined);
  if (nf.length) {
    const rs = nf.map((f) => parseRange(f.ref));
    const b = {
      row1: Math.min(...rs.map((r) => r.row1)),
      col1: Math.min(...rs.map((r) => r.col1)),
      row2: Math.max(...rs.map((r) => r.row2)),
      col2: Math.max(...rs.map((r) => r.col2)),
    };
    const grid: (string | null)[][] = Array.from({ length: b.row2 - b.row1 + 1 }, () =>
      Array<string | null>(b.col2 - b.col1 + 1).fill(null),
    );
    nf.forEach((f, i) => {
      const r = rs[i];
      for (let y = r.row1; y <= r.row2; y++)
        for (let x = r.col1; x <= r.col2; x++) grid[y - b.row1][x - b.col1] = f.style.numFmt!;
    });
    await writeGrid(
      s,
      p.name,
      b.row1,
      b.col1,
      grid,
      'Range.numberFormat',
      'setting number formats',
      (rg, v) => (rg.numberFormat = v),
    );
  }

  // --- styles: identical FormatRanges grouped where order allows; borders per range
  for (const g of groupStyles(p.formats)) {
    const plan = styleOps(g.style);
    if (plan.commands) {
      const useAreas = g.refs.length > 1 && s.supports('1.9');
      for (const chunk of useAreas ? chunkAddresses(g.refs, 255) : g.refs.map((a) => [a])) {
        const address = chunk.join(',');
        await s.add(
          { sheet: p.name, what: 'formatting cells', ops: plan.ops },
          plan.commands * (COMMAND_BYTES + address.length),
          () =>
            applyStyle(
              chunk.length > 1 ? ws().getRanges(address).format : ws().getRange(address).format,
              g.style,
            ),
        );
      }
    }
    if (g.style.border)
      for (const a of g.refs)
        await s.add(
          { sheet: p.name, what: 'drawing cell borders', ops: ['RangeBorder.style', 'RangeBorder.weight'] },
          12 * (COMMAND_BYTES + a.length),
          () => thinBorders(ws().getRange(a), a),
        );
  }

  // --- column widths (consecutive equal widths in one command)
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

  // --- data validation
  for (const v of p.validations) {
    const rule = validationRule(v);
    const n = 2 + (v.prompt || v.promptTitle ? 1 : 0) + (v.error || v.errorTitle ? 1 : 0);
    await s.add(
      {
        sheet: p.name,
        what: `adding data validation to ${v.ref}`,
        ops: [
          'DataValidation.rule',
          'DataValidation.ignoreBlanks',
          'DataValidation.prompt',
          'DataValidation.errorAlert',
        ],
      },
      n * COMMAND_BYTES +
        JSON.stringify(rule).length +
        JSON.stringify([v.prompt, v.promptTitle, v.error, v.errorTitle]).length,
      () => {
        const dv = ws().getRange(v.ref).dataValidation;
        dv.rule = rule;
        dv.ignoreBlanks = v.allowBlank;
        if (v.prompt || v.promptTitle)
          dv.prompt = { showPrompt: true, title: v.promptTitle ?? '', message: v.prompt ?? '' };
        if (v.error || v.errorTitle)
          dv.errorAlert = {
            showAlert: true,
            style: 'Stop',
            title: v.errorTitle ?? '',
            message: v.error ?? '',
          };
      },
    );
  }

  // --- conditional formats
  for (const cf of p.conditionalFormats)
    await s.add(
      { sheet: p.name, what: `adding a conditional format to ${cf.ref}`, ops: cfOps },
      6 * COMMAND_BYTES + JSON.stringify(cf).length,
      () => addConditionalFormat(ws().getRange(cf.ref), cf),
    );

  // --- tables (the header cells are already written)
  for (const t of p.tables) {
    const r = parseRange(t.ref);
    const totals = hasTotals(t);
    const body = totals
      ? rangeRef(r.row1, r.col1, r.row2 - 1, r.col2)
      : rangeRef(r.row1, r.col1, r.row2, r.col2);
    const totalRow = totals
      ? [t.columns.map((h, i) => totalsInput(t, h, p.cells[r.row2]?.[r.col1 + i]))]
      : [];
    await s.add(
      {
        sheet: p.name,
        what: `adding the table "${t.name}"`,
        ops: [
          'TableCollection.add',
          'Table.name',
          'Table.style',
          'Table.showTotals',
          'Table.getTotalRowRange',
          'Range.formulas',
        ],
        marker: { kind: 'table', name: t.name },
      },
      5 * COMMAND_BYTES + JSON.stringify(totalRow).length + t.name.length + t.style.length,
      () => {
        const table = ws().tables.add(body, true);
        table.name = t.name;
        table.style = t.style;
        if (totals) {
          table.showTotals = true;
          table.getTotalRowRange().formulas = totalRow;
        }
      },
    );
  }

  for (const m of p.merges)
    await s.add({ sheet: p.name, what: `merging ${m}`, ops: ['Range.merge'] }, COMMAND_BYTES, () =>
      ws().getRange(m).merge(false),
    );

  if (p.freeze && (p.freeze.rows > 0 || p.freeze.cols > 0)) {
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
        const fp = ws().freezePanes;
        if (rows > 0 && cols > 0) fp.freezeAt(rangeRef(0, 0, rows - 1, cols - 1));
        else if (rows > 0) fp.freezeRows(rows);
        else fp.freezeColumns(cols);
      },
    );
  }

  for (const c of p.charts)
    await s.add(
      { sheet: p.name, what: `adding the chart "${c.title}"`, ops: chartOps },
      (8 + 6 * c.series.length) * COMMAND_BYTES + JSON.stringify(c).length,
      () => addChart(s, ws(), c),
    );

  if (p.print) {
    const pr = p.print;
    if (s.supports('1.9'))
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
          const pl = ws().pageLayout;
          pl.orientation = pr.orientation === 'landscape' ? 'Landscape' : 'Portrait';
          pl.paperSize = 'Letter';
          if (pr.fitToWidth) pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
          if (pr.titleRows) pl.setPrintTitleRows(absoluteRows(pr.titleRows));
        },
      );
    else s.skipped.push(`print setup of "${p.name}" (needs Excel JavaScript API 1.9)`);
  }

  for (const u of p.protection?.unlocked ?? [])
    await s.add(
      { sheet: p.name, what: `unlocking ${u}`, ops: ['FormatProtection.locked'] },
      COMMAND_BYTES,
      () => {
        ws().getRange(u).format.protection.locked = false;
      },
    );

  return deferred;
}

/** Write a 2-D array starting at (row, col), in row bands that each fit the request limit. */
async function writeGrid<T extends Input | null>(
  s: Session,
  sheet: string,
  row: number,
  col: number,
  grid: T[][],
  op: string,
  what: string,
  assign: (r: Excel.Range, v: T[][]) => void,
  mark = false,
): Promise<void> {
  const budget = Math.max(1, s.max - 4 * COMMAND_BYTES);
  const width = grid[0].length;
  let start = 0;
  while (start < grid.length) {
    let end = start;
    let size = JSON.stringify(grid[start]).length + 2;
    while (end + 1 < grid.length) {
      const next = JSON.stringify(grid[end + 1]).length + 1;
      if (size + next > budget) break;
      size += next;
      end++;
    }
    const band = grid.slice(start, end + 1);
    const address = rangeRef(row + start, col, row + end, col + width - 1);
    let marker: Marker | undefined;
    if (mark)
      band.some((cells, y) =>
        cells.some((v, x) => {
          if (v === '' || v === null) return false;
          marker = { kind: 'cell', sheet, address: cellRef(row + start + y, col + x) };
          return true;
        }),
      );
    await s.add({ sheet, what, ops: [op], marker }, COMMAND_BYTES + size, () =>
      assign(s.sheet(sheet).getRange(address), band),
    );
    start = end + 1;
  }
}

// ------------------------------------------------------------------------------------------------ styles

interface StyleGroup {
  style: CellStyle;
  refs: string[];
  rects: ReturnType<typeof parseRange>[];
}

const rectsOverlap = (a: ReturnType<typeof parseRange>, b: ReturnType<typeof parseRange>): boolean =>
  a.row1 <= b.row2 && b.row1 <= a.row2 && a.col1 <= b.col2 && b.col1 <= a.col2;

/** Group FormatRanges with identical styles (number formats aside) without changing which one wins. */
export function groupStyles(formats: SheetPlan['formats']): { style: CellStyle; refs: string[] }[] {
  const groups: (StyleGroup & { key: string })[] = [];
  for (const f of formats) {
    const style: CellStyle = { ...f.style };
    delete style.numFmt;
    // Canonical key: nested font keys included (a replacer array would drop them and merge
    // bold with italic styles).
    const key = JSON.stringify(
      Object.keys(style)
        .sort()
        .map((k) => [
          k,
          k === 'font' ? Object.entries(style.font ?? {}).sort() : style[k as keyof CellStyle],
        ]),
    );
    if (key === '[]') continue;
    const rect = parseRange(f.ref);
    let target: (StyleGroup & { key: string }) | undefined;
    // Join an earlier identical group unless a group after it sets one of the same properties on an
    // overlapping range (moving this range before that group would change which value wins).
    const props = styleProps(style);
    for (let i = groups.length - 1; i >= 0; i--) {
      if (groups[i].key === key) {
        target = groups[i];
        break;
      }
      if (
        styleProps(groups[i].style).some((x) => props.includes(x)) &&
        groups[i].rects.some((r) => rectsOverlap(r, rect))
      )
        break;
    }
    if (target) {
      target.refs.push(f.ref);
      target.rects.push(rect);
    } else groups.push({ key, style, refs: [f.ref], rects: [rect] });
  }
  return groups.map((g) => ({ style: g.style, refs: g.refs }));
}

function styleProps(st: CellStyle): string[] {
  const out = Object.keys(st).filter((k) => k !== 'font' && k !== 'numFmt');
  for (const k of Object.keys(st.font ?? {})) out.push(`font.${k}`);
  return out;
}

function styleOps(st: CellStyle): { ops: string[]; commands: number } {
  const ops: string[] = [];
  if (st.font?.bold !== undefined) ops.push('RangeFont.bold');
  if (st.font?.italic !== undefined) ops.push('RangeFont.italic');
  if (st.font?.color !== undefined) ops.push('RangeFont.color');
  if (st.font?.size !== undefined) ops.push('RangeFont.size');
  if (st.fill !== undefined) ops.push('RangeFill.color');
  if (st.horizontal) ops.push('RangeFormat.horizontalAlignment');
  if (st.vertical) ops.push('RangeFormat.verticalAlignment');
  if (st.wrap !== undefined) ops.push('RangeFormat.wrapText');
  return { ops, commands: ops.length };
}

export const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
export const V_ALIGN = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;

function applyStyle(fmt: Excel.RangeFormat, st: CellStyle): void {
  if (st.font?.bold !== undefined) fmt.font.bold = st.font.bold;
  if (st.font?.italic !== undefined) fmt.font.italic = st.font.italic;
  if (st.font?.color !== undefined) fmt.font.color = hostColor(st.font.color);
  if (st.font?.size !== undefined) fmt.font.size = st.font.size;
  if (st.fill !== undefined) fmt.fill.color = hostColor(st.fill);
  if (st.horizontal) fmt.horizontalAlignment = H_ALIGN[st.horizontal];
  if (st.vertical) fmt.verticalAlignment = V_ALIGN[st.vertical];
  if (st.wrap !== undefined) fmt.wrapText = st.wrap;
}

function thinBorders(range: Excel.Range, ref: string): void {
  const r = parseRange(ref);
  const edges: (
    'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical'
  )[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
  if (r.row2 > r.row1) edges.push('InsideHorizontal');
  if (r.col2 > r.col1) edges.push('InsideVertical');
  for (const e of edges) {
    const b = range.format.borders.getItem(e);
    b.style = 'Continuous';
    b.weight = 'Thin';
  }
}

function chunkAddresses(refs: string[], maxLen: number): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const r of refs) {
    if (cur.length && len + 1 + r.length > maxLen) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(r);
    len += (cur.length > 1 ? 1 : 0) + r.length;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Plan widths are OOXML/ExcelJS column widths (characters of the default font's digit, ~7 px); Office.js wants points. */
export function columnWidthPoints(width: number): number {
  return Math.round(width * 7) * 0.75;
}

function absoluteRows(rows: string): string {
  const [a, b] = rows.replace(/\$/g, '').split(':');
  return `$${a}:$${b ?? a}`;
}

// ------------------------------------------------------------------------------------------------ validation, CF

/** A plan validation as Office.js's DataValidationRule. */
export function validationRule(v: Validation): Excel.DataValidationRule {
  switch (v.type) {
    case 'list':
      return { list: { inCellDropDown: true, source: v.values.join(',') } };
    case 'decimal':
      return { decimal: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'whole':
      return { wholeNumber: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'date':
      return { date: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'custom':
      return { custom: { formula: `=${v.formula}` } };
  }
}

export const CF_OPERATOR = {
  lessThan: 'LessThan',
  greaterThan: 'GreaterThan',
  between: 'Between',
  equal: 'EqualTo',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  lessThanOrEqual: 'LessThanOrEqual',
} as const;

const cfOps = [
  'ConditionalFormatCollection.add',
  'ConditionalCellValueFormat.rule',
  'ConditionalFormatRule.formula',
  'ConditionalColorScaleFormat.criteria',
  'ConditionalRangeFill.color',
  'ConditionalRangeFont.color',
  'ConditionalRangeFont.bold',
];

function cfStyle(fmt: Excel.ConditionalRangeFormat, st: ConditionalStyle): void {
  if (st.fill) fmt.fill.color = hostColor(st.fill);
  if (st.fontColor) fmt.font.color = hostColor(st.fontColor);
  if (st.bold !== undefined) fmt.font.bold = st.bold;
}

function addConditionalFormat(range: Excel.Range, cf: ConditionalFormat): void {
  if (cf.type === 'cellIs') {
    const c = range.conditionalFormats.add('CellValue');
    cfStyle(c.cellValue.format, cf.style);
    const rule: Excel.ConditionalCellValueRule = {
      formula1: `=${stripEq(cf.formulas[0])}`,
      operator: CF_OPERATOR[cf.operator],
    };
    if (cf.operator === 'between') rule.formula2 = `=${stripEq(cf.formulas[1])}`;
    c.cellValue.rule = rule;
  } else if (cf.type === 'expression') {
    const c = range.conditionalFormats.add('Custom');
    c.custom.rule.formula = `=${stripEq(cf.formula)}`;
    cfStyle(c.custom.format, cf.style);
  } else {
    const c = range.conditionalFormats.add('ColorScale');
    const [lo, a, b] = cf.colors;
    const hi = b ?? a;
    const criteria: Excel.ConditionalColorScaleCriteria = {
      minimum:
        cf.min !== undefined
          ? { type: 'Number', formula: String(cf.min), color: hostColor(lo) }
          : { type: 'LowestValue', color: hostColor(lo) },
      maximum:
        cf.max !== undefined
          ? { type: 'Number', formula: String(cf.max), color: hostColor(hi) }
          : { type: 'HighestValue', color: hostColor(hi) },
    };
    if (b !== undefined)
      criteria.midpoint =
        cf.min !== undefined && cf.max !== undefined
          ? { type: 'Number', formula: String((cf.min + cf.max) / 2), color: hostColor(a) }
          : { type: 'Percentile', formula: '50', color: hostColor(a) };
    c.colorScale.criteria = criteria;
  }
}

// ------------------------------------------------------------------------------------------------ tables, charts

function hasTotals(t: TablePlan): boolean {
  return !!t.totals && Object.keys(t.totals).length > 0;
}

const SUBTOTAL = { average: 101, count: 103, sum: 109 } as const;

/** Escape a column header for a structured reference: ' [ ] # are prefixed with '. */
export function structuredColumn(header: string): string {
  return header.replace(/(['#[\]])/g, "'$1");
}

function totalsInput(t: TablePlan, header: string, planCell: Cell | undefined): Input {
  const tot = t.totals?.[header];
  if (!tot) return toFormulaInput(planCell);
  if ('fn' in tot) return `=SUBTOTAL(${SUBTOTAL[tot.fn]},${t.name}[${structuredColumn(header)}])`;
  return toFormulaInput({ value: tot.label });
}

export const CHART_TYPE = { line: 'Line', bar: 'BarClustered', column: 'ColumnClustered' } as const;

const chartOps = [
  'ChartCollection.add',
  'Chart.setPosition',
  'ChartTitle.text',
  'ChartAxisTitle.text',
  'ChartAxis.minimum',
  'ChartAxis.maximum',
  'ChartSeriesCollection.getItemAt',
  'ChartSeriesCollection.add',
  'ChartSeries.name',
  'ChartSeries.setValues',
  'ChartSeries.setXAxisValues',
  'ChartSeries.markerStyle',
  'ChartLineFormat.color',
  'ChartLineFormat.lineStyle',
  'ChartFill.setSolidColor',
];

function addChart(s: Session, ws: Excel.Worksheet, c: ChartPlan): void {
  const first = s.range(c.series[0].values);
  const shape = parseRange(c.series[0].values.ref);
  const chart = ws.charts.add(
    CHART_TYPE[c.type],
    first,
    shape.row1 === shape.row2 && shape.col2 > shape.col1 ? 'Rows' : 'Columns',
  );
  chart.title.text = c.title;
  c.series.forEach((sp, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(sp.name);
    if (i === 0) series.name = sp.name;
    series.setValues(i === 0 ? first : s.range(sp.values));
    series.setXAxisValues(s.range(c.categories));
    if (c.type === 'line') {
      if (sp.color) series.format.line.color = hostColor(sp.color);
      if (sp.dashed) {
        series.format.line.lineStyle = 'Dash';
        series.markerStyle = 'None';
      }
    } else if (sp.color) series.format.fill.setSolidColor(hostColor(sp.color));
  });
  if (c.xAxisTitle) chart.axes.categoryAxis.title.text = c.xAxisTitle;
  if (c.yAxisTitle) chart.axes.valueAxis.title.text = c.yAxisTitle;
  if (c.yMin !== undefined) chart.axes.valueAxis.minimum = c.yMin;
  if (c.yMax !== undefined) chart.axes.valueAxis.maximum = c.yMax;
  chart.setPosition(cellRef(c.anchor.row, c.anchor.col), cellRef(c.anchor.toRow - 1, c.anchor.toCol - 1));
}

// ================================================================================================ pure helpers
// (Office-free; candidates for src/workbook/ — see the report to the lead.)

const lc = (s: string): string => s.toLowerCase();
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
export const stripEq = (f: string): string => (f.startsWith('=') ? f.slice(1) : f);

/**
 * The string to put in a `formulas` array for a plan cell: "=..." for formulas, numbers and booleans as
 * they are, '' for nothing, and text that Excel would otherwise parse (as a formula, number, date, boolean,
 * error or percentage) prefixed with an apostrophe so it stays the exact text.
 */
export function toFormulaInput(cell: Cell | undefined): Input {
  if (!cell) return '';
  if (cell.formula !== undefined && cell.formula !== '') return `=${stripEq(cell.formula)}`;
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return v;
  if (v === '') return '';
  const t = v.trim();
  const risky =
    /^[=+\-@'#(]/.test(t) ||
    /^[$€£¥]?\s*\.?\d/.test(t) ||
    /^(true|false)$/i.test(t) ||
    /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d/i.test(t) ||
    t !== v;
  return risky ? `'${v}` : v;
}

export interface Renames {
  /** Old sheet name -> new sheet name (matched case-insensitively). */
  sheets?: Record<string, string>;
  /** Old table or defined name -> new name (they share one namespace in Excel). */
  objects?: Record<string, string>;
}

function lookup(map: Record<string, string> | undefined): (name: string) => string | undefined {
  const m = new Map(Object.entries(map ?? {}).map(([k, v]) => [lc(k), v]));
  return (name) => m.get(lc(name));
}

/** Rewrite sheet, table and defined-name references in one formula (with or without "="). */
export function rewriteFormula(formula: string, renames: Renames): string {
  const sheet = lookup(renames.sheets);
  const obj = lookup(renames.objects);
  return walkFormula(formula, { sheet, name: (n) => obj(n) });
}

/** Sheets a formula names, in order of appearance (deduplicated). */
export function formulaSheets(formula: string): string[] {
  const found: string[] = [];
  walkFormula(formula, {
    sheet: (n) => {
      found.push(n);
      return undefined;
    },
  });
  return unique(found);
}

/** Whether a formula uses a structured reference (a known table name, or an unqualified [..]). */
function usesTables(formula: string, tables: Set<string>): boolean {
  let hit = false;
  walkFormula(formula, {
    name: (n) => {
      if (tables.has(lc(n))) hit = true;
      return undefined;
    },
    bracket: (part) => {
      hit = true;
      return part;
    },
  });
  return hit;
}

/** A copy of the plan with sheets, tables and defined names renamed and every reference to them rewritten. */
export function renameInPlan(plan: WorkbookPlan, renames: Renames): WorkbookPlan {
  const sheet = lookup(renames.sheets);
  const obj = lookup(renames.objects);
  const f = (x: string): string => rewriteFormula(x, renames);
  const ref = (r: RangeRef): RangeRef => ({ sheet: sheet(r.sheet) ?? r.sheet, ref: r.ref });
  return {
    sheets: plan.sheets.map((p) => ({
      ...p,
      name: sheet(p.name) ?? p.name,
      cells: p.cells.map((row) => row?.map((c) => (c?.formula ? { ...c, formula: f(c.formula) } : c))),
      conditionalFormats: p.conditionalFormats.map((c) =>
        c.type === 'cellIs'
          ? { ...c, formulas: c.formulas.map(f) }
          : c.type === 'expression'
            ? { ...c, formula: f(c.formula) }
            : c,
      ),
      tables: p.tables.map((t) => ({ ...t, name: obj(t.name) ?? t.name })),
      charts: p.charts.map((c) => ({
        ...c,
        categories: ref(c.categories),
        series: c.series.map((x) => ({ ...x, values: ref(x.values) })),
      })),
    })),
    names: plan.names.map((n) => ({ name: obj(n.name) ?? n.name, refersTo: f(n.refersTo) })),
  };
}

/** "Name (2)", "Name (3)", ... not in `taken` (lower-case), at most 31 characters. */
export function freeSheetName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = name.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(lc(candidate))) return candidate;
  }
}

/** "Name_2", "Name_3", ... not in `taken` (lower-case). */
export function freeObjectName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) if (!taken.has(lc(`${name}_${n}`))) return `${name}_${n}`;
}

/** Give every planned sheet, table and defined name that is already in use a free name; rewrite references. */
export function resolveNameClashes(
  plan: WorkbookPlan,
  existing: Existing,
): { plan: WorkbookPlan; renamed: InsertResult['renamed']; renamedObjects: InsertResult['renamedObjects'] } {
  const inUse = new Set(existing.sheets.map(lc));
  const taken = new Set([...existing.sheets, ...plan.sheets.map((p) => p.name)].map(lc));
  const sheets: Record<string, string> = {};
  const renamed: InsertResult['renamed'] = [];
  for (const p of plan.sheets)
    if (inUse.has(lc(p.name))) {
      const to = freeSheetName(p.name, taken);
      taken.add(lc(to));
      sheets[p.name] = to;
      renamed.push({ from: p.name, to });
    }
  const objInUse = new Set([...existing.tables, ...existing.names].map(lc));
  const planObjects: { kind: 'table' | 'name'; name: string }[] = [
    ...plan.sheets.flatMap((p) => p.tables.map((t) => ({ kind: 'table' as const, name: t.name }))),
    ...plan.names.map((n) => ({ kind: 'name' as const, name: n.name })),
  ];
  const objTaken = new Set([...objInUse, ...planObjects.map((o) => lc(o.name))]);
  const objects: Record<string, string> = {};
  const renamedObjects: InsertResult['renamedObjects'] = [];
  for (const o of planObjects)
    if (objInUse.has(lc(o.name))) {
      const to = freeObjectName(o.name, objTaken);
      objTaken.add(lc(to));
      objects[o.name] = to;
      renamedObjects.push({ kind: o.kind, from: o.name, to });
    }
  return {
    plan: renamed.length || renamedObjects.length ? renameInPlan(plan, { sheets, objects }) : plan,
    renamed,
    renamedObjects,
  };
}

function unknownSheetReferences(plan: WorkbookPlan, existingSheets: string[]): string[] {
  const known = new Set([...existingSheets, ...plan.sheets.map((p) => p.name)].map(lc));
  const out: string[] = [];
  const check = (where: string, names: string[]): void => {
    for (const n of names)
      if (!known.has(lc(n)))
        out.push(`${where} refers to a sheet "${n}" that is neither in the workbook nor being added`);
  };
  for (const p of plan.sheets) {
    p.cells.forEach((row, r) =>
      row?.forEach(
        (c, col) => c?.formula && check(`cell ${cellRef(r, col)} of "${p.name}"`, formulaSheets(c.formula)),
      ),
    );
    for (const cf of p.conditionalFormats)
      if (cf.type !== 'colorScale')
        check(
          `a conditional format on "${p.name}"`,
          (cf.type === 'cellIs' ? cf.formulas : [cf.formula]).flatMap(formulaSheets),
        );
    for (const c of p.charts)
      check(`the chart "${c.title}" on "${p.name}"`, [
        c.categories.sheet,
        ...c.series.map((x) => x.values.sheet),
      ]);
  }
  for (const n of plan.names) check(`the defined name "${n.name}"`, formulaSheets(n.refersTo));
  return unique(out);
}

const NAME_RE = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const CELL_LIKE = /^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d+[Cc]\d+)$/;

/** Everything in a plan that Excel would refuse, found before anything is changed. */
export function planProblems(plan: WorkbookPlan): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const objects = new Set<string>();
  const okRef = (ref: string, where: string): boolean => {
    try {
      parseRange(ref);
      return true;
    } catch {
      out.push(`${where}: "${ref}" is not an A1 range`);
      return false;
    }
  };
  const okObject = (name: string, where: string): void => {
    if (!NAME_RE.test(name) || CELL_LIKE.test(name))
      out.push(`${where}: "${name}" is not a valid Excel name`);
    if (objects.has(lc(name))) out.push(`${where}: the name "${name}" is used twice`);
    objects.add(lc(name));
  };
  for (const p of plan.sheets) {
    const at = `sheet "${p.name}"`;
    if (
      !p.name ||
      p.name.length > 31 ||
      /[:\\/?*[\]]/.test(p.name) ||
      /^'|'$/.test(p.name) ||
      lc(p.name) === 'history'
    )
      out.push(`${at}: not a valid sheet name (1-31 characters, none of : \\ / ? * [ ], not History)`);
    if (seen.has(lc(p.name))) out.push(`${at}: two sheets have this name`);
    seen.add(lc(p.name));
    p.cells.forEach((row, r) =>
      row?.forEach((c, col) => {
        if (typeof c?.value === 'number' && !Number.isFinite(c.value))
          out.push(`${at} cell ${cellRef(r, col)}: ${c.value} is not a number Excel can hold`);
      }),
    );
    for (const f of p.formats) okRef(f.ref, at);
    for (const m of p.merges) okRef(m, at);
    for (const u of p.protection?.unlocked ?? []) okRef(u, at);
    for (const v of p.validations) {
      okRef(v.ref, at);
      if (v.type === 'list') {
        if (v.values.some((x) => x.includes(',')))
          out.push(`${at} validation ${v.ref}: list entries cannot contain commas`);
        if (v.values.join(',').length > 255)
          out.push(`${at} validation ${v.ref}: the list is longer than Excel's 255 characters`);
      } else if ((v.type === 'decimal' || v.type === 'whole') && v.min > v.max)
        out.push(`${at} validation ${v.ref}: min is above max`);
      if ((v.promptTitle ?? '').length > 32 || (v.errorTitle ?? '').length > 32)
        out.push(`${at} validation ${v.ref}: titles are limited to 32 characters`);
      if ((v.prompt ?? '').length > 255 || (v.error ?? '').length > 225)
        out.push(`${at} validation ${v.ref}: the message is too long for Excel`);
    }
    for (const cf of p.conditionalFormats) {
      okRef(cf.ref, at);
      if (cf.type === 'cellIs' && cf.formulas.length !== (cf.operator === 'between' ? 2 : 1))
        out.push(
          `${at} conditional format ${cf.ref}: ${cf.operator} needs ${cf.operator === 'between' ? 2 : 1} formula(s)`,
        );
    }
    for (const t of p.tables) {
      okObject(t.name, `${at} table`);
      if (!okRef(t.ref, `${at} table "${t.name}"`)) continue;
      const r = parseRange(t.ref);
      if (t.columns.length !== r.col2 - r.col1 + 1)
        out.push(
          `${at} table "${t.name}": ${t.columns.length} column names for ${r.col2 - r.col1 + 1} columns`,
        );
      if (new Set(t.columns.map(lc)).size !== t.columns.length || t.columns.some((c) => !c))
        out.push(`${at} table "${t.name}": column names must be unique and not empty`);
      if (r.row2 - r.row1 < (hasTotals(t) ? 2 : 1))
        out.push(`${at} table "${t.name}": needs a header row and at least one data row`);
      for (const k of Object.keys(t.totals ?? {}))
        if (!t.columns.includes(k)) out.push(`${at} table "${t.name}": totals for unknown column "${k}"`);
    }
    const tableRects = p.tables.flatMap((t) => {
      try {
        return [{ name: t.name, r: parseRange(t.ref) }];
      } catch {
        return [];
      }
    });
    tableRects.forEach((a, i) =>
      tableRects.slice(i + 1).forEach((b) => {
        if (rectsOverlap(a.r, b.r)) out.push(`${at}: tables "${a.name}" and "${b.name}" overlap`);
      }),
    );
    for (const m of p.merges)
      for (const t of tableRects)
        try {
          if (rectsOverlap(parseRange(m), t.r))
            out.push(`${at}: merged cells ${m} overlap the table "${t.name}"`);
        } catch {
          /* reported above */
        }
    for (const c of p.charts) {
      const where = `${at} chart "${c.title}"`;
      if (!c.series.length) out.push(`${where}: has no series`);
      for (const rr of [c.categories, ...c.series.map((x) => x.values)])
        if (okRef(rr.ref, where)) {
          const r = parseRange(rr.ref);
          if (r.row1 !== r.row2 && r.col1 !== r.col2)
            out.push(`${where}: "${rr.ref}" must be a single row or column`);
        }
      const a = c.anchor;
      if (!(a.toCol > a.col && a.toRow > a.row && a.col >= 0 && a.row >= 0))
        out.push(`${where}: the anchor is empty or reversed`);
    }
    if (p.print?.titleRows && !/^\$?\d+(:\$?\d+)?$/.test(p.print.titleRows))
      out.push(`${at}: print title rows "${p.print.titleRows}" should look like "10:10"`);
    if (
      p.freeze &&
      !(
        Number.isInteger(p.freeze.rows) &&
        Number.isInteger(p.freeze.cols) &&
        p.freeze.rows >= 0 &&
        p.freeze.cols >= 0
      )
    )
      out.push(`${at}: freeze rows/columns must be whole numbers >= 0`);
  }
  for (const n of plan.names) okObject(n.name, 'defined name');
  return out;
}
