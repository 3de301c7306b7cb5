/**
 * Calculated columns (OOXML <calculatedColumnFormula>), both directions.
 *
 * Writing: tables whose plan says their formula columns are filled down (TablePlan.calculatedColumns) get
 * each column's formula in the table part, so Excel fills it into every row a person adds to the table, as
 * it does for a column filled in Excel itself. ExcelJS writes no such element, so it is added to ExcelJS's
 * package before it is zipped, like the charts.
 *
 * Reading: ExcelJS reads <tableColumn> as an element without children, so a column holding one (ours, or
 * any calculated column Excel saved) ends the table's column list early and the load fails ("Cannot set
 * properties of undefined (setting 'filterButton')"). readTablesWithFormulas() makes ExcelJS drop what is
 * inside a table column before it parses the table part (the formulas are in the cells anyway).
 */
import ExcelJS from 'exceljs';
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

interface TableEntryReader {
  _processTableEntry?: (stream: TableStream, model: unknown, name: string) => Promise<void>;
  readsTablesWithFormulas?: boolean;
}
interface TableStream extends AsyncIterable<string | Uint8Array> {
  constructor: new (options: object) => { write(text: string): void; end(): void };
}

/** Table columns without their children: <tableColumn a="1"><x>..</x></tableColumn> becomes <tableColumn a="1"/>. */
export function withoutColumnChildren(xml: string): string {
  // attributes: anything but > and an unquoted / (so a self-closing column never matches), quoted values whole
  return xml.replace(
    /<((?:\w+:)?tableColumn)(\s(?:[^>"/]|"[^"]*")*)>[\s\S]*?<\/\1>/g,
    (_m, tag: string, attrs: string) => `<${tag}${attrs.trimEnd()}/>`,
  );
}

/** Lets ExcelJS read tables whose columns hold calculated column formulas (see the top). Idempotent. */
export function readTablesWithFormulas(): void {
  const reader = Object.getPrototypeOf(new ExcelJS.Workbook().xlsx) as TableEntryReader;
  const original = reader._processTableEntry;
  if (typeof original !== 'function' || reader.readsTablesWithFormulas) return;
  reader.readsTablesWithFormulas = true;
  reader._processTableEntry = async function (this: unknown, stream, model, name) {
    let xml = '';
    const decoder = new TextDecoder();
    for await (const chunk of stream) xml += typeof chunk === 'string' ? chunk : decoder.decode(chunk);
    // a stream of the same kind ExcelJS made (Node's or the bundled one), holding the cleaned part
    const clean = new stream.constructor({ writableObjectMode: true, readableObjectMode: true });
    clean.write(withoutColumnChildren(xml));
    clean.end();
    return original.call(this, clean as unknown as TableStream, model, name);
  };
}
