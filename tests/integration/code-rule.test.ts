/**
 * The outcomes log's code validation, evaluated by a real spreadsheet engine: the rule's formula is put in
 * cells beside sample codes, LibreOffice recalculates, and each result must agree with the domain's
 * criterionProblem (the rule the CSV import and the team form apply).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { criterionProblem } from '../../src/domain/codes';
import { emptySheet } from '../../src/workbook/plan';
import { usableCriterion } from '../../src/workbook/outcomesLog';
import { writeWorkbook } from '../../src/xlsx/write';
import { readComputed, recalculate } from '../support/libreoffice';

const CODES: (string | number)[] = [
  'C-1',
  'P_0012',
  1531,
  'W=1',
  'P*1',
  'a?b',
  'x~y',
  '=C3',
  '<W',
  '>W',
  'ok>',
];

it('usableCriterion is TRUE exactly for the codes criterionProblem accepts', async () => {
  const sheet = emptySheet('Codes', 'other');
  CODES.forEach((code, i) => {
    sheet.cells[i] = [{ value: code }, { formula: usableCriterion(`A${i + 1}`) }];
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-codes-'));
  const file = path.join(tmp, 'codes.xlsx');
  fs.writeFileSync(file, await writeWorkbook({ sheets: [sheet], names: [] }));
  const cells = (await readComputed(await recalculate(file, path.join(tmp, 'lo')))).get('Codes')!;
  const got = CODES.map((code, i) => [code, cells.get(`B${i + 1}`)]);
  const want = CODES.map((code) => [code, criterionProblem(String(code)) === null]);
  expect(got).toEqual(want);
  // both kinds of answer occur
  expect(want.filter(([, ok]) => ok)).toHaveLength(5);
});
