/**
 * Writes the synthetic sample in data/sample/ (team.csv, ratings.csv, sessions.csv).
 * Deterministic: the same seed gives the same files. Run: npx ts-node --transpile-only scripts/make-sample-data.ts
 * Everyone in it is made up; people served are codes only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RATING_COLUMNS, SESSION_COLUMNS, TEAM_COLUMNS, writeCsv } from '../src/domain/csv';
import { flattenCompetencies } from '../src/domain/framework';
import { getFramework } from '../src/domain/library';
import { rng } from './rng';

const rand = rng(20260401);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const line = (cells: (string | number)[]) => cells.map(String);
/** The files as they have always been written: the contract's CSV without a byte order mark. */
const csv = (columns: readonly string[], rows: string[][]) => writeCsv(columns, rows, { bom: false });

const out = path.join(__dirname, '../data/sample');
const team = [
  ['PS-101', 'Avery Lindqvist', 'Recovery Coach', 'Jordan Okafor', '2023-03-13'],
  ['PS-102', 'Marisol Teague', 'Recovery Coach', 'Jordan Okafor', '2024-08-05'],
  ['PS-103', 'Desmond Achterberg', 'Peer Specialist - Treatment Courts', 'Jordan Okafor', '2022-11-01'],
  ['PS-104', 'Keiko Brannigan', 'Recovery/Crisis Interventionist', 'Renata Vasquez-Holm', '2025-01-20'],
  ['PS-105', 'Tobias Nwachukwu', 'Peer Specialist - Treatment Courts', 'Renata Vasquez-Holm', '2025-06-02'],
  ['PS-106', 'Loretta Fairweather', 'Recovery Coach', 'Renata Vasquez-Holm', '2026-01-12'],
];
fs.writeFileSync(path.join(out, 'team.csv'), csv(TEAM_COLUMNS, team.map(line)));

// Ratings: three quarters of SAMHSA ratings. Supervisor ratings grow over time; self ratings run
// higher for most workers (shared/domain.md); a few blanks and N/A.
const fw = getFramework('samhsa-core-2015');
const comps = flattenCompetencies(fw);
const periods = ['2026 Q1', '2026 Q2', '2026 Q3'];
const notes = [
  'Strong rapport with new participants.',
  'Discussed in supervision, see plan.',
  'Wants more practice with "warm handoffs", especially at court.',
  'Observed at group, line 1\nand line 2 of a note.',
];
const ratingRows: string[][] = [];
team.forEach(([id], w) => {
  const base = 2.3 + w * 0.25;
  const selfLift = w === 3 ? -0.6 : 0.7 + rand() * 0.5; // one worker underrates herself
  const catSkill = new Map(fw.categories.map((c) => [c.id, normal() * 0.6]));
  periods.forEach((period, p) => {
    if (w === 5 && p === 0) return; // hired in January, first rated in Q2
    for (const c of comps) {
      const true_ = base + p * 0.35 + catSkill.get(c.categoryId)! + normal() * 0.5;
      const sup = clamp(Math.round(true_), 1, 5);
      const self = clamp(Math.round(true_ + selfLift + normal() * 0.7), 1, 5);
      const r = rand();
      const supText = r < 0.04 ? 'N/A' : r < 0.07 ? '' : String(sup);
      const r2 = rand();
      const selfText = r2 < 0.03 ? 'N/A' : r2 < 0.06 ? '' : String(self);
      const note = rand() < 0.05 ? pick(notes) : '';
      ratingRows.push(line([id, period, fw.id, c.id, selfText, supText, note]));
    }
  });
});
fs.writeFileSync(path.join(out, 'ratings.csv'), csv(RATING_COLUMNS, ratingRows));

// Sessions: ~40 people served, weekly sessions in 2026.
const sessionRows: string[][] = [];
const item = (v: number) => clamp(Math.round(v * 10) / 10, 0, 10).toFixed(1);
for (let p = 0; p < 40; p++) {
  const code = `C${String(2001 + p * 7)}`;
  const worker = team[p % team.length][0];
  const age = p % 13 === 5 ? 'adolescent' : 'adult';
  const n = 3 + Math.floor(rand() * 10);
  const intake = clamp(17 + normal() * 5, 4, 34);
  const slope = rand() < 0.15 ? -0.8 : 0.3 + rand() * 1.6;
  const start = new Date(Date.UTC(2026, 0, 5 + Math.floor(rand() * 120)));
  let srsBase = 37.5 + normal() * 1.5;
  for (let s = 1; s <= n; s++) {
    const d = new Date(start.getTime() + (s - 1) * 7 * 86400000);
    const ors = clamp(intake + slope * (s - 1) * (1 - s / 30) + normal() * 1.8, 0, 40);
    srsBase = clamp(srsBase + normal() * 0.8, 26, 40);
    const noSrs = rand() < 0.05;
    const o = [0, 1, 2, 3].map(() => item(ors / 4 + normal() * 0.6));
    const r = [0, 1, 2, 3].map(() => (noSrs ? '' : item(srsBase / 4 + normal() * 0.3)));
    sessionRows.push(line([code, worker, d.toISOString().slice(0, 10), s, ...o, ...r, age]));
  }
}
fs.writeFileSync(path.join(out, 'sessions.csv'), csv(SESSION_COLUMNS, sessionRows));
console.log(
  `wrote ${team.length} workers, ${ratingRows.length} ratings, ${sessionRows.length} sessions to ${out}`,
);
