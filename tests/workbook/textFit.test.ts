import { emptySheet, SheetPlan } from '../../src/workbook/plan';
import {
  linesHeight,
  longestWordWidth,
  rowHeights,
  textWidth,
  usableWidth,
  wrappedLines,
} from '../../src/workbook/textFit';

describe('text widths, in digits of the default font', () => {
  it('a digit is one unit, taken 4% wider for rendering differences; bold and larger fonts are wider', () => {
    expect(textWidth('0123456789')).toBeCloseTo(10 * 1.04, 9);
    expect(textWidth('0123456789', { bold: true })).toBeCloseTo(10 * 1.1 * 1.04, 9);
    expect(textWidth('00', { size: 22 })).toBeCloseTo(2 * 2 * 1.04, 9);
    // "i" is narrow, "W" wide; any character outside ASCII counts wide
    expect(textWidth('i')).toBeLessThan(textWidth('W') / 3);
    expect(textWidth('é')).toBeGreaterThan(textWidth('e'));
  });
  it('the longest word decides how narrow a wrapped header may be', () => {
    expect(longestWordWidth('Self mean')).toBeCloseTo(textWidth('mean'), 9);
    expect(longestWordWidth('Supervisor mean')).toBeCloseTo(textWidth('Supervisor'), 9);
  });
});

describe('wrapped lines', () => {
  // ten digits take 10.4 units; a column 12.9 wide leaves 11.9 for text
  const ten = '0123456789';
  it('breaks between words as soon as the next word would not fit', () => {
    expect(usableWidth(12.9)).toBeCloseTo(11.9, 9);
    expect(wrappedLines(ten, 12.9)).toBe(1);
    expect(wrappedLines(`${ten} ${ten}`, 12.9)).toBe(2);
    expect(wrappedLines(`${ten} ${ten} ${ten}`, 12.9)).toBe(3);
    // two short words share a line: 4 digits + space + 4 digits = 8.8 units
    expect(wrappedLines('0123 4567 0123 4567', 12.9)).toBe(2);
  });
  it('counts the line breaks in the text, and breaks a word longer than the line', () => {
    expect(wrappedLines('a\nb\nc', 30)).toBe(3);
    expect(wrappedLines(ten.repeat(3), 12.9)).toBe(3); // 31.2 units over lines of 11.9
    expect(wrappedLines(`x ${ten.repeat(3)}`, 12.9)).toBe(4);
  });
  it('may break after a hyphen, which can take a line more or less: the larger count', () => {
    // broken after the hyphens: 7.9 + 7.9 > 11.9, three lines; as one word, 23.1 units fill two
    expect(wrappedLines('0123456-0123456-0123456', 12.9)).toBe(3);
    // as one word it moves to a line of its own and runs onto a third; broken after its hyphen, two
    expect(wrappedLines('01 0123456-0123456', 12.9)).toBe(3);
  });
  it("gives each line of 11-point text Excel's 15 points, in steps of a pixel (0.75 pt)", () => {
    expect(linesHeight(1)).toBe(15);
    expect(linesHeight(3)).toBe(45);
    expect(linesHeight(1, 14)).toBe(19.5); // 19.09 rounded up to whole pixels
  });
});

describe('row heights of a sheet plan', () => {
  const plan = (): SheetPlan => {
    const p = emptySheet('S', 'other');
    p.columnWidths = [
      { col: 0, width: 12.9 },
      { col: 1, width: 12.9 },
      { col: 2, width: 12.9, hidden: true },
    ];
    return p;
  };
  const long = '0123456789 0123456789 0123456789'; // three lines at 12.9, two across two columns
  it('a wrapped text gets the lines it needs; unwrapped text and formulas stay one line', () => {
    const p = plan();
    p.cells = [[{ value: long }], [{ value: long }], [{ formula: 'REPT("x",500)' }]];
    p.formats = [{ ref: 'A1:A1', style: { wrap: true } }];
    expect([...rowHeights(p)]).toEqual([[0, 45]]);
  });
  it('a merged cell wraps at the merge width; hidden columns show nothing', () => {
    const p = plan();
    p.cells = [[{ value: long }], [undefined, undefined, { value: long }]];
    p.merges = ['A1:B1'];
    p.formats = [{ ref: 'A1:C2', style: { wrap: true } }];
    expect([...rowHeights(p)]).toEqual([[0, 30]]);
  });
  it('a larger font makes its row taller; a bold one wraps sooner', () => {
    const p = plan();
    // 10.9 units regular (one line in 11.9), 12.0 bold (two lines)
    const text = '01234 01234';
    expect(textWidth(text)).toBeLessThan(usableWidth(12.9));
    expect(textWidth(text, { bold: true })).toBeGreaterThan(usableWidth(12.9));
    p.cells = [[{ value: 'Title' }], [{ value: text }], [{ value: text }]];
    p.formats = [
      { ref: 'A1:A1', style: { font: { size: 14 } } },
      { ref: 'A2:A3', style: { wrap: true } },
      { ref: 'A3:A3', style: { font: { bold: true } } },
    ];
    expect([...rowHeights(p)].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 19.5],
      [2, 30],
    ]);
  });
  it('rows the plan wants taller (room to write by hand) get at least that, more when their text needs it', () => {
    const p = plan();
    p.cells = [[{ value: long }], [{ value: 'short' }]];
    p.formats = [{ ref: 'A1:A2', style: { wrap: true } }];
    p.rowHeights = [
      { row: 0, height: 36 },
      { row: 1, height: 36 },
    ];
    expect(new Map(rowHeights(p))).toEqual(
      new Map([
        [0, 45],
        [1, 36],
      ]),
    );
  });
});
