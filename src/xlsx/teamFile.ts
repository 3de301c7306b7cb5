/**
 * A file given to the agency rollup, read as a team workbook (readTeamWorkbookXlsx: the package checked
 * as an untrusted workbook first, WORKBOOK_LIMITS). The CLI calls it for each file; the task pane gets it
 * injected (src/taskpane/index.tsx), so src/excel never imports this layer.
 */
import type { TeamFile } from '../workbook/agency';
import { AGENCY_SHEETS, isAgencySheet } from '../workbook/agencySheets';
import type { WorkbookLibrary } from '../workbook/read';
import { plainValue, readTeamWorkbookXlsx } from './read';

export async function readTeamFile(bytes: Uint8Array, file: string, lib: WorkbookLibrary): Promise<TeamFile> {
  const read = await readTeamWorkbookXlsx(bytes, file, lib);
  const agency =
    !read.workbook && read.wb?.worksheets.some((ws) => isAgencySheet(plainValue(ws.getCell('A1').value)));
  return {
    file,
    bytes,
    workbook: read.workbook,
    problems: read.problems,
    warnings: read.warnings,
    notes: read.notes,
    ...(agency
      ? {
          what: `is an agency rollup (it has the "${AGENCY_SHEETS.workers}" sheets), not a team workbook: give the team workbooks it was made from`,
        }
      : {}),
  };
}
