/**
 * The person index and the pair index beside the outcome log (hidden columns), and the order the log keeps
 * its rows in. Why they exist: README, "Outcome sheets" (recalculation stays linear in sessions).
 *
 * The log's rows are grouped by person code, in the order of the person index. Each index entry finds its
 * person's rows once: the block of the ordered part of the log (a binary search, MATCH type 1, on the rows'
 * person numbers) plus, when there are any, the rows below the ordered part (typed by hand, or moved),
 * which the criteria filter by person code. Over those rows it counts what every row of that person would
 * otherwise count again over the whole log: ORS scores, the first and the latest ORS (by order key), intake
 * and the cutoff at intake. The pair index does the same per person and worker. Log rows look their entries
 * up by INDEX, so a row costs about its person's session count, not the length of the log.
 */
import { chronological, Session } from '../domain/pcoms';
import { colName, rangeRef } from './a1';
import {
  at,
  FIGURES,
  INDEX_COL,
  INDEX_FIGURES,
  LOG_COL,
  LOG_HEADERS,
  LOG_LAYOUT,
  LogColumn,
  PAIR_INDEX_HEADERS,
  PERSON_INDEX_HEADERS,
  span,
  wholeColumn,
} from './outcomesColumns';
import { COLORS, HEADER_STYLE, SheetBuilder } from './sheet';

/** Case-insensitively, as Excel's = and COUNTIFS compare codes. */
const fold = (code: string) => code.toLowerCase();

/**
 * Sessions in the order the log keeps them: grouped by person code (case-insensitively), groups in order
 * of first appearance, each person's sessions by date, then session number.
 */
export function logOrder(sessions: Session[]): Session[] {
  const groups = new Map<string, Session[]>();
  for (const s of sessions) {
    const g = groups.get(fold(s.personCode));
    if (g) g.push(s);
    else groups.set(fold(s.personCode), [s]);
  }
  return [...groups.values()].flatMap((g) => chronological(g));
}

/** The entries of both indexes for sessions in log order: one per person, one per person and worker. */
export function indexEntries(ordered: Session[]): { persons: string[]; pairs: [string, string][] } {
  const persons = new Map<string, string>();
  const pairs = new Map<string, [string, string]>();
  for (const s of ordered) {
    const p = fold(s.personCode);
    if (!persons.has(p)) persons.set(p, s.personCode);
    const k = `${p}\u0000${fold(s.workerId)}`;
    if (!pairs.has(k)) pairs.set(k, [persons.get(p)!, s.workerId]);
  }
  return { persons: [...persons.values()], pairs: [...pairs.values()] };
}

export type Crit = [LogColumn, string];

/** Where a person's rows are: its block (first and last sheet row), its code, and whether to look below. */
export interface Rows {
  first: string;
  last: string;
  code: string;
  /** TRUE when there may be rows of this person below the ordered part. */
  below: string;
}

const { first: FIRST, last: LAST, ordered: ORDERED } = FIGURES;
const C = LOG_COL;
const BELOW_FROM = `${ORDERED}+1`;

/** COUNTIFS/SUMIFS over the log's rows `from`..`to`. */
function ifs(fn: string, from: string, to: string, crits: Crit[], sum?: LogColumn): string {
  const args = crits.map(([k, v]) => `${span(C[k], from, to)},${v}`);
  return `${fn}(${[...(sum ? [span(C[sum], from, to)] : []), ...args].join(',')})`;
}

/** COUNTIFS/SUMIFS over a person's rows: its block (all this person), then the rows below the order. */
export function over(rows: Rows, fn: 'COUNTIFS' | 'SUMIFS', crits: Crit[], sum?: LogColumn): string {
  return (
    `IF(${rows.last}>=${rows.first},${ifs(fn, rows.first, rows.last, crits, sum)},0)+` +
    `IF(${rows.below},${ifs(fn, BELOW_FROM, LAST, [['person', rows.code], ...crits], sum)},0)`
  );
}

/**
 * The largest `value` over a person's rows where every mask factor is TRUE (0 when none), or the smallest
 * (1E15 when none). `mask` gets a function giving a log column's cells over the rows it is applied to.
 */
export function extreme(
  rows: Rows,
  fn: 'MIN' | 'MAX',
  value: LogColumn | ((cells: (k: LogColumn) => string) => string),
  mask: (cells: (k: LogColumn) => string) => string[],
): string {
  const part = (from: string, to: string, extra: string[]) => {
    const cells = (k: LogColumn) => span(C[k], from, to);
    const m = [...extra, ...mask(cells)].join('*');
    const v = typeof value === 'string' ? cells(value) : value(cells);
    return fn === 'MAX' ? `SUMPRODUCT(MAX(${m}*${v}))` : `SUMPRODUCT(MIN(${v}+(1-${m})*1E15))`;
  };
  const none = fn === 'MAX' ? '0' : '1E15';
  return (
    `${fn}(IF(${rows.last}>=${rows.first},${part(rows.first, rows.last, [])},${none}),` +
    `IF(${rows.below},${part(BELOW_FROM, LAST, [`(${span(C.person, BELOW_FROM, LAST)}=${rows.code})`])},${none}))`
  );
}

const orsOk: Crit = ['orsTotal', '">=0"'];

/** The figures both indexes keep per entry, over `rows` (with `crits` for the pair index's worker). */
function outcomeFigures(rows: Rows, crits: Crit[], cell: (k: 'ors' | 'firstKey' | 'intakes') => string) {
  const who = (cells: (k: LogColumn) => string) => crits.map(([k, v]) => `(${cells(k)}=${v})`);
  const hasOrs = (cells: (k: LogColumn) => string) => [`ISNUMBER(${cells('orsTotal')})`, ...who(cells)];
  const atIntake: Crit[] = [...crits, orsOk, ['orderKey', cell('firstKey')]];
  return {
    ors: over(rows, 'COUNTIFS', [...crits, orsOk]),
    firstKey: extreme(rows, 'MIN', 'orderKey', hasOrs),
    lastKey: extreme(rows, 'MAX', 'orderKey', hasOrs),
    intakes: `IF(${cell('ors')}=0,0,${over(rows, 'COUNTIFS', atIntake)})`,
    intake: `IF(${cell('intakes')}=0,"",(${over(rows, 'SUMIFS', atIntake, 'orsTotal')})/${cell('intakes')})`,
    cutoff: `IF(${cell('intakes')}=0,"",(${over(rows, 'SUMIFS', atIntake, 'cutoff')})/${cell('intakes')})`,
  };
}

/** The block of the person whose person index row is `no` (a 1-based sheet row expression). */
function blockOf(no: string) {
  const range = span(C.personNo, FIRST, ORDERED);
  return {
    first: `IF(${ORDERED}>=${FIRST},${FIRST}+IFERROR(MATCH(${no}-0.5,${range},1),0),${FIRST})`,
    last: `IF(${ORDERED}>=${FIRST},${FIRST}-1+IFERROR(MATCH(${no},${range},1),0),${FIRST}-1)`,
  };
}

/** Formulas of the person index entry on 0-based sheet row `r`; `pairRows` is the pair index's rows. */
export function personIndexFormulas(r: number, pairRows: { first: number; last: number } | null) {
  const P = INDEX_COL.person;
  const c = (k: keyof typeof P) => `$${colName(P[k])}${r + 1}`;
  const rows: Rows = { first: c('firstRow'), last: c('lastRow'), code: c('code'), below: `${c('below')}>0` };
  const block = blockOf('ROW()');
  const pairPersons =
    pairRows && rangeRef(pairRows.first, INDEX_COL.pair.person, pairRows.last, INDEX_COL.pair.person, true);
  const pairStart = pairRows ? pairRows.first + 1 : 0;
  return {
    firstRow: block.first,
    lastRow: block.last,
    below: `IF(${ORDERED}<${LAST},COUNTIFS(${span(C.person, BELOW_FROM, LAST)},${c('code')}),0)`,
    ...outcomeFigures(rows, [], c),
    pairFirst: pairPersons ? `${pairStart}+IFERROR(MATCH(ROW()-0.5,${pairPersons},1),0)` : '0',
    pairLast: pairPersons ? `${pairStart - 1}+IFERROR(MATCH(ROW(),${pairPersons},1),0)` : '-1',
  };
}

/** Formulas of the pair index entry on 0-based sheet row `r`. */
export function pairIndexFormulas(r: number) {
  const Q = INDEX_COL.pair;
  const P = INDEX_COL.person;
  const c = (k: keyof typeof Q) => `$${colName(Q[k])}${r + 1}`;
  const rows: Rows = { first: c('firstRow'), last: c('lastRow'), code: c('code'), below: `${c('below')}>0` };
  const person = c('person');
  const worker: Crit = ['worker', c('worker')];
  return {
    person: `IFERROR(MATCH(${c('code')},${wholeColumn(P.code)},0),"")`,
    firstRow: `IF(ISNUMBER(${person}),${at(P.firstRow, person)},${FIRST})`,
    lastRow: `IF(ISNUMBER(${person}),${at(P.lastRow, person)},${FIRST}-1)`,
    below: `IF(ISNUMBER(${person}),${at(P.below, person)},0)`,
    sessions: over(rows, 'COUNTIFS', [worker]),
    ...outcomeFigures(rows, [worker], c),
  };
}

/** The three shared figures: first and last data rows of the table, last row of its ordered part. */
export function figureFormulas(tableName: string): Record<keyof typeof INDEX_FIGURES.rows, string> {
  const column = (k: LogColumn) => `${tableName}[${LOG_HEADERS[C[k]]}]`;
  return {
    first: `ROW(${tableName}[[#Headers],[${LOG_HEADERS[C.person]}]])+1`,
    last: `${FIRST}+ROWS(${column('person')})-1`,
    ordered: `IFERROR(${FIRST}+MATCH(0,${column('inOrder')},0)-2,${LAST})`,
  };
}

/** Writes both indexes and the three figures beside the log (hidden columns are the caller's). */
export function writeIndexes(b: SheetBuilder, ordered: Session[], tableName: string): void {
  const { persons, pairs } = indexEntries(ordered);
  const h = LOG_LAYOUT.headerRow;
  const first = LOG_LAYOUT.firstDataRow;
  const P = INDEX_COL.person;
  const Q = INDEX_COL.pair;
  const pairRows = pairs.length ? { first, last: first + pairs.length - 1 } : null;
  b.row(h, P.code, PERSON_INDEX_HEADERS);
  b.row(h, Q.code, PAIR_INDEX_HEADERS);
  const grey = { ...HEADER_STYLE, fill: COLORS.label };
  b.style(h, P.code, h, P.code + PERSON_INDEX_HEADERS.length - 1, grey);
  b.style(h, Q.code, h, Q.code + PAIR_INDEX_HEADERS.length - 1, grey);
  persons.forEach((code, i) => {
    b.value(first + i, P.code, code);
    for (const [k, f] of Object.entries(personIndexFormulas(first + i, pairRows)))
      b.formula(first + i, P[k as keyof typeof P], f);
  });
  pairs.forEach(([code, worker], i) => {
    b.value(first + i, Q.code, code);
    b.value(first + i, Q.worker, worker);
    for (const [k, f] of Object.entries(pairIndexFormulas(first + i)))
      b.formula(first + i, Q[k as keyof typeof Q], f);
  });
  const F = INDEX_FIGURES;
  const formulas = figureFormulas(tableName);
  const labels = { first: 'First data row', last: 'Last data row', ordered: 'Last row in person order' };
  for (const k of ['first', 'last', 'ordered'] as const) {
    b.value(F.rows[k], F.labelCol, labels[k]);
    b.formula(F.rows[k], F.valueCol, formulas[k]);
  }
  b.style(F.rows.first, F.labelCol, F.rows.ordered, F.valueCol, { font: { color: COLORS.grey } });
}
