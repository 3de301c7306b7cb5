/**
 * Rating sheet: one worker, one review period, one framework.
 *
 * Layout (0-based rows/cols; the reader finds the table by its headers, not by these positions):
 *   A1 title; labels in A3:A10 with values in B3:B10; the table's header row at row 12 (index 11);
 *   table columns A-K; the category block and its chart from column M, below the table (in rows of
 *   their own: beside the table, its tall rows would stretch them).
 * Prints landscape: the table (header repeated), then the category block and chart on a page of their own.
 */
import { colName, rangeRef } from './a1';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Rating } from '../domain/ratings';
import { RoleProfile, roleMarks } from '../domain/roles';
import { Scale, scaleChoices, scaleMax, scaleMin, scoreText } from '../domain/scale';
import { Worker } from '../domain/csv';
import { SheetPlan } from './plan';
import { chartRows, COLORS, exactCriterion, excelDate, HEADER_STYLE, SheetBuilder } from './sheet';
import { SETTING_NAMES } from './settingsSheet';
import { textWidth, usableWidth } from './textFit';

export const RATING_HEADERS = [
  'Category',
  'ID',
  'Competency',
  'Self',
  'Supervisor',
  'Gap',
  'Notes',
  'Goal',
  'Action steps',
  'Target date',
  'Role focus',
] as const;

export const CATEGORY_HEADERS = [
  'Category',
  'Self mean',
  'Supervisor mean',
  'Gap',
  'Self rated',
  'Supervisor rated',
] as const;

export const RATING_LABELS = {
  workerId: 'Worker ID',
  workerName: 'Worker',
  role: 'Role',
  period: 'Period',
  framework: 'Framework',
  version: 'Framework version',
  scale: 'Scale',
  roleProfile: 'Role profile',
} as const;

export const RATING_LAYOUT = {
  labelRow: 2,
  headerRow: 11,
  firstDataRow: 12,
  col: {
    category: 0,
    id: 1,
    text: 2,
    self: 3,
    supervisor: 4,
    gap: 5,
    notes: 6,
    goal: 7,
    actions: 8,
    target: 9,
    role: 10,
  },
  blockCol: 12,
  /** The category block's header row: two rows below the table's last competency. */
  blockHeaderRow: (competencies: number) => RATING_LAYOUT.firstDataRow + competencies + 2,
};

export interface RatingSheetInput {
  sheetName: string;
  tableName: string;
  worker: Worker;
  period: string;
  framework: Framework;
  scale: Scale;
  role?: RoleProfile;
  /** Existing ratings to fill in (Self, Supervisor, Notes, and Goal, Action steps, Target date when they have them). */
  ratings?: Rating[];
  /** Candidate goals (competency id -> text) for the Goal column. */
  goals?: Map<string, string>;
}

/** Width of an ID column that shows the framework's longest id on one line. */
export function idColumnWidth(ids: string[]): number {
  return Math.max(5, Math.ceil(Math.max(0, ...ids.map((id) => textWidth(id))) + usableWidth(0) + 0.6));
}

export function scaleDescription(scale: Scale): string {
  return [
    ...scale.levels.map((l) => `${l.value} ${l.label}`),
    `${scale.notApplicable.code} ${scale.notApplicable.label}`,
  ].join(', ');
}

/**
 * The labels above a rating table (label in column A, value in B, wrapped across C), which readers look
 * for: worker, role, period, framework (its title beside the id, in D), scale and role profile.
 */
export function ratingLabels(
  b: SheetBuilder,
  input: Pick<RatingSheetInput, 'worker' | 'period' | 'framework' | 'scale' | 'role'>,
  top = RATING_LAYOUT.labelRow,
  lastCol = RATING_HEADERS.length - 1,
): void {
  const { worker, framework } = input;
  const labels: [string, string][] = [
    [RATING_LABELS.workerId, worker.workerId],
    [RATING_LABELS.workerName, worker.name],
    [RATING_LABELS.role, worker.role],
    [RATING_LABELS.period, input.period],
    [RATING_LABELS.framework, framework.id],
    [RATING_LABELS.version, framework.version],
    [RATING_LABELS.scale, scaleDescription(input.scale)],
    [RATING_LABELS.roleProfile, input.role?.title ?? ''],
  ];
  labels.forEach(([l, v], i) => b.label(top + i, 0, l, v, 2));
  b.note(top + 4, 3, lastCol, framework.title, { font: { italic: true, color: COLORS.label } });
}

export function ratingSheet(input: RatingSheetInput): SheetPlan {
  const { framework, scale, worker, period } = input;
  const L = RATING_LAYOUT;
  const C = L.col;
  const b = new SheetBuilder(input.sheetName, 'rating');
  const comps = flattenCompetencies(framework);
  const marks = roleMarks(input.role, framework.id);
  const byId = new Map((input.ratings ?? []).map((r) => [r.competencyId, r]));

  b.value(0, 0, `Competency ratings: ${worker.name || worker.workerId}, ${period}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  ratingLabels(b, input);
  const blockAt = `${colName(L.blockCol)}${L.blockHeaderRow(comps.length)}`;
  b.value(L.headerRow - 1, 0, `Means by category and a chart: below the table, from cell ${blockAt}.`);
  b.style(L.headerRow - 1, 0, L.headerRow - 1, 0, { font: { italic: true, color: COLORS.label } });

  const h = L.headerRow;
  b.row(h, 0, [...RATING_HEADERS]);
  b.style(h, 0, h, RATING_HEADERS.length - 1, HEADER_STYLE);
  const first = L.firstDataRow;
  const last = first + comps.length - 1;
  comps.forEach((c, i) => {
    const r = first + i;
    const rating = byId.get(c.id);
    const selfText = rating ? scoreText(rating.self, scale) : '';
    const supText = rating ? scoreText(rating.supervisor, scale) : '';
    const cell = (t: string) => (t === '' ? null : /^\d+$/.test(t) ? Number(t) : t);
    b.row(r, 0, [c.categoryTitle, c.id, c.text, cell(selfText), cell(supText)]);
    const self = b.ref(r, C.self);
    const sup = b.ref(r, C.supervisor);
    b.formula(r, C.gap, `IF(AND(ISNUMBER(${self}),ISNUMBER(${sup})),${sup}-${self},"")`);
    b.row(r, C.notes, [
      rating?.notes || null,
      rating?.goal || (input.goals?.get(c.id) ?? null),
      rating?.actionSteps || null,
      rating?.targetDate ? excelDate(rating.targetDate) : null,
      marks.get(c.id) ?? null,
    ]);
  });
  const col = (c: number) => rangeRef(first, c, last, c, true);
  b.style(first, 0, last, RATING_HEADERS.length - 1, { vertical: 'top', border: 'thin' });
  b.style(first, C.category, last, C.category, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.text, last, C.text, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.role, last, C.role, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.notes, last, C.actions, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.self, last, C.gap, { horizontal: 'center', vertical: 'top', border: 'thin' });
  b.style(first, C.self, last, C.supervisor, { fill: COLORS.input, horizontal: 'center', border: 'thin' });
  b.style(first, C.target, last, C.target, { numFmt: 'yyyy-mm-dd', border: 'thin' });
  comps.forEach((c, i) => {
    if (marks.has(c.id))
      b.style(first + i, C.role, first + i, C.role, { fill: COLORS.key, font: { bold: true } });
  });

  // Narrow enough to print one page wide at a readable size; long texts wrap.
  const widths = [28, idColumnWidth(comps.map((c) => c.id)), 42, 6, 11.5, 5.5, 12, 12, 9.5, 11, 13];
  widths.forEach((w, i) => b.width(i, w));

  b.plan.tables.push({
    name: input.tableName,
    ref: rangeRef(h, 0, last, RATING_HEADERS.length - 1),
    style: 'TableStyleLight9',
    columns: [...RATING_HEADERS],
  });
  b.plan.validations.push({
    ref: rangeRef(first, C.self, last, C.supervisor),
    type: 'list',
    values: scaleChoices(scale),
    allowBlank: true,
    promptTitle: 'Rating',
    prompt: `${scaleDescription(scale)}. Leave blank if not rated yet.`,
    errorTitle: 'Not on the scale',
    error: `Choose ${scaleChoices(scale).join(', ')} or leave the cell blank.`,
  });
  const gapTop = b.ref(first, C.gap);
  b.plan.conditionalFormats.push(
    {
      ref: rangeRef(first, C.gap, last, C.gap),
      type: 'expression',
      formula: `AND(ISNUMBER(${gapTop}),${gapTop}<=-${SETTING_NAMES.gapThreshold})`,
      style: { fill: COLORS.blindSpot, bold: true },
    },
    {
      ref: rangeRef(first, C.gap, last, C.gap),
      type: 'expression',
      formula: `AND(ISNUMBER(${gapTop}),${gapTop}>=${SETTING_NAMES.gapThreshold})`,
      style: { fill: COLORS.hiddenStrength, bold: true },
    },
  );

  // Category block: per category, each rater's mean (AVERAGEIFS skips blanks and N/A text) and the gap.
  const bc = L.blockCol;
  // Below the table (its own rows, so the table's tall rows do not stretch it), to the right.
  const bh = L.blockHeaderRow(comps.length);
  const bf = bh + 1;
  b.value(bh - 1, bc, 'Means by category');
  b.style(bh - 1, bc, bh - 1, bc, { font: { bold: true, size: 12 } });
  b.row(bh, bc, [...CATEGORY_HEADERS]);
  b.style(bh, bc, bh, bc + CATEGORY_HEADERS.length - 1, HEADER_STYLE);
  const cats = framework.categories;
  const catRange = col(C.category);
  const meanRow = (
    r: number,
    selfMean: string,
    supMean: string,
    gap: string,
    selfCount: string,
    supCount: string,
  ) => {
    b.formula(r, bc + 1, `IFERROR(${selfMean},"")`);
    b.formula(r, bc + 2, `IFERROR(${supMean},"")`);
    b.formula(r, bc + 3, `IFERROR(${gap},"")`);
    b.formula(r, bc + 4, selfCount);
    b.formula(r, bc + 5, supCount);
  };
  // The gap is paired: the mean of the Gap column, over the competencies both rated.
  cats.forEach((cat, i) => {
    const r = bf + i;
    const crit = exactCriterion(cat.title);
    b.value(r, bc, cat.title);
    meanRow(
      r,
      `AVERAGEIFS(${col(C.self)},${catRange},${crit})`,
      `AVERAGEIFS(${col(C.supervisor)},${catRange},${crit})`,
      `AVERAGEIFS(${col(C.gap)},${catRange},${crit})`,
      `COUNTIFS(${catRange},${crit},${col(C.self)},">=-1E+307")`,
      `COUNTIFS(${catRange},${crit},${col(C.supervisor)},">=-1E+307")`,
    );
  });
  const allRow = bf + cats.length;
  b.value(allRow, bc, 'All competencies');
  meanRow(
    allRow,
    `AVERAGE(${col(C.self)})`,
    `AVERAGE(${col(C.supervisor)})`,
    `AVERAGE(${col(C.gap)})`,
    `COUNT(${col(C.self)})`,
    `COUNT(${col(C.supervisor)})`,
  );
  // (one empty row first: readers find the block's end by the first empty title cell)
  b.note(
    allRow + 2,
    bc,
    bc + 5,
    'Means: each rater apart, over the competencies that rater rated. Gap: the mean of Supervisor - Self over the competencies both rated.',
    { font: { italic: true, color: COLORS.label } },
  );
  b.style(bf, bc, allRow, bc + 5, { border: 'thin', vertical: 'top' });
  b.style(bf, bc, allRow - 1, bc, { wrap: true, border: 'thin', fill: COLORS.category });
  b.style(allRow, bc, allRow, bc + 5, { font: { bold: true }, border: 'thin' });
  b.style(bf, bc + 1, allRow, bc + 3, { numFmt: '0.00', border: 'thin' });
  [46, 8, 11.5, 6, 7, 11.5].forEach((w, i) => b.width(bc + i, w));
  const catRef = (c: number) => ({ sheet: input.sheetName, ref: rangeRef(bf, c, allRow - 1, c) });
  // chart sources right of the block (not printed)
  const source = (from: number, to: number, header: string) => ({
    sheet: input.sheetName,
    ref: b.chartSource(bh, bf, allRow - 1, from, to, header),
  });
  const [selfSrc, supSrc] = [
    source(bc + 1, bc + 7, 'Chart: self'),
    source(bc + 2, bc + 8, 'Chart: supervisor'),
  ];
  b.width(bc + 7, 8).width(bc + 8, 11.5);
  b.plan.charts.push({
    type: 'bar',
    title: `Self and supervisor means by category, ${period}`,
    categories: catRef(bc),
    series: [
      { name: 'Self', values: selfSrc, color: COLORS.self },
      { name: 'Supervisor', values: supSrc, color: COLORS.supervisor },
    ],
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: bc, row: allRow + 4, toCol: bc + 6, toRow: allRow + 4 + chartRows(cats.length) },
  });
  const chartEnd = allRow + 4 + chartRows(cats.length);

  b.tableSheet(h, [rangeRef(first, C.self, last, C.supervisor), rangeRef(first, C.notes, last, C.target)], {
    breaks: [allRow + 4], // the chart on a page of its own, never cut in two
    areas: [rangeRef(0, 0, last, RATING_HEADERS.length - 1), rangeRef(bh - 1, bc, chartEnd, bc + 5)],
  });
  return b.plan;
}
