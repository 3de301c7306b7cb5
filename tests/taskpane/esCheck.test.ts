// The ES5 check in the pane's page (src/taskpane/index.html): it must itself be ES5, show a plain message in
// a webview that cannot run the bundle (Internet Explorer 11, the old Microsoft Edge), and stay silent in a
// current one. The Chromium run of the real page is in tests/e2e (the pane renders, no message).
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
// acorn comes with webpack; it parses with an exact ECMAScript version, which TypeScript's parser does not.
import { parse } from 'acorn';

const page = fs.readFileSync(path.join(__dirname, '../../src/taskpane/index.html'), 'utf8');
const script = /<script id="pps-es-check">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';

/** Runs the check in a fresh context made to look like an old webview; returns what the page shows. */
function runCheck(prepare = ''): { root: string; flagged: unknown } {
  const root = { innerHTML: '<noscript></noscript>' };
  const context = vm.createContext({
    document: { getElementById: (id: string) => (id === 'root' ? root : null) },
  });
  vm.runInContext(`var window = this; ${prepare}`, context);
  vm.runInContext(script, context);
  return { root: root.innerHTML, flagged: vm.runInContext('window.__ppsUnsupported', context) };
}

const IE11 = `
  delete this.Promise; delete this.Symbol; delete this.Map; delete this.Set;
  Object.assign = undefined; Array.from = undefined; Object.fromEntries = undefined;
  String.prototype.matchAll = undefined; Array.prototype.at = undefined; delete this.globalThis;`;
/** EdgeHTML 18: ES2015-2017 built-ins, none from ES2019 on. */
const EDGE_LEGACY = `
  Object.fromEntries = undefined; String.prototype.matchAll = undefined; Array.prototype.at = undefined;
  delete this.globalThis;`;
/** Safari before 15.4, whose parser also stops before ES2022 class features: no Array.prototype.at. */
const OLD_SAFARI = `Array.prototype.at = undefined;`;

describe('the page checks, in ES5, that the webview can run the pane', () => {
  test('the check is in the page, placed before the bundle runs, and is plain ES5', () => {
    expect(script.length).toBeGreaterThan(200);
    expect(page.indexOf('id="pps-es-check"')).toBeGreaterThan(page.indexOf('id="root"'));
    expect(() => parse(script, { ecmaVersion: 5 })).not.toThrow();
    // and the parse is strict enough to notice ES2015
    expect(() => parse('var f = () => 1;', { ecmaVersion: 5 })).toThrow();
  });

  test.each([
    ['Internet Explorer 11', IE11],
    ['the old Microsoft Edge', EDGE_LEGACY],
    ['a Safari before 15.4', OLD_SAFARI],
  ])('in %s it shows what to update instead of a blank pane', (_name, prepare) => {
    const shown = runCheck(prepare);
    expect(shown.flagged).toBe(true);
    expect(shown.root).toContain('id="pps-unsupported"');
    expect(shown.root).toContain('Peer Performance Support needs a newer Office');
    expect(shown.root).toContain(
      'Update Office (on Windows: File &gt; Account &gt; Update Options &gt; Update Now;',
    );
    expect(shown.root).toContain('Excel on the web');
  });

  test('in a current engine it stays silent, and it never evaluates strings (the pages run under a CSP)', () => {
    const shown = runCheck(
      `this.Function = function () { throw new EvalError('unsafe-eval'); }; this.eval = this.Function;`,
    );
    expect(shown.flagged).toBeUndefined();
    expect(shown.root).toBe('<noscript></noscript>');
    expect(script).not.toMatch(/new Function|eval\(/);
  });
});
