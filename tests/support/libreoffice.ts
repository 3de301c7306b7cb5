/**
 * Test support: drive headless LibreOffice (soffice) and poppler (pdftoppm)
 * to check what our generated workbooks really compute and render.
 *
 * - recalculate(): open an .xlsx in LibreOffice with "always recalculate on
 *   load", save it back as .xlsx, so every formula carries a cached result that
 *   readComputed() can read.
 * - convertToPdf() / pdfToPngs() / pngHasInk(): render and check for ink
 *   (e.g. that a chart really drew something on a page).
 *
 * Concurrency: each process (= each jest worker) gets its own LibreOffice user
 * profile in a temp dir (<tmp>/pps-lo-profile-<pid>), because LibreOffice
 * cannot share a profile between concurrently running instances. Calls within
 * one process are serialised.
 *
 * Requires `soffice` and `pdftoppm` on PATH (see scripts/ensure-system-deps.js).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as zlib from 'zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const SOFFICE_TIMEOUT_MS = 120_000;
const PDFTOPPM_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------
// Process helpers
// ---------------------------------------------------------------------------

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command in its own process group; kills the whole group on timeout. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: soffice is a wrapper script around soffice.bin
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Failed to start ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

// ---------------------------------------------------------------------------
// LibreOffice profile (one per process) and call serialisation
// ---------------------------------------------------------------------------

const REGISTRY_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

const PROFILE_PREFIX = 'pps-lo-profile-';
let profileDir: string | undefined;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes profiles left behind by processes that no longer exist. */
function sweepStaleProfiles(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of entries) {
    const m = new RegExp(`^${PROFILE_PREFIX}(\\d+)$`).exec(name);
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * The LibreOffice user profile for this process: `<tmp>/pps-lo-profile-<pid>`.
 * Keyed by pid rather than created per module instance because jest gives each
 * test file a fresh module registry; test files in one worker run one after
 * another, so they can reuse the profile (saves ~1 s of profile creation), while
 * parallel workers (different pids) never share one. Jest workers are killed
 * without a usable exit hook, so instead of deleting on exit, profiles of dead
 * pids are swept when a new one is created.
 */
function getProfileDir(): string {
  const xcuOf = (d: string): string => path.join(d, 'user', 'registrymodifications.xcu');
  if (profileDir && fs.existsSync(xcuOf(profileDir))) return profileDir;
  sweepStaleProfiles();
  let dir = path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    const ownedByUs =
      (e as NodeJS.ErrnoException).code === 'EEXIST' &&
      fs.lstatSync(dir).isDirectory() &&
      (typeof process.getuid !== 'function' || fs.lstatSync(dir).uid === process.getuid());
    if (!ownedByUs) dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}x-`));
  }
  fs.mkdirSync(path.join(dir, 'user'), { recursive: true });
  // LibreOffice rewrites this file on exit but keeps our items; write it if absent
  // or if it somehow lost the recalculation setting.
  const xcu = xcuOf(dir);
  if (!fs.existsSync(xcu) || !fs.readFileSync(xcu, 'utf8').includes('OOXMLRecalcMode')) {
    fs.writeFileSync(xcu, REGISTRY_XCU);
  }
  profileDir = dir;
  return dir;
}

/** This process's profile (recalculation on load forced), for callers that run soffice themselves (the bench). */
export function libreOfficeProfile(): string {
  return getProfileDir();
}

// Calls in one process share one profile, so they must not overlap.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Converts `inputPath` with `soffice --convert-to <filter>` and places the
 * result at `outDir/<input basename>.<ext>` (or `<basename>.converted.<ext>`
 * when that would overwrite the input itself). The input is first copied to a
 * private staging dir and converted into a fresh dir, so a stale file can never
 * be mistaken for output and input/output names never clash.
 */
function convert(
  inputPath: string,
  outDir: string,
  convertTo: string,
  ext: string,
  timeoutMs = SOFFICE_TIMEOUT_MS,
): Promise<string> {
  return serialised(async () => {
    const src = path.resolve(inputPath);
    if (!fs.existsSync(src) || !fs.statSync(src).isFile()) {
      throw new Error(`LibreOffice conversion: input file not found: ${src}`);
    }
    const base = path.basename(src, path.extname(src));
    fs.mkdirSync(outDir, { recursive: true });
    let finalPath = path.resolve(outDir, `${base}.${ext}`);
    if (finalPath === src) finalPath = path.resolve(outDir, `${base}.converted.${ext}`);

    const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'pps-lo-job-'));
    try {
      const inDir = path.join(stage, 'in');
      const convDir = path.join(stage, 'out');
      fs.mkdirSync(inDir);
      fs.mkdirSync(convDir);
      const stagedInput = path.join(inDir, path.basename(src));
      fs.copyFileSync(src, stagedInput);

      const started = Date.now();
      const args = [
        `-env:UserInstallation=${pathToFileURL(getProfileDir()).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        convertTo,
        '--outdir',
        convDir,
        stagedInput,
      ];
      const r = await run('soffice', args, timeoutMs);
      const produced = path.join(convDir, `${base}.${ext}`);
      const describe = (why: string): string =>
        `LibreOffice failed to convert ${src} to ${convertTo}: ${why}\n` +
        `  command: soffice ${args.join(' ')}\n` +
        `  exit: ${r.code ?? r.signal}\n  stdout: ${r.stdout.trim() || '(empty)'}\n` +
        `  stderr: ${r.stderr.trim() || '(empty)'}`;
      if (r.timedOut) throw new Error(describe(`timed out after ${timeoutMs / 1000}s (killed)`));
      if (!fs.existsSync(produced)) throw new Error(describe('no output file was produced'));
      const st = fs.statSync(produced);
      if (st.size === 0) throw new Error(describe('output file is empty'));
      // 2 s slack for coarse filesystem timestamps.
      if (st.mtimeMs < started - 2000) throw new Error(describe('output file is older than the call'));
      if (r.code !== 0) throw new Error(describe('non-zero exit code'));

      fs.copyFileSync(produced, finalPath);
      return finalPath;
    } finally {
      fs.rmSync(stage, { recursive: true, force: true });
    }
  });
}

/**
 * Opens `xlsxPath` in LibreOffice with "recalculate on load: always" and saves
 * it as `outDir/<basename>.xlsx` (`<basename>.converted.xlsx` if outDir is the
 * input's own directory). Returns that path. Every formula cell in the output
 * carries a freshly computed cached result; read them with readComputed(). `timeoutMs` (default two
 * minutes) is for the bench's large workbooks.
 */
export function recalculate(
  xlsxPath: string,
  outDir: string,
  opts: { timeoutMs?: number } = {},
): Promise<string> {
  return convert(xlsxPath, outDir, 'xlsx', 'xlsx', opts.timeoutMs);
}

/** Converts any document LibreOffice can open to `outDir/<basename>.pdf`. Returns that path. */
export function convertToPdf(filePath: string, outDir: string): Promise<string> {
  return convert(filePath, outDir, 'pdf', 'pdf');
}

// ---------------------------------------------------------------------------
// PDF -> PNG
// ---------------------------------------------------------------------------

export interface PdfToPngOptions {
  firstPage?: number;
  lastPage?: number;
  /** Resolution; default 72 (1 px per PDF point). */
  dpi?: number;
}

/**
 * Renders PDF pages with `pdftoppm -png`. Files are written as
 * `<outPrefix>-<page>.png` (pdftoppm zero-pads the page number); existing files
 * matching that pattern are removed first. Returns the paths in page order.
 */
export async function pdfToPngs(
  pdfPath: string,
  outPrefix: string,
  opts: PdfToPngOptions = {},
): Promise<string[]> {
  const pdf = path.resolve(pdfPath);
  if (!fs.existsSync(pdf)) throw new Error(`pdfToPngs: PDF not found: ${pdf}`);
  const prefix = path.resolve(outPrefix);
  const dir = path.dirname(prefix);
  const stem = path.basename(prefix);
  fs.mkdirSync(dir, { recursive: true });
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.png$`);
  const matching = (): { file: string; page: number }[] =>
    fs
      .readdirSync(dir)
      .map((f) => ({ f, m: pattern.exec(f) }))
      .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
      .map((x) => ({ file: path.join(dir, x.f), page: Number(x.m[1]) }));
  for (const old of matching()) fs.rmSync(old.file, { force: true });

  const args = ['-png', '-r', String(opts.dpi ?? 72)];
  if (opts.firstPage !== undefined) args.push('-f', String(opts.firstPage));
  if (opts.lastPage !== undefined) args.push('-l', String(opts.lastPage));
  args.push(pdf, prefix);
  const r = await run('pdftoppm', args, PDFTOPPM_TIMEOUT_MS);
  const files = matching()
    .sort((a, b) => a.page - b.page)
    .map((x) => x.file);
  if (r.timedOut || r.code !== 0 || files.length === 0) {
    throw new Error(
      `pdftoppm failed for ${pdf}${r.timedOut ? ' (timed out, killed)' : ''}: exit ${r.code ?? r.signal}, ` +
        `${files.length} page(s) written\n  stderr: ${r.stderr.trim() || '(empty)'}`,
    );
  }
  return files;
}

// ---------------------------------------------------------------------------
// Reading computed values
// ---------------------------------------------------------------------------

/**
 * sheet name -> (A1 address, e.g. "B7" -> computed value)
 *
 * Values:
 * - formula cells: the cached result (what LibreOffice computed); `undefined`
 *   if the file has no cached result (i.e. it was not recalculated)
 * - errors (cached or literal): their text, e.g. '#DIV/0!', '#N/A'
 * - dates: ISO strings (ExcelJS turns date-formatted numbers into Dates, so
 *   this depends on the cell's number format)
 * - rich text: the concatenated plain text; hyperlinks: their text
 * - numbers, strings, booleans: as they are
 * Empty cells and the non-master cells of merged ranges are omitted.
 */
export type ComputedWorkbook = Map<string, Map<string, unknown>>;

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (typeof o.error === 'string') return o.error;
  if ('formula' in o || 'sharedFormula' in o) return plain(o.result);
  if (Array.isArray(o.richText)) {
    return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  }
  if ('text' in o && 'hyperlink' in o) return plain(o.text);
  return v;
}

export async function readComputed(xlsxPath: string): Promise<ComputedWorkbook> {
  const bytes = fs.readFileSync(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const cached = await formulaCachedValues(bytes);
  const out: ComputedWorkbook = new Map();
  wb.eachSheet((ws) => {
    const cells = new Map<string, unknown>();
    const fromXml = cached.get(ws.name);
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        let v = plain(cell.value);
        if (v === undefined && cell.type === ExcelJS.ValueType.Formula && fromXml?.has(cell.address)) {
          v = fromXml.get(cell.address);
        }
        cells.set(cell.address, v);
      });
    });
    out.set(ws.name, cells);
  });
  return out;
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/**
 * ExcelJS drops a formula's cached result when it is falsy: the empty string
 * (`<c t="str"><f>..</f><v></v></c>`, which LibreOffice writes for e.g.
 * IF(B1="","","x")) and the number 0, making them indistinguishable from
 * "never calculated". Read every formula cell's cached value from the sheet
 * XML instead: sheet name -> (address -> value).
 */
async function formulaCachedValues(bytes: Buffer): Promise<Map<string, Map<string, unknown>>> {
  const result = new Map<string, Map<string, unknown>>();
  const zip = await JSZip.loadAsync(bytes);
  const workbookXml = await zip.file('xl/workbook.xml')?.async('string');
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!workbookXml || !relsXml) return result;
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) {
      targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.join('xl', xmlUnescape(target)));
    }
  }
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name === undefined || !part) continue;
    const xml = await zip.file(part)?.async('string');
    if (!xml) continue;
    const values = new Map<string, unknown>();
    for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1];
      const body = c[2] ?? '';
      if (!/<f\b/.test(body)) continue;
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      const raw = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? (/<v\s*\/>/.test(body) ? '' : undefined);
      if (!ref || raw === undefined) continue;
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? 'n';
      const text = xmlUnescape(raw);
      values.set(ref, type === 'str' || type === 'e' ? text : type === 'b' ? text === '1' : Number(text));
    }
    if (values.size) result.set(xmlUnescape(name), values);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Minimal PNG decoder (no dependencies) and ink check
// ---------------------------------------------------------------------------

export interface DecodedPng {
  width: number;
  height: number;
  /** Channels per pixel in `data`: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  /** Unfiltered 8-bit samples, row-major, width*channels bytes per row. */
  data: Buffer;
}

/**
 * Decodes an 8-bit, non-interlaced PNG of colour type gray, gray+alpha, RGB or
 * RGBA (what pdftoppm writes). Throws on anything else.
 */
export function decodePng(pngPath: string): DecodedPng {
  const buf = fs.readFileSync(pngPath);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(sig)) throw new Error(`${pngPath}: not a PNG file`);
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    pos += 12 + len;
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const bitDepth = body[8];
      const colorType = body[9];
      const interlace = body[12];
      const ch: Record<number, number> = { 0: 1, 4: 2, 2: 3, 6: 4 };
      if (bitDepth !== 8 || ch[colorType] === undefined || interlace !== 0) {
        throw new Error(
          `${pngPath}: unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`,
        );
      }
      channels = ch[colorType];
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (!channels) throw new Error(`${pngPath}: missing IHDR`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error(`${pngPath}: truncated image data`);
  const data = Buffer.alloc(height * stride);
  const bpp = channels;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = y * stride;
    const prev = (y - 1) * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? data[cur + x - bpp] : 0;
      const b = y > 0 ? data[prev + x] : 0;
      const c = x >= bpp && y > 0 ? data[prev + x - bpp] : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = line[x];
          break;
        case 1:
          v = line[x] + a;
          break;
        case 2:
          v = line[x] + b;
          break;
        case 3:
          v = line[x] + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = line[x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`${pngPath}: bad filter type ${filter} on row ${y}`);
      }
      data[cur + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** Pixel rectangle; clamped to the image. */
export interface PngRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface InkOptions {
  /** A pixel is ink if any colour channel is below this (0-255). Default 235. */
  threshold?: number;
  /** Minimum number of ink pixels for `true`. Default 1. */
  minPixels?: number;
  /** Count only coloured pixels (max-min channel spread > 40), e.g. chart series, not black text. */
  colouredOnly?: boolean;
}

/** Number of ink (non-white, non-transparent) pixels in the region. */
export function countInk(pngPath: string, region?: PngRegion, opts: InkOptions = {}): number {
  const img = decodePng(pngPath);
  const threshold = opts.threshold ?? 235;
  const x0 = Math.max(0, Math.floor(region?.x ?? 0));
  const y0 = Math.max(0, Math.floor(region?.y ?? 0));
  const x1 = Math.min(img.width, region ? Math.floor(region.x + region.width) : img.width);
  const y1 = Math.min(img.height, region ? Math.floor(region.y + region.height) : img.height);
  const colourChannels = img.channels >= 3 ? 3 : 1;
  const hasAlpha = img.channels === 2 || img.channels === 4;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * img.channels;
      if (hasAlpha && img.data[i + img.channels - 1] < 16) continue; // transparent = blank
      let min = 255;
      let max = 0;
      for (let c = 0; c < colourChannels; c++) {
        const v = img.data[i + c];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (min >= threshold) continue;
      if (opts.colouredOnly && max - min <= 40) continue;
      count++;
    }
  }
  return count;
}

/** True if the region (default: whole image) has at least `minPixels` ink pixels. */
export function pngHasInk(pngPath: string, region?: PngRegion, opts: InkOptions = {}): boolean {
  return countInk(pngPath, region, opts) >= (opts.minPixels ?? 1);
}
