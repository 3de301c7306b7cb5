#!/usr/bin/env node
// Offline checks of the add-in manifest and the built package (npm run validate).
//
//   node scripts/validate-manifest.js [manifest.xml] [distDir] [--base https://localhost:3000/] [--sideload[=web]]
//
// Checks: well-formed XML; the required OfficeApp elements (Id GUID, Version, ProviderName, DefaultLocale,
// DisplayName, Description, IconUrl, HighResolutionIconUrl, SupportUrl, Host Workbook, ExcelApi >= 1.8,
// SourceLocation, ReadWriteDocument); VersionOverrides with a ShowTaskpane button on the Home tab; every resid
// defined, with the right kind and length; every URL on the base and present in distDir (after `npm run build`);
// every icon a PNG whose pixel size matches its name and its use. Prints every problem; exit code 1 if any.
// `--sideload` prints how to load the add-in in Excel after a clean pass (`npm start`; `=web` for the web only).
// Online, Microsoft's own check is `npx office-addin-manifest validate manifest.xml`.
'use strict';

const fs = require('fs');
const path = require('path');
const { XMLParser, XMLValidator } = require('fast-xml-parser');

const ROOT = path.join(__dirname, '..');
const DEFAULT_BASE = 'https://localhost:3000/';
const MIN_EXCEL_API = '1.8';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A path as the user can best read it: relative to the current folder when inside it, else absolute. */
function shown(p) {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** Children named `name` of a parsed node (the parser puts every element in an array). */
function kids(node, name) {
  if (!node || typeof node !== 'object') return [];
  const value = node[name];
  return Array.isArray(value) ? value : [];
}
function first(node, ...names) {
  let current = node;
  for (const name of names) {
    current = kids(current, name)[0];
    if (current === undefined) return undefined;
  }
  return current;
}
function text(node) {
  if (typeof node === 'string') return node.trim();
  if (node && typeof node === 'object' && typeof node['#text'] === 'string') return node['#text'].trim();
  return '';
}
function attr(node, name) {
  return node && typeof node === 'object' && typeof node[`@${name}`] === 'string' ? node[`@${name}`] : undefined;
}
/** Every element below `node` (depth first) as [name, element]. */
function* walk(node) {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') || key === '#text' || !Array.isArray(value)) continue;
    for (const child of value) {
      yield [key, child];
      yield* walk(child);
    }
  }
}
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Width and height of a PNG file, or an error message. */
function pngSize(file) {
  const buf = fs.readFileSync(file);
  if (buf.length < 24 || PNG_SIGNATURE.some((b, i) => buf[i] !== b) || buf.toString('ascii', 12, 16) !== 'IHDR') {
    return { error: 'is not a PNG file' };
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Validates a manifest against a built package folder.
 * @returns {{ problems: string[], checkedUrls: number }}
 */
function validate(manifestPath, distDir, base = DEFAULT_BASE) {
  const problems = [];
  const where = shown(manifestPath);
  if (!fs.existsSync(manifestPath)) return { problems: [`${where} does not exist`], checkedUrls: 0 };
  const xml = fs.readFileSync(manifestPath, 'utf8');

  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    return { problems: [`${where} is not well-formed XML (line ${e.line}, column ${e.col}): ${e.msg}`], checkedUrls: 0 };
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
  }).parse(xml);

  const app = first(doc, 'OfficeApp');
  if (!app) return { problems: [`${where}: the root element is not <OfficeApp>`], checkedUrls: 0 };
  const need = (ok, message) => {
    if (!ok) problems.push(message);
    return ok;
  };

  // --- OfficeApp basics -------------------------------------------------------------------------------------
  need(attr(app, 'type') === 'TaskPaneApp', 'OfficeApp xsi:type must be "TaskPaneApp"');
  const id = text(first(app, 'Id'));
  if (need(id !== '', 'missing <Id>')) need(GUID.test(id), `<Id> "${id}" is not a GUID`);
  const version = text(first(app, 'Version'));
  if (need(version !== '', 'missing <Version>')) {
    need(/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version), `<Version> "${version}" is not of the form n.n.n.n`);
  }
  need(text(first(app, 'ProviderName')) !== '', 'missing <ProviderName>');
  const locale = text(first(app, 'DefaultLocale'));
  if (need(locale !== '', 'missing <DefaultLocale>')) {
    need(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale), `<DefaultLocale> "${locale}" is not a locale like en-US`);
  }
  const displayName = attr(first(app, 'DisplayName'), 'DefaultValue') || '';
  if (need(displayName !== '', 'missing <DisplayName DefaultValue="...">')) {
    need(displayName.length <= 125, `<DisplayName> is ${displayName.length} characters (at most 125)`);
  }
  const description = attr(first(app, 'Description'), 'DefaultValue') || '';
  if (need(description !== '', 'missing <Description DefaultValue="...">')) {
    need(description.length <= 250, `<Description> is ${description.length} characters (at most 250)`);
  }
  for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) {
    need(Boolean(attr(first(app, name), 'DefaultValue')), `missing <${name} DefaultValue="...">`);
  }
  need(
    kids(first(app, 'Hosts'), 'Host').some((h) => attr(h, 'Name') === 'Workbook'),
    'missing <Hosts><Host Name="Workbook"/></Hosts> (Excel)',
  );
  const excelApi = kids(first(app, 'Requirements', 'Sets'), 'Set').find((s) => attr(s, 'Name') === 'ExcelApi');
  if (need(Boolean(excelApi), `missing <Requirements><Sets><Set Name="ExcelApi" MinVersion="${MIN_EXCEL_API}"/>`)) {
    const min = attr(excelApi, 'MinVersion') || attr(first(app, 'Requirements', 'Sets'), 'DefaultMinVersion') || '';
    need(
      /^\d+(\.\d+)*$/.test(min) && compareVersions(min, MIN_EXCEL_API) >= 0,
      `ExcelApi MinVersion "${min}" must be ${MIN_EXCEL_API} or later`,
    );
  }
  need(
    Boolean(attr(first(app, 'DefaultSettings', 'SourceLocation'), 'DefaultValue')),
    'missing <DefaultSettings><SourceLocation DefaultValue="..."/>',
  );
  const permissions = text(first(app, 'Permissions'));
  need(permissions === 'ReadWriteDocument', `<Permissions> is "${permissions}", expected ReadWriteDocument`);

  // --- VersionOverrides: a ShowTaskpane button on the Home tab -----------------------------------------------
  const overrides = first(app, 'VersionOverrides');
  const resources = first(overrides, 'Resources');
  const defined = { Images: new Map(), Urls: new Map(), ShortStrings: new Map(), LongStrings: new Map() };
  for (const kind of Object.keys(defined)) {
    const singular = { Images: 'Image', Urls: 'Url', ShortStrings: 'String', LongStrings: 'String' }[kind];
    for (const item of kids(first(resources, kind), singular)) {
      const rid = attr(item, 'id') || '';
      const value = attr(item, 'DefaultValue') || '';
      need(rid !== '', `a <bt:${singular}> in <bt:${kind}> has no id`);
      need(rid.length <= 32, `resource id "${rid}" is ${rid.length} characters (at most 32)`);
      need(!defined[kind].has(rid), `resource id "${rid}" is defined twice in <bt:${kind}>`);
      need(value !== '', `resource "${rid}" has no DefaultValue`);
      const max = { ShortStrings: 125, LongStrings: 250 }[kind];
      if (max) need(value.length <= max, `resource "${rid}" is ${value.length} characters (at most ${max})`);
      defined[kind].set(rid, value);
    }
  }
  if (need(Boolean(overrides), 'missing <VersionOverrides> (the ribbon button)')) {
    need(attr(overrides, 'type') === 'VersionOverridesV1_0', 'VersionOverrides xsi:type must be "VersionOverridesV1_0"');
    const host = kids(first(overrides, 'Hosts'), 'Host').find((h) => attr(h, 'type') === 'Workbook');
    const desktop = first(host, 'DesktopFormFactor');
    if (need(Boolean(desktop), 'missing <VersionOverrides><Hosts><Host xsi:type="Workbook"><DesktopFormFactor>')) {
      need(Boolean(attr(first(desktop, 'FunctionFile'), 'resid')), 'missing <FunctionFile resid="..."/>');
      const homeTabs = kids(desktop, 'ExtensionPoint')
        .filter((e) => attr(e, 'type') === 'PrimaryCommandSurface')
        .flatMap((e) => kids(e, 'OfficeTab'))
        .filter((t) => attr(t, 'id') === 'TabHome');
      const buttons = homeTabs
        .flatMap((t) => kids(t, 'Group'))
        .flatMap((g) => kids(g, 'Control'))
        .filter((c) => attr(c, 'type') === 'Button');
      const opener = buttons.find((b) => attr(first(b, 'Action'), 'type') === 'ShowTaskpane');
      if (need(Boolean(opener), 'no <Control xsi:type="Button"> with a ShowTaskpane action on <OfficeTab id="TabHome">')) {
        need(Boolean(attr(first(opener, 'Action', 'SourceLocation'), 'resid')), 'the ShowTaskpane action has no SourceLocation');
        need(Boolean(attr(first(opener, 'Label'), 'resid')), 'the Home tab button has no Label');
      }
    }
    // Every resid points at a resource of the right kind.
    const kindOf = { Image: 'Images', Label: 'ShortStrings', Title: 'ShortStrings', Description: 'LongStrings' };
    for (const [name, element] of walk(overrides)) {
      const rid = attr(element, 'resid');
      if (rid === undefined) continue;
      const kind = kindOf[name] || 'Urls';
      need(defined[kind].has(rid), `<${name} resid="${rid}"> has no <bt:${kind}> resource with that id`);
    }
  }

  // --- URLs: https, on the base, present in distDir ----------------------------------------------------------
  const urls = new Map(); // url -> where it is used
  const note = (url, usedIn) => {
    if (url && !urls.has(url)) urls.set(url, usedIn);
  };
  for (const [name, element] of walk(app)) {
    if (name === 'AppDomain') note(text(element), '<AppDomain>');
    for (const key of ['@DefaultValue', '@Value']) {
      const value = typeof element === 'object' ? element[key] : undefined;
      if (typeof value === 'string' && /^[a-z]+:\/\//i.test(value)) note(value, `<${name}>`);
    }
  }
  const distExists = fs.existsSync(distDir) && fs.statSync(distDir).isDirectory();
  const distShown = shown(distDir);
  let checkedUrls = 0;
  for (const [url, usedIn] of urls) {
    if (!url.startsWith('https://')) {
      problems.push(`${url} (${usedIn}) is not an https:// URL`);
      continue;
    }
    const origin = base.replace(/\/+$/, '');
    if (url !== origin && !url.startsWith(`${origin}/`)) {
      problems.push(`${url} (${usedIn}) is not served from ${base}`);
      continue;
    }
    const rel = decodeURIComponent(url.slice(origin.length).replace(/[?#].*$/, '').replace(/^\/+/, ''));
    if (rel === '') continue; // the origin itself (AppDomain)
    if (!distExists) {
      problems.push(`${url} (${usedIn}) cannot be checked: ${distShown}/ does not exist; run npm run build first`);
      continue;
    }
    const file = path.resolve(distDir, rel);
    if (!file.startsWith(path.resolve(distDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      problems.push(`${url} (${usedIn}) does not resolve to a file: ${path.join(distShown, rel)} is missing`);
      continue;
    }
    checkedUrls++;
    if (/\.png$/i.test(rel)) {
      const size = pngSize(file);
      if (size.error) {
        problems.push(`${url} (${usedIn}): ${path.join(distShown, rel)} ${size.error}`);
        continue;
      }
      const named = /(\d+)(?:x(\d+))?\.png$/i.exec(rel);
      if (named) {
        const w = Number(named[1]);
        const h = Number(named[2] || named[1]);
        need(
          size.width === w && size.height === h,
          `${url}: the icon is ${size.width}x${size.height} px but its name says ${w}x${h}`,
        );
      }
    }
  }

  // --- Icon sizes where they are used ------------------------------------------------------------------------
  const pixelsOf = (url) => {
    if (!distExists || !url || !url.startsWith(base.replace(/\/+$/, '') + '/')) return undefined;
    const file = path.resolve(distDir, url.slice(base.replace(/\/+$/, '').length + 1).replace(/[?#].*$/, ''));
    if (!fs.existsSync(file)) return undefined;
    const size = pngSize(file);
    return size.error ? undefined : size;
  };
  for (const [name, want] of [['IconUrl', 32], ['HighResolutionIconUrl', 64]]) {
    const url = attr(first(app, name), 'DefaultValue');
    const size = pixelsOf(url);
    if (size) need(size.width === want && size.height === want, `<${name}> ${url} is ${size.width}x${size.height} px, expected ${want}x${want}`);
  }
  for (const [name, element] of walk(overrides)) {
    if (name !== 'Image' || attr(element, 'size') === undefined) continue;
    const want = Number(attr(element, 'size'));
    const rid = attr(element, 'resid');
    const size = pixelsOf(defined.Images.get(rid));
    if (size) {
      need(
        size.width === want && size.height === want,
        `<bt:Image size="${want}" resid="${rid}"> points at a ${size.width}x${size.height} px icon`,
      );
    }
  }

  return { problems, checkedUrls };
}

function sideloadHelp(only) {
  const manifest = path.join(ROOT, 'manifest.xml');
  const lines = [
    '',
    'Load the add-in in Excel (the task pane must be served from https://localhost:3000/, the contents of dist/,',
    'with a certificate Office trusts; e.g. `npx office-addin-dev-certs install` makes one):',
  ];
  if (only !== 'web') {
    lines.push(
      '  Windows: share a folder holding manifest.xml, add it in Excel > File > Options > Trust Center > Trust',
      '           Center Settings > Trusted Add-in Catalogs (Show in Menu), restart Excel, then',
      '           Home > Add-ins > More Add-ins (older builds: Insert > My Add-ins) > SHARED FOLDER >',
      '           Peer Performance Support. Or, with Office tooling and the network: npx office-addin-debugging',
      '           start manifest.xml desktop.',
      `  Mac:     cp "${manifest}" ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/`,
      '           (create the wef folder if needed), restart Excel, then Home > Add-ins > Peer Performance Support.',
    );
  }
  lines.push(
    '  Web:     open a workbook in Excel on the web, Insert > Add-ins > Upload My Add-in, and choose',
    `           ${manifest}`,
    'Then choose Home > Peer Performance.',
  );
  return lines.join('\n');
}

function main(argv) {
  const positional = [];
  let base = DEFAULT_BASE;
  let sideload;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--base') base = argv[++i] || DEFAULT_BASE;
    else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
    else if (arg === '--sideload' || arg.startsWith('--sideload=')) sideload = arg.split('=')[1] || 'all';
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/validate-manifest.js [manifest.xml] [distDir] [--base URL] [--sideload[=web]]');
      return 0;
    } else positional.push(arg);
  }
  const manifestPath = path.resolve(positional[0] || path.join(ROOT, 'manifest.xml'));
  const distDir = path.resolve(positional[1] || path.join(ROOT, 'dist'));
  const { problems, checkedUrls } = validate(manifestPath, distDir, base);
  if (problems.length > 0) {
    console.error(`${shown(manifestPath)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  console.log(`${shown(manifestPath)}: OK (${checkedUrls} URLs resolve to files in ${shown(distDir)}/)`);
  if (sideload) console.log(sideloadHelp(sideload));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { validate, pngSize };
