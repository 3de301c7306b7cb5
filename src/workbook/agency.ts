/**
 * Agency rollup: many team workbooks, one agency view. This file decides what goes in (which files count,
 * each team's label, duplicates, the review period, the settings); agencySheets.ts builds the sheets.
 *
 * - A file is read by readTeamWorkbook (src/workbook/read.ts), as for export and update. A file that is not
 *   a team workbook, or has a problem, is left out with the reasons; the rollup goes on with the others.
 * - The same file twice (the same bytes, or the same team, ratings and sessions) is counted once and said.
 *   A worker id on the Team sheets of two files otherwise refuses the rollup, naming both files (and both
 *   names when they differ): a worker belongs to one team workbook, and counting them twice would be wrong.
 * - Person codes are read per team: in the agency log a code is written with its team's key ("T01|P001"),
 *   so a team's figures are its own workbook's, and two teams that both number from P001 never merge two
 *   people. A code found in more than one team is said (if it is one person, they count once in each team).
 */
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Session } from '../domain/pcoms';
import { orderPeriods, periodSpeller } from '../domain/periods';
import { formatProblem, Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { Scale } from '../domain/scale';
import { Settings } from '../domain/settings';
import { AGENCY_LABEL } from './outcomesSummary';
import type { TeamWorkbook, WorkbookLibrary } from './read';

/** One file given to the rollup, as the team-workbook reader left it. */
export interface TeamFile {
  /** The name as the person gave it (a path on the command line, a file name in the pane). */
  file: string;
  /** The file's bytes: the same file given twice is counted once. */
  bytes?: Uint8Array;
  workbook?: TeamWorkbook;
  /** Why there is no workbook: the reader's problems (file, sheet, cell). */
  problems: Problem[];
  warnings: Problem[];
  notes: string[];
  /** What the file is when it is not a team workbook but something this program knows (an agency rollup). */
  what?: string;
}

export interface AgencyTeam {
  /** The team's name in the agency view: its supervisor, or its file (Team 01... when de-identified). */
  label: string;
  /** T01, T02...: what its person codes begin with in the agency log ("T01|P001"). */
  key: string;
  file: string;
  workbook: TeamWorkbook;
}

export interface AgencyWorker extends Worker {
  team: string;
}

/** A rating in the combined ratings table: one typed row of a team's rating sheet. */
export interface AgencyRating {
  team: string;
  workerId: string;
  period: string;
  frameworkId: string;
  category: string;
  competencyId: string;
  self: Rating['self'];
  supervisor: Rating['supervisor'];
}

export interface Agency {
  teams: AgencyTeam[];
  workers: AgencyWorker[];
  ratings: AgencyRating[];
  /** Every team's sessions, person codes written "key|code" ("T01|P001"). */
  sessions: Session[];
  /** Every review period of the ratings, in meaning order. */
  periods: string[];
  /** The period of the competency means (none when no team has ratings). */
  period: string | null;
  settings: Settings;
  scale: Scale;
  /** The heatmap's categories, in framework order (one per title). */
  categories: { id: string; title: string }[];
  /** Plain sentences for the About sheet and the CLI: how the period was chosen, settings, codes, ... */
  notes: string[];
}

export interface RollupInput {
  files: TeamFile[];
  lib: WorkbookLibrary;
  /** The period for the competency means; default the latest one every team with ratings has. */
  period?: string;
  /** Teams become Team 01, Team 02... (their supervisors and files are not named in the workbook). */
  deidentify?: boolean;
  /** The agency's own settings (the pane's open workbook); default the first team's. */
  settings?: Settings;
  /** Where `settings` come from, for the notes. */
  settingsFrom?: string;
}

export interface Rollup {
  /** Undefined when the rollup is refused or nothing is usable. */
  agency?: Agency;
  /** Nothing is written: workers on two team workbooks, an unknown --period. */
  refused: Problem[];
  /** Files left out, each with why. */
  skipped: { file: string; reasons: string[] }[];
  /** Files counted once: the same as an earlier file. */
  countedOnce: { file: string; sameAs: string; why: string }[];
  /** The readers' warnings (read anyway). */
  warnings: Problem[];
}

/** The separator between a team's key and a person code in the agency log ("T01|P001"). */
export const CODE_SEPARATOR = '|';

/** A team's label as the formulas can use it: no | * ? ~, no leading = < >, not the Agency row's label. */
function tidyLabel(raw: string): string {
  const s = raw
    .replace(/[|*?~]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[=<>]+/, '')
    .trim();
  return s || 'Team';
}

/** The file's name without folders and extension. */
export function fileStem(file: string): string {
  return (
    file
      .split(/[\\/]/)
      .pop()!
      .replace(/\.xlsx$/i, '') || file
  );
}

/** The supervisor every worker of the roster names, when they all name one; otherwise the file. */
function teamLabel(file: string, wb: TeamWorkbook): string {
  const sups = new Map(
    wb.team.map((w) => w.supervisor.trim()).map((s) => [s.toLowerCase(), s] as [string, string]),
  );
  const [only] = [...sups.values()];
  return sups.size === 1 && only ? only : fileStem(file);
}

/** Labels unique ignoring case (Excel compares them so), none equal to "Agency": "Name (2)" otherwise. */
function uniqueLabels(raw: string[]): string[] {
  const taken = new Set([AGENCY_LABEL.toLowerCase()]);
  return raw.map((r) => {
    const base = tidyLabel(r);
    let label = base;
    for (let n = 2; taken.has(label.toLowerCase()); n++) label = `${base} (${n})`;
    taken.add(label.toLowerCase());
    return label;
  });
}

const sameBytes = (a?: Uint8Array, b?: Uint8Array) =>
  !!a && !!b && a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/** Two reads of one team: the same roster, ratings and sessions. */
const sameData = (a: TeamWorkbook, b: TeamWorkbook) =>
  JSON.stringify([a.team, a.ratings, a.sessions]) === JSON.stringify([b.team, b.ratings, b.sessions]);

const SETTING_TEXT: [string, (s: Settings) => string][] = [
  ['scale', (s) => s.scaleId],
  ['gap threshold', (s) => String(s.gapThreshold)],
  ['ORS cutoffs', (s) => `${s.orsCutoff.adult}/${s.orsCutoff.adolescent}/${s.orsCutoff.child}`],
  ['SRS cutoff', (s) => `${s.srsCutoffInclusive ? 'at or below' : 'below'} ${s.srsCutoff}`],
  ['SRS item check-in', (s) => String(s.srsItemCheck)],
  ['reliable change', (s) => String(s.reliableChange)],
];

/** "gap threshold 2, ORS cutoffs 25/28/32, ...": the settings the agency figures use. */
export function settingsText(s: Settings): string {
  return SETTING_TEXT.map(([k, f]) => `${k} ${f(s)}`).join(', ');
}

/**
 * Decides what an agency rollup holds. Files are taken in the order given (the first team's settings are
 * the agency's unless `settings` are given); every decision is said in `notes`, `skipped` or `countedOnce`.
 */
export function combineTeams(input: RollupInput): Rollup {
  const out: Rollup = { refused: [], skipped: [], countedOnce: [], warnings: [] };
  const kept: TeamFile[] = [];
  for (const f of input.files) {
    const twin = input.files.slice(0, input.files.indexOf(f)).find((g) => sameBytes(g.bytes, f.bytes));
    if (twin) {
      out.countedOnce.push({ file: f.file, sameAs: twin.file, why: 'it is the same file (identical bytes)' });
      continue;
    }
    out.warnings.push(...f.warnings);
    if (!f.workbook) {
      out.skipped.push({
        file: f.file,
        reasons: f.what ? [f.what] : f.problems.map((p) => formatProblem(p).replace(`${f.file}: `, '')),
      });
      continue;
    }
    const ids = new Set(f.workbook.team.map((w) => w.workerId.toLowerCase()));
    const overlapping = kept.filter((k) => k.workbook!.team.some((w) => ids.has(w.workerId.toLowerCase())));
    const sameTeam = overlapping.find((k) => sameData(k.workbook!, f.workbook!));
    if (sameTeam) {
      out.countedOnce.push({
        file: f.file,
        sameAs: sameTeam.file,
        why: 'it holds the same team, ratings and sessions',
      });
      continue;
    }
    for (const k of overlapping) {
      const theirs = new Map(k.workbook!.team.map((w) => [w.workerId.toLowerCase(), w]));
      for (const w of f.workbook.team) {
        const other = theirs.get(w.workerId.toLowerCase());
        if (!other) continue;
        out.refused.push({
          file: f.file,
          message:
            other.name.trim().toLowerCase() === w.name.trim().toLowerCase()
              ? `worker ${w.workerId} (${w.name}) is also on the Team sheet of ${k.file}; a worker belongs to ` +
                'one team workbook: take them off one of the two, or leave one file out'
              : `worker ${w.workerId} is "${w.name}" here but "${other.name}" in ${k.file}; one worker id ` +
                'names one person: correct the id or the name in one of the two files',
        });
      }
    }
    kept.push(f);
  }
  if (out.refused.length || !kept.length) return out;

  const number = (i: number) => String(i + 1).padStart(Math.max(2, String(kept.length).length), '0');
  const labels = input.deidentify
    ? kept.map((_, i) => `Team ${number(i)}`)
    : uniqueLabels(kept.map((k) => teamLabel(k.file, k.workbook!)));
  const teams: AgencyTeam[] = kept.map((k, i) => ({
    label: labels[i],
    key: `T${number(i)}`,
    file: k.file,
    workbook: k.workbook!,
  }));
  const notes: string[] = [];

  // Settings: the agency's, or the first team's; teams that differ are named.
  const settings = input.settings ?? teams[0].workbook.settings;
  const from = input.settings ? (input.settingsFrom ?? 'this workbook') : teamName(teams[0], input);
  notes.push(`Settings (from ${from}): ${settingsText(settings)}.`);
  for (const t of teams) {
    const differ = SETTING_TEXT.filter(([, f]) => f(t.workbook.settings) !== f(settings));
    if (differ.length)
      notes.push(
        `${teamName(t, input)} has other settings (${differ.map(([k, f]) => `${k} ${f(t.workbook.settings)}`).join(', ')}); the agency figures use the ones above.`,
      );
  }
  const scale = input.lib.scales.find((s) => s.id === settings.scaleId) ?? input.lib.scales[0];

  // Ratings: every typed row, periods spelled one way across teams; other scales cannot be averaged in.
  const spell = periodSpeller();
  const frameworks = new Map(input.lib.frameworks.map((f) => [f.id, f]));
  const categoryOf = new Map<string, Map<string, string>>();
  const category = (fw: Framework, id: string) => {
    if (!categoryOf.has(fw.id))
      categoryOf.set(fw.id, new Map(flattenCompetencies(fw).map((c) => [c.id, c.categoryTitle])));
    return categoryOf.get(fw.id)!.get(id) ?? '';
  };
  const ratings: AgencyRating[] = [];
  const usedFrameworks: Framework[] = [];
  const periodsOf = new Map<AgencyTeam, Set<string>>();
  for (const t of teams) {
    const wb = t.workbook;
    const typed = wb.ratings.filter((r) => r.self.kind !== 'blank' || r.supervisor.kind !== 'blank');
    if (wb.settings.scaleId !== scale.id && typed.length) {
      notes.push(
        `${teamName(t, input)} rates on the scale ${wb.settings.scaleId}, the agency on ${scale.id}: its ${typed.length} ratings are left out of the competency means (its sessions count).`,
      );
      continue;
    }
    const order = new Map(wb.team.map((w, i) => [w.workerId, i]));
    const periods = orderPeriods(wb.periods.map(spell));
    periodsOf.set(t, new Set(typed.map((r) => spell(r.period))));
    const sorted = [...typed].sort(
      (a, b) =>
        (order.get(a.workerId) ?? 0) - (order.get(b.workerId) ?? 0) ||
        periods.indexOf(spell(a.period)) - periods.indexOf(spell(b.period)),
    );
    for (const r of sorted) {
      const fw = frameworks.get(r.frameworkId);
      if (!fw) continue;
      if (!usedFrameworks.includes(fw)) usedFrameworks.push(fw);
      ratings.push({
        team: t.label,
        workerId: r.workerId,
        period: spell(r.period),
        frameworkId: r.frameworkId,
        category: category(fw, r.competencyId),
        competencyId: r.competencyId,
        self: r.self,
        supervisor: r.supervisor,
      });
    }
  }
  const periods = orderPeriods(ratings.map((r) => r.period));
  const period = choosePeriod(input, teams, periodsOf, periods, notes, out.refused);
  if (out.refused.length) return out;

  const categories = new Map<string, { id: string; title: string }>();
  const listed = usedFrameworks.length ? usedFrameworks : [frameworks.get(settings.frameworkId)!];
  for (const fw of listed.filter(Boolean))
    for (const c of fw.categories)
      if (!categories.has(c.title)) categories.set(c.title, { id: c.id, title: c.title });

  // Sessions: codes per team.
  const sessions = teams.flatMap((t) =>
    t.workbook.sessions.map((s) => ({ ...s, personCode: `${t.key}${CODE_SEPARATOR}${s.personCode}` })),
  );
  const teamsOfCode = new Map<string, { code: string; teams: Set<string> }>();
  for (const t of teams)
    for (const s of t.workbook.sessions) {
      const k = s.personCode.toLowerCase();
      if (!teamsOfCode.has(k)) teamsOfCode.set(k, { code: s.personCode, teams: new Set() });
      teamsOfCode.get(k)!.teams.add(t.label);
    }
  const shared = [...teamsOfCode.values()].filter((x) => x.teams.size > 1).map((x) => x.code);
  notes.push(
    `Person codes are read per team: the Agency log writes them after the team's key (${teams[0].key}${CODE_SEPARATOR}code; the keys are listed under Teams), so each team's figures are those of its own workbook.` +
      (shared.length
        ? ` ${shared.length === 1 ? 'One code appears' : `${shared.length} codes appear`} in more than one team (${shared
            .slice(0, 5)
            .join(
              ', ',
            )}${shared.length > 5 ? ', ...' : ''}): if a code names one person, that person counts once in each team.`
        : ''),
  );

  return {
    ...out,
    agency: {
      teams,
      workers: teams.flatMap((t) => t.workbook.team.map((w) => ({ ...w, team: t.label }))),
      ratings,
      sessions,
      periods,
      period,
      settings,
      scale,
      categories: [...categories.values()],
      notes,
    },
  };
}

/** A team as the notes name it: its label and, unless de-identified, its file. */
function teamName(t: AgencyTeam, input: RollupInput): string {
  return input.deidentify || t.label === fileStem(t.file) ? t.label : `${t.label} (${fileStem(t.file)})`;
}

/**
 * The period of the competency means: the one asked for (up to case and spacing), or the latest every team
 * with ratings has, or else the latest of any team.
 */
function choosePeriod(
  input: RollupInput,
  teams: AgencyTeam[],
  periodsOf: Map<AgencyTeam, Set<string>>,
  periods: string[],
  notes: string[],
  refused: Problem[],
): string | null {
  const rated = teams.filter((t) => (periodsOf.get(t)?.size ?? 0) > 0);
  const without = (p: string) =>
    rated.filter((t) => !periodsOf.get(t)!.has(p)).map((t) => teamName(t, input));
  if (input.period !== undefined) {
    const want = periodSpeller(periods)(input.period);
    if (!periods.includes(want)) {
      refused.push({
        file: '--period',
        message: `no team has ratings for "${input.period}" (periods rated: ${periods.join(', ') || 'none'})`,
      });
      return null;
    }
    const missing = without(want);
    notes.push(
      `Period of the competency means: ${want} (asked for)${missing.length ? `; no ratings for it in ${missing.join(', ')}` : ''}.`,
    );
    return want;
  }
  if (!periods.length) {
    notes.push('No team has ratings yet: the competency means are empty.');
    return null;
  }
  const common = periods.filter((p) => without(p).length === 0);
  if (common.length) {
    const p = common[common.length - 1];
    notes.push(`Period of the competency means: ${p}, the latest every team with ratings has.`);
    return p;
  }
  const p = periods[periods.length - 1];
  notes.push(
    `Period of the competency means: ${p}, the latest of any team (no period is common to every team); no ratings for it in ${without(p).join(', ')}.`,
  );
  return p;
}
