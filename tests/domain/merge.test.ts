/** What update does with new data: typed values win, blanks are filled, differences are conflicts. */
import { getScale } from '../../src/domain/library';
import { mergeRatings, mergeSessions } from '../../src/domain/merge';
import { Session } from '../../src/domain/pcoms';
import { Rating } from '../../src/domain/ratings';
import { BLANK, NA, score } from '../../src/domain/scale';

const r = (competencyId: string, more: Partial<Rating>): Rating => ({
  workerId: 'W1',
  period: '2026 Q1',
  frameworkId: 'samhsa-core-2015',
  competencyId,
  self: BLANK,
  supervisor: BLANK,
  notes: '',
  ...more,
});

describe('mergeRatings', () => {
  it('keeps every typed field, fills blank ones, lists each difference, adds new keys', () => {
    const typed = [r('1.1', { self: score(4), notes: 'typed' }), r('1.2', { supervisor: NA, goal: 'Lead' })];
    const incoming = [
      r('1.1', { self: score(2), supervisor: score(3), notes: 'typed' }), // Self differs, Supervisor fills
      r('1.2', { supervisor: NA, goal: 'Other', targetDate: '2026-06-30' }), // Goal differs, date fills
      r('1.3', { self: score(5) }),
    ];
    const m = mergeRatings(typed, incoming, getScale());
    expect(m.ratings).toEqual([
      r('1.1', { self: score(4), supervisor: score(3), notes: 'typed' }),
      r('1.2', { supervisor: NA, goal: 'Lead', targetDate: '2026-06-30' }),
      r('1.3', { self: score(5) }),
    ]);
    expect([m.added, m.filled]).toEqual([1, 2]);
    expect(m.conflicts).toEqual([
      {
        workerId: 'W1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.1',
        field: 'Self',
        kept: '4',
        incoming: '2',
      },
      {
        workerId: 'W1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.2',
        field: 'Goal',
        kept: 'Lead',
        incoming: 'Other',
      },
    ]);
  });
});

describe('mergeSessions', () => {
  const s = (session: number, ors: Session['ors']): Session => ({
    personCode: 'C1',
    workerId: 'W1',
    date: `2026-01-0${session}`,
    session,
    ors,
    srs: [9, 9, 9, 9],
    ageGroup: 'adult',
  });
  it("keeps the log's sessions, counts the same ones, lists different scores, adds new ones", () => {
    const m = mergeSessions(
      [s(1, [5, 5, 5, 5]), s(2, [6, 6, 6, 6])],
      [s(1, [5, 5, 5, 5]), s(2, [6, 6, 6, 7]), s(3, [7, 7, 7, 7])],
    );
    expect(m.sessions.map((x) => [x.session, x.ors[3]])).toEqual([
      [1, 5],
      [2, 6],
      [3, 7],
    ]);
    expect([m.added, m.same]).toEqual([1, 1]);
    expect(m.conflicts).toEqual([
      {
        personCode: 'C1',
        workerId: 'W1',
        date: '2026-01-02',
        session: 2,
        kept: 'ORS 6/6/6/6, SRS 9/9/9/9, adult',
        incoming: 'ORS 6/6/6/7, SRS 9/9/9/9, adult',
      },
    ]);
  });
});
