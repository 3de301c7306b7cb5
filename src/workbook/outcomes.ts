/**
 * PCOMS outcome sheets: the session log (an Excel table with formula columns), the provider summary
 * (per worker and agency, plus by quarter), person views and one-on-one agendas. All are pure builders
 * of SheetPlans; the Settings sheet (settingsSheet.ts) must be in the same workbook, since the formulas
 * use its defined names and, for settings without a name, its Key column.
 */
import { byPerson, Session } from '../domain/pcoms';
import { DEFAULT_SETTINGS, Settings } from '../domain/settings';
import { allocateSheetNames, allocateTableNames } from './names';
import { SheetPlan } from './plan';
import { agendaSheet, CompetencyGapRow } from './outcomesAgenda';
import { outcomeLogRef, OutcomeSettingRefs, outcomesLogSheet } from './outcomesLog';
import { personViewSheet } from './outcomesPerson';
import { providerSummarySheet } from './outcomesSummary';

export * from './outcomesLog';
export * from './outcomesIndex';
export * from './outcomesPerson';
export * from './outcomesSummary';
export * from './outcomesAgenda';

export const OUTCOMES_LOG_SHEET = 'Outcomes log';
export const OUTCOMES_SUMMARY_SHEET = 'Outcomes summary';
export const OUTCOMES_TABLE = 'PPS_Outcomes';

export interface AgendaRequest {
  workerId: string;
  workerName?: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  gaps?: CompetencyGapRow[];
  computedAt?: string;
}

export interface OutcomesSheetsInput {
  sessions: Session[];
  /** Worker IDs for the summary rows; default: every worker in the sessions, first-seen order. */
  workers?: string[];
  settings?: Settings;
  /** Person views to build; default: the first person code in the sessions. */
  personCodes?: string[];
  /** Quarter labels for the by-quarter block; default: every quarter the sessions span. */
  periods?: string[];
  agendas?: AgendaRequest[];
  /** Sheet and table names already in the workbook: never reused. */
  existingSheets?: string[];
  existingTables?: string[];
  settingsSheetName?: string;
  settingsNames?: Partial<OutcomeSettingRefs>;
}

/** Log, summary, person views and agendas, in that order, ready to append to a WorkbookPlan. */
export function outcomesSheets(input: OutcomesSheetsInput): SheetPlan[] {
  const { sessions } = input;
  const workers = input.workers ?? [...new Set(sessions.map((s) => s.workerId))];
  const people = input.personCodes ?? [...byPerson(sessions).keys()].slice(0, 1);
  const agendas = input.agendas ?? [];
  const names = allocateSheetNames(
    [
      OUTCOMES_LOG_SHEET,
      OUTCOMES_SUMMARY_SHEET,
      ...people.map((p) => `Person ${p}`),
      ...agendas.map((a) => `Agenda ${a.workerId} ${a.date}`),
    ],
    input.existingSheets ?? [],
  );
  const [tableName] = allocateTableNames([OUTCOMES_TABLE], input.existingTables ?? []);
  const common = { settingsNames: input.settingsNames, settingsSheetName: input.settingsSheetName };
  const log = outcomeLogRef(names[0], tableName);
  return [
    outcomesLogSheet({ sheetName: names[0], tableName, sessions, ...common }),
    providerSummarySheet({ sheetName: names[1], log, workers, periods: input.periods, sessions, ...common }),
    ...people.map((personCode, i) =>
      personViewSheet({ sheetName: names[2 + i], personCode, log, sessions, ...common }),
    ),
    ...agendas.map((a, i) =>
      agendaSheet({
        sheetName: names[2 + people.length + i],
        log,
        ...a,
        sessions,
        settings: input.settings ?? DEFAULT_SETTINGS,
        ...common,
      }),
    ),
  ];
}
