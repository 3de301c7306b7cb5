/**
 * The workbook round trip: a workbook built by the CLI, typed into and re-saved by other programs (ExcelJS
 * for the typing, renaming and reordering; then LibreOffice, which rewrites every part its own way), read
 * back by `export` and brought up to date by `update`. Nothing typed is lost, and the rebuilt workbook
 * computes in LibreOffice what src/domain computes from the merged data.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCaptured } from '../support/cli';
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { total } from '../../src/domain/pcoms';
import { categorySummaries, Rating } from '../../src/domain/ratings';
import { BLANK, score } from '../../src/domain/scale';
import { COMPARISON_HEADERS } from '../../src/workbook/comparison';
import { AGENDA_SECTION_HEADERS } from '../../src/workbook/outcomesAgenda';
import { RATING_HEADERS, RATING_LAYOUT } from '../../src/workbook/rating';
import { findHeaderRow, sheetRead } from '../../src/workbook/read';
import { readTeamWorkbookXlsx, workbookGrids } from '../../src/xlsx/read';
import { readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-roundtrip-'));
const sampleFile = (f: string) => path.join(root, 'data/sample', f);
const sample = (f: string) => fs.readFileSync(sampleFile(f), 'utf8');
const scale = getScale();
const frameworks = library().frameworks;
const team = parseTeamCsv(sample('team.csv'), 'team.csv').records;
const ratings = parseRatingsCsv(sample('ratings.csv'), 'ratings.csv', { frameworks, scale }).records;
const sessions = parseSessionsCsv(sample('sessions.csv'), 'sessions.csv').records;
const at = (f: string) => path.join(tmp, f);

const cli = (args: string[]) => runCaptured(args, tmp);

/** The row of a competency (or skill, section) in the sheet's table under `headers`; 1-based for ExcelJS. */
function rowOf(ws: ExcelJS.Worksheet, headers: readonly string[], key: string, keyHeader = 'ID') {
  const grid = workbookGrids({ worksheets: [ws] } as unknown as ExcelJS.Workbook)[0].grid;
  const h = findHeaderRow(grid, headers)!;
  const col = (name: string) => h.col + headers.indexOf(name) + 1;
  for (let r = h.row + 1; r < grid.length; r++)
    if (String(grid[r]?.[h.col + headers.indexOf(keyHeader)] ?? '') === key) return { row: r + 1, col };
  throw new Error(`${key} not in ${ws.name}`);
}

const RATING = [...RATING_HEADERS];
const sheetFor = (wb: ExcelJS.Workbook, kind: string, workerId?: string, period?: string) =>
  wb.worksheets.find((ws) => {
    const s = sheetRead(ws.name, workbookGrids({ worksheets: [ws] } as unknown as ExcelJS.Workbook)[0].grid);
    return s.kind === kind && (!workerId || s.workerId === workerId) && (!period || s.period === period);
  })!;

let saved: string; // the workbook as LibreOffice saved it after the edits
beforeAll(async () => {
  const book = at('book.xlsx');
  const built = await cli([
    'build',
    '--team',
    sampleFile('team.csv'),
    '--ratings',
    sampleFile('ratings.csv'),
    '--sessions',
    sampleFile('sessions.csv'),
    '--agenda',
    'PS-101',
    '--person',
    'C2001',
    '--out',
    book,
  ]);
  expect(built.err).toBe('');
  // A WPS sheet comes with the demo; build it into this workbook through the demo's choice.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book);
  // What a supervisor types.
  const q3 = sheetFor(wb, 'rating', 'PS-102', '2026 Q3');
  const c11 = rowOf(q3, RATING, '1.1');
  q3.getCell(c11.row, c11.col('Notes')).value = 'Talked it through, señora Ruiz agreed';
  const c21 = rowOf(q3, RATING, '2.1');
  q3.getCell(c21.row, c21.col('Goal')).value = 'Lead a recovery group';
  q3.getCell(c21.row, c21.col('Action steps')).value = 'Co-lead twice with a peer';
  q3.getCell(c21.row, c21.col('Target date')).value = new Date(Date.UTC(2026, 11, 15));
  const ps106 = sheetFor(wb, 'rating', 'PS-106', '2026 Q3');
  const c54 = rowOf(ps106, RATING, '5.4');
  ps106.getCell(c54.row, c54.col('Supervisor')).value = 4;
  const cmp = sheetFor(wb, 'comparison', 'PS-101', '2026 Q3');
  const cmpHeaders = COMPARISON_HEADERS.slice(0, 8);
  const d12 = rowOf(cmp, cmpHeaders, '1.2');
  cmp.getCell(d12.row, d12.col('Discussion notes')).value = 'Agreed to revisit in June';
  const agenda = sheetFor(wb, 'agenda', 'PS-101');
  const sec = [...AGENDA_SECTION_HEADERS];
  const check = rowOf(agenda, sec, 'Check-in', 'Section');
  agenda.getCell(check.row, check.col('Supervisor notes')).value = 'Started on time';
  // A session typed below the log, and a sheet of the supervisor's own.
  const log = sheetFor(wb, 'log');
  const next = log.rowCount + 1;
  ['C2999', 'PS-103', new Date(Date.UTC(2026, 8, 30)), 1, 5, 5, 5, 5].forEach(
    (v, i) => (log.getCell(next, i + 1).value = v as ExcelJS.CellValue),
  );
  const own = wb.addWorksheet('My notes');
  own.getCell('A1').value = 'Reminder: ask about training budget';
  own.getCell('B2').value = { formula: '1+1' } as ExcelJS.CellFormulaValue;
  // Renamed and reordered.
  sheetFor(wb, 'team').name = 'Roster';
  q3.name = 'Marisol Q3';
  const settings = sheetFor(wb, 'settings');
  (settings as unknown as { orderNo: number }).orderNo = -1; // moved to the front
  await wb.xlsx.writeFile(at('edited.xlsx'));
  saved = await recalculate(at('edited.xlsx'), at('lo'));
}, 300_000);

describe('export: a re-saved, renamed and reordered workbook back to the CSV contracts', () => {
  let out: string;
  beforeAll(async () => {
    const r = await cli(['export', saved, '--out-dir', at('exported')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    out = r.out;
  });
  const read = (f: string) => fs.readFileSync(at(`exported/${f}`), 'utf8');

  it('LibreOffice kept the renames and the order (the test is real)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const first = wb.worksheets[0];
    expect(
      sheetRead(first.name, workbookGrids({ worksheets: [first] } as unknown as ExcelJS.Workbook)[0].grid)
        .kind,
    ).toBe('settings');
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Roster', 'Marisol Q3', 'My notes']),
    );
  });

  it('team.csv is the roster; sessions.csv is every session including the typed one', () => {
    expect(parseTeamCsv(read('team.csv'), 'team.csv').records).toEqual(team);
    const s = parseSessionsCsv(read('sessions.csv'), 'sessions.csv');
    expect(s.problems).toEqual([]);
    expect(s.records).toEqual([
      ...sessions,
      {
        personCode: 'C2999',
        workerId: 'PS-103',
        date: '2026-09-30',
        session: 1,
        ors: [5, 5, 5, 5],
        srs: [null, null, null, null],
        ageGroup: 'adult',
      },
    ]);
  });

  it('ratings.csv holds every typed rating, with the notes, goal, action steps and target date typed', () => {
    const got = parseRatingsCsv(read('ratings.csv'), 'ratings.csv', { frameworks, scale });
    expect(got.problems).toEqual([]);
    const key = (r: Rating) => `${r.workerId}|${r.period}|${r.competencyId}`;
    const byKey = new Map(got.records.map((r) => [key(r), r]));
    const typed = ratings.filter((r) => r.self.kind !== 'blank' || r.supervisor.kind !== 'blank' || r.notes);
    expect(typed.length).toBeGreaterThan(1000);
    for (const r of typed)
      expect(byKey.get(key(r))).toMatchObject({
        self: r.self,
        supervisor: key(r) === 'PS-106|2026 Q3|5.4' ? score(4) : r.supervisor,
      });
    expect(byKey.get('PS-102|2026 Q3|1.1')!.notes).toBe('Talked it through, señora Ruiz agreed');
    expect(byKey.get('PS-102|2026 Q3|2.1')).toMatchObject({
      goal: 'Lead a recovery group',
      actionSteps: 'Co-lead twice with a peer',
      targetDate: '2026-12-15',
    });
    expect(byKey.get('PS-106|2026 Q3|5.4')).toMatchObject({ self: BLANK, supervisor: score(4) });
  });

  it('says what the CSV contracts cannot hold', () => {
    expect(out).toContain('1 comparison row with discussion notes');
    expect(out).toContain('1 agenda row with notes');
    expect(out).toContain('1 sheet this program did not make ("My notes")');
  });

  it('refuses to replace CSV files already in the folder without --force', async () => {
    const r = await cli(['export', saved, '--out-dir', at('exported')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('already has team.csv, ratings.csv, sessions.csv');
  });
});

describe('update: a late form, new sessions and a new quarter into the re-saved workbook', () => {
  const book = at('upd/book.xlsx');
  let r: Awaited<ReturnType<typeof cli>>;
  let original: Buffer;
  beforeAll(async () => {
    fs.mkdirSync(at('upd'));
    fs.copyFileSync(saved, book);
    original = fs.readFileSync(book);
    fs.writeFileSync(
      at('late.csv'),
      'Worker ID;Period;Framework;Competency ID;Self;Supervisor;Notes\n' +
        'ps-106;2026 Q3;samhsa-core-2015;5.4;3;2;\n' + // Self fills a blank; Supervisor 2 conflicts with the typed 4
        'PS-101;2026 q4;samhsa-core-2015;1.1;4;;first of the new quarter\n',
    );
    fs.writeFileSync(
      at('more.csv'),
      'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n' +
        'C2999,PS-103,10/07/2026,2,6,6.5,7,7.5,9,9,9,9.5,adult\n',
    );
    r = await cli([
      'update',
      'upd/book.xlsx',
      '--ratings',
      'late.csv',
      '--sessions',
      'more.csv',
      '--period',
      '2026 Q4',
    ]);
  }, 120_000);

  it('writes the new workbook and keeps the original, byte for byte, as book.bak.xlsx', () => {
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(at('upd/book.bak.xlsx'))).toEqual(original);
    expect(fs.readFileSync(book)).not.toEqual(original);
    expect(r.out).toContain('From late.csv: 1 rating added, 1 blank cell filled, 1 conflict');
    expect(r.out).toContain('PS-106, 2026 Q3, competency 5.4, Supervisor: kept 4, late.csv says 2');
    expect(r.out).toContain('From more.csv: 1 session added, 0 already in the log, 0 conflicts');
    expect(r.out).toContain(
      'Carried over as values and formulas (not their formatting or charts): "My notes"',
    );
  });

  it('everything typed is still there, in the rebuilt sheets', async () => {
    const read = await readTeamWorkbookXlsx(fs.readFileSync(book), 'book.xlsx', library());
    expect(read.problems).toEqual([]);
    const wb = read.workbook!;
    const rating = (k: string) => wb.ratings.find((x) => `${x.workerId}|${x.period}|${x.competencyId}` === k);
    expect(rating('PS-106|2026 Q3|5.4')).toMatchObject({ self: score(3), supervisor: score(4) });
    expect(rating('PS-102|2026 Q3|1.1')!.notes).toBe('Talked it through, señora Ruiz agreed');
    expect(rating('PS-102|2026 Q3|2.1')).toMatchObject({
      goal: 'Lead a recovery group',
      targetDate: '2026-12-15',
    });
    expect(rating('PS-101|2026 Q4|1.1')).toMatchObject({ self: score(4), notes: 'first of the new quarter' });
    expect(wb.periods).toEqual(['2026 Q1', '2026 Q2', '2026 Q3', '2026 Q4']);
    expect(wb.discussionNotes).toEqual([
      { workerId: 'PS-101', period: '2026 Q3', competencyId: '1.2', text: 'Agreed to revisit in June' },
    ]);
    expect(
      wb.typed
        .find((b) => b.kind === 'agenda')!
        .rows.get('Check-in')!
        .get('Supervisor notes'),
    ).toBe('Started on time');
    expect(wb.sessions.filter((s) => s.personCode === 'C2999').map((s) => [s.session, s.date])).toEqual([
      [1, '2026-09-30'],
      [2, '2026-10-07'],
    ]);
    // the comparisons (and dashboard) of 2026 Q3 are rebuilt, with their notes; the new latest quarter gets them too
    expect(wb.sheets.filter((s) => s.kind === 'comparison').map((s) => s.period)).toEqual([
      ...team.map(() => '2026 Q3'),
      ...team.map(() => '2026 Q4'),
    ]);
    expect(wb.sheets.filter((s) => s.kind === 'dashboard').map((s) => s.period)).toEqual([
      '2026 Q4',
      '2026 Q3',
    ]);
    const own = read.wb!.getWorksheet('My notes')!;
    expect(own.getCell('A1').value).toBe('Reminder: ask about training budget');
    expect(own.getCell('B2').formula).toBe('1+1');
  });

  it('LibreOffice computes the merged ratings and sessions as src/domain does', async () => {
    const computed = await readComputed(await recalculate(book, at('upd-lo')));
    const read = (await readTeamWorkbookXlsx(fs.readFileSync(book), 'book.xlsx', library())).workbook!;
    const sheet = read.sheets.find(
      (s) => s.kind === 'rating' && s.workerId === 'PS-106' && s.period === '2026 Q3',
    )!;
    const values = computed.get(sheet.name)!;
    const fw = getFramework('samhsa-core-2015');
    const mine = read.ratings.filter((x) => x.workerId === 'PS-106' && x.period === '2026 Q3');
    const cats = categorySummaries(fw, mine);
    // The category block below the table: Self mean, Supervisor mean per category (M-O).
    const first = RATING_LAYOUT.blockHeaderRow(flattenCompetencies(fw).length) + 2; // 1-based
    cats.forEach((c, i) => {
      const row = first + i;
      for (const [col, want] of [
        ['N', c.selfMean],
        ['O', c.supervisorMean],
      ] as const)
        if (want === null) expect([c.categoryId, values.get(`${col}${row}`)]).toEqual([c.categoryId, '']);
        else expect(values.get(`${col}${row}`) as number).toBeCloseTo(want, 9);
    });
    // The new session's ORS total in the log.
    const logName = read.sheets.find((s) => s.kind === 'log')!.name;
    const log = computed.get(logName)!;
    const rows = [...log]
      .filter(([ref, v]) => v === 'C2999' && /^A\d+$/.test(ref)) // column A, not the person index beside the table
      .map(([ref]) => ref.slice(1));
    expect(rows).toHaveLength(2);
    const orsTotalCol = 'I';
    const want = total([6, 6.5, 7, 7.5]);
    expect(rows.map((r) => log.get(`${orsTotalCol}${r}`))).toEqual([20, want]);
  }, 300_000);
});
