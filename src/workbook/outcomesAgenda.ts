/**
 * The 30-minute one-on-one agenda for one worker: outcome KPIs as formulas over the log (as of the
 * meeting date, which stays editable), competency gaps and goals computed by the caller (values,
 * labelled with when they were computed), and the agenda sections with note cells for both people.
 */
import { cellRef, rangeRef } from './a1';
import { byPerson, personOutcome, Session } from '../domain/pcoms';
import { Framework, flattenCompetencies } from '../domain/framework';
import { developmentSuggestions, Rating } from '../domain/ratings';
import { Scale } from '../domain/scale';
import { Settings } from '../domain/settings';
import { SheetPlan } from './plan';
import {
  COLORS,
  exactCriterion,
  excelDate,
  HEADER_STYLE,
  SheetBuilder,
  WRITING_ROW_HEIGHT,
  WRITING_SECTION_HEIGHT,
} from './sheet';
import {
  LogColumn,
  logRange,
  OutcomeLogRef,
  OutcomeSettingRefs,
  outcomeSettingRefs,
  srsBelowCriterion,
} from './outcomesLog';

export interface CompetencyGapRow {
  competency: string;
  /** Supervisor - self, or null when one side is not rated. */
  gap: number | null;
  goal: string;
}

export const AGENDA_KPI_LABELS = [
  'Caseload: distinct people seen in the 90 days to the meeting date',
  'Sessions this month (from the 1st to the meeting date)',
  '% sessions with SRS below cutoff (90 days to the meeting date)',
  'People with 3+ sessions not reliably improved (change below reliable change; whole log)',
] as const;

export const AGENDA_SECTIONS: { section: string; minutes: number; prompt: string }[] = [
  { section: 'Check-in', minutes: 5, prompt: 'How are things going? Anything pressing since we last met?' },
  {
    section: 'Celebrate progress',
    minutes: 5,
    prompt: 'Wins with the people you support and in your own development.',
  },
  {
    section: 'What to do differently',
    minutes: 10,
    prompt: 'People not improving, SRS alerts and the gaps below: what could you try?',
  },
  { section: 'Development', minutes: 5, prompt: 'Competency goals: progress, and the support you need.' },
  { section: 'Next steps', minutes: 5, prompt: 'Who does what, by when.' },
];

export const AGENDA_GAP_HEADERS = [
  'Competency',
  'Gap (supervisor - self)',
  'Goal',
  'Supervisor notes',
  'Worker notes',
] as const;
export const AGENDA_SECTION_HEADERS = [
  'Section',
  'Minutes',
  'Prompt',
  'Supervisor notes',
  'Worker notes',
] as const;

export const AGENDA_LAYOUT = {
  workerRow: 3,
  dateRow: 5,
  kpiHeaderRow: 7,
  firstKpiRow: 8,
  notImprovingListRow: 12,
  gapHeaderRow: 15,
} as const;

export interface AgendaInput {
  sheetName: string;
  log: OutcomeLogRef;
  workerId: string;
  workerName?: string;
  /** Meeting date, ISO yyyy-mm-dd. */
  date: string;
  gaps?: CompetencyGapRow[];
  /** When the gap rows (and the list of people not improving) were computed; default: the meeting date. */
  computedAt?: string;
  /** With settings: also lists the codes of the people not improving (values, as computed). */
  sessions?: Session[];
  settings?: Settings;
  settingsNames?: Partial<OutcomeSettingRefs>;
  settingsSheetName?: string;
}

/** Codes of the worker's people with 3+ sessions (with this worker) whose change is below reliable change. */
export function peopleNotImproving(sessions: Session[], workerId: string, s: Settings): string[] {
  const mine = sessions.filter((x) => x.workerId === workerId);
  return [...byPerson(mine).values()]
    .map((p) => personOutcome(p, s))
    .filter((o) => o.sessions >= 3 && o.change !== null && o.change < s.reliableChange)
    .map((o) => o.personCode);
}

export function agendaSheet(input: AgendaInput): SheetPlan {
  const refs = outcomeSettingRefs(input.settingsNames, input.settingsSheetName);
  const L = AGENDA_LAYOUT;
  const R = (k: LogColumn) => logRange(input.log, k);
  const computedAt = input.computedAt ?? input.date;
  const b = new SheetBuilder(input.sheetName, 'outcomes');
  const who = input.workerName ? `${input.workerName} (${input.workerId})` : input.workerId;
  b.value(0, 0, `One-on-one agenda (30 minutes): ${who}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.note(
    1,
    0,
    4,
    `Outcome figures are formulas over the log "${input.log.sheetName}" as of the meeting date (change it ` +
      `to recompute). Competency gaps and the list of codes are values computed on ${computedAt}.`,
    { font: { italic: true, color: COLORS.label } },
  );

  b.label(L.workerRow, 0, 'Worker ID', input.workerId);
  b.label(L.workerRow + 1, 0, 'Worker', input.workerName ?? '');
  b.label(L.dateRow, 0, 'Meeting date', excelDate(input.date));
  b.style(L.dateRow, 1, L.dateRow, 1, { numFmt: 'yyyy-mm-dd', fill: COLORS.input, horizontal: 'left' });
  const d = cellRef(L.dateRow, 1, true);

  b.row(L.kpiHeaderRow, 0, ['Outcomes (from the log)', 'Value']);
  b.style(L.kpiHeaderRow, 0, L.kpiHeaderRow, 1, HEADER_STYLE);
  const wc = `${R('worker')},${exactCriterion(input.workerId)}`;
  const window = `${R('date')},">"&(${d}-90),${R('date')},"<="&${d}`;
  const srsOk = `${wc},${window},${R('srsTotal')},">=0"`;
  const kpis = [
    // each person once: the first of their sessions with this worker in the window (the one before it is older)
    `COUNTIFS(${wc},${window},${R('pairPrevDate')},"<="&(${d}-90))`,
    `COUNTIFS(${wc},${R('date')},">="&DATE(YEAR(${d}),MONTH(${d}),1),${R('date')},"<="&${d})`,
    `IF(COUNTIFS(${srsOk})=0,"",COUNTIFS(${wc},${window},${R('srsTotal')},${srsBelowCriterion(refs)})/COUNTIFS(${srsOk}))`,
    `COUNTIFS(${wc},${R('wOutcomeRow')},1,${R('pairSessions')},">=3",${R('wChange')},"<"&${refs.reliableChange})`,
  ];
  AGENDA_KPI_LABELS.forEach((label, i) => {
    const row = L.firstKpiRow + i;
    b.value(row, 0, label);
    b.formula(row, 1, kpis[i]);
  });
  b.style(L.firstKpiRow, 0, L.firstKpiRow + 3, 1, { border: 'thin', wrap: true, vertical: 'top' });
  b.style(L.firstKpiRow + 2, 1, L.firstKpiRow + 2, 1, { numFmt: '0%', border: 'thin' });
  b.value(L.notImprovingListRow, 0, `Codes of those people (computed ${computedAt})`);
  b.value(
    L.notImprovingListRow,
    1,
    input.sessions && input.settings
      ? peopleNotImproving(input.sessions, input.workerId, input.settings).join(', ') || 'None'
      : 'Not computed',
  );
  b.style(L.notImprovingListRow, 0, L.notImprovingListRow, 0, {
    font: { italic: true, color: COLORS.label },
    wrap: true,
  });
  b.plan.merges.push(rangeRef(L.notImprovingListRow, 1, L.notImprovingListRow, 4));
  b.style(L.notImprovingListRow, 1, L.notImprovingListRow, 4, { wrap: true, vertical: 'top' });

  // Competency gaps and goals (values from the caller).
  const gh = L.gapHeaderRow;
  b.value(gh - 1, 0, `Competency gaps and goals (computed ${computedAt})`);
  b.style(gh - 1, 0, gh - 1, 0, { font: { bold: true, size: 12 } });
  b.row(gh, 0, [...AGENDA_GAP_HEADERS]);
  b.style(gh, 0, gh, 4, HEADER_STYLE);
  const gaps = input.gaps?.length ? input.gaps : [null, null, null];
  gaps.forEach((g, i) => {
    if (g) b.row(gh + 1 + i, 0, [g.competency, g.gap, g.goal]);
  });
  const gFirst = gh + 1;
  const gLast = gh + gaps.length;
  b.style(gFirst, 0, gLast, 4, { border: 'thin', wrap: true, vertical: 'top' });
  b.style(gFirst, 3, gLast, 4, { border: 'thin', wrap: true, vertical: 'top', fill: COLORS.input });
  const unlocked = [rangeRef(L.dateRow, 1, L.dateRow, 1), rangeRef(gFirst, 3, gLast, 4)];
  if (!input.gaps?.length) {
    b.style(gFirst, 0, gLast, 2, { border: 'thin', wrap: true, vertical: 'top', fill: COLORS.input });
    unlocked.push(rangeRef(gFirst, 0, gLast, 2));
  }

  // Agenda sections.
  const ah = gLast + 3;
  b.value(ah - 1, 0, 'Agenda');
  b.style(ah - 1, 0, ah - 1, 0, { font: { bold: true, size: 12 } });
  b.row(ah, 0, [...AGENDA_SECTION_HEADERS]);
  b.style(ah, 0, ah, 4, HEADER_STYLE);
  AGENDA_SECTIONS.forEach((s, i) => b.row(ah + 1 + i, 0, [s.section, s.minutes, s.prompt]));
  const aFirst = ah + 1;
  const aLast = ah + AGENDA_SECTIONS.length;
  b.value(aLast + 1, 0, 'Total minutes');
  b.formula(aLast + 1, 1, `SUM(${rangeRef(aFirst, 1, aLast, 1)})`);
  b.style(aFirst, 0, aLast, 4, { border: 'thin', wrap: true, vertical: 'top' });
  b.style(aFirst, 0, aLast, 0, { border: 'thin', font: { bold: true }, vertical: 'top' });
  b.style(aFirst, 3, aLast, 4, { border: 'thin', wrap: true, vertical: 'top', fill: COLORS.input });
  b.style(aLast + 1, 0, aLast + 1, 1, { font: { bold: true } });
  unlocked.push(rangeRef(aFirst, 3, aLast, 4));

  // Note cells tall enough to write in by hand; printed landscape, one page wide.
  b.minHeight(gFirst, gLast, WRITING_ROW_HEIGHT * 1.5);
  b.minHeight(aFirst, aLast, WRITING_SECTION_HEIGHT);
  [60, 16, 30, 22, 22].forEach((w, i) => b.width(i, w));
  b.print('landscape', { areas: [rangeRef(0, 0, aLast + 1, 4)], breaks: [ah - 1] });
  b.plan.protection = { protect: false, unlocked };
  return b.plan;
}

/**
 * The agenda's competency rows: the development suggestions from one worker's ratings for one period
 * (any order; they are put in framework order), with the competency's text.
 */
export function agendaGaps(
  framework: Framework,
  ratings: Rating[],
  gapThreshold: number,
  scale: Scale,
): CompetencyGapRow[] {
  const comps = flattenCompetencies(framework);
  const byId = new Map(ratings.map((r) => [r.competencyId, r]));
  const text = new Map(comps.map((c) => [c.id, c.text]));
  const ordered = comps.flatMap((c) => (byId.has(c.id) ? [byId.get(c.id)!] : []));
  return developmentSuggestions(ordered, gapThreshold, scale).map((x) => ({
    competency: `${x.competencyId} ${text.get(x.competencyId)}`,
    gap: x.self === null ? null : x.supervisor - x.self,
    goal: x.goal,
  }));
}
