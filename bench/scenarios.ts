/**
 * The benchmark scenarios. Each runs in its own child process (bench/run.ts) so its memory peak is its
 * own, and returns plain JSON. `quick` shrinks every size (for checking the bench itself, not for numbers).
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import { parseSessionsCsv } from '../src/domain/csv';
import { getFramework, getScale } from '../src/domain/library';
import { Session, summarize } from '../src/domain/pcoms';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { createOfficeApi } from '../src/excel/ops';
import { readWorkbook } from '../src/excel/read';
import { insertPlans } from '../src/excel/render';
import { outcomesSheets } from '../src/workbook/outcomes';
import { CellValue, WorkbookPlan } from '../src/workbook/plan';
import { findRatingSheet, Grid, ratingsFromSheet } from '../src/workbook/read';
import { loadXlsx, workbookGrids } from '../src/xlsx/read';
import { writeWorkbook } from '../src/xlsx/write';
import { createFakeExcel } from '../tests/support/fakeExcel';
import {
  AGENCY_PEOPLE,
  AGENCY_SESSIONS,
  AGENCY_WORKERS,
  agencyPlan,
  FRAMEWORK_ID,
  makeRatings,
  makeSessions,
  makeTeam,
  PERIOD,
  ratingSheetPlans,
  sessionsCsv,
} from './data';
import { gc, numbers, phase, round, timeMs } from './measure';
import { hostileHonest, hostileLying, hostileUnguarded } from './hostile';
import { naiveInsert } from './naive';
import { profiled } from './profile';
import { rollupScenario } from './rollup';
import { recalcScenario } from './recalc';

export const ROUND_TRIP_MS = 80;

export interface Options {
  quick: boolean;
  /** Where scenario xlsx-ours writes the agency workbook and read-xlsx reads it. */
  xlsxPath: string;
}

type Json = Record<string, unknown>;

const sizes = (o: Options) => ({
  sheets: o.quick ? [1, 10] : [1, 10, 50, 200],
  workers: o.quick ? 10 : AGENCY_WORKERS,
  sessions: o.quick ? 500 : AGENCY_SESSIONS,
  people: o.quick ? 75 : AGENCY_PEOPLE,
  readSheets: o.quick ? 10 : 200,
});

function agencyInputs(o: Options) {
  const z = sizes(o);
  const team = makeTeam(z.workers);
  return { team, ratings: makeRatings(team), sessions: makeSessions(team, z.sessions, z.people) };
}

function countCells(plan: WorkbookPlan): { cells: number; formulas: number } {
  let cells = 0;
  let formulas = 0;
  for (const s of plan.sheets)
    for (const row of s.cells)
      for (const c of row ?? []) {
        if (!c || (c.formula === undefined && (c.value === null || c.value === undefined))) continue;
        cells++;
        if (c.formula !== undefined) formulas++;
      }
  return { cells, formulas };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

// ------------------------------------------------------------------------------------- 1. Office.js writes

async function officejs(o: Options): Promise<Json> {
  const rows: Json[] = [];
  for (const n of sizes(o).sheets) {
    const plan = ratingSheetPlans(n);
    const ours = createFakeExcel({ roundTripMs: ROUND_TRIP_MS });
    const a = await timeMs(() =>
      insertPlans(ours.run, plan, { supports: (v) => ours.isSetSupported('ExcelApi', v) }),
    );
    const naive = createFakeExcel({ roundTripMs: ROUND_TRIP_MS });
    const b = await timeMs(() => naiveInsert(naive.run, plan));
    // Same content either way: compare the cells of the last sheet.
    const last = plan.sheets[plan.sheets.length - 1].name;
    const used = ours.workbook.usedRange(last)!;
    const same =
      JSON.stringify(ours.workbook.formulas(last, used)) ===
      JSON.stringify(naive.workbook.formulas(last, used));
    rows.push({
      sheets: n,
      ours: {
        syncs: ours.stats.syncs,
        requestBytes: sum(ours.stats.requestBytes),
        largestRequestBytes: Math.max(...ours.stats.requestBytes),
        simulatedMs: ours.stats.simulatedMs,
        wallMs: a.ms,
      },
      naive: {
        syncs: naive.stats.syncs,
        commands: b.value.commands,
        requestBytes: sum(naive.stats.requestBytes),
        largestRequestBytes: Math.max(...naive.stats.requestBytes),
        simulatedMs: naive.stats.simulatedMs,
        wallMs: b.ms,
      },
      sameCells: same,
    });
  }
  return { roundTripMs: ROUND_TRIP_MS, rows };
}

// ------------------------------------------------------------------------------------- 2. .xlsx export

/** Ours end to end: build the plans, write the .xlsx (as shipped, or with every formula in full). */
async function xlsxOurs(o: Options, sharedFormulas = true): Promise<Json> {
  const inputs = agencyInputs(o);
  const build = await phase(() => agencyPlan(inputs.team, inputs.ratings, inputs.sessions));
  const plan = build.value;
  const write = await phase(() => writeWorkbook(plan, { sharedFormulas }));
  if (sharedFormulas) fs.writeFileSync(o.xlsxPath, write.value);
  return {
    sheets: plan.sheets.length,
    ...countCells(plan),
    charts: sum(plan.sheets.map((s) => s.charts.length)),
    bytes: write.value.length,
    buildPlans: numbers(build),
    writeWorkbook: numbers(write),
    seconds: round(build.seconds + write.seconds, 3),
    peakRssMB: Math.max(build.peakRssMB, write.peakRssMB),
  };
}

/** Every cell of the plan as [row, col, value] per sheet: constants, and formulas as {formula}. */
function valueGrids(plan: WorkbookPlan): { name: string; cells: [number, number, ExcelJS.CellValue][] }[] {
  return plan.sheets.map((s) => {
    const cells: [number, number, ExcelJS.CellValue][] = [];
    s.cells.forEach((row, r) =>
      row?.forEach((c, k) => {
        if (!c) return;
        if (c.formula !== undefined)
          cells.push([r + 1, k + 1, { formula: c.formula } as ExcelJS.CellFormulaValue]);
        else if (c.value !== null && c.value !== undefined) cells.push([r + 1, k + 1, c.value as CellValue]);
      }),
    );
    return { name: s.name, cells };
  });
}

async function xlsxRaw(o: Options): Promise<Json> {
  let grids: ReturnType<typeof valueGrids> | null = (() => {
    const inputs = agencyInputs(o);
    return valueGrids(agencyPlan(inputs.team, inputs.ratings, inputs.sessions));
  })();
  gc();
  const write = await phase(async () => {
    const wb = new ExcelJS.Workbook();
    for (const g of grids!) {
      const ws = wb.addWorksheet(g.name);
      for (const [r, c, v] of g.cells) ws.getCell(r, c).value = v;
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  });
  const cells = sum(grids.map((g) => g.cells.length));
  grids = null;
  return {
    cells,
    bytes: write.value.length,
    write: numbers(write),
    seconds: write.seconds,
    peakRssMB: write.peakRssMB,
  };
}

/** Where writeWorkbook's time goes: the same plan with parts left out, each phase CPU-profiled. */
async function xlsxBreakdown(o: Options): Promise<Json> {
  const inputs = agencyInputs(o);
  const plan = agencyPlan(inputs.team, inputs.ratings, inputs.sessions);
  const variant = (f: (s: WorkbookPlan['sheets'][number]) => object): WorkbookPlan => ({
    ...plan,
    sheets: plan.sheets.map((s) => ({ ...s, ...f(s) })),
  });
  const run = async (label: string, fn: () => Promise<Uint8Array>): Promise<Json> => {
    gc();
    const t0 = process.hrtime.bigint();
    const { value, profile } = await profiled(fn);
    return {
      label,
      seconds: round(Number(process.hrtime.bigint() - t0) / 1e9, 3),
      bytes: value.length,
      profile,
    };
  };
  const phases = [
    await run('writeWorkbook as shipped (shared formulas, charts in the same zip pass)', () =>
      writeWorkbook(plan),
    ),
    await run('writeWorkbook with every formula in full (no shared formulas)', () =>
      writeWorkbook(plan, { sharedFormulas: false }),
    ),
    await run('writeWorkbook without charts', () => writeWorkbook(variant(() => ({ charts: [] })))),
    await run('writeWorkbook without charts and styles (no formats, no unlocked cells)', () =>
      writeWorkbook(variant(() => ({ charts: [], formats: [], protection: undefined }))),
    ),
    await run('writeWorkbook without charts, styles, validation, CF and tables', () =>
      writeWorkbook(
        variant(() => ({
          charts: [],
          formats: [],
          protection: undefined,
          validations: [],
          conditionalFormats: [],
          tables: [],
        })),
      ),
    ),
  ];
  return { phases };
}

// ------------------------------------------------------------------------------------- 3. import + summary

async function importDomain(o: Options): Promise<Json> {
  const z = sizes(o);
  const team = makeTeam(z.workers);
  let text: string | null = sessionsCsv(makeSessions(team, z.sessions, z.people));
  const csvBytes = text.length;
  const p = await phase(() => {
    const parsed = parseSessionsCsv(text!, 'sessions.csv');
    const agency = summarize(parsed.records, DEFAULT_SETTINGS);
    const byWorker = new Map<string, Session[]>();
    for (const s of parsed.records) {
      const list = byWorker.get(s.workerId);
      if (list) list.push(s);
      else byWorker.set(s.workerId, [s]);
    }
    const workers = [...byWorker.values()].map((xs) => summarize(xs, DEFAULT_SETTINGS));
    return { parsed, agency, workers };
  });
  text = null;
  return {
    csvBytes,
    sessions: p.value.parsed.records.length,
    problems: p.value.parsed.problems.length,
    persons: p.value.agency.personsServed,
    workerSummaries: p.value.workers.length,
    ...numbers(p),
  };
}

async function importPlans(o: Options): Promise<Json> {
  const z = sizes(o);
  const team = makeTeam(z.workers);
  const sessions = makeSessions(team, z.sessions, z.people);
  const p = await phase(() =>
    outcomesSheets({ sessions, workers: team.map((w) => w.workerId), personCodes: [] }),
  );
  return {
    sheets: p.value.map((s) => s.name),
    ...countCells({ sheets: p.value, names: [] }),
    ...numbers(p),
  };
}

/**
 * Compare for the whole team through the pane's operations, twice: the first run inserts the comparison
 * sheets, the second refreshes them in place (the pane's "Compare" after ratings change).
 */
async function refreshFake(o: Options): Promise<Json> {
  const rows: Json[] = [];
  for (const n of o.quick ? [2, 5] : [20, 200]) {
    const fake = createFakeExcel({ roundTripMs: ROUND_TRIP_MS });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      now: () => new Date('2026-11-23T10:00:00Z'),
    });
    const team = makeTeam(n);
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: PERIOD, workerIds: team.map((w) => w.workerId) });
    const measure = async (label: string) => {
      const syncs0 = fake.stats.syncs;
      const sim0 = fake.stats.simulatedMs;
      const bytes0 = fake.stats.requestBytes.length;
      const p = await phase(() => api.compare({ period: PERIOD }));
      const sizes = fake.stats.requestBytes.slice(bytes0);
      return {
        label,
        workers: n,
        sheets: p.value.sheets.length,
        syncs: fake.stats.syncs - syncs0,
        requestBytes: sum(sizes),
        largestRequestBytes: Math.max(...sizes),
        simulatedMs: fake.stats.simulatedMs - sim0,
        wallMs: round(p.seconds * 1000),
      };
    };
    rows.push(await measure('compare, comparisons inserted'));
    rows.push(await measure('compare again, comparisons refreshed in place'));
  }
  return { roundTripMs: ROUND_TRIP_MS, rows };
}

/**
 * The pane against a large workbook: the 200-worker agency (rating sheets, comparisons, trends, dashboard)
 * with a 20,000-session outcomes log, inserted into the fake host, then the pane's load, Compare for the whole
 * team (refreshed in place), an import of 20 more sessions and a person view, each with its syncs and its
 * request and response bytes (the host refuses either over 5 MB).
 */
async function paneLarge(o: Options): Promise<Json> {
  const workers = o.quick ? 10 : AGENCY_WORKERS;
  const total = o.quick ? 1_000 : 20_000;
  const team = makeTeam(workers);
  const sessions = makeSessions(team, total, o.quick ? 150 : 3_000);
  const fake = createFakeExcel({ roundTripMs: ROUND_TRIP_MS });
  await insertPlans(fake.run, agencyPlan(team, makeRatings(team), sessions), {
    supports: (v) => fake.isSetSupported('ExcelApi', v),
  });
  const api = createOfficeApi({
    run: fake.run,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  const more = makeSessions(team, 20, 20, 99).map((x) => ({ ...x, personCode: `N${x.personCode}` }));
  const rows: Json[] = [];
  const measure = async (label: string, fn: () => Promise<unknown>) => {
    const at = fake.stats.requestBytes.length;
    const sim0 = fake.stats.simulatedMs;
    const p = await phase(fn);
    const req = fake.stats.requestBytes.slice(at);
    const res = fake.stats.responseBytes.slice(at);
    rows.push({
      label,
      syncs: req.length,
      requestBytes: sum(req),
      largestRequestBytes: Math.max(...req),
      responseBytes: sum(res),
      largestResponseBytes: Math.max(...res),
      simulatedMs: fake.stats.simulatedMs - sim0,
      wallMs: round(p.seconds * 1000),
    });
  };
  await measure('load the pane', () => api.load());
  await measure('compare, whole team (refreshed in place)', () => api.compare({ period: PERIOD }));
  await measure('import 20 sessions into the log', () => api.importSessions(sessionsCsv(more), 'more.csv'));
  await measure('person view', () => api.personView({ personCode: sessions[0].personCode }));
  return {
    workers,
    sessions: total,
    sheets: fake.workbook.sheetNames().length,
    roundTripMs: ROUND_TRIP_MS,
    rows,
  };
}

// ------------------------------------------------------------------------------------- 4. reading back

async function readFake(o: Options): Promise<Json> {
  const n = sizes(o).readSheets;
  const fake = createFakeExcel({ roundTripMs: ROUND_TRIP_MS });
  await insertPlans(fake.run, ratingSheetPlans(n, true), {
    supports: (v) => fake.isSetSupported('ExcelApi', v),
  });
  const syncs0 = fake.stats.syncs;
  const sim0 = fake.stats.simulatedMs;
  const bytes0 = fake.stats.requestBytes.length;
  const fw = [getFramework(FRAMEWORK_ID)];
  const scale = getScale();
  const p = await phase(async () => {
    const snap = await readWorkbook(fake.run);
    const ratings = snap.ratingSheets.flatMap((d) => ratingsFromSheet(d, fw, scale).ratings);
    return { sheets: snap.ratingSheets.length, ratings: ratings.length };
  });
  return {
    ratingSheets: p.value.sheets,
    ratings: p.value.ratings,
    syncs: fake.stats.syncs - syncs0,
    requestBytes: sum(fake.stats.requestBytes.slice(bytes0)),
    simulatedMs: fake.stats.simulatedMs - sim0,
    wallMs: round(p.seconds * 1000),
    peakRssMB: p.peakRssMB,
  };
}

async function readXlsx(o: Options): Promise<Json> {
  const bytes = new Uint8Array(fs.readFileSync(o.xlsxPath));
  const fw = [getFramework(FRAMEWORK_ID)];
  const scale = getScale();
  const p = await phase(async () => {
    const load = await timeMs(() => loadXlsx(bytes, 'agency.xlsx'));
    const grids = await timeMs(() => workbookGrids(load.value));
    const found = await timeMs(() => {
      let sheets = 0;
      let ratings = 0;
      for (const g of grids.value) {
        const d = findRatingSheet(g.name, g.grid as Grid);
        if (!d) continue;
        sheets++;
        ratings += ratingsFromSheet(d, fw, scale).ratings.length;
      }
      return { sheets, ratings };
    });
    return { load: load.ms, grids: grids.ms, find: found.ms, sheetsRead: grids.value.length, ...found.value };
  });
  return {
    fileBytes: bytes.length,
    sheetsRead: p.value.sheetsRead,
    ratingSheets: p.value.sheets,
    ratings: p.value.ratings,
    loadMs: p.value.load,
    gridsMs: p.value.grids,
    findAndParseMs: p.value.find,
    ...numbers(p),
  };
}

export const SCENARIOS: Record<string, (o: Options) => Promise<Json>> = {
  officejs,
  'xlsx-ours': xlsxOurs,
  'xlsx-ours-full': (o) => xlsxOurs(o, false),
  'xlsx-raw': xlsxRaw,
  'xlsx-breakdown': xlsxBreakdown,
  'import-domain': importDomain,
  'import-plans': importPlans,
  'read-fake': readFake,
  'refresh-fake': refreshFake,
  'pane-large': paneLarge,
  'read-xlsx': readXlsx,
  'hostile-honest': hostileHonest,
  'hostile-lying': hostileLying,
  'hostile-unguarded': hostileUnguarded,
  rollup: rollupScenario,
  recalc: recalcScenario,
};
