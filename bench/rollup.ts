/**
 * Scenario 6: the agency rollup at agency size: 20 team workbooks (400 workers, 40,000 sessions, one or two
 * rated periods each), written as the CLI writes them, then what `peer-performance rollup` does, phase by
 * phase (reading the files as the CLI reads them, deciding and building the sheets, writing the .xlsx): time
 * and peak memory; and the agency workbook's recalculation in LibreOffice headless, net of a small rollup's
 * recalculation in the same run (LibreOffice's start-up and file loading).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, teamWorkbookPlan } from '../src/cli/build';
import { library } from '../src/domain/library';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { combineTeams, TeamFile } from '../src/workbook/agency';
import { agencyWorkbookPlan } from '../src/workbook/agencySheets';
import { readTeamFile } from '../src/xlsx/teamFile';
import { writeWorkbook } from '../src/xlsx/write';
import { agencyTeams, TeamData } from '../tests/support/agencyData';
import { recalculate } from '../tests/support/libreoffice';
import { numbers, phase, round } from './measure';

export const ROLLUP_SIZE = { teams: 20, workersPerTeam: 20, sessionsPerTeam: 2_000, peoplePerTeam: 300 };
const QUICK_SIZE = { teams: 3, workersPerTeam: 4, sessionsPerTeam: 150, peoplePerTeam: 25 };
const BASELINE_SIZE = { teams: 2, workersPerTeam: 2, sessionsPerTeam: 20, peoplePerTeam: 4 };
/** LibreOffice may take long on a log whose formulas are not linear (before issue 13's log). */
const RECALC_TIMEOUT_MS = 60 * 60 * 1000;

type Json = Record<string, unknown>;

/** Team workbooks as `build` writes them, into `dir`; returns their paths. */
async function writeTeams(dir: string, teams: TeamData[]): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const t of teams) {
    const plan = teamWorkbookPlan(
      {
        team: t.team,
        ratings: t.ratings,
        sessions: t.sessions,
        frameworkId: 'samhsa-core-2015',
        periods: [...new Set(t.ratings.map((r) => r.period))],
        settings: DEFAULT_SETTINGS,
      },
      { persons: [], computedAt: '2026-11-25 09:00' },
    );
    const file = path.join(dir, `${t.name}.xlsx`);
    fs.writeFileSync(file, await writeWorkbook(plan));
    files.push(file);
    describe(plan, file);
  }
  return files;
}

/** The rollup as the CLI runs it (rollup.ts), one measured phase per step; the agency workbook to `out`. */
async function rollupPhases(files: string[], out: string) {
  const lib = library();
  const read = await phase(async () => {
    const teams: TeamFile[] = [];
    for (const f of files) teams.push(await readTeamFile(new Uint8Array(fs.readFileSync(f)), f, lib));
    return teams;
  });
  const build = await phase(() => {
    const rollup = combineTeams({ files: read.value, lib });
    if (!rollup.agency) throw new Error(`rollup failed: ${JSON.stringify(rollup.refused)}`);
    return agencyWorkbookPlan(rollup.agency, { computedAt: '2026-11-25 10:00', rollup });
  });
  read.value.length = 0;
  const write = await phase(() => writeWorkbook(build.value));
  fs.writeFileSync(out, write.value);
  return { read, build, write };
}

async function recalcSeconds(file: string, dir: string): Promise<number> {
  const t0 = Date.now();
  await recalculate(file, dir, { timeoutMs: RECALC_TIMEOUT_MS });
  return (Date.now() - t0) / 1000;
}

/**
 * PPS_ROLLUP_SESSIONS_PER_TEAM overrides the sessions per team (people scale with them), and
 * PPS_ROLLUP_RECALC=0 leaves LibreOffice out: for measuring a log whose recalculation is not linear.
 */
export async function rollupScenario(o: { quick: boolean }): Promise<Json> {
  const perTeam = Number(process.env.PPS_ROLLUP_SESSIONS_PER_TEAM) || 0;
  const size = {
    ...(o.quick ? QUICK_SIZE : ROLLUP_SIZE),
    ...(perTeam ? { sessionsPerTeam: perTeam, peoplePerTeam: Math.max(2, Math.round(perTeam * 0.15)) } : {}),
  };
  const recalc = process.env.PPS_ROLLUP_RECALC !== '0';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-bench-rollup-'));
  try {
    const shape = { ...size, periods: ['2026 Q1', '2026 Q2'], seed: 11 };
    const teams = agencyTeams(shape);
    const files = await writeTeams(path.join(dir, 'teams'), teams);
    const base = await writeTeams(path.join(dir, 'base'), agencyTeams({ ...shape, ...BASELINE_SIZE }));
    const teamBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

    const out = path.join(dir, 'agency.xlsx');
    const run = await rollupPhases(files, out);
    const baseOut = path.join(dir, 'agency-base.xlsx');
    await rollupPhases(base, baseOut);
    const phases = [run.read, run.build, run.write];

    const baseline = recalc ? await recalcSeconds(baseOut, path.join(dir, 'recalc-base')) : NaN;
    const full = recalc ? await recalcSeconds(out, path.join(dir, 'recalc')) : NaN;
    return {
      teams: teams.length,
      workers: teams.reduce((n, t) => n + t.team.length, 0),
      sessions: teams.reduce((n, t) => n + t.sessions.length, 0),
      ratings: teams.reduce((n, t) => n + t.ratings.length, 0),
      teamFilesMB: round(teamBytes / 1024 / 1024, 2),
      agencyFileMB: round(fs.statSync(out).size / 1024 / 1024, 2),
      read: numbers(run.read),
      build: numbers(run.build),
      write: numbers(run.write),
      seconds: round(
        phases.reduce((n, p) => n + p.seconds, 0),
        2,
      ),
      peakRssMB: Math.max(...phases.map((p) => p.peakRssMB)),
      recalcSeconds: round(full, 1),
      recalcBaselineSeconds: round(baseline, 1),
      recalcNetSeconds: round(full - baseline, 1),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
