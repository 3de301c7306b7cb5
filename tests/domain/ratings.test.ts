import { agreement, categorySummaries, flag, gap, Rating, weightedKappa } from '../../src/domain/ratings';
import { BLANK, NA, score, Scale } from '../../src/domain/scale';
import { Framework } from '../../src/domain/framework';

const scale: Scale = {
  id: 't',
  title: 't',
  levels: [1, 2, 3, 4, 5].map((value) => ({ value, label: `L${value}` })),
  notApplicable: { code: 'N/A', label: 'Not observed' },
};
const r = (
  id: string,
  self: ReturnType<typeof score> | typeof BLANK,
  sup: ReturnType<typeof score> | typeof BLANK,
): Rating => ({
  workerId: 'W1',
  period: '2026 Q1',
  frameworkId: 'f',
  competencyId: id,
  self,
  supervisor: sup,
  notes: '',
});

describe('gap and flag', () => {
  it('gap is supervisor minus self, null when a side is blank or N/A', () => {
    expect(gap(r('1.1', score(4), score(2)))).toBe(-2);
    expect(gap(r('1.1', score(2), score(5)))).toBe(3);
    expect(gap(r('1.1', BLANK, score(5)))).toBeNull();
    expect(gap(r('1.1', score(3), NA))).toBeNull();
  });
  it('flags at exactly the threshold, both directions', () => {
    expect(flag(r('a', score(5), score(3)), 2)).toBe('Blind spot');
    expect(flag(r('a', score(3), score(5)), 2)).toBe('Hidden strength');
    expect(flag(r('a', score(4), score(3)), 2)).toBe('Agree');
    expect(flag(r('a', score(4), score(3)), 1)).toBe('Blind spot');
    expect(flag(r('a', NA, score(3)), 2)).toBe('Not rated');
  });
});

describe('category summaries', () => {
  const fw: Framework = {
    id: 'f',
    title: 'f',
    source: 's',
    version: '1',
    categories: [
      {
        id: '1',
        title: 'One',
        description: '',
        competencies: [
          { id: '1.1', text: 'a' },
          { id: '1.2', text: 'b' },
          { id: '1.3', text: 'c' },
        ],
      },
      {
        id: '2',
        title: 'Two',
        description: '',
        competencies: [{ id: '2.1', text: 'd', children: [{ id: '2.1.1', text: 'e' }] }],
      },
    ],
  };
  it('keeps raters apart and never counts blank or N/A as zero', () => {
    const out = categorySummaries(fw, [
      r('1.1', score(5), score(3)),
      r('1.2', NA, score(4)),
      r('1.3', score(4), BLANK),
      r('2.1.1', score(2), score(2)),
    ]);
    // self: (5+4)/2 = 4.5 ; supervisor: (3+4)/2 = 3.5. Only 1.1 is rated by both: the paired gap is
    // 3 - 5 = -2, not the difference of the means (-1), which mixes in 1.2 and 1.3.
    expect(out[0]).toMatchObject({
      selfMean: 4.5,
      supervisorMean: 3.5,
      gap: -2,
      pairedSelfMean: 5,
      pairedSupervisorMean: 3,
      selfCount: 2,
      supervisorCount: 2,
      pairedCount: 1,
    });
    // sub-items count in their category; 2.1 unrated
    expect(out[1]).toMatchObject({ selfMean: 2, supervisorMean: 2, gap: 0, selfCount: 1, pairedCount: 1 });
  });
  it('all blank gives null means, not zero', () => {
    const out = categorySummaries(fw, [r('1.1', BLANK, NA)]);
    expect(out[0]).toMatchObject({ selfMean: null, supervisorMean: null, gap: null, selfCount: 0 });
  });
});

describe('weighted kappa', () => {
  it("reduces to Cohen's kappa on two levels (Wikipedia example: 20/5/10/15 -> 0.4)", () => {
    const pairs: [number, number][] = [
      ...Array(20).fill([1, 1]),
      ...Array(5).fill([1, 2]),
      ...Array(10).fill([2, 1]),
      ...Array(15).fill([2, 2]),
    ];
    expect(weightedKappa(pairs, [1, 2], 'linear')).toBeCloseTo(0.4, 10);
    expect(weightedKappa(pairs, [1, 2], 'quadratic')).toBeCloseTo(0.4, 10);
  });
  it('matches a hand-computed 3-level table', () => {
    // po(lin)=.875 pe(lin)=.5625 -> 5/7 ; po(quad)=.9375 pe(quad)=.6875 -> 0.8
    const pairs: [number, number][] = [
      [1, 1],
      [2, 2],
      [1, 2],
      [3, 3],
    ];
    expect(weightedKappa(pairs, [1, 2, 3], 'linear')).toBeCloseTo(5 / 7, 10);
    expect(weightedKappa(pairs, [1, 2, 3], 'quadratic')).toBeCloseTo(0.8, 10);
  });
  it('is undefined (null) for one pair and for no pairs', () => {
    expect(weightedKappa([[3, 3]], [1, 2, 3, 4, 5], 'linear')).toBeNull();
    expect(weightedKappa([], [1, 2, 3, 4, 5], 'quadratic')).toBeNull();
  });
});

describe('agreement', () => {
  it('exact and within-one shares over pairs with numbers on both sides', () => {
    const a = agreement(
      [
        r('a', score(3), score(3)),
        r('b', score(4), score(3)),
        r('c', score(5), score(2)),
        r('d', score(2), score(2)),
        r('e', NA, score(2)),
        r('f', BLANK, BLANK),
      ],
      scale,
    );
    expect(a.pairs).toBe(4);
    expect(a.exact).toBe(0.5);
    expect(a.withinOne).toBe(0.75);
    expect(a.kappaLinear).not.toBeNull();
  });
  it('every rating N/A: no pairs, null figures', () => {
    expect(agreement([r('a', NA, NA), r('b', NA, BLANK)], scale)).toEqual({
      pairs: 0,
      exact: null,
      withinOne: null,
      kappaLinear: null,
      kappaQuadratic: null,
    });
  });
});
