/**
 * Rewriting generated sheets in place, and goals filled into rating sheets.
 */
import { rangeRef } from '../../workbook/a1';
import { RangeRef, SheetPlan } from '../../workbook/plan';
import { packBySize } from '../render';
import { addChart, chartName, CHART_NAME_PREFIX } from '../render/charts';
import { Grid, RatingSheetData } from '../../workbook/read';
import { toFormulaInput, valueInput } from '../cellInput';
import type { OpsContext } from './context';
import type { Journal } from './journal';

type Formula = string | number | boolean | null;

/** A generated sheet to rewrite in place, keeping the columns people type into. */
export interface Refresh {
  sheet: string;
  plan: SheetPlan;
  keepCols: number[];
  /** Rows above this one are left alone (default 0). */
  fromRow?: number;
  /**
   * The kept columns are not read either (default: read, to count what people typed there). For the
   * outcomes log, whose kept columns are its row formulas: only what is replaced travels both ways.
   */
  keptUnread?: boolean;
}

interface RowBlock {
  item: Refresh;
  row0: number;
  row1: number;
  cols: number;
  bytes: number;
}

/** The sheet's rows cut into blocks of at most `max` bytes of formulas (a single larger row is its own). */
function rowBlocks(item: Refresh, max: number): RowBlock[] {
  const cells = item.plan.cells;
  let cols = 1;
  for (let r = 0; r < cells.length; r++) cols = Math.max(cols, cells[r]?.length ?? 0);
  const blocks: RowBlock[] = [];
  const ENVELOPE = 200; // the command around the formulas: sheet name, address
  let row0 = item.fromRow ?? 0;
  let bytes = ENVELOPE;
  // columns neither read nor written travel as a null
  const unread = new Set(item.keptUnread ? item.keepCols : []);
  for (let r = row0; r < Math.max(row0 + 1, cells.length); r++) {
    let rowBytes = 2;
    for (let c = 0; c < cols; c++)
      rowBytes += unread.has(c) ? 5 : JSON.stringify(toFormulaInput(cells[r]?.[c])).length + 1;
    if (r > row0 && bytes + rowBytes > max) {
      blocks.push({ item, row0, row1: r - 1, cols, bytes });
      row0 = r;
      bytes = ENVELOPE;
    }
    bytes += rowBytes;
  }
  // the sheet's charts are rebuilt with its last block
  const charts = item.plan.charts.reduce(
    (n, c) => n + (8 + 6 * c.series.length) * 160 + JSON.stringify(c).length,
    0,
  );
  blocks.push({ item, row0, row1: Math.max(row0, cells.length - 1), cols, bytes: bytes + charts });
  return blocks;
}

/**
 * Rewrites generated sheets in place: plan cells written, `keepCols` (typed by people) left alone. The
 * sheets are cut into row blocks and packed into requests under the payload limit; per request one sync
 * reads what is there (to count changed cells and kept notes) and one writes. So refreshing every
 * worker's comparison costs a few syncs, not two per sheet, and a 10,000-row outcomes log is written in
 * pieces Excel on the web accepts.
 */
export async function refreshInPlace(
  { run, maxRequestBytes }: Pick<OpsContext, 'run' | 'maxRequestBytes'>,
  items: Refresh[],
  journal?: Journal,
): Promise<{ changed: number; kept: number }> {
  let changed = 0;
  let kept = 0;
  for (const group of packBySize(
    items.flatMap((it) => rowBlocks(it, maxRequestBytes)),
    maxRequestBytes,
  ))
    await run(async (ctx) => {
      const ranges = group.map((b) =>
        ctx.workbook.worksheets.getItem(b.item.sheet).getRange(rangeRef(b.row0, 0, b.row1, b.cols - 1)),
      );
      // what is there: the whole block, or only its columns to be replaced (one range per run of them)
      const reads = group.map((b, i) =>
        readRuns(b).map(([c0, c1]) => ({
          c0,
          range: (c0 === 0 && c1 === b.cols - 1
            ? ranges[i]
            : ctx.workbook.worksheets.getItem(b.item.sheet).getRange(rangeRef(b.row0, c0, b.row1, c1))
          ).load('formulas'),
        })),
      );
      // A table filter would make Excel put rewritten rows in the wrong places (office-js issue 224):
      // the filters of the tables on these sheets are cleared before anything is written.
      const tables = [...new Set(group.map((b) => b.item.sheet))].map((sheet) =>
        ctx.workbook.worksheets.getItem(sheet).tables.load('items/name'),
      );
      // Charts over the rewritten rows are rebuilt with the sheet's last block, so their series cover
      // exactly the refreshed data (a new period adds a row; the old series would stop short of it).
      const rebuild = group
        .filter((b) => b.item.plan.charts.length && b.row1 === Math.max(0, b.item.plan.cells.length - 1))
        .map((b) => ({ b, charts: ctx.workbook.worksheets.getItem(b.item.sheet).charts.load('items/name') }));
      await ctx.sync();
      for (const t of tables.flatMap((x) => x.items)) t.clearFilters();
      group.forEach((b, i) => {
        const before = assemble(b, reads[i]);
        // what the rewritten columns held, to put back if a later step fails (null: a kept column)
        journal?.cellsBefore(
          b.item.sheet,
          b.row0,
          0,
          before.map((row) => row.map((v, c) => (b.item.keepCols.includes(c) ? null : v))),
        );
        const next: Formula[][] = [];
        for (let r = b.row0; r <= b.row1; r++) {
          const out: Formula[] = [];
          for (let c = 0; c < b.cols; c++) {
            const old = before[r - b.row0]?.[c] ?? '';
            const cell = b.item.plan.cells[r]?.[c];
            if (b.item.keepCols.includes(c)) {
              if (old !== '' && old !== null && cell?.value === undefined) kept++;
              out.push(null); // null leaves the cell as it is
              continue;
            }
            const want = toFormulaInput(cell);
            // a leading apostrophe only marks text; the cell holds the text without it
            const shown = typeof want === 'string' && want.startsWith("'") ? want.slice(1) : want;
            if (String(shown) !== String(old)) changed++;
            out.push(want);
          }
          next.push(out);
        }
        ranges[i].formulas = next as (string | number | boolean)[][];
      });
      for (const { b, charts } of rebuild) rebuildCharts(ctx, b.item.plan, charts.items);
      await ctx.sync();
    });
  return { changed, kept };
}

/** The runs of adjacent columns a block reads: all of them, or those not kept when kept ones go unread. */
function readRuns(b: RowBlock): [number, number][] {
  const skip = (c: number) => !!b.item.keptUnread && b.item.keepCols.includes(c);
  const runs: [number, number][] = [];
  for (let c = 0; c < b.cols; c++) {
    if (skip(c)) continue;
    const last = runs.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}

/** The block's formulas as read, '' in columns not read. */
function assemble(b: RowBlock, reads: { c0: number; range: Excel.Range }[]): Formula[][] {
  if (reads.length === 1 && reads[0].c0 === 0 && !b.item.keptUnread)
    return reads[0].range.formulas as Formula[][];
  const out: Formula[][] = Array.from({ length: b.row1 - b.row0 + 1 }, () =>
    new Array<Formula>(b.cols).fill(''),
  );
  for (const { c0, range } of reads)
    (range.formulas as Formula[][]).forEach((row, r) => row.forEach((v, c) => (out[r][c0 + c] = v)));
  return out;
}

/**
 * Deletes the charts a plan's sheet got from us and adds the plan's charts again. Ours are named
 * "PPS chart N"; a sheet made before charts were named has Excel's names ("Chart 3"): when none is ours and
 * the sheet holds exactly as many charts as the plan, they are taken to be ours. Charts a person added
 * under other names stay.
 */
function rebuildCharts(ctx: Excel.RequestContext, plan: SheetPlan, existing: Excel.Chart[]): void {
  let ours = existing.filter((c) => c.name.startsWith(CHART_NAME_PREFIX));
  if (ours.length === 0 && existing.length === plan.charts.length) ours = existing;
  for (const c of ours) c.delete();
  const ws = ctx.workbook.worksheets.getItem(plan.name);
  const range = (r: RangeRef): Excel.Range => ctx.workbook.worksheets.getItem(r.sheet).getRange(r.ref);
  plan.charts.forEach((c, i) => addChart(range, ws, c, chartName(i)));
}

/** Writes goals into empty Goal cells of rating sheets, all in one sync; returns how many were filled. */
export async function fillGoals(
  { run }: Pick<OpsContext, 'run'>,
  sheets: { data: RatingSheetData; grid: Grid; goals: Map<string, string> }[],
  journal?: Journal,
): Promise<number> {
  const writes = sheets.flatMap(({ data, grid, goals }) => {
    const goalCol = (grid[data.headerRow] ?? []).findIndex(
      (v, i) => i >= data.headerCol && String(v ?? '').trim() === 'Goal',
    );
    if (goalCol < 0) return [];
    return data.rows
      .filter((r) => goals.has(r.id) && r.goal === '' && (grid[r.row]?.[goalCol] ?? null) === null)
      .map((r) => ({
        sheet: data.sheet,
        row: r.row,
        col: goalCol,
        goal: goals.get(r.id)!,
      }));
  });
  if (writes.length === 0) return 0;
  await run(async (ctx) => {
    for (const w of writes) {
      journal?.cellsBefore(w.sheet, w.row, w.col, [['']]);
      ctx.workbook.worksheets.getItem(w.sheet).getRange(rangeRef(w.row, w.col, w.row, w.col)).values = [
        [valueInput(w.goal)],
      ];
    }
    await ctx.sync();
  });
  return writes.length;
}
