/**
 * "Update this workbook": every generated sheet rewritten as this version writes it (src/workbook/layout.ts),
 * everything typed kept, the person's own sheets left where they are; and the rule the other actions
 * follow while the workbook is older or newer (guardLayout). The CLI's `peer-performance update` is the
 * same rebuild (src/workbook/teamWorkbook.ts rebuildPlan) written to a file.
 *
 * Excel batches are not transactions, so the update builds the new sheets beside the old ones and only
 * then lets the old ones go:
 *   1. read the whole workbook (values; formulas too on the person's own sheets) and rebuild its plan;
 *      a workbook a newer version made, or one the rebuild cannot hold, is refused before anything is written;
 *   2. set the old sheets aside: each renamed "PPS earlier N", its tables renamed, the workbook's defined
 *      names the plan defines removed (1 read, 1 write);
 *   3. insert the plan under the standard names (the renderer: 2 syncs, more only past 4.5 MB);
 *   4. read the new sheets back and check that they hold everything typed (lostInRebuild);
 *   5. delete the old sheets, point the person's own formulas and names that named them at the new ones,
 *      and put the sheets in order (1 write).
 * A failure in 2-4 puts everything back (journal.ts) and names the step. Step 5 comes only once the new
 * sheets are complete and checked; should Excel refuse it, the message says which old sheets are left.
 */
import { library } from '../../domain/library';
import { formatProblem, InputError } from '../../domain/problems';
import { LAYOUT_VERSION } from '../../workbook/layout';
import { formulaSheets, renameReferences, usesTables } from '../../workbook/renames';
import { planSheets, readTeamWorkbook, sheetRead } from '../../workbook/read';
import { rebuildPlan } from '../../workbook/teamWorkbook';
import {
  describeUpgradeLine,
  lostInRebuild,
  REWRITTEN_KINDS,
  UpgradePlan,
  upgradeReport,
} from '../../workbook/upgrade';
import { freeObjectName } from '../../workbook/names';
import { LayoutStatus, WorkbookApi } from '../api';
import { hostErrorInfo } from '../host';
import { WorkbookSnapshot } from '../read';
import type { OpsContext } from './context';
import { ACTIONS } from './errors';
import { allFrameworks } from './snapshot';

const lc = (s: string) => s.toLowerCase();

/** Actions that build on the generated sheets (rewrite them, or write formulas over them). */
const BUILDS_ON_SHEETS: ReadonlySet<keyof WorkbookApi> = new Set<keyof WorkbookApi>([
  'compare',
  'trends',
  'dashboard',
  'importSessions',
  'personView',
  'agenda',
]);

/** Actions that write into the workbook: refused in one a newer version made (createOfficeApi applies it). */
export const GUARDED: ReadonlySet<keyof WorkbookApi> = new Set<keyof WorkbookApi>([
  ...BUILDS_ON_SHEETS,
  'saveSettings',
  'saveTeam',
  'insertRatingSheets',
  'collectForms',
]);

/** What the pane shows about the workbook's layout. */
export function layoutStatus(u: UpgradePlan): LayoutStatus {
  return { status: u.status, layout: u.layout, from: u.from, older: u.older.length, messages: u.messages };
}

/** Why the add-in changes nothing in a workbook a newer version made. */
function newerMessage(u: UpgradePlan): string {
  return (
    `A newer version of Peer Performance Support made this workbook, and this add-in (layout ${u.layout}) ` +
    `changes nothing in it: the add-in needs updating (whoever manages it for your agency deploys new ` +
    `versions to everyone). ${u.messages.map((m) => `${m}.`).join(' ')} Nothing was changed.`
  );
}

/**
 * Refuses an action the workbook's layout does not allow: any writing action in a workbook a newer version
 * made; an action that builds on the generated sheets while they are an earlier version's (the pane offers
 * the update first: rewriting an earlier sheet in place with this version's cells would put them in the
 * wrong columns, and leave a sheet that is neither layout).
 */
export function guardLayout(snap: WorkbookSnapshot, action: keyof WorkbookApi): void {
  const u = snap.upgrade;
  if (u.status === 'refuse') throw new Error(newerMessage(u));
  if (u.status === 'upgrade' && BUILDS_ON_SHEETS.has(action))
    throw new Error(
      `This workbook's sheets were made by an earlier version (layout ${u.from.join(' and ')}): update the ` +
        `workbook first ("Update this workbook" at the top of the pane), then try ${ACTIONS[action]} again. ` +
        `Nothing was changed.`,
    );
}

export function upgradeOps(c: OpsContext): Pick<WorkbookApi, 'upgrade'> {
  return {
    async upgrade(onProgress) {
      // 1. everything, with the formulas of the sheets that are not the program's (they stay; step 5)
      const snap = await c.read({
        formulas: (h) => ['other', 'cover'].includes(sheetRead(h.name, h.grid ?? []).kind),
      });
      guardLayout(snap, 'upgrade');
      const lib = { ...library(), frameworks: allFrameworks(snap).list };
      const read = readTeamWorkbook(snap.sheets, 'This workbook', lib);
      if (!read.workbook) throw new InputError(read.problems);
      const book = read.workbook;
      if (book.upgrade.status === 'current')
        return {
          from: [],
          to: LAYOUT_VERSION,
          lines: [
            `Every sheet is at layout ${LAYOUT_VERSION}, the layout this version writes: nothing to update.`,
          ],
          upgraded: 0,
          restored: 0,
          kept: [],
        };
      if (book.frameworkIds.length > 1)
        throw new Error(
          `This workbook has rating sheets for ${book.frameworkIds.join(' and ')}; an update rebuilds one framework's sheets. Nothing was changed.`,
        );
      if (!library().frameworks.some((f) => f.id === book.frameworkId))
        throw new Error(
          `The rating sheets use the agency list "${lib.frameworks.find((f) => f.id === book.frameworkId)?.title ?? book.frameworkId}" typed into this workbook; this version cannot update a workbook of an agency's own list yet. The workbook keeps working as it is. Nothing was changed.`,
        );
      const { plan, typed, kept } = rebuildPlan(book, undefined, c.stamp());
      // `update` leaves such rows in its backup file; here nothing would keep them
      if (typed.unplaced.length)
        throw new Error(
          `The update would leave no place for what was typed in ${typed.unplaced
            .map(({ block, keys }) => `"${block.sheet}" (${keys.map((k) => `row ${k}`).join(', ')})`)
            .join('; ')}: copy it elsewhere and clear it, then update; or update the saved file with ` +
            `peer-performance update, which keeps the original as a backup. Nothing was changed.`,
        );
      const replaced = book.sheets.filter((s) => REWRITTEN_KINDS.includes(s.kind));
      const own = snap.sheets.filter((s) => !replaced.some((r) => r.name === s.name));
      const olds = new Set(replaced.map((s) => lc(s.name)));
      const taken = new Set([...snap.sheets, ...plan.sheets].map((s) => lc(s.name)));
      const aside = new Map<string, string>();
      for (let n = 1; aside.size < replaced.length; n++)
        if (!taken.has(`pps earlier ${n}`)) aside.set(replaced[aside.size].name, `PPS earlier ${n}`);
      let active = '';
      const ownNames: { name: string; formula: string; visible: boolean }[] = [];
      const oldTables: string[] = [];

      const created = await c.atomic('upgrade', async (j) => {
        // 2. the old sheets aside, under other names, with their tables; the plan's defined names freed
        await j.step('setting the earlier sheets aside', () =>
          c.run(async (ctx) => {
            const wb = ctx.workbook;
            const names = wb.names.load('items/name,items/formula,items/visible');
            const tables = wb.tables.load('items/name');
            const onOld = replaced.map((s) => wb.worksheets.getItem(s.name).tables.load('items/name'));
            const current = wb.worksheets.getActiveWorksheet().load('name');
            await ctx.sync();
            active = current.name;
            const planNames = new Set(plan.names.map((n) => lc(n.name)));
            const inUse = new Set(
              [...names.items, ...tables.items, ...plan.names, ...plan.sheets.flatMap((p) => p.tables)].map(
                (x) => lc(x.name),
              ),
            );
            for (const n of names.items) {
              const formula = String(n.formula);
              if (planNames.has(lc(n.name))) {
                j.nameRemoved(n.name, formula, n.visible);
                n.delete();
              } else if (formulaSheets(formula).some((x) => olds.has(lc(x))))
                ownNames.push({ name: n.name, formula, visible: n.visible });
            }
            for (const t of onOld.flatMap((l) => l.items)) {
              const to = freeObjectName('PPS_earlier', inUse);
              inUse.add(lc(to));
              oldTables.push(t.name);
              j.renamed('table', t.name, to);
              t.name = to;
            }
            for (const [from, to] of aside) {
              j.renamed('sheet', from, to);
              wb.worksheets.getItem(from).name = to;
            }
            await ctx.sync();
          }),
        );
        // 3. the rebuilt sheets, under the standard names
        const res = await j.step(`writing the sheets as layout ${LAYOUT_VERSION} writes them`, () =>
          c.insert(
            plan,
            onProgress && ((done, total) => onProgress({ done, total, label: 'Writing the sheets' })),
            j,
          ),
        );
        // 4. read back: every typed value must be in them before the old sheets go
        await j.step('checking that the new sheets hold everything typed', async () => {
          const made = new Set(res.created.map(lc));
          const again = await c.read({ whole: (h) => made.has(lc(h.name)) });
          const back = readTeamWorkbook(
            again.sheets.filter((s) => made.has(lc(s.name))),
            'The updated sheets',
            lib,
          );
          const lost = back.workbook ? lostInRebuild(kept, back.workbook) : back.problems.map(formatProblem);
          if (lost.length)
            throw new Error(
              `the rewritten sheets would lose ${lost.slice(0, 5).join('; ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}: this is a fault of Peer Performance Support, please report it`,
            );
        });
        return res.created;
      });

      // 5. the point of no return: the new sheets are complete and checked
      const after = planSheets({ ...plan, sheets: plan.sheets.map((p, i) => ({ ...p, name: created[i] })) });
      const report = upgradeReport(book.sheets, after).filter((l) => l.change !== 'carried over');
      const successor = Object.fromEntries(
        report.flatMap((l) =>
          l.change === 'upgraded' || l.change === 'unchanged' ? [[l.was ?? l.sheet, l.sheet]] : [],
        ),
      );
      const order = [...created.slice(0, -1), ...own.map((s) => s.name), ...created.slice(-1)];
      const tables = new Set(oldTables.map(lc));
      const pointsAtOld = (f: string) =>
        formulaSheets(f).some((x) => olds.has(lc(x))) || usesTables(f, tables);
      try {
        await c.run(async (ctx) => {
          const wb = ctx.workbook;
          for (const s of replaced) {
            const ws = wb.worksheets.getItem(aside.get(s.name)!);
            if (!snap.sheets.find((x) => x.name === s.name)?.visible) ws.visibility = 'Hidden'; // office-js issue 365
            ws.delete();
          }
          // what the person's own sheets and names said before the old sheets went (Excel made it #REF!)
          let bytes = 0;
          for (const s of own)
            for (const [address, f] of s.cellFormulas ?? [])
              if (pointsAtOld(f)) {
                const input = renameReferences(f, { sheets: successor });
                if ((bytes += input.length + 200) > c.maxRequestBytes) {
                  await ctx.sync();
                  bytes = 0;
                }
                wb.worksheets.getItem(s.name).getRange(address).formulas = [[input]];
              }
          for (const n of ownNames) {
            wb.names.getItem(n.name).delete();
            wb.names.add(n.name, renameReferences(n.formula, { sheets: successor })).visible = n.visible;
          }
          order.forEach((name, i) => (wb.worksheets.getItem(name).position = i));
          const show = own.some((s) => s.name === active) ? active : successor[active];
          if (show) wb.worksheets.getItem(show).activate();
          await ctx.sync();
        });
      } catch (e) {
        const i = hostErrorInfo(e);
        throw new Error(
          `The workbook was updated: its sheets are written as layout ${LAYOUT_VERSION} and hold everything typed. ` +
            `Removing the earlier sheets failed (${i.code ?? 'error'}: ${i.message}): delete the sheets still named "PPS earlier ..." ` +
            `(the earlier version's), and check formulas of your own that pointed at them.`,
          { cause: e },
        );
      }
      return {
        from: book.upgrade.from,
        to: LAYOUT_VERSION,
        lines: report.map((l) =>
          l.change === 'removed'
            ? `"${l.sheet}": not made again by this version, so deleted`
            : describeUpgradeLine(l),
        ),
        upgraded: report.filter((l) => l.change === 'upgraded').length,
        restored: typed.restored,
        kept: own.map((s) => s.name),
      };
    },
  };
}
