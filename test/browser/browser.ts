/**
 * Browser tests: Debian's Chromium (`apt-get install chromium`) driven by playwright-core, the way every
 * page of the system is tested. Never `npx playwright install`: the browser is the distribution's.
 *
 *   import { describeInBrowser, openPage } from './browser.js';
 *
 *   describeInBrowser('the page', (browser) => {
 *     it('shows the title', async () => {
 *       const { page, problems } = await openPage(browser(), `${url}/verify`);
 *       expect(await page.textContent('h1')).toBe('…');
 *       expect(problems()).toEqual([]);        // no console errors, no requests to other hosts
 *     });
 *   });
 *
 * - One browser per test file (launched in beforeAll, closed in afterAll); one context per openPage,
 *   closed when its test ends, so tests do not share cookies or storage.
 * - When /usr/bin/chromium is missing the block is skipped locally with a message; under CI
 *   (process.env.CI set) it runs and fails, saying what to install.
 * - CHROMIUM_PATH names another Chromium binary.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type ViewportSize } from 'playwright-core';
import { afterAll, beforeAll, describe, onTestFinished } from 'vitest';

/** The Chromium binary the tests drive. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium in a container: no sandbox (no user namespaces), no GPU, no traffic of its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A desktop window and the phone size the pages must fit (iPhone SE / 8: 375 × 667 CSS pixels). */
export const DESKTOP: ViewportSize = { width: 1280, height: 900 };
export const PHONE: ViewportSize = { width: 375, height: 667 };

const missing = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`;
const available = existsSync(CHROMIUM_PATH);
if (!available && !process.env.CI) console.warn(`${missing}: skipping the browser tests`);

/** Whether browser tests run: Chromium is installed, or CI demands that they run (and fail without it). */
export const browserTestsRun = available || Boolean(process.env.CI);

/** Launches Debian's Chromium headless; fails with what to install when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${missing}; under CI the browser tests fail instead of skipping`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}

/** Declares a describe block sharing one browser, launched once for the block; skipped only locally without Chromium. */
export function describeInBrowser(name: string, body: (browser: () => Browser) => void): void {
  describe.runIf(browserTestsRun)(name, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });
    body(() => {
      if (browser === undefined) throw new Error('The browser was not launched (see the beforeAll error above)');
      return browser;
    });
  });
}

/** A page and what went wrong on it so far. */
export interface OpenedPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and requests to any other origin than the page's, in order. */
  problems(): string[];
}

/**
 * Opens `url` in a fresh context of `viewport` (DESKTOP unless told). Requests to other origins are
 * recorded as problems and aborted: a page must need nothing from the network but its own server.
 */
export async function openPage(browser: Browser, url: string, viewport: ViewportSize = DESKTOP): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce' });
  onTestFinished(() => context.close());
  const origin = new URL(url).origin;
  const found: string[] = [];
  await context.route('**/*', async (route) => {
    const target = route.request().url();
    if (new URL(target).origin === origin || target.startsWith('blob:') || target.startsWith('data:')) return route.continue();
    found.push(`request to another origin: ${target}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') found.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => found.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return { page, problems: () => [...found] };
}
