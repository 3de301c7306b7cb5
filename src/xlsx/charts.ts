/**
 * Native Excel charts (DrawingML) for .xlsx packages. ExcelJS cannot write charts, so this
 * module edits the zip package: it adds chart parts, drawing parts, the relationships between
 * them and the worksheets, and the content-type overrides. Element order follows the ECMA-376
 * schemas (Excel rejects out-of-order elements).
 *
 * `addChartsToPackage` edits a package that is still being built (writeWorkbook calls it inside
 * ExcelJS's own zip pass, so every part is deflated once); `addChartsToXlsx` opens finished bytes.
 */
import JSZip from 'jszip';
import { type ChartPlan, type ChartSeries, DATA_LABEL_FORMAT } from '../workbook/plan';
import { sheetRange } from '../workbook/a1';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Escapes text for use in XML element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

function checkColor(color: string | undefined, where: string): string | undefined {
  if (color === undefined) return undefined;
  if (!/^[0-9A-Fa-f]{6}$/.test(color))
    throw new Error(`${where}: colour must be 6 hex digits, got "${color}"`);
  return color.toUpperCase();
}

// ---------------------------------------------------------------------------------------
// Chart part
// ---------------------------------------------------------------------------------------

function richText(text: string, opts: { size: number; bold: boolean; rotated?: boolean }): string {
  const b = opts.bold ? '1' : '0';
  const bodyPr = opts.rotated ? '<a:bodyPr rot="-5400000" vert="horz"/>' : '<a:bodyPr/>';
  return (
    `<c:tx><c:rich>${bodyPr}<a:lstStyle/><a:p>` +
    `<a:pPr><a:defRPr sz="${opts.size}" b="${b}"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${opts.size}" b="${b}"/><a:t>${escapeXml(text)}</a:t></a:r>` +
    `</a:p></c:rich></c:tx>`
  );
}

function titleXml(text: string, size: number, rotated = false): string {
  return `<c:title>${richText(text, { size, bold: true, rotated })}<c:overlay val="0"/></c:title>`;
}

function seriesHead(s: ChartSeries, i: number): string {
  return `<c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>`;
}

function seriesData(chart: ChartPlan, s: ChartSeries): string {
  return (
    `<c:cat><c:strRef><c:f>${escapeXml(sheetRange(chart.categories.sheet, chart.categories.ref))}</c:f></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(sheetRange(s.values.sheet, s.values.ref))}</c:f></c:numRef></c:val>`
  );
}

/** Each point's value printed beside it (a chart of one period is one labelled point). */
function dataLabels(chart: ChartPlan, position: 't' | 'outEnd'): string {
  if (!chart.dataLabels) return '';
  return (
    `<c:dLbls><c:numFmt formatCode="${DATA_LABEL_FORMAT}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>` +
    `<c:dLblPos val="${position}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>` +
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
  );
}

function lineSeries(chart: ChartPlan, s: ChartSeries, i: number): string {
  const color = checkColor(s.color, `Chart "${chart.title}", series "${s.name}"`);
  const fill = color ? `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>` : '';
  const dash = s.dashed ? '<a:prstDash val="dash"/>' : '';
  const spPr = `<c:spPr><a:ln w="28575" cap="rnd">${fill}${dash}<a:round/></a:ln></c:spPr>`;
  const marker = s.dashed
    ? '<c:marker><c:symbol val="none"/></c:marker>'
    : `<c:marker><c:symbol val="circle"/><c:size val="6"/>${
        color ? `<c:spPr>${fill}<a:ln w="9525">${fill}</a:ln></c:spPr>` : ''
      }</c:marker>`;
  return `<c:ser>${seriesHead(s, i)}${spPr}${marker}${dataLabels(chart, 't')}${seriesData(chart, s)}<c:smooth val="0"/></c:ser>`;
}

function barSeries(chart: ChartPlan, s: ChartSeries, i: number): string {
  const color = checkColor(s.color, `Chart "${chart.title}", series "${s.name}"`);
  const spPr = color ? `<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr>` : '';
  return `<c:ser>${seriesHead(s, i)}${spPr}<c:invertIfNegative val="0"/>${dataLabels(chart, 'outEnd')}${seriesData(chart, s)}</c:ser>`;
}

function formatNumber(n: number, what: string, title: string): string {
  if (!Number.isFinite(n)) throw new Error(`Chart "${title}": ${what} must be a finite number, got ${n}`);
  return String(n);
}

/**
 * The chart part (xl/charts/chartN.xml) for one chart. `chartIndex` (0-based, unique per
 * workbook) only seeds the axis ids so they are distinct across charts.
 */
export function chartXml(chart: ChartPlan, chartIndex: number): string {
  if (chart.series.length === 0) throw new Error(`Chart "${chart.title}" has no series`);
  if (chart.yMin !== undefined && chart.yMax !== undefined && chart.yMin >= chart.yMax) {
    throw new Error(`Chart "${chart.title}": yMin (${chart.yMin}) must be below yMax (${chart.yMax})`);
  }
  const catAxId = 500000 + chartIndex * 2;
  const valAxId = catAxId + 1;
  const horizontal = chart.type === 'bar';
  const axIds = `<c:axId val="${catAxId}"/><c:axId val="${valAxId}"/>`;

  let plot: string;
  if (chart.type === 'line') {
    plot =
      '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
      chart.series.map((s, i) => lineSeries(chart, s, i)).join('') +
      `<c:marker val="1"/>${axIds}</c:lineChart>`;
  } else if (chart.type === 'bar' || chart.type === 'column') {
    plot =
      `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
      chart.series.map((s, i) => barSeries(chart, s, i)).join('') +
      `<c:gapWidth val="150"/>${axIds}</c:barChart>`;
  } else {
    throw new Error(
      `Chart "${(chart as ChartPlan).title}": unsupported chart type "${(chart as ChartPlan).type}"`,
    );
  }

  const max =
    chart.yMax === undefined ? '' : `<c:max val="${formatNumber(chart.yMax, 'yMax', chart.title)}"/>`;
  const min =
    chart.yMin === undefined ? '' : `<c:min val="${formatNumber(chart.yMin, 'yMin', chart.title)}"/>`;
  const axisLine =
    '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>';

  const catAx =
    // Horizontal bars list the first category at the top, as people read a table.
    `<c:catAx><c:axId val="${catAxId}"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? 'l' : 'b'}"/>` +
    (chart.xAxisTitle ? titleXml(chart.xAxisTitle, 1000, horizontal) : '') +
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>' +
    `<c:tickLblPos val="low"/>${axisLine}<c:crossAx val="${valAxId}"/><c:crosses val="autoZero"/>` +
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>';

  const valAx =
    `<c:valAx><c:axId val="${valAxId}"/><c:scaling><c:orientation val="minMax"/>${max}${min}</c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? 'b' : 'l'}"/>` +
    '<c:majorGridlines><c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="E0E0E0"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>' +
    (chart.yAxisTitle ? titleXml(chart.yAxisTitle, 1000, !horizontal) : '') +
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>' +
    `<c:tickLblPos val="nextTo"/>${axisLine}<c:crossAx val="${catAxId}"/><c:crosses val="${horizontal ? 'max' : 'autoZero'}"/>` +
    `<c:crossBetween val="between"/></c:valAx>`;

  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    titleXml(chart.title, 1400) +
    '<c:autoTitleDeleted val="0"/>' +
    `<c:plotArea><c:layout/>${plot}${catAx}${valAx}</c:plotArea>` +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>' +
    '<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings>' +
    '</c:chartSpace>'
  );
}

// ---------------------------------------------------------------------------------------
// Drawing part
// ---------------------------------------------------------------------------------------

function checkAnchor(chart: ChartPlan): void {
  const { col, row, toCol, toRow } = chart.anchor;
  for (const v of [col, row, toCol, toRow]) {
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`Chart "${chart.title}": anchor values must be whole numbers >= 0`);
  }
  if (toCol <= col || toRow <= row)
    throw new Error(`Chart "${chart.title}": anchor must span at least one row and column`);
}

/** One xdr:twoCellAnchor; `shapeId` must be unique within the drawing. */
function anchorXml(chart: ChartPlan, rId: string, shapeId: number, declareNs: boolean): string {
  checkAnchor(chart);
  const { col, row, toCol, toRow } = chart.anchor;
  const ns = declareNs ? ` xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"` : '';
  return (
    `<xdr:twoCellAnchor editAs="oneCell"${ns}>` +
    `<xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${toCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${toRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    '<xdr:graphicFrame macro="">' +
    `<xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="Chart ${shapeId - 1}" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${escapeXml(rId)}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** The drawing part (xl/drawings/drawingN.xml): one anchored graphic frame per chart. */
export function drawingXml(charts: { chart: ChartPlan; rId: string }[]): string {
  return (
    XML_DECL +
    `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    charts.map((c, i) => anchorXml(c.chart, c.rId, i + 2, false)).join('') +
    '</xdr:wsDr>'
  );
}

// ---------------------------------------------------------------------------------------
// Package helpers
// ---------------------------------------------------------------------------------------

/** Tags, comments, PIs and CDATA; attribute values may contain '>'. */
const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(?:[^>"']|"[^"]*"|'[^']*')*>/g;

interface Tag {
  name: string;
  local: string;
  start: number;
  end: number;
  kind: 'open' | 'close' | 'empty';
  depth: number;
  attrs: Record<string, string>;
}

function parseAttrs(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  const body = tag.replace(/^<\/?[^\s/>]+/, '');
  while ((m = re.exec(body))) attrs[m[1]] = decodeXml(m[2] ?? m[3] ?? '');
  return attrs;
}

/** All element tags with their nesting depth (the root element has depth 0). */
function scanTags(xml: string): Tag[] {
  const tags: Tag[] = [];
  let depth = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(xml))) {
    const text = m[0];
    if (text.startsWith('<!') || text.startsWith('<?')) continue;
    const name = /^<\/?([^\s/>]+)/.exec(text)?.[1] ?? '';
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    const base = { name, local, start: m.index, end: m.index + text.length };
    if (text.startsWith('</')) {
      depth--;
      tags.push({ ...base, kind: 'close', depth, attrs: {} });
    } else if (text.endsWith('/>')) {
      tags.push({ ...base, kind: 'empty', depth, attrs: parseAttrs(text) });
    } else {
      tags.push({ ...base, kind: 'open', depth, attrs: parseAttrs(text) });
      depth++;
    }
  }
  return tags;
}

/**
 * The tags of a worksheet part without the inside of <sheetData> (every row and cell), which holds no
 * element the drawing logic looks at; positions are those in the full text.
 */
function scanSheetTags(xml: string): Tag[] {
  const open = /<(?:[A-Za-z_][\w.-]*:)?sheetData(?:\s[^>]*)?>/.exec(xml);
  const close = open ? xml.lastIndexOf('sheetData>') : -1;
  if (!open || close < 0) return scanTags(xml);
  const innerStart = open.index + open[0].length;
  const innerEnd = xml.lastIndexOf('</', close);
  if (innerEnd < innerStart) return scanTags(xml);
  const shift = innerEnd - innerStart;
  return scanTags(xml.slice(0, innerStart) + xml.slice(innerEnd)).map((t) =>
    t.start >= innerStart ? { ...t, start: t.start + shift, end: t.end + shift } : t,
  );
}

/** Value of an attribute whose namespace is the relationships namespace (r:id). */
function relIdAttr(tag: Tag, rootAttrs: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(tag.attrs)) {
    const i = k.indexOf(':');
    if (i > 0 && k.slice(i + 1) === 'id' && rootAttrs[`xmlns:${k.slice(0, i)}`] === NS_R) return v;
  }
  return undefined;
}

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  return scanTags(xml)
    .filter((t) => t.local === 'Relationship' && t.kind !== 'close')
    .map((t) => ({
      id: t.attrs.Id ?? '',
      type: t.attrs.Type ?? '',
      target: t.attrs.Target ?? '',
      external: t.attrs.TargetMode === 'External',
    }));
}

function freeRelId(rels: Rel[]): string {
  const used = new Set(rels.map((r) => r.id));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

function addRel(relsXml: string | undefined, rel: Omit<Rel, 'external'>): string {
  const entry = `<Relationship Id="${escapeXml(rel.id)}" Type="${rel.type}" Target="${escapeXml(rel.target)}"/>`;
  if (!relsXml) return `${XML_DECL}<Relationships xmlns="${NS_PKG_RELS}">${entry}</Relationships>`;
  const close = relsXml.lastIndexOf('</Relationships>');
  if (close >= 0) return relsXml.slice(0, close) + entry + relsXml.slice(close);
  // An empty self-closing <Relationships .../> root.
  return relsXml.replace(/<Relationships([^>]*?)\s*\/>/, `<Relationships$1>${entry}</Relationships>`);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

function relsPathOf(partPath: string): string {
  const dir = dirOf(partPath);
  return `${dir}_rels/${partPath.slice(dir.length)}.rels`;
}

/** Resolves a relationship target against the directory of its source part. */
function resolveTarget(sourcePart: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : dirOf(sourcePart) + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** Relative path from the directory of `fromPart` to `toPart` (both package paths). */
function relativeTarget(fromPart: string, toPart: string): string {
  const from = dirOf(fromPart).split('/').filter(Boolean);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

/**
 * The part of JSZip's interface the chart pass uses. ExcelJS builds its package with its own copy of
 * JSZip, so the pass is typed by shape, not by class.
 */
export interface ZipPackage {
  file(path: string): { async(type: 'string'): Promise<string> } | null;
  file(path: string, data: string): unknown;
  forEach(callback: (relativePath: string) => void): void;
}

async function readText(zip: ZipPackage, path: string): Promise<string | undefined> {
  const f = zip.file(path);
  return f ? f.async('string') : undefined;
}

export async function mustRead(zip: ZipPackage, path: string): Promise<string> {
  const text = await readText(zip, path);
  if (text === undefined) throw new Error(`The .xlsx package has no ${path}`);
  return text;
}

function nextNumber(zip: ZipPackage, folder: string, stem: string): number {
  const re = new RegExp(`^${folder}/${stem}(\\d+)\\.xml$`);
  let max = 0;
  zip.forEach((path) => {
    const m = re.exec(path);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max + 1;
}

/** CT_Worksheet children that must come after <drawing>. */
const AFTER_DRAWING = new Set([
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/** Inserts <drawing r:id="..."/> into a worksheet at the schema-correct position. */
function insertDrawingElement(sheetXml: string, rId: string, tags: Tag[]): string {
  const root = tags.find((t) => t.depth === 0 && t.kind !== 'close');
  if (!root || root.local !== 'worksheet' || root.kind === 'empty')
    throw new Error('Worksheet part has no <worksheet> root');
  const prefix = root.name.includes(':') ? root.name.slice(0, root.name.indexOf(':') + 1) : '';
  let xml = sheetXml;
  let shift = 0;
  let rPrefix = Object.entries(root.attrs)
    .find(([k, v]) => k.startsWith('xmlns:') && v === NS_R)?.[0]
    .slice(6);
  if (!rPrefix) {
    rPrefix = 'r';
    for (let n = 2; `xmlns:${rPrefix}` in root.attrs; n++) rPrefix = `r${n}`;
    const decl = ` xmlns:${rPrefix}="${NS_R}"`;
    const at = root.end - 1;
    xml = xml.slice(0, at) + decl + xml.slice(at);
    shift = decl.length;
  }
  const element = `<${prefix}drawing ${rPrefix}:id="${escapeXml(rId)}"/>`;
  const before = tags.find((t) => t.depth === 1 && t.kind !== 'close' && AFTER_DRAWING.has(t.local));
  const rootClose = tags.find((t) => t.depth === 0 && t.kind === 'close');
  const at = (before ?? rootClose)?.start;
  if (at === undefined) throw new Error('Worksheet part has no closing </worksheet>');
  return xml.slice(0, at + shift) + element + xml.slice(at + shift);
}

/** Appends chart anchors to an existing drawing part (e.g. one ExcelJS wrote for images). */
function appendAnchors(drawing: string, charts: { chart: ChartPlan; rId: string }[]): string {
  const tags = scanTags(drawing);
  const root = tags.find((t) => t.depth === 0 && t.kind !== 'close');
  if (!root || root.local !== 'wsDr') throw new Error('Existing drawing part has no <wsDr> root');
  let maxId = 1;
  for (const t of tags)
    if (t.local === 'cNvPr' && t.attrs.id) maxId = Math.max(maxId, Number(t.attrs.id) || 0);
  const anchors = charts.map((c, i) => anchorXml(c.chart, c.rId, maxId + 1 + i, true)).join('');
  if (root.kind === 'empty') {
    const open = drawing.slice(root.start, root.end).replace(/\s*\/>$/, '>');
    return `${drawing.slice(0, root.start)}${open}${anchors}</${root.name}>${drawing.slice(root.end)}`;
  }
  const close = tags.find((t) => t.depth === 0 && t.kind === 'close');
  if (!close) throw new Error('Existing drawing part is not closed');
  return drawing.slice(0, close.start) + anchors + drawing.slice(close.start);
}

/** Sheet name -> the path of its worksheet part, through xl/workbook.xml and its relationships. */
export async function sheetPartPaths(zip: ZipPackage): Promise<Map<string, string>> {
  const workbookPath = 'xl/workbook.xml';
  const workbookXml = await mustRead(zip, workbookPath);
  const wbTags = scanTags(workbookXml);
  const wbRoot = wbTags.find((t) => t.depth === 0 && t.kind !== 'close');
  const wbRels = parseRels(await readText(zip, relsPathOf(workbookPath)));
  const sheetParts = new Map<string, string>();
  for (const t of wbTags) {
    if (t.local !== 'sheet' || t.kind === 'close' || t.attrs.name === undefined || !wbRoot) continue;
    const rid = relIdAttr(t, wbRoot.attrs);
    const rel = wbRels.find((r) => r.id === rid && !r.external);
    if (rel) sheetParts.set(t.attrs.name, resolveTarget(workbookPath, rel.target));
  }
  return sheetParts;
}

// ---------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------

/**
 * Adds native charts to an .xlsx package. Each sheet is found by name through
 * xl/workbook.xml and its relationships; charts are appended to the sheet's existing
 * drawing when it has one, otherwise a new drawing part is created.
 */
export async function addChartsToXlsx(
  xlsx: Uint8Array,
  sheets: { sheetName: string; charts: ChartPlan[] }[],
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  await addChartsToPackage(zip, sheets);
  // Uint8Array, not a Node Buffer: the same code runs in the task pane.
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Adds the charts to an open package (see addChartsToXlsx); the caller zips it. */
export async function addChartsToPackage(
  zip: ZipPackage,
  sheets: { sheetName: string; charts: ChartPlan[] }[],
): Promise<void> {
  const sheetParts = await sheetPartPaths(zip);
  const contentTypesXml = await mustRead(zip, '[Content_Types].xml');
  const overridden = new Set(
    scanTags(contentTypesXml)
      .filter((t) => t.local === 'Override' && t.attrs.PartName)
      .map((t) => t.attrs.PartName.toLowerCase()),
  );
  const newOverrides: string[] = [];
  const override = (partName: string, contentType: string): void => {
    if (overridden.has(partName.toLowerCase())) return;
    overridden.add(partName.toLowerCase());
    newOverrides.push(`<Override PartName="${partName}" ContentType="${contentType}"/>`);
  };
  let chartNo = nextNumber(zip, 'xl/charts', 'chart');
  let drawingNo = nextNumber(zip, 'xl/drawings', 'drawing');

  for (const { sheetName, charts } of sheets) {
    if (charts.length === 0) continue;
    const sheetPath = sheetParts.get(sheetName);
    if (!sheetPath) {
      throw new Error(
        `Cannot add charts: no sheet named "${sheetName}" in the workbook (have: ${[...sheetParts.keys()].join(', ')})`,
      );
    }
    const sheetXml = await mustRead(zip, sheetPath);
    const sheetRelsPath = relsPathOf(sheetPath);
    const sheetRelsXml = await readText(zip, sheetRelsPath);
    const sheetRels = parseRels(sheetRelsXml);

    // An existing <drawing> on this sheet (a worksheet may only have one).
    const sTags = scanSheetTags(sheetXml);
    const sRoot = sTags.find((t) => t.depth === 0 && t.kind !== 'close');
    const existing = sTags.find((t) => t.depth === 1 && t.kind !== 'close' && t.local === 'drawing');
    const existingRel =
      existing && sRoot ? sheetRels.find((r) => r.id === relIdAttr(existing, sRoot.attrs)) : undefined;
    const drawingPath = existingRel
      ? resolveTarget(sheetPath, existingRel.target)
      : `xl/drawings/drawing${drawingNo++}.xml`;
    const drawingRelsPath = relsPathOf(drawingPath);
    let drawingRelsXml = await readText(zip, drawingRelsPath);
    const drawingRels = parseRels(drawingRelsXml);

    const entries: { chart: ChartPlan; rId: string }[] = [];
    for (const chart of charts) {
      const chartPath = `xl/charts/chart${chartNo}.xml`;
      zip.file(chartPath, chartXml(chart, chartNo - 1));
      chartNo++;
      const rId = freeRelId(drawingRels);
      drawingRels.push({ id: rId, type: REL_CHART, target: '', external: false });
      drawingRelsXml = addRel(drawingRelsXml, {
        id: rId,
        type: REL_CHART,
        target: relativeTarget(drawingPath, chartPath),
      });
      override(`/${chartPath}`, CT_CHART);
      entries.push({ chart, rId });
    }
    zip.file(drawingRelsPath, drawingRelsXml ?? '');

    if (existingRel) {
      const drawing = await mustRead(zip, drawingPath);
      zip.file(drawingPath, appendAnchors(drawing, entries));
    } else {
      zip.file(drawingPath, drawingXml(entries));
      const rId = freeRelId(sheetRels);
      zip.file(
        sheetRelsPath,
        addRel(sheetRelsXml, { id: rId, type: REL_DRAWING, target: relativeTarget(sheetPath, drawingPath) }),
      );
      zip.file(sheetPath, insertDrawingElement(sheetXml, rId, sTags));
    }
    override(`/${drawingPath}`, CT_DRAWING);
  }

  const typesClose = contentTypesXml.lastIndexOf('</Types>');
  if (typesClose < 0) throw new Error('[Content_Types].xml has no </Types>');
  zip.file(
    '[Content_Types].xml',
    contentTypesXml.slice(0, typesClose) + newOverrides.join('') + contentTypesXml.slice(typesClose),
  );
}
