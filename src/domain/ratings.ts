/** Self versus supervisor: gaps, flags, category means per rater, agreement. */
import { Framework, flattenCompetencies } from './framework';
import { Scale, scaleMax, Score, scoreValue } from './scale';

export interface Rating {
  workerId: string;
  period: string;
  frameworkId: string;
  competencyId: string;
  self: Score;
  supervisor: Score;
  notes: string;
  /** The development plan typed beside the rating, when there is one. */
  goal?: string;
  actionSteps?: string;
  /** ISO yyyy-mm-dd. */
  targetDate?: string;
}

export type Flag = 'Blind spot' | 'Hidden strength' | 'Agree' | 'Not rated';

/** Whether anything is typed in a rating: a score on either side, notes, a goal, action steps or a date. */
export function hasTyped(r: Rating): boolean {
  return (
    r.self.kind !== 'blank' ||
    r.supervisor.kind !== 'blank' ||
    !!r.notes ||
    !!r.goal ||
    !!r.actionSteps ||
    !!r.targetDate
  );
}

/** Supervisor minus self; null when either side is blank or N/A. */
export function gap(r: Pick<Rating, 'self' | 'supervisor'>): number | null {
  const s = scoreValue(r.self);
  const v = scoreValue(r.supervisor);
  return s === null || v === null ? null : v - s;
}

export function flag(r: Pick<Rating, 'self' | 'supervisor'>, threshold: number): Flag {
  const g = gap(r);
  if (g === null) return 'Not rated';
  if (-g >= threshold) return 'Blind spot';
  if (g >= threshold) return 'Hidden strength';
  return 'Agree';
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export interface CategorySummary {
  categoryId: string;
  categoryTitle: string;
  /** Each rater's mean over the competencies that rater rated. */
  selfMean: number | null;
  supervisorMean: number | null;
  /**
   * Paired: the mean of Supervisor - Self over the competencies both rated (pairedCount of them), which
   * is pairedSupervisorMean - pairedSelfMean; null without pairs.
   */
  gap: number | null;
  /** Each rater's mean over the pairs only. */
  pairedSelfMean: number | null;
  pairedSupervisorMean: number | null;
  selfCount: number;
  supervisorCount: number;
  /** Competencies with both ratings. */
  pairedCount: number;
}

/**
 * Means per category, each rater apart, and the paired gap. Blank and N/A are left out, never zero.
 * Ratings for ids the framework does not have are ignored.
 */
export function categorySummaries(fw: Framework, ratings: Rating[]): CategorySummary[] {
  const byId = new Map(ratings.map((r) => [r.competencyId, r]));
  const flat = flattenCompetencies(fw);
  return fw.categories.map((cat) => {
    const rows = flat.filter((c) => c.categoryId === cat.id).map((c) => byId.get(c.id));
    const selfs = rows.map((r) => (r ? scoreValue(r.self) : null)).filter((v): v is number => v !== null);
    const sups = rows
      .map((r) => (r ? scoreValue(r.supervisor) : null))
      .filter((v): v is number => v !== null);
    const pairs = rows.filter((r): r is Rating => !!r && gap(r) !== null);
    return {
      categoryId: cat.id,
      categoryTitle: cat.title,
      selfMean: mean(selfs),
      supervisorMean: mean(sups),
      gap: mean(pairs.map((r) => gap(r)!)),
      pairedSelfMean: mean(pairs.map((r) => scoreValue(r.self)!)),
      pairedSupervisorMean: mean(pairs.map((r) => scoreValue(r.supervisor)!)),
      selfCount: selfs.length,
      supervisorCount: sups.length,
      pairedCount: pairs.length,
    };
  });
}

/** Overall means across every rated competency, each rater apart. */
export function overallMeans(ratings: Rating[]): { self: number | null; supervisor: number | null } {
  const vals = (pick: (r: Rating) => Score) =>
    ratings.map((r) => scoreValue(pick(r))).filter((v): v is number => v !== null);
  return { self: mean(vals((r) => r.self)), supervisor: mean(vals((r) => r.supervisor)) };
}

export interface Agreement {
  /** Competencies rated by both (numbers on both sides). */
  pairs: number;
  /** Share 0-1 with identical ratings; null without pairs. */
  exact: number | null;
  /** Share 0-1 within one point. */
  withinOne: number | null;
  kappaLinear: number | null;
  kappaQuadratic: number | null;
}

/**
 * Cohen's weighted kappa over a k x k table of the scale's levels (self in rows, supervisor in columns).
 * Agreement weights: linear 1 - |i-j|/(k-1), quadratic 1 - (i-j)^2/(k-1)^2.
 * Null when there are no pairs or chance agreement is already perfect (kappa undefined).
 */
export function weightedKappa(
  pairs: [number, number][],
  levels: number[],
  weighting: 'linear' | 'quadratic',
): number | null {
  if (pairs.length === 0) return null;
  const k = levels.length;
  const idx = new Map(levels.map((v, i) => [v, i]));
  const n = pairs.length;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  const obs = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) {
    const i = idx.get(a);
    const j = idx.get(b);
    if (i === undefined || j === undefined)
      throw new Error(`Rating ${i === undefined ? a : b} is not a level`);
    obs[i][j] += 1 / n;
    rows[i] += 1 / n;
    cols[j] += 1 / n;
  }
  const w = (i: number, j: number) =>
    weighting === 'linear' ? 1 - Math.abs(i - j) / (k - 1) : 1 - (i - j) ** 2 / (k - 1) ** 2;
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      po += w(i, j) * obs[i][j];
      pe += w(i, j) * rows[i] * cols[j];
    }
  if (Math.abs(1 - pe) < 1e-12) return null;
  return (po - pe) / (1 - pe);
}

export function agreement(ratings: Pick<Rating, 'self' | 'supervisor'>[], scale: Scale): Agreement {
  const pairs: [number, number][] = [];
  for (const r of ratings) {
    const s = scoreValue(r.self);
    const v = scoreValue(r.supervisor);
    if (s !== null && v !== null) pairs.push([s, v]);
  }
  const levels = scale.levels.map((l) => l.value).sort((a, b) => a - b);
  const share = (pred: (d: number) => boolean) =>
    pairs.length ? pairs.filter(([a, b]) => pred(Math.abs(a - b))).length / pairs.length : null;
  return {
    pairs: pairs.length,
    exact: share((d) => d === 0),
    withinOne: share((d) => d <= 1),
    kappaLinear: weightedKappa(pairs, levels, 'linear'),
    kappaQuadratic: weightedKappa(pairs, levels, 'quadratic'),
  };
}

export interface ComparisonRow {
  competencyId: string;
  gap: number | null;
  flag: Flag;
}

export function comparisonRows(ratings: Rating[], threshold: number): ComparisonRow[] {
  return ratings.map((r) => ({ competencyId: r.competencyId, gap: gap(r), flag: flag(r, threshold) }));
}

/** Competencies where self is higher than supervisor by the threshold or more. */
export function blindSpotCount(ratings: Rating[], threshold: number): number {
  return ratings.filter((r) => flag(r, threshold) === 'Blind spot').length;
}

export interface Suggestion {
  competencyId: string;
  reason: 'Blind spot' | 'Lowest supervisor rating';
  self: number | null;
  supervisor: number;
  goal: string;
}

/**
 * Candidate development goals: the largest blind spots first (self - supervisor, largest first),
 * then the lowest supervisor ratings below the middle of the scale; `perKind` of each, ties broken
 * by framework order.
 * Only competencies with a supervisor rating are suggested.
 */
export function developmentSuggestions(
  ordered: Rating[],
  threshold: number,
  scale: Scale,
  perKind = 3,
): Suggestion[] {
  const label = (v: number) => scale.levels.find((l) => l.value === v)?.label ?? String(v);
  const rated = ordered
    .map((r, i) => ({ r, i, self: scoreValue(r.self), sup: scoreValue(r.supervisor) }))
    .filter((x): x is { r: Rating; i: number; self: number | null; sup: number } => x.sup !== null);
  const blind = rated
    .filter((x) => x.self !== null && x.self - x.sup >= threshold)
    .sort((a, b) => b.self! - b.sup - (a.self! - a.sup) || a.i - b.i)
    .slice(0, perKind);
  const taken = new Set(blind.map((x) => x.r.competencyId));
  // "Lowest" means below the middle of the scale (1-5: Not yet and Beginning), not merely the lowest given.
  const levels = scale.levels.map((l) => l.value).sort((a, b) => a - b);
  const middle = levels[Math.floor(levels.length / 2)];
  const lowest = rated
    .filter((x) => !taken.has(x.r.competencyId) && x.sup < middle)
    .sort((a, b) => a.sup - b.sup || a.i - b.i)
    .slice(0, perKind);
  return [
    ...blind.map((x) => ({
      competencyId: x.r.competencyId,
      reason: 'Blind spot' as const,
      self: x.self,
      supervisor: x.sup,
      goal: `Talk through: self ${x.self}, supervisor ${x.sup} (${label(x.sup)}). Agree what ${label(x.sup + 1 <= scaleMax(scale) ? x.sup + 1 : x.sup)} looks like.`,
    })),
    ...lowest.map((x) => ({
      competencyId: x.r.competencyId,
      reason: 'Lowest supervisor rating' as const,
      self: x.self,
      supervisor: x.sup,
      goal: `Build this skill from ${label(x.sup)} toward ${label(Math.min(scaleMax(scale), x.sup + 1))}.`,
    })),
  ];
}

/** Mean of the workers' category means (each worker counts once); null when no worker has one. */
export function teamCategoryMean(perWorker: (number | null)[]): number | null {
  return mean(perWorker.filter((v): v is number => v !== null));
}
