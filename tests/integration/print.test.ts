/**
 * Printing, by a real engine: the demo, a de-identified build with sessions and a self-assessment form,
 * printed to PDF by LibreOffice (letter paper, each sheet's own print setup) and measured with poppler's
 * `pdftotext -bbox-layout`. At least 95% of the words must be 7.5 pt high or more on paper, every page's
 * text 9 pt or more (in Carlito, Calibri's metrics, as Excel prints), and no word may print over another;
 * a rating sheet's and a comparison's table hold 10 competencies or more a page. A page image of each
 * sheet kind goes to test-output/print/ (a few are kept in docs/print/ for the README). And the row-height
 * estimate (src/workbook/textFit.ts) against the lines LibreOffice really wraps texts into.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCli } from '../../src/cli/main';
import { parseSessionsCsv } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { library } from '../../src/domain/library';
import { total } from '../../src/domain/pcoms';
import { outcomesSheets } from '../../src/workbook/outcomes';
import { settingsSheet } from '../../src/workbook/settingsSheet';
import { wrappedLines } from '../../src/workbook/textFit';
import { writeWorkbook } from '../../src/xlsx/write';
import {
  bodySize,
  overlapLines,
  pageSizes,
  PdfPage,
  pdfFonts,
  pdfWords,
  printFigures,
} from '../support/pdfWords';
import { convertToPdf, countInk, pdfToPngs } from '../support/libreoffice';

const root = path.join(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-print-'));
const shots = path.join(root, 'test-output', 'print');
const quiet = { out: () => undefined, err: console.error, cwd: root };

/** Each sheet kind by the words its first page starts with (in pdftotext's reading order). */
const KINDS: [kind: string, start: RegExp][] = [
  ['team', /^Worker ID .* Name .* Role .* Supervisor .* Start date/],
  ['dashboard', /^Team dashboard:/],
  ['comparison', /^Self and supervisor:/],
  ['comparison-means', /^Means by category .* Pairs rated/],
  ['trend', /^Trends:/],
  ['rating', /^Competency ratings:/],
  ['rating-means', /^Means by category .* Self rated/],
  ['wps', /^Work Process Schedule:/],
  ['outcomes-log', /^PCOMS outcome log/],
  ['outcomes-summary', /^PCOMS provider summary/],
  ['person', /^Person \S+: ORS and SRS by session/],
  ['agenda', /^One-on-one agenda/],
  ['settings', /^Peer Performance Support settings/],
  ['form', /^Self-assessment:/],
  ['about-this-copy', /^De-identified copy/],
];

const printed = new Map<string, { pdf: string; pages: PdfPage[] }>();

async function print(name: string, xlsx: string) {
  const pdf = await convertToPdf(xlsx, path.join(tmp, 'pdf'));
  printed.set(name, { pdf, pages: pdfWords(pdf) });
}

beforeAll(async () => {
  const demo = path.join(tmp, 'demo.xlsx');
  expect(await runCli(['demo', '--out', demo], quiet)).toBe(0);
  const shared = path.join(tmp, 'shared.xlsx');
  const sample = (f: string) => path.join('data/sample', f);
  expect(
    await runCli(
      [
        'build',
        '--team',
        sample('team.csv'),
        '--ratings',
        sample('ratings.csv'),
        '--sessions',
        sample('sessions.csv'),
        '--deidentify',
        '--out',
        shared,
      ],
      quiet,
    ),
  ).toBe(0);
  const forms = path.join(tmp, 'forms');
  expect(
    await runCli(['forms', '--team', sample('team.csv'), '--period', '2026 Q4', '--out-dir', forms], quiet),
  ).toBe(0);
  const form = fs.readdirSync(forms).find((f) => f.endsWith('.xlsx'))!;
  await print('demo', demo);
  await print('de-identified build with sessions', shared);
  await print('self-assessment form', path.join(forms, form));
}, 600_000);

describe.each(['demo', 'de-identified build with sessions', 'self-assessment form'])(
  '%s, printed',
  (name) => {
    it('at least 95% of the words are 7.5 pt high or more on paper, and no word prints over another', () => {
      const { pages } = printed.get(name)!;
      const f = printFigures(pages);
      console.log(
        `${name}: ${f.pages} pages, ${f.words} words, ${(f.readable * 100).toFixed(1)}% at least 7.5 pt high, ` +
          `${f.overlaps.length} overlapping pairs`,
      );
      expect(f.words).toBeGreaterThan(100);
      expect(f.readable).toBeGreaterThanOrEqual(0.95);
      expect(overlapLines(f)).toEqual([]);
      // every page is US Letter
      for (const size of pageSizes(pages)) expect(size).toEqual([612, 792]);
      // printed in Carlito, Calibri's metrics (scripts/ensure-system-deps.js installs it), as Excel prints
      // (a glyph Carlito lacks, such as the framework texts' U+2010 hyphen, comes from DejaVu Sans)
      expect(pdfFonts(printed.get(name)!.pdf)).toEqual(expect.arrayContaining(['Carlito', 'Carlito-Bold']));
      // the text of every page prints at 9 points or more
      const small = pages.flatMap((p, i) =>
        bodySize(p) < 9 ? [`page ${i + 1}: ${bodySize(p).toFixed(1)} pt`] : [],
      );
      expect(small).toEqual([]);
    });
  },
);

it('rating sheets and comparisons print 10 competencies or more a page, at 9 points or more', () => {
  const { pages } = printed.get('demo')!;
  const words = (p: PdfPage) => p.words.map((w) => w.text).join(' ');
  // the pages of the first sheet with this title, up to its category means (the side block's page)
  const table = (title: RegExp) => {
    const from = pages.findIndex((p) => title.test(words(p)));
    const to = pages.findIndex((p, i) => i > from && /^Means by category/.test(words(p)));
    return pages.slice(from, to);
  };
  const ids = (p: PdfPage) => p.words.filter((w) => /^\d+\.\d+$/.test(w.text) && w.xMin < 200).length;
  for (const title of [/^Competency ratings:/, /^Self and supervisor:/]) {
    const tablePages = table(title).filter((p) => !/Development suggestions/.test(words(p)));
    const perPage = tablePages.map(ids);
    console.log(
      `${title.source}: ${perPage.join(' + ')} competencies on ${tablePages.length} pages, at ` +
        `${tablePages
          .map(bodySize)
          .map((x) => x.toFixed(1))
          .join(', ')} pt`,
    );
    expect(perPage.reduce((a, b) => a + b, 0)).toBe(62);
    expect(tablePages.length).toBeLessThanOrEqual(6);
    // the pages between the first (below the labels) and the last (what is left) hold 10 or more
    expect(perPage.slice(1, -1).every((n) => n >= 10)).toBe(true);
    expect(Math.min(...tablePages.map(bodySize))).toBeGreaterThanOrEqual(9);
  }
});

it('the agenda prints on two landscape pages: outcomes and all six gap rows, then the agenda', () => {
  const { pages } = printed.get('demo')!;
  const words = (p: PdfPage) => p.words.map((w) => w.text).join(' ');
  const at = pages.findIndex((p) => /^One-on-one agenda/.test(words(p)));
  expect(at).toBeGreaterThanOrEqual(0);
  const [first, second] = [pages[at], pages[at + 1]];
  expect(first.width).toBeGreaterThan(first.height);
  // the demo's worker has the most gap rows there can be (three blind spots, three lowest ratings)
  expect(first.words.filter((w) => /^\d+\.\d+$/.test(w.text) && w.xMin < 100)).toHaveLength(6);
  expect(words(second)).toMatch(/^Agenda Section/);
  expect(words(second)).toContain('Total minutes');
  // room to write: the supervisor's note column (as wide as the worker's) prints 1.4 inches wide or more
  const left = (text: string) => second.words.find((w) => w.text === text)!.xMin;
  expect(left('Worker') - left('Supervisor')).toBeGreaterThanOrEqual(1.4 * 72);
});

it('the row-height estimate never gives a text fewer lines than LibreOffice wraps it into', async () => {
  // Every category and competency text of the bundled frameworks, regular and bold, in wrapped columns
  // of several widths, each row far taller than needed; LibreOffice prints them and the lines are counted.
  const texts = [
    ...new Set(
      library().frameworks.flatMap((f) => [
        ...f.categories.map((c) => c.title),
        ...flattenCompetencies(f).map((c) => c.text),
      ]),
    ),
  ];
  const cases = [8, 14, 28].flatMap((width) => [false, true].map((bold) => ({ width, bold })));
  const wb = new ExcelJS.Workbook();
  for (const { width, bold } of cases) {
    const ws = wb.addWorksheet(`W${width}${bold ? 'b' : ''}`);
    ws.getColumn(1).width = 6;
    ws.getColumn(2).width = width;
    texts.forEach((t, i) => {
      ws.getCell(i + 1, 1).value = `R${i}`;
      ws.getCell(i + 1, 1).alignment = { vertical: 'top' };
      ws.getCell(i + 1, 2).value = t;
      ws.getCell(i + 1, 2).alignment = { wrapText: true, vertical: 'top' };
      ws.getCell(i + 1, 2).font = { name: 'Calibri', family: 2, size: 11, bold };
      ws.getRow(i + 1).height = 15 * (wrappedLines(t, width, { bold }) + 3);
    });
  }
  const xlsx = path.join(tmp, 'wrap.xlsx');
  await wb.xlsx.writeFile(xlsx);
  const pages = pdfWords(await convertToPdf(xlsx, path.join(tmp, 'pdf')));
  // lines per row: the distinct tops of the words right of the row's marker, down to the next marker
  const counted: number[][] = [];
  for (const page of pages) {
    const markers = page.words
      .filter((w) => /^R\d+$/.test(w.text) && w.xMin < 60)
      .sort((a, b) => a.yMin - b.yMin);
    const split = Math.max(...markers.map((m) => m.xMax)) + 2;
    markers.forEach((m, k) => {
      const i = Number(m.text.slice(1));
      if (i === 0) counted.push([]);
      const below = markers[k + 1]?.yMin ?? Infinity;
      const tops = page.words
        .filter((w) => w.xMin > split && w.yMin >= m.yMin - 2 && w.yMin < below - 2)
        .map((w) => w.yMin)
        .sort((a, b) => a - b);
      counted[counted.length - 1][i] = tops.filter((y, j) => j === 0 || y - tops[j - 1] > 3).length;
    });
  }
  expect(counted.length).toBe(cases.length);
  const short: string[] = [];
  let estimated = 0;
  let printedLines = 0;
  cases.forEach(({ width, bold }, s) =>
    texts.forEach((t, i) => {
      const est = wrappedLines(t, width, { bold });
      estimated += est;
      printedLines += counted[s][i];
      if (est < counted[s][i])
        short.push(`width ${width}${bold ? ' bold' : ''}: ${est} < ${counted[s][i]} "${t}"`);
    }),
  );
  console.log(
    `row-height estimate: ${texts.length * cases.length} texts, ${printedLines} lines printed, ` +
      `${estimated} estimated (${(((estimated - printedLines) / printedLines) * 100).toFixed(1)}% room to spare)`,
  );
  expect(short).toEqual([]);
});

it('a by-quarter chart with one quarter of data is one labelled point, not an empty frame', async () => {
  const sessions = parseSessionsCsv(
    fs.readFileSync(path.join(root, 'data/sample/sessions.csv'), 'utf8'),
    'sessions.csv',
  ).records.filter((x) => x.date < '2026-04-01');
  const settings = settingsSheet();
  const plan = { sheets: [...outcomesSheets({ sessions }), settings.sheet], names: settings.names };
  const xlsx = path.join(tmp, 'one-quarter.xlsx');
  fs.writeFileSync(xlsx, await writeWorkbook(plan));
  const pdf = await convertToPdf(xlsx, path.join(tmp, 'pdf'));
  const pages = pdfWords(pdf);
  // the summary's by-quarter block and chart, on a page of their own after the per-worker table
  const at = pages.findIndex((p) =>
    p.words
      .map((w) => w.text)
      .join(' ')
      .includes('By quarter (of the session date)'),
  );
  expect(at).toBeGreaterThanOrEqual(0);
  // the point's label: the quarter's mean ORS total, as the chart formats it (0.0#)
  const totals = sessions.map((x) => total(x.ors)).filter((t): t is number => t !== null);
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const label = mean.toFixed(2).replace(/(\.\d)0$/, '$1');
  const words = pages[at].words.map((w) => w.text);
  expect(words).toContain('2026 Q1'.split(' ')[1]);
  expect(words).toContain(label);
  // and the marker is drawn: coloured ink on the page beyond the table's own colours
  const [png] = await pdfToPngs(pdf, path.join(tmp, 'png', 'one-quarter'), {
    firstPage: at + 1,
    lastPage: at + 1,
  });
  expect(countInk(png, undefined, { colouredOnly: true })).toBeGreaterThan(0);
});

it('every sheet kind printed; a page image of each goes to test-output/print/', async () => {
  fs.mkdirSync(shots, { recursive: true });
  const found: string[] = [];
  for (const [kind, start] of KINDS) {
    for (const { pdf, pages } of printed.values()) {
      const i = pages.findIndex((p) =>
        start.test(
          p.words
            .slice(0, 150)
            .map((w) => w.text)
            .join(' '),
        ),
      );
      if (i < 0) continue;
      found.push(kind);
      const [png] = await pdfToPngs(pdf, path.join(tmp, 'png', kind), {
        firstPage: i + 1,
        lastPage: i + 1,
        dpi: 60,
      });
      fs.copyFileSync(png, path.join(shots, `${kind}.png`));
      break;
    }
  }
  expect(found).toEqual(KINDS.map(([k]) => k));
});
