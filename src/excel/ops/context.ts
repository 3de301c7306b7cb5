/** What every group of pane actions shares: the Office.js runner, feature detection, the clock, the writers. */
import type { TeamFile } from '../../workbook/agency';
import type { WorkbookPlan } from '../../workbook/plan';
import type { Grid, NamedGrid, RatingSheetData } from '../../workbook/read';
import type { ApiSupport, ExcelRunner } from '../host';
import type { ReadNeeds, WorkbookSnapshot } from '../read';
import type { InsertResult } from '../render';
import type { WorkbookApi } from '../api';
import type { Journal } from './journal';
import type { Refresh } from './refresh';

export interface OpsOptions {
  run?: ExcelRunner;
  supports?: ApiSupport;
  /** Clock for "computed at" labels (tests pass a fixed one). */
  now?: () => Date;
  /**
   * Writes a plan as .xlsx bytes for "Share a copy". Injected by the task pane (which loads the
   * .xlsx writer only when sharing), so this layer never imports src/xlsx.
   */
  writeXlsx?: (plan: WorkbookPlan) => Promise<Uint8Array>;
  /**
   * Reads returned forms' .xlsx bytes into sheet grids, with the cells that hold formulas (a form must
   * hold values), after checking the package as an untrusted form (src/xlsx/guard.ts FORM_LIMITS: the
   * caller injects src/xlsx's loadXlsx with those limits); injected like writeXlsx.
   */
  readXlsx?: (bytes: Uint8Array, fileName: string) => Promise<NamedGrid[]>;
  /**
   * Reads a team workbook's .xlsx bytes for the Agency tab, after checking the package as an untrusted team
   * workbook (src/xlsx/teamFile.ts readTeamFile, WORKBOOK_LIMITS); injected like writeXlsx.
   */
  readTeamFile?: (bytes: Uint8Array, fileName: string) => Promise<TeamFile>;
  /** Largest request (and read) in bytes; default DEFAULT_MAX_REQUEST_BYTES (tests pass a small one). */
  maxRequestBytes?: number;
  /** The platform Office reports ("PC", "Mac", ...); default Office.context.platform. */
  platform?: () => string | undefined;
  /** Excel.createWorkbook (tests pass the fake host's). */
  createWorkbook?: (base64: string) => Promise<void>;
}

export interface OpsContext {
  opts: OpsOptions;
  run: ExcelRunner;
  supports: ApiSupport;
  now: () => Date;
  /** "2026-11-23 10:00", for "computed at" labels. */
  stamp: () => string;
  maxRequestBytes: number;
  /** Reads the workbook: every sheet's first rows, and whole the sheets `need` asks for (read.ts). */
  read(need: ReadNeeds): Promise<WorkbookSnapshot>;
  /** Inserts sheets (the renderer); records them in the journal when one is given. */
  insert(
    plan: WorkbookPlan,
    onProgress?: (done: number, total: number) => void,
    journal?: Journal,
  ): Promise<InsertResult>;
  /** Rewrites generated sheets in place (refresh.ts), recording what it replaces in the journal. */
  refreshInPlace(items: Refresh[], journal?: Journal): Promise<{ changed: number; kept: number }>;
  /** Fills empty Goal cells of rating sheets (refresh.ts); returns how many were filled. */
  fillGoals(
    sheets: { data: RatingSheetData; grid: Grid; goals: Map<string, string> }[],
    journal?: Journal,
  ): Promise<number>;
  /**
   * Runs a pane action that writes in several steps: if a step fails, what the earlier ones wrote is put
   * back and the error names the step (journal.ts).
   */
  atomic<T>(action: keyof WorkbookApi, fn: (journal: Journal) => Promise<T>): Promise<T>;
}
