/**
 * Small shared helpers for code that talks to the Excel host through Office.js.
 * Nothing here runs Office.js by itself; `Excel` and `Office` globals are only touched when called.
 */
import type { FileDelivery } from './api';

type Batch<T> = (ctx: Excel.RequestContext) => Promise<T>;

/** `Excel.run` in production, the fake host (tests/support/fakeExcel.ts) in tests: run(batch) or run(options, batch). */
export interface ExcelRunner {
  <T>(batch: Batch<T>): Promise<T>;
  <T>(options: Excel.RunOptions, batch: Batch<T>): Promise<T>;
}

/** Answers "does the host support ExcelApi <version>?" (e.g. '1.9'). */
export type ApiSupport = (version: string) => boolean;

/** Excel.run, for the task pane. Only valid inside Office. */
export function officeRunner(): ExcelRunner {
  return ((a: Excel.RunOptions | Batch<unknown>, b?: Batch<unknown>) =>
    typeof a === 'function' ? Excel.run(a) : Excel.run(a, b!)) as ExcelRunner;
}

/**
 * A runner whose every batch waits while the person is still typing in a cell (RunOptions.delayForCellEdit)
 * instead of failing with InvalidOperationInCellEditMode: someone who types a rating and clicks a pane button
 * without pressing Enter gets the action done once the cell is entered. Hosts too old to know the option
 * still fail, and the pane says to press Enter (ops/errors.ts).
 */
export function editSafe(run: ExcelRunner): ExcelRunner {
  return (<T>(a: Excel.RunOptions | Batch<T>, b?: Batch<T>): Promise<T> =>
    typeof a === 'function'
      ? run({ delayForCellEdit: true }, a)
      : run({ ...a, delayForCellEdit: true }, b!)) as ExcelRunner;
}

/** Feature detection through Office.context.requirements; false when Office is not loaded. */
export function officeApiSupport(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return Boolean(office?.context?.requirements?.isSetSupported('ExcelApi', version));
  } catch {
    return false;
  }
}

/** The highest ExcelApi 1.x the host supports, e.g. '1.7'; null when it answers no to 1.1. */
export function highestApi(supports: ApiSupport): string | null {
  let best: string | null = null;
  for (let minor = 1; minor <= 30 && supports(`1.${minor}`); minor++) best = `1.${minor}`;
  return best;
}

/**
 * What to tell a person whose Excel is too old, in terms they can act on. Version numbers of Excel do not
 * settle it: the volume-licensed Excel 2019 many organizations install stops at ExcelApi 1.7, while the
 * retail Excel 2019 and Microsoft 365 go further.
 */
export function newerExcelNeeded(what: string, need?: string, supports?: ApiSupport): string {
  const have = supports ? highestApi(supports) : null;
  return (
    `This version of Excel is too old for ${what}` +
    `${need ? `: it needs the Excel JavaScript API ${need}${have ? `, and this Excel has ${have}` : ''}` : ''}. ` +
    `Microsoft 365 (Excel for Windows or Mac), Office 2021 or later, ` +
    `and Excel on the web (office.com, in a browser) have it; the volume-licensed Excel 2019 that many ` +
    `organizations install does not (it stops at 1.7). Open the workbook in one of those, or ask your IT ` +
    `department for Microsoft 365.`
  );
}

/** What the pane says once on a host below ExcelApi 1.9: the sheets it inserts print without their setup. */
export function printSetupNotice(supports: ApiSupport): string {
  return (
    'Sheets inserted here print without their page setup (print areas, repeated headers, page breaks, fit ' +
    `to the page width). ${newerExcelNeeded('setting up printing', '1.9', supports)}`
  );
}

/** The platform Office reports: "PC", "Mac", "OfficeOnline", "iOS", ...; undefined outside Office. */
export function officePlatform(): string | undefined {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    const p = office?.context?.platform ?? office?.context?.diagnostics?.platform;
    return p === undefined || p === null ? undefined : String(p);
  } catch {
    return undefined;
  }
}

/**
 * How files reach the person on this host: Excel for Mac and iPad ignore download links from blob URLs, so
 * there a file is opened as a new workbook (Excel.createWorkbook needs ExcelApi 1.8), or not at all.
 */
export function fileDelivery(platform: string | undefined, supports: ApiSupport): FileDelivery {
  if (platform !== 'Mac' && platform !== 'iOS') return 'download';
  return supports('1.8') ? 'newWorkbook' : 'none';
}

/** Excel.createWorkbook, for the task pane. Only valid inside Office. */
export function officeCreateWorkbook(base64: string): Promise<void> {
  return Excel.createWorkbook(base64);
}

/** Bytes as base64, in chunks (a single String.fromCharCode call over megabytes would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(bin);
}

export interface HostErrorInfo {
  /** Office error code, e.g. "InvalidArgument", "GeneralException"; undefined for other errors. */
  code?: string;
  /** "Type.member" where the host says the batch failed, e.g. "ChartCollection.add". */
  location?: string;
  message: string;
}

/** Reads an OfficeExtension.Error (or anything thrown) without depending on the OfficeExtension global. */
export function hostErrorInfo(err: unknown): HostErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as Partial<OfficeExtension.Error> & { message?: unknown };
    const debug = e.debugInfo as Partial<OfficeExtension.DebugInfo> | undefined;
    return {
      code: typeof e.code === 'string' ? e.code : undefined,
      location:
        typeof debug?.errorLocation === 'string' && debug.errorLocation ? debug.errorLocation : undefined,
      message: typeof e.message === 'string' ? e.message : String(err),
    };
  }
  return { message: String(err) };
}

/** Plan colours are "1F4E79"; Office.js wants "#1F4E79". */
export function hostColor(hex: string): string {
  return hex.startsWith('#') ? hex : `#${hex}`;
}
