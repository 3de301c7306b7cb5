import { wrappedLines } from '../../src/workbook/textFit';
import { createFakeExcel, FakeOfficeError } from '../support/fakeExcel';
import { dateSerial } from '../support/typedInput';

const NOT_LOADED =
  "The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.";

describe('fakeExcel proxies', () => {
  test('reading an unloaded property throws PropertyNotLoaded; load + sync makes it readable', async () => {
    const fake = createFakeExcel({
      existingSheets: [
        {
          name: 'Data',
          values: [
            [1, 'a'],
            [2, 'b'],
          ],
        },
      ],
    });
    await fake.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Data').getRange('A1:B2');
      expect(() => range.values).toThrow(NOT_LOADED);
      try {
        void range.values;
      } catch (e) {
        expect((e as FakeOfficeError).code).toBe('PropertyNotLoaded');
      }
      range.load('values');
      expect(() => range.values).toThrow(NOT_LOADED); // loaded but not synced yet
      await ctx.sync();
      expect(range.values).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(() => range.formulas).toThrow("The property 'formulas' is not available.");

      const sheets = ctx.workbook.worksheets;
      expect(() => sheets.items).toThrow("The property 'items' is not available.");
      sheets.load('items/name');
      await ctx.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(['Data']);
      expect(() => sheets.items[0].position).toThrow("The property 'position' is not available.");
    });
  });

  test('commands are queued until sync; a set property reads back its set value', async () => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      r.values = [[1, 2]];
      expect(r.values).toEqual([[1, 2]]);
      expect(fake.workbook.values('Sheet1', 'A1:B1')).toEqual([['', '']]);
      await ctx.sync();
      expect(fake.workbook.values('Sheet1', 'A1:B1')).toEqual([[1, 2]]);
    });
    expect(fake.stats.syncs).toBe(1);
  });

  test('Excel.run syncs what is still queued when the batch resolves', async () => {
    const fake = createFakeExcel({ roundTripMs: 40 });
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.add('New');
    });
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1', 'New']);
    expect(fake.stats.syncs).toBe(1);
    expect(fake.stats.simulatedMs).toBe(40);
    expect(fake.stats.requestBytes[0]).toBe(
      JSON.stringify([['WorksheetCollection.add', 'New', '', 'New']]).length,
    );
  });

  test('a wrongly shaped 2-D array rejects the sync; commands before it stay applied, later ones do not', async () => {
    const fake = createFakeExcel();
    const err = await fake
      .run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('Sheet1');
        ws.getRange('A1').values = [['first']];
        ws.getRange('A2:B3').formulas = [['x', 'y']];
        ws.getRange('A4').values = [['never']];
        await ctx.sync();
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FakeOfficeError);
    expect((err as FakeOfficeError).message).toBe(
      "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
    );
    expect((err as FakeOfficeError).debugInfo.errorLocation).toBe('Range.formulas');
    expect(fake.workbook.values('Sheet1', 'A1:A4')).toEqual([['first'], [''], [''], ['']]);
  });

  test('failOn injects a GeneralException naming the operation, after applying earlier commands', async () => {
    const fake = createFakeExcel({ failOn: (op, t) => op === 'WorksheetCollection.add' && t.sheet === 'B' });
    const err = (await fake
      .run(async (ctx) => {
        ctx.workbook.worksheets.add('A');
        ctx.workbook.worksheets.add('B');
        ctx.workbook.worksheets.add('C');
        await ctx.sync();
      })
      .catch((e: unknown) => e)) as FakeOfficeError;
    expect(err.code).toBe('GeneralException');
    expect(err.message).toContain('WorksheetCollection.add');
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1', 'A']);
  });

  test('typed input is parsed like Excel; null in a 2-D array leaves the cell alone', async () => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:E1');
      r.formulas = [['007', "'007", '=A1+1', 'TRUE', 'text']];
      await ctx.sync();
      r.formulas = [
        [null as unknown as string, 'changed', null as unknown as string, null as unknown as string, ''],
      ];
      await ctx.sync();
    });
    expect(fake.workbook.formulas('Sheet1', 'A1:E1')).toEqual([[7, 'changed', '=A1+1', true, '']]);
  });

  test('formulas naming a missing sheet or table are refused', async () => {
    const fake = createFakeExcel();
    for (const f of ["='No Such'!A1", '=Nope!A1', '=SUM(T1[Col])', '=SUM(A1']) {
      const err = (await fake
        .run(async (ctx) => {
          ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').formulas = [[f]];
          await ctx.sync();
        })
        .catch((e: unknown) => e)) as FakeOfficeError;
      expect(err.code).toBe('InvalidArgument');
    }
  });

  test('requirement sets: a 1.8 host rejects pageLayout (1.9) with ApiNotFound and says so in isSetSupported', async () => {
    const fake = createFakeExcel({ apiVersion: '1.8' });
    expect(fake.isSetSupported('ExcelApi', '1.8')).toBe(true);
    expect(fake.isSetSupported('ExcelApi', '1.9')).toBe(false);
    const err = (await fake
      .run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').pageLayout.orientation = 'Landscape';
        await ctx.sync();
      })
      .catch((e: unknown) => e)) as FakeOfficeError;
    expect(err.code).toBe('ApiNotFound');
    const uninstall = fake.installOfficeGlobal();
    expect(Office.context.requirements.isSetSupported('ExcelApi', '1.12')).toBe(false);
    uninstall();
  });

  /** The error code of a batch on a fresh host, or 'ok'. */
  const outcome = async (
    batch: (ws: Excel.Worksheet, ctx: Excel.RequestContext) => void,
    opts: Parameters<typeof createFakeExcel>[0] = {},
  ): Promise<string> =>
    createFakeExcel(opts)
      .run(async (ctx) => {
        batch(ctx.workbook.worksheets.getItem('Sheet1'), ctx);
        await ctx.sync();
        return 'ok';
      })
      .catch((e: unknown) => (e as FakeOfficeError).code);

  test('requirement sets of printing: row heights 1.2, page layout and page breaks 1.9, culture 1.11, label formats 1.8', async () => {
    const old = (v: string) => ({ apiVersion: v });
    expect(await outcome((ws) => ws.getRange('A1').format.autofitRows(), old('1.1'))).toBe('ApiNotFound');
    expect(await outcome((ws) => void (ws.getRange('A1').format.rowHeight = 30), old('1.1'))).toBe(
      'ApiNotFound',
    );
    expect(await outcome((ws) => ws.getRange('A1').format.autofitRows(), old('1.2'))).toBe('ok');
    expect(await outcome((ws) => ws.pageLayout.setPrintArea('A1:B2'), old('1.8'))).toBe('ApiNotFound');
    expect(await outcome((ws) => void (ws.pageLayout.topMargin = 36), old('1.8'))).toBe('ApiNotFound');
    expect(await outcome((ws) => void ws.horizontalPageBreaks.add('A5'), old('1.8'))).toBe('ApiNotFound');
    const culture = (_: Excel.Worksheet, ctx: Excel.RequestContext) =>
      void ctx.workbook.application.cultureInfo.numberFormat.load('numberDecimalSeparator');
    expect(await outcome(culture, old('1.10'))).toBe('ApiNotFound');
    expect(await outcome(culture, old('1.11'))).toBe('ok');
    const labels = (format: boolean) => (ws: Excel.Worksheet) => {
      const chart = ws.charts.add('Line', ws.getRange('A1:A3'), 'Columns');
      chart.dataLabels.showValue = true;
      if (format) chart.dataLabels.numberFormat = '0.0';
    };
    expect(await outcome(labels(false), old('1.7'))).toBe('ok');
    expect(await outcome(labels(true), old('1.7'))).toBe('ApiNotFound');
  });

  test('printing values are checked: row heights, margins, whole title lines, breaks, label positions by chart type', async () => {
    expect(await outcome((ws) => void (ws.getRange('1:2').format.rowHeight = 410))).toBe('InvalidArgument');
    expect(await outcome((ws) => void (ws.getRange('1:2').format.rowHeight = 409))).toBe('ok');
    expect(await outcome((ws) => void (ws.pageLayout.leftMargin = -1))).toBe('InvalidArgument');
    expect(await outcome((ws) => ws.pageLayout.setPrintTitleColumns('A1:B5'))).toBe('InvalidArgument');
    expect(await outcome((ws) => ws.pageLayout.setPrintTitleColumns('A:B'))).toBe('ok');
    expect(await outcome((ws) => ws.pageLayout.setPrintTitleRows('A1:C1'))).toBe('InvalidArgument');
    expect(await outcome((ws) => void ws.horizontalPageBreaks.add('A1'))).toBe('InvalidArgument');
    const position =
      (type: 'Line' | 'BarClustered', at: Excel.ChartDataLabelPosition | 'Top' | 'OutsideEnd') =>
      (ws: Excel.Worksheet) =>
        void (ws.charts.add(type, ws.getRange('A1:A3'), 'Columns').dataLabels.position = at);
    expect(await outcome(position('Line', 'OutsideEnd'))).toBe('InvalidArgument');
    expect(await outcome(position('Line', 'Top'))).toBe('ok');
    expect(await outcome(position('BarClustered', 'Top'))).toBe('InvalidArgument');
    expect(await outcome(position('BarClustered', 'OutsideEnd'))).toBe('ok');
  });

  test('a print area of several ranges is read with the locale list separator', async () => {
    const area = (address: string) => (ws: Excel.Worksheet) => ws.pageLayout.setPrintArea(address);
    expect(await outcome(area('A1:B2,D1:E2'), { listSeparator: ',' })).toBe('ok');
    expect(await outcome(area('A1:B2;D1:E2'), { listSeparator: ',' })).toBe('InvalidArgument');
    expect(await outcome(area('A1:B2;D1:E2'), { listSeparator: ';' })).toBe('ok');
    expect(await outcome(area('A1:B2,D1:E2'), { listSeparator: ';' })).toBe('InvalidArgument');
    const fake = createFakeExcel({ listSeparator: ';' });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.pageLayout.setPrintArea(ws.getRanges('A1:B2;D4:E5'));
      ws.horizontalPageBreaks.add('C4');
      const culture = ctx.workbook.application.cultureInfo.numberFormat.load('numberDecimalSeparator');
      await ctx.sync();
      expect(culture.numberDecimalSeparator).toBe(',');
    });
    expect(fake.workbook.pageLayout('Sheet1')).toMatchObject({
      printArea: ['A1:B2', 'D4:E5'],
      rowBreaks: [3],
    });
  });

  test('autofitRows fits wrapped text to its column, one line for the rest, and leaves merged cells out', async () => {
    const fake = createFakeExcel();
    const long = 'a wrapped text that takes more than one line in a column ten characters wide';
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:C3').values = [
        [long, 'short', ''],
        [long, '', ''],
        [long, '', ''],
      ];
      ws.getRange('A:A').format.columnWidth = 52.5; // 10 characters
      ws.getRange('A1').format.wrapText = true;
      ws.getRange('A2').format.font.size = 14; // not wrapped: one line of 14 points
      ws.getRange('A3:C3').merge();
      ws.getRange('A3').format.wrapText = true;
      ws.getRange('A1:C3').format.autofitRows();
      await ctx.sync();
    });
    // 76 characters in 9 digit widths of room, word by word as textFit.ts wraps them: 10 lines of 15 points
    expect(wrappedLines(long, 10)).toBe(10);
    expect(fake.workbook.rowHeights('Sheet1')).toEqual({ 1: 150, 2: 19.5, 3: 15 });
  });

  test('protected sheets refuse locked-cell writes but accept unlocked cells', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Form' }], protectedSheets: ['Form'] });
    const err = (await fake
      .run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Form').getRange('A1').values = [['x']];
        await ctx.sync();
      })
      .catch((e: unknown) => e)) as FakeOfficeError;
    expect(err.code).toBe('AccessDenied');
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Form');
      ws.protection.unprotect();
      ws.getRange('B2').format.protection.locked = false;
      ws.protection.protect();
      ws.getRange('B2').values = [['ok']];
      ws.protection.load('protected');
      await ctx.sync();
      expect(ws.protection.protected).toBe(true);
    });
    expect(fake.workbook.values('Form', 'B2')).toEqual([['ok']]);
  });

  test('tables: showTotals adds the row below with Excel defaults; charts get one series per column', async () => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:B3').values = [
        ['Name', 'Score'],
        ['a', 1],
        ['b', 2],
      ];
      const t = ws.tables.add('A1:B3', true);
      t.name = 'Scores';
      t.showTotals = true;
      ws.charts.add('Line', ws.getRange('A1:B3'), 'Columns');
      await ctx.sync();
    });
    expect(fake.workbook.tables()).toEqual([
      {
        name: 'Scores',
        sheet: 'Sheet1',
        address: 'A1:B4',
        style: 'TableStyleMedium2',
        showTotals: true,
        headers: ['Name', 'Score'],
      },
    ]);
    expect(fake.workbook.formulas('Sheet1', 'A4:B4')).toEqual([['Total', '=SUBTOTAL(109,Scores[Score])']]);
    expect(fake.workbook.charts('Sheet1')[0].series.map((s) => s.values)).toEqual([
      'Sheet1!A1:A3',
      'Sheet1!B1:B3',
    ]);
  });

  test('getItemOrNullObject reports isNullObject after a sync', async () => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Missing');
      const there = ctx.workbook.worksheets.getItemOrNullObject('sheet1');
      expect(() => missing.isNullObject).toThrow("The property 'isNullObject' is not available.");
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(there.isNullObject).toBe(false);
    });
  });

  test('names and tables share a namespace; sheet names are unique case-insensitively', async () => {
    const fake = createFakeExcel({ existingNames: [{ name: 'Scale', formula: '=Sheet1!$A$1' }] });
    const codes: string[] = [];
    for (const batch of [
      (ctx: Excel.RequestContext) => ctx.workbook.names.add('scale', '=Sheet1!$B$1'),
      (ctx: Excel.RequestContext) => ctx.workbook.worksheets.add('SHEET1'),
      (ctx: Excel.RequestContext) => ctx.workbook.worksheets.add('Bad/Name'),
    ])
      codes.push(
        ((await fake.run(async (ctx) => void batch(ctx)).catch((e: unknown) => e)) as FakeOfficeError).code,
      );
    expect(codes).toEqual(['ItemAlreadyExists', 'ItemAlreadyExists', 'InvalidArgument']);
  });
  test('a renamed sheet or table is followed by every formula, name and chart series; a deleted sheet leaves #REF!', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Team' }, { name: 'Mine' }] });
    await fake.run(async (ctx) => {
      const team = ctx.workbook.worksheets.getItem('Team');
      team.getRange('A1:B2').values = [
        ['Id', 'Score'],
        ['a', 1],
      ];
      team.tables.add('A1:B2', true).name = 'Roster';
      const mine = ctx.workbook.worksheets.getItem('Mine');
      mine.getRange('A1:C1').formulas = [['=Team!B2*2', '=SUM(Roster[Score])', '="Team!B2 stays text"']];
      mine.charts.add('Line', team.getRange('B1:B2'), 'Columns');
      ctx.workbook.names.add('Best', '=Team!$B$2');
      mine.names.add('Local', "='Team'!$A$2");
      await ctx.sync();
      team.name = 'Old team';
      team.tables.getItem('Roster').name = 'Old_roster';
      await ctx.sync();
    });
    expect(fake.workbook.formulas('Mine', 'A1:C1')).toEqual([
      ["='Old team'!B2*2", '=SUM(Old_roster[Score])', '="Team!B2 stays text"'],
    ]);
    expect(fake.workbook.names()).toEqual([{ name: 'Best', formula: "='Old team'!$B$2" }]);
    expect(fake.workbook.localNames('Mine')).toEqual([{ name: 'Local', formula: "='Old team'!$A$2" }]);
    expect(fake.workbook.charts('Mine')[0].series[0].values).toBe("'Old team'!B1:B2");
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Old team').delete();
      await ctx.sync();
    });
    expect(fake.workbook.formulas('Mine', 'A1:A1')).toEqual([['=#REF!B2*2']]);
    expect(fake.workbook.names()[0].formula).toBe('=#REF!$B$2');
  });
});

describe('fakeExcel parses written strings like Excel en-US typed input', () => {
  const year = new Date().getFullYear();
  const write = async (input: string, numberFormat?: string) => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      if (numberFormat) r.numberFormat = [[numberFormat]];
      r.values = [[input]];
      await ctx.sync();
    });
    return fake.workbook.cell('Sheet1', 'A1');
  };

  test.each([
    ['0042', 42, 'General'],
    ['1,234.5', 1234.5, '#,##0'],
    ['-7', -7, 'General'],
    ['(5)', -5, 'General'],
    ['$5', 5, '$#,##0.00'],
    ['50%', 0.5, '0%'],
    ['1 1/2', 1.5, '# ?/?'],
    ['3/4', dateSerial(year, 3, 4), 'd-mmm'],
    ['1-5', dateSerial(year, 1, 5), 'd-mmm'],
    ['2024-07', dateSerial(2024, 7, 1), 'mmm-yy'],
    ['2024-07-15', dateSerial(2024, 7, 15), 'm/d/yyyy'],
    ['7/15/2024', dateSerial(2024, 7, 15), 'm/d/yyyy'],
    ['Jan 5', dateSerial(year, 1, 5), 'd-mmm'],
    ['5-Jan-2024', dateSerial(2024, 1, 5), 'd-mmm-yy'],
    ['10:30', 0.4375, 'h:mm'],
    ['TRUE', true, 'General'],
    ['#N/A', '#N/A', 'General'],
  ])('%j becomes %j (%s)', async (input, value, format) => {
    const c = await write(input);
    expect([c.value, c.numberFormat, c.formula]).toEqual([value, format, undefined]);
  });

  test.each([
    ['-Dash Example', '=-Dash Example'],
    ['+Plus Sam', '=+Plus Sam'],
    ['@Sam', '=@Sam'],
    ['- needs practice', '=- needs practice'],
  ])('%j becomes the formula %j, which shows #NAME?', async (input, formula) => {
    const c = await write(input);
    expect([c.formula, c.value]).toEqual([formula, '#NAME?']);
  });

  test('text that is not a valid formula fails the sync, as Excel does', async () => {
    await expect(write('- see notes,')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('a leading apostrophe, or the Text number format, keeps the exact text', async () => {
    for (const [input, nf] of [
      ["'0042", undefined],
      ['0042', '@'],
      ['=A1', '@'],
      ['3/4', '@'],
    ] as const) {
      const c = await write(input, nf);
      expect([c.value, c.formula]).toEqual([input.replace(/^'/, ''), undefined]);
    }
    expect((await write("'=x")).value).toBe('=x');
    expect((await write('PS-1')).value).toBe('PS-1');
    expect((await write('2026 Q1')).value).toBe('2026 Q1');
  });
});

describe('fakeExcel cell edit mode', () => {
  test('a batch sent while a cell is being edited fails, unless the run was started with delayForCellEdit', async () => {
    const fake = createFakeExcel();
    fake.startCellEdit();
    const write = (ctx: Excel.RequestContext) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
      return ctx.sync();
    };
    await expect(fake.run(write)).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    const delayed = fake.run({ delayForCellEdit: true }, write);
    await new Promise((r) => setTimeout(r, 5));
    expect(fake.workbook.values('Sheet1', 'A1')).toEqual([['']]);
    fake.endCellEdit();
    await delayed;
    expect(fake.workbook.values('Sheet1', 'A1')).toEqual([[1]]);
  });
});
