#!/usr/bin/env node
/*
 * Ensures the system programs the test suite needs are installed.
 * Run by `npm test` before jest.
 *
 *   soffice           -> libreoffice-calc-nogui  (recalculation, xlsx -> pdf)
 *   pdftoppm          -> poppler-utils           (pdf -> png)
 *   /usr/bin/chromium -> chromium                (browser rendering)
 *   any font (fc-list)-> fonts-dejavu-core       (so PDFs have glyphs)
 *   Carlito           -> fonts-crosextra-carlito (Calibri's metrics: LibreOffice prints our Calibri
 *                                                 sheets as Excel does, instead of in the 25% wider
 *                                                 DejaVu Sans)
 *
 * If something is missing and we run as root (CI), installs it with apt-get.
 * Otherwise prints the exact apt-get command and exits 1.
 * Downloads nothing except through apt-get.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function onPath(name) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {
      /* not here */
    }
  }
  return null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether a font file whose name passes `test` is under the usual font directories. */
function hasFontFile(test) {
  const roots = ['/usr/share/fonts', '/usr/local/share/fonts'];
  const stack = roots.filter((d) => fs.existsSync(d));
  while (stack.length) {
    const dir = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) stack.push(path.join(dir, e.name));
      else if (test(e.name)) return true;
    }
  }
  return false;
}

function hasFonts() {
  if (onPath('fc-list')) {
    const r = spawnSync('fc-list', [], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim().length > 0;
  }
  // No fontconfig tools: look for any font file under the usual directories.
  return hasFontFile((name) => /\.(ttf|otf|ttc|pfb|pcf(\.gz)?)$/i.test(name));
}

const REQUIREMENTS = [
  { label: 'soffice', pkg: 'libreoffice-calc-nogui', check: () => onPath('soffice') !== null },
  { label: 'pdftoppm', pkg: 'poppler-utils', check: () => onPath('pdftoppm') !== null },
  { label: '/usr/bin/chromium', pkg: 'chromium', check: () => isExecutable('/usr/bin/chromium') },
  { label: 'fonts', pkg: 'fonts-dejavu-core', check: hasFonts },
  { label: 'Carlito', pkg: 'fonts-crosextra-carlito', check: () => hasFontFile((name) => /^Carlito-.*\.ttf$/i.test(name)) },
];

function missingOf(reqs) {
  return reqs.filter((r) => !r.check());
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.error) {
    console.error(`ensure-system-deps: failed to run ${cmd}: ${r.error.message}`);
    return false;
  }
  if (r.status !== 0) {
    console.error(`ensure-system-deps: ${cmd} ${args.join(' ')} exited with ${r.status}`);
    return false;
  }
  return true;
}

function main() {
  const missing = missingOf(REQUIREMENTS);
  if (missing.length === 0) {
    console.log(`ensure-system-deps: all present (${REQUIREMENTS.map((r) => r.label).join(', ')})`);
    return 0;
  }

  const pkgs = [...new Set(missing.map((r) => r.pkg))];
  const installCmd =
    'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ' +
    pkgs.join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  if (!isRoot) {
    console.error(
      `ensure-system-deps: missing ${missing.map((r) => r.label).join(', ')}.\n` +
        `Install them (as root) with:\n\n  sudo sh -c '${installCmd}'\n`,
    );
    return 1;
  }
  if (!onPath('apt-get')) {
    console.error(
      `ensure-system-deps: missing ${missing.map((r) => r.label).join(', ')} and apt-get is not available.\n` +
        `Install these Debian packages (or equivalents): ${pkgs.join(' ')}`,
    );
    return 1;
  }

  console.log(
    `ensure-system-deps: missing ${missing.map((r) => r.label).join(', ')}; installing ${pkgs.join(' ')}`,
  );
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update'], env)) return 1;
  if (!run('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], env)) return 1;

  const still = missingOf(REQUIREMENTS);
  if (still.length > 0) {
    console.error(`ensure-system-deps: still missing after install: ${still.map((r) => r.label).join(', ')}`);
    return 1;
  }
  const present = REQUIREMENTS.filter((r) => !missing.includes(r)).map((r) => r.label);
  console.log(
    `ensure-system-deps: installed ${pkgs.join(' ')}` +
      (present.length ? `; already present: ${present.join(', ')}` : ''),
  );
  return 0;
}

process.exitCode = main();
