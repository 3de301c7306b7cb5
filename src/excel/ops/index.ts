/**
 * The task pane's operations on the open workbook (WorkbookApi), over Office.js. Each reads the
 * workbook once (read.ts: only the sheets it needs, in pages), builds plans with src/workbook, and writes them with the
 * renderer (insertPlans) or, for sheets that already exist, refreshes them in place: generated cells
 * are rewritten, cells a person types (discussion notes) are never touched.
 *
 * One file per group of actions (setup, review, compare, outcomes, forms, share), sharing one OpsContext.
 */
import type { WorkbookApi } from '../api';
import { editSafe, officeApiSupport, officeRunner } from '../host';
import { readWorkbook } from '../read';
import { DEFAULT_MAX_REQUEST_BYTES, insertPlans } from '../render';
import { compareOps } from './compare';
import { OpsContext, OpsOptions } from './context';
import { ACTIONS, plainHostError, withPlainErrors } from './errors';
import { Journal } from './journal';
import { filesOps } from './files';
import { formsOps } from './forms';
import { outcomesOps } from './outcomes';
import { fillGoals, Refresh, refreshInPlace } from './refresh';
import { reviewOps } from './review';
import { setupOps } from './setup';
import { shareOps } from './share';
import { guardLayout, upgradeOps } from './upgrade';

export type { OpsOptions } from './context';
export { plainHostError } from './errors';

export function createOfficeApi(opts: OpsOptions = {}): WorkbookApi {
  const run = editSafe(opts.run ?? officeRunner());
  const supports = opts.supports ?? officeApiSupport;
  const now = opts.now ?? (() => new Date());
  const maxRequestBytes = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const c: OpsContext = {
    opts,
    run,
    supports,
    now,
    stamp: () => now().toISOString().slice(0, 16).replace('T', ' '),
    maxRequestBytes,
    read: async (need, action) => {
      const snap = await readWorkbook(run, need, { maxBytes: maxRequestBytes });
      if (action) guardLayout(snap, action);
      return snap;
    },
    insert: async (plan, onProgress, journal) => {
      const res = await insertPlans(run, plan, { supports, onProgress, maxRequestBytes });
      journal?.sheetsAdded(res.created);
      return res;
    },
    refreshInPlace: (items: Refresh[], journal) => refreshInPlace({ run, maxRequestBytes }, items, journal),
    fillGoals: (sheets, journal) => fillGoals({ run }, sheets, journal),
    atomic: async (action, fn) => {
      const journal = new Journal(run, maxRequestBytes);
      try {
        return await fn(journal);
      } catch (e) {
        throw await journal.fail(ACTIONS[action], e, (x) => plainHostError(x, ACTIONS[action]));
      }
    },
  };
  return withPlainErrors({
    ...setupOps(c),
    ...reviewOps(c),
    ...compareOps(c),
    ...outcomesOps(c),
    ...formsOps(c),
    ...shareOps(c),
    ...filesOps(c),
    ...upgradeOps(c),
  });
}
