/**
 * Calculated columns in the .xlsx: written for the outcome log's formula columns, and read back (ExcelJS
 * alone cannot read a table column with a child element; src/xlsx/calculatedColumns.ts).
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { parseSessionsCsv } from '../../src/domain/csv';
import {
  LOG_HEADERS,
  LOG_LAYOUT,
  logRowFormulas,
  outcomesLogSheet,
  outcomeSettingRefs,
} from '../../src/workbook/outcomes';
import { withoutColumnChildren } from '../../src/xlsx/calculatedColumns';
import { loadXlsx, workbookGrids } from '../../src/xlsx/read';
import { writeWorkbook } from '../../src/xlsx/write';

const edge = parseSessionsCsv(
  fs.readFileSync(path.join(__dirname, '../fixtures/sessions-edge.csv'), 'utf8'),
  'sessions-edge.csv',
).records;

describe('calculated columns', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    const log = outcomesLogSheet({ sheetName: 'Outcomes log', tableName: 'PPS_Outcomes', sessions: edge });
    bytes = await writeWorkbook({ sheets: [log], names: [] });
  });

  it("the log's table part gives every formula column its first row's formula, and no input column", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('xl/tables/table1.xml')!.async('string');
    const formulas = logRowFormulas(LOG_LAYOUT.firstDataRow, outcomeSettingRefs());
    const found = [...xml.matchAll(/<tableColumn [^>]*name="([^"]*)"[^>]*><calculatedColumnFormula>/g)];
    expect(found).toHaveLength(Object.keys(formulas).length);
    expect(xml).toMatch(/<tableColumn [^>]*name="Person code"[^>]*\/>/);
    expect(xml).toContain(
      '<calculatedColumnFormula>IF(COUNT($E6:$H6)=4,ROUND(SUM($E6:$H6),1),"")</calculatedColumnFormula>',
    );
  });

  it('reads back through src/xlsx/read with every table column and cell', async () => {
    const wb = await loadXlsx(bytes, 'log.xlsx');
    const ws = wb.getWorksheet('Outcomes log')!;
    const table = ws.getTable('PPS_Outcomes') as unknown as { table: { columns: { name: string }[] } };
    expect(table.table.columns.map((c) => c.name)).toEqual(LOG_HEADERS);
    const grid = workbookGrids(wb)[0].grid;
    expect(grid[LOG_LAYOUT.headerRow].slice(0, 3)).toEqual(['Person code', 'Worker ID', 'Date']);
    expect(grid[LOG_LAYOUT.firstDataRow][0]).toBe('E09');
    // ExcelJS on its own stops at the first column with a child: the reason for the patch
    expect(
      withoutColumnChildren(
        '<tableColumn id="2" name="c"><calculatedColumnFormula>A1</calculatedColumnFormula></tableColumn>',
      ),
    ).toBe('<tableColumn id="2" name="c"/>');
    expect(
      withoutColumnChildren(
        '<tableColumn id="1" name="a/b"/><x:tableColumn id="3" name="d" ><x:f>1</x:f></x:tableColumn>',
      ),
    ).toBe('<tableColumn id="1" name="a/b"/><x:tableColumn id="3" name="d"/>');
    expect(ExcelJS).toBeDefined();
  });
});
