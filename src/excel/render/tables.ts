/** Tables over cells already written (headers included), with their totals rows. */
import { parseRange, rangeRef } from '../../workbook/a1';
import { hasTotals } from '../../workbook/checks';
import type { Cell, SheetPlan, TablePlan } from '../../workbook/plan';
import { Input, toFormulaInput } from '../cellInput';
import { COMMAND_BYTES, RequestBatch } from './batch';

export const tableOps = [
  'TableCollection.add',
  'Table.name',
  'Table.style',
  'Table.showTotals',
  'Table.getTotalRowRange',
  'Range.formulas',
];

/** Queue the sheet's tables (the header cells are already written). */
export async function writeTables(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const t of p.tables) {
    const r = parseRange(t.ref);
    const totals = hasTotals(t);
    const body = totals
      ? rangeRef(r.row1, r.col1, r.row2 - 1, r.col2)
      : rangeRef(r.row1, r.col1, r.row2, r.col2);
    const totalRow = totals
      ? [t.columns.map((h, i) => totalsInput(t, h, p.cells[r.row2]?.[r.col1 + i]))]
      : [];
    await s.add(
      {
        sheet: p.name,
        what: `adding the table "${t.name}"`,
        ops: tableOps,
        marker: { kind: 'table', name: t.name },
      },
      5 * COMMAND_BYTES + JSON.stringify(totalRow).length + t.name.length + t.style.length,
      () => {
        const table = s.sheet(p.name).tables.add(body, true);
        table.name = t.name;
        table.style = t.style;
        if (totals) {
          table.showTotals = true;
          table.getTotalRowRange().formulas = totalRow;
        }
      },
    );
  }
}

const SUBTOTAL = { average: 101, count: 103, sum: 109 } as const;

/** Escape a column header for a structured reference: ' [ ] # are prefixed with '. */
export function structuredColumn(header: string): string {
  return header.replace(/(['#[\]])/g, "'$1");
}

function totalsInput(t: TablePlan, header: string, planCell: Cell | undefined): Input {
  const tot = t.totals?.[header];
  if (!tot) return toFormulaInput(planCell);
  if ('fn' in tot) return `=SUBTOTAL(${SUBTOTAL[tot.fn]},${t.name}[${structuredColumn(header)}])`;
  return toFormulaInput({ value: tot.label });
}
