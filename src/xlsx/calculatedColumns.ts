/**
 * Calculated columns (OOXML <calculatedColumnFormula>) for tables whose plan says their formula columns are
 * filled down (TablePlan.calculatedColumns): Excel then fills those formulas into every row a person adds
 * to the table, as it does for a column filled in Excel itself. ExcelJS writes no such element, so it is
 * added to ExcelJS's package before it is zipped, like the charts.
 */
import { parseRange } from '../workbook/a1';
import type { WorkbookPlan } from '../workbook/plan';
import type { ZipPackage } from './charts';

/** Table name -> column header -> formula of the table's first data row, for the tables that ask for it. */
export function calculatedColumns(plan: WorkbookPlan): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const sheet of plan.sheets)
    for (const t of sheet.tables) {
      if (!t.calculatedColumns) continue;
      const p = parseRange(t.ref);
      const row = sheet.cells[p.row1 + 1] ?? [];
      const columns = new Map<string, string>();
      t.columns.forEach((name, i) => {
        const f = row[p.col1 + i]?.formula;
        if (f) columns.set(name, f);
      });
      out.set(t.name, columns);
    }
  return out;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unxml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Gives each named column of those tables its formula in the package's table parts. */
export async function addCalculatedColumns(
  zip: ZipPackage,
  tables: Map<string, Map<string, string>>,
): Promise<void> {
  const parts: string[] = [];
  zip.forEach((path) => {
    if (/^xl\/tables\/table\d+\.xml$/.test(path)) parts.push(path);
  });
  for (const path of parts) {
    const text = await zip.file(path)!.async('string');
    const name = /<table\b[^>]*\sname="([^"]*)"/.exec(text)?.[1];
    const columns = name === undefined ? undefined : tables.get(unxml(name));
    if (!columns) continue;
    const patched = text.replace(/<tableColumn\b([^>]*?)\s*\/>/g, (tag, attrs: string) => {
      const f = columns.get(unxml(/\sname="([^"]*)"/.exec(attrs)?.[1] ?? ''));
      return f === undefined
        ? tag
        : `<tableColumn${attrs}><calculatedColumnFormula>${xml(f)}</calculatedColumnFormula></tableColumn>`;
    });
    zip.file(path, patched);
  }
}
