/**
 * What the agency rollup takes in (combineTeams) and the sheets it builds (agencyWorkbookPlan), as plain
 * data: files counted once, left out or refused, team labels, the period, settings that differ, other
 * scales, person codes per team; the tables, the period cell and the formulas' references.
 */
import { Worker } from '../../src/domain/csv';
import { library } from '../../src/domain/library';
import { Session } from '../../src/domain/pcoms';
import { Rating } from '../../src/domain/ratings';
import { BLANK, NA, score } from '../../src/domain/scale';
import { DEFAULT_SETTINGS, Settings } from '../../src/domain/settings';
import { combineTeams, TeamFile } from '../../src/workbook/agency';
import {
  AGENCY_RATING_HEADERS,
  AGENCY_SHEETS,
  AGENCY_TABLES,
  AGENCY_TEAM_HEADERS,
  AGENCY_TITLES,
  AGENCY_WORKER_HEADERS,
  agencyWorkbookPlan,
  agencyWorkersLayout,
  isAgencySheet,
} from '../../src/workbook/agencySheets';
import { colName } from '../../src/workbook/a1';
import {
  FIGURES,
  INDEX_COL,
  LOG_COL,
  LOG_HEADERS,
  LOG_LAYOUT,
  logRange,
} from '../../src/workbook/outcomesLog';
import { GROUP_ROWS_COLS, SUMMARY_HEADERS } from '../../src/workbook/outcomesSummary';
import { TeamWorkbook } from '../../src/workbook/read';
import { upgradePlan } from '../../src/workbook/upgrade';

const lib = library();

function worker(id: string, name: string, supervisor = 'Dana Reyes'): Worker {
  return { workerId: id, name, role: 'Recovery Coach', supervisor, startDate: '' };
}

function rating(
  workerId: string,
  period: string,
  id: string,
  self: number | 'na' | null,
  sup: number | null,
): Rating {
  const s = (v: number | 'na' | null) => (v === null ? BLANK : v === 'na' ? NA : score(v));
  return {
    workerId,
    period,
    frameworkId: 'samhsa-core-2015',
    competencyId: id,
    self: s(self),
    supervisor: s(sup),
    notes: '',
  };
}

function session(personCode: string, workerId: string, date: string, n: number): Session {
  return {
    personCode,
    workerId,
    date,
    session: n,
    ors: [5, 5, 5, 5],
    srs: [9, 9, 9, 9],
    ageGroup: 'adult',
  };
}

function book(
  team: Worker[],
  ratings: Rating[] = [],
  sessions: Session[] = [],
  settings: Partial<Settings> = {},
): TeamWorkbook {
  return {
    team,
    settings: { ...DEFAULT_SETTINGS, ...settings },
    frameworkId: 'samhsa-core-2015',
    frameworkIds: ['samhsa-core-2015'],
    periods: [...new Set(ratings.map((r) => r.period))],
    ratings,
    sessions,
    discussionNotes: [],
    typed: [],
    sheets: [],
    upgrade: upgradePlan([]),
  };
}

const file = (name: string, workbook?: TeamWorkbook, bytes?: number[]): TeamFile => ({
  file: name,
  workbook,
  bytes: bytes ? new Uint8Array(bytes) : undefined,
  problems: workbook ? [] : [{ file: name, message: 'has no Team sheet' }],
  warnings: [],
  notes: [],
});

const north = book(
  [worker('N-1', 'Ana Diaz'), worker('N-2', 'Ben Ortiz')],
  [
    rating('N-1', '2026 Q1', '1.1', 4, 3),
    rating('N-2', '2026 q1', '1.1', null, null),
    rating('N-1', '2026 Q2', '1.2', 'na', 2),
  ],
  [session('P1', 'N-1', '2026-01-05', 1)],
);
const south = book(
  [worker('S-1', 'Cy Park', 'Sam Lee')],
  [rating('S-1', '2025 Q4', '1.1', 2, 2), rating('S-1', '2026 Q1', '2.1', 4, 4)],
  [session('P1', 'S-1', '2026-01-07', 1), session('p9', 'S-1', '2026-01-08', 1)],
);

describe('combineTeams: which files count', () => {
  it('counts the same bytes once, leaves out files without a workbook with their reasons', () => {
    const r = combineTeams({
      files: [
        file('north.xlsx', north, [1, 2, 3]),
        file('copy.xlsx', north, [1, 2, 3]),
        file('notes.xlsx'),
        file('south.xlsx', south, [4]),
      ],
      lib,
    });
    expect(r.refused).toEqual([]);
    expect(r.countedOnce).toEqual([
      { file: 'copy.xlsx', sameAs: 'north.xlsx', why: 'it is the same file (identical bytes)' },
    ]);
    expect(r.skipped).toEqual([{ file: 'notes.xlsx', reasons: ['has no Team sheet'] }]);
    expect(r.agency!.teams.map((t) => [t.label, t.file])).toEqual([
      ['Dana Reyes', 'north.xlsx'],
      ['Sam Lee', 'south.xlsx'],
    ]);
  });

  it('counts a re-saved copy (other bytes, the same team, ratings and sessions) once', () => {
    const r = combineTeams({
      files: [file('north.xlsx', north, [1]), file('north-saved.xlsx', structuredClone(north), [2])],
      lib,
    });
    expect(r.refused).toEqual([]);
    expect(r.countedOnce).toEqual([
      { file: 'north-saved.xlsx', sameAs: 'north.xlsx', why: 'it holds the same team, ratings and sessions' },
    ]);
    expect(r.agency!.workers).toHaveLength(2);
  });

  it('refuses a worker id on two Team sheets, naming both files (and both names when they differ)', () => {
    const other = book([worker('n-1', 'Ana Diaz-Ruiz', 'Sam Lee'), worker('N-2', 'Ben Ortiz', 'Sam Lee')]);
    const r = combineTeams({ files: [file('north.xlsx', north), file('south.xlsx', other)], lib });
    expect(r.agency).toBeUndefined();
    expect(r.refused).toEqual([
      {
        file: 'south.xlsx',
        message:
          'worker n-1 is "Ana Diaz-Ruiz" here but "Ana Diaz" in north.xlsx; one worker id names one person: correct the id or the name in one of the two files',
      },
      {
        file: 'south.xlsx',
        message:
          'worker N-2 (Ben Ortiz) is also on the Team sheet of north.xlsx; a worker belongs to one team workbook: take them off one of the two, or leave one file out',
      },
    ]);
  });

  it('has no agency when nothing is usable', () => {
    const r = combineTeams({
      files: [file('a.xlsx'), { ...file('b.xlsx'), what: 'is an agency rollup' }],
      lib,
    });
    expect(r.agency).toBeUndefined();
    expect(r.skipped.map((s) => s.reasons)).toEqual([['has no Team sheet'], ['is an agency rollup']]);
  });
});

describe('combineTeams: labels, period, settings, codes', () => {
  it('labels a team by its one supervisor, else by its file; unique ignoring case, never "Agency", no | * ? ~', () => {
    const mixed = book([worker('M-1', 'Mo', 'Dana Reyes'), worker('M-2', 'Jo', 'Sam Lee')]);
    const same = book([worker('D-1', 'Di', 'dana reyes')]);
    const agency = book([worker('A-1', 'Al', 'Agency')]);
    const odd = book([worker('O-1', 'Ol', '=West|*?~')]);
    const r = combineTeams({
      files: [
        file('north.xlsx', north),
        file('dir/mixed team.xlsx', mixed),
        file('same.xlsx', same),
        file('a.xlsx', agency),
        file('o.xlsx', odd),
      ],
      lib,
    });
    expect(r.agency!.teams.map((t) => t.label)).toEqual([
      'Dana Reyes',
      'mixed team',
      'dana reyes (2)',
      'Agency (2)',
      'West----',
    ]);
  });

  it('de-identified: Team 01, Team 02...', () => {
    const r = combineTeams({
      files: [file('north.xlsx', north), file('south.xlsx', south)],
      lib,
      deidentify: true,
    });
    expect(r.agency!.teams.map((t) => t.label)).toEqual(['Team 01', 'Team 02']);
    expect(r.agency!.notes.join('\n')).not.toMatch(/north|south|Dana|Sam/);
  });

  it('takes the latest period every team with ratings has, periods spelled one way', () => {
    const a = combineTeams({ files: [file('north.xlsx', north), file('south.xlsx', south)], lib }).agency!;
    expect(a.periods).toEqual(['2025 Q4', '2026 Q1', '2026 Q2']);
    expect(a.period).toBe('2026 Q1');
    expect(a.notes).toContain(
      'Period of the competency means: 2026 Q1, the latest every team with ratings has.',
    );
    // typed rows only: N-2's blank row is left out
    expect(a.ratings.map((r) => [r.team, r.workerId, r.period, r.category])).toEqual([
      ['Dana Reyes', 'N-1', '2026 Q1', 'Engages peers in collaborative and caring relationships'],
      ['Dana Reyes', 'N-1', '2026 Q2', 'Engages peers in collaborative and caring relationships'],
      ['Sam Lee', 'S-1', '2025 Q4', 'Engages peers in collaborative and caring relationships'],
      ['Sam Lee', 'S-1', '2026 Q1', 'Provides support'],
    ]);
  });

  it('without a common period takes the latest of any team and names the teams without it', () => {
    const only = book([worker('X-1', 'Xi', 'Lee Ames')], [rating('X-1', '2025 Q3', '1.1', 3, 3)]);
    const a = combineTeams({ files: [file('north.xlsx', north), file('x.xlsx', only)], lib }).agency!;
    expect(a.period).toBe('2026 Q2');
    expect(a.notes).toContain(
      'Period of the competency means: 2026 Q2, the latest of any team (no period is common to every team); no ratings for it in Lee Ames (x).',
    );
  });

  it('a period asked for: spelled as the teams spell it; one no team has is refused', () => {
    const files = [file('north.xlsx', north), file('south.xlsx', south)];
    const a = combineTeams({ files, lib, period: '2025q4' }).agency!;
    expect(a.period).toBe('2025 Q4');
    expect(a.notes).toContain(
      'Period of the competency means: 2025 Q4 (asked for); no ratings for it in Dana Reyes (north).',
    );
    const r = combineTeams({ files, lib, period: '2024 Q1' });
    expect(r.agency).toBeUndefined();
    expect(r.refused).toEqual([
      {
        file: '--period',
        message: 'no team has ratings for "2024 Q1" (periods rated: 2025 Q4, 2026 Q1, 2026 Q2)',
      },
    ]);
  });

  it("uses the first team's settings and names teams whose settings differ; other scales are left out of the means", () => {
    const other = book([worker('S-1', 'Cy Park', 'Sam Lee')], [rating('S-1', '2026 Q1', '1.1', 1, 2)], [], {
      srsCutoff: 35,
      srsCutoffInclusive: true,
      scaleId: 'three-level',
    });
    const a = combineTeams({ files: [file('north.xlsx', north), file('south.xlsx', other)], lib }).agency!;
    expect(a.settings.srsCutoff).toBe(36);
    expect(a.notes).toContain(
      'Sam Lee (south) has other settings (scale three-level, SRS cutoff at or below 35); the agency figures use the ones above.',
    );
    expect(a.notes).toContain(
      'Sam Lee (south) rates on the scale three-level, the agency on default-1-5: its 1 ratings are left out of the competency means (its sessions count).',
    );
    expect(a.ratings.every((r) => r.team === 'Dana Reyes')).toBe(true);
  });

  it('writes person codes per team and says which codes more than one team uses', () => {
    const a = combineTeams({ files: [file('north.xlsx', north), file('south.xlsx', south)], lib }).agency!;
    expect(a.sessions.map((s) => s.personCode)).toEqual(['T01|P1', 'T02|P1', 'T02|p9']);
    expect(a.notes.find((n) => n.startsWith('Person codes'))).toContain(
      'One code appears in more than one team (P1): if a code names one person, that person counts once in each team.',
    );
  });
});

describe('agencyWorkbookPlan', () => {
  const r = combineTeams({ files: [file('north.xlsx', north), file('south.xlsx', south)], lib });
  const plan = agencyWorkbookPlan(r.agency!, { computedAt: '2026-11-25 10:00', rollup: r });
  const sheet = (name: string) => plan.sheets.find((s) => s.name === name)!;

  it('makes the agency sheets, Settings last, each known by its A1', () => {
    expect(plan.sheets.map((s) => s.name)).toEqual([...Object.values(AGENCY_SHEETS), 'Settings']);
    for (const [k, name] of Object.entries(AGENCY_SHEETS)) {
      const a1 = sheet(name).cells[0][0]?.value;
      expect(a1).toBe(AGENCY_TITLES[k as keyof typeof AGENCY_TITLES]);
      expect(isAgencySheet(a1)).toBe(true);
    }
    expect(isAgencySheet('PCOMS outcome log (ORS and SRS item scores)')).toBe(false);
    expect(plan.names.map((n) => n.name)).toContain('PPS_GapThreshold');
  });

  it('has the four tables with their headers, over the rows written', () => {
    const tables = plan.sheets.flatMap((s) => s.tables.map((t) => [s.name, t.name, t.ref, t.columns.length]));
    const L = agencyWorkersLayout(2, 3);
    expect(tables).toEqual([
      [
        AGENCY_SHEETS.workers,
        AGENCY_TABLES.teams,
        `A${L.teamHeader + 1}:N${L.agencyRow + 1}`,
        AGENCY_TEAM_HEADERS.length,
      ],
      [
        AGENCY_SHEETS.workers,
        AGENCY_TABLES.workers,
        `A${L.workerHeader + 1}:N${L.lastWorkerRow + 1}`,
        AGENCY_WORKER_HEADERS.length,
      ],
      [AGENCY_SHEETS.ratings, AGENCY_TABLES.ratings, 'A4:I8', AGENCY_RATING_HEADERS.length],
      [AGENCY_SHEETS.log, AGENCY_TABLES.log, `A5:${colName(LOG_HEADERS.length - 1)}8`, LOG_HEADERS.length],
      ['Settings', 'PPS_Settings', expect.any(String), 4],
    ]);
  });

  it('puts the period in B3 with a list of the periods, and every competency figure reads it', () => {
    const w = sheet(AGENCY_SHEETS.workers);
    expect(w.cells[2][1]?.value).toBe('2026 Q1');
    expect(w.validations).toEqual([
      expect.objectContaining({ ref: 'B3', type: 'list', values: ['2025 Q4', '2026 Q1', '2026 Q2'] }),
    ]);
    const L = agencyWorkersLayout(2, 3);
    const sup = w.cells[L.firstWorkerRow][AGENCY_WORKER_HEADERS.indexOf('Supervisor mean')]?.formula;
    // N-1's rows alone (rows 5-6) while the table is in the order written (K3), every row otherwise
    const over = (a: number, z: number) => {
      const col = (c: string) => `'Agency ratings'!$${c}$${a}:$${c}$${z}`;
      return `IFERROR(AVERAGEIFS(${col('H')},${col('B')},"="&$B$${L.firstWorkerRow + 1},${col('C')},"="&'Agency workers'!$B$3),"")`;
    };
    expect(sup).toBe(`IF('Agency ratings'!$K$3=1,${over(5, 6)},${over(5, 8)})`);
    const sessions = w.cells[L.firstTeamRow + 1][AGENCY_TEAM_HEADERS.indexOf('Sessions')]?.formula;
    // South: the second team row of the summary, after the three workers
    expect(sessions).toBe(`'Agency outcomes'!$D$${5 + 3 + 1 + 1}`);
  });

  it("keeps the agency log as a team's log: rows grouped by person code (team key first), both indexes beside it", () => {
    // North's P1 sees N-1, then P2 sees N-2, then P1 sees N-2: P1's two rows are written together
    const mixed = book(
      [worker('N-1', 'Ana Diaz'), worker('N-2', 'Ben Ortiz')],
      [],
      [
        session('P1', 'N-1', '2026-01-05', 1),
        session('P2', 'N-2', '2026-01-06', 1),
        session('p1', 'N-2', '2026-01-09', 2),
      ],
    );
    const rr = combineTeams({ files: [file('north.xlsx', mixed), file('south.xlsx', south)], lib });
    const log = agencyWorkbookPlan(rr.agency!, { computedAt: 'now', rollup: rr }).sheets.find(
      (s) => s.name === AGENCY_SHEETS.log,
    )!;
    const first = LOG_LAYOUT.firstDataRow;
    const column = (c: number, n: number) =>
      [...Array(n).keys()].map((i) => log.cells[first + i]?.[c]?.value);
    expect(column(LOG_COL.person, 5)).toEqual(['T01|P1', 'T01|p1', 'T01|P2', 'T02|P1', 'T02|p9']);
    expect(column(LOG_COL.worker, 5)).toEqual(['N-1', 'N-2', 'N-2', 'S-1', 'S-1']);
    // one person index entry per person (T01|P1 and T01|p1 are one person, as Excel compares codes)
    expect(column(INDEX_COL.person.code, 5)).toEqual(['T01|P1', 'T01|P2', 'T02|P1', 'T02|p9', undefined]);
    expect(column(INDEX_COL.pair.worker, 6)).toEqual(['N-1', 'N-2', 'N-2', 'S-1', 'S-1', undefined]);
    // every row looks its person up in the index; the summary reads the log by its table's columns
    expect(log.cells[first][LOG_COL.personNo]?.formula).toContain(`MATCH($A${first + 1},$`);
    expect(log.tables[0]).toMatchObject({ name: AGENCY_TABLES.log, calculatedColumns: true });
    const persons = logRange({ sheetName: AGENCY_SHEETS.log, tableName: AGENCY_TABLES.log }, 'person');
    expect(persons).toBe('PPS_AgencyOutcomes[Person code]');
  });

  it("reads a team's rows of the log alone for its summary rows while the log is in person order", () => {
    const o = sheet(AGENCY_SHEETS.outcomes);
    const log = (ref: string) => `'${AGENCY_SHEETS.log}'!${ref}`;
    const col = (c: number) => log(`$${colName(c)}:$${colName(c)}`);
    const inOrder = `${log(FIGURES.ordered)}=${log(FIGURES.last)}`;
    // the summary: N-1, N-2, S-1 (rows 6-8), then North (row 9), South (row 10), Agency
    const [from, to] = GROUP_ROWS_COLS.map(colName);
    const P = INDEX_COL.person;
    // North's people are the person index's first entry (sheet row 6), South's the next two (7-8)
    expect([o.cells[8][GROUP_ROWS_COLS[0]], o.cells[8][GROUP_ROWS_COLS[1]]]).toEqual([
      { formula: `INDEX(${col(P.firstRow)},6)` },
      { formula: `INDEX(${col(P.lastRow)},6)` },
    ]);
    expect(o.cells[9][GROUP_ROWS_COLS[1]]).toEqual({ formula: `INDEX(${col(P.lastRow)},8)` });
    const sessions = SUMMARY_HEADERS.indexOf('Sessions');
    const span = (c: number, row: number) =>
      `INDEX(${col(c)},$${from}$${row}):INDEX(${col(c)},$${to}$${row})`;
    // a worker: its team's rows by worker id; once out of order, every row, its team's codes by worker id
    expect(o.cells[5][sessions]?.formula).toBe(
      `IF(${inOrder},COUNTIFS(${span(LOG_COL.worker, 9)},"=N-1"),` +
        `COUNTIFS(PPS_AgencyOutcomes[Person code],"T01|*",PPS_AgencyOutcomes[Worker ID],"=N-1"))`,
    );
    expect(o.cells[9][sessions]?.formula).toBe(
      `IF(${inOrder},COUNTA(${span(LOG_COL.person, 10)}),COUNTIFS(PPS_AgencyOutcomes[Person code],"T02|*"))`,
    );
    // the agency: every row, no distinct count over the whole log anywhere
    expect(o.cells[10][sessions]?.formula).toBe('COUNTA(PPS_AgencyOutcomes[Person code])');
    const formulas = plan.sheets.flatMap((s) =>
      s.cells.flatMap((r) => r?.map((c) => c?.formula ?? '') ?? []),
    );
    // (the distinct count of before issue 13: SUMPRODUCT(mask/(COUNTIFS(codes,codes)+1-mask)))
    expect(formulas.filter((f) => /\/\(COUNTIFS/.test(f))).toEqual([]);
    expect(Math.max(...formulas.map((f) => f.length))).toBeLessThan(8192);
  });

  it('writes N/A as the scale writes it, and a Gap formula per rating row', () => {
    const rt = sheet(AGENCY_SHEETS.ratings);
    expect(rt.cells[5].slice(6, 9)).toEqual([
      { value: 'N/A' },
      { value: 2 },
      { formula: 'IF(AND(ISNUMBER(G6),ISNUMBER(H6)),H6-G6,"")' },
    ]);
  });

  it('says in the About sheet what was counted once and left out (files hidden when de-identified)', () => {
    const text = (hideFiles: boolean) => {
      const files = [file('north.xlsx', north, [1]), file('copy.xlsx', north, [1]), file('x.xlsx')];
      const withFiles = combineTeams({ files, lib, deidentify: hideFiles });
      return agencyWorkbookPlan(withFiles.agency!, { computedAt: 'now', rollup: withFiles, hideFiles })
        .sheets[0].cells.flatMap((r) => r?.map((c) => c?.value) ?? [])
        .join('\n');
    };
    expect(text(false)).toContain(
      '- copy.xlsx: counted once, it is the same file (identical bytes) as north.xlsx.',
    );
    expect(text(false)).toContain('- x.xlsx: not used. has no Team sheet');
    expect(text(true)).not.toMatch(/north|copy|x\.xlsx/);
    expect(text(true)).toContain(
      '- a file: counted once, it is the same file (identical bytes) as another file.',
    );
  });
});
