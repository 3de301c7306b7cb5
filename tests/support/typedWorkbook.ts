/**
 * What a supervisor types into the layout fixture (tests/fixtures/layouts/: PS-101..PS-103, 2026 Q1-Q3),
 * in every place the product invites typing, for the upgrade tests of the CLI (tests/integration/
 * layouts.test.ts, through .xlsx files) and of the pane (tests/excel/upgrade.test.ts, through the fake
 * host): the values, the typing itself (into either host), the same data built fresh by this version, and
 * the check that a workbook read back holds every one of them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { demoPlan, teamWorkbookPlan, WorkbookInputs } from '../../src/cli/build';
import { findings } from '../../src/cli/io';
import { Rating } from '../../src/domain/ratings';
import { score } from '../../src/domain/scale';
import { findHeaderRow, Grid, norm } from '../../src/workbook/grid';
import { LayoutSignature } from '../../src/workbook/layout';
import { WorkbookPlan } from '../../src/workbook/plan';
import { sheetRead, TeamWorkbook } from '../../src/workbook/read';
import { excelDate } from '../../src/workbook/sheet';
import { CURRENT_SIGNATURE } from '../../src/workbook/signatures';
import { restoreTyped, TypedBlock } from '../../src/workbook/typed';
import { reducedSample } from '../../scripts/make-layout-fixture';

export const TYPED = {
  notes: 'Said "no" to overtime; señora Ruiz agreed',
  goal: 'Co-facilitate a WRAP group',
  actions: 'Shadow Dana twice, then lead one',
  target: '2026-12-15',
  discussion: 'Agreed to revisit in June',
  checkIn: 'Started on time',
  gapNote: 'Wants a mentor for this',
  wps: { status: 'Demonstrated', date: '2026-05-04', hours: 12.5, initials: 'JO' },
  srsCutoff: 35,
  session: ['C2999', 'PS-103', '2026-09-30', 1, 6, 6.5, 7, 7.5, 9, 9, 9, 9.5, 'adult'] as const,
};

/** What typing found in the workbook: the agenda's first gap row, PS-103's first skill, the new rating. */
export interface TypedKeys {
  gapKey: string;
  skill: string;
  /** Supervisor of PS-102, 2026 Q2, 1.1 after typing. */
  supervisorNow: number;
}

/** A workbook open for typing: its sheets, and a person typing into one cell (row and column 0-based). */
export interface Typist {
  sheets(): string[];
  grid(sheet: string): Grid;
  /** A text of the form 2026-12-15 is a date, typed as the host takes one. */
  type(sheet: string, row: number, col: number, v: string | number): Promise<void>;
}

/** The cell [row, col] of row `key` (in the column of `keyHeader`) and column `header` under `headers`. */
export function cellAt(
  grid: Grid,
  headers: readonly string[],
  key: string,
  header: string,
  keyHeader?: string,
): [number, number] {
  const h = findHeaderRow(grid, headers)!;
  const col = (name: string) => (grid[h.row] ?? []).findIndex((v, i) => i >= h.col && norm(v) === norm(name));
  const k = col(keyHeader ?? headers[1]);
  for (let r = h.row + 1; r < grid.length; r++)
    if (String(grid[r]?.[k] ?? '') === key) return [r, col(header)];
  throw new Error(`${key} not found under ${headers.join(', ')}`);
}

/** Types TYPED into the fixture, of layout `sig`, wherever the product invites typing, found by kind and header. */
export async function typeTyped(
  t: Typist,
  sig: LayoutSignature,
): Promise<TypedKeys & { supervisorWas: unknown }> {
  const sheetOf = (kind: string, workerId?: string, period?: string) =>
    t.sheets().find((name) => {
      const s = sheetRead(name, t.grid(name));
      return s.kind === kind && (!workerId || s.workerId === workerId) && (!period || s.period === period);
    })!;
  const at = async (
    sheet: string,
    headers: readonly string[],
    key: string,
    header: string,
    v: string | number,
    keyHeader?: string,
  ) => {
    const [r, c] = cellAt(t.grid(sheet), headers, key, header, keyHeader);
    await t.type(sheet, r, c, v);
  };
  const R = sig.rating;
  const q2 = sheetOf('rating', 'PS-102', '2026 Q2');
  const [r, c] = cellAt(t.grid(q2), R, '1.1', 'Supervisor');
  const supervisorWas = t.grid(q2)[r][c];
  const supervisorNow = supervisorWas === 5 ? 1 : 5;
  await t.type(q2, r, c, supervisorNow);
  await at(sheetOf('rating', 'PS-101', '2026 Q1'), R, '2.1', 'Self', 1);
  await at(sheetOf('rating', 'PS-103', '2026 Q3'), R, '1.1', 'Notes', TYPED.notes);
  const q3 = sheetOf('rating', 'PS-101', '2026 Q3');
  await at(q3, R, '3.2', 'Goal', TYPED.goal);
  await at(q3, R, '3.2', 'Action steps', TYPED.actions);
  await at(q3, R, '3.2', 'Target date', TYPED.target);
  const compare = sheetOf('comparison', 'PS-102', '2026 Q3');
  await at(compare, sig.comparison, '1.2', 'Discussion notes', TYPED.discussion);
  const agenda = sheetOf('agenda', 'PS-101');
  await at(agenda, sig.agendaSections, 'Check-in', 'Supervisor notes', TYPED.checkIn, 'Section');
  const ag = t.grid(agenda);
  const g = findHeaderRow(ag, sig.agendaGaps)!;
  const gapKey = String(ag[g.row + 1][g.col]);
  await at(agenda, sig.agendaGaps, gapKey, 'Worker notes', TYPED.gapNote, 'Competency');
  const wps = sheetOf('wps', 'PS-103');
  const w = findHeaderRow(t.grid(wps), sig.wps)!;
  const skill = String(t.grid(wps)[w.row + 1][w.col + 1]);
  await at(wps, sig.wps, skill, 'Status', TYPED.wps.status);
  await at(wps, sig.wps, skill, 'Date demonstrated', TYPED.wps.date);
  await at(wps, sig.wps, skill, 'OJT hours', TYPED.wps.hours);
  await at(wps, sig.wps, skill, 'Supervisor initials', TYPED.wps.initials);
  // a session typed into the row below the log's table, in its input columns (found by their headers)
  const log = sheetOf('log');
  const lg = t.grid(log);
  const header = lg[findHeaderRow(lg, sig.log)!.row].map(norm);
  for (const [i, h] of sig.logInputs.entries())
    await t.type(log, lg.length, header.indexOf(norm(h)), TYPED.session[i]);
  await at(sheetOf('settings'), sig.settings, 'srsCutoff', 'Value', TYPED.srsCutoff, 'Key');
  return { gapKey, skill, supervisorWas, supervisorNow };
}

/** The same data built fresh by this version, with the typed cells put where a person put them. */
export function freshPlan(typed: TypedKeys, computedAt?: string): WorkbookPlan {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-typed-'));
  reducedSample(dir);
  const io = { out: () => undefined, err: () => undefined, cwd: dir };
  const inputs: WorkbookInputs = demoPlan(dir, io, findings())!.inputs;
  const edit = (w: string, p: string, c: string, change: Partial<Rating>) => {
    const r = inputs.ratings.find((x) => x.workerId === w && x.period === p && x.competencyId === c)!;
    Object.assign(r, change);
  };
  edit('PS-102', '2026 Q2', '1.1', { supervisor: score(typed.supervisorNow) });
  edit('PS-101', '2026 Q1', '2.1', { self: score(1) });
  edit('PS-103', '2026 Q3', '1.1', { notes: TYPED.notes });
  edit('PS-101', '2026 Q3', '3.2', {
    goal: TYPED.goal,
    actionSteps: TYPED.actions,
    targetDate: TYPED.target,
  });
  const s = TYPED.session;
  inputs.sessions.push({
    personCode: s[0],
    workerId: s[1],
    date: s[2],
    session: s[3],
    ors: [s[4], s[5], s[6], s[7]],
    srs: [s[8], s[9], s[10], s[11]],
    ageGroup: s[12],
  });
  inputs.settings = { ...inputs.settings, srsCutoff: TYPED.srsCutoff };
  const plan = teamWorkbookPlan(inputs, {
    comparePeriods: ['2026 Q3'],
    wps: ['PS-103'],
    persons: ['C2001'],
    agendas: [{ workerId: 'PS-101', date: '2026-06-22' }],
    computedAt,
  });
  const C = CURRENT_SIGNATURE;
  const block = (kind: string, identity: Record<string, string>, key: string, values: [string, unknown][]) =>
    ({ kind, sheet: '', identity, rows: new Map([[key, new Map(values)]]) }) as TypedBlock;
  const agendaId = { worker: 'PS-101', date: String(excelDate('2026-06-22')) };
  const restored = restoreTyped(plan, [
    block('comparison', { worker: 'PS-102', period: '2026 Q3' }, '1.2', [
      [C.comparison.at(-1)!, TYPED.discussion],
    ]),
    block('agenda', agendaId, 'Check-in', [[C.agendaSections[3], TYPED.checkIn]]),
    block('agenda gaps', agendaId, typed.gapKey, [[C.agendaGaps[4], TYPED.gapNote]]),
    block('wps', { worker: 'PS-103' }, typed.skill, [
      [C.wps[3], TYPED.wps.status],
      [C.wps[4], excelDate(TYPED.wps.date)],
      [C.wps[5], TYPED.wps.hours],
      [C.wps[6], TYPED.wps.initials],
    ]),
  ]);
  expect(restored.unplaced).toEqual([]);
  return plan;
}

/** Every typed value, in a workbook read back (145 sessions of the fixture and the one typed). */
export function expectTyped(book: TeamWorkbook, typed: TypedKeys): void {
  const rating = (k: string) =>
    book.ratings.find((x) => `${x.workerId}|${x.period}|${x.competencyId}` === k)!;
  expect(rating('PS-102|2026 Q2|1.1').supervisor).toEqual(score(typed.supervisorNow));
  expect(rating('PS-101|2026 Q1|2.1').self).toEqual(score(1));
  expect(rating('PS-103|2026 Q3|1.1').notes).toBe(TYPED.notes);
  expect(rating('PS-101|2026 Q3|3.2')).toMatchObject({
    goal: TYPED.goal,
    actionSteps: TYPED.actions,
    targetDate: TYPED.target,
  });
  expect(book.discussionNotes).toEqual([
    { workerId: 'PS-102', period: '2026 Q3', competencyId: '1.2', text: TYPED.discussion },
  ]);
  const typedIn = (kind: string) => book.typed.find((b) => b.kind === kind)!.rows;
  expect(typedIn('agenda').get('Check-in')!.get('Supervisor notes')).toBe(TYPED.checkIn);
  expect(typedIn('agenda gaps').get(typed.gapKey)!.get('Worker notes')).toBe(TYPED.gapNote);
  expect(Object.fromEntries(typedIn('wps').get(typed.skill)!)).toEqual({
    Status: TYPED.wps.status,
    'Date demonstrated': excelDate(TYPED.wps.date),
    'OJT hours': TYPED.wps.hours,
    'Supervisor initials': TYPED.wps.initials,
  });
  expect(book.sessions).toHaveLength(146);
  expect(book.sessions.at(-1)).toEqual({
    personCode: 'C2999',
    workerId: 'PS-103',
    date: '2026-09-30',
    session: 1,
    ors: [6, 6.5, 7, 7.5],
    srs: [9, 9, 9, 9.5],
    ageGroup: 'adult',
  });
  expect(book.settings.srsCutoff).toBe(TYPED.srsCutoff);
  expect(book.upgrade.status).toBe('current');
}
