/**
 * Upgrades to the current layout (src/workbook/layout.ts), as pure functions over what a reader found,
 * for every shell: which layout wrote each sheet (sheetLayout; src/workbook/read.ts sheetLayouts reads
 * them from grids), whether the workbook needs an upgrade or
 * must be refused (upgradePlan: what to show before anything changes), and what an upgrade changed, sheet
 * by sheet (upgradeReport). The rewriting itself is a rebuild of every generated sheet with the current
 * builders from the workbook's data, with what was typed put back (peer-performance update).
 */
import { compareLayouts, FIRST_LAYOUT, LAYOUT_VERSION, parseLayout } from './layout';
import { hasTyped, Rating } from '../domain/ratings';
import type { SheetKind, SheetRead, TeamWorkbook } from './read';
import { typedRows } from './typed';

/** The sheets an upgrade rewrites: every generated sheet of a team workbook. */
export const REWRITTEN_KINDS: readonly SheetKind[] = [
  'team',
  'settings',
  'rating',
  'comparison',
  'trend',
  'dashboard',
  'wps',
  'log',
  'summary',
  'person',
  'agenda',
];

/**
 * current / older / newer: than this program's layout. unreadable: its record holds no version.
 * other: a sheet an upgrade does not rewrite (a person's own sheet, a de-identified copy's cover).
 */
export type LayoutState = 'current' | 'older' | 'newer' | 'unreadable' | 'other';

export interface SheetLayout extends SheetRead {
  /** The layout that wrote the sheet: its record, or 0.1.0 for a generated sheet without one; else null. */
  layout: string | null;
  state: LayoutState;
}

/** A sheet's layout from what the reader found (its kind, and its record when it has one). */
export function sheetLayout(s: SheetRead): SheetLayout {
  const rewritten = REWRITTEN_KINDS.includes(s.kind);
  const layout = s.recorded === undefined ? (rewritten ? FIRST_LAYOUT : null) : parseLayout(s.recorded);
  const order = layout === null ? 0 : compareLayouts(layout, LAYOUT_VERSION);
  const state: LayoutState =
    s.recorded !== undefined && layout === null
      ? 'unreadable'
      : layout !== null && order > 0
        ? 'newer' // refused even when this version does not know the sheet
        : !rewritten
          ? 'other'
          : order < 0
            ? 'older'
            : 'current';
  return { ...s, layout, state };
}

export interface UpgradePlan {
  /**
   * current: every generated sheet is at this program's layout. upgrade: some are older; an update
   * rewrites them. refuse: a sheet was written by a newer layout (or its record cannot be read): this
   * program must not rewrite the workbook.
   */
  status: 'current' | 'upgrade' | 'refuse';
  /** The layout this program writes. */
  layout: string;
  /** The older layouts found, oldest first. */
  from: string[];
  /** The sheets an update rewrites from an older layout, those refused, and those kept as they are. */
  older: SheetLayout[];
  refused: SheetLayout[];
  other: SheetLayout[];
  /** What to tell the person, in one or more sentences (why refused, or what an update does). */
  messages: string[];
}

const quoted = (sheets: SheetLayout[], max = 5) =>
  sheets
    .slice(0, max)
    .map((s) => `"${s.name}"`)
    .join(', ') + (sheets.length > max ? ` and ${sheets.length - max} more` : '');
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What an update would do to a workbook with these sheets, or why it must not (nothing changed yet). */
export function upgradePlan(sheets: SheetLayout[]): UpgradePlan {
  const older = sheets.filter((s) => s.state === 'older');
  const refused = sheets.filter((s) => s.state === 'newer' || s.state === 'unreadable');
  const other = sheets.filter((s) => s.state === 'other');
  const from = [...new Set(older.map((s) => s.layout!))].sort(compareLayouts);
  const messages: string[] = [];
  const newer = [...new Set(refused.flatMap((s) => (s.state === 'newer' ? [s.layout!] : [])))].sort(
    compareLayouts,
  );
  for (const v of newer) {
    const these = refused.filter((s) => s.layout === v);
    messages.push(
      `${count(these.length, 'sheet')} (${quoted(these)}) ${these.length === 1 ? 'was' : 'were'} written by layout ${v}, newer than this version's ${LAYOUT_VERSION}: update the workbook with the version that wrote it (Peer Performance Support ${v} or later); this version never rewrites a newer workbook`,
    );
  }
  const unreadable = refused.filter((s) => s.state === 'unreadable');
  if (unreadable.length)
    messages.push(
      `${count(unreadable.length, 'sheet')} (${quoted(unreadable)}) ${unreadable.length === 1 ? 'records a layout' : 'record layouts'} this version cannot read (the defined name PPS_Layout holds ${[...new Set(unreadable.map((s) => s.recorded!.replace(/^=/, '')))].join(', ')}): a newer version probably wrote ${unreadable.length === 1 ? 'it' : 'them'}`,
    );
  if (!refused.length && older.length)
    messages.push(
      `${count(older.length, 'sheet')} of ${sheets.length - other.length} ${older.length === 1 ? 'was' : 'were'} written by layout ${from.join(' and ')}; an update rewrites ${older.length === 1 ? 'it' : 'them'} as layout ${LAYOUT_VERSION} writes them, keeping everything typed into ${older.length === 1 ? 'it' : 'them'}`,
    );
  if (!refused.length && !older.length)
    messages.push(`Every sheet is at layout ${LAYOUT_VERSION}, the layout this version writes`);
  return {
    status: refused.length ? 'refuse' : older.length ? 'upgrade' : 'current',
    layout: LAYOUT_VERSION,
    from,
    older,
    refused,
    other,
    messages,
  };
}

export interface UpgradeLine {
  /** The sheet's name after the update (before, for a removed sheet). */
  sheet: string;
  /** Its name before, when the update gave it another (a sheet renamed by hand gets its standard name). */
  was?: string;
  change: 'upgraded' | 'unchanged' | 'new' | 'carried over' | 'removed';
  from?: string;
  to?: string;
}

const identity = (s: SheetRead) =>
  [s.kind, s.workerId, s.period, s.personCode, s.date].map((x) => (x ?? '').toLowerCase()).join('\u0000');

/**
 * What an update changed, sheet by sheet: each sheet of the new workbook paired with the sheet it
 * replaces (same kind and identity: worker, period, person code, meeting date), in the new order, then
 * generated sheets the update did not make again.
 */
export function upgradeReport(before: SheetLayout[], after: SheetLayout[]): UpgradeLine[] {
  const left = [...before];
  const lines: UpgradeLine[] = after.map((s) => {
    const same = (b: SheetLayout) => identity(b) === identity(s);
    let i = left.findIndex((b) => same(b) && b.name === s.name);
    if (i < 0) i = left.findIndex(same);
    const old = i >= 0 ? left.splice(i, 1)[0] : undefined;
    const was = old && old.name !== s.name ? { was: old.name } : {};
    if (s.state === 'other') return { sheet: s.name, ...was, change: old ? 'carried over' : 'new' };
    if (!old) return { sheet: s.name, change: 'new', to: s.layout! };
    return {
      sheet: s.name,
      ...was,
      change: old.layout === s.layout ? 'unchanged' : 'upgraded',
      from: old.layout ?? undefined,
      to: s.layout!,
    };
  });
  return [
    ...lines,
    ...left
      .filter((b) => b.state !== 'other')
      .map((b) => ({ sheet: b.name, change: 'removed' as const, from: b.layout ?? undefined })),
  ];
}

/** One line per sheet of the report, as the CLI prints it (the pane can list the same). */
export function describeUpgradeLine(l: UpgradeLine): string {
  const name = l.was ? `"${l.was}" (now "${l.sheet}")` : `"${l.sheet}"`;
  switch (l.change) {
    case 'upgraded':
      return `${name}: upgraded from layout ${l.from} to ${l.to}`;
    case 'unchanged':
      return `${name}: unchanged (layout ${l.to})`;
    case 'new':
      return `${name}: new${l.to ? ` (layout ${l.to})` : ''}`;
    case 'carried over':
      return `${name}: carried over (not made by this program)`;
    case 'removed':
      return `${name}: not made again (it is in the backup)`;
  }
}

/** What a rebuilt workbook must hold: the data it was built from and the typed cells put back into it. */
export type KeptData = Pick<TeamWorkbook, 'team' | 'settings' | 'ratings' | 'sessions' | 'typed'>;

/**
 * What a rebuilt workbook, read back from its own bytes, lacks of what it had to keep: a worker of the
 * roster, the settings, a rating with anything typed in it (every field equal), a session, a typed cell
 * put back (same sheet kind and identity, row and column). Empty when nothing is lost. Run before the
 * rebuilt workbook replaces the original, so a fault in a builder or reader can never lose a typed value.
 */
export function lostInRebuild(expected: KeptData, after: KeptData): string[] {
  const lost: string[] = [];
  const json = (x: unknown) => JSON.stringify(x);
  const team = new Map(after.team.map((w) => [w.workerId, json(w)]));
  for (const w of expected.team)
    if (team.get(w.workerId) !== json(w)) lost.push(`the Team row of ${w.workerId}`);
  if (json(after.settings) !== json(expected.settings)) lost.push('the Settings values');
  // A Goal left empty may be filled with a suggestion by the rebuild: only a goal there must stay.
  const fields = (r: Rating, goal: boolean) =>
    json([
      r.self,
      r.supervisor,
      r.notes,
      goal ? (r.goal ?? '') : '',
      r.actionSteps ?? '',
      r.targetDate ?? '',
    ]);
  const key = (r: Rating) => [r.workerId, r.period, r.frameworkId, r.competencyId].join(', ');
  const ratings = new Map(after.ratings.map((r) => [key(r), r]));
  for (const r of expected.ratings) {
    const now = ratings.get(key(r));
    if (hasTyped(r) && (!now || fields(now, !!r.goal) !== fields(r, !!r.goal)))
      lost.push(`the rating ${key(r)}`);
  }
  const sessions = new Map<string, number>();
  for (const s of after.sessions) sessions.set(json(s), (sessions.get(json(s)) ?? 0) + 1);
  for (const s of expected.sessions) {
    const n = sessions.get(json(s)) ?? 0;
    if (n === 0) lost.push(`the session ${s.personCode}, ${s.workerId}, ${s.date}, session ${s.session}`);
    sessions.set(json(s), n - 1);
  }
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([k, v]) => (b[k] ?? '').toLowerCase() === v.toLowerCase());
  for (const block of expected.typed) {
    const now = after.typed.find((b) => b.kind === block.kind && same(block.identity, b.identity));
    for (const k of typedRows(block))
      for (const [h, v] of block.rows.get(k)!)
        if (now?.rows.get(k)?.get(h) !== v) lost.push(`"${h}" of ${k} on the sheet "${block.sheet}"`);
  }
  return lost;
}
