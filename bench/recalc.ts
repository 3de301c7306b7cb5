/**
 * Scenario `recalc`: how long LibreOffice takes to open our workbooks and recalculate every formula, the
 * way a supervisor's Excel recalculates when the log changes. Outcome workbooks (log, summary, a person view,
 * an agenda) of 1,000, 4,000 and 8,000 sessions, and rating and comparison workbooks of 50 and 200 workers; each net
 * of a small workbook of the same team (60 sessions; 5 workers) timed in the same rounds.
 *
 * "before" builds the same workbooks with the outcome formulas of BEFORE_COMMIT (per-row COUNTIFS over the
 * whole log, distinct counts by SUMPRODUCT(1/COUNTIFS)), taken from git into a temporary folder; "after"
 * with this tree. Both are timed in the same run, interleaved round by round, so a busy moment on the shared
 * machine hits both. Two figures per workbook, each the median of the rounds:
 * - open + recalculate: `soffice --convert-to csv` with recalculation on load forced (the test harness's
 *   profile); the CSV is only the first sheet's values, so this is loading, recalculating and little else;
 * - the same and saving as .xlsx, as the tests' recalculate() does: LibreOffice writes every formula's text
 *   back, which costs about as much again for the log.
 * Wall seconds and CPU seconds (user + system of soffice and its children) are both reported; on this
 * 2-core machine shared with other work the CPU seconds are the steadier figure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Session } from '../src/domain/pcoms';
import type { WorkbookPlan } from '../src/workbook/plan';
import { libreOfficeProfile } from '../tests/support/libreoffice';
import { COMPUTED_AT, FRAMEWORK_ID, makeRatings, makeSessions, makeTeam, PERIOD } from './data';

/** main when this scenario was written, before issue 13: the formulas "before" is measured with. */
export const BEFORE_COMMIT = '5feab0fd0fdd994e68a30afbfd1da781fc77d106';

const TEAM = 20;
const BASE_SESSIONS = 60;
const BASE_WORKERS = 5;
/** Rounds per workbook; the quadratic "before" logs of 4,000 and 8,000 sessions take minutes each, so once. */
const ROUNDS = 3;
const SLOW_ROUNDS = 1;
const TIMEOUT_MS = 30 * 60_000;

type Json = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- builders of another tree */
/** The builders of a source tree (this one, or BEFORE_COMMIT's), loaded through ts-node. */
function builders(root: string) {
  const load = (p: string): any => require(path.join(root, 'src', p));
  return {
    outcomesSheets: load('workbook/outcomes').outcomesSheets,
    settingsSheet: load('workbook/settingsSheet').settingsSheet,
    agencyWorkbook: load('workbook/build').agencyWorkbook,
    writeWorkbook: load('xlsx/write').writeWorkbook as (p: WorkbookPlan) => Promise<Uint8Array>,
    library: load('domain/library'),
    defaults: load('domain/settings').DEFAULT_SETTINGS,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
type Builders = ReturnType<typeof builders>;

/** BEFORE_COMMIT's src/ and data/ in a temporary folder (sharing this tree's node_modules), or null without git. */
function beforeTree(): string | null {
  const repo = path.join(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-bench-before-'));
  const tar = path.join(dir, 'src.tar');
  const r = spawnSync('git', ['archive', '-o', tar, BEFORE_COMMIT, 'src', 'data'], { cwd: repo });
  if (r.status !== 0) return null;
  spawnSync('tar', ['-xf', tar, '-C', dir]);
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return fs.existsSync(path.join(dir, 'src', 'workbook', 'outcomes.ts')) ? dir : null;
}

function outcomesPlan(b: Builders, sessions: Session[], workers: string[]): WorkbookPlan {
  const s = b.settingsSheet(b.defaults);
  const sheets = b.outcomesSheets({
    sessions,
    workers,
    agendas: [{ workerId: workers[0], date: sessions[sessions.length - 1].date }],
    existingSheets: [s.sheet.name],
    existingTables: ['PPS_Settings'],
  });
  return { sheets: [...sheets, s.sheet], names: s.names };
}

function ratingsPlan(b: Builders, workers: number): WorkbookPlan {
  const team = makeTeam(workers);
  return b.agencyWorkbook({
    team,
    periods: [PERIOD],
    ctx: {
      framework: b.library.getFramework(FRAMEWORK_ID),
      scale: b.library.getScale(),
      roles: b.library.library().roles,
      ratings: makeRatings(team),
    },
    computedAt: COMPUTED_AT,
  });
}

/** Opens `file` in LibreOffice (recalculating on load) and saves it as `to`: wall and CPU seconds. */
function libreOffice(file: string, to: 'csv' | 'xlsx'): { wall: number; cpu: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-bench-lo-'));
  const args = [
    `-env:UserInstallation=${pathToFileURL(libreOfficeProfile()).href}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    '--convert-to',
    to,
    '--outdir',
    out,
    file,
  ];
  // bash's `times` prints the user and system time of the children it waited for (soffice and soffice.bin)
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'soffice "$@" >/dev/null 2>&1; s=$?; times; exit $s', 'bash', ...args], {
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const produced = path.join(out, `${path.basename(file, '.xlsx')}.${to}`);
  const ok = r.status === 0 && fs.existsSync(produced) && fs.statSync(produced).size > 0;
  fs.rmSync(out, { recursive: true, force: true });
  if (!ok) throw new Error(`LibreOffice did not convert ${file} to ${to}: ${r.stderr || r.error?.message}`);
  const m = /\n\s*(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout);
  const cpu = m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
  return { wall, cpu };
}

interface Book {
  variant: 'before' | 'after';
  kind: 'outcomes' | 'ratings';
  /** Sessions (outcomes) or workers (ratings). */
  size: number;
  baseline: boolean;
  file: string;
  bytes: number;
  rounds: number;
  measures: ('csv' | 'xlsx')[];
  runs: Record<string, { wall: number; cpu: number }[]>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r2 = (x: number): number => Math.round(x * 100) / 100;

export async function recalcScenario(o: { quick: boolean }): Promise<Json> {
  const sizes = o.quick ? [200, 400] : [1000, 4000, 8000];
  const raters = o.quick ? [10] : [50, 200];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-bench-recalc-'));
  const team = makeTeam(TEAM);
  const workers = team.map((w) => w.workerId);
  const sessionsOf = (n: number) => makeSessions(team, n, Math.max(8, Math.round(n * 0.15)));
  const trees: [Book['variant'], string | null][] = [
    ['before', o.quick ? null : beforeTree()],
    ['after', path.join(__dirname, '..')],
  ];
  const books: Book[] = [];
  for (const [variant, root] of trees) {
    if (!root) continue;
    const b = builders(root);
    const add = async (kind: Book['kind'], size: number, baseline: boolean, plan: WorkbookPlan) => {
      const file = path.join(dir, `${variant}-${kind}-${size}.xlsx`);
      fs.writeFileSync(file, await b.writeWorkbook(plan));
      const slow = variant === 'before' && kind === 'outcomes' && size > 1000;
      books.push({
        variant,
        kind,
        size,
        baseline,
        file,
        bytes: fs.statSync(file).size,
        rounds: o.quick ? 1 : slow ? SLOW_ROUNDS : ROUNDS,
        // saving as .xlsx as well only where it says something new (the log's formula text)
        measures: kind === 'outcomes' && !slow ? ['csv', 'xlsx'] : ['csv'],
        runs: { csv: [], xlsx: [] },
      });
    };
    for (const n of [BASE_SESSIONS, ...sizes])
      await add('outcomes', n, n === BASE_SESSIONS, outcomesPlan(b, sessionsOf(n), workers));
    for (const n of [BASE_WORKERS, ...raters]) await add('ratings', n, n === BASE_WORKERS, ratingsPlan(b, n));
    if (variant === 'before') fs.rmSync(root, { recursive: true, force: true });
  }
  const maxRounds = Math.max(...books.map((b) => b.rounds));
  for (let round = 0; round < maxRounds; round++)
    for (const book of books)
      if (round < book.rounds)
        for (const to of book.measures) {
          process.stderr.write(`\n[recalc] ${book.variant} ${book.kind} ${book.size} ${to} #${round + 1}`);
          book.runs[to].push(libreOffice(book.file, to));
        }
  fs.rmSync(dir, { recursive: true, force: true });

  const rows = books
    .filter((b) => !b.baseline)
    .flatMap((b) => {
      const base = books.find((x) => x.variant === b.variant && x.kind === b.kind && x.baseline)!;
      return b.measures.map((to) => {
        const m = (k: 'wall' | 'cpu', x: Book) => median(x.runs[to].map((r) => r[k]));
        return {
          variant: b.variant,
          kind: b.kind,
          size: b.size,
          measure: to === 'csv' ? 'open + recalculate' : 'open + recalculate + save .xlsx',
          bytes: b.bytes,
          rounds: b.runs[to].length,
          netWall: r2(m('wall', b) - m('wall', base)),
          netCpu: r2(m('cpu', b) - m('cpu', base)),
          wall: b.runs[to].map((r) => r2(r.wall)),
          cpu: b.runs[to].map((r) => r2(r.cpu)),
          baselineWall: r2(m('wall', base)),
          baselineCpu: r2(m('cpu', base)),
        };
      });
    });
  return {
    beforeCommit: BEFORE_COMMIT,
    team: TEAM,
    baseline: { sessions: BASE_SESSIONS, workers: BASE_WORKERS },
    sizes,
    raters,
    rows,
  };
}

/** The report section of bench/results.md. */
export function recalcReport(res: Json): string[] {
  /* eslint-disable @typescript-eslint/no-explicit-any -- results are JSON read back from the child */
  const rows = res.rows as any[];
  const sizes = res.sizes as number[];
  const base = res.baseline as { sessions: number; workers: number };
  const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
  const cell = (variant: string, size: number, measure: string, kind = 'outcomes'): any =>
    rows.find((r) => r.variant === variant && r.size === size && r.measure === measure && r.kind === kind);
  const out: string[] = [];
  out.push('## 7. LibreOffice recalculation of the workbooks we write', '');
  out.push(
    `Net seconds: each workbook's median over its rounds minus the median of a small workbook of the same`,
    `team timed in the same rounds (${base.sessions} sessions of ${res.team} workers; ${base.workers} workers for the rating`,
    `workbook). "before": the outcome formulas of ${String(res.beforeCommit).slice(0, 7)} (per-row COUNTIFS over the`,
    `whole log); "after": this tree. Open + recalculate: LibreOffice headless opens the .xlsx with`,
    'recalculation forced and writes the first sheet as CSV. + save .xlsx: the same, then saved as .xlsx as the',
    "tests' recalculate() does (LibreOffice writes every formula's text back). CPU: user + system seconds of",
    'soffice and its children; wall: elapsed seconds (the machine is shared, so CPU is the steadier figure).',
    '',
  );
  const head = [
    'workbook',
    'measure',
    'before wall s',
    'before CPU s',
    'after wall s',
    'after CPU s',
    'rounds',
  ];
  const body: (string | number)[][] = [];
  for (const measure of ['open + recalculate', 'open + recalculate + save .xlsx'])
    for (const n of sizes) {
      const b = cell('before', n, measure);
      const a = cell('after', n, measure);
      if (!a && !b) continue;
      body.push([
        `outcomes, ${n} sessions`,
        measure,
        b ? f2(b.netWall) : '',
        b ? f2(b.netCpu) : '',
        a ? f2(a.netWall) : '',
        a ? f2(a.netCpu) : '',
        `${b?.rounds ?? 0}/${a?.rounds ?? 0}`,
      ]);
    }
  for (const n of res.raters as number[]) {
    const rb = cell('before', n, 'open + recalculate', 'ratings');
    const ra = cell('after', n, 'open + recalculate', 'ratings');
    if (rb || ra)
      body.push([
        `${n} workers: rating sheets, comparisons, trends, dashboard`,
        'open + recalculate',
        rb ? f2(rb.netWall) : '',
        rb ? f2(rb.netCpu) : '',
        ra ? f2(ra.netWall) : '',
        ra ? f2(ra.netCpu) : '',
        `${rb?.rounds ?? 0}/${ra?.rounds ?? 0}`,
      ]);
  }
  const all = [head, ...body.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  out.push(line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...all.slice(1).map(line), '');
  const lo = sizes[0];
  const hi = sizes[sizes.length - 1];
  for (const variant of ['before', 'after']) {
    const a = cell(variant, lo, 'open + recalculate');
    const z = cell(variant, hi, 'open + recalculate');
    if (a && z)
      out.push(
        `${variant}: ${hi} / ${lo} sessions = ${f2(z.netCpu / a.netCpu)}x CPU, ${f2(z.netWall / a.netWall)}x wall ` +
          `(linear would be ${hi / lo}x, quadratic ${(hi / lo) ** 2}x).`,
      );
  }
  out.push(
    '',
    'Runs (seconds, in order): ' +
      rows
        .map(
          (r) =>
            `${r.variant} ${r.kind} ${r.size} ${r.measure}: wall ${r.wall.join(', ')}; CPU ${r.cpu.join(', ')}`,
        )
        .join(' · '),
    '',
  );
  return out;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
