// Debian's Chromium (/usr/bin/chromium, or PPS_CHROMIUM) driven by playwright-core, which never downloads a
// browser; `npm test` installs Chromium with apt-get when it is missing (scripts/ensure-system-deps.js).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PPS_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), nothing fetched in the background. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
