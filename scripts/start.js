#!/usr/bin/env node
// npm start / npm stop, as in Microsoft's add-in template (Office-Addin-TaskPane-React):
//
//   npm start                            the dev server, and the add-in sideloaded into Excel on this computer
//   npm start -- web --document URL      the dev server, and the add-in sideloaded into Excel on the web, in the
//                                        workbook at URL (a workbook in OneDrive or SharePoint)
//   npm stop                             stops the dev server and removes the sideloaded add-in
//
// Windows and macOS: `office-addin-debugging start|stop manifest.xml`, which runs `npm run dev-server` itself.
// Elsewhere (Linux) there is no Excel to sideload into, and office-addin-debugging would try to install the
// certificate with sudo: the manual steps are printed and the dev server runs in this terminal (Ctrl+C stops it).
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const SIDELOADS = process.platform === 'win32' || process.platform === 'darwin';

function port() {
  return Number(process.env.npm_package_config_dev_server_port) || 3000;
}

/** Runs a Node script with this terminal; resolves with its exit code. Ctrl+C and kill reach it too. */
function runNode(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function devServer() {
  return runNode(require.resolve('webpack-cli/bin/cli.js'), ['serve', '--mode', 'development']);
}

/** The web sideload address office-addin-debugging opens: the workbook, told to load the dev server's manifest. */
function webSideloadUrl(document) {
  const id = /<Id>\s*([^<\s]+)\s*<\/Id>/.exec(fs.readFileSync(MANIFEST, 'utf8'))?.[1] ?? '';
  const query = `wdaddindevserverport=${port()}&wdaddinmanifestfile=manifest.xml&wdaddinmanifestguid=${id}`;
  return `${document}${document.includes('?') ? '&' : '?'}${query}`;
}

function manualSteps(platform, document) {
  const lines = [`The dev server serves the add-in on https://localhost:${port()}/ (manifest: ${MANIFEST}).`];
  if (platform === 'web' && document) {
    lines.push(
      'To sideload it into that workbook in Excel on the web, open this address in a browser that trusts the',
      "dev server's certificate (the server's first lines below say how):",
      `  ${webSideloadUrl(document)}`,
    );
  } else {
    lines.push(
      SIDELOADS
        ? 'office-addin-debugging is not installed (npm ci installs it), so nothing is sideloaded. Load it by hand:'
        : 'Excel for Windows or Mac does not run here, so nothing is sideloaded automatically. Load it by hand:',
      '  Excel on the web: open a workbook, then Home > Add-ins > More Add-ins > Upload My Add-in (older menus:',
      `                    Insert > Add-ins > Upload My Add-in), and choose ${MANIFEST}.`,
      "                    Or: npm start -- web --document <the workbook's URL>.",
      '  Excel on Windows: share a folder holding manifest.xml, add it under File > Options > Trust Center > Trust',
      '                    Center Settings > Trusted Add-in Catalogs (Show in Menu), restart Excel, then',
      '                    Home > Add-ins > More Add-ins > SHARED FOLDER.',
      '  Excel on a Mac:   copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/',
      '                    (create wef if missing), restart Excel, then Home > Add-ins.',
      "The browser or Office must trust the dev server's certificate: the server's first lines below say how.",
    );
  }
  lines.push('Then choose Home > Peer Performance. Stop the server with Ctrl+C.');
  return lines;
}

function parse(argv) {
  const [command = 'start', ...rest] = argv;
  let platform = 'desktop';
  let document;
  const passOn = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'desktop' || rest[i] === 'web') platform = rest[i];
    else if (rest[i] === '--document') document = rest[++i];
    else if (rest[i].startsWith('--document=')) document = rest[i].slice('--document='.length);
    else passOn.push(rest[i]);
  }
  return { command, platform, document, passOn };
}

async function main(argv) {
  const { command, platform, document, passOn } = parse(argv);
  if (!['start', 'stop'].includes(command)) {
    console.error('usage: node scripts/start.js start|stop [desktop|web] [--document URL]');
    return 1;
  }
  if (platform === 'web' && command === 'start' && !document) {
    console.error(
      'npm start -- web needs --document URL: the address of a workbook in OneDrive or SharePoint.',
    );
    return 1;
  }
  let debugging;
  try {
    debugging = require.resolve('office-addin-debugging/cli.js');
  } catch {
    debugging = undefined;
  }
  if (SIDELOADS && debugging) {
    const args = [command, MANIFEST, platform, ...(document ? ['--document', document] : []), ...passOn];
    return runNode(debugging, args);
  }
  if (command === 'stop') {
    console.log('npm start runs the dev server in its own terminal here: stop it there with Ctrl+C.');
    return 0;
  }
  manualSteps(platform, document).forEach((line) => console.log(line));
  return devServer();
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

module.exports = { webSideloadUrl, manualSteps };
