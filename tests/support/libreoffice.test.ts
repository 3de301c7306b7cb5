import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import {
  convertToPdf,
  countInk,
  decodePng,
  pdfToPngs,
  pngHasInk,
  readComputed,
  recalculate,
} from './libreoffice';

jest.setTimeout(180_000);

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-lo-test-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Workbook whose formulas have no cached results (except one deliberately wrong one). */
async function writeFormulaWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('Data');
  data.getCell('A1').value = 2;
  data.getCell('A2').value = 3;
  data.getCell('A3').value = { formula: 'A1*A2' } as ExcelJS.CellFormulaValue;
  data.getCell('A4').value = { formula: 'AVERAGE(A1:A2)' } as ExcelJS.CellFormulaValue;
  data.getCell('A5').value = { formula: 'IF(B1="","","x")' } as ExcelJS.CellFormulaValue;
  data.getCell('A6').value = { formula: 'A1/0' } as ExcelJS.CellFormulaValue;
  // Wrong cached result: must be replaced, proving recalculation is forced.
  data.getCell('A7').value = { formula: 'A1+A2', result: 999 };
  data.getCell('A8').value = { formula: 'DATE(2024,1,15)' } as ExcelJS.CellFormulaValue;
  data.getCell('A8').numFmt = 'yyyy-mm-dd';
  data.getCell('A9').value = { formula: 'IF(A1>1,"high","low")' } as ExcelJS.CellFormulaValue;
  data.getCell('C1').value = 'label';

  const q1 = wb.addWorksheet('Q1 Ratings');
  q1.getCell('A1').value = { formula: 'Data!A3*10' } as ExcelJS.CellFormulaValue;
  q1.getCell('A2').value = { formula: "SUM('Data'!A1:A2)" } as ExcelJS.CellFormulaValue;
  q1.getCell('A3').value = { formula: 'A1+A2' } as ExcelJS.CellFormulaValue;
  data.getCell('B2').value = { formula: "'Q1 Ratings'!A3" } as ExcelJS.CellFormulaValue;
  await wb.xlsx.writeFile(file);
}

describe('recalculate + readComputed', () => {
  it('computes formulas that had no cached results, including cross-sheet ones', async () => {
    const input = path.join(tmp, 'formulas.xlsx');
    await writeFormulaWorkbook(input);

    // Before: nothing computed.
    const before = await readComputed(input);
    expect(before.get('Data')?.get('A3')).toBeUndefined();
    expect(before.get('Data')?.get('A7')).toBe(999);

    const outDir = path.join(tmp, 'recalc');
    const t0 = Date.now();
    const out = await recalculate(input, outDir);
    const seconds = (Date.now() - t0) / 1000;
    expect(out).toBe(path.join(outDir, 'formulas.xlsx'));
    expect(fs.existsSync(out)).toBe(true);
    // Input untouched.
    expect((await readComputed(input)).get('Data')?.get('A3')).toBeUndefined();

    const v = await readComputed(out);
    expect([...v.keys()]).toEqual(['Data', 'Q1 Ratings']);
    const d = v.get('Data')!;
    expect(d.get('A1')).toBe(2);
    expect(d.get('A2')).toBe(3);
    expect(d.get('A3')).toBe(6);
    expect(d.get('A4')).toBe(2.5);
    expect(d.get('A5')).toBe('');
    expect(d.get('A6')).toBe('#DIV/0!');
    expect(d.get('A7')).toBe(5);
    expect(d.get('A8')).toBe('2024-01-15T00:00:00.000Z');
    expect(d.get('A9')).toBe('high');
    expect(d.get('C1')).toBe('label');
    expect(d.get('B2')).toBe(65);
    const q = v.get('Q1 Ratings')!;
    expect(q.get('A1')).toBe(60);
    expect(q.get('A2')).toBe(5);
    expect(q.get('A3')).toBe(65);
    // Generous bound; typically 1.5-3 s. Catches a hang that stays under the 120 s kill.
    expect(seconds).toBeLessThan(60);
  });

  it('recalculating into the input directory does not overwrite the input', async () => {
    const dir = path.join(tmp, 'same-dir');
    fs.mkdirSync(dir);
    const input = path.join(dir, 'book.xlsx');
    await writeFormulaWorkbook(input);
    const out = await recalculate(input, dir);
    expect(out).toBe(path.join(dir, 'book.converted.xlsx'));
    expect((await readComputed(out)).get('Data')?.get('A3')).toBe(6);
    expect((await readComputed(input)).get('Data')?.get('A3')).toBeUndefined();
  });

  it('handles concurrent calls in one process', async () => {
    const inputs = ['c1', 'c2', 'c3'].map((n) => path.join(tmp, `${n}.xlsx`));
    await Promise.all(inputs.map((f) => writeFormulaWorkbook(f)));
    const outs = await Promise.all(inputs.map((f) => recalculate(f, path.join(tmp, 'concurrent'))));
    for (const out of outs) {
      expect((await readComputed(out)).get('Q1 Ratings')?.get('A3')).toBe(65);
    }
  });

  it('throws a clear error for a missing input file', async () => {
    await expect(recalculate(path.join(tmp, 'does-not-exist.xlsx'), tmp)).rejects.toThrow(
      /input file not found/,
    );
  });

  it('throws a clear error when LibreOffice cannot load the file', async () => {
    // Looks like a zip (so LibreOffice does not fall back to a text import) but is truncated.
    const bad = path.join(tmp, 'corrupt.xlsx');
    const good = path.join(tmp, 'good-for-corrupt.xlsx');
    await writeFormulaWorkbook(good);
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(bad, bytes.subarray(0, 200));
    await expect(recalculate(bad, path.join(tmp, 'corrupt-out'))).rejects.toThrow(
      /LibreOffice failed to convert .*corrupt\.xlsx to xlsx: no output file was produced/,
    );
  });
});

describe('convertToPdf + pdfToPngs + pngHasInk', () => {
  it('renders a workbook to PDF and PNG with visible content', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Report');
    ws.getCell('A1').value = 'Peer Performance Support';
    ws.getCell('A1').font = { size: 20, bold: true };
    for (let r = 2; r <= 20; r++) {
      ws.getCell(`A${r}`).value = `Row ${r}`;
      ws.getCell(`B${r}`).value = { formula: `${r}*2` } as ExcelJS.CellFormulaValue;
    }
    ws.getCell('D3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    ws.getCell('D3').value = ' ';
    const input = path.join(tmp, 'report.xlsx');
    await wb.xlsx.writeFile(input);

    const pdf = await convertToPdf(input, path.join(tmp, 'pdf'));
    expect(pdf).toBe(path.join(tmp, 'pdf', 'report.pdf'));
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const pngs = await pdfToPngs(pdf, path.join(tmp, 'png', 'report'), {
      firstPage: 1,
      lastPage: 1,
      dpi: 50,
    });
    expect(pngs).toHaveLength(1);
    expect(fs.statSync(pngs[0]).size).toBeGreaterThan(0);

    const img = decodePng(pngs[0]);
    expect(img.width).toBeGreaterThan(100);
    expect(img.height).toBeGreaterThan(100);
    expect(pngHasInk(pngs[0])).toBe(true);
    // Red fill counts as coloured ink; black text alone would not.
    expect(countInk(pngs[0], undefined, { colouredOnly: true })).toBeGreaterThan(10);
    // The bottom strip of an A4/Letter page with 20 short rows is blank.
    const bottom = {
      x: 0,
      y: Math.floor(img.height * 0.8),
      width: img.width,
      height: Math.floor(img.height * 0.2),
    };
    expect(pngHasInk(pngs[0], bottom)).toBe(false);
  });

  it('pdfToPngs throws for a missing PDF', async () => {
    await expect(pdfToPngs(path.join(tmp, 'nope.pdf'), path.join(tmp, 'nope'))).rejects.toThrow(
      /PDF not found/,
    );
  });
});
