/**
 * The layout record (src/workbook/layout.ts) in .xlsx files: a hidden sheet-level defined name
 * PPS_Layout on each generated sheet, `<definedName name="PPS_Layout" localSheetId="N" hidden="1">"0.2.0"
 * </definedName>` (N: the sheet's place in <sheets>, from 0). ExcelJS writes only names that refer to
 * ranges, so writeWorkbook adds these to xl/workbook.xml in its package hook, and readLayoutRecords reads
 * them back from the file itself, as Excel and LibreOffice save them.
 */
import JSZip from 'jszip';
import { LAYOUT_NAME, layoutFormula } from '../workbook/layout';
import type { ZipPackage } from './charts';

const WORKBOOK = 'xl/workbook.xml';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()];
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });

/** The attributes of one start tag's text (`name="x" localSheetId="2"`). */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out.set(m[1].replace(/^\w+:(?=\w)/, ''), unescapeXml(m[2] ?? m[3]));
  return out;
}

/** Adds a PPS_Layout name for every sheet (in <sheets> order) that has a layout. */
export async function addLayoutNames(zip: ZipPackage, layouts: (string | undefined)[]): Promise<void> {
  const names = layouts
    .map((v, i) =>
      v === undefined
        ? ''
        : `<definedName name="${LAYOUT_NAME}" localSheetId="${i}" hidden="1">${escapeXml(layoutFormula(v))}</definedName>`,
    )
    .join('');
  if (!names) return;
  const file = zip.file(WORKBOOK);
  if (!file) throw new Error(`The .xlsx package has no ${WORKBOOK}`);
  let xml = await file.async('string');
  if (xml.includes('</definedNames>')) xml = xml.replace('</definedNames>', `${names}</definedNames>`);
  else if (xml.includes('</sheets>'))
    xml = xml.replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`);
  else throw new Error(`${WORKBOOK} has no <sheets>`);
  zip.file(WORKBOOK, xml);
}

/** Sheet name -> its PPS_Layout record as written (e.g. `"0.2.0"`), for the sheets that have one. */
export function layoutRecordsOf(workbookXml: string): Map<string, string> {
  const sheets = [...workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map(
    (m) => attributes(m[1]).get('name') ?? '',
  );
  const out = new Map<string, string>();
  for (const m of workbookXml.matchAll(
    /<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g,
  )) {
    const a = attributes(m[1]);
    const sheet = sheets[Number(a.get('localSheetId'))];
    if (a.get('name')?.toLowerCase() !== LAYOUT_NAME.toLowerCase() || sheet === undefined) continue;
    if (!out.has(sheet)) out.set(sheet, unescapeXml(m[2]).trim());
  }
  return out;
}

/** The layout records of an .xlsx file's sheets (none when the package has no readable workbook part). */
export async function readLayoutRecords(bytes: Uint8Array | ArrayBuffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file(WORKBOOK)?.async('string');
  return xml === undefined ? new Map() : layoutRecordsOf(xml);
}
