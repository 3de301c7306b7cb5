/**
 * How Excel (en-US) reads a string written through Range.values or Range.formulas: like typed input. The
 * fake Excel host (fakeExcel.ts) stores what this returns, so code that writes text without protecting it
 * gets in the fake what it would get in Excel: "0042" becomes 42, "3/4" a date, "50%" 0.5, "-Dash Example"
 * a formula showing #NAME?. Limits: tests/support/fakeExcel.md.
 */

export type Typed =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; numberFormat?: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string }
  /** A formula; `typed` when it came from text starting with + - or @ rather than =. */
  | { kind: 'formula'; formula: string; typed: boolean };

const ERRORS = [
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Excel's serial number of a date (1900 date system; 1 = 1900-01-01, with Excel's phantom 1900-02-29). */
export function dateSerial(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

function validDate(y: number, m: number, d: number): boolean {
  if (!(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1)) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const fullYear = (y: string): number =>
  y.length <= 2 ? (Number(y) < 30 ? 2000 : 1900) + Number(y) : Number(y);

function month(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  if (i < 0) return 0;
  // "Sept" and full names are accepted; other words that start like a month are not
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ][i];
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === full.slice(0, 3) || n === full || (i === 8 && n === 'sept') ? i + 1 : 0;
}

/** A date typed en-US style: 3/4, 3/4/2024, 1-5, 2024-07-15, 2024-07, Jan 5, 5-Jan-2024, January 5, 2024. */
function parseDate(s: string, thisYear: number): { serial: number; numberFormat: string } | null {
  let m = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{1,4}))?$/.exec(s);
  if (m) {
    const y = m[3] === undefined ? thisYear : fullYear(m[3]);
    const [mo, d] = [Number(m[1]), Number(m[2])];
    if (validDate(y, mo, d))
      return { serial: dateSerial(y, mo, d), numberFormat: m[3] ? 'm/d/yyyy' : 'd-mmm' };
    // 7/2024, 7-24 (month and year)
    if (m[3] === undefined && mo >= 1 && mo <= 12 && (m[2].length === 4 || Number(m[2]) > 31)) {
      const yy = fullYear(m[2]);
      if (validDate(yy, mo, 1)) return { serial: dateSerial(yy, mo, 1), numberFormat: 'mmm-yy' };
    }
    return null;
  }
  m = /^(\d{4})[/-](\d{1,2})(?:[/-](\d{1,2}))?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
    if (!validDate(y, mo, d)) return null;
    return { serial: dateSerial(y, mo, d), numberFormat: m[3] === undefined ? 'mmm-yy' : 'm/d/yyyy' };
  }
  // Jan 5 / Jan 5, 2024 / Jan-2024 / January 2024
  m = /^([A-Za-z]+\.?)[\s-]+(\d{1,4})(?:,?[\s-]+(\d{1,4}))?$/.exec(s);
  if (m && month(m[1])) {
    const mo = month(m[1]);
    const a = Number(m[2]);
    if (m[3] !== undefined) {
      const y = fullYear(m[3]);
      return validDate(y, mo, a) ? { serial: dateSerial(y, mo, a), numberFormat: 'd-mmm-yy' } : null;
    }
    if (m[2].length <= 2 && validDate(thisYear, mo, a))
      return { serial: dateSerial(thisYear, mo, a), numberFormat: 'd-mmm' };
    const y = fullYear(m[2]);
    return validDate(y, mo, 1) ? { serial: dateSerial(y, mo, 1), numberFormat: 'mmm-yy' } : null;
  }
  // 5 Jan / 5-Jan-2024 / 5 January 2024
  m = /^(\d{1,2})[\s-]+([A-Za-z]+\.?)(?:[\s-]+(\d{1,4}))?$/.exec(s);
  if (m && month(m[2])) {
    const y = m[3] === undefined ? thisYear : fullYear(m[3]);
    const [mo, d] = [month(m[2]), Number(m[1])];
    return validDate(y, mo, d)
      ? { serial: dateSerial(y, mo, d), numberFormat: m[3] ? 'd-mmm-yy' : 'd-mmm' }
      : null;
  }
  return null;
}

/** A time typed as 10:30, 10:30:15, 10:30 PM, 10 PM. */
function parseTime(s: string): number | null {
  const m = /^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}(?:\.\d+)?))?\s*([AaPp][Mm])?$/.exec(s);
  if (!m || (m[2] === undefined && !m[4])) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const sec = Number(m[3] ?? 0);
  if (m[4]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59 || sec >= 60) return null;
  return (h * 3600 + min * 60 + sec) / 86400;
}

/** A number typed en-US style: -1,234.5, $5, (5), 50%, 1e3, 1 1/2. */
function parseNumber(s: string): { value: number; numberFormat?: string } | null {
  const m = /^([+-])?(\$)?([+-])?(\(?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(\)?)(%)?$/.exec(s);
  if (m && /\d/.test(`${m[5]}${m[6] ?? ''}`) && !(m[1] && m[3]) && Boolean(m[4]) === Boolean(m[8])) {
    if (m[1] === '+' || m[3] === '+') return null; // a leading + starts a formula
    let v = Number(`${m[5].replace(/,/g, '')}${m[6] ?? ''}${m[7] !== undefined ? `e${m[7]}` : ''}`);
    if (!Number.isFinite(v)) return null;
    if (m[1] === '-' || m[3] === '-' || m[4]) v = -v;
    if (m[9]) return { value: v / 100, numberFormat: m[6] ? '0.00%' : '0%' };
    if (m[2]) return { value: v, numberFormat: '$#,##0.00' };
    if (m[5].includes(',')) return { value: v, numberFormat: '#,##0' };
    return { value: v };
  }
  const f = /^(-)?(\d+) (\d+)\/(\d+)$/.exec(s);
  if (f && Number(f[4]) > 0 && Number(f[3]) < Number(f[4])) {
    const v = Number(f[2]) + Number(f[3]) / Number(f[4]);
    return { value: f[1] ? -v : v, numberFormat: '# ?/?' };
  }
  return null;
}

/**
 * Reads a string as Excel en-US reads typed input. `textFormat` is true when the cell's number format is
 * Text ("@"): then everything is kept as text.
 */
export function parseTyped(input: string, opts: { textFormat?: boolean; thisYear?: number } = {}): Typed {
  if (input === '') return { kind: 'empty' };
  if (input.startsWith("'")) return { kind: 'text', text: input.slice(1) };
  if (opts.textFormat) return { kind: 'text', text: input };
  if (input.startsWith('=') && input.length > 1) return { kind: 'formula', formula: input, typed: false };
  const s = input.trim();
  const num = parseNumber(s);
  if (num) return { kind: 'number', ...num };
  if (/^[+\-@]/.test(s) && s.length > 1) return { kind: 'formula', formula: `=${s}`, typed: true };
  if (/^(true|false)$/i.test(s)) return { kind: 'boolean', value: s.toLowerCase() === 'true' };
  const err = ERRORS.find((e) => e === s.toUpperCase());
  if (err) return { kind: 'error', value: err };
  const thisYear = opts.thisYear ?? new Date().getFullYear();
  // date, time, or date and time
  const dt = /^(.*?)\s+(\d{1,2}(?::\d{1,2}){1,2}(?:\s*[AaPp][Mm])?|\d{1,2}\s*[AaPp][Mm])$/.exec(s);
  const date = parseDate(dt ? dt[1] : s, thisYear);
  const time = dt ? parseTime(dt[2]) : null;
  if (date && (!dt || time !== null))
    return time === null
      ? { kind: 'number', value: date.serial, numberFormat: date.numberFormat }
      : { kind: 'number', value: date.serial + time, numberFormat: 'm/d/yyyy h:mm' };
  const t = parseTime(s);
  if (t !== null)
    return { kind: 'number', value: t, numberFormat: /[ap]m$/i.test(s) ? 'h:mm AM/PM' : 'h:mm' };
  return { kind: 'text', text: input };
}
