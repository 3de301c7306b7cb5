/**
 * peer-performance forms / collect: self-assessment forms out, returned forms checked and merged into a
 * ratings CSV. Thin shell over src/workbook/forms and src/xlsx/collect.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseRatingsCsv, ratingsCsv } from '../domain/csv';
import { getFramework, getScale, library } from '../domain/library';
import { periodSpeller } from '../domain/periods';
import { formatProblem, Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { findRole } from '../domain/roles';
import { scoreText } from '../domain/scale';
import { formFileName, mergeSelfRatings, selfAssessmentForm, SelfConflict } from '../workbook/forms';
import { collectForm } from '../xlsx/collect';
import { writeWorkbook } from '../xlsx/write';
import { readTeamCsv } from './inputs';
import {
  CliIO,
  findings,
  freeFileName,
  guard,
  options,
  plural,
  readBytes,
  readText,
  reportFindings,
  reportProblems,
  shown,
  UsageError,
  writeAtomically,
} from './io';

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
returned form can be checked. A file already in --out-dir (a returned form, perhaps) is never
replaced: the new form gets a free name ("... (2).xlsx") and the output says so. On any input
problem nothing is written; the exit code is 1.`,
  collect: `peer-performance collect FILES... --team team.csv --out ratings.csv [--period LABEL]...

  FILES        returned self-assessment forms (.xlsx)
  --team       roster CSV (required): every form must be for a worker on it
  --out        the ratings CSV to write (required). When it exists, the forms are merged into it:
               a Self is filled in only where it is blank, Supervisor ratings are never touched,
               and a Self that differs from the file's is listed as a conflict and left as it was.
  --period     accept only forms for these periods; repeat for several (default: the period each
               form was made for). Labels that differ only by case or spacing are the same period.

Each file is checked: made by this program for this framework and version, for a worker on the
team, identity unchanged, every Self on the scale. A file with any problem gives nothing; the
problems are listed with the file and cell. A form with no Self rating at all is reported as blank.
Accepted files are written to --out (ratings.csv columns worker_id,period,framework,competency_id,
self,supervisor,notes). Exit code 1 when any file was rejected or blank.`,
};

const quoteArg = (s: string) => (/^[\w./-]+$/.test(s) ? s : `"${s.replace(/"/g, '\\"')}"`);

// ---------------------------------------------------------------------------------------
// forms
// ---------------------------------------------------------------------------------------

export function formsCommand(args: string[], io: CliIO): Promise<number> {
  return guard('forms', io, async () => {
    const { values } = options(args, {
      team: { type: 'string' },
      period: { type: 'string' },
      framework: { type: 'string' },
      worker: { type: 'string', multiple: true },
      'out-dir': { type: 'string' },
    });
    if (values.help) {
      io.out(FORMS_HELP.forms);
      return 0;
    }
    if (!values.team) throw new UsageError('forms needs --team team.csv');
    if (!values.period?.trim()) throw new UsageError('forms needs --period LABEL');
    if (!values['out-dir']) throw new UsageError('forms needs --out-dir DIR');
    const period = periodSpeller()(values.period);
    const found = findings();
    let framework;
    try {
      framework = getFramework(values.framework ?? 'samhsa-core-2015');
      if (framework.id === 'peer-supervisor-wps') {
        found.problems.push({
          file: '--framework',
          message:
            'the Work Process Schedule is signed off by the supervisor, not self-assessed; choose a competency framework',
        });
      }
    } catch (e) {
      found.problems.push({ file: '--framework', message: (e as Error).message });
    }
    const team = readTeamCsv(values.team, io, found)?.team;
    let workers = team ?? [];
    if (team && values.worker?.length) {
      const wanted = values.worker.map((id) => id.toLowerCase());
      const unknown = values.worker.filter(
        (id) => !team.some((w) => w.workerId.toLowerCase() === id.toLowerCase()),
      );
      unknown.forEach((id) =>
        found.problems.push({ file: '--worker', message: `"${id}" is not on the team` }),
      );
      workers = team.filter((w) => wanted.includes(w.workerId.toLowerCase()));
    }
    const wanted = workers.map((w) => formFileName(w.workerId, period));
    const seen = new Map<string, string>();
    workers.forEach((w, i) => {
      const k = wanted[i].toLowerCase();
      if (seen.has(k))
        found.problems.push({
          file: values.team!,
          message: `workers "${seen.get(k)}" and "${w.workerId}" would get the same file name "${wanted[i]}"`,
        });
      else seen.set(k, w.workerId);
    });
    if (found.problems.length || !framework) return reportProblems(io, found.problems);

    const scale = getScale();
    const roles = library().roles;
    const dir = path.resolve(io.cwd, values['out-dir']);
    const all: Uint8Array[] = [];
    for (const worker of workers)
      all.push(
        await writeWorkbook(
          selfAssessmentForm({ worker, period, framework, scale, role: findRole(roles, worker.role) }),
        ),
      );
    // Never replace a file already there (a returned form may be waiting in the folder).
    const taken = new Set<string>();
    const files = wanted.map((name) => {
      const free = freeFileName(dir, name, taken);
      taken.add(free.toLowerCase());
      return free;
    });
    all.forEach((bytes, i) => writeAtomically(path.join(dir, files[i]), bytes));
    io.out(`Wrote ${plural(workers.length, 'self-assessment form')} to ${shown(io, dir) || '.'}:`);
    workers.forEach((w, i) =>
      io.out(
        `  ${files[i]}  (${w.name})${files[i] === wanted[i] ? '' : `: "${wanted[i]}" is already there and was left as it was`}`,
      ),
    );
    io.out('Send each worker their own file. When they come back:');
    io.out(
      `  peer-performance collect FILES... --team ${quoteArg(values.team)} --period ${quoteArg(period)} --out ratings.csv`,
    );
    reportFindings(io, found);
    return 0;
  });
}

// ---------------------------------------------------------------------------------------
// collect
// ---------------------------------------------------------------------------------------

const ratingKey = (r: Rating) => [r.workerId, r.period, r.frameworkId, r.competencyId].join('\u0000');

export function collectCommand(args: string[], io: CliIO): Promise<number> {
  return guard('collect', io, async () => {
    const { values, positionals } = options(
      args,
      { team: { type: 'string' }, out: { type: 'string' }, period: { type: 'string', multiple: true } },
      true,
    );
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
    const found = findings();
    const roster = readTeamCsv(values.team, io, found);
    const out = path.resolve(io.cwd, values.out);
    let existing: Rating[] = [];
    if (roster && fs.existsSync(out)) {
      const text = readText(values.out, io.cwd, found);
      if (text !== undefined) {
        const parsed = parseRatingsCsv(text, values.out, { frameworks, scale, workerIds: roster.roster });
        found.problems.push(...parsed.problems);
        existing = parsed.records;
      }
    }
    if (found.problems.length || !roster) return reportProblems(io, found.problems);

    // One spelling per period: the ratings file's, else the form's (--period only chooses forms).
    const spell = periodSpeller(existing.map((r) => r.period));
    const ctx = {
      team: roster.team,
      frameworks,
      scale,
      periods: values.period?.length ? values.period : undefined,
    };
    let current = existing;
    let failed = 0;
    let blank = 0;
    let accepted = 0;
    let filled = 0;
    let unchanged = 0;
    const conflicts: { file: string; c: SelfConflict }[] = [];
    for (const file of positionals) {
      const problems: Problem[] = [];
      const bytes = readBytes(file, io.cwd, problems);
      const res = bytes ? await collectForm(bytes, file, ctx) : undefined;
      if (!res?.ok) {
        failed++;
        io.err(`${file}: rejected, nothing taken from it:`);
        (res?.report.problems ?? problems).forEach((p) => io.err(`  ${formatProblem(p)}`));
        continue;
      }
      const ratings = res.ratings.map((r) => ({ ...r, period: spell(r.period) }));
      const count = (k: string) => ratings.filter((r) => r.self.kind === k).length;
      const form = `${res.form!.workerId}, ${spell(res.form!.period)}, ${res.form!.frameworkId}`;
      const notes = ratings.filter((r) => r.notes).length;
      if (count('score') + count('na') === 0) {
        blank++;
        io.err(
          `${file}: blank: ${form}: no Self rating was filled in${notes ? ` (its ${plural(notes, 'note')} were taken)` : ''}`,
        );
        if (!notes) continue;
      } else {
        accepted++;
        io.out(
          `${file}: accepted: ${form}: ${ratings.length} competencies (${count('score')} rated, ${count('na')} N/A, ${count('blank')} blank)`,
        );
      }
      const merge = mergeSelfRatings(current, ratings);
      const byKey = new Map(merge.write.map((r) => [ratingKey(r), r]));
      const next = current.map((r) => byKey.get(ratingKey(r)) ?? r);
      const known = new Set(current.map(ratingKey));
      next.push(...merge.write.filter((r) => !known.has(ratingKey(r))));
      current = next;
      filled += merge.write.filter((r) => r.self.kind !== 'blank').length;
      unchanged += merge.unchanged;
      conflicts.push(...merge.conflicts.map((c) => ({ file, c })));
    }
    const where = shown(io, out);
    if (current !== existing) {
      writeAtomically(out, ratingsCsv(current, scale));
      io.out(
        `Wrote ${where}: ${plural(accepted, 'form')} accepted, ${plural(filled, 'Self rating')} written, ${unchanged} unchanged, ${plural(conflicts.length, 'conflict')}.`,
      );
    } else io.err(`Nothing was written to ${where}: no form was accepted.`);
    if (conflicts.length) {
      io.out(
        `Conflicts: ${where} already has a different Self; it was kept. Edit ${where} to use the form's value:`,
      );
      conflicts.forEach(({ file, c }) =>
        io.out(
          `  ${c.workerId}, ${c.period}, competency ${c.competencyId}: kept ${scoreText(c.existing, scale)}, ${file} says ${scoreText(c.incoming, scale)}`,
        ),
      );
    }
    if (blank)
      io.err(
        `${plural(blank, 'form was', 'forms were')} blank: send ${blank === 1 ? 'it' : 'them'} back to be filled in.`,
      );
    if (failed) io.err(`${plural(failed, 'file was', 'files were')} rejected.`);
    reportFindings(io, found);
    return failed || blank ? 1 : 0;
  });
}
