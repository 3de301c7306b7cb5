/**
 * Shared formulas: which cells continue a filled-down run, decided by exact fill-down of the text.
 * Expectations are worked by hand: Excel moves every relative row number down and nothing else.
 */
import JSZip from 'jszip';
import { Cell, emptySheet } from '../../src/workbook/plan';
import { cellKey, filledDown, sharedFormulaMasters } from '../../src/xlsx/shared';
import { writeWorkbook } from '../../src/xlsx/write';

describe('filledDown', () => {
  it('moves relative rows only, in every kind of reference', () => {
    expect(filledDown('A1+B$2+$C3+$D$4', 2)).toBe('A3+B$2+$C5+$D$4');
    expect(filledDown('SUM(A6:A10)+COUNTIFS($A$6:$A$10005,$A6)', 1)).toBe(
      'SUM(A7:A11)+COUNTIFS($A$6:$A$10005,$A7)',
    );
    // other sheets, quoted (with digits in the name) or not
    expect(filledDown("'PS-1001 2026 Q3'!$O13+Settings!B4", 3)).toBe("'PS-1001 2026 Q3'!$O16+Settings!B7");
    expect(filledDown("'It''s Q3'!A1", 1)).toBe("'It''s Q3'!A2");
  });

  it('leaves string literals, names, functions and whole columns alone', () => {
    expect(filledDown('IF(A6="A6","Q3 row 6",A6)', 1)).toBe('IF(A7="A6","Q3 row 6",A7)');
    expect(filledDown('"say ""B2"""&B2', 1)).toBe('"say ""B2"""&B3');
    expect(filledDown('LOG10(A1)+ATAN2(B1,C1)', 1)).toBe('LOG10(A2)+ATAN2(B2,C2)');
    expect(filledDown('PPS_Q3+PPS_SrsCutoff*A1', 1)).toBe('PPS_Q3+PPS_SrsCutoff*A2');
    expect(filledDown('INDEX(Settings!$B:$B,MATCH("x",Settings!$C:$C,0))+1E5', 4)).toBe(
      'INDEX(Settings!$B:$B,MATCH("x",Settings!$C:$C,0))+1E5',
    );
    expect(filledDown('Table1[Q3]+A1', 1)).toBe('Table1[Q3]+A2');
  });
});

const f = (formula: string): Cell => ({ formula });

describe('sharedFormulaMasters', () => {
  it('joins exact fill-downs to the first cell of their run and nothing else', () => {
    const cells: (Cell | undefined)[][] = [];
    cells[0] = [{ value: 'header' }, { value: 'x' }];
    cells[1] = [f('B2*2'), f('"A2"&A2')];
    cells[2] = [f('B3*2'), f('"A2"&A3')]; // a true fill-down keeps the literal "A2"
    cells[3] = [f('B4*3'), f('"A4"&A4')]; // other formula, other literal: new runs
    cells[4] = [f('B5*3'), undefined];
    cells[5] = [f('B6*3'), f('"A4"&A6')]; // column B's run was broken by the empty cell
    const m = sharedFormulaMasters(cells);
    expect([...m.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [cellKey(2, 0), 'A2'],
      [cellKey(2, 1), 'B2'],
      [cellKey(4, 0), 'A4'],
      [cellKey(5, 0), 'A4'],
    ]);
  });

  it('starts a new run where a row number gains a digit, and never joins a cell to a shifted twin', () => {
    const cells: (Cell | undefined)[][] = [];
    for (let r = 6; r <= 12; r++) cells[r - 1] = [f(`A${r}+$A$1`)];
    cells[12] = [f('A12+$A$1')]; // row 13 refers to row 12: not a fill-down of the run
    const m = sharedFormulaMasters(cells);
    // A6 master of A7..A9 (rows 7-9); A10 (row 10, one more digit) master of A11, A12
    expect([...m.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [cellKey(6, 0), 'A6'],
      [cellKey(7, 0), 'A6'],
      [cellKey(8, 0), 'A6'],
      [cellKey(10, 0), 'A10'],
      [cellKey(11, 0), 'A10'],
    ]);
  });
});

describe('writeWorkbook with shared formulas', () => {
  it('writes the master in full and the rest as references, or every formula in full when asked', async () => {
    const sheet = emptySheet('Log', 'other');
    sheet.cells[0] = [{ value: 'n' }, { value: 'double' }];
    for (let r = 1; r <= 100; r++) sheet.cells[r] = [{ value: r }, f(`A${r + 1}*2`)];
    const plan = { sheets: [sheet], names: [] };
    const xml = async (bytes: Uint8Array) =>
      (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    const shared = await xml(await writeWorkbook(plan));
    // rows 2-9, 10-99 and 100-101 are runs (a row number gains a digit at 10 and 100)
    expect(shared.match(/<f t="shared" ref="[^"]+" si="\d+">/g)).toEqual([
      '<f t="shared" ref="B2:B9" si="0">',
      '<f t="shared" ref="B10:B99" si="1">',
      '<f t="shared" ref="B100:B101" si="2">',
    ]);
    expect(shared.match(/<f t="shared" si="\d+"\/>/g)).toHaveLength(100 - 3);
    const full = await xml(await writeWorkbook(plan, { sharedFormulas: false }));
    expect(full).not.toContain('t="shared"');
    expect(full.match(/<f>A\d+\*2<\/f>/g)).toHaveLength(100);
  });
});
