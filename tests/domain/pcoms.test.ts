import {
  expectedProgress,
  Items,
  personOutcome,
  Session,
  sessionAlerts,
  summarize,
  total,
  effectBand,
} from '../../src/domain/pcoms';
import { DEFAULT_SETTINGS as S } from '../../src/domain/settings';

const items = (t: number | null): Items =>
  t === null ? [null, null, null, null] : [t / 4, t / 4, t / 4, t / 4];
const sess = (
  person: string,
  n: number,
  ors: number | null,
  srs: number | null,
  age: Session['ageGroup'] = 'adult',
): Session => ({
  personCode: person,
  workerId: 'W1',
  date: `2026-01-${String(n).padStart(2, '0')}`,
  session: n,
  ors: items(ors),
  srs: items(srs),
  ageGroup: age,
});

describe('totals', () => {
  it('sums four items to one decimal, null if any is missing', () => {
    expect(total([2.3, 4.1, 5.5, 7.9])).toBe(19.8);
    expect(total([2.3, null, 5.5, 7.9])).toBeNull();
  });
});

describe('person outcome', () => {
  it('clinically significant change: below cutoff at intake, at cutoff at latest, +5 exactly', () => {
    const p = personOutcome([sess('P1', 1, 20, 38), sess('P1', 2, 22, 38), sess('P1', 3, 25, 39)], S);
    expect(p).toMatchObject({ intake: 20, latest: 25, change: 5, category: 'Clinically significant change' });
  });
  it('reliable improvement without crossing the cutoff', () => {
    expect(personOutcome([sess('P', 1, 10, 38), sess('P', 2, 15, 38)], S).category).toBe(
      'Reliable improvement',
    );
  });
  it('4.9 points is no reliable change; -5 exactly is deterioration', () => {
    expect(personOutcome([sess('P', 1, 20, 38), sess('P', 2, 24.9, 38)], S).category).toBe(
      'No reliable change',
    );
    expect(personOutcome([sess('P', 1, 30, 38), sess('P', 2, 25, 38)], S).category).toBe(
      'Reliable deterioration',
    );
  });
  it('uses the adolescent (28) and child (32) cutoffs', () => {
    // 22 -> 27: crosses the adult cutoff 25 but not the adolescent 28
    expect(
      personOutcome([sess('P', 1, 22, 38, 'adolescent'), sess('P', 2, 27, 38, 'adolescent')], S).category,
    ).toBe('Reliable improvement');
    expect(personOutcome([sess('P', 1, 27, 38, 'child'), sess('P', 2, 32, 38, 'child')], S).category).toBe(
      'Clinically significant change',
    );
  });
  it('a single session is not enough data', () => {
    expect(personOutcome([sess('P', 1, 18, 38)], S)).toMatchObject({
      intake: 18,
      change: null,
      category: 'Not enough data',
    });
  });
  it('sessions without ORS are skipped when finding intake and latest', () => {
    const p = personOutcome([sess('P', 2, 18, 38), sess('P', 1, null, 30), sess('P', 3, null, 38)], S);
    expect(p).toMatchObject({ sessions: 3, orsCount: 1, intake: 18, category: 'Not enough data' });
  });
});

describe('session alerts', () => {
  it('SRS below 36 (not at 36), dropped one point or more, missing', () => {
    const a = sessionAlerts(
      [sess('P', 1, 20, 36), sess('P', 2, 21, 35), sess('P', 3, 21, null), sess('P', 4, 22, 34.5)],
      S,
    );
    expect(a.map((x) => x.alerts.srsBelowCutoff)).toEqual([false, true, false, true]);
    // 36 -> 35 dropped 1; session 3 has no SRS; 35 -> 34.5 dropped only 0.5
    expect(a.map((x) => x.alerts.srsDropped)).toEqual([false, true, false, false]);
    expect(a.map((x) => x.alerts.noSrs)).toEqual([false, false, true, false]);
  });
  it('a one-point drop between one-decimal totals counts despite floating point (32.3 -> 31.3)', () => {
    const a = sessionAlerts([sess('P', 1, 20, 32.3), sess('P', 2, 20, 31.3)], S);
    expect(32.3 - 31.3).toBeLessThan(1); // the trap: 0.9999999999999964
    expect(a[1].alerts.srsDropped).toBe(true);
  });
  it('inclusive cutoff setting counts 36 as below', () => {
    const a = sessionAlerts([sess('P', 1, 20, 36)], { ...S, srsCutoffInclusive: true });
    expect(a[0].alerts.srsBelowCutoff).toBe(true);
  });
});

describe('summary', () => {
  it('hand-computed provider summary', () => {
    const sessions = [
      // A: 16 -> 26 (+10, CSC). B: 20 -> 18 (-2). C: 30 -> 24 (-6, deteriorated). D: one session only.
      sess('A', 1, 16, 38),
      sess('A', 2, 26, 35),
      sess('B', 1, 20, 40),
      sess('B', 2, 18, null),
      sess('C', 1, 30, 39),
      sess('C', 2, 24, 37),
      sess('D', 1, 12, 30),
    ];
    const s = summarize(sessions, S);
    expect(s.personsServed).toBe(4);
    expect(s.sessions).toBe(7);
    expect(s.personsWithChange).toBe(3);
    expect(s.meanIntake).toBeCloseTo(22, 10); // (16+20+30)/3
    expect(s.meanLatest).toBeCloseTo(68 / 3, 10); // (26+18+24)/3
    expect(s.meanChange).toBeCloseTo(2 / 3, 10); // (10-2-6)/3
    expect(s.pctReliablyImproved).toBeCloseTo(1 / 3, 10);
    expect(s.pctClinicallySignificant).toBeCloseTo(1 / 3, 10);
    expect(s.pctDeteriorated).toBeCloseTo(1 / 3, 10);
    expect(s.pctSrsBelowCutoff).toBeCloseTo(2 / 6, 10); // 35 and 30 of six SRS totals
    expect(s.completeness).toBeCloseTo(6 / 7, 10);
    // SD of 16,20,30: mean 22, squares 36+4+64=104, /2 = 52, sqrt = 7.2111
    expect(s.effectSize).toBeCloseTo(2 / 3 / Math.sqrt(52), 10);
    expect(effectBand(0.8)).toBe('large');
    expect(effectBand(0.5)).toBe('moderate');
    expect(effectBand(0.29)).toBe('small');
  });
  it('no sessions: zero counts and null figures', () => {
    expect(summarize([], S)).toMatchObject({
      personsServed: 0,
      sessions: 0,
      meanIntake: null,
      effectSize: null,
      completeness: null,
    });
  });
});

describe('expected progress (simple model, not ETR)', () => {
  it('rises in equal steps from intake to cutoff + 5 by session 6', () => {
    // intake 15, target 30, 5 steps of 3
    expect([1, 2, 3, 6, 9].map((n) => expectedProgress(15, n, 25, S))).toEqual([15, 18, 21, 30, 30]);
  });
  it('stays flat when intake is already above the target', () => {
    expect(expectedProgress(33, 4, 25, S)).toBe(33);
  });
});
