import { insertPlans, InsertError } from '../../../src/excel/render';
import { emptySheet } from '../../../src/workbook/plan';
import { createFakeExcel, type FakeExcel, type FakeExcelOptions } from '../../support/fakeExcel';
import { f, handPlan, ratingPlans, v } from './fixtures';

function setup(opts: FakeExcelOptions = {}): FakeExcel {
  return createFakeExcel({ existingSheets: [{ name: 'Sheet1', values: [['keep me']] }], ...opts });
}

/** Everything the fake workbook holds for a sheet, for comparing two renders. */
function snapshot(fake: FakeExcel, sheet: string): unknown {
  const wb = fake.workbook;
  const used = wb.usedRange(sheet);
  return {
    cells: used ? wb.formulas(sheet, used) : null,
    formats: used ? wb.numberFormats(sheet, used) : null,
    a3: wb.cell(sheet, 'A3'),
    validations: wb.validations(sheet),
    cfs: wb.conditionalFormats(sheet),
    charts: wb.charts(sheet).map((c) => ({ ...c, name: '' })),
    widths: wb.columnWidths(sheet),
    freeze: wb.freeze(sheet),
    merges: wb.merges(sheet),
    page: wb.pageLayout(sheet),
    protection: wb.protection(sheet),
  };
}

describe('insertPlans: content', () => {
  test('a hand-built plan lands exactly: cells, formats, validation, CF, table, chart, names, view, print, protection', async () => {
    const fake = setup();
    const progress: [number, number][] = [];
    const res = await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
      onProgress: (d, t) => progress.push([d, t]),
    });
    const wb = fake.workbook;

    expect(res).toEqual({
      created: ['Ratings', 'Summary', 'Lists'],
      renamed: [],
      renamedObjects: [],
      skipped: [],
      syncs: 2,
    });
    expect(fake.stats.syncs).toBe(2);
    expect(wb.calculationSuspensions).toBe(1);
    expect(wb.screenUpdatingSuspensions).toBe(1);
    expect(progress).toEqual([[3, 3]]);
    expect(wb.sheetNames()).toEqual(['Sheet1', 'Ratings', 'Summary', 'Lists']);
    expect(wb.values('Sheet1', 'A1')).toEqual([['keep me']]);
    expect(wb.activeSheet()).toBe('Ratings');
    expect(wb.visibility('Lists')).toBe('Hidden');

    // cells, one by one (the merge keeps A1's text; the totals row is the table's)
    expect(wb.formulas('Ratings', 'A1:E7')).toEqual([
      ['Ratings — Q1', '', '', '', ''],
      ['', '', '', '', ''],
      ['ID', 'Competency', 'Self', 'Supervisor', 'Gap'],
      ['007', 'Listening', 3, 4, '=D4-C4'],
      ['P-02', '=not a formula', 5, 2, '=D5-C5'],
      ['P-03', 'Boundaries', 4, 4, '=D6-C6'],
      ['Mean', '', '=SUBTOTAL(101,RatingsTable[Self])', '=SUBTOTAL(101,RatingsTable[Supervisor])', ''],
    ]);
    expect(wb.cell('Ratings', 'A4').formula).toBeUndefined(); // '007' and '=not a formula' stayed text
    expect(wb.cell('Ratings', 'B5').formula).toBeUndefined();
    expect(wb.usedRange('Ratings')).toBe('A1:E9');
    expect(wb.formulas('Summary', 'A1:B4')).toEqual([
      ['Mean self', '=AVERAGE(Ratings!C4:C6)'],
      ['Mean via table', '=AVERAGE(RatingsTable[Self])'],
      ['Threshold x2', '=GapThreshold*2'],
      ['Lists', "=COUNTA('Lists'!A1:A3)"],
    ]);
    expect(wb.formulas('Lists', 'A1:B3')).toEqual([
      ['Threshold', 2],
      ['1 Not yet', ''],
      ['2 Beginning', ''],
    ]);

    // formats
    expect(wb.numberFormats('Ratings', 'D4:E7')).toEqual([
      ['General', '0.0'],
      ['General', '0.0'],
      ['General', '0.0'],
      ['General', '0.0'],
    ]);
    const a1 = wb.cell('Ratings', 'A1');
    expect([a1.font, a1.fill]).toEqual([{ bold: true, size: 14 }, '#1F4E79']);
    for (const addr of ['C3', 'A5']) {
      const c = wb.cell('Ratings', addr);
      expect([c.font.bold, c.fill, c.horizontalAlignment, c.wrapText]).toEqual([
        true,
        '#DDEBF7',
        'Center',
        true,
      ]);
    }
    expect(wb.cell('Ratings', 'B5').fill).toBeUndefined();
    expect(wb.cell('Ratings', 'A3').borders).toEqual({
      top: 'Continuous/Thin',
      bottom: 'Continuous/Thin',
      left: 'Continuous/Thin',
      right: 'Continuous/Thin',
    });
    expect(wb.cell('Ratings', 'E7').borders).toEqual({
      top: 'Continuous/Thin',
      bottom: 'Continuous/Thin',
      left: 'Continuous/Thin',
      right: 'Continuous/Thin',
    });
    expect(wb.cell('Ratings', 'F7').borders).toEqual({});
    expect(wb.columnWidths('Ratings')).toEqual({ A: 52.5, B: 157.5, C: 63, D: 63 });
    expect(wb.merges('Ratings')).toEqual(['A1:E1', 'A9:E9']);
    expect(wb.freeze('Ratings')).toEqual({ rows: 3, cols: 1 });
    // row heights: Excel fits them (the wrapped header row is one line: its words fit), then the rows it
    // cannot fit get their own: the 14-point title and the note in merged cells (Excel's autofit leaves
    // merged cells out: one line), three lines of 15 points; row 5 is a row to write in, at least 36
    expect(wb.rowHeights('Ratings')).toEqual({
      1: 19.5,
      2: 15,
      3: 15,
      4: 15,
      5: 36,
      6: 15,
      7: 15,
      8: 15,
      9: 45,
    });

    // validation
    expect(wb.validations('Ratings')).toEqual([
      {
        address: 'C4:D6',
        rule: { list: { inCellDropDown: true, source: '1,2,3,4,5,N/A' } },
        prompt: { showPrompt: true, title: 'Score', message: '1-5 or N/A' },
        errorAlert: undefined,
        ignoreBlanks: true,
      },
      {
        address: 'E4:E6',
        rule: { decimal: { formula1: -4, formula2: 4, operator: 'Between' } },
        prompt: undefined,
        errorAlert: { showAlert: true, style: 'Stop', title: 'Gap', message: 'Between -4 and 4' },
        ignoreBlanks: false,
      },
    ]);

    // conditional formats
    expect(wb.conditionalFormats('Ratings')).toEqual([
      {
        address: 'E4:E6',
        type: 'CellValue',
        rule: { formula1: '=-2', operator: 'LessThanOrEqual' },
        formula: undefined,
        criteria: undefined,
        format: { fill: '#F8CBAD', bold: true },
      },
      {
        address: 'E4:E6',
        type: 'CellValue',
        rule: { formula1: '=-1', formula2: '=1', operator: 'Between' },
        formula: undefined,
        criteria: undefined,
        format: { fontColor: '#375623' },
      },
      {
        address: 'A4:E6',
        type: 'Custom',
        rule: undefined,
        formula: '=ABS($E4)>=GapThreshold',
        criteria: undefined,
        format: { fill: '#FFF2CC' },
      },
      {
        address: 'C4:D6',
        type: 'ColorScale',
        rule: undefined,
        formula: undefined,
        criteria: {
          minimum: { type: 'Number', formula: '1', color: '#F8696B' },
          midpoint: { type: 'Number', formula: '3', color: '#FFEB84' },
          maximum: { type: 'Number', formula: '5', color: '#63BE7B' },
        },
        format: {},
      },
    ]);

    // table
    expect(wb.tables()).toEqual([
      {
        name: 'RatingsTable',
        sheet: 'Ratings',
        address: 'A3:E7',
        style: 'TableStyleLight9',
        showTotals: true,
        headers: ['ID', 'Competency', 'Self', 'Supervisor', 'Gap'],
      },
    ]);

    // chart
    expect(wb.charts('Ratings')).toEqual([
      {
        name: expect.any(String),
        type: 'Line',
        title: 'Self vs supervisor',
        series: [
          { name: 'Self', values: 'Ratings!C4:C6', xValues: 'Ratings!B4:B6', lineColor: '#1F4E79' },
          {
            name: 'Supervisor',
            values: 'Ratings!D4:D6',
            xValues: 'Ratings!B4:B6',
            lineColor: '#C00000',
            lineStyle: 'Dash',
            markerStyle: 'None',
          },
        ],
        categoryAxis: { title: 'Competency' },
        valueAxis: { title: 'Score', minimum: 1, maximum: 5 },
        position: { start: 'G3', end: 'M18' },
        dataLabels: { showValue: true, position: 'Top', numberFormat: '0.0#' },
      },
    ]);

    // names, print, protection
    expect(wb.names()).toEqual([
      { name: 'GapThreshold', formula: "='Lists'!$B$1" },
      { name: 'RatingScores', formula: '=Ratings!$C$4:$D$6' },
    ]);
    expect(wb.pageLayout('Ratings')).toEqual({
      orientation: 'Landscape',
      paperSize: 'Letter',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      // PRINT_MARGINS in points: 0.5, 0.6, 0.4, 0.4, 0.25 and 0.3 inches
      topMargin: 36,
      bottomMargin: 43.2,
      leftMargin: 28.8,
      rightMargin: 28.8,
      headerMargin: 18,
      footerMargin: 21.6,
      printTitleRows: '$3:$3',
      printTitleColumns: '$A:$A',
      printArea: ['A1:E9', 'G3:M18'],
      rowBreaks: [5],
    });
    expect(wb.protection('Ratings').protected).toBe(true);
    expect(wb.protection('Summary').protected).toBe(false);
    expect([
      wb.cell('Ratings', 'C4').locked,
      wb.cell('Ratings', 'D6').locked,
      wb.cell('Ratings', 'E4').locked,
    ]).toEqual([false, false, true]);
  });

  test("a very hidden sheet is VeryHidden, which Excel's Unhide does not list", async () => {
    const fake = setup();
    const shown = emptySheet('Form', 'other');
    shown.cells = [[v('Self')]];
    const identity = emptySheet('Identity', 'other');
    identity.cells = [[v('check'), v('abc')]];
    identity.hidden = 'very';
    await insertPlans(
      fake.run,
      { sheets: [shown, identity], names: [] },
      {
        supports: (x) => fake.isSetSupported('ExcelApi', x),
      },
    );
    expect([fake.workbook.visibility('Form'), fake.workbook.visibility('Identity')]).toEqual([
      'Visible',
      'VeryHidden',
    ]);
  });

  test('a custom validation formula gets exactly one "=", whether the plan wrote one or not', async () => {
    const fake = setup();
    const p = emptySheet('Codes', 'other');
    p.cells = [[v('Code')], [v('C1')]];
    p.validations = [
      { ref: 'A2:A5', type: 'custom', formula: '=ISERROR(SEARCH("*",A2))', allowBlank: true },
      { ref: 'B2:B5', type: 'custom', formula: 'ISNUMBER(B2)', allowBlank: true },
    ];
    await insertPlans(
      fake.run,
      { sheets: [p], names: [] },
      { supports: (x) => fake.isSetSupported('ExcelApi', x) },
    );
    expect(fake.workbook.validations('Codes').map((x) => x.rule)).toEqual([
      { custom: { formula: '=ISERROR(SEARCH("*",A2))' } },
      { custom: { formula: '=ISNUMBER(B2)' } },
    ]);
  });

  test('a 1.8 host gets everything but print setup, which is reported as skipped', async () => {
    const fake = setup({ apiVersion: '1.8' });
    const res = await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    });
    expect(res.skipped).toEqual([
      'print setup of "Ratings" (print areas, page breaks, repeated headers, fit to the page width: it needs the Excel JavaScript API 1.9, in Microsoft 365, Office 2021 or later, or Excel on the web)',
    ]);
    expect(fake.workbook.pageLayout('Ratings')).toEqual({ rowBreaks: [] });
    expect(fake.workbook.rowHeights('Ratings')[9]).toBe(45); // row heights need only ExcelApi 1.2
    expect(fake.workbook.screenUpdatingSuspensions).toBe(0);
    expect(fake.workbook.cell('Ratings', 'A5').fill).toBe('#DDEBF7'); // grouped styles applied range by range
    expect(res.syncs).toBe(2);
  });

  test('a 1.8 host told once for every sheet whose print setup it cannot take', async () => {
    const fake = setup({ apiVersion: '1.8' });
    const res = await insertPlans(fake.run, ratingPlans(3), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    });
    expect(res.skipped).toEqual([
      'print setup of 3 sheets (print areas, page breaks, repeated headers, fit to the page width: it needs the Excel JavaScript API 1.9, in Microsoft 365, Office 2021 or later, or Excel on the web)',
    ]);
    expect(res.syncs).toBe(2);
  });

  test('feature detection defaults to Office.context.requirements; a host below 1.8 is refused before any sync', async () => {
    const fake = setup({ apiVersion: '1.12' });
    const uninstall = fake.installOfficeGlobal();
    try {
      await insertPlans(fake.run, handPlan());
    } finally {
      uninstall();
    }
    expect(fake.workbook.pageLayout('Ratings').orientation).toBe('Landscape');

    const old = setup({ apiVersion: '1.7' });
    await expect(
      insertPlans(old.run, handPlan(), { supports: (x) => old.isSetSupported('ExcelApi', x) }),
    ).rejects.toThrow(
      'This version of Excel is too old for inserting sheets: it needs the Excel JavaScript API 1.8, and this ' +
        'Excel has 1.7. Microsoft 365 (Excel for Windows or Mac), Office 2021 or later, and Excel on the web ' +
        '(office.com, in a browser) have it; the volume-licensed Excel 2019 that many organizations install ' +
        'does not (it stops at 1.7). Open the workbook in one of those, or ask your IT department for ' +
        'Microsoft 365. Nothing was changed.',
    );
    expect(old.stats.syncs).toBe(0);
  });
});

describe('print areas of several ranges, whatever separates lists in the locale', () => {
  // Office.js reads "A1:E9,G3:M18" with the locale's list separator (office-js issues 1167, 1985, 2891)
  // and tells no list separator; the culture's decimal separator, read with the names in use, suggests it.
  const insert = async (opts: FakeExcelOptions) => {
    const fake = setup(opts);
    const res = await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    });
    return { fake, res };
  };

  test.each([
    ['"," (English)', { listSeparator: ',' as const }],
    ['";" with a decimal comma (German, French, Czech ...)', { listSeparator: ';' as const }],
  ])('list separator %s: set with the right one, in the 2 syncs of any insert', async (_, opts) => {
    const { fake, res } = await insert(opts);
    expect(fake.workbook.pageLayout('Ratings').printArea).toEqual(['A1:E9', 'G3:M18']);
    expect([res.syncs, res.skipped]).toEqual([2, []]);
  });

  test.each([
    [
      '";" with a decimal point (Swiss German, or set by hand in Windows)',
      { listSeparator: ';' as const, decimalSeparator: '.' as const },
    ],
    [
      '";" on a host without cultureInfo (ExcelApi 1.10)',
      { listSeparator: ';' as const, apiVersion: '1.10' },
    ],
    [
      '"," with a decimal comma (set by hand in Windows)',
      { listSeparator: ',' as const, decimalSeparator: ',' as const },
    ],
  ])(
    'list separator %s: the guess is refused, only the print areas are lost, and one more sync sets them',
    async (_, opts) => {
      const { fake, res } = await insert(opts);
      expect(fake.workbook.pageLayout('Ratings').printArea).toEqual(['A1:E9', 'G3:M18']);
      expect([res.syncs, res.skipped, res.created]).toEqual([3, [], ['Ratings', 'Summary', 'Lists']]);
      // everything queued before the refused print area stayed: protection, hiding, the rest of the page
      expect(fake.workbook.protection('Ratings').protected).toBe(true);
      expect(fake.workbook.visibility('Lists')).toBe('Hidden');
      expect(fake.workbook.pageLayout('Ratings').rowBreaks).toEqual([5]);
    },
  );

  test('a host that takes neither separator: the sheets stay as written, and the insert says which print areas are missing', async () => {
    const { fake, res } = await insert({ failOn: (op) => op === 'PageLayout.setPrintArea' });
    expect(res.created).toEqual(['Ratings', 'Summary', 'Lists']);
    expect(res.skipped).toEqual([
      'the print areas of "Ratings" (Excel took neither "," nor ";" between their ranges; Page Layout > Print Area sets them by hand)',
    ]);
    expect(res.syncs).toBe(3);
    expect(fake.workbook.pageLayout('Ratings').printArea).toBeUndefined();
    expect(fake.workbook.pageLayout('Ratings').printTitleRows).toBe('$3:$3');
  });

  test('a print area of one range needs no separator', async () => {
    const plan = handPlan();
    plan.sheets[0].print!.areas = ['A1:E9'];
    const fake = setup({ listSeparator: ';', decimalSeparator: '.' });
    const res = await insertPlans(fake.run, plan, { supports: (x) => fake.isSetSupported('ExcelApi', x) });
    expect(fake.workbook.pageLayout('Ratings').printArea).toEqual(['A1:E9']);
    expect(res.syncs).toBe(2);
  });
});

describe('insertPlans: syncs and request size', () => {
  test.each([1, 10, 50])('%i rating sheets (70 x 10) take exactly 2 syncs', async (n) => {
    const fake = setup({ roundTripMs: 250 });
    const res = await insertPlans(fake.run, ratingPlans(n), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    });
    expect(res.syncs).toBe(2);
    expect(fake.stats.syncs).toBe(2);
    expect(fake.stats.simulatedMs).toBe(500);
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThan(4_500_000);
    expect(fake.workbook.sheetNames()).toHaveLength(n + 1);
    expect(fake.workbook.tables()).toHaveLength(n);
    const last = `Rating ${n}`;
    expect(fake.workbook.formulas(last, 'E4:G4')).toEqual([
      [
        ((3 + n) % 5) + 1,
        '=IF(AND(ISNUMBER(D4),ISNUMBER(E4)),E4-D4,"")',
        expect.stringMatching(/^=IF\(F4=""/),
      ],
    ]);
    expect(fake.workbook.formulas(last, 'A70:B70')).toEqual([['C069', 'Category 10']]);
    expect(fake.workbook.validations(last)).toHaveLength(1);
  });

  test('a tiny maxRequestBytes splits into many syncs, each under the limit, and everything still lands', async () => {
    const plans = ratingPlans(10);
    const whole = setup();
    await insertPlans(whole.run, plans, { supports: (x) => whole.isSetSupported('ExcelApi', x) });

    const split = setup();
    const progress: number[] = [];
    const res = await insertPlans(split.run, plans, {
      supports: (x) => split.isSetSupported('ExcelApi', x),
      maxRequestBytes: 6000,
      onProgress: (d, t) => {
        expect(t).toBe(10);
        progress.push(d);
      },
    });
    expect(res.syncs).toBe(split.stats.syncs);
    expect(res.syncs).toBeGreaterThan(20);
    expect(Math.max(...split.stats.requestBytes)).toBeLessThanOrEqual(6000);
    expect(split.workbook.calculationSuspensions).toBe(res.syncs - 1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(10);
    expect(new Set(progress).size).toBe(progress.length);

    expect(split.workbook.sheetNames()).toEqual(whole.workbook.sheetNames());
    expect(split.workbook.tables()).toEqual(whole.workbook.tables());
    for (const name of whole.workbook.sheetNames())
      expect(snapshot(split, name)).toEqual(snapshot(whole, name));
  });
});

describe('insertPlans: name clashes', () => {
  test('a taken sheet, table and defined name get free names and every reference follows', async () => {
    const fake = setup({
      existingSheets: [
        {
          name: 'ratings',
          values: [
            ['old', 'data'],
            [1, 2],
            [3, 4],
          ],
        },
        { name: 'Ratings (2)' },
      ],
      existingTables: [{ sheet: 'ratings', name: 'RatingsTable', ref: 'A1:B3' }],
      existingNames: [{ name: 'gapthreshold', formula: '=ratings!$A$1' }],
    });
    const res = await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    });
    expect(res.renamed).toEqual([{ from: 'Ratings', to: 'Ratings (3)' }]);
    expect(res.renamedObjects).toEqual([
      { kind: 'table', from: 'RatingsTable', to: 'RatingsTable_2' },
      { kind: 'name', from: 'GapThreshold', to: 'GapThreshold_2' },
    ]);
    expect(res.created).toEqual(['Ratings (3)', 'Summary', 'Lists']);
    const wb = fake.workbook;
    expect(wb.sheetNames()).toEqual(['ratings', 'Ratings (2)', 'Ratings (3)', 'Summary', 'Lists']);
    expect(wb.formulas('ratings', 'A1:B3')).toEqual([
      ['old', 'data'],
      [1, 2],
      [3, 4],
    ]);
    expect(wb.formulas('Summary', 'B1:B3')).toEqual([
      ["=AVERAGE('Ratings (3)'!C4:C6)"],
      ['=AVERAGE(RatingsTable_2[Self])'],
      ['=GapThreshold_2*2'],
    ]);
    expect(wb.formulas('Ratings (3)', 'C7')).toEqual([['=SUBTOTAL(101,RatingsTable_2[Self])']]);
    expect(wb.conditionalFormats('Ratings (3)')[2].formula).toBe('=ABS($E4)>=GapThreshold_2');
    expect(wb.charts('Ratings (3)')[0].series.map((s) => [s.values, s.xValues])).toEqual([
      ["'Ratings (3)'!C4:C6", "'Ratings (3)'!B4:B6"],
      ["'Ratings (3)'!D4:D6", "'Ratings (3)'!B4:B6"],
    ]);
    expect(wb.names()).toEqual([
      { name: 'gapthreshold', formula: '=ratings!$A$1' },
      { name: 'GapThreshold_2', formula: "='Lists'!$B$1" },
      { name: 'RatingScores', formula: "='Ratings (3)'!$C$4:$D$6" },
    ]);
    expect(wb.tables().map((t) => [t.name, t.sheet])).toEqual([
      ['RatingsTable', 'ratings'],
      ['RatingsTable_2', 'Ratings (3)'],
    ]);
  });
});

describe('insertPlans: failures', () => {
  test('a failure mid-insert removes every sheet and name it added and names the sheet and operation', async () => {
    const fake = setup({ failOn: (op) => op === 'ChartCollection.add' });
    const err = (await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    }).catch((e: unknown) => e)) as InsertError;
    expect(err).toBeInstanceOf(InsertError);
    expect(err.message).toBe(
      'Inserting the sheets failed while adding the chart "Self vs supervisor" on sheet "Ratings": Excel refused it ' +
        '(GeneralException: An internal error has occurred. (Injected failure in ChartCollection.add.)). ' +
        'Nothing was left behind: the 3 sheets added before the failure were deleted again.',
    );
    expect(err.sheet).toBe('Ratings');
    expect(err.operation).toBe('ChartCollection.add');
    expect(err.leftBehind).toEqual([]);
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
    expect(fake.workbook.names()).toEqual([]);
    expect(fake.workbook.tables()).toEqual([]);
    expect(fake.workbook.values('Sheet1', 'A1')).toEqual([['keep me']]);
  });

  test.each([
    ['Range.formulas', 'writing the cell values and formulas'],
    ['WorksheetCollection.add', 'adding the sheet'],
    ['DataValidation.rule', 'adding data validation to D4:E70'],
  ])('an ambiguous %s failure is pinned to the right sheet by what landed', async (op, what) => {
    const fake = setup({ failOn: (o, t) => o === op && t.sheet === 'Rating 7' });
    const err = (await insertPlans(fake.run, ratingPlans(10), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    }).catch((e: unknown) => e)) as InsertError;
    expect(err.sheet).toBe('Rating 7');
    expect(err.message).toContain(`failed while ${what} on sheet "Rating 7"`);
    expect(err.message).toMatch(
      /Nothing was left behind: (no sheet had been added yet|the \d+ sheets? added before the failure (was|were) deleted again)\.$/,
    );
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
  });

  test('a very hidden sheet it added is made deletable (hidden) before the clean-up deletes it', async () => {
    const fake = setup({ failOn: (op, t) => op === 'Worksheet.visibility' && t.sheet === 'Lists' });
    const shown = emptySheet('Form', 'other');
    shown.cells = [[v('Self')]];
    const identity = emptySheet('Identity', 'other');
    identity.cells = [[v('check'), v('abc')]];
    identity.hidden = 'very';
    const lists = emptySheet('Lists', 'settings');
    lists.cells = [[v('1 Not yet')]];
    lists.hidden = true;
    const err = (await insertPlans(
      fake.run,
      { sheets: [shown, identity, lists], names: [] },
      { supports: (x) => fake.isSetSupported('ExcelApi', x) },
    ).catch((e: unknown) => e)) as InsertError;
    expect(err.message).toContain('while hiding the sheet on sheet "Lists"');
    expect(err.message).toContain(
      'Nothing was left behind: the 3 sheets added before the failure were deleted again.',
    );
    expect(err.leftBehind).toEqual([]);
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
  });

  test('a failure in a later split batch still removes everything', async () => {
    const fake = setup({ failOn: (op, t) => op === 'TableCollection.add' && t.sheet === 'Rating 9' });
    const err = (await insertPlans(fake.run, ratingPlans(10), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
      maxRequestBytes: 8000,
    }).catch((e: unknown) => e)) as InsertError;
    expect(fake.stats.syncs).toBeGreaterThan(5);
    expect(err.message).toContain('adding the table "Ratings_9" on sheet "Rating 9"');
    expect(err.message).toContain('the 10 sheets added before the failure were deleted again');
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
    expect(fake.workbook.tables()).toEqual([]);
  });

  test('when clean-up fails too, the error lists the sheets that may remain', async () => {
    const fake = setup({ failOn: (op) => op === 'TableCollection.add' || op === 'Worksheet.delete' });
    const err = (await insertPlans(fake.run, handPlan(), {
      supports: (x) => fake.isSetSupported('ExcelApi', x),
    }).catch((e: unknown) => e)) as InsertError;
    expect(err.message).toContain('Removing what had been added also failed');
    expect(err.leftBehind).toEqual(['Ratings', 'Summary', 'Lists']);
  });

  test('an invalid plan or a reference to a missing sheet is refused before anything changes', async () => {
    const fake = setup();
    const bad = handPlan();
    bad.sheets[1].name = 'Ratings';
    bad.sheets[0].validations[0] = { ref: 'C4:D6', type: 'list', values: ['a,b'], allowBlank: true };
    const err = (await insertPlans(fake.run, bad, { supports: () => true }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toMatch(
      /^The sheets could not be inserted because the plan is not valid: .*Nothing was changed\.$/,
    );
    expect(err.message).toContain('sheet "Ratings": two sheets have this name');
    expect(err.message).toContain('validation C4:D6: list entries cannot contain commas');
    expect(fake.stats.syncs).toBe(0);

    const dangling = handPlan();
    dangling.sheets[1].cells[0] = [v('x'), f('Nowhere!A1')];
    await expect(insertPlans(fake.run, dangling, { supports: () => true })).rejects.toThrow(
      'cell B1 of "Summary" refers to a sheet "Nowhere" that is neither in the workbook nor being added. Nothing was changed.',
    );
    expect(fake.stats.syncs).toBe(1);
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
  });
});
