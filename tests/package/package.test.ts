// The Office add-in package: production build, pages, icons, hosting headers and the manifest validator.
// The build goes to a temporary folder (not dist/), so this test neither races with nor clobbers a developer's
// build; the validator takes that folder as its dist argument. A build for another base URL, served over HTTPS
// and opened in Chromium, is tests/package/hosted.test.ts.
import { execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { securityHeaders, validateManifest } from './scripts';

const ROOT = path.join(__dirname, '..', '..');
const VALIDATOR = path.join(ROOT, 'scripts', 'validate-manifest.js');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ICON_SIZES = [16, 32, 64, 80];

let work: string;
let dist: string;

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function validate(manifest: string, distDir: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [VALIDATOR, manifest, distDir, '--offline'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Writes a changed copy of manifest.xml to the work folder and returns its path. */
function manifestWith(name: string, edit: (xml: string) => string): string {
  const original = fs.readFileSync(MANIFEST, 'utf8');
  const changed = edit(original);
  expect(changed).not.toBe(original);
  const file = path.join(work, name);
  fs.writeFileSync(file, changed);
  return file;
}

/** The script tags of an HTML page, in order, as their src values. */
function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)["']?[^>]*>/gi)].map((m) => m[1]);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-package-'));
  dist = path.join(work, 'dist');
  execSync(`npx webpack --mode production --output-path "${dist}"`, {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 300_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}, 320_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('production build', () => {
  test('taskpane.html loads office.js from the CDN, then the bundle', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const sources = scriptSources(html);
    expect(sources).toContain(OFFICE_JS);
    const bundle = sources.find((src) => /^taskpane(\.[0-9a-f]+)?\.js(\?.*)?$/.test(src));
    expect(bundle).toBeDefined();
    expect(sources.indexOf(OFFICE_JS)).toBeLessThan(sources.indexOf(bundle!));
    expect(fs.existsSync(path.join(dist, bundle!.replace(/\?.*$/, '')))).toBe(true);
    expect(html).toMatch(/\bid="?root"?[\s>]/);
  });

  test('commands.html (FunctionFile) loads office.js; support.html exists', () => {
    expect(scriptSources(fs.readFileSync(path.join(dist, 'commands.html'), 'utf8'))).toContain(OFFICE_JS);
    expect(fs.readFileSync(path.join(dist, 'support.html'), 'utf8')).toContain('Peer Performance Support');
  });

  test('without --env base the manifest keeps https://localhost:3000/: copied unchanged', () => {
    expect(fs.readFileSync(path.join(dist, 'manifest.xml'), 'utf8')).toBe(fs.readFileSync(MANIFEST, 'utf8'));
  });

  test.each(ICON_SIZES)('icon-%i.png is a PNG of that size, in assets/ and in the build', (size) => {
    for (const dir of [path.join(ROOT, 'assets'), path.join(dist, 'assets')]) {
      expect(pngSize(path.join(dir, `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });
});

describe('hosting headers', () => {
  const read = (name: string) => fs.readFileSync(path.join(dist, name), 'utf8');

  test('a CSP hash is the SHA-256 of the inline script, as in the CSP specification', () => {
    expect(securityHeaders.inlineScriptHashes("<p></p><script>alert('Hello, world.');</script>")).toEqual([
      "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",
    ]);
    expect(securityHeaders.inlineScriptHashes('<script src="x.js"></script><script>\n</script>')).toEqual([]);
  });

  test('the build writes the same headers for IIS, Azure Static Web Apps and any server', () => {
    const lines = read('security-headers.txt').trim().split('\n');
    const expected = securityHeaders.securityHeaders(
      ['commands.html', 'support.html', 'taskpane.html'].map((page) => read(page)),
    );
    expect(lines).toEqual(expected.map(([n, v]) => `${n}: ${v}`));
    expect(JSON.parse(read('staticwebapp.config.json'))).toEqual({
      globalHeaders: Object.fromEntries(expected),
    });
    const iis = [...read('web.config').matchAll(/<add name="([^"]+)" value="([^"]+)" \/>/g)].map((m) => [
      m[1],
      m[2].replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
    ]);
    expect(iis).toEqual(expected);
  });

  test("the CSP allows office.js's origin and each inline script by its hash, never 'unsafe-inline' scripts", () => {
    const csp = Object.fromEntries(
      read('security-headers.txt')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    )['Content-Security-Policy'];
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    const inline = ['commands.html', 'support.html', 'taskpane.html'].flatMap((p) =>
      securityHeaders.inlineScriptHashes(read(p)),
    );
    // commands.html calls Office.onReady inline
    expect(inline.length).toBeGreaterThan(0);
    expect(scriptSrc).toBe(
      ["script-src 'self'", OFFICE_JS.replace(/(https:\/\/[^/]+).*/, '$1'), ...new Set(inline)].join(' '),
    );
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('frame-ancestors');
  });
});

describe('validate-manifest', () => {
  test('passes on manifest.xml against the build, on the base its SourceLocation names', () => {
    const run = validate(MANIFEST, dist);
    expect(run.out).toContain('OK offline (base https://localhost:3000/; 7 URLs name files in');
    expect(run.out).toContain(
      "Microsoft's online check (office-addin-manifest validate): not run (--offline).",
    );
    expect(run.status).toBe(0);
  });

  test.each([
    [
      'an AppDomain with a path',
      '<AppDomain>https://localhost:3000</AppDomain>',
      '<AppDomain>https://localhost:3000/x</AppDomain>',
      'https://localhost:3000/x (<AppDomain>) must be the origin https://localhost:3000',
    ],
    [
      'a URL on another host',
      '<bt:Url id="Commands.Url" DefaultValue="https://localhost:3000/commands.html"/>',
      '<bt:Url id="Commands.Url" DefaultValue="https://elsewhere.example.org/commands.html"/>',
      'https://elsewhere.example.org/commands.html (<Url>) is not served from https://localhost:3000/',
    ],
  ])('fails on %s, naming it', (what, from, to, message) => {
    const run = validate(
      manifestWith(`${what.replace(/\W+/g, '-')}.xml`, (xml) => xml.replace(from, to)),
      dist,
    );
    expect(run.status).toBe(1);
    expect(run.out).toContain(message);
  });

  test('fails when SupportUrl is missing, naming it', () => {
    const file = manifestWith('no-support.xml', (xml) => xml.replace(/\s*<SupportUrl [^>]*\/>/, ''));
    const run = validate(file, dist);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/missing <SupportUrl/);
  });

  test('fails on an icon URL with no file behind it, naming the URL', () => {
    const file = manifestWith('broken-icon.xml', (xml) =>
      xml.replace('assets/icon-80.png', 'assets/icon-81.png'),
    );
    const run = validate(file, dist);
    expect(run.status).toBe(1);
    expect(run.out).toContain('https://localhost:3000/assets/icon-81.png');
    expect(run.out).toMatch(/icon-81\.png is missing/);
  });

  test('fails on an icon whose pixel size does not match its use', () => {
    const file = manifestWith('wrong-size.xml', (xml) =>
      xml.replace(
        '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>',
        '<IconUrl DefaultValue="https://localhost:3000/assets/icon-16.png"/>',
      ),
    );
    const run = validate(file, dist);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/<IconUrl> .*icon-16\.png is 16x16 px, expected 32x32/);
  });

  test('lists every problem at once', () => {
    const file = manifestWith('many.xml', (xml) =>
      xml
        .replace(/<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>')
        .replace('MinVersion="1.8"', 'MinVersion="1.7"')
        .replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadDocument</Permissions>')
        .replace('<OfficeTab id="TabHome">', '<OfficeTab id="TabData">')
        .replace('resid="PeerButton.Tooltip"', 'resid="Nope.Tooltip"'),
    );
    const run = validate(file, dist);
    expect(run.status).toBe(1);
    expect(run.out).toContain('5 problems');
    expect(run.out).toContain('"not-a-guid" is not a GUID');
    expect(run.out).toContain('ExcelApi MinVersion "1.7" must be 1.8 or later');
    expect(run.out).toContain('expected ReadWriteDocument');
    expect(run.out).toContain('OfficeTab id="TabHome"');
    expect(run.out).toContain('resid="Nope.Tooltip"');
  });

  test('fails on malformed XML', () => {
    const file = manifestWith('malformed.xml', (xml) => xml.replace('</Permissions>', '</Permission>'));
    const run = validate(file, dist);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/not well-formed XML \(line \d+/);
  });

  test('without a build, says to run npm run build first, naming each URL', () => {
    const run = validate(MANIFEST, path.join(work, 'no-such-dist'));
    expect(run.status).toBe(1);
    expect(run.out).toContain('run npm run build first');
    expect(run.out).toContain('https://localhost:3000/taskpane.html');
  });
});

describe("Microsoft's online check", () => {
  const { onlineCheck } = validateManifest;

  test('says it did not run when the service cannot be reached, and does not fail', async () => {
    const result = await onlineCheck('m.xml', () =>
      Promise.reject(
        new Error('Unable to contact the manifest validation service.\nFetchError: getaddrinfo ENOTFOUND'),
      ),
    );
    expect(result).toEqual({
      ok: true,
      lines: [
        "Microsoft's online check (office-addin-manifest validate): not run, Microsoft's validation service could not be reached (FetchError: getaddrinfo ENOTFOUND).",
      ],
    });
  });

  test('gives up after the time allowed', async () => {
    const result = await onlineCheck('m.xml', () => new Promise(() => undefined), 50);
    expect(result.ok).toBe(true);
    expect(result.lines[0]).toContain('not run');
    expect(result.lines[0]).toContain('no answer in 0.05 s');
  });

  test("passes when the service accepts the manifest, and lists the service's errors when it does not", async () => {
    expect(await onlineCheck('m.xml', async () => ({ isValid: true }))).toEqual({
      ok: true,
      lines: ["Microsoft's online check (office-addin-manifest validate): passed."],
    });
    const failed = await onlineCheck('m.xml', async () => ({
      isValid: false,
      report: { errors: [{ title: 'Invalid URL', content: 'SupportUrl must be reachable' }] },
    }));
    expect(failed).toEqual({
      ok: false,
      lines: [
        "Microsoft's online check (office-addin-manifest validate): failed.",
        '  - Invalid URL: SupportUrl must be reachable',
      ],
    });
  });
});

describe('webpack --env base', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, 'webpack.config.js')) as (env: object, argv: object) => unknown;

  test.each([
    ['http://intranet.example.org/peer/', 'Office loads add-ins only over https://'],
    ['not a url', 'not a URL'],
    ['https://intranet.example.org/peer/?v=2', 'cannot have a ?query'],
  ])('refuses %s', (base, message) => {
    expect(() => config({ base }, { mode: 'production' })).toThrow(message);
  });
});

describe('load budget', () => {
  // The task pane's initial JavaScript: what taskpane.html loads before anyone clicks anything.
  const BUDGET_GZIP = 250 * 1024;

  it('the initial JavaScript is at most 250 KB gzip; ExcelJS is not in it', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const local = scriptSources(html)
      .filter((src) => !/^https?:/.test(src))
      .map((src) => path.join(dist, src.split('?')[0]));
    expect(local.length).toBeGreaterThan(0);
    let gzip = 0;
    for (const file of local) {
      const bytes = fs.readFileSync(file);
      gzip += zlib.gzipSync(bytes, { level: 9 }).length;
      // ExcelJS's browser build announces itself in its bundle; it must stay in a lazy chunk
      expect([file, bytes.includes('exceljs')]).toEqual([file, false]);
    }
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP);
    // the lazy chunks exist and hold the heavy parts
    const chunks = fs.readdirSync(dist).filter((f) => f.endsWith('.js') && !local.some((l) => l.endsWith(f)));
    expect(chunks.some((f) => fs.readFileSync(path.join(dist, f)).includes('exceljs'))).toBe(true);
  });
});
