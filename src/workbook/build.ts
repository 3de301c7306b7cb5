/** Whole-workbook plans: settings, team, and a rating (or WPS) sheet per worker per period. */
import { Worker } from '../domain/csv';
import { Framework } from '../domain/framework';
import { Rating } from '../domain/ratings';
import { findRole, RoleProfile } from '../domain/roles';
import { Scale } from '../domain/scale';
import { DEFAULT_SETTINGS, Settings } from '../domain/settings';
import { allocateSheetNames, allocateTableNames } from './names';
import { SheetPlan, WorkbookPlan } from './plan';
import { ratingSheet } from './rating';
import { settingsSheet, SETTINGS_SHEET } from './settingsSheet';
import { TEAM_SHEET, TEAM_TABLE, teamSheet } from './team';
import { wpsSheet } from './wps';

export interface RatingSheetRequest {
  worker: Worker;
  period: string;
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

/** A new workbook: Settings, Team, then every worker's sheet for every period. */
export function agencyWorkbook(input: {
  team: Worker[];
  periods: string[];
  ctx: PlanContext;
  settings?: Settings;
  extraSheets?: SheetPlan[];
}): WorkbookPlan {
  const settings = {
    ...(input.settings ?? DEFAULT_SETTINGS),
    frameworkId: input.ctx.framework.id,
    scaleId: input.ctx.scale.id,
  };
  const s = settingsSheet(settings, SETTINGS_SHEET);
  const team = teamSheet(input.team, TEAM_SHEET, TEAM_TABLE);
  const requests = input.periods.flatMap((period) => input.team.map((worker) => ({ worker, period })));
  const sheets = ratingSheets(requests, {
    ...input.ctx,
    existingSheets: [SETTINGS_SHEET, TEAM_SHEET],
    existingTables: ['PPS_Settings', TEAM_TABLE],
  });
  return { sheets: [team, ...sheets, ...(input.extraSheets ?? []), s.sheet], names: s.names };
}
