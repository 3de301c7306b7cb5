import { createOfficeApi } from '../../src/excel/ops';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { createFakeExcel, FakeExcel } from '../support/fakeExcel';

const team = [
  {
    workerId: 'PS-1',
    name: 'Ann Example',
    role: 'Recovery Coach',
    supervisor: 'Sam',
    startDate: '2025-01-06',
  },
  {
    workerId: 'PS-2',
    name: 'Bo Sample',
    role: 'Recovery/Crisis Interventionist',
    supervisor: 'Sam',
    startDate: '',
  },
];

function setup(opts: Parameters<typeof createFakeExcel>[0] = {}): {
  fake: FakeExcel;
  api: ReturnType<typeof createOfficeApi>;
} {
  const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }], ...opts });
  const api = createOfficeApi({
    run: fake.run,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  return { fake, api };
}

const head =
  'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n';

/** A person filtering a table to the given values of one column (Data > Filter). */
async function filterTable(fake: FakeExcel, table: string, column: number, shown: string[]) {
  await fake.run(async (ctx) => {
    ctx.workbook.tables.getItem(table).columns.getItemAt(column).filter.applyValuesFilter(shown);
    await ctx.sync();
  });
}

/** A person typing into cells. */
async function type(fake: FakeExcel, sheet: string, address: string, values: (string | number)[][]) {
  await fake.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(address).values = values;
    await ctx.sync();
  });
}

describe('team and settings live in the workbook', () => {
  it('saves the roster to a new Team sheet, then grows and shrinks it in place', async () => {
    const { fake, api } = setup();
    expect((await api.load()).teamSheet).toBeNull();
    await api.saveTeam(team);
    let state = await api.load();
    expect([state.teamSheet, state.team]).toEqual(['Team', team]);
    const three = [
      ...team,
      { workerId: 'PS-3', name: 'Cy Third', role: '', supervisor: '', startDate: '2026-02-01' },
    ];
    await api.saveTeam(three);
    expect((await api.load()).team).toEqual(three);
    await api.saveTeam([three[2]]);
    state = await api.load();
    expect(state.team).toEqual([three[2]]);
    expect(fake.workbook.tables().find((t) => t.sheet === 'Team')?.name).toBe('PPS_Team');
  });

  it('a roster edited in the pane reads back exactly as typed; start dates stay dates', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team); // the Team sheet is inserted; the edits below rewrite it in place
    const edited = [
      {
        workerId: '0042',
        name: '-Dash Example',
        role: '1-5 coach',
        supervisor: '+Plus Sam',
        startDate: '2025-03-04',
      },
      { workerId: 'PS-2', name: 'Bo Sample', role: '3/4', supervisor: '@Sam', startDate: '' },
      {
        workerId: '50%',
        name: 'TRUE',
        role: '2024-07',
        supervisor: '- needs practice',
        startDate: '2024-07-01',
      },
    ];
    await api.saveTeam(edited);
    expect((await api.load()).team).toEqual(edited);
    expect(fake.workbook.values('Team', 'A2:E2')).toEqual([
      ['0042', '-Dash Example', '1-5 coach', '+Plus Sam', 45720],
    ]);
    expect(fake.workbook.cell('Team', 'D3').formula).toBeUndefined();
    expect(fake.workbook.cell('Team', 'E4').value).toBe(45474); // 2024-07-01 as a date serial
  });

  it('a filtered roster is written in place: the filter is cleared and no row lands on another', async () => {
    const { fake, api } = setup();
    const three = [
      ...team,
      { workerId: 'PS-3', name: 'Cy Third', role: 'Recovery Coach', supervisor: 'Lee', startDate: '' },
    ];
    await api.saveTeam(three);
    await filterTable(fake, 'PPS_Team', 2, ['Recovery Coach']);
    expect(fake.workbook.filteredRows('Team')).toEqual([3]);
    const edited = three.map((w, i) => ({ ...w, supervisor: `Supervisor ${i + 1}` }));
    await api.saveTeam(edited);
    expect(fake.workbook.filteredRows('Team')).toEqual([]);
    expect((await api.load()).team).toEqual(edited);
  });

  it('refuses a roster with an empty or repeated id and changes nothing', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    const before = fake.workbook.values('Team', 'A1:E4');
    await expect(api.saveTeam([...team, { ...team[0], workerId: 'ps-1' }])).rejects.toThrow(
      'Team, row 4, column Worker ID: "ps-1" is used twice',
    );
    expect(fake.workbook.values('Team', 'A1:E4')).toEqual(before);
  });

  it('settings: a Settings sheet the first time, then values rewritten in place', async () => {
    const { fake, api } = setup();
    await api.saveSettings({ ...DEFAULT_SETTINGS, gapThreshold: 3 });
    expect((await api.load()).settings.gapThreshold).toBe(3);
    const names = fake.workbook.names();
    await api.saveSettings({ ...DEFAULT_SETTINGS, gapThreshold: 1, srsCutoff: 35 });
    const s = (await api.load()).settings;
    expect([s.gapThreshold, s.srsCutoff]).toEqual([1, 35]);
    expect(fake.workbook.names()).toEqual(names);
    expect(fake.workbook.sheetNames().filter((n) => n.startsWith('Settings'))).toEqual(['Settings']);
  });
});

describe('review periods, comparisons, trends, dashboard', () => {
  it('inserts one rating sheet per chosen worker, refuses a second time, and reads them back', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    const progress: string[] = [];
    const res = await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] }, (p) =>
      progress.push(p.label),
    );
    expect(res.created).toEqual(['PS-1 2026 Q1', 'PS-2 2026 Q1']);
    expect(progress[progress.length - 1]).toBe('Inserted 2 of 2');
    const sheets = fake.workbook.sheetNames();
    await expect(api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-2'] })).rejects.toThrow(
      'PS-2 already has a rating sheet for 2026 Q1; nothing was inserted.',
    );
    expect(fake.workbook.sheetNames()).toEqual(sheets);
    const state = await api.load();
    expect(state.periods).toEqual(['2026 Q1']);
    expect(state.ratingSheets.map((r) => r.sheet)).toEqual(['PS-1 2026 Q1', 'PS-2 2026 Q1']);
  });

  it('compare builds the sheet, fills empty goals only, and a refresh keeps what a person typed', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    // the supervisor and worker rate: 1.1 self 5 / sup 2 (blind spot), 1.2 4/4; a goal already typed for 1.3
    await type(fake, 'PS-1 2026 Q1', 'D13:E15', [
      [5, 2],
      [4, 4],
      [3, 1],
    ]);
    await type(fake, 'PS-1 2026 Q1', 'H15', [['My own goal']]);
    const first = await api.compare({ period: '2026 Q1', workerId: 'PS-1' });
    expect(first.sheets).toEqual(['Compare PS-1 2026 Q1']);
    expect(first.goalsFilled).toBe(1); // 1.1 gets a goal; 1.3 (lowest) keeps the typed one
    expect(fake.workbook.values('PS-1 2026 Q1', 'H13:H15')).toEqual([
      ['Talk through: self 5, supervisor 2 (Beginning). Agree what Developing looks like.'],
      [''],
      ['My own goal'],
    ]);
    const cmp = 'Compare PS-1 2026 Q1';
    expect(fake.workbook.cell(cmp, 'D11').formula).toMatch(
      /^=IF\(ISNUMBER\(I11\),IF\(INDEX\('PS-1 2026 Q1'!\$D\$13:\$D\$74,I11\)=""/,
    );
    await type(fake, cmp, 'H11', [['Talked on 11/20; agreed to shadow group']]);
    const second = await api.compare({ period: '2026 Q1', workerId: 'PS-1' });
    expect(second.sheets).toEqual([cmp]);
    expect(second.keptCells).toBe(1);
    expect(second.goalsFilled).toBe(0);
    expect(fake.workbook.values(cmp, 'H11')).toEqual([['Talked on 11/20; agreed to shadow group']]);
    expect(fake.workbook.sheetNames().filter((n) => n.startsWith('Compare'))).toEqual([cmp]);
  });

  it('compare for the whole team refreshes every existing comparison with one read and one write', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    await type(fake, 'PS-1 2026 Q1', 'D13:E13', [[5, 2]]);
    const first = await api.compare({ period: '2026 Q1' });
    expect(first.created).toEqual(['Compare PS-1 2026 Q1', 'Compare PS-2 2026 Q1']);
    await type(fake, 'Compare PS-2 2026 Q1', 'H11', [['Agreed a shadow shift']]);
    const before = fake.stats.syncs;
    const again = await api.compare({ period: '2026 Q1' });
    // reading the workbook (3 syncs: names, every sheet's first rows, the period's rating sheets whole) and
    // refreshing both comparisons (2 syncs); the goal was filled before. One sheet at a time this was 2 + 2
    // per worker.
    expect(fake.stats.syncs - before).toBe(5);
    expect([again.sheets, again.created, again.goalsFilled, again.keptCells]).toEqual([
      ['Compare PS-1 2026 Q1', 'Compare PS-2 2026 Q1'],
      [],
      0,
      1,
    ]);
    expect(fake.workbook.values('Compare PS-2 2026 Q1', 'H11')).toEqual([['Agreed a shadow shift']]);
  });

  it('reports rating-sheet problems by cell and still builds the comparison', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    await type(fake, 'PS-1 2026 Q1', 'D13', [['great']]);
    await type(fake, 'PS-1 2026 Q1', 'B15', [['1.2']]);
    const r = await api.compare({ period: '2026 Q1' });
    expect(r.problems.map((p) => `${p.file} ${p.cell}`)).toEqual([
      'Sheet "PS-1 2026 Q1" D13',
      'Sheet "PS-1 2026 Q1" B15',
    ]);
    expect(r.sheets).toEqual(['Compare PS-1 2026 Q1']);
  });

  it('trends and the dashboard over two periods, refreshed in place on the second run', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q2', workerIds: ['PS-1', 'PS-2'] });
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    const t = await api.trends({});
    expect(t.sheets).toEqual(['Trend PS-1', 'Trend PS-2']);
    // periods in meaning order although Q2 was created first
    expect(fake.workbook.values('Trend PS-1', 'A7:A8')).toEqual([['2026 Q1'], ['2026 Q2']]);
    expect(fake.workbook.values('Trend PS-2', 'F7')).toEqual([['no rating sheet']]);
    const d = await api.dashboard({ period: '2026 Q2' });
    expect(d.sheets).toEqual(['Dashboard 2026 Q2']);
    const again = await api.trends({ workerId: 'PS-1' });
    expect([again.sheets, again.changedCells]).toEqual([['Trend PS-1'], 0]);
    expect(fake.workbook.sheetNames().filter((n) => n.startsWith('Trend'))).toEqual([
      'Trend PS-1',
      'Trend PS-2',
    ]);
  });

  it('refreshing trends after a period is added re-points every chart series to the refreshed rows', async () => {
    const steps = async (
      fake: FakeExcel,
      api: ReturnType<typeof createOfficeApi>,
      trendsBetween: boolean,
    ) => {
      await api.saveTeam(team);
      await api.saveSettings(DEFAULT_SETTINGS);
      await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
      if (trendsBetween) await api.trends({ workerId: 'PS-1' });
      await api.insertRatingSheets({ period: '2026 Q2', workerIds: ['PS-1'] });
      await api.trends({ workerId: 'PS-1' });
      return fake.workbook.charts('Trend PS-1').map((c) => ({
        title: c.title,
        series: c.series.map((x) => [x.name, x.values, x.xValues]),
      }));
    };
    const refreshed = setup();
    const made = setup(); // the trend sheet made once, after both periods: exactly the plan's ranges
    const want = await steps(made.fake, made.api, false);
    expect(want.length).toBeGreaterThan(0);
    expect(want[0].series[0][2]).toMatch(/!\$?A\$?7:\$?A\$?8$/); // two periods on the x axis
    expect(await steps(refreshed.fake, refreshed.api, true)).toEqual(want);
  });

  it('a failed insert leaves no sheet behind and says so', async () => {
    const { fake, api } = setup({
      failOn: (op, target) => op === 'ChartCollection.add' && target.sheet === 'PS-2 2026 Q1',
    });
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    const before = fake.workbook.sheetNames();
    await expect(api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] })).rejects.toThrow(
      /PS-2 2026 Q1/,
    );
    expect(fake.workbook.sheetNames()).toEqual(before);
  });
});

describe('outcomes import and sharing', () => {
  it('imports sessions into new outcome sheets, then appends only new rows; names wait for confirmation', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    const first = await api.importSessions(
      head +
        'C1,PS-1,2026-01-05,1,4,4,4,4,9,9,9,9,adult\nC1,PS-1,2026-01-12,2,5,5,5,5,9,9,9,9,\nC2,PS-2,2026-01-06,1,x,5,5,5,9,9,9,9,\n',
      'week1.csv',
    );
    expect([first.accepted, first.duplicates, first.rejected.length]).toEqual([2, 0, 1]);
    expect(first.rejected[0].message).toContain('"x" is not a number');
    expect(first.sheets).toEqual(['Outcomes log', 'Outcomes summary', 'Person C1', 'Settings']);
    expect(fake.workbook.values('Outcomes log', 'A6:B7')).toEqual([
      ['C1', 'PS-1'],
      ['C1', 'PS-1'],
    ]);
    const second = await api.importSessions(
      head +
        'C1,PS-1,2026-01-12,2,5,5,5,5,9,9,9,9,\nC3,PS-2,2026-01-07,1,6,6,6,6,8,8,8,8,\nJane Doe,PS-2,2026-01-07,1,6,6,6,6,8,8,8,8,\n',
      'week2.csv',
    );
    expect([second.accepted, second.duplicates, second.needsConfirmation]).toEqual([1, 1, ['Jane Doe']]);
    expect(fake.workbook.values('Outcomes log', 'A6:A9')).toEqual([['C1'], ['C1'], ['C3'], ['']]);
    expect(fake.workbook.tables().find((t) => t.sheet === 'Outcomes log')?.address).toMatch(/A5:[A-Z]+8$/);
    // the log's total formula now covers the new row
    expect(fake.workbook.cell('Outcomes log', 'I8').formula).toMatch(/^=IF\(COUNT\(\$E8:\$H8\)=4/);
    // a person filters the log to one worker; the next import still writes every row in its place
    const log = fake.workbook.tables().find((t) => t.sheet === 'Outcomes log')!.name;
    await filterTable(fake, log, 1, ['PS-1']);
    expect(fake.workbook.filteredRows('Outcomes log')).toEqual([8]);
    const confirmed = await api.importSessions(
      head + 'Jane Doe,PS-2,2026-01-07,1,6,6,6,6,8,8,8,8,\n',
      'w.csv',
      ['Jane Doe'],
    );
    expect(confirmed.accepted).toBe(1);
    expect(fake.workbook.filteredRows('Outcomes log')).toEqual([]);
    expect(fake.workbook.values('Outcomes log', 'A6:B9')).toEqual([
      ['C1', 'PS-1'],
      ['C1', 'PS-1'],
      ['C3', 'PS-2'],
      ['Jane Doe', 'PS-2'],
    ]);
    for (let row = 6; row <= 9; row++)
      expect(fake.workbook.cell('Outcomes log', `I${row}`).formula).toMatch(
        new RegExp(`^=IF\\(COUNT\\(\\$E${row}:`),
      );
  });

  it('a refresh bigger than one request goes in pieces under the limit, and the whole log is rewritten', async () => {
    // the host refuses requests and responses over 24 KB; the pane's budget is 20 KB
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }], payloadLimitBytes: 24_000 });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      now: () => new Date('2026-11-23T10:00:00Z'),
      maxRequestBytes: 20_000,
    });
    await api.saveTeam(team);
    const rows = (from: number, n: number) =>
      Array.from(
        { length: n },
        (_, i) => `C${from + i},PS-${1 + (i % 2)},2026-02-0${1 + (i % 9)},1,4,4,4,4,9,9,9,9,adult\n`,
      ).join('');
    await api.importSessions(head + rows(1, 40), 'first.csv');
    const before = fake.stats.requestBytes.length;
    const second = await api.importSessions(head + rows(41, 1), 'second.csv');
    expect(second.accepted).toBe(1);
    const sizes = fake.stats.requestBytes.slice(before);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
    expect(Math.max(...fake.stats.responseBytes.slice(before))).toBeLessThanOrEqual(20_000);
    expect(sizes.length).toBeGreaterThan(6); // 41 log rows of 32 columns, about 200 KB of formulas
    // every row's total and first-session formulas point at their own row: no piece was lost
    for (let row = 6; row <= 46; row++) {
      expect(fake.workbook.cell('Outcomes log', `I${row}`).formula).toBe(
        `=IF(COUNT($E${row}:$H${row})=4,ROUND(SUM($E${row}:$H${row}),1),"")`,
      );
      expect(fake.workbook.cell('Outcomes log', `A${row}`).value).toBe(`C${row - 5}`);
    }
  });

  it('the pane loads without reading the outcomes log; an import reads it whole', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    const load = async () => {
      const n = fake.stats.responseBytes.length;
      await api.load();
      return fake.stats.responseBytes.slice(n).reduce((a, b) => a + b, 0);
    };
    const without = await load();
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `C${i},PS-${1 + (i % 2)},2026-02-0${1 + (i % 9)},1,4,4,4,4,9,9,9,9,adult\n`,
    ).join('');
    await api.importSessions(head + rows, 'big.csv');
    const logBytes = JSON.stringify(
      fake.workbook.values('Outcomes log', fake.workbook.usedRange('Outcomes log')!),
    ).length;
    expect(logBytes).toBeGreaterThan(100_000);
    // the log's and the summary's first rows only: a few KB, not the log
    expect((await load()) - without).toBeLessThan(20_000);
    const n = fake.stats.responseBytes.length;
    const again = await api.importSessions(
      head + 'C0,PS-1,2026-02-01,1,4,4,4,4,9,9,9,9,adult\nC999,PS-1,2026-03-01,1,5,5,5,5,9,9,9,9,adult\n',
      'more.csv',
    );
    expect([again.accepted, again.duplicates]).toEqual([1, 1]); // the log was read whole to find the duplicate
    expect(fake.stats.responseBytes.slice(n).reduce((a, b) => a + b, 0)).toBeGreaterThan(logBytes);
  });

  it('shares a de-identified copy whose every part is free of roster names and ids', async () => {
    const JSZip = (await import('jszip')).default;
    const { writeWorkbook } = await import('../../src/xlsx/write');
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      now: () => new Date('2026-11-23T10:00:00Z'),
      writeXlsx: writeWorkbook,
    });
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    await type(fake, 'PS-1 2026 Q1', 'D13:G13', [[5, 2, '', 'Ann Example said Sam Lee helped']]);
    await api.compare({ period: '2026 Q1' });
    const res = await api.shareCopy({
      sheets: ['Compare PS-1 2026 Q1', 'Team'],
      deidentify: true,
      emptyFreeText: true,
    });
    expect(res.fileName).toBe('Peer performance de-identified copy 2026-11-23.xlsx');
    expect(res.removed.join(' ')).toContain('W01');
    const zip = await JSZip.loadAsync(res.bytes);
    const parts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => f.endsWith('.xml'))
        .map(async (f) => [f, await zip.file(f)!.async('string')] as const),
    );
    const needles = ['Ann Example', 'Bo Sample', 'PS-1', 'PS-2', 'PS_1', 'PS_2', 'Sam'];
    const hits = parts.flatMap(([f, xml]) => needles.filter((n) => xml.includes(n)).map((n) => `${f}: ${n}`));
    expect(hits).toEqual([]);
    expect(parts.some(([f]) => f.startsWith('xl/charts/'))).toBe(true);
  });
});

describe('every action completes or leaves the workbook as it was', () => {
  /** Fails the next `times` commands `op` on `sheet` (after `arm()`). */
  const failing = (op: string, sheet: string) => {
    let left = 0;
    let pass = 0;
    return {
      /** Fails the next `times` such commands after letting `skip` of them through. */
      arm: (times = 1, skip = 0) => ((left = times), (pass = skip)),
      failOn: (o: string, t: { sheet?: string }) =>
        o === op && t.sheet === sheet && (pass-- > 0 ? false : left-- > 0),
    };
  };

  it('an import whose formula rewrite fails removes the rows it added: no blank log rows, and it names the step', async () => {
    const f = failing('Range.formulas', 'Outcomes log');
    const { fake, api } = setup({ failOn: f.failOn });
    await api.saveTeam(team);
    await api.importSessions(
      head + 'C1,PS-1,2026-01-05,1,4,4,4,4,9,9,9,9,adult\nC2,PS-2,2026-01-06,1,5,5,5,5,9,9,9,9,\n',
      'a.csv',
    );
    const logTable = () => fake.workbook.tables().find((t) => t.sheet === 'Outcomes log')!.address;
    const before = { table: logTable(), cells: fake.workbook.formulas('Outcomes log', 'A1:AF12') };
    f.arm();
    await expect(
      api.importSessions(
        head + 'C3,PS-1,2026-01-07,1,6,6,6,6,9,9,9,9,\nC4,PS-2,2026-01-08,1,6,6,6,6,9,9,9,9,\n',
        'b.csv',
      ),
    ).rejects.toThrow(
      /Importing the sessions failed while rewriting the outcomes log's and summary's formulas\. Nothing was kept: everything it had changed was put back\.$/,
    );
    expect(logTable()).toBe(before.table);
    expect(fake.workbook.formulas('Outcomes log', 'A1:AF12')).toEqual(before.cells);
    // and the same import goes through once Excel accepts it
    const ok = await api.importSessions(head + 'C3,PS-1,2026-01-07,1,6,6,6,6,9,9,9,9,\n', 'b.csv');
    expect(ok.accepted).toBe(1);
    expect(fake.workbook.values('Outcomes log', 'A6:A9')).toEqual([['C1'], ['C2'], ['C3'], ['']]);
  });

  it('an import that fails after rewriting the rows it kept puts their inputs and the indexes back', async () => {
    const f = failing('Range.formulas', 'Outcomes log');
    const { fake, api } = setup({ failOn: f.failOn });
    await api.saveTeam(team);
    await api.importSessions(
      head + 'C5,PS-1,2026-01-05,1,4,4,4,4,9,9,9,9,adult\nC7,PS-2,2026-01-06,1,5,5,5,5,9,9,9,9,\n',
      'a.csv',
    );
    // the whole log sheet: the table, and the person and pair indexes beside it
    const whole = () => fake.workbook.formulas('Outcomes log', 'A1:BZ14');
    const before = whole();
    // a second session of C5 goes next to its first: C7's inputs move down, so the first write changes them
    f.arm(1, 1);
    await expect(
      api.importSessions(head + 'C5,PS-1,2026-01-12,2,6,6,6,6,9,9,9,9,\n', 'b.csv'),
    ).rejects.toThrow(/Nothing was kept: everything it had changed was put back\.$/);
    expect(whole()).toEqual(before);
    const ok = await api.importSessions(head + 'C5,PS-1,2026-01-12,2,6,6,6,6,9,9,9,9,\n', 'b.csv');
    expect(ok.accepted).toBe(1);
    expect(fake.workbook.values('Outcomes log', 'A6:A9')).toEqual([['C5'], ['C5'], ['C7'], ['']]);
  });

  it('compare whose new sheet fails puts back the refreshed comparison and the goals it filled', async () => {
    const f = failing('Range.formulas', 'Compare PS-2 2026 Q1');
    const { fake, api } = setup({ failOn: f.failOn });
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    await api.compare({ period: '2026 Q1', workerId: 'PS-1' });
    // ratings change, so a refresh rewrites PS-1's comparison and fills goals on both rating sheets
    await type(fake, 'PS-1 2026 Q1', 'D13:E13', [[5, 1]]);
    await type(fake, 'PS-2 2026 Q1', 'D13:E13', [[5, 1]]);
    const snapshot = () =>
      ['PS-1 2026 Q1', 'PS-2 2026 Q1', 'Compare PS-1 2026 Q1'].map((n) =>
        fake.workbook.formulas(n, 'A1:P80'),
      );
    const before = snapshot();
    const sheets = fake.workbook.sheetNames();
    f.arm();
    const err = (await api.compare({ period: '2026 Q1' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /^Inserting the sheets failed while writing the cell values and formulas on sheet "Compare PS-2 2026 Q1"/,
    );
    expect(err.message).toMatch(
      /Building the comparison failed while inserting the new comparison sheets\. Nothing was kept: everything it had changed was put back\.$/,
    );
    expect(fake.workbook.sheetNames()).toEqual(sheets);
    expect(snapshot()).toEqual(before);
  });
});

describe('a cell still being typed in', () => {
  it('an action clicked while a cell is in edit mode waits for the cell to be entered, then completes', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    fake.startCellEdit();
    let done = false;
    const saving = api.saveTeam([...team, { ...team[0], workerId: 'PS-3' }]).then(() => (done = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(done).toBe(false);
    expect((await readTeamIds(fake)).length).toBe(2);
    fake.endCellEdit();
    await saving;
    expect(await readTeamIds(fake)).toEqual(['PS-1', 'PS-2', 'PS-3']);
  });

  it('on a build that cannot wait, the pane says to press Enter, and nothing was changed', async () => {
    const { fake, api } = setup({ ignoresDelayForCellEdit: true });
    await api.saveTeam(team);
    fake.startCellEdit();
    await expect(api.saveTeam([...team, { ...team[0], workerId: 'PS-3' }])).rejects.toThrow(
      'Excel could not start saving the team while a cell is still being typed in. Press Enter (or Esc) to finish that cell, then try again.',
    );
    fake.endCellEdit();
    expect(await readTeamIds(fake)).toEqual(['PS-1', 'PS-2']);
  });
});

/** The roster's ids as the fake workbook holds them. */
async function readTeamIds(fake: FakeExcel): Promise<string[]> {
  return fake.workbook
    .values('Team', 'A2:A20')
    .map((r) => String(r[0]))
    .filter(Boolean);
}

describe('Excel errors in plain words', () => {
  it('on the volume-licensed Excel 2019 (ExcelApi 1.7) the pane says what to use instead, and changes nothing', async () => {
    const { fake, api } = setup({ apiVersion: '1.7' });
    const err = (await api.saveTeam(team).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('it needs the Excel JavaScript API 1.8, and this Excel has 1.7.');
    expect(err.message).toContain('Excel on the web (office.com, in a browser)');
    expect(err.message).toContain('the volume-licensed Excel 2019 that many organizations install does not');
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1']);
  });

  it('a protected Team sheet: the pane says to unprotect it, and the roster is unchanged', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Team').protection.protect();
      await ctx.sync();
    });
    await expect(api.saveTeam([...team, { ...team[0], workerId: 'PS-9' }])).rejects.toThrow(
      /^Excel refused saving the team: a sheet it needs is protected\. Unprotect it \(Review > Unprotect Sheet\) and try again\./,
    );
    expect((await api.load()).team).toEqual(team);
  });
});

describe('files on Excel for Mac and iPad, where download links do nothing', () => {
  const macApi = (fake: FakeExcel, platform: string) =>
    createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      now: () => new Date('2026-11-23T10:00:00Z'),
      platform: () => platform,
      createWorkbook: fake.createWorkbook,
      writeXlsx: async (plan) => (await import('../../src/xlsx/write')).writeWorkbook(plan),
    });

  it('on a Mac the shared copy opens as a new workbook holding exactly the copy', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = macApi(fake, 'Mac');
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    expect((await api.load()).files).toBe('newWorkbook');
    const copy = await api.shareCopy({ sheets: ['Team'], deidentify: true, emptyFreeText: false });
    await api.openFile(copy);
    expect(fake.openedWorkbooks).toHaveLength(1);
    expect(Buffer.from(fake.openedWorkbooks[0]).equals(Buffer.from(copy.bytes))).toBe(true);
    // Windows and the web keep the download link
    expect((await macApi(fake, 'PC').load()).files).toBe('download');
    expect((await macApi(fake, 'OfficeOnline').load()).files).toBe('download');
  });

  it('on a Mac too old to open workbooks, the pane is told there is no way, and opening says what to use', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }], apiVersion: '1.7' });
    const api = macApi(fake, 'Mac');
    expect((await api.load()).files).toBe('none');
    await expect(
      api.openFile({ fileName: 'x.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4]) }),
    ).rejects.toThrow(
      /^This version of Excel is too old for opening x\.xlsx in Excel: it needs the Excel JavaScript API 1\.8, and this Excel has 1\.7\./,
    );
    expect(fake.openedWorkbooks).toEqual([]);
  });
});

describe('self-assessment forms from the pane', () => {
  it('makes one form per worker, collects a filled return into empty Self cells, and holds conflicts for the user', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { writeWorkbook } = await import('../../src/xlsx/write');
    const { loadXlsx, workbookGrids } = await import('../../src/xlsx/read');
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      writeXlsx: writeWorkbook,
      readXlsx: async (bytes, name) => workbookGrids(await loadXlsx(bytes, name)),
    });
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    const forms = await api.createForms({ period: '2026 Q1', workerIds: ['PS-1'] });
    expect(forms.map((f) => f.fileName)).toEqual(['Self-assessment PS-1 2026 Q1.xlsx']);
    // the supervisor already typed Self 4 for 1.2 (a conflict) and a Supervisor rating for 1.1
    await type(fake, 'PS-1 2026 Q1', 'D14', [[4]]);
    await type(fake, 'PS-1 2026 Q1', 'E13', [[3]]);
    // the worker fills 1.1 = 5, 1.2 = 2, 1.3 = N/A in the form, as a spreadsheet program would save it
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(forms[0].bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    const idRow = (id: string) => {
      let found = 0;
      ws.eachRow((row, n) => {
        if (row.getCell(2).value === id) found = n;
      });
      return found;
    };
    ws.getCell(idRow('1.1'), 4).value = 5;
    ws.getCell(idRow('1.2'), 4).value = 2;
    ws.getCell(idRow('1.3'), 4).value = 'N/A';
    // notes from a returned file are untrusted text: they must land as text, never as a formula
    ws.getCell(idRow('1.1'), 5).value = '=HYPERLINK("http://x.invalid","see")';
    ws.getCell(idRow('1.3'), 5).value = '- needs practice';
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const empty = new Uint8Array(0);
    const rep = await api.collectForms([
      { name: 'return.xlsx', bytes: filled },
      { name: 'empty.xlsx', bytes: empty },
    ]);
    expect(rep.files.map((f) => [f.name, f.ok])).toEqual([
      ['return.xlsx', true],
      ['empty.xlsx', false],
    ]);
    expect(rep.files[1].problems[0].message).toMatch(/empty/);
    expect(rep.conflicts.map((c) => [c.competencyId, c.existing, c.incoming])).toEqual([['1.2', '4', '2']]);
    expect(fake.workbook.values('PS-1 2026 Q1', 'D13:E15')).toEqual([
      [5, 3],
      [4, ''],
      ['N/A', ''],
    ]);
    expect(fake.workbook.values('PS-1 2026 Q1', 'G13:G15')).toEqual([
      ['=HYPERLINK("http://x.invalid","see")'],
      [''],
      ['- needs practice'],
    ]);
    expect(fake.workbook.cell('PS-1 2026 Q1', 'G13').formula).toBeUndefined();
    // the user takes the form's value for 1.2
    const again = await api.collectForms([{ name: 'return.xlsx', bytes: filled }], [rep.conflicts[0].key]);
    expect(again.conflicts).toHaveLength(1);
    expect(fake.workbook.values('PS-1 2026 Q1', 'D13:E14')).toEqual([
      [5, 3],
      [2, ''],
    ]);
    // PS-2's sheet was never touched
    expect(fake.workbook.values('PS-2 2026 Q1', 'D13:E14')).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });
});

describe('hostile returned forms in the pane', () => {
  it('refuses a zip bomb and a form with a formula in Self, writes nothing, names the file and the cell', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { writeWorkbook } = await import('../../src/xlsx/write');
    const { loadXlsx, workbookGrids } = await import('../../src/xlsx/read');
    const { FORM_LIMITS } = await import('../../src/xlsx/guard');
    const { bombPart, craftZip, partsOf } = await import('../support/zipcraft');
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      writeXlsx: writeWorkbook,
      // as src/taskpane/index.tsx injects it
      readXlsx: async (bytes, name) => workbookGrids(await loadXlsx(bytes, name, FORM_LIMITS)),
    });
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    const [form] = await api.createForms({ period: '2026 Q1', workerIds: ['PS-1'] });
    const parts = await partsOf(form.bytes);
    const at = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
    parts[at] = await bombPart(parts[at].name, 100 * 1024 * 1024, { declaredBytes: 30_000 });
    const bomb = new Uint8Array(craftZip(parts));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(form.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    ws.getCell('D19').value = { formula: '2+3', result: 5 }; // the first competency's Self
    const withFormula = new Uint8Array(await wb.xlsx.writeBuffer());
    const before = fake.workbook.values('PS-1 2026 Q1', 'A1:K80');
    const rep = await api.collectForms([
      { name: 'bomb.xlsx', bytes: bomb },
      { name: 'formula.xlsx', bytes: withFormula },
    ]);
    expect(rep.files.map((f) => [f.name, f.ok])).toEqual([
      ['bomb.xlsx', false],
      ['formula.xlsx', false],
    ]);
    expect(rep.files[0].problems[0].message).toMatch(
      /^bomb\.xlsx: refused: its part "xl\/worksheets\/sheet1\.xml" inflates past the 30 KB its directory declares/,
    );
    expect(rep.files[1].problems).toEqual([
      { file: 'formula.xlsx', cell: 'D19', message: 'D19 holds a formula; type a value' },
    ]);
    expect(rep.written).toBe(0);
    expect(fake.workbook.values('PS-1 2026 Q1', 'A1:K80')).toEqual(before);
  });
});

describe('person view and agenda from the pane', () => {
  it('adds a person view and a one-on-one agenda over the log; refuses unknown codes and dates', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    await type(fake, 'PS-1 2026 Q1', 'D13:E13', [[5, 2]]);
    await expect(api.personView({ personCode: 'C1' })).rejects.toThrow(
      'There is no outcomes log yet: import sessions first.',
    );
    await api.importSessions(
      head + 'C1,PS-1,2026-01-05,1,4,4,4,4,9,9,9,9,\nC2,PS-1,2026-01-06,1,5,5,5,5,9,9,9,9,\n',
      's.csv',
    );
    const p = await api.personView({ personCode: 'C2' });
    expect(p.sheets).toEqual(['Person C2']);
    await expect(api.personView({ personCode: 'C9' })).rejects.toThrow(
      'The outcomes log has no sessions for "C9".',
    );
    const a = await api.agenda({ workerId: 'PS-1', date: '2026-01-31' });
    expect(a.sheets).toEqual(['Agenda PS-1 2026-01-31']);
    const cells = fake.workbook.values('Agenda PS-1 2026-01-31', 'A1:H60').flat().map(String);
    expect(cells.some((v) => v.startsWith('1.1 '))).toBe(true); // the blind spot from the rating sheet
    await expect(api.agenda({ workerId: 'PS-1', date: '31/01/2026' })).rejects.toThrow(
      '"31/01/2026" is not a date (use yyyy-mm-dd).',
    );
  });
});

describe('agency lists and deleted periods', () => {
  it('an agency list typed as a two-column table becomes a framework choice and rating sheets use it', async () => {
    const { fake, api } = setup({
      existingSheets: [
        { name: 'Sheet1' },
        {
          name: 'Our competencies',
          values: [
            ['Category', 'Competency'],
            ['Ethics', 'Keeps boundaries'],
            ['Ethics', 'Documents on time'],
            ['Outreach', 'Visits shelters weekly'],
          ],
        },
      ],
    });
    await api.saveTeam(team);
    let state = await api.load();
    expect(state.frameworks.find((f) => f.origin === 'workbook')).toEqual({
      id: 'workbook:Our competencies',
      title: 'Our competencies',
      origin: 'workbook',
    });
    await api.saveSettings({ ...state.settings, frameworkId: 'workbook:Our competencies' });
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    expect(fake.workbook.values('PS-1 2026 Q1', 'A13:C15')).toEqual([
      ['Ethics', '1.1', 'Keeps boundaries'],
      ['Ethics', '1.2', 'Documents on time'],
      ['Outreach', '2.1', 'Visits shelters weekly'],
    ]);
    state = await api.load();
    expect(state.ratingSheets.map((r) => r.frameworkId)).toEqual(['workbook:Our competencies']);
  });

  it('an agency list with an empty cell is reported by sheet and row, and not offered', async () => {
    const { api } = setup({
      existingSheets: [
        {
          name: 'List',
          values: [
            ['Category', 'Competency'],
            ['Ethics', ''],
            ['Ethics', 'Listens'],
          ],
        },
      ],
    });
    const state = await api.load();
    expect(state.frameworks.some((f) => f.origin === 'workbook')).toBe(false);
    expect(state.problems.map((p) => `${p.file}, row ${p.row}, ${p.column}: ${p.message}`)).toEqual([
      'Sheet "List", row 2, Competency: is empty',
    ]);
  });

  it('a deleted period drops out of the periods and the trends; a worker in one period only still trends', async () => {
    const { fake, api } = setup();
    await api.saveTeam(team);
    await api.saveSettings(DEFAULT_SETTINGS);
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    await api.insertRatingSheets({ period: '2026 Q2', workerIds: ['PS-1'] });
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('PS-1 2026 Q1').delete();
      await ctx.sync();
    });
    const state = await api.load();
    expect(state.periods).toEqual(['2026 Q1', '2026 Q2']);
    expect(state.ratingSheets.map((r) => r.sheet)).toEqual(['PS-2 2026 Q1', 'PS-1 2026 Q2']);
    await api.trends({});
    expect(fake.workbook.values('Trend PS-1', 'A7:F8').map((r) => [r[0], r[5]])).toEqual([
      ['2026 Q1', 'no rating sheet'],
      ['2026 Q2', 'PS-1 2026 Q2'],
    ]);
    expect(fake.workbook.values('Trend PS-2', 'A7:F8').map((r) => [r[0], r[5]])).toEqual([
      ['2026 Q1', 'PS-2 2026 Q1'],
      ['2026 Q2', 'no rating sheet'],
    ]);
  });
});

describe('a host below ExcelApi 1.9', () => {
  test('the pane is told once that sheets print without their page setup; they are inserted all the same', async () => {
    const { fake, api } = setup({ apiVersion: '1.8' });
    await api.saveTeam(team);
    const state = await api.load();
    expect(state.notices).toEqual([
      'Sheets inserted here print without their page setup (print areas, repeated headers, page breaks, fit ' +
        'to the page width). This version of Excel is too old for setting up printing: it needs the Excel ' +
        'JavaScript API 1.9, and this Excel has 1.8. Microsoft 365 (Excel for Windows or Mac), Office 2021 or ' +
        'later, and Excel on the web (office.com, in a browser) have it; the volume-licensed Excel 2019 that ' +
        'many organizations install does not (it stops at 1.7). Open the workbook in one of those, or ask your ' +
        'IT department for Microsoft 365.',
    ]);
    const res = await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1', 'PS-2'] });
    expect(res.created).toHaveLength(2);
    for (const sheet of res.created) {
      expect(fake.workbook.pageLayout(sheet)).toEqual({ rowBreaks: [] });
      expect(Object.keys(fake.workbook.rowHeights(sheet)).length).toBeGreaterThan(60); // fitted: ExcelApi 1.2
    }
    expect((await setup().api.load()).notices).toEqual([]);
  });
});
