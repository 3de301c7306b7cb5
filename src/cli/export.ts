/**
 * peer-performance export: the CSV contracts back out of a team workbook, with everything typed into it.
 */
import * as fs from 'fs';
import type ExcelJS from 'exceljs';
import * as path from 'path';
import { ratingsCsv, sessionsCsv, teamCsv } from '../domain/csv';
import { getScale, library } from '../domain/library';
import { hasTyped } from '../domain/ratings';
import { TeamWorkbook } from '../workbook/read';
import { typedRows } from '../workbook/typed';
import { readTeamWorkbookXlsx } from '../xlsx/read';
import {
  CliIO,
  findings,
  Findings,
  guard,
  options,
  plural,
  readBytes,
  reportFindings,
  reportProblems,
  shown,
  UsageError,
  writeAtomically,
} from './io';

export const EXPORT_HELP = `peer-performance export BOOK.xlsx --out-dir DIR [--force]

  BOOK.xlsx   a team workbook made by peer-performance (build, demo or the add-in), also after Excel
              or LibreOffice saved it: sheets are found by their tables and labels, so renamed and
              reordered sheets count
  --out-dir   folder for the CSV files (required; created when missing)
  --force     replace team.csv, ratings.csv or sessions.csv already in DIR

Writes, UTF-8 with a byte order mark (Excel opens them with accents intact):
  team.csv      the Team sheet: worker_id,name,role,supervisor,start_date
  ratings.csv   every rating sheet row with anything typed in it: worker_id,period,framework,
                competency_id,self,supervisor,notes, and goal,action_steps,target_date when any is filled
  sessions.csv  the outcomes log: person_code,worker_id,date,session, the four ORS and four SRS items,
                age_group (the header only when the workbook has no log)
Typed cells no CSV contract has (comparison discussion notes, Work Process Schedule entries, agenda
notes) are counted in the output; update keeps them in the workbook. On any problem in the workbook
nothing is written; each problem names the sheet and cell; the exit code is 1.`;

export const EXPORT_FILES = ['team.csv', 'ratings.csv', 'sessions.csv'] as const;

/** Reads BOOK.xlsx for export and update: the workbook as domain data, or undefined with problems in `found`. */
export async function readBook(
  file: string,
  io: CliIO,
  found: Findings,
): Promise<(TeamWorkbook & { wb: ExcelJS.Workbook }) | undefined> {
  const bytes = readBytes(file, io.cwd, found.problems);
  if (!bytes) return undefined;
  const read = await readTeamWorkbookXlsx(bytes, file, library());
  found.problems.push(...read.problems);
  found.warnings.push(...read.warnings);
  found.notes.push(...read.notes);
  return read.workbook && read.wb ? { ...read.workbook, wb: read.wb } : undefined;
}

/** What the workbook holds that the CSV contracts do not: said, never silently dropped. */
export function notInCsv(book: TeamWorkbook): string[] {
  const count = (kind: string) =>
    book.typed.filter((b) => b.kind === kind).reduce((n, b) => n + typedRows(b).length, 0);
  const parts = [
    [count('comparison'), 'comparison row with discussion notes', 'comparison rows with discussion notes'],
    [count('wps'), 'Work Process Schedule skill with entries', 'Work Process Schedule skills with entries'],
    [count('agenda') + count('agenda gaps'), 'agenda row with notes', 'agenda rows with notes'],
  ] as const;
  const other = book.sheets.filter((s) => s.kind === 'other').map((s) => `"${s.name}"`);
  return [
    ...parts.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many)),
    ...(other.length
      ? [`${plural(other.length, 'sheet')} this program did not make (${other.join(', ')})`]
      : []),
  ];
}

export function exportCommand(args: string[], io: CliIO): Promise<number> {
  return guard('export', io, async () => {
    const { values, positionals } = options(
      args,
      { 'out-dir': { type: 'string' }, force: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      io.out(EXPORT_HELP);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError('export needs one workbook: export BOOK.xlsx --out-dir DIR');
    if (!values['out-dir']) throw new UsageError('export needs --out-dir DIR');
    const dir = path.resolve(io.cwd, values['out-dir']);
    const there = EXPORT_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
    if (there.length && !values.force) {
      io.err(
        `Nothing was written: ${shown(io, dir)} already has ${there.join(', ')}. Choose another --out-dir, or add --force to replace ${there.length === 1 ? 'it' : 'them'}.`,
      );
      return 1;
    }
    const found = findings();
    const book = await readBook(positionals[0], io, found);
    if (!book) return reportProblems(io, found.problems);
    const scale = getScale(book.settings.scaleId);
    const ratings = book.ratings.filter(hasTyped);
    const texts = [teamCsv(book.team), ratingsCsv(ratings, scale), sessionsCsv(book.sessions)];
    texts.forEach((t, i) => writeAtomically(path.join(dir, EXPORT_FILES[i]), t));
    const at = (f: string) => shown(io, path.join(dir, f));
    io.out(`Wrote ${at('team.csv')} (${plural(book.team.length, 'worker')})`);
    io.out(
      `Wrote ${at('ratings.csv')} (${plural(ratings.length, 'rating')}, ${plural(book.periods.length, 'period')})`,
    );
    io.out(`Wrote ${at('sessions.csv')} (${plural(book.sessions.length, 'session')})`);
    const empty = book.periods.filter((p) => !ratings.some((r) => r.period === p));
    if (empty.length)
      io.out(
        `  Nothing is typed in the rating sheets of ${empty.join(', ')}: to make them again, build with ${empty.map((p) => `--period "${p}"`).join(' ')}`,
      );
    const kept = notInCsv(book);
    if (kept.length)
      io.out(`  Not in these files (no CSV contract has them; the workbook keeps them): ${kept.join('; ')}`);
    reportFindings(io, found);
    return 0;
  });
}
