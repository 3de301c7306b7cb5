import { getFramework, getScale, library } from '../../src/domain/library';
import { readWorkbook } from '../../src/excel/read';
import { insertPlans } from '../../src/excel/render';
import { agencyWorkbook } from '../../src/workbook/build';
import { ratingsFromSheet } from '../../src/workbook/read';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { createFakeExcel } from '../support/fakeExcel';
import { score, NA } from '../../src/domain/scale';
import { Rating } from '../../src/domain/ratings';

const fw = getFramework('samhsa-core-2015');
const scale = getScale();
const workers = Array.from({ length: 25 }, (_, i) => ({
  workerId: `W${i + 1}`,
  name: `Person ${i + 1}`,
  role: 'Recovery Coach',
  supervisor: 'S',
  startDate: '2025-01-01',
}));
const ratings: Rating[] = workers.flatMap((w, i) => [
  {
    workerId: w.workerId,
    period: '2026 Q1',
    frameworkId: fw.id,
    competencyId: '1.1',
    self: score(1 + (i % 5)),
    supervisor: NA,
    notes: `n${i}`,
  },
  {
    workerId: w.workerId,
    period: '2026 Q2',
    frameworkId: fw.id,
    competencyId: '2.3',
    self: NA,
    supervisor: score(5 - (i % 5)),
    notes: '',
  },
]);

describe('reading the workbook back through Office.js', () => {
  it('50 rating sheets, the roster and the settings in 3 syncs (names, first rows, the rest), ratings equal to what was written', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const plan = agencyWorkbook({
      team: workers,
      periods: ['2026 Q1', '2026 Q2'],
      ctx: { framework: fw, scale, roles: library().roles, ratings },
      settings: { ...DEFAULT_SETTINGS, gapThreshold: 3 },
    });
    await insertPlans(fake.run, plan, { supports: (x) => fake.isSetSupported('ExcelApi', x) });
    const before = fake.stats.syncs;
    const snap = await readWorkbook(fake.run);
    expect(fake.stats.syncs - before).toBe(3);
    expect(snap.ratingSheets).toHaveLength(50);
    expect(snap.team?.workers).toEqual(workers);
    expect(snap.settings.gapThreshold).toBe(3);
    const read = snap.ratingSheets.flatMap((s) => {
      const r = ratingsFromSheet(s, library().frameworks, scale);
      expect(r.problems).toEqual([]);
      return r.ratings;
    });
    expect(read).toHaveLength(50 * 62);
    const key = (r: Rating) => `${r.workerId}|${r.period}|${r.competencyId}`;
    const byKey = new Map(read.map((r) => [key(r), r]));
    for (const r of ratings) expect(byKey.get(key(r))).toMatchObject(r); // plus the Goal suggested in the sheet
  });

  it('sheets that together pass the response limit are read in pages, each under it', async () => {
    // 25 workers x 2 periods: about 50 KB of values per rating sheet pair; the host refuses responses over 150 KB
    const plan = agencyWorkbook({
      team: workers,
      periods: ['2026 Q1', '2026 Q2'],
      ctx: { framework: fw, scale, roles: library().roles, ratings },
    });
    const limit = 150_000;
    for (const maxBytes of [135_000, undefined]) {
      // with a budget under the limit nothing is refused; with the default budget (4.5 MB) the host refuses
      // and the reader halves its pages until they pass
      const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }], payloadLimitBytes: limit });
      await insertPlans(fake.run, plan, {
        supports: (x) => fake.isSetSupported('ExcelApi', x),
        maxRequestBytes: 100_000,
      });
      const before = fake.stats.responseBytes.length;
      const snap = await readWorkbook(fake.run, {}, { maxBytes });
      const sizes = fake.stats.responseBytes.slice(before);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(3 * limit);
      const delivered = sizes.filter((b) => b <= limit);
      expect(delivered.length).toBeGreaterThan(3);
      if (maxBytes) expect(Math.max(...sizes)).toBeLessThanOrEqual(maxBytes);
      else expect(sizes.some((b) => b > limit)).toBe(true);
      expect(snap.ratingSheets).toHaveLength(50);
      const read = snap.ratingSheets.flatMap((x) => ratingsFromSheet(x, library().frameworks, scale).ratings);
      expect(read).toHaveLength(50 * 62);
    }
  });

  it('finds renamed and moved rating sheets; an empty workbook reads as no team and default settings', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const plan = agencyWorkbook({
      team: workers.slice(0, 2),
      periods: ['2026 Q1'],
      ctx: { framework: fw, scale, roles: [], ratings },
    });
    await insertPlans(fake.run, plan, { supports: (x) => fake.isSetSupported('ExcelApi', x) });
    await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('W1 2026 Q1');
      ws.name = 'Robin first review';
      ws.position = 0;
      await ctx.sync();
    });
    const snap = await readWorkbook(fake.run);
    const found = snap.ratingSheets.find((s) => s.sheet === 'Robin first review')!;
    expect(found).toMatchObject({ workerId: 'W1', period: '2026 Q1' });
    const empty = await readWorkbook(createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] }).run);
    expect([empty.team, empty.ratingSheets, empty.settings]).toEqual([null, [], DEFAULT_SETTINGS]);
  });
});
