/** peer-performance forms / collect, and the build --deidentify step. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { collectCommand, formsCommand } from '../../src/cli/forms';
import { parseRatingsCsv, parseTeamCsv, ratingsCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { BLANK, NA, score } from '../../src/domain/scale';
import { agencyWorkbook } from '../../src/workbook/build';
import { deidentifyChecked } from '../../src/workbook/deidentify';
import { FORM_LAYOUT } from '../../src/workbook/forms';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-cli-forms-'));
const TEAM = path.join(root, 'data/sample/team.csv');
const scale = getScale();

async function run(cmd: typeof formsCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: root });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const dir = (name: string) => path.join(tmp, name);

/** Fills Self cells of a written form by competency id (ExcelJS, as another program would). */
async function fill(file: string, self: Record<string, ExcelJS.CellValue>, out: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets.find((w) => w.state === 'visible')!;
  for (let r = FORM_LAYOUT.firstDataRow + 1; r <= ws.rowCount; r++) {
    const id = String(ws.getCell(r, 2).value);
    if (id in self) ws.getCell(r, 4).value = self[id];
  }
  await wb.xlsx.writeFile(out);
  return out;
}

describe('help', () => {
  it.each([
    [formsCommand, 'peer-performance forms --team team.csv --period LABEL'],
    [collectCommand, 'peer-performance collect FILES... --team team.csv --out ratings.csv'],
  ])('%#: --help prints usage and exits 0', async (cmd, usage) => {
    const r = await run(cmd, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(usage);
  });
});

describe('forms', () => {
  it('writes one form per worker and lists them', async () => {
    const r = await run(formsCommand, ['--team', TEAM, '--period', '2026 Q4', '--out-dir', dir('all')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const files = fs.readdirSync(dir('all')).sort();
    expect(files).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Self-assessment PS-10${n} 2026 Q4.xlsx`));
    expect(r.out).toContain('Wrote 6 self-assessment forms to');
    expect(r.out).toContain('  Self-assessment PS-101 2026 Q4.xlsx  (Avery Lindqvist)');
  });

  it('--worker picks workers; problems write nothing and exit 1', async () => {
    const one = await run(formsCommand, [
      '--team',
      TEAM,
      '--period',
      'Q4',
      '--worker',
      'PS-103',
      '--out-dir',
      dir('one'),
    ]);
    expect(one.code).toBe(0);
    expect(fs.readdirSync(dir('one'))).toEqual(['Self-assessment PS-103 Q4.xlsx']);

    const bad = await run(formsCommand, [
      '--team',
      TEAM,
      '--period',
      'Q4',
      '--worker',
      'PS-999',
      '--framework',
      'peer-supervisor-wps',
      '--out-dir',
      dir('bad'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Nothing was written. 2 problems to fix:');
    expect(bad.err).toContain(
      '--framework: the Work Process Schedule is signed off by the supervisor, not self-assessed',
    );
    expect(bad.err).toContain('--worker: "PS-999" is not on the team');
    expect(fs.existsSync(dir('bad'))).toBe(false);

    const missing = await run(formsCommand, [
      '--team',
      dir('nope.csv'),
      '--period',
      'Q4',
      '--out-dir',
      dir('bad'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.csv: file not found');
    expect(fs.existsSync(dir('bad'))).toBe(false);
  });

  it('usage errors name the missing option', async () => {
    const r = await run(formsCommand, ['--team', TEAM, '--out-dir', dir('x')]);
    expect([r.code, r.err]).toEqual([
      1,
      'peer-performance: forms needs --period LABEL. See peer-performance forms --help',
    ]);
  });
});

describe('collect', () => {
  let formA: string; // PS-101
  let formB: string; // PS-102
  beforeAll(async () => {
    await run(formsCommand, ['--team', TEAM, '--period', '2026 Q4', '--out-dir', dir('c')]);
    formA = await fill(
      dir('c/Self-assessment PS-101 2026 Q4.xlsx'),
      { '1.1': 5, '1.2': 2, '1.3': 'N/A' },
      dir('a.xlsx'),
    );
    formB = await fill(dir('c/Self-assessment PS-102 2026 Q4.xlsx'), { '1.1': 9, '2.1': 'x' }, dir('b.xlsx'));
  });
  const read = (file: string) =>
    parseRatingsCsv(fs.readFileSync(file, 'utf8'), 'out.csv', { frameworks: library().frameworks, scale });

  it('writes accepted files to ratings.csv, reports rejected ones by cell, and exits 1', async () => {
    const out = dir('r1.csv');
    const empty = dir('empty.xlsx');
    fs.writeFileSync(empty, '');
    const r = await run(collectCommand, [formA, formB, empty, '--team', TEAM, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${formA}: accepted: PS-101, 2026 Q4, samhsa-core-2015: 62 competencies (2 rated, 1 N/A, 59 blank)`,
    );
    expect(r.err).toContain(`${formB}: rejected, nothing taken from it:`);
    expect(r.err).toMatch(/b\.xlsx, cell D19: Self for competency 1\.1: 9 is not on the scale/);
    expect(r.err).toMatch(/b\.xlsx, cell D\d+: Self for competency 2\.1: "x" is not a score/);
    expect(r.err).toContain(
      `${empty}: rejected, nothing taken from it:\n  ${empty}: is empty (0 bytes), not a returned form`,
    );
    expect(r.err).toContain('2 files were rejected.');
    const parsed = read(out);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records.map((x) => [x.workerId, x.competencyId, x.self, x.supervisor])).toEqual([
      ['PS-101', '1.1', score(5), BLANK],
      ['PS-101', '1.2', score(2), BLANK],
      ['PS-101', '1.3', NA, BLANK],
    ]);
  });

  it('merges into an existing ratings.csv: fills blank Self, keeps Supervisor, lists conflicts', async () => {
    const out = dir('r2.csv');
    const head = 'worker_id,period,framework,competency_id,self,supervisor,notes\n';
    fs.writeFileSync(
      out,
      head +
        'PS-101,2026 Q4,samhsa-core-2015,1.1,,3,"sup, note"\n' +
        'PS-101,2026 Q4,samhsa-core-2015,1.2,4,2,\n' +
        'PS-104,2026 Q3,samhsa-core-2015,1.1,2,2,\n',
    );
    const r = await run(collectCommand, [formA, '--team', TEAM, '--out', out, '--period', '2026 Q4']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 form accepted, 2 Self ratings written, 59 unchanged, 1 conflict.');
    expect(r.out).toContain(`  PS-101, 2026 Q4, competency 1.2: kept 4, ${formA} says 2`);
    expect(
      read(out).records.map((x) => [x.workerId, x.period, x.competencyId, x.self, x.supervisor, x.notes]),
    ).toEqual([
      ['PS-101', '2026 Q4', '1.1', score(5), score(3), 'sup, note'],
      ['PS-101', '2026 Q4', '1.2', score(4), score(2), ''],
      ['PS-104', '2026 Q3', '1.1', score(2), score(2), ''],
      ['PS-101', '2026 Q4', '1.3', NA, BLANK, ''],
    ]);
  });

  it('a form for a period not asked for is rejected; nothing accepted writes nothing', async () => {
    const out = dir('r3.csv');
    const r = await run(collectCommand, [formA, '--team', TEAM, '--out', out, '--period', '2027 Q1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'is for period "2026 Q4", which is not one of the periods being collected (2027 Q1)',
    );
    expect(r.err).toContain('Nothing was written to');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a broken existing ratings.csv stops everything', async () => {
    const out = dir('r4.csv');
    fs.writeFileSync(
      out,
      'worker_id,period,framework,competency_id,self,supervisor,notes\nPS-101,Q1,samhsa-core-2015,1.1,8,,\n',
    );
    const r = await run(collectCommand, [formA, '--team', TEAM, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing was written. 1 problem to fix:');
    expect(r.err).toContain('r4.csv, row 2, column self: 8 is not on the scale');
    expect(fs.readFileSync(out, 'utf8')).toContain(',8,,');
  });

  it('usage: files and a .csv --out are required', async () => {
    expect((await run(collectCommand, ['--team', TEAM, '--out', 'x.csv'])).err).toBe(
      'peer-performance: collect needs the returned form files. See peer-performance collect --help',
    );
    expect((await run(collectCommand, [formA, '--team', TEAM, '--out', 'x.xlsx'])).err).toContain(
      '--out must name a .csv file, got "x.xlsx"',
    );
  });

  it('ratingsCsv quotes what needs quoting and round-trips through the parser', () => {
    const rows = [
      {
        workerId: 'W1',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.1',
        self: NA,
        supervisor: score(3),
        notes: 'a "b", c\nd',
      },
    ];
    const text = ratingsCsv(rows, scale);
    expect(text).toBe(
      '\uFEFFworker_id,period,framework,competency_id,self,supervisor,notes\nW1,2026 Q1,samhsa-core-2015,1.1,N/A,3,"a ""b"", c\nd"\n',
    );
    expect(parseRatingsCsv(text, 'x.csv', { frameworks: library().frameworks, scale }).records).toEqual(rows);
  });
});

describe('build --deidentify step', () => {
  const team = parseTeamCsv(fs.readFileSync(TEAM, 'utf8'), 'team.csv').records;
  const plan = () =>
    agencyWorkbook({
      team,
      periods: ['2026 Q1'],
      ctx: { framework: getFramework('samhsa-core-2015'), scale, roles: library().roles },
      computedAt: '2026-01-01 09:00',
    });

  it('returns the de-identified plan with the cover first and says what it did', () => {
    const r = deidentifyChecked(plan(), team);
    expect(r.plan.sheets[0].name).toBe('About this copy');
    expect(r.lines.join('\n')).toMatch(
      /workers shown as W01 to W06; .* notes, goals and action steps emptied/,
    );
    expect(deidentifyChecked(plan(), team, { keepFreeText: true }).lines.join('\n')).toMatch(
      /free text kept/,
    );
  });

  it('refuses (throws, so nothing is written) when a name would survive', () => {
    const p = plan();
    // a chart pointing at a sheet the plan does not have cannot be renamed: the safety net must catch it
    const chart = p.sheets.find((s) => s.charts.length)!.charts[0];
    chart.categories = { ...chart.categories, sheet: 'PS-101 elsewhere' };
    expect(() => deidentifyChecked(p, team)).toThrow(
      /would still name a worker or supervisor .*chart reference/,
    );
  });
});
