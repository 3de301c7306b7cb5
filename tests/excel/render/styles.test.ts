import { columnWidthPoints, groupStyles } from '../../../src/excel/render/styles';

describe('styles', () => {
  test('groupStyles merges identical styles only where the winner cannot change', () => {
    const a = { fill: 'FF0000' };
    const b = { fill: '00FF00' };
    expect(
      groupStyles([
        { ref: 'A1', style: a },
        { ref: 'C1', style: b },
        { ref: 'E1', style: a },
      ]),
    ).toEqual([
      { style: a, refs: ['A1', 'E1'] },
      { style: b, refs: ['C1'] },
    ]);
    // A border in between does not compete with fills, so the fills still group.
    const border = { border: 'thin' as const };
    expect(
      groupStyles([
        { ref: 'A1', style: a },
        { ref: 'A1:D4', style: border },
        { ref: 'B2', style: a },
      ]),
    ).toEqual([
      { style: a, refs: ['A1', 'B2'] },
      { style: border, refs: ['A1:D4'] },
    ]);
    // B1:C1 (b) sets the fill of C1, which the later a-range C1:D1 must win, so it cannot be joined earlier.
    expect(
      groupStyles([
        { ref: 'A1', style: a },
        { ref: 'B1:C1', style: b },
        { ref: 'C1:D1', style: a },
      ]),
    ).toEqual([
      { style: a, refs: ['A1'] },
      { style: b, refs: ['B1:C1'] },
      { style: a, refs: ['C1:D1'] },
    ]);
  });

  test('columnWidthPoints', () => {
    expect(columnWidthPoints(10)).toBe(52.5);
  });
});
