/**
 * Comparison, trend and dashboard sheets of the demo, recalculated by LibreOffice: every figure must
 * equal what src/domain computes from the sample ratings.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { parseRatingsCsv, parseTeamCsv } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { orderPeriods } from '../../src/domain/periods';
import {
  agreement,
  blindSpotCount,
  categorySummaries,
  flag,
  gap,
  overallMeans,
  Rating,
  teamCategoryMean,
} from '../../src/domain/ratings';
import { BLANK, scoreValue } from '../../src/domain/scale';
import { trendLayout } from '../../src/workbook/trend';
import { ComputedWorkbook, readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-sup-'));
const fw = getFramework('samhsa-core-2015');
const scale = getScale();
const sample = (f: string) => fs.readFileSync(path.join(root, 'data/sample', f), 'utf8');
const team = parseTeamCsv(sample('team.csv'), 'team.csv').records;
const ratings = parseRatingsCsv(sample('ratings.csv'), 'ratings.csv', {
  frameworks: library().frameworks,
  scale,
}).records;
const periods = orderPeriods(ratings.map((r) => r.period));
const latest = periods[periods.length - 1];
const of = (workerId: string, period: string) =>
  ratings.filter((r) => r.workerId === workerId && r.period === period);
const blankIfNull = (v: number | null) => (v === null ? '' : v);
const close = (got: unknown, want: number | null, label: string) => {
  if (want === null) expect([label, got]).toEqual([label, '']);
  else {
    expect([label, typeof got]).toEqual([label, 'number']);
    expect(got as number).toBeCloseTo(want, 9);
  }
};

/** The 1-based row of the first cell in column `col` holding `text`. */
function rowOf(c: Map<string, unknown>, col: string, text: string): number {
  const hit = [...c.entries()].find(([a, v]) => v === text && new RegExp(`^${col}\\d+$`).test(a));
  if (!hit) throw new Error(`no "${text}" in column ${col}`);
  return Number(hit[0].slice(col.length));
}

let computed: ComputedWorkbook;
beforeAll(async () => {
  const file = path.join(tmp, 'demo.xlsx');
  expect(await runCli(['demo', '--out', file], { out: () => undefined, err: console.error, cwd: root })).toBe(
    0,
  );
  computed = await readComputed(await recalculate(file, path.join(tmp, 'recalc')));
});

/**
 * Every figure of one comparison sheet against the domain: per competency self, supervisor, gap and flag;
 * per category means, gap and pairs; agreement including weighted kappa. Returns the figures checked.
 */
function checkComparison(c: Map<string, unknown>, mine: Rating[], label: string): number {
  let checked = 0;
  const byId = new Map(mine.map((r) => [r.competencyId, r]));
  const shown = (sc: Rating['self']) => (sc.kind === 'na' ? 'N/A' : blankIfNull(scoreValue(sc)));
  flattenCompetencies(fw).forEach((comp, i) => {
    const row = 11 + i;
    const r = byId.get(comp.id) ?? { self: BLANK, supervisor: BLANK };
    expect(c.get(`B${row}`)).toBe(comp.id);
    expect([label, comp.id, c.get(`D${row}`), c.get(`E${row}`), c.get(`F${row}`), c.get(`G${row}`)]).toEqual([
      label,
      comp.id,
      shown(r.self),
      shown(r.supervisor),
      blankIfNull(gap(r)),
      flag(r, 2),
    ]);
    checked += 4;
  });
  // the block sits below the table and the suggestions: found by its title in column K
  const top = rowOf(c, 'K', 'Means by category');
  categorySummaries(fw, mine).forEach((s, i) => {
    const row = top + 2 + i;
    expect(c.get(`K${row}`)).toBe(s.categoryTitle);
    close(c.get(`L${row}`), s.pairedSelfMean, `${label} self (pairs) ${s.categoryId}`);
    close(c.get(`M${row}`), s.pairedSupervisorMean, `${label} sup (pairs) ${s.categoryId}`);
    close(c.get(`N${row}`), s.gap, `${label} gap ${s.categoryId}`);
    expect(c.get(`O${row}`)).toBe(s.pairedCount);
    close(c.get(`P${row}`), s.selfMean, `${label} self ${s.categoryId}`);
    close(c.get(`Q${row}`), s.supervisorMean, `${label} sup ${s.categoryId}`);
    checked += 6;
  });
  const a = agreement(mine, scale);
  const ag = rowOf(c, 'K', 'Pairs rated');
  expect(c.get(`L${ag}`)).toBe(a.pairs);
  close(c.get(`L${ag + 1}`), a.exact, `${label} exact`);
  close(c.get(`L${ag + 2}`), a.withinOne, `${label} within one`);
  close(c.get(`L${ag + 3}`), a.kappaLinear, `${label} kappa linear`);
  close(c.get(`L${ag + 4}`), a.kappaQuadratic, `${label} kappa quadratic`);
  return checked + 5;
}

describe('comparison sheets', () => {
  it('demo: every comparison figure of every worker equals the domain', () => {
    const checked = team.reduce(
      (n, w) =>
        n +
        checkComparison(computed.get(`Compare ${w.workerId} ${latest}`)!, of(w.workerId, latest), w.workerId),
      0,
    );
    expect(checked).toBe(6 * (62 * 4 + 12 * 6 + 5));
  });

  it('build from test CSVs (blanks, N/A, a category all N/A, large gaps): the same, recalculated', async () => {
    // the fixture's 2026 Q1 rows only, so Q1 is the latest period and gets the comparisons
    const text = fs
      .readFileSync(path.join(root, 'tests/fixtures/ratings.csv'), 'utf8')
      .replace(/\nW-\d,2026 Q2,[^\n]*/g, '');
    const ratingsFile = path.join(tmp, 'ratings-q1.csv');
    fs.writeFileSync(ratingsFile, text);
    const file = path.join(tmp, 'build.xlsx');
    const code = await runCli(
      ['build', '--team', 'tests/fixtures/team.csv', '--ratings', ratingsFile, '--out', file],
      { out: () => undefined, err: console.error, cwd: root },
    );
    expect(code).toBe(0);
    const fixture = parseRatingsCsv(text, 'ratings-q1.csv', { frameworks: library().frameworks, scale });
    expect(fixture.problems).toEqual([]);
    const built = await readComputed(await recalculate(file, path.join(tmp, 'recalc-build')));
    for (const id of ['W-1', 'W-2']) {
      const mine = fixture.records.filter((r) => r.workerId === id);
      checkComparison(built.get(`Compare ${id} 2026 Q1`)!, mine, id);
    }
    // W-1: 1.1 self 5 / supervisor 3 is a blind spot; 12.4 self 1 / supervisor 5 a hidden strength
    const w1 = built.get('Compare W-1 2026 Q1')!;
    expect([w1.get('G11'), w1.get('G72')]).toEqual(['Blind spot', 'Hidden strength']);
    // By hand, W-1's first category: 1.1 (5, 3), 1.2 (4, 4), 1.3 (N/A, 2), 1.4 (blank, 5), 1.5 (3, N/A).
    // Pairs: 1.1 and 1.2, so self 4.5, supervisor 3.5, gap (-2 + 0) / 2 = -1; all rated: self
    // (5 + 4 + 3) / 3 = 4, supervisor (3 + 4 + 2 + 5) / 4 = 3.5 (their difference, -0.5, is not the gap).
    const row = rowOf(w1, 'K', 'Means by category') + 2;
    expect(['L', 'M', 'N', 'O', 'P', 'Q'].map((col) => w1.get(`${col}${row}`))).toEqual([
      4.5, 3.5, -1, 2, 4, 3.5,
    ]);
  });
});

describe('comparison sheets: goals', () => {
  it('development suggestions went into the latest rating sheet goals', () => {
    const r = computed.get(`PS-101 ${latest}`)!;
    const goals = [...r.entries()].filter(
      ([a, v]) => /^H\d+$/.test(a) && a !== 'H12' && typeof v === 'string',
    );
    expect(goals.length).toBeGreaterThanOrEqual(3);
    expect(goals.length).toBeLessThanOrEqual(6);
  });
});

describe('trend sheets', () => {
  it('overall and category means per period, self and supervisor apart, with changes', () => {
    for (const w of team) {
      const t = computed.get(`Trend ${w.workerId}`)!;
      periods.forEach((p, i) => {
        const row = 7 + i;
        expect(t.get(`A${row}`)).toBe(p);
        const o = overallMeans(of(w.workerId, p));
        close(t.get(`B${row}`), o.self, `${w.workerId} ${p} self`);
        close(t.get(`C${row}`), o.supervisor, `${w.workerId} ${p} sup`);
        if (i > 0) {
          const prev = overallMeans(of(w.workerId, periods[i - 1]));
          close(
            t.get(`E${row}`),
            o.supervisor !== null && prev.supervisor !== null ? o.supervisor - prev.supervisor : null,
            'change',
          );
        }
        const col = String.fromCharCode(66 + i);
        const L = trendLayout(periods.length, fw.categories.length);
        categorySummaries(fw, of(w.workerId, p)).forEach((s, j) => {
          const [sup, self] = [L.supervisor + 3 + j, L.self + 3 + j]; // 1-based rows below title and header
          close(t.get(`${col}${sup}`), s.supervisorMean, `${w.workerId} ${p} sup cat ${s.categoryId}`);
          close(t.get(`${col}${self}`), s.selfMean, `${w.workerId} ${p} self cat ${s.categoryId}`);
        });
      });
    }
    // PS-106 was hired in January: no Q1 ratings, so the Q1 row is blank, not zero, and its chart
    // source #N/A (a gap in the line)
    expect(computed.get('Trend PS-106')!.get('C7')).toBe('');
    expect(computed.get('Trend PS-106')!.get('I7')).toBe('#N/A');
  });
});

describe('team dashboard', () => {
  it('heatmap, self means and open blind spots per worker for the latest period', () => {
    const d = computed.get(`Dashboard ${latest}`)!;
    // workers by name with the id beside it; the self grid below the supervisor grid
    const selfFirst = 6 + team.length + 3;
    team.forEach((w, i) => {
      const row = 6 + i;
      expect([d.get(`A${row}`), d.get(`B${row}`)]).toEqual([w.name, w.workerId]);
      expect([d.get(`A${selfFirst + i}`), d.get(`B${selfFirst + i}`)]).toEqual([w.name, w.workerId]);
      const sums = categorySummaries(fw, of(w.workerId, latest));
      sums.forEach((s, j) => {
        const col = String.fromCharCode(67 + j);
        close(d.get(`${col}${row}`), s.supervisorMean, `heat ${w.workerId} ${j}`);
        close(d.get(`${col}${selfFirst + i}`), s.selfMean, `self ${w.workerId} ${j}`);
      });
      expect(d.get(`O${row}`)).toBe(blindSpotCount(of(w.workerId, latest), 2));
    });
  });

  it("team mean per category per period: mean of workers' means, each worker once", () => {
    const d = computed.get(`Dashboard ${latest}`)!;
    const labelRow = [...d.entries()].find(
      ([, v]) => v === 'Team mean of supervisor means (each worker counts once)',
    )![0];
    const top = Number(labelRow.slice(1)) + 1; // header row
    periods.forEach((p, i) => {
      const row = top + 1 + i;
      expect(d.get(`A${row}`)).toBe(p);
      fw.categories.forEach((cat, j) => {
        const want = teamCategoryMean(
          team.map((w) => categorySummaries(fw, of(w.workerId, p))[j].supervisorMean),
        );
        close(d.get(`${String.fromCharCode(67 + j)}${row}`), want, `team ${p} ${cat.id}`);
      });
    });
  });
});

describe('domain pieces used above', () => {
  it('periods sort by meaning, else keep creation order', () => {
    expect(periods).toEqual(['2026 Q1', '2026 Q2', '2026 Q3']);
    expect(orderPeriods(['2026 Q2', 'Q1 2026', '2025-12', 'Mar 2026'])).toEqual([
      '2025-12',
      'Q1 2026',
      'Mar 2026',
      '2026 Q2',
    ]);
    expect(orderPeriods(['Spring review', '2026 Q1'])).toEqual(['Spring review', '2026 Q1']);
  });
});
