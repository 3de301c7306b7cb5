/**
 * Writes the layout fixture of the current layout: tests/fixtures/layouts/VERSION/demo-3-workers.xlsx,
 * VERSION being src/workbook/layout.ts LAYOUT_VERSION. Run at release time, when the release changed the
 * layout (tests/workbook/layout.test.ts fails until the fixture of the current layout exists):
 *
 *   npx ts-node --transpile-only scripts/make-layout-fixture.ts [--force]
 *
 * The workbook is what `peer-performance demo` writes, from data/sample/ reduced to the workers PS-101,
 * PS-102 and PS-103 (their rows of team.csv, ratings.csv and sessions.csv), so it is small but holds
 * every kind of generated sheet: Team, a dashboard, comparisons, trends, rating sheets, a Work Process
 * Schedule, the outcomes log and summary, a person view, an agenda, Settings. Every release keeps its
 * fixture; tests/integration/layouts.test.ts upgrades each to the current layout. --force replaces the
 * current layout's fixture (while the layout is not released yet).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { demoPlan, SAMPLE_DIR } from '../src/cli/build';
import { findings } from '../src/cli/io';
import { writeCsv } from '../src/domain/csv';
import { LAYOUT_VERSION } from '../src/workbook/layout';
import { writeWorkbook } from '../src/xlsx/write';

export const FIXTURE_WORKERS = ['PS-101', 'PS-102', 'PS-103'];
export const FIXTURE_FILE = 'demo-3-workers.xlsx';
export const FIXTURES_DIR = path.join(__dirname, '../tests/fixtures/layouts');

/** data/sample's three CSV files with only the rows of `workers` (their worker_id column), in `dir`. */
export function reducedSample(dir: string, workers = FIXTURE_WORKERS): void {
  for (const f of ['team.csv', 'ratings.csv', 'sessions.csv']) {
    const [header, ...rows] = parse(fs.readFileSync(path.join(SAMPLE_DIR, f), 'utf8')) as string[][];
    const col = header.indexOf('worker_id');
    const kept = rows.filter((r) => workers.includes(r[col]));
    fs.writeFileSync(path.join(dir, f), writeCsv(header, kept, { bom: false }));
  }
}

async function main(): Promise<number> {
  const target = path.join(FIXTURES_DIR, LAYOUT_VERSION, FIXTURE_FILE);
  if (fs.existsSync(target) && !process.argv.includes('--force')) {
    console.error(`${target} exists: a released layout's fixture is never rewritten (--force replaces it)`);
    return 1;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-layout-fixture-'));
  reducedSample(dir);
  const io = { out: console.log, err: console.error, cwd: process.cwd() };
  const found = findings();
  const demo = demoPlan(dir, io, found);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!demo) {
    found.problems.forEach((p) => console.error(p));
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, await writeWorkbook(demo.plan));
  console.log(`Wrote ${path.relative(process.cwd(), target)} (layout ${LAYOUT_VERSION})`);
  return 0;
}

if (require.main === module) main().then((code) => (process.exitCode = code));
