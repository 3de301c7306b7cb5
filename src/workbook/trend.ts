/**
 * Trend sheet: one worker across review periods. Self and Supervisor stay separate series; every
 * value is a formula over that period's rating sheet. Periods come in the order given (see
 * src/domain/periods.ts); a period without a sheet for this worker shows blanks.
 */
import { rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework } from '../domain/framework';
import { Scale, scaleMax, scaleMin } from '../domain/scale';
import { BlockSource, blockMean } from './lookups';
import { SheetPlan } from './plan';
import { COLORS, HEADER_STYLE, SheetBuilder } from './sheet';

export const TREND_HEADERS = [
  'Period',
  'Self mean',
  'Supervisor mean',
  'Self change',
  'Supervisor change',
  'Rating sheet',
] as const;
export const TREND_LAYOUT = { headerRow: 5 };
export const ALL_COMPETENCIES = 'All competencies';

export interface TrendInput {
  sheetName: string;
  worker: Worker;
  framework: Framework;
  scale: Scale;
  /** Ordered periods; `source` undefined when the worker has no sheet for that period. */
  periods: { period: string; source?: BlockSource }[];
}

export function trendSheet(input: TrendInput): SheetPlan {
  const { worker, framework, scale, periods } = input;
  const b = new SheetBuilder(input.sheetName, 'trend');
  b.value(0, 0, `Trends: ${worker.name || worker.workerId}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.label(2, 0, 'Worker ID', worker.workerId);
  b.label(3, 0, 'Worker', worker.name);
  const h = TREND_LAYOUT.headerRow;
  b.row(h, 0, [...TREND_HEADERS]);
  b.style(h, 0, h, TREND_HEADERS.length - 1, HEADER_STYLE);
  const mean = (src: BlockSource | undefined, title: string, rater: 'self' | 'supervisor') =>
    src ? blockMean(src, title, rater) : undefined;
  periods.forEach((p, i) => {
    const r = h + 1 + i;
    b.value(r, 0, p.period);
    const self = mean(p.source, ALL_COMPETENCIES, 'self');
    const sup = mean(p.source, ALL_COMPETENCIES, 'supervisor');
    if (self) b.formula(r, 1, self);
    if (sup) b.formula(r, 2, sup);
    if (i > 0) {
      for (const [c, from] of [
        [3, 1],
        [4, 2],
      ] as const) {
        const [cur, prev] = [b.ref(r, from), b.ref(r - 1, from)];
        b.formula(r, c, `IF(AND(ISNUMBER(${cur}),ISNUMBER(${prev})),${cur}-${prev},"")`);
      }
    }
    b.value(r, 5, p.source?.sheet ?? 'no rating sheet');
  });
  const lastP = h + periods.length;
  b.style(h + 1, 1, lastP, 4, { numFmt: '0.00', border: 'thin' });
  [28, 11, 14, 11, 16, 22].forEach((w, i) => b.width(i, w));

  // Category means per period: supervisor block, then self block (rows categories, columns periods).
  const cats = framework.categories;
  const blocks: { title: string; rater: 'supervisor' | 'self'; top: number }[] = [
    { title: 'Supervisor mean by category', rater: 'supervisor', top: lastP + 2 },
    { title: 'Self mean by category', rater: 'self', top: lastP + 2 + cats.length + 3 },
  ];
  for (const blk of blocks) {
    b.value(blk.top, 0, blk.title);
    b.style(blk.top, 0, blk.top, 0, { font: { bold: true } });
    b.row(blk.top + 1, 0, ['Category', ...periods.map((p) => p.period)]);
    b.style(blk.top + 1, 0, blk.top + 1, periods.length, HEADER_STYLE);
    cats.forEach((cat, i) => {
      const r = blk.top + 2 + i;
      b.value(r, 0, cat.title);
      periods.forEach((p, j) => {
        const f = mean(p.source, cat.title, blk.rater);
        if (f) b.formula(r, 1 + j, f);
      });
    });
    b.style(blk.top + 2, 0, blk.top + 1 + cats.length, 0, { wrap: true, fill: COLORS.category });
    b.style(blk.top + 2, 1, blk.top + 1 + cats.length, periods.length, { numFmt: '0.00', border: 'thin' });
  }

  const ref = (r1: number, c1: number, r2: number, c2: number) => ({
    sheet: input.sheetName,
    ref: rangeRef(r1, c1, r2, c2),
  });
  const chartCol = Math.max(7, periods.length + 2);
  b.plan.charts.push({
    type: 'line',
    title: 'Overall mean by period',
    categories: ref(h + 1, 0, lastP, 0),
    series: [
      { name: 'Self', values: ref(h + 1, 1, lastP, 1), color: COLORS.self },
      { name: 'Supervisor', values: ref(h + 1, 2, lastP, 2), color: COLORS.supervisor },
    ],
    xAxisTitle: 'Review period',
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: chartCol, row: 1, toCol: chartCol + 8, toRow: 18 },
  });
  const sup = blocks[0];
  b.plan.charts.push({
    type: 'line',
    title: 'Supervisor mean by category',
    categories: ref(sup.top + 1, 1, sup.top + 1, periods.length),
    series: cats.map((cat, i) => ({
      name: cat.title,
      values: ref(sup.top + 2 + i, 1, sup.top + 2 + i, periods.length),
    })),
    xAxisTitle: 'Review period',
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: chartCol, row: 20, toCol: chartCol + 10, toRow: 44 },
  });
  b.plan.freeze = { rows: h + 1, cols: 1 };
  b.plan.print = { orientation: 'landscape', paper: 'letter', fitToWidth: true };
  return b.plan;
}
