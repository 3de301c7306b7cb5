/**
 * After a failed insert: delete every sheet and defined name the insert added, find which queued step
 * failed (by the host's error location and by which steps' markers landed), and say so in plain words.
 */
import { hostErrorInfo } from '../host';
import { BatchFailure, lc, Marker, RequestBatch, Step, unique } from './batch';

export interface InsertFailure {
  message: string;
  /** The sheet the failure is attributed to, when it can be. */
  sheet?: string;
  /** The host's error location ("ChartCollection.add") or code. */
  operation?: string;
  /** Sheets that could not be removed after the failure (normally none). */
  leftBehind: string[];
  cause: unknown;
}

/** Remove what this insert added, then describe the failure. */
export async function cleanUpAfter(s: RequestBatch, err: unknown): Promise<InsertFailure> {
  const failed = err instanceof BatchFailure ? err.steps : [];
  const cause = err instanceof BatchFailure ? err.original : err;
  const info = hostErrorInfo(cause);
  let removed: string[] = [];
  let leftBehind: string[] = [];
  let cleanupProblem: string | undefined;
  let landed: (m: Marker) => boolean | undefined = () => undefined;
  try {
    const wb = s.ctx.workbook;
    const sheets = wb.worksheets.load('items/name,items/visibility');
    const names = wb.names.load('items/name');
    const tables = wb.tables.load('items/name');
    await s.sync();
    const haveSheet = new Set(sheets.items.map((x) => lc(x.name)));
    const hidden = new Set(sheets.items.filter((x) => x.visibility !== 'Visible').map((x) => lc(x.name)));
    const veryHidden = new Set(
      sheets.items.filter((x) => x.visibility === 'VeryHidden').map((x) => lc(x.name)),
    );
    const haveName = new Set(names.items.map((x) => lc(x.name)));
    const haveTable = new Set(tables.items.map((x) => lc(x.name)));
    const probes = new Map<Marker, Excel.Range>();
    for (const st of failed) {
      const m = st.marker;
      if (m?.kind === 'cell' && haveSheet.has(lc(m.sheet))) {
        const r = wb.worksheets.getItem(m.sheet).getRange(m.address);
        r.load('formulas');
        probes.set(m, r);
      }
    }
    for (const n of s.addedNames) if (haveName.has(lc(n))) wb.names.getItem(n).delete();
    removed = s.sheetNames.filter((n) => haveSheet.has(lc(n)));
    for (const n of removed) {
      const ws = wb.worksheets.getItem(n);
      // Excel refuses to delete a very hidden sheet (by design, office-js issue 365): hide it plainly first.
      if (veryHidden.has(lc(n))) ws.visibility = 'Hidden';
      ws.delete();
    }
    leftBehind = removed;
    await s.sync();
    leftBehind = [];
    landed = (m) => {
      if (m.kind === 'sheet') return haveSheet.has(lc(m.name));
      if (m.kind === 'name') return haveName.has(lc(m.name));
      if (m.kind === 'table') return haveTable.has(lc(m.name));
      if (m.kind === 'hidden') return hidden.has(lc(m.name));
      const probe = probes.get(m);
      return probe ? probe.formulas[0][0] !== '' : false;
    };
  } catch (e2) {
    const i2 = hostErrorInfo(e2);
    cleanupProblem = `${i2.code ?? 'error'}: ${i2.message}`;
    if (!leftBehind.length) leftBehind = [...s.sheetNames];
  }

  const culprits = locateFailure(failed, info.location, landed);
  const sheetsHit = unique(culprits.map((c) => c.sheet).filter(Boolean));
  const whats = unique(culprits.map((c) => c.what));
  let where = whats.length ? whats.slice(0, 3).join(' or ') : 'writing the sheets';
  if (sheetsHit.length === 1) where += ` on sheet "${sheetsHit[0]}"`;
  else if (sheetsHit.length > 1)
    where += ` on one of the sheets ${sheetsHit
      .slice(0, 4)
      .map((n) => `"${n}"`)
      .join(', ')}${sheetsHit.length > 4 ? ` (and ${sheetsHit.length - 4} more)` : ''}`;
  const reason =
    err instanceof BatchFailure
      ? `Excel refused it (${info.code ?? 'error'}: ${info.message})`
      : `it failed (${info.message})`;
  const tail = cleanupProblem
    ? ` Removing what had been added also failed (${cleanupProblem}); these sheets may remain and can be deleted by hand: ${leftBehind.map((n) => `"${n}"`).join(', ')}.`
    : removed.length
      ? ` Nothing was left behind: the ${removed.length} sheet${removed.length === 1 ? '' : 's'} added before the failure ${removed.length === 1 ? 'was' : 'were'} deleted again.`
      : ' Nothing was left behind: no sheet had been added yet.';
  return {
    message: `Inserting the sheets failed while ${where}: ${reason}.${tail}`,
    sheet: sheetsHit.length === 1 ? sheetsHit[0] : undefined,
    operation: info.location ?? info.code,
    leftBehind,
    cause,
  };
}

/**
 * Which queued steps can have failed? Commands run in order until the failing one, so the failure lies after
 * the last step whose marker is present and no later than the first step whose marker is missing; among
 * those, prefer the steps that queue the operation the host names.
 */
function locateFailure(
  steps: Step[],
  location: string | undefined,
  landed: (m: Marker) => boolean | undefined,
): Step[] {
  let lo = -1;
  steps.forEach((st, i) => {
    if (st.marker && landed(st.marker) === true) lo = i;
  });
  let hi = steps.length - 1;
  for (let i = lo + 1; i < steps.length; i++)
    if (steps[i].marker && landed(steps[i].marker!) === false) {
      hi = i;
      break;
    }
  const window = steps.slice(lo + 1, hi + 1);
  if (!location) return window;
  const exact = window.filter((s) => s.ops.includes(location));
  if (exact.length) return exact;
  const type = location.split('.')[0];
  const sameType = window.filter((s) => s.ops.some((o) => o.split('.')[0] === type));
  return sameType.length ? sameType : window;
}
