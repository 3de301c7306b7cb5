/**
 * The CSV inputs of build, update, forms and collect, read with the checks across files: worker ids
 * against the roster (a case variant is the roster's id, an unknown id is refused), period labels spelled
 * one way, and no follow-on errors from a file whose header is wrong.
 */
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv, RosterIds, rosterIds, Worker } from '../domain/csv';
import { getScale, library } from '../domain/library';
import { Session } from '../domain/pcoms';
import { Rating } from '../domain/ratings';
import { Scale } from '../domain/scale';
import { CliIO, Findings, readText } from './io';

export interface TeamInput {
  team: Worker[];
  /** Every id on the roster, including rows left out for a problem (so other files do not repeat it). */
  roster: RosterIds;
}

function collect<
  T extends { problems: Findings['problems']; warnings: Findings['warnings']; notes: string[] },
>(parsed: T, found: Findings): T {
  found.problems.push(...parsed.problems);
  found.warnings.push(...parsed.warnings);
  found.notes.push(...parsed.notes);
  return parsed;
}

/**
 * The roster from a team CSV. Undefined when the file cannot be read or its header is wrong: the files
 * that depend on it are then read without the roster check, so one header problem stays one message.
 */
export function readTeamCsv(file: string, io: CliIO, found: Findings): TeamInput | undefined {
  const text = readText(file, io.cwd, found);
  if (text === undefined) return undefined;
  const parsed = collect(parseTeamCsv(text, file, { roles: library().roles }), found);
  if (!parsed.records.length && !parsed.rejectedIds.length) {
    if (!parsed.problems.length) found.problems.push({ file, message: 'has no workers' });
    return undefined;
  }
  return {
    team: parsed.records,
    roster: rosterIds([...parsed.records.map((w) => w.workerId), ...parsed.rejectedIds]),
  };
}

export function readRatingsCsv(
  file: string,
  io: CliIO,
  found: Findings,
  ctx: { roster?: RosterIds; periods?: string[]; scale?: Scale },
): Rating[] {
  const text = readText(file, io.cwd, found);
  if (text === undefined) return [];
  return collect(
    parseRatingsCsv(text, file, {
      frameworks: library().frameworks,
      scale: ctx.scale ?? getScale(),
      workerIds: ctx.roster,
      periods: ctx.periods,
    }),
    found,
  ).records;
}

export function readSessionsCsv(
  file: string,
  io: CliIO,
  found: Findings,
  ctx: { roster?: RosterIds },
): Session[] {
  const text = readText(file, io.cwd, found);
  if (text === undefined) return [];
  return collect(parseSessionsCsv(text, file, { workerIds: ctx.roster }), found).records;
}
