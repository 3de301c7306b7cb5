/**
 * Work Process Schedule sheet for the peer supervisor apprenticeship: per skill, status, date
 * demonstrated, OJT hours and supervisor initials; totals per skill group and overall as formulas.
 */
import { rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { SheetPlan } from './plan';
import { COLORS, exactCriterion, HEADER_STYLE, SheetBuilder } from './sheet';

export const WPS_HEADERS = [
  'Skill group',
  'ID',
  'Skill',
  'Status',
  'Date demonstrated',
  'OJT hours',
  'Supervisor initials',
  'Notes',
] as const;
export const WPS_STATUSES = ['Not started', 'In progress', 'Demonstrated'] as const;
export const WPS_GROUP_HEADERS = [
  'Skill group',
  'Skills',
  'Demonstrated',
  'In progress',
  'OJT hours',
] as const;
export const WPS_LAYOUT = { headerRow: 9, firstDataRow: 10, blockCol: 9 };

export function wpsSheet(input: {
  sheetName: string;
  tableName: string;
  worker: Worker;
  framework: Framework;
}): SheetPlan {
  const { framework, worker } = input;
  const b = new SheetBuilder(input.sheetName, 'wps');
  const skills = flattenCompetencies(framework);
  b.value(0, 0, `Work Process Schedule: ${worker.name || worker.workerId}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.label(2, 0, 'Worker ID', worker.workerId);
  b.label(3, 0, 'Worker', worker.name);
  b.label(4, 0, 'Framework', framework.id);
  b.label(5, 0, 'Framework version', framework.version);

  const { headerRow: h, firstDataRow: first, blockCol: bc } = WPS_LAYOUT;
  const last = first + skills.length - 1;
  const col = (c: number) => rangeRef(first, c, last, c, true);
  // Totals above the table.
  b.label(2, 3, 'Skills demonstrated', null);
  b.formula(2, 4, `COUNTIF(${col(3)},"Demonstrated")`);
  b.label(3, 3, 'Skills in total', null);
  b.formula(3, 4, `COUNTA(${col(1)})`);
  b.label(4, 3, 'Share demonstrated', null);
  b.formula(4, 4, `IF(${b.ref(3, 4)}=0,"",${b.ref(2, 4)}/${b.ref(3, 4)})`);
  b.label(5, 3, 'OJT hours', null);
  b.formula(5, 4, `SUM(${col(5)})`);
  b.style(4, 4, 4, 4, { numFmt: '0%' });

  b.row(h, 0, [...WPS_HEADERS]);
  b.style(h, 0, h, WPS_HEADERS.length - 1, HEADER_STYLE);
  const groups = new Map(framework.categories.map((c) => [c.id, c]));
  skills.forEach((s, i) => {
    const cat = groups.get(s.categoryId)!;
    b.row(first + i, 0, [cat.title, s.id, s.text, 'Not started']);
  });
  b.style(first, 0, last, WPS_HEADERS.length - 1, { vertical: 'top', border: 'thin' });
  b.style(first, 2, last, 2, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, 3, last, 6, { fill: COLORS.input, border: 'thin' });
  b.style(first, 4, last, 4, { numFmt: 'yyyy-mm-dd', fill: COLORS.input, border: 'thin' });
  [34, 7, 60, 14, 14, 10, 12, 30].forEach((w, i) => b.width(i, w));
  b.plan.tables.push({
    name: input.tableName,
    ref: rangeRef(h, 0, last, WPS_HEADERS.length - 1),
    style: 'TableStyleLight9',
    columns: [...WPS_HEADERS],
  });
  b.plan.validations.push(
    {
      ref: rangeRef(first, 3, last, 3),
      type: 'list',
      values: [...WPS_STATUSES],
      allowBlank: false,
      promptTitle: 'Status',
      prompt: WPS_STATUSES.join(', '),
      errorTitle: 'Status',
      error: `Choose ${WPS_STATUSES.join(', ')}.`,
    },
    {
      ref: rangeRef(first, 4, last, 4),
      type: 'date',
      min: '2000-01-01',
      max: '2100-12-31',
      allowBlank: true,
      promptTitle: 'Date demonstrated',
      prompt: 'yyyy-mm-dd',
      errorTitle: 'Date',
      error: 'Enter a date.',
    },
    {
      ref: rangeRef(first, 5, last, 5),
      type: 'decimal',
      min: 0,
      max: 10000,
      allowBlank: true,
      promptTitle: 'OJT hours',
      prompt: 'Hours of on-the-job training, 0 or more.',
      errorTitle: 'OJT hours',
      error: 'Enter a number of hours, 0 or more.',
    },
  );
  b.plan.conditionalFormats.push({
    ref: rangeRef(first, 3, last, 3),
    type: 'cellIs',
    operator: 'equal',
    formulas: ['"Demonstrated"'],
    style: { fill: COLORS.hiddenStrength, bold: true },
  });

  b.row(h, bc, [...WPS_GROUP_HEADERS]);
  b.style(h, bc, h, bc + WPS_GROUP_HEADERS.length - 1, HEADER_STYLE);
  framework.categories.forEach((cat, i) => {
    const r = first + i;
    const crit = exactCriterion(cat.title);
    b.value(r, bc, cat.title);
    b.formula(r, bc + 1, `COUNTIFS(${col(0)},${crit})`);
    b.formula(r, bc + 2, `COUNTIFS(${col(0)},${crit},${col(3)},"Demonstrated")`);
    b.formula(r, bc + 3, `COUNTIFS(${col(0)},${crit},${col(3)},"In progress")`);
    b.formula(r, bc + 4, `SUMIFS(${col(5)},${col(0)},${crit})`);
  });
  b.style(first, bc, first + framework.categories.length - 1, bc + 4, { border: 'thin', vertical: 'top' });
  b.style(first, bc, first + framework.categories.length - 1, bc, {
    wrap: true,
    fill: COLORS.category,
    border: 'thin',
  });
  [40, 8, 13, 11, 10].forEach((w, i) => b.width(bc + i, w));
  b.tableSheet(h, [rangeRef(first, 3, last, 7)]);
  return b.plan;
}
