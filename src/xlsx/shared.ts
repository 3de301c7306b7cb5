/**
 * Filled-down formulas as OOXML shared formulas, the way Excel itself saves a column filled down: the
 * first cell holds the text, the cells below hold only a reference to it (`<f t="shared" si="0"/>`).
 * The outcomes log repeats 19 long formulas on every one of its rows, so this makes the package several
 * times smaller and faster to write, and Excel faster to open. Cells keep exactly the formulas of the
 * plan: a cell joins the group above it only when its formula is that group's formula moved down by
 * whole rows (`filledDown`).
 */
import type { Cell } from '../workbook/plan';
import { cellRef } from '../workbook/a1';

/**
 * One pass over a formula: string literals, quoted sheet names and bracketed parts are matched whole (so
 * nothing inside them is read as a reference); a cell reference with a relative row is captured as
 * column part and row. A reference is not part of a longer word (a defined name such as PPS_Q3) nor a
 * function name (LOG10( ) nor a sheet name (A1!); an absolute row ($6) is not matched at all.
 */
const TOKENS =
  /"(?:[^"]|"")*"?|'(?:[^']|'')*'?|\[[^\]]*\]?|(?<![A-Za-z0-9_.])(\$?[A-Z]{1,3})(\d+)(?![A-Za-z0-9_.(!$])/g;

/** A formula split around its relative row numbers: parts[0] rows[0] parts[1] ... rows[n-1] parts[n]. */
interface Template {
  parts: string[];
  rows: number[];
}

function template(formula: string): Template {
  const parts: string[] = [];
  const rows: number[] = [];
  let from = 0;
  for (const m of formula.matchAll(TOKENS)) {
    if (m[1] === undefined) continue;
    const at = m.index! + m[1].length;
    parts.push(formula.slice(from, at));
    rows.push(Number(m[2]));
    from = at + m[2].length;
  }
  parts.push(formula.slice(from));
  return { parts, rows };
}

/** The formula as Excel would have it `by` rows further down (every relative row number plus `by`). */
export function filledDown(formula: string, by: number): string {
  const t = template(formula);
  return t.rows.reduce((out, n, i) => out + String(n + by) + t.parts[i + 1], t.parts[0]);
}

/** Whether `formula` is exactly the template's formula filled down by `by` rows, without building it. */
function isFilledDown(t: Template, by: number, formula: string): boolean {
  let pos = 0;
  for (let i = 0; i < t.rows.length; i++) {
    if (!formula.startsWith(t.parts[i], pos)) return false;
    pos += t.parts[i].length;
    const n = String(t.rows[i] + by);
    if (!formula.startsWith(n, pos)) return false;
    pos += n.length;
  }
  const last = t.parts[t.rows.length];
  return formula.length === pos + last.length && formula.endsWith(last);
}

interface Run {
  master: string;
  formula: string;
  row: number;
  template?: Template;
}

/** A cell's key in sharedFormulaMasters: 0-based row and column (Excel has 16,384 columns). */
export const cellKey = (row: number, col: number): number => row * 16384 + col;

/**
 * For every formula cell that continues a filled-down run, the address of the run's first cell (its
 * master), keyed by cellKey. Runs go down one column over consecutive rows; a cell
 * joins only when its formula is exactly the master's filled down. The master is parsed once per run and
 * the cells below are compared piece by piece; a formula of another length than the master starts a new
 * run without being parsed (a row number gaining a digit, 99 to 100, just starts a new run), which keeps
 * the pass cheap on sheets whose rows differ, such as comparisons naming each competency.
 */
export function sharedFormulaMasters(cells: (Cell | undefined)[][]): Map<number, string> {
  const masters = new Map<number, string>();
  const runs: (Run | undefined)[] = [];
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r] ?? [];
    const width = Math.max(row.length, runs.length);
    for (let c = 0; c < width; c++) {
      const formula = row[c]?.formula;
      const run = runs[c];
      if (formula === undefined) {
        runs[c] = undefined;
        continue;
      }
      if (run && run.formula.length === formula.length) {
        run.template ??= template(run.formula);
        if (isFilledDown(run.template, r - run.row, formula)) {
          masters.set(cellKey(r, c), run.master);
          continue;
        }
      }
      runs[c] = { master: cellRef(r, c), formula, row: r };
    }
  }
  return masters;
}
