/**
 * docs/table-contracts.md is what Power Query may rely on: every table of a built team workbook (as written,
 * and after LibreOffice saved it) and of an agency workbook has a documented name and exactly the documented
 * headers (an "open" table may have more after them); every documented table is built; and the M script
 * (docs/agency-rollup.pq) asks only for documented tables and columns. A change to a table's name or headers,
 * or to the document, without the other fails here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { runCli } from '../../src/cli/main';
import { RATING_HEADERS } from '../../src/workbook/rating';
import { recalculate } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-contracts-'));
const doc = fs.readFileSync(path.join(root, 'docs/table-contracts.md'), 'utf8');
const script = fs.readFileSync(path.join(root, 'docs/agency-rollup.pq'), 'utf8');

interface Contract {
  name: string;
  pattern: RegExp;
  columns: string[];
  open: boolean;
}

/** Each "### `NAME`" section: the first column of its markdown table, and whether it is marked open. */
function contracts(): Contract[] {
  return doc
    .split(/^### /m)
    .slice(1)
    .map((section) => {
      const name = /^`([^`]+)`/.exec(section)![1];
      const rows = section
        .split('\n')
        .filter((l) => l.startsWith('| ') && !/^\| Column \|/.test(l))
        .map((l) =>
          l
            .split(/(?<!\\)\|/)[1]
            .trim()
            .replace(/\\\|/g, '|'),
        );
      const pattern = new RegExp(
        `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '[A-Za-z0-9_.]+')}$`,
      );
      return { name, pattern, columns: rows, open: /\*Open\*|\(\*open\*/.test(section) };
    });
}

/** Every table of an .xlsx package as Excel reads it: its name and the names of its columns, in order. */
async function tablesOf(file: string): Promise<{ name: string; columns: string[] }[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const parts = Object.keys(zip.files).filter((f) => /^xl\/tables\/[^/]+\.xml$/.test(f));
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Promise.all(
    parts.map(async (p) => {
      const xml = await zip.file(p)!.async('string');
      const name = /<table\b[^>]*\bdisplayName="([^"]*)"/.exec(xml)![1];
      const columns = [...xml.matchAll(/<tableColumn\b[^>]*\bname="([^"]*)"/g)].map((m) => unescape(m[1]));
      return { name: unescape(name), columns };
    }),
  );
}

function check(tables: { name: string; columns: string[] }[], all: Contract[]): Set<string> {
  const used = new Set<string>();
  for (const t of tables) {
    const c = all.find((x) => x.pattern.test(t.name));
    expect([t.name, c ? 'documented' : 'not in docs/table-contracts.md']).toEqual([t.name, 'documented']);
    used.add(c!.name);
    const head = c!.open ? t.columns.slice(0, c!.columns.length) : t.columns;
    expect([t.name, head]).toEqual([t.name, c!.columns]);
  }
  return used;
}

const all = contracts();
const cli = (...args: string[]) => runCli(args, { out: () => {}, err: () => {}, cwd: tmp });
let demo: string;
let resaved: string;
let agency: string;

beforeAll(async () => {
  demo = path.join(tmp, 'demo.xlsx');
  expect(await cli('demo', '--out', demo)).toBe(0);
  resaved = await recalculate(demo, path.join(tmp, 'resaved'));
  agency = path.join(tmp, 'agency.xlsx');
  expect(await cli('rollup', demo, '--out', agency)).toBe(0);
}, 180_000);

describe('docs/table-contracts.md', () => {
  it('documents the tables it should (sanity of the parse)', () => {
    expect(all.map((c) => c.name)).toEqual([
      'PPS_Team',
      'PPS_Settings',
      'Ratings_<worker>_<period>',
      'WPS_<worker>',
      'PPS_Outcomes',
      'PPS_AgencyTeams',
      'PPS_AgencyWorkers',
      'PPS_AgencyRatings',
      'PPS_AgencyOutcomes',
    ]);
    expect(all.find((c) => c.name.startsWith('Ratings_'))!.columns).toEqual([...RATING_HEADERS]);
    expect(all.filter((c) => c.open).map((c) => c.name)).toEqual(['PPS_Outcomes', 'PPS_AgencyOutcomes']);
  });

  it('every table of a team workbook, as written and after LibreOffice saved it, is documented exactly', async () => {
    const written = await tablesOf(demo);
    const used = check(written, all);
    expect([...used].sort()).toEqual(
      ['PPS_Outcomes', 'PPS_Settings', 'PPS_Team', 'Ratings_<worker>_<period>', 'WPS_<worker>'].sort(),
    );
    const saved = await tablesOf(resaved);
    check(saved, all);
    expect(saved.map((t) => t.name).sort()).toEqual(written.map((t) => t.name).sort());
  });

  it('every table of an agency workbook is documented exactly', async () => {
    const used = check(await tablesOf(agency), all);
    expect([...used].sort()).toEqual(
      [
        'PPS_AgencyOutcomes',
        'PPS_AgencyRatings',
        'PPS_AgencyTeams',
        'PPS_AgencyWorkers',
        'PPS_Settings',
      ].sort(),
    );
  });

  it('the open tables have the same guaranteed columns (the agency log is the team log)', () => {
    const cols = (n: string) => all.find((c) => c.name === n)!.columns;
    expect(cols('PPS_AgencyOutcomes')).toEqual(cols('PPS_Outcomes'));
  });
});

describe('docs/agency-rollup.pq asks only for what the contract guarantees', () => {
  const queries = Object.fromEntries(
    script
      .split(/^\/\/ -+\n\/\/ Query: /m)
      .slice(1)
      .map((q) => [q.split(' ')[0], q] as const),
  );
  /** The strings of an M list `NAME = {"a", "b", ...}` in a query. */
  const list = (query: string, name: string) => {
    const m = new RegExp(`\\b${name} = \\{([^}]*)\\}`).exec(queries[query])!;
    return [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]);
  };
  const columns = (n: string) => all.find((c) => c.name === n)!.columns;

  it('has the four queries', () => {
    expect(Object.keys(queries)).toEqual([
      'TeamWorkbooks',
      'AgencyWorkers',
      'AgencySessions',
      'AgencyRatings',
    ]);
  });

  it('reads PPS_Team and PPS_Outcomes by documented names and columns only', () => {
    const items = [...script.matchAll(/\[Item\] = "([^"]+)"/g)].map((m) => m[1]);
    expect([...new Set(items)].sort()).toEqual(['PPS_Outcomes', 'PPS_Team']);
    expect(list('AgencyWorkers', 'Columns')).toEqual(columns('PPS_Team'));
    for (const c of list('AgencySessions', 'Columns'))
      expect([c, columns('PPS_Outcomes').includes(c)]).toEqual([c, true]);
    for (const c of list('AgencySessions', 'Numbers'))
      expect([c, list('AgencySessions', 'Columns').includes(c)]).toEqual([c, true]);
  });

  it('finds rating sheets by the documented header row and labels', () => {
    const header = list('AgencyRatings', 'Header');
    expect(header).toEqual(columns('Ratings_<worker>_<period>').slice(0, header.length));
    for (const c of list('AgencyRatings', 'Columns')) expect(header.includes(c)).toBe(true);
    const labels = [...queries.AgencyRatings.matchAll(/LabelValue\(sheet, "([^"]+)"\)/g)].map((m) => m[1]);
    expect(labels).toEqual(['Worker ID', 'Period', 'Framework']);
    for (const l of labels) expect(doc).toContain(`\`${l}\``);
  });
});
