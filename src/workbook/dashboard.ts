/**
 * Team dashboard: every worker for one period (a heatmap of supervisor means by category, then the self
 * means, open blind spots beside the first), then the team's history oldest to newest: each earlier
 * period's supervisor means, and the mean of the workers' category means per period (each worker counts
 * once), with a bar chart of the last two periods per category. Workers are named, their id beside the
 * name (a de-identified copy shows codes in both). Categories head the grids as short codes with a
 * legend, so the headers fit. All formulas over rating sheets.
 */
import { rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework } from '../domain/framework';
import { Scale, scaleMax, scaleMin } from '../domain/scale';
import { BlockSource, blindSpotCountFormula, blockMean, Rater } from './lookups';
import { SheetPlan } from './plan';
import { COLORS, HEADER_STYLE, HEATMAP_COLORS, SheetBuilder } from './sheet';
import { SETTING_NAMES } from './settingsSheet';

export interface DashboardInput {
  sheetName: string;
  framework: Framework;
  scale: Scale;
  workers: Worker[];
  /** The period the heatmap shows. */
  period: string;
  /** Every period in order (history), with each worker's rating sheet when there is one. */
  periods: { period: string; sources: Map<string, BlockSource> }[];
}

export const DASHBOARD_LAYOUT = { heatmapHeaderRow: 4, firstCategoryCol: 2 };

/** The short code heading a category's column ("Cat 3"), explained in the legend. */
export function categoryCode(id: string, index: number): string {
  return `Cat ${id.length <= 3 ? id : index + 1}`;
}

export function dashboardSheet(input: DashboardInput): SheetPlan {
  const { framework, scale, workers, periods } = input;
  const b = new SheetBuilder(input.sheetName, 'dashboard');
  const cats = framework.categories;
  const nc = cats.length;
  const c0 = DASHBOARD_LAYOUT.firstCategoryCol;
  const bsCol = c0 + nc;
  const codes = cats.map((c, i) => categoryCode(c.id, i));
  b.value(0, 0, `Team dashboard: ${input.period}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.note(
    1,
    0,
    bsCol,
    'Supervisor means by category (colour scale: red low, green high), open blind spots, then self means. ' +
      'The categories (Cat 1 ...) are listed below the grids.',
    { font: { italic: true, color: COLORS.label } },
  );
  const heat = (ref: string) =>
    b.plan.conditionalFormats.push({
      ref,
      type: 'colorScale',
      colors: HEATMAP_COLORS,
      min: scaleMin(scale),
      max: scaleMax(scale),
    });

  /** A workers x categories grid of one rater's means for one period; returns its first data row. */
  const grid = (top: number, title: string, sources: Map<string, BlockSource>, rater: Rater) => {
    b.value(top - 1, 0, title);
    b.style(top - 1, 0, top - 1, 0, { font: { bold: true } });
    b.row(top, 0, ['Worker', 'Worker ID', ...codes]);
    b.style(top, 0, top, c0 + nc - 1, { ...HEADER_STYLE, horizontal: 'center' });
    workers.forEach((w, i) => {
      b.row(top + 1 + i, 0, [w.name || w.workerId, w.workerId]);
      const src = sources.get(w.workerId);
      if (src) cats.forEach((c, j) => b.formula(top + 1 + i, c0 + j, blockMean(src, c.title, rater)));
    });
    const last = top + workers.length;
    b.style(top + 1, 0, last, 0, { wrap: true, vertical: 'top', border: 'thin' });
    b.style(top + 1, 1, last, 1, { vertical: 'top', border: 'thin' });
    b.style(top + 1, c0, last, c0 + nc - 1, {
      numFmt: '0.0',
      horizontal: 'center',
      vertical: 'top',
      border: 'thin',
    });
    heat(rangeRef(top + 1, c0, last, c0 + nc - 1));
    return top + 1;
  };

  const current = periods.find((p) => p.period === input.period)?.sources ?? new Map<string, BlockSource>();
  const h = DASHBOARD_LAYOUT.heatmapHeaderRow;
  const first = grid(h, `Supervisor mean, ${input.period}`, current, 'supervisor');
  const last = first + workers.length - 1;
  b.value(h, bsCol, 'Open blind spots');
  b.style(h, bsCol, h, bsCol, HEADER_STYLE);
  workers.forEach((w, i) => {
    const src = current.get(w.workerId);
    if (src) b.formula(first + i, bsCol, blindSpotCountFormula(src, SETTING_NAMES.gapThreshold));
  });
  b.style(first, bsCol, last, bsCol, { horizontal: 'center', border: 'thin' });
  b.plan.conditionalFormats.push({
    ref: rangeRef(first, bsCol, last, bsCol),
    type: 'cellIs',
    operator: 'greaterThan',
    formulas: ['0'],
    style: { fill: COLORS.blindSpot, bold: true },
  });
  const selfTop = last + 3;
  grid(selfTop, `Self mean, ${input.period}`, current, 'self');

  // Legend: what each code stands for, in two columns (code, then the title wrapped across the columns
  // to its right).
  const legend = selfTop + workers.length + 2;
  b.value(legend, 0, 'Categories');
  b.style(legend, 0, legend, 0, { font: { bold: true } });
  const half = Math.ceil(nc / 2);
  const right = c0 + Math.floor(nc / 2);
  cats.forEach((c, i) => {
    const r = legend + 1 + (i % half);
    const [code, from, to] = i < half ? [0, 1, right - 1] : [right, right + 1, bsCol];
    b.value(r, code, codes[i]).value(r, from, c.title);
    b.plan.merges.push(rangeRef(r, from, r, to));
    b.style(r, code, r, code, { font: { bold: true }, vertical: 'top' });
    b.style(r, from, r, to, { wrap: true, vertical: 'top' });
  });

  // History: per earlier period (oldest first) a grid of supervisor means, then team means.
  const breaks: number[] = [];
  let top = legend + half + 3;
  const gridRows = new Map<string, number>();
  for (const p of periods) {
    if (p.period === input.period) {
      gridRows.set(p.period, first);
      continue;
    }
    if (!breaks.length) breaks.push(top - 1);
    gridRows.set(p.period, grid(top, `Supervisor mean, ${p.period}`, p.sources, 'supervisor'));
    top += workers.length + 3;
  }
  const teamTop = top + 1;
  breaks.push(teamTop - 1);
  b.value(teamTop - 1, 0, 'Team mean of supervisor means (each worker counts once)');
  b.style(teamTop - 1, 0, teamTop - 1, 0, { font: { bold: true } });
  b.row(teamTop, 0, ['Period', '', ...codes]);
  b.plan.merges.push(rangeRef(teamTop, 0, teamTop, 1));
  b.style(teamTop, 0, teamTop, c0 + nc - 1, { ...HEADER_STYLE, horizontal: 'center' });
  periods.forEach((p, i) => {
    const r = teamTop + 1 + i;
    const g = gridRows.get(p.period)!;
    b.value(r, 0, p.period);
    b.plan.merges.push(rangeRef(r, 0, r, 1));
    cats.forEach((_, j) =>
      b.formula(r, c0 + j, `IFERROR(AVERAGE(${rangeRef(g, c0 + j, g + workers.length - 1, c0 + j)}),"")`),
    );
  });
  const teamLast = teamTop + periods.length;
  b.style(teamTop + 1, 0, teamLast, 1, { border: 'thin' });
  b.style(teamTop + 1, c0, teamLast, c0 + nc - 1, { numFmt: '0.00', horizontal: 'center', border: 'thin' });
  heat(rangeRef(teamTop + 1, c0, teamLast, c0 + nc - 1));

  // The last two periods side by side per category (categories down): two bars each, not twelve lines.
  const shown = periods.slice(-2);
  const cmp = teamLast + 2;
  const title = shown.map((p) => p.period).join(' and ');
  b.value(cmp, 0, `Team mean by category, ${title}`);
  b.style(cmp, 0, cmp, 0, { font: { bold: true } });
  const helper = c0 + shown.length + 1;
  b.row(cmp + 1, 0, ['Category', '', ...shown.map((p) => p.period)]);
  b.plan.merges.push(rangeRef(cmp + 1, 0, cmp + 1, 1));
  if (shown.length === 2) {
    b.value(cmp + 1, c0 + 2, 'Change');
    b.plan.merges.push(rangeRef(cmp + 1, c0 + 2, cmp + 1, c0 + 3));
  }
  b.style(cmp + 1, 0, cmp + 1, c0 + shown.length - (shown.length === 2 ? -1 : 1), HEADER_STYLE);
  cats.forEach((c, j) => {
    const r = cmp + 2 + j;
    b.value(r, 0, c.title);
    b.plan.merges.push(rangeRef(r, 0, r, 1));
    shown.forEach((p, k) => {
      const teamRow = teamTop + 1 + periods.indexOf(p);
      b.formula(r, c0 + k, b.ref(teamRow, c0 + j));
    });
    if (shown.length === 2) b.plan.merges.push(rangeRef(r, c0 + 2, r, c0 + 3));
    if (shown.length === 2)
      b.formula(
        r,
        c0 + 2,
        `IF(AND(ISNUMBER(${b.ref(r, c0 + 1)}),ISNUMBER(${b.ref(r, c0)})),${b.ref(r, c0 + 1)}-${b.ref(r, c0)},"")`,
      );
  });
  const cmpLast = cmp + 1 + nc;
  b.style(cmp + 2, 0, cmpLast, 1, { wrap: true, vertical: 'top', fill: COLORS.category, border: 'thin' });
  b.style(cmp + 2, c0, cmpLast, c0 + 1, {
    numFmt: '0.00',
    horizontal: 'center',
    vertical: 'top',
    border: 'thin',
  });
  if (shown.length === 2)
    b.style(cmp + 2, c0 + 2, cmpLast, c0 + 3, {
      numFmt: '+0.00;-0.00;0.00',
      horizontal: 'center',
      vertical: 'top',
      border: 'thin',
    });
  const bars = shown.map((p, k) =>
    b.chartSource(cmp + 1, cmp + 2, cmpLast, c0 + k, helper + 1 + k, `Chart: ${p.period}`),
  );

  const ref = (r1: number, c1: number, r2: number, c2: number) => ({
    sheet: input.sheetName,
    ref: rangeRef(r1, c1, r2, c2),
  });
  const chartTop = cmpLast + 2;
  breaks.push(chartTop); // the chart on a page of its own, never cut in two
  const chartEnd = chartTop + Math.max(20, nc * 2 + 2);
  const shades = ['9DC3E6', COLORS.supervisor];
  b.plan.charts.push({
    type: 'bar',
    title: `Team mean by category (supervisor ratings), ${title}`,
    categories: ref(cmp + 2, 0, cmpLast, 0),
    series: shown.map((p, k) => ({
      name: p.period,
      values: { sheet: input.sheetName, ref: bars[k] },
      color: shades[k + 2 - shown.length],
    })),
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: 0, row: chartTop, toCol: bsCol + 1, toRow: chartEnd },
  });
  b.width(0, 22).width(1, 9);
  for (let j = 0; j < nc; j++) b.width(c0 + j, 7.5);
  b.width(bsCol, 9);
  b.print('landscape', { areas: [rangeRef(0, 0, chartEnd, bsCol)], breaks });
  return b.plan;
}
