/**
 * The layout record (src/workbook/layout.ts): each generated sheet gets a hidden sheet-level name
 * PPS_Layout holding the layout version that wrote it, as the .xlsx renderer writes it
 * (src/xlsx/layoutNames.ts).
 */
import { LAYOUT_NAME, layoutFormula } from '../../workbook/layout';
import type { SheetPlan } from '../../workbook/plan';
import { COMMAND_BYTES, RequestBatch } from './batch';

export async function writeLayoutRecord(s: RequestBatch, p: SheetPlan): Promise<void> {
  if (!p.layout) return;
  const formula = `=${layoutFormula(p.layout)}`;
  await s.add(
    { sheet: p.name, what: 'recording the layout version', ops: ['NamedItemCollection.add'] },
    COMMAND_BYTES * 2,
    () => void (s.sheet(p.name).names.add(LAYOUT_NAME, formula).visible = false),
  );
}
