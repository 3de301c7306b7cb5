/**
 * The PCOMS outcome log: one Excel table row per session (person code, worker, date, session, the four
 * ORS and four SRS item scores, age group), then formula columns that compute what src/domain/pcoms.ts
 * computes: totals, cutoff, intake, change, outcome category and alerts, plus helper columns that let
 * the summary, person and agenda sheets use COUNTIFS/AVERAGEIFS without array formulas.
 *
 * Only Excel 2007+ functions are used (COUNTIFS, SUMIFS, AVERAGEIFS, SUMPRODUCT, INDEX/MATCH): no MINIFS,
 * TEXTJOIN, LET, XLOOKUP or dynamic arrays, so Excel 2010+ and LibreOffice compute the same figures.
 * "First" and "last" are by date, then session number, through an order key (date * 10000 + session).
 *
 * Recalculation stays linear in the number of sessions (README, "The log stays fast as it grows"): the rows
 * are kept grouped by person code; each row finds its person's entry in the person index beside the table
 * (the row above's when it is the same person, else one exact MATCH) and reads the figures that entry
 * counted once for the whole person (outcomesIndex.ts); what is the row's own is counted over its person's
 * rows only. Other sheets read the log through structured references (PPS_Outcomes[Person code]), so rows
 * typed into the table count as soon as Excel has recalculated.
 */
import { cellRef, colName, quoteSheet, rangeRef } from './a1';
import { Session } from '../domain/pcoms';
import {
  FIGURES,
  HIDDEN_HELPERS,
  INDEX_COL,
  LOG_COL,
  LOG_HEADERS,
  LOG_LAYOUT,
  LogColumn,
  logDataRows,
  PERSON_INDEX_HEADERS,
  span,
  at,
} from './outcomesColumns';
import { Crit, extreme, logOrder, Rows, writeIndexes } from './outcomesIndex';
import { ConditionalFormat, SheetPlan } from './plan';
import { SETTINGS_HEADERS, SETTINGS_SHEET, SETTING_NAMES } from './settingsSheet';
import { COLORS, excelDate, HEADER_STYLE, SheetBuilder, str } from './sheet';

export * from './outcomesColumns';

/** Formula fragments (defined names or expressions) for the settings the outcome formulas use. */
export interface OutcomeSettingRefs {
  orsCutoffAdult: string;
  orsCutoffAdolescent: string;
  orsCutoffChild: string;
  srsCutoff: string;
  reliableChange: string;
  /** TRUE: an SRS total equal to the cutoff counts as below. */
  srsCutoffInclusive: string;
  srsItemCheck: string;
  expectedSessions: string;
}

/** A setting read from the Settings sheet by its Key column (for settings without a defined name). */
export function settingLookup(key: string, settingsSheetName = SETTINGS_SHEET): string {
  const sheet = quoteSheet(settingsSheetName);
  const value = colName(SETTINGS_HEADERS.indexOf('Value'));
  const keyCol = colName(SETTINGS_HEADERS.indexOf('Key'));
  return `INDEX(${sheet}!$${value}:$${value},MATCH(${str(key)},${sheet}!$${keyCol}:$${keyCol},0))`;
}

/**
 * The defined names of settingsSheet.ts where they exist; the three settings without a name
 * (inclusive SRS cutoff, SRS item check-in, expected-progress sessions) are looked up by key.
 */
export function outcomeSettingRefs(
  overrides: Partial<OutcomeSettingRefs> = {},
  settingsSheetName = SETTINGS_SHEET,
): OutcomeSettingRefs {
  return {
    orsCutoffAdult: SETTING_NAMES.orsCutoffAdult,
    orsCutoffAdolescent: SETTING_NAMES.orsCutoffAdolescent,
    orsCutoffChild: SETTING_NAMES.orsCutoffChild,
    srsCutoff: SETTING_NAMES.srsCutoff,
    reliableChange: SETTING_NAMES.reliableChange,
    srsCutoffInclusive: settingLookup('srsCutoffInclusive', settingsSheetName),
    srsItemCheck: settingLookup('srsItemCheck', settingsSheetName),
    expectedSessions: settingLookup('expectedSessions', settingsSheetName),
    ...overrides,
  };
}

/** The COUNTIFS criterion for "SRS below cutoff", honouring the inclusive setting. */
export function srsBelowCriterion(refs: OutcomeSettingRefs): string {
  return `IF(${refs.srsCutoffInclusive}=TRUE,"<=","<")&${refs.srsCutoff}`;
}

/** True when the SRS total in `cell` (a number) is below the cutoff. */
export function srsBelowTest(cell: string, refs: OutcomeSettingRefs): string {
  return `IF(${refs.srsCutoffInclusive}=TRUE,${cell}<=${refs.srsCutoff},${cell}<${refs.srsCutoff})`;
}

export const OUTCOME_CATEGORIES = {
  csc: 'Clinically significant change',
  improved: 'Reliable improvement',
  deteriorated: 'Reliable deterioration',
  none: 'No reliable change',
  notEnough: 'Not enough data',
} as const;

/** The alert texts of the Flags column, in this order (src/domain/pcoms.ts sessionAlerts). */
export const FLAG_TEXTS = {
  srsBelowCutoff: 'SRS below cutoff',
  srsDropped: 'SRS dropped',
  noSrs: 'No SRS',
  srsItemLow: 'SRS item below check-in',
  notIndexed: 'Not in the person index yet: intake and outcome after the next import or rebuild',
} as const;

/**
 * TRUE when the text in `cell` is safe as a COUNTIFS criterion: no * ? ~ (wildcards) and no leading
 * = < > (comparisons). The workbook's own form of src/domain/codes.ts criterionProblem, used as the data
 * validation of the log's person and worker columns (FIND takes no wildcards, unlike SEARCH).
 */
export function usableCriterion(cell: string): string {
  return (
    `AND(ISERROR(FIND("*",${cell})),ISERROR(FIND("?",${cell})),ISERROR(FIND("~",${cell})),` +
    `ISERROR(FIND(LEFT(${cell},1),"=<>")))`
  );
}

/** Columns a person types into (the totals are formulas), in the sessions contract's order (SESSION_COLUMNS). */
export const LOG_INPUTS: LogColumn[] = [
  'person',
  'worker',
  'date',
  'session',
  'ors1',
  'ors2',
  'ors3',
  'ors4',
  'srs1',
  'srs2',
  'srs3',
  'srs4',
  'ageGroup',
];

/** Which log the other outcome sheets read: they refer to its table's columns by name. */
export interface OutcomeLogRef {
  sheetName: string;
  tableName: string;
}

export function outcomeLogRef(sheetName: string, tableName: string): OutcomeLogRef {
  return { sheetName, tableName };
}

/** A log column as a structured reference, "PPS_Outcomes[Person code]": it grows with the table. */
export function logRange(log: OutcomeLogRef, key: LogColumn): string {
  return `${log.tableName}[${LOG_HEADERS[LOG_COL[key]].replace(/['[\]#]/g, (c) => `'${c}`)}]`;
}

/** The category formula shared by the person and worker outcome columns and the person view. */
export function categoryFormula(
  o: { flag: string; change: string; intake: string; latest: string; cutoff: string },
  refs: OutcomeSettingRefs,
  notCounted = '""',
): string {
  const rc = refs.reliableChange;
  const C = OUTCOME_CATEGORIES;
  return (
    `IF(${o.flag},IF(AND(${o.change}>=${rc},${o.intake}<${o.cutoff},${o.latest}>=${o.cutoff}),${str(C.csc)},` +
    `IF(${o.change}>=${rc},${str(C.improved)},IF(${o.change}<=-${rc},${str(C.deteriorated)},${str(C.none)}))),` +
    `${notCounted})`
  );
}

/** Wildcards (* ? ~) escaped, for a literal inside a MATCH or COUNTIFS text criterion. */
export function escapeWildcards(text: string): string {
  return text.replace(/[~*?]/g, (c) => `~${c}`);
}

/**
 * Every formula of one log row (0-based sheet row `r`), keyed by column. What is the same for all of a
 * person's rows (intake, first and latest ORS, counts) comes from its person index and pair index
 * entries; what is the row's own (previous SRS, the markers the summary counts) is counted over the
 * person's rows only: its block in the ordered part of the log, and the rows below that part.
 */
export function logRowFormulas(r: number, refs: OutcomeSettingRefs): Partial<Record<LogColumn, string>> {
  const n = r + 1;
  const c = (k: LogColumn) => `$${colName(LOG_COL[k])}${n}`;
  const up = (k: LogColumn) => `$${colName(LOG_COL[k])}${n - 1}`;
  const { first, last, ordered } = FIGURES;
  const P = INDEX_COL.person;
  const Q = INDEX_COL.pair;
  const no = c('personNo');
  const pair = c('pairNo');
  const key = c('orderKey');
  const I = c('orsTotal');
  const N = c('srsTotal');
  const rows: Rows = {
    first: c('blockFirst'),
    last: c('blockLast'),
    code: c('person'),
    below: `${ordered}<${last}`,
  };
  const [bf, bl] = [rows.first, rows.last];
  const worker: Crit = ['worker', c('worker')];
  const person = `${c('person')}`;
  /** The person's rows above this one (sheet order) matching `crits`. */
  const above = (...crits: Crit[]) => {
    const count = (from: string, to: string, cr: Crit[]) =>
      `COUNTIFS(${cr.map(([k, v]) => `${span(LOG_COL[k], from, to)},${v}`).join(',')})`;
    return (
      `IF(ROW()<=${ordered},IF(ROW()>${bf},${crits.length ? count(bf, 'ROW()-1', crits) : `ROW()-${bf}`},0),` +
      `IF(${bl}>=${bf},${crits.length ? count(bf, bl, crits) : `${bl}-${bf}+1`},0)+` +
      `IF(ROW()>${ordered}+1,${count(`${ordered}+1`, 'ROW()-1', [['person', person], ...crits])},0))`
    );
  };
  const named = (f: string, blank: string) => `IF(${person}="",${blank},${f})`;
  const items = (a: LogColumn, b: LogColumn) => `${c(a)}:${c(b)}`;
  const scope = (entry: string, E: typeof P | typeof Q, rowFlag: LogColumn, intake: LogColumn) => ({
    intakeRow: `IF(AND(ISNUMBER(${entry}),ISNUMBER(${I})),IF(${key}=${at(E.firstKey, entry)},1,0),0)`,
    intake: `IF(ISNUMBER(${entry}),${at(E.intake, entry)},"")`,
    change: `IF(AND(ISNUMBER(${I}),ISNUMBER(${c(intake)})),ROUND(${I}-${c(intake)},1),"")`,
    outcomeRow:
      `IF(AND(ISNUMBER(${entry}),ISNUMBER(${I})),` +
      `IF(AND(${at(E.ors, entry)}>=2,${key}=${at(E.lastKey, entry)}),1,0),0)`,
    outcome: (change: LogColumn) =>
      categoryFormula(
        {
          flag: `${c(rowFlag)}=1`,
          change: c(change),
          intake: c(intake),
          latest: I,
          cutoff: at(E.cutoff, entry),
        },
        refs,
      ),
  });
  const ps = scope(no, P, 'outcomeRow', 'intake');
  const ws = scope(pair, Q, 'wOutcomeRow', 'wIntake');
  const prev = c('prevSrsKey');
  const F = FLAG_TEXTS;
  const prevNo = at(LOG_COL.personNo, 'ROW()-1');
  const pairFrom = at(P.pairFirst, no);
  const pairTo = at(P.pairLast, no);
  const date = `N(${c('date')})`;
  return {
    orsTotal: `IF(COUNT(${items('ors1', 'ors4')})=4,ROUND(SUM(${items('ors1', 'ors4')}),1),"")`,
    srsTotal: `IF(COUNT(${items('srs1', 'srs4')})=4,ROUND(SUM(${items('srs1', 'srs4')}),1),"")`,
    cutoff:
      `IF(${c('ageGroup')}="child",${refs.orsCutoffChild},` +
      `IF(${c('ageGroup')}="adolescent",${refs.orsCutoffAdolescent},${refs.orsCutoffAdult}))`,
    intake: ps.intake,
    change: ps.change,
    outcome: ps.outcome('change'),
    flags:
      `MID(IF(ISNUMBER(${N}),IF(${srsBelowTest(N, refs)},${str(`; ${F.srsBelowCutoff}`)},""),"")` +
      `&IF(ISNUMBER(${N}),IF(ISNUMBER(${c('prevSrs')}),IF(ROUND(${c('prevSrs')}-${N},1)>=1,` +
      `${str(`; ${F.srsDropped}`)},""),""),${str(`; ${F.noSrs}`)})` +
      `&IF(COUNTIF(${items('srs1', 'srs4')},"<"&${refs.srsItemCheck})>0,${str(`; ${F.srsItemLow}`)},"")` +
      `&IF(AND(${person}<>"",NOT(ISNUMBER(${pair}))),${str(`; ${F.notIndexed}`)},""),3,300)`,
    orderKey: `N(${c('date')})*10000+N(${c('session')})`,
    rowKey: `${c('person')}&"|"&${key}`,
    intakeRow: ps.intakeRow,
    outcomeRow: ps.outcomeRow,
    // the SRS total packed under the order key (key * 1000 + total * 10), so one MAX over the person's
    // earlier sessions finds the previous SRS session and its total (two on one key: the higher total)
    srsKey: `IF(ISNUMBER(${N}),${key}*1000+ROUND(${N}*10,0),0)`,
    prevSrsKey: named(
      extreme(rows, 'MAX', 'srsKey', (cells) => [`(${cells('srsKey')}<${key}*1000)`]),
      '0',
    ),
    prevSrs: `IF(${prev}=0,"",(${prev}-INT(${prev}/1000)*1000)/10)`,
    wIntakeRow: ws.intakeRow,
    wIntake: ws.intake,
    wChange: ws.change,
    wOutcomeRow: ws.outcomeRow,
    wOutcome: ws.outcome('wChange'),
    quarter: `IF(ISNUMBER(${c('date')}),YEAR(${c('date')})&" Q"&INT((MONTH(${c('date')})+2)/3),"")`,
    personNo:
      `IF(${person}="","",IF(AND(ROW(${up('personNo')})=ROW()-1,${person}=${up('person')},` +
      `ISNUMBER(${up('personNo')})),${up('personNo')},IFERROR(MATCH(${person},$${colName(P.code)}:$${colName(P.code)},0),"")))`,
    inOrder: `IF(ISNUMBER(${no}),IF(ROW()=${first},1,IF(ISNUMBER(${prevNo}),IF(${no}>=${prevNo},1,0),0)),0)`,
    blockFirst: `IF(ISNUMBER(${no}),${at(P.firstRow, no)},${first})`,
    blockLast: `IF(ISNUMBER(${no}),${at(P.lastRow, no)},${first}-1)`,
    pairNo:
      `IF(ISNUMBER(${no}),IF(${pairTo}>=${pairFrom},` +
      `IFERROR(${pairFrom}-1+MATCH(${c('worker')},${span(Q.worker, pairFrom, pairTo)},0),""),""),"")`,
    personFirst: named(`IF(${above()}=0,1,0)`, '0'),
    pairFirst: named(`IF(${above(worker)}=0,1,0)`, '0'),
    quarterFirst: named(`IF(${c('quarter')}="",0,IF(${above(['quarter', c('quarter')])}=0,1,0))`, '0'),
    pairSessions: `IF(ISNUMBER(${pair}),${at(Q.sessions, pair)},0)`,
    pairPrevDate: named(
      extreme(rows, 'MAX', 'date', (cells) => [
        `(${cells('worker')}=${c('worker')})`,
        `(((${cells('date')}<${date})+(${cells('date')}=${date})*(ROW(${cells('date')})<ROW()))>0)`,
      ]),
      '0',
    ),
  };
}

export const LOG_NOTES = [
  'One row per session. People served are identified by codes only, never names. Items are 0-10 with one ' +
    'decimal; a total needs all four items.',
  'Columns from Cutoff on are formulas (Outcome: on each person\'s latest ORS row; "Worker ..." columns: the ' +
    "person's sessions with that worker); the keys and markers they use are hidden columns. Settings come " +
    'from the Settings sheet.',
];

/** The texts of the third note: after "N rows from row R", and while every row is in person order. */
export const ORDER_NOTE_TEXTS = {
  outOfOrder:
    ' down are not next to the rows of their person code: they are counted, but recalculation is slower until the next import (or rebuild) moves them into place.',
  inOrder: `Rows are grouped by person code, in the order of the hidden "${PERSON_INDEX_HEADERS[0]}" column to the right. Type a new session in the row below the table: it counts at once, and the next import moves it next to its person's rows.`,
};

/** The third note: how the rows are kept, or how many rows are out of person order (a formula). */
export function logOrderNote(texts = ORDER_NOTE_TEXTS): string {
  const { last, ordered } = FIGURES;
  return (
    `IF(${ordered}<${last},(${last}-${ordered})&${str(' rows from row ')}&(${ordered}+1)&` +
    `${str(texts.outOfOrder)},${str(texts.inOrder)})`
  );
}

export interface OutcomesLogInput {
  sheetName: string;
  tableName: string;
  /** Any order: the log groups them (logOrder). */
  sessions: Session[];
  /** Table rows when more than the sessions (an import into a table with blank rows): blank rows last. */
  tableRows?: number;
  settingsNames?: Partial<OutcomeSettingRefs>;
  settingsSheetName?: string;
}

/**
 * The outcome log sheet: an Excel table with exactly one row per session, grouped by person code
 * (logOrder), and beside it the person index the row formulas use.
 */
export function outcomesLogSheet(input: OutcomesLogInput): SheetPlan {
  const refs = outcomeSettingRefs(input.settingsNames, input.settingsSheetName);
  const sessions = logOrder(input.sessions);
  const { first, last } = logDataRows(Math.max(sessions.length, input.tableRows ?? 0));
  const L = LOG_LAYOUT;
  const C = LOG_COL;
  const b = new SheetBuilder(input.sheetName, 'outcomes');
  b.value(L.titleRow, 0, 'PCOMS outcome log (ORS and SRS item scores)');
  b.style(L.titleRow, 0, L.titleRow, 0, { font: { bold: true, size: 14 } });
  // (across the columns of the first printed page: the log prints two pages wide)
  const noteStyle = { font: { italic: true, color: COLORS.label } };
  LOG_NOTES.forEach((t, i) => b.note(L.titleRow + 1 + i, 0, LOG_COL.orsTotal, t, noteStyle));
  // the order note is a formula (its text is not known when written): room for its longest text
  const orderRow = L.titleRow + 1 + LOG_NOTES.length;
  b.note(orderRow, 0, LOG_COL.orsTotal, '', noteStyle).formula(orderRow, 0, logOrderNote());
  b.minHeight(orderRow, orderRow, 3 * 15);

  const h = L.headerRow;
  const lastCol = LOG_HEADERS.length - 1;
  b.row(h, 0, LOG_HEADERS);
  b.style(h, 0, h, lastCol, HEADER_STYLE);
  b.style(h, C.orderKey, h, lastCol, { ...HEADER_STYLE, fill: COLORS.label });

  const rows = [...sessions, ...new Array<null>(last - first + 1 - sessions.length).fill(null)];
  rows.forEach((s, i) => {
    const r = first + i;
    if (s) {
      b.row(r, 0, [s.personCode, s.workerId, excelDate(s.date), s.session, ...s.ors]);
      b.row(r, C.srs1, [...s.srs]);
      b.value(r, C.ageGroup, s.ageGroup);
    }
    for (const [k, f] of Object.entries(logRowFormulas(r, refs))) b.formula(r, C[k as LogColumn], f);
  });

  writeIndexes(b, sessions, input.tableName);

  const cols = (a: LogColumn, z: LogColumn = a) => rangeRef(first, C[a], last, C[z]);
  b.style(first, 0, last, lastCol, { border: 'thin' });
  b.style(first, C.date, last, C.date, { numFmt: 'yyyy-mm-dd', border: 'thin' });
  for (const [a, z] of [
    ['ors1', 'ors4'],
    ['srs1', 'srs4'],
  ] as const)
    b.style(first, C[a], last, C[z], { numFmt: '0.0', fill: COLORS.input, border: 'thin' });
  b.style(first, C.person, last, C.session, { fill: COLORS.input, border: 'thin' });
  b.style(first, C.date, last, C.date, { fill: COLORS.input, numFmt: 'yyyy-mm-dd', border: 'thin' });
  b.style(first, C.ageGroup, last, C.ageGroup, { fill: COLORS.input, border: 'thin' });
  for (const k of ['orsTotal', 'srsTotal', 'intake', 'wIntake', 'prevSrs'] as const)
    b.style(first, C[k], last, C[k], { numFmt: '0.0', font: { bold: k.endsWith('Total') }, border: 'thin' });
  for (const k of ['change', 'wChange'] as const)
    b.style(first, C[k], last, C[k], { numFmt: '+0.0;-0.0;0.0', border: 'thin' });
  b.style(first, C.orderKey, last, lastCol, { font: { color: COLORS.grey }, border: 'thin' });

  // Each header's longest word fits (headers wrap); printed two pages wide.
  const widths: Partial<Record<LogColumn, number>> = {
    person: 9,
    worker: 9,
    date: 11,
    session: 9,
    ors1: 12.5,
    ors2: 16,
    ors4: 9,
    orsTotal: 8,
    srs1: 13.5,
    srs2: 9,
    srs3: 10.5,
    srs4: 9,
    srsTotal: 8,
    ageGroup: 11.5,
    cutoff: 8,
    intake: 8,
    change: 9,
    outcome: 27,
    flags: 46,
    rowKey: 18,
    wOutcome: 26,
  };
  LOG_HEADERS.forEach((_, i) => b.width(i, 10));
  for (const [k, w] of Object.entries(widths)) b.width(C[k as LogColumn], w);
  const indexCols = [...Object.values(INDEX_COL.person), ...Object.values(INDEX_COL.pair)];
  indexCols.forEach((col) => b.width(col, 12));
  b.hide(...HIDDEN_HELPERS.map((k) => C[k]), ...indexCols);

  b.plan.tables.push({
    name: input.tableName,
    ref: rangeRef(h, 0, last, lastCol),
    style: 'TableStyleLight9',
    columns: LOG_HEADERS,
    calculatedColumns: true,
  });

  const itemMessages = (scale: string) => ({
    promptTitle: `${scale} item`,
    prompt: 'The mark measured in cm: 0.0 to 10.0, one decimal. Leave blank if not marked.',
    errorTitle: 'Not an item score',
    error: 'Enter a number from 0 to 10 (one decimal), or leave the cell blank.',
  });
  const CODE_TEXTS = {
    person: [
      'Person code',
      'The code of the person served, never a name. Letters, digits, - or _.',
      'A code',
    ],
    worker: ['Worker ID', 'The worker ID as on the Team sheet.', 'An ID'],
  } as const;
  const codeRule = (column: keyof typeof CODE_TEXTS) => {
    const [title, prompt, what] = CODE_TEXTS[column];
    return {
      ref: cols(column),
      type: 'custom' as const,
      formula: usableCriterion(cellRef(first, C[column])),
      allowBlank: true,
      promptTitle: title,
      prompt,
      errorTitle: `Not a usable ${title.toLowerCase()}`,
      error: `${what} cannot contain * ? ~ or start with = < >: the log's formulas would read it as a pattern.`,
    };
  };
  b.plan.validations.push(
    codeRule('person'),
    codeRule('worker'),
    { ref: cols('ors1', 'ors4'), type: 'decimal', min: 0, max: 10, allowBlank: true, ...itemMessages('ORS') },
    { ref: cols('srs1', 'srs4'), type: 'decimal', min: 0, max: 10, allowBlank: true, ...itemMessages('SRS') },
    {
      ref: cols('session'),
      type: 'whole',
      min: 1,
      max: 9999,
      allowBlank: false,
      promptTitle: 'Session',
      prompt: 'Session number for this person: 1, 2, 3 ...',
      errorTitle: 'Not a session number',
      error: 'Enter a whole number from 1 to 9999.',
    },
    {
      ref: cols('date'),
      type: 'date',
      min: '2000-01-01',
      max: '2099-12-31',
      allowBlank: false,
      promptTitle: 'Session date',
      prompt: 'The date of the session (yyyy-mm-dd).',
      errorTitle: 'Not a date',
      error: 'Enter a date between 2000-01-01 and 2099-12-31.',
    },
    {
      ref: cols('ageGroup'),
      type: 'list',
      values: ['adult', 'adolescent', 'child'],
      allowBlank: true,
      promptTitle: 'Age group',
      prompt: 'adult (18+), adolescent (13-17) or child (6-12): sets the ORS cutoff.',
      errorTitle: 'Not an age group',
      error: 'Choose adult, adolescent or child.',
    },
  );
  b.plan.conditionalFormats.push(...logConditionalFormats(first, last, refs));

  b.tableSheet(
    h,
    LOG_INPUTS.map((k) => cols(k)),
    { freezeCols: 1, areas: [rangeRef(0, 0, last, C.flags)] },
  );
  // Two pages wide, person code and worker repeated on the second (helper columns do not print).
  b.plan.print = { ...b.plan.print!, pagesWide: 2, titleColumns: 'A:B' };
  return b.plan;
}

/**
 * What an import writes into an existing log whose table has grown to `tableRows` rows, the first
 * `keptRows` of which already hold this layout's row formulas: the log in its new order, with the row
 * formulas left alone on those rows (the same on every row) and written from `fromRow` on.
 */
export function logRewrite(input: OutcomesLogInput & { tableRows: number; keptRows: number }): {
  plan: SheetPlan;
  formulaCols: number[];
  fromRow: number;
} {
  const plan = outcomesLogSheet(input);
  const formulaCols = LOG_HEADERS.map((_, i) => i).filter((i) => !LOG_INPUTS.some((k) => LOG_COL[k] === i));
  return { plan, formulaCols, fromRow: LOG_LAYOUT.firstDataRow + input.keptRows };
}

/** The log's conditional formats: cutoffs, reliable change, SRS alerts, missing SRS. */
export function logConditionalFormats(
  first: number,
  last: number,
  refs: OutcomeSettingRefs,
): ConditionalFormat[] {
  const n = first + 1;
  const c = (k: LogColumn) => `$${colName(LOG_COL[k])}${n}`;
  const col = (a: LogColumn, z: LogColumn = a) => rangeRef(first, LOG_COL[a], last, LOG_COL[z]);
  const rc = refs.reliableChange;
  return [
    {
      ref: col('orsTotal'),
      type: 'expression',
      formula: `AND(ISNUMBER(${c('orsTotal')}),${c('orsTotal')}<${c('cutoff')})`,
      style: { fill: 'FCE4D6', fontColor: '843C0C' },
    },
    {
      ref: col('change'),
      type: 'expression',
      formula: `AND(ISNUMBER(${c('change')}),${c('change')}>=${rc})`,
      style: { fill: 'C6EFCE', fontColor: '006100', bold: true },
    },
    {
      ref: col('change'),
      type: 'expression',
      formula: `AND(ISNUMBER(${c('change')}),${c('change')}<=-${rc})`,
      style: { fill: 'FFC7CE', fontColor: '9C0006', bold: true },
    },
    {
      ref: col('srsTotal'),
      type: 'expression',
      formula: `IF(ISNUMBER(${c('srsTotal')}),${srsBelowTest(c('srsTotal'), refs)},FALSE)`,
      style: { fill: 'FFC7CE', fontColor: '9C0006' },
    },
    {
      ref: col('srsTotal'),
      type: 'expression',
      formula:
        `IF(AND(ISNUMBER(${c('srsTotal')}),ISNUMBER(${c('prevSrs')})),` +
        `ROUND(${c('prevSrs')}-${c('srsTotal')},1)>=1,FALSE)`,
      style: { fontColor: COLORS.red, bold: true },
    },
    {
      ref: col('srs1', 'srsTotal'),
      type: 'expression',
      formula: `NOT(ISNUMBER(${c('srsTotal')}))`,
      style: { fill: 'EDEDED' },
    },
  ];
}
