/**
 * `npm start` on Linux (scripts/start.js): no Excel to sideload into, so it prints the manual steps and runs
 * the dev server (webpack-dev-server, HTTPS, with a certificate office-addin-dev-certs makes in
 * ~/.office-addin-dev-certs) in the foreground. The test gives it an empty HOME, so the certificate is made
 * afresh and nothing is installed anywhere, and a free port (package.json's config.dev_server_port, as
 * office-addin-debugging reads it), so it never meets a developer's server on 3000.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { start } from './scripts';

jest.setTimeout(240_000);

const ROOT = path.join(__dirname, '..', '..');
const linux = process.platform === 'linux' ? describe : describe.skip;

let home: string;
let port: number;
let child: ChildProcess;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
    server.on('error', reject);
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  const ca = fs.readFileSync(path.join(home, '.office-addin-dev-certs', 'ca.crt'));
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const BUILT = /compiled (successfully|with \d+ warnings?)/g;
const builds = () => output.match(BUILT)?.length ?? 0;

/** Resolves once `done()` holds, rejects when the server exits first or time runs out. */
function waitFor(what: string, done: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (done()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`${what}: not seen in the dev server's output:\n${output}`));
      }
    }, 250);
  });
}

linux('npm start on Linux', () => {
  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-devserver-'));
    port = await freePort();
    child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), 'start'], {
      cwd: ROOT,
      detached: true, // its own process group, so the test can stop the server and its compiler together
      env: { ...process.env, HOME: home, npm_package_config_dev_server_port: String(port), NO_COLOR: '1' },
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor('a first build', () => builds() > 0, 200_000);
  }, 240_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('says why nothing is sideloaded and how to load the add-in by hand', () => {
    expect(output).toContain(`The dev server serves the add-in on https://localhost:${port}/`);
    expect(output).toContain(
      'Excel for Windows or Mac does not run here, so nothing is sideloaded automatically.',
    );
    expect(output).toContain('Upload My Add-in');
    expect(output).toContain('npm start -- web --document');
  });

  test('makes the certificate with office-addin-dev-certs in HOME, installs nothing, and says how to trust it', () => {
    const dir = path.join(home, '.office-addin-dev-certs');
    expect(fs.readdirSync(dir).sort()).toEqual(['ca.crt', 'localhost.crt', 'localhost.key']);
    expect(output).toContain(`To trust it, import the CA ${path.join(dir, 'ca.crt')}`);
    expect(output).toContain('certutil -d sql:$HOME/.pki/nssdb');
  });

  test('serves the pane and a manifest on its port over HTTPS, with that certificate', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const page = await get(`https://${host}:${port}/taskpane.html`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
    }
    const manifest = await get(`https://localhost:${port}/manifest.xml`);
    expect(manifest.status).toBe(200);
    expect(manifest.body).toContain(
      `<SourceLocation DefaultValue="https://localhost:${port}/taskpane.html"/>`,
    );
    expect(manifest.body).not.toContain('localhost:3000');
  });

  test('rebuilds when a source file changes, for the pane to reload (the hot client is in the bundle)', async () => {
    const bundle = await get(`https://localhost:${port}/taskpane.js`);
    expect(bundle.body).toContain('webpack-dev-server/client');
    expect(bundle.body).toContain('webpack/hot/dev-server');
    const before = builds();
    const source = path.join(ROOT, 'src', 'taskpane', 'App.tsx');
    const now = new Date();
    fs.utimesSync(source, now, now); // a save without a change: the watcher sees the file written
    await waitFor('a second build', () => builds() > before, 120_000);
    expect(builds()).toBe(before + 1);
  });
});

describe('npm start -- web --document URL', () => {
  test("prints the address office-addin-debugging would open: the workbook, told to load the dev server's manifest", () => {
    const document = 'https://contoso.sharepoint.com/:x:/r/sites/peer/Book.xlsx?d=w1&web=1';
    // office-addin-debugging's own helper (in a Node process: its dependencies are ES modules jest cannot load)
    const from = path.dirname(require.resolve('office-addin-debugging/package.json'));
    const devSettings = require.resolve('office-addin-dev-settings', { paths: [from] });
    const id = /<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'))![1];
    const manifest = { id, defaultSettings: { sourceLocation: 'https://localhost:3000/taskpane.html' } };
    const script = `require(${JSON.stringify(devSettings)})
      .generateSideloadUrl('manifest.xml', ${JSON.stringify(manifest)}, ${JSON.stringify(document)})
      .then((url) => process.stdout.write(url));`;
    const expected = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(expected).toContain('wdaddinmanifestguid=');
    expect(start.webSideloadUrl(document)).toBe(expected);
    expect(start.manualSteps('web', document)).toContain(`  ${expected}`);
  });
});
