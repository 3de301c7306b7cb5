/** A small, explicit helper for filling a SheetPlan. */
import { cellRef, rangeRef } from './a1';
import { LAYOUT_VERSION } from './layout';
import { Cell, CellStyle, CellValue, emptySheet, SheetKind, SheetPlan } from './plan';

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

  /** A label in one cell and its value in the cell to its right. */
  label(row: number, col: number, label: string, value: CellValue): this {
    this.value(row, col, label).value(row, col + 1, value);
    this.style(row, col, row, col, { font: { bold: true, color: COLORS.label } });
    return this;
  }

  ref(row: number, col: number, absolute = false): string {
    return cellRef(row, col, absolute);
  }

  /**
   * The usual finish of a sheet built around a table with its header on `headerRow`: panes frozen
   * below the header, printed landscape on letter paper one page wide with the header repeated,
   * and the cells people type into left unlocked (the sheet protected only when `protect`).
   */
  tableSheet(
    headerRow: number,
    unlocked: string[],
    opts: { freezeCols?: number; protect?: boolean } = {},
  ): this {
    this.plan.freeze = { rows: headerRow + 1, cols: opts.freezeCols ?? 0 };
    this.plan.print = {
      orientation: 'landscape',
      paper: 'letter',
      fitToWidth: true,
      titleRows: `${headerRow + 1}:${headerRow + 1}`,
    };
    this.plan.protection = { protect: opts.protect ?? false, unlocked };
    return this;
  }
}

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
