/**
 * Deterministic synthetic inputs for the benchmark (same seed, same data): a team of workers, SAMHSA
 * ratings for one period, sessions for ~1,500 person codes, and the sessions as CSV text.
 * Everyone is made up; people served are codes only.
 */
import { SESSION_COLUMNS, Worker } from '../src/domain/csv';
import { flattenCompetencies } from '../src/domain/framework';
import { getFramework, getScale, library } from '../src/domain/library';
import { Session } from '../src/domain/pcoms';
import { Rating } from '../src/domain/ratings';
import { NA, BLANK, score } from '../src/domain/scale';
import { agencyWorkbook, PlanContext, ratingSheets } from '../src/workbook/build';
import { outcomesSheets } from '../src/workbook/outcomes';
import { SheetPlan, WorkbookPlan } from '../src/workbook/plan';
import { rng } from '../scripts/rng';

export const FRAMEWORK_ID = 'samhsa-core-2015';
export const PERIOD = '2026 Q3';
export const COMPUTED_AT = '2026-09-30 12:00';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function makeTeam(n: number): Worker[] {
  const roles = library().roles.map((r) => r.title);
  return Array.from({ length: n }, (_, i) => ({
    workerId: `PS-${String(1001 + i)}`,
    name: `Worker ${String(i + 1).padStart(3, '0')}`,
    role: roles[i % roles.length],
    supervisor: `Supervisor ${1 + Math.floor(i / 12)}`,
    startDate: `202${i % 6}-0${1 + (i % 9)}-1${i % 10}`,
  }));
}

/** One period of SAMHSA ratings per worker: about 3% N/A and 3% blank on each side, a few notes. */
export function makeRatings(team: Worker[], period = PERIOD, seed = 20260401): Rating[] {
  const rand = rng(seed);
  const comps = flattenCompetencies(getFramework(FRAMEWORK_ID));
  const out: Rating[] = [];
  team.forEach((w, i) => {
    const base = 2 + (i % 7) * 0.3;
    const lift = rand() < 0.2 ? -0.5 : 0.6;
    for (const c of comps) {
      const t = base + rand() * 1.5;
      const pick = (v: number) => {
        const r = rand();
        return r < 0.03 ? NA : r < 0.06 ? BLANK : score(clamp(Math.round(v), 1, 5));
      };
      out.push({
        workerId: w.workerId,
        period,
        frameworkId: FRAMEWORK_ID,
        competencyId: c.id,
        self: pick(t + lift),
        supervisor: pick(t),
        notes: rand() < 0.05 ? 'Discussed in supervision, see plan.' : '',
      });
    }
  });
  return out;
}

export function planContext(ratings: Rating[] = []): PlanContext {
  return { framework: getFramework(FRAMEWORK_ID), scale: getScale(), roles: library().roles, ratings };
}

/** `n` SAMHSA rating sheets (62 rows), as the Review tab inserts them. */
export function ratingSheetPlans(n: number, filled = false): WorkbookPlan {
  const team = makeTeam(n);
  const ctx = planContext(filled ? makeRatings(team) : []);
  return {
    sheets: ratingSheets(
      team.map((worker) => ({ worker, period: PERIOD })),
      { ...ctx, existingSheets: ['Sheet1'] },
    ),
    names: [],
  };
}

/** Sessions for `people` person codes spread over `workers`, `total` sessions in all, weekly. */
export function makeSessions(workers: Worker[], total = 10_000, people = 1_500, seed = 7): Session[] {
  const rand = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const item = (v: number) => clamp(Math.round(v * 10) / 10, 0, 10);
  // Session counts per person: 1 + a share of the rest, then fix up to exactly `total`.
  const counts = Array.from({ length: people }, () => 1 + rand() * 2 * ((total - people) / people));
  const floor = counts.map(Math.floor);
  let left = total - floor.reduce((a, b) => a + b, 0);
  for (let i = 0; left !== 0; i = (i + 1) % people) {
    const step = left > 0 ? 1 : floor[i] > 1 ? -1 : 0;
    floor[i] += step;
    left -= step;
  }
  const out: Session[] = [];
  for (let p = 0; p < people; p++) {
    const code = `C${String(100000 + p * 7)}`;
    const worker = workers[p % workers.length].workerId;
    const age = p % 13 === 5 ? 'adolescent' : p % 29 === 3 ? 'child' : 'adult';
    const intake = clamp(17 + normal() * 5, 4, 34);
    const slope = rand() < 0.15 ? -0.8 : 0.3 + rand() * 1.6;
    const start = Date.UTC(2025, 0, 6 + Math.floor(rand() * 500));
    let srsBase = 37.5 + normal() * 1.5;
    for (let s = 1; s <= floor[p]; s++) {
      const ors = clamp(intake + slope * (s - 1) * (1 - s / 30) + normal() * 1.8, 0, 40);
      srsBase = clamp(srsBase + normal() * 0.8, 26, 40);
      const noSrs = rand() < 0.05;
      const o = [0, 1, 2, 3].map(() => item(ors / 4 + normal() * 0.6));
      const r = [0, 1, 2, 3].map(() => (noSrs ? null : item(srsBase / 4 + normal() * 0.3)));
      out.push({
        personCode: code,
        workerId: worker,
        date: new Date(start + (s - 1) * 7 * 86400000).toISOString().slice(0, 10),
        session: s,
        ors: o as Session['ors'],
        srs: r as Session['srs'],
        ageGroup: age,
      });
    }
  }
  return out;
}

export function sessionsCsv(sessions: Session[]): string {
  const head = SESSION_COLUMNS.join(',');
  const f = (v: number | null) => (v === null ? '' : v.toFixed(1));
  const lines = sessions.map((s) =>
    [s.personCode, s.workerId, s.date, s.session, ...s.ors.map(f), ...s.srs.map(f), s.ageGroup].join(','),
  );
  return [head, ...lines].join('\n') + '\n';
}

export const AGENCY_WORKERS = 200;
export const AGENCY_SESSIONS = 10_000;
export const AGENCY_PEOPLE = 1_500;

/**
 * The 200-worker agency of scenario 2: Team, 200 filled rating sheets for one period, comparisons, trends,
 * the dashboard, Settings, plus the outcomes log and summary for 10,000 sessions (placed before Settings,
 * as the CLI does).
 */
export function agencyPlan(team: Worker[], ratings: Rating[], sessions: Session[]): WorkbookPlan {
  const plan = agencyWorkbook({
    team,
    periods: [PERIOD],
    ctx: planContext(ratings),
    computedAt: COMPUTED_AT,
  });
  const outcomes: SheetPlan[] = outcomesSheets({
    sessions,
    workers: team.map((w) => w.workerId),
    personCodes: [],
    existingSheets: plan.sheets.map((x) => x.name),
    existingTables: plan.sheets.flatMap((x) => x.tables.map((t) => t.name)),
  });
  plan.sheets.splice(plan.sheets.length - 1, 0, ...outcomes);
  return plan;
}
