/**
 * Workbook settings with the defaults of shared/domain.md. Values marked "uncertain" there are
 * settings for that reason; the README lists them.
 */
export type AgeGroup = 'adult' | 'adolescent' | 'child';

export interface Settings {
  frameworkId: string;
  scaleId: string;
  /** |supervisor - self| at or above this is worth discussing. */
  gapThreshold: number;
  /** ORS clinical cutoff per age group. */
  orsCutoff: Record<AgeGroup, number>;
  /** SRS total below this (or at it, when srsCutoffInclusive) signals a possible alliance problem. */
  srsCutoff: number;
  srsCutoffInclusive: boolean;
  /** An SRS item below this prompts a check-in (uncertain). */
  srsItemCheck: number;
  /** ORS change that counts as reliable (RCI 4.3 rounded up; uncertain). */
  reliableChange: number;
  /** Simple expected-progress model: sessions to reach cutoff + reliableChange from intake. */
  expectedSessions: number;
}

export const DEFAULT_SETTINGS: Settings = {
  frameworkId: 'samhsa-core-2015',
  scaleId: 'default-1-5',
  gapThreshold: 2,
  orsCutoff: { adult: 25, adolescent: 28, child: 32 },
  srsCutoff: 36,
  srsCutoffInclusive: false,
  srsItemCheck: 9,
  reliableChange: 5,
  expectedSessions: 6,
};
