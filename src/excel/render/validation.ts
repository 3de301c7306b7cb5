/** Data validation: plan rules as Office.js DataValidationRules, with their prompts and error alerts. */
import type { SheetPlan, Validation } from '../../workbook/plan';
import { stripEq } from '../cellInput';
import { COMMAND_BYTES, RequestBatch } from './batch';

export const validationOps = [
  'DataValidation.rule',
  'DataValidation.ignoreBlanks',
  'DataValidation.prompt',
  'DataValidation.errorAlert',
];

/** Queue the sheet's data validation, one step per rule. */
export async function writeValidations(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const v of p.validations) {
    const rule = validationRule(v);
    const n = 2 + (v.prompt || v.promptTitle ? 1 : 0) + (v.error || v.errorTitle ? 1 : 0);
    await s.add(
      { sheet: p.name, what: `adding data validation to ${v.ref}`, ops: validationOps },
      n * COMMAND_BYTES +
        JSON.stringify(rule).length +
        JSON.stringify([v.prompt, v.promptTitle, v.error, v.errorTitle]).length,
      () => {
        const dv = s.sheet(p.name).getRange(v.ref).dataValidation;
        dv.rule = rule;
        dv.ignoreBlanks = v.allowBlank;
        if (v.prompt || v.promptTitle)
          dv.prompt = { showPrompt: true, title: v.promptTitle ?? '', message: v.prompt ?? '' };
        if (v.error || v.errorTitle)
          dv.errorAlert = {
            showAlert: true,
            style: 'Stop',
            title: v.errorTitle ?? '',
            message: v.error ?? '',
          };
      },
    );
  }
}

/** A plan validation as Office.js's DataValidationRule. */
export function validationRule(v: Validation): Excel.DataValidationRule {
  switch (v.type) {
    case 'list':
      return { list: { inCellDropDown: true, source: v.values.join(',') } };
    case 'decimal':
      return { decimal: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'whole':
      return { wholeNumber: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'date':
      return { date: { formula1: v.min, formula2: v.max, operator: 'Between' } };
    case 'custom':
      return { custom: { formula: `=${stripEq(v.formula)}` } };
  }
}
