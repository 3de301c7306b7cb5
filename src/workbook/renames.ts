/**
 * What a plan's formulas name, and renaming sheets, tables and defined names across a whole plan: the
 * Office.js renderer gives a planned name that is already in the workbook a free one and rewrites every
 * reference to it. Pure: no Office.js.
 */
import { walkFormula } from './formula';
import { freeObjectName, freeSheetName } from './names';
import type { RangeRef, WorkbookPlan } from './plan';

const lc = (s: string): string => s.toLowerCase();
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

export interface Renames {
  /** Old sheet name -> new sheet name (matched case-insensitively). */
  sheets?: Record<string, string>;
  /** Old table or defined name -> new name (they share one namespace in Excel). */
  objects?: Record<string, string>;
}

/** Names already in the workbook. */
export interface ExistingNames {
  sheets: string[];
  tables: string[];
  names: string[];
}

export interface NameClashes {
  plan: WorkbookPlan;
  /** Sheets whose planned name was taken, and the name they got. */
  renamed: { from: string; to: string }[];
  /** Tables and defined names whose planned name was taken (they share one namespace in Excel). */
  renamedObjects: { kind: 'table' | 'name'; from: string; to: string }[];
}

function lookup(map: Record<string, string> | undefined): (name: string) => string | undefined {
  const m = new Map(Object.entries(map ?? {}).map(([k, v]) => [lc(k), v]));
  return (name) => m.get(lc(name));
}

/** Rewrite sheet, table and defined-name references in one formula (with or without "="). */
export function renameReferences(formula: string, renames: Renames): string {
  const sheet = lookup(renames.sheets);
  const obj = lookup(renames.objects);
  return walkFormula(formula, { sheet, name: (n) => obj(n) });
}

/** Sheets a formula names, in order of appearance (deduplicated). */
export function formulaSheets(formula: string): string[] {
  const found: string[] = [];
  walkFormula(formula, {
    sheet: (n) => {
      found.push(n);
      return undefined;
    },
  });
  return unique(found);
}

/** Whether a formula uses a structured reference (a known table name, or an unqualified [..]). */
export function usesTables(formula: string, tables: Set<string>): boolean {
  let hit = false;
  walkFormula(formula, {
    name: (n) => {
      if (tables.has(lc(n))) hit = true;
      return undefined;
    },
    bracket: (part) => {
      hit = true;
      return part;
    },
  });
  return hit;
}

/** A copy of the plan with sheets, tables and defined names renamed and every reference to them rewritten. */
export function renameInPlan(plan: WorkbookPlan, renames: Renames): WorkbookPlan {
  const sheet = lookup(renames.sheets);
  const obj = lookup(renames.objects);
  const f = (x: string): string => renameReferences(x, renames);
  const ref = (r: RangeRef): RangeRef => ({ sheet: sheet(r.sheet) ?? r.sheet, ref: r.ref });
  return {
    sheets: plan.sheets.map((p) => ({
      ...p,
      name: sheet(p.name) ?? p.name,
      cells: p.cells.map((row) => row?.map((c) => (c?.formula ? { ...c, formula: f(c.formula) } : c))),
      conditionalFormats: p.conditionalFormats.map((c) =>
        c.type === 'cellIs'
          ? { ...c, formulas: c.formulas.map(f) }
          : c.type === 'expression'
            ? { ...c, formula: f(c.formula) }
            : c,
      ),
      tables: p.tables.map((t) => ({ ...t, name: obj(t.name) ?? t.name })),
      charts: p.charts.map((c) => ({
        ...c,
        categories: ref(c.categories),
        series: c.series.map((x) => ({ ...x, values: ref(x.values) })),
      })),
    })),
    names: plan.names.map((n) => ({ name: obj(n.name) ?? n.name, refersTo: f(n.refersTo) })),
  };
}

/** Give every planned sheet, table and defined name that is already in use a free name; rewrite references. */
export function resolveNameClashes(plan: WorkbookPlan, existing: ExistingNames): NameClashes {
  const inUse = new Set(existing.sheets.map(lc));
  const taken = new Set([...existing.sheets, ...plan.sheets.map((p) => p.name)].map(lc));
  const sheets: Record<string, string> = {};
  const renamed: NameClashes['renamed'] = [];
  for (const p of plan.sheets)
    if (inUse.has(lc(p.name))) {
      const to = freeSheetName(p.name, taken);
      taken.add(lc(to));
      sheets[p.name] = to;
      renamed.push({ from: p.name, to });
    }
  const objInUse = new Set([...existing.tables, ...existing.names].map(lc));
  const planObjects: { kind: 'table' | 'name'; name: string }[] = [
    ...plan.sheets.flatMap((p) => p.tables.map((t) => ({ kind: 'table' as const, name: t.name }))),
    ...plan.names.map((n) => ({ kind: 'name' as const, name: n.name })),
  ];
  const objTaken = new Set([...objInUse, ...planObjects.map((o) => lc(o.name))]);
  const objects: Record<string, string> = {};
  const renamedObjects: NameClashes['renamedObjects'] = [];
  for (const o of planObjects)
    if (objInUse.has(lc(o.name))) {
      const to = freeObjectName(o.name, objTaken);
      objTaken.add(lc(to));
      objects[o.name] = to;
      renamedObjects.push({ kind: o.kind, from: o.name, to });
    }
  return {
    plan: renamed.length || renamedObjects.length ? renameInPlan(plan, { sheets, objects }) : plan,
    renamed,
    renamedObjects,
  };
}
