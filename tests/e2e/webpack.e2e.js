// Builds the end-to-end harness page (tests/e2e/harness.tsx) with the add-in's own loaders:
//   npx webpack --config tests/e2e/webpack.e2e.js [--output-path DIR]
// Production mode (React's production build, as users get it), unminified to keep the build quick. No
// office.js: the page runs over the in-memory Excel host, and the test's network is closed anyway.
'use strict';

const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const mainConfig = require('../../webpack.config.js');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'e2e', 'site');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Peer Performance Support</title>
    <style>
      html,
      body,
      #root {
        margin: 0;
        padding: 0;
        height: 100%;
      }
    </style>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

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
