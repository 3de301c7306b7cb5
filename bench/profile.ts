/**
 * CPU profile of one phase through the inspector (no restart needed), summarised as self time per
 * bucket (zip, ExcelJS styles, charts post-processing, ...) and the top functions. Self time of nodes
 * without a script (regular expressions, builtins) goes to the nearest caller that has one.
 */
import { Session } from 'inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  buckets: { bucket: string; ms: number; share: number }[];
  topFunctions: { fn: string; ms: number }[];
}

function post<T>(s: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    s.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

export async function profiled<T>(fn: () => Promise<T>): Promise<{ value: T; profile: ProfileSummary }> {
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: 1000 });
  await post(s, 'Profiler.start');
  let value: T | undefined;
  let failure: { error: unknown } | undefined;
  try {
    value = await fn();
  } catch (error) {
    failure = { error };
  }
  const { profile } = await post<{ profile: Profile }>(s, 'Profiler.stop');
  s.disconnect();
  if (failure) throw failure.error;
  return { value: value as T, profile: summarise(profile) };
}

const short = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*?\/(src|bench)\//, '$1/');

export function bucketOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)' || fn === '(program)') return 'idle / runtime';
  const u = short(url);
  if (u.startsWith('pako/') || u.startsWith('jszip/')) return 'zip (JSZip + pako deflate, CRC)';
  if (u.startsWith('exceljs/lib/xlsx/xform/style/')) return 'ExcelJS styles';
  if (u.startsWith('exceljs/lib/xlsx/') || u.startsWith('exceljs/lib/utils/')) return 'ExcelJS XML rendering';
  if (u.startsWith('exceljs/')) return 'ExcelJS model (cells, rows, tables)';
  if (u === 'src/xlsx/charts.ts') return 'src/xlsx/charts.ts (package post-processing)';
  if (u === 'src/xlsx/write.ts') return 'src/xlsx/write.ts (style merge, cell loop)';
  if (u.startsWith('src/workbook/')) return 'src/workbook (plan building, A1 helpers)';
  if (u.startsWith('src/')) return 'src (other)';
  return 'other (node, ts-node, ...)';
}

function summarise(p: Profile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const owner = (id: number): ProfileNode => {
    let n = byId.get(id)!;
    const special = n.callFrame.functionName.startsWith('(');
    while (!special && !n.callFrame.url && parent.has(n.id)) n = byId.get(parent.get(n.id)!)!;
    return n;
  };
  const buckets = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = owner(id);
    const cf = n.callFrame;
    total += us;
    const b = bucketOf(cf.url, cf.functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const key = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const ms = (us: number): number => Math.round(us / 1000);
  return {
    totalMs: ms(total),
    buckets: [...buckets]
      .sort((a, b) => b[1] - a[1])
      .map(([bucket, us]) => ({ bucket, ms: ms(us), share: Math.round((us / total) * 1000) / 10 })),
    topFunctions: [...fns]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([fn, us]) => ({ fn, ms: ms(us) })),
  };
}
