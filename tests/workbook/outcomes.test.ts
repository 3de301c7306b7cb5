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
  HIDDEN_HELPERS,
  INDEX_COL,
  indexEntries,
  LOG_LAYOUT,
  logOrder,
  logRewrite,
  logRowFormulas,
  outcomeLogRef,
  outcomeSettingRefs,
  outcomesLogSheet,
  outcomesSheets,
  PAIR_INDEX_HEADERS,
  pairIndexFormulas,
  PERSON_HEADERS,
  PERSON_INDEX_HEADERS,
  personIndexFormulas,
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
  const ordered = logOrder(edge);
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
    expect(plan.cells[LOG_LAYOUT.headerRow].slice(0, LOG_HEADERS.length)).toEqual(
      LOG_HEADERS.map((value) => ({ value })),
    );
    expect(cellAt(plan, `C${first + 1}`)).toEqual({ value: excelDate(ordered[0].date) });
    expect(plan.formats).toContainEqual({
      ref: `C${first + 1}:C${last + 1}`,
      style: expect.objectContaining({ numFmt: 'yyyy-mm-dd' }),
    });
    // a blank item stays blank, never 0
    const e02 = ordered.findIndex((s) => s.personCode === 'E02');
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
    // the person's intake comes from its person index entry
    const intake = colName(INDEX_COL.person.intake);
    const no = `$${col('personNo')}${r}`;
    expect(f('intake')).toBe(`IF(ISNUMBER(${no}),INDEX($${intake}:$${intake},${no}),"")`);
    expect(f('outcome')).toContain('"Clinically significant change"');
    expect(f('outcome')).toContain('>=PPS_ReliableChange');
    expect(f('outcome')).toContain('<=-PPS_ReliableChange');
    expect(f('flags')).toMatch(/^MID\(/);
    expect(f('flags')).toContain(`ROUND($${col('prevSrs')}${r}-$N${r},1)>=1`);
    expect(f('orderKey')).toBe(`N($C${r})*10000+N($D${r})`);
    // every row has every formula column
    for (let row = first; row <= last; row++)
      for (const k of Object.keys(logRowFormulas(row, outcomeSettingRefs())))
        expect(plan.cells[row][LOG_COL[k as keyof typeof LOG_COL]]?.formula).toBeDefined();
  });

  it('row formulas name no fixed block of rows, so they hold as the table grows or is sorted', () => {
    for (const f of formulas(plan).filter((x) => !x.includes('MATCH(ROW()'))) {
      // whole columns ($I:$I, picked with INDEX) and single cells only; the pair index is the one fixed range
      expect([f, /\$[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+/.test(f.replace(/\$[A-Z]+\d+:\$[A-Z]+\d+/g, ''))]).toEqual([
        f,
        false,
      ]);
    }
    // the same formula on every row, one row further down each time, as a calculated column fills it
    const a = logRowFormulas(first, outcomeSettingRefs());
    const b = logRowFormulas(first + 7, outcomeSettingRefs());
    const moved = (x: string) =>
      x.replace(/(\$[A-Z]{1,3})(\d+)(?![\d(!])/g, (_m, c: string, n: string) => `${c}${Number(n) + 7}`);
    for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k]).toBe(moved(a[k]!));
  });

  it('uses no function newer than Excel 2010 and no array-only construct', () => {
    const all = formulas(plan);
    const { persons, pairs } = indexEntries(ordered);
    const perRow = Object.keys(logRowFormulas(first, outcomeSettingRefs())).length;
    const perPerson = Object.keys(personIndexFormulas(first, null)).length;
    const perPair = Object.keys(pairIndexFormulas(first)).length;
    // rows, index entries, the three shared figures and the order note
    expect(all.length).toBe(edge.length * perRow + persons.length * perPerson + pairs.length * perPair + 4);
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
    const hidden = plan.columnWidths.filter((w) => w.hidden).map((w) => w.col);
    expect(hidden.map((c) => plan.cells[LOG_LAYOUT.headerRow][c]?.value)).toEqual([
      ...HIDDEN_HELPERS.map((k) => LOG_HEADERS[LOG_COL[k]]),
      ...PERSON_INDEX_HEADERS,
      ...PAIR_INDEX_HEADERS,
    ]);
    for (const k of [
      'intake',
      'change',
      'outcome',
      'flags',
      'prevSrs',
      'wIntake',
      'wOutcome',
      'quarter',
    ] as const)
      expect(hidden).not.toContain(LOG_COL[k]);
    expect(HIDDEN_HELPERS).toContain('personNo');
  });

  it('writes the person index and the pair index beside the table, one entry per person and per worker', () => {
    const { persons, pairs } = indexEntries(ordered);
    const P = INDEX_COL.person;
    const Q = INDEX_COL.pair;
    expect(persons).toEqual(['E09', 'E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E10', 'E11']);
    expect(pairs.slice(0, 3)).toEqual([
      ['E09', 'F-1'],
      ['E09', 'F-2'],
      ['E01', 'F-1'],
    ]);
    persons.forEach((code, i) => expect(plan.cells[first + i][P.code]).toEqual({ value: code }));
    pairs.forEach(([code, worker], i) => {
      expect(plan.cells[first + i][Q.code]).toEqual({ value: code });
      expect(plan.cells[first + i][Q.worker]).toEqual({ value: worker });
    });
    expect(plan.cells[first + persons.length]?.[P.code]).toBeUndefined();
    // the table stops before them
    expect(parseRange(plan.tables[0].ref).col2).toBeLessThan(P.code - 1);
    // grouped by person (first appearance), each person's sessions by date, then session
    expect(ordered.slice(0, 5).map((s) => [s.personCode, s.session])).toEqual([
      ['E09', 1],
      ['E09', 2],
      ['E09', 3],
      ['E09', 4],
      ['E09', 5],
    ]);
    expect(ordered.filter((s) => s.personCode === 'E10').map((s) => s.session)).toEqual([1, 2, 3]);
    // codes that differ in case only are one person, as in the formulas
    const cased = logOrder([{ ...edge[1], personCode: 'a1' }, edge[1], { ...edge[1], personCode: 'A1' }]);
    expect(cased.map((s) => s.personCode)).toEqual(['a1', 'A1', 'E01']);
    expect(indexEntries(cased).persons).toEqual(['a1', 'E01']);
  });

  it('an import keeps the row formulas of the rows it had and writes every cell of the new ones', () => {
    const r = logRewrite({
      sheetName: 'Outcomes log',
      tableName: 'PPS_Outcomes',
      sessions: edge,
      tableRows: edge.length + 2,
      keptRows: 20,
    });
    expect(r.fromRow).toBe(first + 20);
    expect(r.formulaCols).toEqual(
      LOG_HEADERS.map((_, i) => i).filter((i) => plan.cells[first][i]?.formula !== undefined),
    );
    // two blank rows at the end, with formulas
    expect(r.plan.cells[first + edge.length + 1][0]).toBeUndefined();
    expect(r.plan.cells[first + edge.length + 1][LOG_COL.orsTotal]?.formula).toBeDefined();
    expect(parseRange(r.plan.tables[0].ref).row2).toBe(first + edge.length + 1);
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
    expect(exprs[4]).toContain(`ROUND($${col('prevSrs')}${first + 1}-$N${first + 1},1)>=1`);
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
  const log = outcomeLogRef('Outcomes log', 'PPS_Outcomes');
  const plan = personViewSheet({ sheetName: 'Person E04', personCode: 'E04', log, sessions: edge });
  const L = PERSON_LAYOUT;

  it("lists the person's sessions in order with formulas into the log", () => {
    const rows = [0, 1, 2].map((i) => plan.cells[L.firstDataRow + i]);
    expect(rows.map((r) => r[L.col.session]?.value)).toEqual([1, 2, 3]);
    expect(plan.cells[L.firstDataRow + 3]).toBeUndefined();
    expect(rows[0][L.col.ors]?.formula).toBe(
      `IFERROR(INDEX(PPS_Outcomes[ORS total],MATCH("E04|"&(N(B24)*10000+N(A24)),PPS_Outcomes[Row key],0)),"")`,
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
  const log = outcomeLogRef('Outcomes log', 'PPS_Outcomes');
  const plan = providerSummarySheet({ sheetName: 'Summary', log, workers: ['F-1', 'F-2'], sessions: edge });

  it('one row per worker, then Agency, every figure a formula', () => {
    const rows = summaryRows(['F-1', 'F-2']);
    expect(rows.map((r) => plan.cells[r.row][0]?.value)).toEqual(['F-1', 'F-2', 'Agency']);
    for (const { row } of rows)
      for (let c = 1; c < SUMMARY_HEADERS.length; c++) expect(plan.cells[row][c]?.formula).toBeTruthy();
    const f1 = plan.cells[rows[0].row];
    expect(f1[1]?.formula).toBe(
      `COUNTIFS(PPS_Outcomes[Worker ID],"=F-1",PPS_Outcomes[First of person with worker],1)`,
    );
    expect(f1[2]?.formula).toBe(
      `COUNTIFS(PPS_Outcomes[Worker ID],"=F-1",PPS_Outcomes[Worker outcome row],1)`,
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
  const log = outcomeLogRef('Outcomes log', 'PPS_Outcomes');
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
    // the first three as of the meeting date (B6); the last over the whole log
    for (let i = 0; i < 3; i++) expect(plan.cells[8 + i][1]?.formula).toContain('$B$6');
    expect(plan.cells[11][1]?.formula).not.toContain('$B$6');
    for (let i = 0; i < 4; i++)
      expect(plan.cells[8 + i][1]?.formula).toMatch(/COUNTIFS\(PPS_Outcomes\[Worker ID\],"=F-1",/);
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
    // the summary and the view refer to the renamed log table, by column name
    expect(formulas(sheets[1])[0]).toContain('PPS_Outcomes_2[');
    for (const sheet of sheets.slice(1))
      for (const f of formulas(sheet)) {
        expect([f, f.includes("'Outcomes log")]).toEqual([f, false]);
        expect([f, /PPS_Outcomes\[/.test(f)]).toEqual([f, false]);
      }
    expect(formulas(sheets[0]).filter((f) => f.includes('PPS_Outcomes_2[')).length).toBe(3);
    const summary = sheets[1];
    expect(summaryRows(['F-1', 'F-2']).map((r) => summary.cells[r.row][0]?.value)).toEqual([
      'F-1',
      'F-2',
      'Agency',
    ]);
  });
});
