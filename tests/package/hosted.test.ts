/**
 * The add-in as an agency hosts it (docs/deploy.md): `npm run build -- --env base=URL` into a folder served
 * over HTTPS on 127.0.0.1 with a certificate made by office-addin-dev-certs and the response headers the build
 * wrote (dist/security-headers.txt, Content-Security-Policy included). Every URL in dist/manifest.xml is
 * fetched from that server, and taskpane.html is opened in Debian's Chromium (playwright-core, never a
 * downloaded browser), which trusts exactly that certificate's key. The network beyond the server is closed,
 * as here: office.js from Microsoft's CDN fails to load, and that is the only error the page may show.
 */
import { execFile, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/chromium';
import { serveFolder, type StaticServer } from '../e2e/server';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const VALIDATOR = path.join(ROOT, 'scripts', 'validate-manifest.js');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const FOLDER = 'peer-support/'; // the path part of the base, as on an intranet server

let work: string;
let dist: string;
let ca: Buffer;
let cert: Buffer;
let server: StaticServer;
let base: string;
let browser: Browser;

/** `Name: value` lines, as the build writes them for any web server. */
function headersFile(file: string): Record<string, string> {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** GET over HTTPS, trusting only the test's CA. */
function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

function manifestUrls(xml: string): string[] {
  return [
    ...new Set([
      ...[...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]),
      ...[...xml.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1]),
    ]),
  ];
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-hosted-'));
  // office-addin-dev-certs makes a CA and a certificate for 127.0.0.1 and localhost (pure JavaScript)
  const { generateCertificates } = await import('office-addin-dev-certs');
  const files = ['ca.crt', 'localhost.crt', 'localhost.key'].map((f) => path.join(work, f));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await generateCertificates(files[0], files[1], files[2], 2, ['127.0.0.1', 'localhost']);
  log.mockRestore();
  [ca, cert] = files.map((f) => fs.readFileSync(f));
  const key = fs.readFileSync(files[2]);

  // the server first (the base names its port), then the build into the folder it serves
  const site = path.join(work, 'site');
  dist = path.join(site, FOLDER);
  fs.mkdirSync(dist, { recursive: true });
  let headers: Record<string, string> = {};
  server = await serveFolder(site, {
    tls: { cert, key },
    get headers() {
      return headers;
    },
  });
  base = `${server.url}${FOLDER}`;
  await promisify(execFile)(
    process.execPath,
    [
      require.resolve('webpack-cli/bin/cli.js'),
      '--mode',
      'production',
      '--env',
      `base=${base}`,
      '--output-path',
      dist,
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
  );
  headers = headersFile(path.join(dist, 'security-headers.txt'));

  const spki = crypto
    .createHash('sha256')
    .update(new crypto.X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spki}`]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('dist/manifest.xml built for a base URL', () => {
  test('every URL is on the base (AppDomain: its origin) and none is localhost', () => {
    const urls = manifestUrls(fs.readFileSync(path.join(dist, 'manifest.xml'), 'utf8'));
    const origin = new URL(base).origin;
    expect(urls.sort()).toEqual(
      [
        origin,
        `${base}assets/icon-16.png`,
        `${base}assets/icon-32.png`,
        `${base}assets/icon-64.png`,
        `${base}assets/icon-80.png`,
        `${base}commands.html`,
        `${base}support.html`,
        `${base}taskpane.html`,
      ].sort(),
    );
  });

  test('every URL answers from the HTTPS server: the pages as HTML, the icons as PNG', async () => {
    const urls = manifestUrls(fs.readFileSync(path.join(dist, 'manifest.xml'), 'utf8')).filter(
      (u) => u !== base,
    );
    for (const url of urls.filter((u) => u.startsWith(base))) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, 200]);
      const type = url.endsWith('.png') ? 'image/png' : 'text/html; charset=utf-8';
      expect([url, res.headers['content-type']]).toEqual([url, type]);
      expect(res.headers['content-security-policy']).toContain(
        "script-src 'self' https://appsforoffice.microsoft.com",
      );
    }
  });

  test('npm run validate passes it against that base, and fails it against another', () => {
    const run = (b: string) =>
      spawnSync(process.execPath, [VALIDATOR, path.join(dist, 'manifest.xml'), '--base', b, '--offline'], {
        encoding: 'utf8',
      });
    const ok = run(base);
    expect(ok.stdout).toContain(`OK offline (base ${base}; 7 URLs name files in`);
    expect(ok.status).toBe(0);
    const other = run('https://addins.example.org/peer-support/');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`${base}taskpane.html (<SourceLocation>) is not served from`);
    expect(other.stderr).toContain(
      `${new URL(base).origin} (<AppDomain>) must be the origin https://addins.example.org`,
    );
  });
});

describe('the hosted pages in Chromium, outside Excel, with no network beyond the server', () => {
  async function open(page: string) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    tab.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`);
    });
    tab.on('requestfailed', (r) => failed.push(r.url()));
    await tab.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    // the network is closed here, as in CI: anything but the server fails to load
    await tab.route('**/*', (route) =>
      route.request().url().startsWith(server.url) ? route.continue() : route.abort('internetdisconnected'),
    );
    const response = await tab.goto(`${base}${page}`);
    return { context, tab, response, errors, failed };
  }

  test('taskpane.html says to open it from Excel; the only error is office.js not loading', async () => {
    const { context, tab, response, errors, failed } = await open('taskpane.html');
    try {
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toBeDefined();
      const status = tab.getByTestId('office-status');
      await status.waitFor();
      expect(await status.innerText()).toBe(
        'office.js did not load. Open it from Excel: Home > Peer Performance.',
      );
      expect(await tab.getByRole('heading', { level: 1 }).innerText()).toBe('Peer Performance Support');
      // Fluent UI's styles applied under the policy (they are inserted at run time)
      const font = await tab.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontWeight);
      expect(Number(font)).toBeGreaterThanOrEqual(600);
      expect(
        await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      ).toEqual([]);
      expect(failed).toEqual([OFFICE_JS]);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors)
        expect(error).toMatch(/ERR_INTERNET_DISCONNECTED @ https:\/\/appsforoffice\.microsoft\.com\//);
    } finally {
      await context.close();
    }
  });

  test.each(['commands.html', 'support.html'])(
    '%s loads under the policy without a violation',
    async (page) => {
      const { context, tab, response, errors, failed } = await open(page);
      try {
        expect(response?.status()).toBe(200);
        await tab.waitForLoadState('load');
        expect(
          await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
        ).toEqual([]);
        expect(failed.filter((u) => u !== OFFICE_JS)).toEqual([]);
        expect(errors.filter((e) => !e.includes('appsforoffice.microsoft.com'))).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
