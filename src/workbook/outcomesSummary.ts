/**
 * Provider summary: per worker and for the agency, the figures of src/domain/pcoms.ts summarize() as
 * formulas over the outcome log, plus a by-quarter block with a line chart.
 */
import { cellRef, quoteSheet, rangeRef } from './a1';
import { Session } from '../domain/pcoms';
import { SheetPlan } from './plan';
import { COLORS, exactCriterion, HEADER_STYLE, SheetBuilder, str } from './sheet';
import {
  FIGURES,
  LOG_COL,
  LogColumn,
  logRange,
  OUTCOME_CATEGORIES,
  OutcomeLogRef,
  OutcomeSettingRefs,
  outcomeSettingRefs,
  escapeWildcards,
  srsBelowCriterion,
  wholeColumn,
} from './outcomesLog';
import { SERIES_COLORS } from './outcomesPerson';

export const SUMMARY_HEADERS = [
  'Worker',
  'Persons served',
  'Persons with 2+ ORS',
  'Sessions',
  'Mean intake ORS',
  'Mean latest ORS',
  'Mean change',
  '% reliably improved',
  '% clinically significant change',
  '% deteriorated',
  '% sessions with SRS below cutoff',
  'Data completeness',
  'Effect size (pre-post)',
  'Effect size band',
] as const;

export const QUARTER_HEADERS = [
  'Quarter',
  'Sessions',
  'Persons',
  'Mean ORS',
  'Mean SRS',
  '% sessions with SRS below cutoff',
  'Chart: mean ORS',
  'Chart: mean SRS',
] as const;

export const AGENCY_LABEL = 'Agency';

export const SUMMARY_LAYOUT = { headerRow: 4, firstDataRow: 5 } as const;

/** Hidden columns (0-based) of a group's row: the first and last log rows of the group (SummaryGroup.rows). */
export const GROUP_ROWS_COLS = [16, 17] as const;

/** "2026 Q1" for an ISO date. */
export function quarterOf(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
}

/** Every quarter from the first to the last session date, in order (none without sessions). */
export function quartersOf(sessions: Session[]): string[] {
  if (!sessions.length) return [];
  const dates = sessions.map((s) => s.date).sort();
  const [y0, m0] = dates[0].split('-').map(Number);
  const [y1, m1] = dates[dates.length - 1].split('-').map(Number);
  const out: string[] = [];
  for (let i = y0 * 4 + Math.floor((m0 - 1) / 3); i <= y1 * 4 + Math.floor((m1 - 1) / 3); i++)
    out.push(`${Math.floor(i / 4)} Q${(i % 4) + 1}`);
  return out;
}

/**
 * A row between the workers and the Agency row for the people whose person code begins with `codePrefix`
 * (an agency rollup's team: its codes are written "Team|code"): the Agency row's figures over them alone.
 */
export interface SummaryGroup {
  label: string;
  codePrefix: string;
  /**
   * Where the group's rows are in the log while it is in person order (1-based sheet row expressions, first
   * and last): the group's rows and its workers' then read those rows alone, so the summary's cost grows with
   * the group's sessions, not the log's. Without it (or once the log is out of order), every row is read.
   */
  rows?: { first: string; last: string };
}

export interface ProviderSummaryInput {
  sheetName: string;
  log: OutcomeLogRef;
  /** Worker IDs, one row each; the groups, then the Agency row, follow. */
  workers: string[];
  groups?: SummaryGroup[];
  /** Per worker, the index of the group whose sessions its row counts (default: every session). */
  workerGroups?: number[];
  /** Quarter labels ("2026 Q1"); default: every quarter spanned by `sessions`. */
  periods?: string[];
  sessions?: Session[];
  settingsNames?: Partial<OutcomeSettingRefs>;
  settingsSheetName?: string;
}

/** Where each summary row is: worker IDs, the groups, then the Agency row (0-based rows). */
export function summaryRows(
  workers: string[],
  groups: SummaryGroup[] = [],
): { label: string; row: number }[] {
  return [...workers, ...groups.map((g) => g.label), AGENCY_LABEL].map((label, i) => ({
    label,
    row: SUMMARY_LAYOUT.firstDataRow + i,
  }));
}

export function quarterHeaderRow(workers: string[], groups: SummaryGroup[] = []): number {
  return SUMMARY_LAYOUT.firstDataRow + workers.length + groups.length + 3;
}

export function providerSummarySheet(input: ProviderSummaryInput): SheetPlan {
  const refs = outcomeSettingRefs(input.settingsNames, input.settingsSheetName);
  const R = (k: LogColumn) => logRange(input.log, k);
  const onLog = (ref: string) => `${quoteSheet(input.log.sheetName)}!${ref}`;
  const b = new SheetBuilder(input.sheetName, 'outcomes');
  b.value(0, 0, 'PCOMS provider summary');
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  const notes = [
    `Formulas over the log "${input.log.sheetName}". Outcome figures (means, shares, effect size) are over ` +
      "persons with at least two ORS scores; a worker's row counts each person's sessions with that worker.",
    'Effect size = mean change / sample SD of intake ORS (simple pre-post; 0.8 large, 0.5 moderate, below ' +
      '0.3 small). SRS below cutoff: share of sessions with an SRS total. Completeness: sessions with both totals.',
  ];
  notes.forEach((t, i) =>
    b.note(1 + i, 0, SUMMARY_HEADERS.length - 1, t, { font: { italic: true, color: COLORS.label } }),
  );

  const h = SUMMARY_LAYOUT.headerRow;
  b.row(h, 0, [...SUMMARY_HEADERS]);
  b.style(h, 0, h, SUMMARY_HEADERS.length - 1, HEADER_STYLE);
  const below = srsBelowCriterion(refs);
  const groups = input.groups ?? [];
  const rows = summaryRows(input.workers, groups);
  // A group's row (and its workers') reads the group's rows of the log alone while the log is in person
  // order: the first and last of those rows are worked out once, in hidden cells of the group's row.
  const inOrder = `${onLog(FIGURES.ordered)}=${onLog(FIGURES.last)}`;
  const [fromCol, toCol] = GROUP_ROWS_COLS;
  const groupRow = (g: SummaryGroup) => rows[input.workers.length + groups.indexOf(g)].row;
  const part = (g: SummaryGroup) => (k: LogColumn) => {
    const col = onLog(wholeColumn(LOG_COL[k]));
    return `INDEX(${col},${cellRef(groupRow(g), fromCol, true)}):INDEX(${col},${cellRef(groupRow(g), toCol, true)})`;
  };
  if (groups.some((g) => g.rows)) {
    b.row(h, fromCol, ['Log rows from', 'Log rows to']);
    b.hide(fromCol, toCol);
  }
  for (const g of groups)
    if (g.rows) b.formula(groupRow(g), fromCol, g.rows.first).formula(groupRow(g), toCol, g.rows.last);
  rows.forEach(({ label, row }, i) => {
    const agency = i === rows.length - 1;
    const group = i >= input.workers.length && !agency ? groups[i - input.workers.length] : undefined;
    const team = group ?? groups[input.workerGroups?.[i] ?? -1];
    // a worker's row counts each person's sessions with that worker; the others, each person's sessions
    const person = agency || !!group;
    const at = (c: number) => cellRef(row, c);
    const [n, sessions, meanIntake, meanChange] = [2, 3, 4, 6].map(at);
    const C = OUTCOME_CATEGORIES;
    /** The row's formulas (columns 1 to 12) over the log's columns as `R` gives them. */
    const figures = (R: (k: LogColumn) => string, scoped = false): string[] => {
      // (over the group's own rows, its code prefix goes without saying)
      const prefixMask =
        team && !scoped ? `(LEFT(${R('person')},${team.codePrefix.length})=${str(team.codePrefix)})` : '';
      const prefixCrit =
        team && !scoped ? `${R('person')},${str(`${escapeWildcards(team.codePrefix)}*`)},` : '';
      const mask = agency
        ? `(${R('person')}<>"")`
        : group
          ? prefixMask || `(${R('person')}<>"")`
          : `${prefixMask}${prefixMask && '*'}(${R('worker')}=${str(label)})`;
      const crit = agency ? '' : group ? prefixCrit : `${prefixCrit}${R('worker')},${exactCriterion(label)},`;
      const flag = person ? R('outcomeRow') : R('wOutcomeRow');
      const intake = person ? R('intake') : R('wIntake');
      const change = person ? R('change') : R('wChange');
      const outcome = person ? R('outcome') : R('wOutcome');
      const ifN = (f: string) => `IF(${n}=0,"",${f})`;
      const countOutcome = (c: string) => `COUNTIFS(${crit}${outcome},${exactCriterion(c)})`;
      const srsOk = `${crit}${R('srsTotal')},">=0"`;
      const variance = `(SUMPRODUCT(${mask}*${flag},${intake},${intake})-${n}*${meanIntake}^2)/(${n}-1)`;
      return [
        `COUNTIFS(${crit}${person ? R('personFirst') : R('pairFirst')},1)`,
        `COUNTIFS(${crit}${flag},1)`,
        agency || !crit ? `COUNTA(${R('person')})` : `COUNTIFS(${crit.slice(0, -1)})`,
        ifN(`AVERAGEIFS(${intake},${crit}${flag},1)`),
        ifN(`AVERAGEIFS(${R('orsTotal')},${crit}${flag},1)`),
        ifN(`AVERAGEIFS(${change},${crit}${flag},1)`),
        ifN(`(${countOutcome(C.csc)}+${countOutcome(C.improved)})/${n}`),
        ifN(`${countOutcome(C.csc)}/${n}`),
        ifN(`${countOutcome(C.deteriorated)}/${n}`),
        `IF(COUNTIFS(${srsOk})=0,"",COUNTIFS(${crit}${R('srsTotal')},${below})/COUNTIFS(${srsOk}))`,
        `IF(${sessions}=0,"",COUNTIFS(${crit}${R('orsTotal')},">=0",${R('srsTotal')},">=0")/${sessions})`,
        `IF(${n}<2,"",IF(${variance}<=1E-9,"",${meanChange}/SQRT(${variance})))`,
      ];
    };
    const whole = figures((k) => logRange(input.log, k));
    const own = team?.rows && !agency ? figures(part(team), true) : undefined;
    b.value(row, 0, label);
    whole.forEach((f, c) => b.formula(row, 1 + c, own ? `IF(${inOrder},${own[c]},${f})` : f));
    const es = at(12);
    b.formula(
      row,
      13,
      `IF(${es}="","",IF(${es}>=0.8,"large",IF(${es}>=0.5,"moderate",IF(${es}>=0.3,"small to moderate","small"))))`,
    );
  });
  const first = SUMMARY_LAYOUT.firstDataRow;
  const agencyRow = rows[rows.length - 1].row;
  b.style(first, 0, agencyRow, SUMMARY_HEADERS.length - 1, { border: 'thin' });
  b.style(first, 4, agencyRow, 6, { numFmt: '0.0', border: 'thin' });
  b.style(first, 6, agencyRow, 6, { numFmt: '+0.0;-0.0;0.0', border: 'thin' });
  b.style(first, 7, agencyRow, 11, { numFmt: '0%', border: 'thin' });
  b.style(first, 12, agencyRow, 12, { numFmt: '0.00', border: 'thin' });
  b.style(agencyRow, 0, agencyRow, SUMMARY_HEADERS.length - 1, {
    font: { bold: true },
    fill: COLORS.category,
  });

  // By quarter.
  const periods = input.periods ?? quartersOf(input.sessions ?? []);
  const qh = quarterHeaderRow(input.workers, groups);
  b.value(qh - 1, 0, 'By quarter (of the session date)');
  b.style(qh - 1, 0, qh - 1, 0, { font: { bold: true, size: 12 } });
  b.row(qh, 0, [...QUARTER_HEADERS]);
  b.style(qh, 0, qh, QUARTER_HEADERS.length - 1, HEADER_STYLE);
  b.style(qh, 6, qh, 7, { ...HEADER_STYLE, fill: COLORS.label });
  const qRows = periods.length ? periods : [''];
  qRows.forEach((q, i) => {
    const row = qh + 1 + i;
    const at = (c: number) => cellRef(row, c);
    const qc = `${R('quarter')},${exactCriterion(q)}`;
    const srsOk = `${qc},${R('srsTotal')},">=0"`;
    b.value(row, 0, q);
    b.formula(row, 1, `COUNTIFS(${qc})`);
    b.formula(row, 2, `COUNTIFS(${qc},${R('quarterFirst')},1)`);
    b.formula(row, 3, `IF(COUNTIFS(${qc},${R('orsTotal')},">=0")=0,"",AVERAGEIFS(${R('orsTotal')},${qc}))`);
    b.formula(row, 4, `IF(COUNTIFS(${srsOk})=0,"",AVERAGEIFS(${R('srsTotal')},${qc}))`);
    b.formula(
      row,
      5,
      `IF(COUNTIFS(${srsOk})=0,"",COUNTIFS(${qc},${R('srsTotal')},${below})/COUNTIFS(${srsOk}))`,
    );
    b.formula(row, 6, `IF(ISNUMBER(${at(3)}),${at(3)},NA())`);
    b.formula(row, 7, `IF(ISNUMBER(${at(4)}),${at(4)},NA())`);
  });
  const qFirst = qh + 1;
  const qLast = qh + qRows.length;
  b.style(qFirst, 0, qLast, 5, { border: 'thin' });
  b.style(qFirst, 3, qLast, 4, { numFmt: '0.0', border: 'thin' });
  b.style(qFirst, 5, qLast, 5, { numFmt: '0%', border: 'thin' });
  b.style(qFirst, 6, qLast, 7, { numFmt: '0.0', font: { color: COLORS.grey } });
  const col = (c: number) => ({ sheet: input.sheetName, ref: rangeRef(qFirst, c, qLast, c) });
  b.plan.charts.push({
    type: 'line',
    title: 'Mean ORS and SRS by quarter',
    categories: col(0),
    series: [
      { name: 'Mean ORS', values: col(6), color: SERIES_COLORS.ors },
      { name: 'Mean SRS', values: col(7), color: SERIES_COLORS.srs },
    ],
    xAxisTitle: 'Quarter',
    yAxisTitle: 'Mean total (0-40)',
    yMin: 0,
    yMax: 40,
    dataLabels: qRows.length === 1, // one quarter: one labelled point, not an empty frame
    anchor: { col: 9, row: qh, toCol: 14, toRow: qh + Math.max(16, qRows.length + 2) },
  });

  // Each header's longest word fits (headers wrap); the band may take two lines.
  [12, 9.5, 9.5, 9.5, 8, 9.5, 9, 10.5, 12, 13.5, 10, 14.5, 11, 10].forEach((w, i) => b.width(i, w));
  b.style(first, 13, agencyRow, 13, { wrap: true, vertical: 'top', border: 'thin' });
  b.minHeight(first, agencyRow, 30);
  b.plan.freeze = { rows: h + 1, cols: 1 };
  const chartEnd = qh + Math.max(16, qRows.length + 2);
  // the by-quarter block and its chart on a page of their own: never a chart cut by a page break
  b.print('landscape', {
    headerRow: h,
    areas: [rangeRef(0, 0, Math.max(qLast, chartEnd), 13)],
    breaks: [qh - 1],
  });
  return b.plan;
}
