/**
 * The request batch the renderer queues into: commands go into one request until the next would pass the
 * byte budget (default 4.5 MB, under Excel on the web's 5 MB payload limit), then it is synced. Every queued
 * step is journaled (which sheet, what, which Office.js operations, and a marker whose presence proves it
 * landed) so a failure can be attributed to a sheet and operation (rollback.ts).
 */
import type { RangeRef } from '../../workbook/plan';
import type { ApiSupport } from '../host';

export const DEFAULT_MAX_REQUEST_BYTES = 4_500_000;
/** Allowance per queued command (object path, action, sheet name, address) on top of its payload. */
export const COMMAND_BYTES = 160;

export const lc = (s: string): string => s.toLowerCase();

/** Items packed in order into groups of at most `max` bytes (an item larger than `max` goes alone). */
export function packBySize<T extends { bytes: number }>(items: T[], max: number): T[][] {
  const groups: T[][] = [];
  let bytes = 0;
  for (const x of items) {
    if (groups.length === 0 || bytes + x.bytes > max) {
      groups.push([]);
      bytes = 0;
    }
    groups[groups.length - 1].push(x);
    bytes += x.bytes;
  }
  return groups;
}
export const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

export type Marker =
  | { kind: 'sheet'; name: string }
  | { kind: 'name'; name: string }
  | { kind: 'table'; name: string }
  /** The sheet is hidden or very hidden. */
  | { kind: 'hidden'; name: string }
  | { kind: 'cell'; sheet: string; address: string };

/** One unit of queued work, journaled so a failure can be attributed to a sheet and operation. */
export interface Step {
  sheet: string;
  what: string;
  /** Office.js "Type.member" operations it queues (matched against the error's errorLocation). */
  ops: string[];
  /** Something whose presence after a failure proves this step was applied. */
  marker?: Marker;
}

/** A sync that failed, with the steps its request carried. */
export class BatchFailure extends Error {
  constructor(
    readonly original: unknown,
    readonly steps: Step[],
  ) {
    super('batch failed');
  }
}

export class RequestBatch {
  syncs = 0;
  skipped: string[] = [];
  /** Sheets whose page setup was left out (the host is older than ExcelApi 1.9). */
  printSkipped: string[] = [];
  /** Print areas of several ranges, set at the end of the insert (layout.ts writeMultiAreaPrints). */
  multiAreaPrints: { sheet: string; areas: string[] }[] = [];
  /** The list separator the host's culture suggests (index.ts reads it with the names in use). */
  listSeparator: ',' | ';' = ',';
  /** Planned sheet names in order, known before any is queued, so clean-up can find them. */
  sheetNames: string[] = [];
  addedNames: string[] = [];
  private ws = new Map<string, Excel.Worksheet>();
  private open = false;
  private bytes = 0;
  private steps: Step[] = [];
  private queuedDone = 0;
  private reportedDone = -1;

  constructor(
    readonly ctx: Excel.RequestContext,
    readonly max: number,
    readonly supports: ApiSupport,
    readonly total: number,
    readonly onProgress?: (done: number, total: number) => void,
  ) {}

  async sync(): Promise<void> {
    this.syncs++;
    await this.ctx.sync();
  }

  sheet(name: string): Excel.Worksheet {
    let w = this.ws.get(lc(name));
    if (!w) {
      w = this.ctx.workbook.worksheets.getItem(name);
      this.ws.set(lc(name), w);
    }
    return w;
  }

  addSheet(name: string): void {
    this.ws.set(lc(name), this.ctx.workbook.worksheets.add(name));
  }

  range(ref: RangeRef): Excel.Range {
    return this.sheet(ref.sheet).getRange(ref.ref);
  }

  /** Queue one step: flush first when it would push the request over the limit. */
  async add(step: Step, bytes: number, emit: () => void): Promise<void> {
    if (this.open && this.bytes + bytes > this.max) await this.flush();
    if (!this.open) this.begin();
    emit();
    this.steps.push(step);
    this.bytes += bytes;
  }

  private begin(): void {
    this.open = true;
    this.steps = [];
    const app = this.ctx.workbook.application;
    app.suspendApiCalculationUntilNextSync();
    const ops = ['Application.suspendApiCalculationUntilNextSync'];
    if (this.supports('1.9')) {
      app.suspendScreenUpdatingUntilNextSync();
      ops.push('Application.suspendScreenUpdatingUntilNextSync');
    }
    this.steps.push({ sheet: '', what: 'suspending calculation', ops });
    this.bytes = COMMAND_BYTES * ops.length;
  }

  async flush(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const steps = this.steps;
    this.steps = [];
    try {
      await this.sync();
    } catch (e) {
      throw new BatchFailure(e, steps);
    }
    if (this.queuedDone !== this.reportedDone && this.queuedDone < this.total) {
      this.reportedDone = this.queuedDone;
      this.onProgress?.(this.queuedDone, this.total);
    }
  }

  sheetQueued(): void {
    this.queuedDone++;
  }
}
