/**
 * How the agency sheets are known (agencySheets.ts builds them): the text of their A1. Readers of team
 * workbooks use it to leave the agency log alone (it has the outcomes log's headers), and the rollup to tell
 * an agency workbook given as a team workbook.
 */
export const AGENCY_TITLES = {
  about: 'About this rollup',
  workers: 'Agency workers',
  heatmap: 'Agency heatmap: competency means by category and team',
  outcomes: 'Agency outcomes summary (PCOMS)',
  ratings: 'Agency ratings: every team workbook’s rating sheets',
  log: 'Agency outcome log: every team workbook’s sessions (ORS and SRS item scores)',
} as const;

/** True when a sheet's A1 says it is one of the agency sheets. */
export function isAgencySheet(a1: unknown): boolean {
  return typeof a1 === 'string' && (Object.values(AGENCY_TITLES) as string[]).includes(a1.trim());
}
