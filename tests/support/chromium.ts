import { chromium, type BrowserContext } from '@playwright/test';

/** Debian's Chromium: `npx playwright install` cannot download browsers here; `.ci/run` installs this one. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium for reading our reports: no network of its own, as root in CI (no sandbox). */
export function launchChromium(
  profileDir: string,
  env?: Record<string, string | undefined>,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    ...(env ? { env } : {}),
    viewport: { width: 1200, height: 900 },
  });
}
