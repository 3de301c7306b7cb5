/**
 * The PCOMS outcome log: one Excel table row per session (person code, worker, date, session, the four
 * ORS and four SRS item scores, age group), then formula columns that compute what src/domain/pcoms.ts
 * computes: totals, cutoff, intake, change, outcome category and alerts, plus helper columns that let
 * the summary, person and agenda sheets use COUNTIFS/AVERAGEIFS without array formulas.
 *
 * Only Excel 2007+ functions are used (COUNTIFS, AVERAGEIFS, SUMPRODUCT, INDEX/MATCH): no MINIFS,
 * TEXTJOIN, LET, XLOOKUP or dynamic arrays, so Excel 2010+ and LibreOffice compute the same figures.
 * "First" and "last" are by date, then session number, through an order key (date * 10000 + session).
 */
import { cellRef, colName, quoteSheet, rangeRef } from './a1';
import { ORS_ITEMS, Session, SRS_ITEMS } from '../domain/pcoms';
import { ConditionalFormat, SheetPlan } from './plan';
import { SETTINGS_HEADERS, SETTINGS_SHEET, SETTING_NAMES } from './settingsSheet';
import { COLORS, excelDate, HEADER_STYLE, SheetBuilder, str } from './sheet';

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
} as const;

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
  ['srsRank', 'SRS rank'],
  ['prevSrs', 'Previous SRS'],
  ['wIntakeRow', 'Worker intake row'],
  ['wIntake', 'Worker intake ORS'],
  ['wChange', 'Worker change'],
  ['wOutcomeRow', 'Worker outcome row'],
  ['wOutcome', 'Worker outcome'],
  ['quarter', 'Quarter'],
] as const;

export type LogColumn = (typeof COLUMNS)[number][0];

/** Keys and 1/0 markers only the formulas read: hidden (Home > Format > Hide & Unhide shows them). */
export const HIDDEN_HELPERS: LogColumn[] = [
  'orderKey',
  'rowKey',
  'intakeRow',
  'outcomeRow',
  'srsRank',
  'wIntakeRow',
  'wOutcomeRow',
];

export const LOG_HEADERS: string[] = COLUMNS.map((c) => c[1]);

/** 0-based column of each log column. */
export const LOG_COL = Object.fromEntries(COLUMNS.map(([k], i) => [k, i])) as Record<LogColumn, number>;

export const LOG_LAYOUT = { titleRow: 0, headerRow: 4, firstDataRow: 5 } as const;

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

/** Columns a person types into (the totals are formulas). */
const INPUT_COLUMNS: LogColumn[] = [
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

/** Where the log's data rows are: what the other outcome sheets need to refer to it. */
export interface OutcomeLogRef {
  sheetName: string;
  /** 0-based first and last data row of the table. */
  firstRow: number;
  lastRow: number;
}

/** The log built from `sessionCount` sessions (an empty log keeps one blank row: tables need one). */
export function outcomeLogRef(sheetName: string, sessionCount: number): OutcomeLogRef {
  const firstRow = LOG_LAYOUT.firstDataRow;
  return { sheetName, firstRow, lastRow: firstRow + Math.max(1, sessionCount) - 1 };
}

/** Absolute A1 range of one log column's data rows; with the sheet when `external`. */
export function logRange(log: OutcomeLogRef, key: LogColumn, external = true): string {
  const ref = rangeRef(log.firstRow, LOG_COL[key], log.lastRow, LOG_COL[key], true);
  return external ? `${quoteSheet(log.sheetName)}!${ref}` : ref;
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

export interface OutcomesLogInput {
  sheetName: string;
  tableName: string;
  sessions: Session[];
  settingsNames?: Partial<OutcomeSettingRefs>;
  settingsSheetName?: string;
}

/** Every formula of one log row (0-based sheet row `r`), keyed by column. */
export function logRowFormulas(
  log: OutcomeLogRef,
  r: number,
  refs: OutcomeSettingRefs,
): Partial<Record<LogColumn, string>> {
  const n = r + 1;
  const c = (k: LogColumn) => `$${colName(LOG_COL[k])}${n}`;
  const R = (k: LogColumn) => logRange(log, k, false);
  const person = `${R('person')},${c('person')}`;
  const personWorker = `${person},${R('worker')},${c('worker')}`;
  const orsOk = `${R('orsTotal')},">=0"`;
  const srsOk = `${R('srsTotal')},">=0"`;
  const key = c('orderKey');
  const I = c('orsTotal');
  const N = c('srsTotal');
  const items = (a: LogColumn, b: LogColumn) => `${c(a)}:${c(b)}`;

  const scoped = (crit: string, intakeRow: LogColumn, intake: LogColumn) => ({
    intakeRow: `IF(ISNUMBER(${I}),IF(COUNTIFS(${crit},${orsOk},${R('orderKey')},"<"&${key})=0,1,0),0)`,
    intake: `IF(COUNTIFS(${crit},${R(intakeRow)},1)=0,"",AVERAGEIFS(${R('orsTotal')},${crit},${R(intakeRow)},1))`,
    change: `IF(AND(ISNUMBER(${I}),ISNUMBER(${c(intake)})),ROUND(${I}-${c(intake)},1),"")`,
    outcomeRow:
      `IF(ISNUMBER(${I}),IF(AND(COUNTIFS(${crit},${orsOk},${R('orderKey')},">"&${key})=0,` +
      `COUNTIFS(${crit},${orsOk})>=2),1,0),0)`,
    cutoffAtIntake: `AVERAGEIFS(${R('cutoff')},${crit},${R(intakeRow)},1)`,
  });
  const p = scoped(person, 'intakeRow', 'intake');
  const w = scoped(personWorker, 'wIntakeRow', 'wIntake');
  const srsBefore = `COUNTIFS(${person},${srsOk},${R('orderKey')},"<"&${key})`;
  const F = FLAG_TEXTS;
  return {
    orsTotal: `IF(COUNT(${items('ors1', 'ors4')})=4,ROUND(SUM(${items('ors1', 'ors4')}),1),"")`,
    srsTotal: `IF(COUNT(${items('srs1', 'srs4')})=4,ROUND(SUM(${items('srs1', 'srs4')}),1),"")`,
    cutoff:
      `IF(${c('ageGroup')}="child",${refs.orsCutoffChild},` +
      `IF(${c('ageGroup')}="adolescent",${refs.orsCutoffAdolescent},${refs.orsCutoffAdult}))`,
    intake: p.intake,
    change: p.change,
    outcome: categoryFormula(
      {
        flag: `${c('outcomeRow')}=1`,
        change: c('change'),
        intake: c('intake'),
        latest: I,
        cutoff: p.cutoffAtIntake,
      },
      refs,
    ),
    flags:
      `MID(IF(ISNUMBER(${N}),IF(${srsBelowTest(N, refs)},${str(`; ${F.srsBelowCutoff}`)},""),"")` +
      `&IF(ISNUMBER(${N}),IF(ISNUMBER(${c('prevSrs')}),IF(ROUND(${c('prevSrs')}-${N},1)>=1,` +
      `${str(`; ${F.srsDropped}`)},""),""),${str(`; ${F.noSrs}`)})` +
      `&IF(COUNTIF(${items('srs1', 'srs4')},"<"&${refs.srsItemCheck})>0,${str(`; ${F.srsItemLow}`)},""),3,200)`,
    orderKey: `N(${c('date')})*10000+N(${c('session')})`,
    rowKey: `${c('person')}&"|"&${key}`,
    intakeRow: p.intakeRow,
    outcomeRow: p.outcomeRow,
    srsRank: `IF(ISNUMBER(${N}),${srsBefore}+1,"")`,
    prevSrs: `IF(${srsBefore}=0,"",AVERAGEIFS(${R('srsTotal')},${person},${R('srsRank')},${srsBefore}))`,
    wIntakeRow: w.intakeRow,
    wIntake: w.intake,
    wChange: w.change,
    wOutcomeRow: w.outcomeRow,
    wOutcome: categoryFormula(
      {
        flag: `${c('wOutcomeRow')}=1`,
        change: c('wChange'),
        intake: c('wIntake'),
        latest: I,
        cutoff: w.cutoffAtIntake,
      },
      refs,
    ),
    quarter: `IF(ISNUMBER(${c('date')}),YEAR(${c('date')})&" Q"&INT((MONTH(${c('date')})+2)/3),"")`,
  };
}

export const LOG_NOTES = [
  'One row per session. People served are identified by codes only, never names. Items are 0-10 with one ' +
    'decimal; a total needs all four items.',
  'Columns from Cutoff on are formulas (Outcome: on each person\'s latest ORS row; "Worker ..." columns: the ' +
    "person's sessions with that worker); the keys and markers they use are hidden columns. Settings come " +
    'from the Settings sheet.',
  'An import appends rows to this table. The formulas cover the rows written when the sheets were built: ' +
    'rebuild the outcome sheets after adding rows by hand.',
];

/** The outcome log sheet: an Excel table with exactly one row per session, in the order given. */
export function outcomesLogSheet(input: OutcomesLogInput): SheetPlan {
  const refs = outcomeSettingRefs(input.settingsNames, input.settingsSheetName);
  const log = outcomeLogRef(input.sheetName, input.sessions.length);
  const L = LOG_LAYOUT;
  const C = LOG_COL;
  const b = new SheetBuilder(input.sheetName, 'outcomes');
  b.value(L.titleRow, 0, 'PCOMS outcome log (ORS and SRS item scores)');
  b.style(L.titleRow, 0, L.titleRow, 0, { font: { bold: true, size: 14 } });
  // (across the columns of the first printed page: the log prints two pages wide)
  LOG_NOTES.forEach((t, i) =>
    b.note(L.titleRow + 1 + i, 0, LOG_COL.orsTotal, t, { font: { italic: true, color: COLORS.label } }),
  );

  const h = L.headerRow;
  const lastCol = LOG_HEADERS.length - 1;
  b.row(h, 0, LOG_HEADERS);
  b.style(h, 0, h, lastCol, HEADER_STYLE);
  b.style(h, C.orderKey, h, lastCol, { ...HEADER_STYLE, fill: COLORS.label });

  const rows = input.sessions.length ? input.sessions : [null];
  rows.forEach((s, i) => {
    const r = log.firstRow + i;
    if (s) {
      b.row(r, 0, [s.personCode, s.workerId, excelDate(s.date), s.session, ...s.ors]);
      b.row(r, C.srs1, [...s.srs]);
      b.value(r, C.ageGroup, s.ageGroup);
    }
    for (const [k, f] of Object.entries(logRowFormulas(log, r, refs))) b.formula(r, C[k as LogColumn], f);
  });

  const first = log.firstRow;
  const last = log.lastRow;
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
  b.hide(...HIDDEN_HELPERS.map((k) => C[k]));

  b.plan.tables.push({
    name: input.tableName,
    ref: rangeRef(h, 0, last, lastCol),
    style: 'TableStyleLight9',
    columns: LOG_HEADERS,
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
  b.plan.conditionalFormats.push(...logConditionalFormats(log, refs));

  b.tableSheet(
    h,
    INPUT_COLUMNS.map((k) => cols(k)),
    { freezeCols: 1, areas: [rangeRef(0, 0, last, C.flags)] },
  );
  // Two pages wide, person code and worker repeated on the second (helper columns do not print).
  b.plan.print = { ...b.plan.print!, pagesWide: 2, titleColumns: 'A:B' };
  return b.plan;
}

/** The log's conditional formats: cutoffs, reliable change, SRS alerts, missing SRS. */
export function logConditionalFormats(log: OutcomeLogRef, refs: OutcomeSettingRefs): ConditionalFormat[] {
  const n = log.firstRow + 1;
  const c = (k: LogColumn) => `$${colName(LOG_COL[k])}${n}`;
  const col = (a: LogColumn, z: LogColumn = a) => rangeRef(log.firstRow, LOG_COL[a], log.lastRow, LOG_COL[z]);
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
