/**
 * Reading returned self-assessment forms from .xlsx bytes. The checks themselves are in
 * src/workbook/forms.ts (readForm), over the same value grids the Office.js reader produces.
 */
import { CollectContext, CollectResult, readForm } from '../workbook/forms';
import { FORM_LIMITS } from './guard';
import { loadXlsx, workbookGrids } from './read';

/**
 * One returned form: its Self ratings when every check passes, otherwise no ratings and the problems,
 * each naming the file (and the cell where there is one).
 */
export async function collectForm(
  bytes: Buffer | ArrayBuffer | Uint8Array,
  fileName: string,
  ctx: CollectContext,
): Promise<CollectResult> {
  const none = (message: string): CollectResult => ({
    ok: false,
    ratings: [],
    report: { accepted: 0, problems: [{ file: fileName, message }] },
  });
  if (!bytes || bytes.byteLength === 0) return none('is empty (0 bytes), not a returned form');
  let wb;
  try {
    wb = await loadXlsx(
      Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes),
      fileName,
      FORM_LIMITS,
    );
  } catch (e) {
    const message = (e as Error).message;
    return none(message.startsWith(`${fileName}: `) ? message.slice(fileName.length + 2) : message);
  }
  return readForm(workbookGrids(wb), fileName, ctx);
}
