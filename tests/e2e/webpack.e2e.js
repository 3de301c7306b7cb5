// Builds the end-to-end harness page (tests/e2e/harness.tsx) with the add-in's own loaders:
//   npx webpack --config tests/e2e/webpack.e2e.js [--output-path DIR]
// Production mode (React's production build, as users get it), unminified to keep the build quick. No
// office.js: the page runs over the in-memory Excel host, and the test's network is closed anyway.
'use strict';

const fs = require('fs');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const mainConfig = require('../../webpack.config.js');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'e2e', 'site');

// The pane's own page, without office.js (the in-memory host stands in for it) and its icon link.
const PAGE = fs
  .readFileSync(path.join(ROOT, 'src', 'taskpane', 'index.html'), 'utf8')
  .replace(/\s*<!--[^]*?-->\s*<script[^>]*office\.js[^>]*><\/script>/, '')
  .replace(/\s*<link rel="icon"[^>]*>/, '');
if (PAGE.includes('office.js')) throw new Error('webpack.e2e.js: could not take office.js out of index.html');

module.exports = (env = {}, argv = {}) => {
  const base = mainConfig(env, { ...argv, mode: 'production' });
  return {
    ...base,
    mode: 'production',
    devtool: false,
    entry: { harness: path.join(__dirname, 'harness.tsx') },
    output: { ...base.output, path: OUT, clean: true },
    module: base.module,
    resolve: base.resolve,
    plugins: [new HtmlWebpackPlugin({ filename: 'index.html', templateContent: PAGE, chunks: ['harness'] })],
    optimization: { minimize: false },
    performance: { hints: false },
  };
};
