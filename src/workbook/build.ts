/** Whole-workbook plans: settings, team, and a rating (or WPS) sheet per worker per period. */
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { orderPeriods } from '../domain/periods';
import { developmentSuggestions, Rating } from '../domain/ratings';
import { findRole, RoleProfile } from '../domain/roles';
import { Scale } from '../domain/scale';
import { DEFAULT_SETTINGS, Settings } from '../domain/settings';
import { allocateSheetNames, allocateTableNames } from './names';
import { SheetPlan, WorkbookPlan } from './plan';
import { comparisonSheet } from './comparison';
import { dashboardSheet } from './dashboard';
import { blockOf } from './lookups';
import { RATING_LAYOUT, ratingSheet } from './rating';
import { trendSheet } from './trend';
import { settingsSheet, SETTINGS_SHEET } from './settingsSheet';
import { TEAM_SHEET, TEAM_TABLE, teamSheet } from './team';
import { wpsSheet } from './wps';

export interface RatingSheetRequest {
  worker: Worker;
  period: string;
  /** Goals to prefill (competency id -> goal) where the Goal cell is empty. */
  goals?: Map<string, string>;
  /** A role profile chosen for the review; defaults to the profile matching the worker's role. */
  role?: RoleProfile;
}

export interface PlanContext {
  framework: Framework;
  scale: Scale;
  roles: RoleProfile[];
  ratings?: Rating[];
  /** Sheet and table names already in the workbook: never reused. */
  existingSheets?: string[];
  existingTables?: string[];
}

export function ratingSheetName(workerId: string, period: string): string {
  return `${workerId} ${period}`;
}

/** Rating sheets (WPS sheets for the supervisor framework) for the requested worker/period pairs. */
export function ratingSheets(all: RatingSheetRequest[], ctx: PlanContext): SheetPlan[] {
  const isWps = ctx.framework.id === 'peer-supervisor-wps';
  // The Work Process Schedule runs across the whole apprenticeship: one sheet per worker.
  const requests = isWps
    ? all.filter((r, i) => all.findIndex((x) => x.worker.workerId === r.worker.workerId) === i)
    : all;
  const names = allocateSheetNames(
    requests.map((r) => (isWps ? `${r.worker.workerId} WPS` : ratingSheetName(r.worker.workerId, r.period))),
    ctx.existingSheets ?? [],
  );
  const tables = allocateTableNames(
    requests.map((r) => (isWps ? `WPS_${r.worker.workerId}` : `Ratings_${r.worker.workerId}_${r.period}`)),
    ctx.existingTables ?? [],
  );
  return requests.map((req, i) => {
    if (isWps)
      return wpsSheet({
        sheetName: names[i],
        tableName: tables[i],
        worker: req.worker,
        framework: ctx.framework,
      });
    return ratingSheet({
      sheetName: names[i],
      tableName: tables[i],
      worker: req.worker,
      period: req.period,
      framework: ctx.framework,
      scale: ctx.scale,
      role: req.role ?? findRole(ctx.roles, req.worker.role),
      goals: req.goals,
      ratings: (ctx.ratings ?? []).filter(
        (r) =>
          r.workerId === req.worker.workerId && r.period === req.period && r.frameworkId === ctx.framework.id,
      ),
    });
  });
}

/** Periods in first-seen order: those asked for, then those found in the ratings. */
export function periodsOf(asked: string[], ratings: Rating[]): string[] {
  return [...new Set([...asked, ...ratings.map((r) => r.period)])];
}

/**
 * A new workbook: Team, every worker's rating sheet for every period, then (unless the framework is
 * the Work Process Schedule) the supervision sheets: a comparison per worker for the latest period
 * with development suggestions prefilled as goals, a trend per worker, and the team dashboard;
 * Settings last. Periods are ordered by their labels' meaning (src/domain/periods.ts).
 */
export function agencyWorkbook(input: {
  team: Worker[];
  periods: string[];
  ctx: PlanContext;
  settings?: Settings;
  extraSheets?: SheetPlan[];
  /** When the suggestions were computed, as shown on the comparison sheets. */
  computedAt?: string;
  /** Only these (worker, period) rating sheets, keyed by sheetKey(); default every pair. */
  only?: Set<string>;
  /** Goals as typed in rating sheets (sheetKey -> competency id -> goal); they replace suggestions there. */
  goals?: Map<string, Map<string, string>>;
  /** Periods to compare (goals suggested there), each with its dashboard; default the latest. */
  comparePeriods?: string[];
}): WorkbookPlan {
  const settings = {
    ...(input.settings ?? DEFAULT_SETTINGS),
    frameworkId: input.ctx.framework.id,
    scaleId: input.ctx.scale.id,
  };
  const s = settingsSheet(settings, SETTINGS_SHEET);
  const team = teamSheet(input.team, TEAM_SHEET, TEAM_TABLE);
  const periods = orderPeriods(input.periods);
  const requests: RatingSheetRequest[] = periods
    .flatMap((period) => input.team.map((worker) => ({ worker, period })))
    .filter((r) => !input.only || input.only.has(sheetKey(r.worker.workerId, r.period)));
  const taken = [SETTINGS_SHEET, TEAM_SHEET];
  const ctx = { ...input.ctx, existingSheets: taken, existingTables: ['PPS_Settings', TEAM_TABLE] };
  const compare = periods.filter((p) => (input.comparePeriods ?? periods.slice(-1)).includes(p));
  const latest = compare[compare.length - 1];
  const isWps = ctx.framework.id === 'peer-supervisor-wps';
  const tail = [...(input.extraSheets ?? []), s.sheet];
  if (isWps || latest === undefined)
    return { sheets: [team, ...ratingSheets(requests, ctx), ...tail], names: s.names };

  const suggestions = new Map(
    compare.flatMap((period) =>
      input.team.map((w) => [
        sheetKey(w.workerId, period),
        developmentSuggestions(workerRatings(ctx, w.workerId, period), settings.gapThreshold, ctx.scale),
      ]),
    ),
  );
  const rating = ratingSheets(
    requests.map((r) => {
      const typed = input.goals?.get(sheetKey(r.worker.workerId, r.period));
      if (typed) return { ...r, goals: typed };
      const suggested = suggestions.get(sheetKey(r.worker.workerId, r.period));
      return suggested ? { ...r, goals: new Map(suggested.map((x) => [x.competencyId, x.goal])) } : r;
    }),
    ctx,
  );
  const nCat = ctx.framework.categories.length;
  const nComp = flattenCompetencies(ctx.framework).length;
  const key = sheetKey;
  const sheetOf = new Map(requests.map((r, i) => [key(r.worker.workerId, r.period), rating[i].name]));
  const source = (workerId: string, period: string) => {
    const name = sheetOf.get(key(workerId, period));
    return name ? blockOf(name, nCat, nComp) : undefined;
  };
  const compared = compare.flatMap((period) =>
    input.team.filter((w) => sheetOf.has(key(w.workerId, period))).map((worker) => ({ worker, period })),
  );
  const dashboardPeriods = [...compare].reverse(); // the latest first
  const names = allocateSheetNames(
    [
      ...compared.map((c) => `Compare ${c.worker.workerId} ${c.period}`),
      ...input.team.map((w) => `Trend ${w.workerId}`),
      ...dashboardPeriods.map((p) => `Dashboard ${p}`),
    ],
    [...taken, ...rating.map((r) => r.name)],
  );
  const L = RATING_LAYOUT;
  const computedAt = input.computedAt ?? new Date().toISOString().slice(0, 16).replace('T', ' ');
  const comparisons = compared.map(({ worker, period }, i) =>
    comparisonSheet({
      sheetName: names[i],
      worker,
      period,
      framework: ctx.framework,
      scale: ctx.scale,
      source: {
        sheet: sheetOf.get(key(worker.workerId, period))!,
        firstRow: L.firstDataRow,
        lastRow: L.firstDataRow + nComp - 1,
        idCol: L.col.id,
        selfCol: L.col.self,
        supervisorCol: L.col.supervisor,
      },
      suggestions: { computedAt, items: suggestions.get(key(worker.workerId, period))! },
    }),
  );
  const trends = input.team.map((worker, i) =>
    trendSheet({
      sheetName: names[compared.length + i],
      worker,
      framework: ctx.framework,
      scale: ctx.scale,
      periods: periods.map((period) => ({ period, source: source(worker.workerId, period) })),
    }),
  );
  const dashboardSources = periods.map((period) => ({
    period,
    sources: new Map(
      input.team.flatMap((w) => {
        const src = source(w.workerId, period);
        return src ? [[w.workerId, src] as const] : [];
      }),
    ),
  }));
  const dashboards = dashboardPeriods.map((period, i) =>
    dashboardSheet({
      sheetName: names[compared.length + input.team.length + i],
      framework: ctx.framework,
      scale: ctx.scale,
      workers: input.team,
      period,
      periods: dashboardSources,
    }),
  );
  return { sheets: [team, ...dashboards, ...comparisons, ...trends, ...rating, ...tail], names: s.names };
}

/** The key of a (worker, period) rating sheet in `only` and `goals`. */
export function sheetKey(workerId: string, period: string): string {
  return `${workerId}\u0000${period}`;
}

/** One worker's ratings for a period, in framework order (ties in suggestions follow the list). */
function workerRatings(ctx: PlanContext, workerId: string, period: string): Rating[] {
  const mine = new Map(
    (ctx.ratings ?? [])
      .filter((r) => r.workerId === workerId && r.period === period && r.frameworkId === ctx.framework.id)
      .map((r) => [r.competencyId, r]),
  );
  return flattenCompetencies(ctx.framework).flatMap((c) => (mine.has(c.id) ? [mine.get(c.id)!] : []));
}
