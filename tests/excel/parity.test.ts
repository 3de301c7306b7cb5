/**
 * Parity: the same plans through both renderers (Office.js into the fake host, ExcelJS into .xlsx)
 * give the same cells, formulas, number formats, fills, validation, conditional formats, tables and
 * charts (the demo workbook, which holds every builder's sheets of the ratings), and the same page setup
 * (every sheet kind).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as fs from 'fs';
import * as path from 'path';
import { parseRatingsCsv, parseTeamCsv } from '../../src/domain/csv';
import { getFramework, getScale, library } from '../../src/domain/library';
import { insertPlans } from '../../src/excel/render';
import { ownRowHeights } from '../../src/excel/render/layout';
import { deidentifyPlan } from '../../src/workbook/deidentify';
import { outcomesSheets } from '../../src/workbook/outcomes';
import { colName } from '../../src/workbook/a1';
import { agencyWorkbook } from '../../src/workbook/build';
import { WorkbookPlan } from '../../src/workbook/plan';
import { writeWorkbook } from '../../src/xlsx/write';
import { plainValue } from '../../src/xlsx/read';
import { filledDown } from '../../src/xlsx/shared';
import { createFakeExcel, FakeExcel } from '../support/fakeExcel';
import { demoLikePlan, formPlan, sampleData } from '../support/sheetKinds';

const root = path.join(__dirname, '../..');
const sample = (f: string) => fs.readFileSync(path.join(root, 'data/sample', f), 'utf8');
const scale = getScale();

function demoPlan(): WorkbookPlan {
  const team = parseTeamCsv(sample('team.csv'), 'team.csv').records;
  const ratings = parseRatingsCsv(sample('ratings.csv'), 'r', {
    frameworks: library().frameworks,
    scale,
  }).records;
  const plan = agencyWorkbook({
    team,
    periods: ['2026 Q1', '2026 Q2', '2026 Q3'],
    ctx: { framework: getFramework('samhsa-core-2015'), scale, roles: library().roles, ratings },
    computedAt: '2026-11-23 09:00',
  });
  const wps = agencyWorkbook({
    team: team.slice(0, 1),
    periods: ['x'],
    ctx: { framework: getFramework('peer-supervisor-wps'), scale, roles: [], ratings: [] },
  }).sheets.filter((s) => s.kind === 'wps');
  plan.sheets.splice(1, 0, ...wps);
  return plan;
}

let fake: FakeExcel;
let wb: ExcelJS.Workbook;
let zip: JSZip;
const plan = demoPlan();

beforeAll(async () => {
  fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
  const res = await insertPlans(fake.run, plan, { supports: (v) => fake.isSetSupported('ExcelApi', v) });
  expect(res.renamed).toEqual([]);
  const bytes = await writeWorkbook(plan);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  zip = await JSZip.loadAsync(bytes);
});

/**
 * A cell as text. A shared-formula cell is its master's formula filled down to it (what Excel reads;
 * ExcelJS's own translation also moves digits inside quoted sheet names such as 'PS-101 2026 Q3').
 */
const xlsxText = (v: ExcelJS.CellValue, ws?: ExcelJS.Worksheet, row = 0) => {
  if (v && typeof v === 'object' && 'sharedFormula' in v && ws) {
    const master = ws.getCell(v.sharedFormula);
    return `=${filledDown((master.value as ExcelJS.CellFormulaValue).formula, row - Number(master.row))}`;
  }
  if (v && typeof v === 'object' && 'formula' in v) return `=${(v as ExcelJS.CellFormulaValue).formula}`;
  const p = plainValue(v);
  return p === null ? '' : p;
};

describe('Office.js renderer and .xlsx renderer agree', () => {
  it('same sheets in the same order', () => {
    expect(fake.workbook.sheetNames()).toEqual(['Sheet1', ...plan.sheets.map((s) => s.name)]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(plan.sheets.map((s) => s.name));
  });

  it('every cell: value or formula, number format, fill and bold', () => {
    let cells = 0;
    let shared = 0; // cells the .xlsx holds as shared formulas (filled down from the cell above)
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          const f = fake.workbook.cell(ws.name, cell.address);
          const office = f.formula ?? f.value;
          // ExcelJS shows a merged range's value in each of its cells; the value lives in the first only
          const merged = cell.type === ExcelJS.ValueType.Merge;
          expect([ws.name, cell.address, office]).toEqual([
            ws.name,
            cell.address,
            merged ? '' : xlsxText(cell.value, ws, Number(cell.row)),
          ]);
          if (cell.value && typeof cell.value === 'object' && 'sharedFormula' in cell.value) shared++;
          if (cell.numFmt)
            expect([ws.name, cell.address, f.numberFormat]).toEqual([ws.name, cell.address, cell.numFmt]);
          const fill = (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
          if (fill)
            expect([cell.address, f.fill?.toUpperCase()]).toEqual([cell.address, `#${fill.slice(2)}`]);
          expect([ws.name, cell.address, !!f.font.bold]).toEqual([ws.name, cell.address, !!cell.font?.bold]);
          cells++;
        }),
      );
    }
    // every cell with content in the plan was compared (styled empty cells come on top)
    const planCells = plan.sheets.reduce(
      (n, s) =>
        n + s.cells.flat().filter((c) => c && (c.formula !== undefined || (c.value ?? null) !== null)).length,
      0,
    );
    expect(planCells).toBeGreaterThan(10000);
    expect(cells).toBeGreaterThanOrEqual(planCells);
    expect(shared).toBeGreaterThan(1000);
  });

  it('validation ranges and types, conditional formats, tables, charts and names', async () => {
    let hiddenSeen = 0; // helper columns hidden by both renderers (the comparisons' Source row)
    const parts = Object.keys(zip.files);
    const sheetFiles = parts
      .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
      .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
    for (let i = 0; i < plan.sheets.length; i++) {
      const name = plan.sheets[i].name;
      const xml = await zip.file(sheetFiles[i])!.async('string');
      const dv = [...xml.matchAll(/<dataValidation [^>]*type="(\w+)"[^>]*sqref="([^"]+)"/g)]
        .map((m) => `${m[1]} ${m[2]}`)
        .sort();
      const office = fake.workbook
        .validations(name)
        .map(
          (v) =>
            `${Object.keys(v.rule ?? {})[0].replace('wholeNumber', 'whole')} ${v.address.split('!').pop()}`,
        )
        .sort();
      expect([name, office]).toEqual([name, dv]);
      const cf = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)"/g)].map((m) => m[1]).sort();
      expect([
        name,
        fake.workbook
          .conditionalFormats(name)
          .map((c) => c.address.split('!').pop())
          .sort(),
      ]).toEqual([name, cf]);
      expect([name, fake.workbook.charts(name).length]).toEqual([name, plan.sheets[i].charts.length]);
      const ws = wb.getWorksheet(name)!;
      const xlsxHidden = (ws.columns ?? []).flatMap((c, k) => (c.hidden ? [colName(k)] : []));
      expect([name, fake.workbook.hiddenColumns(name)]).toEqual([name, xlsxHidden]);
      hiddenSeen += xlsxHidden.length;
    }
    expect(hiddenSeen).toBe(plan.sheets.filter((x) => x.kind === 'comparison').length);
    const xlsxTables = wb.worksheets.flatMap((ws) =>
      Object.values(
        (ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string } }> }).tables,
      ).map((t) => `${ws.name}|${t.table.name}|${t.table.tableRef}`),
    );
    const officeTables = fake.workbook
      .tables()
      .map((t) => `${t.sheet}|${t.name}|${t.address.split('!').pop()}`);
    expect(officeTables.sort()).toEqual(xlsxTables.sort());
    // chart series: every series range in the chart XML appears in the fake's charts, in the same order
    const chartXml = await Promise.all(
      parts.filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p)).map((p) => zip.file(p)!.async('string')),
    );
    const xmlSeries = chartXml.flatMap((x) =>
      [...x.matchAll(/<c:val><c:numRef><c:f>([^<]+)<\/c:f>/g)].map((m) =>
        m[1].replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
      ),
    );
    const officeSeries = plan.sheets.flatMap((s) =>
      fake.workbook.charts(s.name).flatMap((c) => c.series.map((x) => x.values!)),
    );
    const norm = (r: string) => r.replace(/\$/g, '');
    expect(officeSeries.map(norm).sort()).toEqual(xmlSeries.map(norm).sort());
    expect(
      fake.workbook
        .names()
        .map((n) => n.name)
        .sort(),
    ).toEqual(plan.names.map((n) => n.name).sort());
  });
});

/**
 * Printing: the page setup of every sheet kind (the demo's builders, the outcome sheets, a form, a
 * de-identified copy's cover, and a summary of one quarter, whose chart labels its point) from both
 * renderers: orientation, paper, fit, margins, print areas and titles, page breaks, row heights and chart
 * data labels. The .xlsx side is read from the package's XML, as Excel and LibreOffice read it.
 */
describe('printing: the same page setup from both renderers, every sheet kind', () => {
  const plan = printPlan();
  let office: FakeExcel;
  let pkg: JSZip;
  let book: string;
  let parts: string[];

  beforeAll(async () => {
    office = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
    await insertPlans(office.run, plan, { supports: (v) => office.isSetSupported('ExcelApi', v) });
    pkg = await JSZip.loadAsync(await writeWorkbook(plan));
    book = await pkg.file('xl/workbook.xml')!.async('string');
    parts = await sheetParts(pkg);
  });

  /** The .xlsx sheet's defined print name (`_xlnm.Print_Area`, `_xlnm.Print_Titles`) as plain ranges. */
  const printName = (name: string, index: number): string[] => {
    const m = new RegExp(`<definedName name="${name}" localSheetId="${index}">([^<]*)</definedName>`).exec(
      book,
    );
    return m ? m[1].split(',').map((r) => r.replace(/^.*!/, '').replace(/\$/g, '')) : [];
  };

  it('orientation, letter paper, fit to the pages wide and any number tall, margins', async () => {
    for (const [i, s] of plan.sheets.entries()) {
      // a sheet that never prints (the form's identity) has no setup of ours (ExcelJS writes its defaults)
      if (!s.print) {
        expect([s.name, office.workbook.pageLayout(s.name)]).toEqual([s.name, { rowBreaks: [] }]);
        continue;
      }
      const xml = await pkg.file(parts[i])!.async('string');
      const setup = /<pageSetup ([^>]*)\/>/.exec(xml)?.[1] ?? '';
      const attr = (a: string) => new RegExp(`\\b${a}="([^"]*)"`).exec(setup)?.[1];
      const margins = /<pageMargins ([^>]*)\/>/.exec(xml)![1];
      const margin = (a: string) =>
        Math.round(Number(new RegExp(`\\b${a}="([^"]*)"`).exec(margins)![1]) * 7200) / 100; // points
      const page = office.workbook.pageLayout(s.name);
      expect([s.name, page.orientation?.toLowerCase(), page.paperSize, page.zoom]).toEqual([
        s.name,
        attr('orientation'),
        attr('paperSize') === '1' ? 'Letter' : attr('paperSize'),
        /fitToPage="1"/.test(xml)
          ? {
              horizontalFitToPages: Number(attr('fitToWidth')),
              verticalFitToPages: Number(attr('fitToHeight')),
            }
          : undefined,
      ]);
      expect([s.name, page.topMargin, page.bottomMargin, page.leftMargin, page.rightMargin]).toEqual([
        s.name,
        margin('top'),
        margin('bottom'),
        margin('left'),
        margin('right'),
      ]);
      expect([s.name, page.headerMargin, page.footerMargin]).toEqual([
        s.name,
        margin('header'),
        margin('footer'),
      ]);
    }
  });

  it('print areas in order, repeated rows and columns, page breaks', async () => {
    let multi = 0;
    for (const [i, s] of plan.sheets.entries()) {
      const xml = await pkg.file(parts[i])!.async('string');
      const page = office.workbook.pageLayout(s.name);
      const areas = printName('_xlnm.Print_Area', i);
      if (areas.length > 1) multi++;
      expect([s.name, page.printArea ?? []]).toEqual([s.name, areas]);
      const titles = printName('_xlnm.Print_Titles', i);
      expect([
        s.name,
        page.printTitleColumns?.replace(/\$/g, ''),
        page.printTitleRows?.replace(/\$/g, ''),
      ]).toEqual([
        s.name,
        titles.find((t) => /^[A-Z]+:[A-Z]+$/.test(t)),
        titles.find((t) => /^\d+:\d+$/.test(t)),
      ]);
      const breaks = [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
      expect([s.name, page.rowBreaks]).toEqual([s.name, breaks]);
    }
    // the rating, comparison and WPS sheets print their table and side block as two areas
    expect(multi).toBeGreaterThanOrEqual(8);
  });

  it('row heights: the rows to write in are at least their minimum in both; merged text rows alike', async () => {
    let minimums = 0;
    for (const [i, s] of plan.sheets.entries()) {
      const xml = await pkg.file(parts[i])!.async('string');
      const xlsx = new Map(
        [...xml.matchAll(/<row r="(\d+)"[^>]* ht="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]),
      );
      const fake = office.workbook.rowHeights(s.name);
      const height = (r: number) => [fake[r + 1] ?? 15, xlsx.get(r + 1) ?? 15];
      for (const { row, height: min } of s.rowHeights ?? []) {
        minimums++;
        const [a, b] = height(row);
        expect([s.name, row + 1, a >= min, b >= min]).toEqual([s.name, row + 1, true, true]);
      }
      for (const row of ownRowHeights(s).keys())
        expect([s.name, row + 1, height(row)[0]]).toEqual([s.name, row + 1, height(row)[1]]);
    }
    expect(minimums).toBeGreaterThan(300); // comparisons' discussion rows, agenda notes, the form's notes
  });

  it('chart data labels: shown, placed and formatted alike', async () => {
    const xmlLabels = (
      await Promise.all(
        Object.keys(pkg.files)
          .filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))
          .map((p) => pkg.file(p)!.async('string')),
      )
    ).map((x) => {
      const title = /<c:title>.*?<a:t>([^<]*)<\/a:t>/.exec(x)![1];
      const labels =
        /<c:dLbls><c:numFmt formatCode="([^"]*)".*?<c:dLblPos val="(\w+)"\/>.*?<c:showVal val="1"\/>/.exec(x);
      return labels
        ? `${title}|${{ t: 'Top', outEnd: 'OutsideEnd' }[labels[2]]}|${labels[1]}`
        : `${title}|none`;
    });
    const officeLabels = plan.sheets.flatMap((s) =>
      office.workbook
        .charts(s.name)
        .map((c) =>
          c.dataLabels?.showValue
            ? `${c.title}|${c.dataLabels.position}|${c.dataLabels.numberFormat}`
            : `${c.title}|none`,
        ),
    );
    expect(officeLabels.sort()).toEqual(xmlLabels.sort());
    expect(officeLabels.filter((l) => !l.endsWith('|none'))).toEqual([
      'Mean ORS and SRS by quarter|Top|0.0#',
    ]);
  });
});

/**
 * Every sheet kind: the demo-like workbook, a form and a de-identified cover, with the outcome log and
 * summary of the first quarter only (whose chart is one labelled point).
 */
function printPlan(): WorkbookPlan {
  const demo = demoLikePlan();
  const outcome = /^Outcomes (log|summary)$/;
  const oneQuarter = outcomesSheets({
    sessions: sampleData().sessions.filter((x) => x.date < '2026-04-01'),
    existingSheets: demo.sheets.filter((s) => !outcome.test(s.name)).map((s) => s.name),
  }).filter((s) => outcome.test(s.name));
  const cover = deidentifyPlan(demo, sampleData().team, { emptyFreeText: true }).cover;
  const sheets = demo.sheets.flatMap((s) =>
    s.name === 'Outcomes log' ? oneQuarter : s.name === 'Outcomes summary' ? [] : [s],
  );
  return { sheets: [...sheets, ...formPlan().sheets, cover], names: demo.names };
}

/** The package's worksheet parts in workbook order. */
async function sheetParts(pkg: JSZip): Promise<string[]> {
  return Object.keys(pkg.files)
    .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
}
