/**
 * peer-performance rollup: many team workbooks, one agency workbook (src/workbook/agency.ts decides what
 * goes in, agencySheets.ts builds the sheets).
 */
import * as fs from 'fs';
import * as path from 'path';
import { library } from '../domain/library';
import { combineTeams, TeamFile } from '../workbook/agency';
import { agencyWorkbookPlan } from '../workbook/agencySheets';
import { describe } from './build';
import { deidentifyChecked } from '../workbook/deidentify';
import { readTeamFile } from '../xlsx/teamFile';
import { writeWorkbook } from '../xlsx/write';
import {
  CliIO,
  guard,
  options,
  plural,
  readBytes,
  reportProblems,
  shown,
  UsageError,
  writeAtomically,
} from './io';
import { formatProblem, Problem } from '../domain/problems';

export const ROLLUP_HELP = `peer-performance rollup TEAM.xlsx... --out AGENCY.xlsx [--period LABEL] [--deidentify] [--force]

  TEAM.xlsx     team workbooks made by peer-performance (build, demo, update or the add-in), also after
                Excel or LibreOffice saved them; one per supervisor or team
  --out         the agency workbook to write (required)
  --period      the review period of the supervisor and self means (default: the latest period every
                team with ratings has); the workbook can show another one (Agency workers, cell B3)
  --deidentify  workers become W01... across the agency, teams Team 01...; names, worker ids, supervisor
                names and file names are not in the workbook (the output lists which team is which file)
  --force       replace --out when it exists

Writes: Agency workers (a row per team, the agency, and a row per worker: sessions, persons served,
mean intake and latest ORS, share reliably improved, SRS below cutoff, data completeness, supervisor
and self means and blind spots for the period), Agency heatmap (means by category and team), Agency
outcomes (the outcomes summary over every session, per worker, team and agency, and by quarter),
Agency ratings and Agency log (the combined tables every figure is a formula over), About this rollup
(which files, when, which period, what was left out and why) and Settings (the first team's).
A file that is not a team workbook, or has a problem, is left out and said; the same file given twice
is counted once. A worker id on the Team sheets of two files stops the rollup (nothing is written),
naming both files. Exit code 1 when nothing was written.`;

export function rollupCommand(args: string[], io: CliIO): Promise<number> {
  return guard('rollup', io, async () => {
    const { values, positionals } = options(
      args,
      {
        out: { type: 'string' },
        period: { type: 'string' },
        deidentify: { type: 'boolean' },
        force: { type: 'boolean' },
      },
      true,
    );
    if (values.help) {
      io.out(ROLLUP_HELP);
      return 0;
    }
    if (!positionals.length)
      throw new UsageError('rollup needs team workbooks: rollup TEAM.xlsx... --out FILE.xlsx');
    if (!values.out) throw new UsageError('rollup needs --out AGENCY.xlsx');
    if (!/\.xlsx$/i.test(values.out))
      throw new UsageError(`--out must name an .xlsx file, got "${values.out}"`);
    const out = path.resolve(io.cwd, values.out);
    const input = positionals.find((f) => path.resolve(io.cwd, f) === out);
    if (input) throw new UsageError(`--out names one of the team workbooks (${input}); choose another file`);
    if (fs.existsSync(out) && !values.force) {
      io.err(
        `Nothing was written: ${values.out} already exists. Add --force to replace it (the agency sheets are made again from the team workbooks; anything typed into it is lost), or choose another --out.`,
      );
      return 1;
    }

    const lib = library();
    const files: TeamFile[] = [];
    for (const file of positionals) {
      const problems: Problem[] = [];
      const bytes = readBytes(file, io.cwd, problems);
      files.push(bytes ? await readTeamFile(bytes, file, lib) : { file, problems, warnings: [], notes: [] });
    }
    const rollup = combineTeams({ files, lib, period: values.period, deidentify: values.deidentify });
    const leftOut = rollup.skipped.map((s) => `${s.file}: not used. ${s.reasons.join('; ')}`);
    const once = rollup.countedOnce.map((c) => `${c.file}: counted once, ${c.why} as ${c.sameAs}`);
    if (rollup.refused.length) return reportProblems(io, rollup.refused);
    const agency = rollup.agency;
    if (!agency) {
      io.err('Nothing was written: none of the files is a team workbook that can be used.');
      [...leftOut, ...once].forEach((l) => io.err(`  ${l}`));
      return 1;
    }

    let plan = agencyWorkbookPlan(agency, {
      computedAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
      rollup,
      hideFiles: values.deidentify,
    });
    let lines: string[] = [];
    if (values.deidentify) ({ plan, lines } = deidentifyChecked(plan, agency.workers));
    writeAtomically(out, await writeWorkbook(plan));

    const [first, sheets] = describe(plan, shown(io, out));
    io.out(
      `${first}: ${plural(agency.teams.length, 'team')}, ${plural(agency.workers.length, 'worker')}, ` +
        `${plural(agency.ratings.length, 'rating')}, ${plural(agency.sessions.length, 'session')}`,
    );
    io.out(sheets);
    lines.forEach((l) => io.out(l));
    for (const t of agency.teams)
      io.out(
        `  ${t.label}: ${t.file} (${plural(t.workbook.team.length, 'worker')}, ${plural(t.workbook.sessions.length, 'session')})`,
      );
    if (values.deidentify)
      io.out(
        '  Which team is which file is printed here only: it is not in the workbook; keep it with the agency.',
      );
    agency.notes.forEach((n) => io.out(`  ${n}`));
    once.forEach((l) => io.out(`  Counted once: ${l}`));
    leftOut.forEach((l) => io.err(`Left out: ${l}`));
    rollup.warnings.forEach((w) => io.err(`Warning: ${formatProblem(w)}`));
    return 0;
  });
}
