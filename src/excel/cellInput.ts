/**
 * What to put in a `values` or `formulas` array so a cell gets exactly what the plan says. Excel parses a
 * string written through Office.js like typed input (a leading = + - @ makes a formula, "0042" a number,
 * "3/4" a date, "50%" a fraction), so text that would be parsed gets a leading apostrophe.
 */
import type { Cell } from '../workbook/plan';

export type Input = string | number | boolean;

export const stripEq = (f: string): string => (f.startsWith('=') ? f.slice(1) : f);

/**
 * The string to put in a `formulas` array for a plan cell: "=..." for formulas, numbers and booleans as
 * they are, '' for nothing, and text that Excel would otherwise parse (as a formula, number, date, boolean,
 * error or percentage) prefixed with an apostrophe so it stays the exact text.
 */
export function toFormulaInput(cell: Cell | undefined): Input {
  if (!cell) return '';
  if (cell.formula !== undefined && cell.formula !== '') return `=${stripEq(cell.formula)}`;
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return v;
  if (v === '') return '';
  const t = v.trim();
  const risky =
    /^[=+\-@'#(]/.test(t) ||
    /^[$€£¥]?\s*\.?\d/.test(t) ||
    /^(true|false)$/i.test(t) ||
    /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d/i.test(t) ||
    t !== v;
  return risky ? `'${v}` : v;
}

/** A plain value (text, number, boolean, or nothing) as cell input that lands exactly: see toFormulaInput. */
export function valueInput(value: string | number | boolean | null | undefined): Input {
  return toFormulaInput({ value: value ?? null });
}
