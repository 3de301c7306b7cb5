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
import { colName, rangeRef } from './a1';
import { scaleMax, scaleMin, scoreText } from '../domain/scale';
import { Agency, CODE_SEPARATOR, fileStem, Rollup } from './agency';
import { wrapWords } from './deidentify';
import { outcomeLogRef, outcomesLogSheet } from './outcomesLog';
import { AGENCY_LABEL, providerSummarySheet, SUMMARY_HEADERS, summaryRows } from './outcomesSummary';
import { SheetPlan, WorkbookPlan } from './plan';
import { SETTING_NAMES, SETTINGS_SHEET, settingsSheet } from './settingsSheet';
import { COLORS, HEADER_STYLE, SheetBuilder } from './sheet';

export const AGENCY_SHEETS = {
  about: 'About this rollup',
  workers: 'Agency workers',
  heatmap: 'Agency heatmap',
  outcomes: 'Agency outcomes',
  ratings: 'Agency ratings',
  log: 'Agency log',
} as const;

/** The A1 text of each agency sheet: how readers know it (and that a workbook is an agency rollup). */
export const AGENCY_TITLES: Record<keyof typeof AGENCY_SHEETS, string> = {
  about: 'About this rollup',
  workers: 'Agency workers',
  heatmap: 'Agency heatmap: competency means by category and team',
  outcomes: 'Agency outcomes summary (PCOMS)',
  ratings: 'Agency ratings: every team workbook’s rating sheets',
  log: 'Agency outcome log: every team workbook’s sessions (ORS and SRS item scores)',
};

export const AGENCY_TABLES = {
  teams: 'PPS_AgencyTeams',
  workers: 'PPS_AgencyWorkers',
  ratings: 'PPS_AgencyRatings',
  log: 'PPS_AgencyOutcomes',
} as const;

/** True when a sheet's A1 says it is one of the agency sheets. */
export function isAgencySheet(a1: unknown): boolean {
  return typeof a1 === 'string' && Object.values(AGENCY_TITLES).includes(a1.trim());
}

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

export const AGENCY_TEAM_HEADERS = ['Team', 'Workers', ...OUTCOME_COLUMNS, ...RATING_COLUMNS];
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
export const AGENCY_HEATMAP_LAYOUT = { headerRow: 5, firstDataRow: 6 } as const;

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
  const log = outcomeLogRef(AGENCY_SHEETS.log, agency.sessions.length);
  const workers = agency.workers.map((w) => w.workerId);
  const groups = agency.teams.map((t) => ({ label: t.label, codePrefix: `${t.label}${CODE_SEPARATOR}` }));
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
    sessions: agency.sessions,
    settingsSheetName,
  });
  retitle(logSheet, AGENCY_TITLES.log);
  retitle(summary, AGENCY_TITLES.outcomes);
  summary.cells[3] = [
    {
      value:
        'Team rows: every session with the team. Person codes are read per team (the log writes them ' +
        `"Team${CODE_SEPARATOR}code"), so a team's figures are those of its own workbook.`,
    },
  ];
  summary.formats.push({ ref: 'A4', style: { font: { italic: true, color: COLORS.label } } });
  return {
    sheets: [
      aboutSheet(agency, opts),
      workersSheet(agency, summaryRows(workers, groups)),
      heatmapSheet(agency),
      summary,
      ratingsSheet(agency),
      logSheet,
      ...(settings ? [settings.sheet] : []),
    ],
    names: settings?.names ?? [],
  };
}

function retitle(plan: SheetPlan, title: string): void {
  plan.cells[0][0] = { value: title };
}

/** Absolute A1 range of one column of the Agency ratings table, with the sheet. */
function ratingsColumn(agency: Agency, header: string): string {
  const L = AGENCY_RATINGS_LAYOUT;
  const c = AGENCY_RATING_HEADERS.indexOf(header);
  const last = L.firstDataRow + Math.max(1, agency.ratings.length) - 1;
  return `'${AGENCY_SHEETS.ratings}'!${rangeRef(L.firstDataRow, c, last, c, true)}`;
}

/** The period every competency figure uses: the Agency workers sheet's B3. */
const PERIOD_CELL = `'${AGENCY_SHEETS.workers}'!$B$3`;

/**
 * Supervisor mean, self mean and blind spots over the Agency ratings rows matching `crit` (criteria pairs
 * ending in a comma, or '') for the period.
 */
function ratingFigures(agency: Agency, crit: string): Record<(typeof RATING_COLUMNS)[number], string> {
  const R = (h: string) => ratingsColumn(agency, h);
  const inPeriod = `${crit}${R('Period')},"="&${PERIOD_CELL}`;
  const mean = (h: string) => `IFERROR(AVERAGEIFS(${R(h)},${inPeriod}),"")`;
  return {
    'Supervisor mean': mean('Supervisor'),
    'Self mean': mean('Self'),
    'Blind spots': `IF(COUNTIFS(${inPeriod})=0,"",COUNTIFS(${inPeriod},${R('Gap')},"<="&-${SETTING_NAMES.gapThreshold}))`,
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

/** `summary`: the Agency outcomes rows (summaryRows): the workers, the teams, the agency. */
function workersSheet(agency: Agency, summary: { label: string; row: number }[]): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.workers, 'other');
  const L = agencyWorkersLayout(agency.teams.length, agency.workers.length);
  b.value(0, 0, AGENCY_TITLES.workers);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.value(
    1,
    0,
    'Outcome figures come from the Agency outcomes sheet (formulas over the Agency log); supervisor and ' +
      'self means and blind spots are over the Agency ratings table for the period in B3: type another ' +
      `period there to see it (${agency.periods.join(', ') || 'no ratings yet'}).`,
  );
  b.style(1, 0, 1, 0, { font: { italic: true, color: COLORS.label } });
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

  // Teams, then the agency.
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
    b.value(row, 0, t.label);
    fill(row, AGENCY_TEAM_HEADERS, {
      Workers: `COUNTIFS(${workerCol('Team')},"="&${team})`,
      ...outcomes(summary[agency.workers.length + i].row),
      ...ratingFigures(agency, `${ratingsColumn(agency, 'Team')},"="&${team},`),
    });
  });
  b.value(L.agencyRow, 0, AGENCY_LABEL);
  fill(L.agencyRow, AGENCY_TEAM_HEADERS, {
    Workers: `COUNTA(${workerCol('Worker ID')})`,
    ...outcomes(summary[summary.length - 1].row),
    ...ratingFigures(agency, ''),
  });
  b.style(L.agencyRow, 0, L.agencyRow, AGENCY_TEAM_HEADERS.length - 1, {
    font: { bold: true },
    fill: COLORS.category,
  });
  b.plan.tables.push({
    name: AGENCY_TABLES.teams,
    ref: rangeRef(L.teamHeader, 0, L.agencyRow, AGENCY_TEAM_HEADERS.length - 1),
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
      ...ratingFigures(agency, `${ratingsColumn(agency, 'Worker ID')},"="&$B$${row + 1},`),
    });
  });
  b.plan.tables.push({
    name: AGENCY_TABLES.workers,
    ref: rangeRef(L.workerHeader, 0, L.lastWorkerRow, AGENCY_WORKER_HEADERS.length - 1),
    style: 'TableStyleLight9',
    columns: AGENCY_WORKER_HEADERS,
  });

  for (const [headers, first, last] of [
    [AGENCY_TEAM_HEADERS, L.firstTeamRow, L.agencyRow],
    [AGENCY_WORKER_HEADERS, L.firstWorkerRow, L.lastWorkerRow],
  ] as const) {
    const header = first - 1;
    b.style(header, 0, header, headers.length - 1, HEADER_STYLE);
    headers.forEach((h, c) => {
      if (FORMATS[h]) b.style(first, c, last, c, { numFmt: FORMATS[h] });
    });
    const spots = headers.indexOf('Blind spots');
    b.plan.conditionalFormats.push({
      ref: rangeRef(first, spots, last, spots),
      type: 'cellIs',
      operator: 'greaterThan',
      formulas: ['0'],
      style: { fill: COLORS.blindSpot, bold: true },
    });
  }
  [22, 11, 24, 26, 9, 9, 10, 10, 11, 13, 11, 11, 10, 9].forEach((w, i) => b.width(i, w));
  b.plan.freeze = { rows: 0, cols: 2 };
  b.plan.print = { orientation: 'landscape', paper: 'letter', fitToWidth: true };
  return b.plan;
}

function heatmapSheet(agency: Agency): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.heatmap, 'dashboard');
  const L = AGENCY_HEATMAP_LAYOUT;
  const cats = agency.categories;
  const nc = cats.length;
  b.value(0, 0, AGENCY_TITLES.heatmap);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.value(
    1,
    0,
    'The mean of every supervisor (and self) rating in the category for the period, per team and for the ' +
      'agency; N/A and blank are left out. Blind spots: self rated the threshold or more above supervisor.',
  );
  b.style(1, 0, 1, 0, { font: { italic: true, color: COLORS.label } });
  b.value(2, 0, 'Period');
  b.formula(2, 1, `IF(${PERIOD_CELL}="","",${PERIOD_CELL})`);
  b.style(2, 0, 2, 0, { font: { bold: true, color: COLORS.label } });
  b.value(3, 0, `(set on the ${AGENCY_SHEETS.workers} sheet, cell B3)`);
  b.style(3, 0, 3, 0, { font: { italic: true, color: COLORS.label } });

  const R = (h: string) => ratingsColumn(agency, h);
  const labels = [...agency.teams.map((t) => t.label), AGENCY_LABEL];
  const last = L.firstDataRow + labels.length - 1;
  const grid = (col: number, title: string, rater: 'Supervisor' | 'Self') => {
    b.value(L.headerRow - 1, col, title);
    b.style(L.headerRow - 1, col, L.headerRow - 1, col, { font: { bold: true } });
    b.row(L.headerRow, col, ['Team', ...cats]);
    b.style(L.headerRow, col, L.headerRow, col + nc, {
      ...HEADER_STYLE,
      font: { bold: true, color: COLORS.headerText, size: 8 },
    });
    labels.forEach((label, i) => {
      const row = L.firstDataRow + i;
      const team = i < agency.teams.length ? `${R('Team')},"="&$${colName(col)}$${row + 1},` : '';
      b.value(row, col, label);
      cats.forEach((_, j) => {
        const cat = `$${colName(col + 1 + j)}$${L.headerRow + 1}`;
        b.formula(
          row,
          col + 1 + j,
          `IFERROR(AVERAGEIFS(${R(rater)},${team}${R('Period')},"="&${PERIOD_CELL},${R('Category')},"="&${cat}),"")`,
        );
      });
    });
    b.style(L.firstDataRow, col + 1, last, col + nc, { numFmt: '0.0', horizontal: 'center', border: 'thin' });
    b.style(last, col, last, col + nc, { font: { bold: true }, border: 'thin' });
  };
  grid(0, 'Supervisor mean', 'Supervisor');
  const selfCol = nc + 2;
  grid(selfCol, 'Self mean', 'Self');
  const range = { min: scaleMin(agency.scale), max: scaleMax(agency.scale) };
  b.plan.conditionalFormats.push(
    {
      ref: rangeRef(L.firstDataRow, 1, last, nc),
      type: 'colorScale',
      colors: ['F8696B', 'FFEB84', '63BE7B'],
      ...range,
    },
    {
      ref: rangeRef(L.firstDataRow, selfCol + 1, last, selfCol + nc),
      type: 'colorScale',
      colors: ['FBE5D6', 'F4B183'],
      ...range,
    },
  );
  const bsCol = selfCol + nc + 2;
  b.value(L.headerRow, bsCol, 'Blind spots');
  b.style(L.headerRow, bsCol, L.headerRow, bsCol, HEADER_STYLE);
  labels.forEach((_, i) => {
    const row = L.firstDataRow + i;
    const team = i < agency.teams.length ? `${R('Team')},"="&$A$${row + 1},` : '';
    const inPeriod = `${team}${R('Period')},"="&${PERIOD_CELL}`;
    b.formula(row, bsCol, `COUNTIFS(${inPeriod},${R('Gap')},"<="&-${SETTING_NAMES.gapThreshold})`);
  });
  b.plan.conditionalFormats.push({
    ref: rangeRef(L.firstDataRow, bsCol, last, bsCol),
    type: 'cellIs',
    operator: 'greaterThan',
    formulas: ['0'],
    style: { fill: COLORS.blindSpot, bold: true },
  });
  b.width(0, 22);
  b.width(selfCol, 22);
  for (let j = 1; j <= nc; j++) {
    b.width(j, 9);
    b.width(selfCol + j, 9);
  }
  b.width(bsCol, 11);
  b.plan.print = { orientation: 'landscape', paper: 'letter', fitToWidth: true };
  return b.plan;
}

function ratingsSheet(agency: Agency): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.ratings, 'other');
  const L = AGENCY_RATINGS_LAYOUT;
  b.value(0, 0, AGENCY_TITLES.ratings);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.value(
    1,
    0,
    'One row per competency rated (Self or Supervisor typed) in a team workbook; blank rows are left out. ' +
      'Gap = Supervisor - Self. Made by the rollup: run it again to bring in new ratings.',
  );
  b.style(1, 0, 1, 0, { font: { italic: true, color: COLORS.label } });
  b.row(L.headerRow, 0, AGENCY_RATING_HEADERS);
  b.style(L.headerRow, 0, L.headerRow, AGENCY_RATING_HEADERS.length - 1, HEADER_STYLE);
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
  b.plan.tables.push({
    name: AGENCY_TABLES.ratings,
    ref: rangeRef(L.headerRow, 0, last, AGENCY_RATING_HEADERS.length - 1),
    style: 'TableStyleLight9',
    columns: AGENCY_RATING_HEADERS,
  });
  b.style(L.firstDataRow, self, last, sup + 1, { horizontal: 'center' });
  [22, 11, 10, 20, 40, 8, 7, 11, 7].forEach((w, i) => b.width(i, w));
  b.plan.freeze = { rows: L.headerRow + 1, cols: 0 };
  b.plan.print = {
    orientation: 'landscape',
    paper: 'letter',
    fitToWidth: true,
    titleRows: `${L.headerRow + 1}:${L.headerRow + 1}`,
  };
  return b.plan;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Characters per printed line of the About sheet (as on the de-identified cover). */
const ABOUT_LINE = 86;

function aboutSheet(agency: Agency, opts: AgencyPlanOptions): SheetPlan {
  const b = new SheetBuilder(AGENCY_SHEETS.about, 'other');
  const file = (f: string) => (opts.hideFiles ? 'a file' : f);
  const teams = agency.teams.map((t) => {
    const periods = [...new Set(agency.ratings.filter((r) => r.team === t.label).map((r) => r.period))];
    const rated = agency.ratings.filter((r) => r.team === t.label).length;
    return (
      `${t.label}${opts.hideFiles || t.label === fileStem(t.file) ? '' : `: ${t.file}`} ` +
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
  b.plan.print = { orientation: 'portrait', paper: 'letter', fitToWidth: true };
  return b.plan;
}
