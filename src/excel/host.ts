/**
 * Small shared helpers for code that talks to the Excel host through Office.js.
 * Nothing here runs Office.js by itself; `Excel` and `Office` globals are only touched when called.
 */

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
