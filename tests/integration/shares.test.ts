/**
 * Sheet names with apostrophes and de-identified copies, checked where they are used: LibreOffice opens
 * the workbook (and drops a print title it cannot parse), computes its formulas and prints the cover.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { runCaptured } from '../support/cli';
import { parseTeamCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { Rating } from '../../src/domain/ratings';
import { score } from '../../src/domain/scale';
import { agencyWorkbook } from '../../src/workbook/build';
import { deidentifyPlan } from '../../src/workbook/deidentify';
import { writeWorkbook } from '../../src/xlsx/write';
import { convertToPdf, readComputed, recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-shares-'));
const at = (f: string) => path.join(tmp, f);

const cli = (...args: string[]) => runCaptured(args, tmp);

const part = async (file: string, name: string) =>
  (await JSZip.loadAsync(fs.readFileSync(file))).file(name)!.async('string');

describe("apostrophes in sheet names: O'Neil, Spring '26", () => {
  let computed: Awaited<ReturnType<typeof readComputed>>;
  let saved: string;
  beforeAll(async () => {
    fs.writeFileSync(
      at('team.csv'),
      "worker_id,name,role,supervisor,start_date\nO'Neil,Pat O'Neil,Recovery Coach,Sam,\n",
    );
    fs.writeFileSync(
      at('ratings.csv'),
      "worker_id,period,framework,competency_id,self,supervisor,notes\nO'Neil,Spring '26,samhsa-core-2015,1.1,2,4,\nO'Neil,Spring '26,samhsa-core-2015,1.2,5,3,\n",
    );
    const r = await cli('build', '--team', 'team.csv', '--ratings', 'ratings.csv', '--out', 'apos.xlsx');
    expect([r.code, r.err]).toEqual([0, '']);
    saved = await recalculate(at('apos.xlsx'), at('lo'));
    computed = await readComputed(saved);
  }, 200_000);

  it('LibreOffice keeps every print title (it drops the ones it cannot read)', async () => {
    const ours = (await part(at('apos.xlsx'), 'xl/workbook.xml')).match(/_xlnm\.Print_Titles/g)!.length;
    const theirs = (await part(saved, 'xl/workbook.xml')).replace(/&apos;/g, "'");
    expect(ours).toBeGreaterThanOrEqual(2); // every table repeats its header row: rating sheet, comparison, ...
    expect(theirs.match(/_xlnm\.Print_Titles/g)).toHaveLength(ours);
    expect(theirs).toContain("'Compare O''Neil Spring ''26'!$10:$10");
    expect(theirs).toContain("'O''Neil Spring ''26'!$12:$12");
  });

  it('formulas across the quoted names compute: the comparison reads the rating sheet', () => {
    const cmp = computed.get("Compare O'Neil Spring '26")!;
    // rows 11 and 12: competencies 1.1 and 1.2; D Self, E Supervisor, F Gap (supervisor - self)
    expect([cmp.get('D11'), cmp.get('E11'), cmp.get('F11')]).toEqual([2, 4, 2]);
    expect([cmp.get('D12'), cmp.get('E12'), cmp.get('F12')]).toEqual([5, 3, -2]);
    // #N/A only where a chart reads it (a "Chart: ..." column: no value, a gap in the chart)
    const chartColumns = (cells: Map<string, unknown>) =>
      new Set(
        [...cells]
          .filter(([, v]) => typeof v === 'string' && v.startsWith('Chart: '))
          .map(([ref]) => ref.replace(/\d+$/, '')),
      );
    const errors = [...computed].flatMap(([s, cells]) => {
      const charts = chartColumns(cells);
      return [...cells]
        .filter(([, v]) => typeof v === 'string' && /^#(REF|NAME|VALUE|N\/A)/.test(v))
        .filter(([ref, v]) => !(v === '#N/A' && charts.has(ref.replace(/\d+$/, ''))))
        .map(([ref]) => `${s}!${ref}`);
    });
    expect(errors).toEqual([]);
  });
});

describe('a de-identified copy', () => {
  const team = parseTeamCsv(
    fs.readFileSync(path.join(root, 'data/sample/team.csv'), 'utf8'),
    'team.csv',
  ).records;

  it('holds no worker id in any spelling, even from a sessions file and notes written another way', async () => {
    const sessions = fs
      .readFileSync(path.join(root, 'data/sample/sessions.csv'), 'utf8')
      .replace(/PS-101/g, 'ps-101')
      .replace(/PS-102/g, 'Ps-102');
    fs.writeFileSync(at('sessions.csv'), sessions);
    const ratings = fs
      .readFileSync(path.join(root, 'data/sample/ratings.csv'), 'utf8')
      .replace(
        /(PS-103,2026 Q3,samhsa-core-2015,1\.1,\d,\d,)/,
        '$1"Compared with ps103 and PS_104, ps 105 is ahead"',
      );
    fs.writeFileSync(at('ratings-notes.csv'), ratings);
    const r = await cli(
      'build',
      '--team',
      path.join(root, 'data/sample/team.csv'),
      '--ratings',
      'ratings-notes.csv',
      '--sessions',
      'sessions.csv',
      '--deidentify',
      '--keep-free-text',
      '--out',
      'shared.xlsx',
    );
    expect(r.err).toBe('');
    const zip = await JSZip.loadAsync(fs.readFileSync(at('shared.xlsx')));
    const any = team.map((w) => new RegExp(w.workerId.replace(/-/, '[-_. ]?'), 'i'));
    const hits: string[] = [];
    for (const [name, file] of Object.entries(zip.files)) {
      if (file.dir) continue;
      const text = await file.async('string');
      for (const re of any) if (re.test(text)) hits.push(`${name}: ${re.source}`);
      for (const w of team) if (text.includes(w.name)) hits.push(`${name}: ${w.name}`);
    }
    expect(hits).toEqual([]);
    const shared = await part(at('shared.xlsx'), 'xl/sharedStrings.xml');
    expect(shared).toContain('Compared with W03 and W04, W05 is ahead');
  });

  it('roles held by fewer than 3 workers are generalised; the cover says what was kept and removed, and prints on Letter', async () => {
    const ratings: Rating[] = [
      {
        workerId: 'PS-104',
        period: '2026 Q1',
        frameworkId: 'samhsa-core-2015',
        competencyId: '1.1',
        self: score(3),
        supervisor: score(4),
        notes: '',
      },
    ];
    const plan = agencyWorkbook({
      team,
      periods: ['2026 Q1'],
      ctx: {
        framework: getFramework('samhsa-core-2015'),
        scale: getScale(),
        roles: library().roles,
        ratings,
      },
      computedAt: '2026-01-01 09:00',
    });
    const { plan: copy, cover } = deidentifyPlan(plan, team, { emptyFreeText: true });
    // The sample team: 3 Recovery Coaches, 2 Peer Specialists - Treatment Courts, 1 Recovery/Crisis Interventionist
    const roster = copy.sheets.find((s) => s.kind === 'team')!;
    expect(roster.cells.slice(1, 7).map((r) => r![2]?.value)).toEqual([
      'Recovery Coach',
      'Recovery Coach',
      'Peer worker',
      'Peer worker',
      'Peer worker',
      'Recovery Coach',
    ]);
    const text = JSON.stringify(copy.sheets.slice(1));
    expect(text).not.toMatch(/Treatment Courts|Crisis Interventionist/);
    // a generalised worker's rating sheet has no key-competency marks; a kept one has them
    const marks = (code: string) =>
      JSON.stringify(copy.sheets.find((s) => s.name === `${code} 2026 Q1`)!.cells).match(
        /Key (competency|task)/g,
      )?.length ?? 0;
    expect(marks('W03')).toBe(0);
    expect(marks('W01')).toBeGreaterThan(5);

    const file = at('cover.xlsx');
    fs.writeFileSync(file, await writeWorkbook({ sheets: [cover], names: [] }));
    const pdf = await convertToPdf(file, at('pdf'));
    const html = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
    const page = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html)!;
    expect([Number(page[1]), Number(page[2])]).toEqual([612, 792]); // US Letter, portrait
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g)];
    expect(Math.max(...words.map((w) => Number(w[2])))).toBeLessThan(612 - 18);
    expect(Math.min(...words.map((w) => Number(w[1])))).toBeGreaterThan(18);
    const printed = words.map((w) => w[3]).join(' ');
    for (const phrase of [
      'Roles held by fewer than 3 workers could single a person out: 2 roles (3 workers) now read "Peer worker"',
      'Roles kept: Recovery Coach (3).',
      'Free text was emptied',
    ])
      expect(printed.replace(/&quot;/g, '"')).toContain(phrase);
    // no word shrunk to an unreadable size: text lines at least 8 points high
    const heights = [
      ...html.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g),
    ].map((m) => Number(m[2]) - Number(m[1]));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
  }, 120_000);
});
