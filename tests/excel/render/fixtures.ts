/** Plans the renderer tests share: a small hand-built workbook touching every plan feature, and rating-like sheets. */
import { emptySheet, type Cell, type SheetPlan, type WorkbookPlan } from '../../../src/workbook/plan';

export const v = (value: string | number | boolean): Cell => ({ value });
export const f = (formula: string): Cell => ({ formula });

/** A note below the table, wrapped in merged cells A9:E9 (73 characters wide): three lines. */
export const NOTE =
  "Ratings are the supervisor's and the worker's own, side by side; a gap of two points or more is worth " +
  'talking through in supervision, as a conversation starter rather than a verdict on anyone.';

/** A small workbook touching every plan feature. */
export function handPlan(): WorkbookPlan {
  const ratings = emptySheet('Ratings', 'rating');
  ratings.cells = [
    [v('Ratings — Q1')],
    [],
    [v('ID'), v('Competency'), v('Self'), v('Supervisor'), v('Gap')],
    [v('007'), v('Listening'), v(3), v(4), f('D4-C4')],
    [v('P-02'), v('=not a formula'), v(5), v(2), f('D5-C5')],
    [v('P-03'), v('Boundaries'), v(4), v(4), f('D6-C6')],
    [],
    [],
    [v(NOTE)],
  ];
  ratings.formats = [
    { ref: 'A1:E1', style: { font: { bold: true, size: 14 }, fill: '1F4E79' } },
    { ref: 'A3:E3', style: { font: { bold: true }, fill: 'DDEBF7', horizontal: 'center', wrap: true } },
    { ref: 'E4:E7', style: { numFmt: '0.0' } },
    { ref: 'A3:E7', style: { border: 'thin' } },
    { ref: 'A4:A6', style: { font: { bold: true }, fill: 'DDEBF7', horizontal: 'center', wrap: true } },
    { ref: 'A9:E9', style: { wrap: true, vertical: 'top' } },
  ];
  ratings.columnWidths = [
    { col: 0, width: 10 },
    { col: 1, width: 30 },
    { col: 2, width: 12 },
    { col: 3, width: 12 },
  ];
  ratings.merges = ['A1:E1', 'A9:E9'];
  ratings.freeze = { rows: 3, cols: 1 };
  ratings.validations = [
    {
      ref: 'C4:D6',
      type: 'list',
      values: ['1', '2', '3', '4', '5', 'N/A'],
      allowBlank: true,
      promptTitle: 'Score',
      prompt: '1-5 or N/A',
    },
    {
      ref: 'E4:E6',
      type: 'decimal',
      min: -4,
      max: 4,
      allowBlank: false,
      errorTitle: 'Gap',
      error: 'Between -4 and 4',
    },
  ];
  ratings.conditionalFormats = [
    {
      ref: 'E4:E6',
      type: 'cellIs',
      operator: 'lessThanOrEqual',
      formulas: ['-2'],
      style: { fill: 'F8CBAD', bold: true },
    },
    {
      ref: 'E4:E6',
      type: 'cellIs',
      operator: 'between',
      formulas: ['-1', '1'],
      style: { fontColor: '375623' },
    },
    { ref: 'A4:E6', type: 'expression', formula: 'ABS($E4)>=GapThreshold', style: { fill: 'FFF2CC' } },
    { ref: 'C4:D6', type: 'colorScale', colors: ['F8696B', 'FFEB84', '63BE7B'], min: 1, max: 5 },
  ];
  ratings.tables = [
    {
      name: 'RatingsTable',
      ref: 'A3:E7',
      style: 'TableStyleLight9',
      columns: ['ID', 'Competency', 'Self', 'Supervisor', 'Gap'],
      totals: { ID: { label: 'Mean' }, Self: { fn: 'average' }, Supervisor: { fn: 'average' } },
    },
  ];
  ratings.charts = [
    {
      type: 'line',
      title: 'Self vs supervisor',
      categories: { sheet: 'Ratings', ref: 'B4:B6' },
      series: [
        { name: 'Self', values: { sheet: 'Ratings', ref: 'C4:C6' }, color: '1F4E79' },
        { name: 'Supervisor', values: { sheet: 'Ratings', ref: 'D4:D6' }, color: 'C00000', dashed: true },
      ],
      xAxisTitle: 'Competency',
      yAxisTitle: 'Score',
      yMin: 1,
      yMax: 5,
      dataLabels: true,
      anchor: { col: 6, row: 2, toCol: 13, toRow: 18 },
    },
  ];
  ratings.print = {
    orientation: 'landscape',
    paper: 'letter',
    fitToWidth: true,
    titleRows: '3:3',
    titleColumns: 'A:A',
    areas: ['A1:E9', 'G3:M18'],
    rowBreaks: [5],
  };
  ratings.rowHeights = [{ row: 4, height: 36 }];
  ratings.protection = { unlocked: ['C4:D6'], protect: true };

  const summary = emptySheet('Summary', 'dashboard');
  summary.cells = [
    [v('Mean self'), f('AVERAGE(Ratings!C4:C6)')],
    [v('Mean via table'), f('AVERAGE(RatingsTable[Self])')],
    [v('Threshold x2'), f('GapThreshold*2')],
    [v('Lists'), f("COUNTA('Lists'!A1:A3)")],
  ];

  const lists = emptySheet('Lists', 'settings');
  lists.cells = [[v('Threshold'), v(2)], [v('1 Not yet')], [v('2 Beginning')]];
  lists.hidden = true;

  return {
    sheets: [ratings, summary, lists],
    names: [
      { name: 'GapThreshold', refersTo: "'Lists'!$B$1" },
      { name: 'RatingScores', refersTo: 'Ratings!$C$4:$D$6' },
    ],
  };
}

/** A rating-like sheet: 70 rows x 10 columns with validation, formats, CF and a table. */
export function ratingPlan(name: string, i: number, withChart = false): SheetPlan {
  const p = emptySheet(name, 'rating');
  p.cells[0] = [v(`Competency ratings — worker W${i}`)];
  p.cells[1] = [v('Period'), v('2025-Q1')];
  p.cells[2] = [
    'ID',
    'Category',
    'Competency',
    'Self',
    'Supervisor',
    'Gap',
    'Flag',
    'Notes',
    'Weight',
    'Score',
  ].map((h) => v(h));
  for (let r = 3; r < 70; r++) {
    const n = r + 1;
    p.cells[r] = [
      v(`C${String(r).padStart(3, '0')}`),
      v(`Category ${(r % 12) + 1}`),
      v(`Demonstrates competency number ${r} in day-to-day peer support work`),
      v((r % 5) + 1),
      (r + i) % 7 === 0 ? v('N/A') : v(((r + i) % 5) + 1),
      f(`IF(AND(ISNUMBER(D${n}),ISNUMBER(E${n})),E${n}-D${n},"")`),
      f(`IF(F${n}="","",IF(F${n}<=-2,"Blind spot",IF(F${n}>=2,"Hidden strength","")))`),
      v(r % 9 === 0 ? 'Discussed in supervision' : ''),
      v(1),
      f(`IF(ISNUMBER(E${n}),E${n}*I${n},"")`),
    ];
  }
  p.formats = [
    { ref: 'A1:J1', style: { font: { bold: true, size: 14 } } },
    { ref: 'A3:J3', style: { font: { bold: true, color: 'FFFFFF' }, fill: '1F4E79', wrap: true } },
    { ref: 'D4:E70', style: { horizontal: 'center' } },
    { ref: 'F4:F70', style: { numFmt: '+0;-0;0' } },
    { ref: 'A3:J70', style: { border: 'thin' } },
  ];
  p.columnWidths = [
    { col: 0, width: 8 },
    { col: 1, width: 14 },
    { col: 2, width: 60 },
    { col: 3, width: 10 },
    { col: 4, width: 10 },
  ];
  p.freeze = { rows: 3, cols: 0 };
  p.validations = [
    { ref: 'D4:E70', type: 'list', values: ['1', '2', '3', '4', '5', 'N/A'], allowBlank: true },
  ];
  p.conditionalFormats = [
    {
      ref: 'F4:F70',
      type: 'cellIs',
      operator: 'lessThanOrEqual',
      formulas: ['-2'],
      style: { fill: 'F8CBAD' },
    },
    {
      ref: 'F4:F70',
      type: 'cellIs',
      operator: 'greaterThanOrEqual',
      formulas: ['2'],
      style: { fill: 'C6EFCE' },
    },
  ];
  p.tables = [
    {
      name: `Ratings_${i}`,
      ref: 'A3:J70',
      style: 'TableStyleMedium2',
      columns: [
        'ID',
        'Category',
        'Competency',
        'Self',
        'Supervisor',
        'Gap',
        'Flag',
        'Notes',
        'Weight',
        'Score',
      ],
    },
  ];
  if (withChart)
    p.charts = [
      {
        type: 'column',
        title: `Gaps W${i}`,
        categories: { sheet: name, ref: 'A4:A70' },
        series: [{ name: 'Gap', values: { sheet: name, ref: 'F4:F70' }, color: '1F4E79' }],
        anchor: { col: 11, row: 2, toCol: 19, toRow: 20 },
      },
    ];
  p.print = { orientation: 'landscape', paper: 'letter', fitToWidth: true, titleRows: '3:3' };
  p.protection = { unlocked: ['D4:E70', 'H4:H70'], protect: false };
  return p;
}

export const ratingPlans = (n: number): WorkbookPlan => ({
  sheets: Array.from({ length: n }, (_, i) => ratingPlan(`Rating ${i + 1}`, i + 1, i % 5 === 0)),
  names: [],
});
