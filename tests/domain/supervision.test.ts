import { getScale } from '../../src/domain/library';
import { orderPeriods, periodKey } from '../../src/domain/periods';
import { blindSpotCount, developmentSuggestions, Rating, teamCategoryMean } from '../../src/domain/ratings';
import { BLANK, NA, score, Score } from '../../src/domain/scale';

const r = (id: string, self: Score, sup: Score): Rating => ({
  workerId: 'W',
  period: 'P',
  frameworkId: 'f',
  competencyId: id,
  self,
  supervisor: sup,
  notes: '',
});

describe('periods', () => {
  it('understands quarters, halves, months, seasons and years', () => {
    expect(periodKey('2026 Q1')).toBe(2026 * 12);
    expect(periodKey('Q3 2026')).toBe(2026 * 12 + 6);
    expect(periodKey('FY2026-Q2')).toBe(2026 * 12 + 3);
    expect(periodKey('2026 H2')).toBe(2026 * 12 + 6);
    expect(periodKey('2026-11')).toBe(2026 * 12 + 10);
    expect(periodKey('September 2026')).toBe(2026 * 12 + 8);
    expect(periodKey('Sept 2026')).toBe(2026 * 12 + 8);
    expect(periodKey('Fall 2026')).toBe(2026 * 12 + 9);
    expect(periodKey('2026')).toBe(2026 * 12);
    expect(periodKey('2026-13')).toBeNull();
    expect(periodKey('Annual review')).toBeNull();
  });
  it('orders by meaning, keeps creation order when any label does not parse, drops repeats', () => {
    expect(orderPeriods(['2026 Q2', '2025 Q4', '2026 Q1', '2026 Q2'])).toEqual([
      '2025 Q4',
      '2026 Q1',
      '2026 Q2',
    ]);
    expect(orderPeriods(['Intake', '2026 Q1', 'Exit'])).toEqual(['Intake', '2026 Q1', 'Exit']);
  });
});

describe('development suggestions', () => {
  const scale = getScale();
  it('largest blind spots first, then lowest supervisor ratings; ties in framework order', () => {
    const list = [
      r('1.1', score(5), score(3)), // blind spot 2
      r('1.2', score(5), score(2)), // blind spot 3
      r('1.3', score(2), score(2)), // low 2
      r('1.4', NA, score(1)), // lowest 1
      r('1.5', score(4), score(2)), // blind spot 2, later than 1.1
      r('1.6', score(5), BLANK), // no supervisor rating: never suggested
      r('1.7', score(3), score(5)), // at the top of the scale: not "lowest"
    ];
    const s = developmentSuggestions(list, 2, scale, 3);
    expect(s.map((x) => `${x.reason}:${x.competencyId}`)).toEqual([
      'Blind spot:1.2',
      'Blind spot:1.1',
      'Blind spot:1.5',
      'Lowest supervisor rating:1.4',
      'Lowest supervisor rating:1.3',
    ]);
    expect(s[0].goal).toBe(
      'Talk through: self 5, supervisor 2 (Beginning). Agree what Developing looks like.',
    );
    expect(s[3].goal).toBe('Build this skill from Not yet toward Beginning.');
  });
  it('nothing rated: no suggestions', () => {
    expect(developmentSuggestions([r('1.1', BLANK, BLANK)], 2, scale)).toEqual([]);
  });
  it('blind spot count and team mean of means', () => {
    expect(
      blindSpotCount([r('a', score(5), score(3)), r('b', score(4), score(3)), r('c', NA, score(1))], 2),
    ).toBe(1);
    expect(teamCategoryMean([4, null, 2.5])).toBe(3.25);
    expect(teamCategoryMean([null])).toBeNull();
  });
});
