/**
 * Hostile files through the commands that read them: collect (returned forms), export and update (team
 * workbooks). Each is refused with a message naming the file and the reason, exit code 1, and nothing is
 * written: no ratings.csv, no CSVs in --out-dir, the workbook and its folder unchanged (no backup).
 * The files are built here from genuine ones (tests/support/zipcraft.ts); memory: npm run bench.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCommand } from '../../src/cli/build';
import { exportCommand } from '../../src/cli/export';
import { collectCommand, formsCommand } from '../../src/cli/forms';
import { CliIO } from '../../src/cli/io';
import { updateCommand } from '../../src/cli/update';
import { bombPart, craftZip, part, partsOf } from '../support/zipcraft';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-hostile-'));
const sample = (f: string) => path.join(root, 'data/sample', f);
const MB = 1024 * 1024;

async function run(cmd: (args: string[], io: CliIO) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: tmp });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A folder's files with their bytes, to show a command changed nothing. */
const snapshot = (dir: string) =>
  Object.fromEntries(
    fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
  );

async function swapPart(file: string, name: string, make: () => ReturnType<typeof bombPart>, out: string) {
  const parts = await partsOf(fs.readFileSync(file));
  const i = parts.findIndex((p) => p.name === name);
  parts[i] = await make();
  fs.writeFileSync(out, craftZip(parts));
  return out;
}

let form: string;
let book: string;
beforeAll(async () => {
  const forms = path.join(tmp, 'forms');
  const f = await run(formsCommand, [
    '--team',
    sample('team.csv'),
    '--period',
    '2026 Q4',
    '--worker',
    'PS-101',
    '--out-dir',
    forms,
  ]);
  expect(f.code).toBe(0);
  form = path.join(forms, fs.readdirSync(forms)[0]);
  book = path.join(tmp, 'book.xlsx');
  const b = await run(buildCommand, [
    '--team',
    sample('team.csv'),
    '--ratings',
    sample('ratings.csv'),
    '--sessions',
    sample('sessions.csv'),
    '--out',
    book,
  ]);
  expect(b.code).toBe(0);
});

describe('collect', () => {
  test('a zip-bomb form: refused by name, exit 1, no ratings.csv', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'collect-'));
    const bomb = await swapPart(
      form,
      'xl/worksheets/sheet1.xml',
      () => bombPart('xl/worksheets/sheet1.xml', 400 * MB),
      path.join(dir, 'returned.xlsx'),
    );
    const out = path.join(dir, 'ratings.csv');
    const r = await run(collectCommand, [bomb, '--team', sample('team.csv'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bomb}: rejected, nothing taken from it:`);
    expect(r.err).toContain('would inflate to 400 MB, more than a returned form ever holds (16 MB at most)');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a form with macros and an external link: refused naming both, exit 1', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'collect-'));
    const parts = await partsOf(fs.readFileSync(form));
    parts.push(part('xl/vbaProject.bin', 'x'), part('xl/externalLinks/externalLink1.xml', '<externalLink/>'));
    const file = path.join(dir, 'returned.xlsm.xlsx');
    fs.writeFileSync(file, craftZip(parts));
    const out = path.join(dir, 'ratings.csv');
    const r = await run(collectCommand, [file, '--team', sample('team.csv'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'it holds macros (VBA), links to other workbooks (external links), which a returned form never has',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('export and update of a team workbook that lies about its size', () => {
  let bomb: string;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(tmp, 'book-'));
    bomb = await swapPart(
      book,
      'xl/worksheets/sheet1.xml',
      () => bombPart('xl/worksheets/sheet1.xml', 400 * MB, { declaredBytes: 50_000 }),
      path.join(dir, 'team.xlsx'),
    );
  });

  test('export: refused, exit 1, no CSV written', async () => {
    const out = path.join(dir, 'csv');
    const r = await run(exportCommand, [bomb, '--out-dir', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/inflates past the 49 KB its directory declares/);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  test('update: refused, exit 1, the workbook and its folder unchanged', async () => {
    const before = snapshot(dir);
    const r = await run(updateCommand, [bomb, '--sessions', sample('sessions.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/team\.xlsx.*refused: its part "xl\/worksheets\/sheet1.xml" inflates past/);
    expect(snapshot(dir)).toEqual(before);
  });
});
