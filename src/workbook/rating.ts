/**
 * Rating sheet: one worker, one review period, one framework.
 *
 * Layout (0-based rows/cols; the reader finds the table by its headers, not by these positions):
 *   A1 title; labels in A3:A10 with values in B3:B10; the table's header row at row 12 (index 11);
 *   table columns A-K; the category block beside it from column M with the same header row.
 */
import { rangeRef } from './a1';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Rating } from '../domain/ratings';
import { RoleProfile, roleMarks } from '../domain/roles';
import { Scale, scaleChoices, scaleMax, scaleMin, scoreText } from '../domain/scale';
import { Worker } from '../domain/csv';
import { SheetPlan } from './plan';
import { COLORS, exactCriterion, excelDate, HEADER_STYLE, SheetBuilder } from './sheet';
import { SETTING_NAMES } from './settingsSheet';

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

export function scaleDescription(scale: Scale): string {
  return [
    ...scale.levels.map((l) => `${l.value} ${l.label}`),
    `${scale.notApplicable.code} ${scale.notApplicable.label}`,
  ].join(', ');
}

/**
 * The labels above a rating table (label in column A, value in B), which readers look for: worker,
 * role, period, framework (its title beside the id), scale and role profile.
 */
export function ratingLabels(
  b: SheetBuilder,
  input: Pick<RatingSheetInput, 'worker' | 'period' | 'framework' | 'scale' | 'role'>,
  top = RATING_LAYOUT.labelRow,
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
  labels.forEach(([l, v], i) => b.label(top + i, 0, l, v));
  b.value(top + 4, 2, framework.title);
  b.style(top + 4, 2, top + 4, 2, { font: { italic: true, color: COLORS.label } });
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
  b.style(first, C.text, last, C.text, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.notes, last, C.actions, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.self, last, C.gap, { horizontal: 'center', vertical: 'top', border: 'thin' });
  b.style(first, C.self, last, C.supervisor, { fill: COLORS.input, horizontal: 'center', border: 'thin' });
  b.style(first, C.target, last, C.target, { numFmt: 'yyyy-mm-dd', border: 'thin' });
  comps.forEach((c, i) => {
    if (marks.has(c.id))
      b.style(first + i, C.role, first + i, C.role, { fill: COLORS.key, font: { bold: true } });
  });

  const widths = [26, 7, 60, 9, 11, 7, 30, 30, 30, 12, 15];
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
  b.row(h, bc, [...CATEGORY_HEADERS]);
  b.style(h, bc, h, bc + CATEGORY_HEADERS.length - 1, HEADER_STYLE);
  const cats = framework.categories;
  const catRange = col(C.category);
  const meanRow = (r: number, selfMean: string, supMean: string, selfCount: string, supCount: string) => {
    b.formula(r, bc + 1, `IFERROR(${selfMean},"")`);
    b.formula(r, bc + 2, `IFERROR(${supMean},"")`);
    const s = b.ref(r, bc + 1);
    const v = b.ref(r, bc + 2);
    b.formula(r, bc + 3, `IF(AND(ISNUMBER(${s}),ISNUMBER(${v})),${v}-${s},"")`);
    b.formula(r, bc + 4, selfCount);
    b.formula(r, bc + 5, supCount);
  };
  cats.forEach((cat, i) => {
    const r = first + i;
    const crit = exactCriterion(cat.title);
    b.value(r, bc, cat.title);
    meanRow(
      r,
      `AVERAGEIFS(${col(C.self)},${catRange},${crit})`,
      `AVERAGEIFS(${col(C.supervisor)},${catRange},${crit})`,
      `COUNTIFS(${catRange},${crit},${col(C.self)},">=-1E+307")`,
      `COUNTIFS(${catRange},${crit},${col(C.supervisor)},">=-1E+307")`,
    );
  });
  const allRow = first + cats.length;
  b.value(allRow, bc, 'All competencies');
  meanRow(
    allRow,
    `AVERAGE(${col(C.self)})`,
    `AVERAGE(${col(C.supervisor)})`,
    `COUNT(${col(C.self)})`,
    `COUNT(${col(C.supervisor)})`,
  );
  b.style(first, bc, allRow, bc + 5, { border: 'thin', vertical: 'top' });
  b.style(first, bc, allRow - 1, bc, { wrap: true, border: 'thin', fill: COLORS.category });
  b.style(allRow, bc, allRow, bc + 5, { font: { bold: true }, border: 'thin' });
  b.style(first, bc + 1, allRow, bc + 3, { numFmt: '0.00', border: 'thin' });
  [36, 10, 12, 8, 10, 12].forEach((w, i) => b.width(bc + i, w));
  const catRef = (c: number) => ({ sheet: input.sheetName, ref: rangeRef(first, c, allRow - 1, c) });
  b.plan.charts.push({
    type: 'bar',
    title: `Self and supervisor means by category, ${period}`,
    categories: catRef(bc),
    series: [
      { name: 'Self', values: catRef(bc + 1), color: COLORS.self },
      { name: 'Supervisor', values: catRef(bc + 2), color: COLORS.supervisor },
    ],
    xAxisTitle: 'Category',
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: bc, row: allRow + 2, toCol: bc + 6, toRow: allRow + 2 + Math.max(18, cats.length * 2) },
  });

  b.tableSheet(h, [rangeRef(first, C.self, last, C.supervisor), rangeRef(first, C.notes, last, C.target)]);
  return b.plan;
}
