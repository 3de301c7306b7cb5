/**
 * What the task pane can ask of the open workbook. src/excel/ops/ implements it over Office.js
 * (Excel.run in Excel, the fake host in tests and in the browser end-to-end run); the pane only
 * calls these and shows the results.
 */
import { Worker } from '../domain/csv';
import { Problem } from '../domain/problems';
import { Settings } from '../domain/settings';

export interface FrameworkChoice {
  id: string;
  title: string;
  /** "bundled", or "workbook" for an agency list read from a two-column table (Category, Competency). */
  origin: 'bundled' | 'workbook';
}

export interface RatingSheetInfo {
  sheet: string;
  workerId: string;
  period: string;
  frameworkId: string;
}

/**
 * How the pane can hand over a file it made (a shared copy, self-assessment forms): a download link; or,
 * in Excel for Mac and iPad, where download links do nothing (office-js issue 2700, by design), opening it
 * as a new workbook the person saves (Excel.createWorkbook, ExcelApi 1.8); or, with neither, not at all.
 */
export type FileDelivery = 'download' | 'newWorkbook' | 'none';

export interface PaneState {
  team: Worker[];
  /** Sheet holding the roster, or null when the workbook has none yet. */
  teamSheet: string | null;
  settings: Settings;
  frameworks: FrameworkChoice[];
  scales: { id: string; title: string }[];
  roles: { id: string; title: string }[];
  /** Periods that have rating sheets, ordered by meaning. */
  periods: string[];
  ratingSheets: RatingSheetInfo[];
  /** Problems found while reading (a custom framework table with an empty cell, ...). */
  problems: Problem[];
  /** How files the pane makes reach the person (default 'download'). */
  files?: FileDelivery;
  /** What this Excel cannot do for the sheets the pane makes, said once (no print setup below ExcelApi 1.9). */
  notices?: string[];
  /** Which layout wrote the workbook's sheets, against the one this version writes. */
  layout?: LayoutStatus;
}

/** The workbook's layout against this version's (src/workbook/upgrade.ts upgradePlan). */
export interface LayoutStatus {
  /** current: nothing to do. upgrade: an earlier version made sheets; the pane offers the update. refuse: a newer version did. */
  status: 'current' | 'upgrade' | 'refuse';
  /** The layout this version writes. */
  layout: string;
  /** The earlier layouts found, oldest first. */
  from: string[];
  /** Generated sheets an update rewrites from an earlier layout. */
  older: number;
  /** What to tell the person (why refused, or what an update does). */
  messages: string[];
}

export interface UpgradeResult {
  /** The earlier layouts the sheets had (empty when the workbook was already current: nothing written). */
  from: string[];
  to: string;
  /** One line per generated sheet: '"Outcomes log": upgraded from layout 0.1.0 to 0.2.0'. */
  lines: string[];
  upgraded: number;
  /** Typed cells put back into the rewritten sheets (discussion and agenda notes, schedule entries). */
  restored: number;
  /** The person's own sheets, left as they were. */
  kept: string[];
}

export interface Progress {
  done: number;
  total: number;
  label: string;
}

export interface InsertReport {
  created: string[];
  /** Sheets whose wanted name was in use and got a free one. */
  renamed: { from: string; to: string }[];
  syncs: number;
}

export interface RefreshReport {
  /** Sheets made or refreshed in place. */
  sheets: string[];
  /** Of those, the ones made new this time. */
  created: string[];
  /** Cells whose value changed on refreshed sheets, and cells a person typed that were kept. */
  changedCells: number;
  keptCells: number;
  /** Goals prefilled into empty Goal cells of rating sheets. */
  goalsFilled: number;
  problems: Problem[];
}

export interface ImportReport {
  accepted: number;
  duplicates: number;
  rejected: Problem[];
  /** Person codes that look like names: not imported until the user confirms they are codes. */
  needsConfirmation: string[];
  sheets: string[];
}

export interface ShareResult {
  fileName: string;
  bytes: Uint8Array;
  removed: string[];
}

export interface FormFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface FormConflict {
  /** Pass back in `useIncoming` to take the form's value. */
  key: string;
  workerId: string;
  period: string;
  competencyId: string;
  existing: string;
  incoming: string;
}

export interface CollectFormsReport {
  files: { name: string; ok: boolean; accepted: number; problems: Problem[] }[];
  /** Self cells written (only empty ones, or conflicts the user chose to take). */
  written: number;
  conflicts: FormConflict[];
}

/** What the Agency tab's rollup did: the agency sheets written, and what it read, counted once or left out. */
export interface AgencyReport {
  /** The agency sheets, as named in the workbook. */
  sheets: string[];
  /** True when agency sheets were there already and were replaced in place (same names and positions). */
  refreshed: boolean;
  teams: { label: string; file: string; workers: number; sessions: number }[];
  /** The period of the supervisor and self means (null when no team has ratings). */
  period: string | null;
  skipped: { file: string; reasons: string[] }[];
  countedOnce: { file: string; sameAs: string; why: string }[];
  /** How it was read: settings, the period, person codes (agency.ts). */
  notes: string[];
  warnings: Problem[];
}

export interface WorkbookApi {
  load(): Promise<PaneState>;
  saveSettings(settings: Settings): Promise<void>;
  /** Replaces the roster in the Team sheet (inserting the sheet when missing). */
  saveTeam(workers: Worker[]): Promise<void>;
  insertRatingSheets(
    req: { period: string; workerIds: string[]; roleId?: string },
    onProgress?: (p: Progress) => void,
  ): Promise<InsertReport>;
  activate(sheet: string): Promise<void>;
  /** Comparison sheets for one worker or all, for a period; refreshes existing ones in place. */
  compare(req: { period: string; workerId?: string }): Promise<RefreshReport>;
  trends(req: { workerId?: string }): Promise<RefreshReport>;
  dashboard(req: { period: string }): Promise<RefreshReport>;
  importSessions(csv: string, fileName: string, confirmCodes?: string[]): Promise<ImportReport>;
  shareCopy(req: { sheets: string[]; deidentify: boolean; emptyFreeText: boolean }): Promise<ShareResult>;
  /** A person view (ORS/SRS chart and status) for one person code from the outcomes log. */
  personView(req: { personCode: string }): Promise<RefreshReport>;
  /** A one-on-one agenda for a worker and meeting date (ISO yyyy-mm-dd). */
  agenda(req: { workerId: string; date: string }): Promise<RefreshReport>;
  /** One self-assessment form per worker for a period (Self column only, protected, identity hidden). */
  createForms(req: { period: string; workerIds: string[] }): Promise<FormFile[]>;
  /**
   * Checks returned forms and merges their Self ratings into the rating sheets: empty Self cells only;
   * a different existing value is a conflict, written only when its key is in `useIncoming`.
   * Supervisor cells are never touched; nothing is taken from a file that fails a check.
   */
  collectForms(
    files: { name: string; bytes: Uint8Array }[],
    useIncoming?: string[],
  ): Promise<CollectFormsReport>;
  /** Opens a file the pane made as a new workbook in Excel, which the person then saves (Mac, iPad). */
  openFile(file: FormFile): Promise<void>;
  /**
   * Rolls team workbooks (picked from disk) up into the agency sheets of this workbook, replacing them in
   * place when they are there; the period of the means is the latest common one unless given.
   */
  rollup(files: { name: string; bytes: Uint8Array }[], req?: { period?: string }): Promise<AgencyReport>;
  /**
   * Rewrites every generated sheet as this version writes it (an older layout upgraded), keeping
   * everything typed and the person's own sheets; all or nothing. Refuses a newer layout.
   */
  upgrade(onProgress?: (p: Progress) => void): Promise<UpgradeResult>;
}
