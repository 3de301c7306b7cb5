/**
 * Self-assessment forms as real .xlsx files: written by writeWorkbook, filled in by another program
 * (ExcelJS, and LibreOffice saving the file as it writes it), and collected back.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parseTeamCsv, Worker } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { formatProblem } from '../../src/domain/problems';
import { Rating } from '../../src/domain/ratings';
import { findRole } from '../../src/domain/roles';
import { BLANK, NA, score, Score } from '../../src/domain/scale';
import { FORM_IDENTITY_SHEET, FORM_LAYOUT, formFileName, selfAssessmentForm } from '../../src/workbook/forms';
import { collectForm } from '../../src/xlsx/collect';
import { writeWorkbook } from '../../src/xlsx/write';
import { recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-forms-'));
const team = parseTeamCsv(
  fs.readFileSync(path.join(root, 'data/sample/team.csv'), 'utf8'),
  'team.csv',
).records;
const samhsa = getFramework('samhsa-core-2015');
const comps = flattenCompetencies(samhsa);
const scale = getScale();
const ctx = { team, frameworks: library().frameworks, scale, periods: ['2026 Q4'] };
const first = FORM_LAYOUT.firstDataRow + 1; // 1-based row of the first competency

async function writeForm(worker: Worker, period = '2026 Q4'): Promise<string> {
  const plan = selfAssessmentForm({
    worker,
    period,
    framework: samhsa,
    scale,
    role: findRole(library().roles, worker.role),
  });
  const file = path.join(tmp, formFileName(worker.workerId, period));
  fs.writeFileSync(file, await writeWorkbook(plan));
  return file;
}

/** Opens a form in ExcelJS, sets Self (and Notes) cells, lets `edit` change anything else, saves a copy. */
async function fill(
  file: string,
  self: Record<string, ExcelJS.CellValue>,
  notes: Record<string, string>,
  out: string,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets.find((w) => w.state === 'visible')!;
  for (let r = first; r < first + comps.length; r++) {
    const id = String(ws.getCell(r, 2).value);
    if (id in self) ws.getCell(r, 4).value = self[id];
    if (id in notes) ws.getCell(r, 5).value = notes[id];
  }
  edit?.(wb);
  const target = path.join(tmp, out);
  await wb.xlsx.writeFile(target);
  return target;
}

/** A filling that uses every kind of answer: scores across the scale, N/A (two spellings), blanks. */
function answers(): {
  self: Record<string, ExcelJS.CellValue>;
  notes: Record<string, string>;
  expected: Map<string, Score>;
} {
  const self: Record<string, ExcelJS.CellValue> = {};
  const notes: Record<string, string> = {};
  const expected = new Map<string, Score>();
  comps.forEach((c, i) => {
    const k = i % 9;
    if (k === 0) expected.set(c.id, BLANK);
    else if (k === 1) {
      self[c.id] = 'N/A';
      expected.set(c.id, NA);
    } else if (k === 2) {
      self[c.id] = 'n/a';
      expected.set(c.id, NA);
    } else if (k === 3) {
      self[c.id] = String((i % 5) + 1); // typed as text, as a pasted value can be
      expected.set(c.id, score((i % 5) + 1));
    } else {
      self[c.id] = (i % 5) + 1;
      expected.set(c.id, score((i % 5) + 1));
    }
    if (i % 11 === 0) notes[c.id] = `Note on ${c.id}, with "quotes" and a comma`;
  });
  return { self, notes, expected };
}

function expectRatings(got: Rating[], worker: Worker, period: string, a: ReturnType<typeof answers>) {
  expect(got).toEqual(
    comps.map((c) => ({
      workerId: worker.workerId,
      period,
      frameworkId: samhsa.id,
      competencyId: c.id,
      self: a.expected.get(c.id),
      supervisor: BLANK,
      notes: a.notes[c.id] ?? '',
    })),
  );
}

const worker = team[1];
let blankForm: string;
beforeAll(async () => {
  blankForm = await writeForm(worker);
});

describe('the written form', () => {
  it('is protected except Self and Notes, with a very hidden, protected identity sheet', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(blankForm));
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    expect(workbook).toMatch(new RegExp(`<sheet [^>]*name="${FORM_IDENTITY_SHEET}"[^>]*state="veryHidden"`));
    expect(workbook).toMatch(/<sheet [^>]*name="Self-assessment PS-102 2026 Q4" state="visible"/);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const ident = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    expect(sheet).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(ident).toMatch(/<sheetProtection [^>]*sheet="1"/);
    const styles = await zip.file('xl/styles.xml')!.async('string');
    const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/
      .exec(styles)![1]
      .match(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)!;
    const styleOf = (ref: string) =>
      Number(new RegExp(`<c r="${ref}"[^>]*? s="(\\d+)"`).exec(sheet)?.[1] ?? 0);
    const unlocked = (ref: string) => /<protection locked="0"\/>/.test(xfs[styleOf(ref)]);
    const last = first + comps.length - 1;
    for (const r of [first, first + 7, last]) {
      expect([`D${r}`, unlocked(`D${r}`)]).toEqual([`D${r}`, true]);
      expect([`E${r}`, unlocked(`E${r}`)]).toEqual([`E${r}`, true]);
      for (const col of ['A', 'B', 'C', 'F'])
        expect([`${col}${r}`, unlocked(`${col}${r}`)]).toEqual([`${col}${r}`, false]);
    }
    expect(unlocked('B9')).toBe(false); // the Worker ID value
    expect(sheet).toMatch(new RegExp(`<dataValidation [^>]*sqref="D${first}:D${last}"`));
    expect(sheet).not.toContain('Supervisor');
  });
});

describe('round trip: filled in by another program, collected', () => {
  it('ExcelJS: ratings equal what was filled, blanks and N/A included', async () => {
    const a = answers();
    const filled = await fill(blankForm, a.self, a.notes, 'exceljs.xlsx');
    const res = await collectForm(fs.readFileSync(filled), 'exceljs.xlsx', ctx);
    expect(res.report.problems).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.report.accepted).toBe(comps.length);
    expectRatings(res.ratings, worker, '2026 Q4', a);
  });

  it('LibreOffice: the form saved as LibreOffice writes it still collects to the same ratings', async () => {
    const a = answers();
    const filled = await fill(blankForm, a.self, a.notes, 'for-lo.xlsx');
    const lo = await recalculate(filled, path.join(tmp, 'lo'));
    const zip = await JSZip.loadAsync(fs.readFileSync(lo));
    // really LibreOffice's file, identity still hidden
    expect(await zip.file('docProps/app.xml')!.async('string')).toMatch(/LibreOffice/);
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/state="hidden"/);
    const res = await collectForm(fs.readFileSync(lo), 'lo.xlsx', ctx);
    expect(res.report.problems).toEqual([]);
    expectRatings(res.ratings, worker, '2026 Q4', a);
  });

  it('a renamed and moved form sheet is still found and accepted', async () => {
    const a = answers();
    const file = await fill(blankForm, a.self, a.notes, 'renamed.xlsx', (wb) => {
      wb.worksheets.find((w) => w.state === 'visible')!.name = 'My answers';
      wb.addWorksheet('Scratch').getCell('A1').value = 'my own notes';
    });
    const res = await collectForm(fs.readFileSync(file), 'renamed.xlsx', ctx);
    expect(res.report.problems).toEqual([]);
    expect(res.ok).toBe(true);
    expectRatings(res.ratings, worker, '2026 Q4', a);
  });
});

describe('bad returns: a clear message naming the file (and cell), no ratings', () => {
  const rejected = async (bytes: Buffer, name: string, want: string[]) => {
    const res = await collectForm(bytes, name, ctx);
    expect(res.ok).toBe(false);
    expect(res.ratings).toEqual([]);
    expect(res.report.accepted).toBe(0);
    expect(res.report.problems.map(formatProblem)).toEqual(want);
  };
  const row = (id: string) => first + comps.findIndex((c) => c.id === id);

  it('a form for another period', async () => {
    const other = await writeForm(worker, '2025 Q4');
    const filled = await fill(other, { '1.1': 4 }, {}, 'other-period.xlsx');
    await rejected(fs.readFileSync(filled), 'other-period.xlsx', [
      'other-period.xlsx: is for period "2025 Q4", which is not one of the periods being collected (2026 Q4)',
    ]);
  });

  it('a tampered identity (worker id edited in the hidden sheet)', async () => {
    const filled = await fill(blankForm, { '1.1': 4 }, {}, 'tampered.xlsx', (wb) => {
      const id = wb.getWorksheet(FORM_IDENTITY_SHEET)!;
      id.eachRow((r) => {
        if (r.getCell(1).value === 'Worker ID') r.getCell(2).value = 'PS-101';
      });
    });
    await rejected(fs.readFileSync(filled), 'tampered.xlsx', [
      "tampered.xlsx: the form's hidden identity was changed after the form was made (its check value does not match), so it cannot be trusted (it now says Worker ID PS-101, period 2026 Q4); send a new form",
    ]);
  });

  it('scores off the scale and text in a score, each named by cell', async () => {
    const filled = await fill(blankForm, { '1.1': 4, '1.2': 7, '2.3': 'abc', '3.1': 0 }, {}, 'scores.xlsx');
    await rejected(fs.readFileSync(filled), 'scores.xlsx', [
      `scores.xlsx, cell D${row('1.2')}: Self for competency 1.2: 7 is not on the scale (expected a whole number 1-5, N/A or blank)`,
      `scores.xlsx, cell D${row('2.3')}: Self for competency 2.3: "abc" is not a score (expected a whole number 1-5, N/A or blank)`,
      `scores.xlsx, cell D${row('3.1')}: Self for competency 3.1: 0 is not on the scale (expected a whole number 1-5, N/A or blank)`,
    ]);
  });

  it('an unrelated workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').addRows([
      ['Item', 'Cost'],
      ['Rent', 1200],
    ]);
    await rejected(Buffer.from(await wb.xlsx.writeBuffer()), 'budget.xlsx', [
      'budget.xlsx: is not a self-assessment form from Peer Performance Support (no form identity and no sheet with the headers Category, ID, Competency, Self, Notes)',
    ]);
  });

  it('an empty file, and a file that is not a workbook', async () => {
    await rejected(Buffer.alloc(0), 'empty.xlsx', ['empty.xlsx: is empty (0 bytes), not a returned form']);
    const res = await collectForm(Buffer.from('hello, not a zip'), 'note.xlsx', ctx);
    expect(res.ok).toBe(false);
    expect(res.ratings).toEqual([]);
    expect(formatProblem(res.report.problems[0])).toMatch(/^note\.xlsx: not a readable \.xlsx workbook/);
  });
});
