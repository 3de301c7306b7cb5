/**
 * The Office.js reader: sheets turned into grids that src/workbook/read recognises by headers and labels,
 * never by sheet name or position. It reads only what an action needs, in pages under the payload limit:
 *
 *   1. the sheet names;
 *   2. for every sheet, the size of its used range and its first rows (the used part of A1:AZ16), which is
 *      enough to tell what the sheet is (a rating sheet and whose, the roster, the settings, the outcomes
 *      log, a comparison for which worker and period, ...);
 *   3. whole only the sheets the action asks for (`ReadNeeds`), in row bands packed into pages whose
 *      responses stay under the budget (4.5 MB by default: Excel on the web refuses a response over 5 MB,
 *      and every host a range over 5 million cells). A page the host still refuses is halved and read again.
 *
 * So the pane loads without reading a 20,000-session outcomes log, and a large agency workbook is read in
 * as many pages as its size needs. Step 2 also reads each sheet's layout record (the hidden sheet-level
 * name PPS_Layout, src/workbook/layout.ts), so every snapshot says which layout wrote each sheet and
 * whether the workbook needs an update (`layouts`, `upgrade`: src/workbook/upgrade.ts).
 */
import { Worker } from '../domain/csv';
import { Settings } from '../domain/settings';
import { rangeRef } from '../workbook/a1';
import { isAgencySheet } from '../workbook/agencyTitles';
import { LOG_HEADERS } from '../workbook/outcomesLog';
import { norm } from '../workbook/grid';
import { LAYOUT_NAME } from '../workbook/layout';
import {
  findHeaderRow,
  findRatingSheet,
  Grid,
  RatingSheetData,
  recogniseSheets,
  sheetLayouts,
  sheetRead,
} from '../workbook/read';
import { SIGNATURES } from '../workbook/signatures';
import { SheetLayout, UpgradePlan, upgradePlan } from '../workbook/upgrade';
import { SETTINGS_HEADERS } from '../workbook/settingsSheet';
import { TEAM_HEADERS } from '../workbook/team';
import { editSafe, ExcelRunner, hostErrorInfo } from './host';
import { DEFAULT_MAX_REQUEST_BYTES, packBySize } from './render';

/** Rows and columns of every sheet read to recognise it (the used part of A1:AZ16). */
export const HEAD_ROWS = 16;
export const HEAD_COLS = 52;
const HEAD_ADDRESS = `A1:${rangeRef(HEAD_ROWS - 1, HEAD_COLS - 1, HEAD_ROWS - 1, HEAD_COLS - 1)}`;
/** Rows searched for what a sheet is, when its layout is worked out. */
const LAYOUT_ROWS = 100;
/** Cells of one range read, well under every host's 5 million. */
const MAX_READ_CELLS = 1_000_000;
/** Bytes per cell assumed for a sheet's first rows before anything is known about it. */
const HEAD_CELL_BYTES = 8;

/** The two-column table (Category, Competency) an agency types its own competency list into. */
export const CUSTOM_HEADERS = ['Category', 'Competency'];

export type SheetKind = 'rating' | 'team' | 'settings' | 'frameworks' | 'log' | 'other';

/** What the first rows of a sheet show. */
export interface SheetHead {
  name: string;
  kind: SheetKind;
  /** For a rating sheet: whose, which period and framework (its rows are not all read yet). */
  rating: RatingSheetData | null;
  /** Its layout record (PPS_Layout's formula), when it has one. */
  recorded?: string;
  /** Its first rows (given to ReadNeeds). */
  grid?: Grid;
}

export interface ReadNeeds {
  /** Sheets to read whole, given what their first rows show; default every sheet. */
  whole?: (head: SheetHead) => boolean;
  /** Sheets whose formulas are read too (`SheetSnapshot.cellFormulas`); they are read whole. Default none. */
  formulas?: (head: SheetHead) => boolean;
}

/** The sheets most actions need whole: the roster, the settings and agency competency lists. */
export const SETUP_KINDS: SheetKind[] = ['team', 'settings', 'frameworks'];

/** Needs: the setup sheets, plus the kinds and rating sheets given. */
export function needs(
  kinds: SheetKind[] = [],
  ratings: (r: RatingSheetData) => boolean = () => false,
): ReadNeeds {
  const want = new Set([...SETUP_KINDS, ...kinds]);
  return {
    whole: (h) => want.has(h.kind) || (h.rating !== null && ratings(h.rating)) || deeperThanHead(h),
  };
}

const DEEP_LABELS = new Set(SIGNATURES.flatMap((s) => [s.personCodeLabel, s.meetingDateLabel].map(norm)));

/**
 * Person views and agendas without a layout record (made by the first layout) show their table headers
 * below the first rows: sheets whose first rows hold the person-code or meeting-date label and are not
 * recognised from them are read whole (they are small), so the snapshot's layouts count them.
 */
export function deeperThanHead(h: SheetHead): boolean {
  return (
    h.kind === 'other' &&
    h.recorded === undefined &&
    !!h.grid?.some((row) => (row ?? []).some((v) => DEEP_LABELS.has(norm(v)))) &&
    sheetRead(h.name, h.grid).kind === 'other'
  );
}

export interface SheetSnapshot {
  name: string;
  position: number;
  visible: boolean;
  grid: Grid;
  /** False when only the sheet's first rows were read (the action did not need the rest). */
  whole: boolean;
  /** Its layout record (PPS_Layout's formula, '="0.2.0"'), when it has one. */
  recorded?: string;
  /** Formulas by A1 address, for the sheets `ReadNeeds.formulas` asked for. */
  cellFormulas?: Map<string, string>;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  /** The roster from the sheet holding the Team headers, or null when there is none. */
  team: { sheet: string; workers: Worker[] } | null;
  /** Settings from the sheet holding the settings table; defaults when there is none. */
  settings: Settings;
  settingsSheet: string | null;
  /** Every rating sheet; `rows` are complete only for sheets read whole. */
  ratingSheets: RatingSheetData[];
  /** Which layout wrote each sheet (from its first rows, or whole where it was read whole), and its record. */
  layouts: SheetLayout[];
  /** Whether the workbook is at this version's layout, could be updated to it, or must be refused. */
  upgrade: UpgradePlan;
  /** Sync calls this read took. */
  syncs: number;
}

type Values = (string | number | boolean)[][];

/** A grid with the values placed at their real rows and columns ('' cells become null). */
function placeGrid(values: Values, rowIndex: number, columnIndex: number, into: Grid = []): Grid {
  values.forEach((row, i) => {
    const r = rowIndex + i;
    while (into.length <= r) into.push([]);
    const out = (into[r] ??= []);
    row.forEach((v, j) => {
      const c = columnIndex + j;
      while (out.length < c) out.push(null);
      out[c] = v === '' ? null : v;
    });
  });
  return into;
}

/** What a sheet is, from its first rows. */
export function classify(name: string, grid: Grid, recorded?: string): SheetHead {
  const rec = recorded === undefined ? {} : { recorded };
  const rating = findRatingSheet(name, grid);
  if (rating) return { name, kind: 'rating', rating, ...rec };
  // the agency sheets (the agency log has the outcomes log's headers) are the Agency tab's alone
  if (isAgencySheet(grid[0]?.[0])) return { name, kind: 'other', rating: null, ...rec };
  const kind: SheetKind = findHeaderRow(grid, TEAM_HEADERS)
    ? 'team'
    : findHeaderRow(grid, SETTINGS_HEADERS)
      ? 'settings'
      : findHeaderRow(grid, LOG_HEADERS.slice(0, 6))
        ? 'log'
        : isFrameworkList(grid)
          ? 'frameworks'
          : 'other';
  return { name, kind, rating: null, ...rec };
}

function isFrameworkList(grid: Grid): boolean {
  const at = findHeaderRow(grid, CUSTOM_HEADERS);
  const right = at && grid[at.row]?.[at.col + 2];
  return at !== null && (right === undefined || right === null);
}

export function snapshotFromGrids(sheets: SheetSnapshot[], syncs: number): WorkbookSnapshot {
  // Layouts from what was read (a sheet read only in part is known by its first rows); every kind of
  // sheet shows what it is within its first 100 rows, so a long log is not searched to its end.
  const layouts = sheetLayouts(sheets.map((s) => ({ ...s, grid: s.grid.slice(0, LAYOUT_ROWS) })));
  return { sheets, ...recogniseSheets(sheets), layouts, upgrade: upgradePlan(layouts), syncs };
}

interface Band {
  sheet: number;
  row0: number;
  row1: number;
  col0: number;
  col1: number;
  bytes: number;
}

/**
 * Reads the workbook: the names, every sheet's first rows, and whole the sheets `need` asks for (all by
 * default). `maxBytes` is the response budget per sync (default 4.5 MB).
 */
export async function readWorkbook(
  run: ExcelRunner,
  need: ReadNeeds = {},
  opts: { maxBytes?: number } = {},
): Promise<WorkbookSnapshot> {
  const budget = Math.max(1, opts.maxBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  return editSafe(run)(async (ctx) => {
    let syncs = 0;
    const sync = async (): Promise<void> => {
      syncs++;
      await ctx.sync();
    };
    const list = ctx.workbook.worksheets.load('items/name,items/position,items/visibility');
    await sync();
    const items = list.items.map((ws) => ({
      name: ws.name,
      position: ws.position,
      visible: ws.visibility === 'Visible',
    }));
    const sheets: (SheetSnapshot & {
      used: { r0: number; c0: number; rows: number; cols: number } | null;
      headBytes: number;
      withFormulas?: boolean;
    })[] = items.map((x) => ({ ...x, grid: [], whole: true, used: null, headBytes: 0 }));

    // 2. sizes and first rows, as many sheets per sync as fit the budget
    const perSheet = HEAD_ROWS * HEAD_COLS * HEAD_CELL_BYTES + 300;
    const heads = chunk(
      sheets.map((_, i) => i),
      Math.max(1, Math.floor(budget / perSheet)),
    );
    await inPages(heads, async (page) => {
      const loaded = page.map((i) => {
        const ws = ctx.workbook.worksheets.getItem(sheets[i].name);
        const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
        const head = ws.getRange(HEAD_ADDRESS).getIntersectionOrNullObject(ws.getUsedRange(true));
        head.load('values,rowIndex,columnIndex');
        // the sheet's own names: its layout record, when it has one (a collection: no null object to load)
        const names = ws.names.load('items/name,items/formula');
        return { i, used, head, names };
      });
      await sync();
      for (const { i, used, head, names } of loaded) {
        const s = sheets[i];
        const record = names.items.find((n) => n.name.toLowerCase() === LAYOUT_NAME.toLowerCase());
        if (record) s.recorded = String(record.formula);
        if (used.isNullObject) continue;
        s.used = { r0: used.rowIndex, c0: used.columnIndex, rows: used.rowCount, cols: used.columnCount };
        if (head.isNullObject) continue;
        const values = head.values as Values;
        s.grid = placeGrid(values, head.rowIndex, head.columnIndex);
        s.headBytes = JSON.stringify(values).length / Math.max(1, values.length * (values[0]?.length ?? 1));
      }
    });

    // 3. whole sheets, in row bands packed into pages under the budget
    const bands: Band[] = [];
    sheets.forEach((s, i) => {
      const u = s.used;
      if (!u) return;
      const head = { ...classify(s.name, s.grid, s.recorded), grid: s.grid };
      s.withFormulas = need.formulas?.(head) ?? false;
      const inHead = u.r0 + u.rows <= HEAD_ROWS && u.c0 + u.cols <= HEAD_COLS;
      if (inHead && !s.withFormulas) return;
      if (!s.withFormulas && need.whole && !need.whole(head)) {
        s.whole = false;
        return;
      }
      if (s.withFormulas) s.cellFormulas = new Map();
      // bytes per cell: what the first rows held, with room to spare (twice that with the formulas)
      const perCell = Math.max(6, Math.ceil(s.headBytes * 1.5) + 2) * (s.withFormulas ? 3 : 1);
      const rowsPerBand = Math.max(
        1,
        Math.min(Math.floor(budget / (perCell * u.cols)), Math.floor(MAX_READ_CELLS / u.cols)),
      );
      for (let r = u.r0; r < u.r0 + u.rows; r += rowsPerBand) {
        const row1 = Math.min(u.r0 + u.rows - 1, r + rowsPerBand - 1);
        bands.push({
          sheet: i,
          row0: r,
          row1,
          col0: u.c0,
          col1: u.c0 + u.cols - 1,
          bytes: (row1 - r + 1) * u.cols * perCell,
        });
      }
    });
    await inPages(
      packBySize(bands, budget),
      async (page) => {
        const loaded = page.map((b) => {
          const range = ctx.workbook.worksheets
            .getItem(sheets[b.sheet].name)
            .getRange(rangeRef(b.row0, b.col0, b.row1, b.col1))
            .load(sheets[b.sheet].cellFormulas ? 'values,formulas' : 'values');
          return { b, range };
        });
        await sync();
        for (const { b, range } of loaded) {
          const s = sheets[b.sheet];
          placeGrid(range.values as Values, b.row0, b.col0, s.grid);
          if (s.cellFormulas) placeFormulas(range.formulas as Values, b.row0, b.col0, s.cellFormulas);
        }
      },
      splitBand,
    );

    const snaps: SheetSnapshot[] = sheets.map(
      ({ name, position, visible, grid, whole, recorded, cellFormulas }) => ({
        name,
        position,
        visible,
        grid,
        whole,
        ...(recorded === undefined ? {} : { recorded }),
        ...(cellFormulas ? { cellFormulas } : {}),
      }),
    );
    return snapshotFromGrids(snaps, syncs);
  });
}

/** The formulas among `formulas` (a range's), by A1 address. */
function placeFormulas(
  formulas: Values,
  rowIndex: number,
  columnIndex: number,
  into: Map<string, string>,
): void {
  formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      if (typeof f === 'string' && f.startsWith('=') && f.length > 1)
        into.set(rangeRef(rowIndex + i, columnIndex + j, rowIndex + i, columnIndex + j), f);
    }),
  );
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function splitBand(b: Band): Band[] | null {
  if (b.row1 === b.row0) return null;
  const mid = b.row0 + Math.floor((b.row1 - b.row0) / 2);
  return [
    { ...b, row1: mid, bytes: b.bytes / 2 },
    { ...b, row0: mid + 1, bytes: b.bytes / 2 },
  ];
}

const TOO_BIG = new Set(['ResponsePayloadSizeLimitExceeded', 'RangeExceedsLimit']);

/**
 * Runs `read` for each page; a page the host refuses as too large is halved (a single item is split with
 * `split`, when it can be) and read again.
 */
async function inPages<T>(
  pages: T[][],
  read: (page: T[]) => Promise<void>,
  split: (item: T) => T[] | null = () => null,
): Promise<void> {
  const queue = [...pages];
  while (queue.length) {
    const page = queue.shift()!;
    try {
      await read(page);
    } catch (e) {
      const info = hostErrorInfo(e);
      if (!info.code || !TOO_BIG.has(info.code)) throw e;
      const halves =
        page.length > 1
          ? [page.slice(0, page.length >> 1), page.slice(page.length >> 1)]
          : (split(page[0])?.map((x) => [x]) ?? null);
      if (!halves)
        throw new Error(
          `The workbook holds more in one place than Excel will hand over at once (${info.message}).`,
        );
      queue.unshift(...halves);
    }
  }
}
