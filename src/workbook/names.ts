/** Sheet, table and defined-name rules Excel enforces, applied before any plan is built. */

const MAX_SHEET = 31;

/** A sheet name Excel accepts: no []:*?/\, no apostrophe at either end, 1-31 characters. */
export function sanitizeSheetName(raw: string): string {
  let s = raw
    .replace(/[[\]:*?/\\]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const edges = (t: string) => t.replace(/^[\s']+|[\s']+$/g, '');
  s = edges(s);
  if (!s) s = 'Sheet';
  if (s.toLowerCase() === 'history') s = 'History sheet';
  // Cut, then trim again: a cut must not leave an apostrophe (or a space) at either end.
  return edges(s.slice(0, MAX_SHEET)) || 'Sheet';
}

/**
 * Gives every wanted name a sanitized name that is unique, ignoring case, against the names in use
 * and against each other: "Name", then "Name (2)", "Name (3)"... trimmed to fit 31 characters.
 */
export function allocateSheetNames(wanted: string[], inUse: Iterable<string>): string[] {
  const taken = new Set([...inUse].map((n) => n.toLowerCase()));
  return wanted.map((w) => {
    const base = sanitizeSheetName(w);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, MAX_SHEET - suffix.length).trimEnd() + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Table and defined names: letters, digits, _ and ., starting with a letter or _, not a cell address. */
export function sanitizeTableName(raw: string): string {
  let s = raw
    .replace(/[^A-Za-z0-9_.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (!/^[A-Za-z_]/.test(s)) s = `T_${s}`;
  if (/^[A-Za-z]{1,3}\d+$/.test(s) || /^[RrCc]\d*$/.test(s)) s = `T_${s}`;
  return s.slice(0, 250);
}

export function allocateTableNames(wanted: string[], inUse: Iterable<string>): string[] {
  const taken = new Set([...inUse].map((n) => n.toLowerCase()));
  return wanted.map((w) => {
    const base = sanitizeTableName(w);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** "Name (2)", "Name (3)", ... not in `taken` (lower-case), at most 31 characters. */
export function freeSheetName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = name.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** "Name_2", "Name_3", ... not in `taken` (lower-case). */
export function freeObjectName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) if (!taken.has(`${name}_${n}`.toLowerCase())) return `${name}_${n}`;
}
