#!/usr/bin/env node
// Builds the installable CLI (npm run build:cli; npm pack runs it as prepack): compiles src/cli/main.ts and
// what it imports, with the bundled JSON data, into dist-node/ (tsc -p tsconfig.cli.json), and copies the
// demo's sample CSVs to dist-node/data/sample/, where the compiled CLI looks for them.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'dist-node');

fs.rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('build-cli: tsc -p tsconfig.cli.json failed');
  process.exit(1);
}
fs.cpSync(path.join(ROOT, 'data', 'sample'), path.join(OUT, 'data', 'sample'), {
  recursive: true,
  filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.csv'),
});
