/** Review: rating sheets for a period, and opening a sheet. */
import { library } from '../../domain/library';
import { findRole } from '../../domain/roles';
import { ratingSheets } from '../../workbook/build';
import { WorkbookApi } from '../api';
import { needs } from '../read';
import type { OpsContext } from './context';
import { domain } from './snapshot';

export function reviewOps(c: OpsContext): Pick<WorkbookApi, 'insertRatingSheets' | 'activate'> {
  const { run, insert, read } = c;
  return {
    async insertRatingSheets(req, onProgress) {
      const snap = await read(needs());
      const { fws, scale, team } = domain(snap);
      if (!req.period.trim()) throw new Error('Give the review period a label, for example "2026 Q4".');
      const framework = fws.list.find((f) => f.id === snap.settings.frameworkId);
      if (!framework)
        throw new Error(
          `The framework "${snap.settings.frameworkId}" in Settings is not available. Choose one in Setup.`,
        );
      const chosen = team.filter((w) => req.workerIds.includes(w.workerId));
      if (chosen.length === 0) throw new Error('Choose at least one worker from the Team sheet.');
      const existing = new Set(
        snap.ratingSheets.filter((r) => r.period === req.period).map((r) => r.workerId),
      );
      const already = chosen.filter((w) => existing.has(w.workerId));
      if (already.length)
        throw new Error(
          `${already.map((w) => w.workerId).join(', ')} already ${already.length === 1 ? 'has a rating sheet' : 'have rating sheets'} for ${req.period}; nothing was inserted.`,
        );
      const role = req.roleId ? library().roles.find((r) => r.id === req.roleId) : undefined;
      const plans = ratingSheets(
        chosen.map((worker) => ({
          worker,
          period: req.period,
          role: role ?? findRole(library().roles, worker.role),
        })),
        { framework, scale, roles: library().roles, existingSheets: snap.sheets.map((s) => s.name) },
      );
      onProgress?.({ done: 0, total: plans.length, label: 'Preparing sheets' });
      const res = await insert({ sheets: plans, names: [] }, (done, total) =>
        onProgress?.({ done, total, label: `Inserted ${done} of ${total}` }),
      );
      return { created: res.created, renamed: res.renamed, syncs: res.syncs + snap.syncs };
    },

    async activate(sheet: string) {
      await run(async (ctx) => {
        ctx.workbook.worksheets.getItem(sheet).activate();
        await ctx.sync();
      });
    },
  };
}
