/**
 * The task pane's operations on the open workbook (WorkbookApi), over Office.js. Each reads the
 * workbook once (readWorkbook: 2 syncs), builds plans with src/workbook, and writes them with the
 * renderer (insertPlans) or, for sheets that already exist, refreshes them in place: generated cells
 * are rewritten, cells a person types (discussion notes) are never touched.
 */
import { parseSessionsCsv, Worker } from '../domain/csv';
import { Session } from '../domain/pcoms';
import { Framework, frameworkFromRows, flattenCompetencies } from '../domain/framework';
import { getScale, library } from '../domain/library';
import { Score, scoreText } from '../domain/scale';
import { orderPeriods } from '../domain/periods';
import { InputError, Problem } from '../domain/problems';
import { developmentSuggestions, Rating } from '../domain/ratings';
import { findRole } from '../domain/roles';
import { Settings } from '../domain/settings';
import { rangeRef } from '../workbook/a1';
import { agencyWorkbook, ratingSheets, sheetKey } from '../workbook/build';
import { deidentifyChecked } from '../workbook/deidentify';
import { formFileName, mergeSelfRatings, readForm, selfAssessmentForm } from '../workbook/forms';
import { COMPARISON_HEADERS, comparisonSheet } from '../workbook/comparison';
import { dashboardSheet } from '../workbook/dashboard';
import { BlockSource } from '../workbook/lookups';
import { allocateSheetNames } from '../workbook/names';
import { SheetPlan, WorkbookPlan } from '../workbook/plan';
import {
  agendaSheet,
  logRewrite,
  outcomeLogRef,
  outcomesSheets,
  personViewSheet,
  providerSummarySheet,
  SUMMARY_HEADERS,
} from '../workbook/outcomes';
import { LOG_HEADERS } from '../workbook/outcomesLog';
import {
  blockSourceOf,
  findHeaderRow,
  Grid,
  RatingSheetData,
  ratingsFromSheet,
  sessionsFromLogGrid,
} from '../workbook/read';
import { SETTINGS_HEADERS, SETTINGS_SHEET, settingsSheet } from '../workbook/settingsSheet';
import { excelDate } from '../workbook/sheet';
import { TEAM_HEADERS, teamSheet } from '../workbook/team';
import { TREND_HEADERS, trendSheet } from '../workbook/trend';
import { CollectFormsReport, FrameworkChoice, PaneState, RefreshReport, WorkbookApi } from './api';
import { ApiSupport, ExcelRunner, hostErrorInfo, officeApiSupport, officeRunner } from './host';
import { readWorkbook, WorkbookSnapshot } from './read';
import { DEFAULT_MAX_REQUEST_BYTES, InsertError, insertPlans, toFormulaInput } from './render';

type Formula = string | number | boolean | null;

const CUSTOM_HEADERS = ['Category', 'Competency'];

/** Agency lists typed into the workbook as a two-column table (Category, Competency). */
function workbookFrameworks(snap: WorkbookSnapshot): { frameworks: Framework[]; problems: Problem[] } {
  const frameworks: Framework[] = [];
  const problems: Problem[] = [];
  const rating = new Set(snap.ratingSheets.map((r) => r.sheet));
  for (const s of snap.sheets) {
    if (rating.has(s.name)) continue;
    const at = findHeaderRow(s.grid, CUSTOM_HEADERS);
    if (!at || (s.grid[at.row]?.[at.col + 2] !== undefined && s.grid[at.row]?.[at.col + 2] !== null))
      continue;
    const rows = s.grid
      .slice(at.row + 1)
      .map((r) => ({ category: String(r?.[at.col] ?? ''), competency: String(r?.[at.col + 1] ?? '') }))
      .filter((r) => r.category.trim() || r.competency.trim());
    try {
      frameworks.push(
        frameworkFromRows(rows, {
          id: `workbook:${s.name}`,
          title: s.name,
          version: '1',
          file: `Sheet "${s.name}"`,
        }),
      );
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  return { frameworks, problems };
}

function allFrameworks(snap: WorkbookSnapshot) {
  const own = workbookFrameworks(snap);
  return { list: [...library().frameworks, ...own.frameworks], problems: own.problems };
}

function sheetGrid(snap: WorkbookSnapshot, name: string): Grid {
  return snap.sheets.find((s) => s.name === name)?.grid ?? [];
}

/** Worker id and period labels of a generated sheet (comparison or trend) found by its headers. */
function labelled(grid: Grid, label: string): string | undefined {
  for (const row of grid.slice(0, 12)) {
    const i = (row ?? []).findIndex((v) => String(v ?? '').trim() === label);
    if (i >= 0) return String(row![i + 1] ?? '').trim();
  }
  return undefined;
}

function findGenerated(
  snap: WorkbookSnapshot,
  headers: readonly string[],
  workerId: string,
  period?: string,
) {
  return snap.sheets.find(
    (s) =>
      findHeaderRow(s.grid, headers) !== null &&
      labelled(s.grid, 'Worker ID') === workerId &&
      (period === undefined || labelled(s.grid, 'Period') === period),
  )?.name;
}

export interface OpsOptions {
  run?: ExcelRunner;
  supports?: ApiSupport;
  /** Clock for "computed at" labels (tests pass a fixed one). */
  now?: () => Date;
  /**
   * Writes a plan as .xlsx bytes for "Share a copy". Injected by the task pane (which loads the
   * .xlsx writer only when sharing), so this layer never imports src/xlsx.
   */
  writeXlsx?: (plan: WorkbookPlan) => Promise<Uint8Array>;
  /** Reads .xlsx bytes into sheet grids (returned forms); injected like writeXlsx. */
  readXlsx?: (bytes: Uint8Array, fileName: string) => Promise<{ name: string; grid: Grid }[]>;
  /** Largest request (and read) in bytes; default DEFAULT_MAX_REQUEST_BYTES (tests pass a small one). */
  maxRequestBytes?: number;
}

/** A generated sheet to rewrite in place, keeping the columns people type into. */
interface Refresh {
  sheet: string;
  plan: SheetPlan;
  keepCols: number[];
  /** Rows above this one are left alone (default 0). */
  fromRow?: number;
  /** Written without reading what is there first (nothing counted): its request carries only what is written. */
  blind?: boolean;
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
  // a blind write sends null for kept columns; a read brings back every column
  const skip = new Set(item.blind ? item.keepCols : []);
  for (let r = row0; r < Math.max(row0 + 1, cells.length); r++) {
    let rowBytes = 2;
    for (let c = 0; c < cols; c++)
      rowBytes += skip.has(c) ? 5 : JSON.stringify(toFormulaInput(cells[r]?.[c])).length + 1;
    if (r > row0 && bytes + rowBytes > max) {
      blocks.push({ item, row0, row1: r - 1, cols, bytes });
      row0 = r;
      bytes = ENVELOPE;
    }
    bytes += rowBytes;
  }
  blocks.push({ item, row0, row1: Math.max(row0, cells.length - 1), cols, bytes });
  return blocks;
}

/** Consecutive blocks packed into groups of at most `max` bytes (a larger block goes alone). */
function packBlocks(blocks: RowBlock[], max: number): RowBlock[][] {
  const groups: RowBlock[][] = [];
  let bytes = 0;
  for (const b of blocks) {
    if (groups.length === 0 || bytes + b.bytes > max) {
      groups.push([]);
      bytes = 0;
    }
    groups[groups.length - 1].push(b);
    bytes += b.bytes;
  }
  return groups;
}

export function createOfficeApi(opts: OpsOptions = {}): WorkbookApi {
  const run = opts.run ?? officeRunner();
  const supports = opts.supports ?? officeApiSupport;
  const now = opts.now ?? (() => new Date());
  const stamp = () => now().toISOString().slice(0, 16).replace('T', ' ');
  const maxRequestBytes = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const insert = (plan: WorkbookPlan, onProgress?: (done: number, total: number) => void) =>
    insertPlans(run, plan, { supports, onProgress, maxRequestBytes });

  /**
   * Rewrites generated sheets in place: plan cells written, `keepCols` (typed by people) left alone. The
   * sheets are cut into row blocks and packed into requests under the payload limit; per request one sync
   * reads what is there (to count changed cells and kept notes) and one writes. So refreshing every
   * worker's comparison costs a few syncs, not two per sheet, and a 10,000-row outcomes log is written in
   * pieces Excel on the web accepts.
   */
  async function refreshInPlace(items: Refresh[]): Promise<{ changed: number; kept: number }> {
    let changed = 0;
    let kept = 0;
    for (const group of packBlocks(
      items.flatMap((it) => rowBlocks(it, maxRequestBytes)),
      maxRequestBytes,
    ))
      await run(async (ctx) => {
        const ranges = group.map((b) => {
          const range = ctx.workbook.worksheets
            .getItem(b.item.sheet)
            .getRange(rangeRef(b.row0, 0, b.row1, b.cols - 1));
          if (!b.item.blind) range.load('formulas');
          return range;
        });
        if (group.some((b) => !b.item.blind)) await ctx.sync();
        group.forEach((b, i) => {
          const before = b.item.blind ? [] : (ranges[i].formulas as Formula[][]);
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
        await ctx.sync();
      });
    return { changed, kept };
  }

  /** Writes goals into empty Goal cells of rating sheets, all in one sync; returns how many were filled. */
  async function fillGoals(
    sheets: { data: RatingSheetData; grid: Grid; goals: Map<string, string> }[],
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
          ref: rangeRef(r.row, goalCol, r.row, goalCol),
          goal: goals.get(r.id)!,
        }));
    });
    if (writes.length === 0) return 0;
    await run(async (ctx) => {
      for (const w of writes) ctx.workbook.worksheets.getItem(w.sheet).getRange(w.ref).values = [[w.goal]];
      await ctx.sync();
    });
    return writes.length;
  }

  /** The name of the outcome log's table (other sheets refer to its columns by name): 1 sync. */
  async function logTableName(sheet: string): Promise<string> {
    return run(async (ctx) => {
      const tables = ctx.workbook.worksheets.getItem(sheet).tables.load('items/name');
      await ctx.sync();
      return tables.items[0].name;
    });
  }

  function context(snap: WorkbookSnapshot) {
    const fws = allFrameworks(snap);
    const scale = getScale(snap.settings.scaleId);
    const team = snap.team?.workers ?? [];
    return { fws, scale, team };
  }

  const api: WorkbookApi = {
    async load(): Promise<PaneState> {
      const snap = await readWorkbook(run);
      const { fws } = context(snap);
      const lib = library();
      const frameworks: FrameworkChoice[] = fws.list.map((f) => ({
        id: f.id,
        title: f.title,
        origin: f.id.startsWith('workbook:') ? 'workbook' : 'bundled',
      }));
      return {
        team: snap.team?.workers ?? [],
        teamSheet: snap.team?.sheet ?? null,
        settings: snap.settings,
        frameworks,
        scales: lib.scales.map((s) => ({ id: s.id, title: s.title })),
        roles: lib.roles.map((r) => ({ id: r.id, title: r.title })),
        periods: orderPeriods(snap.ratingSheets.map((r) => r.period)),
        ratingSheets: snap.ratingSheets.map((r) => ({
          sheet: r.sheet,
          workerId: r.workerId,
          period: r.period,
          frameworkId: r.frameworkId,
        })),
        problems: fws.problems,
      };
    },

    async saveSettings(settings: Settings): Promise<void> {
      const snap = await readWorkbook(run);
      if (!snap.settingsSheet) {
        const s = settingsSheet(
          settings,
          allocateSheetNames(
            [SETTINGS_SHEET],
            snap.sheets.map((x) => x.name),
          )[0],
        );
        await insert({ sheets: [s.sheet], names: s.names });
        return;
      }
      // Rewrite the Value cells in place, so the defined names that formulas use stay valid.
      const grid = sheetGrid(snap, snap.settingsSheet);
      const at = findHeaderRow(grid, SETTINGS_HEADERS)!;
      const fresh = settingsSheet(settings).sheet;
      const valueByKey = new Map(
        fresh.cells.slice(3).map((r) => [String(r[2]?.value ?? ''), r[1]?.value ?? null]),
      );
      await run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(snap.settingsSheet!);
        for (let r = at.row + 1; r < grid.length; r++) {
          const key = String(grid[r]?.[at.col + 2] ?? '');
          if (valueByKey.has(key))
            ws.getRange(rangeRef(r, at.col + 1, r, at.col + 1)).values = [
              [valueByKey.get(key) as string | number | boolean],
            ];
        }
        await ctx.sync();
      });
    },

    async saveTeam(workers: Worker[]): Promise<void> {
      const problems: Problem[] = [];
      const seen = new Set<string>();
      workers.forEach((w, i) => {
        const row = i + 2;
        if (!w.workerId.trim())
          problems.push({ file: 'Team', row, column: 'Worker ID', message: 'is empty' });
        else if (seen.has(w.workerId.toLowerCase()))
          problems.push({ file: 'Team', row, column: 'Worker ID', message: `"${w.workerId}" is used twice` });
        seen.add(w.workerId.toLowerCase());
        if (!w.name.trim()) problems.push({ file: 'Team', row, column: 'Name', message: 'is empty' });
      });
      if (problems.length) throw new InputError(problems);
      const snap = await readWorkbook(run);
      if (!snap.team) {
        const name = allocateSheetNames(
          ['Team'],
          snap.sheets.map((s) => s.name),
        )[0];
        await insert({ sheets: [teamSheet(workers, name)], names: [] });
        return;
      }
      const values = workers.map((w) => [
        w.workerId,
        w.name,
        w.role,
        w.supervisor,
        w.startDate ? excelDate(w.startDate) : '',
      ]);
      await run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(snap.team!.sheet);
        const tables = ws.tables.load('items/name');
        await ctx.sync();
        const table = tables.items[0];
        if (!table)
          throw new Error(
            `The sheet "${snap.team!.sheet}" has the roster headers but no table; nothing was changed.`,
          );
        const body = table.getDataBodyRange().load('rowCount,rowIndex,columnIndex');
        await ctx.sync();
        const n = body.rowCount;
        const width = TEAM_HEADERS.length;
        const keep = Math.min(n, values.length);
        const top = body.rowIndex;
        const left = body.columnIndex;
        if (keep > 0)
          ws.getRange(rangeRef(top, left, top + keep - 1, left + width - 1)).values = values.slice(0, keep);
        if (n > values.length)
          ws.getRange(rangeRef(top + keep, left, top + n - 1, left + width - 1)).values = Array.from(
            { length: n - keep },
            () => new Array<string>(width).fill(''),
          );
        if (values.length > n) table.rows.add(undefined, values.slice(n));
        await ctx.sync();
      });
    },

    async insertRatingSheets(req, onProgress) {
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      if (!req.period.trim()) throw new Error('Give the review period a label, for example "2026 Q4".');
      const framework = fws.list.find((f) => f.id === snap.settings.frameworkId);
      if (!framework)
        throw new Error(
          `The framework "${snap.settings.frameworkId}" in Settings is not available. Choose one in Setup.`,
        );
      const chosen = team.filter((w) => req.workerIds.includes(w.workerId));
      if (chosen.length === 0) throw new Error('Choose at least one worker from the Team sheet.');
      const existing = new Set(
        snap.ratingSheets.filter((r) => r.period === req.period).map((r) => r.workerId),
      );
      const already = chosen.filter((w) => existing.has(w.workerId));
      if (already.length)
        throw new Error(
          `${already.map((w) => w.workerId).join(', ')} already ${already.length === 1 ? 'has a rating sheet' : 'have rating sheets'} for ${req.period}; nothing was inserted.`,
        );
      const role = req.roleId ? library().roles.find((r) => r.id === req.roleId) : undefined;
      const plans = ratingSheets(
        chosen.map((worker) => ({
          worker,
          period: req.period,
          role: role ?? findRole(library().roles, worker.role),
        })),
        { framework, scale, roles: library().roles, existingSheets: snap.sheets.map((s) => s.name) },
      );
      onProgress?.({ done: 0, total: plans.length, label: 'Preparing sheets' });
      const res = await insert({ sheets: plans, names: [] }, (done, total) =>
        onProgress?.({ done, total, label: `Inserted ${done} of ${total}` }),
      );
      return { created: res.created, renamed: res.renamed, syncs: res.syncs + snap.syncs };
    },

    async activate(sheet: string) {
      await run(async (ctx) => {
        ctx.workbook.worksheets.getItem(sheet).activate();
        await ctx.sync();
      });
    },

    async compare(req) {
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      const report = emptyReport();
      const targets = snap.ratingSheets.filter(
        (r) => r.period === req.period && (!req.workerId || r.workerId === req.workerId),
      );
      if (targets.length === 0)
        throw new Error(`No rating sheet for ${req.workerId ?? 'any worker'} in ${req.period}.`);
      const newPlans: SheetPlan[] = [];
      const refreshes: Refresh[] = [];
      const goals: Parameters<typeof fillGoals>[0] = [];
      const taken = snap.sheets.map((s) => s.name);
      for (const data of targets) {
        const fw = fws.list.find((f) => f.id === data.frameworkId);
        const read = ratingsFromSheet(data, fws.list, scale);
        report.problems.push(...read.problems);
        if (!fw) continue;
        const ordered = orderByFramework(fw, read.ratings);
        const items = developmentSuggestions(ordered, snap.settings.gapThreshold, scale);
        goals.push({
          data,
          grid: sheetGrid(snap, data.sheet),
          goals: new Map(items.map((s) => [s.competencyId, s.goal])),
        });
        const worker = team.find((w) => w.workerId === data.workerId) ?? {
          workerId: data.workerId,
          name: data.workerName,
          role: data.role,
          supervisor: '',
          startDate: '',
        };
        const existing = findGenerated(snap, COMPARISON_HEADERS, data.workerId, data.period);
        const [name] = existing
          ? [existing]
          : allocateSheetNames([`Compare ${data.workerId} ${data.period}`], taken);
        taken.push(name);
        const plan = comparisonSheet({
          sheetName: name,
          worker,
          period: data.period,
          framework: fw,
          scale,
          source: {
            sheet: data.sheet,
            firstRow: data.rows[0]?.row ?? data.headerRow + 1,
            lastRow: data.rows[data.rows.length - 1]?.row ?? data.headerRow + 1,
            idCol: data.headerCol + 1,
            selfCol: data.headerCol + 3,
            supervisorCol: data.headerCol + 4,
          },
          suggestions: { computedAt: stamp(), items },
        });
        if (existing) {
          refreshes.push({
            sheet: existing,
            plan,
            keepCols: [COMPARISON_HEADERS.indexOf('Discussion notes')],
          });
          report.sheets.push(existing);
        } else newPlans.push(plan);
      }
      report.goalsFilled += await fillGoals(goals);
      const r = await refreshInPlace(refreshes);
      report.changedCells += r.changed;
      report.keptCells += r.kept;
      if (newPlans.length) {
        const made = (await insert({ sheets: newPlans, names: [] })).created;
        report.sheets.push(...made);
        report.created.push(...made);
      }
      return report;
    },

    async trends(req) {
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      const report = emptyReport();
      const periods = orderPeriods(snap.ratingSheets.map((r) => r.period));
      const workers = team.filter((w) => !req.workerId || w.workerId === req.workerId);
      const newPlans: SheetPlan[] = [];
      const refreshes: Refresh[] = [];
      const taken = snap.sheets.map((s) => s.name);
      for (const worker of workers) {
        const mine = snap.ratingSheets.filter((r) => r.workerId === worker.workerId);
        if (mine.length === 0) continue;
        const fw = fws.list.find((f) => f.id === mine[mine.length - 1].frameworkId);
        if (!fw) continue;
        const sources = periods.map((period) => {
          const data = mine.find((r) => r.period === period && r.frameworkId === fw.id);
          return { period, source: data ? blockSourceOf(data, sheetGrid(snap, data.sheet)) : undefined };
        });
        const existing = findGenerated(snap, TREND_HEADERS, worker.workerId);
        const [name] = existing ? [existing] : allocateSheetNames([`Trend ${worker.workerId}`], taken);
        taken.push(name);
        const plan = trendSheet({ sheetName: name, worker, framework: fw, scale, periods: sources });
        if (existing) {
          refreshes.push({ sheet: existing, plan, keepCols: [] });
          report.sheets.push(existing);
        } else newPlans.push(plan);
      }
      report.changedCells += (await refreshInPlace(refreshes)).changed;
      if (workers.length && !newPlans.length && !report.sheets.length)
        throw new Error('No rating sheets to draw trends from yet.');
      if (newPlans.length) {
        const made = (await insert({ sheets: newPlans, names: [] })).created;
        report.sheets.push(...made);
        report.created.push(...made);
      }
      return report;
    },

    async dashboard(req) {
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      const inPeriod = snap.ratingSheets.filter((r) => r.period === req.period);
      if (inPeriod.length === 0) throw new Error(`No rating sheets for ${req.period} yet.`);
      const fw = fws.list.find((f) => f.id === inPeriod[0].frameworkId)!;
      const periods = orderPeriods(snap.ratingSheets.map((r) => r.period));
      const byPeriod = periods.map((period) => ({
        period,
        sources: new Map(
          snap.ratingSheets
            .filter((r) => r.period === period && r.frameworkId === fw.id)
            .flatMap((r) => {
              const src = blockSourceOf(r, sheetGrid(snap, r.sheet));
              return src ? [[r.workerId, src] as [string, BlockSource]] : [];
            }),
        ),
      }));
      const wanted = `Dashboard ${req.period}`;
      const existing = snap.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase())?.name;
      const name =
        existing ??
        allocateSheetNames(
          [wanted],
          snap.sheets.map((s) => s.name),
        )[0];
      const plan = dashboardSheet({
        sheetName: name,
        framework: fw,
        scale,
        workers: team,
        period: req.period,
        periods: byPeriod,
      });
      if (existing) {
        const r = await refreshInPlace([{ sheet: existing, plan, keepCols: [] }]);
        return { ...emptyReport(), sheets: [existing], changedCells: r.changed };
      }
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },

    async importSessions(csv, fileName, confirmCodes = []) {
      const parsed = parseSessionsCsv(csv, fileName, { allowCodes: new Set(confirmCodes) });
      const nameLike = parsed.problems.filter(
        (p) => p.column === 'person_code' && /looks like a name/.test(p.message),
      );
      const needsConfirmation = [...new Set(nameLike.map((p) => /"(.*)"/.exec(p.message)?.[1] ?? ''))].filter(
        Boolean,
      );
      const rejected = parsed.problems.filter((p) => !nameLike.includes(p));
      const snap = await readWorkbook(run);
      const logSnap = findLog(snap);
      const existing = logSnap?.log.sessions ?? [];
      const key = (x: Session) => [x.personCode, x.workerId, x.date, x.session].join('\u0000');
      const have = new Set(existing.map(key));
      const fresh = parsed.records.filter((x) => !have.has(key(x)));
      const report = {
        accepted: fresh.length,
        duplicates: parsed.records.length - fresh.length,
        rejected,
        needsConfirmation,
        sheets: [] as string[],
      };
      if (fresh.length === 0) return report;
      const all = [...existing, ...fresh];
      const names = snap.sheets.map((x) => x.name);
      if (!logSnap) {
        // New outcomes sheets; their formulas read the Settings sheet, so add it when missing.
        const settings = snap.settingsSheet
          ? null
          : settingsSheet(snap.settings, allocateSheetNames([SETTINGS_SHEET], names)[0]);
        const plans = outcomesSheets({
          sessions: all,
          existingSheets: [...names, ...(settings ? [settings.sheet.name] : [])],
          settingsSheetName: snap.settingsSheet ?? settings?.sheet.name,
        });
        const res = await insert({
          sheets: [...plans, ...(settings ? [settings.sheet] : [])],
          names: settings?.names ?? [],
        });
        report.sheets = res.created;
        return report;
      }
      // Append: grow the log table, then rewrite the log grouped by person (inputs of every row; the row
      // formulas are the same on every row, so rows of this layout keep theirs and only the new rows get
      // them), its person and pair indexes, and the summary.
      const logName = logSnap.sheet;
      const width = LOG_HEADERS.length;
      const grid = snap.sheets.find((x) => x.name === logName)!.grid;
      if (!LOG_HEADERS.every((h, i) => grid[logSnap.log.headerRow]?.[i] === h))
        throw new Error(
          `The outcomes log on "${logName}" does not have the columns this version writes (it was made by an ` +
            'earlier version, or a header was changed), so nothing was imported. Build the outcome sheets ' +
            'again from your sessions CSV, or restore the headers.',
        );
      let tableName = '';
      let tableRows = 0;
      await run(async (ctx) => {
        const tables = ctx.workbook.worksheets.getItem(logName).tables.load('items/name');
        await ctx.sync();
        tableName = tables.items[0].name;
        tables.items[0].rows.add(
          undefined,
          fresh.map(() => new Array<string>(width).fill('')),
        );
        const body = tables.items[0].getDataBodyRange().load('rowCount');
        await ctx.sync();
        tableRows = body.rowCount - fresh.length;
      });
      const settingsSheetName = snap.settingsSheet ?? SETTINGS_SHEET;
      const log = logRewrite({
        sheetName: logName,
        tableName,
        sessions: all,
        settingsSheetName,
        tableRows: tableRows + fresh.length,
        keptRows: tableRows,
      });
      report.sheets.push(logName);
      const summary = snap.sheets.find(
        (x) => findHeaderRow(x.grid, SUMMARY_HEADERS.slice(0, 3)) !== null,
      )?.name;
      const summaryPlan =
        summary &&
        providerSummarySheet({
          sheetName: summary,
          log: outcomeLogRef(logName, tableName),
          workers: [...new Set(all.map((x) => x.workerId))],
          sessions: all,
          settingsSheetName,
        });
      if (summary) report.sheets.push(summary);
      await refreshInPlace([
        {
          sheet: logName,
          plan: { ...log.plan, cells: log.plan.cells.slice(0, log.fromRow) },
          keepCols: log.formulaCols,
          blind: true,
        },
        { sheet: logName, plan: log.plan, keepCols: [], fromRow: log.fromRow, blind: true },
        ...(summaryPlan ? [{ sheet: summary!, plan: summaryPlan, keepCols: [] }] : []),
      ]);
      return report;
    },

    async personView(req) {
      const snap = await readWorkbook(run);
      const found = findLog(snap);
      const code = req.personCode.trim();
      if (!found) throw new Error('There is no outcomes log yet: import sessions first.');
      if (!found.log.sessions.some((x) => x.personCode === code))
        throw new Error(`The outcomes log has no sessions for "${code}".`);
      const [name] = allocateSheetNames(
        [`Person ${code}`],
        snap.sheets.map((x) => x.name),
      );
      const plan = personViewSheet({
        sheetName: name,
        personCode: code,
        log: outcomeLogRef(found.sheet, await logTableName(found.sheet)),
        sessions: found.log.sessions,
        settingsSheetName: snap.settingsSheet ?? SETTINGS_SHEET,
      });
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },

    async agenda(req) {
      const snap = await readWorkbook(run);
      const found = findLog(snap);
      if (!found) throw new Error('There is no outcomes log yet: import sessions first.');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(req.date))
        throw new Error(`"${req.date}" is not a date (use yyyy-mm-dd).`);
      const { fws, scale, team } = context(snap);
      const worker = team.find((w) => w.workerId === req.workerId);
      if (!worker) throw new Error(`${req.workerId} is not on the Team sheet.`);
      // Competency rows: the development suggestions from the worker's latest rating sheet.
      const periods = orderPeriods(snap.ratingSheets.map((r) => r.period));
      const latest = [...snap.ratingSheets.filter((r) => r.workerId === worker.workerId)]
        .sort((a, b) => periods.indexOf(a.period) - periods.indexOf(b.period))
        .at(-1);
      const fw = latest && fws.list.find((f) => f.id === latest.frameworkId);
      const gaps =
        latest && fw
          ? (() => {
              const text = new Map(flattenCompetencies(fw).map((c) => [c.id, c.text]));
              const rated = orderByFramework(fw, ratingsFromSheet(latest, fws.list, scale).ratings);
              return developmentSuggestions(rated, snap.settings.gapThreshold, scale).map((x) => ({
                competency: `${x.competencyId} ${text.get(x.competencyId)}`,
                gap: x.self === null ? null : x.supervisor - x.self,
                goal: x.goal,
              }));
            })()
          : [];
      const [name] = allocateSheetNames(
        [`Agenda ${worker.workerId} ${req.date}`],
        snap.sheets.map((x) => x.name),
      );
      const plan = agendaSheet({
        sheetName: name,
        log: outcomeLogRef(found.sheet, await logTableName(found.sheet)),
        workerId: worker.workerId,
        workerName: worker.name,
        date: req.date,
        gaps,
        computedAt: stamp(),
        sessions: found.log.sessions,
        settings: snap.settings,
        settingsSheetName: snap.settingsSheet ?? SETTINGS_SHEET,
      });
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },

    async createForms(req) {
      if (!opts.writeXlsx)
        throw new Error('Making forms needs the workbook writer, which is not loaded here.');
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      if (!req.period.trim()) throw new Error('Give the review period a label, for example "2026 Q4".');
      const framework = fws.list.find((f) => f.id === snap.settings.frameworkId);
      if (!framework)
        throw new Error(`The framework "${snap.settings.frameworkId}" in Settings is not available.`);
      const chosen = team.filter((w) => req.workerIds.includes(w.workerId));
      if (chosen.length === 0) throw new Error('Choose at least one worker from the Team sheet.');
      const files = [];
      for (const worker of chosen) {
        const plan = selfAssessmentForm({
          worker,
          period: req.period,
          framework,
          scale,
          role: findRole(library().roles, worker.role),
        });
        files.push({
          fileName: formFileName(worker.workerId, req.period),
          bytes: await opts.writeXlsx(plan),
        });
      }
      return files;
    },

    async collectForms(files, useIncoming = []) {
      if (!opts.readXlsx)
        throw new Error('Collecting forms needs the workbook reader, which is not loaded here.');
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      const report: CollectFormsReport = { files: [], written: 0, conflicts: [] };
      const incoming: Rating[] = [];
      for (const f of files) {
        let sheets: { name: string; grid: Grid }[];
        try {
          sheets = await opts.readXlsx(f.bytes, f.name);
        } catch (e) {
          report.files.push({
            name: f.name,
            ok: false,
            accepted: 0,
            problems: [{ file: f.name, message: (e as Error).message }],
          });
          continue;
        }
        const res = readForm(sheets, f.name, {
          team,
          frameworks: fws.list,
          scale,
          periods: orderPeriods(snap.ratingSheets.map((r) => r.period)),
        });
        const sheet =
          res.form &&
          snap.ratingSheets.find((r) => r.workerId === res.form!.workerId && r.period === res.form!.period);
        if (res.ok && !sheet) {
          report.files.push({
            name: f.name,
            ok: false,
            accepted: 0,
            problems: [
              {
                file: f.name,
                message: `there is no rating sheet for ${res.form!.workerId} in ${res.form!.period} to merge into; insert it first`,
              },
            ],
          });
          continue;
        }
        report.files.push({
          name: f.name,
          ok: res.ok,
          accepted: res.report.accepted,
          problems: res.report.problems,
        });
        if (res.ok) incoming.push(...res.ratings);
      }
      if (incoming.length === 0) return report;
      // Existing ratings of the sheets the forms are for, and where each competency's cells are.
      const cells = new Map<string, { sheet: string; row: number; selfCol: number; notesCol: number }>();
      const existing: Rating[] = [];
      const keyOf = (r: { workerId: string; period: string; competencyId: string }) =>
        [r.workerId, r.period, r.competencyId].join('\u0000');
      for (const data of snap.ratingSheets.filter((r) =>
        incoming.some((i) => i.workerId === r.workerId && i.period === r.period),
      )) {
        existing.push(...ratingsFromSheet(data, fws.list, scale).ratings);
        const header = (sheetGrid(snap, data.sheet)[data.headerRow] ?? []).map((v) => String(v ?? '').trim());
        for (const row of data.rows)
          cells.set(keyOf({ workerId: data.workerId, period: data.period, competencyId: row.id }), {
            sheet: data.sheet,
            row: row.row,
            selfCol: data.headerCol + 3,
            notesCol: header.indexOf('Notes', data.headerCol),
          });
      }
      const merge = mergeSelfRatings(existing, incoming);
      const chosen = new Set(useIncoming);
      const label = (sc: Score) => scoreText(sc, scale) || 'blank';
      report.conflicts = merge.conflicts.map((c) => ({
        key: keyOf(c),
        workerId: c.workerId,
        period: c.period,
        competencyId: c.competencyId,
        existing: label(c.existing),
        incoming: label(c.incoming),
      }));
      const writes = [
        ...merge.write.map((r) => ({ r, notes: true })),
        ...merge.conflicts
          .filter((c) => chosen.has(keyOf(c)))
          .map((c) => ({ r: { ...c, self: c.incoming, notes: '' }, notes: false })),
      ];
      await run(async (ctx) => {
        for (const { r, notes } of writes) {
          const at = cells.get(keyOf(r));
          if (!at) continue;
          const ws = ctx.workbook.worksheets.getItem(at.sheet);
          const text = scoreText(r.self, scale);
          if (text !== '')
            ws.getRange(rangeRef(at.row, at.selfCol, at.row, at.selfCol)).values = [
              [/^\d+$/.test(text) ? Number(text) : text],
            ];
          if (notes && r.notes && at.notesCol >= 0)
            ws.getRange(rangeRef(at.row, at.notesCol, at.row, at.notesCol)).values = [[r.notes]];
          report.written++;
        }
        await ctx.sync();
      });
      return report;
    },

    async shareCopy(req) {
      if (!opts.writeXlsx)
        throw new Error('Sharing a copy needs the workbook writer, which is not loaded here.');
      if (req.sheets.length === 0) throw new Error('Choose at least one sheet to share.');
      const snap = await readWorkbook(run);
      const { fws, scale, team } = context(snap);
      const picked = new Set(req.sheets);
      const pickedRating = snap.ratingSheets.filter((r) => picked.has(r.sheet));
      const workersOf = new Set(pickedRating.map((r) => r.workerId));
      let allPairs = false;
      for (const s of snap.sheets.filter((x) => picked.has(x.name))) {
        if (findHeaderRow(s.grid, COMPARISON_HEADERS) || findHeaderRow(s.grid, TREND_HEADERS)) {
          const w = labelled(s.grid, 'Worker ID');
          if (w) workersOf.add(w);
        } else if (/^Team dashboard/.test(String(s.grid[0]?.[0] ?? ''))) allPairs = true;
      }
      // Rating sheets that go into the copy: the picked ones, and those a picked comparison, trend or
      // dashboard reads, so its formulas keep working.
      const included = snap.ratingSheets.filter(
        (r) => allPairs || picked.has(r.sheet) || workersOf.has(r.workerId),
      );
      if (included.length === 0 && !picked.has(snap.team?.sheet ?? '\u0000'))
        throw new Error(
          'Only rating sheets, the Team sheet and the comparison, trend and dashboard sheets can be shared.',
        );
      const fw =
        fws.list.find((f) => f.id === (included[0]?.frameworkId ?? snap.settings.frameworkId)) ?? fws.list[0];
      const ratings: Rating[] = [];
      const goals = new Map<string, Map<string, string>>();
      for (const data of included.filter((r) => r.frameworkId === fw.id)) {
        ratings.push(...ratingsFromSheet(data, fws.list, scale).ratings);
        goals.set(
          sheetKey(data.workerId, data.period),
          new Map(data.rows.filter((x) => x.goal).map((x) => [x.id, x.goal])),
        );
      }
      const involved = team.filter((w) => included.some((r) => r.workerId === w.workerId));
      const plan = agencyWorkbook({
        team: involved.length ? involved : team,
        periods: included.map((r) => r.period),
        ctx: { framework: fw, scale, roles: library().roles, ratings },
        settings: snap.settings,
        computedAt: stamp(),
        only: new Set(included.map((r) => sheetKey(r.workerId, r.period))),
        goals,
      });
      const wantedKinds = new Set(['settings', 'rating']);
      if (picked.has(snap.team?.sheet ?? '\u0000')) wantedKinds.add('team');
      plan.sheets = plan.sheets.filter((p) => wantedKinds.has(p.kind) || picked.has(p.name));
      let removed: string[] = [];
      let out = plan;
      if (req.deidentify) {
        const d = deidentifyChecked(plan, team, { keepFreeText: !req.emptyFreeText });
        out = d.plan;
        removed = d.lines.map((l) => l.trim());
      }
      const day = now().toISOString().slice(0, 10);
      return {
        fileName: `Peer performance ${req.deidentify ? 'de-identified copy' : 'copy'} ${day}.xlsx`,
        bytes: await opts.writeXlsx(out),
        removed,
      };
    },
  };
  return withPlainErrors(api);
}

const ACTIONS: Record<keyof WorkbookApi, string> = {
  load: 'reading the workbook',
  saveSettings: 'saving the settings',
  saveTeam: 'saving the team',
  insertRatingSheets: 'inserting the rating sheets',
  activate: 'opening the sheet',
  compare: 'building the comparison',
  trends: 'building the trends',
  dashboard: 'building the team dashboard',
  importSessions: 'importing the sessions',
  shareCopy: 'making the copy',
  createForms: 'making the self-assessment forms',
  personView: 'making the person view',
  agenda: 'making the agenda',
  collectForms: 'collecting the returned forms',
};

/** An Excel error in plain words: what the person can do about it. Other errors pass unchanged. */
export function plainHostError(err: unknown, action: string): Error {
  const info = hostErrorInfo(err);
  if (!info.code || err instanceof InsertError) return err instanceof Error ? err : new Error(String(err));
  const where = info.location ? ` (${info.location})` : '';
  switch (info.code) {
    case 'AccessDenied':
      return new Error(
        `Excel refused ${action}: a sheet it needs is protected. Unprotect it (Review > Unprotect Sheet) and try again.${where}`,
      );
    case 'ApiNotFound':
      return new Error(
        `This version of Excel is too old for ${action}; Excel 2019, Microsoft 365 or Excel on the web can do it.${where}`,
      );
    case 'ItemNotFound':
      return new Error(
        `A sheet or table needed for ${action} is gone (renamed or deleted while the pane was open). Try again.${where}`,
      );
    default:
      return new Error(`Excel could not finish ${action}: ${info.message}${where}`);
  }
}

function withPlainErrors(api: WorkbookApi): WorkbookApi {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(ACTIONS) as (keyof WorkbookApi)[]) {
    const fn = api[key] as (...args: unknown[]) => Promise<unknown>;
    out[key] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw plainHostError(e, ACTIONS[key]);
      }
    };
  }
  return out as unknown as WorkbookApi;
}

function findLog(snap: WorkbookSnapshot) {
  for (const sh of snap.sheets) {
    const log = sessionsFromLogGrid(sh.grid);
    if (log) return { sheet: sh.name, log };
  }
  return null;
}

function emptyReport(): RefreshReport {
  return { sheets: [], created: [], changedCells: 0, keptCells: 0, goalsFilled: 0, problems: [] };
}

function orderByFramework(fw: Framework, ratings: Rating[]): Rating[] {
  const byId = new Map(ratings.map((r) => [r.competencyId, r]));
  return flattenCompetencies(fw).flatMap((c) => (byId.has(c.id) ? [byId.get(c.id)!] : []));
}
