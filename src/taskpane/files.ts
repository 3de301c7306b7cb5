/**
 * What the pane reads and writes as files, injected into the Office.js operations (src/excel/ops/ never
 * imports src/xlsx): each loads its own chunk only when used. Returned forms are checked as untrusted forms
 * (FORM_LIMITS), team workbooks for the Agency tab as untrusted team workbooks (WORKBOOK_LIMITS, in
 * readTeamFile). The production entry and the end-to-end harness both pass these.
 */
import type { OpsOptions } from '../excel/ops';

export const paneFiles: Required<Pick<OpsOptions, 'writeXlsx' | 'readXlsx' | 'readTeamFile'>> = {
  writeXlsx: async (plan) => (await import('../xlsx/write')).writeWorkbook(plan),
  readXlsx: async (bytes, name) => {
    const [{ loadXlsx, workbookGrids }, { FORM_LIMITS }] = await Promise.all([
      import('../xlsx/read'),
      import('../xlsx/guard'),
    ]);
    return workbookGrids(await loadXlsx(bytes, name, FORM_LIMITS));
  },
  readTeamFile: async (bytes, name) => {
    const [{ readTeamFile }, { library }] = await Promise.all([
      import('../xlsx/teamFile'),
      import('../domain/library'),
    ]);
    return readTeamFile(bytes, name, library());
  },
};
