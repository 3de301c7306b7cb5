/**
 * Workbook layouts. A team workbook lives for years and the program that writes its sheets changes, so
 * every sheet the program makes records the layout version that wrote it. A newer program rewrites the
 * sheets an older one made (peer-performance update, the pane's update offer: src/workbook/upgrade.ts);
 * an older program refuses a workbook a newer one wrote, never downgrading it.
 *
 * The record: a hidden sheet-level defined name PPS_Layout on each generated sheet, whose value is the
 * version as text. In the .xlsx file: <definedName name="PPS_Layout" localSheetId="3" hidden="1">"0.2.0"
 * </definedName>; in Office.js: worksheet.names.add("PPS_Layout", '="0.2.0"') with visible = false. A
 * sheet-level name moves with its sheet when the sheet is renamed, moved or copied, and formulas cannot
 * reach it by accident. Excel's Name Manager does not list hidden names; LibreOffice, which has no
 * hidden names, keeps it and lists it under Sheet > Named Ranges and Expressions > Manage.
 *
 * 0.1.0, the first release, recorded nothing: a sheet the readers recognise without a record is 0.1.0.
 * LAYOUT_VERSION is bumped (to the release's version) by the release that changes what any sheet
 * builder writes; a release that changes no sheet keeps it. Each release whose layout changed keeps a
 * workbook it wrote under tests/fixtures/layouts/VERSION/ (scripts/make-layout-fixture.ts).
 */

/** The layout this program writes. */
export const LAYOUT_VERSION = '0.2.0';
/** The first released layout, which recorded no version: sheets without a record are this one. */
export const FIRST_LAYOUT = '0.1.0';
/** The sheet-level defined name holding the record. */
export const LAYOUT_NAME = 'PPS_Layout';

/** The record's formula (without "="): the version as a text constant. */
export function layoutFormula(version: string): string {
  return `"${version}"`;
}

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * The version a record holds, from the name's formula ('="0.2.0"', '"0.2.0"') or its value ('0.2.0');
 * null when it holds something else.
 */
export function parseLayout(recorded: unknown): string | null {
  let t = String(recorded ?? '').trim();
  if (t.startsWith('=')) t = t.slice(1).trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).trim();
  return VERSION.test(t) ? t : null;
}

/** Negative when layout a is older than b, 0 when the same, positive when newer (x.y.z, numerically). */
export function compareLayouts(a: string, b: string): number {
  const pa = VERSION.exec(a)!.slice(1).map(Number);
  const pb = VERSION.exec(b)!.slice(1).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/**
 * What the readers recognise each generated sheet by, as one layout wrote it: headers side by side in
 * this order (as the sheet shows them), and labels whose value sits in the cell to their right. The
 * current layout's come from the builders (src/workbook/read.ts CURRENT_SIGNATURE); an older layout's are
 * frozen here, so the readers keep finding its sheets and typed cells after the builders change.
 */
export interface LayoutSignature {
  layout: string;
  team: readonly string[];
  settings: readonly string[];
  /** The first five rating table headers (Category, ID, Competency, Self, Supervisor). */
  rating: readonly string[];
  ratingLabels: {
    workerId: string;
    workerName: string;
    role: string;
    period: string;
    framework: string;
    version: string;
  };
  /** The log's first headers, side by side. */
  log: readonly string[];
  /** The log's input columns, by their header: the contract's order (person code ... age group). */
  logInputs: readonly string[];
  summary: readonly string[];
  /** A comparison's table headers up to and including Discussion notes. */
  comparison: readonly string[];
  trend: readonly string[];
  wps: readonly string[];
  person: readonly string[];
  personCodeLabel: string;
  agendaGaps: readonly string[];
  agendaSections: readonly string[];
  /** The label of a comparison's, trend's, WPS sheet's and agenda's worker; a comparison's period. */
  workerLabel: string;
  periodLabel: string;
  meetingDateLabel: string;
  /** The dashboard's title in A1 starts with this; the period follows. */
  dashboardTitle: string;
}

/** Layout 0.1.0 as released (package version 0.1.0): frozen, never edited. */
export const LAYOUT_0_1_0: LayoutSignature = {
  layout: '0.1.0',
  team: ['Worker ID', 'Name', 'Role', 'Supervisor', 'Start date'],
  settings: ['Setting', 'Value', 'Key', 'Note'],
  rating: ['Category', 'ID', 'Competency', 'Self', 'Supervisor'],
  ratingLabels: {
    workerId: 'Worker ID',
    workerName: 'Worker',
    role: 'Role',
    period: 'Period',
    framework: 'Framework',
    version: 'Framework version',
  },
  log: ['Person code', 'Worker ID', 'Date', 'Session', 'ORS Individually', 'ORS Interpersonally'],
  logInputs: [
    'Person code',
    'Worker ID',
    'Date',
    'Session',
    'ORS Individually',
    'ORS Interpersonally',
    'ORS Socially',
    'ORS Overall',
    'SRS Relationship',
    'SRS Goals and Topics',
    'SRS Approach or Method',
    'SRS Overall',
    'Age group',
  ],
  summary: ['Worker', 'Persons served', 'Persons with 2+ ORS'],
  comparison: ['Category', 'ID', 'Competency', 'Self', 'Supervisor', 'Gap', 'Flag', 'Discussion notes'],
  trend: ['Period', 'Self mean', 'Supervisor mean', 'Self change', 'Supervisor change', 'Rating sheet'],
  wps: [
    'Skill group',
    'ID',
    'Skill',
    'Status',
    'Date demonstrated',
    'OJT hours',
    'Supervisor initials',
    'Notes',
  ],
  person: ['Session', 'Date', 'ORS total', 'SRS total'],
  personCodeLabel: 'Person code',
  agendaGaps: ['Competency', 'Gap (supervisor - self)', 'Goal', 'Supervisor notes', 'Worker notes'],
  agendaSections: ['Section', 'Minutes', 'Prompt', 'Supervisor notes', 'Worker notes'],
  workerLabel: 'Worker ID',
  periodLabel: 'Period',
  meetingDateLabel: 'Meeting date',
  dashboardTitle: 'Team dashboard: ',
};
