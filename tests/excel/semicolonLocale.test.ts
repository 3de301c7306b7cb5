/**
 * The insert paths again, in a locale whose list separator is ";" (German, French, Czech ... on Windows),
 * where Office.js reads multi-area addresses with ";" (office-js issues 1167, 2891). Every fake host these
 * suites make is in that locale; nothing we write may depend on the separator.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the suites are registered inside this describe */
import { createFakeExcel, fakeDefaults } from '../support/fakeExcel';

fakeDefaults.listSeparator = ';';

describe('in a locale whose list separator is ";"', () => {
  test('the fake host is in that locale: "," between areas is refused, ";" accepted', async () => {
    const fake = createFakeExcel();
    const bold = (address: string) =>
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRanges(address).format.font.bold = true;
        await ctx.sync();
      });
    await expect(bold('A1,C1')).rejects.toMatchObject({ code: 'InvalidArgument' });
    await bold('A1;C1');
    expect(fake.workbook.cell('Sheet1', 'C1').font.bold).toBe(true);
  });

  describe('renderer', () => {
    require('./render/insert.test');
  });
  describe('pane operations', () => {
    require('./ops.test');
  });
  describe('reading back', () => {
    require('./read.test');
  });
  describe('parity with the .xlsx renderer', () => {
    require('./parity.test');
  });
  describe('updating a workbook of an earlier layout', () => {
    require('./upgrade.test');
  });
});
