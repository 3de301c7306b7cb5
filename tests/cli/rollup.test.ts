/**
 * peer-performance rollup as a person meets it: help, usage errors, --out and --force, files that are not
 * team workbooks (named and skipped, exit 1 when nothing is usable), a zip bomb, the same team given twice,
 * a worker on two teams (refused, naming both files, nothing written), --period, and --deidentify (no name,
 * worker id, supervisor or file name anywhere in the package). Figures: tests/integration/rollup.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { runCaptured } from '../support/cli';
import { ROLLUP_HELP } from '../../src/cli/rollup';
import { AGENCY_SHEETS } from '../../src/workbook/agencySheets';
import { bombPart, craftZip, partsOf } from '../support/zipcraft';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-rollup-cli-'));
const sample = (f: string) => path.join(root, 'data/sample', f);
const at = (f: string) => path.join(tmp, f);

const cli = (...args: string[]) => runCaptured(args, tmp);

const TEAM_HEAD = 'worker_id,name,role,supervisor,start_date\n';

/** A team workbook from the sample ratings and sessions and the given roster. */
async function team(name: string, roster: string, withSamples = true): Promise<string> {
  fs.writeFileSync(at(`${name}.csv`), TEAM_HEAD + roster);
  const args = ['build', '--team', `${name}.csv`, '--out', `${name}.xlsx`, '--force'];
  if (withSamples) args.push('--ratings', sample('ratings.csv'), '--sessions', sample('sessions.csv'));
  else args.push('--period', '2026 Q1');
  const r = await cli(...args);
  expect(r.err).toBe('');
  return `${name}.xlsx`;
}

let sampleBook: string;
let other: string;
beforeAll(async () => {
  sampleBook = 'sample.xlsx';
  expect((await cli('demo', '--out', sampleBook)).code).toBe(0);
  other = await team('other', 'X-1,Quinn Marlowe,Recovery Coach,Harriet Vane,2025-01-01\n', false);
}, 120_000);

describe('help and usage', () => {
  it('help rollup, and the main help lists it', async () => {
    expect((await cli('help', 'rollup')).out).toBe(ROLLUP_HELP);
    expect((await cli('--help')).out).toContain('peer-performance rollup TEAM.xlsx... --out AGENCY.xlsx');
  });

  it.each([
    [['rollup', '--out', 'a.xlsx'], 'rollup needs team workbooks'],
    [['rollup', 'sample.xlsx'], 'rollup needs --out AGENCY.xlsx'],
    [['rollup', 'sample.xlsx', '--out', 'a.csv'], '--out must name an .xlsx file, got "a.csv"'],
    [
      ['rollup', 'sample.xlsx', '--out', './sample.xlsx'],
      '--out names one of the team workbooks (sample.xlsx)',
    ],
  ])('%j is a usage error', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(r.err).toContain('See peer-performance rollup --help');
  });

  it('does not replace --out without --force', async () => {
    fs.writeFileSync(at('taken.xlsx'), 'mine');
    const r = await cli('rollup', sampleBook, '--out', 'taken.xlsx');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Nothing was written: taken\.xlsx already exists\. Add --force/);
    expect(fs.readFileSync(at('taken.xlsx'), 'utf8')).toBe('mine');
    expect((await cli('rollup', sampleBook, '--out', 'taken.xlsx', '--force')).code).toBe(0);
  });
});

describe('files that are not team workbooks', () => {
  it('names each with its reason; nothing usable: exit 1 and nothing written', async () => {
    fs.writeFileSync(at('notes.csv'), 'a,b\n1,2\n');
    fs.writeFileSync(at('empty.xlsx'), '');
    const agency = await cli('rollup', sampleBook, '--out', 'agency-in.xlsx');
    expect(agency.code).toBe(0);
    const r = await cli(
      'rollup',
      'notes.csv',
      'missing.xlsx',
      'empty.xlsx',
      'agency-in.xlsx',
      '--out',
      'none.xlsx',
    );
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written: none of the files is a team workbook that can be used.',
      '  notes.csv: not used. is a text file (CSV?), not an .xlsx workbook: to make a workbook from CSV files use peer-performance build',
      '  missing.xlsx: not used. file not found',
      '  empty.xlsx: not used. is empty (0 bytes), not an .xlsx workbook',
      `  agency-in.xlsx: not used. is an agency rollup (it has the "${AGENCY_SHEETS.workers}" sheets), not a team workbook: give the team workbooks it was made from`,
    ]);
    expect(fs.existsSync(at('none.xlsx'))).toBe(false);
  });

  it('a zip bomb is refused by the package guard and left out; the others are rolled up', async () => {
    const parts = await partsOf(fs.readFileSync(at(other)));
    const i = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
    parts[i] = await bombPart(parts[i].name, 400 * 1024 * 1024, { declaredBytes: 20_000 });
    fs.writeFileSync(at('bomb.xlsx'), craftZip(parts));
    const r = await cli('rollup', 'bomb.xlsx', sampleBook, '--out', 'with-bomb.xlsx');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Left out: bomb\.xlsx: not used\. refused: .*xl\/worksheets\/sheet1\.xml/m);
    expect(r.out).toMatch(/^Wrote with-bomb\.xlsx: 1 team, 6 workers/m);
  });
});

describe('duplicates', () => {
  it('the same team re-saved (other bytes, same data) is counted once and said', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at(sampleBook));
    await wb.xlsx.writeFile(at('sample-resaved.xlsx'));
    expect(fs.readFileSync(at('sample-resaved.xlsx')).equals(fs.readFileSync(at(sampleBook)))).toBe(false);
    const r = await cli('rollup', sampleBook, 'sample-resaved.xlsx', other, '--out', 'twice.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Wrote twice\.xlsx: 2 teams, 7 workers/m);
    expect(r.out).toContain(
      'Counted once: sample-resaved.xlsx: counted once, it holds the same team, ratings and sessions as sample.xlsx',
    );
  });

  it('a worker id on two teams with different names: refused, both files named, nothing written', async () => {
    const clash = await team(
      'clash',
      'PS-101,Avery Lindqvist-Moore,Recovery Coach,Harriet Vane,2025-01-01\n',
      false,
    );
    const r = await cli('rollup', sampleBook, clash, '--out', 'clash-agency.xlsx');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 1 problem to fix:',
      '  clash.xlsx: worker PS-101 is "Avery Lindqvist-Moore" here but "Avery Lindqvist" in sample.xlsx; one worker id names one person: correct the id or the name in one of the two files',
    ]);
    expect(fs.existsSync(at('clash-agency.xlsx'))).toBe(false);
  });
});

describe('--period and --deidentify', () => {
  it('a period no team rated is refused', async () => {
    const r = await cli('rollup', sampleBook, '--out', 'p.xlsx', '--period', '2030 Q1');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '--period: no team has ratings for "2030 Q1" (periods rated: 2026 Q1, 2026 Q2, 2026 Q3)',
    );
  });

  it('--deidentify: W01... and Team 01...; no name, id, supervisor or file name in any part of the file', async () => {
    const r = await cli(
      'rollup',
      sampleBook,
      other,
      '--out',
      'shared.xlsx',
      '--deidentify',
      '--period',
      '2026 Q1',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('  Team 01: sample.xlsx (6 workers, 278 sessions)');
    expect(r.out).toContain('  Team 02: other.xlsx (1 worker, 0 sessions)');
    expect(r.out).toContain('Which team is which file is printed here only');
    const zip = await JSZip.loadAsync(fs.readFileSync(at('shared.xlsx')));
    const text = (
      await Promise.all(
        Object.values(zip.files)
          .filter((f) => !f.dir)
          .map((f) => f.async('string')),
      )
    ).join('\n');
    const rows = (f: string) => fs.readFileSync(f, 'utf8').split('\n').slice(1).filter(Boolean);
    const forbidden = [...rows(sample('team.csv')), ...rows(at('other.csv'))]
      .flatMap((l) =>
        l
          .split(',')
          .slice(0, 4)
          .filter((_, i) => i !== 2),
      )
      .concat(['sample.xlsx', 'other.xlsx', 'Jordan Okafor']);
    for (const f of [...new Set(forbidden)]) expect([f, text.includes(f)]).toEqual([f, false]);
    expect(text).toContain('W07');
    expect(text).toContain('Team 02');
  });
});
