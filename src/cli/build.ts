/**
 * peer-performance demo / build: a team workbook from CSV files, planned by src/workbook/teamWorkbook.ts
 * (teamWorkbookPlan, which update rebuilds with too).
 */
import * as fs from 'fs';
import * as path from 'path';
import { getFramework } from '../domain/library';
import { Session } from '../domain/pcoms';
import { orderPeriods, periodSpeller } from '../domain/periods';
import { Problem } from '../domain/problems';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { periodsOf } from '../workbook/build';
import { deidentifyChecked } from '../workbook/deidentify';
import { WorkbookPlan } from '../workbook/plan';
import {
  PersonChoice,
  PlanChoices,
  personCodes,
  teamWorkbookPlan,
  WorkbookInputs,
} from '../workbook/teamWorkbook';
import { writeWorkbook } from '../xlsx/write';
import { readRatingsCsv, readSessionsCsv, readTeamCsv } from './inputs';
import {
  CliIO,
  Findings,
  findings,
  guard,
  options,
  plural,
  reportFindings,
  reportProblems,
  shown,
  UsageError,
  writeAtomically,
} from './io';

export type { PersonChoice, PlanChoices, WorkbookInputs } from '../workbook/teamWorkbook';
export { personCodes, teamWorkbookPlan } from '../workbook/teamWorkbook';

export const BUILD_HELP = {
  demo: `peer-performance demo [--out FILE]

Writes a workbook from data/sample/ (synthetic data): a Team sheet, a rating sheet per worker per
period with the sample ratings filled in, comparisons for the latest period, trends, the team
dashboard, one Work Process Schedule sheet, the ORS/SRS outcomes log and summary, the person view of
the first person not improving after 3+ sessions, a one-on-one agenda, and a Settings sheet.
Default output: out/peer-performance-demo.xlsx (replaced when it exists).`,
  build: `peer-performance build --team team.csv [--ratings ratings.csv] [--sessions sessions.csv]
                       [--framework ID] [--period LABEL]... --out FILE.xlsx [--force]
                       [--compare-period LABEL] [--person CODE|all|not-improving]...
                       [--agenda WORKER[:DATE]]... [--deidentify [--keep-free-text]]

  --team            roster CSV: worker_id,name,role,supervisor,start_date (required)
  --ratings         ratings CSV: worker_id,period,framework,competency_id,self,supervisor,notes
                    (optional columns goal,action_steps,target_date)
  --sessions        ORS/SRS sessions CSV (person_code,worker_id,date,session, four ORS items, four
                    SRS items, age_group): adds the outcomes log, the summary and person views
  --framework       framework id for the rating sheets (default samhsa-core-2015)
  --period          a review period label; repeat for several. Periods found in --ratings are added.
  --out             the .xlsx file to write (required)
  --force           replace --out when it exists (everything typed into it is lost; to add data to
                    a workbook, use peer-performance update)
  --compare-period  the period of the comparison sheets and the dashboard (default the latest)
  --person          person views (needs --sessions): a person code, "all", or "not-improving" (the
                    default: people with 3+ sessions whose ORS change is below reliable change);
                    repeat for several
  --agenda          a one-on-one agenda for a worker (needs --sessions), on DATE (yyyy-mm-dd;
                    default the worker's latest session date); repeat for several
  --deidentify      a copy for sharing: workers become W01..., ids, supervisor names and start dates
                    removed, roles held by fewer than 3 workers generalised, notes/goals/action steps
                    emptied unless --keep-free-text; a cover sheet says what was kept and removed

Writes: a Team sheet; a rating sheet per worker per period (ratings from the CSV filled into Self,
Supervisor, Notes, Goal, Action steps and Target date; periods without ratings get empty sheets to
fill in); for the compared period a comparison per worker (development goals suggested into empty
Goal cells) and the team dashboard; a trend per worker; with --sessions the outcomes log, summary,
person views and agendas; and a Settings sheet. With --framework peer-supervisor-wps, one Work
Process Schedule sheet per worker instead of rating sheets and comparisons.
On any input problem nothing is written and every problem is listed with its file, row and column;
the exit code is 1. Warnings (an unknown role, a session dated before the one numbered before it)
are listed and the workbook is written.`,
};

/** `--agenda WORKER[:DATE]` values, resolved against the roster and the sessions (default date: the latest). */
export function resolveAgendas(
  values: string[],
  inputs: WorkbookInputs,
  problems: Problem[],
): { workerId: string; date: string }[] {
  return values.flatMap((v) => {
    const m = /^(.*?)(?::(\d{4}-\d{2}-\d{2}))?$/.exec(v.trim())!;
    const worker = inputs.team.find((w) => w.workerId.toLowerCase() === m[1].toLowerCase());
    const fail = (message: string) => (problems.push({ file: `--agenda ${v}`, message }), []);
    if (!worker) return fail(`"${m[1]}" is not on the team`);
    if (!inputs.sessions.length) return fail('an agenda reads the outcomes log: give --sessions too');
    const seen = inputs.sessions
      .filter((s) => s.workerId === worker.workerId)
      .map((s) => s.date)
      .sort();
    const date = m[2] ?? seen.at(-1);
    if (!date)
      return fail(
        `${worker.workerId} has no sessions; give the meeting date: --agenda ${worker.workerId}:yyyy-mm-dd`,
      );
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
      return fail(`"${date}" is not a date (use yyyy-mm-dd)`);
    return [{ workerId: worker.workerId, date }];
  });
}

/** `--person` values: codes must be in the sessions. */
export function checkPersons(values: string[], sessions: Session[], problems: Problem[]): PersonChoice[] {
  const codes = new Set(sessions.map((s) => s.personCode));
  for (const v of values) {
    if (v === 'all' || v === 'not-improving') continue;
    if (!sessions.length)
      problems.push({
        file: `--person ${v}`,
        message: 'person views read the outcomes log: give --sessions too',
      });
    else if (!codes.has(v))
      problems.push({
        file: `--person ${v}`,
        message: `no session in the sessions file has person code "${v}"`,
      });
  }
  return values;
}

/** `--compare-period`: one of the periods (up to case and spacing). */
export function checkComparePeriod(
  value: string | undefined,
  periods: string[],
  problems: Problem[],
): string[] | undefined {
  if (value === undefined) return undefined;
  const spelled = periodSpeller(periods)(value);
  if (periods.includes(spelled)) return [spelled];
  problems.push({
    file: '--compare-period',
    message: `"${value}" is not one of the review periods (${orderPeriods(periods).join(', ') || 'none'})`,
  });
  return undefined;
}

/** What was written, for the output. */
export function describe(plan: WorkbookPlan, file: string): string[] {
  const kinds = new Map<string, number>();
  plan.sheets.forEach((s) => kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1));
  const charts = plan.sheets.reduce((n, s) => n + s.charts.length, 0);
  const persons = plan.sheets.filter((s) => /^Person /.test(s.name)).map((s) => s.name.slice(7));
  return [
    `Wrote ${file}`,
    `  ${plural(plan.sheets.length, 'sheet')}: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ${plural(charts, 'chart')}`,
    ...(plan.sheets.some((s) => s.kind === 'outcomes')
      ? [
          `  Person views: ${persons.length ? persons.join(', ') : 'none (choose with --person CODE or --person all)'}`,
        ]
      : []),
  ];
}

/** Reads build's CSV inputs with the checks across files; undefined with problems in `found`. */
function loadInputs(
  files: { team: string; ratings?: string; sessions?: string },
  frameworkId: string,
  asked: string[],
  io: CliIO,
  found: Findings,
): WorkbookInputs | undefined {
  let framework;
  try {
    framework = getFramework(frameworkId);
  } catch (e) {
    found.problems.push({ file: '--framework', message: (e as Error).message });
  }
  const roster = readTeamCsv(files.team, io, found);
  const spell = periodSpeller();
  const periods = asked.map(spell);
  const ratings = files.ratings
    ? readRatingsCsv(files.ratings, io, found, { roster: roster?.roster, periods })
    : [];
  const other = ratings.find((r) => r.frameworkId !== frameworkId);
  if (other && framework)
    found.problems.push({
      file: files.ratings!,
      column: 'framework',
      message: `holds ratings for ${other.frameworkId} but the sheets use ${frameworkId} (pass --framework ${other.frameworkId})`,
    });
  const sessions = files.sessions
    ? readSessionsCsv(files.sessions, io, found, { roster: roster?.roster })
    : [];
  const allPeriods = periodsOf(periods, ratings);
  // Only when nothing else is wrong: rejected rating rows would make this a false follow-on.
  if (!allPeriods.length && !found.problems.length && framework?.id !== 'peer-supervisor-wps')
    found.problems.push({
      file: '--period',
      message: 'no review period: give --period LABEL or ratings with periods',
    });
  if (found.problems.length || !roster) return undefined;
  return {
    team: roster.team,
    ratings,
    sessions,
    frameworkId,
    periods: allPeriods,
    settings: DEFAULT_SETTINGS,
  };
}

const BUILD_OPTIONS = {
  out: { type: 'string' },
  team: { type: 'string' },
  ratings: { type: 'string' },
  sessions: { type: 'string' },
  framework: { type: 'string' },
  period: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  'compare-period': { type: 'string' },
  person: { type: 'string', multiple: true },
  agenda: { type: 'string', multiple: true },
  deidentify: { type: 'boolean' },
  'keep-free-text': { type: 'boolean' },
} as const;

/** Writes the plan (de-identified when asked) and says what was written. */
async function writeAndDescribe(
  plan: WorkbookPlan,
  inputs: WorkbookInputs,
  out: string,
  io: CliIO,
  found: Findings,
  deidentify?: { keepFreeText?: boolean },
): Promise<number> {
  let lines: string[] = [];
  if (deidentify) ({ plan, lines } = deidentifyChecked(plan, inputs.team, deidentify));
  writeAtomically(out, await writeWorkbook(plan));
  [...describe(plan, shown(io, out)), ...lines].forEach((l) => io.out(l));
  reportFindings(io, found);
  return 0;
}

export function demoCommand(args: string[], io: CliIO): Promise<number> {
  return guard('demo', io, async () => {
    const { values } = options(args, { out: { type: 'string' } });
    if (values.help) {
      io.out(BUILD_HELP.demo);
      return 0;
    }
    const found = findings();
    const demo = demoPlan(SAMPLE_DIR, io, found);
    if (!demo) return reportProblems(io, found.problems);
    const out = path.resolve(io.cwd, values.out ?? 'out/peer-performance-demo.xlsx');
    return writeAndDescribe(demo.plan, demo.inputs, out, io, found);
  });
}

/** The bundled sample data (data/sample/). */
export const SAMPLE_DIR = path.join(__dirname, '../../data/sample');

/**
 * The demo workbook from the team.csv, ratings.csv and sessions.csv in `dir`: one Work Process Schedule
 * sheet (PS-103's, else the first worker's), the person view of the first person not improving after 3+
 * sessions, and an agenda for the first worker. Also how each release's layout fixture is made
 * (scripts/make-layout-fixture.ts). Undefined with problems in `found`.
 */
export function demoPlan(
  dir: string,
  io: CliIO,
  found: Findings,
): { plan: WorkbookPlan; inputs: WorkbookInputs } | undefined {
  const inputs = loadInputs(
    {
      team: path.join(dir, 'team.csv'),
      ratings: path.join(dir, 'ratings.csv'),
      sessions: path.join(dir, 'sessions.csv'),
    },
    'samhsa-core-2015',
    [],
    io,
    found,
  );
  if (!inputs) return undefined;
  const first = inputs.team[0];
  const plan = teamWorkbookPlan(inputs, {
    wps: [(inputs.team.find((w) => w.workerId === 'PS-103') ?? first).workerId],
    // One person view to show: the first person not improving after 3+ sessions.
    persons: personCodes(inputs, ['not-improving']).slice(0, 1),
    agendas: resolveAgendas([first.workerId], inputs, found.problems),
  });
  return { plan, inputs };
}

export function buildCommand(args: string[], io: CliIO): Promise<number> {
  return guard('build', io, async () => {
    const { values } = options(args, BUILD_OPTIONS);
    if (values.help) {
      io.out(BUILD_HELP.build);
      return 0;
    }
    if (!values.team) throw new UsageError('build needs --team team.csv');
    if (!values.out) throw new UsageError('build needs --out FILE.xlsx');
    if (!/\.xlsx$/i.test(values.out))
      throw new UsageError(`--out must name an .xlsx file, got "${values.out}"`);
    if (values['keep-free-text'] && !values.deidentify)
      throw new UsageError('--keep-free-text goes with --deidentify');
    const out = path.resolve(io.cwd, values.out);
    if (fs.existsSync(out) && !values.force) {
      io.err(
        `Nothing was written: ${values.out} already exists, and build makes a new workbook: whatever was typed into it would be lost.`,
      );
      io.err(
        `  To bring new ratings or sessions into it: peer-performance update ${values.out} --ratings ratings.csv --sessions sessions.csv`,
      );
      io.err('  To write a new workbook: choose another --out, or add --force to replace this one.');
      return 1;
    }
    const found = findings();
    const inputs = loadInputs(
      { team: values.team, ratings: values.ratings, sessions: values.sessions },
      values.framework ?? 'samhsa-core-2015',
      values.period ?? [],
      io,
      found,
    );
    if (!inputs) return reportProblems(io, found.problems);
    const choices: PlanChoices = {
      comparePeriods: checkComparePeriod(values['compare-period'], inputs.periods, found.problems),
      persons: checkPersons(values.person ?? ['not-improving'], inputs.sessions, found.problems),
      agendas: resolveAgendas(values.agenda ?? [], inputs, found.problems),
    };
    if (found.problems.length) return reportProblems(io, found.problems);
    return writeAndDescribe(
      teamWorkbookPlan(inputs, choices),
      inputs,
      out,
      io,
      found,
      values.deidentify ? { keepFreeText: values['keep-free-text'] } : undefined,
    );
  });
}
