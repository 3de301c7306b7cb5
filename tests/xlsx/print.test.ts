/**
 * The print setup and row heights the .xlsx writer puts in the package: one print-area name listing every
 * area (ExcelJS would write one name per area, with relative rows), print titles of rows and columns,
 * fit to the page width only, row breaks, margins, and row heights that are fixed only where the plan
 * asks for room to write.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import { emptySheet, PRINT_MARGINS, WorkbookPlan } from '../../src/workbook/plan';
import { printNameElements } from '../../src/xlsx/print';
import { writeWorkbook } from '../../src/xlsx/write';

const NAME = "O'Brien & Co";

function plan(): WorkbookPlan {
  const a = emptySheet('Plain', 'other');
  a.cells = [[{ value: 'x' }]];
  const s = emptySheet(NAME, 'other');
  s.columnWidths = [{ col: 0, width: 12.9 }];
  s.cells = [
    [{ value: 'Header' }],
    [{ value: '0123456789 0123456789 0123456789' }], // wraps onto three lines
    [{ value: 'to write in' }],
  ];
  s.formats = [{ ref: 'A2:A2', style: { wrap: true } }];
  s.rowHeights = [{ row: 2, height: 36 }];
  s.print = {
    orientation: 'portrait',
    paper: 'letter',
    fitToWidth: true,
    titleRows: '1:1',
    titleColumns: 'A:A',
    areas: ['A1:A3', 'C5:D9'],
    rowBreaks: [2],
    pagesWide: 2,
  };
  return { sheets: [a, s], names: [{ name: 'PPS_X', refersTo: "'Plain'!$A$1" }] };
}

let zip: JSZip;
let sheetXml: string;
beforeAll(async () => {
  zip = await JSZip.loadAsync(await writeWorkbook(plan()));
  sheetXml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
});

it('one print-area name lists the areas in order, and print titles name columns then rows, on the right sheet', async () => {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  expect(XMLValidator.validate(wb)).toBe(true);
  const names = [
    ...wb.matchAll(/<definedName name="([^"]*)"(?: localSheetId="(\d+)")?>([^<]*)<\/definedName>/g),
  ];
  expect(names.map((m) => [m[1], m[2], m[3]])).toEqual([
    ['PPS_X', undefined, 'Plain!$A$1'],
    ['_xlnm.Print_Area', '1', "'O''Brien &amp; Co'!$A$1:$A$3,'O''Brien &amp; Co'!$C$5:$D$9"],
    ['_xlnm.Print_Titles', '1', "'O''Brien &amp; Co'!$A:$A,'O''Brien &amp; Co'!$1:$1"],
  ]);
});

it('fits to two pages wide and as many tall as it takes, breaks above the given row, with the narrow margins', () => {
  expect(sheetXml).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
  expect(/<pageSetup [^>]*>/.exec(sheetXml)![0]).toMatch(/fitToWidth="2" fitToHeight="0"/);
  expect(/<pageSetup [^>]*>/.exec(sheetXml)![0]).toMatch(/paperSize="1" orientation="portrait"/);
  expect(sheetXml).toContain(
    '<rowBreaks count="1" manualBreakCount="1"><brk id="2" max="16838" man="1"/></rowBreaks>',
  );
  const m = /<pageMargins ([^>]*)\/>/.exec(sheetXml)![1];
  for (const [k, v] of Object.entries(PRINT_MARGINS)) expect(m).toContain(`${k}="${v}"`);
});

it('a wrapped row gets its height unfixed (Excel fits it again when edited); a row to write in is fixed', () => {
  expect(sheetXml).toMatch(/<row r="2" ht="45" spans/);
  expect(sheetXml).toMatch(/<row r="3" ht="36" customHeight="1"/);
  expect(sheetXml).toMatch(/<row r="1" spans/);
});

it('ExcelJS reads the package back: the heights, the first print area, the title rows', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.generateAsync({ type: 'arraybuffer' })) as ArrayBuffer);
  const ws = wb.getWorksheet(NAME)!;
  expect([ws.getRow(2).height, ws.getRow(3).height]).toEqual([45, 36]);
  expect(ws.pageSetup.printArea).toBe('A1:A3'); // ExcelJS keeps only the first of several
  expect(ws.pageSetup.printTitlesRow).toBe('1:1');
});

it('the print names of a sheet without areas or titles are nothing', () => {
  expect(printNameElements({ sheetName: 'S', index: 0, areas: [] })).toBe('');
});
