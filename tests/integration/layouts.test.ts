/**
 * Workbooks outlive versions. Each released layout's fixture (tests/fixtures/layouts/VERSION/, written
 * by scripts/make-layout-fixture.ts at release time) is typed into as a supervisor would (ExcelJS for the
 * typing; once more after LibreOffice re-saved it), then `peer-performance update BOOK.xlsx` upgrades it
 * in place: every typed value survives, every generated sheet then holds the formulas a fresh build of
 * the same data holds (cell by cell), and LibreOffice computes the same values in both. A workbook of a
 * newer layout is refused and left as it was; a current one is reported unchanged, also after
 * LibreOffice re-saved it (so LibreOffice keeps the layout records).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { demoPlan, SAMPLE_DIR } from '../../src/cli/build';
import { findings } from '../../src/cli/io';
import { runCaptured } from '../support/cli';
import { getFramework, library } from '../../src/domain/library';
import { categorySummaries } from '../../src/domain/ratings';
import { Grid } from '../../src/workbook/grid';
import { compareLayouts, LAYOUT_VERSION, LayoutSignature, parseLayout } from '../../src/workbook/layout';
import { planSheets, TeamWorkbook } from '../../src/workbook/read';
import { SIGNATURES } from '../../src/workbook/signatures';
import { readTeamWorkbookXlsx, workbookGrids } from '../../src/xlsx/read';
import { filledDown } from '../../src/xlsx/shared';
import { writeWorkbook } from '../../src/xlsx/write';
import { reducedSample } from '../../scripts/make-layout-fixture';
import { expectTyped, freshPlan, typeTyped, TypedKeys } from '../support/typedWorkbook';
import { readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/layouts');
const released = fs
  .readdirSync(fixtures)
  .filter((d) => parseLayout(d) === d)
  .sort(compareLayouts);
const older = released.filter((v) => compareLayouts(v, LAYOUT_VERSION) < 0);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-layouts-'));
const at = (...f: string[]) => path.join(tmp, ...f);
const fixture = (v: string) => path.join(fixtures, v, 'demo-3-workers.xlsx');
/** How many sheets a workbook has, without the one of a person's own the tests add. */
async function sheetCount(file: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.filter((ws) => ws.name !== 'My notes').length;
}

const cli = (...args: string[]) => runCaptured(args, tmp);

const gridOf = (ws: ExcelJS.Worksheet): Grid =>
  workbookGrids({ worksheets: [ws] } as unknown as ExcelJS.Workbook)[0].grid;
interface Typed extends TypedKeys {
  /** Supervisor of PS-102, 2026 Q2, 1.1 before typing. */
  supervisorWas: unknown;
}

/** Types into a workbook of layout `sig` (the fixture's layout), renames Team and adds a sheet of one's own. */
async function typeInto(file: string, out: string, sig: LayoutSignature): Promise<Typed> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const typed = await typeTyped(
    {
      sheets: () => wb.worksheets.map((ws) => ws.name),
      grid: (sheet) => gridOf(wb.getWorksheet(sheet)!),
      type: async (sheet, r, c, v) => {
        const date = typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v);
        wb.getWorksheet(sheet)!.getCell(r + 1, c + 1).value = date ? new Date(`${v}T00:00:00Z`) : v;
      },
    },
    sig,
  );
  wb.getWorksheet('Team')!.name = 'Roster';
  wb.addWorksheet('My notes').getCell('A1').value = 'Ask about the training budget';
  await wb.xlsx.writeFile(out);
  return typed;
}

/** The same data, built fresh by this version, with the typed cells put where a person put them. */
async function freshBuild(typed: Typed, out: string): Promise<void> {
  fs.writeFileSync(out, await writeWorkbook(freshPlan(typed)));
}

/** Every typed value, read back from the upgraded workbook. */
async function expectTypedKept(file: string, typed: Typed) {
  const read = await readTeamWorkbookXlsx(fs.readFileSync(file), file, library());
  expect(read.problems).toEqual([]);
  const book: TeamWorkbook = read.workbook!;
  expectTyped(book, typed);
  expect(book.sheets.map((s) => s.name)).toContain('My notes');
  return book;
}

/** Each sheet's cells: a formula as "=..." (shared formulas filled down), else the value; "computed" times masked. */
async function cellsOf(file: string): Promise<Map<string, Map<string, unknown>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, Map<string, unknown>>();
  for (const ws of wb.worksheets) {
    const cells = new Map<string, unknown>();
    ws.eachRow((row, r) =>
      row.eachCell((c) => {
        const v = c.value as ExcelJS.CellValue;
        if (v && typeof v === 'object' && 'sharedFormula' in v) {
          const master = ws.getCell(v.sharedFormula);
          const f = (master.value as ExcelJS.CellFormulaValue).formula;
          cells.set(c.address, `=${filledDown(f, r - Number(master.row))}`);
        } else if (v && typeof v === 'object' && 'formula' in v) cells.set(c.address, `=${v.formula}`);
        else cells.set(c.address, maskTime(v instanceof Date ? v.toISOString() : v));
      }),
    );
    out.set(ws.name, cells);
  }
  return out;
}

const maskTime = (v: unknown) =>
  typeof v === 'string' ? v.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, 'TIME') : v;

/** Sheet by sheet, cell by cell: the differences (at most a few), and how many cells were compared. */
function differences(a: Map<string, Map<string, unknown>>, b: Map<string, Map<string, unknown>>) {
  const diffs: string[] = [];
  let cells = 0;
  for (const [sheet, ca] of a) {
    const cb = b.get(sheet) ?? new Map();
    for (const ref of new Set([...ca.keys(), ...cb.keys()])) {
      cells++;
      const x = maskTime(ca.get(ref));
      const y = maskTime(cb.get(ref));
      if (x !== y && !(typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) < 1e-9))
        diffs.push(`${sheet}!${ref}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
  return { diffs: diffs.slice(0, 10), count: diffs.length, cells };
}

const withoutOwn = <T>(m: Map<string, T>) => new Map([...m].filter(([k]) => k !== 'My notes'));

describe.each(older)('a workbook of layout %s, typed into, upgraded in place', (version) => {
  const sig = SIGNATURES.find((s) => s.layout === version)!;
  let typed: Typed;
  let r: Awaited<ReturnType<typeof cli>>;
  let edited: Buffer;
  const book = at(version, 'book.xlsx');
  const fresh = at(version, 'fresh.xlsx');

  beforeAll(async () => {
    fs.mkdirSync(at(version));
    typed = await typeInto(fixture(version), book, sig);
    edited = fs.readFileSync(book);
    r = await cli('update', path.relative(tmp, book));
    await freshBuild(typed, fresh);
  }, 120_000);

  it('the frozen signature of the layout is known to the readers', () => {
    expect(sig).toBeDefined();
  });

  it('reports every generated sheet upgraded to the current layout; the original is the backup, byte for byte', async () => {
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(at(version, 'book.bak.xlsx'))).toEqual(edited);
    const lines = r.out.split('\n');
    expect(lines).toContain(`  Layout: upgraded from ${version} to ${LAYOUT_VERSION}:`);
    const upgraded = lines.filter((l) =>
      l.endsWith(`: upgraded from layout ${version} to ${LAYOUT_VERSION}`),
    );
    expect(upgraded).toHaveLength(await sheetCount(fixture(version)));
    expect(upgraded).toContain(
      `    "Roster" (now "Team"): upgraded from layout ${version} to ${LAYOUT_VERSION}`,
    );
    expect(upgraded).toContain(`    "Outcomes log": upgraded from layout ${version} to ${LAYOUT_VERSION}`);
    expect(r.out).toContain(
      'Carried over as values and formulas (not their formatting or charts): "My notes"',
    );
  });

  it('keeps every value typed: ratings, notes, goal, action steps, target date, discussion and agenda notes, WPS entries, the session, the setting', async () => {
    expect(typed.supervisorNow).not.toEqual(typed.supervisorWas);
    await expectTypedKept(book, typed);
  });

  it('every generated sheet holds, cell by cell, the formulas and values of a fresh build of the same data', async () => {
    const [up, fr] = [await cellsOf(book), await cellsOf(fresh)];
    expect([...withoutOwn(up).keys()]).toEqual([...fr.keys()]);
    const d = differences(withoutOwn(up), fr);
    expect(d.diffs).toEqual([]);
    const formulas = [...fr.values()].reduce(
      (n, m) => n + [...m.values()].filter((v) => String(v).startsWith('=')).length,
      0,
    );
    expect(formulas).toBeGreaterThan(5000);
    expect(d.cells).toBeGreaterThan(10000);
  });

  it('LibreOffice computes the same value in every cell of both, and the ratings as typed', async () => {
    const [up, fr] = [
      await readComputed(await recalculate(book, at(version, 'lo-up'))),
      await readComputed(await recalculate(fresh, at(version, 'lo-fresh'))),
    ];
    const d = differences(withoutOwn(up), fr);
    expect(d.diffs).toEqual([]);
    expect(d.cells).toBeGreaterThan(10000);
    // the changed Supervisor rating reaches the category means
    const read = (await readTeamWorkbookXlsx(fs.readFileSync(book), 'book.xlsx', library())).workbook!;
    const sheet = read.sheets.find(
      (s) => s.kind === 'rating' && s.workerId === 'PS-102' && s.period === '2026 Q2',
    )!;
    const mine = read.ratings.filter((x) => x.workerId === 'PS-102' && x.period === '2026 Q2');
    const cat = categorySummaries(getFramework('samhsa-core-2015'), mine)[0];
    const values = [...up.get(sheet.name)!.values()];
    expect(values.some((v) => typeof v === 'number' && Math.abs(v - cat.supervisorMean!) < 1e-9)).toBe(true);
    // once upgraded and re-saved by LibreOffice, the workbook is current: LibreOffice kept every record
    fs.mkdirSync(at(version, 'again'));
    fs.copyFileSync(path.join(at(version, 'lo-up'), 'book.xlsx'), at(version, 'again', 'book.xlsx'));
    const again = await cli('update', path.join(version, 'again', 'book.xlsx'));
    expect(again.err).toBe('');
    const n = await sheetCount(book);
    expect(again.out).toContain(`  Layout ${LAYOUT_VERSION}: ${n} sheets unchanged (already at this layout)`);
    expect(again.out).not.toContain('upgraded from');
  }, 600_000);
});

describe.each(older)(
  'a workbook of layout %s typed into, re-saved by LibreOffice, then upgraded',
  (version) => {
    const sig = SIGNATURES.find((s) => s.layout === version)!;
    it('keeps every typed value and holds the formulas of a fresh build', async () => {
      fs.mkdirSync(at(`lo-${version}`));
      const typed = await typeInto(fixture(version), at(`lo-${version}`, 'typed.xlsx'), sig);
      const saved = await recalculate(at(`lo-${version}`, 'typed.xlsx'), at(`lo-${version}`, 'saved'));
      const r = await cli('update', path.relative(tmp, saved));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.split('\n').filter((l) => l.endsWith(`to ${LAYOUT_VERSION}`))).toHaveLength(
        await sheetCount(fixture(version)),
      );
      await expectTypedKept(saved, typed);
      await freshBuild(typed, at(`lo-${version}`, 'fresh.xlsx'));
      const d = differences(
        withoutOwn(await cellsOf(saved)),
        await cellsOf(at(`lo-${version}`, 'fresh.xlsx')),
      );
      expect(d.diffs).toEqual([]);
    }, 600_000);
  },
);

describe('every sheet this version makes records its layout and is known to the readers', () => {
  it('the demo (every kind of sheet): none read as "other", every one current', () => {
    const io = { out: () => undefined, err: () => undefined, cwd: tmp };
    const plan = demoPlan(SAMPLE_DIR, io, findings())!.plan;
    const sheets = planSheets(plan);
    // a sheet the readers do not know would be carried over by update beside its rebuilt twin
    expect(sheets.filter((s) => s.kind === 'other').map((s) => s.name)).toEqual([]);
    expect(sheets.filter((s) => s.state !== 'current').map((s) => s.name)).toEqual([]);
    expect(new Set(sheets.map((s) => s.kind))).toEqual(
      new Set([
        'team',
        'dashboard',
        'comparison',
        'trend',
        'rating',
        'wps',
        'log',
        'summary',
        'person',
        'agenda',
        'settings',
      ]),
    );
  });
});

describe('workbooks this version must not or need not upgrade', () => {
  it('a workbook of a newer layout is refused with a message, and left byte for byte as it was', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(fixture(LAYOUT_VERSION)));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    // the Outcomes log as a later version would record it
    const log = [...xml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].findIndex((m) => m[1] === 'Outcomes log');
    const patched = xml.replace(
      new RegExp(`(<definedName name="PPS_Layout" localSheetId="${log}" hidden="1">)[^<]*`),
      '$1"9.0.0"',
    );
    expect(patched).not.toBe(xml);
    zip.file('xl/workbook.xml', patched);
    fs.mkdirSync(at('newer'));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    fs.writeFileSync(at('newer', 'book.xlsx'), bytes);
    const r = await cli('update', path.join('newer', 'book.xlsx'));
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was changed. 1 problem to fix:',
      `  ${path.join('newer', 'book.xlsx')}: 1 sheet ("Outcomes log") was written by layout 9.0.0, newer than this version's ${LAYOUT_VERSION}: update the workbook with the version that wrote it (Peer Performance Support 9.0.0 or later); this version never rewrites a newer workbook`,
    ]);
    expect(fs.readFileSync(at('newer', 'book.xlsx'))).toEqual(bytes);
    expect(fs.readdirSync(at('newer'))).toEqual(['book.xlsx']);
    // export refuses it too: it could misread sheets a newer layout wrote
    const e = await cli('export', path.join('newer', 'book.xlsx'), '--out-dir', 'newer-csv');
    expect(e.code).toBe(1);
    expect(fs.existsSync(at('newer-csv'))).toBe(false);
  });

  it(`the fixture of the current layout (${LAYOUT_VERSION}) is what this version writes, cell by cell`, async () => {
    // A builder that changes what it writes changes the layout: regenerate the fixture while the layout
    // is unreleased (scripts/make-layout-fixture.ts --force), else bump LAYOUT_VERSION and add one.
    const dir = fs.mkdtempSync(path.join(tmp, 'sample-'));
    reducedSample(dir);
    const io = { out: () => undefined, err: () => undefined, cwd: tmp };
    fs.writeFileSync(at('now.xlsx'), await writeWorkbook(demoPlan(dir, io, findings())!.plan));
    const d = differences(await cellsOf(fixture(LAYOUT_VERSION)), await cellsOf(at('now.xlsx')));
    expect(d.diffs).toEqual([]);
    expect(d.cells).toBeGreaterThan(10000);
  });

  it(`the fixture of the current layout (${LAYOUT_VERSION}) is reported unchanged`, async () => {
    fs.mkdirSync(at('current'));
    fs.copyFileSync(fixture(LAYOUT_VERSION), at('current', 'book.xlsx'));
    const r = await cli('update', path.join('current', 'book.xlsx'));
    expect(r.err).toBe('');
    expect(r.out.split('\n')).toContain(
      `  Layout ${LAYOUT_VERSION}: ${await sheetCount(fixture(LAYOUT_VERSION))} sheets unchanged (already at this layout)`,
    );
  });
});
