/**
 * Bringing new data into data a person already typed: what was typed wins, gaps are filled, and every
 * value that differs is listed as a conflict for the person to decide.
 */
import { Session } from './pcoms';
import { Rating } from './ratings';
import { Scale, scoreText } from './scale';

export interface RatingConflict {
  workerId: string;
  period: string;
  frameworkId: string;
  competencyId: string;
  field: string;
  kept: string;
  incoming: string;
}

const ratingKey = (r: Rating) => [r.workerId, r.period, r.frameworkId, r.competencyId].join('\u0000');

/** The fields of a rating a person types, as text (blank = ''). */
function fields(r: Rating, scale: Scale): [string, string][] {
  return [
    ['Self', scoreText(r.self, scale)],
    ['Supervisor', scoreText(r.supervisor, scale)],
    ['Notes', r.notes],
    ['Goal', r.goal ?? ''],
    ['Action steps', r.actionSteps ?? ''],
    ['Target date', r.targetDate ?? ''],
  ];
}

/**
 * Incoming ratings merged into existing ones. Per field (Self, Supervisor, Notes, Goal, Action steps,
 * Target date): an existing value is kept, a blank one is filled, and an incoming value that differs
 * from a kept one is a conflict. Ratings for new keys are added after the existing ones.
 */
export function mergeRatings(
  existing: Rating[],
  incoming: Rating[],
  scale: Scale,
): { ratings: Rating[]; added: number; filled: number; conflicts: RatingConflict[] } {
  const out = new Map(existing.map((r) => [ratingKey(r), r]));
  const conflicts: RatingConflict[] = [];
  let added = 0;
  let filled = 0;
  for (const inc of incoming) {
    const k = ratingKey(inc);
    const cur = out.get(k);
    if (!cur) {
      out.set(k, inc);
      added++;
      continue;
    }
    const now = fields(cur, scale);
    const next = { ...cur };
    fields(inc, scale).forEach(([field, value], i) => {
      const kept = now[i][1];
      if (value === '' || value === kept) return;
      if (kept !== '') {
        const { workerId, period, frameworkId, competencyId } = cur;
        conflicts.push({ workerId, period, frameworkId, competencyId, field, kept, incoming: value });
        return;
      }
      filled++;
      if (field === 'Self') next.self = inc.self;
      else if (field === 'Supervisor') next.supervisor = inc.supervisor;
      else if (field === 'Notes') next.notes = inc.notes;
      else if (field === 'Goal') next.goal = inc.goal;
      else if (field === 'Action steps') next.actionSteps = inc.actionSteps;
      else next.targetDate = inc.targetDate;
    });
    out.set(k, next);
  }
  return { ratings: [...out.values()], added, filled, conflicts };
}

export interface SessionConflict {
  personCode: string;
  workerId: string;
  date: string;
  session: number;
  kept: string;
  incoming: string;
}

const sessionKey = (s: Session) => [s.personCode, s.workerId, s.date, s.session].join('\u0000');
const scores = (s: Session) =>
  `ORS ${s.ors.map((v) => v ?? '-').join('/')}, SRS ${s.srs.map((v) => v ?? '-').join('/')}, ${s.ageGroup}`;

/**
 * Incoming sessions merged into a log: a session already there (same person, worker, date and number)
 * is kept as it is, and listed as a conflict when the incoming scores differ; new sessions are added.
 */
export function mergeSessions(
  existing: Session[],
  incoming: Session[],
): { sessions: Session[]; added: number; same: number; conflicts: SessionConflict[] } {
  const have = new Map(existing.map((s) => [sessionKey(s), s]));
  const sessions = [...existing];
  const conflicts: SessionConflict[] = [];
  let same = 0;
  for (const inc of incoming) {
    const cur = have.get(sessionKey(inc));
    if (!cur) {
      have.set(sessionKey(inc), inc);
      sessions.push(inc);
    } else if (scores(cur) === scores(inc)) same++;
    else {
      const { personCode, workerId, date, session } = cur;
      conflicts.push({ personCode, workerId, date, session, kept: scores(cur), incoming: scores(inc) });
    }
  }
  return { sessions, added: sessions.length - existing.length, same, conflicts };
}
