/** Share: a copy of chosen sheets (and the rating sheets they read), optionally de-identified. */
import { library } from '../../domain/library';
import { Rating } from '../../domain/ratings';
import { agencyWorkbook, sheetKey } from '../../workbook/build';
import { COMPARISON_HEADERS } from '../../workbook/comparison';
import { deidentifyChecked } from '../../workbook/deidentify';
import { findHeaderRow, ratingsFromSheet } from '../../workbook/read';
import { TREND_HEADERS } from '../../workbook/trend';
import { WorkbookApi } from '../api';
import { needs } from '../read';
import type { OpsContext } from './context';
import { domain, labelled } from './snapshot';

export function shareOps(c: OpsContext): Pick<WorkbookApi, 'shareCopy'> {
  const { opts, now, stamp, read } = c;
  return {
    async shareCopy(req) {
      if (!opts.writeXlsx)
        throw new Error('Sharing a copy needs the workbook writer, which is not loaded here.');
      if (req.sheets.length === 0) throw new Error('Choose at least one sheet to share.');
      const snap = await read(needs([], () => true));
      const { fws, scale, team } = domain(snap);
      const picked = new Set(req.sheets);
      const pickedRating = snap.ratingSheets.filter((r) => picked.has(r.sheet));
      const workersOf = new Set(pickedRating.map((r) => r.workerId));
      let allPairs = false;
      for (const s of snap.sheets.filter((x) => picked.has(x.name))) {
        if (findHeaderRow(s.grid, COMPARISON_HEADERS) || findHeaderRow(s.grid, TREND_HEADERS)) {
          const w = labelled(s.grid, 'Worker ID');
          if (w) workersOf.add(w);
        } else if (/^Team dashboard/.test(String(s.grid[0]?.[0] ?? ''))) allPairs = true;
      }
      // Rating sheets that go into the copy: the picked ones, and those a picked comparison, trend or
      // dashboard reads, so its formulas keep working.
      const included = snap.ratingSheets.filter(
        (r) => allPairs || picked.has(r.sheet) || workersOf.has(r.workerId),
      );
      if (included.length === 0 && !picked.has(snap.team?.sheet ?? '\u0000'))
        throw new Error(
          'Only rating sheets, the Team sheet and the comparison, trend and dashboard sheets can be shared.',
        );
      const fw =
        fws.list.find((f) => f.id === (included[0]?.frameworkId ?? snap.settings.frameworkId)) ?? fws.list[0];
      const ratings: Rating[] = [];
      const goals = new Map<string, Map<string, string>>();
      for (const data of included.filter((r) => r.frameworkId === fw.id)) {
        ratings.push(...ratingsFromSheet(data, fws.list, scale).ratings);
        goals.set(
          sheetKey(data.workerId, data.period),
          new Map(data.rows.filter((x) => x.goal).map((x) => [x.id, x.goal])),
        );
      }
      const involved = team.filter((w) => included.some((r) => r.workerId === w.workerId));
      const plan = agencyWorkbook({
        team: involved.length ? involved : team,
        periods: included.map((r) => r.period),
        ctx: { framework: fw, scale, roles: library().roles, ratings },
        settings: snap.settings,
        computedAt: stamp(),
        only: new Set(included.map((r) => sheetKey(r.workerId, r.period))),
        goals,
      });
      const wantedKinds = new Set(['settings', 'rating']);
      if (picked.has(snap.team?.sheet ?? '\u0000')) wantedKinds.add('team');
      plan.sheets = plan.sheets.filter((p) => wantedKinds.has(p.kind) || picked.has(p.name));
      let removed: string[] = [];
      let out = plan;
      if (req.deidentify) {
        const d = deidentifyChecked(plan, team, { keepFreeText: !req.emptyFreeText });
        out = d.plan;
        removed = d.lines.map((l) => l.trim());
      }
      const day = now().toISOString().slice(0, 10);
      return {
        fileName: `Peer performance ${req.deidentify ? 'de-identified copy' : 'copy'} ${day}.xlsx`,
        bytes: await opts.writeXlsx(out),
        removed,
      };
    },
  };
}
