/**
 * Print areas, print titles and row heights in the .xlsx package, written in ExcelJS's own zip pass (as
 * the charts are). ExcelJS writes each of several print areas as a separate defined name (Excel wants one
 * name listing them) with relative rows, and marks every row height it writes as fixed.
 */
import { parseRange, rangeRef } from '../workbook/a1';
import { escapeXml, mustRead, sheetPartPaths, type ZipPackage } from './charts';

export interface PrintNames {
  sheetName: string;
  /** 0-based position of the sheet in the workbook (the names' localSheetId). */
  index: number;
  /** A1 ranges, printed in this order. */
  areas: string[];
  /** "12:12" */
  titleRows?: string;
  /** "A:B" */
  titleColumns?: string;
}

/**
 * The _xlnm.Print_Area and _xlnm.Print_Titles defined names of one sheet, as workbook.xml elements. The
 * sheet name is always quoted, an apostrophe in it doubled ('Compare O''Neil'!$10:$10).
 */
export function printNameElements(p: PrintNames): string {
  const name = (n: string, refersTo: string) =>
    `<definedName name="${n}" localSheetId="${p.index}">${escapeXml(refersTo)}</definedName>`;
  const sheet = `'${p.sheetName.replace(/'/g, "''")}'!`;
  let out = '';
  if (p.areas.length) {
    const ranges = p.areas.map((a) => {
      const r = parseRange(a);
      return sheet + rangeRef(r.row1, r.col1, r.row2, r.col2, true);
    });
    out += name('_xlnm.Print_Area', ranges.join(','));
  }
  // columns first, then rows, as Excel writes them
  const titles = [p.titleColumns, p.titleRows].flatMap((t) => {
    if (!t) return [];
    const [a, b = a] = t.replace(/\$/g, '').split(':');
    return [`${sheet}$${a}:$${b}`];
  });
  if (titles.length) out += name('_xlnm.Print_Titles', titles.join(','));
  return out;
}

/** Adds the sheets' print names to xl/workbook.xml. */
export async function addPrintNames(zip: ZipPackage, sheets: PrintNames[]): Promise<void> {
  const elements = sheets.map(printNameElements).join('');
  if (!elements) return;
  const path = 'xl/workbook.xml';
  const xml = await mustRead(zip, path);
  const close = xml.indexOf('</definedNames>');
  if (close >= 0) {
    zip.file(path, xml.slice(0, close) + elements + xml.slice(close));
    return;
  }
  const sheetsEnd = xml.indexOf('</sheets>');
  if (sheetsEnd < 0) throw new Error('xl/workbook.xml has no </sheets>');
  const at = sheetsEnd + '</sheets>'.length;
  zip.file(path, `${xml.slice(0, at)}<definedNames>${elements}</definedNames>${xml.slice(at)}`);
}

/**
 * Drops customHeight from the rows `loose(sheet, 1-based row)` names: the height stays as written, and
 * Excel fits such a row again when its text is edited.
 */
export async function loosenRowHeights(
  zip: ZipPackage,
  sheets: string[],
  loose: (sheet: string, row: number) => boolean,
): Promise<void> {
  if (!sheets.length) return;
  const parts = await sheetPartPaths(zip);
  for (const sheet of sheets) {
    const path = parts.get(sheet);
    if (!path) continue;
    const xml = await mustRead(zip, path);
    zip.file(
      path,
      xml.replace(/(<row r="(\d+)" ht="[^"]*") customHeight="1"/g, (all, head: string, row: string) =>
        loose(sheet, Number(row)) ? head : all,
      ),
    );
  }
}
