/**
 * "Update this workbook" from the pane, over the fake Excel host. The workbook is the first release's
 * fixture (tests/fixtures/layouts/0.1.0/) opened in the fake, typed into as a supervisor would (a rating
 * changed, notes, a goal with action steps and target date, a discussion note, agenda notes, a Work
 * Process Schedule entry, a session typed below the log, a setting), the Team sheet renamed "Roster", and
 * a sheet and a defined name of the supervisor's own that point into the generated sheets.
 *
 * Loading writes nothing and offers the update; the update rewrites every generated sheet so that it holds,
 * cell for cell, what a fresh render of the same data through the same fake holds, keeps every typed
 * value and the person's own sheet and name, and records the layout; a failure at any step leaves the
 * workbook exactly as it was and names the step; a newer workbook is refused and a current one left alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { library } from '../../src/domain/library';
import { createOfficeApi } from '../../src/excel/ops';
import { readWorkbook } from '../../src/excel/read';
import { insertPlans } from '../../src/excel/render';
import { parseRange, rangeRef } from '../../src/workbook/a1';
import { findHeaderRow, Grid } from '../../src/workbook/grid';
import { readTeamWorkbook, TeamWorkbook } from '../../src/workbook/read';
import { LAYOUT_0_1_0 as OLD, LAYOUT_VERSION } from '../../src/workbook/layout';
import { createFakeExcel, FakeExcel, FakeExcelOptions } from '../support/fakeExcel';
import { openInFake } from '../support/layoutFixture';
import { expectTyped, freshPlan, typeTyped, TypedKeys } from '../support/typedWorkbook';

jest.setTimeout(120_000);

const fixture = (v: string) =>
  fs.readFileSync(path.join(__dirname, '../fixtures/layouts', v, 'demo-3-workers.xlsx'));
const NOW = new Date('2026-11-23T10:00:00Z');
const STAMP = '2026-11-23 10:00';

function apiOver(fake: FakeExcel) {
  return createOfficeApi({
    run: fake.run,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    now: () => NOW,
  });
}

/** Every command the fake runs from now on (op names), without failing any, unless `fail` says so. */
function watched(fail: (op: string, sheet?: string) => boolean = () => false) {
  const ops: string[] = [];
  const failOn: FakeExcelOptions['failOn'] = (op, t) => {
    ops.push(op);
    return fail(op, t.sheet);
  };
  return { ops, failOn };
}
const READS = /\.load$|OrNullObject$/;

const gridOf = (fake: FakeExcel, sheet: string): Grid => {
  const used = fake.workbook.usedRange(sheet);
  return used ? fake.workbook.values(sheet, `A1:${used.split(':').pop()}`) : [];
};

/** A person typing into one cell (row and column 0-based), as Excel applies an edit. */
async function typeCell(fake: FakeExcel, sheet: string, row: number, col: number, v: string | number) {
  await fake.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(rangeRef(row, col, row, col)).values = [[v]];
    await ctx.sync();
  });
}

/** Types into the 0.1.0 workbook in the fake, renames Team "Roster", adds a sheet and a name of one's own. */
async function typeInto(fake: FakeExcel): Promise<TypedKeys> {
  const typed = await typeTyped(
    {
      sheets: () => fake.workbook.sheetNames(),
      grid: (sheet) => gridOf(fake, sheet),
      type: (sheet, r, c, v) => typeCell(fake, sheet, r, c, v),
    },
    OLD,
  );
  await fake.run(async (ctx) => {
    const wb = ctx.workbook;
    wb.worksheets.getItem('Team').name = 'Roster';
    const mine = wb.worksheets.add('My notes');
    mine.getRange('A1:D1').formulas = [
      ['Ask about the training budget', "='PS-101 2026 Q1'!D13", '=Roster!B2', '=COUNTA(PPS_Team[Name])'],
    ];
    wb.names.add('MyFirstWorker', '=Roster!$A$2');
    await ctx.sync();
  });
  return typed;
}

/** Everything the fake holds, to tell "exactly as it was". */
function dump(fake: FakeExcel) {
  const w = fake.workbook;
  return {
    sheets: w.sheetNames().map((name) => {
      const used = w.usedRange(name);
      const ref = used ? `A1:${used.split(':').pop()}` : 'A1';
      return {
        name,
        visibility: w.visibility(name),
        formulas: w.formulas(name, ref),
        formats: w.numberFormats(name, ref),
        names: w.localNames(name),
        charts: w.charts(name),
        validations: w.validations(name),
        conditionalFormats: w.conditionalFormats(name),
        merges: w.merges(name),
        widths: w.columnWidths(name),
      };
    }),
    tables: w.tables(),
    // a set, as Excel's Name Manager lists it (by name); visible unless hidden
    names: w
      .names()
      .map((n) => ({ ...n, visible: n.visible !== false }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    active: w.activeSheet(),
  };
}

/** The same data built fresh by this version and rendered into a fake of its own. */
async function freshRender(typed: TypedKeys): Promise<FakeExcel> {
  const fresh = createFakeExcel({ existingSheets: [] });
  await insertPlans(fresh.run, freshPlan(typed, STAMP), {
    supports: (v) => fresh.isSetSupported('ExcelApi', v),
  });
  return fresh;
}

/** The workbook as the pane's reader finds it. */
async function readBack(fake: FakeExcel): Promise<TeamWorkbook> {
  const snap = await readWorkbook(fake.run);
  const read = readTeamWorkbook(snap.sheets, 'book', library());
  expect(read.problems).toEqual([]);
  return read.workbook!;
}

async function typedOlder(opts: FakeExcelOptions = {}) {
  const fake = await openInFake(fixture('0.1.0'), opts);
  const typed = await typeInto(fake);
  return { fake, typed, api: apiOver(fake) };
}

describe('a workbook the first release made, open in the pane', () => {
  it('on load the pane offers the update and writes nothing: only reads, in 3 syncs', async () => {
    const w = watched();
    const { fake, api } = await typedOlder({ failOn: w.failOn });
    const before = dump(fake);
    w.ops.length = 0;
    const syncs = fake.stats.syncs;
    const state = await api.load();
    expect(state.layout).toEqual({
      status: 'upgrade',
      layout: LAYOUT_VERSION,
      from: ['0.1.0'],
      older: 23,
      messages: [
        `23 sheets of 23 were written by layout 0.1.0; an update rewrites them as layout ${LAYOUT_VERSION} writes them, keeping everything typed into them`,
      ],
    });
    expect(w.ops.filter((op) => !READS.test(op))).toEqual([]);
    expect(fake.stats.syncs - syncs).toBe(3);
    expect(dump(fake)).toEqual(before);
  });

  it('agreeing rewrites every generated sheet as a fresh render, keeps every typed value, the own sheet and name', async () => {
    const { fake, typed, api } = await typedOlder();
    const mine = {
      formulas: fake.workbook.formulas('My notes', 'A1:D1'),
      values: fake.workbook.values('My notes', 'A1:D1'),
    };
    const syncs = fake.stats.syncs;
    const progress: number[] = [];
    const r = await api.upgrade((p) => progress.push(p.done));
    const used = fake.stats.syncs - syncs;

    // the report: every sheet upgraded, the renamed roster back under its name, the own sheet kept
    expect(r.from).toEqual(['0.1.0']);
    expect(r.upgraded).toBe(23);
    expect(r.lines).toContain(`"Roster" (now "Team"): upgraded from layout 0.1.0 to ${LAYOUT_VERSION}`);
    expect(r.lines).toContain(`"Outcomes log": upgraded from layout 0.1.0 to ${LAYOUT_VERSION}`);
    expect(r.kept).toEqual(['My notes']);
    expect(r.restored).toBe(7); // the discussion note, 2 agenda notes, 4 schedule entries
    expect(progress.at(-1)).toBe(23);

    // cell for cell what a fresh render of the same data holds, in the same order (own sheet before Settings)
    const fresh = await freshRender(typed);
    const names = fresh.workbook.sheetNames();
    expect(fake.workbook.sheetNames()).toEqual([...names.slice(0, -1), 'My notes', names.at(-1)]);
    let formulas = 0;
    for (const name of names) {
      const [a, b] = [fake, fresh].map((f) => parseRange(f.workbook.usedRange(name)!));
      const ref = rangeRef(0, 0, Math.max(a.row2, b.row2), Math.max(a.col2, b.col2));
      const got = fake.workbook.formulas(name, ref);
      expect({ name, cells: got }).toEqual({ name, cells: fresh.workbook.formulas(name, ref) });
      expect(fake.workbook.numberFormats(name, ref)).toEqual(fresh.workbook.numberFormats(name, ref));
      expect(fake.workbook.localNames(name)).toEqual([
        { name: 'PPS_Layout', formula: `="${LAYOUT_VERSION}"`, visible: false },
      ]);
      formulas += got.flat().filter((v) => String(v).startsWith('=')).length;
    }
    expect(formulas).toBeGreaterThan(5000);
    expect(fake.workbook.tables()).toEqual(fresh.workbook.tables());
    expect(fake.workbook.names()).toEqual([
      ...fresh.workbook.names(),
      { name: 'MyFirstWorker', formula: '=Team!$A$2', visible: true },
    ]);

    // every typed value, read back by the pane's reader
    expectTyped(await readBack(fake), typed);

    // the own sheet as it was; its formula on the renamed roster follows it to "Team", as Excel renames do
    expect(fake.workbook.values('My notes', 'A1:D1')).toEqual(mine.values);
    expect(fake.workbook.formulas('My notes', 'A1:D1')).toEqual([
      [mine.formulas[0][0], mine.formulas[0][1], '=Team!B2', mine.formulas[0][3]],
    ]);
    expect((await api.load()).layout?.status).toBe('current');
    console.log(`update of the 0.1.0 fixture (23 sheets, 145 sessions): ${used} syncs`);
    expect(used).toBeLessThanOrEqual(14);
  });
});

describe('the update is all or nothing', () => {
  /** A failure of Excel in the command `op` (the `nth` from when it is armed and, given `after`, that ran). */
  const failing = (op: string, nth = 1, sheet?: string, after?: string) => {
    let armed = false;
    let seen = 0;
    let started = !after;
    return {
      arm: () => (armed = true),
      disarm: () => (armed = false),
      fail: (o: string, s?: string) => {
        if (armed && o === after) started = true;
        return armed && started && o === op && (!sheet || s === sheet) && ++seen === nth;
      },
    };
  };
  const cases: [string, ReturnType<typeof failing>, string][] = [
    ['renaming the 5th earlier sheet', failing('Worksheet.name', 5), 'setting the earlier sheets aside'],
    [
      'adding a chart to a new comparison',
      failing('ChartCollection.add', 1, 'Compare PS-102 2026 Q3'),
      `writing the sheets as layout ${LAYOUT_VERSION} writes them`,
    ],
    [
      'reading the new sheets back',
      failing('Range.load', 1, undefined, 'WorksheetCollection.add'),
      'checking that the new sheets hold everything typed',
    ],
  ];
  it.each(cases)(
    'Excel failing at %s leaves the workbook exactly as it was, and the message names the step',
    async (_, f, step) => {
      const { fake, api } = await typedOlder({ failOn: (op, t) => f.fail(op, t.sheet) });
      const before = dump(fake);
      f.arm();
      const err = (await api.upgrade().catch((e: unknown) => e)) as Error;
      f.disarm();
      expect(err.message).toMatch(
        new RegExp(
          `Updating the workbook failed while ${step}\\. Nothing was kept: everything it had changed was put back\\.$`,
        ),
      );
      expect(dump(fake)).toEqual(before);
      expect((await api.load()).layout?.status).toBe('upgrade');
      // and the same update goes through once Excel accepts it
      expect((await api.upgrade()).upgraded).toBe(23);
    },
  );
  it('typed rows the rewritten sheets have no place for: refused before anything is written (no backup here)', async () => {
    const { fake, api } = await typedOlder();
    // a row a person added under a comparison's table, with its own ID and a note
    const sheet = 'Compare PS-101 2026 Q3';
    const grid = gridOf(fake, sheet);
    const h = findHeaderRow(grid, OLD.comparison)!;
    let last = h.row + 1;
    while (String(grid[last + 1]?.[h.col + 1] ?? '') !== '') last++;
    await typeCell(fake, sheet, last + 1, h.col + 1, '99.9');
    await typeCell(fake, sheet, last + 1, h.col + OLD.comparison.length - 1, 'Talk about the car');
    const before = dump(fake);
    await expect(api.upgrade()).rejects.toThrow(
      `The update would leave no place for what was typed in "${sheet}" (row 99.9): copy it elsewhere and clear it, then update; or update the saved file with peer-performance update, which keeps the original as a backup. Nothing was changed.`,
    );
    expect(dump(fake)).toEqual(before);
  });
});

describe('workbooks the pane must not, or need not, update', () => {
  it('a workbook a newer version made: the refusal on load, and nothing is written by any action', async () => {
    const w = watched();
    const fake = await openInFake(fixture(LAYOUT_VERSION), { failOn: w.failOn });
    await fake.run(async (ctx) => {
      const names = ctx.workbook.worksheets.getItem('Outcomes log').names;
      names.getItem('PPS_Layout').delete();
      names.add('PPS_Layout', '="9.1.0"').visible = false;
      await ctx.sync();
    });
    const api = apiOver(fake);
    w.ops.length = 0;
    const before = dump(fake);
    const state = await api.load();
    expect(state.layout).toMatchObject({ status: 'refuse', layout: LAYOUT_VERSION, from: [] });
    expect(state.layout!.messages).toEqual([
      `1 sheet ("Outcomes log") was written by layout 9.1.0, newer than this version's ${LAYOUT_VERSION}: update the workbook with the version that wrote it (Peer Performance Support 9.1.0 or later); this version never rewrites a newer workbook`,
    ]);
    const refused =
      /^A newer version of Peer Performance Support made this workbook, and this add-in \(layout [\d.]+\) changes nothing in it: the add-in needs updating .* Nothing was changed\.$/;
    await expect(api.upgrade()).rejects.toThrow(refused);
    await expect(api.compare({ period: '2026 Q3' })).rejects.toThrow(refused);
    await expect(api.insertRatingSheets({ period: '2026 Q4', workerIds: ['PS-101'] })).rejects.toThrow(
      refused,
    );
    await expect(api.saveTeam(state.team)).rejects.toThrow(refused);
    await expect(api.saveSettings(state.settings)).rejects.toThrow(refused);
    await expect(api.importSessions('person_code\n', 'a.csv')).rejects.toThrow(refused);
    expect(w.ops.filter((op) => !READS.test(op))).toEqual([]);
    expect(dump(fake)).toEqual(before);
  });

  it('a current workbook: no offer; "update" writes nothing', async () => {
    const w = watched();
    const fake = await openInFake(fixture(LAYOUT_VERSION), { failOn: w.failOn });
    const api = apiOver(fake);
    const before = dump(fake);
    w.ops.length = 0;
    expect((await api.load()).layout).toMatchObject({ status: 'current', older: 0 });
    const r = await api.upgrade();
    expect(r).toMatchObject({ from: [], upgraded: 0 });
    expect(r.lines).toEqual([
      `Every sheet is at layout ${LAYOUT_VERSION}, the layout this version writes: nothing to update.`,
    ]);
    expect(w.ops.filter((op) => !READS.test(op))).toEqual([]);
    expect(dump(fake)).toEqual(before);
  });

  it('a workbook of an agency list made before layouts were recorded: offered, refused with the reason, nothing written', async () => {
    const fake = createFakeExcel({
      existingSheets: [
        {
          name: 'Our competencies',
          values: [
            ['Category', 'Competency'],
            ['Ethics', 'Keeps boundaries'],
            ['Outreach', 'Visits shelters weekly'],
          ],
        },
      ],
    });
    const api = apiOver(fake);
    await api.saveTeam([{ workerId: 'PS-1', name: 'Ann Example', role: '', supervisor: '', startDate: '' }]);
    const state = await api.load();
    await api.saveSettings({ ...state.settings, frameworkId: 'workbook:Our competencies' });
    await api.insertRatingSheets({ period: '2026 Q1', workerIds: ['PS-1'] });
    // as the first release wrote them: no records
    await fake.run(async (ctx) => {
      for (const name of ['Team', 'Settings', 'PS-1 2026 Q1'])
        ctx.workbook.worksheets.getItem(name).names.getItem('PPS_Layout').delete();
      await ctx.sync();
    });
    expect((await api.load()).layout).toMatchObject({ status: 'upgrade', from: ['0.1.0'], older: 3 });
    const before = dump(fake);
    await expect(api.upgrade()).rejects.toThrow(
      'The rating sheets use the agency list "Our competencies" typed into this workbook; this version cannot update a workbook of an agency\'s own list yet. The workbook keeps working as it is. Nothing was changed.',
    );
    expect(dump(fake)).toEqual(before);
  });
});

describe('refreshes keep every sheet at one layout', () => {
  it('Compare over an earlier workbook waits for the update; after it, a refresh keeps the record', async () => {
    const w = watched();
    const { fake, api } = await typedOlder({ failOn: w.failOn });
    const before = dump(fake);
    w.ops.length = 0;
    for (const action of [
      () => api.compare({ period: '2026 Q3' }),
      () => api.trends({}),
      () => api.dashboard({ period: '2026 Q3' }),
      () => api.personView({ personCode: 'C2001' }),
      () => api.agenda({ workerId: 'PS-101', date: '2026-09-30' }),
    ])
      await expect(action()).rejects.toThrow(
        /^This workbook's sheets were made by an earlier version \(layout 0\.1\.0\): update the workbook first \("Update this workbook" at the top of the pane\), then try .* again\. Nothing was changed\.$/,
      );
    expect(w.ops.filter((op) => !READS.test(op))).toEqual([]);
    expect(dump(fake)).toEqual(before);

    await api.upgrade();
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('PS-102 2026 Q3').getRange('E13').values = [[1]];
      await ctx.sync();
    });
    const r = await api.compare({ period: '2026 Q3', workerId: 'PS-102' });
    expect(r.sheets).toEqual(['Compare PS-102 2026 Q3']);
    expect(r.changedCells).toBeGreaterThan(0);
    expect(fake.workbook.localNames('Compare PS-102 2026 Q3')).toEqual([
      { name: 'PPS_Layout', formula: `="${LAYOUT_VERSION}"`, visible: false },
    ]);
    expect((await api.load()).layout?.status).toBe('current');
  });
});
