/**
 * Review periods ordered by what their labels mean: "2026 Q1" before "2026 Q2", "Jan 2026" before
 * "Mar 2026". When any label does not parse, every period keeps the order it was created in.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SEASONS: Record<string, number> = { winter: 0, spring: 3, summer: 6, fall: 9, autumn: 9 };

/** A sortable key (year * 12 + month of the period's start), or null when the label has no clear meaning. */
export function periodKey(label: string): number | null {
  const s = label
    .trim()
    .toLowerCase()
    .replace(/^fy\s*/, '');
  let m: RegExpExecArray | null;
  const at = (year: string, month: number) => Number(year) * 12 + month;
  if ((m = /^(\d{4})\s*[-/ ]?\s*q([1-4])$/.exec(s))) return at(m[1], (Number(m[2]) - 1) * 3);
  if ((m = /^q([1-4])\s*[-/ ]?\s*(\d{4})$/.exec(s))) return at(m[2], (Number(m[1]) - 1) * 3);
  if ((m = /^(\d{4})\s*[-/ ]?\s*h([12])$/.exec(s))) return at(m[1], (Number(m[2]) - 1) * 6);
  if ((m = /^h([12])\s*[-/ ]?\s*(\d{4})$/.exec(s))) return at(m[2], (Number(m[1]) - 1) * 6);
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= 12)
    return at(m[1], Number(m[2]) - 1);
  if ((m = /^([a-z]+)\.?\s+(\d{4})$/.exec(s))) {
    const month = MONTHS.indexOf(m[1].slice(0, 3));
    if (month >= 0 && (m[1].length === 3 || m[1].startsWith(MONTHS[month]))) return at(m[2], month);
    if (m[1] in SEASONS) return at(m[2], SEASONS[m[1]]);
  }
  if ((m = /^(\d{4})$/.exec(s))) return at(m[1], 0);
  return null;
}

/** Periods in meaning order when every label parses; otherwise in the given (creation) order. */
export function orderPeriods(createdOrder: string[]): string[] {
  const unique = [...new Set(createdOrder)];
  const keys = unique.map(periodKey);
  if (keys.some((k) => k === null)) return unique;
  return unique
    .map((p, i) => ({ p, k: keys[i]!, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.p);
}

/** Two labels name the same period when they differ only by letter case or spacing ("2026 q1", "2026Q1"). */
export function samePeriodKey(label: string): string {
  return label.toLowerCase().replace(/\s+/g, '');
}

/**
 * One spelling per period: returns, for any label, the first spelling seen (in `known`, then in the calls)
 * of a label equal to it up to case and spacing. Labels are trimmed and inner runs of spaces collapsed.
 */
export function periodSpeller(known: Iterable<string> = []): (label: string) => string {
  const byKey = new Map<string, string>();
  const spell = (label: string) => {
    const tidy = label.trim().replace(/\s+/g, ' ');
    const key = samePeriodKey(tidy);
    if (!byKey.has(key)) byKey.set(key, tidy);
    return byKey.get(key)!;
  };
  for (const k of known) spell(k);
  return spell;
}
