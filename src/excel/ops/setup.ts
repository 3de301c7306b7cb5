/** Setup and Team: the pane state, the settings and the roster, kept in the workbook. */
import { Worker } from '../../domain/csv';
import { library } from '../../domain/library';
import { orderPeriods } from '../../domain/periods';
import { InputError, Problem } from '../../domain/problems';
import { Settings } from '../../domain/settings';
import { rangeRef } from '../../workbook/a1';
import { allocateSheetNames } from '../../workbook/names';
import { findHeaderRow } from '../../workbook/read';
import { SETTINGS_HEADERS, SETTINGS_SHEET, settingsSheet } from '../../workbook/settingsSheet';
import { excelDate } from '../../workbook/sheet';
import { TEAM_HEADERS, teamSheet } from '../../workbook/team';
import { FrameworkChoice, PaneState, WorkbookApi } from '../api';
import { valueInput } from '../cellInput';
import { fileDelivery, officePlatform, printSetupNotice } from '../host';
import { needs } from '../read';
import type { OpsContext } from './context';
import { domain, sheetGrid } from './snapshot';
import { layoutStatus } from './upgrade';

export function setupOps(c: OpsContext): Pick<WorkbookApi, 'load' | 'saveSettings' | 'saveTeam'> {
  const { run, insert, read, atomic } = c;
  return {
    async load(): Promise<PaneState> {
      const snap = await read(needs());
      const { fws } = domain(snap);
      const lib = library();
      const frameworks: FrameworkChoice[] = fws.list.map((f) => ({
        id: f.id,
        title: f.title,
        origin: f.id.startsWith('workbook:') ? 'workbook' : 'bundled',
      }));
      return {
        team: snap.team?.workers ?? [],
        teamSheet: snap.team?.sheet ?? null,
        settings: snap.settings,
        frameworks,
        scales: lib.scales.map((s) => ({ id: s.id, title: s.title })),
        roles: lib.roles.map((r) => ({ id: r.id, title: r.title })),
        periods: orderPeriods(snap.ratingSheets.map((r) => r.period)),
        ratingSheets: snap.ratingSheets.map((r) => ({
          sheet: r.sheet,
          workerId: r.workerId,
          period: r.period,
          frameworkId: r.frameworkId,
        })),
        problems: fws.problems,
        files: fileDelivery((c.opts.platform ?? officePlatform)(), c.supports),
        notices: c.supports('1.9') ? [] : [printSetupNotice(c.supports)],
        layout: layoutStatus(snap.upgrade),
      };
    },

    async saveSettings(settings: Settings): Promise<void> {
      const snap = await read(needs());
      if (!snap.settingsSheet) {
        const s = settingsSheet(
          settings,
          allocateSheetNames(
            [SETTINGS_SHEET],
            snap.sheets.map((x) => x.name),
          )[0],
        );
        await insert({ sheets: [s.sheet], names: s.names });
        return;
      }
      // Rewrite the Value cells in place, so the defined names that formulas use stay valid.
      const grid = sheetGrid(snap, snap.settingsSheet);
      const at = findHeaderRow(grid, SETTINGS_HEADERS)!;
      const fresh = settingsSheet(settings).sheet;
      const valueByKey = new Map(
        fresh.cells.slice(3).map((r) => [String(r[2]?.value ?? ''), r[1]?.value ?? null]),
      );
      await atomic('saveSettings', (j) =>
        j.step('writing the settings', () =>
          run(async (ctx) => {
            const ws = ctx.workbook.worksheets.getItem(snap.settingsSheet!);
            for (let r = at.row + 1; r < grid.length; r++) {
              const key = String(grid[r]?.[at.col + 2] ?? '');
              if (!valueByKey.has(key)) continue;
              j.cellsBefore(snap.settingsSheet!, r, at.col + 1, [[grid[r]?.[at.col + 1] ?? '']]);
              ws.getRange(rangeRef(r, at.col + 1, r, at.col + 1)).values = [
                [valueInput(valueByKey.get(key))],
              ];
            }
            await ctx.sync();
          }),
        ),
      );
    },

    async saveTeam(workers: Worker[]): Promise<void> {
      const problems: Problem[] = [];
      const seen = new Set<string>();
      workers.forEach((w, i) => {
        const row = i + 2;
        if (!w.workerId.trim())
          problems.push({ file: 'Team', row, column: 'Worker ID', message: 'is empty' });
        else if (seen.has(w.workerId.toLowerCase()))
          problems.push({ file: 'Team', row, column: 'Worker ID', message: `"${w.workerId}" is used twice` });
        seen.add(w.workerId.toLowerCase());
        if (!w.name.trim()) problems.push({ file: 'Team', row, column: 'Name', message: 'is empty' });
      });
      if (problems.length) throw new InputError(problems);
      const snap = await read(needs());
      if (!snap.team) {
        const name = allocateSheetNames(
          ['Team'],
          snap.sheets.map((s) => s.name),
        )[0];
        await insert({ sheets: [teamSheet(workers, name)], names: [] });
        return;
      }
      // Text as exactly that text (a leading apostrophe where Excel would parse it); dates as serials.
      const values = workers.map((w) => [
        ...[w.workerId, w.name, w.role, w.supervisor].map(valueInput),
        w.startDate ? excelDate(w.startDate) : '',
      ]);
      const sheet = snap.team.sheet;
      await atomic('saveTeam', (j) =>
        j.step('writing the roster', () =>
          run(async (ctx) => {
            const ws = ctx.workbook.worksheets.getItem(sheet);
            const tables = ws.tables.load('items/name');
            await ctx.sync();
            const table = tables.items[0];
            if (!table)
              throw new Error(
                `The sheet "${sheet}" has the roster headers but no table; nothing was changed.`,
              );
            const body = table.getDataBodyRange().load('rowCount,rowIndex,columnIndex,formulas');
            await ctx.sync();
            // A filter on the roster would make Excel put the rows in the wrong places (office-js issue 224).
            table.clearFilters();
            const n = body.rowCount;
            const width = TEAM_HEADERS.length;
            const keep = Math.min(n, values.length);
            const top = body.rowIndex;
            const left = body.columnIndex;
            j.cellsBefore(sheet, top, left, body.formulas as (string | number | boolean)[][]);
            j.rowsAdded(sheet, table.name, n);
            if (keep > 0)
              ws.getRange(rangeRef(top, left, top + keep - 1, left + width - 1)).values = values.slice(
                0,
                keep,
              );
            if (n > values.length)
              ws.getRange(rangeRef(top + keep, left, top + n - 1, left + width - 1)).values = Array.from(
                { length: n - keep },
                () => new Array<string>(width).fill(''),
              );
            if (values.length > n) table.rows.add(undefined, values.slice(n));
            await ctx.sync();
          }),
        ),
      );
    },
  };
}
