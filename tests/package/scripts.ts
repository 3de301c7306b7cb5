// Typed handles on the build's plain-JavaScript helpers in scripts/, for the tests.
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'path';

const SCRIPTS = path.join(__dirname, '..', '..', 'scripts');

export type Header = [name: string, value: string];

export const securityHeaders: {
  OFFICE_JS_ORIGIN: string;
  inlineScriptHashes(html: string): string[];
  contentSecurityPolicy(scriptHashes?: string[]): string;
  securityHeaders(htmlPages: string[]): Header[];
} = require(path.join(SCRIPTS, 'security-headers.js'));

export interface OnlineValidation {
  isValid?: boolean;
  status?: number;
  statusText?: string;
  report?: { errors?: { title?: string; content?: string }[] };
}

export const validateManifest: {
  onlineCheck(
    manifestPath: string,
    validate: (manifestPath: string) => Promise<OnlineValidation>,
    timeoutMs?: number,
  ): Promise<{ ok: boolean; lines: string[] }>;
} = require(path.join(SCRIPTS, 'validate-manifest.js'));

export const start: {
  webSideloadUrl(document: string): string;
  manualSteps(platform: 'desktop' | 'web', document?: string): string[];
} = require(path.join(SCRIPTS, 'start.js'));

/** The hosting headers for the HTML pages of a built folder, as a header object. */
export function headersFor(htmlPages: string[]): Record<string, string> {
  return Object.fromEntries(securityHeaders.securityHeaders(htmlPages));
}
