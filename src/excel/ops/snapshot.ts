/**
 * Reading what the pane needs from a workbook snapshot: agency frameworks typed into the workbook, sheets
 * generated earlier (found by headers and labels), the outcomes log.
 */
import { flattenCompetencies, Framework, frameworkFromRows } from '../../domain/framework';
import { getScale, library } from '../../domain/library';
import { InputError, Problem } from '../../domain/problems';
import { Rating } from '../../domain/ratings';
import { findHeaderRow, Grid, sessionsFromLogGrid } from '../../workbook/read';
import { RefreshReport } from '../api';
import { WorkbookSnapshot } from '../read';

import { CUSTOM_HEADERS } from '../read';
export { CUSTOM_HEADERS };

/** Agency lists typed into the workbook as a two-column table (Category, Competency). */
export function workbookFrameworks(snap: WorkbookSnapshot): { frameworks: Framework[]; problems: Problem[] } {
  const frameworks: Framework[] = [];
  const problems: Problem[] = [];
  const rating = new Set(snap.ratingSheets.map((r) => r.sheet));
  for (const s of snap.sheets) {
    if (rating.has(s.name)) continue;
    const at = findHeaderRow(s.grid, CUSTOM_HEADERS);
    if (!at || (s.grid[at.row]?.[at.col + 2] !== undefined && s.grid[at.row]?.[at.col + 2] !== null))
      continue;
    const rows = s.grid
      .slice(at.row + 1)
      .map((r) => ({ category: String(r?.[at.col] ?? ''), competency: String(r?.[at.col + 1] ?? '') }))
      .filter((r) => r.category.trim() || r.competency.trim());
    try {
      frameworks.push(
        frameworkFromRows(rows, {
          id: `workbook:${s.name}`,
          title: s.name,
          version: '1',
          file: `Sheet "${s.name}"`,
        }),
      );
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  return { frameworks, problems };
}

export function allFrameworks(snap: WorkbookSnapshot) {
  const own = workbookFrameworks(snap);
  return { list: [...library().frameworks, ...own.frameworks], problems: own.problems };
}

export function sheetGrid(snap: WorkbookSnapshot, name: string): Grid {
  return snap.sheets.find((s) => s.name === name)?.grid ?? [];
}

/** Worker id and period labels of a generated sheet (comparison or trend) found by its headers. */
export function labelled(grid: Grid, label: string): string | undefined {
  for (const row of grid.slice(0, 12)) {
    const i = (row ?? []).findIndex((v) => String(v ?? '').trim() === label);
    if (i >= 0) return String(row![i + 1] ?? '').trim();
  }
  return undefined;
}

export function findGenerated(
  snap: WorkbookSnapshot,
  headers: readonly string[],
  workerId: string,
  period?: string,
) {
  return snap.sheets.find(
    (s) =>
      findHeaderRow(s.grid, headers) !== null &&
      labelled(s.grid, 'Worker ID') === workerId &&
      (period === undefined || labelled(s.grid, 'Period') === period),
  )?.name;
}

/** The frameworks, scale and team a snapshot holds. */
export function domain(snap: WorkbookSnapshot) {
  const fws = allFrameworks(snap);
  const scale = getScale(snap.settings.scaleId);
  const team = snap.team?.workers ?? [];
  return { fws, scale, team };
}

/** The outcomes log, among the sheets read whole (an action that needs it asks for it: needs(['log'])). */
export function findLog(snap: WorkbookSnapshot) {
  for (const sh of snap.sheets.filter((x) => x.whole)) {
    const log = sessionsFromLogGrid(sh.grid);
    if (log) return { sheet: sh.name, log };
  }
  return null;
}

export function emptyReport(): RefreshReport {
  return { sheets: [], created: [], changedCells: 0, keptCells: 0, goalsFilled: 0, problems: [] };
}

export function orderByFramework(fw: Framework, ratings: Rating[]): Rating[] {
  const byId = new Map(ratings.map((r) => [r.competencyId, r]));
  return flattenCompetencies(fw).flatMap((c) => (byId.has(c.id) ? [byId.get(c.id)!] : []));
}
