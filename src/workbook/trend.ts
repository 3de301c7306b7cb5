/**
 * Trend sheet: one worker across review periods. Self and Supervisor stay separate series; every
 * value is a formula over that period's rating sheet. Periods come in the order given (see
 * src/domain/periods.ts); a period without a sheet for this worker shows blanks, and its chart point
 * is left out (a gap), not drawn as 0. The categories are heatmaps and a bar chart of the change since
 * the previous period (two series), not one line per category.
 */
import { rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework } from '../domain/framework';
import { Scale, scaleMax, scaleMin } from '../domain/scale';
import { BlockSource, blockMean } from './lookups';
import { SheetPlan } from './plan';
import { chartRows, COLORS, HEADER_STYLE, HEATMAP_COLORS, SheetBuilder } from './sheet';

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

/**
 * Where a trend sheet keeps its blocks, for `periods` periods and `categories` categories (0-based rows):
 * the period table, the overall chart below it, then (each on a new page) the supervisor and self means
 * by category and period, and the change since the previous period with its chart.
 */
export function trendLayout(periods: number, categories: number) {
  const h = TREND_LAYOUT.headerRow;
  const lastPeriod = h + periods;
  const chart = { row: lastPeriod + 2, toRow: lastPeriod + 20 };
  const supervisor = chart.toRow + 1;
  const self = supervisor + categories + 3;
  const change = self + categories + 3;
  return { headerRow: h, lastPeriod, chart, supervisor, self, change };
}

export function trendSheet(input: TrendInput): SheetPlan {
  const { worker, framework, scale, periods } = input;
  const b = new SheetBuilder(input.sheetName, 'trend');
  const cats = framework.categories;
  const L = trendLayout(periods.length, cats.length);
  b.value(0, 0, `Trends: ${worker.name || worker.workerId}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.label(2, 0, 'Worker ID', worker.workerId);
  b.label(3, 0, 'Worker', worker.name);
  const h = L.headerRow;
  // chart sources beside the table (grey): #N/A where a period has no mean, so the line has a gap there
  const helper = Math.max(TREND_HEADERS.length, periods.length + 1) + 1;
  b.row(h, 0, [...TREND_HEADERS]);
  b.style(h, 0, h, TREND_HEADERS.length - 1, HEADER_STYLE);
  const mean = (src: BlockSource | undefined, title: string, rater: 'self' | 'supervisor') =>
    src ? blockMean(src, title, rater) : undefined;
  const change = (cur: string, prev: string) =>
    `IF(AND(ISNUMBER(${cur}),ISNUMBER(${prev})),${cur}-${prev},"")`;
  periods.forEach((p, i) => {
    const r = h + 1 + i;
    b.value(r, 0, p.period);
    const self = mean(p.source, ALL_COMPETENCIES, 'self');
    const sup = mean(p.source, ALL_COMPETENCIES, 'supervisor');
    if (self) b.formula(r, 1, self);
    if (sup) b.formula(r, 2, sup);
    if (i > 0) {
      b.formula(r, 3, change(b.ref(r, 1), b.ref(r - 1, 1)));
      b.formula(r, 4, change(b.ref(r, 2), b.ref(r - 1, 2)));
    }
    b.value(r, 5, p.source?.sheet ?? 'no rating sheet');
  });
  const lastP = L.lastPeriod;
  b.style(h + 1, 1, lastP, 4, { numFmt: '0.00', border: 'thin' });
  const periodCols = Math.max(5, periods.length);
  [24, 8.5, 11.5, 8.5, 11.5, 15.5].forEach((w, i) => b.width(i, w));
  for (let c = 6; c <= periods.length; c++) b.width(c, 8);
  b.width(helper, 8).width(helper + 1, 11.5);
  const selfLine = b.chartSource(h, h + 1, lastP, 1, helper, 'Chart: self');
  const supLine = b.chartSource(h, h + 1, lastP, 2, helper + 1, 'Chart: supervisor');

  const ref = (r1: number, c1: number, r2: number, c2: number) => ({
    sheet: input.sheetName,
    ref: rangeRef(r1, c1, r2, c2),
  });
  b.plan.charts.push({
    type: 'line',
    title: 'Overall mean by period',
    categories: ref(h + 1, 0, lastP, 0),
    series: [
      { name: 'Self', values: { sheet: input.sheetName, ref: selfLine }, color: COLORS.self },
      { name: 'Supervisor', values: { sheet: input.sheetName, ref: supLine }, color: COLORS.supervisor },
    ],
    xAxisTitle: 'Review period',
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    // one period is one point: label it
    dataLabels: periods.length === 1,
    anchor: { col: 0, row: L.chart.row, toCol: 6, toRow: L.chart.toRow },
  });

  // Category means per period (rows categories, columns periods), coloured as heatmaps.
  const blocks: { title: string; rater: 'supervisor' | 'self'; top: number }[] = [
    { title: 'Supervisor mean by category', rater: 'supervisor', top: L.supervisor },
    { title: 'Self mean by category', rater: 'self', top: L.self },
  ];
  for (const blk of blocks) {
    b.value(blk.top, 0, blk.title);
    b.style(blk.top, 0, blk.top, 0, { font: { bold: true } });
    b.row(blk.top + 1, 0, ['Category', ...periods.map((p) => p.period)]);
    b.style(blk.top + 1, 0, blk.top + 1, periods.length, { ...HEADER_STYLE, horizontal: 'center' });
    cats.forEach((cat, i) => {
      const r = blk.top + 2 + i;
      b.value(r, 0, cat.title);
      periods.forEach((p, j) => {
        const f = mean(p.source, cat.title, blk.rater);
        if (f) b.formula(r, 1 + j, f);
      });
    });
    const grid = rangeRef(blk.top + 2, 1, blk.top + 1 + cats.length, periods.length);
    b.style(blk.top + 2, 0, blk.top + 1 + cats.length, 0, {
      wrap: true,
      fill: COLORS.category,
      border: 'thin',
    });
    b.style(blk.top + 2, 1, blk.top + 1 + cats.length, periods.length, {
      numFmt: '0.00',
      horizontal: 'center',
      border: 'thin',
    });
    b.plan.conditionalFormats.push({
      ref: grid,
      type: 'colorScale',
      colors: HEATMAP_COLORS,
      min: scaleMin(scale),
      max: scaleMax(scale),
    });
  }
  let end = L.self + 1 + cats.length;
  const breaks = [L.supervisor, L.self];

  // Change since the previous period, per category: a bar per rater (two series, not one line per category).
  if (periods.length >= 2) {
    const top = L.change;
    const [prev, latest] = [periods[periods.length - 2].period, periods[periods.length - 1].period];
    breaks.push(top);
    b.value(top, 0, `Change from ${prev} to ${latest} by category`);
    b.style(top, 0, top, 0, { font: { bold: true } });
    b.row(top + 1, 0, ['Category', 'Self change', 'Supervisor change']);
    b.style(top + 1, 0, top + 1, 2, HEADER_STYLE);
    const at = (block: number, i: number, j: number) => b.ref(block + 2 + i, 1 + j);
    cats.forEach((cat, i) => {
      const r = top + 2 + i;
      b.value(r, 0, cat.title);
      const n = periods.length - 1;
      b.formula(r, 1, change(at(L.self, i, n), at(L.self, i, n - 1)));
      b.formula(r, 2, change(at(L.supervisor, i, n), at(L.supervisor, i, n - 1)));
    });
    const last = top + 1 + cats.length;
    b.style(top + 2, 0, last, 0, { wrap: true, fill: COLORS.category, border: 'thin' });
    b.style(top + 2, 1, last, 2, { numFmt: '+0.00;-0.00;0.00', horizontal: 'center', border: 'thin' });
    const selfBars = b.chartSource(top + 1, top + 2, last, 1, helper, 'Chart: self');
    const supBars = b.chartSource(top + 1, top + 2, last, 2, helper + 1, 'Chart: supervisor');
    const col = (c: number) => ref(top + 2, c, last, c);
    const chartTop = last + 2;
    breaks.push(chartTop); // the chart on a page of its own, never cut in two
    b.plan.charts.push({
      type: 'bar',
      title: `Change from ${prev} to ${latest} (mean rating)`,
      categories: col(0),
      series: [
        { name: 'Self', values: { sheet: input.sheetName, ref: selfBars }, color: COLORS.self },
        { name: 'Supervisor', values: { sheet: input.sheetName, ref: supBars }, color: COLORS.supervisor },
      ],
      yAxisTitle: 'Change in mean rating',
      anchor: { col: 0, row: chartTop, toCol: 6, toRow: chartTop + chartRows(cats.length) },
    });
    end = chartTop + chartRows(cats.length);
  }

  b.plan.freeze = { rows: h + 1, cols: 1 };
  b.print('portrait', { areas: [rangeRef(0, 0, end, periodCols)], breaks });
  return b.plan;
}
