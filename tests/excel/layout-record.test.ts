/**
 * Both renderers record the layout that wrote each generated sheet (src/workbook/layout.ts) the same
 * way: a hidden sheet-level name PPS_Layout holding the version as text. The Office.js renderer into the
 * fake host (worksheet.names, visible = false), the .xlsx renderer into xl/workbook.xml (localSheetId,
 * hidden="1"), read back by src/xlsx/layoutNames.ts as Excel and LibreOffice save it.
 */
import JSZip from 'jszip';
import { getFramework, getScale, library } from '../../src/domain/library';
import { insertPlans } from '../../src/excel/render';
import { agencyWorkbook } from '../../src/workbook/build';
import { LAYOUT_VERSION } from '../../src/workbook/layout';
import { emptySheet, WorkbookPlan } from '../../src/workbook/plan';
import { layoutRecordsOf, readLayoutRecords } from '../../src/xlsx/layoutNames';
import { writeWorkbook } from '../../src/xlsx/write';
import { createFakeExcel } from '../support/fakeExcel';

function plan(): WorkbookPlan {
  const p = agencyWorkbook({
    team: [
      { workerId: 'W1', name: 'Ann', role: '', supervisor: '', startDate: '' },
      { workerId: "O'Neil", name: 'Bo', role: '', supervisor: '', startDate: '' },
    ],
    periods: ['Q1'],
    ctx: { framework: getFramework('samhsa-core-2015'), scale: getScale(), roles: library().roles },
  });
  // a sheet that is not part of the layout (as update carries a person's own sheet over)
  const own = emptySheet('My notes', 'other');
  own.cells = [[{ value: 'mine' }]];
  p.sheets.splice(1, 0, own);
  return p;
}

describe('the layout record, written by both renderers', () => {
  const p = plan();
  const generated = p.sheets.filter((s) => s.kind !== 'other').map((s) => s.name);

  it('Office.js: every generated sheet gets a hidden sheet-level PPS_Layout, in the same two syncs', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const res = await insertPlans(fake.run, p, { supports: (v) => fake.isSetSupported('ExcelApi', v) });
    expect(res.syncs).toBe(2);
    for (const name of generated)
      expect(fake.workbook.localNames(name)).toEqual([
        { name: 'PPS_Layout', formula: `="${LAYOUT_VERSION}"`, visible: false },
      ]);
    expect(fake.workbook.localNames('My notes')).toEqual([]);
    expect(fake.workbook.localNames('Sheet1')).toEqual([]);
    // the workbook's own names are only the plan's
    expect(fake.workbook.names().map((n) => n.name)).toEqual(p.names.map((n) => n.name));
  });

  it('.xlsx: the same records, hidden, on the right sheets (by place in <sheets>)', async () => {
    const bytes = await writeWorkbook(p);
    const records = await readLayoutRecords(bytes);
    expect([...records.keys()]).toEqual(generated);
    expect([...records.values()]).toEqual(generated.map(() => `"${LAYOUT_VERSION}"`));
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')!.async('string');
    const names = [...xml.matchAll(/<definedName name="PPS_Layout" localSheetId="(\d+)" hidden="1">/g)];
    expect(names.map((m) => Number(m[1]))).toEqual(
      p.sheets.flatMap((s, i) => (s.kind === 'other' ? [] : [i])),
    );
  });

  it('reads the records as LibreOffice and other writers save them (attribute order, prefixes, entities)', () => {
    const xml =
      '<x:workbook><x:sheets><x:sheet name="A &amp; B" sheetId="1" r:id="rId1"/><x:sheet name=\'Q1\' sheetId="2"/>' +
      '<x:sheet name="Mine" sheetId="3"/></x:sheets><x:definedNames>' +
      '<x:definedName function="false" hidden="false" localSheetId="1" name="PPS_Layout" vbProcedure="false">&quot;0.2.0&quot;</x:definedName>' +
      '<x:definedName localSheetId="0" name="pps_layout">"0.1.5"</x:definedName>' +
      '<x:definedName name="PPS_Layout">"9.9.9"</x:definedName>' + // not sheet-level: ignored
      '<x:definedName localSheetId="2" name="_xlnm.Print_Titles">Mine!$1:$1</x:definedName>' +
      '</x:definedNames></x:workbook>';
    expect(layoutRecordsOf(xml)).toEqual(
      new Map([
        ['Q1', '"0.2.0"'],
        ['A & B', '"0.1.5"'],
      ]),
    );
  });
});
