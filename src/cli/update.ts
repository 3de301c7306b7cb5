/**
 * peer-performance update: new ratings, sessions or periods into an existing team workbook, without losing
 * anything typed into it, and the workbook upgraded to this version's layout (src/workbook/layout.ts).
 * The workbook is read into domain data (src/workbook/read.ts; a newer layout is refused there), merged
 * with the new data (typed values win, conflicts listed), and rebuilt; typed cells of generated sheets
 * are put back, sheets this program did not make are carried over, the rebuilt bytes are read back and
 * checked to hold everything typed, and the original stays as BOOK.bak.xlsx.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rosterIds } from '../domain/csv';
import { getScale, library } from '../domain/library';
import { formatProblem } from '../domain/problems';
import { mergeRatings, mergeSessions } from '../domain/merge';
import { orderPeriods, periodSpeller } from '../domain/periods';
import { periodsOf } from '../workbook/build';
import { LAYOUT_VERSION } from '../workbook/layout';
import { allocateSheetNames } from '../workbook/names';
import { planSheets } from '../workbook/read';
import { bookInputs, rebuildPlan, WorkbookInputs } from '../workbook/teamWorkbook';
import {
  describeUpgradeLine,
  lostInRebuild,
  SheetLayout,
  UpgradePlan,
  upgradeReport,
} from '../workbook/upgrade';
import { readTeamWorkbookXlsx, sheetCopy } from '../xlsx/read';
import { writeWorkbook } from '../xlsx/write';
import { describe } from './build';
import { readBook } from './export';
import { readRatingsCsv, readSessionsCsv } from './inputs';
import {
  CliIO,
  findings,
  guard,
  options,
  plural,
  reportFindings,
  reportProblems,
  shown,
  UsageError,
} from './io';

export const UPDATE_HELP = `peer-performance update BOOK.xlsx [--ratings ratings.csv] [--sessions sessions.csv] [--period LABEL]...

  BOOK.xlsx   a team workbook made by peer-performance (build, demo or the add-in), also after Excel
              or LibreOffice saved it with sheets renamed or reordered
  --ratings   ratings CSV (as for build) to bring in: a late form's Self ratings, a new quarter
  --sessions  sessions CSV to add to the outcomes log
  --period    a review period to add (empty rating sheets to fill in); repeat for several

What a person typed into the workbook wins: a Self, Supervisor, Notes, Goal, Action steps or Target
date already in a rating sheet is kept, a blank one is filled from --ratings, and a value that differs
is listed as a conflict (the workbook's value kept). Sessions already in the log are kept; new ones
are added. The generated sheets (comparisons, trends, dashboard, outcomes summary, person views,
agendas) are rebuilt from the merged data, with their typed cells (discussion notes, Work Process
Schedule entries, agenda notes) put back; sheets this program did not make are carried over as
values and formulas. The new workbook is read back before it replaces the original (nothing typed
may be missing from it); only then is the original renamed BOOK.bak.xlsx (replacing an older one)
and the new file put in its place.
Without --ratings, --sessions or --period it rebuilds the workbook as this version makes it: a
workbook made by an older version is upgraded to this version's layout (every generated sheet
rewritten, everything typed kept) and the output lists each sheet as upgraded or unchanged. A
workbook made by a newer version is refused, never downgraded.
On any problem nothing is changed; the exit code is 1.`;

/** Replaces `book` with `bytes`, keeping the original as `bak`: the original is never missing. */
function replaceKeepingBackup(book: string, bak: string, bytes: Uint8Array): void {
  const tmp = `${book}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(book, bak);
    try {
      fs.renameSync(tmp, book);
    } catch (e) {
      fs.renameSync(bak, book);
      throw e;
    }
  } finally {
    if (fs.existsSync(tmp)) fs.unlinkSync(tmp);
  }
}

/** The layout part of the report: each sheet upgraded, unchanged, new or not made again. */
function layoutLines(before: SheetLayout[], after: SheetLayout[], upgrade: UpgradePlan): string[] {
  const lines = upgradeReport(before, after).filter((l) => l.change !== 'carried over');
  const unchanged = lines.filter((l) => l.change === 'unchanged');
  if (upgrade.status === 'current')
    return [
      `  Layout ${LAYOUT_VERSION}: ${plural(unchanged.length, 'sheet')} unchanged (already at this layout)`,
      ...lines.filter((l) => l.change !== 'unchanged').map((l) => `    ${describeUpgradeLine(l)}`),
    ];
  return [
    `  Layout: upgraded from ${upgrade.from.join(' and ')} to ${LAYOUT_VERSION}:`,
    ...lines.map((l) => `    ${describeUpgradeLine(l)}`),
  ];
}

export function updateCommand(args: string[], io: CliIO): Promise<number> {
  return guard('update', io, async () => {
    const { values, positionals } = options(
      args,
      {
        ratings: { type: 'string' },
        sessions: { type: 'string' },
        period: { type: 'string', multiple: true },
      },
      true,
    );
    if (values.help) {
      io.out(UPDATE_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('update needs one workbook: update BOOK.xlsx');
    const file = positionals[0];
    if (!/\.xlsx$/i.test(file)) throw new UsageError(`update works on an .xlsx workbook, got "${file}"`);
    const found = findings();
    const book = await readBook(file, io, found);
    if (book && book.frameworkIds.length > 1)
      found.problems.push({
        file,
        message: `has rating sheets for ${book.frameworkIds.join(' and ')}; update rebuilds one framework: export it and build one workbook per framework`,
      });
    if (!book || found.problems.length) return reportProblems(io, found.problems, 'Nothing was changed.');

    const roster = rosterIds(book.team.map((w) => w.workerId));
    const scale = getScale(book.settings.scaleId);
    const spell = periodSpeller(book.periods);
    const asked = (values.period ?? []).map(spell);
    const incoming = values.ratings
      ? readRatingsCsv(values.ratings, io, found, { roster, periods: [...book.periods, ...asked], scale })
      : [];
    const other = incoming.find((r) => r.frameworkId !== book.frameworkId);
    if (other)
      found.problems.push({
        file: values.ratings!,
        column: 'framework',
        message: `holds ratings for ${other.frameworkId} but ${file} uses ${book.frameworkId}`,
      });
    const newSessions = values.sessions ? readSessionsCsv(values.sessions, io, found, { roster }) : [];
    if (found.problems.length) return reportProblems(io, found.problems, 'Nothing was changed.');

    const ratings = mergeRatings(book.ratings, incoming, scale);
    const sessions = mergeSessions(book.sessions, newSessions);
    const inputs: WorkbookInputs = {
      ...bookInputs(book),
      ratings: ratings.ratings,
      sessions: sessions.sessions,
      periods: periodsOf([...book.periods, ...asked], ratings.ratings),
    };
    const { plan, typed, kept } = rebuildPlan(book, inputs);
    // Sheets this program did not make: carried over, before Settings.
    const others = book.sheets.filter((s) => s.kind === 'other' || s.kind === 'cover');
    const names = allocateSheetNames(
      others.map((s) => s.name),
      plan.sheets.map((s) => s.name),
    );
    plan.sheets.splice(
      plan.sheets.length - 1,
      0,
      ...others.map((s, i) => sheetCopy(book.wb.getWorksheet(s.name)!, names[i])),
    );

    // The new workbook replaces the original only when reading it back finds everything it had to keep.
    const bytes = await writeWorkbook(plan);
    const reread = await readTeamWorkbookXlsx(bytes, file, library());
    const lost = reread.workbook ? lostInRebuild(kept, reread.workbook) : reread.problems.map(formatProblem);
    if (lost.length)
      return reportProblems(
        io,
        [
          {
            file,
            message: `the rebuilt workbook would lose ${lost.slice(0, 5).join('; ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}: this is a fault of peer-performance, please report it`,
          },
        ],
        'Nothing was changed.',
      );
    const target = path.resolve(io.cwd, file);
    const bak = target.replace(/\.xlsx$/i, '.bak.xlsx');
    replaceKeepingBackup(target, bak, bytes);

    io.out(`Updated ${shown(io, target)}; the previous version is ${shown(io, bak)}`);
    describe(plan, shown(io, target))
      .slice(1)
      .forEach((l) => io.out(l));
    layoutLines(book.sheets, planSheets(plan), book.upgrade).forEach((l) => io.out(l));
    if (values.ratings)
      io.out(
        `  From ${values.ratings}: ${plural(ratings.added, 'rating')} added, ${plural(ratings.filled, 'blank cell')} filled, ${plural(ratings.conflicts.length, 'conflict')}`,
      );
    if (values.sessions)
      io.out(
        `  From ${values.sessions}: ${plural(sessions.added, 'session')} added, ${sessions.same} already in the log, ${plural(sessions.conflicts.length, 'conflict')}`,
      );
    if (asked.length) io.out(`  Periods: ${orderPeriods(inputs.periods).join(', ')}`);
    if (typed.restored) io.out(`  Typed cells put back into rebuilt sheets: ${typed.restored}`);
    if (others.length)
      io.out(
        `  Carried over as values and formulas (not their formatting or charts): ${others.map((s, i) => `"${names[i]}"`).join(', ')}`,
      );
    if (ratings.conflicts.length) {
      io.out(
        `Conflicts: the workbook's value was kept. Change the cell in ${shown(io, target)} to use the other value:`,
      );
      ratings.conflicts.forEach((c) =>
        io.out(
          `  ${c.workerId}, ${c.period}, competency ${c.competencyId}, ${c.field}: kept ${c.kept}, ${values.ratings} says ${c.incoming}`,
        ),
      );
    }
    if (sessions.conflicts.length) {
      io.out(`Session conflicts: the log's scores were kept:`);
      sessions.conflicts.forEach((c) =>
        io.out(
          `  ${c.personCode}, ${c.workerId}, ${c.date}, session ${c.session}: kept ${c.kept}; ${values.sessions} says ${c.incoming}`,
        ),
      );
    }
    typed.unplaced.forEach(({ block, keys }) =>
      found.warnings.push({
        file: `${file}, sheet "${block.sheet}"`,
        message: `what was typed in the rows ${keys.map((k) => `"${k}"`).join(', ')} has no place in the rebuilt sheet; it is in ${shown(io, bak)}`,
      }),
    );
    reportFindings(io, found);
    return 0;
  });
}
