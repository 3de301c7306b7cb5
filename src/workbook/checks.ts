/**
 * Everything in a plan that Excel would refuse, found before anything is changed: invalid names and ranges,
 * overlapping tables, lists and messages over Excel's limits, references to sheets that do not exist.
 * Pure: no Office.js.
 */
import { cellRef, parseRange, rectsOverlap } from './a1';
import type { TablePlan, WorkbookPlan } from './plan';
import { formulaSheets } from './renames';

const lc = (s: string): string => s.toLowerCase();
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Whether a planned table has a totals row. */
export function hasTotals(t: TablePlan): boolean {
  return !!t.totals && Object.keys(t.totals).length > 0;
}

/** Formulas, conditional formats, charts and names that refer to a sheet neither in the workbook nor planned. */
export function unknownSheetReferences(plan: WorkbookPlan, existingSheets: string[]): string[] {
  const known = new Set([...existingSheets, ...plan.sheets.map((p) => p.name)].map(lc));
  const out: string[] = [];
  const check = (where: string, names: string[]): void => {
    for (const n of names)
      if (!known.has(lc(n)))
        out.push(`${where} refers to a sheet "${n}" that is neither in the workbook nor being added`);
  };
  for (const p of plan.sheets) {
    p.cells.forEach((row, r) =>
      row?.forEach(
        (c, col) => c?.formula && check(`cell ${cellRef(r, col)} of "${p.name}"`, formulaSheets(c.formula)),
      ),
    );
    for (const cf of p.conditionalFormats)
      if (cf.type !== 'colorScale')
        check(
          `a conditional format on "${p.name}"`,
          (cf.type === 'cellIs' ? cf.formulas : [cf.formula]).flatMap(formulaSheets),
        );
    for (const c of p.charts)
      check(`the chart "${c.title}" on "${p.name}"`, [
        c.categories.sheet,
        ...c.series.map((x) => x.values.sheet),
      ]);
  }
  for (const n of plan.names) check(`the defined name "${n.name}"`, formulaSheets(n.refersTo));
  return unique(out);
}

const NAME_RE = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const CELL_LIKE = /^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d+[Cc]\d+)$/;

/** Everything in a plan that Excel would refuse, found before anything is changed. */
export function planProblems(plan: WorkbookPlan): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const objects = new Set<string>();
  const okRef = (ref: string, where: string): boolean => {
    try {
      parseRange(ref);
      return true;
    } catch {
      out.push(`${where}: "${ref}" is not an A1 range`);
      return false;
    }
  };
  const okObject = (name: string, where: string): void => {
    if (!NAME_RE.test(name) || CELL_LIKE.test(name))
      out.push(`${where}: "${name}" is not a valid Excel name`);
    if (objects.has(lc(name))) out.push(`${where}: the name "${name}" is used twice`);
    objects.add(lc(name));
  };
  for (const p of plan.sheets) {
    const at = `sheet "${p.name}"`;
    if (
      !p.name ||
      p.name.length > 31 ||
      /[:\\/?*[\]]/.test(p.name) ||
      /^'|'$/.test(p.name) ||
      lc(p.name) === 'history'
    )
      out.push(`${at}: not a valid sheet name (1-31 characters, none of : \\ / ? * [ ], not History)`);
    if (seen.has(lc(p.name))) out.push(`${at}: two sheets have this name`);
    seen.add(lc(p.name));
    p.cells.forEach((row, r) =>
      row?.forEach((c, col) => {
        if (typeof c?.value === 'number' && !Number.isFinite(c.value))
          out.push(`${at} cell ${cellRef(r, col)}: ${c.value} is not a number Excel can hold`);
      }),
    );
    for (const f of p.formats) okRef(f.ref, at);
    for (const m of p.merges) okRef(m, at);
    for (const u of p.protection?.unlocked ?? []) okRef(u, at);
    for (const v of p.validations) {
      okRef(v.ref, at);
      if (v.type === 'list') {
        if (v.values.some((x) => x.includes(',')))
          out.push(`${at} validation ${v.ref}: list entries cannot contain commas`);
        if (v.values.join(',').length > 255)
          out.push(`${at} validation ${v.ref}: the list is longer than Excel's 255 characters`);
      } else if ((v.type === 'decimal' || v.type === 'whole') && v.min > v.max)
        out.push(`${at} validation ${v.ref}: min is above max`);
      if ((v.promptTitle ?? '').length > 32 || (v.errorTitle ?? '').length > 32)
        out.push(`${at} validation ${v.ref}: titles are limited to 32 characters`);
      if ((v.prompt ?? '').length > 255 || (v.error ?? '').length > 225)
        out.push(`${at} validation ${v.ref}: the message is too long for Excel`);
    }
    for (const cf of p.conditionalFormats) {
      okRef(cf.ref, at);
      if (cf.type === 'cellIs' && cf.formulas.length !== (cf.operator === 'between' ? 2 : 1))
        out.push(
          `${at} conditional format ${cf.ref}: ${cf.operator} needs ${cf.operator === 'between' ? 2 : 1} formula(s)`,
        );
    }
    for (const t of p.tables) {
      okObject(t.name, `${at} table`);
      if (!okRef(t.ref, `${at} table "${t.name}"`)) continue;
      const r = parseRange(t.ref);
      if (t.columns.length !== r.col2 - r.col1 + 1)
        out.push(
          `${at} table "${t.name}": ${t.columns.length} column names for ${r.col2 - r.col1 + 1} columns`,
        );
      if (new Set(t.columns.map(lc)).size !== t.columns.length || t.columns.some((c) => !c))
        out.push(`${at} table "${t.name}": column names must be unique and not empty`);
      if (r.row2 - r.row1 < (hasTotals(t) ? 2 : 1))
        out.push(`${at} table "${t.name}": needs a header row and at least one data row`);
      for (const k of Object.keys(t.totals ?? {}))
        if (!t.columns.includes(k)) out.push(`${at} table "${t.name}": totals for unknown column "${k}"`);
    }
    const tableRects = p.tables.flatMap((t) => {
      try {
        return [{ name: t.name, r: parseRange(t.ref) }];
      } catch {
        return [];
      }
    });
    tableRects.forEach((a, i) =>
      tableRects.slice(i + 1).forEach((b) => {
        if (rectsOverlap(a.r, b.r)) out.push(`${at}: tables "${a.name}" and "${b.name}" overlap`);
      }),
    );
    for (const m of p.merges)
      for (const t of tableRects)
        try {
          if (rectsOverlap(parseRange(m), t.r))
            out.push(`${at}: merged cells ${m} overlap the table "${t.name}"`);
        } catch {
          /* reported above */
        }
    for (const c of p.charts) {
      const where = `${at} chart "${c.title}"`;
      if (!c.series.length) out.push(`${where}: has no series`);
      for (const rr of [c.categories, ...c.series.map((x) => x.values)])
        if (okRef(rr.ref, where)) {
          const r = parseRange(rr.ref);
          if (r.row1 !== r.row2 && r.col1 !== r.col2)
            out.push(`${where}: "${rr.ref}" must be a single row or column`);
        }
      const a = c.anchor;
      if (!(a.toCol > a.col && a.toRow > a.row && a.col >= 0 && a.row >= 0))
        out.push(`${where}: the anchor is empty or reversed`);
    }
    if (p.print?.titleRows && !/^\$?\d+(:\$?\d+)?$/.test(p.print.titleRows))
      out.push(`${at}: print title rows "${p.print.titleRows}" should look like "10:10"`);
    if (
      p.freeze &&
      !(
        Number.isInteger(p.freeze.rows) &&
        Number.isInteger(p.freeze.cols) &&
        p.freeze.rows >= 0 &&
        p.freeze.cols >= 0
      )
    )
      out.push(`${at}: freeze rows/columns must be whole numbers >= 0`);
  }
  for (const n of plan.names) okObject(n.name, 'defined name');
  return out;
}
