/**
 * The CLI as a new user meets it: help for every command and option, the version, build's choices
 * (--force, --compare-period, --person, --agenda), CSV files as Excel saves them, checks across files,
 * and the guards of forms, collect, export and update.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { version } from '../../src/cli/main';
import { runCaptured } from '../support/cli';
import { BUILD_HELP } from '../../src/cli/build';
import { EXPORT_HELP } from '../../src/cli/export';
import { FORMS_HELP } from '../../src/cli/forms';
import { UPDATE_HELP } from '../../src/cli/update';
import { FORM_LAYOUT } from '../../src/workbook/forms';
import { sanitizeSheetName } from '../../src/workbook/names';
import { sheetRead } from '../../src/workbook/read';
import { workbookGrids } from '../../src/xlsx/read';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-cmd-'));
const sample = (f: string) => path.join(root, 'data/sample', f);
const at = (f: string) => path.join(tmp, f);
const write = (name: string, content: string | Uint8Array) => {
  fs.mkdirSync(path.dirname(at(name)), { recursive: true });
  fs.writeFileSync(at(name), content);
  return name;
};

const cli = (...args: string[]) => runCaptured(args, tmp);

async function sheets(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at(file));
  return workbookGrids(wb).map((s) => ({ ...sheetRead(s.name, s.grid), grid: s.grid }));
}

const TEAM = 'worker_id,name,role,supervisor,start_date\nW1,Ann Example,Recovery Coach,Sam,2025-01-02\n';
const SESSIONS_HEAD =
  'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group\n';

describe('help and version', () => {
  it('--version reads the version from package.json, from the source folder or any folder below the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(version()).toBe(pkg.version);
    // a compiled build folder: the nearest package.json named peer-performance-support, skipping others
    write('pkg/package.json', JSON.stringify({ name: 'peer-performance-support', version: '9.8.7' }));
    write('pkg/dist/cli/package.json', JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    expect(version(at('pkg/dist/cli'))).toBe('9.8.7');
    expect(version('/')).toBe('unknown');
  });
  it('peer-performance --version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: `peer-performance ${version()}`, err: '' });
  });
  it("help COMMAND is the command's --help; an unknown topic says what there is", async () => {
    for (const c of ['demo', 'build', 'update', 'export', 'forms', 'collect', 'rollup']) {
      const a = await cli('help', c);
      const b = await cli(c, '--help');
      expect([c, a.code, a.out]).toEqual([c, 0, b.out]);
    }
    expect((await cli('help', 'publish')).err).toBe(
      'peer-performance: no help on "publish": commands are demo, build, update, export, forms, collect, rollup. See peer-performance --help',
    );
  });
  it('every option of every command is in the top-level help', async () => {
    const main = (await cli('--help')).out;
    const all = [
      BUILD_HELP.demo,
      BUILD_HELP.build,
      FORMS_HELP.forms,
      FORMS_HELP.collect,
      EXPORT_HELP,
      UPDATE_HELP,
    ];
    const optionsOf = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g) ?? [])];
    const missing = all.flatMap(optionsOf).filter((o) => o !== '--help' && !main.includes(o));
    expect(missing).toEqual([]);
    expect(optionsOf(BUILD_HELP.build)).toEqual(
      expect.arrayContaining([
        '--force',
        '--compare-period',
        '--person',
        '--agenda',
        '--deidentify',
        '--keep-free-text',
      ]),
    );
    expect(main).toContain(
      'Roles: Recovery Coach; Peer Specialist–Treatment Courts; Recovery Interventionist/Crisis Interventionist',
    );
  });
});

describe('build never replaces a workbook without --force', () => {
  it('refuses, says what to do instead, and leaves the file as it was; --force replaces it', async () => {
    write('t.csv', TEAM);
    write('keep.xlsx', 'typed by a person');
    const r = await cli('build', '--team', 't.csv', '--period', 'Q1', '--out', 'keep.xlsx');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written: keep.xlsx already exists, and build makes a new workbook: whatever was typed into it would be lost.',
      '  To bring new ratings or sessions into it: peer-performance update keep.xlsx --ratings ratings.csv --sessions sessions.csv',
      '  To write a new workbook: choose another --out, or add --force to replace this one.',
    ]);
    expect(fs.readFileSync(at('keep.xlsx'), 'utf8')).toBe('typed by a person');
    const forced = await cli('build', '--team', 't.csv', '--period', 'Q1', '--out', 'keep.xlsx', '--force');
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(at('keep.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('build reaches what the pane makes', () => {
  const base = [
    'build',
    '--team',
    sample('team.csv'),
    '--ratings',
    sample('ratings.csv'),
    '--sessions',
    sample('sessions.csv'),
  ];
  it('--compare-period, --person CODE and all, --agenda WORKER:DATE', async () => {
    const r = await cli(
      ...base,
      '--compare-period',
      '2026 q2',
      '--person',
      'C2001',
      '--person',
      'C2015',
      '--agenda',
      'ps-102:2026-05-01',
      '--agenda',
      'PS-103',
      '--out',
      'choices.xlsx',
    );
    expect(r.err).toBe('');
    const s = await sheets('choices.xlsx');
    expect(s.filter((x) => x.kind === 'comparison').map((x) => x.period)).toEqual(Array(6).fill('2026 Q2'));
    expect(s.filter((x) => x.kind === 'dashboard').map((x) => x.period)).toEqual(['2026 Q2']);
    expect(s.filter((x) => x.kind === 'person').map((x) => x.personCode)).toEqual(['C2001', 'C2015']);
    // PS-103's latest session is the default meeting date
    expect(s.filter((x) => x.kind === 'agenda').map((x) => [x.workerId, x.date])).toEqual([
      ['PS-102', '2026-05-01'],
      ['PS-103', '2026-06-05'],
    ]);
    expect(r.out).toContain('Person views: C2001, C2015');
  });
  it('the default person views are the people not improving after 3+ sessions, not the first code', async () => {
    const r = await cli(...base, '--out', 'default.xlsx');
    const persons = (await sheets('default.xlsx'))
      .filter((x) => x.kind === 'person')
      .map((x) => x.personCode);
    expect(persons.length).toBeGreaterThan(1);
    expect(persons).not.toContain('C2015'); // improving (change +7.9): not a default view
    expect(r.out).toContain(`Person views: ${persons.join(', ')}`);
    const all = await cli(...base, '--person', 'all', '--out', 'all.xlsx');
    expect(all.out).toMatch(/Person views: (C\d+, ){39}C\d+$/m);
  }, 60_000);
  it('choices that do not fit the data are problems, and nothing is written', async () => {
    const r = await cli(
      ...base,
      '--compare-period',
      '2027 Q1',
      '--person',
      'C9',
      '--agenda',
      'PS-9',
      '--agenda',
      'PS-101:2026-13-40',
      '--out',
      'bad-choices.xlsx',
    );
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 4 problems to fix:',
      '  --compare-period: "2027 Q1" is not one of the review periods (2026 Q1, 2026 Q2, 2026 Q3)',
      '  --person C9: no session in the sessions file has person code "C9"',
      '  --agenda PS-9: "PS-9" is not on the team',
      '  --agenda PS-101:2026-13-40: "2026-13-40" is not a date (use yyyy-mm-dd)',
    ]);
    expect(fs.existsSync(at('bad-choices.xlsx'))).toBe(false);
  });
});

describe('CSV files as Excel saves them, and checks across files', () => {
  it('Windows-1252, semicolons, workbook headers and day-first dates build the same workbook as the clean CSVs', async () => {
    const cp1252 = (s: string) =>
      new Uint8Array([...s].map((c) => ({ á: 0xe1, Ó: 0xd3 })[c] ?? c.charCodeAt(0)));
    write(
      'excel/team.csv',
      cp1252(
        'Worker ID;Name;Role;Supervisor;Start date\r\nW1;Siobhán Ó Briain;Recovery Coach;Sam;25/03/2025\r\n',
      ),
    );
    write(
      'excel/ratings.csv',
      'Worker ID;Period;Framework;ID;Self;Supervisor;Notes\r\nw1;2026 q1;samhsa-core-2015;1.1;4;3;\r\n',
    );
    const r = await cli(
      'build',
      '--team',
      'excel/team.csv',
      '--ratings',
      'excel/ratings.csv',
      '--period',
      '2026 Q1',
      '--out',
      'excel.xlsx',
    );
    expect(r.err).toBe('');
    expect(r.out.split('\n').filter((l) => l.startsWith('Note:'))).toEqual([
      'Note: excel/team.csv: read as Windows-1252 (Excel\'s "CSV (Comma delimited)")',
      'Note: excel/team.csv: dates read day-first (dd/mm/yyyy), as row 2 "25/03/2025" shows',
      "Note: excel/ratings.csv: worker ids taken as the team's spelling: w1 -> W1",
      'Note: excel/ratings.csv: period "2026 q1" taken as "2026 Q1" (same label up to case and spacing)',
    ]);
    const s = await sheets('excel.xlsx');
    const team = s.find((x) => x.kind === 'team')!.grid;
    expect(team[1].slice(0, 2)).toEqual(['W1', 'Siobhán Ó Briain']);
    expect(team[1][4]).toBe(45741); // 2025-03-25 as a date serial
    expect(s.filter((x) => x.kind === 'rating').map((x) => [x.workerId, x.period])).toEqual([
      ['W1', '2026 Q1'],
    ]);
  });
  it('a team file whose header is wrong is one problem, not one per rating row', async () => {
    write('hdr/team.csv', 'id,full name\nW1,Ann\n');
    // 62 rows for workers the broken roster cannot confirm: no follow-on "not on the team" for any of them
    const rows = Array.from({ length: 62 }, (_, i) => `W${i},Q1,samhsa-core-2015,1.${(i % 5) + 1},3,3,`);
    write(
      'hdr/ratings.csv',
      `worker_id,period,framework,competency_id,self,supervisor,notes\n${rows.join('\n')}\n`,
    );
    const r = await cli(
      'build',
      '--team',
      'hdr/team.csv',
      '--ratings',
      'hdr/ratings.csv',
      '--out',
      'hdr.xlsx',
    );
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 1 problem to fix:',
      '  hdr/team.csv, row 1: is missing columns worker_id, name, role, supervisor, start_date (expected worker_id,name,role,supervisor,start_date)',
    ]);
  });
  it('a workbook, a PDF or an .ods given as CSV is named for what it is', async () => {
    write('book-as-csv.csv', fs.readFileSync(at('excel.xlsx')));
    write('doc.pdf', '%PDF-1.4\n%\u00e2\u00e3');
    const r = await cli(
      'build',
      '--team',
      'book-as-csv.csv',
      '--sessions',
      'doc.pdf',
      '--period',
      'Q1',
      '--out',
      'x.xlsx',
    );
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 2 problems to fix:',
      '  book-as-csv.csv: is an Excel workbook (.xlsx), not CSV: save it as "CSV UTF-8 (Comma delimited) (*.csv)" (Excel: File > Save As); for a workbook made by this program, use peer-performance export',
      '  doc.pdf: is a PDF document, not CSV: export the data as CSV from the program that made the PDF',
    ]);
  });
  it('a session for a worker not on the team is refused with file, row, column and value', async () => {
    write(
      's-unknown.csv',
      `${SESSIONS_HEAD}C1,W1,2026-01-05,1,5,5,5,5,,,,,\nC2,W7,2026-01-05,1,5,5,5,5,,,,,\n`,
    );
    const r = await cli(
      'build',
      '--team',
      't.csv',
      '--sessions',
      's-unknown.csv',
      '--period',
      'Q1',
      '--out',
      's.xlsx',
    );
    expect(r.err).toContain('  s-unknown.csv, row 3, column worker_id: "W7" is not on the team');
  });
  it('warnings (an unknown role, a session dated before the previous one) are listed and the workbook is written', async () => {
    write('t-role.csv', `${TEAM}W2,Bo,Peer Mentor,Sam,\n`);
    write(
      's-order.csv',
      `${SESSIONS_HEAD}C1,W1,2026-01-20,1,5,5,5,5,,,,,\nC1,W1,2026-01-13,2,6,6,6,6,,,,,\n`,
    );
    const r = await cli(
      'build',
      '--team',
      't-role.csv',
      '--sessions',
      's-order.csv',
      '--period',
      'Q1',
      '--out',
      'warn.xlsx',
    );
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'Warning: t-role.csv, row 3, column role: "Peer Mentor" is not a known role, so no competencies are marked as key for it (known roles: Recovery Coach; Peer Specialist–Treatment Courts; Recovery Interventionist/Crisis Interventionist)',
      'Warning: s-order.csv, row 3, column date: session 2 of C1 is dated 2026-01-13, before session 1 (2026-01-20); check the date and the session number',
    ]);
    expect(fs.existsSync(at('warn.xlsx'))).toBe(true);
  });
});

describe('sheet names with apostrophes', () => {
  it("a worker O'Neil and a period Spring '26: no crash, print titles quoted by doubling, no name ends in an apostrophe", async () => {
    write(
      'apos.csv',
      "worker_id,name,role,supervisor,start_date\nO'Neil,Pat O'Neil,,,\nW-1234567890123'5,Long Id,,,\n",
    );
    const r = await cli('build', '--team', 'apos.csv', '--period', "Spring '26", '--out', 'apos.xlsx');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const xml = await (
      await JSZip.loadAsync(fs.readFileSync(at('apos.xlsx')))
    )
      .file('xl/workbook.xml')!
      .async('string');
    const names = [...xml.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => m[1].replace(/&apos;/g, "'"));
    expect(names).toContain("Compare O'Neil Spring '26");
    for (const n of names) expect([n, /^'|'$/.test(n), n.length <= 31]).toEqual([n, false, true]);
    const titles = [...xml.matchAll(/<definedName name="_xlnm.Print_Titles"[^>]*>([^<]*)</g)].map((m) =>
      m[1].replace(/&apos;/g, "'"),
    );
    expect(titles).toContain("'Compare O''Neil Spring ''26'!$10:$10");
    // every title: a quoted name with only doubled apostrophes inside
    for (const t of titles) expect(t).toMatch(/^'(?:[^']|'')+'!\$\d+:\$\d+$/);
  });
});

describe('forms and collect', () => {
  it('forms never replaces a file in --out-dir, says so, and the collect hint has --period', async () => {
    const first = await cli(
      'forms',
      '--team',
      sample('team.csv'),
      '--period',
      '2026 Q4',
      '--worker',
      'PS-101',
      '--out-dir',
      'forms',
    );
    expect(first.out).toContain(
      `peer-performance collect FILES... --team ${sample('team.csv')} --period "2026 Q4" --out ratings.csv`,
    );
    fs.writeFileSync(at('forms/Self-assessment PS-101 2026 Q4.xlsx'), 'a returned form');
    const again = await cli(
      'forms',
      '--team',
      sample('team.csv'),
      '--period',
      '2026 Q4',
      '--worker',
      'ps-101',
      '--out-dir',
      'forms',
    );
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      '  Self-assessment PS-101 2026 Q4 (2).xlsx  (Avery Lindqvist): "Self-assessment PS-101 2026 Q4.xlsx" is already there and was left as it was',
    );
    expect(fs.readFileSync(at('forms/Self-assessment PS-101 2026 Q4.xlsx'), 'utf8')).toBe('a returned form');
  });
  it('collect: a blank form is reported as blank; --period matches up to case and spacing', async () => {
    const form = at('forms/Self-assessment PS-101 2026 Q4 (2).xlsx');
    const blank = await cli('collect', form, '--team', sample('team.csv'), '--out', 'blank.csv');
    expect(blank.code).toBe(1);
    expect(blank.out).not.toContain('accepted');
    expect(blank.err).toContain(
      `${form}: blank: PS-101, 2026 Q4, samhsa-core-2015: no Self rating was filled in`,
    );
    expect(blank.err).toContain('1 form was blank: send it back to be filled in.');
    expect(fs.existsSync(at('blank.csv'))).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(form);
    const ws = wb.worksheets.find((w) => w.state === 'visible')!;
    ws.getCell(FORM_LAYOUT.firstDataRow + 1, 4).value = 4;
    await wb.xlsx.writeFile(at('filled.xlsx'));
    const ok = await cli(
      'collect',
      'filled.xlsx',
      '--team',
      sample('team.csv'),
      '--period',
      '2026q4',
      '--out',
      'filled.csv',
    );
    expect(ok.err).toBe('');
    expect(ok.out).toContain(
      'filled.xlsx: accepted: PS-101, 2026 Q4, samhsa-core-2015: 62 competencies (1 rated, 0 N/A, 61 blank)',
    );
    const other = await cli(
      'collect',
      'filled.xlsx',
      '--team',
      sample('team.csv'),
      '--period',
      '2027 Q1',
      '--out',
      'other.csv',
    );
    expect(other.err).toContain(
      'is for period "2026 Q4", which is not one of the periods being collected (2027 Q1)',
    );
  });
});

describe('export and update guard the workbook', () => {
  it('usage: one workbook, an --out-dir for export', async () => {
    expect((await cli('export', '--out-dir', 'x')).err).toBe(
      'peer-performance: export needs one workbook: export BOOK.xlsx --out-dir DIR. See peer-performance export --help',
    );
    expect((await cli('update', 'a.xlsx', 'b.xlsx')).err).toContain('update needs one workbook');
  });
  it('a CSV or an .ods given as the workbook is named for what it is; nothing is changed', async () => {
    write('team-as-book.xlsx', TEAM);
    const r = await cli('update', 'team-as-book.xlsx', '--period', 'Q2');
    expect(r.err.split('\n')).toEqual([
      'Nothing was changed. 1 problem to fix:',
      '  team-as-book.xlsx: is a text file (CSV?), not an .xlsx workbook: to make a workbook from CSV files use peer-performance build',
    ]);
    expect(fs.readFileSync(at('team-as-book.xlsx'), 'utf8')).toBe(TEAM);
    expect(fs.existsSync(at('team-as-book.bak.xlsx'))).toBe(false);
  });
  it('a workbook without a Team sheet is not a team workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').getCell('A1').value = 'Item';
    await wb.xlsx.writeFile(at('budget.xlsx'));
    const r = await cli('export', 'budget.xlsx', '--out-dir', 'budget');
    expect(r.err).toContain(
      '  budget.xlsx: has no Team sheet (a table with the headers Worker ID, Name, Role, Supervisor, Start date), so it is not a team workbook made by peer-performance',
    );
    expect(fs.existsSync(at('budget'))).toBe(false);
  });
  it('a problem typed into the workbook names the sheet and cell, and update changes nothing', async () => {
    await cli('build', '--team', 't.csv', '--period', 'Q1', '--out', 'typed.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('typed.xlsx'));
    const rating = wb.worksheets.find((w) => w.name === 'W1 Q1')!;
    rating.getCell('E14').value = 'great';
    wb.worksheets.find((w) => w.name === 'Team')!.getCell('A3').value = 'w1';
    wb.worksheets.find((w) => w.name === 'Team')!.getCell('B3').value = 'Twin';
    await wb.xlsx.writeFile(at('typed.xlsx'));
    const before = fs.readFileSync(at('typed.xlsx'));
    const r = await cli('update', 'typed.xlsx');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was changed. 2 problems to fix:',
      '  typed.xlsx, sheet "Team", cell A3: "w1" is already used on row 2',
      '  typed.xlsx, sheet "W1 Q1", cell E14: "great" is not a score (expected a whole number 1-5, N/A or blank); row skipped',
    ]);
    expect(fs.readFileSync(at('typed.xlsx'))).toEqual(before);
  });
});

describe('more of what the workbook reader and build refuse', () => {
  it('problems typed into a workbook: worker not on the team, a second sheet, a log date, a target date', async () => {
    await cli(
      'build',
      '--team',
      sample('team.csv'),
      '--sessions',
      sample('sessions.csv'),
      '--period',
      'Q1',
      '--person',
      'C2001',
      '--out',
      'bad-book.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('bad-book.xlsx'));
    const sheet = (name: string) => wb.getWorksheet(name)!;
    sheet('PS-106 Q1').getCell('B3').value = 'PS-9'; // Worker ID label
    sheet('PS-105 Q1').getCell('B3').value = 'PS-104'; // a second sheet for PS-104, Q1
    sheet('PS-101 Q1').getCell('J13').value = 'soon'; // Target date
    sheet('Outcomes log').getCell('C6').value = '2026-13-01';
    await wb.xlsx.writeFile(at('bad-book.xlsx'));
    const r = await cli('export', 'bad-book.xlsx', '--out-dir', 'bad-book');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'Nothing was written. 4 problems to fix:',
      '  bad-book.xlsx, sheet "PS-101 Q1", cell J13: "soon" is not a date (use yyyy-mm-dd); the target date is left out',
      '  bad-book.xlsx, sheet "PS-105 Q1": is a second rating sheet for PS-104, Q1 (the first is "PS-104 Q1"); keep one',
      '  bad-book.xlsx, sheet "PS-106 Q1": is for worker "PS-9", who is not on the Team sheet',
      '  bad-book.xlsx, sheet "Outcomes log", cell C6: "2026-13-01" is not a date (use yyyy-mm-dd)',
    ]);
    expect(fs.existsSync(at('bad-book'))).toBe(false);
  });
  it('update: ratings for another framework; a workbook with two frameworks', async () => {
    write(
      'prcoe.csv',
      'worker_id,period,framework,competency_id,self,supervisor,notes\nW1,Q1,prcoe-compilation-2023,1.1,3,,\n',
    );
    const r = await cli('update', 'keep.xlsx', '--ratings', 'prcoe.csv');
    expect(r.err).toContain(
      '  prcoe.csv, column framework: holds ratings for prcoe-compilation-2023 but keep.xlsx uses samhsa-core-2015',
    );
    await cli(
      'build',
      '--team',
      't.csv',
      '--framework',
      'prcoe-compilation-2023',
      '--period',
      'Q2',
      '--out',
      'two.xlsx',
    );
    const a = new ExcelJS.Workbook();
    await a.xlsx.readFile(at('keep.xlsx'));
    const b = new ExcelJS.Workbook();
    await b.xlsx.readFile(at('two.xlsx'));
    // the PRCoE rating sheet copied into the SAMHSA workbook, as a person might paste it
    const src = b.getWorksheet('W1 Q2')!;
    const copy = a.addWorksheet('W1 Q2');
    src.eachRow((row, r) => row.eachCell((c, k) => (copy.getCell(r, k).value = c.value)));
    await a.xlsx.writeFile(at('two-frameworks.xlsx'));
    const u = await cli('update', 'two-frameworks.xlsx');
    expect(u.err).toContain(
      '  two-frameworks.xlsx: has rating sheets for samhsa-core-2015 and prcoe-compilation-2023; update rebuilds one framework: export it and build one workbook per framework',
    );
  });
  it('build: --person and --agenda need --sessions; --agenda without a date needs sessions of that worker; --keep-free-text needs --deidentify', async () => {
    const r = await cli(
      'build',
      '--team',
      't.csv',
      '--period',
      'Q1',
      '--person',
      'C1',
      '--agenda',
      'W1',
      '--out',
      'no-sessions.xlsx',
    );
    expect(r.err.split('\n').slice(1)).toEqual([
      '  --person C1: person views read the outcomes log: give --sessions too',
      '  --agenda W1: an agenda reads the outcomes log: give --sessions too',
    ]);
    write('t2.csv', `${TEAM}W2,Bo,,,\n`);
    write('s-w1.csv', `${SESSIONS_HEAD}C1,W1,2026-01-05,1,5,5,5,5,,,,,\n`);
    const w2 = await cli(
      'build',
      '--team',
      't2.csv',
      '--sessions',
      's-w1.csv',
      '--period',
      'Q1',
      '--agenda',
      'W2',
      '--out',
      'w2.xlsx',
    );
    expect(w2.err).toContain(
      '  --agenda W2: W2 has no sessions; give the meeting date: --agenda W2:yyyy-mm-dd',
    );
    expect(
      (await cli('build', '--team', 't.csv', '--period', 'Q1', '--keep-free-text', '--out', 'k.xlsx')).err,
    ).toBe('peer-performance: --keep-free-text goes with --deidentify. See peer-performance build --help');
  });
  it("update: topics typed into an agenda's empty gap rows are kept in them", async () => {
    write('s-w1b.csv', `${SESSIONS_HEAD}C1,W1,2026-01-05,1,5,5,5,5,,,,,\n`);
    await cli(
      'build',
      '--team',
      't.csv',
      '--sessions',
      's-w1b.csv',
      '--period',
      'Q1',
      '--agenda',
      'W1',
      '--out',
      'agenda.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('agenda.xlsx'));
    const agenda = wb.worksheets.find((w) => w.name.startsWith('Agenda'))!;
    // no ratings, so the gap rows (17-19) are empty rows to type into: topics of the supervisor's own
    agenda.getCell('A17').value = 'Caseload balance';
    agenda.getCell('C17').value = 'Fewer evening groups';
    agenda.getCell('D17').value = 'Discuss in May';
    agenda.getCell('E18').value = 'Worker: training budget'; // a note without a topic
    await wb.xlsx.writeFile(at('agenda.xlsx'));
    const r = await cli('update', 'agenda.xlsx');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Typed cells put back into rebuilt sheets: 4');
    const after = (await sheets('agenda.xlsx')).find((s) => s.kind === 'agenda')!;
    expect([16, 17].map((row) => after.grid[row].slice(0, 5))).toEqual([
      ['Caseload balance', undefined, 'Fewer evening groups', 'Discuss in May'],
      [undefined, undefined, undefined, undefined, 'Worker: training budget'],
    ]);
  });
  it('update: notes typed beside a gap the ratings no longer show are named, and stay in the .bak file', async () => {
    write(
      'gaps.csv',
      'worker_id,period,framework,competency_id,self,supervisor,notes\nW1,Q1,samhsa-core-2015,1.1,5,2,\nW1,Q1,samhsa-core-2015,1.2,5,2,\n',
    );
    write('s-w1c.csv', `${SESSIONS_HEAD}C1,W1,2026-01-05,1,5,5,5,5,,,,,\n`);
    await cli(
      'build',
      '--team',
      't.csv',
      '--ratings',
      'gaps.csv',
      '--sessions',
      's-w1c.csv',
      '--agenda',
      'W1',
      '--out',
      'gaps.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('gaps.xlsx'));
    const agenda = wb.worksheets.find((w) => w.name.startsWith('Agenda'))!;
    expect(String(agenda.getCell('A17').value)).toMatch(/^1\.1 /);
    agenda.getCell('D17').value = 'Talk about boundaries';
    // the supervisor changes their rating of 1.1: it is no longer a gap
    wb.getWorksheet('W1 Q1')!.getCell('E13').value = 5;
    await wb.xlsx.writeFile(at('gaps.xlsx'));
    const r = await cli('update', 'gaps.xlsx');
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `Warning: gaps.xlsx, sheet "${agenda.name}": what was typed in the rows "${agenda.getCell('A17').value}" has no place in the rebuilt sheet; it is in gaps.bak.xlsx`,
    );
  });
  it('a 31-character cut never leaves an apostrophe at either end', () => {
    expect(sanitizeSheetName("Compare O'Neil-Smith 2026 Q1 x'y")).toBe("Compare O'Neil-Smith 2026 Q1 x");
    expect(sanitizeSheetName("Compare Bartholomew-Smith Mary'")).toBe('Compare Bartholomew-Smith Mary');
    expect(sanitizeSheetName("'Spring '26'")).toBe("Spring '26");
    expect(sanitizeSheetName("''''")).toBe('Sheet');
  });
});
