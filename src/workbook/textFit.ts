/**
 * How much room text needs in a cell, estimated without a font engine, so the .xlsx writer can give each
 * row the height its wrapped text needs (Excel and LibreOffice do not fit row heights when they open a
 * file) and builders and tests can check that headers fit their columns.
 *
 * Widths are in the unit of column widths: the width of a digit of the workbook's default font (Calibri
 * 11). Each character's advance is the larger of Calibri's (Carlito has the same metrics) and DejaVu
 * Sans's (what LibreOffice prints with when neither is installed), each measured against its own digit,
 * since both Excel and LibreOffice size columns by the digit of the font they use. An estimate errs on
 * the tall side: a row may get a little more room than it needs, never less.
 */
import { parseRange } from './a1';
import { CellStyle, SheetPlan } from './plan';

/** Advance widths of ASCII 32..126 in hundredths of a digit, regular then bold. */
const REGULAR = [
  50, 65, 80, 132, 100, 150, 135, 44, 62, 62, 99, 132, 50, 61, 50, 77, 100, 100, 100, 100, 100, 100, 100, 100,
  100, 100, 53, 53, 132, 132, 132, 92, 177, 115, 108, 110, 122, 100, 91, 125, 123, 50, 63, 104, 88, 169, 128,
  131, 102, 133, 110, 100, 97, 127, 112, 176, 108, 97, 108, 62, 77, 62, 132, 99, 79, 97, 104, 87, 104, 99, 61,
  100, 104, 46, 48, 92, 46, 158, 104, 105, 104, 104, 69, 82, 67, 104, 94, 142, 94, 94, 83, 100, 91, 100, 132,
];
const BOLD = [
  55, 72, 87, 132, 110, 158, 140, 49, 72, 72, 99, 132, 60, 66, 60, 85, 110, 110, 110, 110, 110, 110, 110, 110,
  110, 110, 63, 63, 132, 132, 132, 92, 178, 122, 120, 116, 131, 108, 108, 130, 132, 59, 66, 122, 101, 173,
  132, 134, 116, 136, 122, 114, 108, 129, 122, 179, 122, 114, 114, 72, 85, 72, 132, 99, 79, 107, 113, 94, 113,
  107, 69, 113, 112, 54, 54, 105, 54, 164, 112, 108, 113, 113, 78, 94, 76, 112, 103, 148, 102, 103, 92, 112,
  94, 112, 132,
];
/** Any other character (accents, dashes, curly quotes, CJK) counts as this wide: generous for Latin text. */
const OTHER = 1.8;
/**
 * Rendering differs (hinting, kerning, printer metrics): every measured width is taken this much wider.
 * With CELL_PADDING, calibrated against LibreOffice (tests/integration/print.test.ts): it never wraps the
 * framework texts onto more lines than estimated at SLACK 1.0 and padding 0.8; these leave room for Excel.
 */
const SLACK = 1.04;

export const DEFAULT_FONT_SIZE = 11;
/** Excel's height of one line of Calibri 11 (its default row height), in points. */
export const DEFAULT_ROW_HEIGHT = 15;
/** Default column width (Excel's 8.43 characters plus its padding), in column-width units. */
export const DEFAULT_COLUMN_WIDTH = 9.14;
/**
 * Of a column's width, the part text cannot use: Excel's 5-pixel padding (0.71 of a 7-pixel digit) and
 * the cell margins both programs keep at each side.
 */
const CELL_PADDING = 1.0;

export interface TextFont {
  bold?: boolean;
  /** Points; default 11. */
  size?: number;
}

/** The width `text` takes on one line, in column-width units. */
export function textWidth(text: string, font: TextFont = {}): number {
  const table = font.bold ? BOLD : REGULAR;
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    w += c >= 32 && c <= 126 ? table[c - 32] / 100 : OTHER;
  }
  return (w * SLACK * (font.size ?? DEFAULT_FONT_SIZE)) / DEFAULT_FONT_SIZE;
}

/** The room a column of this width leaves for text on one line, in column-width units. */
export function usableWidth(columnWidth: number): number {
  return Math.max(0.5, columnWidth - CELL_PADDING);
}

/**
 * Lines `text` takes when wrapped in a column `columnWidth` wide, breaking between words as Excel and
 * LibreOffice do (a word longer than the line is broken across lines); line breaks in the text count.
 * Both programs may also break after a hyphen or a slash, which can take a line more or less: the
 * larger of the two counts.
 */
export function wrappedLines(text: string, columnWidth: number, font: TextFont = {}): number {
  return Math.max(greedyLines(text, columnWidth, font, false), greedyLines(text, columnWidth, font, true));
}

function greedyLines(text: string, columnWidth: number, font: TextFont, breakAfterHyphens: boolean): number {
  const room = usableWidth(columnWidth);
  const space = textWidth(' ', font);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(' ')) {
      const parts = breakAfterHyphens && word !== '' ? word.split(/(?<=[-\u2010/])/) : [word];
      parts.forEach((part, k) => {
        const w = part === '' ? space : textWidth(part, font);
        const gap = k === 0 ? space : 0;
        if (used > 0 && used + gap + w <= room) {
          used += gap + w;
          return;
        }
        if (used > 0) lines++;
        // a word wider than the line fills whole lines and goes on on the next
        const extra = Math.max(0, Math.ceil(w / room) - 1);
        lines += extra;
        used = w - extra * room;
      });
    }
  }
  return lines;
}

/** Height in points of `lines` lines of text in this font size (Excel's line height, the taller of the two). */
export function linesHeight(lines: number, size = DEFAULT_FONT_SIZE): number {
  return Math.ceil((lines * DEFAULT_ROW_HEIGHT * size) / DEFAULT_FONT_SIZE / 0.75) * 0.75;
}

/** The widest word of `text`: a wrapped cell narrower than this breaks the word. */
export function longestWordWidth(text: string, font: TextFont = {}): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => textWidth(w, font)));
}

/** Column widths of a sheet by column (hidden columns 0: nothing shows there). */
export function columnWidthsOf(plan: SheetPlan): (col: number) => number {
  const widths = new Map(plan.columnWidths.map((w) => [w.col, w.hidden ? 0 : w.width]));
  return (col) => widths.get(col) ?? DEFAULT_COLUMN_WIDTH;
}

/**
 * The style of cells, as the renderers apply the format ranges (later ones win, fonts merged). Looks up
 * the ranges covering a cell, so it suits the few cells that hold text, not every cell of a sheet.
 */
export function styleLookup(plan: SheetPlan): (row: number, col: number) => CellStyle {
  const ranges = plan.formats.map((f) => ({ p: parseRange(f.ref), style: f.style }));
  return (row, col) => {
    let out: CellStyle = {};
    for (const { p, style } of ranges)
      if (row >= p.row1 && row <= p.row2 && col >= p.col1 && col <= p.col2)
        out = { ...out, ...style, font: style.font || out.font ? { ...out.font, ...style.font } : undefined };
    return out;
  };
}

/**
 * Rows that need more than the default height, with the height they need in points: rows whose text
 * wraps onto several lines (at the widths of the columns, or of merged cells, it is in), rows in a larger
 * font, and the rows the plan asks to be taller (room to write by hand). Formula results are unknown
 * here and count as one line.
 */
export function rowHeights(plan: SheetPlan): Map<number, number> {
  const out = new Map<number, number>();
  const need = (row: number, height: number) => {
    if (height > (out.get(row) ?? DEFAULT_ROW_HEIGHT)) out.set(row, height);
  };
  const widthOf = columnWidthsOf(plan);
  const styleAt = styleLookup(plan);
  // merged cells: the top-left cell's width is the merge's; the other cells show nothing
  const mergeWidth = new Map<string, number>();
  const covered = new Set<string>();
  for (const m of plan.merges) {
    const p = parseRange(m);
    let w = 0;
    for (let c = p.col1; c <= p.col2; c++) w += widthOf(c);
    mergeWidth.set(`${p.row1},${p.col1}`, p.row1 === p.row2 ? w : 0);
    for (let r = p.row1; r <= p.row2; r++)
      for (let c = p.col1; c <= p.col2; c++) if (r !== p.row1 || c !== p.col1) covered.add(`${r},${c}`);
  }
  const filled = (r: number, c: number) => {
    const cell = plan.cells[r]?.[c];
    return !!cell && (cell.formula !== undefined || (cell.value !== null && cell.value !== undefined));
  };
  // a font larger than the default makes a row taller even on one line
  let largest = DEFAULT_FONT_SIZE;
  for (const f of plan.formats) {
    const size = f.style.font?.size ?? DEFAULT_FONT_SIZE;
    if (size <= DEFAULT_FONT_SIZE) continue;
    largest = Math.max(largest, size);
    const p = parseRange(f.ref);
    for (let r = p.row1; r <= Math.min(p.row2, plan.cells.length - 1); r++)
      for (let c = p.col1; c <= p.col2; c++) if (filled(r, c)) need(r, linesHeight(1, size));
  }
  plan.cells.forEach((cells, r) => {
    cells?.forEach((cell, c) => {
      if (!cell || cell.formula !== undefined || typeof cell.value !== 'string' || covered.has(`${r},${c}`))
        return;
      const text = cell.value;
      const width = mergeWidth.get(`${r},${c}`) ?? widthOf(c);
      // fits on one line in any font of the sheet, bold or not: nothing to do (most cells)
      const oneLine = textWidth(text, { bold: true, size: largest }) <= usableWidth(width);
      if (width === 0 || (oneLine && !text.includes('\n'))) return;
      const style = styleAt(r, c);
      if (!style.wrap) return;
      const font = { bold: style.font?.bold, size: style.font?.size };
      need(r, linesHeight(wrappedLines(text, width, font), font.size));
    });
  });
  for (const { row, height } of plan.rowHeights ?? []) need(row, height);
  return out;
}
