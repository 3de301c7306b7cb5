/**
 * update reads the rebuilt workbook back before it replaces the original: when a fault (here a put-back
 * of typed cells that does nothing) would lose what a person typed, nothing is changed and the run says
 * what would have been lost. Settings typed into the workbook stay, the framework for new rating sheets
 * among them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCaptured } from '../support/cli';
import * as typed from '../../src/workbook/typed';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-upgrade-'));
const at = (f: string) => path.join(tmp, f);

const cli = (...args: string[]) => runCaptured(args, tmp);

afterEach(() => jest.restoreAllMocks());

it('a rebuild that would lose a typed discussion note changes nothing and names the note', async () => {
  fs.writeFileSync(at('t.csv'), 'worker_id,name,role,supervisor,start_date\nW1,Ann,,,\n');
  fs.writeFileSync(
    at('r.csv'),
    'worker_id,period,framework,competency_id,self,supervisor,notes\nW1,Q1,samhsa-core-2015,1.1,5,2,\n',
  );
  expect((await cli('build', '--team', 't.csv', '--ratings', 'r.csv', '--out', 'book.xlsx')).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at('book.xlsx'));
  // Discussion notes of 1.1 (row 11, column H) on the comparison
  wb.getWorksheet('Compare W1 Q1')!.getCell('H11').value = 'Talk about it';
  await wb.xlsx.writeFile(at('book.xlsx'));
  const before = fs.readFileSync(at('book.xlsx'));

  jest.spyOn(typed, 'restoreTyped').mockReturnValue({ restored: 0, unplaced: [] });
  const r = await cli('update', 'book.xlsx');
  expect(r.code).toBe(1);
  expect(r.err.split('\n')).toEqual([
    'Nothing was changed. 1 problem to fix:',
    '  book.xlsx: the rebuilt workbook would lose "Discussion notes" of 1.1 on the sheet "Compare W1 Q1": this is a fault of peer-performance, please report it',
  ]);
  expect(fs.readFileSync(at('book.xlsx'))).toEqual(before);
  expect(fs.existsSync(at('book.bak.xlsx'))).toBe(false);

  jest.restoreAllMocks();
  const ok = await cli('update', 'book.xlsx');
  expect(ok.err).toBe('');
  expect(ok.out).toContain('Typed cells put back into rebuilt sheets: 1');
});

it("the Settings framework chosen for new rating sheets stays as typed, though the rating sheets' differs", async () => {
  fs.writeFileSync(at('t2.csv'), 'worker_id,name,role,supervisor,start_date\nW1,Ann,,,\n');
  expect((await cli('build', '--team', 't2.csv', '--period', 'Q1', '--out', 'fw.xlsx')).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at('fw.xlsx'));
  const settings = wb.getWorksheet('Settings')!;
  expect([settings.getCell('C4').value, settings.getCell('B4').value]).toEqual([
    'frameworkId',
    'samhsa-core-2015',
  ]);
  settings.getCell('B4').value = 'prcoe-compilation-2023';
  settings.getCell('B6').value = 1; // the gap threshold
  await wb.xlsx.writeFile(at('fw.xlsx'));
  const r = await cli('update', 'fw.xlsx');
  expect(r.err).toBe('');
  const after = new ExcelJS.Workbook();
  await after.xlsx.readFile(at('fw.xlsx'));
  const s = after.getWorksheet('Settings')!;
  expect([s.getCell('B4').value, s.getCell('B6').value]).toEqual(['prcoe-compilation-2023', 1]);
  // the rating sheet keeps its framework
  expect(after.getWorksheet('W1 Q1')!.getCell('B7').value).toBe('samhsa-core-2015');
});
