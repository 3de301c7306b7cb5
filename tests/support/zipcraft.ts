/**
 * Builds hostile .xlsx packages inside the tests (no large binaries in the repository): a zip writer that
 * takes each part's deflated bytes and lets a test declare whatever sizes it likes, as an attacker would.
 */
import * as zlib from 'zlib';
import JSZip from 'jszip';

export interface CraftPart {
  name: string;
  /** Raw deflate data (method 8). */
  deflated: Buffer;
  /** What the directories claim the part inflates to. */
  declaredBytes: number;
  crc32?: number;
}

/** A part from plain content, declared honestly. */
export function part(name: string, content: Buffer | string): CraftPart {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, deflated: zlib.deflateRawSync(data), declaredBytes: data.length, crc32: zlib.crc32?.(data) };
}

/**
 * A part that inflates to `bytes` bytes: `head`, then spaces, then `tail`, deflated as a stream so the
 * test never holds the inflated text. `declaredBytes` defaults to the truth.
 */
export async function bombPart(
  name: string,
  bytes: number,
  opts: { head?: string; tail?: string; declaredBytes?: number } = {},
): Promise<CraftPart> {
  const head = Buffer.from(opts.head ?? '');
  const tail = Buffer.from(opts.tail ?? '');
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  deflate.write(head);
  let left = bytes - head.length - tail.length;
  while (left > 0) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end(tail);
  await done;
  return { name, deflated: Buffer.concat(out), declaredBytes: opts.declaredBytes ?? bytes };
}

/** Every part of a real package, re-deflated, so a test can swap or add parts. */
export async function partsOf(xlsx: Uint8Array): Promise<CraftPart[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const parts: CraftPart[] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    parts.push(part(f.name, await f.async('nodebuffer')));
  }
  return parts;
}

/**
 * Writes the zip: local headers, data, central directory, end record. `zip64` marks the end record the
 * way a ZIP64 package does (0xFFFF entries), which readers must not take at face value.
 */
export function craftZip(parts: CraftPart[], opts: { zip64?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc32 ?? 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredBytes, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, p.deflated);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(p.crc32 ?? 0, 16);
    cd.writeUInt32LE(p.deflated.length, 20);
    cd.writeUInt32LE(p.declaredBytes, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.zip64 ? 0xffff : parts.length, 8);
  end.writeUInt16LE(opts.zip64 ? 0xffff : parts.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cdBytes, end]);
}
