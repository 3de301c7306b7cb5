/**
 * The PCOMS outcome sheets checked by a real spreadsheet engine: LibreOffice recalculates every formula
 * of the log, summary, person views and agendas, and each figure must equal what src/domain computes.
 * Two recalculations: the sample data plus the edge-case fixtures with default settings, and the fixtures
 * alone with changed settings (inclusive SRS cutoff, reliable change 4, ...); one PDF render for the charts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { parseSessionsCsv } from '../../src/domain/csv';
import {
  byPerson,
  chronological,
  expectedProgress,
  personOutcome,
  Session,
  sessionAlerts,
  SessionAlerts,
  summarize,
  total,
} from '../../src/domain/pcoms';
import { DEFAULT_SETTINGS, Settings } from '../../src/domain/settings';
import { cellRef, colName, parseRange } from '../../src/workbook/a1';
import {
  AGENDA_LAYOUT,
  AgendaRequest,
  FLAG_TEXTS,
  LOG_COL,
  LOG_HEADERS,
  LOG_LAYOUT,
  logOrder,
  logRowFormulas,
  outcomeSettingRefs,
  outcomesSheets,
  PERSON_LAYOUT,
  quarterHeaderRow,
  quarterOf,
  SERIES_COLORS,
  SUMMARY_HEADERS,
  summaryRows,
} from '../../src/workbook/outcomes';
import { Cell, CellValue, SheetPlan, WorkbookPlan } from '../../src/workbook/plan';
import { settingsSheet } from '../../src/workbook/settingsSheet';
import { excelDate } from '../../src/workbook/sheet';
import { writeWorkbook } from '../../src/xlsx/write';
import {
  ComputedWorkbook,
  convertToPdf,
  decodePng,
  pdfToPngs,
  readComputed,
  recalculate,
} from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-outcomes-'));

function sessionsFrom(file: string): Session[] {
  const parsed = parseSessionsCsv(fs.readFileSync(path.join(root, file), 'utf8'), file);
  expect(parsed.problems).toEqual([]);
  return parsed.records;
}

const sample = sessionsFrom('data/sample/sessions.csv');
const edge = sessionsFrom('tests/fixtures/sessions-edge.csv');
const CHANGED: Settings = {
  ...DEFAULT_SETTINGS,
  orsCutoff: { adult: 26, adolescent: 28, child: 31 },
  srsCutoffInclusive: true,
  srsItemCheck: 8.6,
  reliableChange: 4,
  expectedSessions: 4,
};

interface Part {
  sessions: Session[];
  /** The log's rows in sheet order when they are not logOrder(sessions) (rows typed, inserted or sorted). */
  rows?: Session[];
  /** Rows whose person and worker have no index entry: worker figures blank, flagged. */
  unindexed?: Session[];
  /** Person codes with no index entry: person figures blank too. */
  newPersons?: string[];
  workers: string[];
  personCodes: string[];
  agendas: AgendaRequest[];
  sheets: SheetPlan[];
}

function buildWorkbook(
  settings: Settings,
  parts: Omit<Part, 'sheets'>[],
): { plan: WorkbookPlan; parts: Part[] } {
  const s = settingsSheet(settings);
  const sheetNames = [s.sheet.name];
  const tables = ['PPS_Settings'];
  const built = parts.map((p) => {
    const sheets = outcomesSheets({ ...p, settings, existingSheets: sheetNames, existingTables: tables });
    sheets.forEach((x) => sheetNames.push(x.name));
    sheets.forEach((x) => x.tables.forEach((t) => tables.push(t.name)));
    return { ...p, sheets };
  });
  return { plan: { sheets: [...built.flatMap((p) => p.sheets), s.sheet], names: s.names }, parts: built };
}

async function recalc(
  plan: WorkbookPlan,
  name: string,
): Promise<{ file: string; computed: ComputedWorkbook }> {
  const file = path.join(tmp, `${name}.xlsx`);
  fs.writeFileSync(file, await writeWorkbook(plan));
  return { file, computed: await readComputed(await recalculate(file, path.join(tmp, `recalc-${name}`))) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const want = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : v);

/** Compares one computed cell with the domain's value (numbers to 9 decimals; null is ""). */
function same(
  cells: Map<string, unknown>,
  where: string,
  expected: number | string | null | undefined,
): void {
  const got = cells.get(where);
  const w = want(expected);
  if (typeof w === 'number') {
    expect([where, typeof got]).toEqual([where, 'number']);
    expect([where, Math.round((got as number) * 1e9) / 1e9]).toEqual([where, Math.round(w * 1e9) / 1e9]);
  } else {
    expect([where, got]).toEqual([where, w]);
  }
}

function flagText(a: SessionAlerts): string {
  return [
    a.srsBelowCutoff && 'SRS below cutoff',
    a.srsDropped && 'SRS dropped',
    a.noSrs && 'No SRS',
    a.srsItemLow && 'SRS item below check-in',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Every per-row figure of the log: totals, cutoff, intake, change, outcome, flags, worker scope, quarter. */
function checkLog(
  c: Map<string, unknown>,
  sessions: Session[],
  s: Settings,
  rows = logOrder(sessions),
  unindexed: Session[] = [],
  newPersons: string[] = [],
): number {
  let checked = 0;
  const at = (i: number, k: keyof typeof LOG_COL) => cellRef(LOG_LAYOUT.firstDataRow + i, LOG_COL[k]);
  const persons = byPerson(sessions);
  rows.forEach((x, i) => {
    expect(c.get(at(i, 'person'))).toBe(x.personCode);
    const mine = persons.get(x.personCode)!;
    const withWorker = mine.filter((y) => y.workerId === x.workerId);
    const ors = total(x.ors);
    const scope = (list: Session[]) => {
      const o = personOutcome(list, s);
      const scored = chronological(list).filter((y) => total(y.ors) !== null);
      const isOutcomeRow = scored.length >= 2 && scored[scored.length - 1] === x;
      return {
        intake: o.intake,
        change: ors !== null && o.intake !== null ? round1(ors - o.intake) : null,
        outcome: isOutcomeRow ? o.category : '',
        row: isOutcomeRow ? 1 : 0,
      };
    };
    const lost = unindexed.includes(x);
    const blank = { intake: null, change: null, outcome: '', row: 0 };
    const p = newPersons.includes(x.personCode) ? blank : scope(mine);
    const w = lost ? blank : scope(withWorker);
    const alerts = sessionAlerts(mine, s).find((a) => a.session === x)!.alerts;
    const flags = [flagText(alerts), lost ? FLAG_TEXTS.notIndexed : ''].filter(Boolean).join('; ');
    const expected: [keyof typeof LOG_COL, number | string | null][] = [
      ['orsTotal', ors],
      ['srsTotal', total(x.srs)],
      ['cutoff', s.orsCutoff[x.ageGroup]],
      ['intake', p.intake],
      ['change', p.change],
      ['outcome', p.outcome],
      ['flags', flags],
      ['outcomeRow', p.row],
      ['wIntake', w.intake],
      ['wChange', w.change],
      ['wOutcome', w.outcome],
      ['wOutcomeRow', w.row],
      ['quarter', quarterOf(x.date)],
    ];
    for (const [k, v] of expected) same(c, at(i, k), v);
    checked += expected.length;
  });
  // exactly the sessions: the row after the last is empty
  expect(c.get(at(rows.length, 'person'))).toBeUndefined();
  return checked;
}

function checkSummary(c: Map<string, unknown>, sessions: Session[], workers: string[], s: Settings): number {
  let checked = 0;
  const rows = summaryRows(workers);
  rows.forEach(({ label, row }, i) => {
    const agency = i === rows.length - 1;
    const sum = summarize(agency ? sessions : sessions.filter((x) => x.workerId === label), s);
    const band =
      sum.effectSize === null
        ? ''
        : sum.effectSize >= 0.8
          ? 'large'
          : sum.effectSize >= 0.5
            ? 'moderate'
            : sum.effectSize >= 0.3
              ? 'small to moderate'
              : 'small';
    const figures = [
      label,
      sum.personsServed,
      sum.personsWithChange,
      sum.sessions,
      sum.meanIntake,
      sum.meanLatest,
      sum.meanChange,
      sum.pctReliablyImproved,
      sum.pctClinicallySignificant,
      sum.pctDeteriorated,
      sum.pctSrsBelowCutoff,
      sum.completeness,
      sum.effectSize,
      band,
    ];
    expect(figures).toHaveLength(SUMMARY_HEADERS.length);
    figures.forEach((v, col) => same(c, cellRef(row, col), v));
    checked += figures.length - 1;
  });
  return checked;
}

function checkQuarters(c: Map<string, unknown>, sessions: Session[], workers: string[], s: Settings): number {
  let checked = 0;
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  const below = (t: number) => (s.srsCutoffInclusive ? t <= s.srsCutoff : t < s.srsCutoff);
  for (let row = quarterHeaderRow(workers) + 1; c.get(cellRef(row, 0)) !== undefined; row++) {
    const q = c.get(cellRef(row, 0)) as string;
    const inQ = sessions.filter((x) => quarterOf(x.date) === q);
    const ors = inQ.map((x) => total(x.ors)).filter((v): v is number => v !== null);
    const srs = inQ.map((x) => total(x.srs)).filter((v): v is number => v !== null);
    const figures = [
      inQ.length,
      new Set(inQ.map((x) => x.personCode)).size,
      mean(ors),
      mean(srs),
      srs.length ? srs.filter(below).length / srs.length : null,
    ];
    figures.forEach((v, i) => same(c, cellRef(row, 1 + i), v));
    checked += figures.length;
  }
  return checked;
}

function checkPerson(c: Map<string, unknown>, code: string, sessions: Session[], s: Settings): number {
  const mine = chronological(sessions.filter((x) => x.personCode === code));
  const o = personOutcome(mine, s);
  const alerts = sessionAlerts(mine, s);
  const last = flagText(alerts[alerts.length - 1].alerts);
  const status = [
    code,
    o.sessions,
    o.orsCount,
    o.intake,
    o.latest,
    o.change,
    o.cutoff,
    o.category,
    last || 'None',
  ];
  status.forEach((v, i) => same(c, cellRef(PERSON_LAYOUT.statusRow + i, 1), v));
  const L = PERSON_LAYOUT;
  const intakeAt = mine.findIndex((x) => total(x.ors) !== null);
  mine.forEach((x, i) => {
    const r = L.firstDataRow + i;
    const idx = intakeAt >= 0 && i >= intakeAt ? i - intakeAt + 1 : null;
    const expected = idx !== null && o.intake !== null ? expectedProgress(o.intake, idx, o.cutoff, s) : null;
    same(c, cellRef(r, L.col.session), x.session);
    same(c, cellRef(r, L.col.ors), total(x.ors));
    same(c, cellRef(r, L.col.srs), total(x.srs));
    same(c, cellRef(r, L.col.cutoff), o.cutoff);
    same(c, cellRef(r, L.col.expected), expected);
    same(c, cellRef(r, L.col.flags), flagText(alerts[i].alerts));
    same(c, cellRef(r, L.col.chartExpected), expected ?? '#N/A');
  });
  expect(c.get(cellRef(L.firstDataRow + mine.length, L.col.session))).toBeUndefined();
  return status.length + mine.length * 7;
}

function checkAgenda(c: Map<string, unknown>, a: AgendaRequest, sessions: Session[], s: Settings): number {
  const d = excelDate(a.date);
  const mine = sessions.filter((x) => x.workerId === a.workerId);
  const inWindow = mine.filter((x) => excelDate(x.date) > d - 90 && excelDate(x.date) <= d);
  const srs = inWindow.map((x) => total(x.srs)).filter((v): v is number => v !== null);
  const below = (t: number) => (s.srsCutoffInclusive ? t <= s.srsCutoff : t < s.srsCutoff);
  const notImproving = [...byPerson(mine).values()]
    .map((p) => personOutcome(p, s))
    .filter((o) => o.sessions >= 3 && o.change !== null && o.change < s.reliableChange);
  const kpis = [
    new Set(inWindow.map((x) => x.personCode)).size,
    mine.filter((x) => x.date >= `${a.date.slice(0, 8)}01` && x.date <= a.date).length,
    srs.length ? srs.filter(below).length / srs.length : null,
    notImproving.length,
  ];
  kpis.forEach((v, i) => same(c, cellRef(AGENDA_LAYOUT.firstKpiRow + i, 1), v));
  expect(c.get(cellRef(AGENDA_LAYOUT.notImprovingListRow, 1))).toBe(
    notImproving.map((o) => o.personCode).join(', ') || 'None',
  );
  return kpis.length;
}

function checkPart(computed: ComputedWorkbook, part: Part, s: Settings): Record<string, number> {
  const [log, summary, ...rest] = part.sheets;
  const people = rest.slice(0, part.personCodes.length);
  const agendas = rest.slice(part.personCodes.length);
  const sheet = (p: SheetPlan) => computed.get(p.name)!;
  return {
    log: checkLog(sheet(log), part.sessions, s, part.rows, part.unindexed, part.newPersons),
    summary: checkSummary(sheet(summary), part.sessions, part.workers, s),
    quarters: checkQuarters(sheet(summary), part.sessions, part.workers, s),
    people: people.reduce((n, p, i) => n + checkPerson(sheet(p), part.personCodes[i], part.sessions, s), 0),
    agendas: agendas.reduce((n, p, i) => n + checkAgenda(sheet(p), part.agendas[i], part.sessions, s), 0),
  };
}

const edgeCodes = [...byPerson(edge).keys()];
const edgePart = (agendaDate: string) => ({
  sessions: edge,
  workers: ['F-1', 'F-2', 'F-9'],
  personCodes: edgeCodes,
  agendas: [{ workerId: 'F-1', date: agendaDate }],
});

describe('outcome sheets in LibreOffice: sample data and edge cases, default settings', () => {
  let computed: ComputedWorkbook;
  let parts: Part[];
  let file: string;
  beforeAll(async () => {
    const built = buildWorkbook(DEFAULT_SETTINGS, [
      {
        sessions: sample,
        workers: [...new Set(sample.map((x) => x.workerId))],
        personCodes: [...byPerson(sample).keys()].slice(0, 6),
        agendas: [
          {
            workerId: 'PS-103',
            date: '2026-06-26',
            gaps: [{ competency: '3.2 Active listening', gap: -2, goal: 'Practise reflections' }],
          },
          { workerId: 'PS-101', date: '2026-06-01' },
        ],
      },
      edgePart('2026-04-05'),
    ]);
    parts = built.parts;
    ({ computed, file } = await recalc(built.plan, 'default'));
  });

  it('the sample: every row, every summary figure, person views and agendas equal src/domain', () => {
    const n = checkPart(computed, parts[0], DEFAULT_SETTINGS);
    expect(sample).toHaveLength(278);
    expect(n).toEqual({
      log: 278 * 13,
      summary: 7 * 13,
      quarters: n.quarters,
      people: n.people,
      agendas: 8,
    });
    expect(n.quarters).toBeGreaterThanOrEqual(2 * 5);
    expect(n.people).toBeGreaterThan(6 * 9);
    // the sample is not trivial: every category but one occurs, and some SRS alerts fire
    const outcomes = [...computed.get(parts[0].sheets[0].name)!.entries()]
      .filter(([a]) => new RegExp(`^${colName(LOG_COL.outcome)}\\d+$`).test(a))
      .map(([, v]) => v);
    expect(new Set(outcomes).size).toBeGreaterThanOrEqual(4);
  });

  it('edge cases: one session, no items, exactly at cutoffs, exactly 5 points, SRS 36 and 35.9', () => {
    const n = checkPart(computed, parts[1], DEFAULT_SETTINGS);
    expect(n.log).toBe(edge.length * 13);
    expect(n.summary).toBe(4 * 13);
    const log = computed.get(parts[1].sheets[0].name)!;
    const row = (code: string, session: number) =>
      LOG_LAYOUT.firstDataRow +
      1 +
      logOrder(edge).findIndex((x) => x.personCode === code && x.session === session);
    const col = (k: keyof typeof LOG_COL) => colName(LOG_COL[k]);
    // spelled out, so a wrong domain and a wrong formula cannot agree by accident
    expect(log.get(`${col('outcome')}${row('E03', 2)}`)).toBe('Reliable improvement'); // intake 25.0 at cutoff
    expect(log.get(`${col('outcome')}${row('E04', 3)}`)).toBe('Clinically significant change'); // 20 -> 25
    expect(log.get(`${col('outcome')}${row('E05', 2)}`)).toBe('Clinically significant change'); // 23 -> 28 adolescent
    expect(log.get(`${col('outcome')}${row('E06', 2)}`)).toBe('Reliable deterioration'); // child 32 -> 26.9
    expect(log.get(`${col('outcome')}${row('E07', 2)}`)).toBe('No reliable change'); // child +4.9
    expect(log.get(`${col('outcome')}${row('E08', 2)}`)).toBe('Reliable deterioration'); // exactly -5.0
    expect(log.get(`${col('flags')}${row('E03', 1)}`)).toBe(''); // SRS 36.0 is not below 36
    expect(log.get(`${col('flags')}${row('E03', 2)}`)).toBe('SRS below cutoff; SRS item below check-in'); // 35.9
    expect(log.get(`${col('flags')}${row('E04', 3)}`)).toBe('SRS dropped'); // 38 -> (none) -> 37
    expect(log.get(`${col('orsTotal')}${row('E10', 1)}`)).toBe(''); // three of four items
    expect(log.get(`${col('intake')}${row('E02', 1)}`)).toBe('');
    // one person, two workers: the agency counts 16 -> 28, each worker only its own sessions
    expect(log.get(`${col('outcome')}${row('E09', 5)}`)).toBe('Clinically significant change');
    expect(log.get(`${col('wOutcome')}${row('E09', 3)}`)).toBe('No reliable change');
    expect(log.get(`${col('wOutcome')}${row('E09', 5)}`)).toBe('Clinically significant change');
    expect(LOG_HEADERS[LOG_COL.wOutcome]).toBe('Worker outcome');
    // a worker without sessions: zeros and blanks, no errors
    const summary = computed.get(parts[1].sheets[1].name)!;
    const f9 = summaryRows(['F-1', 'F-2', 'F-9'])[2].row;
    expect(SUMMARY_HEADERS.map((_, i) => summary.get(cellRef(f9, i)))).toEqual([
      'F-9',
      0,
      0,
      0,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    // the empty third quarter of the fixtures
    const qh = quarterHeaderRow(['F-1', 'F-2', 'F-9']);
    expect([1, 2, 3, 4].map((i) => summary.get(cellRef(qh + i, 0)))).toEqual([
      '2026 Q1',
      '2026 Q2',
      '2026 Q3',
      '2026 Q4',
    ]);
    expect([1, 2, 3, 6].map((col) => summary.get(cellRef(qh + 3, col)))).toEqual([0, 0, '', '#N/A']);
  });

  it('no formula anywhere evaluates to an error, except the #N/A gaps of chart columns', () => {
    for (const sheet of parts.flatMap((p) => p.sheets)) {
      const errors = [...computed.get(sheet.name)!.entries()].filter(
        ([, v]) => typeof v === 'string' && /^#[A-Z/0!?]+/.test(v) && v !== '#N/A',
      );
      expect([sheet.name, errors]).toEqual([sheet.name, []]);
    }
  });

  it('every chart series refers to a range of an existing sheet with written cells', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    const planned = parts.flatMap((p) => p.sheets).reduce((n, s) => n + s.charts.length, 0);
    expect(charts).toHaveLength(planned);
    let refs = 0;
    for (const f of charts) {
      const xml = await zip.file(f)!.async('string');
      for (const m of xml.matchAll(/<c:f>([^<]+)<\/c:f>/g)) {
        const ref = m[1].replace(/&apos;/g, "'");
        const bang = ref.lastIndexOf('!');
        const sheet = ref.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'");
        const cells = computed.get(sheet);
        expect([ref, cells !== undefined]).toEqual([ref, true]);
        const p = parseRange(ref.slice(bang + 1).replace(/\$/g, ''));
        for (let r = p.row1; r <= p.row2; r++)
          for (let c = p.col1; c <= p.col2; c++)
            expect([ref, cells!.has(cellRef(r, c))]).toEqual([ref, true]);
        refs++;
      }
    }
    expect(refs).toBeGreaterThan(planned * 2);
  });
});

describe('outcome sheets in LibreOffice: changed settings flow through the Settings sheet', () => {
  let computed: ComputedWorkbook;
  let parts: Part[];
  let file: string;
  beforeAll(async () => {
    const built = buildWorkbook(CHANGED, [edgePart('2026-03-09')]);
    parts = built.parts;
    ({ computed, file } = await recalc(built.plan, 'changed'));
  });

  it('inclusive SRS cutoff, reliable change 4, other cutoffs and expected sessions: equal src/domain', () => {
    const n = checkPart(computed, parts[0], CHANGED);
    expect(n.log).toBe(edge.length * 13);
    const log = computed.get(parts[0].sheets[0].name)!;
    const r =
      LOG_LAYOUT.firstDataRow +
      1 +
      logOrder(edge).findIndex((x) => x.personCode === 'E03' && x.session === 1);
    expect(log.get(`${colName(LOG_COL.flags)}${r}`)).toBe('SRS below cutoff'); // 36 with "36 or below"
  });

  it('the person chart draws: its series colours are on the PDF pages', async () => {
    const pdf = await convertToPdf(file, path.join(tmp, 'pdf'));
    const pngs = await pdfToPngs(pdf, path.join(tmp, 'pdf', 'page'), { dpi: 60 });
    // Pixels near each series colour; pages are decoded one by one until both are found (the log and
    // summary pages come first, then the person views).
    const [e, o] = [SERIES_COLORS.expected, SERIES_COLORS.ors].map((hex) =>
      [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)),
    );
    const near = (d: Buffer, i: number, c: number[]) =>
      Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) < 60;
    const found = [0, 0];
    for (const png of pngs) {
      const { data, channels } = decodePng(png);
      for (let i = 0; i + 2 < data.length; i += channels) {
        if (near(data, i, e)) found[0]++;
        else if (near(data, i, o)) found[1]++;
      }
      if (found.every((n) => n > 100)) break;
    }
    // the expected-progress line is drawn only by the person charts; ORS by person and quarter charts
    expect(found[0]).toBeGreaterThan(100);
    expect(found[1]).toBeGreaterThan(100);
  });
});

// ------------------------------------------------------------------------------ rows typed by hand

/** The cells a session's row holds in the log's input columns, as the builder writes them. */
function inputCells(x: Session): Map<number, Cell> {
  const C = LOG_COL;
  const values: [number, CellValue][] = [
    [C.person, x.personCode],
    [C.worker, x.workerId],
    [C.date, excelDate(x.date)],
    [C.session, x.session],
    ...x.ors.map((v, i): [number, CellValue] => [C.ors1 + i, v]),
    ...x.srs.map((v, i): [number, CellValue] => [C.srs1 + i, v]),
    [C.ageGroup, x.ageGroup],
  ];
  return new Map(values.map(([c, value]) => [c, { value }]));
}

/** A data row of the log as Excel fills it: the inputs, and every formula column (a calculated column). */
function tableRow(r: number, x: Session): Row {
  const row: Row = [];
  for (const [c, cell] of inputCells(x)) row[c] = cell;
  for (const [k, f] of Object.entries(logRowFormulas(r, outcomeSettingRefs())))
    row[LOG_COL[k as keyof typeof LOG_COL]] = { formula: f };
  return row;
}

type Row = (Cell | undefined)[];

/** The log sheet with its table grown to `rows` data rows, the table's part of sheet row `r` given by `row`. */
function withTableRows(log: SheetPlan, rows: number, row: (r: number, old: Row[]) => Row): SheetPlan {
  const out: SheetPlan = structuredClone(log);
  const first = LOG_LAYOUT.firstDataRow;
  const width = LOG_HEADERS.length;
  const old = log.cells.map((r) => (r ?? []).slice(0, width));
  for (let r = first; r < first + rows; r++) {
    const cells = row(r, old);
    const keep = (out.cells[r] ?? []).slice(width);
    out.cells[r] = [...Array.from({ length: width }, (_, c) => cells[c]), ...keep];
  }
  const t = parseRange(out.tables[0].ref);
  out.tables[0].ref = `${cellRef(t.row1, t.col1)}:${cellRef(first + rows - 1, t.col2)}`;
  return out;
}

/** After a person types `typed` into the rows below the table: the table grows, each new row fills. */
function typeBelow(log: SheetPlan, had: number, typed: Session[]): SheetPlan {
  const first = LOG_LAYOUT.firstDataRow;
  return withTableRows(log, had + typed.length, (r, old) =>
    r < first + had ? old[r] : tableRow(r, typed[r - first - had]),
  );
}

/** A formula moved by an insertion of one sheet row at 1-based row `at`: references from that row down follow. */
function shifted(formula: string, at: number): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(
            /(?<![A-Za-z0-9_.])(\$?[A-Z]{1,3}\$?)(\d+)(?![A-Za-z0-9_.(!$])/g,
            (m, ref: string, n: string) => (Number(n) >= at ? `${ref}${Number(n) + 1}` : m),
          ),
    )
    .join('');
}

/**
 * After "Insert > Table Rows Above" on sheet row `r` (0-based) and typing `x` there: the table's cells from
 * that row down move one row down (the indexes beside the table do not) and keep their formulas, whose
 * references to moved cells follow them; the new row fills every formula column.
 */
function insertAt(log: SheetPlan, had: number, r: number, x: Session): SheetPlan {
  return withTableRows(log, had + 1, (row, old) => {
    if (row < r) return old[row];
    if (row === r) return tableRow(r, x);
    return old[row - 1].map((cell) =>
      cell?.formula === undefined ? cell : { formula: shifted(cell.formula, r + 1) },
    );
  });
}

/** After sorting the table (by date, say): the rows move whole, and every row has the same formulas. */
function sortTable(log: SheetPlan, rows: Session[]): SheetPlan {
  const first = LOG_LAYOUT.firstDataRow;
  return withTableRows(log, rows.length, (r) => tableRow(r, rows[r - first]));
}

describe('outcome sheets in LibreOffice: rows typed by hand, inserted or sorted, without the add-in', () => {
  const find = (p: string, n: number, list = edge) =>
    list.find((x) => x.personCode === p && x.session === n)!;
  const without = (...xs: Session[]) => edge.filter((x) => !xs.includes(x));
  // typed below the table: a later session (E04), an earlier one that becomes the intake (E03), a person
  // with no index entry yet (N01), a person's first session with another worker (E05 with F-1)
  const e04 = find('E04', 3);
  const e03 = find('E03', 1);
  const n01: Session = { ...find('E01', 1), personCode: 'N01', workerId: 'F-2', date: '2026-03-03' };
  const e05: Session = { ...find('E05', 2), workerId: 'F-1', date: '2026-03-20', session: 3 };
  const typed = [e04, e03, n01, e05];
  // inserted as table rows: one where it belongs (E04 2, between its person's rows) and one in another
  // person's rows (E08 2 after E03's), which puts the rest of the log out of order
  const e04b = find('E04', 2);
  const e08 = find('E08', 2);
  // the whole table sorted by date
  const byDate = chronological(edge);
  let computed: ComputedWorkbook;
  let parts: Part[];
  beforeAll(async () => {
    const others = edgeCodes.filter((p) => !['E03', 'E04', 'E05', 'E08'].includes(p));
    const part = (sessions: Session[]) => ({
      sessions,
      workers: ['F-1', 'F-2', 'F-9'],
      personCodes: others,
      agendas: [{ workerId: 'F-1', date: '2026-04-05' }],
    });
    const built = buildWorkbook(DEFAULT_SETTINGS, [
      part(without(...typed)),
      part(without(e04b, e08)),
      part(edge),
    ]);
    parts = built.parts;
    const [p1, p2, p3] = parts;
    // 1: typed below
    p1.sheets[0] = typeBelow(p1.sheets[0], p1.sessions.length, typed);
    p1.rows = [...logOrder(p1.sessions), ...typed];
    p1.sessions = [...p1.sessions, ...typed];
    p1.unindexed = [n01, e05];
    p1.newPersons = ['N01'];
    // 2: inserted
    const order2 = logOrder(p2.sessions);
    const first = LOG_LAYOUT.firstDataRow;
    const at04 = order2.indexOf(find('E04', 3, order2));
    const at08 = order2.findIndex((x) => x.personCode === 'E04');
    let log2 = insertAt(p2.sheets[0], order2.length, first + at04, e04b);
    order2.splice(at04, 0, e04b);
    log2 = insertAt(log2, order2.length, first + at08, e08);
    order2.splice(at08, 0, e08);
    p2.sheets[0] = log2;
    p2.rows = order2;
    p2.sessions = edge;
    // 3: sorted by date
    p3.sheets[0] = sortTable(p3.sheets[0], byDate);
    p3.rows = byDate;
    const logs = new Map(
      parts.map((p, i) => [built.plan.sheets.find((x) => x.name === p.sheets[0].name)!, i]),
    );
    built.plan.sheets = built.plan.sheets.map((x) => (logs.has(x) ? parts[logs.get(x)!].sheets[0] : x));
    ({ computed } = await recalc(built.plan, 'by-hand'));
  });

  it('typed below the table: every figure right at once; a person or worker not in the index says so', () => {
    const n = checkPart(computed, parts[0], DEFAULT_SETTINGS);
    expect(n.log).toBe((edge.length + 2) * 13);
    const log = computed.get(parts[0].sheets[0].name)!;
    const row = (x: Session) => LOG_LAYOUT.firstDataRow + 1 + parts[0].rows!.indexOf(x);
    const col = (k: keyof typeof LOG_COL) => colName(LOG_COL[k]);
    // the earlier E03 session became the intake of the rows above it: 25.0 -> 30.0 is +5.0
    expect(log.get(`${col('intake')}${row(find('E03', 2))}`)).toBe(25);
    expect(log.get(`${col('outcome')}${row(find('E03', 2))}`)).toBe('Reliable improvement');
    expect(log.get(`${col('outcome')}${row(e04)}`)).toBe('Clinically significant change');
    expect(log.get(`${col('flags')}${row(n01)}`)).toBe(FLAG_TEXTS.notIndexed);
    expect(log.get(`${col('intake')}${row(n01)}`)).toBe('');
    expect(String(log.get('A4'))).toMatch(
      /^4 rows from row \d+ down are not next to the rows of their person code/,
    );
  });

  it('table rows inserted in the middle, in place and out of place: every figure right', () => {
    const n = checkPart(computed, parts[1], DEFAULT_SETTINGS);
    expect(n.log).toBe(edge.length * 13);
    const note = String(computed.get(parts[1].sheets[0].name)!.get('A4'));
    expect(note).toMatch(/rows from row \d+ down are not next to the rows of their person code/);
  });

  it('the table sorted by date: every figure right (slower, not wrong)', () => {
    const n = checkPart(computed, parts[2], DEFAULT_SETTINGS);
    expect(n.log).toBe(edge.length * 13);
  });
});
