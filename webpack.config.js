// Builds the Office add-in package into dist/:
//   taskpane.html + taskpane.js (+ content-hashed async chunks), commands.html (the manifest's FunctionFile),
//   support.html (the manifest's SupportUrl), assets/icon-*.png and manifest.xml.
// `npm run build` = `webpack --mode production`. `--output-path DIR` builds elsewhere (the package test does).
'use strict';

const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const ROOT = __dirname;

/** Emits the icons and the manifest as build assets, so they land in the output folder next to the pages. */
class CopyPackageFilesPlugin {
  constructor(files) {
    this.files = files; // [{ from: absolute path, to: path inside the output folder }]
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyPackageFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyPackageFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const { from, to } of this.files) {
            compilation.fileDependencies.add(from);
            if (!fs.existsSync(from)) {
              compilation.errors.push(new webpack.WebpackError(`CopyPackageFilesPlugin: missing ${from}`));
              continue;
            }
            compilation.emitAsset(to, new webpack.sources.RawSource(fs.readFileSync(from)));
          }
        },
      );
    });
  }
}

function packageFiles() {
  const assetsDir = path.join(ROOT, 'assets');
  const icons = fs.existsSync(assetsDir) ? fs.readdirSync(assetsDir).filter((f) => f.endsWith('.png')) : [];
  return [
    ...icons.sort().map((f) => ({ from: path.join(assetsDir, f), to: `assets/${f}` })),
    { from: path.join(ROOT, 'manifest.xml'), to: 'manifest.xml' },
  ];
}

const SUPPORT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Peer Performance Support: help</title>
    <style>
      body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;
             line-height: 1.5; color: #242424; }
      h1 { color: #0f6cbd; font-size: 1.5rem; }
    </style>
  </head>
  <body>
    <h1>Peer Performance Support</h1>
    <p>An Excel add-in for supervisors of peer recovery support workers: competency rating sheets with Self and
      Supervisor columns, supervisor-versus-self comparisons, trends across review periods, PCOMS outcome and
      alliance scores, and de-identified copies to share.</p>
    <h2>Getting started</h2>
    <p>In Excel, choose <strong>Home &gt; Peer Performance</strong> to open the task pane. Everything the add-in
      writes is ordinary Excel (formulas, tables, validation, charts), so the workbook keeps working without it.</p>
    <h2>Privacy</h2>
    <p>Nothing is sent over the network: your data stays in your workbook. People served are identified by codes
      your agency chooses, never by name.</p>
    <h2>Help</h2>
    <p>For help, contact the person at your agency who installed the add-in.</p>
  </body>
</html>
`;

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    entry: { taskpane: path.join(ROOT, 'src/taskpane/index.tsx') },
    output: {
      path: path.join(ROOT, 'dist'),
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: '',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      // csv-parse's default build calls Node's Buffer when it loads (a ReferenceError in the pane); its
      // browser build carries its own Buffer. Node and jest keep the default build.
      alias: { 'csv-parse/sync$': 'csv-parse/browser/esm/sync' },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              // ES modules let webpack tree-shake Fluent UI; tsconfig.json keeps commonjs for Node and jest.
              compilerOptions: { module: 'es2020', sourceMap: !production },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: path.join(ROOT, 'src/taskpane/index.html'),
        chunks: ['taskpane'],
        // Office caches add-in pages hard: a query hash on the bundle URL makes a new build load.
        hash: true,
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: path.join(ROOT, 'src/taskpane/commands.html'),
        chunks: [],
      }),
      new HtmlWebpackPlugin({ filename: 'support.html', templateContent: SUPPORT_PAGE, chunks: [], inject: false }),
      new CopyPackageFilesPlugin(packageFiles()),
    ],
    performance: { hints: production ? 'warning' : false, maxEntrypointSize: 1024 * 1024, maxAssetSize: 1024 * 1024 },
  };
};
