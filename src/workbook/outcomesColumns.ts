/**
 * Where everything on the outcome log sheet is: the log table's columns, and beside it (hidden) the person
 * index and the pair index the row formulas look up (outcomesIndex.ts), and three shared figures.
 */
import { cellRef, colName } from './a1';
import { ORS_ITEMS, SRS_ITEMS } from '../domain/pcoms';

const COLUMNS = [
  ['person', 'Person code'],
  ['worker', 'Worker ID'],
  ['date', 'Date'],
  ['session', 'Session'],
  ['ors1', `ORS ${ORS_ITEMS[0]}`],
  ['ors2', `ORS ${ORS_ITEMS[1]}`],
  ['ors3', `ORS ${ORS_ITEMS[2]}`],
  ['ors4', `ORS ${ORS_ITEMS[3]}`],
  ['orsTotal', 'ORS total'],
  ['srs1', `SRS ${SRS_ITEMS[0]}`],
  ['srs2', `SRS ${SRS_ITEMS[1]}`],
  ['srs3', `SRS ${SRS_ITEMS[2]}`],
  ['srs4', `SRS ${SRS_ITEMS[3]}`],
  ['srsTotal', 'SRS total'],
  ['ageGroup', 'Age group'],
  ['cutoff', 'Cutoff'],
  ['intake', 'Intake ORS'],
  ['change', 'Change since intake'],
  ['outcome', 'Outcome (latest ORS)'],
  ['flags', 'Flags'],
  // helpers
  ['orderKey', 'Order key'],
  ['rowKey', 'Row key'],
  ['intakeRow', 'Intake row'],
  ['outcomeRow', 'Outcome row'],
  ['srsKey', 'SRS order key'],
  ['prevSrsKey', 'Previous SRS order key'],
  ['prevSrs', 'Previous SRS'],
  ['wIntakeRow', 'Worker intake row'],
  ['wIntake', 'Worker intake ORS'],
  ['wChange', 'Worker change'],
  ['wOutcomeRow', 'Worker outcome row'],
  ['wOutcome', 'Worker outcome'],
  ['quarter', 'Quarter'],
  // where the row's person is: its person index row, the order check, its block, its pair index row
  ['personNo', 'Person index row'],
  ['inOrder', 'In person order'],
  ['blockFirst', 'Block first row'],
  ['blockLast', 'Block last row'],
  ['pairNo', 'Pair index row'],
  // what the summary and agenda count instead of distinct values
  ['personFirst', 'First of person'],
  ['pairFirst', 'First of person with worker'],
  ['quarterFirst', 'First of person in quarter'],
  ['pairSessions', 'Sessions with worker'],
  ['pairPrevDate', 'Previous date with worker'],
] as const;

export type LogColumn = (typeof COLUMNS)[number][0];

export const LOG_HEADERS: string[] = COLUMNS.map((c) => c[1]);

/** 0-based column of each log column. */
export const LOG_COL = Object.fromEntries(COLUMNS.map(([k], i) => [k, i])) as Record<LogColumn, number>;

/** Keys and markers only the formulas read: hidden (Home > Format > Hide & Unhide shows them). */
export const HIDDEN_HELPERS: LogColumn[] = COLUMNS.slice(LOG_COL.orderKey)
  .map(([k]) => k)
  .filter((k) => !['prevSrs', 'wIntake', 'wChange', 'wOutcome', 'quarter'].includes(k));

export const LOG_LAYOUT = { titleRow: 0, headerRow: 4, firstDataRow: 5 } as const;

/** The 0-based sheet rows of the table's data when it holds `sessionCount` sessions (at least one row). */
export function logDataRows(sessionCount: number): { first: number; last: number } {
  const first = LOG_LAYOUT.firstDataRow;
  return { first, last: first + Math.max(1, sessionCount) - 1 };
}

const PERSON_INDEX = [
  ['code', 'Person index'],
  ['firstRow', 'Block first row'],
  ['lastRow', 'Block last row'],
  ['below', 'Rows below the order'],
  ['ors', 'ORS scores'],
  ['firstKey', 'First ORS key'],
  ['lastKey', 'Latest ORS key'],
  ['intakes', 'Intake rows'],
  ['intake', 'Intake ORS'],
  ['cutoff', 'Cutoff at intake'],
  ['pairFirst', 'First pair row'],
  ['pairLast', 'Last pair row'],
] as const;

const PAIR_INDEX = [
  ['code', 'Pair person code'],
  ['worker', 'Pair worker ID'],
  ['person', 'Pair person row'],
  ['firstRow', 'Pair block first row'],
  ['lastRow', 'Pair block last row'],
  ['below', 'Pair rows below the order'],
  ['sessions', 'Pair sessions'],
  ['ors', 'Pair ORS scores'],
  ['firstKey', 'Pair first ORS key'],
  ['lastKey', 'Pair latest ORS key'],
  ['intakes', 'Pair intake rows'],
  ['intake', 'Pair intake ORS'],
  ['cutoff', 'Pair cutoff at intake'],
] as const;

export type PersonIndexColumn = (typeof PERSON_INDEX)[number][0];
export type PairIndexColumn = (typeof PAIR_INDEX)[number][0];

const PERSON_AT = LOG_HEADERS.length + 1;
const PAIR_AT = PERSON_AT + PERSON_INDEX.length + 1;

/**
 * The indexes beside the table (one empty column after it, one between them), each with its header on the
 * table's header row and one entry per row below: 0-based columns by key.
 */
export const INDEX_COL = {
  person: Object.fromEntries(PERSON_INDEX.map(([k], i) => [k, PERSON_AT + i])) as Record<
    PersonIndexColumn,
    number
  >,
  pair: Object.fromEntries(PAIR_INDEX.map(([k], i) => [k, PAIR_AT + i])) as Record<PairIndexColumn, number>,
};
export const PERSON_INDEX_HEADERS: string[] = PERSON_INDEX.map((c) => c[1]);
export const PAIR_INDEX_HEADERS: string[] = PAIR_INDEX.map((c) => c[1]);

/**
 * Three figures every row formula shares (1-based sheet rows): the table's first and last data rows and
 * the last row of its ordered part. Each is a label and a value on rows 1-3 of the person index.
 */
export const INDEX_FIGURES = {
  labelCol: INDEX_COL.person.firstRow,
  valueCol: INDEX_COL.person.lastRow,
  rows: { first: 1, last: 2, ordered: 3 },
} as const;

/** Absolute references to the three figures. */
export const FIGURES = {
  first: cellRef(INDEX_FIGURES.rows.first, INDEX_FIGURES.valueCol, true),
  last: cellRef(INDEX_FIGURES.rows.last, INDEX_FIGURES.valueCol, true),
  ordered: cellRef(INDEX_FIGURES.rows.ordered, INDEX_FIGURES.valueCol, true),
};

/** A whole sheet column, "$I:$I" (rows are picked with INDEX, so the reference never needs rewriting). */
export function wholeColumn(col: number): string {
  return `$${colName(col)}:$${colName(col)}`;
}

/** A column's cells from sheet row `from` to `to` (1-based row expressions): INDEX(col,from):INDEX(col,to). */
export function span(col: number, from: string, to: string): string {
  return `INDEX(${wholeColumn(col)},${from}):INDEX(${wholeColumn(col)},${to})`;
}

/** One cell of a whole column, picked by a 1-based sheet row expression. */
export function at(col: number, row: string): string {
  return `INDEX(${wholeColumn(col)},${row})`;
}
