/** File output for the CLI commands. */
import * as fs from 'fs';
import * as path from 'path';

/** Writes to a temporary name beside the target and renames it only when the bytes are complete. */
export function writeAtomically(target: string, bytes: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
  } finally {
    if (fs.existsSync(tmp)) fs.unlinkSync(tmp);
  }
}
