import { toFormulaInput, valueInput } from '../../src/excel/cellInput';
import { createFakeExcel } from '../support/fakeExcel';

describe('cell input', () => {
  test('toFormulaInput keeps text as text', () => {
    expect(
      [
        '007',
        '=x',
        '+1',
        '-',
        'TRUE',
        '1/2',
        '2025-01-31',
        'Jan 5',
        '50%',
        '$5',
        ' pad',
        "'q",
        '#N/A',
        'Plain text',
      ].map((s) => toFormulaInput({ value: s })),
    ).toEqual([
      "'007",
      "'=x",
      "'+1",
      "'-",
      "'TRUE",
      "'1/2",
      "'2025-01-31",
      "'Jan 5",
      "'50%",
      "'$5",
      "' pad",
      "''q",
      "'#N/A",
      'Plain text',
    ]);
    expect([
      toFormulaInput({ value: 3 }),
      toFormulaInput({ value: false }),
      toFormulaInput({ value: null }),
      toFormulaInput({ formula: 'A1', value: 2 }),
    ]).toEqual([3, false, '', '=A1']);
  });
});

describe('every text lands as exactly that text in the fake host, which parses like Excel', () => {
  const texts = [
    '0042',
    '-Dash Example',
    '+Plus Sam',
    '@Sam',
    '- needs practice',
    '- see notes,',
    '3/4',
    '1-5',
    '2024-07',
    '2024-07-15',
    '50%',
    '$5',
    '(5)',
    '1 1/2',
    'Jan 5',
    '5-Jan',
    'May 2026',
    '10:30',
    '10 PM',
    'TRUE',
    'false',
    '#N/A',
    "'quoted",
    ' pad',
    'PS-1',
    '2026 Q1',
    'N/A',
    'Plain text',
    '=1+1',
  ];
  test.each(texts)('%j', async (text) => {
    const fake = createFakeExcel();
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [
        [valueInput(text), valueInput(7)],
      ];
      await ctx.sync();
    });
    expect(fake.workbook.values('Sheet1', 'A1:B1')).toEqual([[text, 7]]);
    expect(fake.workbook.cell('Sheet1', 'A1').formula).toBeUndefined();
  });
});
