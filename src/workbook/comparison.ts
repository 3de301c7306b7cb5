/**
 * Comparison sheet: one worker, one period, supervisor versus self. Every figure is a formula over
 * the rating sheet (looked up by competency id, so sorted or moved rows still match), so edits
 * there flow through. Only the development suggestions are values, labelled with when computed.
 *
 * The category block's means and gap are paired: over the competencies both rated, so the gap is the
 * mean of their gaps; each rater's mean over everything that rater rated is beside them. Prints
 * landscape: the competency table (with room to write notes), the suggestions on a new page, then the
 * category block, agreement and chart on their own page.
 */
import { colName, quoteSheet, rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Suggestion } from '../domain/ratings';
import { Scale, scaleMax, scaleMin } from '../domain/scale';
import { ConditionalStyle, SheetPlan } from './plan';
import {
  chartRows,
  COLORS,
  exactCriterion,
  HEADER_STYLE,
  SheetBuilder,
  str,
  WRITING_ROW_HEIGHT,
} from './sheet';
import { SETTING_NAMES } from './settingsSheet';
import { idColumnWidth } from './rating';

/** Where a rating sheet keeps its data: enough to look competencies up by id. */
export interface RatingSource {
  sheet: string;
  /** 0-based grid rows of the first and last competency rows. */
  firstRow: number;
  lastRow: number;
  idCol: number;
  selfCol: number;
  supervisorCol: number;
}

export const COMPARISON_HEADERS = [
  'Category',
  'ID',
  'Competency',
  'Self',
  'Supervisor',
  'Gap',
  'Flag',
  'Discussion notes',
  'Source row',
] as const;
export const COMPARISON_BLOCK_HEADERS = [
  'Category',
  'Self mean',
  'Supervisor mean',
  'Gap',
  'Pairs rated',
  'Self mean, all rated',
  'Supervisor mean, all rated',
] as const;
export const COMPARISON_LAYOUT = { headerRow: 9, firstDataRow: 10, blockCol: 10 };
export const AGREEMENT_LABELS = [
  'Pairs rated',
  'Exact agreement',
  'Within one point',
  'Weighted kappa (linear)',
  'Weighted kappa (quadratic)',
] as const;

export interface ComparisonInput {
  sheetName: string;
  worker: Worker;
  period: string;
  framework: Framework;
  scale: Scale;
  source: RatingSource;
  suggestions?: { computedAt: string; items: Suggestion[] };
}

export function comparisonSheet(input: ComparisonInput): SheetPlan {
  const { framework, scale, source, worker, period } = input;
  const b = new SheetBuilder(input.sheetName, 'comparison');
  const comps = flattenCompetencies(framework);
  const { headerRow: h, firstDataRow: first, blockCol: bc } = COMPARISON_LAYOUT;
  const last = first + comps.length - 1;
  const src = quoteSheet(source.sheet);
  const srcCol = (c: number) => `${src}!${rangeRef(source.firstRow, c, source.lastRow, c, true)}`;
  const thr = SETTING_NAMES.gapThreshold;

  b.value(0, 0, `Self and supervisor: ${worker.name || worker.workerId}, ${period}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.label(2, 0, 'Worker ID', worker.workerId);
  b.label(3, 0, 'Worker', worker.name);
  b.label(4, 0, 'Period', period);
  b.label(5, 0, 'Rating sheet', source.sheet);
  b.label(6, 0, 'Gap threshold', null);
  b.formula(6, 1, thr);
  b.note(
    7,
    0,
    7,
    'Gap = Supervisor - Self. Blind spot: self higher by the threshold or more; hidden strength: supervisor higher. Conversation starters, not verdicts.',
    { font: { italic: true, color: COLORS.label } },
  );

  b.row(h, 0, [...COMPARISON_HEADERS]);
  b.style(h, 0, h, COMPARISON_HEADERS.length - 1, HEADER_STYLE);
  comps.forEach((c, i) => {
    const r = first + i;
    const row = b.ref(r, 8);
    const pick = (col: number) => {
      const at = `INDEX(${srcCol(col)},${row})`;
      return `IF(ISNUMBER(${row}),IF(${at}="","",${at}),"")`;
    };
    b.row(r, 0, [c.categoryTitle, c.id, c.text]);
    b.formula(r, 3, pick(source.selfCol));
    b.formula(r, 4, pick(source.supervisorCol));
    const [s, v, g] = [b.ref(r, 3), b.ref(r, 4), b.ref(r, 5)];
    b.formula(r, 5, `IF(AND(ISNUMBER(${s}),ISNUMBER(${v})),${v}-${s},"")`);
    b.formula(
      r,
      6,
      `IF(NOT(ISNUMBER(${g})),"Not rated",IF(-${g}>=${thr},"Blind spot",IF(${g}>=${thr},"Hidden strength","Agree")))`,
    );
    b.formula(r, 8, `IFERROR(MATCH(${str(c.id)},${srcCol(source.idCol)},0),"")`);
  });
  b.style(first, 0, last, 8, { border: 'thin', vertical: 'top' });
  b.style(first, 0, last, 0, { wrap: true, border: 'thin', vertical: 'top' });
  b.style(first, 2, last, 2, { wrap: true, border: 'thin', vertical: 'top' });
  b.style(first, 3, last, 5, { horizontal: 'center', border: 'thin', vertical: 'top' });
  b.style(first, 6, last, 6, { wrap: true, border: 'thin', vertical: 'top' });
  b.style(first, 7, last, 7, { fill: COLORS.input, wrap: true, border: 'thin', vertical: 'top' });
  b.style(first, 8, last, 8, { font: { color: COLORS.grey }, border: 'thin' });
  b.minHeight(first, last, WRITING_ROW_HEIGHT); // room to write the discussion by hand
  [28, idColumnWidth(comps.map((c) => c.id)), 44, 6, 11.5, 5.5, 11, 38, 8].forEach((w, i) => b.width(i, w));
  b.hide(COMPARISON_HEADERS.indexOf('Source row')); // the MATCH the row's lookups use, not for reading
  const flags = rangeRef(first, 6, last, 6);
  const flagStyle = (value: string, style: ConditionalStyle) =>
    b.plan.conditionalFormats.push({
      ref: flags,
      type: 'cellIs',
      operator: 'equal',
      formulas: [str(value)],
      style,
    });
  flagStyle('Blind spot', { fill: COLORS.blindSpot, bold: true });
  flagStyle('Hidden strength', { fill: COLORS.hiddenStrength, bold: true });
  flagStyle('Not rated', { fontColor: COLORS.grey });

  // Development suggestions (values: computed by the add-in from the ratings at that moment), on a new page.
  const sug = input.suggestions;
  let end = last;
  const breaks: number[] = [];
  if (sug) {
    const sr = last + 2;
    breaks.push(sr);
    b.note(
      sr,
      0,
      7,
      `Development suggestions (computed ${sug.computedAt}; copied to the rating sheet's Goal column where it was empty)`,
      { font: { bold: true } },
    );
    b.row(sr + 1, 0, ['Reason', 'ID', 'Competency', 'Self', 'Supervisor', '', 'Suggested goal']);
    b.plan.merges.push(rangeRef(sr + 1, 6, sr + 1, 7));
    b.style(sr + 1, 0, sr + 1, 7, HEADER_STYLE);
    const text = new Map(comps.map((c) => [c.id, c.text]));
    sug.items.forEach((s, i) => {
      const r = sr + 2 + i;
      b.row(r, 0, [
        s.reason,
        s.competencyId,
        text.get(s.competencyId) ?? '',
        s.self,
        s.supervisor,
        null,
        s.goal,
      ]);
      b.plan.merges.push(rangeRef(r, 6, r, 7));
    });
    end = sr + 1 + Math.max(1, sug.items.length);
    if (sug.items.length === 0) b.note(sr + 2, 0, 7, 'No blind spots or low supervisor ratings to suggest.');
    else {
      b.style(sr + 2, 0, end, 7, { wrap: true, vertical: 'top', border: 'thin' });
      b.style(sr + 2, 3, end, 4, { horizontal: 'center', vertical: 'top', border: 'thin' });
    }
  }

  // Category block: means and gap over the pairs, then each rater's mean over all they rated.
  const col = (c: number) => rangeRef(first, c, last, c, true);
  const nb = COMPARISON_BLOCK_HEADERS.length;
  // Below the table and suggestions, to the right: rows of its own, so the table's tall rows do not stretch it.
  const bh = end + 3;
  const bf = bh + 1;
  b.value(bh - 1, bc, 'Means by category');
  b.style(bh - 1, bc, bh - 1, bc, { font: { bold: true, size: 12 } });
  b.row(bh, bc, [...COMPARISON_BLOCK_HEADERS]);
  b.style(bh, bc, bh, bc + nb - 1, HEADER_STYLE);
  const cats = framework.categories;
  // a pair: both ratings numbers, which is where the Gap column holds a number
  const paired = (c: number, crit?: string) =>
    crit
      ? `AVERAGEIFS(${col(c)},${col(0)},${crit},${col(5)},">=-1E+307")`
      : `AVERAGEIFS(${col(c)},${col(5)},">=-1E+307")`;
  const block = (r: number, crit?: string) => {
    const all = (c: number) => (crit ? `AVERAGEIFS(${col(c)},${col(0)},${crit})` : `AVERAGE(${col(c)})`);
    b.formula(r, bc + 1, `IFERROR(${paired(3, crit)},"")`);
    b.formula(r, bc + 2, `IFERROR(${paired(4, crit)},"")`);
    b.formula(
      r,
      bc + 3,
      `IFERROR(${crit ? `AVERAGEIFS(${col(5)},${col(0)},${crit})` : `AVERAGE(${col(5)})`},"")`,
    );
    b.formula(r, bc + 4, crit ? `COUNTIFS(${col(0)},${crit},${col(5)},">=-1E+307")` : `COUNT(${col(5)})`);
    b.formula(r, bc + 5, `IFERROR(${all(3)},"")`);
    b.formula(r, bc + 6, `IFERROR(${all(4)},"")`);
  };
  cats.forEach((cat, i) => {
    b.value(bf + i, bc, cat.title);
    block(bf + i, exactCriterion(cat.title));
  });
  const allRow = bf + cats.length;
  b.value(allRow, bc, 'All competencies');
  block(allRow);
  b.style(bf, bc, allRow, bc + nb - 1, { border: 'thin' });
  b.style(bf, bc, allRow - 1, bc, { wrap: true, fill: COLORS.category, border: 'thin' });
  b.style(bf, bc + 1, allRow, bc + 3, { numFmt: '0.00', border: 'thin' });
  b.style(bf, bc + 5, allRow, bc + 6, { numFmt: '0.00', border: 'thin', font: { color: COLORS.label } });
  b.style(allRow, bc, allRow, bc + nb - 1, { font: { bold: true }, border: 'thin' });
  b.note(
    allRow + 1,
    bc,
    bc + nb - 1,
    'Self mean, Supervisor mean and Gap are over the pairs: the competencies both rated, so the gap is the mean of their gaps. The last two columns: each rater over every competency that rater rated.',
    { font: { italic: true, color: COLORS.label } },
  );
  [44, 8, 11.5, 6, 7, 8, 11.5].forEach((w, i) => b.width(bc + i, w));

  // Agreement: exact and within-one shares, and Cohen's weighted kappa from the cross-table below.
  const levels = scale.levels.map((l) => l.value).sort((a, b2) => a - b2);
  const k = levels.length;
  const ag = allRow + 3;
  b.value(ag, bc, 'Agreement (competencies rated by both)');
  b.style(ag, bc, ag, bc, { font: { bold: true } });
  const gaps = col(5);
  const tab = ag + 9; // cross-table: self levels down, supervisor levels across
  const obs = (i: number, j: number) => b.ref(tab + 1 + i, bc + 1 + j);
  const exp = (i: number, j: number) => b.ref(tab + 3 + k + i, bc + 1 + j);
  const n = b.ref(ag + 1, bc + 1);
  const kappa = (weights: (i: number, j: number) => string) => {
    const w: string[] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) w.push(weights(i, j));
    // Sums of weight x cell, written out: portable, no array formulas.
    const po = levels
      .map((_, i) => levels.map((__, j) => `${w[i * k + j]}*${obs(i, j)}`).join('+'))
      .join('+');
    const pe = levels
      .map((_, i) => levels.map((__, j) => `${w[i * k + j]}*${exp(i, j)}`).join('+'))
      .join('+');
    return `IF(${n}=0,"",IF(ABS(1-(${pe})/${n})<1E-12,"",((${po})/${n}-(${pe})/${n})/(1-(${pe})/${n})))`;
  };
  const lin = (i: number, j: number) => String(1 - Math.abs(i - j) / (k - 1));
  const quad = (i: number, j: number) => String(1 - (i - j) ** 2 / (k - 1) ** 2);
  const figures = [
    `COUNT(${gaps})`,
    `IF(${n}=0,"",COUNTIF(${gaps},0)/${n})`,
    `IF(${n}=0,"",COUNTIFS(${gaps},">=-1",${gaps},"<=1")/${n})`,
    kappa(lin),
    kappa(quad),
  ];
  AGREEMENT_LABELS.forEach((label, i) => {
    b.value(ag + 1 + i, bc, label);
    b.formula(ag + 1 + i, bc + 1, figures[i]);
  });
  b.style(ag + 2, bc + 1, ag + 3, bc + 1, { numFmt: '0%' });
  b.style(ag + 4, bc + 1, ag + 5, bc + 1, { numFmt: '0.00' });
  b.note(
    ag + 6,
    bc,
    bc + nb - 1,
    'Kappa: agreement beyond chance, 1 = perfect, 0 = chance. Few pairs make it unstable.',
    { font: { italic: true, color: COLORS.label } },
  );

  b.note(tab - 1, bc, bc + nb - 1, 'Competencies by Self rating (rows) and Supervisor rating (columns)', {
    font: { bold: true },
  });
  b.value(tab, bc, 'Self / Supervisor');
  levels.forEach((lv, j) => b.value(tab, bc + 1 + j, lv));
  b.value(tab + 2 + k, bc, 'Expected by chance');
  levels.forEach((lv, j) => b.value(tab + 2 + k, bc + 1 + j, lv));
  levels.forEach((lv, i) => {
    b.value(tab + 1 + i, bc, lv);
    b.value(tab + 3 + k + i, bc, lv);
    levels.forEach((lw, j) => {
      b.formula(tab + 1 + i, bc + 1 + j, `COUNTIFS(${col(3)},${lv},${col(4)},${lw})`);
      const rowSum = `SUM(${rangeRef(tab + 1 + i, bc + 1, tab + 1 + i, bc + k)})`;
      const colSum = `SUM(${colName(bc + 1 + j)}${tab + 2}:${colName(bc + 1 + j)}${tab + 1 + k})`;
      b.formula(tab + 3 + k + i, bc + 1 + j, `IF(${n}=0,0,${rowSum}*${colSum}/${n})`);
    });
  });
  b.style(tab, bc, tab, bc + k, { font: { bold: true } });
  b.style(tab + 2 + k, bc, tab + 2 + k, bc + k, { font: { bold: true } });
  b.style(tab + 3 + k, bc + 1, tab + 2 + 2 * k, bc + k, { numFmt: '0.00' });

  // Chart: Self vs Supervisor per category.
  const chartTop = tab + 4 + 2 * k;
  // the side block prints as three pages: means, agreement, chart (never a chart cut in two)
  breaks.push(ag - 1, chartTop);
  const catRef = (c: number) => ({ sheet: input.sheetName, ref: rangeRef(bf, c, allRow - 1, c) });
  // chart sources right of the block (not printed)
  const chartSrc = (from: number, to: number, header: string) => ({
    sheet: input.sheetName,
    ref: b.chartSource(bh, bf, allRow - 1, from, to, header),
  });
  const selfSrc = chartSrc(bc + 1, bc + nb + 1, 'Chart: self');
  const supSrc = chartSrc(bc + 2, bc + nb + 2, 'Chart: supervisor');
  b.width(bc + nb + 1, 8).width(bc + nb + 2, 11.5);
  b.plan.charts.push({
    type: 'bar',
    title: `Self and supervisor by category, ${period}`,
    categories: catRef(bc),
    series: [
      { name: 'Self', values: selfSrc, color: COLORS.self },
      { name: 'Supervisor', values: supSrc, color: COLORS.supervisor },
    ],
    yAxisTitle: 'Mean rating',
    yMin: scaleMin(scale),
    yMax: scaleMax(scale),
    anchor: { col: bc, row: chartTop, toCol: bc + nb, toRow: chartTop + chartRows(cats.length) },
  });
  const sideEnd = chartTop + chartRows(cats.length);

  b.value(
    h - 1,
    0,
    `Means by category, agreement and a chart: below the table, from cell ${colName(bc)}${bh}.`,
  );
  b.style(h - 1, 0, h - 1, 0, { font: { italic: true, color: COLORS.label } });

  b.tableSheet(h, [rangeRef(first, 7, last, 7)], {
    areas: [rangeRef(0, 0, end, 7), rangeRef(bh - 1, bc, sideEnd, bc + nb - 1)],
    breaks,
  });
  return b.plan;
}
