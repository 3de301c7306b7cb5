#!/usr/bin/env node
// Runs the TypeScript CLI through ts-node (transpile only), so no build step is needed.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { runCli } = require('../src/cli/main.ts');
runCli(process.argv.slice(2), { out: console.log, err: console.error, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
