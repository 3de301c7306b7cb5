/**
 * The Settings sheet: the workbook's own settings, so the next person who opens it sees the same.
 * Numeric settings have defined names that formulas and conditional formats use (PPS_GapThreshold...).
 */
import { sheetRange } from './a1';
import { DEFAULT_SETTINGS, Settings } from '../domain/settings';
import { DefinedName, SheetPlan } from './plan';
import { COLORS, HEADER_STYLE, SheetBuilder } from './sheet';

export const SETTINGS_SHEET = 'Settings';

export const SETTING_NAMES = {
  gapThreshold: 'PPS_GapThreshold',
  orsCutoffAdult: 'PPS_OrsCutoffAdult',
  orsCutoffAdolescent: 'PPS_OrsCutoffAdolescent',
  orsCutoffChild: 'PPS_OrsCutoffChild',
  srsCutoff: 'PPS_SrsCutoff',
  reliableChange: 'PPS_ReliableChange',
} as const;

interface Row {
  key: string;
  label: string;
  value: string | number | boolean;
  note: string;
  name?: string;
}

function rows(s: Settings): Row[] {
  return [
    { key: 'frameworkId', label: 'Framework', value: s.frameworkId, note: 'Framework for new rating sheets' },
    { key: 'scaleId', label: 'Rating scale', value: s.scaleId, note: 'Scale for new rating sheets' },
    {
      key: 'gapThreshold',
      label: 'Gap threshold',
      value: s.gapThreshold,
      note: '|Supervisor - Self| at or above this is a blind spot or hidden strength',
      name: SETTING_NAMES.gapThreshold,
    },
    {
      key: 'orsCutoff.adult',
      label: 'ORS cutoff, adults',
      value: s.orsCutoff.adult,
      note: '18+',
      name: SETTING_NAMES.orsCutoffAdult,
    },
    {
      key: 'orsCutoff.adolescent',
      label: 'ORS cutoff, adolescents',
      value: s.orsCutoff.adolescent,
      note: '13-17',
      name: SETTING_NAMES.orsCutoffAdolescent,
    },
    {
      key: 'orsCutoff.child',
      label: 'ORS cutoff, children',
      value: s.orsCutoff.child,
      note: '6-12',
      name: SETTING_NAMES.orsCutoffChild,
    },
    {
      key: 'srsCutoff',
      label: 'SRS cutoff',
      value: s.srsCutoff,
      note: 'SRS total below this: talk about the alliance',
      name: SETTING_NAMES.srsCutoff,
    },
    {
      key: 'srsCutoffInclusive',
      label: 'SRS cutoff includes the value',
      value: s.srsCutoffInclusive,
      note: 'TRUE counts a total equal to the cutoff as below (uncertain)',
    },
    { key: 'srsItemCheck', label: 'SRS item check-in below', value: s.srsItemCheck, note: 'uncertain' },
    {
      key: 'reliableChange',
      label: 'Reliable change (ORS points)',
      value: s.reliableChange,
      note: 'RCI 4.3 rounded up (uncertain)',
      name: SETTING_NAMES.reliableChange,
    },
    {
      key: 'expectedSessions',
      label: 'Expected progress: sessions to target',
      value: s.expectedSessions,
      note: 'Simple model, not the licensed ETR',
    },
  ];
}

export const SETTINGS_HEADERS = ['Setting', 'Value', 'Key', 'Note'] as const;

export function settingsSheet(
  s: Settings = DEFAULT_SETTINGS,
  sheetName = SETTINGS_SHEET,
): { sheet: SheetPlan; names: DefinedName[] } {
  const b = new SheetBuilder(sheetName, 'settings');
  b.value(0, 0, 'Peer Performance Support settings');
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.row(2, 0, [...SETTINGS_HEADERS]);
  b.style(2, 0, 2, 3, HEADER_STYLE);
  const names: DefinedName[] = [];
  rows(s).forEach((r, i) => {
    const row = 3 + i;
    b.row(row, 0, [r.label, r.value, r.key, r.note]);
    if (r.name) names.push({ name: r.name, refersTo: sheetRange(sheetName, b.ref(row, 1)) });
  });
  const last = 2 + rows(s).length;
  b.style(3, 1, last, 1, { fill: COLORS.input, horizontal: 'center' });
  b.style(3, 2, last, 2, { font: { color: COLORS.grey } });
  b.style(3, 0, last, 0, { wrap: true, vertical: 'top' });
  b.style(3, 3, last, 3, { wrap: true, vertical: 'top' });
  [30, 22, 21, 44].forEach((w, i) => b.width(i, w));
  b.plan.tables.push({
    name: 'PPS_Settings',
    ref: `A3:D${last + 1}`,
    style: 'TableStyleLight1',
    columns: [...SETTINGS_HEADERS],
  });
  b.plan.protection = { protect: false, unlocked: [`B4:B${last + 1}`] };
  b.print('landscape', { headerRow: 2, areas: [`A1:D${last + 1}`] });
  return { sheet: b.plan, names };
}

/** Settings from the sheet's (key, value) pairs; unknown keys ignored, bad values keep the default. */
export function settingsFromPairs(pairs: [unknown, unknown][]): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const [k, v] of pairs) {
    const key = String(k ?? '').trim();
    const num = typeof v === 'number' ? v : Number(String(v ?? '').trim());
    const ok = Number.isFinite(num) && String(v ?? '').trim() !== '';
    if (key === 'frameworkId' || key === 'scaleId') {
      if (typeof v === 'string' && v.trim()) s[key] = v.trim();
    } else if (key.startsWith('orsCutoff.')) {
      const g = key.slice(10) as keyof Settings['orsCutoff'];
      if (ok && g in s.orsCutoff) s.orsCutoff[g] = num;
    } else if (key === 'srsCutoffInclusive') {
      s.srsCutoffInclusive = v === true || String(v).toUpperCase() === 'TRUE';
    } else if (
      key === 'gapThreshold' ||
      key === 'srsCutoff' ||
      key === 'srsItemCheck' ||
      key === 'reliableChange' ||
      key === 'expectedSessions'
    ) {
      if (ok) s[key] = num;
    }
  }
  return s;
}
