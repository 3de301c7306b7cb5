/**
 * `npm run bench`: runs every scenario of bench/scenarios.ts in its own child process (clean memory peaks),
 * prints the tables and writes bench/results.md and bench/results.json.
 *
 *   npm run bench                      everything (about 3-4 minutes on 2 cores)
 *   npm run bench -- --only officejs   some scenarios (comma-separated ids)
 *   npm run bench -- --quick           tiny sizes, results to the temp folder (checks the bench itself)
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recalcReport } from './recalc';
import { Options, SCENARIOS } from './scenarios';

const ORDER = [
  'officejs',
  'import-domain',
  'import-plans',
  'read-fake',
  'refresh-fake',
  'pane-large',
  'xlsx-ours',
  'xlsx-ours-full',
  'xlsx-raw',
  'read-xlsx',
  'xlsx-breakdown',
  'hostile-honest',
  'hostile-lying',
  'hostile-unguarded',
  'rollup',
  'recalc',
];
const TARGET_RATIO = 1.3;
/** The export comparison runs this many rounds (ours, ours in full, raw, interleaved); medians reported. */
const ROUNDS = 3;
const COMPARED = ['xlsx-ours', 'xlsx-ours-full', 'xlsx-raw'];
const MARK = '@@RESULT ';

/* eslint-disable @typescript-eslint/no-explicit-any -- results are JSON read back from the children */
type R = any;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function child(id: string, opts: Options): Promise<{ result: R; seconds: number }> {
  const argv = [...process.execArgv, __filename, '--scenario', id, '--xlsx', opts.xlsxPath];
  if (opts.quick) argv.push('--quick');
  const t0 = Date.now();
  const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  const line = out.split('\n').find((l) => l.startsWith(MARK));
  if (code !== 0 || !line) throw new Error(`scenario ${id} failed (exit ${code}):\n${out}`);
  return { result: JSON.parse(line.slice(MARK.length)), seconds: (Date.now() - t0) / 1000 };
}

function machine(): R {
  const cpus = os.cpus();
  let exceljs = '?';
  try {
    exceljs = (JSON.parse(fs.readFileSync(require.resolve('exceljs/package.json'), 'utf8')) as R).version;
  } catch {
    /* version unknown */
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    exceljs,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ------------------------------------------------------------------------------------------------ report

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const kb = (b: number): string => (b / 1024).toFixed(1);
const mb = (b: number): string => (b / 1024 / 1024).toFixed(2);
const ratio = (a: number, b: number): string => (b ? `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}x` : 'n/a');

function table(head: string[], rows: (string | number)[][]): string {
  const all = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

function report(res: Record<string, R>, m: R, totalSeconds: number, quick: boolean): string {
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(
    `${m.date} · Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${m.memoryGB} GB · ${m.os} · ExcelJS ${m.exceljs}` +
      ` · load average ${m.loadAverageAtStart.join('/')} at start, ${m.loadAverageAtEnd.join('/')} at end` +
      ` · whole run ${f1(totalSeconds)} s${quick ? ' · QUICK MODE (tiny sizes; not results)' : ''}`,
    '',
    'Produced by `npm run bench` (bench/run.ts); each scenario runs in its own Node process. Wall times on a',
    'shared 2-core machine vary by 10-30% from run to run (other processes were running; see the load average).',
    '',
  );

  const o = res.officejs;
  if (o) {
    out.push(
      `## 1. Inserting SAMHSA rating sheets (62 rows) through the fake Office.js host, ${o.roundTripMs} ms per round trip`,
      '',
    );
    out.push(
      table(
        [
          'sheets',
          'writer',
          'syncs',
          'commands',
          'request KB',
          'largest request KB',
          'simulated s',
          'wall s',
          'sim + wall s',
        ],
        o.rows.flatMap((r: R) => [
          [
            r.sheets,
            'insertPlans',
            r.ours.syncs,
            '',
            kb(r.ours.requestBytes),
            kb(r.ours.largestRequestBytes),
            f2(r.ours.simulatedMs / 1000),
            f2(r.ours.wallMs / 1000),
            f2((r.ours.simulatedMs + r.ours.wallMs) / 1000),
          ],
          [
            r.sheets,
            'naive (sync per sheet)',
            r.naive.syncs,
            r.naive.commands,
            kb(r.naive.requestBytes),
            kb(r.naive.largestRequestBytes),
            f2(r.naive.simulatedMs / 1000),
            f2(r.naive.wallMs / 1000),
            f2((r.naive.simulatedMs + r.naive.wallMs) / 1000),
          ],
        ]),
      ),
      '',
      table(
        [
          'sheets',
          'syncs naive/ours',
          'bytes naive/ours',
          'simulated naive/ours',
          'sim+wall naive/ours',
          'sync-per-command writer: syncs (simulated)',
          'same cells',
        ],
        o.rows.map((r: R) => [
          r.sheets,
          ratio(r.naive.syncs, r.ours.syncs),
          ratio(r.naive.requestBytes, r.ours.requestBytes),
          ratio(r.naive.simulatedMs, r.ours.simulatedMs),
          ratio(r.naive.simulatedMs + r.naive.wallMs, r.ours.simulatedMs + r.ours.wallMs),
          `${r.naive.commands} (${f1((r.naive.commands * o.roundTripMs) / 60000)} min)`,
          r.sameCells ? 'yes' : 'NO',
        ]),
      ),
      '',
      'Naive writer (bench/naive.ts): add the sheet, one `formulas` command per non-empty cell, per FormatRange',
      'and covered cell one command per style property (4 borders x style + weight), one per unlocked cell and',
      'per column width; validation, conditional formats, tables, freeze, charts and print once per item; one',
      '`sync` per sheet. A writer that synced after every command would need as many syncs as commands',
      '(last column). "same cells": both writers leave identical formulas/values on the last sheet.',
      "Simulated time is the fake host's round-trip count x the round trip; wall time is the CPU time of the",
      'writer and the fake host on this machine (the fake applies commands, a real Excel would too).',
      'insertPlans needs more than 2 syncs only where one request would pass 4.5 MB (Excel on the web refuses',
      '5 MB); the largest request column shows the split.',
      '',
    );
  }

  const rf0 = res['refresh-fake'];
  if (rf0) {
    out.push(
      `### Compare for the whole team, through the pane's operations (${rf0.roundTripMs} ms per round trip)`,
      '',
    );
    out.push(
      table(
        ['workers', 'run', 'sheets', 'syncs', 'request KB', 'largest request KB', 'simulated s', 'wall s'],
        rf0.rows.map((r: R) => [
          r.workers,
          r.label,
          r.sheets,
          r.syncs,
          kb(r.requestBytes),
          kb(r.largestRequestBytes),
          f2(r.simulatedMs / 1000),
          f2(r.wallMs / 1000),
        ]),
      ),
      '',
      'Each run reads the workbook (3 syncs: names, first rows, the rating sheets whole, more when over 4.5 MB),',
      'fills goals into empty Goal cells (1 sync, when there are any),',
      'then inserts the comparisons (first run) or rewrites them in place, keeping discussion notes (second',
      'run): row blocks packed into requests under 4.5 MB, a read and a write per request, whatever the',
      'number of sheets.',
      '',
    );
  }

  const large = res['pane-large'];
  if (large) {
    out.push(
      `### The pane on a ${large.workers}-worker workbook with a ${large.sessions}-session outcomes log (${large.sheets} sheets, ${large.roundTripMs} ms per round trip)`,
      '',
      table(
        [
          'action',
          'syncs',
          'request KB',
          'largest request KB',
          'response KB',
          'largest response KB',
          'simulated s',
          'wall s',
        ],
        large.rows.map((r: R) => [
          r.label,
          r.syncs,
          kb(r.requestBytes),
          kb(r.largestRequestBytes),
          kb(r.responseBytes),
          kb(r.largestResponseBytes),
          f2(r.simulatedMs / 1000),
          f2(r.wallMs / 1000),
        ]),
      ),
      '',
      "Reads take the names, every sheet's first rows, then whole only what the action needs, in pages under",
      '4.5 MB (the fake host refuses a request or response over 5 MB, as Excel on the web does).',
      '',
    );
  }

  const ours = res['xlsx-ours'];
  const full = res['xlsx-ours-full'];
  const raw = res['xlsx-raw'];
  if (ours && raw) {
    const r = ours.seconds / raw.seconds;
    const rw = ours.writeWorkbook.seconds / raw.seconds;
    const runs = (x: R): string => (x.runs ? ` (runs: ${x.runs.map(f2).join(', ')})` : '');
    out.push('## 2. .xlsx export of a 200-worker agency', '');
    out.push(
      `${ours.sheets} sheets (Team, 200 filled rating sheets of 62 rows, 200 comparisons, 200 trends, dashboard,`,
      `outcomes log of ${res['import-domain']?.sessions ?? 'the'} sessions and summary, Settings): ${ours.cells} cells of which ${ours.formulas} formulas,`,
      `${ours.charts} charts; ${mb(ours.bytes)} MB file. Each writer ran ${ours.runs?.length ?? 1} times, interleaved, in`,
      'fresh processes; the table shows the median run.',
      '',
      table(
        ['writer', 'seconds', 'peak RSS MB', 'RSS before MB', 'heap after GC MB (result alive)', 'file MB'],
        [
          [
            'ours: build plans (agencyWorkbook + outcomesSheets)',
            f2(ours.buildPlans.seconds),
            f1(ours.buildPlans.peakRssMB),
            f1(ours.buildPlans.rssBeforeMB),
            f1(ours.buildPlans.heapAfterGcMB),
            '',
          ],
          [
            'ours: writeWorkbook',
            f2(ours.writeWorkbook.seconds),
            f1(ours.writeWorkbook.peakRssMB),
            f1(ours.writeWorkbook.rssBeforeMB),
            f1(ours.writeWorkbook.heapAfterGcMB),
            mb(ours.bytes),
          ],
          ['**ours: total**', `**${f2(ours.seconds)}**`, f1(ours.peakRssMB), '', '', ''],
          ...(full
            ? [
                [
                  'ours with every formula in full (no shared formulas): total',
                  f2(full.seconds),
                  f1(full.peakRssMB),
                  '',
                  '',
                  mb(full.bytes),
                ],
              ]
            : []),
          [
            'raw ExcelJS, same values (no styles, validation, tables, charts)',
            f2(raw.seconds),
            f1(raw.peakRssMB),
            f1(raw.write.rssBeforeMB),
            f1(raw.write.heapAfterGcMB),
            mb(raw.bytes),
          ],
        ],
      ),
      '',
      `**Ratio ours/raw: ${f2(r)}x total (${f2(rw)}x writeWorkbook alone); target at most ${TARGET_RATIO}x: ${r <= TARGET_RATIO ? 'MET' : 'NOT MET'}.**`,
      `Seconds per run: ours${runs(ours)}; raw${runs(raw)}${full ? `; ours in full${runs(full)}` : ''}.`,
      ...(full
        ? [
            `With every formula written in full, as raw ExcelJS writes them, ours takes ${f2(full.seconds)} s: ${f2(full.seconds / raw.seconds)}x raw.`,
          ]
        : []),
      `Peak RSS ours/raw: ${f2(ours.peakRssMB / raw.peakRssMB)}x.`,
      '',
      "Raw ExcelJS is given the plan's cell values ready-made (plan building is outside its timing) and writes",
      'them with `ws.getCell(r, c).value = v` and `writeBuffer()`. Ours writes a formula filled down a column as',
      'a shared formula, the way Excel saves one (the first cell holds the text, the cells below refer to it;',
      'src/xlsx/shared.ts): same formulas, same values in Excel and LibreOffice, a smaller file. Peak RSS is',
      'the process high-water mark, so it includes Node, ts-node and the scenario\'s inputs (the "RSS before"',
      'column).',
      '',
    );
  }
  const b = res['xlsx-breakdown'];
  if (b) {
    out.push('### Where writeWorkbook spends its time', '');
    out.push(
      'The same plan written with parts left out; each phase CPU-profiled in-process (inspector, 1 ms sampling,',
      'which adds some overhead). Self time per bucket; time in regular expressions and builtins is counted',
      'for the script function that called them.',
      '',
    );
    out.push(
      table(
        ['phase', 'seconds', 'where the time goes (self time)'],
        b.phases.map((p: R) => [
          p.label,
          f2(p.seconds),
          p.profile.buckets
            .filter((x: R) => x.share >= 3)
            .map((x: R) => `${x.bucket} ${f1(x.ms / 1000)} s (${x.share}%)`)
            .join('; '),
        ]),
      ),
      '',
    );
    for (const p of b.phases.slice(0, 2))
      out.push(
        `Top functions, ${p.label}:`,
        '',
        ...p.profile.topFunctions.map((x: R) => `- ${f1(x.ms / 1000)} s ${x.fn}`),
        '',
      );
    if (b.phases.length >= 5) {
      const [shipped, inFull, noCharts, noStyles, bare] = b.phases;
      const styles = noCharts.seconds - noStyles.seconds;
      out.push(
        `Reading: as shipped writeWorkbook takes ${f2(shipped.seconds)} s; writing every formula in full takes`,
        `${f2(inFull.seconds)} s. Leaving out the ${ours?.charts ?? ''} charts: ${f2(noCharts.seconds)} s (charts cost about`,
        `${f2(shipped.seconds - noCharts.seconds)} s); leaving out styles as well: ${f2(noStyles.seconds)} s`,
        styles >= 0.3
          ? `(styles cost about ${f2(styles)} s);`
          : '(styles cost nothing measurable: without them ExcelJS renders a default style for every cell, while ours are interned);',
        `validation, conditional formats and tables too: ${f2(bare.seconds)} s. Differences under about 0.3 s are`,
        'within the run-to-run noise. How the export got from 7x to this: bench/xlsx-speedup.md.',
        '',
      );
    }
  }

  const d = res['import-domain'];
  const pl = res['import-plans'];
  if (d || pl) {
    out.push('## 3. Importing and summarising 10,000 sessions (CSV text generation excluded)', '');
    const rows: (string | number)[][] = [];
    if (d)
      rows.push([
        `parseSessionsCsv (${d.sessions} sessions, ${kb(d.csvBytes)} KB, ${d.problems} problems) + summarize (agency and ${d.workerSummaries} workers; ${d.persons} persons)`,
        f2(d.seconds),
        f1(d.peakRssMB),
        f1(d.rssBeforeMB),
        f1(d.heapAfterGcMB - d.heapBeforeMB),
      ]);
    if (pl)
      rows.push([
        `outcomesSheets plans (${pl.sheets.join(', ')}; ${pl.cells} cells, ${pl.formulas} formulas)`,
        f2(pl.seconds),
        f1(pl.peakRssMB),
        f1(pl.rssBeforeMB),
        f1(pl.heapAfterGcMB - pl.heapBeforeMB),
      ]);
    out.push(
      table(['step', 'seconds', 'peak RSS MB', 'RSS before MB', 'heap retained MB (after GC)'], rows),
      '',
    );
  }

  const rf = res['read-fake'];
  const rx = res['read-xlsx'];
  if (rf || rx) {
    out.push('## 4. Reading 200 filled rating sheets back', '');
    const rows: (string | number)[][] = [];
    if (rf)
      rows.push([
        `fake Office.js host: readWorkbook + ratingsFromSheet (${rf.ratingSheets} sheets, ${rf.ratings} ratings)`,
        rf.syncs,
        kb(rf.requestBytes),
        f2(rf.simulatedMs / 1000),
        f2(rf.wallMs / 1000),
        f2((rf.simulatedMs + rf.wallMs) / 1000),
        f1(rf.peakRssMB),
      ]);
    if (rx)
      rows.push([
        `.xlsx of step 2 (${mb(rx.fileBytes)} MB, ${rx.sheetsRead} sheets): loadXlsx ${f2(rx.loadMs / 1000)} s + workbookGrids ${f2(rx.gridsMs / 1000)} s + findRatingSheet/ratingsFromSheet ${f2(rx.findAndParseMs / 1000)} s (${rx.ratingSheets} sheets, ${rx.ratings} ratings)`,
        '',
        '',
        '',
        f2(rx.seconds),
        f2(rx.seconds),
        f1(rx.peakRssMB),
      ]);
    out.push(
      table(['read', 'syncs', 'request KB', 'simulated s', 'wall s', 'sim + wall s', 'peak RSS MB'], rows),
      '',
    );
  }

  const hostile = [
    ['guarded: directory declares it', res['hostile-honest']],
    ['guarded: directory declares 20 KB (a lying bomb)', res['hostile-lying']],
    ['before the guard: ExcelJS alone, declared honestly', res['hostile-unguarded']],
  ].filter(([, r]) => r) as [string, R][];
  if (hostile.length) {
    out.push(
      `## 5. A zip-bomb returned form (${mb(hostile[0][1].fileBytes)} MB file, sheet inflating to ${hostile[0][1].inflatesTo})`,
      '',
      table(
        ['reader', 'outcome', 'wall s', 'RSS before MB', 'peak RSS MB'],
        hostile.map(([label, r]) => [
          label,
          r.outcome ?? (r.refused ? 'refused, nothing taken' : 'NOT REFUSED'),
          f2(r.seconds),
          f1(r.rssBeforeMB),
          f1(r.peakRssMB),
        ]),
      ),
      '',
      'Target: refused in seconds with peak memory under 400 MB (src/xlsx/guard.ts). RSS before is Node,',
      'ts-node and the modules; the bomb is built in the same process before the measured phase.',
      '',
    );
  }
  const ru = res.rollup;
  if (ru) {
    const sec = (x: number | null) => (typeof x === 'number' ? f1(x) : 'not run');
    out.push(
      `## 6. Agency rollup: ${ru.teams} team workbooks, ${ru.workers} workers, ${ru.sessions} sessions, ${ru.ratings} ratings`,
      '',
      table(
        ['phase', 'wall s', 'RSS before MB', 'peak RSS MB', 'file MB'],
        [
          [
            `rollup: read the ${ru.teams} team workbooks (${f2(ru.teamFilesMB)} MB)`,
            f2(ru.read.seconds),
            f1(ru.read.rssBeforeMB),
            f1(ru.read.peakRssMB),
            '',
          ],
          [
            'rollup: decide and build the agency sheets',
            f2(ru.build.seconds),
            f1(ru.build.rssBeforeMB),
            f1(ru.build.peakRssMB),
            '',
          ],
          [
            'rollup: write the agency workbook',
            f2(ru.write.seconds),
            f1(ru.write.rssBeforeMB),
            f1(ru.write.peakRssMB),
            f2(ru.agencyFileMB),
          ],
          [`**rollup: total**`, `**${f2(ru.seconds)}**`, '', f1(ru.peakRssMB), ''],
          [
            'LibreOffice headless: open, recalculate every formula, save (agency workbook)',
            sec(ru.recalcSeconds),
            '',
            '',
            '',
          ],
          ['the same for a rollup of 2 small teams (baseline)', sec(ru.recalcBaselineSeconds), '', '', ''],
        ],
      ),
      '',
      `Recalculation net of the baseline: **${sec(ru.recalcNetSeconds)} s**. The team workbooks are written as`,
      '`build` writes them before the measured phases (bench/rollup.ts), which are the steps of `rollup`',
      "(src/cli/rollup.ts). The agency log and summary are the outcome builders' own, so their recalculation",
      "follows the team log's design (README, Outcome sheets).",
      '',
    );
  }
  if (res.recalc) out.push(...recalcReport(res.recalc));
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const scenario = arg('--scenario');
  const xlsxPath = arg('--xlsx') ?? path.join(os.tmpdir(), `pps-bench-agency${quick ? '-quick' : ''}.xlsx`);
  const opts: Options = { quick, xlsxPath };
  if (scenario) {
    const fn = SCENARIOS[scenario];
    if (!fn) throw new Error(`unknown scenario ${scenario}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    const result = await fn(opts);
    process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
    return;
  }
  const only = arg('--only')?.split(',');
  const ids = ORDER.filter((id) => !only || only.includes(id));
  if (ids.includes('read-xlsx') && !ids.includes('xlsx-ours') && !fs.existsSync(xlsxPath))
    ids.splice(ids.indexOf('read-xlsx'), 0, 'xlsx-ours');
  const m = machine();
  const t0 = Date.now();
  const results: Record<string, R> = {};
  const childSeconds: Record<string, number> = {};
  const runOne = async (id: string, label = id): Promise<R> => {
    process.stderr.write(`[bench] ${label} ...`);
    const { result, seconds } = await child(id, opts);
    childSeconds[label] = Math.round(seconds * 10) / 10;
    process.stderr.write(` ${seconds.toFixed(1)} s\n`);
    return result;
  };
  for (const id of ids) {
    if (!COMPARED.includes(id)) {
      results[id] = await runOne(id);
      continue;
    }
    if (results[id]) continue;
    // The export comparison: rounds of every selected writer, interleaved so a busy moment on the machine
    // hits all of them; each writer's median run is reported, with every run's seconds beside it.
    const group = ids.filter((x) => COMPARED.includes(x));
    const runs: Record<string, R[]> = Object.fromEntries(group.map((x) => [x, []]));
    const rounds = quick ? 1 : ROUNDS;
    for (let round = 1; round <= rounds; round++)
      for (const x of group) runs[x].push(await runOne(x, `${x} #${round}`));
    for (const x of group) {
      const sorted = [...runs[x]].sort((a, b) => a.seconds - b.seconds);
      results[x] = { ...sorted[Math.floor(sorted.length / 2)], runs: runs[x].map((r) => r.seconds) };
    }
  }
  const total = (Date.now() - t0) / 1000;
  m.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const md = report(results, m, total, quick);
  process.stdout.write(`${md}\n`);
  const dir = quick || only ? os.tmpdir() : __dirname;
  fs.writeFileSync(path.join(dir, 'results.md'), `${md}\n`);
  fs.writeFileSync(
    path.join(dir, 'results.json'),
    `${JSON.stringify({ machine: m, totalSeconds: Math.round(total * 10) / 10, processSeconds: childSeconds, quick, results }, null, 2)}\n`,
  );
  process.stderr.write(`[bench] wrote ${path.join(dir, 'results.md')} and results.json\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
