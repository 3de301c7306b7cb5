/**
 * Person view: one person served (by code), every session with ORS and SRS totals looked up from the
 * outcome log (so edits there flow through), the cutoff and the expected progress of the simple model,
 * a status block (same figures as personOutcome) and a native line chart.
 */
import { cellRef, rangeRef } from './a1';
import { chronological, Session } from '../domain/pcoms';
import { SheetPlan } from './plan';
import { COLORS, exactCriterion, excelDate, HEADER_STYLE, SheetBuilder, str } from './sheet';
import {
  categoryFormula,
  escapeWildcards,
  logRange,
  OUTCOME_CATEGORIES,
  OutcomeLogRef,
  OutcomeSettingRefs,
  outcomeSettingRefs,
} from './outcomesLog';

export const EXPECTED_LABEL = 'Expected progress (simple model)';

export const PERSON_STATUS_LABELS = [
  'Person code',
  'Sessions',
  'ORS scores',
  'Intake ORS',
  'Latest ORS',
  'Change since intake',
  'Cutoff (age group at intake)',
  'Outcome',
  'Alerts, latest session',
] as const;

export const PERSON_HEADERS = [
  'Session',
  'Date',
  'ORS total',
  'SRS total',
  'Cutoff',
  EXPECTED_LABEL,
  'Sessions from intake',
  'Flags',
  'Chart: session',
  'Chart: ORS',
  'Chart: SRS',
  'Chart: expected',
] as const;

export const PERSON_LAYOUT = {
  statusRow: 3,
  headerRow: 22,
  firstDataRow: 23,
  col: {
    session: 0,
    date: 1,
    ors: 2,
    srs: 3,
    cutoff: 4,
    expected: 5,
    fromIntake: 6,
    flags: 7,
    chartLabel: 8,
    chartOrs: 9,
    chartSrs: 10,
    chartExpected: 11,
  },
  chart: { col: 3, row: 2, toCol: 12, toRow: 21 },
} as const;

export const SERIES_COLORS = { ors: '2E75B6', srs: '70AD47', cutoff: 'C00000', expected: 'ED7D31' } as const;

export interface PersonViewInput {
  sheetName: string;
  personCode: string;
  log: OutcomeLogRef;
  /** All sessions (or this person's); the view lists this person's in date, then session order. */
  sessions: Session[];
  settingsNames?: Partial<OutcomeSettingRefs>;
  settingsSheetName?: string;
}

export function personViewSheet(input: PersonViewInput): SheetPlan {
  const code = input.personCode;
  const mine = chronological(input.sessions.filter((s) => s.personCode === code));
  if (!mine.length) throw new Error(`No sessions for person code "${code}"`);
  const refs = outcomeSettingRefs(input.settingsNames, input.settingsSheetName);
  const L = PERSON_LAYOUT;
  const C = L.col;
  const log = input.log;
  const R = (k: Parameters<typeof logRange>[1]) => logRange(log, k);
  const b = new SheetBuilder(input.sheetName, 'outcomes');

  b.value(0, 0, `Person ${code}: ORS and SRS by session`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.note(
    1,
    0,
    C.chartExpected,
    `Scores come from the log "${log.sheetName}": change them there. ${EXPECTED_LABEL}: from the intake ORS ` +
      'in equal steps to the cutoff + reliable change by the session set in Settings, then level. It is a ' +
      'transparent stand-in, not the licensed expected treatment response.',
    { font: { italic: true, color: COLORS.label } },
  );

  const first = L.firstDataRow;
  const last = first + mine.length - 1;
  const key = (r: number) =>
    `${str(`${escapeWildcards(code)}|`)}&(N(${cellRef(r, C.date)})*10000+N(${cellRef(r, C.session)}))`;
  const fromLog = (k: Parameters<typeof logRange>[1], r: number) =>
    `IFERROR(INDEX(${R(k)},MATCH(${key(r)},${R('rowKey')},0)),"")`;

  // Status block: label in A, value in B.
  const sr = (i: number) => L.statusRow + i;
  const v = (i: number) => cellRef(sr(i), 1, true);
  const crit = `${R('person')},${exactCriterion(code)}`;
  const [ORS_N, INTAKE, LATEST, CHANGE, CUTOFF] = [v(2), v(3), v(4), v(5), v(6)];
  PERSON_STATUS_LABELS.forEach((label, i) => b.label(sr(i), 0, label, null));
  b.value(sr(0), 1, code);
  b.formula(sr(1), 1, `COUNTIFS(${crit})`);
  b.formula(sr(2), 1, `COUNTIFS(${crit},${R('orsTotal')},">=0")`);
  b.formula(
    sr(3),
    1,
    `IF(COUNTIFS(${crit},${R('intakeRow')},1)=0,"",AVERAGEIFS(${R('orsTotal')},${crit},${R('intakeRow')},1))`,
  );
  b.formula(
    sr(4),
    1,
    `IF(${ORS_N}=0,"",IF(${ORS_N}>=2,AVERAGEIFS(${R('orsTotal')},${crit},${R('outcomeRow')},1),${INTAKE}))`,
  );
  b.formula(sr(5), 1, `IF(${ORS_N}>=2,ROUND(${LATEST}-${INTAKE},1),"")`);
  b.formula(
    sr(6),
    1,
    `IF(COUNTIFS(${crit},${R('intakeRow')},1)>0,AVERAGEIFS(${R('cutoff')},${crit},${R('intakeRow')},1),` +
      `${fromLog('cutoff', first)})`,
  );
  b.formula(
    sr(7),
    1,
    categoryFormula(
      { flag: `ISNUMBER(${CHANGE})`, change: CHANGE, intake: INTAKE, latest: LATEST, cutoff: CUTOFF },
      refs,
      str(OUTCOME_CATEGORIES.notEnough),
    ),
  );
  b.formula(sr(8), 1, `IF(${fromLog('flags', last)}="","None",${fromLog('flags', last)})`);
  b.style(sr(0), 1, sr(8), 1, { border: 'thin', horizontal: 'left' });
  b.style(sr(3), 1, sr(4), 1, { numFmt: '0.0', border: 'thin', horizontal: 'left' });
  b.style(sr(5), 1, sr(5), 1, { numFmt: '+0.0;-0.0;0.0', border: 'thin', horizontal: 'left' });
  b.style(sr(7), 1, sr(8), 1, { font: { bold: true }, border: 'thin', horizontal: 'left', wrap: true });
  // outcome and alerts are texts of unknown length: two columns wide, two lines tall
  for (const r of [sr(7), sr(8)]) b.plan.merges.push(rangeRef(r, 1, r, 2));
  b.style(sr(7), 1, sr(8), 2, { font: { bold: true }, border: 'thin', wrap: true, vertical: 'top' });
  b.minHeight(sr(7), sr(8), 30);

  // Session table.
  const h = L.headerRow;
  b.row(h, 0, [...PERSON_HEADERS]);
  b.style(h, 0, h, PERSON_HEADERS.length - 1, HEADER_STYLE);
  b.style(h, C.chartLabel, h, C.chartExpected, { ...HEADER_STYLE, fill: COLORS.label });
  mine.forEach((s, i) => {
    const r = first + i;
    const at = (c: number) => cellRef(r, c);
    b.value(r, C.session, s.session);
    b.value(r, C.date, excelDate(s.date));
    b.formula(r, C.ors, fromLog('orsTotal', r));
    b.formula(r, C.srs, fromLog('srsTotal', r));
    b.formula(r, C.cutoff, CUTOFF);
    const idx = at(C.fromIntake);
    b.formula(
      r,
      C.fromIntake,
      i === 0
        ? `IF(ISNUMBER(${at(C.ors)}),1,"")`
        : `IF(ISNUMBER(${cellRef(r - 1, C.fromIntake)}),${cellRef(r - 1, C.fromIntake)}+1,IF(ISNUMBER(${at(C.ors)}),1,""))`,
    );
    b.formula(
      r,
      C.expected,
      `IF(OR(${idx}="",${INTAKE}=""),"",ROUND(${INTAKE}+(MAX(${INTAKE},${at(C.cutoff)}+${refs.reliableChange})-${INTAKE})` +
        `*MIN(1,MAX(0,${idx}-1)/MAX(1,${refs.expectedSessions}-1)),1))`,
    );
    b.formula(r, C.flags, fromLog('flags', r));
    b.formula(r, C.chartLabel, `"S"&${at(C.session)}`);
    b.formula(r, C.chartOrs, `IF(ISNUMBER(${at(C.ors)}),${at(C.ors)},NA())`);
    b.formula(r, C.chartSrs, `IF(ISNUMBER(${at(C.srs)}),${at(C.srs)},NA())`);
    b.formula(r, C.chartExpected, `IF(ISNUMBER(${at(C.expected)}),${at(C.expected)},NA())`);
  });
  b.style(first, 0, last, C.flags, { border: 'thin' });
  b.style(first, C.flags, last, C.flags, { border: 'thin', wrap: true, vertical: 'top' });
  b.minHeight(first, last, 30); // room for two lines of flags
  b.style(first, C.date, last, C.date, { numFmt: 'yyyy-mm-dd', border: 'thin' });
  b.style(first, C.ors, last, C.expected, { numFmt: '0.0', border: 'thin' });
  b.style(first, C.chartLabel, last, C.chartExpected, { font: { color: COLORS.grey } });
  [27.5, 11, 9, 9, 8, 16, 10, 28, 9, 9, 9, 10].forEach((w, i) => b.width(i, w));

  const col = (c: number) => ({ sheet: input.sheetName, ref: rangeRef(first, c, last, c) });
  b.plan.charts.push({
    type: 'line',
    title: `Person ${code}: ORS and SRS`,
    categories: col(C.chartLabel),
    series: [
      { name: 'ORS total', values: col(C.chartOrs), color: SERIES_COLORS.ors },
      { name: 'SRS total', values: col(C.chartSrs), color: SERIES_COLORS.srs },
      { name: 'ORS cutoff', values: col(C.cutoff), color: SERIES_COLORS.cutoff, dashed: true },
      { name: EXPECTED_LABEL, values: col(C.chartExpected), color: SERIES_COLORS.expected, dashed: true },
    ],
    xAxisTitle: 'Session',
    yAxisTitle: 'Total (0-40)',
    yMin: 0,
    yMax: 40,
    anchor: { ...L.chart },
  });
  b.print('landscape', { headerRow: L.headerRow, areas: [rangeRef(0, 0, last, C.chartExpected)] });
  return b.plan;
}
