/**
 * The .xlsx renderer checked by a real spreadsheet engine: LibreOffice recalculates every formula we
 * write, and the results must equal what src/domain computes from the same data.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { parseRatingsCsv } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { categorySummaries, gap, overallMeans, Rating } from '../../src/domain/ratings';
import { findRatingSheet, ratingsFromSheet } from '../../src/workbook/read';
import { RATING_LAYOUT } from '../../src/workbook/rating';
import { WPS_LAYOUT } from '../../src/workbook/wps';
import { loadXlsx, workbookGrids } from '../../src/xlsx/read';
import {
  convertToPdf,
  countInk,
  pdfToPngs,
  readComputed,
  recalculate,
  ComputedWorkbook,
} from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-int-'));
const quiet = { out: () => undefined, err: (l: string) => console.error(l), cwd: root };
const samhsa = getFramework('samhsa-core-2015');
const scale = getScale();

function sampleRatings(dir: string, file = 'ratings.csv'): Rating[] {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const parsed = parseRatingsCsv(text, file, { frameworks: library().frameworks, scale });
  expect(parsed.problems).toEqual([]);
  return parsed.records;
}

/** Compares every gap and every category mean of every rating sheet with the domain's figures. */
function checkRatingSheets(computed: ComputedWorkbook, ratings: Rating[], sheetNames: string[]): number {
  let checked = 0;
  const L = RATING_LAYOUT;
  for (const name of sheetNames) {
    const cells = computed.get(name)!;
    const workerId = cells.get('B3') as string;
    const period = cells.get('B6') as string;
    const mine = ratings.filter((r) => r.workerId === workerId && r.period === period);
    const byId = new Map(mine.map((r) => [r.competencyId, r]));
    // gaps, row by row: the formula stays blank when a side is blank or N/A
    for (let row = L.firstDataRow + 1; cells.get(`B${row}`) !== undefined; row++) {
      const r = byId.get(String(cells.get(`B${row}`)));
      const expected = r ? gap(r) : null;
      expect([name, row, cells.get(`F${row}`)]).toEqual([name, row, expected === null ? '' : expected]);
      checked++;
    }
    // category block below the table: Self mean, Supervisor mean, paired gap, counts; then all competencies
    const sums = categorySummaries(samhsa, mine);
    const blockFirst = L.blockHeaderRow(flattenCompetencies(samhsa).length) + 2; // 1-based
    sums.forEach((s, i) => {
      const row = blockFirst + i;
      const got = ['N', 'O', 'P', 'Q', 'R'].map((c) => cells.get(`${c}${row}`));
      const want = [s.selfMean, s.supervisorMean, s.gap, s.selfCount, s.supervisorCount];
      got.forEach((g, j) => {
        if (want[j] === null) expect([name, row, j, g]).toEqual([name, row, j, '']);
        else expect(g as number).toBeCloseTo(want[j] as number, 10);
      });
      checked += 5;
    });
    const all = overallMeans(mine);
    const allRow = blockFirst + sums.length;
    expect(cells.get(`M${allRow}`)).toBe('All competencies');
    if (all.self === null) expect(cells.get(`N${allRow}`)).toBe('');
    else expect(cells.get(`N${allRow}`) as number).toBeCloseTo(all.self, 10);
    if (all.supervisor !== null) expect(cells.get(`O${allRow}`) as number).toBeCloseTo(all.supervisor, 10);
  }
  return checked;
}

describe('demo workbook in LibreOffice', () => {
  let computed: ComputedWorkbook;
  let demo: string;
  beforeAll(async () => {
    demo = path.join(tmp, 'demo.xlsx');
    expect(await runCli(['demo', '--out', demo], quiet)).toBe(0);
    computed = await readComputed(await recalculate(demo, path.join(tmp, 'recalc')));
  });

  it('every gap and every category mean per rater equals src/domain', () => {
    const ratings = sampleRatings(path.join(root, 'data/sample'));
    const ratingSheets = [...computed.keys()].filter((n) => /^PS-\d+ 2026 Q\d$/.test(n));
    expect(ratingSheets).toHaveLength(18);
    const checked = checkRatingSheets(computed, ratings, ratingSheets);
    // 18 sheets x (62 gaps + 12 categories x 5 figures)
    expect(checked).toBe(18 * (62 + 60));
  });

  it('the Work Process Schedule totals compute (108 skills, none demonstrated yet)', () => {
    const w = computed.get('PS-103 WPS')!;
    expect([w.get('F3'), w.get('F4'), w.get('F5'), w.get('F6')]).toEqual([0, 108, 0, 0]);
  });

  it('settings and defined names resolve', () => {
    expect(computed.get('Settings')!.get('B6')).toBe(2);
  });
});

describe('WPS totals after a supervisor fills in skills', () => {
  it('counts demonstrated skills and hours per group and overall, as recalculated by LibreOffice', async () => {
    const file = path.join(tmp, 'wps.xlsx');
    expect(
      await runCli(
        ['build', '--team', 'tests/fixtures/team.csv', '--framework', 'peer-supervisor-wps', '--out', file],
        quiet,
      ),
    ).toBe(0);
    const wb = await loadXlsx(fs.readFileSync(file), file);
    const ws = wb.getWorksheet('W-1 WPS')!;
    const first = WPS_LAYOUT.firstDataRow + 1;
    // group 1 has 3 skills (rows first..first+2): demonstrate two, 4.5 + 2 hours; one skill of group 2 in progress
    ws.getCell(`D${first}`).value = 'Demonstrated';
    ws.getCell(`F${first}`).value = 4.5;
    ws.getCell(`D${first + 1}`).value = 'Demonstrated';
    ws.getCell(`F${first + 1}`).value = 2;
    ws.getCell(`D${first + 3}`).value = 'In progress';
    ws.getCell(`F${first + 3}`).value = 1;
    const edited = path.join(tmp, 'wps-edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const c = (await readComputed(await recalculate(edited, path.join(tmp, 'recalc-wps')))).get('W-1 WPS')!;
    expect([c.get('F3'), c.get('F4'), c.get('F6')]).toEqual([2, 108, 7.5]);
    expect(c.get('F5') as number).toBeCloseTo(2 / 108, 12);
    // group block: group 1 -> 3 skills, 2 demonstrated, 0 in progress, 6.5 h; group 2 -> 5, 0, 1, 1 h
    const g = WPS_LAYOUT.groupHeaderRow(108) + 2;
    expect(['J', 'K', 'L', 'M', 'N'].map((col) => c.get(`${col}${g}`))).toEqual([
      'Understands Peer Role',
      3,
      2,
      0,
      6.5,
    ]);
    expect(['K', 'L', 'M', 'N'].map((col) => c.get(`${col}${g + 1}`))).toEqual([5, 0, 1, 1]);
  });
});

describe('build from CSV files', () => {
  const out = path.join(tmp, 'build.xlsx');
  beforeAll(async () => {
    const code = await runCli(
      [
        'build',
        '--team',
        'tests/fixtures/team.csv',
        '--ratings',
        'tests/fixtures/ratings.csv',
        '--period',
        '2026 Q3',
        '--out',
        out,
      ],
      quiet,
    );
    expect(code).toBe(0);
  });

  it('writes one sheet per worker per period, including an empty period', async () => {
    const wb = await loadXlsx(fs.readFileSync(out), out);
    // periods ordered by meaning: Q1, Q2, then the asked-for Q3 (the latest, with comparisons)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Team',
      'Dashboard 2026 Q3',
      'Compare W-1 2026 Q3',
      'Compare W-2 2026 Q3',
      'Trend W-1',
      'Trend W-2',
      'W-1 2026 Q1',
      'W-2 2026 Q1',
      'W-1 2026 Q2',
      'W-2 2026 Q2',
      'W-1 2026 Q3',
      'W-2 2026 Q3',
      'Settings',
    ]);
  });

  it('edge cases compute as the domain says: all-N/A category blank, not zero', async () => {
    const ratings = sampleRatings(path.join(root, 'tests/fixtures'));
    const computed = await readComputed(await recalculate(out, path.join(tmp, 'recalc-build')));
    checkRatingSheets(computed, ratings, ['W-1 2026 Q1', 'W-2 2026 Q1', 'W-2 2026 Q2', 'W-1 2026 Q3']);
    const s = computed.get('W-1 2026 Q1')!;
    // category 1 (block rows from 78): self 5,4,3 -> 4; supervisor 3,4,2,5 -> 3.5; the gap is paired, over
    // 1.1 (5,3) and 1.2 (4,4), the only competencies both rated: (-2 + 0) / 2 = -1, not 3.5 - 4 = -0.5.
    // Category 2: nothing numeric -> blank.
    expect([s.get('N78'), s.get('O78'), s.get('P78'), s.get('Q78'), s.get('R78')]).toEqual([
      4, 3.5, -1, 3, 4,
    ]);
    expect([s.get('N79'), s.get('O79'), s.get('P79'), s.get('Q79')]).toEqual(['', '', '', 0]);
    expect(s.get('F13')).toBe(-2);
    expect(s.get('F15')).toBe('');
  });

  it('round trip: ratings read back by the reader equal the CSV, blanks and N/A included', async () => {
    const wb = await loadXlsx(fs.readFileSync(out), out);
    const read: Rating[] = [];
    for (const { name, grid } of workbookGrids(wb)) {
      const found = findRatingSheet(name, grid);
      if (!found) continue;
      const r = ratingsFromSheet(found, library().frameworks, scale);
      expect(r.problems).toEqual([]);
      read.push(...r.ratings);
    }
    const csv = sampleRatings(path.join(root, 'tests/fixtures'));
    const key = (r: Rating) => `${r.workerId}|${r.period}|${r.competencyId}`;
    const readBy = new Map(read.map((r) => [key(r), r]));
    for (const r of csv) expect(readBy.get(key(r))).toEqual(r);
    // every other competency reads back blank on both sides
    const others = read.filter((r) => !csv.some((c) => key(c) === key(r)));
    expect(others.length).toBe(read.length - csv.length);
    expect(
      others.every((r) => r.self.kind === 'blank' && r.supervisor.kind === 'blank' && r.notes === ''),
    ).toBe(true);
    expect(read).toHaveLength(2 * 3 * 62); // two workers x three periods, 62 competencies each
  });
});

describe('charts render in LibreOffice', () => {
  it('the rating sheet chart draws: coloured bars on the PDF page', async () => {
    const file = path.join(tmp, 'one.xlsx');
    expect(
      await runCli(
        [
          'build',
          '--team',
          'tests/fixtures/team.csv',
          '--ratings',
          'tests/fixtures/ratings.csv',
          '--out',
          file,
        ],
        quiet,
      ),
    ).toBe(0);
    const pdf = await convertToPdf(file, path.join(tmp, 'pdf'));
    const pngs = await pdfToPngs(pdf, path.join(tmp, 'pdf', 'page'), { dpi: 60 });
    expect(pngs.length).toBeGreaterThan(1);
    const coloured = pngs.map((p) => countInk(p, undefined, { colouredOnly: true }));
    expect(Math.max(...coloured)).toBeGreaterThan(500);
  });
});
