import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { addChartsToXlsx, chartXml, drawingXml } from '../../src/xlsx/charts';
import { parseRange } from '../../src/workbook/a1';
import type { ChartPlan } from '../../src/workbook/plan';

const ANN = "Ann's Q1 & Q2";
const PLAIN = 'Trend';
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: () => false });

function lineChart(sheet: string): ChartPlan {
  return {
    type: 'line',
    title: 'Scores & trends <2025>',
    categories: { sheet, ref: 'A2:A5' },
    series: [
      { name: 'Self', values: { sheet, ref: 'B2:B5' }, color: '1F4E79' },
      { name: 'Cutoff', values: { sheet, ref: 'C2:C5' }, color: 'C00000', dashed: true },
    ],
    xAxisTitle: 'Month',
    yAxisTitle: 'Score',
    yMin: 0,
    yMax: 5,
    anchor: { col: 5, row: 1, toCol: 12, toRow: 16 },
  };
}

function barChart(sheet: string): ChartPlan {
  return {
    type: 'bar',
    title: 'Self vs supervisor',
    categories: { sheet, ref: 'A2:A5' },
    series: [
      { name: 'Self', values: { sheet, ref: 'B2:B5' } },
      { name: 'Supervisor', values: { sheet, ref: 'C2:C5' }, color: 'ED7D31' },
    ],
    anchor: { col: 5, row: 18, toCol: 12, toRow: 33 },
  };
}

function columnChart(sheet: string): ChartPlan {
  return {
    type: 'column',
    title: 'Outcomes',
    categories: { sheet, ref: 'A1:A3' },
    series: [{ name: "Ann's ORS", values: { sheet, ref: 'B1:B3' } }],
    anchor: { col: 3, row: 0, toCol: 10, toRow: 15 },
  };
}

interface BuildOptions {
  image?: boolean;
  note?: boolean;
}

async function buildWorkbook(opts: BuildOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ann = wb.addWorksheet(ANN);
  ann.addTable({
    name: 'Scores',
    ref: 'A1',
    columns: [{ name: 'Month' }, { name: 'Self' }, { name: 'Cutoff' }],
    rows: [
      ['Jan', 3, 2.5],
      ['Feb', 3.5, 2.5],
      ['Mar', 4, 2.5],
      ['Apr', 4.5, 2.5],
    ],
  });
  ann.pageSetup.orientation = 'landscape';
  ann.headerFooter.oddFooter = 'Page &P';
  if (opts.note) ann.getCell('A1').note = 'Month of the rating';
  if (opts.image) {
    const img = wb.addImage({ buffer: PNG_1X1 as unknown as ExcelJS.Buffer, extension: 'png' });
    ann.addImage(img, 'N1:O3');
  }
  const plain = wb.addWorksheet(PLAIN);
  plain.addRow(['A', 1]);
  plain.addRow(['B', 2]);
  plain.addRow(['C', 3]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function text(zip: JSZip, path: string): Promise<string> {
  const f = zip.file(path);
  if (!f) throw new Error(`missing part ${path}`);
  return f.async('string');
}

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/') + 1);
}

function resolve(from: string, target: string): string {
  const out: string[] = [];
  for (const seg of (target.startsWith('/') ? target.slice(1) : dirOf(from) + target).split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return out.join('/');
}

function relsPath(part: string): string {
  return `${dirOf(part)}_rels/${part.slice(dirOf(part).length)}.rels`;
}

function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

interface Rel {
  '@_Id': string;
  '@_Type': string;
  '@_Target': string;
}

async function rels(zip: JSZip, part: string): Promise<Rel[]> {
  const f = zip.file(relsPath(part));
  if (!f) return [];
  return asArray(parser.parse(await f.async('string')).Relationships.Relationship) as Rel[];
}

/** Sheet name -> worksheet part, read the way Excel does (workbook.xml + its rels). */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const wb = parser.parse(await text(zip, 'xl/workbook.xml'));
  const wbRels = await rels(zip, 'xl/workbook.xml');
  const map = new Map<string, string>();
  for (const s of asArray(wb.workbook.sheets.sheet) as Record<string, string>[]) {
    const rel = wbRels.find((r) => r['@_Id'] === s['@_r:id']);
    if (rel) map.set(s['@_name'], resolve('xl/workbook.xml', rel['@_Target']));
  }
  return map;
}

/** Parses "'Ann''s Q1 & Q2'!$A$2:$A$5" (already entity-decoded). */
function parseFormula(f: string): { sheet: string; ref: string } {
  const m = /^(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!(\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?)$/.exec(f);
  if (!m) throw new Error(`bad formula ${f}`);
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], ref: m[3].replace(/\$/g, '') };
}

function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => collect(n, key, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(...asArray(v));
      collect(v, key, out);
    }
  }
  return out;
}

/** Checks the whole package; returns, per sheet name, the chart parts reachable from it. */
async function checkPackage(buf: Uint8Array): Promise<Map<string, string[]>> {
  const zip = await JSZip.loadAsync(buf);
  // Every XML part is well-formed.
  const xmlParts = Object.keys(zip.files).filter((p) => /\.(xml|rels)$/.test(p) && !zip.files[p].dir);
  for (const p of xmlParts) {
    const res = XMLValidator.validate(await text(zip, p));
    if (res !== true) throw new Error(`${p} is not well-formed: ${JSON.stringify(res)}`);
  }
  const ct = await text(zip, '[Content_Types].xml');
  const overrides = new Map<string, string>(
    (asArray(parser.parse(ct).Types.Override) as Record<string, string>[]).map((o) => [
      o['@_PartName'],
      o['@_ContentType'],
    ]),
  );
  const parts = await sheetParts(zip);
  const dims = new Map<string, string>();
  for (const [name, part] of parts) {
    const ws = parser.parse(await text(zip, part)).worksheet;
    dims.set(name, ws.dimension['@_ref']);
  }

  const result = new Map<string, string[]>();
  for (const [name, part] of parts) {
    const sheetRels = await rels(zip, part);
    for (const r of sheetRels) {
      if (!r['@_Type'].endsWith('/hyperlink')) expect(zip.file(resolve(part, r['@_Target']))).not.toBeNull();
    }
    const drawingRels = sheetRels.filter((r) => r['@_Type'].endsWith('/relationships/drawing'));
    expect(drawingRels.length).toBeLessThanOrEqual(1);
    const charts: string[] = [];
    for (const dr of drawingRels) {
      const drawingPart = resolve(part, dr['@_Target']);
      expect(overrides.get(`/${drawingPart}`)).toBe(
        'application/vnd.openxmlformats-officedocument.drawing+xml',
      );
      const sheetXml = await text(zip, part);
      expect(sheetXml).toContain(`<drawing r:id="${dr['@_Id']}"/>`);
      const drawing = parser.parse(await text(zip, drawingPart));
      const frameIds = (collect(drawing, 'c:chart') as Record<string, string>[]).map((c) => c['@_r:id']);
      const shapeIds = (collect(drawing, 'xdr:cNvPr') as Record<string, string>[]).map((c) => c['@_id']);
      expect(new Set(shapeIds).size).toBe(shapeIds.length);
      for (const rel of await rels(zip, drawingPart)) {
        const target = resolve(drawingPart, rel['@_Target']);
        expect(zip.file(target)).not.toBeNull();
        if (!rel['@_Type'].endsWith('/relationships/chart')) continue;
        expect(frameIds).toContain(rel['@_Id']);
        expect(overrides.get(`/${target}`)).toBe(
          'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
        );
        charts.push(target);
        // Every formula names an existing sheet and a range inside its used area.
        const formulas = collect(parser.parse(await text(zip, target)), 'c:f') as string[];
        expect(formulas.length).toBeGreaterThan(0);
        for (const f of formulas) {
          const { sheet, ref } = parseFormula(f);
          expect(parts.has(sheet)).toBe(true);
          const used = parseRange(dims.get(sheet) ?? 'A1');
          const r = parseRange(ref);
          expect(r.row1).toBeGreaterThanOrEqual(used.row1);
          expect(r.col1).toBeGreaterThanOrEqual(used.col1);
          expect(r.row2).toBeLessThanOrEqual(used.row2);
          expect(r.col2).toBeLessThanOrEqual(used.col2);
        }
      }
      expect(frameIds.length).toBe(new Set(frameIds).size);
    }
    result.set(name, charts);
  }
  return result;
}

/** Positions of top-level worksheet children, by local name, in document order. */
function childOrder(sheetXml: string): string[] {
  const ws = new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(sheetXml) as Record<
    string,
    unknown
  >[];
  const root = ws.find((n) => 'worksheet' in n) as { worksheet: Record<string, unknown>[] };
  return root.worksheet.map((n) => Object.keys(n)[0]);
}

describe('chartXml', () => {
  const wellFormed = (xml: string) => expect(XMLValidator.validate(xml)).toBe(true);

  it('writes a line chart with markers, a dashed series without markers, min/max and axis titles', () => {
    const xml = chartXml(lineChart(ANN), 0);
    wellFormed(xml);
    expect(xml).toContain('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/><c:ser>');
    expect(xml).toMatch(/<c:marker val="1"\/><c:axId val="\d+"\/><c:axId val="\d+"\/><\/c:lineChart>/);
    const sers = xml.split('<c:ser>').slice(1);
    expect(sers).toHaveLength(2);
    expect(sers[0]).toContain('<c:symbol val="circle"/>');
    expect(sers[0]).not.toContain('prstDash');
    expect(sers[0]).toContain('<a:srgbClr val="1F4E79"/>');
    expect(sers[1]).toContain('<a:prstDash val="dash"/>');
    expect(sers[1]).toContain('<c:marker><c:symbol val="none"/></c:marker>');
    expect(sers[1]).toMatch(
      /<a:ln w="\d+" cap="rnd"><a:solidFill><a:srgbClr val="C00000"\/><\/a:solidFill><a:prstDash/,
    );
    // Series child order: idx, order, tx, spPr, marker, cat, val, smooth.
    expect(sers[0]).toMatch(
      /^<c:idx val="0"\/><c:order val="0"\/><c:tx><c:v>Self<\/c:v><\/c:tx><c:spPr>.*<\/c:spPr><c:marker>.*<\/c:marker><c:cat>.*<\/c:cat><c:val>.*<\/c:val><c:smooth val="0"\/><\/c:ser>/,
    );
    expect(xml).toContain(
      '<c:scaling><c:orientation val="minMax"/><c:max val="5"/><c:min val="0"/></c:scaling>',
    );
    expect(xml).toContain('<a:t>Month</a:t>');
    expect(xml).toContain('<a:t>Score</a:t>');
    expect(xml).toContain('<c:legend><c:legendPos val="b"/>');
    expect(xml).toContain('<c:dispBlanksAs val="gap"/>');
    expect(xml).toContain(`<c:f>'Ann''s Q1 &amp; Q2'!$A$2:$A$5</c:f>`);
    expect(xml).toContain(`<c:f>'Ann''s Q1 &amp; Q2'!$C$2:$C$5</c:f>`);
  });

  it('escapes XML special characters in titles and names', () => {
    const xml = chartXml(lineChart(PLAIN), 3);
    wellFormed(xml);
    expect(xml).toContain('<a:t>Scores &amp; trends &lt;2025&gt;</a:t>');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const parsed = parser.parse(xml);
    expect(JSON.stringify(parsed)).toContain('Scores & trends <2025>');
    expect(xml).toContain('<c:f>Trend!$B$2:$B$5</c:f>');
  });

  it('writes horizontal bars and vertical columns, clustered, with min/max only when given', () => {
    const bar = chartXml(barChart(ANN), 1);
    wellFormed(bar);
    expect(bar).toContain('<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>');
    expect(bar).toMatch(/<c:gapWidth val="\d+"\/><c:axId val="\d+"\/><c:axId val="\d+"\/><\/c:barChart>/);
    expect(bar).not.toContain('<c:min ');
    // first category on top: category axis reversed, value axis crossing at the last category
    expect(bar).toMatch(/<c:catAx><c:axId val="\d+"\/><c:scaling><c:orientation val="maxMin"\/>/);
    expect(bar).toMatch(/<c:crosses val="max"\/><c:crossBetween/);
    expect(bar).not.toContain('<c:max ');
    expect(bar).not.toContain('lineChart');
    expect(bar).toContain(
      '<c:spPr><a:solidFill><a:srgbClr val="ED7D31"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>',
    );
    expect(bar).toContain('<c:catAx><c:axId val="500002"/>');
    expect(bar).toMatch(/<c:catAx>.*<c:axPos val="l"\/>.*<\/c:catAx><c:valAx>.*<c:axPos val="b"\/>/);

    const col = chartXml({ ...columnChart(PLAIN), yMin: -1 }, 2);
    wellFormed(col);
    expect(col).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(col).toContain('<c:min val="-1"/>');
    expect(col).not.toContain('<c:max ');
    expect(col).toContain("<c:tx><c:v>Ann's ORS</c:v></c:tx>");
  });

  it('labels each point with its value when asked (one period: one labelled point), in series order', () => {
    expect(chartXml(lineChart(ANN), 0)).not.toContain('<c:dLbls>');
    const line = chartXml({ ...lineChart(ANN), dataLabels: true }, 0);
    wellFormed(line);
    // series child order: ... marker, dLbls, cat, val, smooth
    for (const ser of line.split('<c:ser>').slice(1))
      expect(ser).toMatch(
        /<\/c:marker><c:dLbls><c:numFmt formatCode="0\.0#" sourceLinked="0"\/>.*<c:dLblPos val="t"\/><c:showLegendKey val="0"\/><c:showVal val="1"\/>.*<\/c:dLbls><c:cat>/,
      );
    const bar = chartXml({ ...barChart(ANN), dataLabels: true }, 1);
    wellFormed(bar);
    expect(bar).toMatch(
      /<c:invertIfNegative val="0"\/><c:dLbls>.*<c:dLblPos val="outEnd"\/>.*<\/c:dLbls><c:cat>/,
    );
  });

  it('puts chartSpace and chart children in schema order', () => {
    const xml = chartXml(lineChart(ANN), 0);
    const order = (names: string[]) => names.map((n) => xml.indexOf(n));
    const top = order([
      '<c:date1904',
      '<c:lang',
      '<c:roundedCorners',
      '<c:chart>',
      '</c:chart><c:spPr>',
      '<c:printSettings',
    ]);
    expect(top.every((v, i) => v >= 0 && (i === 0 || v > top[i - 1]))).toBe(true);
    const chart = order([
      '<c:title>',
      '<c:autoTitleDeleted',
      '<c:plotArea>',
      '<c:legend>',
      '<c:plotVisOnly',
      '<c:dispBlanksAs',
    ]);
    expect(chart.every((v, i) => v >= 0 && (i === 0 || v > chart[i - 1]))).toBe(true);
    const plot = order(['<c:layout/>', '<c:lineChart>', '<c:catAx>', '<c:valAx>']);
    expect(plot.every((v, i) => v >= 0 && (i === 0 || v > plot[i - 1]))).toBe(true);
  });

  it('rejects bad input clearly', () => {
    expect(() => chartXml({ ...lineChart(ANN), series: [] }, 0)).toThrow(/no series/);
    expect(() => chartXml({ ...lineChart(ANN), yMin: 5, yMax: 1 }, 0)).toThrow(/yMin/);
    const badColor = lineChart(ANN);
    badColor.series[0].color = '#123';
    expect(() => chartXml(badColor, 0)).toThrow(/colour/);
  });
});

describe('drawingXml', () => {
  it('anchors one graphic frame per chart', () => {
    const xml = drawingXml([
      { chart: lineChart(ANN), rId: 'rId1' },
      { chart: barChart(ANN), rId: 'rId2' },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const anchors = asArray(parser.parse(xml)['xdr:wsDr']['xdr:twoCellAnchor']) as Record<
      string,
      Record<string, unknown>
    >[];
    expect(anchors).toHaveLength(2);
    expect(anchors[0]['xdr:from']).toMatchObject({ 'xdr:col': 5, 'xdr:row': 1 });
    expect(anchors[0]['xdr:to']).toMatchObject({ 'xdr:col': 12, 'xdr:row': 16 });
    expect(anchors[1]['xdr:from']).toMatchObject({ 'xdr:col': 5, 'xdr:row': 18 });
    const chartRefs = (collect(anchors, 'c:chart') as Record<string, string>[]).map((c) => c['@_r:id']);
    expect(chartRefs).toEqual(['rId1', 'rId2']);
    expect(() =>
      drawingXml([
        { chart: { ...lineChart(ANN), anchor: { col: 3, row: 3, toCol: 3, toRow: 9 } }, rId: 'rId1' },
      ]),
    ).toThrow(/anchor/);
  });
});

describe('addChartsToXlsx', () => {
  it('adds native charts to an ExcelJS workbook, keeping its table and schema order', async () => {
    const input = await buildWorkbook();
    const out = await addChartsToXlsx(input, [
      { sheetName: ANN, charts: [lineChart(ANN), barChart(ANN)] },
      { sheetName: PLAIN, charts: [columnChart(PLAIN)] },
    ]);
    const charts = await checkPackage(out);
    expect(charts.get(ANN)).toHaveLength(2);
    expect(charts.get(PLAIN)).toHaveLength(1);
    const all = [...charts.values()].flat();
    expect(new Set(all).size).toBe(3);

    const zip = await JSZip.loadAsync(out);
    const parts = await sheetParts(zip);
    const annPart = parts.get(ANN) as string;
    const annRels = await rels(zip, annPart);
    // The table relationship survived and still resolves.
    const table = annRels.find((r) => r['@_Type'].endsWith('/relationships/table'));
    expect(table).toBeDefined();
    expect(zip.file(resolve(annPart, (table as Rel)['@_Target']))).not.toBeNull();
    expect(new Set(annRels.map((r) => r['@_Id'])).size).toBe(annRels.length);

    const annXml = await text(zip, annPart);
    const order = childOrder(annXml);
    const d = order.indexOf('drawing');
    expect(d).toBeGreaterThan(order.indexOf('pageSetup'));
    expect(d).toBeGreaterThan(order.indexOf('headerFooter'));
    expect(order.indexOf('tableParts')).toBeGreaterThan(d);
    expect(annXml.indexOf('<drawing ')).toBeLessThan(annXml.indexOf('<tableParts'));

    // Chart kinds landed on the right sheets.
    const kinds = async (list: string[] | undefined) =>
      Promise.all(
        (list ?? []).map(async (p) =>
          /<c:(lineChart|barChart)>.*?<c:barDir val="(\w+)"|<c:(lineChart)>/.exec(await text(zip, p)),
        ),
      );
    const annKinds = (await kinds(charts.get(ANN))).map((m) => m?.[3] ?? m?.[2]);
    expect(annKinds.sort()).toEqual(['bar', 'lineChart']);
    const plainKinds = (await kinds(charts.get(PLAIN))).map((m) => m?.[3] ?? m?.[2]);
    expect(plainKinds).toEqual(['col']);
  });

  it('leaves a workbook that ExcelJS can load again', async () => {
    const out = await addChartsToXlsx(await buildWorkbook({ note: true, image: true }), [
      { sheetName: ANN, charts: [lineChart(ANN), barChart(ANN)] },
      { sheetName: PLAIN, charts: [columnChart(PLAIN)] },
    ]);
    const wb = new ExcelJS.Workbook();
    await expect(wb.xlsx.load(out as unknown as ExcelJS.Buffer)).resolves.toBeDefined();
    expect(wb.getWorksheet(ANN)?.getCell('B3').value).toBe(3.5);
    expect(wb.getWorksheet(PLAIN)?.getCell('A3').value).toBe('C');
  });

  it('merges into an existing drawing and picks unused part numbers', async () => {
    const input = await buildWorkbook({ image: true, note: true });
    const before = await JSZip.loadAsync(input);
    const annPartBefore = (await sheetParts(before)).get(ANN) as string;
    const existingDrawing = (await rels(before, annPartBefore)).find((r) => r['@_Type'].endsWith('/drawing'));
    expect(existingDrawing).toBeDefined();

    const out = await addChartsToXlsx(input, [
      { sheetName: ANN, charts: [lineChart(ANN), barChart(ANN)] },
      { sheetName: PLAIN, charts: [columnChart(PLAIN)] },
    ]);
    const charts = await checkPackage(out);
    expect(charts.get(ANN)).toHaveLength(2);
    expect(charts.get(PLAIN)).toHaveLength(1);

    const zip = await JSZip.loadAsync(out);
    const parts = await sheetParts(zip);
    const annPart = parts.get(ANN) as string;
    const annXml = await text(zip, annPart);
    expect(annXml.match(/<drawing /g)).toHaveLength(1);
    // The image is still there, next to the two chart frames.
    const drawingPart = resolve(annPart, (existingDrawing as Rel)['@_Target']);
    const drawing = await text(zip, drawingPart);
    expect(drawing).toContain('<xdr:pic>');
    expect(drawing.match(/<xdr:graphicFrame /g)).toHaveLength(2);
    const dRels = await rels(zip, drawingPart);
    expect(dRels.filter((r) => r['@_Type'].endsWith('/image'))).toHaveLength(1);
    // The other sheet got a new drawing with a fresh number.
    const plainDrawing = (await rels(zip, parts.get(PLAIN) as string)).find((r) =>
      r['@_Type'].endsWith('/drawing'),
    );
    expect(resolve(parts.get(PLAIN) as string, (plainDrawing as Rel)['@_Target'])).not.toBe(drawingPart);
    // legacyDrawing (the note) and tableParts stay after <drawing>. (ExcelJS itself writes
    // tableParts before legacyDrawing, exceljs#1369; that is not this module's doing.)
    const order = childOrder(annXml);
    expect(order.indexOf('drawing')).toBeGreaterThan(order.indexOf('headerFooter'));
    expect(order.indexOf('legacyDrawing')).toBeGreaterThan(order.indexOf('drawing'));
    expect(order.indexOf('tableParts')).toBeGreaterThan(order.indexOf('drawing'));
  });

  it('finds sheets by name, not by part number, and avoids existing chart and drawing numbers', async () => {
    const zip = await JSZip.loadAsync(await buildWorkbook());
    // Swap which worksheet part each sheet name points to.
    const wbRels = await text(zip, 'xl/_rels/workbook.xml.rels');
    zip.file(
      'xl/_rels/workbook.xml.rels',
      wbRels
        .replace('worksheets/sheet1.xml', 'worksheets/SWAP')
        .replace('worksheets/sheet2.xml', 'worksheets/sheet1.xml')
        .replace('worksheets/SWAP', 'worksheets/sheet2.xml'),
    );
    // Pre-existing (orphan) chart and drawing parts must not be overwritten.
    zip.file('xl/charts/chart1.xml', '<keep/>');
    zip.file('xl/drawings/drawing3.xml', '<keep/>');
    const input = await zip.generateAsync({ type: 'nodebuffer' });

    const out = await addChartsToXlsx(input, [{ sheetName: PLAIN, charts: [columnChart(PLAIN)] }]);
    const res = await JSZip.loadAsync(out);
    expect(await text(res, 'xl/charts/chart1.xml')).toBe('<keep/>');
    expect(await text(res, 'xl/drawings/drawing3.xml')).toBe('<keep/>');
    expect(res.file('xl/charts/chart2.xml')).not.toBeNull();
    expect(res.file('xl/drawings/drawing4.xml')).not.toBeNull();
    expect(await text(res, 'xl/worksheets/sheet1.xml')).toContain('<drawing ');
    expect(await text(res, 'xl/worksheets/sheet2.xml')).not.toContain('<drawing ');
    expect(await text(res, 'xl/worksheets/_rels/sheet1.xml.rels')).toContain(
      'Target="../drawings/drawing4.xml"',
    );
    expect(await text(res, 'xl/drawings/_rels/drawing4.xml.rels')).toContain('Target="../charts/chart2.xml"');
  });

  it('throws a clear error naming a missing sheet', async () => {
    await expect(
      addChartsToXlsx(await buildWorkbook(), [
        { sheetName: 'Nope & Co', charts: [columnChart('Nope & Co')] },
      ]),
    ).rejects.toThrow(/Nope & Co/);
  });

  it('returns an equivalent package when there is nothing to add', async () => {
    const input = await buildWorkbook();
    const out = await addChartsToXlsx(input, [{ sheetName: PLAIN, charts: [] }]);
    const zip = await JSZip.loadAsync(out);
    expect(Object.keys(zip.files).some((p) => p.startsWith('xl/charts/'))).toBe(false);
  });
});
