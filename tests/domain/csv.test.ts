import * as fs from 'fs';
import * as path from 'path';
import {
  parseRatingsCsv,
  parseSessionsCsv,
  parseTeamCsv,
  parseDate,
  looksLikeName,
} from '../../src/domain/csv';
import { getFramework, getScale } from '../../src/domain/library';
import { formatProblem } from '../../src/domain/problems';

const ctx = { frameworks: [getFramework('samhsa-core-2015')], scale: getScale() };
const msgs = (ps: { file: string; row?: number; column?: string; message: string }[]) =>
  ps.map(formatProblem);
const sample = (f: string) => fs.readFileSync(path.join(__dirname, '../../data/sample', f), 'utf8');

describe('bundled sample parses cleanly', () => {
  it('team, ratings and sessions have no problems and the documented sizes', () => {
    const team = parseTeamCsv(sample('team.csv'), 'team.csv');
    const ratings = parseRatingsCsv(sample('ratings.csv'), 'ratings.csv', {
      ...ctx,
      workerIds: new Set(team.records.map((w) => w.workerId)),
    });
    const sessions = parseSessionsCsv(sample('sessions.csv'), 'sessions.csv');
    expect([team.problems, ratings.problems, sessions.problems]).toEqual([[], [], []]);
    expect(team.records).toHaveLength(6);
    // 6 workers x 3 periods x 62, less the Q1 sheet of the worker hired in January
    expect(ratings.records).toHaveLength(17 * 62);
    expect(new Set(sessions.records.map((s) => s.personCode)).size).toBe(40);
    // self usually higher (shared/domain.md): more pairs with self > supervisor than the reverse
    const diffs = ratings.records
      .filter((r) => r.self.kind === 'score' && r.supervisor.kind === 'score')
      .map((r) => (r.self as { value: number }).value - (r.supervisor as { value: number }).value);
    expect(diffs.filter((d) => d > 0).length).toBeGreaterThan(2 * diffs.filter((d) => d < 0).length);
    expect(ratings.records.some((r) => r.self.kind === 'na')).toBe(true);
    expect(ratings.records.some((r) => r.supervisor.kind === 'blank')).toBe(true);
  });
});

describe('team.csv', () => {
  it('reads quoted fields and a BOM; reports duplicates, empty names and bad dates by row', () => {
    const text =
      '\uFEFFworker_id,name,role,supervisor,start_date\nW1,"Lee, Sam",Recovery Coach,Ann,2025-02-30\nW1,Kim,,Ann,\nW2,,,Ann,2025-01-05\nW3,Jo,,,3/4/2025\n';
    const { records, problems } = parseTeamCsv(text, 'team.csv');
    expect(msgs(problems)).toEqual([
      'team.csv, row 2, column start_date: "2025-02-30" is not a date (use yyyy-mm-dd)',
      'team.csv, row 4, column name: is empty',
    ]);
    expect(records.map((r) => [r.workerId, r.name, r.startDate])).toEqual([
      ['W1', 'Kim', ''],
      ['W3', 'Jo', '2025-03-04'],
    ]);
  });
  it('a duplicate id names the first row', () => {
    const { problems } = parseTeamCsv(
      'worker_id,name,role,supervisor,start_date\nW1,A,,,\nw1,B,,,\n',
      'team.csv',
    );
    expect(msgs(problems)).toEqual(['team.csv, row 3, column worker_id: "w1" is already used on row 2']);
  });
  it('an id that Excel formulas would read as a pattern is refused, naming the character', () => {
    const { records, problems } = parseTeamCsv(
      'worker_id,name,role,supervisor,start_date\nW*1,A,,,\n<W2,B,,,\nW-3_x,C,,,\n',
      'team.csv',
    );
    expect(msgs(problems)).toEqual([
      'team.csv, row 2, column worker_id: "W*1" contains *, which Excel formulas read as a wildcard; use letters, digits, - or _',
      'team.csv, row 3, column worker_id: "<W2" starts with <, which Excel formulas read as a comparison; start with a letter or digit',
    ]);
    expect(records.map((r) => r.workerId)).toEqual(['W-3_x']);
  });
  it('missing columns and empty files are one clear problem', () => {
    expect(msgs(parseTeamCsv('id,name\nW1,A\n', 'team.csv').problems)).toEqual([
      'team.csv, row 1: is missing columns worker_id, role, supervisor, start_date (expected worker_id,name,role,supervisor,start_date)',
    ]);
    expect(msgs(parseTeamCsv('', 'team.csv').problems)).toEqual([
      'team.csv: is empty (expected a header row: worker_id,name,role,supervisor,start_date)',
    ]);
  });
});

describe('ratings.csv', () => {
  const head = 'worker_id,period,framework,competency_id,self,supervisor,notes\n';
  it('keeps blanks, N/A and multi-line notes; rejects out-of-scale, text, unknown ids and duplicates', () => {
    const text =
      head +
      'W1,2026 Q1,samhsa-core-2015,1.1,4,,"line one\nline two, with comma"\n' +
      'W1,2026 Q1,samhsa-core-2015,1.2,N/A,3,\n' +
      'W1,2026 Q1,samhsa-core-2015,1.3,7,3,\n' +
      'W1,2026 Q1,samhsa-core-2015,9.9,3,3,\n' +
      'W1,2026 Q1,samhsa-core-2015,1.4,abc,3,\n' +
      'W1,2026 Q1,samhsa-core-2015,1.1,2,2,\n' +
      'W1,2026 Q1,nope,1.1,2,2,\n' +
      'W9,2026 Q1,samhsa-core-2015,1.5,2,2,\n';
    const { records, problems } = parseRatingsCsv(text, 'ratings.csv', {
      ...ctx,
      workerIds: new Set(['W1']),
    });
    expect(records.map((r) => [r.competencyId, r.self, r.supervisor, r.notes])).toEqual([
      ['1.1', { kind: 'score', value: 4 }, { kind: 'blank' }, 'line one\nline two, with comma'],
      ['1.2', { kind: 'na' }, { kind: 'score', value: 3 }, ''],
    ]);
    expect(msgs(problems)).toEqual([
      'ratings.csv, row 4, column self: 7 is not on the scale (expected a whole number 1-5, N/A or blank)',
      'ratings.csv, row 5, column competency_id: "9.9" is not a competency of samhsa-core-2015',
      'ratings.csv, row 6, column self: "abc" is not a score (expected a whole number 1-5, N/A or blank)',
      'ratings.csv, row 7, column competency_id: duplicate of row 2 (same worker, period, framework and competency)',
      'ratings.csv, row 8, column framework: "nope" is not a known framework (samhsa-core-2015)',
      'ratings.csv, row 9, column worker_id: "W9" is not on the team',
    ]);
  });
  it('unreadable CSV names the line', () => {
    const { problems } = parseRatingsCsv(head + 'W1,"unterminated,1.1\n', 'ratings.csv', ctx);
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0])).toMatch(/^ratings.csv, row \d+: is not readable CSV/);
  });
});

describe('sessions.csv', () => {
  const head =
    'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n';
  it('accepts items 0-10 with one decimal, blank SRS and default age group', () => {
    const { records, problems } = parseSessionsCsv(
      head + 'C1,W1,2026-02-03,1,4.5,5,6.1,0,9,9,9,9.9,\nC1,W1,2026-02-10,2,10,10,10,10,,,,,adolescent\n',
      's.csv',
    );
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      ors: [4.5, 5, 6.1, 0],
      srs: [9, 9, 9, 9.9],
      ageGroup: 'adult',
      session: 1,
    });
    expect(records[1]).toMatchObject({ srs: [null, null, null, null], ageGroup: 'adolescent' });
  });
  it('rejects each bad row with its reason and keeps the good ones', () => {
    const text =
      head +
      'C1,W1,2026-02-03,1,abc,5,6,7,9,9,9,9,adult\n' +
      'C1,W1,2026-02-03,2,4.55,5,6,7,9,9,9,9,adult\n' +
      'C1,W1,2026-02-03,3,11,5,6,7,9,9,9,9,adult\n' +
      'C1,W1,2026-13-01,4,1,5,6,7,9,9,9,9,adult\n' +
      'Maria Lopez,W1,2026-02-03,5,1,5,6,7,9,9,9,9,adult\n' +
      'C1,W1,2026-02-03,6,1,5,6,7,9,9,9,9,senior\n' +
      'C2,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      'C2,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      'C3,W1,2026-02-03,x,1,1,1,1,9,9,9,9,\n';
    const { records, problems } = parseSessionsCsv(text, 's.csv');
    expect(msgs(problems)).toEqual([
      's.csv, row 2, column ors_individually: "abc" is not a number (expected 0-10, e.g. 7.4)',
      's.csv, row 3, column ors_individually: 4.55 is not a mark from 0 to 10 with at most one decimal',
      's.csv, row 4, column ors_individually: 11 is above 10 (items are 0-10)',
      's.csv, row 5, column date: "2026-13-01" is not a date (use yyyy-mm-dd)',
      's.csv, row 6, column person_code: "Maria Lopez" looks like a name; people served are identified by codes only',
      's.csv, row 7, column age_group: "senior" is not one of adult, adolescent, child',
      's.csv, row 9, column session: duplicate of row 8 (same person, worker, date and session)',
      's.csv, row 10, column session: "x" is not a session number (1, 2, ...)',
    ]);
    expect(records.map((r) => `${r.personCode}#${r.session}`)).toEqual(['C2#1']);
  });
  it('refuses codes and worker ids that COUNTIFS would read as wildcards or comparisons', () => {
    const text =
      head +
      'C?1,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      'C~2,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      '=C3,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      'C4,>W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n' +
      'C-5_a,W1,2026-02-03,1,1,1,1,1,9,9,9,9,\n';
    const { records, problems } = parseSessionsCsv(text, 's.csv');
    expect(msgs(problems)).toEqual([
      's.csv, row 2, column person_code: "C?1" contains ?, which Excel formulas read as a wildcard; use letters, digits, - or _',
      's.csv, row 3, column person_code: "C~2" contains ~, which Excel formulas read as a wildcard; use letters, digits, - or _',
      's.csv, row 4, column person_code: "=C3" starts with =, which Excel formulas read as a comparison; start with a letter or digit',
      's.csv, row 5, column worker_id: ">W1" starts with >, which Excel formulas read as a comparison; start with a letter or digit',
    ]);
    expect(records.map((r) => r.personCode)).toEqual(['C-5_a']);
  });
});

describe('helpers', () => {
  it('dates and name detection', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('12/31/2025')).toBe('2025-12-31');
    expect(parseDate('31/12/2025')).toBeNull();
    expect(looksLikeName('Maria Lopez')).toBe(true);
    expect(looksLikeName("Sean O'Neil")).toBe(true);
    expect(looksLikeName('C2001')).toBe(false);
    expect(looksLikeName('ML-04')).toBe(false);
  });
});
