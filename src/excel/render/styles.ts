/**
 * Cell styles: FormatRanges with identical styles grouped (where the order allows) so each group is set
 * with a few commands; borders drawn range by range.
 */
import { parseRange, RangePos, rectsOverlap } from '../../workbook/a1';
import type { CellStyle, SheetPlan } from '../../workbook/plan';
import { hostColor } from '../host';
import { COMMAND_BYTES, RequestBatch } from './batch';

/**
 * Queue the sheet's styles: each group's properties range by range, then thin borders per range. Never
 * several areas in one address ("A1:B2,D1"): Excel reads those with the locale's list separator (";" in
 * German, French, Czech ...; office-js issue 1167), so an insert would fail there.
 */
export async function writeStyles(s: RequestBatch, p: SheetPlan): Promise<void> {
  const ws = (): Excel.Worksheet => s.sheet(p.name);
  for (const g of groupStyles(p.formats)) {
    const plan = styleOps(g.style);
    if (plan.commands)
      for (const address of g.refs)
        await s.add(
          { sheet: p.name, what: 'formatting cells', ops: plan.ops },
          plan.commands * (COMMAND_BYTES + address.length),
          () => applyStyle(ws().getRange(address).format, g.style),
        );
    if (g.style.border)
      for (const a of g.refs)
        await s.add(
          { sheet: p.name, what: 'drawing cell borders', ops: ['RangeBorder.style', 'RangeBorder.weight'] },
          12 * (COMMAND_BYTES + a.length),
          () => thinBorders(ws().getRange(a), a),
        );
  }
}

interface StyleGroup {
  style: CellStyle;
  refs: string[];
  rects: RangePos[];
}

/** Group FormatRanges with identical styles (number formats aside) without changing which one wins. */
export function groupStyles(formats: SheetPlan['formats']): { style: CellStyle; refs: string[] }[] {
  const groups: (StyleGroup & { key: string })[] = [];
  for (const f of formats) {
    const style: CellStyle = { ...f.style };
    delete style.numFmt;
    // Canonical key: nested font keys included (a replacer array would drop them and merge
    // bold with italic styles).
    const key = JSON.stringify(
      Object.keys(style)
        .sort()
        .map((k) => [
          k,
          k === 'font' ? Object.entries(style.font ?? {}).sort() : style[k as keyof CellStyle],
        ]),
    );
    if (key === '[]') continue;
    const rect = parseRange(f.ref);
    let target: (StyleGroup & { key: string }) | undefined;
    // Join an earlier identical group unless a group after it sets one of the same properties on an
    // overlapping range (moving this range before that group would change which value wins).
    const props = styleProps(style);
    for (let i = groups.length - 1; i >= 0; i--) {
      if (groups[i].key === key) {
        target = groups[i];
        break;
      }
      if (
        styleProps(groups[i].style).some((x) => props.includes(x)) &&
        groups[i].rects.some((r) => rectsOverlap(r, rect))
      )
        break;
    }
    if (target) {
      target.refs.push(f.ref);
      target.rects.push(rect);
    } else groups.push({ key, style, refs: [f.ref], rects: [rect] });
  }
  return groups.map((g) => ({ style: g.style, refs: g.refs }));
}

function styleProps(st: CellStyle): string[] {
  const out = Object.keys(st).filter((k) => k !== 'font' && k !== 'numFmt');
  for (const k of Object.keys(st.font ?? {})) out.push(`font.${k}`);
  return out;
}

function styleOps(st: CellStyle): { ops: string[]; commands: number } {
  const ops: string[] = [];
  if (st.font?.bold !== undefined) ops.push('RangeFont.bold');
  if (st.font?.italic !== undefined) ops.push('RangeFont.italic');
  if (st.font?.color !== undefined) ops.push('RangeFont.color');
  if (st.font?.size !== undefined) ops.push('RangeFont.size');
  if (st.fill !== undefined) ops.push('RangeFill.color');
  if (st.horizontal) ops.push('RangeFormat.horizontalAlignment');
  if (st.vertical) ops.push('RangeFormat.verticalAlignment');
  if (st.wrap !== undefined) ops.push('RangeFormat.wrapText');
  return { ops, commands: ops.length };
}

export const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
export const V_ALIGN = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;

function applyStyle(fmt: Excel.RangeFormat, st: CellStyle): void {
  if (st.font?.bold !== undefined) fmt.font.bold = st.font.bold;
  if (st.font?.italic !== undefined) fmt.font.italic = st.font.italic;
  if (st.font?.color !== undefined) fmt.font.color = hostColor(st.font.color);
  if (st.font?.size !== undefined) fmt.font.size = st.font.size;
  if (st.fill !== undefined) fmt.fill.color = hostColor(st.fill);
  if (st.horizontal) fmt.horizontalAlignment = H_ALIGN[st.horizontal];
  if (st.vertical) fmt.verticalAlignment = V_ALIGN[st.vertical];
  if (st.wrap !== undefined) fmt.wrapText = st.wrap;
}

function thinBorders(range: Excel.Range, ref: string): void {
  const r = parseRange(ref);
  const edges: (
    'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical'
  )[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
  if (r.row2 > r.row1) edges.push('InsideHorizontal');
  if (r.col2 > r.col1) edges.push('InsideVertical');
  for (const e of edges) {
    const b = range.format.borders.getItem(e);
    b.style = 'Continuous';
    b.weight = 'Thin';
  }
}

/** Plan widths are OOXML/ExcelJS column widths (characters of the default font's digit, ~7 px); Office.js wants points. */
export function columnWidthPoints(width: number): number {
  return Math.round(width * 7) * 0.75;
}
