/**
 * One walk over an English A1 formula, for every piece of code that reads or rewrites what a formula
 * names: the Office.js renderer (sheets, tables and defined names renamed on a clash; the sheets a formula
 * needs) and the de-identifier (renamed sheets and names, scrubbed text). Cell references, functions and
 * numbers pass through unchanged.
 */
import { quoteSheet } from './a1';

export interface FormulaVisitor {
  /** Each sheet named before "!" (quoted or not; each end of a 3D 'First:Last'); may return a new name. */
  sheet?: (name: string) => string | undefined;
  /**
   * Each workbook-level identifier: a table or defined name (not a function, not a name after "!", not
   * the letters of a cell reference or a number); `structured` when "[" follows. May return a new name.
   */
  name?: (name: string, structured: boolean) => string | undefined;
  /** The text of each string literal (without quotes); returns the text to write. */
  text?: (literal: string) => string;
  /** Each bracketed structured-reference part, brackets included; returns what to write. */
  bracket?: (part: string) => string;
}

/** A sheet reference as written before "!": one name as quoteSheet writes it, a 3D range always quoted. */
const sheetRefText = (names: string[]): string =>
  names.length === 1 ? quoteSheet(names[0]) : `'${names.join(':').replace(/'/g, "''")}'`;

/** Walks `f`, calling the visitor for what it names, and returns the formula with its answers applied. */
export function walkFormula(f: string, v: FormulaVisitor): string {
  let out = '';
  let i = 0;
  let afterBang = false;
  /** The text between the quote at i and its closing quote (doubled quotes undone), and where that is. */
  const readQuoted = (q: string): [string, number] => {
    let j = i + 1;
    let s = '';
    while (j < f.length) {
      if (f[j] === q) {
        if (f[j + 1] !== q) break;
        s += q;
        j += 2;
      } else s += f[j++];
    }
    return [s, j];
  };
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"') {
      const [s, j] = readQuoted('"');
      out += v.text ? `"${v.text(s).replace(/"/g, '""')}"` : f.slice(i, j + 1);
      i = j + 1;
      afterBang = false;
    } else if (ch === "'") {
      const [s, j] = readQuoted("'");
      if (f[j + 1] === '!') {
        const names = s.split(':'); // sheet names cannot hold ":"; a 3D reference names both ends
        const renamed = names.map((n) => v.sheet?.(n));
        out += renamed.some((n) => n !== undefined)
          ? `${sheetRefText(names.map((n, k) => renamed[k] ?? n))}!`
          : f.slice(i, j + 2);
        i = j + 2;
        afterBang = true;
      } else {
        out += f.slice(i, j + 1);
        i = j + 1;
        afterBang = false;
      }
    } else if (ch === '[') {
      let depth = 0;
      let j = i;
      for (; j < f.length; j++) {
        if (f[j] === "'")
          j++; // an escaped character inside a column name
        else if (f[j] === '[') depth++;
        else if (f[j] === ']' && --depth === 0) break;
      }
      const part = f.slice(i, j + 1);
      out += v.bracket ? v.bracket(part) : part;
      i = j + 1;
      afterBang = false;
    } else if (/[A-Za-z_\\]/.test(ch) && !/[A-Za-z0-9_.$]/.test(f[i - 1] ?? '')) {
      let j = i;
      while (j < f.length && /[A-Za-z0-9_.\\]/.test(f[j])) j++;
      const id = f.slice(i, j);
      if (f[j] === '!') {
        const to = v.sheet?.(id);
        out += `${to !== undefined ? quoteSheet(to) : id}!`;
        i = j + 1;
        afterBang = true;
        continue;
      }
      const to = f[j] === '(' || afterBang ? undefined : v.name?.(id, f[j] === '[');
      out += to ?? id;
      i = j;
      afterBang = false;
    } else {
      out += ch;
      i++;
      afterBang = false;
    }
  }
  return out;
}
