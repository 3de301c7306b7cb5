/**
 * The pane's import into a long outcome log through the fake Office.js host: syncs counted, requests under
 * the payload limit, and the log left grouped by person with every row's inputs and formulas in place.
 */
import { SESSION_COLUMNS } from '../../src/domain/csv';
import { Session } from '../../src/domain/pcoms';
import { createOfficeApi } from '../../src/excel/ops';
import { DEFAULT_MAX_REQUEST_BYTES } from '../../src/excel/render';
import { cellRef, colName } from '../../src/workbook/a1';
import {
  INDEX_COL,
  indexEntries,
  LOG_COL,
  LOG_LAYOUT,
  logOrder,
  logRowFormulas,
  outcomeSettingRefs,
} from '../../src/workbook/outcomes';
import { excelDate } from '../../src/workbook/sheet';
import { createFakeExcel } from '../support/fakeExcel';

const WORKERS = ['PS-1', 'PS-2', 'PS-3', 'PS-4'];

/** `n` weekly sessions, about seven per person, people spread over four workers. */
function sessions(n: number, from = 0): Session[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const person = Math.floor(i / 7);
    const day = new Date(Date.UTC(2025, 0, 6 + (person % 300) + (i % 7) * 7));
    const item = (v: number) => Math.round(Math.min(10, Math.max(0, v)) * 10) / 10;
    return {
      personCode: `C${100000 + person}`,
      workerId: WORKERS[person % WORKERS.length],
      date: day.toISOString().slice(0, 10),
      session: (i % 7) + 1,
      ors: [0, 1, 2, 3].map((j) => item(4 + (i % 7) * 0.4 + j * 0.1)) as Session['ors'],
      srs: [0, 1, 2, 3].map((j) => item(9 - (j % 2) * 0.3)) as Session['srs'],
      ageGroup: 'adult',
    };
  });
}

function csv(list: Session[]): string {
  const f = (v: number | null) => (v === null ? '' : v.toFixed(1));
  const rows = list.map((s) =>
    [s.personCode, s.workerId, s.date, s.session, ...s.ors.map(f), ...s.srs.map(f), s.ageGroup].join(','),
  );
  return [SESSION_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

describe('importing into an outcome log of 8,000 sessions', () => {
  it('takes a bounded number of syncs, keeps the rows grouped and gives new rows every formula', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = createOfficeApi({
      run: fake.run,
      supports: (v) => fake.isSetSupported('ExcelApi', v),
      now: () => new Date('2026-11-23T10:00:00Z'),
    });
    const first = sessions(7_980);
    const syncs0 = fake.stats.syncs;
    const created = await api.importSessions(csv(first), 'first.csv');
    expect(created.accepted).toBe(7_980);
    const createSyncs = fake.stats.syncs - syncs0;
    // later sessions of people already in the log (C100000 ...) and new people (C101140 ...)
    const more = [
      ...sessions(7, 0).map((s) => ({ ...s, session: s.session + 7, date: '2026-06-01' })),
      ...sessions(13, 7_980),
    ];
    const syncs1 = fake.stats.syncs;
    const bytes1 = fake.stats.requestBytes.length;
    const appended = await api.importSessions(csv(more), 'second.csv');
    expect([appended.accepted, appended.duplicates]).toEqual([20, 0]);
    const appendSyncs = fake.stats.syncs - syncs1;
    const sizes = fake.stats.requestBytes.slice(bytes1);
    // read the workbook (2 to 4), grow the table (2), then per request a read of what it replaces (put back
    // if a later step fails: the inputs and indexes, not the row formulas it keeps) and a write, each way at
    // most 4.5 MB
    process.stdout.write(
      `import into a log of 8,000 sessions: new log ${createSyncs} syncs; appending 20 sessions ` +
        `${appendSyncs} syncs, ${sizes.map((b) => Math.round(b / 1024)).join(' + ')} KB\n`,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
    expect(sizes).toHaveLength(appendSyncs);
    expect(appendSyncs).toBeLessThanOrEqual(12);
    expect(createSyncs).toBeLessThanOrEqual(20);

    // the log: every session once, grouped by person, inputs where logOrder puts them
    const all = logOrder([...first, ...more]);
    const firstRow = LOG_LAYOUT.firstDataRow;
    const cell = (r: number, c: number) => fake.workbook.cell('Outcomes log', cellRef(r, c));
    const sample = [0, 1, 6, 7, 8, 13, 14, 5000, 7986, 7990, 7999];
    for (const i of sample) {
      const x = all[i];
      expect([i, cell(firstRow + i, LOG_COL.person).value, cell(firstRow + i, LOG_COL.date).value]).toEqual([
        i,
        x.personCode,
        excelDate(x.date),
      ]);
      // every formula column, the same on every row, one row further down
      for (const [k, f] of Object.entries(logRowFormulas(firstRow + i, outcomeSettingRefs())))
        expect(cell(firstRow + i, LOG_COL[k as keyof typeof LOG_COL]).formula).toBe(`=${f}`);
    }
    expect(all.slice(7, 14).map((x) => x.personCode)).toEqual(new Array(7).fill('C100000'));
    expect(cell(firstRow + 8_000, LOG_COL.person).value).toBe('');
    // both indexes rewritten: one entry per person and per person with a worker
    const { persons, pairs } = indexEntries(all);
    expect(cell(firstRow + persons.length - 1, INDEX_COL.person.code).value).toBe(
      persons[persons.length - 1],
    );
    expect(cell(firstRow + persons.length, INDEX_COL.person.code).value).toBe('');
    expect(cell(firstRow + pairs.length - 1, INDEX_COL.pair.worker).value).toBe(pairs[pairs.length - 1][1]);
    expect(fake.workbook.tables().find((t) => t.sheet === 'Outcomes log')?.address).toBe(
      `A${LOG_LAYOUT.headerRow + 1}:${colName(Object.keys(LOG_COL).length - 1)}${firstRow + 8_000}`,
    );
  }, 300_000);

  it('refuses to import into a log whose columns are not this layout, and changes nothing', async () => {
    const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    const api = createOfficeApi({ run: fake.run, supports: (v) => fake.isSetSupported('ExcelApi', v) });
    await api.importSessions(csv(sessions(10)), 'first.csv');
    const header = cellRef(LOG_LAYOUT.headerRow, LOG_COL.personNo);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Outcomes log').getRange(header).values = [['Person']];
      await ctx.sync();
    });
    const before = fake.workbook.formulas('Outcomes log', 'A1:CZ30');
    await expect(api.importSessions(csv(sessions(3, 10)), 'second.csv')).rejects.toThrow(
      'The outcomes log on "Outcomes log" does not have the columns this version writes',
    );
    expect(fake.workbook.formulas('Outcomes log', 'A1:CZ30')).toEqual(before);
  });
});
