/** A small, explicit helper for filling a SheetPlan. */
import { cellRef, rangeRef } from './a1';
import { LAYOUT_VERSION } from './layout';
import { Cell, CellStyle, CellValue, emptySheet, PrintSetup, SheetKind, SheetPlan } from './plan';

export const COLORS = {
  header: '1F4E79',
  headerText: 'FFFFFF',
  label: '44546A',
  input: 'FFF9E6',
  category: 'DDEBF7',
  blindSpot: 'F8CBAD',
  hiddenStrength: 'C6EFCE',
  agree: 'EDEDED',
  key: 'FFF2CC',
  red: 'C00000',
  green: '548235',
  orange: 'ED7D31',
  grey: 'A6A6A6',
  self: 'ED7D31',
  supervisor: '1F4E79',
};

/**
 * The widest print area (sum of column widths, in column-width units) a sheet may have per orientation:
 * one page wide on letter paper between PRINT_MARGINS, 11-point text prints at 9 points or more. A
 * column-width unit is 5.55 pt in LibreOffice with Carlito (Calibri's metrics; scripts/ensure-system-deps.js
 * installs it) and 5.25 pt plus 3.75 pt a column in Excel, so the same area prints a little larger there:
 * (11 - 0.8) in x 72 x 11/9 / 5.55 = 161.7 across, (8.5 - 0.8) in x 72 x 11/9 / 5.55 = 122.1 down; less
 * by a zoom step (about 2%), which LibreOffice's fit to width sometimes takes beyond what the width needs.
 */
export const PRINT_WIDTH = { landscape: 156, portrait: 118 } as const;

/**
 * Rows (of the default height) a bar chart of `categories` categories is tall: room for each category's
 * label on up to two lines, so the labels print apart (and at least 18 rows for a few categories).
 */
export const chartRows = (categories: number): number => Math.max(18, Math.ceil(categories * 2.5));

/** Minimum height of a row with a cell to write in by hand: half an inch, two handwritten lines. */
export const WRITING_ROW_HEIGHT = 36;
/** Minimum height of an agenda section's note cells: an inch. */
export const WRITING_SECTION_HEIGHT = 72;

export const HEADER_STYLE: CellStyle = {
  font: { bold: true, color: COLORS.headerText },
  fill: COLORS.header,
  wrap: true,
  vertical: 'middle',
  border: 'thin',
};

export class SheetBuilder {
  readonly plan: SheetPlan;

  constructor(name: string, kind: SheetKind) {
    this.plan = emptySheet(name, kind);
    // Every sheet of a team workbook records the layout that wrote it; 'other' sheets are not one.
    if (kind !== 'other') this.plan.layout = LAYOUT_VERSION;
  }

  set(row: number, col: number, cell: Cell): this {
    const rows = this.plan.cells;
    while (rows.length <= row) rows.push([]);
    rows[row][col] = cell;
    return this;
  }

  value(row: number, col: number, value: CellValue): this {
    return this.set(row, col, { value });
  }

  formula(row: number, col: number, formula: string): this {
    return this.set(row, col, { formula });
  }

  /** Writes a row of constants starting at (row, col). */
  row(row: number, col: number, values: CellValue[]): this {
    values.forEach((v, i) => this.value(row, col + i, v));
    return this;
  }

  style(row1: number, col1: number, row2: number, col2: number, style: CellStyle): this {
    this.plan.formats.push({ ref: rangeRef(row1, col1, row2, col2), style });
    return this;
  }

  /** Sets a column's width (a later call for the same column replaces the earlier one). */
  width(col: number, width: number): this {
    const set = this.plan.columnWidths.find((w) => w.col === col);
    if (set) set.width = width;
    else this.plan.columnWidths.push({ col, width });
    return this;
  }

  /** Hides columns (keeping their widths for when a person shows them again). */
  hide(...cols: number[]): this {
    for (const col of cols) {
      const set = this.plan.columnWidths.find((w) => w.col === col);
      if (set) set.hidden = true;
      else this.plan.columnWidths.push({ col, width: 10, hidden: true });
    }
    return this;
  }

  /**
   * A label in one cell and its value in the cell to its right (wrapped across the columns up to
   * `valueToCol` when given, merged).
   */
  label(row: number, col: number, label: string, value: CellValue, valueToCol?: number): this {
    this.value(row, col, label).value(row, col + 1, value);
    this.style(row, col, row, col, {
      font: { bold: true, color: COLORS.label },
      wrap: true,
      vertical: 'top',
    });
    if (valueToCol !== undefined && valueToCol > col + 1) {
      this.plan.merges.push(rangeRef(row, col + 1, row, valueToCol));
      this.style(row, col + 1, row, valueToCol, { wrap: true, vertical: 'top', horizontal: 'left' });
    }
    return this;
  }

  /**
   * A grey "Chart: ..." column `to` holding the numbers of column `from` (rows first..last) as a chart
   * should read them: #N/A where there is no number, so a line has a gap there instead of a 0.
   * Returns the column's data range.
   */
  chartSource(
    headerRow: number,
    first: number,
    last: number,
    from: number,
    to: number,
    header: string,
  ): string {
    this.value(headerRow, to, header);
    this.style(headerRow, to, headerRow, to, { ...HEADER_STYLE, fill: COLORS.label });
    for (let r = first; r <= last; r++) this.formula(r, to, chartValue(this.ref(r, from)));
    this.style(first, to, last, to, { numFmt: '0.00', font: { color: COLORS.grey } });
    return rangeRef(first, to, last, to);
  }

  ref(row: number, col: number, absolute = false): string {
    return cellRef(row, col, absolute);
  }

  /**
   * A line of text across columns `col` to `toCol`: merged, wrapped, the row as tall as the text needs, so
   * it prints inside the print area instead of running past its edge.
   */
  note(row: number, col: number, toCol: number, text: string, style: CellStyle = {}): this {
    this.value(row, col, text);
    this.plan.merges.push(rangeRef(row, col, row, toCol));
    return this.style(row, col, row, toCol, { ...style, wrap: true, vertical: 'top' });
  }

  /** Rows at least `height` points tall (room to write by hand). */
  minHeight(row1: number, row2: number, height = WRITING_ROW_HEIGHT): this {
    const rows = (this.plan.rowHeights ??= []);
    for (let r = row1; r <= row2; r++) rows.push({ row: r, height });
    return this;
  }

  /**
   * Printing on letter paper, one page wide: `areas` print in order, each on new pages (the main table
   * first, side blocks after it), `headerRow` (0-based) repeats at the top of every page, `breaks` are
   * 0-based rows that start a new page.
   */
  print(
    orientation: PrintSetup['orientation'],
    opts: { areas?: string[]; headerRow?: number; breaks?: number[] } = {},
  ): this {
    this.plan.print = {
      orientation,
      paper: 'letter',
      fitToWidth: true,
      ...(opts.headerRow !== undefined ? { titleRows: `${opts.headerRow + 1}:${opts.headerRow + 1}` } : {}),
      ...(opts.areas ? { areas: opts.areas } : {}),
      ...(opts.breaks?.length ? { rowBreaks: opts.breaks } : {}),
    };
    return this;
  }

  /**
   * The usual finish of a sheet built around a table with its header on `headerRow`: panes frozen
   * below the header, printed on letter paper one page wide with the header repeated (landscape unless
   * told), and the cells people type into left unlocked (the sheet protected only when `protect`).
   */
  tableSheet(
    headerRow: number,
    unlocked: string[],
    opts: {
      freezeCols?: number;
      protect?: boolean;
      orientation?: PrintSetup['orientation'];
      areas?: string[];
      breaks?: number[];
    } = {},
  ): this {
    this.plan.freeze = { rows: headerRow + 1, cols: opts.freezeCols ?? 0 };
    this.print(opts.orientation ?? 'landscape', { headerRow, areas: opts.areas, breaks: opts.breaks });
    this.plan.protection = { protect: opts.protect ?? false, unlocked };
    return this;
  }
}

/**
 * A chart's source value: the number in `ref`, else #N/A, which charts leave out (a gap in a line), where
 * text such as "" would be drawn as 0.
 */
export function chartValue(ref: string): string {
  return `IF(ISNUMBER(${ref}),${ref},NA())`;
}

/** A red-yellow-green colour scale over the rating scale's range: a heatmap of means. */
export const HEATMAP_COLORS: [string, string, string] = ['F8696B', 'FFEB84', '63BE7B'];

/** A text literal inside a formula: "..." with quotes doubled. */
export function str(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A COUNTIFS/AVERAGEIFS criterion matching this exact text (wildcards and operators neutralised). */
export function exactCriterion(text: string): string {
  return str(`=${text.replace(/[~*?]/g, (c) => `~${c}`)}`);
}

/** Excel's serial day number for an ISO date (days since 1899-12-30), as a date cell holds it. */
export function excelDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** The ISO date of an Excel serial day number. */
export function isoDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86400000).toISOString().slice(0, 10);
}
