/**
 * Agency: team workbooks picked from disk, read with the same reader as the CLI (injected: readTeamFile),
 * rolled up into the agency sheets of the open workbook (src/workbook/agency.ts, agencySheets.ts).
 *
 * Run again, it replaces the agency sheets in place, as one action: the old sheets (found by their A1, so
 * renamed ones too) are set aside under other names, the new ones inserted with their names, moved to their
 * positions, and only then are the old ones deleted; a failure on the way puts the old ones back. Formulas
 * of one's own on other sheets that point into the agency sheets lose their reference (#REF!), as when a
 * sheet is deleted by hand.
 */
import { library } from '../../domain/library';
import { formatProblem } from '../../domain/problems';
import { combineTeams } from '../../workbook/agency';
import { agencyWorkbookPlan, AGENCY_TITLES } from '../../workbook/agencySheets';
import { freeObjectName, freeSheetName } from '../../workbook/names';
import { renameInPlan } from '../../workbook/renames';
import type { AgencyReport, WorkbookApi } from '../api';
import { needs } from '../read';
import type { OpsContext } from './context';

export function agencyOps(c: OpsContext): Pick<WorkbookApi, 'rollup'> {
  const { opts, run, read, insert, stamp, atomic } = c;
  return {
    async rollup(files, req = {}) {
      if (!opts.readTeamFile)
        throw new Error('Rolling up team workbooks needs the workbook reader, which is not loaded here.');
      if (files.length === 0) throw new Error('Choose the team workbooks (.xlsx) to roll up.');
      const snap = await read(needs([]));
      if (snap.team)
        throw new Error(
          `This is a team workbook (its roster is on the sheet "${snap.team.sheet}"). Open a new, empty ` +
            'workbook for the agency view, so the team’s own sheets and the agency’s stay apart.',
        );
      const teamFiles = [];
      for (const f of files) teamFiles.push(await opts.readTeamFile(f.bytes, f.name));
      const rollup = combineTeams({
        files: teamFiles,
        lib: library(),
        period: req.period?.trim() || undefined,
        ...(snap.settingsSheet
          ? { settings: snap.settings, settingsFrom: `this workbook's "${snap.settingsSheet}" sheet` }
          : {}),
      });
      if (rollup.refused.length)
        throw new Error(
          `Nothing was written: ${rollup.refused.map((p) => formatProblem(p)).join(' ')}`.replace(
            /\.?$/,
            '.',
          ),
        );
      const agency = rollup.agency;
      if (!agency)
        throw new Error(
          `None of the files is a team workbook that can be used: ${rollup.skipped
            .map((s) => `${s.file}: ${s.reasons.join('; ')}`)
            .join(' ')}`,
        );

      const titles = Object.values(AGENCY_TITLES) as string[];
      const old = snap.sheets
        .filter((s) => titles.includes(String(s.grid[0]?.[0] ?? '').trim()))
        .map((s) => ({ name: s.name, position: s.position, title: String(s.grid[0]![0]).trim() }));
      let plan = agencyWorkbookPlan(agency, {
        computedAt: stamp(),
        rollup,
        settingsSheetName: snap.settingsSheet ?? undefined,
      });
      // A sheet refreshed keeps its name (a person may have renamed it).
      const keep = Object.fromEntries(
        old.flatMap((o) => {
          const p = plan.sheets.find((s) => s.cells[0]?.[0]?.value === o.title);
          return p && p.name !== o.name ? [[p.name, o.name]] : [];
        }),
      );
      if (Object.keys(keep).length) plan = renameInPlan(plan, { sheets: keep, objects: {} });

      const report: AgencyReport = {
        sheets: [],
        refreshed: old.length > 0,
        teams: agency.teams.map((t) => ({
          label: t.label,
          file: t.file,
          workers: t.workbook.team.length,
          sessions: t.workbook.sessions.length,
        })),
        period: agency.period,
        skipped: rollup.skipped,
        countedOnce: rollup.countedOnce,
        notes: agency.notes,
        warnings: rollup.warnings,
      };
      return atomic('rollup', async (j) => {
        if (old.length)
          await j.step('setting the old agency sheets aside', () =>
            run(async (ctx) => {
              const wb = ctx.workbook;
              const names = wb.worksheets.load('items/name');
              const all = wb.tables.load('items/name');
              const tables = old.map((o) => wb.worksheets.getItem(o.name).tables.load('items/name'));
              await ctx.sync();
              const taken = new Set(names.items.map((w) => w.name.toLowerCase()));
              const takenTables = new Set(all.items.map((t) => t.name.toLowerCase()));
              for (const [i, o] of old.entries()) {
                for (const t of tables[i].items) {
                  const to = freeObjectName(`${t.name}_old`, takenTables);
                  takenTables.add(to.toLowerCase());
                  j.renamed('table', t.name, to);
                  t.name = to;
                }
                const to = freeSheetName(`${o.name} old`, taken);
                taken.add(to.toLowerCase());
                j.renamed('sheet', o.name, to);
                wb.worksheets.getItem(o.name).name = to;
                o.name = to;
              }
              await ctx.sync();
            }),
          );
        const made = await j.step('inserting the agency sheets', () => insert(plan, undefined, j));
        report.sheets = made.created.filter((n) =>
          plan.sheets.some((p) => p.name === n && p.kind !== 'settings'),
        );
        if (old.length)
          await j.step('removing the old agency sheets', () =>
            run(async (ctx) => {
              const wb = ctx.workbook;
              for (const o of old) wb.worksheets.getItem(o.name).delete();
              // the new sheets where the old ones were
              const at = old
                .map((o) => ({ o, p: plan.sheets.find((s) => s.cells[0]?.[0]?.value === o.title) }))
                .filter((x) => x.p && made.created.includes(x.p.name))
                .sort((a, b) => a.o.position - b.o.position);
              for (const { o, p } of at) wb.worksheets.getItem(p!.name).position = o.position;
              await ctx.sync();
            }),
          );
        return report;
      });
    },
  };
}
