/**
 * Layouts as pure data: the version record, which layout wrote each sheet, what an update would do to a
 * workbook (upgrade, refuse, nothing) and what it did, the readers finding 0.1.0 sheets by their frozen
 * signature after a builder's headers change, and the check that a rebuilt workbook lost nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { library } from '../../src/domain/library';
import { BLANK, score } from '../../src/domain/scale';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import {
  compareLayouts,
  FIRST_LAYOUT,
  LAYOUT_0_1_0,
  LAYOUT_VERSION,
  LayoutSignature,
  parseLayout,
} from '../../src/workbook/layout';
import { NamedGrid, readTeamWorkbook, sheetLayouts } from '../../src/workbook/read';
import { CURRENT_SIGNATURE, SIGNATURES } from '../../src/workbook/signatures';
import {
  describeUpgradeLine,
  KeptData,
  lostInRebuild,
  SheetLayout,
  sheetLayout,
  upgradePlan,
  upgradeReport,
} from '../../src/workbook/upgrade';
import { workbookGrids } from '../../src/xlsx/read';

const root = path.join(__dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/layouts');

describe('the version record', () => {
  it('reads the version from the formula, the formula without "=", or the value; anything else is null', () => {
    expect(['="0.2.0"', '"0.2.0"', '0.2.0', ' = " 0.2.0 " '].map(parseLayout)).toEqual([
      '0.2.0',
      '0.2.0',
      '0.2.0',
      '0.2.0',
    ]);
    expect(['', 'abc', '="0.2"', '1.0.0.1', 'v1.0.0', '=A1', null, undefined].map(parseLayout)).toEqual(
      Array(8).fill(null),
    );
  });
  it('compares layouts numerically, part by part', () => {
    expect(compareLayouts('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareLayouts('0.2.0', '0.2.0')).toBe(0);
    expect(compareLayouts('0.1.0', '0.2.0')).toBeLessThan(0);
    expect(compareLayouts('1.0.0', '0.99.99')).toBeGreaterThan(0);
  });
  it('the layout is never newer than the package, and each layout since 0.1.0 has its fixture', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(compareLayouts(LAYOUT_VERSION, pkg.version)).toBeLessThanOrEqual(0);
    const released = fs
      .readdirSync(fixtures)
      .filter((d) => parseLayout(d) === d)
      .sort(compareLayouts);
    expect(released[0]).toBe(FIRST_LAYOUT);
    // scripts/make-layout-fixture.ts writes the current one at release time
    expect(released.at(-1)).toBe(LAYOUT_VERSION);
    for (const v of released) expect(fs.existsSync(path.join(fixtures, v, 'demo-3-workers.xlsx'))).toBe(true);
  });
});

/** A sheet as a reader finds it, for the pure functions. */
const found = (name: string, kind: SheetLayout['kind'], recorded?: string): SheetLayout =>
  sheetLayout({ name, kind, ...(recorded === undefined ? {} : { recorded }) });

describe('which layout wrote each sheet, and what an update does', () => {
  it('a generated sheet without a record is 0.1.0; a sheet of a person is not rewritten', () => {
    expect(found('Team', 'team')).toMatchObject({ layout: '0.1.0', state: 'older' });
    expect(found('Notes', 'other')).toMatchObject({ layout: null, state: 'other' });
    expect(found('About', 'cover')).toMatchObject({ layout: null, state: 'other' });
    expect(found('Team', 'team', `"${LAYOUT_VERSION}"`)).toMatchObject({ state: 'current' });
    expect(found('Team', 'team', '"9.0.0"')).toMatchObject({ layout: '9.0.0', state: 'newer' });
    // a newer layout's sheet this version does not know is refused too, not carried over
    expect(found('Helper', 'other', '"9.0.0"')).toMatchObject({ state: 'newer' });
    expect(found('Team', 'team', '"soon"')).toMatchObject({ layout: null, state: 'unreadable' });
  });

  it('upgrade: says how many sheets of which layouts an update rewrites', () => {
    const plan = upgradePlan([
      found('Team', 'team'),
      found('W1 Q1', 'rating', `"${LAYOUT_VERSION}"`),
      found('Settings', 'settings'),
      found('My notes', 'other'),
    ]);
    expect(plan).toMatchObject({ status: 'upgrade', layout: LAYOUT_VERSION, from: ['0.1.0'] });
    expect(plan.older.map((s) => s.name)).toEqual(['Team', 'Settings']);
    expect(plan.other.map((s) => s.name)).toEqual(['My notes']);
    expect(plan.messages).toEqual([
      `2 sheets of 3 were written by layout 0.1.0; an update rewrites them as layout ${LAYOUT_VERSION} writes them, keeping everything typed into them`,
    ]);
  });

  it('refuse: names the sheets of a newer layout, and records it cannot read; never an upgrade', () => {
    const plan = upgradePlan([
      found('Team', 'team'),
      found('W1 Q1', 'rating', '"9.1.0"'),
      found('W2 Q1', 'rating', '"9.1.0"'),
      found('Log', 'log', '"10.0.0"'),
      found('Settings', 'settings', '"x"'),
    ]);
    expect(plan.status).toBe('refuse');
    expect(plan.messages).toEqual([
      `2 sheets ("W1 Q1", "W2 Q1") were written by layout 9.1.0, newer than this version's ${LAYOUT_VERSION}: update the workbook with the version that wrote it (Peer Performance Support 9.1.0 or later); this version never rewrites a newer workbook`,
      `1 sheet ("Log") was written by layout 10.0.0, newer than this version's ${LAYOUT_VERSION}: update the workbook with the version that wrote it (Peer Performance Support 10.0.0 or later); this version never rewrites a newer workbook`,
      '1 sheet ("Settings") records a layout this version cannot read (the defined name PPS_Layout holds "x"): a newer version probably wrote it',
    ]);
  });

  it('current: nothing to do', () => {
    const plan = upgradePlan([found('Team', 'team', `"${LAYOUT_VERSION}"`), found('Mine', 'other')]);
    expect(plan).toMatchObject({ status: 'current', from: [], older: [] });
    expect(plan.messages).toEqual([
      `Every sheet is at layout ${LAYOUT_VERSION}, the layout this version writes`,
    ]);
  });

  it('the report pairs each new sheet with the one it replaces, by kind and identity, not by name', () => {
    const before = [
      { ...found('Roster', 'team') },
      { ...found('Compare W1 Q1', 'comparison'), workerId: 'W1', period: 'Q1' },
      { ...found('Trend W9', 'trend'), workerId: 'W9' },
      { ...found('Mine', 'other') },
    ];
    const v = `"${LAYOUT_VERSION}"`;
    const after = [
      found('Team', 'team', v),
      { ...found('Compare W1 Q1', 'comparison', v), workerId: 'W1', period: 'q1' },
      { ...found('Compare W1 Q2', 'comparison', v), workerId: 'W1', period: 'Q2' },
      found('Mine', 'other'),
    ];
    const lines = upgradeReport(before, after);
    expect(lines.map(describeUpgradeLine)).toEqual([
      `"Roster" (now "Team"): upgraded from layout 0.1.0 to ${LAYOUT_VERSION}`,
      `"Compare W1 Q1": upgraded from layout 0.1.0 to ${LAYOUT_VERSION}`,
      `"Compare W1 Q2": new (layout ${LAYOUT_VERSION})`,
      '"Mine": carried over (not made by this program)',
      '"Trend W9": not made again (it is in the backup)',
    ]);
    expect(upgradeReport(after, after).map((l) => l.change)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'carried over',
    ]);
  });
});

describe('the readers find 0.1.0 sheets after the builders change', () => {
  let grids: NamedGrid[];
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(fixtures, '0.1.0/demo-3-workers.xlsx'));
    grids = workbookGrids(wb);
  });

  it('every sheet of the 0.1.0 fixture is recognised, with no record: all 0.1.0', () => {
    const layouts = sheetLayouts(grids);
    expect(layouts.map((s) => [s.kind, s.workerId ?? s.personCode ?? s.period ?? '', s.state])).toEqual([
      ['team', '', 'older'],
      ['dashboard', '2026 Q3', 'older'],
      ['comparison', 'PS-101', 'older'],
      ['comparison', 'PS-102', 'older'],
      ['comparison', 'PS-103', 'older'],
      ['trend', 'PS-101', 'older'],
      ['trend', 'PS-102', 'older'],
      ['trend', 'PS-103', 'older'],
      ...['2026 Q1', '2026 Q2', '2026 Q3'].flatMap(() =>
        ['PS-101', 'PS-102', 'PS-103'].map((w) => ['rating', w, 'older']),
      ),
      ['wps', 'PS-103', 'older'],
      ['log', '', 'older'],
      ['summary', '', 'older'],
      ['person', 'C2001', 'older'],
      ['agenda', 'PS-101', 'older'],
      ['settings', '', 'older'],
    ]);
    expect(layouts.find((s) => s.kind === 'agenda')!.date).toBe('2026-06-22');
  });

  it('SIGNATURES lists the current layout first, then every released one, each frozen to what it wrote', () => {
    expect(SIGNATURES[0]).toBe(CURRENT_SIGNATURE);
    expect(SIGNATURES.map((s) => s.layout)).toEqual([LAYOUT_VERSION, '0.1.0']);
  });

  /**
   * The builders' headers changed as a later layout may change them (the constants are shared with the
   * readers), by renaming every header and label of CURRENT_SIGNATURE: the readers still find every
   * sheet, rating, session and typed cell of the 0.1.0 fixture through its frozen signature.
   */
  it('with every current header renamed, the 0.1.0 fixture still reads the same', () => {
    const lib = library();
    const before = readTeamWorkbook(grids, 'fixture.xlsx', lib).workbook!;
    const saved = structuredClone(CURRENT_SIGNATURE);
    const rename = (x: unknown): unknown =>
      typeof x === 'string' ? `${x} (renamed)` : Array.isArray(x) ? x.map(rename) : x;
    const sig = CURRENT_SIGNATURE as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(sig))
      if (k !== 'layout')
        sig[k] =
          typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as object).map(([a, b]) => [a, rename(b)]))
            : rename(v);
    try {
      const after = readTeamWorkbook(grids, 'fixture.xlsx', lib).workbook!;
      expect(after.sheets.map((s) => s.kind)).toEqual(before.sheets.map((s) => s.kind));
      expect(after.ratings).toEqual(before.ratings);
      expect(after.sessions).toEqual(before.sessions);
      expect(after.typed).toEqual(before.typed);
      expect(after.ratings.filter((r) => r.self.kind !== 'blank').length).toBeGreaterThan(400);
      expect(after.sessions).toHaveLength(145);
    } finally {
      Object.assign(sig, saved);
    }
    expect(CURRENT_SIGNATURE).toEqual(saved);
  });

  it('the frozen 0.1.0 signature is a full LayoutSignature (nothing left to the current one)', () => {
    const keys = (s: LayoutSignature) => Object.keys(s).sort();
    expect(keys(LAYOUT_0_1_0)).toEqual(keys(CURRENT_SIGNATURE));
  });
});

describe('a rebuilt workbook is checked against what it had to keep', () => {
  const base = (): KeptData => ({
    team: [{ workerId: 'W1', name: 'Ann', role: '', supervisor: '', startDate: '2025-01-02' }],
    settings: { ...DEFAULT_SETTINGS },
    ratings: [
      {
        workerId: 'W1',
        period: 'Q1',
        frameworkId: 'f',
        competencyId: '1.1',
        self: score(3),
        supervisor: BLANK,
        notes: 'n',
        actionSteps: 'a',
      },
      // nothing typed: not checked
      {
        workerId: 'W1',
        period: 'Q1',
        frameworkId: 'f',
        competencyId: '1.2',
        self: BLANK,
        supervisor: BLANK,
        notes: '',
      },
    ],
    sessions: [
      {
        personCode: 'C1',
        workerId: 'W1',
        date: '2026-01-05',
        session: 1,
        ors: [5, 5, 5, 5],
        srs: [null, null, null, null],
        ageGroup: 'adult',
      },
    ],
    typed: [
      {
        kind: 'comparison',
        sheet: 'Compare W1 Q1',
        identity: { worker: 'W1', period: 'Q1' },
        rows: new Map([['1.1', new Map([['Discussion notes', 'talk']])]]),
      },
    ],
  });

  it('nothing lost: empty; a goal suggested into an empty Goal cell and extra rows are no loss', () => {
    const after = base();
    after.ratings[0].goal = 'a suggestion';
    after.ratings.push({ ...after.ratings[1], competencyId: '1.3', self: score(2) });
    after.typed[0].identity = { worker: 'w1', period: 'q1' };
    expect(lostInRebuild(base(), after)).toEqual([]);
  });

  it('each loss is named', () => {
    const after = base();
    after.team[0].name = 'Anne';
    after.settings = { ...after.settings, srsCutoff: 35 };
    after.ratings[0] = { ...after.ratings[0], actionSteps: undefined };
    after.sessions = [];
    after.typed = [];
    expect(lostInRebuild(base(), after)).toEqual([
      'the Team row of W1',
      'the Settings values',
      'the rating W1, Q1, f, 1.1',
      'the session C1, W1, 2026-01-05, session 1',
      '"Discussion notes" of 1.1 on the sheet "Compare W1 Q1"',
    ]);
    const typedGoal = base();
    typedGoal.ratings[0].goal = 'mine';
    const suggested = base();
    suggested.ratings[0].goal = 'a suggestion';
    expect(lostInRebuild(typedGoal, suggested)).toEqual(['the rating W1, Q1, f, 1.1']);
  });
});
