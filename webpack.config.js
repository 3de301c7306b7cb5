// Builds the Office add-in package into dist/:
//   taskpane.html + taskpane.js (+ content-hashed async chunks), commands.html (the manifest's FunctionFile),
//   support.html (the manifest's SupportUrl), assets/icon-*.png, manifest.xml, and the response headers to host
//   it with (web.config, staticwebapp.config.json, security-headers.txt: scripts/security-headers.js).
//
//   npm run build                                   production build for https://localhost:3000/
//   npm run build -- --env base=https://host/path/  production build to host at that address: every URL in
//                                                   dist/manifest.xml is on it (docs/deploy.md)
//   npm run dev-server                              webpack-dev-server on https://localhost:3000/, reloading
//                                                   the pane on every change (certificate: scripts/dev-certs.js)
// `--output-path DIR` builds elsewhere (the package tests do).
'use strict';

const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const headers = require('./scripts/security-headers');

const ROOT = __dirname;
/** Where manifest.xml says the add-in lives; the build puts every such URL on the chosen base instead. */
const DEV_BASE = 'https://localhost:3000/';

/** The base URL to build for: https, ending in a slash. */
function baseUrl(env, port) {
  const raw = env.base || (port ? `https://localhost:${port}/` : DEV_BASE);
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `--env base=${raw}: not a URL (expected something like https://addins.example.org/peer/)`,
    );
  }
  if (url.protocol !== 'https:')
    throw new Error(`--env base=${raw}: Office loads add-ins only over https://`);
  if (url.search || url.hash)
    throw new Error(`--env base=${raw}: the base cannot have a ?query or #fragment`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * manifest.xml with its URLs on `base`: https://localhost:3000/x becomes base + x, and the bare origin
 * (AppDomain, which takes no path) becomes the base's origin. Like the template's urlDev/urlProd replace.
 */
function manifestFor(xml, base) {
  const devOrigin = DEV_BASE.slice(0, -1);
  const out = xml.split(DEV_BASE).join(base).split(devOrigin).join(new URL(base).origin);
  const left = base.startsWith(devOrigin) ? [] : out.match(/https:\/\/localhost:3000[^"<\s]*/g) || [];
  if (left.length > 0) throw new Error(`manifest.xml: ${left.join(', ')} still points at localhost`);
  return out;
}

/** Emits the icons and the manifest as build assets, so they land in the output folder next to the pages. */
class CopyPackageFilesPlugin {
  constructor(files) {
    this.files = files; // [{ from: absolute path, to: path inside the output folder, transform?: (text) => text }]
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyPackageFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyPackageFilesPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const { from, to, transform } of this.files) {
            compilation.fileDependencies.add(from);
            if (!fs.existsSync(from)) {
              compilation.errors.push(new webpack.WebpackError(`CopyPackageFilesPlugin: missing ${from}`));
              continue;
            }
            let content = fs.readFileSync(from);
            try {
              if (transform) content = transform(content.toString('utf8'));
            } catch (error) {
              compilation.errors.push(new webpack.WebpackError(error.message));
              continue;
            }
            compilation.emitAsset(to, new webpack.sources.RawSource(content));
          }
        },
      );
    });
  }
}

/** Writes the hosting headers for the emitted HTML pages (their inline scripts' hashes go into the CSP). */
class SecurityHeadersPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('SecurityHeadersPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'SecurityHeadersPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        (assets) => {
          const pages = Object.keys(assets)
            .filter((name) => name.endsWith('.html'))
            .sort()
            .map((name) => assets[name].source().toString());
          const list = headers.securityHeaders(pages);
          const emit = (name, text) => compilation.emitAsset(name, new webpack.sources.RawSource(text));
          emit('web.config', headers.iisWebConfig(list));
          emit('staticwebapp.config.json', headers.staticWebAppConfig(list));
          emit('security-headers.txt', headers.headersText(list));
        },
      );
    });
  }
}

function packageFiles(base) {
  const assetsDir = path.join(ROOT, 'assets');
  const icons = fs.existsSync(assetsDir) ? fs.readdirSync(assetsDir).filter((f) => f.endsWith('.png')) : [];
  return [
    ...icons.sort().map((f) => ({ from: path.join(assetsDir, f), to: `assets/${f}` })),
    { from: path.join(ROOT, 'manifest.xml'), to: 'manifest.xml', transform: (xml) => manifestFor(xml, base) },
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

module.exports = (env = {}, argv = {}) => {
  const production = argv.mode !== 'development';
  // npm_package_config_dev_server_port: package.json's config.dev_server_port, as office-addin-debugging reads it
  const port = Number(process.env.npm_package_config_dev_server_port) || 3000;
  const base = baseUrl(env, env.WEBPACK_SERVE || !production ? port : undefined);
  const config = {
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
      new CopyPackageFilesPlugin(packageFiles(base)),
      new SecurityHeadersPlugin(),
    ],
    performance: { hints: production ? 'warning' : false, maxEntrypointSize: 1024 * 1024, maxAssetSize: 1024 * 1024 },
  };
  if (!env.WEBPACK_SERVE) return config;
  // `webpack serve`: the certificate first (it may ask to trust the development CA), then the server
  return require('./scripts/dev-certs')
    .devServerHttpsOptions()
    .then((options) => ({
      ...config,
      devServer: {
        port,
        server: { type: 'https', options },
        hot: true, // a changed file rebuilds and reloads the pane
        static: false, // everything is served from the build, manifest and icons included
        // Excel on the web fetches manifest.xml from the dev server when sideloading (npm start -- web)
        headers: { 'Access-Control-Allow-Origin': '*' },
        client: { overlay: { warnings: false } },
      },
    }));
};
