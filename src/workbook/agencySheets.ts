/**
 * The agency workbook's sheets (agency.ts decides what goes in):
 *
 * - Agency workers: the teams and the agency, then every worker: sessions, persons served, intake and
 *   latest ORS, share reliably improved, SRS below cutoff and data completeness (read from the Agency
 *   outcomes sheet), supervisor and self means and blind spots for the period in B3 (over the Agency ratings
 *   table). Typing another period into B3 recomputes the means.
 * - Agency heatmap: supervisor and self means by category and team for that period, and blind spots.
 * - Agency outcomes: the provider summary (outcomesSummary.ts) over the Agency log, with a row per team.
 * - Agency ratings: the combined ratings table; Agency log: the combined sessions log (outcomesLog.ts),
 *   both Excel tables.
 * - About this rollup: which files, when, which period, what was left out and why.
 *
 * The log and the summary are the outcomes builders' own, so their formulas (and how fast they recalculate)
 * are the team workbook's. Each sheet is known by the text of its A1 (AGENCY_TITLES), whatever its name.
 */
import { colName, quoteSheet, rangeRef } from './a1';
import { scaleMax, scaleMin, scoreText } from '../domain/scale';
import { Agency, CODE_SEPARATOR, fileStem, Rollup } from './agency';
import { wrapWords } from './deidentify';
import { indexEntries, logOrder } from './outcomesIndex';
import {
  INDEX_COL,
  LOG_COL,
  LOG_LAYOUT,
  LOG_NOTES,
  logOrderNote,
  outcomeLogRef,
  outcomesLogSheet,
  wholeColumn,
} from './outcomesLog';
import { textWidth } from './textFit';
import {
  AGENCY_LABEL,
  providerSummarySheet,
  SUMMARY_HEADERS,
  SummaryGroup,
  summaryRows,
} from './outcomesSummary';
import { ConditionalFormat, SheetPlan, WorkbookPlan } from './plan';
import { SETTING_NAMES, SETTINGS_SHEET, settingsSheet } from './settingsSheet';
import { AGENCY_TITLES } from './agencyTitles';
import { categoryCode } from './dashboard';
import { COLORS, exactCriterion, HEADER_STYLE, HEATMAP_COLORS, PRINT_WIDTH, SheetBuilder } from './sheet';

export const AGENCY_SHEETS = {
  about: 'About this rollup',
  workers: 'Agency workers',
  heatmap: 'Agency heatmap',
  outcomes: 'Agency outcomes',
  ratings: 'Agency ratings',
  log: 'Agency log',
} as const;

export { AGENCY_TITLES, isAgencySheet } from './agencyTitles';

export const AGENCY_TABLES = {
  teams: 'PPS_AgencyTeams',
  workers: 'PPS_AgencyWorkers',
  ratings: 'PPS_AgencyRatings',
  log: 'PPS_AgencyOutcomes',
} as const;

const OUTCOME_COLUMNS = [
  'Sessions',
  'Persons served',
  'Mean intake ORS',
  'Mean latest ORS',
  '% reliably improved',
  '% sessions with SRS below cutoff',
  'Data completeness',
] as const;
const RATING_COLUMNS = ['Supervisor mean', 'Self mean', 'Blind spots'] as const;

export const AGENCY_TEAM_HEADERS = [
  'Team',
  'Workers',
  'Supervisor',
  'File',
  ...OUTCOME_COLUMNS,
  ...RATING_COLUMNS,
];
export const AGENCY_WORKER_HEADERS = [
  'Team',
  'Worker ID',
  'Worker',
  'Role',
  ...OUTCOME_COLUMNS,
  ...RATING_COLUMNS,
];
export const AGENCY_RATING_HEADERS = [
  'Team',
  'Worker ID',
  'Period',
  'Framework',
  'Category',
  'ID',
  'Self',
  'Supervisor',
  'Gap',
];

/** Where things are on the Agency workers sheet (0-based rows). */
export function agencyWorkersLayout(teams: number, workers: number) {
  const teamHeader = 5;
  const teamRows = teams + 1;
  const workerHeader = teamHeader + teamRows + 3;
  return {
    periodCell: { row: 2, col: 1 },
    teamHeader,
    /** The teams in order, then the Agency row. */
    firstTeamRow: teamHeader + 1,
    agencyRow: teamHeader + teamRows,
    workerHeader,
    firstWorkerRow: workerHeader + 1,
    lastWorkerRow: workerHeader + Math.max(1, workers),
  };
}

export const AGENCY_RATINGS_LAYOUT = { headerRow: 3, firstDataRow: 4 } as const;
/** Where the grids of the Agency heatmap are (0-based): supervisor means, blind spots beside, self means below. */
export function agencyHeatmapLayout(teams: number, categories: number) {
  const headerRow = 5;
  const selfHeaderRow = headerRow + teams + 1 + 3;
  return {
    headerRow,
    firstDataRow: headerRow + 1,
    blindSpotCol: categories + 1,
    selfHeaderRow,
    selfFirstRow: selfHeaderRow + 1,
  };
}

export interface AgencyPlanOptions {
  /** "2026-11-25 10:00": when the rollup was made. */
  computedAt: string;
  /** What the rollup decided besides the agency: files left out, files counted once. */
  rollup: Pick<Rollup, 'skipped' | 'countedOnce'>;
  /** File names are not written (a de-identified rollup). */
  hideFiles?: boolean;
  /** The Settings sheet already in the workbook (the pane's); default: a Settings sheet is added. */
  settingsSheetName?: string;
}

/** The agency sheets (and Settings, unless the workbook has it), in the order they are shown. */
export function agencyWorkbookPlan(agency: Agency, opts: AgencyPlanOptions): WorkbookPlan {
  const settings = opts.settingsSheetName ? null : settingsSheet(agency.settings, SETTINGS_SHEET);
  const settingsSheetName = opts.settingsSheetName ?? SETTINGS_SHEET;
  const log = outcomeLogRef(AGENCY_SHEETS.log, AGENCY_TABLES.log);
  const workers = agency.workers.map((w) => w.workerId);
  const groups = teamGroups(agency);
  const teamIndex = new Map(agency.teams.map((t, i) => [t.label, i]));
  const logSheet = outcomesLogSheet({
    sheetName: AGENCY_SHEETS.log,
    tableName: AGENCY_TABLES.log,
    sessions: agency.sessions,
    settingsSheetName,
  });
  const summary = providerSummarySheet({
    sheetName: AGENCY_SHEETS.outcomes,
    log,
    workers,
    groups,
    workerGroups: agency.workers.map((w) => teamIndex.get(w.team)!),
    sessions: agency.sessions,
    settingsSheetName,
  });
  retitle(logSheet, AGENCY_TITLES.log);
  // The log's order note speaks of the pane's import; the agency log is put in order by the rollup.
  logSheet.cells[LOG_LAYOUT.titleRow + 1 + LOG_NOTES.length][0] = {
    formula: logOrderNote({
      outOfOrder:
        ' down are not next to the rows of their person code: they are counted, but the agency figures read every row (slower) until the rollup runs again.',
      inOrder:
        'Rows are grouped by team and person code, as the rollup wrote them. Sessions belong in the team workbooks: run the rollup again to bring them in.',
    }),
  };
  retitle(summary, AGENCY_TITLES.outcomes);
  // Team keys lengthen the log's person codes, and team names are longer than the summary's worker ids.
  fitColumn(logSheet, LOG_COL.person, [...new Set(agency.sessions.map((s) => s.personCode))], 40);
  const teamRows = summaryRows(workers, groups).slice(workers.length, -1);
  if (teamRows.length) {
    // team names as wide as the printed page leaves room for (they wrap beyond that)
    const widths = summary.columnWidths.filter((x) => x.col < SUMMARY_HEADERS.length);
    const room = PRINT_WIDTH.landscape - widths.reduce((n, x) => n + x.width, 0);
    const first = widths.find((x) => x.col === 0)?.width ?? 0;
    fitColumn(
      summary,
      0,
      groups.map((g) => g.label),
      first + room,
    );
    summary.formats.push({
      ref: rangeRef(teamRows[0].row, 0, teamRows[teamRows.length - 1].row, 0),
      style: { wrap: true, vertical: 'top' },
    });
  }
  return {
    sheets: [
      aboutSheet(agency, opts),
      workersSheet(agency, summaryRows(workers, groups), !!opts.hideFiles),
      heatmapSheet(agency),
      summary,
      ratingsSheet(agency),
      logSheet,
      ...(settings ? [settings.sheet] : []),
    ],
    names: settings?.names ?? [],
  };
}

/**
 * Each team as a group of the outcomes summary: its person codes' prefix, and where its rows are in the
 * Agency log while that is in person order. The log keeps each person's rows together in the order of its
 * person index, and the teams' people come team by team, so a team's rows run from the block of its first
 * person index entry to the block of its last (looked up in the index, so they follow the table).
 */
function teamGroups(agency: Agency): SummaryGroup[] {
  const { persons } = indexEntries(logOrder(agency.sessions));
  const P = INDEX_COL.person;
  const entry = (col: number, i: number) =>
    `INDEX(${quoteSheet(AGENCY_SHEETS.log)}!${wholeColumn(col)},${LOG_LAYOUT.firstDataRow + i + 1})`;
  return agency.teams.map((t) => {
    const codePrefix = `${t.key}${CODE_SEPARATOR}`;
    const mine = persons.flatMap((p, i) => (p.startsWith(codePrefix) ? [i] : []));
    const together = mine.length > 0 && mine[mine.length - 1] - mine[0] === mine.length - 1;
    return {
      label: t.label,
      codePrefix,
      ...(together
        ? { rows: { first: entry(P.firstRow, mine[0]), last: entry(P.lastRow, mine[mine.length - 1]) } }
        : {}),
    };
  });
}

function retitle(plan: SheetPlan, title: string): void {
  plan.cells[0][0] = { value: title };
}

/** Widens a column so the longest of `texts` fits on one line (at most `max` wide). */
function fitColumn(plan: SheetPlan, col: number, texts: string[], max: number): void {
  const need = Math.min(max, Math.max(0, ...texts.map((t) => textWidth(t))) + 1.5);
  const w = plan.columnWidths.find((x) => x.col === col);
  if (w && w.width < need) w.width = Math.min(max, Math.ceil(need * 2) / 2);
}

/** A column of the Agency ratings table (absolute A1, with the sheet), over its rows or some of them. */
type RatingsColumn = (header: string) => string;

/** Absolute A1 range of one column of the Agency ratings table, with the sheet: all rows, or `span`. */
function ratingsColumn(agency: Agency, header: string, span?: Span): string {
  const L = AGENCY_RATINGS_LAYOUT;
  const c = AGENCY_RATING_HEADERS.indexOf(header);
  const [first, last] = span ?? [L.firstDataRow, L.firstDataRow + Math.max(1, agency.ratings.length) - 1];
  return `'${AGENCY_SHEETS.ratings}'!${rangeRef(first, c, last, c, true)}`;
}

/** First and last sheet row (0-based) of a worker's or a team's ratings, as the table was written. */
type Span = [number, number];

/** Where each worker's and each team's ratings are in the Agency ratings table (rows are grouped so). */
function ratingSpans(agency: Agency): { worker: Map<string, Span>; team: Map<string, Span> } {
  const worker = new Map<string, Span>();
  const team = new Map<string, Span>();
  agency.ratings.forEach((r, i) => {
    const row = AGENCY_RATINGS_LAYOUT.firstDataRow + i;
    for (const [m, k] of [
      [worker, r.workerId],
      [team, r.team],
    ] as const)
      m.set(k, [m.get(k)?.[0] ?? row, row]);
  });
  return { worker, team };
}

/** The check beside the Agency ratings table: 1 while its rows are in the order the rollup wrote them. */
const IN_ORDER = `'${AGENCY_SHEETS.ratings}'!$K$3=1`;

/**
 * A figure over the Agency ratings: over `span` alone while the table is in the order it was written (each
 * worker's and team's rows are together, so every figure reads only its own rows and recalculation stays
 * linear), over every row when a person has sorted it.
 */
function overRatings(agency: Agency, span: Span | undefined, f: (R: RatingsColumn) => string): string {
  const all = f((h) => ratingsColumn(agency, h));
  return span ? `IF(${IN_ORDER},${f((h) => ratingsColumn(agency, h, span))},${all})` : all;
}

/** The period every competency figure uses: the Agency workers sheet's B3. */
const PERIOD_CELL = `'${AGENCY_SHEETS.workers}'!$B$3`;

/**
 * Supervisor mean, self mean and blind spots over the Agency ratings rows matching `crit` (criteria pairs
 * ending in a comma, or '') for the period; `span` where those rows are.
 */
function ratingFigures(
  agency: Agency,
  crit: (R: RatingsColumn) => string,
  span?: Span,
): Record<(typeof RATING_COLUMNS)[number], string> {
  const inPeriod = (R: RatingsColumn) => `${crit(R)}${R('Period')},"="&${PERIOD_CELL}`;
  const mean = (h: string) =>
    overRatings(agency, span, (R) => `IFERROR(AVERAGEIFS(${R(h)},${inPeriod(R)}),"")`);
  return {
    'Supervisor mean': mean('Supervisor'),
    'Self mean': mean('Self'),
    'Blind spots': overRatings(
      agency,
      span,
      (R) =>
        `IF(COUNTIFS(${inPeriod(R)})=0,"",COUNTIFS(${inPeriod(R)},${R('Gap')},"<="&-${SETTING_NAMES.gapThreshold}))`,
    ),
  };
}

/** A cell of the Agency outcomes sheet: the summary row's figure under `header`. */
function summaryCell(row: number, header: (typeof OUTCOME_COLUMNS)[number]): string {
  const c = SUMMARY_HEADERS.indexOf(header as (typeof SUMMARY_HEADERS)[number]);
  return `'${AGENCY_SHEETS.outcomes}'!$${colName(c)}$${row + 1}`;
}

const FORMATS: Record<string, string> = {
  'Mean intake ORS': '0.0',
  'Mean latest ORS': '0.0',
  '% reliably improved': '0%',
  '% sessions with SRS below cutoff': '0%',
  'Data completeness': '0%',
  'Supervisor mean': '0.00',
  'Self mean': '0.00',
};

/** The two tables of the Agency workers sheet are dense: 9-point text, so a row prints on one page width. */
const SMALL = 9;

/** A sheet's title in A1 and an italic note below it, across columns A to `toCol`. */
function heading(b: SheetBuilder, title: string, toCol: number, note: string): void {
  b.value(0, 0, title);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.note(1, 0, toCol, note, { font: { italic: true, color: COLORS.label } });
}

/** Blind-spot counts above 0 stand out, as on the team dashboard. */
function blindSpotsMarked(ref: string): ConditionalFormat {
  return {
    ref,
    type: 'cellIs',
    operator: 'greaterThan',
    formulas: ['0'],
    style: { fill: COLORS.blindSpot, bold: true },
  };
}

/** `summary`: the Agency outcomes rows (summaryRows): the workers, the teams, the agency. */
function workersSheet(
  agency: Agency,
  summary: { label: string; row: number }[],
  hideFiles: boolean,
): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.workers, 'other');
  const L = agencyWorkersLayout(agency.teams.length, agency.workers.length);
  const spans = ratingSpans(agency);
  const lastCol = AGENCY_WORKER_HEADERS.length - 1;
  heading(
    b,
    AGENCY_TITLES.workers,
    lastCol,
    'Outcome figures come from the Agency outcomes sheet (formulas over the Agency log). Supervisor and ' +
      'self means and blind spots are over the Agency ratings table for the period in B3: choose another ' +
      `period there to see it (${agency.periods.join(', ') || 'no ratings yet'}).`,
  );
  b.label(L.periodCell.row, 0, 'Period', agency.period ?? '');
  b.style(L.periodCell.row, 1, L.periodCell.row, 1, { fill: COLORS.input, font: { bold: true } });
  if (agency.periods.length)
    b.plan.validations.push({
      ref: rangeRef(L.periodCell.row, 1, L.periodCell.row, 1),
      type: 'list',
      values: agency.periods,
      allowBlank: true,
      promptTitle: 'Review period',
      prompt: 'The period of the supervisor and self means and the blind spots.',
    });

  const fill = (row: number, headers: string[], values: Record<string, string>) =>
    headers.forEach((h, c) => {
      if (values[h] !== undefined) b.formula(row, c, values[h]);
    });
  const outcomes = (summaryRow: number) =>
    Object.fromEntries(OUTCOME_COLUMNS.map((h) => [h, summaryCell(summaryRow, h)]));

  // Teams, then the agency: the figures in the same columns as the workers' below.
  b.value(L.teamHeader - 1, 0, 'Teams and the agency');
  b.style(L.teamHeader - 1, 0, L.teamHeader - 1, 0, { font: { bold: true, size: 12 } });
  b.row(L.teamHeader, 0, AGENCY_TEAM_HEADERS);
  const workerCol = (h: string) => {
    const c = AGENCY_WORKER_HEADERS.indexOf(h);
    return rangeRef(L.firstWorkerRow, c, L.lastWorkerRow, c, true);
  };
  agency.teams.forEach((t, i) => {
    const row = L.firstTeamRow + i;
    const team = `$A$${row + 1}`;
    const supervisors = [...new Set(t.workbook.team.map((w) => w.supervisor.trim()).filter(Boolean))];
    b.row(row, 0, [t.label]);
    if (!hideFiles) b.row(row, 2, [supervisors.join(', '), t.file.split(/[\\/]/).pop()!]);
    fill(row, AGENCY_TEAM_HEADERS, {
      Workers: `COUNTIFS(${workerCol('Team')},"="&${team})`,
      ...outcomes(summary[agency.workers.length + i].row),
      ...ratingFigures(agency, (R) => `${R('Team')},"="&${team},`, spans.team.get(t.label)),
    });
  });
  b.value(L.agencyRow, 0, AGENCY_LABEL);
  fill(L.agencyRow, AGENCY_TEAM_HEADERS, {
    Workers: `COUNTA(${workerCol('Worker ID')})`,
    ...outcomes(summary[summary.length - 1].row),
    ...ratingFigures(agency, () => ''),
  });
  b.plan.tables.push({
    name: AGENCY_TABLES.teams,
    ref: rangeRef(L.teamHeader, 0, L.agencyRow, lastCol),
    style: 'TableStyleMedium2',
    columns: AGENCY_TEAM_HEADERS,
  });

  // Workers.
  b.value(L.workerHeader - 1, 0, 'Workers');
  b.style(L.workerHeader - 1, 0, L.workerHeader - 1, 0, { font: { bold: true, size: 12 } });
  b.row(L.workerHeader, 0, AGENCY_WORKER_HEADERS);
  agency.workers.forEach((w, i) => {
    const row = L.firstWorkerRow + i;
    b.row(row, 0, [w.team, w.workerId, w.name, w.role]);
    fill(row, AGENCY_WORKER_HEADERS, {
      ...outcomes(summary[i].row),
      ...ratingFigures(agency, (R) => `${R('Worker ID')},"="&$B$${row + 1},`, spans.worker.get(w.workerId)),
    });
  });
  b.plan.tables.push({
    name: AGENCY_TABLES.workers,
    ref: rangeRef(L.workerHeader, 0, L.lastWorkerRow, lastCol),
    style: 'TableStyleLight9',
    columns: AGENCY_WORKER_HEADERS,
  });

  for (const [headers, first, last] of [
    [AGENCY_TEAM_HEADERS, L.firstTeamRow, L.agencyRow],
    [AGENCY_WORKER_HEADERS, L.firstWorkerRow, L.lastWorkerRow],
  ] as const) {
    const header = first - 1;
    b.style(header, 0, header, lastCol, { ...HEADER_STYLE, font: { ...HEADER_STYLE.font, size: SMALL } });
    b.style(first, 0, last, lastCol, { font: { size: SMALL }, wrap: true, vertical: 'top', border: 'thin' });
    headers.forEach((h, c) => {
      if (FORMATS[h])
        b.style(first, c, last, c, {
          numFmt: FORMATS[h],
          font: { size: SMALL },
          vertical: 'top',
          border: 'thin',
        });
    });
    const spots = headers.indexOf('Blind spots');
    b.plan.conditionalFormats.push(blindSpotsMarked(rangeRef(first, spots, last, spots)));
  }
  b.style(L.agencyRow, 0, L.agencyRow, lastCol, { font: { bold: true, size: SMALL }, fill: COLORS.category });
  [14, 8, 13, 13, 8.5, 8, 6, 6, 9, 7.5, 11.5, 9.5, 6, 6].forEach((w, i) => b.width(i, w));
  b.plan.freeze = { rows: 0, cols: 2 };
  b.print('landscape', { breaks: [L.workerHeader - 2] });
  return b.plan;
}

function heatmapSheet(agency: Agency): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.heatmap, 'dashboard');
  const cats = agency.categories;
  const nc = cats.length;
  const L = agencyHeatmapLayout(agency.teams.length, nc);
  const codes = cats.map((c, i) => categoryCode(c.id, i));
  const bsCol = L.blindSpotCol;
  heading(
    b,
    AGENCY_TITLES.heatmap,
    bsCol,
    'The mean of every supervisor (then self) rating in the category for the period, per team and for the ' +
      'agency (colour scale: red low, green high); N/A and blank are left out. Blind spots: self rated the ' +
      'gap threshold or more above the supervisor. The categories (Cat 1 ...) are listed below the grids.',
  );
  b.value(2, 0, 'Period');
  b.formula(2, 1, `IF(${PERIOD_CELL}="","",${PERIOD_CELL})`);
  b.style(2, 0, 2, 0, { font: { bold: true, color: COLORS.label } });
  b.note(3, 0, bsCol, `Choose the period on the ${AGENCY_SHEETS.workers} sheet (cell B3).`, {
    font: { italic: true, color: COLORS.label },
  });

  const labels = [...agency.teams.map((t) => t.label), AGENCY_LABEL];
  const spans = ratingSpans(agency).team;
  /** A figure for the i-th row (a team, then the agency) over that team's ratings. */
  const forRow = (i: number, row: number, f: (R: RatingsColumn, team: string) => string) =>
    i < agency.teams.length
      ? overRatings(agency, spans.get(labels[i]), (R) => f(R, `${R('Team')},"="&$A$${row + 1},`))
      : overRatings(agency, undefined, (R) => f(R, ''));
  const range = { min: scaleMin(agency.scale), max: scaleMax(agency.scale) };
  /** A teams x categories grid of one rater's means; returns its first data row. */
  const grid = (header: number, title: string, rater: 'Supervisor' | 'Self') => {
    b.value(header - 1, 0, title);
    b.style(header - 1, 0, header - 1, 0, { font: { bold: true } });
    b.row(header, 0, ['Team', ...codes]);
    b.style(header, 0, header, nc, { ...HEADER_STYLE, horizontal: 'center' });
    const last = header + labels.length;
    labels.forEach((label, i) => {
      const row = header + 1 + i;
      b.value(row, 0, label);
      cats.forEach((c, j) =>
        b.formula(
          row,
          1 + j,
          forRow(
            i,
            row,
            (R, team) =>
              `IFERROR(AVERAGEIFS(${R(rater)},${team}${R('Period')},"="&${PERIOD_CELL},` +
              `${R('Category')},${exactCriterion(c.title)}),"")`,
          ),
        ),
      );
    });
    b.style(header + 1, 0, last, 0, { wrap: true, vertical: 'top', border: 'thin' });
    b.style(header + 1, 1, last, nc, {
      numFmt: '0.0',
      horizontal: 'center',
      vertical: 'top',
      border: 'thin',
    });
    b.style(last, 0, last, nc, { font: { bold: true } });
    b.plan.conditionalFormats.push({
      ref: rangeRef(header + 1, 1, last, nc),
      type: 'colorScale',
      colors: HEATMAP_COLORS,
      ...range,
    });
    return last;
  };
  const last = grid(L.headerRow, 'Supervisor mean', 'Supervisor');
  b.value(L.headerRow, bsCol, 'Blind spots');
  b.style(L.headerRow, bsCol, L.headerRow, bsCol, HEADER_STYLE);
  labels.forEach((_, i) => {
    const row = L.firstDataRow + i;
    b.formula(
      row,
      bsCol,
      forRow(
        i,
        row,
        (R, team) =>
          `COUNTIFS(${team}${R('Period')},"="&${PERIOD_CELL},${R('Gap')},"<="&-${SETTING_NAMES.gapThreshold})`,
      ),
    );
  });
  b.style(L.firstDataRow, bsCol, last, bsCol, { horizontal: 'center', vertical: 'top', border: 'thin' });
  b.plan.conditionalFormats.push(blindSpotsMarked(rangeRef(L.firstDataRow, bsCol, last, bsCol)));
  const selfLast = grid(L.selfHeaderRow, 'Self mean', 'Self');

  // Legend: each code's category, the title wrapped across the columns to its right.
  const legend = selfLast + 2;
  b.value(legend, 0, 'Categories');
  b.style(legend, 0, legend, 0, { font: { bold: true } });
  cats.forEach((c, i) => {
    const r = legend + 1 + i;
    b.value(r, 0, codes[i]).value(r, 1, c.title);
    b.plan.merges.push(rangeRef(r, 1, r, bsCol));
    b.style(r, 0, r, 0, { font: { bold: true }, vertical: 'top' });
    b.style(r, 1, r, bsCol, { wrap: true, vertical: 'top' });
  });
  b.width(0, 18);
  for (let j = 1; j <= nc; j++) b.width(j, 7.5);
  b.width(bsCol, 10);
  b.print('landscape');
  return b.plan;
}

function ratingsSheet(agency: Agency): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.ratings, 'other');
  const L = AGENCY_RATINGS_LAYOUT;
  const lastCol = AGENCY_RATING_HEADERS.length - 1;
  heading(
    b,
    AGENCY_TITLES.ratings,
    lastCol,
    'One row per competency rated (Self or Supervisor typed) in a team workbook; blank rows are left out. ' +
      'Gap = Supervisor - Self. Made by the rollup: run it again to bring in new ratings.',
  );
  b.row(L.headerRow, 0, AGENCY_RATING_HEADERS);
  const [self, sup] = ['Self', 'Supervisor'].map((h) => AGENCY_RATING_HEADERS.indexOf(h));
  agency.ratings.forEach((r, i) => {
    const row = L.firstDataRow + i;
    const score = (s: typeof r.self) => (s.kind === 'score' ? s.value : scoreText(s, agency.scale) || null);
    b.row(row, 0, [r.team, r.workerId, r.period, r.frameworkId, r.category, r.competencyId]);
    b.row(row, self, [score(r.self), score(r.supervisor)]);
    const [s, v] = [self, sup].map((c) => `${colName(c)}${row + 1}`);
    b.formula(row, sup + 1, `IF(AND(ISNUMBER(${s}),ISNUMBER(${v})),${v}-${s},"")`);
  });
  const last = L.firstDataRow + Math.max(1, agency.ratings.length) - 1;
  // Beside the table (a sort moves the table's rows, not these): each row's worker as written, and 1 while
  // the table is in that order, so the figures can read each worker's rows alone (overRatings).
  const check = 10;
  const [ids, built] = [1, check].map((c) => rangeRef(L.firstDataRow, c, last, c, true));
  b.value(L.headerRow - 2, check, 'In the order written');
  b.formula(L.headerRow - 1, check, `IF(SUMPRODUCT(--(${ids}<>${built}))=0,1,0)`);
  b.value(L.headerRow, check, 'Worker as written');
  agency.ratings.forEach((r, i) => b.value(L.firstDataRow + i, check, r.workerId));
  b.hide(check);
  b.plan.tables.push({
    name: AGENCY_TABLES.ratings,
    ref: rangeRef(L.headerRow, 0, last, lastCol),
    style: 'TableStyleLight9',
    columns: AGENCY_RATING_HEADERS,
  });
  b.style(L.headerRow, 0, L.headerRow, lastCol, HEADER_STYLE);
  b.style(L.firstDataRow, 0, last, lastCol, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(L.firstDataRow, self, last, lastCol, { horizontal: 'center', vertical: 'top', border: 'thin' });
  [16, 9, 8.5, 22, 28, 6, 6, 11, 6].forEach((w, i) => b.width(i, w));
  b.plan.freeze = { rows: L.headerRow + 1, cols: 0 };
  b.print('landscape', { headerRow: L.headerRow });
  return b.plan;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Characters per printed line of the About sheet (as on the de-identified cover). */
const ABOUT_LINE = 80;

function aboutSheet(agency: Agency, opts: AgencyPlanOptions): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.about, 'other');
  const file = (f: string) => (opts.hideFiles ? 'a file' : f);
  const teams = agency.teams.map((t) => {
    const periods = [...new Set(agency.ratings.filter((r) => r.team === t.label).map((r) => r.period))];
    const rated = agency.ratings.filter((r) => r.team === t.label).length;
    return (
      `${t.key} ${t.label}${opts.hideFiles || t.label === fileStem(t.file) ? '' : `: ${t.file}`} ` +
      `(${count(t.workbook.team.length, 'worker')}, ${count(rated, 'rating')}` +
      `${periods.length ? ` in ${periods.join(', ')}` : ''}, ${count(t.workbook.sessions.length, 'session')})`
    );
  });
  const sections: [string, string[]][] = [
    [
      'What this is',
      [
        `Made ${opts.computedAt} by peer-performance rollup from ${count(agency.teams.length, 'team workbook')}: ` +
          `${count(agency.workers.length, 'worker')}, ${count(agency.ratings.length, 'rating')}, ` +
          `${count(agency.sessions.length, 'session')}.`,
        'Every figure is a formula over the Agency ratings and Agency log tables, so the workbook works without the add-in. Run the rollup again to bring in what the teams have added.',
      ],
    ],
    ['Teams', teams],
    ['How it was read', agency.notes],
    [
      'Left out',
      [
        ...opts.rollup.skipped.map((s) => `${file(s.file)}: not used. ${s.reasons.join('; ')}`),
        ...opts.rollup.countedOnce.map(
          (c) => `${file(c.file)}: counted once, ${c.why} as ${opts.hideFiles ? 'another file' : c.sameAs}.`,
        ),
      ],
    ],
  ];
  b.value(0, 0, AGENCY_TITLES.about);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  let row = 2;
  for (const [title, lines] of sections) {
    b.value(row, 0, title);
    b.style(row, 0, row, 0, { font: { bold: true } });
    row++;
    for (const l of lines.length ? lines : ['Nothing.'])
      wrapWords(l, ABOUT_LINE).forEach((t, i) => b.value(row++, 0, i ? `   ${t}` : `- ${t}`));
    row++;
  }
  b.width(0, 76);
  b.print('portrait');
  return b.plan;
}
