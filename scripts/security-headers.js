// The HTTP response headers the hosted add-in should be served with (docs/deploy.md), in one place: the build
// writes them into dist/ as web.config (IIS), staticwebapp.config.json (Azure Static Web Apps) and
// security-headers.txt (any other server), and the tests serve the pane with exactly these headers.
//
// The Content-Security-Policy lets the pages run only their own scripts, office.js from Microsoft's CDN and
// the inline scripts the build emitted (each allowed by its SHA-256 hash, so a changed inline script needs a
// rebuild, never an 'unsafe-inline'); it lets them connect only to their own origin. Styles may be inline:
// Fluent UI and office.js insert <style> elements at run time. No frame-ancestors and no X-Frame-Options:
// Excel on the web shows the pane in a frame of Microsoft's own pages, whose addresses vary.
'use strict';

const crypto = require('crypto');

const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/** The CSP source expression of every inline <script> in an HTML page ('sha256-...'), in page order. */
function inlineScriptHashes(html) {
  const hashes = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([^]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || m[2].trim() === '') continue;
    hashes.push(`'sha256-${crypto.createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The policy for pages whose inline scripts have these hashes. */
function contentSecurityPolicy(scriptHashes = []) {
  const unique = [...new Set(scriptHashes)];
  return [
    "default-src 'self'",
    ['script-src', "'self'", OFFICE_JS_ORIGIN, ...unique].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** [name, value] pairs for a site holding these HTML pages. */
function securityHeaders(htmlPages) {
  return [
    ['Content-Security-Policy', contentSecurityPolicy(htmlPages.flatMap(inlineScriptHashes))],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Strict-Transport-Security', 'max-age=31536000'],
    // Office keeps add-in pages in its own cache; revalidating each file makes an update show up at once.
    ['Cache-Control', 'no-cache'],
  ];
}

const xmlAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** IIS: the headers on every response (each removed first, in case a parent site sets it too). */
function iisWebConfig(headers) {
  const lines = headers.flatMap(([n, v]) => [
    `        <remove name="${xmlAttr(n)}" />`,
    `        <add name="${xmlAttr(n)}" value="${xmlAttr(v)}" />`,
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Peer Performance Support: headers for IIS (docs/deploy.md). Written by the build; do not edit. -->',
    '<configuration>',
    '  <system.webServer>',
    '    <httpProtocol>',
    '      <customHeaders>',
    ...lines,
    '      </customHeaders>',
    '    </httpProtocol>',
    '  </system.webServer>',
    '</configuration>',
    '',
  ].join('\n');
}

/** Azure Static Web Apps. */
function staticWebAppConfig(headers) {
  return `${JSON.stringify({ globalHeaders: Object.fromEntries(headers) }, null, 2)}\n`;
}

/** One `Name: value` line per header, for any other server. */
function headersText(headers) {
  return `${headers.map(([n, v]) => `${n}: ${v}`).join('\n')}\n`;
}

module.exports = {
  OFFICE_JS_ORIGIN,
  inlineScriptHashes,
  contentSecurityPolicy,
  securityHeaders,
  iisWebConfig,
  staticWebAppConfig,
  headersText,
};
