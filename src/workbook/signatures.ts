/**
 * The layouts the readers recognise (src/workbook/layout.ts LayoutSignature): the current one, taken from
 * the builders' own headers and labels, then every older released layout, frozen. Readers try them in
 * this order, so a sheet written by any released layout is found, and with it what a person typed.
 */
import { Grid, findHeaderRow } from './grid';
import { LAYOUT_0_1_0, LAYOUT_VERSION, LayoutSignature } from './layout';
import { COMPARISON_HEADERS } from './comparison';
import { AGENDA_GAP_HEADERS, AGENDA_SECTION_HEADERS } from './outcomesAgenda';
import { LOG_COL, LOG_HEADERS, LOG_INPUTS } from './outcomesLog';
import { PERSON_HEADERS, PERSON_STATUS_LABELS } from './outcomesPerson';
import { SUMMARY_HEADERS } from './outcomesSummary';
import { RATING_HEADERS, RATING_LABELS } from './rating';
import { SETTINGS_HEADERS } from './settingsSheet';
import { TEAM_HEADERS } from './team';
import { TREND_HEADERS } from './trend';
import { WPS_HEADERS } from './wps';

export { LOG_INPUTS };

export const CURRENT_SIGNATURE: LayoutSignature = {
  layout: LAYOUT_VERSION,
  team: TEAM_HEADERS,
  settings: SETTINGS_HEADERS,
  rating: RATING_HEADERS.slice(0, 5),
  ratingLabels: RATING_LABELS,
  log: LOG_HEADERS.slice(0, 6),
  logInputs: LOG_INPUTS.map((k) => LOG_HEADERS[LOG_COL[k]]),
  summary: SUMMARY_HEADERS.slice(0, 3),
  comparison: COMPARISON_HEADERS.slice(0, COMPARISON_HEADERS.indexOf('Discussion notes') + 1),
  trend: TREND_HEADERS,
  wps: WPS_HEADERS,
  person: PERSON_HEADERS.slice(0, 4),
  personCodeLabel: PERSON_STATUS_LABELS[0],
  agendaGaps: AGENDA_GAP_HEADERS,
  agendaSections: AGENDA_SECTION_HEADERS,
  workerLabel: RATING_LABELS.workerId,
  periodLabel: RATING_LABELS.period,
  meetingDateLabel: 'Meeting date',
  dashboardTitle: 'Team dashboard: ',
};

/** Every layout the readers know, current first. */
export const SIGNATURES: readonly LayoutSignature[] = [CURRENT_SIGNATURE, LAYOUT_0_1_0];

/**
 * The first layout whose headers (picked from its signature) stand side by side in the grid, with where
 * they stand; null when none does.
 */
export function findSigned(
  grid: Grid,
  pick: (s: LayoutSignature) => readonly string[],
): { at: { row: number; col: number }; sig: LayoutSignature } | null {
  const tried = new Set<string>();
  for (const sig of SIGNATURES) {
    const headers = pick(sig);
    const key = headers.join('\u0000');
    if (tried.has(key)) continue;
    tried.add(key);
    const at = findHeaderRow(grid, headers);
    if (at) return { at, sig };
  }
  return null;
}
