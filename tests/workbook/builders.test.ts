import { getFramework, getScale, library } from '../../src/domain/library';
import { findRole } from '../../src/domain/roles';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { BLANK, NA, score } from '../../src/domain/scale';
import {
  allocateSheetNames,
  allocateTableNames,
  sanitizeSheetName,
  sanitizeTableName,
} from '../../src/workbook/names';
import { RATING_HEADERS, RATING_LAYOUT, ratingSheet } from '../../src/workbook/rating';
import { findRatingSheet, Grid, ratingsFromSheet, teamFromGrid } from '../../src/workbook/read';
import { settingsFromPairs, settingsSheet } from '../../src/workbook/settingsSheet';
import { SheetPlan } from '../../src/workbook/plan';
import { teamSheet } from '../../src/workbook/team';
import { excelDate, isoDate } from '../../src/workbook/sheet';

const worker = {
  workerId: 'PS-1',
  name: 'Ann Example',
  role: 'Recovery Coach',
  supervisor: 'Sam',
  startDate: '2025-03-04',
};
const samhsa = getFramework('samhsa-core-2015');
const scale = getScale();

/** The values a reader would see: constants only (formulas have no cached value in a fresh plan). */
function grid(plan: SheetPlan): Grid {
  return plan.cells.map((row) =>
    (row ?? []).map((c) => (c && c.formula === undefined ? (c.value ?? null) : null)),
  );
}

describe('names', () => {
  it('sanitizes sheet names: forbidden characters, 31 characters, apostrophes at the ends', () => {
    expect(sanitizeSheetName('Q1/Q2: [draft]*?')).toBe('Q1-Q2- -draft---');
    expect(sanitizeSheetName("'quoted'")).toBe('quoted');
    expect(sanitizeSheetName('x'.repeat(40))).toHaveLength(31);
    expect(sanitizeSheetName('   ')).toBe('Sheet');
    expect(sanitizeSheetName('History')).toBe('History sheet');
  });
  it('never reuses a name in use, ignoring case, and keeps 31 characters with the suffix', () => {
    expect(allocateSheetNames(['Team', 'team', 'PS-1 2026 Q1'], ['TEAM', 'Team (2)'])).toEqual([
      'Team (3)',
      'team (4)',
      'PS-1 2026 Q1',
    ]);
    const long = 'A'.repeat(31);
    const [n] = allocateSheetNames([long], [long]);
    expect(n).toBe(`${'A'.repeat(27)} (2)`);
    expect(n).toHaveLength(31);
  });
  it('table names are valid Excel names and unique', () => {
    expect(sanitizeTableName('Ratings_PS-101_2026 Q1')).toBe('Ratings_PS_101_2026_Q1');
    expect(sanitizeTableName('2026 list')).toBe('T_2026_list');
    expect(sanitizeTableName('A1')).toBe('T_A1');
    expect(allocateTableNames(['T', 't'], ['T'])).toEqual(['T_2', 't_3']);
  });
});

describe('rating sheet plan', () => {
  const role = findRole(library().roles, worker.role);
  const plan = ratingSheet({
    sheetName: 'PS-1 2026 Q1',
    tableName: 'Ratings_PS_1_2026_Q1',
    worker,
    period: '2026 Q1',
    framework: samhsa,
    scale,
    role,
    ratings: [
      {
        workerId: 'PS-1',
        period: '2026 Q1',
        frameworkId: samhsa.id,
        competencyId: '1.1',
        self: score(4),
        supervisor: NA,
        notes: 'n',
      },
    ],
  });
  it('one table with the required headers in order, 62 rows', () => {
    expect(plan.tables).toHaveLength(1);
    expect(plan.tables[0]).toMatchObject({ ref: 'A12:K74', columns: [...RATING_HEADERS] });
    expect(plan.cells[11].slice(0, 11).map((c) => c?.value)).toEqual([...RATING_HEADERS]);
  });
  it('Self/Supervisor have one list validation from the scale and stay unlocked', () => {
    expect(plan.validations).toEqual([
      expect.objectContaining({
        ref: 'D13:E74',
        type: 'list',
        values: ['1', '2', '3', '4', '5', 'N/A'],
        allowBlank: true,
      }),
    ]);
    expect(plan.protection?.unlocked).toEqual(['D13:E74', 'G13:J74']);
  });
  it('gap formula stays blank unless both sides are numbers; role focus marks the profile', () => {
    expect(plan.cells[12][5]).toEqual({ formula: 'IF(AND(ISNUMBER(D13),ISNUMBER(E13)),E13-D13,"")' });
    expect(plan.cells[12].slice(0, 5).map((c) => c?.value)).toEqual([
      samhsa.categories[0].title,
      '1.1',
      samhsa.categories[0].competencies[0].text,
      4,
      'N/A',
    ]);
    expect(plan.cells[12][10]?.value).toBe('Key competency');
    const marked = plan.cells.slice(12, 74).filter((r) => r[10]?.value).length;
    expect(marked).toBeGreaterThan(10);
  });
  it('category block below the table uses AVERAGEIFS with exact criteria and a paired gap; prints the table, then the block', () => {
    // 62 competencies in rows 13-74; the block's title in row 76, its header in 77, categories from 78
    expect(RATING_LAYOUT.blockHeaderRow(62)).toBe(76);
    expect(plan.cells[77][12]?.value).toBe(samhsa.categories[0].title);
    expect(plan.cells[77][13]).toEqual({
      formula: `IFERROR(AVERAGEIFS($D$13:$D$74,$A$13:$A$74,"=${samhsa.categories[0].title}"),"")`,
    });
    // the gap is the mean of the Gap column: over the competencies both rated
    expect(plan.cells[77][15]).toEqual({
      formula: `IFERROR(AVERAGEIFS($F$13:$F$74,$A$13:$A$74,"=${samhsa.categories[0].title}"),"")`,
    });
    expect(plan.print).toEqual({
      orientation: 'landscape',
      paper: 'letter',
      fitToWidth: true,
      titleRows: '12:12',
      areas: ['A1:K74', 'M76:R124'],
      rowBreaks: [93], // the chart (rows 94-117) on a page of its own
    });
    // the chart reads #N/A, not "", where a category has no mean
    expect(plan.charts[0].series.map((s) => s.values.ref)).toEqual(['T78:T89', 'U78:U89']);
    expect(plan.cells[77][19]).toEqual({ formula: 'IF(ISNUMBER(N78),N78,NA())' });
  });
  it('the reader finds the sheet by headers and labels, wherever it sits', () => {
    const g = grid(plan);
    // moved: two blank rows and a column pushed in front
    const moved: Grid = [[], [], ...g.map((row) => [null, ...row])];
    for (const candidate of [g, moved]) {
      const found = findRatingSheet('Renamed sheet', candidate)!;
      expect(found).toMatchObject({
        workerId: 'PS-1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        workerName: 'Ann Example',
      });
      const { ratings, problems } = ratingsFromSheet(found, library().frameworks, scale);
      expect(problems).toEqual([]);
      expect(ratings).toHaveLength(62);
      expect(ratings[0]).toEqual({
        workerId: 'PS-1',
        period: '2026 Q1',
        frameworkId: samhsa.id,
        competencyId: '1.1',
        self: score(4),
        supervisor: NA,
        notes: 'n',
      });
      expect(ratings[1].self).toEqual(BLANK);
    }
    expect(findRatingSheet('Team', grid(teamSheet([worker])))).toBeNull();
  });
  it('a sheet edited into a bad state: text in Self, duplicated id, unknown id are named by cell and skipped', () => {
    const g = grid(plan);
    g[13][3] = 'great';
    g[15][1] = '1.2';
    g[16][1] = '77.7';
    g.splice(20, 1); // a deleted row
    const { ratings, problems } = ratingsFromSheet(
      findRatingSheet('PS-1 2026 Q1', g)!,
      library().frameworks,
      scale,
    );
    expect(problems.map((p) => `${p.file} ${p.cell}: ${p.message}`)).toEqual([
      'Sheet "PS-1 2026 Q1" D14: "great" is not a score (expected a whole number 1-5, N/A or blank); row skipped',
      'Sheet "PS-1 2026 Q1" B16: competency 1.2 appears again (first at B14); row skipped',
      'Sheet "PS-1 2026 Q1" B17: "77.7" is not a competency of samhsa-core-2015; row skipped',
    ]);
    expect(ratings).toHaveLength(62 - 1 - 3);
  });
});

describe('team and settings sheets', () => {
  it('team round trip through the grid, dates as Excel serials', () => {
    const plan = teamSheet([worker, { ...worker, workerId: 'PS-2', startDate: '' }]);
    expect(plan.cells[1][4]).toEqual({ value: excelDate('2025-03-04') });
    expect(excelDate('2025-03-04')).toBe(45720);
    expect(isoDate(45720)).toBe('2025-03-04');
    expect(teamFromGrid(grid(plan))).toEqual([worker, { ...worker, workerId: 'PS-2', startDate: '' }]);
  });
  it('settings sheet round trip, with defined names for the thresholds', () => {
    const { sheet, names } = settingsSheet({
      ...DEFAULT_SETTINGS,
      gapThreshold: 1.5,
      srsCutoffInclusive: true,
    });
    expect(names.find((n) => n.name === 'PPS_GapThreshold')).toEqual({
      name: 'PPS_GapThreshold',
      refersTo: 'Settings!$B$6',
    });
    const pairs = sheet.cells.slice(3).map((r) => [r[2]?.value, r[1]?.value] as [unknown, unknown]);
    expect(settingsFromPairs(pairs)).toEqual({
      ...DEFAULT_SETTINGS,
      gapThreshold: 1.5,
      srsCutoffInclusive: true,
    });
    // a bad value keeps the default instead of breaking the workbook
    expect(settingsFromPairs([['gapThreshold', 'two']]).gapThreshold).toBe(2);
  });
});
