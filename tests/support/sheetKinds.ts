/**
 * Test support: one plan of every sheet kind the add-in writes, from the bundled sample data: the demo's
 * team, dashboard, comparisons, trends, rating and settings sheets, a Work Process Schedule, the outcome
 * sheets (log, summary, person view, agenda), a self-assessment form and a de-identified copy's cover.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { developmentSuggestions } from '../../src/domain/ratings';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { combineTeams } from '../../src/workbook/agency';
import { agencyWorkbookPlan } from '../../src/workbook/agencySheets';
import { agencyWorkbook, periodsOf } from '../../src/workbook/build';
import { deidentifyPlan } from '../../src/workbook/deidentify';
import { selfAssessmentForm } from '../../src/workbook/forms';
import { outcomesSheets } from '../../src/workbook/outcomes';
import { SheetPlan, WorkbookPlan } from '../../src/workbook/plan';
import { TeamWorkbook } from '../../src/workbook/read';
import { upgradePlan } from '../../src/workbook/upgrade';

const root = path.join(__dirname, '../..');
const sample = (f: string) => fs.readFileSync(path.join(root, 'data/sample', f), 'utf8');

export function sampleData() {
  const scale = getScale();
  const team = parseTeamCsv(sample('team.csv'), 'team.csv').records;
  const ratings = parseRatingsCsv(sample('ratings.csv'), 'ratings.csv', {
    frameworks: library().frameworks,
    scale,
  }).records;
  const sessions = parseSessionsCsv(sample('sessions.csv'), 'sessions.csv').records;
  return { scale, team, ratings, sessions };
}

/** The demo's sheets plus a WPS sheet and the outcome sheets, as one workbook. */
export function demoLikePlan(): WorkbookPlan {
  const { scale, team, ratings, sessions } = sampleData();
  const framework = getFramework('samhsa-core-2015');
  const ctx = { framework, scale, roles: library().roles, ratings };
  const periods = periodsOf([], ratings);
  const plan = agencyWorkbook({ team, periods, ctx, computedAt: '2026-11-23 09:00' });
  const wps = agencyWorkbook({
    team: team.slice(0, 1),
    periods: ['WPS'],
    ctx: { ...ctx, framework: getFramework('peer-supervisor-wps'), ratings: [] },
  }).sheets.filter((s) => s.kind === 'wps');
  const worker = team[0];
  const latest = periods[periods.length - 1];
  const text = new Map(flattenCompetencies(framework).map((c) => [c.id, c.text]));
  const mine = ratings.filter((r) => r.workerId === worker.workerId && r.period === latest);
  const gaps = developmentSuggestions(mine, DEFAULT_SETTINGS.gapThreshold, scale).map((x) => ({
    competency: `${x.competencyId} ${text.get(x.competencyId)}`,
    gap: x.self === null ? null : x.supervisor - x.self,
    goal: x.goal,
  }));
  const outcomes = outcomesSheets({
    sessions,
    existingSheets: plan.sheets.map((s) => s.name),
    agendas: [{ workerId: worker.workerId, workerName: worker.name, date: '2026-09-28', gaps }],
  });
  plan.sheets.splice(plan.sheets.length - 1, 0, ...wps, ...outcomes);
  return plan;
}

export function formPlan(): WorkbookPlan {
  const { scale, team } = sampleData();
  return selfAssessmentForm({
    worker: team[0],
    period: '2026 Q4',
    framework: getFramework('samhsa-core-2015'),
    scale,
    role: library().roles[0],
  });
}

/** The agency sheets of a rollup of the sample team split in two by supervisor (Settings left out). */
export function agencyLikePlan(): WorkbookPlan {
  const { team, ratings, sessions } = sampleData();
  const teams = [...new Set(team.map((w) => w.supervisor))].map((sup) => {
    const workers = team.filter((w) => w.supervisor === sup);
    const mine = <T extends { workerId: string }>(xs: T[]) =>
      xs.filter((x) => workers.some((w) => w.workerId === x.workerId));
    const workbook: TeamWorkbook = {
      team: workers,
      settings: DEFAULT_SETTINGS,
      frameworkId: 'samhsa-core-2015',
      frameworkIds: ['samhsa-core-2015'],
      periods: periodsOf([], ratings),
      ratings: mine(ratings),
      sessions: mine(sessions),
      discussionNotes: [],
      typed: [],
      sheets: [],
      upgrade: upgradePlan([]),
    };
    return { file: `${sup}.xlsx`, workbook, problems: [], warnings: [], notes: [] };
  });
  const rollup = combineTeams({ files: teams, lib: library() });
  const plan = agencyWorkbookPlan(rollup.agency!, { computedAt: '2026-11-25 09:00', rollup });
  return { ...plan, sheets: plan.sheets.filter((s) => s.kind !== 'settings') };
}

/** Every sheet kind once at least (the form's hidden identity sheet left out: it never prints). */
export function everySheetKind(): SheetPlan[] {
  const demo = demoLikePlan();
  const cover = deidentifyPlan(demo, sampleData().team, { emptyFreeText: true }).cover;
  return [...demo.sheets, ...formPlan().sheets.filter((s) => !s.hidden), cover, ...agencyLikePlan().sheets];
}
