#!/usr/bin/env node
// Checks of the add-in manifest and the built package (npm run validate).
//
//   node scripts/validate-manifest.js [manifest.xml] [distDir] [--base https://host/path/] [--offline]
//
// Defaults: dist/manifest.xml against dist/ (what `npm run build` wrote), on the base the manifest's
// SourceLocation lives at (or --base, to check the build was made for that address).
// Offline checks: well-formed XML; the required OfficeApp elements (Id GUID, Version, ProviderName,
// DefaultLocale, DisplayName, Description, IconUrl, HighResolutionIconUrl, SupportUrl, Host Workbook,
// ExcelApi >= 1.8, SourceLocation, ReadWriteDocument); VersionOverrides with a ShowTaskpane button on the Home
// tab; every resid defined, with the right kind and length; every URL https, on the base and naming a file in
// distDir; every AppDomain the base's origin; every icon a PNG whose pixel size matches its name and its use.
// Then, unless --offline, Microsoft's online check (office-addin-manifest validate, which posts the manifest
// to Microsoft's validation service); the last line says whether it ran. Prints every problem; exit code 1
// if any.
'use strict';

const fs = require('fs');
const path = require('path');
const { setTimeout, clearTimeout } = require('timers');
const { URL } = require('url');
const { XMLParser, XMLValidator } = require('fast-xml-parser');

const ROOT = path.join(__dirname, '..');
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

/** The folder a URL's file is in, as a base URL ending in a slash; undefined when it is no URL. */
function folderOf(url) {
  try {
    return new URL('.', url).href;
  } catch {
    return undefined;
  }
}

/**
 * Validates a manifest against a built package folder. `base` defaults to the folder of SourceLocation.
 * @returns {{ problems: string[], checkedUrls: number, base: string | undefined }}
 */
function validate(manifestPath, distDir, base) {
  const problems = [];
  const where = shown(manifestPath);
  if (!fs.existsSync(manifestPath)) return { problems: [`${where} does not exist`], checkedUrls: 0, base };
  const xml = fs.readFileSync(manifestPath, 'utf8');

  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    const problem = `${where} is not well-formed XML (line ${e.line}, column ${e.col}): ${e.msg}`;
    return { problems: [problem], checkedUrls: 0, base };
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
  if (!app) return { problems: [`${where}: the root element is not <OfficeApp>`], checkedUrls: 0, base };
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
  const sourceLocation = attr(first(app, 'DefaultSettings', 'SourceLocation'), 'DefaultValue');
  need(Boolean(sourceLocation), 'missing <DefaultSettings><SourceLocation DefaultValue="..."/>');
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
  if (base === undefined) base = folderOf(sourceLocation);
  else if (folderOf(base) === undefined) problems.push(`--base ${base} is not a URL`);
  if (base === undefined || folderOf(base) === undefined) return { problems, checkedUrls: 0, base };
  if (!base.endsWith('/')) base += '/';
  const origin = new URL(base).origin;
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
    if (usedIn === '<AppDomain>') {
      need(url === origin, `${url} (${usedIn}) must be the origin ${origin} (no path, no trailing slash)`);
      continue;
    }
    if (!url.startsWith(base)) {
      problems.push(`${url} (${usedIn}) is not served from ${base}`);
      continue;
    }
    const rel = decodeURIComponent(url.slice(base.length).replace(/[?#].*$/, ''));
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
    if (!distExists || !url || !url.startsWith(base)) return undefined;
    const file = path.resolve(distDir, url.slice(base.length).replace(/[?#].*$/, ''));
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

  return { problems, checkedUrls, base };
}

const ONLINE = "Microsoft's online check (office-addin-manifest validate)";

/**
 * Microsoft's online check: posts the manifest to Microsoft's validation service. Returns the lines to print
 * and whether it passed; "not run" (ok) when the service cannot be reached. `validateManifest` is
 * office-addin-manifest's, or a stand-in in the tests.
 */
async function onlineCheck(manifestPath, validateManifest, timeoutMs = 30_000) {
  let timer;
  try {
    const timeout = new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const result = await Promise.race([validateManifest(manifestPath), timeout]);
    if (result.isValid) return { ok: true, lines: [`${ONLINE}: passed.`] };
    const report = result.report || {};
    const errors = report.errors || [];
    const lines = [
      `${ONLINE}: failed${result.status ? ` (HTTP ${result.status} ${result.statusText || ''})`.trimEnd() : ''}.`,
    ];
    for (const e of errors) lines.push(`  - ${[e.title, e.content].filter(Boolean).join(': ')}`);
    return { ok: false, lines };
  } catch (error) {
    const reason = String(error && error.message ? error.message : error)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    return {
      ok: true,
      lines: [`${ONLINE}: not run, Microsoft's validation service could not be reached (${reason}).`],
    };
  } finally {
    clearTimeout(timer);
  }
}

function usage() {
  return 'usage: node scripts/validate-manifest.js [manifest.xml] [distDir] [--base URL] [--offline]';
}

async function main(argv) {
  const positional = [];
  let base;
  let offline = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--base') base = argv[++i];
    else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
    else if (arg === '--offline') offline = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(usage());
      return 0;
    } else if (arg.startsWith('-')) {
      console.error(`${usage()}\nunknown option ${arg}`);
      return 1;
    } else positional.push(arg);
  }
  const manifestPath = path.resolve(positional[0] || path.join(ROOT, 'dist', 'manifest.xml'));
  const distDir = path.resolve(positional[1] || path.dirname(manifestPath));
  const result = validate(manifestPath, distDir, base);
  if (result.problems.length > 0) {
    console.error(
      `${shown(manifestPath)}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`,
    );
    for (const problem of result.problems) console.error(`  - ${problem}`);
  } else {
    const files = `${result.checkedUrls} URLs name files in ${shown(distDir)}/`;
    console.log(`${shown(manifestPath)}: OK offline (base ${result.base}; ${files})`);
  }
  if (offline) {
    console.log(`${ONLINE}: not run (--offline).`);
    return result.problems.length > 0 ? 1 : 0;
  }
  const online = await onlineCheck(manifestPath, require('office-addin-manifest').validateManifest);
  online.lines.forEach((line) => (online.ok ? console.log(line) : console.error(line)));
  return result.problems.length > 0 || !online.ok ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

module.exports = { validate, pngSize, onlineCheck };
