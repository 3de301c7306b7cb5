/**
 * Untrusted .xlsx packages (returned forms, team workbooks picked from disk) are checked here before
 * ExcelJS inflates them, because ExcelJS inflates every part into memory and trusts what it finds:
 *
 * 1. The zip's central directory is read (no inflation): a part whose declared size, or parts whose
 *    declared sizes together, pass what any genuine file of that kind reaches are refused, as are
 *    ZIP64 packages (a genuine form or team workbook is far from 4 GB).
 * 2. Parts a file of that kind never has (macros, external links, data connections, OLE and ActiveX
 *    objects) are refused, naming what was found, when the caller asks for it (returned forms).
 * 3. Every part is then inflated as a stream, chunk by chunk, counting bytes and keeping none: a part
 *    that inflates past its declared size (a zip bomb that lies about its size) is refused the moment
 *    it does, so memory stays at one chunk, whatever the file claims.
 *
 * After ExcelJS has loaded a file that passed, `checkExtent` refuses a sheet with cells far outside the
 * area any genuine file of that kind uses (a cell at XFD1048576 in a form), naming the cell.
 */
import JSZip from 'jszip';

export interface PackageLimits {
  /** What the file should be, for messages: "a returned form", "a team workbook". */
  kind: string;
  /** Inflated bytes one part, and all parts together, never reach in a genuine file of this kind. */
  maxPartBytes: number;
  maxTotalBytes: number;
  /** The last row and column (1-based) a genuine file of this kind uses on any sheet. */
  maxRows: number;
  maxCols: number;
  /** Refuse macros, external links, data connections and embedded objects (nothing a form ever has). */
  refuseActiveParts: boolean;
}

const MB = 1024 * 1024;

/**
 * A returned self-assessment form: one sheet of at most a few hundred competencies (the PRCoE list, the
 * largest bundled one, writes about 50 KB inflated; an agency list of 1,000 competencies about 0.4 MB).
 * 16 MB per part leaves room for style bloat a person's Excel may add, and stops any bomb.
 */
export const FORM_LIMITS: PackageLimits = {
  kind: 'a returned form',
  maxPartBytes: 16 * MB,
  maxTotalBytes: 32 * MB,
  maxRows: 5000,
  maxCols: 100,
  refuseActiveParts: true,
};

/**
 * A team workbook: the outcomes log is its largest part, about 1.5 KB per session as we write it, so
 * 160 MB holds a log of 100,000 sessions, several times what one team keeps.
 */
export const WORKBOOK_LIMITS: PackageLimits = {
  kind: 'a team workbook',
  maxPartBytes: 160 * MB,
  maxTotalBytes: 320 * MB,
  maxRows: 250_000,
  maxCols: 1000,
  refuseActiveParts: false,
};

export interface PackageEntry {
  name: string;
  /** Declared by the central directory; not trusted until the part has been inflated. */
  compressedBytes: number;
  declaredBytes: number;
}

/** A file refused by these checks; the message names the file and says why. */
export class UntrustedFileError extends Error {
  override name = 'UntrustedFileError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * The central directory's entries, or null when the bytes are not a zip package at all (ExcelJS then
 * says the file is not a workbook). Throws UntrustedFileError for ZIP64 and a damaged directory.
 */
export function centralDirectory(bytes: Uint8Array, file: string): PackageEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new UntrustedFileError(
      `${file}: refused: it is a ZIP64 package, which no workbook of this size needs; it may be damaged or ` +
        'built to exhaust memory. Nothing was read from it.',
    );
  const damaged = () =>
    new UntrustedFileError(`${file}: refused: its zip directory is damaged. Nothing was read from it.`);
  if (offset + size > eocd) throw damaged();
  const entries: PackageEntry[] = [];
  const decoder = new TextDecoder();
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) throw damaged();
    const compressedBytes = view.getUint32(p + 20, true);
    const declaredBytes = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) throw damaged();
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (compressedBytes === 0xffffffff || declaredBytes === 0xffffffff)
      throw new UntrustedFileError(
        `${file}: refused: its part "${name}" uses ZIP64 sizes, which no workbook of this size needs. ` +
          'Nothing was read from it.',
      );
    entries.push({ name, compressedBytes, declaredBytes });
    p += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Parts a returned form never has, each with what a person would call it. */
const ACTIVE_PARTS: { test: (name: string) => boolean; what: string }[] = [
  { test: (n) => /(^|\/)vbaProject\.bin$/i.test(n) || /(^|\/)vbaData\.xml$/i.test(n), what: 'macros (VBA)' },
  { test: (n) => /^xl\/macrosheets\//i.test(n), what: 'Excel 4.0 macro sheets' },
  { test: (n) => /^xl\/externalLinks\//i.test(n), what: 'links to other workbooks (external links)' },
  { test: (n) => /^xl\/connections\.xml$/i.test(n), what: 'data connections' },
  { test: (n) => /^xl\/queryTables\//i.test(n), what: 'query tables' },
  { test: (n) => /^xl\/embeddings\//i.test(n), what: 'embedded (OLE) objects' },
  { test: (n) => /^xl\/activeX\//i.test(n), what: 'ActiveX controls' },
];

/** What `name` would be called if it is a part a form never has, else null. */
export function activePart(name: string): string | null {
  return ACTIVE_PARTS.find((a) => a.test(name))?.what ?? null;
}

function describeBytes(n: number): string {
  return n >= MB ? `${Math.round(n / MB)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * Checks an untrusted .xlsx package before anything inflates it whole (see the file comment). Returns
 * the parts found, for callers that report them. Bytes that are not a zip at all pass through, so the
 * reader's own "not a workbook" message stays the one a person sees.
 */
export async function checkPackage(
  bytes: Uint8Array,
  file: string,
  limits: PackageLimits,
): Promise<PackageEntry[] | null> {
  const entries = centralDirectory(bytes, file);
  if (!entries) return null;
  const refuse = (why: string) =>
    new UntrustedFileError(`${file}: refused: ${why} Nothing was read from it.`);
  if (limits.refuseActiveParts) {
    const found = [...new Set(entries.map((e) => activePart(e.name)).filter((w): w is string => w !== null))];
    if (found.length)
      throw refuse(
        `it holds ${found.join(', ')}, which ${limits.kind} never has. Ask for the file to be saved again ` +
          'as a plain Excel Workbook (.xlsx), or type the ratings into a fresh form.',
      );
  }
  const tooBig = (e: { name: string }, bytesSeen: number, how: string) =>
    refuse(
      `its part "${e.name}" ${how} ${describeBytes(bytesSeen)}, more than ${limits.kind} ever holds ` +
        `(${describeBytes(limits.maxPartBytes)} at most): it may be damaged or built to exhaust memory.`,
    );
  let total = 0;
  for (const e of entries) {
    if (e.declaredBytes > limits.maxPartBytes) throw tooBig(e, e.declaredBytes, 'would inflate to');
    total += e.declaredBytes;
  }
  if (total > limits.maxTotalBytes)
    throw refuse(
      `its parts would inflate to ${describeBytes(total)} together, more than ${limits.kind} ever holds ` +
        `(${describeBytes(limits.maxTotalBytes)} at most): it may be damaged or built to exhaust memory.`,
    );
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return entries; // not readable as a zip: the workbook reader says so in its own words
  }
  for (const e of entries) {
    const part = zip.file(e.name);
    if (!part || part.dir) continue;
    const { seen, error } = await inflatedSize(part as unknown as StreamablePart, e.declaredBytes);
    if (seen > e.declaredBytes)
      throw refuse(
        `its part "${e.name}" inflates past the ${describeBytes(e.declaredBytes)} its directory declares ` +
          `(stopped at ${describeBytes(seen)}): it is damaged or built to exhaust memory.`,
      );
    if (error) throw refuse(`its part "${e.name}" is damaged and cannot be inflated.`);
  }
  return entries;
}

/** JSZip's documented ZipObject.internalStream, typed by shape (its .d.ts leaves it out). */
interface StreamablePart {
  internalStream(type: 'uint8array'): {
    on(event: 'data', cb: (chunk: Uint8Array) => void): unknown;
    on(event: 'end', cb: () => void): unknown;
    on(event: 'error', cb: (e: Error) => void): unknown;
    resume(): unknown;
    pause(): unknown;
  };
}

/**
 * Inflates one part chunk by chunk, keeping nothing, and stops as soon as more than `limit` bytes have
 * come out. Returns the bytes seen (more than `limit` means it was stopped) and whether inflating failed
 * (a corrupt stream, or fewer bytes than declared, which JSZip checks at the end).
 */
function inflatedSize(part: StreamablePart, limit: number): Promise<{ seen: number; error: boolean }> {
  return new Promise((resolve) => {
    let seen = 0;
    let done = false;
    const finish = (error = false) => {
      if (done) return;
      done = true;
      resolve({ seen, error });
    };
    const stream = part.internalStream('uint8array');
    stream.on('data', (chunk: Uint8Array) => {
      if (done) return;
      seen += chunk.byteLength;
      if (seen > limit) {
        stream.pause();
        finish();
      }
    });
    stream.on('end', () => finish());
    stream.on('error', () => finish(true));
    stream.resume();
  });
}

/**
 * A sheet's used extent against the limits: the first cell outside them, as an A1 address, or null.
 * `rows` maps 1-based row numbers to the 1-based column numbers used on them.
 */
export function outsideExtent(
  rows: Iterable<[number, Iterable<number>]>,
  limits: Pick<PackageLimits, 'maxRows' | 'maxCols'>,
): { row: number; col: number } | null {
  for (const [row, cols] of rows)
    for (const col of cols) if (row > limits.maxRows || col > limits.maxCols) return { row, col };
  return null;
}
