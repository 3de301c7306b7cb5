#!/usr/bin/env node
/**
 * peer-performance: build supervision workbooks from CSV files (README "Data contracts").
 * Thin shell: reads files, calls the domain parsers and workbook builders, writes with src/xlsx.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv, Worker } from '../domain/csv';
import { Session } from '../domain/pcoms';
import { getFramework, getScale, library } from '../domain/library';
import { formatProblem, Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { flattenCompetencies } from '../domain/framework';
import { orderPeriods } from '../domain/periods';
import { developmentSuggestions } from '../domain/ratings';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { agencyWorkbook, periodsOf } from '../workbook/build';
import { outcomesSheets } from '../workbook/outcomes';
import { WorkbookPlan } from '../workbook/plan';
import { writeWorkbook } from '../xlsx/write';
import { writeAtomically } from './files';
import { collectCommand, deidentifyForBuild, formsCommand } from './forms';

const HELP: Record<string, string> = {
  main: `peer-performance: supervision workbooks for peer recovery support programs

Usage:
  peer-performance demo [--out FILE]        the demo workbook from the bundled sample data
  peer-performance build --team team.csv [--ratings ratings.csv] [--sessions sessions.csv] [--framework ID]
                         [--period LABEL]... --out FILE.xlsx
  peer-performance forms --team team.csv --period LABEL [--framework ID] --out-dir DIR
                         one self-assessment form per worker
  peer-performance collect FILES... --team team.csv --out ratings.csv
                         check returned forms and merge their Self ratings
  peer-performance COMMAND --help           help on one command

Frameworks: ${'{frameworks}'}`,
  demo: `peer-performance demo [--out FILE]

Writes a workbook from data/sample/ (synthetic data): a Team sheet, a rating sheet per worker per
period with the sample ratings filled in, comparisons for the latest period, trends, the team
dashboard, one Work Process Schedule sheet, the ORS/SRS outcomes log, summary, one person view and
a one-on-one agenda, and a Settings sheet.
Default output: out/peer-performance-demo.xlsx`,
  build: `peer-performance build --team team.csv [--ratings ratings.csv] [--sessions sessions.csv] [--framework ID]
                       [--period LABEL]... --out FILE.xlsx
                       [--deidentify [--keep-free-text]]

  --team       roster CSV: worker_id,name,role,supervisor,start_date (required)
  --ratings    ratings CSV: worker_id,period,framework,competency_id,self,supervisor,notes
  --sessions   ORS/SRS sessions CSV (person_code,worker_id,date,session, four ORS items, four SRS
               items, age_group): adds the outcomes log, summary and a person view
  --framework  framework id for the rating sheets (default samhsa-core-2015)
  --period     a review period label; repeat for several. Periods found in --ratings are added.
  --out        the .xlsx file to write (required)
  --deidentify a copy for sharing: workers become W01..., ids, supervisor names and start dates
               removed, notes/goals/action steps emptied unless --keep-free-text; a cover sheet
               says what was removed

Ratings in the CSV are written into the rating sheets' Self and Supervisor cells; periods without
ratings get empty sheets to fill in. On any input problem nothing is written and every problem is
listed with its file, row and column; the exit code is 1.`,
};

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

class UsageError extends Error {}

function readText(file: string, cwd: string, problems: Problem[]): string | undefined {
  const p = path.resolve(cwd, file);
  try {
    return fs.readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({ file, message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code})` });
    return undefined;
  }
}

interface Inputs {
  team: Worker[];
  ratings: Rating[];
  sessions: Session[];
  frameworkId: string;
  periods: string[];
}

function loadInputs(
  files: { team: string; ratings?: string; sessions?: string },
  frameworkId: string,
  periods: string[],
  cwd: string,
): { inputs?: Inputs; problems: Problem[] } {
  const problems: Problem[] = [];
  let framework;
  try {
    framework = getFramework(frameworkId);
  } catch (e) {
    problems.push({ file: '--framework', message: (e as Error).message });
  }
  const teamText = readText(files.team, cwd, problems);
  const team = teamText === undefined ? undefined : parseTeamCsv(teamText, files.team);
  if (team) problems.push(...team.problems);
  if (team && team.records.length === 0 && team.problems.length === 0)
    problems.push({ file: files.team, message: 'has no workers' });
  let ratings: Rating[] = [];
  if (files.ratings) {
    const text = readText(files.ratings, cwd, problems);
    if (text !== undefined) {
      const parsed = parseRatingsCsv(text, files.ratings, {
        frameworks: library().frameworks,
        scale: getScale(),
        workerIds: team ? new Set(team.records.map((w) => w.workerId)) : undefined,
      });
      problems.push(...parsed.problems);
      ratings = parsed.records;
      const other = ratings.find((r) => r.frameworkId !== frameworkId);
      if (other && framework)
        problems.push({
          file: files.ratings,
          column: 'framework',
          message: `holds ratings for ${other.frameworkId} but the sheets use ${frameworkId} (pass --framework ${other.frameworkId})`,
        });
    }
  }
  let sessions: Session[] = [];
  if (files.sessions) {
    const text = readText(files.sessions, cwd, problems);
    if (text !== undefined) {
      const parsed = parseSessionsCsv(text, files.sessions);
      problems.push(...parsed.problems);
      sessions = parsed.records;
    }
  }
  const allPeriods = periodsOf(periods, ratings);
  // Only when nothing else is wrong: rejected rating rows would make this a false follow-on.
  if (allPeriods.length === 0 && problems.length === 0 && framework?.id !== 'peer-supervisor-wps')
    problems.push({
      file: '--period',
      message: 'no review period: give --period LABEL or ratings with periods',
    });
  if (problems.length || !team) return { problems };
  return { inputs: { team: team.records, ratings, sessions, frameworkId, periods: allPeriods }, problems };
}

/** The one-on-one agenda's competency rows: the worker's development suggestions for the latest period. */
function agendaGaps(inputs: Inputs, workerId: string) {
  const fw = getFramework(inputs.frameworkId);
  const latest = orderPeriods(inputs.periods).at(-1);
  const text = new Map(flattenCompetencies(fw).map((c) => [c.id, c.text]));
  const byId = new Map(
    inputs.ratings
      .filter((r) => r.workerId === workerId && r.period === latest)
      .map((r) => [r.competencyId, r]),
  );
  const ordered = flattenCompetencies(fw).flatMap((c) => (byId.has(c.id) ? [byId.get(c.id)!] : []));
  return developmentSuggestions(ordered, DEFAULT_SETTINGS.gapThreshold, getScale()).map((x) => ({
    competency: `${x.competencyId} ${text.get(x.competencyId)}`,
    gap: x.self === null ? null : x.supervisor - x.self,
    goal: x.goal,
  }));
}

function planFor(inputs: Inputs, withWps?: Worker, agendaFor?: Worker): WorkbookPlan {
  const framework = getFramework(inputs.frameworkId);
  const lib = library();
  const ctx = { framework, scale: getScale(), roles: lib.roles, ratings: inputs.ratings };
  const plan = agencyWorkbook({
    team: inputs.team,
    periods: inputs.periods.length ? inputs.periods : ['WPS'],
    ctx,
  });
  if (withWps) {
    const wps = agencyWorkbook({
      team: [withWps],
      periods: ['WPS'],
      ctx: { ...ctx, framework: getFramework('peer-supervisor-wps'), ratings: [] },
    }).sheets.filter((s) => s.kind === 'wps');
    plan.sheets.splice(plan.sheets.length - 1, 0, ...wps);
  }
  if (inputs.sessions.length) {
    const seen = inputs.sessions
      .filter((x) => x.workerId === agendaFor?.workerId)
      .map((x) => x.date)
      .sort();
    const outcomes = outcomesSheets({
      sessions: inputs.sessions,
      workers: [
        ...new Set([...inputs.team.map((w) => w.workerId), ...inputs.sessions.map((x) => x.workerId)]),
      ].filter((id) => inputs.sessions.some((x) => x.workerId === id)),
      existingSheets: plan.sheets.map((x) => x.name),
      existingTables: plan.sheets.flatMap((x) => x.tables.map((t) => t.name)),
      agendas:
        agendaFor && seen.length
          ? [
              {
                workerId: agendaFor.workerId,
                workerName: agendaFor.name,
                date: seen[seen.length - 1],
                gaps: agendaGaps(inputs, agendaFor.workerId),
              },
            ]
          : [],
    });
    plan.sheets.splice(plan.sheets.length - 1, 0, ...outcomes);
  }
  return plan;
}

function describe(plan: WorkbookPlan, file: string): string[] {
  const kinds = new Map<string, number>();
  plan.sheets.forEach((s) => kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1));
  const charts = plan.sheets.reduce((n, s) => n + s.charts.length, 0);
  return [
    `Wrote ${file}`,
    `  ${plan.sheets.length} sheets: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ${charts} charts`,
  ];
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  const frameworks = library()
    .frameworks.map((f) => f.id)
    .join(', ');
  const help = (k: string) => io.out(HELP[k].replace('{frameworks}', frameworks));
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      help('main');
      return command ? 0 : 1;
    }
    if (command === 'forms') return await formsCommand(rest, io);
    if (command === 'collect') return await collectCommand(rest, io);
    if (command !== 'demo' && command !== 'build') throw new UsageError(`unknown command "${command}"`);
    const { values } = parseArgs({
      args: rest,
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string' },
        team: { type: 'string' },
        ratings: { type: 'string' },
        sessions: { type: 'string' },
        framework: { type: 'string' },
        period: { type: 'string', multiple: true },
        deidentify: { type: 'boolean' },
        'keep-free-text': { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      help(command);
      return 0;
    }
    let inputs: Inputs | undefined;
    let problems: Problem[];
    let out: string;
    let wpsFor: Worker | undefined;
    if (command === 'demo') {
      const dir = path.join(__dirname, '../../data/sample');
      ({ inputs, problems } = loadInputs(
        {
          team: path.join(dir, 'team.csv'),
          ratings: path.join(dir, 'ratings.csv'),
          sessions: path.join(dir, 'sessions.csv'),
        },
        'samhsa-core-2015',
        [],
        io.cwd,
      ));
      out = path.resolve(io.cwd, values.out ?? 'out/peer-performance-demo.xlsx');
      wpsFor = inputs?.team.find((w) => w.workerId === 'PS-103') ?? inputs?.team[0];
    } else {
      if (!values.team) throw new UsageError('build needs --team team.csv');
      if (!values.out) throw new UsageError('build needs --out FILE.xlsx');
      if (!/\.xlsx$/i.test(values.out))
        throw new UsageError(`--out must name an .xlsx file, got "${values.out}"`);
      ({ inputs, problems } = loadInputs(
        { team: values.team, ratings: values.ratings, sessions: values.sessions },
        values.framework ?? 'samhsa-core-2015',
        values.period ?? [],
        io.cwd,
      ));
      out = path.resolve(io.cwd, values.out);
    }
    if (!inputs) {
      io.err(`Nothing was written. ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix:`);
      problems.forEach((p) => io.err(`  ${formatProblem(p)}`));
      return 1;
    }
    let plan = planFor(inputs, wpsFor, command === 'demo' ? inputs.team[0] : undefined);
    let deidentified: string[] = [];
    if (values.deidentify)
      ({ plan, lines: deidentified } = deidentifyForBuild(plan, inputs.team, {
        keepFreeText: values['keep-free-text'],
      }));
    writeAtomically(out, await writeWorkbook(plan));
    describe(plan, path.relative(io.cwd, out) || out).forEach((l) => io.out(l));
    deidentified.forEach((l) => io.out(l));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(
        `peer-performance: ${(e as Error).message}. See peer-performance ${command && HELP[command] ? `${command} ` : ''}--help`,
      );
      return 1;
    }
    io.err(`peer-performance: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), { out: console.log, err: console.error, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
