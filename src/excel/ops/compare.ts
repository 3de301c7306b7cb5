/** Compare: comparison sheets, trends and the team dashboard, refreshed in place when they exist. */
import { orderPeriods } from '../../domain/periods';
import { developmentSuggestions } from '../../domain/ratings';
import { COMPARISON_HEADERS, comparisonSheet } from '../../workbook/comparison';
import { dashboardSheet } from '../../workbook/dashboard';
import { BlockSource } from '../../workbook/lookups';
import { allocateSheetNames } from '../../workbook/names';
import { SheetPlan } from '../../workbook/plan';
import { blockSourceOf, ratingsFromSheet } from '../../workbook/read';
import { TREND_HEADERS, trendSheet } from '../../workbook/trend';
import { WorkbookApi } from '../api';
import { needs } from '../read';
import type { OpsContext } from './context';
import type { Refresh } from './refresh';
import { domain, emptyReport, findGenerated, orderByFramework, sheetGrid } from './snapshot';
import type { RefreshReport } from '../api';
import type { Journal } from './journal';

export function compareOps(c: OpsContext): Pick<WorkbookApi, 'compare' | 'trends' | 'dashboard'> {
  const { insert, stamp, refreshInPlace, fillGoals, read, atomic } = c;
  /** Inserts the sheets made new this time (a step of the action) and adds them to the report. */
  const insertNew = async (j: Journal, what: string, plans: SheetPlan[], report: RefreshReport) => {
    if (!plans.length) return;
    const made = (await j.step(what, () => insert({ sheets: plans, names: [] }, undefined, j))).created;
    report.sheets.push(...made);
    report.created.push(...made);
  };
  return {
    async compare(req) {
      const snap = await read(
        needs([], (r) => r.period === req.period && (!req.workerId || r.workerId === req.workerId)),
      );
      const { fws, scale, team } = domain(snap);
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
      return atomic('compare', async (j) => {
        report.goalsFilled += await j.step('filling goals into empty Goal cells', () => fillGoals(goals, j));
        const r = await j.step('rewriting the comparison sheets', () => refreshInPlace(refreshes, j));
        report.changedCells += r.changed;
        report.keptCells += r.kept;
        await insertNew(j, 'inserting the new comparison sheets', newPlans, report);
        return report;
      });
    },

    async trends(req) {
      const snap = await read(needs([], (r) => !req.workerId || r.workerId === req.workerId));
      const { fws, scale, team } = domain(snap);
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
      if (workers.length && !newPlans.length && !refreshes.length)
        throw new Error('No rating sheets to draw trends from yet.');
      return atomic('trends', async (j) => {
        report.changedCells += (
          await j.step('rewriting the trend sheets', () => refreshInPlace(refreshes, j))
        ).changed;
        await insertNew(j, 'inserting the new trend sheets', newPlans, report);
        return report;
      });
    },

    async dashboard(req) {
      const snap = await read(needs([], () => true));
      const { fws, scale, team } = domain(snap);
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
      if (existing)
        return atomic('dashboard', async (j) => {
          const r = await j.step('rewriting the dashboard', () =>
            refreshInPlace([{ sheet: existing, plan, keepCols: [] }], j),
          );
          return { ...emptyReport(), sheets: [existing], changedCells: r.changed };
        });
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },
  };
}
