/**
 * CSV files as Excel saves them in a comma-decimal, day-first locale (Windows-1252, `;` separated, the
 * workbook's own headers, dd/mm/yyyy dates, CRLF line ends, worker ids and periods in other spellings)
 * build the same workbook as the clean contract files: LibreOffice recalculates both and every computed
 * number of every sheet is equal. A date read the wrong way round would move sessions between quarters
 * and change intake and latest scores, so the comparison would fail.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../src/cli/main';
import { readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-csv-excel-'));
const sample = (f: string) => path.join(root, 'data/sample', f);

/** A contract CSV as Excel would save it: workbook headers, `;`, dd/mm/yyyy, CRLF, Windows-1252. */
function asExcelSaves(
  file: string,
  headers: Record<string, string>,
  dates: string[],
  edit = (r: Record<string, string>) => r,
) {
  const rows = parse(fs.readFileSync(sample(file), 'utf8'), { columns: true }) as Record<string, string>[];
  const cols = Object.keys(rows[0]);
  const dmy = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
  const field = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [
    cols.map((c) => headers[c] ?? c).join(';'),
    ...rows.map(edit).map((r) => cols.map((c) => field(dates.includes(c) ? dmy(r[c]) : r[c])).join(';')),
  ];
  const text = `${lines.join('\r\n')}\r\n`;
  // Windows-1252: the characters used here are all in Latin-1's range
  return new Uint8Array([...text].map((ch) => ch.charCodeAt(0)));
}

const outputs: { out: string; err: string }[] = [];
async function build(dir: string, files: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [
      'build',
      '--team',
      files[0],
      '--ratings',
      files[1],
      '--sessions',
      files[2],
      '--person',
      'all',
      '--agenda',
      'PS-101:2026-06-30',
      '--out',
      path.join(dir, 'book.xlsx'),
    ],
    { out: (l) => out.push(l), err: (l) => err.push(l), cwd: tmp },
  );
  outputs.push({ out: out.join('\n'), err: err.join('\n') });
  expect([code, err.join('\n')]).toEqual([0, '']);
  return readComputed(await recalculate(path.join(dir, 'book.xlsx'), path.join(dir, 'lo')));
}

let clean: Awaited<ReturnType<typeof build>>;
let excel: Awaited<ReturnType<typeof build>>;
beforeAll(async () => {
  fs.mkdirSync(path.join(tmp, 'excel'));
  fs.mkdirSync(path.join(tmp, 'clean'));
  const team = asExcelSaves(
    'team.csv',
    {
      worker_id: 'Worker ID',
      name: 'Name',
      role: 'Role',
      supervisor: 'Supervisor',
      start_date: 'Start date',
    },
    ['start_date'],
  );
  const ratings = asExcelSaves(
    'ratings.csv',
    {
      worker_id: 'Worker ID',
      period: 'Period',
      framework: 'Framework',
      competency_id: 'ID',
      self: 'Self',
      supervisor: 'Supervisor',
      notes: 'Notes',
    },
    [],
    (r) => ({
      ...r,
      worker_id: r.worker_id.toLowerCase(),
      period: r.period.toUpperCase().replace(' ', '  '),
    }),
  );
  const sessions = asExcelSaves(
    'sessions.csv',
    {
      person_code: 'Person code',
      worker_id: 'Worker ID',
      date: 'Date',
      session: 'Session',
      ors_individually: 'ORS Individually',
      ors_interpersonally: 'ORS Interpersonally',
      ors_socially: 'ORS Socially',
      ors_overall: 'ORS Overall',
      srs_relationship: 'SRS Relationship',
      srs_goals: 'SRS Goals and Topics',
      srs_approach: 'SRS Approach or Method',
      srs_overall: 'SRS Overall',
      age_group: 'Age group',
    },
    ['date'],
  );
  fs.writeFileSync(path.join(tmp, 'excel/team.csv'), team);
  fs.writeFileSync(path.join(tmp, 'excel/ratings.csv'), ratings);
  fs.writeFileSync(path.join(tmp, 'excel/sessions.csv'), sessions);
  clean = await build(path.join(tmp, 'clean'), [
    sample('team.csv'),
    sample('ratings.csv'),
    sample('sessions.csv'),
  ]);
  excel = await build(path.join(tmp, 'excel'), ['excel/team.csv', 'excel/ratings.csv', 'excel/sessions.csv']);
}, 400_000);

it('the Excel-saved files are really different bytes (the test is real)', () => {
  const a = fs.readFileSync(sample('sessions.csv'), 'utf8');
  const b = fs.readFileSync(path.join(tmp, 'excel/sessions.csv'), 'latin1');
  expect(b).toContain('Person code;Worker ID;Date;');
  expect(b).toContain('C2001;PS-101;13/01/2026;1;');
  expect(a).not.toEqual(b);
  expect(outputs[1].out).toContain(
    'Note: excel/sessions.csv: dates read day-first (dd/mm/yyyy), as row 2 "13/01/2026" shows',
  );
});

it('every computed number of every sheet is the same as from the clean files', () => {
  expect([...excel.keys()]).toEqual([...clean.keys()]);
  let numbers = 0;
  for (const [sheet, cells] of clean) {
    const other = excel.get(sheet)!;
    for (const [ref, v] of cells) {
      if (typeof v !== 'number') continue;
      expect([sheet, ref, other.get(ref)]).toEqual([sheet, ref, v]);
      numbers++;
    }
  }
  expect(numbers).toBeGreaterThan(10_000);
});
