#!/usr/bin/env node
// The peer-performance command. Installed from the package (npm pack; README "Installing the CLI") it runs the
// compiled CLI in dist-node/. In a source checkout (src/ next to bin/) it runs the TypeScript sources through
// ts-node instead, so `npx peer-performance` there never runs a stale build.
'use strict';

const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
let main;
if (fs.existsSync(source)) {
  require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  main = source;
} else {
  main = path.join(__dirname, '..', 'dist-node', 'src', 'cli', 'main.js');
}
require(main)
  .runCli(process.argv.slice(2), { out: console.log, err: console.error, cwd: process.cwd() })
  .then((code) => {
    process.exitCode = code;
  });
