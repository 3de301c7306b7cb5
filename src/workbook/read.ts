/**
 * Reading sheets back, from a grid of cell values (both renderers' readers produce the grid).
 * Rating sheets are found by their table headers and labels, never by sheet name or position,
 * so renamed and moved sheets still count.
 */
import { cellRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { parseScore, Scale } from '../domain/scale';
import { Items, Session } from '../domain/pcoms';
import { AgeGroup } from '../domain/settings';
import { BlockSource } from './lookups';
import { LOG_COL, LOG_HEADERS } from './outcomesLog';
import { CATEGORY_HEADERS, RATING_HEADERS, RATING_LABELS } from './rating';
import { isoDate } from './sheet';
import { TEAM_HEADERS } from './team';

export type Grid = (string | number | boolean | null | undefined)[][];

const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** Finds a row holding the given headers in order, side by side; returns its row and first column. */
export function findHeaderRow(grid: Grid, headers: readonly string[]): { row: number; col: number } | null {
  const want = headers.map((h) => h.toLowerCase());
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c + want.length <= row.length; c++) {
      if (want.every((h, i) => norm(row[c + i]) === h)) return { row: r, col: c };
    }
  }
  return null;
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

/** Label value: the cell right of a cell holding `label`, searched above the header row. */
function labelValue(grid: Grid, label: string, above: number): string | undefined {
  for (let r = 0; r < above; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c + 1 < row.length; c++)
      if (norm(row[c]) === label.toLowerCase()) return text(row[c + 1]);
  }
  return undefined;
}

/**
 * Recognises a rating sheet: the headers Category, ID, Competency, Self, Supervisor side by side,
 * with the Worker ID, Period and Framework labels above. Returns null for any other sheet.
 */
export function findRatingSheet(sheet: string, grid: Grid): RatingSheetData | null {
  const at = findHeaderRow(grid, RATING_HEADERS.slice(0, 5));
  if (!at) return null;
  const workerId = labelValue(grid, RATING_LABELS.workerId, at.row);
  const period = labelValue(grid, RATING_LABELS.period, at.row);
  const frameworkId = labelValue(grid, RATING_LABELS.framework, at.row);
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
    workerName: labelValue(grid, RATING_LABELS.workerName, at.row) ?? '',
    role: labelValue(grid, RATING_LABELS.role, at.row) ?? '',
    period,
    frameworkId,
    frameworkVersion: labelValue(grid, RATING_LABELS.version, at.row) ?? '',
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
): { ratings: Rating[]; problems: Problem[] } {
  const file = `Sheet "${data.sheet}"`;
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
    ratings.push({
      workerId: data.workerId,
      period: data.period,
      frameworkId: fw.id,
      competencyId: row.id,
      self,
      supervisor: sup,
      notes: row.notes,
    });
  }
  return { ratings, problems };
}

/** The roster from a Team sheet grid (found by its headers); rows without a worker id are skipped. */
export function teamFromGrid(grid: Grid): Worker[] | null {
  const at = findHeaderRow(grid, TEAM_HEADERS);
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

/** Sessions already in an outcomes log (found by its headers), with the log's header position. */
export function sessionsFromLogGrid(
  grid: Grid,
): { sessions: Session[]; headerRow: number; headerCol: number } | null {
  const at = findHeaderRow(grid, LOG_HEADERS.slice(0, 6));
  if (!at) return null;
  const num = (v: unknown) => (typeof v === 'number' ? v : text(v) === '' ? null : Number(text(v)));
  const sessions: Session[] = [];
  for (let r = at.row + 1; r < grid.length; r++) {
    const g = grid[r] ?? [];
    const cell = (k: keyof typeof LOG_COL) => g[at.col + LOG_COL[k]];
    const code = text(cell('person'));
    if (!code) continue;
    const date = cell('date');
    const items = (keys: (keyof typeof LOG_COL)[]) => keys.map((k) => num(cell(k))) as Items;
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
