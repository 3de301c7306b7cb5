/**
 * Work Process Schedule sheet for the peer supervisor apprenticeship: per skill, status, date
 * demonstrated, OJT hours and supervisor initials; totals per skill group and overall as formulas.
 * Prints landscape: the skills table, then the skill-group totals on their own page.
 */
import { colName, rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { SheetPlan } from './plan';
import { COLORS, exactCriterion, HEADER_STYLE, SheetBuilder } from './sheet';
import { idColumnWidth } from './rating';

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
export const WPS_LAYOUT = {
  headerRow: 9,
  firstDataRow: 10,
  blockCol: 9,
  /** The skill-group block's header row: two rows below the table's last skill. */
  groupHeaderRow: (skills: number) => WPS_LAYOUT.firstDataRow + skills + 2,
};

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
  b.label(2, 0, 'Worker ID', worker.workerId, 2);
  b.label(3, 0, 'Worker', worker.name, 2);
  b.label(4, 0, 'Framework', framework.id, 2);
  b.label(5, 0, 'Framework version', framework.version, 2);

  const { headerRow: h, firstDataRow: first, blockCol: bc } = WPS_LAYOUT;
  const last = first + skills.length - 1;
  const col = (c: number) => rangeRef(first, c, last, c, true);
  // Totals above the table: labels across D:E, values in F.
  const totals: [string, string][] = [
    ['Skills demonstrated', `COUNTIF(${col(3)},"Demonstrated")`],
    ['Skills in total', `COUNTA(${col(1)})`],
    ['Share demonstrated', `IF(${b.ref(3, 5)}=0,"",${b.ref(2, 5)}/${b.ref(3, 5)})`],
    ['OJT hours', `SUM(${col(5)})`],
  ];
  totals.forEach(([label, f], i) => {
    b.value(2 + i, 3, label).formula(2 + i, 5, f);
    b.plan.merges.push(rangeRef(2 + i, 3, 2 + i, 4));
  });
  b.style(2, 3, 5, 4, { font: { bold: true, color: COLORS.label }, horizontal: 'right' });
  b.style(4, 5, 4, 5, { numFmt: '0%' });

  b.row(h, 0, [...WPS_HEADERS]);
  b.style(h, 0, h, WPS_HEADERS.length - 1, HEADER_STYLE);
  const groups = new Map(framework.categories.map((c) => [c.id, c]));
  skills.forEach((s, i) => {
    const cat = groups.get(s.categoryId)!;
    b.row(first + i, 0, [cat.title, s.id, s.text, 'Not started']);
  });
  b.style(first, 0, last, WPS_HEADERS.length - 1, { vertical: 'top', border: 'thin' });
  b.style(first, 0, last, 0, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, 2, last, 2, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, 7, last, 7, { wrap: true, vertical: 'top', border: 'thin', fill: COLORS.input });
  b.style(first, 3, last, 6, { fill: COLORS.input, border: 'thin' });
  b.style(first, 4, last, 4, { numFmt: 'yyyy-mm-dd', fill: COLORS.input, border: 'thin' });
  [24, idColumnWidth(skills.map((s) => s.id)), 56, 15, 15, 7, 11.5, 20].forEach((w, i) => b.width(i, w));
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

  // Below the table, to the right: rows of its own, so the table's tall rows do not stretch it.
  const gh = WPS_LAYOUT.groupHeaderRow(skills.length);
  const gf = gh + 1;
  b.value(gh - 1, bc, 'Totals by skill group');
  b.style(gh - 1, bc, gh - 1, bc, { font: { bold: true, size: 12 } });
  b.value(h - 1, 0, `Totals by skill group: below the table, from cell ${colName(bc)}${gh + 1}.`);
  b.style(h - 1, 0, h - 1, 0, { font: { italic: true, color: COLORS.label } });
  b.row(gh, bc, [...WPS_GROUP_HEADERS]);
  b.style(gh, bc, gh, bc + WPS_GROUP_HEADERS.length - 1, HEADER_STYLE);
  framework.categories.forEach((cat, i) => {
    const r = gf + i;
    const crit = exactCriterion(cat.title);
    b.value(r, bc, cat.title);
    b.formula(r, bc + 1, `COUNTIFS(${col(0)},${crit})`);
    b.formula(r, bc + 2, `COUNTIFS(${col(0)},${crit},${col(3)},"Demonstrated")`);
    b.formula(r, bc + 3, `COUNTIFS(${col(0)},${crit},${col(3)},"In progress")`);
    b.formula(r, bc + 4, `SUMIFS(${col(5)},${col(0)},${crit})`);
  });
  const groupsLast = gf + framework.categories.length - 1;
  b.style(gf, bc, groupsLast, bc + 4, { border: 'thin', vertical: 'top' });
  b.style(gf, bc, groupsLast, bc, {
    wrap: true,
    fill: COLORS.category,
    border: 'thin',
  });
  [34, 7, 15, 10, 7].forEach((w, i) => b.width(bc + i, w));
  b.tableSheet(h, [rangeRef(first, 3, last, 7)], {
    areas: [rangeRef(0, 0, last, WPS_HEADERS.length - 1), rangeRef(gh - 1, bc, groupsLast, bc + 4)],
  });
  return b.plan;
}
