/**
 * PCOMS outcome (ORS) and alliance (SRS) scores: totals, cutoffs, reliable change, alerts and summaries.
 * Rules and thresholds: shared/domain.md. Item names only; the instruments' wording is never reproduced.
 */
import { mean } from './ratings';
import { AgeGroup, Settings } from './settings';

export const ORS_ITEMS = ['Individually', 'Interpersonally', 'Socially', 'Overall'] as const;
export const SRS_ITEMS = ['Relationship', 'Goals and Topics', 'Approach or Method', 'Overall'] as const;

/** Four items 0.0-10.0; null where the item was not marked. */
export type Items = [number | null, number | null, number | null, number | null];

export interface Session {
  personCode: string;
  workerId: string;
  /** ISO date yyyy-mm-dd. */
  date: string;
  session: number;
  ors: Items;
  srs: Items;
  ageGroup: AgeGroup;
}

/** Sum of the four items, rounded to one decimal; null unless all four are present. */
export function total(items: Items): number | null {
  if (items.some((v) => v === null)) return null;
  return Math.round((items as number[]).reduce((a, b) => a + b, 0) * 10) / 10;
}

export function orsCutoff(ageGroup: AgeGroup, s: Settings): number {
  return s.orsCutoff[ageGroup];
}

export function srsBelowCutoff(srsTotal: number, s: Settings): boolean {
  return s.srsCutoffInclusive ? srsTotal <= s.srsCutoff : srsTotal < s.srsCutoff;
}

/** Sessions in the order they happened: date, then session number. */
export function chronological(sessions: Session[]): Session[] {
  return [...sessions].sort((a, b) => a.date.localeCompare(b.date) || a.session - b.session);
}

export type OutcomeCategory =
  | 'Clinically significant change'
  | 'Reliable improvement'
  | 'Reliable deterioration'
  | 'No reliable change'
  | 'Not enough data';

export interface PersonOutcome {
  personCode: string;
  workerId: string;
  sessions: number;
  /** Sessions with a complete ORS. */
  orsCount: number;
  intake: number | null;
  latest: number | null;
  change: number | null;
  cutoff: number;
  category: OutcomeCategory;
  reliablyImproved: boolean;
  clinicallySignificant: boolean;
  deteriorated: boolean;
}

/**
 * Intake is the first complete ORS, latest the last one. With fewer than two ORS scores the
 * category is "Not enough data". The cutoff follows the age group at intake.
 */
export function personOutcome(sessions: Session[], s: Settings): PersonOutcome {
  const ordered = chronological(sessions);
  const scored = ordered.filter((x) => total(x.ors) !== null);
  const first = scored[0];
  const last = scored[scored.length - 1];
  const cutoff = orsCutoff((first ?? ordered[0]).ageGroup, s);
  const intake = first ? total(first.ors) : null;
  const latest = last ? total(last.ors) : null;
  const enough = scored.length >= 2 && intake !== null && latest !== null;
  const change = enough ? Math.round((latest - intake) * 10) / 10 : null;
  const reliablyImproved = change !== null && change >= s.reliableChange;
  const deteriorated = change !== null && change <= -s.reliableChange;
  const clinicallySignificant = reliablyImproved && intake! < cutoff && latest! >= cutoff;
  const category: OutcomeCategory = !enough
    ? 'Not enough data'
    : clinicallySignificant
      ? 'Clinically significant change'
      : reliablyImproved
        ? 'Reliable improvement'
        : deteriorated
          ? 'Reliable deterioration'
          : 'No reliable change';
  return {
    personCode: ordered[0]?.personCode ?? '',
    workerId: last?.workerId ?? ordered[ordered.length - 1]?.workerId ?? '',
    sessions: ordered.length,
    orsCount: scored.length,
    intake,
    latest: enough ? latest : intake,
    change,
    cutoff,
    category,
    reliablyImproved,
    clinicallySignificant,
    deteriorated,
  };
}

export interface SessionAlerts {
  srsBelowCutoff: boolean;
  /** SRS total at least one point lower than at this person's previous session with an SRS. */
  srsDropped: boolean;
  noSrs: boolean;
  /** Any SRS item below the check-in level (uncertain; a setting). */
  srsItemLow: boolean;
}

/** Alerts for every session of one person, in chronological order. */
export function sessionAlerts(
  sessions: Session[],
  s: Settings,
): { session: Session; alerts: SessionAlerts }[] {
  let previousSrs: number | null = null;
  return chronological(sessions).map((session) => {
    const srs = total(session.srs);
    const alerts: SessionAlerts = {
      srsBelowCutoff: srs !== null && srsBelowCutoff(srs, s),
      // rounded to the items' one decimal, so 32.3 -> 31.3 counts as a drop of 1
      srsDropped: srs !== null && previousSrs !== null && Math.round((previousSrs - srs) * 10) / 10 >= 1,
      noSrs: srs === null,
      srsItemLow: session.srs.some((v) => v !== null && v < s.srsItemCheck),
    };
    if (srs !== null) previousSrs = srs;
    return { session, alerts };
  });
}

/** Groups sessions by person code, keeping first-seen order. */
export function byPerson(sessions: Session[]): Map<string, Session[]> {
  const m = new Map<string, Session[]>();
  for (const x of sessions) {
    const list = m.get(x.personCode);
    if (list) list.push(x);
    else m.set(x.personCode, [x]);
  }
  return m;
}

export function sampleSd(values: number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values)!;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

export type EffectBand = 'large' | 'moderate' | 'small to moderate' | 'small';

/** Bands of shared/domain.md: >= 0.8 large, 0.5-0.8 moderate, < 0.3 small (0.3-0.5 in between). */
export function effectBand(es: number): EffectBand {
  if (es >= 0.8) return 'large';
  if (es >= 0.5) return 'moderate';
  if (es >= 0.3) return 'small to moderate';
  return 'small';
}

export interface OutcomeSummary {
  personsServed: number;
  sessions: number;
  /** Persons with an intake and a later ORS: the base of every outcome figure below. */
  personsWithChange: number;
  meanIntake: number | null;
  meanLatest: number | null;
  meanChange: number | null;
  pctReliablyImproved: number | null;
  pctClinicallySignificant: number | null;
  pctDeteriorated: number | null;
  /** Share of sessions with an SRS total whose SRS is below the cutoff. */
  pctSrsBelowCutoff: number | null;
  /** Share of sessions with both an ORS and an SRS total. */
  completeness: number | null;
  /** mean(latest - intake) / SD(intake), over persons with change. */
  effectSize: number | null;
}

/**
 * Provider or agency summary. Means and percentages are over persons with at least two ORS
 * scores (intake and a later one); shares are 0-1.
 */
export function summarize(sessions: Session[], s: Settings): OutcomeSummary {
  const people = [...byPerson(sessions).values()].map((p) => personOutcome(p, s));
  const withChange = people.filter((p) => p.change !== null);
  const share = (n: number, d: number) => (d ? n / d : null);
  const intakes = withChange.map((p) => p.intake!);
  const changes = withChange.map((p) => p.change!);
  const sd = sampleSd(intakes);
  const meanChange = mean(changes);
  const srsTotals = sessions.map((x) => total(x.srs)).filter((v): v is number => v !== null);
  return {
    personsServed: people.length,
    sessions: sessions.length,
    personsWithChange: withChange.length,
    meanIntake: mean(intakes),
    meanLatest: mean(withChange.map((p) => p.latest!)),
    meanChange,
    pctReliablyImproved: share(withChange.filter((p) => p.reliablyImproved).length, withChange.length),
    pctClinicallySignificant: share(
      withChange.filter((p) => p.clinicallySignificant).length,
      withChange.length,
    ),
    pctDeteriorated: share(withChange.filter((p) => p.deteriorated).length, withChange.length),
    pctSrsBelowCutoff: share(srsTotals.filter((t) => srsBelowCutoff(t, s)).length, srsTotals.length),
    completeness: share(
      sessions.filter((x) => total(x.ors) !== null && total(x.srs) !== null).length,
      sessions.length,
    ),
    effectSize: sd && meanChange !== null ? meanChange / sd : null,
  };
}

/**
 * The transparent stand-in for expected treatment response (never the licensed ETR): from the
 * intake score the expected ORS rises in equal steps to cutoff + reliable change by session
 * `expectedSessions`, then stays there. An intake already above that target stays flat.
 */
export function expectedProgress(intake: number, sessionIndex: number, cutoff: number, s: Settings): number {
  const target = Math.max(intake, cutoff + s.reliableChange);
  const steps = Math.max(1, s.expectedSessions - 1);
  const f = Math.min(1, Math.max(0, sessionIndex - 1) / steps);
  return Math.round((intake + (target - intake) * f) * 10) / 10;
}
