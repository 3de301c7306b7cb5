import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { runCaptured } from '../support/cli';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-cli-'));

const cli = (args: string[]) => runCaptured(args, root);
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};
const TEAM = 'worker_id,name,role,supervisor,start_date\nW1,Ann Example,Recovery Coach,Sam,2025-01-02\n';
const RHEAD = 'worker_id,period,framework,competency_id,self,supervisor,notes\n';

describe('help', () => {
  it.each([['--help'], ['demo', '--help'], ['build', '--help']])(
    '%s %s prints usage and exits 0',
    async (...args) => {
      const r = await cli(args.filter(Boolean) as string[]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/peer-performance (demo|build)/);
    },
  );
  it('no command prints usage and exits 1', async () => {
    const r = await cli([]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Usage:');
  });
});

describe('demo', () => {
  it('writes the demo workbook and says what it wrote', async () => {
    const file = path.join(tmp, 'demo.xlsx');
    const r = await cli(['demo', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '38 sheets: 1 team, 1 dashboard, 6 comparison, 6 trend, 18 rating, 1 wps, 4 outcomes, 1 settings; 39 charts',
    );
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    expect(Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toHaveLength(39);
    // one list validation per rating sheet, written once for the whole Self:Supervisor range
    const sheet2 = await zip.file('xl/worksheets/sheet15.xml')!.async('string');
    expect(sheet2.match(/<dataValidation /g)).toHaveLength(1);
    expect(sheet2).toMatch(/<dataValidation [^>]*sqref="D13:E74"/);
  });
});

describe('build: input problems write nothing and exit 1', () => {
  const out = () => path.join(tmp, `out-${Math.random().toString(36).slice(2)}.xlsx`);
  const fails = async (args: string[], expected: string[]) => {
    const file = out();
    const r = await cli([...args, '--out', file]);
    expect(r.code).toBe(1);
    for (const e of expected) expect(r.err).toContain(e);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  };

  it('missing --team', async () => fails(['build', '--period', 'Q1'], ['build needs --team team.csv']));
  it('missing --out', async () => {
    const r = await cli(['build', '--team', write('t0.csv', TEAM), '--period', 'Q1']);
    expect([r.code, r.err]).toEqual([
      1,
      'peer-performance: build needs --out FILE.xlsx. See peer-performance build --help',
    ]);
  });
  it('--out not .xlsx', async () => {
    const r = await cli([
      'build',
      '--team',
      write('t1.csv', TEAM),
      '--period',
      'Q1',
      '--out',
      path.join(tmp, 'x.csv'),
    ]);
    expect(r.err).toContain('--out must name an .xlsx file');
  });
  it('unknown option and unknown command', async () => {
    expect((await cli(['build', '--colour', 'red'])).err).toContain("Unknown option '--colour'");
    expect((await cli(['publish'])).err).toContain('unknown command "publish"');
  });
  it('team file not found', async () =>
    fails(['build', '--team', 'nope.csv', '--period', 'Q1'], ['nope.csv: file not found']));
  it('no period', async () =>
    fails(
      ['build', '--team', write('t2.csv', TEAM)],
      ['--period: no review period: give --period LABEL or ratings with periods'],
    ));
  it('unknown framework', async () =>
    fails(
      ['build', '--team', write('t3.csv', TEAM), '--period', 'Q1', '--framework', 'acme'],
      ['Unknown framework "acme"'],
    ));
  it('team with no workers', async () =>
    fails(
      ['build', '--team', write('t4.csv', 'worker_id,name,role,supervisor,start_date\n'), '--period', 'Q1'],
      ['t4.csv: has no workers'],
    ));
  it('every bad row is listed with file, row and column', async () => {
    const team = write('t5.csv', TEAM + 'W1,Dup,,,\n,No Id,,,\n');
    const ratings = write(
      'r5.csv',
      RHEAD +
        'W1,Q1,samhsa-core-2015,1.1,7,3,\nW1,Q1,samhsa-core-2015,1.2,abc,3,\nW2,Q1,samhsa-core-2015,1.3,3,3,\nW1,Q1,samhsa-core-2015,99.1,3,3,\n',
    );
    const file = out();
    const r = await cli(['build', '--team', team, '--ratings', ratings, '--out', file]);
    expect(r.code).toBe(1);
    const t = path.basename(team);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 6 problems to fix:',
      `  ${team}, row 3, column worker_id: "W1" is already used on row 2`,
      `  ${team}, row 4, column worker_id: is empty`,
      `  ${ratings}, row 2, column self: 7 is not on the scale (expected a whole number 1-5, N/A or blank)`,
      `  ${ratings}, row 3, column self: "abc" is not a score (expected a whole number 1-5, N/A or blank)`,
      `  ${ratings}, row 4, column worker_id: "W2" is not on the team`,
      `  ${ratings}, row 5, column competency_id: "99.1" is not a competency of samhsa-core-2015`,
    ]);
    expect(t).toBe('t5.csv');
    expect(fs.existsSync(file)).toBe(false);
  });
  it('bad session rows are listed and nothing is written', async () =>
    fails(
      [
        'build',
        '--team',
        write('t8.csv', TEAM),
        '--period',
        'Q1',
        '--sessions',
        write(
          's8.csv',
          'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n' +
            'Maria Lopez,W1,2026-01-05,1,5,5,5,5,9,9,9,9,adult\nC1,W1,2026-01-05,1,11,5,5,5,9,9,9,9,adult\n',
        ),
      ],
      [
        'row 2, column person_code: "Maria Lopez" looks like a name; people served are identified by codes only',
        'row 3, column ors_individually: 11 is above 10 (items are 0-10)',
      ],
    ));
  it('ratings for another framework than --framework', async () =>
    fails(
      [
        'build',
        '--team',
        write('t6.csv', TEAM),
        '--ratings',
        write('r6.csv', RHEAD + 'W1,Q1,prcoe-compilation-2023,1.9.1,3,3,\n'),
      ],
      [
        'holds ratings for prcoe-compilation-2023 but the sheets use samhsa-core-2015 (pass --framework prcoe-compilation-2023)',
      ],
    ));
  it('an existing output file is left as it was when the input is bad', async () => {
    const file = path.join(tmp, 'keep.xlsx');
    fs.writeFileSync(file, 'previous contents');
    const r = await cli(['build', '--team', 'nope.csv', '--period', 'Q1', '--out', file]);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous contents');
  });
});

describe('build: good input', () => {
  it('PRCoE framework with sub-items and a chosen period', async () => {
    const file = path.join(tmp, 'prcoe.xlsx');
    const r = await cli([
      'build',
      '--team',
      write('t7.csv', TEAM),
      '--framework',
      'prcoe-compilation-2023',
      '--period',
      '2026 Q1',
      '--out',
      file,
    ]);
    expect(r.code).toBe(0);
    // one period: the trend has no change-since-the-previous-period chart
    expect(r.out).toContain(
      '6 sheets: 1 team, 1 dashboard, 1 comparison, 1 trend, 1 rating, 1 settings; 4 charts',
    );
  });
});
