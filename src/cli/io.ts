/**
 * What every CLI command shares: the output channel, usage errors, reading and writing files, and how
 * problems, warnings and notes are reported.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { decodeText } from '../domain/csv';
import { formatProblem, Problem } from '../domain/problems';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

/** A command used wrongly: reported with a pointer to the command's help. */
export class UsageError extends Error {}

/** Problems (nothing is written), warnings (written anyway) and notes (how files were read). */
export interface Findings {
  problems: Problem[];
  warnings: Problem[];
  notes: string[];
}

export const findings = (): Findings => ({ problems: [], warnings: [], notes: [] });

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The path a person gave, as the messages show it: relative to the working folder when inside it. */
export function shown(io: CliIO, target: string): string {
  const rel = path.relative(io.cwd, target);
  return rel && !rel.startsWith('..') ? rel : target;
}

/** A file's bytes, or a problem naming it. */
export function readBytes(file: string, cwd: string, problems: Problem[]): Uint8Array | undefined {
  try {
    return fs.readFileSync(path.resolve(cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code})`;
    problems.push({ file, message });
    return undefined;
  }
}

/** A CSV file's text in whatever encoding it was saved (src/domain/csv.ts decodeText), or a problem. */
export function readText(file: string, cwd: string, found: Findings): string | undefined {
  const bytes = readBytes(file, cwd, found.problems);
  if (!bytes) return undefined;
  const res = decodeText(bytes, file);
  if ('problem' in res) {
    found.problems.push(res.problem);
    return undefined;
  }
  if (res.encoding !== 'UTF-8')
    found.notes.push(
      `${file}: read as ${res.encoding}${res.encoding === 'Windows-1252' ? ' (Excel\'s "CSV (Comma delimited)")' : ''}`,
    );
  return res.text;
}

export function reportProblems(io: CliIO, problems: Problem[], what = 'Nothing was written.'): number {
  io.err(`${what} ${plural(problems.length, 'problem')} to fix:`);
  problems.forEach((p) => io.err(`  ${formatProblem(p)}`));
  return 1;
}

/** Warnings and notes, after the output lines: written anyway, worth a look. */
export function reportFindings(io: CliIO, found: Findings): void {
  found.notes.forEach((n) => io.out(`Note: ${n}`));
  found.warnings.forEach((w) => io.err(`Warning: ${formatProblem(w)}`));
}

/** Parses a command's options strictly (unknown options are usage errors). */
export function options<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  spec: T,
  positionals = false,
) {
  return parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' }, ...spec },
    allowPositionals: positionals,
    strict: true,
  });
}

/** Runs a command; usage errors point to the command's help, other errors are one line. Exit code 1. */
export async function guard(command: string, io: CliIO, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(
        `peer-performance: ${(e as Error).message}. See peer-performance ${command ? `${command} ` : ''}--help`,
      );
      return 1;
    }
    io.err(`peer-performance: ${(e as Error).message}`);
    return 1;
  }
}

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

/** `name.ext`, or `name (2).ext`, `name (3).ext`... : the first that is not taken in `dir` or `taken`. */
export function freeFileName(dir: string, name: string, taken: Set<string> = new Set()): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 2; fs.existsSync(path.join(dir, candidate)) || taken.has(candidate.toLowerCase()); n++)
    candidate = `${stem} (${n})${ext}`;
  return candidate;
}
