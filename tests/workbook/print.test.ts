/**
 * Print layout of every sheet kind, checked on the plans: letter paper, print areas narrow enough that
 * body text prints at a readable size, side blocks no wider than the main table (Excel prints every area
 * of a sheet at one scale), column headers that fit their columns, no text that runs past the page or
 * under a neighbour, charts that print and cover no cell. tests/integration/print.test.ts prints the
 * workbooks with LibreOffice and measures the words on the pages.
 */
import { colName, parseRange } from '../../src/workbook/a1';
import { SheetPlan } from '../../src/workbook/plan';
import { HEADER_STYLE, PRINT_WIDTH } from '../../src/workbook/sheet';
import {
  columnWidthsOf,
  longestWordWidth,
  styleLookup,
  textWidth,
  usableWidth,
} from '../../src/workbook/textFit';
import { everySheetKind } from '../support/sheetKinds';

const sheets = everySheetKind();

/** Print areas of a sheet as 0-based rectangles (the used range when the plan names none). */
function areasOf(plan: SheetPlan) {
  if (plan.print?.areas?.length) return plan.print.areas.map(parseRange);
  const cols = Math.max(...plan.cells.map((r) => r?.length ?? 0));
  return [{ row1: 0, col1: 0, row2: plan.cells.length - 1, col2: cols - 1 }];
}

const filled = (plan: SheetPlan, r: number, c: number) => {
  const cell = plan.cells[r]?.[c];
  return !!cell && (cell.formula !== undefined || (cell.value !== null && cell.value !== undefined));
};

const mergedAt = (plan: SheetPlan, r: number, c: number) =>
  plan.merges.map(parseRange).find((m) => r >= m.row1 && r <= m.row2 && c >= m.col1 && c <= m.col2);

describe.each(sheets.map((s) => [`${s.kind}: ${s.name}`, s] as const))('%s', (_, plan) => {
  const widthOf = columnWidthsOf(plan);
  const styleAt = styleLookup(plan);
  const areas = areasOf(plan);
  const areaWidth = (a: { col1: number; col2: number }) => {
    let w = 0;
    for (let c = a.col1; c <= a.col2; c++) w += widthOf(c);
    return w;
  };

  it('prints on letter paper, scaled to the page width, in print areas narrow enough to read', () => {
    const pr = plan.print!;
    expect(pr).toBeDefined();
    expect(pr.paper).toBe('letter');
    expect(pr.fitToWidth).toBe(true);
    const pages = pr.pagesWide ?? 1;
    const titleCols = pr.titleColumns ? parseRange(pr.titleColumns.replace(/([A-Z]+)/g, '$11')) : undefined;
    const titles = titleCols ? areaWidth(titleCols) : 0;
    const [main, ...side] = areas.map(areaWidth);
    const room = PRINT_WIDTH[pr.orientation];
    expect(main + titles * (pages - 1)).toBeLessThanOrEqual(pages * room + 0.01);
    // one scale for every area in Excel: a side block wider than the table would shrink the table
    for (const w of side) expect(w).toBeLessThanOrEqual(main + 0.01);
  });

  it('prints every font at 9 points or more', () => {
    const small = plan.formats.filter((f) => (f.style.font?.size ?? 11) < 9).map((f) => f.ref);
    expect(small).toEqual([]);
  });

  it('column headers fit their columns: no word wider than its column', () => {
    const bad: string[] = [];
    plan.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (typeof cell?.value !== 'string' || widthOf(c) === 0) return;
        const st = styleAt(r, c);
        if (st.fill !== HEADER_STYLE.fill || !st.font?.bold) return;
        const m = mergedAt(plan, r, c);
        let w = widthOf(c);
        if (m) for (let x = m.col1 + 1; x <= m.col2; x++) w += widthOf(x);
        const font = { bold: true, size: st.font.size };
        const need = st.wrap ? longestWordWidth(cell.value, font) : textWidth(cell.value, font);
        if (need > usableWidth(w))
          bad.push(`${colName(c)}${r + 1} "${cell.value}" needs ${need.toFixed(1)} of ${w}`);
      }),
    );
    expect(bad).toEqual([]);
  });

  it('text on one line stays inside its print area and stops short of the next filled cell', () => {
    const bad: string[] = [];
    for (const a of areas)
      for (let r = a.row1; r <= a.row2; r++)
        for (let c = a.col1; c <= a.col2; c++) {
          const cell = plan.cells[r]?.[c];
          if (typeof cell?.value !== 'string' || cell.value === '' || widthOf(c) === 0) continue;
          const st = styleAt(r, c);
          if (st.wrap) continue;
          const m = mergedAt(plan, r, c);
          if (m && (m.row1 !== r || m.col1 !== c)) continue;
          let room = 0;
          let x = c;
          const last = m ? m.col2 : a.col2;
          do room += widthOf(x++);
          while (x <= last && (m || !filled(plan, r, x)));
          const need = textWidth(cell.value, { bold: st.font?.bold, size: st.font?.size });
          if (need > usableWidth(room))
            bad.push(
              `${colName(c)}${r + 1} "${cell.value.slice(0, 40)}" needs ${need.toFixed(1)} of ${room.toFixed(1)}`,
            );
        }
    expect(bad).toEqual([]);
  });

  it('charts draw a gap, never a 0, where a value is missing: their cells are numbers or #N/A, never ""', () => {
    const bad: string[] = [];
    for (const ch of plan.charts)
      for (const s of ch.series) {
        const p = parseRange(s.values.ref);
        for (let r = p.row1; r <= p.row2; r++)
          for (let c = p.col1; c <= p.col2; c++) {
            const cell = plan.cells[r]?.[c];
            const ok =
              !cell ||
              typeof cell.value === 'number' ||
              (cell.formula !== undefined &&
                (/NA\(\)/.test(cell.formula) || /^\$?[A-Z]+\$?\d+$/.test(cell.formula)));
            if (!ok) bad.push(`${ch.title} / ${s.name}: ${colName(c)}${r + 1} ${JSON.stringify(cell)}`);
          }
      }
    expect(bad).toEqual([]);
  });

  it('charts show at most six series', () => {
    for (const ch of plan.charts) expect([ch.title, ch.series.length <= 6]).toEqual([ch.title, true]);
  });

  it('charts print (inside a print area) and cover no filled cell', () => {
    for (const ch of plan.charts) {
      const { col, row, toCol, toRow } = ch.anchor;
      const inside = areas.some(
        (a) => col >= a.col1 && toCol - 1 <= a.col2 && row >= a.row1 && toRow - 1 <= a.row2,
      );
      expect([ch.title, inside]).toEqual([ch.title, true]);
      const covered: string[] = [];
      for (let r = row; r < toRow; r++)
        for (let c = col; c < toCol; c++) if (filled(plan, r, c)) covered.push(`${colName(c)}${r + 1}`);
      expect([ch.title, covered]).toEqual([ch.title, []]);
    }
  });
});

it('covers every sheet kind the add-in prints', () => {
  const kinds = new Set(sheets.map((s) => s.kind));
  for (const k of [
    'team',
    'rating',
    'wps',
    'settings',
    'comparison',
    'trend',
    'dashboard',
    'outcomes',
    'other',
  ])
    expect([k, kinds.has(k as SheetPlan['kind'])]).toEqual([k, true]);
  const names = sheets.map((s) => s.name);
  for (const prefix of [
    'Outcomes log',
    'Outcomes summary',
    'Person ',
    'Agenda ',
    'About this copy',
    'Self-assessment',
  ])
    expect([prefix, names.some((n) => n.startsWith(prefix))]).toEqual([prefix, true]);
});
