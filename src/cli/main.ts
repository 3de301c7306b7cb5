#!/usr/bin/env node
/**
 * peer-performance: supervision workbooks from CSV files and back (README "The CLI"). Help and dispatch
 * only: each command lives in its own file (build.ts, forms.ts, export.ts, update.ts, rollup.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { library } from '../domain/library';
import { BUILD_HELP, buildCommand, demoCommand } from './build';
import { EXPORT_HELP, exportCommand } from './export';
import { collectCommand, FORMS_HELP, formsCommand } from './forms';
import { CliIO, guard, UsageError } from './io';
import { ROLLUP_HELP, rollupCommand } from './rollup';
import { UPDATE_HELP, updateCommand } from './update';

export type { CliIO } from './io';

const MAIN_HELP = `peer-performance: supervision workbooks for peer recovery support programs

Usage:
  peer-performance demo [--out FILE]
      the demo workbook from the bundled sample data
  peer-performance build --team team.csv [--ratings ratings.csv] [--sessions sessions.csv]
      [--framework ID] [--period LABEL]... --out FILE.xlsx [--force] [--compare-period LABEL]
      [--person CODE|all|not-improving]... [--agenda WORKER[:DATE]]... [--deidentify [--keep-free-text]]
      a new team workbook (refuses to replace an existing file unless --force)
  peer-performance update BOOK.xlsx [--ratings ratings.csv] [--sessions sessions.csv] [--period LABEL]...
      new data into an existing workbook, upgraded to this version's layout; what was typed into it
      wins; BOOK.bak.xlsx keeps the original
  peer-performance export BOOK.xlsx --out-dir DIR
      team.csv, ratings.csv and sessions.csv from a workbook, with everything typed into it
  peer-performance forms --team team.csv --period LABEL [--framework ID] [--worker ID]... --out-dir DIR
      one self-assessment form per worker
  peer-performance collect FILES... --team team.csv --out ratings.csv [--period LABEL]...
      check returned forms and merge their Self ratings
  peer-performance rollup TEAM.xlsx... --out AGENCY.xlsx [--period LABEL] [--deidentify] [--force]
      one agency workbook from many team workbooks
  peer-performance help COMMAND             every option of one command (or: COMMAND --help)
  peer-performance --version

CSV files: UTF-8 (with or without BOM) or Windows-1252, separated by , ; or tab, with the contract's
headers (worker_id, ...) or the workbook's (Worker ID, ...). Dates yyyy-mm-dd, m/d/yyyy or d/m/yyyy
(one reading per file).
Frameworks: {frameworks}
Roles: {roles}`;

const HELP: Record<string, string> = {
  ...BUILD_HELP,
  ...FORMS_HELP,
  export: EXPORT_HELP,
  update: UPDATE_HELP,
  rollup: ROLLUP_HELP,
};

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  demo: demoCommand,
  build: buildCommand,
  update: updateCommand,
  export: exportCommand,
  forms: formsCommand,
  collect: collectCommand,
  rollup: rollupCommand,
};

/** The version in package.json: the nearest one named peer-performance-support above this file (source or build). */
export function version(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'peer-performance-support' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function mainHelp(): string {
  const lib = library();
  return MAIN_HELP.replace('{frameworks}', lib.frameworks.map((f) => f.id).join(', ')).replace(
    '{roles}',
    lib.roles.map((r) => r.title).join('; '),
  );
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    io.out(mainHelp());
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    io.out(`peer-performance ${version()}`);
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (!topic) {
      io.out(mainHelp());
      return 0;
    }
    if (HELP[topic]) {
      io.out(HELP[topic]);
      return 0;
    }
    return guard('', io, async () => {
      throw new UsageError(`no help on "${topic}": commands are ${Object.keys(COMMANDS).join(', ')}`);
    });
  }
  const run = COMMANDS[command];
  if (!run)
    return guard('', io, async () => {
      throw new UsageError(`unknown command "${command}"`);
    });
  return run(rest, io);
}

if (require.main === module) {
  runCli(process.argv.slice(2), { out: console.log, err: console.error, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
