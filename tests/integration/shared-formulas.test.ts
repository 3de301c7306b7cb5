/**
 * Shared formulas checked by a real spreadsheet engine: the sample agency workbook (rating sheets,
 * comparisons, trends, dashboard, outcomes log and summary) is written twice, once with filled-down
 * formulas shared and once with every formula in full. LibreOffice opens both, recalculates and saves
 * them (it saves every formula in full); every cell must have the same formula and the same value.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parseRatingsCsv, parseSessionsCsv, parseTeamCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { agencyWorkbook, periodsOf } from '../../src/workbook/build';
import { outcomesSheets } from '../../src/workbook/outcomes';
import { WorkbookPlan } from '../../src/workbook/plan';
import { writeWorkbook } from '../../src/xlsx/write';
import { recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-shared-'));
const read = (f: string) => fs.readFileSync(path.join(root, 'data/sample', f), 'utf8');

function samplePlan(): WorkbookPlan {
  const team = parseTeamCsv(read('team.csv'), 'team.csv').records;
  const ratings = parseRatingsCsv(read('ratings.csv'), 'ratings.csv', {
    frameworks: library().frameworks,
    scale: getScale(),
  }).records;
  const sessions = parseSessionsCsv(read('sessions.csv'), 'sessions.csv').records;
  const ctx = {
    framework: getFramework('samhsa-core-2015'),
    scale: getScale(),
    roles: library().roles,
    ratings,
  };
  const plan = agencyWorkbook({ team, periods: periodsOf([], ratings), ctx });
  const outcomes = outcomesSheets({
    sessions,
    workers: [...new Set(sessions.map((s) => s.workerId))],
    existingSheets: plan.sheets.map((s) => s.name),
    existingTables: plan.sheets.flatMap((s) => s.tables.map((t) => t.name)),
  });
  plan.sheets.splice(plan.sheets.length - 1, 0, ...outcomes);
  return plan;
}

type Cells = Map<string, { formula?: string; value: unknown }>;

async function throughLibreOffice(bytes: Uint8Array, name: string): Promise<Map<string, Cells>> {
  const file = path.join(tmp, `${name}.xlsx`);
  fs.writeFileSync(file, bytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await recalculate(file, path.join(tmp, `lo-${name}`)));
  const out = new Map<string, Cells>();
  wb.eachSheet((ws) => {
    const cells: Cells = new Map();
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { formula?: string; sharedFormula?: string; result?: unknown } | null;
        const isFormula = typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
        cells.set(cell.address, isFormula ? { formula: cell.formula, value: v.result } : { value: v });
      }),
    );
    out.set(ws.name, cells);
  });
  return out;
}

describe('shared formulas in LibreOffice', () => {
  it('the sample agency workbook reads back with the same formulas and values as when written in full', async () => {
    const plan = samplePlan();
    const sharedBytes = await writeWorkbook(plan);
    const fullBytes = await writeWorkbook(plan, { sharedFormulas: false });

    // the shared package really shares: count the references in its sheets
    const zip = await JSZip.loadAsync(sharedBytes);
    let references = 0;
    for (const p of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)))
      references += ((await zip.file(p)!.async('string')).match(/<f t="shared" si="\d+"\/>/g) ?? []).length;
    const formulas = plan.sheets.reduce(
      (n, s) => n + s.cells.reduce((m, row) => m + (row ?? []).filter((c) => c?.formula).length, 0),
      0,
    );
    expect(references).toBeGreaterThan(formulas / 2);
    expect(sharedBytes.length).toBeLessThan(fullBytes.length * 0.8);

    const [shared, full] = [
      await throughLibreOffice(sharedBytes, 'shared'),
      await throughLibreOffice(fullBytes, 'full'),
    ];
    expect([...shared.keys()]).toEqual([...full.keys()]);
    let compared = 0;
    for (const [sheet, cells] of full) {
      const other = shared.get(sheet)!;
      expect([sheet, other.size]).toEqual([sheet, cells.size]);
      for (const [address, cell] of cells) {
        expect([sheet, address, other.get(address)]).toEqual([sheet, address, cell]);
        // LibreOffice saves a typed TRUE/FALSE as the formula TRUE()/FALSE()
        if (cell.formula && !/^(TRUE|FALSE)\(\)$/.test(cell.formula)) compared++;
      }
    }
    expect(compared).toBe(formulas);
  });
});
