/**
 * Timing and memory helpers. Memory is per process (each scenario runs in its own child process):
 * RSS is sampled every 10 ms and at the start and end of the phase, and the process high-water mark
 * (getrusage maxRSS) is taken too, because interval sampling cannot run inside synchronous work.
 * Heap is measured after a forced GC (node --expose-gc) with the phase's result still referenced.
 */

export interface PhaseResult<T> {
  value: T;
  seconds: number;
  /** RSS just before the phase (MB): Node, ts-node, modules and any setup data. */
  rssBeforeMB: number;
  /** Highest RSS seen (MB): max of the samples and of the process high-water mark. */
  peakRssMB: number;
  /** Heap in use after GC before the phase, and after it with its result still alive (MB). */
  heapBeforeMB: number;
  heapAfterGcMB: number;
  /** Highest heapUsed sampled (MB; samples only land when the phase yields to the event loop). */
  peakHeapSampledMB: number;
}

const MB = 1024 * 1024;
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('Run with node --expose-gc (npm run bench does).');
  g();
  g();
}

export function maxRssMB(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

export async function phase<T>(fn: () => T | Promise<T>): Promise<PhaseResult<T>> {
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const t0 = process.hrtime.bigint();
  let value: T;
  try {
    value = await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  sample();
  gc();
  const after = process.memoryUsage();
  return {
    value,
    seconds: round(seconds, 3),
    rssBeforeMB: round(before.rss / MB),
    peakRssMB: round(Math.max(peakRss / MB, maxRssMB())),
    heapBeforeMB: round(before.heapUsed / MB),
    heapAfterGcMB: round(after.heapUsed / MB),
    peakHeapSampledMB: round(peakHeap / MB),
  };
}

/** Wall time of fn in milliseconds. */
export async function timeMs<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: round(Number(process.hrtime.bigint() - t0) / 1e6) };
}

/** Drops the value from a phase result, keeping the numbers (for JSON output). */
export function numbers<T>(p: PhaseResult<T>): Omit<PhaseResult<T>, 'value'> {
  const rest: Partial<PhaseResult<T>> = { ...p };
  delete rest.value;
  return rest as Omit<PhaseResult<T>, 'value'>;
}

export { round };
