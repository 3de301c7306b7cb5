/** Outcomes: importing sessions into the log, person views and one-on-one agendas. */
import { parseSessionsCsv } from '../../domain/csv';
import { Session } from '../../domain/pcoms';
import { orderPeriods } from '../../domain/periods';
import { allocateSheetNames } from '../../workbook/names';
import {
  agendaGaps,
  agendaSheet,
  logRewrite,
  outcomeLogRef,
  outcomesSheets,
  personViewSheet,
  providerSummarySheet,
  SUMMARY_HEADERS,
} from '../../workbook/outcomes';
import { LOG_HEADERS } from '../../workbook/outcomesLog';
import { findHeaderRow, ratingsFromSheet } from '../../workbook/read';
import { SETTINGS_SHEET, settingsSheet } from '../../workbook/settingsSheet';
import { WorkbookApi } from '../api';
import { needs } from '../read';
import type { OpsContext } from './context';
import { domain, emptyReport, findLog } from './snapshot';

/** The name of the outcome log's table (other sheets refer to its columns by name): 1 sync. */
function tableNameOf(run: OpsContext['run'], sheet: string): Promise<string> {
  return run(async (ctx) => {
    const tables = ctx.workbook.worksheets.getItem(sheet).tables.load('items/name');
    await ctx.sync();
    return tables.items[0].name;
  });
}

export function outcomesOps(c: OpsContext): Pick<WorkbookApi, 'importSessions' | 'personView' | 'agenda'> {
  const { run, insert, stamp, refreshInPlace, read, atomic } = c;
  const logTableName = (sheet: string) => tableNameOf(run, sheet);
  return {
    async importSessions(csv, fileName, confirmCodes = []) {
      const parsed = parseSessionsCsv(csv, fileName, { allowCodes: new Set(confirmCodes) });
      const nameLike = parsed.problems.filter(
        (p) => p.column === 'person_code' && /looks like a name/.test(p.message),
      );
      const needsConfirmation = [...new Set(nameLike.map((p) => /"(.*)"/.exec(p.message)?.[1] ?? ''))].filter(
        Boolean,
      );
      const rejected = parsed.problems.filter((p) => !nameLike.includes(p));
      const snap = await read(needs(['log']));
      const logSnap = findLog(snap);
      const existing = logSnap?.log.sessions ?? [];
      const key = (x: Session) => [x.personCode, x.workerId, x.date, x.session].join('\u0000');
      const have = new Set(existing.map(key));
      const fresh = parsed.records.filter((x) => !have.has(key(x)));
      const report = {
        accepted: fresh.length,
        duplicates: parsed.records.length - fresh.length,
        rejected,
        needsConfirmation,
        sheets: [] as string[],
      };
      if (fresh.length === 0) return report;
      const all = [...existing, ...fresh];
      const names = snap.sheets.map((x) => x.name);
      if (!logSnap) {
        // New outcomes sheets; their formulas read the Settings sheet, so add it when missing.
        const settings = snap.settingsSheet
          ? null
          : settingsSheet(snap.settings, allocateSheetNames([SETTINGS_SHEET], names)[0]);
        const plans = outcomesSheets({
          sessions: all,
          existingSheets: [...names, ...(settings ? [settings.sheet.name] : [])],
          settingsSheetName: snap.settingsSheet ?? settings?.sheet.name,
        });
        const res = await insert({
          sheets: [...plans, ...(settings ? [settings.sheet] : [])],
          names: settings?.names ?? [],
        });
        report.sheets = res.created;
        return report;
      }
      // Append: grow the log table, then rewrite the log grouped by person (inputs of every row; the row
      // formulas are the same on every row, so rows of this layout keep theirs and only the new rows get
      // them), its person and pair indexes, and the summary.
      // Both steps are one action: if rewriting fails, the added rows are removed again and the rewritten
      // cells put back (no blank rows, no half-sorted log).
      const logName = logSnap.sheet;
      const width = LOG_HEADERS.length;
      const grid = snap.sheets.find((x) => x.name === logName)!.grid;
      if (!LOG_HEADERS.every((h, i) => grid[logSnap.log.headerRow]?.[i] === h))
        throw new Error(
          `The outcomes log on "${logName}" does not have the columns this version writes (it was made by an ` +
            'earlier version, or a header was changed), so nothing was imported. Build the outcome sheets ' +
            'again from your sessions CSV, or restore the headers.',
        );
      const settingsSheetName = snap.settingsSheet ?? SETTINGS_SHEET;
      report.sheets.push(logName);
      const summary = snap.sheets.find(
        (x) => findHeaderRow(x.grid, SUMMARY_HEADERS.slice(0, 3)) !== null,
      )?.name;
      if (summary) report.sheets.push(summary);
      return atomic('importSessions', async (j) => {
        let tableName = '';
        let tableRows = 0;
        await j.step('adding rows to the outcomes log', () =>
          run(async (ctx) => {
            const table = ctx.workbook.worksheets.getItem(logName).tables.getItemAt(0).load('name');
            const body = table.getDataBodyRange().load('rowCount');
            await ctx.sync();
            tableName = table.name;
            tableRows = body.rowCount;
            j.rowsAdded(logName, table.name, body.rowCount);
            table.rows.add(
              undefined,
              fresh.map(() => new Array<string>(width).fill('')),
            );
            await ctx.sync();
          }),
        );
        const log = logRewrite({
          sheetName: logName,
          tableName,
          sessions: all,
          settingsSheetName,
          tableRows: tableRows + fresh.length,
          keptRows: tableRows,
        });
        const summaryPlan =
          summary &&
          providerSummarySheet({
            sheetName: summary,
            log: outcomeLogRef(logName, tableName),
            workers: [...new Set(all.map((x) => x.workerId))],
            sessions: all,
            settingsSheetName,
          });
        await j.step("rewriting the outcomes log's and summary's formulas", () =>
          refreshInPlace(
            [
              {
                sheet: logName,
                plan: { ...log.plan, cells: log.plan.cells.slice(0, log.fromRow) },
                keepCols: log.formulaCols,
                keptUnread: true,
              },
              { sheet: logName, plan: log.plan, keepCols: [], fromRow: log.fromRow },
              ...(summaryPlan ? [{ sheet: summary!, plan: summaryPlan, keepCols: [] }] : []),
            ],
            j,
          ),
        );
        return report;
      });
    },

    async personView(req) {
      const snap = await read(needs(['log']));
      const found = findLog(snap);
      const code = req.personCode.trim();
      if (!found) throw new Error('There is no outcomes log yet: import sessions first.');
      if (!found.log.sessions.some((x) => x.personCode === code))
        throw new Error(`The outcomes log has no sessions for "${code}".`);
      const [name] = allocateSheetNames(
        [`Person ${code}`],
        snap.sheets.map((x) => x.name),
      );
      const plan = personViewSheet({
        sheetName: name,
        personCode: code,
        log: outcomeLogRef(found.sheet, await logTableName(found.sheet)),
        sessions: found.log.sessions,
        settingsSheetName: snap.settingsSheet ?? SETTINGS_SHEET,
      });
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },

    async agenda(req) {
      const snap = await read(needs(['log'], (r) => r.workerId === req.workerId));
      const found = findLog(snap);
      if (!found) throw new Error('There is no outcomes log yet: import sessions first.');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(req.date))
        throw new Error(`"${req.date}" is not a date (use yyyy-mm-dd).`);
      const { fws, scale, team } = domain(snap);
      const worker = team.find((w) => w.workerId === req.workerId);
      if (!worker) throw new Error(`${req.workerId} is not on the Team sheet.`);
      // Competency rows: the development suggestions from the worker's latest rating sheet.
      const periods = orderPeriods(snap.ratingSheets.map((r) => r.period));
      const latest = [...snap.ratingSheets.filter((r) => r.workerId === worker.workerId)]
        .sort((a, b) => periods.indexOf(a.period) - periods.indexOf(b.period))
        .at(-1);
      const fw = latest && fws.list.find((f) => f.id === latest.frameworkId);
      const gaps =
        latest && fw
          ? agendaGaps(
              fw,
              ratingsFromSheet(latest, fws.list, scale).ratings,
              snap.settings.gapThreshold,
              scale,
            )
          : [];
      const [name] = allocateSheetNames(
        [`Agenda ${worker.workerId} ${req.date}`],
        snap.sheets.map((x) => x.name),
      );
      const plan = agendaSheet({
        sheetName: name,
        log: outcomeLogRef(found.sheet, await logTableName(found.sheet)),
        workerId: worker.workerId,
        workerName: worker.name,
        date: req.date,
        gaps,
        computedAt: stamp(),
        sessions: found.log.sessions,
        settings: snap.settings,
        settingsSheetName: snap.settingsSheet ?? SETTINGS_SHEET,
      });
      const res = await insert({ sheets: [plan], names: [] });
      return { ...emptyReport(), sheets: res.created, created: res.created };
    },
  };
}
