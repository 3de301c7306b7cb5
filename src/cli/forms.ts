/**
 * peer-performance forms / collect, and the de-identification step of build --deidentify.
 * Thin shell: reads files, calls src/workbook/forms and src/xlsx/collect, writes files atomically.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseRatingsCsv, parseTeamCsv, RATING_COLUMNS, Worker } from '../domain/csv';
import { getFramework, getScale, library } from '../domain/library';
import { formatProblem, Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { findRole } from '../domain/roles';
import { Scale, scoreText } from '../domain/scale';
import { deidentifyChecked, deidentifyPlan } from '../workbook/deidentify';
import { writeAtomically } from './files';
import { formFileName, mergeSelfRatings, selfAssessmentForm, SelfConflict } from '../workbook/forms';
import { collectForm } from '../xlsx/collect';
import { writeWorkbook } from '../xlsx/write';
import type { CliIO } from './main';

export { deidentifyPlan };
/** The de-identification step of `build --deidentify` (kept under its CLI name). */
export const deidentifyForBuild = deidentifyChecked;

export const FORMS_HELP = {
  forms: `peer-performance forms --team team.csv --period LABEL [--framework ID] [--worker ID]... --out-dir DIR

  --team       roster CSV: worker_id,name,role,supervisor,start_date (required)
  --period     the review period the forms are for, e.g. "2026 Q2" (required)
  --framework  framework id (default samhsa-core-2015; the Work Process Schedule has no self-assessment)
  --worker     only this worker's form; repeat for several (default: every worker on the team)
  --out-dir    folder for the forms (required; created when missing)

Writes one self-assessment workbook per worker, named "Self-assessment <worker id> <period>.xlsx":
that worker's competencies with their role profile marked, a Self column with the scale's list and a
Notes column to fill in, and nothing else editable. There is no Supervisor column and no other
worker's data. A hidden sheet records who and what the form is for, with a check value, so a
returned form can be checked. On any input problem nothing is written; the exit code is 1.`,
  collect: `peer-performance collect FILES... --team team.csv --out ratings.csv [--period LABEL]...

  FILES        returned self-assessment forms (.xlsx)
  --team       roster CSV (required): every form must be for a worker on it
  --out        the ratings CSV to write (required). When it exists, the forms are merged into it:
               a Self is filled in only where it is blank, Supervisor ratings are never touched,
               and a Self that differs from the file's is listed as a conflict and left as it was.
  --period     accept only forms for these periods; repeat for several (default: any period)

Each file is checked: made by this program for this framework and version, for a worker on the
team, identity unchanged, every Self on the scale. A file with any problem gives nothing; the
problems are listed with the file and cell. Accepted files are written to --out (ratings.csv
columns worker_id,period,framework,competency_id,self,supervisor,notes). Exit code 1 when any file
was rejected.`,
};

class UsageError extends Error {}

function readTeam(file: string, cwd: string): { team?: Worker[]; problems: Problem[] } {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      problems: [{ file, message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code})` }],
    };
  }
  const parsed = parseTeamCsv(text, file);
  const problems = [...parsed.problems];
  if (!parsed.records.length && !problems.length) problems.push({ file, message: 'has no workers' });
  return problems.length ? { problems } : { team: parsed.records, problems };
}

function reportProblems(io: CliIO, problems: Problem[]): number {
  io.err(`Nothing was written. ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix:`);
  problems.forEach((p) => io.err(`  ${formatProblem(p)}`));
  return 1;
}

async function guard(command: 'forms' | 'collect', io: CliIO, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`peer-performance: ${(e as Error).message}. See peer-performance ${command} --help`);
      return 1;
    }
    io.err(`peer-performance: ${(e as Error).message}`);
    return 1;
  }
}

// ---------------------------------------------------------------------------------------
// forms
// ---------------------------------------------------------------------------------------

export function formsCommand(args: string[], io: CliIO): Promise<number> {
  return guard('forms', io, async () => {
    const { values } = parseArgs({
      args,
      options: {
        help: { type: 'boolean', short: 'h' },
        team: { type: 'string' },
        period: { type: 'string' },
        framework: { type: 'string' },
        worker: { type: 'string', multiple: true },
        'out-dir': { type: 'string' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(FORMS_HELP.forms);
      return 0;
    }
    if (!values.team) throw new UsageError('forms needs --team team.csv');
    if (!values.period?.trim()) throw new UsageError('forms needs --period LABEL');
    if (!values['out-dir']) throw new UsageError('forms needs --out-dir DIR');
    const period = values.period.trim();
    const problems: Problem[] = [];
    let framework;
    try {
      framework = getFramework(values.framework ?? 'samhsa-core-2015');
      if (framework.id === 'peer-supervisor-wps') {
        problems.push({
          file: '--framework',
          message:
            'the Work Process Schedule is signed off by the supervisor, not self-assessed; choose a competency framework',
        });
      }
    } catch (e) {
      problems.push({ file: '--framework', message: (e as Error).message });
    }
    const { team, problems: teamProblems } = readTeam(values.team, io.cwd);
    problems.push(...teamProblems);
    let workers = team ?? [];
    if (team && values.worker?.length) {
      const unknown = values.worker.filter((id) => !team.some((w) => w.workerId === id));
      unknown.forEach((id) => problems.push({ file: '--worker', message: `"${id}" is not on the team` }));
      workers = team.filter((w) => values.worker!.includes(w.workerId));
    }
    const files = workers.map((w) => formFileName(w.workerId, period));
    const seen = new Map<string, string>();
    workers.forEach((w, i) => {
      const k = files[i].toLowerCase();
      if (seen.has(k))
        problems.push({
          file: values.team!,
          message: `workers "${seen.get(k)}" and "${w.workerId}" would get the same file name "${files[i]}"`,
        });
      else seen.set(k, w.workerId);
    });
    if (problems.length || !framework) return reportProblems(io, problems);

    const scale = getScale();
    const roles = library().roles;
    const dir = path.resolve(io.cwd, values['out-dir']);
    const all: Uint8Array[] = [];
    for (const worker of workers) {
      const plan = selfAssessmentForm({
        worker,
        period,
        framework,
        scale,
        role: findRole(roles, worker.role),
      });
      all.push(await writeWorkbook(plan));
    }
    all.forEach((bytes, i) => writeAtomically(path.join(dir, files[i]), bytes));
    const shown = path.relative(io.cwd, dir) || '.';
    io.out(`Wrote ${workers.length} self-assessment form${workers.length === 1 ? '' : 's'} to ${shown}:`);
    workers.forEach((w, i) => io.out(`  ${files[i]}  (${w.name})`));
    io.out('Send each worker their own file. When they come back:');
    io.out(`  peer-performance collect FILES... --team ${values.team} --out ratings.csv`);
    return 0;
  });
}

// ---------------------------------------------------------------------------------------
// collect
// ---------------------------------------------------------------------------------------

const csvField = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Ratings in the ratings.csv contract (README "Data contracts"). */
export function ratingsCsv(ratings: Rating[], scale: Scale): string {
  const lines = [RATING_COLUMNS.join(',')];
  for (const r of ratings)
    lines.push(
      [
        r.workerId,
        r.period,
        r.frameworkId,
        r.competencyId,
        scoreText(r.self, scale),
        scoreText(r.supervisor, scale),
        r.notes,
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}

const ratingKey = (r: Rating) => [r.workerId, r.period, r.frameworkId, r.competencyId].join('\u0000');

export function collectCommand(args: string[], io: CliIO): Promise<number> {
  return guard('collect', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      options: {
        help: { type: 'boolean', short: 'h' },
        team: { type: 'string' },
        out: { type: 'string' },
        period: { type: 'string', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(FORMS_HELP.collect);
      return 0;
    }
    if (!positionals.length) throw new UsageError('collect needs the returned form files');
    if (!values.team) throw new UsageError('collect needs --team team.csv');
    if (!values.out) throw new UsageError('collect needs --out ratings.csv');
    if (!/\.csv$/i.test(values.out)) throw new UsageError(`--out must name a .csv file, got "${values.out}"`);

    const scale = getScale();
    const frameworks = library().frameworks;
    const { team, problems } = readTeam(values.team, io.cwd);
    const out = path.resolve(io.cwd, values.out);
    let existing: Rating[] = [];
    if (team && fs.existsSync(out)) {
      const parsed = parseRatingsCsv(fs.readFileSync(out, 'utf8'), values.out, {
        frameworks,
        scale,
        workerIds: new Set(team.map((w) => w.workerId)),
      });
      problems.push(...parsed.problems);
      existing = parsed.records;
    }
    if (problems.length || !team) return reportProblems(io, problems);

    const ctx = { team, frameworks, scale, periods: values.period?.length ? values.period : undefined };
    let current = existing;
    let failed = 0;
    let accepted = 0;
    let filled = 0;
    let unchanged = 0;
    const conflicts: { file: string; c: SelfConflict }[] = [];
    for (const file of positionals) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(path.resolve(io.cwd, file));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        io.err(`${file}: rejected: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code})`}`);
        failed++;
        continue;
      }
      const res = await collectForm(bytes, file, ctx);
      if (!res.ok) {
        failed++;
        io.err(`${file}: rejected, nothing taken from it:`);
        res.report.problems.forEach((p) => io.err(`  ${formatProblem(p)}`));
        continue;
      }
      accepted++;
      const count = (k: string) => res.ratings.filter((r) => r.self.kind === k).length;
      io.out(
        `${file}: accepted: ${res.form!.workerId}, ${res.form!.period}, ${res.form!.frameworkId}: ` +
          `${res.ratings.length} competencies (${count('score')} rated, ${count('na')} N/A, ${count('blank')} blank)`,
      );
      const merge = mergeSelfRatings(current, res.ratings);
      const byKey = new Map(merge.write.map((r) => [ratingKey(r), r]));
      const next = current.map((r) => byKey.get(ratingKey(r)) ?? r);
      const known = new Set(current.map(ratingKey));
      next.push(...merge.write.filter((r) => !known.has(ratingKey(r))));
      current = next;
      filled += merge.write.filter((r) => r.self.kind !== 'blank').length;
      unchanged += merge.unchanged;
      conflicts.push(...merge.conflicts.map((c) => ({ file, c })));
    }
    const shown = path.relative(io.cwd, out) || out;
    if (accepted) {
      writeAtomically(out, ratingsCsv(current, scale));
      io.out(
        `Wrote ${shown}: ${accepted} form${accepted === 1 ? '' : 's'} accepted, ${filled} Self rating${filled === 1 ? '' : 's'} written, ${unchanged} unchanged, ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}.`,
      );
    } else io.err(`Nothing was written to ${shown}: no form was accepted.`);
    if (conflicts.length) {
      io.out(
        `Conflicts: ${shown} already has a different Self; it was kept. Edit ${shown} to use the form's value:`,
      );
      conflicts.forEach(({ file, c }) =>
        io.out(
          `  ${c.workerId}, ${c.period}, competency ${c.competencyId}: kept ${scoreText(c.existing, scale)}, ${file} says ${scoreText(c.incoming, scale)}`,
        ),
      );
    }
    if (failed) io.err(`${failed} file${failed === 1 ? ' was' : 's were'} rejected.`);
    return failed ? 1 : 0;
  });
}

// ---------------------------------------------------------------------------------------
// build --deidentify
// ---------------------------------------------------------------------------------------
