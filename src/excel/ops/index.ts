/**
 * The task pane's operations on the open workbook (WorkbookApi), over Office.js. Each reads the
 * workbook once (read.ts: only the sheets it needs, in pages), builds plans with src/workbook, and writes them with the
 * renderer (insertPlans) or, for sheets that already exist, refreshes them in place: generated cells
 * are rewritten, cells a person types (discussion notes) are never touched.
 *
 * One file per group of actions (setup, review, compare, outcomes, forms, share, agency), sharing one OpsContext.
 */
import type { WorkbookApi } from '../api';
import { agencyOps } from './agency';
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
import { guardLayout, GUARDED, upgradeOps } from './upgrade';

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
    read: (need) => readWorkbook(run, need, { maxBytes: maxRequestBytes }),
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
  /** The actions `make` gives, each of them a writer whose reads refuse what the layout does not allow it. */
  const guarded = <K extends keyof WorkbookApi>(make: (c: OpsContext) => Pick<WorkbookApi, K>) => {
    const api = make(c);
    for (const action of Object.keys(api) as K[])
      if (GUARDED.has(action)) {
        const read: OpsContext['read'] = async (need) => {
          const snap = await c.read(need);
          guardLayout(snap, action);
          return snap;
        };
        api[action] = make({ ...c, read })[action];
      }
    return api;
  };
  return withPlainErrors({
    ...guarded(setupOps),
    ...guarded(reviewOps),
    ...guarded(compareOps),
    ...guarded(outcomesOps),
    ...guarded(formsOps),
    ...shareOps(c),
    ...filesOps(c),
    ...agencyOps(c),
    ...upgradeOps(c),
  });
}
