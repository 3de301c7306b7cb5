/**
 * Synthetic agencies for the rollup's tests and bench: teams of made-up workers (one supervisor each, ids
 * unique across the agency), SAMHSA ratings for some periods, and sessions whose person codes repeat from
 * team to team (each team numbers its own people), as CSV files in the contracts. Seeded: same seed, same data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ratingsCsv, sessionsCsv, teamCsv, Worker } from '../../src/domain/csv';
import { getScale, library } from '../../src/domain/library';
import { Session } from '../../src/domain/pcoms';
import { Rating } from '../../src/domain/ratings';
import { makeRatings, makeSessions } from '../../bench/data';

export interface TeamData {
  /** File stem: team-01 ... */
  name: string;
  supervisor: string;
  team: Worker[];
  ratings: Rating[];
  sessions: Session[];
}

export interface AgencyShape {
  teams: number;
  workersPerTeam: number;
  sessionsPerTeam: number;
  peoplePerTeam: number;
  /** Review periods; team i rates the last `periods.length - (i % 2)` of them (so not every team has all). */
  periods: string[];
  seed?: number;
}

export function agencyTeams(shape: AgencyShape): TeamData[] {
  const roles = library().roles.map((r) => r.title);
  const seed = shape.seed ?? 17;
  return Array.from({ length: shape.teams }, (_, t) => {
    const supervisor = `Supervisor ${String.fromCharCode(65 + (t % 26))}${t >= 26 ? t : ''} Example`;
    const team: Worker[] = Array.from({ length: shape.workersPerTeam }, (_, i) => ({
      workerId: `T${t + 1}-${String(101 + i)}`,
      name: `Worker ${t + 1}.${i + 1} Example`,
      role: roles[(t + i) % roles.length],
      supervisor,
      startDate: `2024-0${1 + (i % 9)}-1${i % 10}`,
    }));
    const periods = shape.periods.slice(t % 2);
    const ratings = periods.flatMap((p, k) => makeRatings(team, p, seed * 1000 + t * 10 + k));
    // The last worker of a team of 3 or more has no sessions (a new hire): a row with no outcome figures.
    const withSessions = team.length >= 3 ? team.slice(0, -1) : team;
    const sessions = makeSessions(withSessions, shape.sessionsPerTeam, shape.peoplePerTeam, seed + t);
    return { name: `team-${String(t + 1).padStart(2, '0')}`, supervisor, team, ratings, sessions };
  });
}

/** Writes each team's team.csv, ratings.csv and sessions.csv under dir/<name>/; returns the folders. */
export function writeTeamCsvs(dir: string, teams: TeamData[]): string[] {
  return teams.map((t) => {
    const at = path.join(dir, t.name);
    fs.mkdirSync(at, { recursive: true });
    fs.writeFileSync(path.join(at, 'team.csv'), teamCsv(t.team));
    fs.writeFileSync(path.join(at, 'ratings.csv'), ratingsCsv(t.ratings, getScale()));
    fs.writeFileSync(path.join(at, 'sessions.csv'), sessionsCsv(t.sessions));
    return at;
  });
}
