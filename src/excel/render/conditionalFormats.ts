/** Conditional formats: cell-value rules, custom formulas and colour scales. */
import type { ConditionalFormat, ConditionalStyle, SheetPlan } from '../../workbook/plan';
import { stripEq } from '../cellInput';
import { hostColor } from '../host';
import { COMMAND_BYTES, RequestBatch } from './batch';

/** Queue the sheet's conditional formats, one step per rule. */
export async function writeConditionalFormats(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const cf of p.conditionalFormats)
    await s.add(
      { sheet: p.name, what: `adding a conditional format to ${cf.ref}`, ops: cfOps },
      6 * COMMAND_BYTES + JSON.stringify(cf).length,
      () => addConditionalFormat(s.sheet(p.name).getRange(cf.ref), cf),
    );
}

export const CF_OPERATOR = {
  lessThan: 'LessThan',
  greaterThan: 'GreaterThan',
  between: 'Between',
  equal: 'EqualTo',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  lessThanOrEqual: 'LessThanOrEqual',
} as const;

export const cfOps = [
  'ConditionalFormatCollection.add',
  'ConditionalCellValueFormat.rule',
  'ConditionalFormatRule.formula',
  'ConditionalColorScaleFormat.criteria',
  'ConditionalRangeFill.color',
  'ConditionalRangeFont.color',
  'ConditionalRangeFont.bold',
];

function cfStyle(fmt: Excel.ConditionalRangeFormat, st: ConditionalStyle): void {
  if (st.fill) fmt.fill.color = hostColor(st.fill);
  if (st.fontColor) fmt.font.color = hostColor(st.fontColor);
  if (st.bold !== undefined) fmt.font.bold = st.bold;
}

function addConditionalFormat(range: Excel.Range, cf: ConditionalFormat): void {
  if (cf.type === 'cellIs') {
    const c = range.conditionalFormats.add('CellValue');
    cfStyle(c.cellValue.format, cf.style);
    const rule: Excel.ConditionalCellValueRule = {
      formula1: `=${stripEq(cf.formulas[0])}`,
      operator: CF_OPERATOR[cf.operator],
    };
    if (cf.operator === 'between') rule.formula2 = `=${stripEq(cf.formulas[1])}`;
    c.cellValue.rule = rule;
  } else if (cf.type === 'expression') {
    const c = range.conditionalFormats.add('Custom');
    c.custom.rule.formula = `=${stripEq(cf.formula)}`;
    cfStyle(c.custom.format, cf.style);
  } else {
    const c = range.conditionalFormats.add('ColorScale');
    const [lo, a, b] = cf.colors;
    const hi = b ?? a;
    const criteria: Excel.ConditionalColorScaleCriteria = {
      minimum:
        cf.min !== undefined
          ? { type: 'Number', formula: String(cf.min), color: hostColor(lo) }
          : { type: 'LowestValue', color: hostColor(lo) },
      maximum:
        cf.max !== undefined
          ? { type: 'Number', formula: String(cf.max), color: hostColor(hi) }
          : { type: 'HighestValue', color: hostColor(hi) },
    };
    if (b !== undefined)
      criteria.midpoint =
        cf.min !== undefined && cf.max !== undefined
          ? { type: 'Number', formula: String((cf.min + cf.max) / 2), color: hostColor(a) }
          : { type: 'Percentile', formula: '50', color: hostColor(a) };
    c.colorScale.criteria = criteria;
  }
}
