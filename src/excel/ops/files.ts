/** Files the pane made, opened in Excel where download links do nothing (Excel for Mac and iPad). */
import type { WorkbookApi } from '../api';
import { newerExcelNeeded, officeCreateWorkbook, toBase64 } from '../host';
import type { OpsContext } from './context';

export function filesOps(c: OpsContext): Pick<WorkbookApi, 'openFile'> {
  const { opts, supports } = c;
  return {
    async openFile(file) {
      if (!supports('1.8'))
        throw new Error(newerExcelNeeded(`opening ${file.fileName} in Excel`, '1.8', supports));
      // Excel opens it as a new, unsaved workbook; the person saves it where they keep shared files.
      await (opts.createWorkbook ?? officeCreateWorkbook)(toBase64(file.bytes));
    },
  };
}
