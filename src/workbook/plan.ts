/**
 * The declarative workbook model. Every sheet the add-in makes is first a SheetPlan;
 * src/excel renders plans into the open workbook, src/xlsx into .xlsx files.
 * Plans are plain data (JSON-serialisable apart from nothing): no Excel, no I/O.
 *
 * Conventions:
 * - Rows and columns in `cells` are 0-based; every `ref` string is an A1 range on the
 *   plan's own sheet ("B5:C9"), unless it is a RangeRef naming a sheet.
 * - Formulas are English, A1 style, without the leading "=".
 * - Colours are 6-digit RGB hex without '#', e.g. "1F4E79".
 */

export type CellValue = string | number | boolean | null;

export interface Cell {
  /** A constant. Ignored when `formula` is set. */
  value?: CellValue;
  /** English A1 formula without "=". */
  formula?: string;
}

export interface FontStyle {
  bold?: boolean;
  italic?: boolean;
  color?: string;
  size?: number;
}

export interface CellStyle {
  numFmt?: string;
  font?: FontStyle;
  fill?: string;
  border?: 'thin';
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
}

/** A style applied to a rectangular range; later entries win where they overlap. */
export interface FormatRange {
  ref: string;
  style: CellStyle;
}

export interface ValidationMessages {
  promptTitle?: string;
  prompt?: string;
  errorTitle?: string;
  error?: string;
}

export type Validation =
  | ({ ref: string; type: 'list'; values: string[]; allowBlank: boolean } & ValidationMessages)
  | ({
      ref: string;
      type: 'decimal' | 'whole';
      min: number;
      max: number;
      allowBlank: boolean;
    } & ValidationMessages)
  | ({ ref: string; type: 'date'; min: string; max: string; allowBlank: boolean } & ValidationMessages)
  /**
   * A formula that must be TRUE (without "="), written for the range's top-left cell: Excel moves its
   * relative references for the other cells, as it does for conditional formats.
   */
  | ({ ref: string; type: 'custom'; formula: string; allowBlank: boolean } & ValidationMessages);

export interface ConditionalStyle {
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}

export type ConditionalFormat =
  | {
      ref: string;
      type: 'cellIs';
      operator: 'lessThan' | 'greaterThan' | 'between' | 'equal' | 'greaterThanOrEqual' | 'lessThanOrEqual';
      /** One formula, or two for between. */
      formulas: string[];
      style: ConditionalStyle;
    }
  | {
      ref: string;
      type: 'expression';
      /** Written relative to the top-left cell of `ref`. */
      formula: string;
      style: ConditionalStyle;
    }
  | {
      ref: string;
      type: 'colorScale';
      /** Lowest, (optional) middle, highest colours. */
      colors: [string, string] | [string, string, string];
      /** Fixed numeric bounds; omitted means the range's min/max. */
      min?: number;
      max?: number;
    };

export interface TablePlan {
  name: string;
  /** Whole table including the header row (and the totals row when present). */
  ref: string;
  style: string;
  /** Header texts, left to right; must match the header cells. */
  columns: string[];
  /** Per column header: a totals-row function or a label; omitted means no totals row. */
  totals?: Record<string, { fn: 'average' | 'sum' | 'count' } | { label: string }>;
  /**
   * Every column whose first data row holds a formula holds it filled down to the last row: Excel is told
   * so (a calculated column) and fills it into rows a person adds to the table.
   */
  calculatedColumns?: boolean;
}

export interface RangeRef {
  sheet: string;
  /** A1 range without the sheet, e.g. "B6:B17". */
  ref: string;
}

export interface ChartSeries {
  name: string;
  values: RangeRef;
  color?: string;
  /** Line charts: dashed line, no markers (cutoff and model lines). */
  dashed?: boolean;
}

export interface ChartPlan {
  type: 'line' | 'bar' | 'column';
  title: string;
  categories: RangeRef;
  series: ChartSeries[];
  xAxisTitle?: string;
  yAxisTitle?: string;
  yMin?: number;
  yMax?: number;
  /** Show each point's value beside it, formatted DATA_LABEL_FORMAT (a chart of one period is one labelled point). */
  dataLabels?: boolean;
  /** Top-left and bottom-right cells (0-based, exclusive bottom-right) of the chart frame. */
  anchor: { col: number; row: number; toCol: number; toRow: number };
}

/** Number format of chart data labels: one decimal, two when there are. */
export const DATA_LABEL_FORMAT = '0.0#';

export interface DefinedName {
  name: string;
  /** Absolute reference including the sheet, e.g. "'Team'!$A$1:$E$7". */
  refersTo: string;
}

export interface PrintSetup {
  orientation: 'portrait' | 'landscape';
  paper: 'letter';
  /**
   * Scaled to one page wide, as many pages tall as it takes (so manual row breaks still apply). Builders
   * keep every print area narrow enough that body text stays readable (tests/workbook/print.test.ts).
   */
  fitToWidth: boolean;
  /** Rows repeated at the top of every printed page, e.g. "10:10". */
  titleRows?: string;
  /**
   * Pages wide, when the table is too wide for one (default 1): with `titleColumns`, the columns that
   * say which row is which repeat at the left of every page.
   */
  pagesWide?: number;
  /** Columns repeated at the left of every printed page, e.g. "A:C". */
  titleColumns?: string;
  /**
   * What prints, in this order, each area starting on a new page: the main table first, then side blocks
   * and the charts anchored in them. Omitted: everything on the sheet.
   */
  areas?: string[];
  /** 0-based rows that start a new page: breaks between logical blocks. */
  rowBreaks?: number[];
}

/** Page margins of every printed sheet, in inches (narrower than Excel's 0.7 at the sides). */
export const PRINT_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 };

export interface Protection {
  /** Ranges a person may edit while the sheet is protected. */
  unlocked: string[];
  /** Whether the renderer turns protection on (forms); otherwise only the lock flags are set. */
  protect: boolean;
}

export type SheetKind =
  'team' | 'rating' | 'wps' | 'settings' | 'comparison' | 'trend' | 'dashboard' | 'outcomes' | 'other';

export interface SheetPlan {
  name: string;
  kind: SheetKind;
  /** Sparse grid, rows then columns, 0-based. */
  cells: (Cell | undefined)[][];
  formats: FormatRange[];
  /** Widths in characters; `hidden` hides the column (helpers the formulas use, not for reading). */
  columnWidths: { col: number; width: number; hidden?: boolean }[];
  merges: string[];
  freeze?: { rows: number; cols: number };
  validations: Validation[];
  conditionalFormats: ConditionalFormat[];
  tables: TablePlan[];
  charts: ChartPlan[];
  print?: PrintSetup;
  /**
   * Minimum heights in points of rows that need room beyond their text: cells to write in by hand. Apart
   * from these, renderers give every row the height its wrapped text needs (the .xlsx writer estimates it
   * with src/workbook/textFit.ts; the Office.js renderer has Excel autofit the rows).
   */
  rowHeights?: { row: number; height: number }[];
  protection?: Protection;
  /**
   * true: hidden (Excel's Unhide lists it); 'very': very hidden (Excel's menus cannot show it, only code
   * can), for the parts a person should not edit, such as a form's identity.
   */
  hidden?: boolean | 'very';
  /**
   * The layout version that wrote the sheet (src/workbook/layout.ts), which the renderers record on it
   * as the hidden sheet-level name PPS_Layout; absent on sheets that are not part of a team workbook's
   * layout (forms, copies of a person's own sheets).
   */
  layout?: string;
}

export interface WorkbookPlan {
  sheets: SheetPlan[];
  names: DefinedName[];
}

export function emptySheet(name: string, kind: SheetKind): SheetPlan {
  return {
    name,
    kind,
    cells: [],
    formats: [],
    columnWidths: [],
    merges: [],
    validations: [],
    conditionalFormats: [],
    tables: [],
    charts: [],
  };
}
