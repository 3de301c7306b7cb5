/**
 * The Agency tab's action over the fake Excel host: team workbooks (built by the CLI, read by the same reader
 * as `rollup`, WORKBOOK_LIMITS) rolled up into the open workbook's agency sheets; run again, the sheets are
 * replaced in place (names, positions, tables; a sheet a person renamed keeps its name); a failure on the
 * way leaves the old sheets as they were; a team workbook is refused; the agency log is never taken for a
 * team's own outcomes log.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { library } from '../../src/domain/library';
import { createOfficeApi } from '../../src/excel/ops';
import { AGENCY_SHEETS, AGENCY_TABLES } from '../../src/workbook/agencySheets';
import { readTeamFile } from '../../src/xlsx/teamFile';
import { createFakeExcel, FakeExcelOptions } from '../support/fakeExcel';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-agency-pane-'));
const sample = (f: string) => path.join(root, 'data/sample', f);

function setup(opts: FakeExcelOptions = {}) {
  const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }], ...opts });
  const api = createOfficeApi({
    run: fake.run,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    now: () => new Date('2026-11-25T10:00:00Z'),
    readTeamFile: (bytes, name) => readTeamFile(bytes, name, library()),
  });
  return { fake, api };
}

let north: { name: string; bytes: Uint8Array };
let south: { name: string; bytes: Uint8Array };
beforeAll(async () => {
  const cli = (...args: string[]) => runCli(args, { out: () => {}, err: () => {}, cwd: tmp });
  expect(await cli('demo', '--out', 'north.xlsx')).toBe(0);
  fs.writeFileSync(
    path.join(tmp, 'south.csv'),
    'worker_id,name,role,supervisor,start_date\nS-1,Cy Park,Recovery Coach,Sam Lee,2025-01-01\n',
  );
  expect(await cli('build', '--team', 'south.csv', '--period', '2026 Q3', '--out', 'south.xlsx')).toBe(0);
  const file = (n: string) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(tmp, n))) });
  north = file('north.xlsx');
  south = file('south.xlsx');
  expect(fs.existsSync(sample('team.csv'))).toBe(true);
}, 120_000);

const agencyNames = Object.values(AGENCY_SHEETS);

describe('the Agency tab', () => {
  it('writes the agency sheets and Settings into an empty workbook', async () => {
    const { fake, api } = setup();
    const r = await api.rollup([north]);
    expect(r.refreshed).toBe(false);
    expect(r.sheets).toEqual(agencyNames);
    expect(r.teams).toEqual([{ label: 'north', file: 'north.xlsx', workers: 6, sessions: 278 }]);
    expect(r.period).toBe('2026 Q3');
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1', ...agencyNames, 'Settings']);
    expect(fake.workbook.tables().map((t) => [t.sheet, t.name])).toEqual([
      [AGENCY_SHEETS.workers, AGENCY_TABLES.teams],
      [AGENCY_SHEETS.workers, AGENCY_TABLES.workers],
      [AGENCY_SHEETS.ratings, AGENCY_TABLES.ratings],
      [AGENCY_SHEETS.log, AGENCY_TABLES.log],
      ['Settings', 'PPS_Settings'],
    ]);
    expect(fake.workbook.values(AGENCY_SHEETS.workers, 'B3')).toEqual([['2026 Q3']]);
    // the pane's state: no team, and the agency log is not a team's outcomes log
    const state = await api.load();
    expect(state.teamSheet).toBeNull();
    await expect(api.personView({ personCode: 'T01|C2001' })).rejects.toThrow(
      'There is no outcomes log yet: import sessions first.',
    );
  });

  it('run again: replaced in place, same names and positions, no old sheet or table left; a renamed sheet keeps its name', async () => {
    const { fake, api } = setup({ existingSheets: [{ name: 'Sheet1' }, { name: 'Notes' }] });
    await api.rollup([north]);
    // the person moves Notes to the end and renames the workers sheet
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Notes').position = 8;
      ctx.workbook.worksheets.getItem(AGENCY_SHEETS.workers).name = 'Workers 2026';
      await ctx.sync();
    });
    const before = fake.workbook.sheetNames();
    const r = await api.rollup([north, south], { period: '2026 q3' });
    expect(r.refreshed).toBe(true);
    expect(r.teams.map((t) => t.label)).toEqual(['north', 'Sam Lee']);
    expect(fake.workbook.sheetNames()).toEqual(before);
    expect(before).toEqual([
      'Sheet1',
      'About this rollup',
      'Workers 2026',
      ...agencyNames.slice(2),
      'Settings',
      'Notes',
    ]);
    expect(
      fake.workbook
        .tables()
        .map((t) => t.name)
        .sort(),
    ).toEqual([...Object.values(AGENCY_TABLES), 'PPS_Settings'].sort());
    // two teams now; the heatmap reads the period from the renamed sheet
    expect(fake.workbook.values('Workers 2026', 'A7:A9')).toEqual([['north'], ['Sam Lee'], ['Agency']]);
    expect(String(fake.workbook.formulas(AGENCY_SHEETS.heatmap, 'B3')[0][0])).toBe(
      '=IF(\'Workers 2026\'!$B$3="","",\'Workers 2026\'!$B$3)',
    );
  });

  it('a failure while inserting leaves the old agency sheets as they were', async () => {
    let failing = false;
    const { fake, api } = setup({
      failOn: (op, t) => failing && op === 'ChartCollection.add' && t.sheet === AGENCY_SHEETS.outcomes,
    });
    await api.rollup([north]);
    const names = fake.workbook.sheetNames();
    const tables = fake.workbook.tables().map((t) => t.name);
    const cells = fake.workbook.formulas(AGENCY_SHEETS.workers, 'A1:N20');
    failing = true;
    await expect(api.rollup([north, south])).rejects.toThrow(/Nothing was kept|put back/);
    expect(fake.workbook.sheetNames()).toEqual(names);
    expect(fake.workbook.tables().map((t) => t.name)).toEqual(tables);
    expect(fake.workbook.formulas(AGENCY_SHEETS.workers, 'A1:N20')).toEqual(cells);
  });

  it('refuses a team workbook and says why, writing nothing', async () => {
    const { fake, api } = setup({
      existingSheets: [{ name: 'Team', values: [['Worker ID', 'Name', 'Role', 'Supervisor', 'Start date']] }],
    });
    await expect(api.rollup([north])).rejects.toThrow(
      'This is a team workbook (its roster is on the sheet "Team"). Open a new, empty workbook for the agency view',
    );
    expect(fake.workbook.sheetNames()).toEqual(['Team']);
  });

  it('files that are not team workbooks are left out with the reason; none usable: nothing written', async () => {
    const { fake, api } = setup();
    const csv = { name: 'notes.csv', bytes: new TextEncoder().encode('a,b\n1,2\n') };
    await expect(api.rollup([csv])).rejects.toThrow(
      'None of the files is a team workbook that can be used: notes.csv: is a text file (CSV?), not an .xlsx workbook',
    );
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
    const r = await api.rollup([csv, north, north]);
    expect(r.skipped).toEqual([{ file: 'notes.csv', reasons: [expect.stringMatching(/^is a text file/)] }]);
    expect(r.countedOnce).toEqual([
      { file: 'north.xlsx', sameAs: 'north.xlsx', why: 'it is the same file (identical bytes)' },
    ]);
  });
});
