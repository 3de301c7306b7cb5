import * as fs from 'fs';
import * as path from 'path';
import { parseSessionsCsv } from '../../src/domain/csv';
import { Session } from '../../src/domain/pcoms';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { colName, parseRange } from '../../src/workbook/a1';
import {
  agendaSheet,
  AGENDA_SECTIONS,
  EXPECTED_LABEL,
  LOG_COL,
  LOG_HEADERS,
  LOG_LAYOUT,
  logRowFormulas,
  outcomeLogRef,
  outcomeSettingRefs,
  outcomesLogSheet,
  outcomesSheets,
  PERSON_HEADERS,
  PERSON_LAYOUT,
  personViewSheet,
  providerSummarySheet,
  quartersOf,
  settingLookup,
  SUMMARY_HEADERS,
  summaryRows,
} from '../../src/workbook/outcomes';
import { SheetPlan } from '../../src/workbook/plan';
import { SETTING_NAMES } from '../../src/workbook/settingsSheet';
import { excelDate } from '../../src/workbook/sheet';

const root = path.join(__dirname, '../..');
const edge: Session[] = parseSessionsCsv(
  fs.readFileSync(path.join(root, 'tests/fixtures/sessions-edge.csv'), 'utf8'),
  'sessions-edge.csv',
).records;

const cellAt = (plan: SheetPlan, ref: string) => {
  const p = parseRange(ref);
  return plan.cells[p.row1]?.[p.col1];
};
const formulas = (plan: SheetPlan) =>
  plan.cells.flatMap((row) => (row ?? []).flatMap((c) => (c?.formula !== undefined ? [c.formula] : [])));
const texts = (plan: SheetPlan) =>
  plan.cells.flatMap((row) => (row ?? []).flatMap((c) => (typeof c?.value === 'string' ? [c.value] : [])));

/** Parentheses balance outside string literals. */
function balanced(f: string): boolean {
  let depth = 0;
  let inString = false;
  for (const ch of f) {
    if (ch === '"') inString = !inString;
    else if (!inString && ch === '(') depth++;
    else if (!inString && ch === ')' && --depth < 0) return false;
  }
  return depth === 0 && !inString;
}

describe('outcome log plan', () => {
  const plan = outcomesLogSheet({ sheetName: 'Outcomes log', tableName: 'PPS_Outcomes', sessions: edge });
  const first = LOG_LAYOUT.firstDataRow;
  const last = first + edge.length - 1;
  const col = (k: keyof typeof LOG_COL) => colName(LOG_COL[k]);

  it('is one table with exactly the sessions, named item headers, dates as serials', () => {
    expect(plan.tables).toHaveLength(1);
    expect(plan.tables[0].ref).toBe(
      `A${LOG_LAYOUT.headerRow + 1}:${colName(LOG_HEADERS.length - 1)}${last + 1}`,
    );
    expect(plan.tables[0].columns).toEqual(LOG_HEADERS);
    expect(LOG_HEADERS.slice(4, 15)).toEqual([
      'ORS Individually',
      'ORS Interpersonally',
      'ORS Socially',
      'ORS Overall',
      'ORS total',
      'SRS Relationship',
      'SRS Goals and Topics',
      'SRS Approach or Method',
      'SRS Overall',
      'SRS total',
      'Age group',
    ]);
    expect(plan.cells[LOG_LAYOUT.headerRow]).toEqual(LOG_HEADERS.map((value) => ({ value })));
    expect(cellAt(plan, `C${first + 1}`)).toEqual({ value: excelDate(edge[0].date) });
    expect(plan.formats).toContainEqual({
      ref: `C${first + 1}:C${last + 1}`,
      style: expect.objectContaining({ numFmt: 'yyyy-mm-dd' }),
    });
    // a blank item stays blank, never 0
    const e02 = edge.findIndex((s) => s.personCode === 'E02');
    expect(cellAt(plan, `E${first + 1 + e02}`)).toEqual({ value: null });
  });

  it('totals need all four items; intake, change, outcome and flags have the documented shapes', () => {
    const r = first + 1;
    const f = (k: keyof typeof LOG_COL) => cellAt(plan, `${col(k)}${r}`)?.formula;
    expect(f('orsTotal')).toBe(`IF(COUNT($E${r}:$H${r})=4,ROUND(SUM($E${r}:$H${r}),1),"")`);
    expect(f('srsTotal')).toBe(`IF(COUNT($J${r}:$M${r})=4,ROUND(SUM($J${r}:$M${r}),1),"")`);
    expect(f('cutoff')).toBe(
      `IF($O${r}="child",PPS_OrsCutoffChild,IF($O${r}="adolescent",PPS_OrsCutoffAdolescent,PPS_OrsCutoffAdult))`,
    );
    expect(f('change')).toBe(`IF(AND(ISNUMBER($I${r}),ISNUMBER($Q${r})),ROUND($I${r}-$Q${r},1),"")`);
    expect(f('intake')).toMatch(/^IF\(COUNTIFS\(.*\)=0,"",AVERAGEIFS\(\$I\$6:\$I\$\d+,/);
    expect(f('outcome')).toContain('"Clinically significant change"');
    expect(f('outcome')).toContain('>=PPS_ReliableChange');
    expect(f('outcome')).toContain('<=-PPS_ReliableChange');
    expect(f('flags')).toMatch(/^MID\(/);
    expect(f('flags')).toContain('ROUND($Z' + r + '-$N' + r + ',1)>=1');
    expect(f('orderKey')).toBe(`N($C${r})*10000+N($D${r})`);
    // every row has every formula column
    for (let row = first; row <= last; row++)
      for (const k of Object.keys(logRowFormulas(outcomeLogRef('x', 1), row, outcomeSettingRefs())))
        expect(plan.cells[row][LOG_COL[k as keyof typeof LOG_COL]]?.formula).toBeDefined();
  });

  it('uses no function newer than Excel 2010 and no array-only construct', () => {
    const all = formulas(plan);
    expect(all.length).toBe(edge.length * 19);
    for (const f of all) {
      expect(f).not.toMatch(/\b(MINIFS|MAXIFS|TEXTJOIN|CONCAT|IFS|SWITCH|LET|XLOOKUP|FILTER|UNIQUE|SORT)\(/);
      expect(f.startsWith('=')).toBe(false);
      expect([f, balanced(f)]).toEqual([f, true]);
    }
  });

  it('validates codes, items 0-10 (decimal), session, date and age group, with messages', () => {
    const byRef = new Map(plan.validations.map((v) => [v.ref, v]));
    for (const ref of [`E${first + 1}:H${last + 1}`, `J${first + 1}:M${last + 1}`]) {
      expect(byRef.get(ref)).toMatchObject({ type: 'decimal', min: 0, max: 10, allowBlank: true });
      expect(byRef.get(ref)!.prompt).toMatch(/0\.0 to 10\.0/);
      expect(byRef.get(ref)!.error).toBeTruthy();
    }
    expect(byRef.get(`O${first + 1}:O${last + 1}`)).toMatchObject({
      type: 'list',
      values: ['adult', 'adolescent', 'child'],
    });
    expect(byRef.get(`D${first + 1}:D${last + 1}`)).toMatchObject({ type: 'whole', min: 1 });
    expect(byRef.get(`C${first + 1}:C${last + 1}`)).toMatchObject({ type: 'date' });
    // codes only, never names: said above the table and in the person column's input message
    expect(texts(plan).some((t) => /codes only, never names/.test(t))).toBe(true);
    // person and worker: a custom rule anchored on the first data row refuses pattern characters
    for (const col of ['A', 'B']) {
      const cell = `${col}${first + 1}`;
      expect(byRef.get(`${cell}:${col}${last + 1}`)).toEqual(
        expect.objectContaining({
          type: 'custom',
          allowBlank: true,
          formula:
            `AND(ISERROR(FIND("*",${cell})),ISERROR(FIND("?",${cell})),ISERROR(FIND("~",${cell})),` +
            `ISERROR(FIND(LEFT(${cell},1),"=<>")))`,
        }),
      );
    }
    expect(byRef.get(`A${first + 1}:A${last + 1}`)!.prompt).toMatch(/never a name/);
    expect(byRef.get(`B${first + 1}:B${last + 1}`)!.error).toMatch(
      /cannot contain \* \? ~ or start with = < >/,
    );
  });

  it('hides the keys and markers only the formulas read, and nothing a supervisor reads', () => {
    expect(plan.columnWidths.filter((w) => w.hidden).map((w) => LOG_HEADERS[w.col])).toEqual([
      'Order key',
      'Row key',
      'Intake row',
      'Outcome row',
      'SRS rank',
      'Worker intake row',
      'Worker outcome row',
    ]);
  });

  it('has six conditional formats on the right columns, using the settings names', () => {
    const cf = plan.conditionalFormats;
    expect(cf).toHaveLength(6);
    const rng = (a: string, z = a) => `${a}${first + 1}:${z}${last + 1}`;
    expect(cf.map((c) => c.ref)).toEqual([rng('I'), rng('R'), rng('R'), rng('N'), rng('N'), rng('J', 'N')]);
    const exprs = cf.map((c) => (c.type === 'expression' ? c.formula : ''));
    expect(exprs[0]).toBe(`AND(ISNUMBER($I${first + 1}),$I${first + 1}<$P${first + 1})`);
    expect(exprs[1]).toContain(`>=${SETTING_NAMES.reliableChange}`);
    expect(exprs[2]).toContain(`<=-${SETTING_NAMES.reliableChange}`);
    expect(exprs[3]).toContain(SETTING_NAMES.srsCutoff);
    expect(exprs[3]).toContain(settingLookup('srsCutoffInclusive'));
    expect(exprs[4]).toContain(`ROUND($Z${first + 1}-$N${first + 1},1)>=1`);
    expect(exprs[5]).toBe(`NOT(ISNUMBER($N${first + 1}))`);
  });

  it('unlocks the input columns only', () => {
    const unlocked = plan.protection!.unlocked;
    expect(unlocked).toContain(`A${first + 1}:A${last + 1}`);
    expect(unlocked).toContain(`M${first + 1}:M${last + 1}`);
    expect(unlocked).not.toContain(`I${first + 1}:I${last + 1}`);
    expect(unlocked).not.toContain(`N${first + 1}:N${last + 1}`);
    expect(unlocked).toHaveLength(13);
  });

  it('an empty log keeps one blank row with formulas (a table needs a data row)', () => {
    const empty = outcomesLogSheet({ sheetName: 'L', tableName: 'T', sessions: [] });
    expect(empty.tables[0].ref).toBe(
      `A${LOG_LAYOUT.headerRow + 1}:${colName(LOG_HEADERS.length - 1)}${first + 1}`,
    );
    expect(empty.cells[first][0]).toBeUndefined();
    expect(empty.cells[first][LOG_COL.orsTotal]?.formula).toBeDefined();
  });

  it('settings names can be replaced, and lookups quote the settings sheet', () => {
    expect(settingLookup('srsItemCheck', "Bob's settings")).toBe(
      `INDEX('Bob''s settings'!$B:$B,MATCH("srsItemCheck",'Bob''s settings'!$C:$C,0))`,
    );
    const p = outcomesLogSheet({
      sheetName: 'L',
      tableName: 'T',
      sessions: edge.slice(0, 2),
      settingsNames: { srsCutoffInclusive: 'PPS_SrsInclusive', srsItemCheck: 'PPS_SrsItemCheck' },
    });
    const all = formulas(p).join('\n');
    expect(all).toContain('PPS_SrsInclusive=TRUE');
    expect(all).toContain('"<"&PPS_SrsItemCheck');
    expect(all).not.toContain('MATCH("srsCutoffInclusive"');
  });
});

describe('person view plan', () => {
  const log = outcomeLogRef('Outcomes log', edge.length);
  const plan = personViewSheet({ sheetName: 'Person E04', personCode: 'E04', log, sessions: edge });
  const L = PERSON_LAYOUT;

  it("lists the person's sessions in order with formulas into the log", () => {
    const rows = [0, 1, 2].map((i) => plan.cells[L.firstDataRow + i]);
    expect(rows.map((r) => r[L.col.session]?.value)).toEqual([1, 2, 3]);
    expect(plan.cells[L.firstDataRow + 3]).toBeUndefined();
    expect(rows[0][L.col.ors]?.formula).toBe(
      `IFERROR(INDEX('Outcomes log'!$I$6:$I$${5 + edge.length},MATCH("E04|"&(N(B24)*10000+N(A24)),` +
        `'Outcomes log'!$V$6:$V$${5 + edge.length},0)),"")`,
    );
    expect(plan.cells[L.headerRow].map((c) => c?.value)).toEqual([...PERSON_HEADERS]);
  });

  it('labels the model "Expected progress (simple model)" and never ETR', () => {
    expect(EXPECTED_LABEL).toBe('Expected progress (simple model)');
    expect(PERSON_HEADERS).toContain(EXPECTED_LABEL);
    for (const t of [
      ...texts(plan),
      ...plan.charts.flatMap((c) => [c.title, ...c.series.map((s) => s.name)]),
    ])
      expect(t).not.toMatch(/\bETR\b/);
  });

  it('status block: outcome category formula falls back to "Not enough data"', () => {
    const outcome = plan.cells[L.statusRow + 7][1]?.formula ?? '';
    expect(outcome).toContain('"Not enough data"');
    expect(outcome).toContain('"Reliable deterioration"');
    expect(plan.cells[L.statusRow][1]).toEqual({ value: 'E04' });
  });

  it('draws a line chart 0-40: ORS and SRS solid, cutoff and expected dashed, over the written rows', () => {
    expect(plan.charts).toHaveLength(1);
    const c = plan.charts[0];
    expect(c).toMatchObject({ type: 'line', yMin: 0, yMax: 40 });
    expect(c.series.map((s) => [s.name, !!s.dashed])).toEqual([
      ['ORS total', false],
      ['SRS total', false],
      ['ORS cutoff', true],
      [EXPECTED_LABEL, true],
    ]);
    for (const ref of [c.categories, ...c.series.map((s) => s.values)]) {
      expect(ref.sheet).toBe('Person E04');
      const p = parseRange(ref.ref);
      expect([p.row1, p.row2]).toEqual([L.firstDataRow, L.firstDataRow + 2]);
      for (let r = p.row1; r <= p.row2; r++) expect(plan.cells[r][p.col1]).toBeDefined();
    }
  });

  it('refuses a code without sessions', () => {
    expect(() => personViewSheet({ sheetName: 'P', personCode: 'NOPE', log, sessions: edge })).toThrow(
      /NOPE/,
    );
  });
});

describe('provider summary plan', () => {
  const log = outcomeLogRef('Outcomes log', edge.length);
  const plan = providerSummarySheet({ sheetName: 'Summary', log, workers: ['F-1', 'F-2'], sessions: edge });

  it('one row per worker, then Agency, every figure a formula', () => {
    const rows = summaryRows(['F-1', 'F-2']);
    expect(rows.map((r) => plan.cells[r.row][0]?.value)).toEqual(['F-1', 'F-2', 'Agency']);
    for (const { row } of rows)
      for (let c = 1; c < SUMMARY_HEADERS.length; c++) expect(plan.cells[row][c]?.formula).toBeTruthy();
    const f1 = plan.cells[rows[0].row];
    expect(f1[2]?.formula).toBe(
      `COUNTIFS('Outcomes log'!$B$6:$B$${5 + edge.length},"=F-1",'Outcomes log'!$AD$6:$AD$${5 + edge.length},1)`,
    );
    expect(f1[12]?.formula).toContain('SQRT(');
    expect(f1[12]?.formula).toContain('-1)');
    expect(plan.formats.some((f) => f.style.numFmt === '0%')).toBe(true);
  });

  it('quarters span the sessions, empty ones included, with a line chart over them', () => {
    expect(quartersOf(edge)).toEqual(['2026 Q1', '2026 Q2', '2026 Q3', '2026 Q4']);
    expect(quartersOf([])).toEqual([]);
    const c = plan.charts[0];
    expect(c.type).toBe('line');
    const p = parseRange(c.categories.ref);
    expect(p.row2 - p.row1 + 1).toBe(4);
    expect(plan.cells[p.row1][0]).toEqual({ value: '2026 Q1' });
  });
});

describe('agenda plan', () => {
  const log = outcomeLogRef('Outcomes log', edge.length);
  const plan = agendaSheet({
    sheetName: 'Agenda',
    log,
    workerId: 'F-1',
    workerName: 'Pat Example',
    date: '2026-04-05',
    gaps: [{ competency: '1.1 Shares lived experience', gap: -2, goal: 'Practise with a peer' }],
    computedAt: '2026-04-01',
    sessions: edge,
    settings: DEFAULT_SETTINGS,
  });

  it('has the five sections with unlocked note cells for both people', () => {
    const sections = texts(plan).filter((t) => AGENDA_SECTIONS.some((s) => s.section === t));
    expect(sections).toEqual([
      'Check-in',
      'Celebrate progress',
      'What to do differently',
      'Development',
      'Next steps',
    ]);
    expect(AGENDA_SECTIONS.reduce((n, s) => n + s.minutes, 0)).toBe(30);
    const unlocked = plan.protection!.unlocked;
    expect(unlocked.some((r) => /^D\d+:E\d+$/.test(r))).toBe(true);
    expect(unlocked).toContain('B6');
  });

  it('KPIs are formulas on the meeting date; gaps and codes are values labelled with when computed', () => {
    for (let i = 0; i < 4; i++) expect(plan.cells[8 + i][1]?.formula).toContain('$B$6');
    expect(texts(plan)).toContain('Competency gaps and goals (computed 2026-04-01)');
    expect(texts(plan)).toContain('1.1 Shares lived experience');
    expect(plan.cells[12][1]).toEqual({ value: 'E09, E10' });
  });
});

describe('outcomesSheets', () => {
  it('log, summary, person views, agendas; names never clash with existing sheets and tables', () => {
    const sheets = outcomesSheets({
      sessions: edge,
      existingSheets: ['Outcomes log', 'Settings'],
      existingTables: ['PPS_Outcomes'],
      agendas: [{ workerId: 'F-2', date: '2026-03-01' }],
    });
    expect(sheets.map((s) => s.name)).toEqual([
      'Outcomes log (2)',
      'Outcomes summary',
      'Person E09',
      'Agenda F-2 2026-03-01',
    ]);
    expect(sheets[0].tables[0].name).toBe('PPS_Outcomes_2');
    expect(sheets.every((s) => s.kind === 'outcomes')).toBe(true);
    // the summary and the view refer to the renamed log
    expect(formulas(sheets[1]).every((f) => !f.includes('$B$') || f.includes("'Outcomes log (2)'!"))).toBe(
      true,
    );
    expect(formulas(sheets[1])[0]).toContain("'Outcomes log (2)'!");
    const summary = sheets[1];
    expect(summaryRows(['F-1', 'F-2']).map((r) => summary.cells[r.row][0]?.value)).toEqual([
      'F-1',
      'F-2',
      'Agency',
    ]);
  });
});
