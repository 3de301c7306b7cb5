/**
 * End-to-end: the production task pane (<App/> over src/excel/ops/) in headless Chromium, with the
 * in-memory Excel host of tests/support/fakeExcel.ts behind it (tests/e2e/harness.tsx). It walks what a
 * supervisor does, tab by tab, and after each step asserts on the fake WORKBOOK (window.__pps.inspect), not
 * only on the pane. Every pane state visited is checked with axe-core (no serious or critical violation) and
 * for keyboard reach (Tab order, arrow keys between sections, actions run with Enter/Space).
 *
 * Needs Chromium at /usr/bin/chromium (or PPS_CHROMIUM); `npm test` installs it (scripts/ensure-system-deps.js).
 * No browser is downloaded: playwright-core only drives the installed one. Screenshots of every step go to
 * test-output/e2e/; PPS_UPDATE_SCREENSHOTS=1 also copies the representative ones to docs/screenshots/.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import type { TabId } from '../../src/taskpane/App';
import { runCli } from '../../src/cli/main';
import { AGENCY_SHEETS } from '../../src/workbook/agencySheets';
import { cellRef } from '../../src/workbook/a1';
import { LAYOUT_VERSION } from '../../src/workbook/layout';
import { headersFor } from '../package/scripts';
import { CHROMIUM, launchChromium } from './chromium';
import { serveFolder, type StaticServer } from './server';
import './pps';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'e2e');
const SITE = path.join(OUT, 'site');
const DOC_SHOTS = path.join(ROOT, 'docs', 'screenshots');
/** Screenshots worth keeping in docs/screenshots (copied only with PPS_UPDATE_SCREENSHOTS=1). */
const DOC_PICKS = ['02-team', '03-review-inserted', '05-compare', '09-outcomes-import'];
const TAB_ORDER: TabId[] = ['setup', 'team', 'review', 'forms', 'compare', 'outcomes', 'share', 'agency'];

const ROSTER = [
  {
    id: 'PX-101',
    name: 'Rosa Delgado',
    role: 'Recovery Coach',
    supervisor: 'Morgan Reyes',
    start: '2025-03-01',
  },
  { id: 'PX-102', name: 'Tomas Whitfield', role: 'Peer Specialist', supervisor: 'Morgan Reyes', start: '' },
  {
    id: 'PX-103',
    name: 'Keisha Obi',
    role: 'Recovery Coach',
    supervisor: 'Morgan Reyes',
    start: '2024-11-15',
  },
];
const PERIOD = '2026 Q1';
const SESSIONS_HEAD =
  'person_code,worker_id,date,session,ors_individually,ors_interpersonally,ors_socially,ors_overall,srs_relationship,srs_goals,srs_approach,srs_overall,age_group';
const SESSIONS = [
  SESSIONS_HEAD,
  'C101,PX-101,2026-01-05,1,4,4,4,4,9,9,9,9,adult',
  'C101,PX-101,2026-01-19,2,6,6,5.5,6,9,9,9,9,adult',
  'C102,PX-102,2026-01-06,1,x,5,5,5,9,9,9,9,adult',
  'C103,PX-103,2026-01-07,1,6,6,6,6,8,8,8,8,adult',
  'Lee Park,PX-103,2026-01-08,1,5,5,5,5,9,9,9,9,adult',
].join('\n');

type Cell = string | number | boolean;

let server: StaticServer;
let browser: Browser;
let page: Page;
const timings: { step: string; ms: number }[] = [];
const axeRuns: { state: string; violations: number; passes: number; ignored: number }[] = [];
const pageErrors: string[] = [];

// ------------------------------------------------------------------------------------------------ helpers

const sel = (testId: string) => `[data-testid="${testId}"]`;

async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings.push({ step, ms: Date.now() - t });
  }
}

/** Waits until no api call runs (the spinner is gone) and no error bar is shown. */
async function settled(): Promise<void> {
  await page.waitForSelector(sel('busy'), { state: 'detached' });
  const error = await page.$(sel('error-bar'));
  if (error) throw new Error(`The pane shows an error: ${await error.innerText()}`);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

async function sheetNames(): Promise<string[]> {
  return page.evaluate(() => window.__pps!.inspect.sheetNames());
}

async function values(sheet: string, ref: string): Promise<Cell[][]> {
  return page.evaluate(([s, r]) => window.__pps!.inspect.values(s, r), [sheet, ref] as const);
}

/** The whole used range of a sheet, from A1. */
async function usedValues(sheet: string): Promise<Cell[][]> {
  return page.evaluate((s) => {
    const used = window.__pps!.inspect.usedRange(s);
    return used ? window.__pps!.inspect.values(s, `A1:${used.split(':').pop()}`) : [];
  }, sheet);
}

/** A person typing into cells of the workbook (one Excel batch, as Excel applies an edit). */
async function typeInto(sheet: string, address: string, rows: Cell[][]): Promise<void> {
  await page.evaluate(
    async ({ sheet, address, rows }) => {
      await window.__pps!.fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem(sheet).getRange(address).values = rows;
        await ctx.sync();
      });
    },
    { sheet, address, rows },
  );
}

async function textOf(testId: string): Promise<string> {
  return (await page.innerText(sel(testId))).trim();
}

/** Sheet names of the sheet links inside a list. */
async function linkedSheets(listTestId: string): Promise<string[]> {
  return page.$$eval(`${sel(listTestId)} ${sel('sheet-link')}`, (links) =>
    links.map((l) => l.getAttribute('data-sheet') ?? ''),
  );
}

/**
 * axe-core on the pane as it is now (hidden panels are skipped by axe). Fails on any serious or critical
 * violation, listing each readably.
 */
async function checkAxe(state: string): Promise<void> {
  // colours are measured as drawn: let any transition (a button leaving its pressed state) finish first
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'),
  );
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // from the site itself: the Content-Security-Policy refuses inline scripts, injected ones too
  if (!hasAxe) await page.addScriptTag({ url: `${server.url}axe.js` });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            passes: unknown[];
            violations: {
              id: string;
              impact: string | null;
              help: string;
              helpUrl: string;
              nodes: { target: unknown[]; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    // Fluent's focus manager (tabster) adds focusable aria-hidden <i data-tabster-dummy> sentinels that only
    // pass focus on; a known false positive of aria-hidden-focus (microsoft/tabster#288). Those nodes only.
    const dummy = (n: { target: unknown[] }) =>
      n.target.length === 1 &&
      document.querySelector(String(n.target[0]))?.hasAttribute('data-tabster-dummy') === true;
    let ignored = 0;
    for (const v of r.violations) {
      if (v.id !== 'aria-hidden-focus') continue;
      ignored += v.nodes.filter(dummy).length;
      v.nodes = v.nodes.filter((n) => !dummy(n));
    }
    return {
      passes: r.passes.length,
      ignored,
      violations: r.violations
        .filter((v) => v.nodes.length > 0)
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map(
            (n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
          ),
        })),
    };
  });
  axeRuns.push({
    state,
    violations: result.violations.length,
    passes: result.passes,
    ignored: result.ignored,
  });
  const minor = result.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0)
    fs.appendFileSync(
      path.join(OUT, 'axe-minor.txt'),
      minor.map((v) => `${state}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.join('\n  ')}\n`).join(''),
    );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
  expect(`${state}: ${bad.length} serious/critical axe violations\n${report}`).toBe(
    `${state}: 0 serious/critical axe violations\n`,
  );
}

/** data-testid of the focused element (or its nearest marked ancestor); '' for none, '#body' for the page. */
async function focusedTestId(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '#body';
    const marked = el.closest('[data-testid]');
    const id = marked?.getAttribute('data-testid') ?? '';
    const sheet = marked?.getAttribute('data-sheet');
    return sheet ? `${id}:${sheet}` : id;
  });
}

/** Puts the keyboard's starting point at the top of the pane (the title), as after clicking there. */
async function fromTheTop(): Promise<void> {
  await page.click('h1');
}

/** Presses Tab from the top of the pane through every stop; returns the focused data-testids in order. */
async function tabWalk(limit = 80): Promise<string[]> {
  await fromTheTop();
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const id = await focusedTestId();
    if (id === '#body' || (seen.length > 0 && id === seen[0])) break;
    seen.push(id);
  }
  return seen;
}

async function expectReachable(expected: string[]): Promise<string[]> {
  const stops = await tabWalk();
  expect(expected.filter((id) => !stops.includes(id))).toEqual([]);
  return stops;
}

/** Switches section with the keyboard only: Tab to the selected tab, arrow keys, then Enter or Space. */
async function openTab(target: TabId, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  const current = (await page.getAttribute('[role="tab"][aria-selected="true"]', 'data-testid'))!.slice(4);
  if (current === target) return;
  await fromTheTop();
  await page.keyboard.press('Tab');
  expect(await focusedTestId()).toBe(`tab-${current}`);
  const steps = TAB_ORDER.indexOf(target) - TAB_ORDER.indexOf(current as TabId);
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
  expect(await focusedTestId()).toBe(`tab-${target}`);
  await page.keyboard.press(key);
  await page.waitForSelector(`#panel-${target}:not([hidden])`);
  expect(await page.getAttribute(sel(`tab-${target}`), 'aria-selected')).toBe('true');
}

// ---------------------------------------------------------------------------------------- setup, teardown

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}. Run "node scripts/ensure-system-deps.js" (apt-get install chromium) or set PPS_CHROMIUM.`,
    );
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT))
    if (f.endsWith('.png') || f === 'axe-minor.txt') fs.rmSync(path.join(OUT, f));
  await timed('build harness (webpack)', () =>
    promisify(execFile)(
      process.execPath,
      [require.resolve('webpack-cli/bin/cli.js'), '--config', path.join(__dirname, 'webpack.e2e.js')],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ),
  );
  fs.copyFileSync(require.resolve('axe-core'), path.join(SITE, 'axe.js'));
  // released layouts' workbooks, which the harness opens in the fake host with ?workbook=
  for (const v of ['0.1.0', LAYOUT_VERSION])
    fs.copyFileSync(
      path.join(ROOT, 'tests', 'fixtures', 'layouts', v, 'demo-3-workers.xlsx'),
      path.join(SITE, `layout-${v}.xlsx`),
    );
  // served with the Content-Security-Policy and other headers docs/deploy.md tells agencies to set
  server = await serveFolder(SITE, {
    headers: headersFor([fs.readFileSync(path.join(SITE, 'index.html'), 'utf8')]),
  });
  browser = await timed('launch chromium', () => launchChromium());
  // reduced motion: Fluent then skips its colour transitions, so what axe measures is what stays on screen
  page = await browser.newPage({
    viewport: { width: 380, height: 800 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  // the network is closed: anything but the local server is a bug (office.js from the CDN, fonts, ...)
  await page.route('**/*', (route) =>
    route.request().url().startsWith(server.url) || route.request().url().startsWith('blob:')
      ? route.continue()
      : route.abort(),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.writeFileSync(path.join(OUT, 'run.json'), JSON.stringify({ timings, axeRuns, pageErrors }, null, 2));
  if (process.env.PPS_UPDATE_SCREENSHOTS === '1' && !failedStep) {
    fs.mkdirSync(DOC_SHOTS, { recursive: true });
    for (const name of DOC_PICKS)
      fs.copyFileSync(
        path.join(OUT, `${name}.png`),
        path.join(DOC_SHOTS, `${name.replace(/^\d+-/, '')}.png`),
      );
  }
});

/** The first step that failed: later steps build on it, so they stop at once instead of timing out. */
let failedStep: string | undefined;

/** One step of the walk: runs only when the steps before it passed, and fails on any error in the page. */
function step(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    if (failedStep) throw new Error(`Not run: the step "${failedStep}" failed.`);
    let onError: (e: Error) => void = () => undefined;
    const pageThrew = new Promise<never>((_, reject) => {
      onError = (e) => reject(new Error(`The page threw: ${String(e)}`));
    });
    page.on('pageerror', onError);
    try {
      await Promise.race([fn(), pageThrew]);
      expect(pageErrors).toEqual([]);
    } catch (e) {
      failedStep = name;
      const file = path.join(OUT, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      page.off('pageerror', onError);
    }
  });
}

// ------------------------------------------------------------------------------------------------- flows

describe('the task pane in Chromium, over the fake Excel host', () => {
  step('opens on Setup, reads the workbook, and passes axe', async () => {
    await timed('open pane', async () => {
      await page.goto(server.url);
      await page.waitForSelector(sel('save-settings'));
      await settled();
    });
    expect(await sheetNames()).toEqual(['Sheet1']);
    expect(await page.getAttribute(sel('tab-setup'), 'aria-selected')).toBe('true');
    // the page's ES5 check (src/taskpane/index.html) ran and found this webview able to run the pane
    expect(await page.evaluate(() => document.getElementById('pps-es-check') !== null)).toBe(true);
    expect(
      await page.evaluate(() => (window as { __ppsUnsupported?: boolean }).__ppsUnsupported),
    ).toBeUndefined();
    expect(await page.$('#pps-unsupported')).toBeNull();
    await checkAxe('setup');
    await shot('01-setup');
  });

  step(
    'setup: every field is reachable by Tab, and Save settings works from the keyboard alone',
    async () => {
      await timed('setup by keyboard', async () => {
        const stops = await expectReachable([
          'tab-setup',
          'framework-select',
          'scale-select',
          'gap-threshold',
          'ors-adult',
          'ors-adolescent',
          'ors-child',
          'srs-cutoff',
          'srs-inclusive',
          'save-settings',
        ]);
        // tabs are one stop (arrow keys move between them)
        expect(stops.filter((s) => s.startsWith('tab-'))).toEqual(['tab-setup']);
        // now only the keyboard: Tab to the gap threshold, type 1, Tab to Save settings, Enter
        await fromTheTop();
        for (let i = 0; i < 20 && (await focusedTestId()) !== 'gap-threshold'; i++)
          await page.keyboard.press('Tab');
        expect(await focusedTestId()).toBe('gap-threshold');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('1');
        for (let i = 0; i < 20 && (await focusedTestId()) !== 'save-settings'; i++)
          await page.keyboard.press('Tab');
        expect(await focusedTestId()).toBe('save-settings');
        await page.keyboard.press('Enter');
        await page.waitForSelector(sel('notice-bar'));
        await settled();
      });
      expect(await textOf('notice-bar')).toBe('Settings saved in the Settings sheet.');
      const settings = await usedValues('Settings');
      expect(settings.some((r) => r[0] === 'Setting' && r[1] === 'Value')).toBe(true);
      expect(settings.find((r) => r[0] === 'Gap threshold')?.[1]).toBe(1);
      expect(settings.find((r) => r[0] === 'Framework')?.[1]).toBe('samhsa-core-2015');
      expect(await page.inputValue(sel('gap-threshold'))).toBe('1');
      await checkAxe('setup, saved');
      await shot('01-setup-saved');
    },
  );

  step('team: three workers added through the form and saved to the Team sheet table', async () => {
    await openTab('team', 'Enter');
    expect(await page.isVisible(sel('team-empty'))).toBe(true);
    await checkAxe('team, empty');
    await expectReachable([
      'tab-team',
      'worker-id-input',
      'worker-name-input',
      'worker-role-input',
      'worker-supervisor-input',
      'worker-start-input',
      'worker-submit',
      'save-team',
    ]);
    await timed('team: add 3 and save', async () => {
      for (const w of ROSTER) {
        await page.fill(sel('worker-id-input'), w.id);
        await page.fill(sel('worker-name-input'), w.name);
        await page.fill(sel('worker-role-input'), w.role);
        await page.fill(sel('worker-supervisor-input'), w.supervisor);
        await page.fill(sel('worker-start-input'), w.start);
        await page.click(sel('worker-submit'));
        await page.waitForSelector(sel(`team-row-${w.id}`));
        expect(await page.inputValue(sel('worker-id-input'))).toBe(''); // the form starts afresh
      }
      await checkAxe('team, three workers listed, not saved');
      // the rows' Edit and Remove buttons are keyboard stops too
      await expectReachable(ROSTER.flatMap((w) => [`edit-worker-${w.id}`, `remove-worker-${w.id}`]));
      await page.click(sel('save-team'));
      await page.waitForSelector(sel('notice-bar'));
      await settled();
    });
    expect(await textOf('notice-bar')).toBe('Saved 3 workers in the Team sheet.');
    expect(await textOf('team-sheet-note')).toBe('The team is kept in the Team sheet.');
    const table = (await page.evaluate(() => window.__pps!.inspect.tables())).find((t) => t.sheet === 'Team');
    expect(table).toMatchObject({
      name: 'PPS_Team',
      address: 'A1:E4',
      headers: ['Worker ID', 'Name', 'Role', 'Supervisor', 'Start date'],
    });
    const rows = await values('Team', 'A2:E4');
    expect(rows.map((r) => r.slice(0, 4))).toEqual(ROSTER.map((w) => [w.id, w.name, w.role, w.supervisor]));
    expect(rows.map((r) => typeof r[4])).toEqual(['number', 'string', 'number']); // dates are date serials
    await checkAxe('team, saved');
    await shot('02-team');
  });

  let created: string[] = [];

  step(
    'review: inserts a rating sheet per worker for 2026 Q1; a sheet link activates the sheet',
    async () => {
      await openTab('review', 'Space');
      await page.fill(sel('period-input'), PERIOD);
      expect(await page.isChecked(sel('worker-checkbox-all'))).toBe(true);
      await checkAxe('review');
      await expectReachable([
        'tab-review',
        'period-input',
        'worker-checkbox-all',
        ...ROSTER.map((w) => `worker-checkbox-${w.id}`),
        'role-select',
        'insert-rating-sheets',
      ]);
      await shot('03-review');
      const syncsBefore = await page.evaluate(() => window.__pps!.stats.syncs);
      await timed('review: insert 3 rating sheets', async () => {
        await page.click(sel('insert-rating-sheets'));
        await page.waitForSelector(sel('insert-report'));
        await settled();
      });
      expect(await textOf('insert-summary')).toBe('Created 3 rating sheets.');
      created = await linkedSheets('created-sheets');
      expect(created).toEqual(ROSTER.map((w) => `${w.id} ${PERIOD}`));
      expect(await sheetNames()).toEqual(expect.arrayContaining(created));
      for (const [i, sheet] of created.entries()) {
        const labels = Object.fromEntries((await values(sheet, 'A3:B10')).map((r) => [r[0], r[1]]));
        expect(labels).toMatchObject({
          'Worker ID': ROSTER[i].id,
          Worker: ROSTER[i].name,
          Role: ROSTER[i].role,
          Period: PERIOD,
          Framework: 'samhsa-core-2015',
        });
        expect(await values(sheet, 'A12:E12')).toEqual([
          ['Category', 'ID', 'Competency', 'Self', 'Supervisor'],
        ]);
      }
      // the insert plus reading the pane state again: a handful of round trips, not one per cell
      const syncs = (await page.evaluate(() => window.__pps!.stats.syncs)) - syncsBefore;
      expect(syncs).toBeLessThanOrEqual(8);
      await checkAxe('review, sheets inserted');
      await shot('03-review-inserted');

      expect(await textOf('period-exists')).toBe(
        `${ROSTER.map((w) => w.id).join(', ')} already have a ${PERIOD} sheet. A worker gets one sheet per period: untick them or choose another period.`,
      );

      const target = created[1];
      expect(await page.evaluate(() => window.__pps!.inspect.activeSheet())).not.toBe(target);
      await page.click(`${sel('created-sheets')} [data-sheet="${target}"]`);
      await page.waitForFunction((s) => window.__pps!.inspect.activeSheet() === s, target);
      await settled();
      // the links are keyboard stops; Enter on one activates it too
      const stops = await expectReachable(created.map((s) => `sheet-link:${s}`));
      expect(stops.length).toBeGreaterThan(0);
      await page.focus(`${sel('created-sheets')} [data-sheet="${created[2]}"]`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((s) => window.__pps!.inspect.activeSheet() === s, created[2]);
      await settled();
    },
  );

  step('a supervisor and the workers type Self and Supervisor ratings into the sheets', async () => {
    // 1.1-1.4 of each sheet: blind spots (self well above supervisor), agreement and a hidden strength
    const ratings: Cell[][][] = [
      [
        [5, 2],
        [4, 4],
        [3, 1],
        [2, 4],
      ],
      [
        [4, 3],
        [3, 3],
        [5, 3],
        [2, 2],
      ],
      [
        [3, 3],
        [2, 4],
        [4, 4],
        ['N/A', 3],
      ],
    ];
    for (const [i, sheet] of created.entries()) await typeInto(sheet, 'D13:E16', ratings[i]);
    expect(await values(created[0], 'D13:E16')).toEqual(ratings[0]);
    expect(await values(created[2], 'D16')).toEqual([['N/A']]);
  });

  step('compare: comparison sheets for everyone, with the goals filled count shown', async () => {
    await openTab('compare');
    expect(await page.inputValue(sel('compare-period'))).toBe(PERIOD);
    await checkAxe('compare');
    await expectReachable([
      'compare-period',
      'compare-worker',
      'compare-button',
      'trends-button',
      'dashboard-button',
    ]);
    await shot('04-compare');
    await timed('compare: all workers', async () => {
      await page.click(sel('compare-button'));
      await page.waitForSelector(sel('refresh-report'));
      await settled();
    });
    const summary = await textOf('refresh-summary');
    expect(summary).toMatch(new RegExp(`^Made ${ROSTER.length} sheets;`));
    const filled = /filled (\d+) empty goals?/.exec(summary);
    expect(filled).not.toBeNull();
    expect(Number(filled![1])).toBeGreaterThan(0);
    const comparisons = await linkedSheets('refresh-sheets');
    expect(comparisons).toEqual(ROSTER.map((w) => `Compare ${w.id} ${PERIOD}`));
    expect(await sheetNames()).toEqual(expect.arrayContaining(comparisons));
    // goals went into the rating sheets' empty Goal cells (column H), for the gaps of 2 or more at least
    const goals = (await values(created[0], 'H13:H16')).map((r) => r[0]);
    expect(goals[0]).toMatch(/self 5, supervisor 2/);
    expect(goals.filter((g) => g !== '').length).toBeGreaterThan(0);
    expect(
      (await values(comparisons[0], 'A1:B10')).some((r) => r[0] === 'Worker ID' && r[1] === ROSTER[0].id),
    ).toBe(true);
    await checkAxe('compare, report shown');
    await shot('05-compare');
  });

  step('trends and the team dashboard', async () => {
    await timed('trends', async () => {
      await page.click(sel('trends-button'));
      await page.waitForSelector(`${sel('refresh-sheets')} [data-sheet^="Trend"]`);
      await settled();
    });
    const trends = await linkedSheets('refresh-sheets');
    expect(trends).toEqual(ROSTER.map((w) => `Trend ${w.id}`));
    expect(await sheetNames()).toEqual(expect.arrayContaining(trends));
    expect((await values(trends[0], 'A1:A12')).flat()).toContain(PERIOD);
    await checkAxe('compare, trends shown');
    await shot('06-trends');

    await timed('dashboard', async () => {
      await page.click(sel('dashboard-button'));
      await page.waitForSelector(`${sel('refresh-sheets')} [data-sheet^="Dashboard"]`);
      await settled();
    });
    expect(await linkedSheets('refresh-sheets')).toEqual([`Dashboard ${PERIOD}`]);
    const dashboard = (await usedValues(`Dashboard ${PERIOD}`)).flat();
    for (const w of ROSTER) expect(dashboard).toContain(w.id);
    await checkAxe('compare, dashboard shown');
    await shot('07-dashboard');
  });

  step('forms: the section is reachable and accessible', async () => {
    await openTab('forms');
    // the defaults follow the workbook read after the pane opened: the latest period, every worker
    expect(await page.inputValue(sel('forms-period'))).toBe(PERIOD);
    for (const w of ROSTER) expect(await page.isChecked(sel(`forms-worker-${w.id}`))).toBe(true);
    await checkAxe('forms');
    await expectReachable([
      'forms-period',
      ...ROSTER.map((w) => `forms-worker-${w.id}`),
      'create-forms',
      'forms-returned',
    ]);
    // keyboard only: untick two workers with Space, then Enter on Create self-assessment forms
    for (const w of ROSTER.slice(1)) {
      await page.focus(sel(`forms-worker-${w.id}`));
      await page.keyboard.press('Space');
      expect(await page.isChecked(sel(`forms-worker-${w.id}`))).toBe(false);
    }
    await page.keyboard.press('Tab');
    expect(await focusedTestId()).toBe('create-forms');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${sel('form-files')} ${sel('download-file')}`);
    await settled();
    expect(await page.getAttribute(`${sel('form-files')} ${sel('download-file')}`, 'data-file')).toBe(
      `Self-assessment ${ROSTER[0].id} ${PERIOD}.xlsx`,
    );
    await checkAxe('forms, form ready');
    await shot('08-forms');
  });

  step(
    'outcomes: pasted rows imported, a bad row listed with its reason, a name-like code held then confirmed',
    async () => {
      await openTab('outcomes', 'Space');
      await checkAxe('outcomes');
      await expectReachable([
        'sessions-file',
        'sessions-text',
        'import-sessions',
        'person-code',
        'agenda-worker',
      ]);
      await page.fill(sel('sessions-text'), SESSIONS);
      await timed('outcomes: import', async () => {
        await page.click(sel('import-sessions'));
        await page.waitForSelector(sel('import-report'));
        await settled();
      });
      expect(await textOf('import-summary')).toBe(
        'Imported 3 sessions. Left out 1 row with a problem (listed below). Held back 1 person code that looks like a name.',
      );
      const rejected = await textOf('rejected-rows');
      expect(rejected).toMatch(/row 4/);
      expect(rejected).toMatch(/ors_individually/);
      expect(rejected).toContain('"x" is not a number');
      expect(await page.isVisible(sel('confirm-code-Lee Park'))).toBe(true);

      const logRows = async () => {
        const grid = await usedValues('Outcomes log');
        const head = grid.findIndex((r) => r[0] === 'Person code');
        expect(head).toBeGreaterThanOrEqual(0);
        return grid.slice(head + 1).filter((r) => r[0] !== '');
      };
      let rows = await logRows();
      expect(rows.map((r) => [r[0], r[1]])).toEqual([
        ['C101', 'PX-101'],
        ['C101', 'PX-101'],
        ['C103', 'PX-103'],
      ]);
      expect(rows[1]).toContain(5.5);
      expect(await sheetNames()).toEqual(expect.arrayContaining(['Outcomes log', 'Outcomes summary']));
      await checkAxe('outcomes, import report');
      await shot('09-outcomes-import');

      // confirm the code (keyboard: Space on the checkbox), then import again: only the held row is new
      await page.focus(sel('confirm-code-Lee Park'));
      await page.keyboard.press('Space');
      expect(await page.isChecked(sel('confirm-code-Lee Park'))).toBe(true);
      await timed('outcomes: import confirmed', async () => {
        await page.click(sel('import-confirmed'));
        await page.waitForFunction(
          (s) => document.querySelector(s)?.textContent?.startsWith('Imported 1 session.') ?? false,
          sel('import-summary'),
        );
        await settled();
      });
      expect(await textOf('import-summary')).toBe(
        'Imported 1 session. Skipped 3 duplicates already in the workbook. Left out 1 row with a problem (listed below).',
      );
      rows = await logRows();
      expect(rows.map((r) => r[0])).toEqual(['C101', 'C101', 'C103', 'Lee Park']);

      expect(await page.inputValue(sel('agenda-worker'))).toBe(ROSTER[0].id);
      await page.fill(sel('agenda-date'), '2026-02-02');
      await timed('outcomes: agenda', async () => {
        await page.click(sel('make-agenda'));
        await page.waitForSelector(`${sel('outcome-sheets')} ${sel('sheet-link')}`);
        await settled();
      });
      const agenda = await linkedSheets('outcome-sheets');
      expect(agenda).toHaveLength(1);
      expect(await sheetNames()).toContain(agenda[0]);
      await checkAxe('outcomes, confirmed and agenda');
      await shot('10-outcomes-confirmed');
    },
  );

  step('share: a de-identified copy whose xlsx holds no roster name or id in any part', async () => {
    await openTab('share');
    expect(await page.isChecked(sel('share-deidentify'))).toBe(true);
    expect(await page.isChecked(sel('share-sheet-all'))).toBe(true);
    await checkAxe('share');
    await expectReachable(['share-sheet-all', 'share-deidentify', 'share-empty-text', 'create-copy']);
    const before = await sheetNames();
    await timed('share: create copy', async () => {
      await page.click(sel('create-copy'));
      await page.waitForSelector(sel('download-copy'));
      await settled();
    });
    expect(await sheetNames()).toEqual(before); // the workbook itself is untouched
    expect(await textOf('removed-list')).toContain('W01');
    // downloaded as a person does (the Content-Security-Policy lets the page fetch nothing but its own site)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('download-copy'))]);
    const file = { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
    const zip = await JSZip.loadAsync(file.bytes);
    const parts = await Promise.all(
      Object.values(zip.files)
        .filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name))
        .map(async (f) => [f.name, await f.async('string')] as const),
    );
    const sheetParts = parts.filter(([n]) => n.startsWith('xl/worksheets/sheet'));
    expect(sheetParts.length).toBeGreaterThanOrEqual(created.length);
    const needles = [...new Set(ROSTER.flatMap((w) => [w.name, ...w.name.split(' '), w.supervisor, w.id]))];
    const hits = parts.flatMap(([n, xml]) => needles.filter((x) => xml.includes(x)).map((x) => `${n}: ${x}`));
    expect(hits).toEqual([]);
    // the check can see: the de-identified codes are there
    expect(parts.some(([, xml]) => xml.includes('W01'))).toBe(true);
    // ExcelJS's browser bundle takes the charts into its zip pass too (the trend and summary charts)
    const charts = parts.filter(([n]) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.every(([, xml]) => xml.includes('<c:lineChart>') || xml.includes('<c:barChart>'))).toBe(
      true,
    );
    await checkAxe('share, copy ready');
    await shot('11-share');
  });

  step(
    'review again: inserting a period the workers already have is refused and changes nothing',
    async () => {
      await openTab('review', 'Space');
      expect(await page.inputValue(sel('period-input'))).toBe(PERIOD);
      const before = await sheetNames();
      const syncs = await page.evaluate(() => window.__pps!.stats.syncs);
      await page.focus(sel('insert-rating-sheets'));
      await page.keyboard.press('Enter');
      await page.waitForSelector(sel('error-bar'));
      expect(await textOf('error-bar')).toContain(
        `${ROSTER.map((w) => w.id).join(', ')} already have rating sheets for ${PERIOD}; nothing was inserted.`,
      );
      expect(await sheetNames()).toEqual(before);
      // it read the workbook to check (2 round trips) and wrote nothing
      expect((await page.evaluate(() => window.__pps!.stats.syncs)) - syncs).toBeLessThanOrEqual(2);
      await checkAxe('review, insert refused');
      await shot('12-review-refused');
    },
  );

  step(
    'agency: refused in a team workbook; in a new workbook, team workbooks picked from disk rolled up, then refreshed in place',
    async () => {
      // two team workbooks, as supervisors keep them
      const dir = path.join(OUT, 'agency');
      fs.rmSync(dir, { recursive: true, force: true }); // (a run before left its files: build would refuse)
      fs.mkdirSync(dir, { recursive: true });
      const cli = (...args: string[]) => runCli(args, { out: () => {}, err: () => {}, cwd: dir });
      fs.writeFileSync(
        path.join(dir, 'south.csv'),
        'worker_id,name,role,supervisor,start_date\nS-1,Cy Park,Recovery Coach,Sam Lee,2025-01-01\n',
      );
      expect(await cli('demo', '--out', 'north.xlsx')).toBe(0);
      expect(await cli('build', '--team', 'south.csv', '--period', '2026 Q3', '--out', 'south.xlsx')).toBe(0);
      const files = ['north.xlsx', 'south.xlsx'].map((f) => path.join(dir, f));

      await openTab('agency');
      await checkAxe('agency');
      await expectReachable(['agency-files', 'agency-period']);
      await page.setInputFiles(sel('agency-files'), files);
      const before = await sheetNames();
      await page.click(sel('agency-rollup'));
      await page.waitForSelector(sel('error-bar'));
      expect(await textOf('error-bar')).toContain('This is a team workbook');
      expect(await sheetNames()).toEqual(before);

      // a new, empty workbook (the pane opened again over a fresh host)
      await page.goto(server.url);
      await page.waitForSelector(sel('save-settings'));
      await settled();
      expect(await sheetNames()).toEqual(['Sheet1']);
      await openTab('agency');
      await page.setInputFiles(sel('agency-files'), files.slice(0, 1));
      await page.focus(sel('agency-rollup'));
      await timed('agency: roll up', async () => {
        await page.keyboard.press('Enter');
        await page.waitForSelector(sel('agency-report'));
        await settled();
      });
      const agencySheets = Object.values(AGENCY_SHEETS);
      expect(await sheetNames()).toEqual(['Sheet1', ...agencySheets, 'Settings']);
      expect(await linkedSheets('agency-sheets')).toEqual(agencySheets);
      expect(await textOf('agency-summary')).toBe(
        'Made the agency sheets from 1 team (6 workers, 278 sessions); supervisor and self means for 2026 Q3.',
      );
      expect(await values(AGENCY_SHEETS.workers, 'A7:B8')).toEqual([
        ['north', ''],
        ['Agency', ''],
      ]);
      await checkAxe('agency, made');
      await shot('13-agency');

      // both teams now: the same sheets, refreshed in place
      await page.setInputFiles(sel('agency-files'), files);
      await timed('agency: refresh', async () => {
        await page.click(sel('agency-rollup'));
        await page.waitForFunction(
          (s) => document.querySelector(s)?.textContent?.startsWith('Refreshed') ?? false,
          sel('agency-summary'),
        );
        await settled();
      });
      expect(await sheetNames()).toEqual(['Sheet1', ...agencySheets, 'Settings']);
      expect(await textOf('agency-teams')).toContain('Sam Lee: south.xlsx (1 worker, 0 sessions)');
      expect((await values(AGENCY_SHEETS.workers, 'A7:A9')).flat()).toEqual(['north', 'Sam Lee', 'Agency']);
      await checkAxe('agency, refreshed');
    },
  );

  step(
    'a workbook an earlier version made: the offer on load writes nothing; Update, from the keyboard, keeps what was typed',
    async () => {
      await timed('open an earlier workbook', async () => {
        await page.goto(`${server.url}?workbook=layout-0.1.0.xlsx`);
        await page.waitForSelector(sel('upgrade-offer'));
        await settled();
      });
      const before = await sheetNames();
      expect(before).toHaveLength(23);
      // loading read the workbook (names, first rows, the setup sheets) and wrote nothing
      expect(await page.evaluate(() => window.__pps!.stats.syncs)).toBe(3);
      expect(await textOf('upgrade-offer-text')).toMatch(
        /^23 sheets of this workbook were made by an earlier version of Peer Performance Support \(layout 0\.1\.0\)\./,
      );
      await checkAxe('earlier workbook, update offered');
      await shot('13-update-offered');

      // a discussion note typed before the update, as a person would
      const compare = 'Compare PS-102 2026 Q3';
      const grid = await usedValues(compare);
      const head = grid.findIndex((r) => r.includes('Discussion notes'));
      const row = grid.findIndex((r, i) => i > head && r.includes('1.2'));
      const note = cellRef(row, grid[head].indexOf('Discussion notes'));
      await typeInto(compare, note, [['Agreed to revisit in June']]);

      // the keyboard alone: Tab reaches the button, Enter agrees
      await expectReachable(['tab-setup', 'upgrade-workbook', 'save-settings']);
      await fromTheTop();
      for (let i = 0; i < 20 && (await focusedTestId()) !== 'upgrade-workbook'; i++)
        await page.keyboard.press('Tab');
      expect(await focusedTestId()).toBe('upgrade-workbook');
      await timed('update the workbook', async () => {
        await page.keyboard.press('Enter');
        await page.waitForSelector(sel('upgrade-done'));
        await settled();
      });
      expect(await textOf('upgrade-summary')).toBe(
        `Updated 23 sheets from layout 0.1.0 to ${LAYOUT_VERSION}; put back 1 typed cell.`,
      );
      expect(await page.$(sel('upgrade-offer'))).toBeNull();
      expect(await sheetNames()).toEqual(before);
      const records = await page.evaluate(
        (names) =>
          names.map((n) =>
            window
              .__pps!.inspect.localNames(n)
              .map((x) => x.formula)
              .join(),
          ),
        before,
      );
      expect(new Set(records)).toEqual(new Set([`="${LAYOUT_VERSION}"`]));
      const after = await usedValues(compare);
      const at = after.findIndex((r) => r.includes('Discussion notes'));
      const kept = after.find((r, i) => i > at && r.includes('1.2'))!;
      expect(kept[after[at].indexOf('Discussion notes')]).toBe('Agreed to revisit in June');
      await page.click(sel('upgrade-lines-toggle'));
      expect(await page.$$eval(`${sel('upgrade-lines')} li`, (li) => li.length)).toBe(23);
      await checkAxe('earlier workbook, updated');
      await shot('14-updated');
    },
  );

  step('a workbook a newer version made: refused on load, nothing to click, nothing written', async () => {
    await timed('open a newer workbook', async () => {
      await page.goto(`${server.url}?workbook=layout-${LAYOUT_VERSION}.xlsx&newer=9.1.0`);
      await page.waitForSelector(sel('upgrade-refused'));
      await settled();
    });
    expect(await textOf('upgrade-refused')).toContain('The add-in needs updating');
    expect(await page.$(sel('upgrade-workbook'))).toBeNull();
    // the load's two reads (names, first rows with the records: every sheet fits in them), no write
    expect(await page.evaluate(() => window.__pps!.stats.syncs)).toBe(2);
    expect(await sheetNames()).toHaveLength(23);
    await checkAxe('newer workbook, refused');
    await shot('15-newer-refused');
  });
});
