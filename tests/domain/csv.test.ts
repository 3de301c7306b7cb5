import * as fs from 'fs';
import * as path from 'path';
import {
  decodeText,
  looksLikeName,
  parseDate,
  parseRatingsCsv,
  parseSessionsCsv,
  parseTeamCsv,
  ratingsCsv,
  rosterIds,
  SESSION_COLUMNS,
  sessionsCsv,
  teamCsv,
} from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { BLANK, NA, score } from '../../src/domain/scale';
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

// ---------------------------------------------------------------------------------------
// CSV files as supervisors really have them
// ---------------------------------------------------------------------------------------

const TEAM_HEAD = 'worker_id,name,role,supervisor,start_date\n';
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('decodeText: encodings and files that are not CSV', () => {
  const text = (b: Uint8Array) => {
    const r = decodeText(b, 'team.csv');
    if ('problem' in r) throw new Error(r.problem.message);
    return r;
  };
  it('UTF-8 with and without a byte order mark', () => {
    const utf8 = new Uint8Array(Buffer.from(`${TEAM_HEAD}W1,Siobhán Ó Briain,,,\n`, 'utf8'));
    expect(text(utf8)).toEqual({ text: `${TEAM_HEAD}W1,Siobhán Ó Briain,,,\n`, encoding: 'UTF-8' });
    expect(text(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).text).toBe(
      `${TEAM_HEAD}W1,Siobhán Ó Briain,,,\n`,
    );
  });
  it('Excel\'s plain "CSV (Comma delimited)": Windows-1252, including the 0x80-0x9F characters', () => {
    // 0xE1 á, 0xD3 Ó, 0x93/0x94 curly quotes, 0x96 en dash, 0x80 euro: not valid UTF-8
    const r = text(
      bytes(
        'W1,Siobh',
        [0xe1],
        'n ',
        [0xd3],
        ' Briain,',
        [0x93],
        'Peer',
        [0x94],
        ' ',
        [0x96],
        ' ',
        [0x80],
        '5\n',
      ),
    );
    expect(r.encoding).toBe('Windows-1252');
    expect(r.text).toBe('W1,Siobhán Ó Briain,“Peer” – €5\n');
  });
  it('UTF-16 with a byte order mark (Excel\'s "Unicode Text")', () => {
    const le = Buffer.from('worker_id\tname\nW1\tSiobhán\n', 'utf16le');
    expect(text(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({
      text: 'worker_id\tname\nW1\tSiobhán\n',
      encoding: 'UTF-16',
    });
  });
  it.each([
    [
      'an .xlsx workbook',
      bytes('PK', [3, 4], '....[Content_Types].xml....xl/workbook.xml'),
      /is an Excel workbook \(\.xlsx\), not CSV: save it as "CSV UTF-8 \(Comma delimited\) \(\*\.csv\)" \(Excel: File > Save As\); for a workbook made by this program, use peer-performance export/,
    ],
    [
      'an .ods spreadsheet',
      bytes('PK', [3, 4], '....mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
      /is an OpenDocument spreadsheet \(\.ods\), not CSV: in LibreOffice use File > Save As, "Text CSV \(\.csv\)"/,
    ],
    [
      'an .xls workbook',
      bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      /is an Excel 97-2003 workbook \(\.xls\), not CSV/,
    ],
    ['a PDF', bytes('%PDF-1.7\n%', [0xe2, 0xe3]), /is a PDF document, not CSV/],
    ['a web page', bytes('<!DOCTYPE html><html>'), /is a web page \(HTML\), not CSV/],
    ['a binary file', bytes('ab', [0, 1, 2]), /is not a text file/],
  ])('%s is named for what it is, with what to do', (_, b, message) => {
    const r = decodeText(b, 'team.csv');
    expect('problem' in r && formatProblem(r.problem)).toMatch(new RegExp(`^team\\.csv: ${message.source}`));
  });
});

describe('readCsv: separators and headers as Excel saves them', () => {
  it('semicolons (comma-decimal locales), tabs, and an Excel "sep=" line', () => {
    const semi = parseTeamCsv('worker_id;name;role;supervisor;start_date\nW1;"Lee; Sam";;;\n', 't.csv');
    expect(semi.records.map((w) => w.name)).toEqual(['Lee; Sam']);
    const tab = parseTeamCsv('worker_id\tname\trole\tsupervisor\tstart_date\nW1\tLee, Sam\t\t\t\n', 't.csv');
    expect(tab.records.map((w) => w.name)).toEqual(['Lee, Sam']);
    const sep = parseTeamCsv('sep=;\nworker_id;name;role;supervisor;start_date\nW1;;;;\n', 't.csv');
    // the sep= line is row 1, so the header is row 2 and the first worker row 3
    expect(msgs(sep.problems)).toEqual(['t.csv, row 3, column name: is empty']);
  });
  it("the workbook's own headers, any case and spacing; extra columns ignored; messages use the file's header", () => {
    const r = parseTeamCsv(
      ' WORKER ID ,Name,role,Supervisor,Start  Date,Phone\nW1,Ann,,,2026-02-30,555\nW2,Bo,,,,\n',
      't.csv',
    );
    expect(msgs(r.problems)).toEqual([
      't.csv, row 2, column Start  Date: "2026-02-30" is not a date (use yyyy-mm-dd)',
    ]);
    expect(r.records.map((w) => w.workerId)).toEqual(['W2']);
    expect(r.rejectedIds).toEqual(['W1']);
  });
  it('an outcomes log saved as CSV (its headers and formula columns) reads as sessions', () => {
    const head =
      'Person code,Worker ID,Date,Session,ORS Individually,ORS Interpersonally,ORS Socially,ORS Overall,ORS total,SRS Relationship,SRS Goals and Topics,SRS Approach or Method,SRS Overall,SRS total,Age group,Cutoff\n';
    const r = parseSessionsCsv(`${head}C1,W1,2026-02-03,1,4,5,6,7,22,9,9,9,9,36,Adolescent,28\n`, 'log.csv');
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toMatchObject({ ors: [4, 5, 6, 7], srs: [9, 9, 9, 9], ageGroup: 'adolescent' });
  });
  it('one header problem is one message: two columns for one field, or a rating sheet saved as CSV', () => {
    expect(
      msgs(
        parseTeamCsv('worker_id,Worker ID,name,role,supervisor,start_date\nW1,W1,A,,,\n', 't.csv').problems,
      ),
    ).toEqual(['t.csv, row 1: has two worker_id columns ("worker_id" and "Worker ID"); keep one']);
    const sheet = 'Category,ID,Competency,Self,Supervisor,Gap,Notes\n' + 'I,1.1,x,3,4,1,\n'.repeat(60);
    expect(msgs(parseRatingsCsv(sheet, 'sheet.csv', ctx).problems)).toEqual([
      'sheet.csv, row 1: is missing columns worker_id, period, framework (expected worker_id,period,framework,competency_id,self,supervisor,notes); a rating sheet saved as CSV has no worker and period columns: use peer-performance export on the workbook',
    ]);
  });
  it('an unreadable line names its row once', () => {
    const r = parseTeamCsv(`${TEAM_HEAD}W1,"Ann,,,\nW2,Bo,,,\n`, 't.csv');
    expect(r.problems).toHaveLength(1);
    expect(r.records).toEqual([]);
  });
});

describe('dates: one reading per file, never silently swapped', () => {
  const sessions = (rows: string[], sep = ',') =>
    parseSessionsCsv(
      [
        'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group'.replace(
          /,/g,
          sep,
        ),
        ...rows.map((d, i) =>
          ['C1', 'W1', d, String(i + 1), '5', '5', '5', '5', '', '', '', '', ''].join(sep),
        ),
      ].join('\n'),
      's.csv',
    );
  it('month-first by default (US Excel); day-first when a day above 12 shows it, and said so', () => {
    expect(sessions(['3/4/2026', '3/11/2026']).records.map((s) => s.date)).toEqual([
      '2026-03-04',
      '2026-03-11',
    ]);
    const dmy = sessions(['03/04/2026', '25/04/2026']);
    expect(dmy.records.map((s) => s.date)).toEqual(['2026-04-03', '2026-04-25']);
    expect(dmy.notes).toEqual(['s.csv: dates read day-first (dd/mm/yyyy), as row 3 "25/04/2026" shows']);
  });
  it('d.m.yyyy is day-first; a time after the date is ignored; ISO always reads', () => {
    expect(sessions(['3.4.2026', '1/13/2026 0:00', '2026-05-06']).records.map((s) => s.date)).toEqual([
      '2026-04-03',
      '2026-01-13',
      '2026-05-06',
    ]);
  });
  it('both orders in one file, two-digit years, and ambiguous dates in a ; file are refused with one message', () => {
    const mixed = sessions(['25/04/2026', '04/25/2026']);
    expect(mixed.records).toEqual([]);
    expect(msgs(mixed.problems)).toEqual([
      's.csv, column date: has dates in two orders: row 2 "25/04/2026" is day-first but row 3 "04/25/2026" is month-first; save the dates as yyyy-mm-dd',
    ]);
    expect(msgs(sessions(['3/4/26']).problems)).toEqual([
      's.csv, row 2, column date: "3/4/26" has a two-digit year; save dates as yyyy-mm-dd (or with four-digit years)',
    ]);
    expect(msgs(sessions(['03/04/2026'], ';').problems)).toEqual([
      's.csv, column date: dates such as row 2 "03/04/2026" could be day-first or month-first, and this semicolon-separated file may come from a day-first locale; save the dates as yyyy-mm-dd',
    ]);
    expect(sessions(['25/04/2026', '03/04/2026'], ';').records.map((s) => s.date)).toEqual([
      '2026-04-25',
      '2026-04-03',
    ]);
  });
  it('a session dated before the session numbered before it is flagged, and kept', () => {
    const r = sessions(['2026-01-10', '2026-01-20', '2026-01-15']);
    expect(r.records).toHaveLength(3);
    expect(msgs(r.warnings)).toEqual([
      's.csv, row 4, column date: session 3 of C1 is dated 2026-01-15, before session 2 (2026-01-20); check the date and the session number',
    ]);
  });
});

describe('across files: the roster, period labels and roles', () => {
  it("worker ids take the roster's spelling; an id not on the roster is refused with file, row, column and value", () => {
    const head = 'worker_id,period,framework,competency_id,self,supervisor,notes\n';
    const r = parseRatingsCsv(
      `${head}ps-101,2026 q1,samhsa-core-2015,1.1,3,,\nPS-999,2026 Q1,samhsa-core-2015,1.2,3,,\nPS-101,2026  Q1,samhsa-core-2015,1.3,3,,\n`,
      'ratings.csv',
      { ...ctx, workerIds: rosterIds(['PS-101']), periods: ['2026 Q1'] },
    );
    expect(r.records.map((x) => [x.workerId, x.period, x.competencyId])).toEqual([
      ['PS-101', '2026 Q1', '1.1'],
      ['PS-101', '2026 Q1', '1.3'],
    ]);
    expect(msgs(r.problems)).toEqual(['ratings.csv, row 3, column worker_id: "PS-999" is not on the team']);
    expect(r.notes).toEqual([
      "ratings.csv: worker ids taken as the team's spelling: ps-101 -> PS-101",
      'ratings.csv: period "2026 q1" taken as "2026 Q1" (same label up to case and spacing)',
      'ratings.csv: period "2026  Q1" taken as "2026 Q1" (same label up to case and spacing)',
    ]);
    const s = parseSessionsCsv(
      `${SESSION_COLUMNS.join(',')}\nC1,ps-101,2026-01-02,1,5,5,5,5,,,,,\nC2,Ps-9,2026-01-02,1,5,5,5,5,,,,,\n`,
      'sessions.csv',
      { workerIds: rosterIds(['PS-101']) },
    );
    expect(s.records.map((x) => x.workerId)).toEqual(['PS-101']);
    expect(msgs(s.problems)).toEqual(['sessions.csv, row 3, column worker_id: "Ps-9" is not on the team']);
  });
  it('a role no profile matches is warned about, naming the known roles; a known one in any spelling is not', () => {
    const r = parseTeamCsv(`${TEAM_HEAD}W1,Ann,recovery-coach,,\nW2,Bo,Peer Mentor,,\nW3,Cy,,,\n`, 't.csv', {
      roles: library().roles,
    });
    expect(r.records).toHaveLength(3);
    expect(msgs(r.warnings)).toEqual([
      't.csv, row 3, column role: "Peer Mentor" is not a known role, so no competencies are marked as key for it (known roles: Recovery Coach; Peer Specialist–Treatment Courts; Recovery Interventionist/Crisis Interventionist)',
    ]);
  });
});

describe('writing: one function, and every contract reads back what it wrote', () => {
  it('team, ratings (with the development plan) and sessions round-trip, accents, quotes and line breaks intact', () => {
    const team = [
      {
        workerId: 'W1',
        name: 'Siobhán "Shiv" Ó Briain',
        role: 'Recovery Coach',
        supervisor: 'Lee, Sam',
        startDate: '2025-01-02',
      },
    ];
    const t = teamCsv(team);
    expect(t.startsWith('\uFEFFworker_id,name,role,supervisor,start_date\n')).toBe(true);
    expect(parseTeamCsv(t, 't.csv').records).toEqual(team);
    const ratings = [
      {
        workerId: 'W1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.1',
        self: NA,
        supervisor: score(3),
        notes: 'a\nb; c',
        goal: 'Lead, "well"',
        actionSteps: 'Shadow',
        targetDate: '2026-06-30',
      },
      {
        workerId: 'W1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.2',
        self: BLANK,
        supervisor: score(2),
        notes: '',
      },
    ];
    expect(parseRatingsCsv(ratingsCsv(ratings, getScale()), 'r.csv', ctx).records).toEqual(ratings);
    expect(ratingsCsv(ratings.slice(1), getScale()).split('\n')[0]).toBe(
      '\uFEFFworker_id,period,framework,competency_id,self,supervisor,notes',
    );
    const sessions = parseSessionsCsv(sample('sessions.csv'), 'sessions.csv').records;
    expect(parseSessionsCsv(sessionsCsv(sessions), 's.csv').records).toEqual(sessions);
  });
});
