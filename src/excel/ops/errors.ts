/** Excel errors in plain words, per pane action. */
import { WorkbookApi } from '../api';
import { hostErrorInfo, newerExcelNeeded } from '../host';
import { InsertError } from '../render';

export const ACTIONS: Record<keyof WorkbookApi, string> = {
  load: 'reading the workbook',
  saveSettings: 'saving the settings',
  saveTeam: 'saving the team',
  insertRatingSheets: 'inserting the rating sheets',
  activate: 'opening the sheet',
  compare: 'building the comparison',
  trends: 'building the trends',
  dashboard: 'building the team dashboard',
  importSessions: 'importing the sessions',
  shareCopy: 'making the copy',
  createForms: 'making the self-assessment forms',
  personView: 'making the person view',
  agenda: 'making the agenda',
  collectForms: 'collecting the returned forms',
  openFile: 'opening the file as a new workbook',
  rollup: 'rolling up the team workbooks',
  upgrade: 'updating the workbook',
};

/** An Excel error in plain words: what the person can do about it. Other errors pass unchanged. */
export function plainHostError(err: unknown, action: string): Error {
  const info = hostErrorInfo(err);
  if (!info.code || err instanceof InsertError) return err instanceof Error ? err : new Error(String(err));
  const where = info.location ? ` (${info.location})` : '';
  switch (info.code) {
    case 'AccessDenied':
      return new Error(
        `Excel refused ${action}: a sheet it needs is protected. Unprotect it (Review > Unprotect Sheet) and try again.${where}`,
      );
    case 'ApiNotFound':
      return new Error(`${newerExcelNeeded(action)}${where}`);
    case 'InvalidOperationInCellEditMode':
      return new Error(
        `Excel could not start ${action} while a cell is still being typed in. Press Enter (or Esc) to finish that cell, then try again.`,
      );
    case 'ItemNotFound':
      return new Error(
        `A sheet or table needed for ${action} is gone (renamed or deleted while the pane was open). Try again.${where}`,
      );
    default:
      return new Error(`Excel could not finish ${action}: ${info.message}${where}`);
  }
}

export function withPlainErrors(api: WorkbookApi): WorkbookApi {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(ACTIONS) as (keyof WorkbookApi)[]) {
    const fn = api[key] as (...args: unknown[]) => Promise<unknown>;
    out[key] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        throw plainHostError(e, ACTIONS[key]);
      }
    };
  }
  return out as unknown as WorkbookApi;
}
