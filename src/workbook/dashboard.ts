/**
 * Team dashboard: every worker for one period (a heatmap of supervisor means by category, self
 * means beside it, open blind spots), plus the team's history: the mean of the workers' category
 * means per period (each worker counts once), with a line chart. All formulas over rating sheets.
 */
import { rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework } from '../domain/framework';
import { Scale, scaleMax, scaleMin } from '../domain/scale';
import { BlockSource, blindSpotCountFormula, blockMean, Rater } from './lookups';
import { SheetPlan } from './plan';
import { COLORS, HEADER_STYLE, SheetBuilder } from './sheet';
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

export const DASHBOARD_LAYOUT = { heatmapHeaderRow: 4 };

export function dashboardSheet(input: DashboardInput): SheetPlan {
  const { framework, scale, workers, periods } = input;
  const b = new SheetBuilder(input.sheetName, 'dashboard');
  const cats = framework.categories;
  const nc = cats.length;
  b.value(0, 0, `Team dashboard: ${input.period}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.value(
    1,
    0,
    'Supervisor means by category (colour scale), self means beside them, and open blind spots per worker.',
  );
  b.style(1, 0, 1, 0, { font: { italic: true, color: COLORS.label } });

  /** A workers x categories grid of one rater's means for one period; returns its first data row. */
  const grid = (top: number, col: number, title: string, sources: Map<string, BlockSource>, rater: Rater) => {
    b.value(top - 1, col, title);
    b.style(top - 1, col, top - 1, col, { font: { bold: true } });
    b.row(top, col, ['Worker ID', ...cats.map((c) => c.title)]);
    b.style(top, col, top, col + nc, {
      ...HEADER_STYLE,
      font: { bold: true, color: COLORS.headerText, size: 8 },
    });
    workers.forEach((w, i) => {
      b.value(top + 1 + i, col, w.workerId);
      const src = sources.get(w.workerId);
      if (src) cats.forEach((c, j) => b.formula(top + 1 + i, col + 1 + j, blockMean(src, c.title, rater)));
    });
    const last = top + workers.length;
    b.style(top + 1, col + 1, last, col + nc, { numFmt: '0.0', horizontal: 'center', border: 'thin' });
    return top + 1;
  };

  const current = periods.find((p) => p.period === input.period)?.sources ?? new Map<string, BlockSource>();
  const h = DASHBOARD_LAYOUT.heatmapHeaderRow;
  const first = grid(h, 0, `Supervisor mean, ${input.period}`, current, 'supervisor');
  const last = first + workers.length - 1;
  const heat = rangeRef(first, 1, last, nc);
  b.plan.conditionalFormats.push({
    ref: heat,
    type: 'colorScale',
    colors: ['F8696B', 'FFEB84', '63BE7B'],
    min: scaleMin(scale),
    max: scaleMax(scale),
  });
  const selfCol = nc + 2;
  grid(h, selfCol, `Self mean, ${input.period}`, current, 'self');
  b.plan.conditionalFormats.push({
    ref: rangeRef(first, selfCol + 1, last, selfCol + nc),
    type: 'colorScale',
    colors: ['FBE5D6', 'F4B183'],
    min: scaleMin(scale),
    max: scaleMax(scale),
  });
  const bsCol = selfCol + nc + 2;
  b.value(h, bsCol, 'Open blind spots');
  b.style(h, bsCol, h, bsCol, HEADER_STYLE);
  workers.forEach((w, i) => {
    const src = current.get(w.workerId);
    if (src) b.formula(first + i, bsCol, blindSpotCountFormula(src, SETTING_NAMES.gapThreshold));
  });
  b.plan.conditionalFormats.push({
    ref: rangeRef(first, bsCol, last, bsCol),
    type: 'cellIs',
    operator: 'greaterThan',
    formulas: ['0'],
    style: { fill: COLORS.blindSpot, bold: true },
  });

  // History: per period a grid of supervisor means (the current one is the heatmap), then team means.
  let top = last + 4;
  const gridRows = new Map<string, number>();
  for (const p of periods) {
    if (p.period === input.period) {
      gridRows.set(p.period, first);
      continue;
    }
    gridRows.set(p.period, grid(top, 0, `Supervisor mean, ${p.period}`, p.sources, 'supervisor'));
    top += workers.length + 3;
  }
  const teamTop = top + 1;
  b.value(teamTop - 1, 0, 'Team mean of supervisor means (each worker counts once)');
  b.style(teamTop - 1, 0, teamTop - 1, 0, { font: { bold: true } });
  b.row(teamTop, 0, ['Period', ...cats.map((c) => c.title)]);
  b.style(teamTop, 0, teamTop, nc, {
    ...HEADER_STYLE,
    font: { bold: true, color: COLORS.headerText, size: 8 },
  });
  periods.forEach((p, i) => {
    const r = teamTop + 1 + i;
    const g = gridRows.get(p.period)!;
    b.value(r, 0, p.period);
    cats.forEach((_, j) =>
      b.formula(r, 1 + j, `IFERROR(AVERAGE(${rangeRef(g, 1 + j, g + workers.length - 1, 1 + j)}),"")`),
    );
  });
  const teamLast = teamTop + periods.length;
  b.style(teamTop + 1, 1, teamLast, nc, { numFmt: '0.00', border: 'thin' });
  const ref = (r1: number, c1: number, r2: number, c2: number) => ({
    sheet: input.sheetName,
    ref: rangeRef(r1, c1, r2, c2),
  });
  b.plan.charts.push({
    type: 'line',
    title: 'Team mean by category and period (supervisor ratings)',
    categories: ref(teamTop + 1, 0, teamLast, 0),
    series: cats.map((c, j) => ({ name: c.title, values: ref(teamTop + 1, 1 + j, teamLast, 1 + j) })),
    xAxisTitle: 'Review period',
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: 0, row: teamLast + 2, toCol: 10, toRow: teamLast + 26 },
  });
  b.width(0, 12);
  for (let j = 1; j <= nc; j++) b.width(j, 9);
  b.width(selfCol, 12);
  for (let j = 1; j <= nc; j++) b.width(selfCol + j, 9);
  b.width(bsCol, 12);
  b.plan.print = { orientation: 'landscape', paper: 'letter', fitToWidth: true };
  return b.plan;
}
