import { toFormulaInput } from '../../src/excel/cellInput';

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
