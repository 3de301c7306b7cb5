/**
 * The CLI as a supervisor installs it (README "Installing the CLI"): `npm pack` (its prepack compiles the CLI
 * into dist-node/), then `npm install -g ./peer-performance-support-*.tgz` into a fresh prefix, then
 * `peer-performance demo` from an empty folder elsewhere. The dependencies come from npm's cache (`--offline`);
 * only where the cache lacks their metadata (npm 11 asks for full package documents, which `npm ci` does not
 * store) does the install fall back to `--prefer-offline`, and the test says so.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let work: string;
let tarball: string;
let files: string[];
let prefix: string;
let installMode: string;

function npm(args: string[], cwd: string) {
  return spawnSync(NPM, [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
  });
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-install-'));
  const packed = npm(['pack', '--json', '--pack-destination', work], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = path.join(work, info.filename);
  files = info.files.map((f) => f.path).sort();

  prefix = path.join(work, 'prefix');
  const install = (mode: string) => npm(['install', '-g', tarball, '--prefix', prefix, mode], work);
  let run = install('--offline');
  installMode = '--offline';
  if (run.status !== 0 && /ENOTCACHED/.test(run.stderr)) {
    run = install('--prefer-offline');
    installMode = '--prefer-offline (npm cache lacked package metadata)';
  }
  if (run.status !== 0) throw new Error(`npm install -g ${tarball} failed:\n${run.stderr}`);
  console.log(
    `installed with ${installMode}; tarball ${fs.statSync(tarball).size} bytes, ${files.length} files`,
  );
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed CLI', () => {
  test(`is peer-performance-support-<version>.tgz holding only the launcher, the compiled CLI and its data`, () => {
    expect(path.basename(tarball)).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const outside = files.filter(
      (f) =>
        !/^(package\.json|README\.md|bin\/peer-performance\.js|dist-node\/(src\/.+\.js|data\/.+\.(json|csv)))$/.test(
          f,
        ),
    );
    expect(outside).toEqual([]);
    expect(files).toContain('dist-node/src/cli/main.js');
    expect(files.filter((f) => f.startsWith('dist-node/data/sample/'))).toEqual([
      'dist-node/data/sample/ratings.csv',
      'dist-node/data/sample/sessions.csv',
      'dist-node/data/sample/team.csv',
    ]);
    // nothing of the task pane or the Office.js renderer: the CLI never loads them
    expect(files.filter((f) => /\/(taskpane|excel)\//.test(f))).toEqual([]);
  });

  test("runtime dependencies are the CLI's only; the pane's React and Fluent UI are build-time", () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['csv-parse', 'exceljs', 'jszip']);
    for (const name of ['react', 'react-dom', '@fluentui/react-components', 'ts-node'])
      expect([name, pkg.devDependencies[name]]).toEqual([name, expect.any(String)]);
    const installed = fs.readdirSync(path.join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['csv-parse', 'exceljs', 'jszip']));
    for (const name of ['react', 'react-dom', '@fluentui', 'ts-node', 'typescript'])
      expect(installed).not.toContain(name);
  });
});

describe('peer-performance installed into a fresh prefix', () => {
  test('`peer-performance demo` in an empty folder elsewhere writes the demo workbook from the bundled data', async () => {
    const elsewhere = fs.mkdtempSync(path.join(work, 'elsewhere-'));
    const bin = path.join(prefix, 'bin', 'peer-performance');
    const out = execFileSync(bin, ['demo', '--out', 'demo.xlsx'], {
      cwd: elsewhere,
      encoding: 'utf8',
      // no ts-node on the way: the prefix has none, and NODE_PATH cannot lend it the repository's
      env: { ...process.env, NODE_PATH: '' },
    });
    expect(out).toContain('Wrote demo.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(elsewhere, 'demo.xlsx'));
    expect(out).toContain(`${book.worksheets.length} sheets:`);
    // the roster of data/sample/team.csv, read from the installed package, is on the Team sheet
    const ids = fs
      .readFileSync(path.join(ROOT, 'data', 'sample', 'team.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    const teamSheet = book.getWorksheet('Team');
    const cells: unknown[] = [];
    teamSheet?.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(cells).toContain(id);
    expect(fs.readdirSync(elsewhere)).toEqual(['demo.xlsx']);
  });

  test('`peer-performance --help` runs, and a bad input fails with exit code 1 and a message', () => {
    const bin = path.join(prefix, 'bin', 'peer-performance');
    expect(execFileSync(bin, ['--help'], { encoding: 'utf8' })).toContain('peer-performance demo');
    const bad = spawnSync(bin, ['build', '--team', 'missing.csv', '--out', 'x.xlsx'], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('missing.csv');
  });
});
