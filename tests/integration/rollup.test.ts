/**
 * The agency rollup checked by a real spreadsheet engine: team workbooks built by the CLI from CSV files
 * (one of them re-saved by LibreOffice), rolled up, recalculated by LibreOffice; every figure of the
 * Agency workers sheet (workers, teams, agency), the heatmap and the outcomes summary equals what
 * src/domain computes directly from the teams' CSV files. A small agency checked by hand, and a generated
 * one (four teams, person codes repeated across teams, a worker without sessions, periods not every team
 * has), also de-identified.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCaptured } from '../support/cli';
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv, Worker } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { OutcomeSummary, Session, summarize } from '../../src/domain/pcoms';
import { mean, Rating } from '../../src/domain/ratings';
import { scoreValue } from '../../src/domain/scale';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { cellRef } from '../../src/workbook/a1';
import {
  agencyHeatmapLayout,
  AGENCY_RATINGS_LAYOUT,
  AGENCY_SHEETS,
  AGENCY_TEAM_HEADERS,
  AGENCY_TITLES,
  AGENCY_WORKER_HEADERS,
  agencyWorkersLayout,
} from '../../src/workbook/agencySheets';
import { SUMMARY_HEADERS, summaryRows } from '../../src/workbook/outcomesSummary';
import { FIGURES, LOG_COL, LOG_LAYOUT } from '../../src/workbook/outcomesLog';
import { agencyTeams, writeTeamCsvs } from '../support/agencyData';
import { ComputedWorkbook, convertToPdf, readComputed, recalculate } from '../support/libreoffice';
import { overlapLines, pageSizes, pdfWords, printFigures } from '../support/pdfWords';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-rollup-'));
const at = (...f: string[]) => path.join(tmp, ...f);
const scale = getScale();
const frameworks = library().frameworks;
const categoryOf = new Map(
  flattenCompetencies(getFramework('samhsa-core-2015')).map((c) => [c.id, c.categoryTitle]),
);

const cli = (...args: string[]) => runCaptured(args, tmp);

/** A rating the rollup's ratings table holds: Self or Supervisor typed. */
const typed = (r: Rating) => r.self.kind !== 'blank' || r.supervisor.kind !== 'blank';

/** A team as its CSV files say, read with the CSV parsers (the figures the agency view must equal). */
interface CsvTeam {
  label: string;
  /** The team workbook's file name ('' where the workbook does not show it: de-identified). */
  file: string;
  team: Worker[];
  ratings: Rating[];
  sessions: Session[];
}

function readCsvTeam(dir: string, label: string, file: string): CsvTeam {
  const text = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const team = parseTeamCsv(text('team.csv'), 'team.csv');
  const ratings = parseRatingsCsv(text('ratings.csv'), 'ratings.csv', { frameworks, scale });
  const sessions = parseSessionsCsv(text('sessions.csv'), 'sessions.csv');
  expect([...team.problems, ...ratings.problems, ...sessions.problems]).toEqual([]);
  return { label, file, team: team.records, ratings: ratings.records, sessions: sessions.records };
}

/** Builds a team workbook from a folder of CSV files with the CLI. */
async function build(dir: string, out: string): Promise<void> {
  const r = await cli(
    'build',
    '--team',
    path.join(dir, 'team.csv'),
    '--ratings',
    path.join(dir, 'ratings.csv'),
    '--sessions',
    path.join(dir, 'sessions.csv'),
    '--out',
    out,
    '--force',
  );
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
}

async function recalc(file: string): Promise<ComputedWorkbook> {
  return readComputed(await recalculate(file, at(`recalc-${path.basename(file, '.xlsx')}`)));
}

/** The key the rollup gives the i-th team: its person codes are written "T01|code". */
const key = (i: number) => `T${String(i + 1).padStart(2, '0')}`;

/** The figures of one row of the Agency workers sheet, computed from the CSVs. */
type Figures = Record<string, number | string | null>;

function outcomeFigures(s: OutcomeSummary): Figures {
  return {
    Sessions: s.sessions,
    'Persons served': s.personsServed,
    'Mean intake ORS': s.meanIntake,
    'Mean latest ORS': s.meanLatest,
    '% reliably improved': s.pctReliablyImproved,
    '% sessions with SRS below cutoff': s.pctSrsBelowCutoff,
    'Data completeness': s.completeness,
  };
}

function ratingFigures(ratings: Rating[], period: string): Figures {
  const mine = ratings.filter((r) => r.period === period);
  const values = (k: 'self' | 'supervisor') =>
    mine.map((r) => scoreValue(r[k])).filter((v): v is number => v !== null);
  const gaps = mine.flatMap((r) => {
    const s = scoreValue(r.self);
    const v = scoreValue(r.supervisor);
    return s === null || v === null ? [] : [v - s];
  });
  return {
    'Supervisor mean': mean(values('supervisor')),
    'Self mean': mean(values('self')),
    'Blind spots': mine.length ? gaps.filter((g) => g <= -DEFAULT_SETTINGS.gapThreshold).length : null,
  };
}

/** Every row of the Agency workers sheet as the CSVs say it should be: teams, agency, workers. */
function expectedRows(teams: CsvTeam[], period: string) {
  const qualified = (t: CsvTeam, i: number) =>
    t.sessions.map((s) => ({ ...s, personCode: `${key(i)}|${s.personCode}` }));
  const sum = (sessions: Session[]) => outcomeFigures(summarize(sessions, DEFAULT_SETTINGS));
  const all = teams.flatMap((t) => t.ratings);
  return {
    teams: [
      ...teams.map((t) => ({
        Team: t.label,
        Workers: t.team.length,
        Supervisor: t.file && [...new Set(t.team.map((w) => w.supervisor))].join(', '),
        File: t.file,
        ...sum(t.sessions),
        ...ratingFigures(t.ratings, period),
      })),
      {
        Team: 'Agency',
        Workers: teams.reduce((n, t) => n + t.team.length, 0),
        Supervisor: '',
        File: '',
        ...sum(teams.flatMap((t, i) => qualified(t, i))),
        ...ratingFigures(all, period),
      },
    ],
    workers: teams.flatMap((t) =>
      t.team.map((w) => ({
        Team: t.label,
        'Worker ID': w.workerId,
        Worker: w.name,
        Role: w.role,
        ...sum(t.sessions.filter((s) => s.workerId === w.workerId)),
        ...ratingFigures(
          t.ratings.filter((r) => r.workerId === w.workerId),
          period,
        ),
      })),
    ),
  };
}

/** One computed cell against the expected value: numbers to 9 decimals, null as "". */
function same(
  cells: Map<string, unknown>,
  where: string,
  expected: number | string | null | undefined,
): void {
  const got = cells.get(where);
  const w = expected === null || expected === undefined ? '' : expected;
  if (typeof w === 'number') {
    expect([where, typeof got]).toEqual([where, 'number']);
    expect([where, Math.round((got as number) * 1e9) / 1e9]).toEqual([where, Math.round(w * 1e9) / 1e9]);
  } else expect([where, got ?? '']).toEqual([where, w]);
}

/** Checks the Agency workers sheet: every team, agency and worker row, every column. */
function checkWorkersSheet(c: ComputedWorkbook, teams: CsvTeam[], period: string, rename = (s: string) => s) {
  const cells = c.get(AGENCY_SHEETS.workers)!;
  const want = expectedRows(teams, period);
  const L = agencyWorkersLayout(teams.length, want.workers.length);
  same(cells, 'B3', period);
  AGENCY_TEAM_HEADERS.forEach((h, col) => same(cells, cellRef(L.teamHeader, col), h));
  AGENCY_WORKER_HEADERS.forEach((h, col) => same(cells, cellRef(L.workerHeader, col), h));
  want.teams.forEach((row, i) =>
    AGENCY_TEAM_HEADERS.forEach((h, col) =>
      same(
        cells,
        cellRef(L.firstTeamRow + i, col),
        typeof row[h as keyof typeof row] === 'string'
          ? rename(row[h as keyof typeof row] as string)
          : (row[h as keyof typeof row] as number),
      ),
    ),
  );
  want.workers.forEach((row, i) =>
    AGENCY_WORKER_HEADERS.forEach((h, col) => {
      const v = row[h as keyof typeof row];
      same(cells, cellRef(L.firstWorkerRow + i, col), typeof v === 'string' ? rename(v) : v);
    }),
  );
}

/** The heatmap: supervisor and self means per team and category for the period, and blind spots. */
function checkHeatmap(c: ComputedWorkbook, teams: CsvTeam[], period: string) {
  const cells = c.get(AGENCY_SHEETS.heatmap)!;
  const cats = getFramework('samhsa-core-2015').categories.map((x) => x.title);
  const L = agencyHeatmapLayout(teams.length, cats.length);
  const rows = [...teams.map((t) => t.ratings), teams.flatMap((t) => t.ratings)];
  rows.forEach((ratings, i) => {
    const inPeriod = ratings.filter((r) => r.period === period);
    cats.forEach((cat, j) => {
      const mine = inPeriod.filter((r) => categoryOf.get(r.competencyId) === cat);
      const m = (k: 'self' | 'supervisor') =>
        mean(mine.map((r) => scoreValue(r[k])).filter((v): v is number => v !== null));
      same(cells, cellRef(L.firstDataRow + i, 1 + j), m('supervisor'));
      same(cells, cellRef(L.selfFirstRow + i, 1 + j), m('self'));
    });
    same(
      cells,
      cellRef(L.firstDataRow + i, L.blindSpotCol),
      ratingFigures(ratings, period)['Blind spots'] ?? 0,
    );
  });
}

/** The outcomes summary's team and agency rows (effect size too): the builder's own figures per team. */
function checkSummary(c: ComputedWorkbook, teams: CsvTeam[]) {
  const cells = c.get(AGENCY_SHEETS.outcomes)!;
  const workers = teams.flatMap((t) => t.team.map((w) => w.workerId));
  const rows = summaryRows(
    workers,
    teams.map((t, i) => ({ label: t.label, codePrefix: `${key(i)}|` })),
  );
  const qualified = teams.map((t, i) =>
    t.sessions.map((s) => ({ ...s, personCode: `${key(i)}|${s.personCode}` })),
  );
  const sums = [...qualified, qualified.flat()].map((s) => summarize(s, DEFAULT_SETTINGS));
  sums.forEach((s, i) => {
    const row = rows[workers.length + i].row;
    same(cells, cellRef(row, SUMMARY_HEADERS.indexOf('Persons with 2+ ORS')), s.personsWithChange);
    same(cells, cellRef(row, SUMMARY_HEADERS.indexOf('Mean change')), s.meanChange);
    same(
      cells,
      cellRef(row, SUMMARY_HEADERS.indexOf('% clinically significant change')),
      s.pctClinicallySignificant,
    );
    same(cells, cellRef(row, SUMMARY_HEADERS.indexOf('% deteriorated')), s.pctDeteriorated);
    same(cells, cellRef(row, SUMMARY_HEADERS.indexOf('Effect size (pre-post)')), s.effectSize);
  });
}

describe('a small agency, checked by hand', () => {
  const TEAM_HEAD = 'worker_id,name,role,supervisor,start_date\n';
  const RATINGS_HEAD = 'worker_id,period,framework,competency_id,self,supervisor,notes\n';
  const SESSIONS_HEAD =
    'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n';
  const write = (dir: string, files: Record<string, string>) => {
    fs.mkdirSync(at(dir), { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(at(dir, f), text);
  };
  const fw = 'samhsa-core-2015';
  write('north', {
    'team.csv':
      TEAM_HEAD +
      'N-1,Ana Diaz,Recovery Coach,Dana Reyes,2024-02-01\nN-2,Ben Ortiz,Recovery Coach,Dana Reyes,2024-05-01\n',
    'ratings.csv':
      RATINGS_HEAD +
      [
        `N-1,2026 Q1,${fw},1.1,4,3,`,
        `N-1,2026 Q1,${fw},1.2,5,2,`, // a blind spot: self 3 above supervisor
        `N-1,2026 Q1,${fw},2.1,3,4,`,
        `N-2,2026 Q1,${fw},1.1,N/A,5,`,
        `N-2,2026 Q1,${fw},2.1,2,2,`,
        `N-2,2026 Q1,${fw},2.2,4,,`,
        `N-1,2026 Q2,${fw},1.1,5,5,`, // South has no 2026 Q2: the common period is 2026 Q1
      ].join('\n') +
      '\n',
    'sessions.csv':
      SESSIONS_HEAD +
      [
        'P1,N-1,2026-01-05,1,4,4,4,4,9,9,9,9,adult', // ORS 16, SRS 36
        'P1,N-1,2026-01-12,2,5.5,5.5,5.5,5.5,9,9,9,8,adult', // ORS 22, SRS 35 (below 36)
        'P1,N-2,2026-01-19,3,6.5,6.5,6.5,6.5,9.5,9.5,9.5,9.5,adult', // ORS 26, SRS 38
        'P2,N-1,2026-01-06,1,5,5,5,5,,,,,adult', // ORS 20, no SRS
        'P2,N-1,2026-02-03,2,4.5,4.5,4.5,4.5,10,10,10,10,adult', // ORS 18, SRS 40
      ].join('\n') +
      '\n',
  });
  write('south', {
    'team.csv': TEAM_HEAD + 'S-1,Cy Park,Peer Specialist - Treatment Courts,Sam Lee,2023-09-01\n',
    'ratings.csv':
      RATINGS_HEAD +
      [`S-1,2025 Q4,${fw},1.1,2,2,`, `S-1,2026 Q1,${fw},1.1,5,3,`, `S-1,2026 Q1,${fw},2.1,4,4,`].join('\n') +
      '\n',
    'sessions.csv':
      SESSIONS_HEAD +
      [
        // P1 again, but South's own P1: another person
        'P1,S-1,2026-01-07,1,7.5,7.5,7.5,7.5,7.5,7.5,7.5,7.5,adult', // ORS 30, SRS 30 (below)
        'P1,S-1,2026-01-14,2,6,6,6,6,9.3,9.2,9.3,9.2,adult', // ORS 24, SRS 37
      ].join('\n') +
      '\n',
  });
  let computed: ComputedWorkbook;
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    await build(at('north'), at('north.xlsx'));
    await build(at('south'), at('south-built.xlsx'));
    // South's supervisor saved it in LibreOffice: every part written LibreOffice's way.
    fs.copyFileSync(await recalculate(at('south-built.xlsx'), at('resaved')), at('south.xlsx'));
    fs.writeFileSync(at('notes.csv'), 'a,b\n1,2\n');
    run = await cli('rollup', 'north.xlsx', 'south.xlsx', 'notes.csv', 'north.xlsx', '--out', 'agency.xlsx');
    computed = await recalc(at('agency.xlsx'));
  }, 240_000);

  it('says what it read, what it counted once and what it left out', () => {
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Wrote agency\.xlsx: 2 teams, 3 workers, 10 ratings, 7 sessions$/m);
    expect(run.out).toContain('Dana Reyes: north.xlsx (2 workers, 5 sessions)');
    expect(run.out).toContain('Sam Lee: south.xlsx (1 worker, 2 sessions)');
    expect(run.out).toContain(
      'Period of the competency means: 2026 Q1, the latest every team with ratings has.',
    );
    expect(run.out).toContain(
      'Counted once: north.xlsx: counted once, it is the same file (identical bytes) as north.xlsx',
    );
    expect(run.err).toContain('Left out: notes.csv: not used. is a text file (CSV?), not an .xlsx workbook');
    // one printed line per row: the lines joined again
    const about = [...computed.get(AGENCY_SHEETS.about)!.values()].join('\n').replace(/\n {3}/g, ' ');
    expect(about).toContain(
      '- T01 Dana Reyes: north.xlsx (2 workers, 7 ratings in 2026 Q1, 2026 Q2, 5 sessions)',
    );
    expect(about).toMatch(/notes\.csv: not used\. is a text file/);
    expect(about).toContain('One code appears in more than one team (P1)');
  });

  it('computes the hand-checked figures for workers, teams and the agency', () => {
    const cells = computed.get(AGENCY_SHEETS.workers)!;
    const L = agencyWorkersLayout(2, 3);
    const row = (r: number, values: (string | number | null)[]) =>
      values.forEach((v, c) => same(cells, cellRef(r, c), v));
    // Team, Workers, Supervisor, File, Sessions, Persons served, mean intake, mean latest, % improved,
    // % SRS below, completeness, supervisor mean, self mean, blind spots (2026 Q1)
    row(L.firstTeamRow, [
      'Dana Reyes',
      2,
      'Dana Reyes',
      'north.xlsx',
      5,
      2,
      (16 + 20) / 2,
      (26 + 18) / 2,
      1 / 2,
      1 / 4,
      4 / 5,
      16 / 5,
      18 / 5,
      1,
    ]);
    row(L.firstTeamRow + 1, ['Sam Lee', 1, 'Sam Lee', 'south.xlsx', 2, 1, 30, 24, 0, 1 / 2, 1, 3.5, 4.5, 1]);
    // South's P1 is not North's: 3 persons; intakes 16, 20, 30; latest 26, 18, 24
    row(L.agencyRow, ['Agency', 3, '', '', 7, 3, 22, 68 / 3, 1 / 3, 2 / 6, 6 / 7, 23 / 7, 27 / 7, 2]);
    // N-1 counts P1's sessions with N-1 only (16 -> 22) and P2 (20 -> 18)
    row(L.firstWorkerRow, [
      'Dana Reyes',
      'N-1',
      'Ana Diaz',
      'Recovery Coach',
      4,
      2,
      18,
      20,
      1 / 2,
      1 / 3,
      3 / 4,
      3,
      4,
      1,
    ]);
    // N-2 has one session: no outcome yet; Self N/A and a blank Supervisor are left out
    row(L.firstWorkerRow + 1, [
      'Dana Reyes',
      'N-2',
      'Ben Ortiz',
      'Recovery Coach',
      1,
      1,
      '',
      '',
      '',
      0,
      1,
      3.5,
      3,
      0,
    ]);
    row(L.firstWorkerRow + 2, [
      'Sam Lee',
      'S-1',
      'Cy Park',
      'Peer Specialist - Treatment Courts',
      2,
      1,
      30,
      24,
      0,
      1 / 2,
      1,
      3.5,
      4.5,
      1,
    ]);
  });

  it('equals src/domain computed from the CSV files, for every cell', () => {
    const teams = [
      readCsvTeam(at('north'), 'Dana Reyes', 'north.xlsx'),
      readCsvTeam(at('south'), 'Sam Lee', 'south.xlsx'),
    ];
    checkWorkersSheet(computed, teams, '2026 Q1');
    checkHeatmap(computed, teams, '2026 Q1');
    checkSummary(computed, teams);
    // category I (Engages peers...), North, 2026 Q1: supervisor 3, 2 (N-1) and 5 (N-2); self 4, 5 (N/A left out)
    const heat = computed.get(AGENCY_SHEETS.heatmap)!;
    const H = agencyHeatmapLayout(2, 12);
    same(heat, cellRef(H.firstDataRow, 1), 10 / 3);
    same(heat, cellRef(H.selfFirstRow, 1), 4.5);
  });
});

describe('a generated agency: four teams, codes repeated across teams', () => {
  const data = agencyTeams({
    teams: 4,
    workersPerTeam: 4,
    sessionsPerTeam: 120,
    peoplePerTeam: 25,
    periods: ['2025 Q4', '2026 Q1'],
    seed: 5,
  });
  let teams: CsvTeam[];
  let plain: ComputedWorkbook;
  let hidden: ComputedWorkbook;
  let sorted: ComputedWorkbook;
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    const dirs = writeTeamCsvs(at('gen'), data);
    teams = dirs.map((d, i) => readCsvTeam(d, data[i].supervisor, `gen-${i + 1}.xlsx`));
    for (const [i, d] of dirs.entries()) await build(d, at(`gen-${i + 1}.xlsx`));
    const files = dirs.map((_, i) => `gen-${i + 1}.xlsx`);
    run = await cli('rollup', ...files, '--out', 'gen-agency.xlsx', '--period', '2025 q4');
    const hid = await cli('rollup', ...files, '--out', 'gen-hidden.xlsx', '--deidentify');
    expect(hid.code).toBe(0);
    // a person sorts the ratings table and the log (rows reversed, as Data > Sort moves them: the values typed
    // and each row's formulas, which are the same on every row but the ratings' Gap, also moved)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('gen-agency.xlsx'));
    const reverse = (sheet: string, first: number, count: number, cols: number[]) => {
      const ws = wb.getWorksheet(sheet)!;
      const rows = [...Array(count).keys()].map((i) => cols.map((c) => ws.getCell(first + i, c).value));
      rows.reverse().forEach((vals, i) => vals.forEach((v, j) => (ws.getCell(first + i, cols[j]).value = v)));
    };
    const rated = teams.reduce((n, t) => n + t.ratings.filter(typed).length, 0);
    reverse(AGENCY_SHEETS.ratings, AGENCY_RATINGS_LAYOUT.firstDataRow + 1, rated, [1, 2, 3, 4, 5, 6, 7, 8]);
    const typedLogCols = [...Array(LOG_COL.ageGroup + 1).keys()]
      .filter((c) => c !== LOG_COL.orsTotal && c !== LOG_COL.srsTotal)
      .map((c) => c + 1);
    const sessions = teams.reduce((n, t) => n + t.sessions.length, 0);
    reverse(AGENCY_SHEETS.log, LOG_LAYOUT.firstDataRow + 1, sessions, typedLogCols);
    await wb.xlsx.writeFile(at('gen-sorted.xlsx'));
    [plain, hidden, sorted] = await Promise.all([
      recalc(at('gen-agency.xlsx')),
      recalc(at('gen-hidden.xlsx')),
      recalc(at('gen-sorted.xlsx')),
    ]);
  }, 300_000);

  it('equals src/domain computed from the CSV files (period asked for: 2025 Q4, which two teams lack)', () => {
    expect(run.code).toBe(0);
    expect(run.out).toContain('Period of the competency means: 2025 Q4 (asked for); no ratings for it in');
    checkWorkersSheet(plain, teams, '2025 Q4');
    checkHeatmap(plain, teams, '2025 Q4');
    checkSummary(plain, teams);
  });

  it('a person sorted the ratings table and the log: the figures read every row (slower) and stay the same', () => {
    expect(sorted.get(AGENCY_SHEETS.ratings)!.get('K3')).toBe(0);
    expect(plain.get(AGENCY_SHEETS.ratings)!.get('K3')).toBe(1);
    // the log's last row in person order: its last row as written, not once sorted
    const [ordered, last] = [FIGURES.ordered, FIGURES.last].map((r) => r.replace(/\$/g, ''));
    const log = (c: ComputedWorkbook) => c.get(AGENCY_SHEETS.log)!;
    expect(log(plain).get(ordered)).toBe(log(plain).get(last));
    expect(log(sorted).get(ordered)).toBeLessThan(log(sorted).get(last) as number);
    // and the log's note says so, in the rollup's words
    const note = cellRef(LOG_LAYOUT.titleRow + 3, 0);
    expect(log(plain).get(note)).toMatch(
      /^Rows are grouped by team and person code, as the rollup wrote them\./,
    );
    expect(log(sorted).get(note)).toMatch(
      /^\d+ rows from row \d+ down are not next to .* read every row \(slower\) until the rollup runs again\.$/,
    );
    checkWorkersSheet(sorted, teams, '2025 Q4');
    checkHeatmap(sorted, teams, '2025 Q4');
    checkSummary(sorted, teams);
  });

  it('prints on letter paper: every sheet, 95% of the words 7.5 pt high or more, no word over another', async () => {
    const pages = pdfWords(await convertToPdf(at('gen-agency.xlsx'), at('pdf')));
    const f = printFigures(pages);
    const text = pages.map((p) => p.words.map((w) => w.text).join(' ')).join('\n');
    for (const title of Object.values(AGENCY_TITLES)) expect(text).toContain(title);
    expect(f.words).toBeGreaterThan(1000);
    expect(f.readable).toBeGreaterThanOrEqual(0.95);
    expect(overlapLines(f)).toEqual([]);
    expect(new Set(pageSizes(pages).map(String))).toEqual(new Set(['612,792']));
  }, 300_000);

  it('de-identified: Team 01..., W01... across the agency, the same figures (latest common period)', () => {
    const codes = new Map(
      teams.flatMap((t) => t.team).map((w, i) => [w.workerId, `W${String(i + 1).padStart(2, '0')}`]),
    );
    const labels = new Map(teams.map((t, i) => [t.label, `Team 0${i + 1}`]));
    const names = new Map(teams.flatMap((t) => t.team).map((w) => [w.name, codes.get(w.workerId)!]));
    const renamed = teams.map((t) => ({ ...t, label: labels.get(t.label)!, file: '' }));
    const rename = (s: string) => codes.get(s) ?? names.get(s) ?? s;
    // roles held by fewer than 3 workers read "Peer worker": compare only the figures
    const all = [...hidden.get(AGENCY_SHEETS.workers)!.values()].join('\n');
    for (const t of teams) expect(all).not.toContain(t.label);
    for (const w of teams.flatMap((t) => t.team)) {
      expect(all).not.toContain(w.workerId);
      expect(all).not.toContain(w.name);
    }
    const cells = hidden.get(AGENCY_SHEETS.workers)!;
    const want = expectedRows(renamed, '2026 Q1');
    const L = agencyWorkersLayout(teams.length, want.workers.length);
    want.workers.forEach((row, i) => {
      const skip = new Set(['Role']);
      AGENCY_WORKER_HEADERS.forEach((h, col) => {
        if (skip.has(h)) return;
        const v = row[h as keyof typeof row];
        same(cells, cellRef(L.firstWorkerRow + i, col), typeof v === 'string' ? rename(v) : v);
      });
    });
    want.teams.forEach((row, i) =>
      AGENCY_TEAM_HEADERS.forEach((h, col) =>
        same(cells, cellRef(L.firstTeamRow + i, col), row[h as keyof typeof row]),
      ),
    );
  });
});
