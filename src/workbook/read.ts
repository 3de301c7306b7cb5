/**
 * Reading sheets back, from a grid of cell values (both renderers' readers produce the grid).
 * Rating sheets are found by their table headers and labels, never by sheet name or position,
 * so renamed and moved sheets still count.
 */
import { cellRef } from './a1';
import {
  parseDate,
  rosterIds,
  RowSource,
  sessionRecords,
  SESSION_COLUMNS,
  TEAM_COLUMNS,
  teamRecords,
  Worker,
} from '../domain/csv';
import { orderPeriods, periodSpeller } from '../domain/periods';
import { RoleProfile } from '../domain/roles';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { parseScore, Scale } from '../domain/scale';
import { Items, Session } from '../domain/pcoms';
import { AgeGroup, Settings } from '../domain/settings';
import { isAgencySheet } from './agencyTitles';
import { DEIDENTIFIED_TITLE } from './deidentify';
import { settingsFromPairs } from './settingsSheet';
import { planGrid, TypedBlock, typedBlocks } from './typed';
import { SheetLayout, sheetLayout, UpgradePlan, upgradePlan } from './upgrade';
import { WorkbookPlan } from './plan';
import { BlockSource } from './lookups';
import { findHeaderRow, Grid, labelValue, norm, text } from './grid';
import { LayoutSignature } from './layout';
import { CATEGORY_HEADERS, RATING_LAYOUT } from './rating';
import { CURRENT_SIGNATURE, findSigned, LOG_INPUTS, SIGNATURES } from './signatures';
import { isoDate } from './sheet';

export { findHeaderRow, labelValue } from './grid';
export type { Grid } from './grid';

/** A date cell as ISO yyyy-mm-dd: '' when empty, null when it holds something that is not a date. */
function cellDate(v: unknown): string | null {
  if (typeof v === 'number') return isoDate(v);
  return text(v) === '' ? '' : parseDate(text(v));
}

export interface RatingRow {
  /** 0-based grid row. */
  row: number;
  category: string;
  id: string;
  self: unknown;
  supervisor: unknown;
  notes: string;
  goal: string;
  actions: string;
  targetDate: unknown;
}

export interface RatingSheetData {
  sheet: string;
  workerId: string;
  workerName: string;
  role: string;
  period: string;
  frameworkId: string;
  frameworkVersion: string;
  headerRow: number;
  headerCol: number;
  rows: RatingRow[];
}

/**
 * Recognises a rating sheet: the headers Category, ID, Competency, Self, Supervisor side by side,
 * with the Worker ID, Period and Framework labels above. Returns null for any other sheet.
 */
export function findRatingSheet(sheet: string, grid: Grid): RatingSheetData | null {
  const found = findSigned(grid, (s) => s.rating);
  if (!found) return null;
  const { at, sig } = found;
  const L = sig.ratingLabels;
  const workerId = labelValue(grid, L.workerId, at.row);
  const period = labelValue(grid, L.period, at.row);
  const frameworkId = labelValue(grid, L.framework, at.row);
  if (workerId === undefined || period === undefined || frameworkId === undefined) return null;
  const header = (grid[at.row] ?? []).map(norm);
  const colOf = (h: string) => {
    const i = header.indexOf(h.toLowerCase(), at.col);
    return i < 0 ? -1 : i;
  };
  const cols = {
    notes: colOf('Notes'),
    goal: colOf('Goal'),
    actions: colOf('Action steps'),
    target: colOf('Target date'),
  };
  const rows: RatingRow[] = [];
  for (let r = at.row + 1; r < grid.length; r++) {
    const g = grid[r] ?? [];
    const c = at.col;
    const id = text(g[c + 1]);
    if (!id && !text(g[c]) && !text(g[c + 2])) break; // the table ends at the first empty row
    const at_ = (i: number) => (i >= 0 ? g[i] : undefined);
    rows.push({
      row: r,
      category: text(g[c]),
      id,
      self: g[c + 3],
      supervisor: g[c + 4],
      notes: text(at_(cols.notes)),
      goal: text(at_(cols.goal)),
      actions: text(at_(cols.actions)),
      targetDate: at_(cols.target),
    });
  }
  return {
    sheet,
    workerId,
    workerName: labelValue(grid, L.workerName, at.row) ?? '',
    role: labelValue(grid, L.role, at.row) ?? '',
    period,
    frameworkId,
    frameworkVersion: labelValue(grid, L.version, at.row) ?? '',
    headerRow: at.row,
    headerCol: at.col,
    rows,
  };
}

/**
 * Domain ratings from a found rating sheet. Rows with a problem (a score that is not on the scale,
 * an unknown or repeated competency id) are reported by sheet and cell and left out.
 */
export function ratingsFromSheet(
  data: RatingSheetData,
  frameworks: Framework[],
  scale: Scale,
  file = `Sheet "${data.sheet}"`,
): { ratings: Rating[]; problems: Problem[] } {
  const fw = frameworks.find((f) => f.id === data.frameworkId);
  if (!data.workerId || !data.period) {
    return {
      ratings: [],
      problems: [{ file, message: 'has no Worker ID or Period next to its labels; sheet skipped' }],
    };
  }
  if (!fw) {
    return {
      ratings: [],
      problems: [
        {
          file,
          message: `names framework "${data.frameworkId}", which this workbook does not have; sheet skipped`,
        },
      ],
    };
  }
  const known = new Set(flattenCompetencies(fw).map((c) => c.id));
  const seen = new Map<string, string>();
  const ratings: Rating[] = [];
  const problems: Problem[] = [];
  const c = data.headerCol;
  for (const row of data.rows) {
    const idCell = cellRef(row.row, c + 1);
    if (!known.has(row.id)) {
      problems.push({
        file,
        cell: idCell,
        message: `"${row.id}" is not a competency of ${fw.id}; row skipped`,
      });
      continue;
    }
    if (seen.has(row.id)) {
      problems.push({
        file,
        cell: idCell,
        message: `competency ${row.id} appears again (first at ${seen.get(row.id)}); row skipped`,
      });
      continue;
    }
    seen.set(row.id, idCell);
    const self = parseScore(row.self, scale);
    const sup = parseScore(row.supervisor, scale);
    if ('error' in self)
      problems.push({ file, cell: cellRef(row.row, c + 3), message: `${self.error}; row skipped` });
    if ('error' in sup)
      problems.push({ file, cell: cellRef(row.row, c + 4), message: `${sup.error}; row skipped` });
    if ('error' in self || 'error' in sup) continue;
    const target = cellDate(row.targetDate);
    if (target === null)
      problems.push({
        file,
        cell: cellRef(row.row, data.headerCol + RATING_LAYOUT.col.target),
        message: `"${text(row.targetDate)}" is not a date (use yyyy-mm-dd); the target date is left out`,
      });
    ratings.push({
      workerId: data.workerId,
      period: data.period,
      frameworkId: fw.id,
      competencyId: row.id,
      self,
      supervisor: sup,
      notes: row.notes,
      ...(row.goal ? { goal: row.goal } : {}),
      ...(row.actions ? { actionSteps: row.actions } : {}),
      ...(target ? { targetDate: target } : {}),
    });
  }
  return { ratings, problems };
}

/** The roster from a Team sheet grid (found by its headers); rows without a worker id are skipped. */
export function teamFromGrid(grid: Grid): Worker[] | null {
  const at = findSigned(grid, (s) => s.team)?.at;
  if (!at) return null;
  const out: Worker[] = [];
  for (let r = at.row + 1; r < grid.length; r++) {
    const g = grid[r] ?? [];
    const id = text(g[at.col]);
    if (!id) continue;
    const start = g[at.col + 4];
    out.push({
      workerId: id,
      name: text(g[at.col + 1]),
      role: text(g[at.col + 2]),
      supervisor: text(g[at.col + 3]),
      startDate: typeof start === 'number' ? isoDate(start) : text(start),
    });
  }
  return out;
}

/** Where a found rating sheet keeps its category block, for trend and dashboard lookups. */
export function blockSourceOf(data: RatingSheetData, grid: Grid): BlockSource | undefined {
  const at = findHeaderRow(grid, CATEGORY_HEADERS.slice(0, 3));
  if (!at || data.rows.length === 0) return undefined;
  let last = at.row + 1;
  while (text(grid[last + 1]?.[at.col]) !== '') last++;
  return {
    sheet: data.sheet,
    firstRow: at.row + 1,
    lastRow: last,
    titleCol: at.col,
    selfCol: at.col + 1,
    supervisorCol: at.col + 2,
    gap: {
      col: data.headerCol + 5,
      firstRow: data.rows[0].row,
      lastRow: data.rows[data.rows.length - 1].row,
    },
  };
}

/**
 * An outcomes log's header row (found by its first headers in any known layout) and the 0-based column of
 * each input column, found by its header in that row: columns a later layout inserts or moves do not
 * matter. A missing header gives -1.
 */
export function findLog(
  grid: Grid,
): { at: { row: number; col: number }; cols: Record<(typeof LOG_INPUTS)[number], number> } | null {
  const found = findSigned(grid, (s) => s.log);
  if (!found) return null;
  const { at, sig } = found;
  const header = (grid[at.row] ?? []).map(norm);
  const cols = Object.fromEntries(
    LOG_INPUTS.map((k, i) => [k, header.indexOf(sig.logInputs[i].toLowerCase(), at.col)]),
  ) as Record<(typeof LOG_INPUTS)[number], number>;
  return { at, cols };
}

/** Sessions already in an outcomes log (found by its headers), with the log's header position. */
export function sessionsFromLogGrid(
  grid: Grid,
): { sessions: Session[]; headerRow: number; headerCol: number } | null {
  const log = findLog(grid);
  // the agency log has the same headers, but it is made from team workbooks, not typed into
  if (!log || isAgencySheet(grid[0]?.[0])) return null;
  const { at, cols } = log;
  const num = (v: unknown) => (typeof v === 'number' ? v : text(v) === '' ? null : Number(text(v)));
  const sessions: Session[] = [];
  for (let r = at.row + 1; r < grid.length; r++) {
    const g = grid[r] ?? [];
    const cell = (k: keyof typeof cols) => (cols[k] < 0 ? undefined : g[cols[k]]);
    const code = text(cell('person'));
    if (!code) continue;
    const date = cell('date');
    const items = (keys: (keyof typeof cols)[]) => keys.map((k) => num(cell(k))) as Items;
    sessions.push({
      personCode: code,
      workerId: text(cell('worker')),
      date: typeof date === 'number' ? isoDate(date) : text(date),
      session: Number(cell('session')),
      ors: items(['ors1', 'ors2', 'ors3', 'ors4']),
      srs: items(['srs1', 'srs2', 'srs3', 'srs4']),
      ageGroup: (text(cell('ageGroup')) || 'adult') as AgeGroup,
    });
  }
  return { sessions, headerRow: at.row, headerCol: at.col };
}

// ---------------------------------------------------------------------------------------
// A whole team workbook
// ---------------------------------------------------------------------------------------

export interface NamedGrid {
  name: string;
  grid: Grid;
  /** A1 addresses of cells holding formulas, where the reader knows them (.xlsx files that come back). */
  formulas?: ReadonlySet<string>;
  /** The sheet's layout record (PPS_Layout) as the reader found it; absent when it has none. */
  recorded?: string;
}

export interface RecognisedSheets {
  /** The roster from the sheet holding the Team headers, or null when there is none. */
  team: { sheet: string; workers: Worker[] } | null;
  /** Settings from the sheet holding the settings table; defaults when there is none. */
  settings: Settings;
  settingsSheet: string | null;
  ratingSheets: RatingSheetData[];
}

/** The roster, settings and rating sheets, found by their headers and labels (the pane reads these). */
export function recogniseSheets(sheets: NamedGrid[]): RecognisedSheets {
  let team: RecognisedSheets['team'] = null;
  let settings: Settings | null = null;
  let settingsSheet: string | null = null;
  const ratingSheets: RatingSheetData[] = [];
  for (const s of sheets) {
    const found = findRatingSheet(s.name, s.grid);
    if (found) {
      ratingSheets.push(found);
      continue;
    }
    if (!team) {
      const workers = teamFromGrid(s.grid);
      if (workers) {
        team = { sheet: s.name, workers };
        continue;
      }
    }
    if (!settings) {
      const at = findSigned(s.grid, (x) => x.settings)?.at;
      if (at) {
        const pairs = s.grid
          .slice(at.row + 1)
          .map((r) => [r?.[at.col + 2], r?.[at.col + 1]] as [unknown, unknown]);
        settings = settingsFromPairs(pairs);
        settingsSheet = s.name;
      }
    }
  }
  return { team, settings: settings ?? settingsFromPairs([]), settingsSheet, ratingSheets };
}

export type SheetKind =
  | 'team'
  | 'settings'
  | 'rating'
  | 'comparison'
  | 'trend'
  | 'dashboard'
  | 'wps'
  | 'log'
  | 'summary'
  | 'person'
  | 'agenda'
  | 'cover'
  | 'other';

/** What a sheet is, and what identifies it (worker, period, person code, meeting date). */
export interface SheetRead {
  name: string;
  kind: SheetKind;
  workerId?: string;
  period?: string;
  personCode?: string;
  /** ISO yyyy-mm-dd: an agenda's meeting date. */
  date?: string;
  /** The sheet's layout record (PPS_Layout, src/workbook/layout.ts) as found; absent when it has none. */
  recorded?: string;
}

/** Recognises any sheet this program makes, in any layout it knows, by headers and labels (never by its name). */
export function sheetRead(name: string, grid: Grid): SheetRead {
  type Found = ReturnType<typeof findSigned>;
  const headed = (pick: (s: LayoutSignature) => readonly string[]) => findSigned(grid, pick);
  const label = (f: Found, pick: (s: LayoutSignature) => string) =>
    f ? labelValue(grid, pick(f.sig), f.at.row) : undefined;
  const worker = (f: Found) => label(f, (s) => s.workerLabel);
  const rating = findRatingSheet(name, grid);
  if (rating) return { name, kind: 'rating', workerId: rating.workerId, period: rating.period };
  if (isAgencySheet(grid[0]?.[0])) return { name, kind: 'other' };
  if (headed((s) => s.team)) return { name, kind: 'team' };
  if (headed((s) => s.settings)) return { name, kind: 'settings' };
  if (headed((s) => s.log)) return { name, kind: 'log' };
  if (headed((s) => s.summary)) return { name, kind: 'summary' };
  let f = headed((s) => s.comparison);
  const period = label(f, (s) => s.periodLabel);
  if (worker(f) !== undefined && period !== undefined)
    return { name, kind: 'comparison', workerId: worker(f), period };
  if (worker((f = headed((s) => s.trend))) !== undefined) return { name, kind: 'trend', workerId: worker(f) };
  if (worker((f = headed((s) => s.wps))) !== undefined) return { name, kind: 'wps', workerId: worker(f) };
  const code = label((f = headed((s) => s.person)), (s) => s.personCodeLabel);
  if (code) return { name, kind: 'person', personCode: code };
  f = headed((s) => s.agendaSections);
  const meetingLabel = f?.sig.meetingDateLabel.toLowerCase();
  const meeting =
    f &&
    grid.slice(0, f.at.row).flatMap((r) => {
      const i = (r ?? []).findIndex((v) => norm(v) === meetingLabel);
      return i >= 0 ? [cellDate(r![i + 1])] : [];
    })[0];
  if (worker(f) && meeting) return { name, kind: 'agenda', workerId: worker(f), date: meeting };
  const title = text(grid[0]?.[0]);
  const dashboard = [...new Set(SIGNATURES.map((s) => s.dashboardTitle))].find(
    (t) => title.startsWith(t) && title.length > t.length,
  );
  if (dashboard) return { name, kind: 'dashboard', period: title.slice(dashboard.length).trim() };
  if (title === DEIDENTIFIED_TITLE) return { name, kind: 'cover' };
  return { name, kind: 'other' };
}

export interface DiscussionNote {
  workerId: string;
  period: string;
  competencyId: string;
  text: string;
}

/** A team workbook as domain data: everything a person typed into it, and which sheets it holds. */
export interface TeamWorkbook {
  team: Worker[];
  settings: Settings;
  /** The rating sheets' framework (the Settings sheet's when there are none). */
  frameworkId: string;
  /** Every framework a rating sheet names. */
  frameworkIds: string[];
  /** Review periods of the rating sheets, in meaning order. */
  periods: string[];
  /** Self, Supervisor, Notes, Goal, Action steps and Target date of every rating sheet row. */
  ratings: Rating[];
  /** The outcomes log's rows. */
  sessions: Session[];
  /** Comparison sheets' Discussion notes. */
  discussionNotes: DiscussionNote[];
  /** Every typed block (discussion notes, Work Process Schedule entries, agenda notes), to restore on rebuild. */
  typed: TypedBlock[];
  /** Every sheet: what it is, and the layout that wrote it. */
  sheets: SheetLayout[];
  /** Whether an update would upgrade any sheet to the current layout (never 'refuse': that is a problem). */
  upgrade: UpgradePlan;
}

export interface WorkbookLibrary {
  frameworks: Framework[];
  scales: Scale[];
  defaultScaleId: string;
  roles: RoleProfile[];
}

/** Cells of a table found at `at`, as contract rows (date columns as ISO text), for the CSV row rules. */
function gridSource(
  grid: Grid,
  at: { row: number; col: number },
  columns: Record<string, number>,
  file: string,
  dates: string[],
): RowSource {
  const rows: RowSource['rows'] = [];
  for (let r = at.row + 1; r < grid.length; r++) {
    const g = grid[r] ?? [];
    const values: Record<string, string> = {};
    for (const [c, offset] of Object.entries(columns)) {
      const v = g[at.col + offset];
      values[c] = typeof v === 'number' && dates.includes(c) ? isoDate(v) : text(v);
    }
    // Rows as the sheet shows them (1-based), so "already used on row 3" points at the right row.
    if (Object.values(values).some((v) => v !== '')) rows.push({ row: r + 1, values });
  }
  return {
    rows,
    at: (row, column) => ({ file, cell: cellRef(row - 1, at.col + (columns[column] ?? 0)) }),
    date: (t) => parseDate(t),
  };
}

/**
 * Reads a team workbook (the sheets' value grids) into domain data: the roster, settings, every rating
 * (with what was typed beside it), the sessions in the outcomes log, and the typed cells of the other
 * generated sheets. Sheets are found by headers and labels, so renamed and reordered sheets count.
 * Problems name the workbook, the sheet and the cell; with any problem there is no workbook.
 */
export function readTeamWorkbook(
  sheets: NamedGrid[],
  file: string,
  lib: WorkbookLibrary,
): { workbook?: TeamWorkbook; problems: Problem[]; warnings: Problem[]; notes: string[] } {
  const where = (sheet: string) => `${file}, sheet "${sheet}"`;
  // A workbook a newer version wrote is read by that version only: this one could misread its sheets.
  const layouts = sheetLayouts(sheets);
  const upgrade = upgradePlan(layouts);
  if (upgrade.status === 'refuse')
    return { problems: upgrade.messages.map((message) => ({ file, message })), warnings: [], notes: [] };
  const rec = recogniseSheets(sheets);
  const gridOf = (name: string) => sheets.find((s) => s.name === name)!.grid;
  if (!rec.team)
    return {
      problems: [
        {
          file,
          message: `has no Team sheet (a table with the headers ${CURRENT_SIGNATURE.team.join(', ')}), so it is not a team workbook made by peer-performance`,
        },
      ],
      warnings: [],
      notes: [],
    };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const notes: string[] = [];
  const teamGrid = gridOf(rec.team.sheet);
  const team = teamRecords(
    gridSource(
      teamGrid,
      findSigned(teamGrid, (s) => s.team)!.at,
      Object.fromEntries(TEAM_COLUMNS.map((c, i) => [c, i])),
      where(rec.team.sheet),
      ['start_date'],
    ),
    { roles: lib.roles },
  );
  problems.push(...team.problems);
  warnings.push(...team.warnings);
  const roster = rosterIds([...team.records.map((w) => w.workerId), ...team.rejectedIds]);
  const scale =
    lib.scales.find((s) => s.id === rec.settings.scaleId) ??
    lib.scales.find((s) => s.id === lib.defaultScaleId)!;

  // Rating sheets: one per worker, period and framework; periods spelled one way.
  const spell = periodSpeller();
  const ratings: Rating[] = [];
  const seen = new Map<string, string>();
  for (const data of rec.ratingSheets) {
    const at = where(data.sheet);
    const workerId = roster.get(data.workerId.toLowerCase());
    if (data.workerId && workerId === undefined) {
      problems.push({ file: at, message: `is for worker "${data.workerId}", who is not on the Team sheet` });
      continue;
    }
    const period = spell(data.period);
    const key = [workerId, period, data.frameworkId].join('\u0000').toLowerCase();
    if (seen.has(key)) {
      problems.push({
        file: at,
        message: `is a second rating sheet for ${workerId}, ${period} (the first is "${seen.get(key)}"); keep one`,
      });
      continue;
    }
    seen.set(key, data.sheet);
    const read = ratingsFromSheet({ ...data, workerId: workerId ?? '', period }, lib.frameworks, scale, at);
    problems.push(...read.problems);
    ratings.push(...read.ratings);
  }

  // The outcomes log: the same row rules as sessions.csv, located by cell.
  const read = layouts;
  const logSheet = read.find((s) => s.kind === 'log');
  let sessions: Session[] = [];
  if (logSheet) {
    const grid = gridOf(logSheet.name);
    const log = findLog(grid)!;
    const columns = Object.fromEntries(
      LOG_INPUTS.flatMap((k, i) => (log.cols[k] < 0 ? [] : [[SESSION_COLUMNS[i], log.cols[k] - log.at.col]])),
    );
    const src = gridSource(grid, log.at, columns, where(logSheet.name), ['date']);
    // Codes already in the log were confirmed as codes when they were imported.
    const codes = new Set(src.rows.map((r) => r.values.person_code));
    const parsed = sessionRecords(src, where(logSheet.name), { allowCodes: codes, workerIds: roster });
    problems.push(...parsed.problems);
    warnings.push(...parsed.warnings);
    notes.push(...parsed.notes);
    sessions = parsed.records;
  }

  const typed = sheets.flatMap((s) => typedBlocks(s.name, s.grid));
  const discussionNotes = typed
    .filter((b) => b.kind === 'comparison')
    .flatMap((b) =>
      [...b.rows].map(([competencyId, values]) => ({
        workerId: roster.get(b.identity.worker.toLowerCase()) ?? b.identity.worker,
        period: spell(b.identity.period),
        competencyId,
        text: text([...values.values()][0]),
      })),
    );
  const frameworkIds = [...new Set(ratings.map((r) => r.frameworkId))];
  const workbook: TeamWorkbook = {
    team: team.records,
    settings: rec.settings,
    frameworkId: frameworkIds[0] ?? rec.settings.frameworkId,
    frameworkIds,
    periods: orderPeriods(rec.ratingSheets.map((d) => spell(d.period))),
    ratings,
    sessions,
    discussionNotes,
    typed,
    upgrade,
    sheets: read.map((s) => ({
      ...s,
      workerId: s.workerId && (roster.get(s.workerId.toLowerCase()) ?? s.workerId),
      period: s.period && spell(s.period),
    })),
  };
  return problems.length ? { problems, warnings, notes } : { workbook, problems, warnings, notes };
}

/** Every sheet's layout, from the reader's grids and records (both readers give NamedGrids). */
export function sheetLayouts(sheets: NamedGrid[]): SheetLayout[] {
  return sheets.map((s) =>
    sheetLayout({
      ...sheetRead(s.name, s.grid),
      ...(s.recorded === undefined ? {} : { recorded: s.recorded }),
    }),
  );
}

/** The sheets of a plan as a reader will find them once written, with the layout each records. */
export function planSheets(plan: WorkbookPlan): SheetLayout[] {
  return plan.sheets.map((p) =>
    sheetLayout({
      ...sheetRead(p.name, planGrid(p)),
      ...(p.layout === undefined ? {} : { recorded: `"${p.layout}"` }),
    }),
  );
}
