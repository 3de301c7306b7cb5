/** Forms: self-assessment forms out, returned forms checked and merged back. */
import { library } from '../../domain/library';
import { orderPeriods } from '../../domain/periods';
import { Rating } from '../../domain/ratings';
import { findRole } from '../../domain/roles';
import { Score, scoreText } from '../../domain/scale';
import { rangeRef } from '../../workbook/a1';
import { formFileName, mergeSelfRatings, readForm, selfAssessmentForm } from '../../workbook/forms';
import { NamedGrid, ratingsFromSheet } from '../../workbook/read';
import { CollectFormsReport, WorkbookApi } from '../api';
import { valueInput } from '../cellInput';
import { needs } from '../read';
import type { OpsContext } from './context';
import { domain, sheetGrid } from './snapshot';

export function formsOps(c: OpsContext): Pick<WorkbookApi, 'createForms' | 'collectForms'> {
  const { run, opts, read, atomic } = c;
  return {
    async createForms(req) {
      if (!opts.writeXlsx)
        throw new Error('Making forms needs the workbook writer, which is not loaded here.');
      const snap = await read(needs());
      const { fws, scale, team } = domain(snap);
      if (!req.period.trim()) throw new Error('Give the review period a label, for example "2026 Q4".');
      const framework = fws.list.find((f) => f.id === snap.settings.frameworkId);
      if (!framework)
        throw new Error(`The framework "${snap.settings.frameworkId}" in Settings is not available.`);
      const chosen = team.filter((w) => req.workerIds.includes(w.workerId));
      if (chosen.length === 0) throw new Error('Choose at least one worker from the Team sheet.');
      const files = [];
      for (const worker of chosen) {
        const plan = selfAssessmentForm({
          worker,
          period: req.period,
          framework,
          scale,
          role: findRole(library().roles, worker.role),
        });
        files.push({
          fileName: formFileName(worker.workerId, req.period),
          bytes: await opts.writeXlsx(plan),
        });
      }
      return files;
    },

    async collectForms(files, useIncoming = []) {
      if (!opts.readXlsx)
        throw new Error('Collecting forms needs the workbook reader, which is not loaded here.');
      const snap = await read(needs([], () => true));
      const { fws, scale, team } = domain(snap);
      const report: CollectFormsReport = { files: [], written: 0, conflicts: [] };
      const incoming: Rating[] = [];
      for (const f of files) {
        let sheets: NamedGrid[];
        try {
          sheets = await opts.readXlsx(f.bytes, f.name);
        } catch (e) {
          report.files.push({
            name: f.name,
            ok: false,
            accepted: 0,
            problems: [{ file: f.name, message: (e as Error).message }],
          });
          continue;
        }
        const res = readForm(sheets, f.name, {
          team,
          frameworks: fws.list,
          scale,
          periods: orderPeriods(snap.ratingSheets.map((r) => r.period)),
        });
        const sheet =
          res.form &&
          snap.ratingSheets.find((r) => r.workerId === res.form!.workerId && r.period === res.form!.period);
        if (res.ok && !sheet) {
          report.files.push({
            name: f.name,
            ok: false,
            accepted: 0,
            problems: [
              {
                file: f.name,
                message: `there is no rating sheet for ${res.form!.workerId} in ${res.form!.period} to merge into; insert it first`,
              },
            ],
          });
          continue;
        }
        report.files.push({
          name: f.name,
          ok: res.ok,
          accepted: res.report.accepted,
          problems: res.report.problems,
        });
        if (res.ok) incoming.push(...res.ratings);
      }
      if (incoming.length === 0) return report;
      // Existing ratings of the sheets the forms are for, and where each competency's cells are.
      const cells = new Map<string, { sheet: string; row: number; selfCol: number; notesCol: number }>();
      const existing: Rating[] = [];
      const keyOf = (r: { workerId: string; period: string; competencyId: string }) =>
        [r.workerId, r.period, r.competencyId].join('\u0000');
      for (const data of snap.ratingSheets.filter((r) =>
        incoming.some((i) => i.workerId === r.workerId && i.period === r.period),
      )) {
        existing.push(...ratingsFromSheet(data, fws.list, scale).ratings);
        const header = (sheetGrid(snap, data.sheet)[data.headerRow] ?? []).map((v) => String(v ?? '').trim());
        for (const row of data.rows)
          cells.set(keyOf({ workerId: data.workerId, period: data.period, competencyId: row.id }), {
            sheet: data.sheet,
            row: row.row,
            selfCol: data.headerCol + 3,
            notesCol: header.indexOf('Notes', data.headerCol),
          });
      }
      const merge = mergeSelfRatings(existing, incoming);
      const chosen = new Set(useIncoming);
      const label = (sc: Score) => scoreText(sc, scale) || 'blank';
      report.conflicts = merge.conflicts.map((c) => ({
        key: keyOf(c),
        workerId: c.workerId,
        period: c.period,
        competencyId: c.competencyId,
        existing: label(c.existing),
        incoming: label(c.incoming),
      }));
      const writes = [
        ...merge.write.map((r) => ({ r, notes: true })),
        ...merge.conflicts
          .filter((c) => chosen.has(keyOf(c)))
          .map((c) => ({ r: { ...c, self: c.incoming, notes: '' }, notes: false })),
      ];
      await atomic('collectForms', (j) =>
        j.step('writing the Self ratings and notes', () =>
          run(async (ctx) => {
            for (const { r, notes } of writes) {
              const at = cells.get(keyOf(r));
              if (!at) continue;
              const ws = ctx.workbook.worksheets.getItem(at.sheet);
              const grid = sheetGrid(snap, at.sheet);
              const write = (col: number, value: string | number | boolean): void => {
                j.cellsBefore(at.sheet, at.row, col, [[grid[at.row]?.[col] ?? '']]);
                ws.getRange(rangeRef(at.row, col, at.row, col)).values = [[value]];
              };
              const text = scoreText(r.self, scale);
              if (text !== '') write(at.selfCol, /^\d+$/.test(text) ? Number(text) : valueInput(text));
              if (notes && r.notes && at.notesCol >= 0) write(at.notesCol, valueInput(r.notes));
              report.written++;
            }
            await ctx.sync();
          }),
        ),
      );
      return report;
    },
  };
}
