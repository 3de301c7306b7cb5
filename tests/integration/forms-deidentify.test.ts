/**
 * De-identified copies of the demo-like workbook (sample team and ratings, with notes naming people):
 * written to .xlsx, every part of the package scanned for roster names and ids, and recalculated in
 * LibreOffice to show the formulas still compute the same figures.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { parseRatingsCsv, parseTeamCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { Rating } from '../../src/domain/ratings';
import { agencyWorkbook, periodsOf } from '../../src/workbook/build';
import { deidentifyPlan } from '../../src/workbook/deidentify';
import { WorkbookPlan } from '../../src/workbook/plan';
import { writeWorkbook } from '../../src/xlsx/write';
import { ComputedWorkbook, readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-deid-'));
const sample = (f: string) => fs.readFileSync(path.join(root, 'data/sample', f), 'utf8');
const team = parseTeamCsv(sample('team.csv'), 'team.csv').records;
const scale = getScale();
const base = parseRatingsCsv(sample('ratings.csv'), 'ratings.csv', {
  frameworks: library().frameworks,
  scale,
}).records;
// Notes that name people, as supervisors write them.
const ratings: Rating[] = base.map((r, i) => {
  const w = team.find((x) => x.workerId === r.workerId)!;
  if (i % 17 !== 0) return r;
  return {
    ...r,
    notes: `${w.name} (${w.workerId}) discussed with ${w.supervisor}; ${w.name.split(' ')[0]} agreed. ${r.notes}`,
  };
});
// Each as written, and in the form table and defined names take ("PS-101" -> "PS_101").
const needles = [
  ...new Set(
    team
      .flatMap((w) => [w.name, w.workerId, w.supervisor])
      .flatMap((s) => [s, s.replace(/[^A-Za-z0-9]+/g, '_')])
      .map((s) => s.toLowerCase()),
  ),
];

function demoPlan(): WorkbookPlan {
  const roles = library().roles;
  const ctx = { framework: getFramework('samhsa-core-2015'), scale, roles, ratings };
  const plan = agencyWorkbook({ team, periods: periodsOf([], ratings), ctx, computedAt: '2026-01-01 09:00' });
  const wps = agencyWorkbook({
    team: [team[2]],
    periods: ['WPS'],
    ctx: { ...ctx, framework: getFramework('peer-supervisor-wps'), ratings: [] },
  }).sheets.filter((s) => s.kind === 'wps');
  // supervisor initials filled in, as a supervisor would
  const w = wps[0];
  const hdr = w.cells.findIndex((r) => r?.some((c) => c?.value === 'Supervisor initials'));
  const col = w.cells[hdr]!.findIndex((c) => c?.value === 'Supervisor initials');
  w.cells[hdr + 1]![col] = { value: 'JO' };
  w.cells[hdr + 2]![col] = { value: 'Jordan Okafor' };
  plan.sheets.splice(plan.sheets.length - 1, 0, ...wps);
  return plan;
}

/** Every identifier hit in every text part of the package: cells, shared strings, tables, charts, docProps. */
async function scan(bytes: Uint8Array): Promise<{ part: string; needle: string }[]> {
  const zip = await JSZip.loadAsync(bytes);
  const hits: { part: string; needle: string }[] = [];
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    const text = (await file.async('string'))
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .toLowerCase();
    for (const n of needles) if (text.includes(n)) hits.push({ part: name, needle: n });
  }
  return hits;
}

const original = demoPlan();
let originalBytes: Uint8Array;
let copy: ReturnType<typeof deidentifyPlan>;
let copyBytes: Uint8Array;
beforeAll(async () => {
  originalBytes = await writeWorkbook(original);
  copy = deidentifyPlan(original, team, { emptyFreeText: true });
  copyBytes = await writeWorkbook(copy.plan);
});

describe('de-identified .xlsx', () => {
  it('the scan is real: the original names people in cells, sheet names, tables and charts', async () => {
    const hits = await scan(originalBytes);
    const parts = new Set(hits.map((h) => h.part));
    for (const p of ['xl/workbook.xml', 'xl/sharedStrings.xml', 'docProps/app.xml'])
      expect(parts.has(p)).toBe(true);
    expect([...parts].some((p) => p.startsWith('xl/tables/'))).toBe(true);
    expect([...parts].some((p) => p.startsWith('xl/charts/'))).toBe(true);
    expect([...parts].some((p) => p.startsWith('xl/worksheets/'))).toBe(true); // formulas
    const found = new Set(hits.map((h) => h.needle));
    for (const w of team)
      for (const n of [w.name, w.workerId, w.supervisor])
        expect([n, found.has(n.toLowerCase())]).toEqual([n, true]);
  });

  it('no worker name, worker id or supervisor name anywhere in the package (free text emptied)', async () => {
    expect(await scan(copyBytes)).toEqual([]);
  });

  it('no names either when free text is kept; the notes themselves remain', async () => {
    const kept = deidentifyPlan(original, team, { emptyFreeText: false });
    const bytes = await writeWorkbook(kept.plan);
    expect(await scan(bytes)).toEqual([]);
    const shared = await (await JSZip.loadAsync(bytes)).file('xl/sharedStrings.xml')!.async('string');
    expect(shared).toMatch(/W01 \(W01\) discussed with \[supervisor\]; W01 agreed\./);
  });

  it('keeps the structure: same sheets (renamed), tables, charts, defined names, and a cover', async () => {
    const zip = await JSZip.loadAsync(copyBytes);
    const files = Object.keys(zip.files);
    const count = (re: RegExp) => files.filter((f) => re.test(f)).length;
    const before = Object.keys((await JSZip.loadAsync(originalBytes)).files);
    expect(count(/^xl\/charts\/chart\d+\.xml$/)).toBe(
      before.filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).length,
    );
    expect(count(/^xl\/tables\/table\d+\.xml$/)).toBe(
      before.filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f)).length,
    );
    expect(copy.plan.sheets.length).toBe(original.sheets.length + 1);
    expect(copy.plan.sheets[0].name).toBe('About this copy');
    const wb = await zip.file('xl/workbook.xml')!.async('string');
    expect(wb).toContain('name="W01 2026 Q1"');
    expect(wb).toContain('PPS_GapThreshold');
  });
});

describe('de-identified copy in LibreOffice: the formulas still compute', () => {
  let before: ComputedWorkbook;
  let after: ComputedWorkbook;
  beforeAll(async () => {
    const a = path.join(tmp, 'original.xlsx');
    const b = path.join(tmp, 'copy.xlsx');
    fs.writeFileSync(a, originalBytes);
    fs.writeFileSync(b, copyBytes);
    before = await readComputed(await recalculate(a, path.join(tmp, 'lo')));
    after = await readComputed(await recalculate(b, path.join(tmp, 'lo')));
  });

  it('every computed number of every sheet equals the original, and no formula errors', () => {
    let numbers = 0;
    original.sheets.forEach((s, i) => {
      const renamed = copy.plan.sheets[i + 1].name;
      const was = before.get(s.name);
      if (!was) return;
      const now = after.get(renamed)!;
      expect([renamed, now === undefined]).toEqual([renamed, false]);
      for (const [ref, v] of was) {
        if (typeof v === 'number') {
          expect([renamed, ref, now.get(ref)]).toEqual([renamed, ref, v]);
          numbers++;
        }
      }
      // the only errors: #N/A in chart sources where a value is missing (a gap in the chart), as in the original
      for (const [ref, v] of now)
        if (typeof v === 'string' && v.startsWith('#'))
          expect([renamed, ref, v, was.get(ref)]).toEqual([renamed, ref, '#N/A', '#N/A']);
    });
    expect(numbers).toBeGreaterThan(1000);
  });

  it('a rating sheet category mean and a dashboard figure from other sheets, side by side', () => {
    // the first category's supervisor mean, in the block below the 62 competencies
    const mean = (wb: ComputedWorkbook, sheet: string) => wb.get(sheet)!.get('O78');
    expect(typeof mean(before, 'PS-101 2026 Q1')).toBe('number');
    expect(mean(after, 'W01 2026 Q1')).toBe(mean(before, 'PS-101 2026 Q1'));
    const dash = original.sheets.findIndex((s) => s.kind === 'dashboard');
    const d0 = before.get(original.sheets[dash].name)!;
    const d1 = after.get(copy.plan.sheets[dash + 1].name)!;
    const cross = [...d0].filter(([, v]) => typeof v === 'number');
    expect(cross.length).toBeGreaterThan(20);
    for (const [ref, v] of cross) expect(d1.get(ref)).toBe(v);
  });
});
