// The operator console in Debian's Chromium: log in, the servers table with round-robin's next server,
// draining one by mouse and by keyboard alone, the other pages, errors with their codes, a phone-sized
// screen, the accessibility check, and the screenshots docs/screenshots/operator-*.png (written there
// when UPDATE_SCREENSHOTS=1, else under test/tmp/screenshots/).
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forDialect } from '../helpers/dialects.js';
import { OPERATOR_TOKEN, startOperatorHarness, type OperatorHarness } from '../webapp/helpers/operator-harness.js';
import { auditAccessibility } from './accessibility.js';
import type { BrowserGlobals } from './browser-globals.js';
import { describeInBrowser, openPage, PHONE } from './browser.js';

const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test/tmp/screenshots';
const HTTP_ERROR_LOG = /^console error: Failed to load resource: the server responded with a status of 4\d\d/;

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true, animations: 'disabled' });
}

async function logIn(page: Page): Promise<void> {
  await page.fill('#token', OPERATOR_TOKEN);
  await Promise.all([page.waitForURL('**/operator'), page.click('#login-button')]);
  await page.locator('#servers-body tr').first().waitFor();
}

/** The servers table as shown: name, state, next, button text per row. */
async function serverRows(page: Page): Promise<string[][]> {
  return page.locator('#servers-body tr').evaluateAll((rows) =>
    rows.map((tr) => [...(tr as unknown as { querySelectorAll(s: string): Iterable<{ textContent: string | null }> }).querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
  );
}

async function activeLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '';
  });
}

forDialect('sqlite', (open) => {
  describeInBrowser('the operator console in Chromium', (browser) => {
    let h: OperatorHarness;
    let url: string;

    beforeAll(async () => {
      h = await startOperatorHarness(open);
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('logs in, shows the servers with the next one, drains one (marked draining, skipped as next) and enables it again', async () => {
      const { page, problems } = await openPage(browser(), `${url}/operator`);
      // Without a session the console sends the browser to the login page.
      expect(new URL(page.url()).pathname).toBe('/operator/login');
      expect(await auditAccessibility(page, { liveRegions: ['#error'] })).toEqual([]);
      await screenshot(page, 'operator-login.png');
      await logIn(page);
      expect(await serverRows(page)).toEqual([
        ['ps-a', 'Enabled', 'Healthy', expect.stringMatching(/UTC$/), 'Next', 'Drain'],
        ['ps-b', 'Enabled', 'Healthy', expect.stringMatching(/UTC$/), '–', 'Drain'],
        ['ps-c', 'Enabled', 'Healthy', expect.stringMatching(/UTC$/), '–', 'Drain'],
      ]);
      expect(await page.textContent('#next-server')).toBe('The next purchase goes to ps-a.');
      expect(await auditAccessibility(page, { liveRegions: ['#next-server', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-servers.png');

      await page.click('button[aria-label="Drain ps-a"]');
      await page.locator('button[aria-label="Enable ps-a"]').waitFor();
      const rows = await serverRows(page);
      expect(rows[0]!.slice(0, 2)).toEqual(['ps-a', 'Draining']);
      expect(rows.map((r) => r[4])).toEqual(['–', 'Next', '–']);
      expect(await page.textContent('#next-server')).toBe('ps-a is draining. The next purchase goes to ps-b.');
      // The server's registry agrees: a purchase now would go to ps-b.
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual(['ps-b', 'ps-c']);
      expect(h.app.web.selector.peek()?.name).toBe('ps-b');
      await screenshot(page, 'operator-servers-draining.png');

      await page.click('button[aria-label="Enable ps-a"]');
      await page.locator('button[aria-label="Drain ps-a"]').waitFor();
      expect((await serverRows(page))[0]!.slice(0, 2)).toEqual(['ps-a', 'Enabled']);
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual(['ps-a', 'ps-b', 'ps-c']);
      expect(problems()).toEqual([]);
    });

    it('works from the keyboard alone: Tab to a Drain button, Enter drains, focus stays on the row, and the focus is visible', async () => {
      const { page, problems } = await openPage(browser(), `${url}/operator/login`);
      await page.keyboard.press('Tab'); // the skip link
      await page.keyboard.press('Tab');
      expect(await activeLabel(page)).toBe('token');
      await page.keyboard.type(OPERATOR_TOKEN);
      await Promise.all([page.waitForURL('**/operator'), page.keyboard.press('Enter')]);
      await page.locator('#servers-body tr').first().waitFor();
      // Tab through the page until the Drain button of ps-b has the focus.
      for (let i = 0; i < 20 && (await activeLabel(page)) !== 'Drain ps-b'; i++) await page.keyboard.press('Tab');
      expect(await activeLabel(page)).toBe('Drain ps-b');
      const outline = await page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
        const s = getComputedStyle(document.activeElement!);
        return [s.outlineStyle, s.outlineWidth];
      });
      expect(outline).toEqual(['solid', '3px']);
      await page.keyboard.press('Enter');
      await page.locator('button[aria-label="Enable ps-b"]').waitFor();
      expect(await activeLabel(page)).toBe('Enable ps-b');
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual(['ps-a', 'ps-c']);
      await page.keyboard.press('Space');
      await page.locator('button[aria-label="Drain ps-b"]').waitFor();
      expect(await activeLabel(page)).toBe('Drain ps-b');
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual(['ps-a', 'ps-b', 'ps-c']);
      expect(problems()).toEqual([]);
    });

    it('shows the PSDs, runs the audit, shows the deposit, and issues media once on a double click', async () => {
      const { page, problems } = await openPage(browser(), `${url}/operator/login`);
      await logIn(page);
      await page.click('nav a:text("PSDs")');
      await page.locator('#psds table').first().waitFor();
      expect(await page.locator('#psds h2').allTextContents()).toEqual(['ps-a (enabled)', 'ps-b (enabled)', 'ps-c (enabled)']);
      const first = await page.locator('#psds tbody tr').first().locator('td').allTextContents();
      expect(first).toEqual(['101', 'Open', '$997.78', '$2.22', '3', '$1,000.00', '$1,000.00 on 2026-03-01 10:00 UTC (applied)', '2026-06-01 10:00 UTC']);
      expect(await auditAccessibility(page, { liveRegions: ['#psds', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-psds.png');

      await page.click('nav a:text("Audit")');
      await page.click('#audit-button');
      await page.locator('#audit-result .verdict').waitFor();
      expect(await page.textContent('#audit-result .verdict')).toBe('✔ Clean: every PSD of every server passed the audit.');
      expect(await auditAccessibility(page, { liveRegions: ['#audit-result', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-audit.png');

      await page.click('nav a:text("Deposit")');
      await page.locator('#deposit .balance').waitFor();
      expect(await page.textContent('#deposit .balance')).toBe('$250,000.00');
      expect(await auditAccessibility(page, { liveRegions: ['#deposit', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-deposit.png');

      await page.click('nav a:text("Media")');
      const callsBefore = h.media.calls.length;
      h.media.delayMs = 300;
      await page.fill('#account-id', 'acct-42');
      await page.selectOption('#layout', { index: 0 });
      await page.fill('#count', '2');
      await page.dblclick('#issue-button');
      // The button is disabled while the request is in flight.
      expect(await page.isDisabled('#issue-button')).toBe(true);
      await page.locator('#issued ul.serials li').first().waitFor();
      h.media.delayMs = 0;
      expect(h.media.calls.length - callsBefore).toBe(1);
      expect(await page.locator('#issued ul.serials li').count()).toBe(2);
      expect(await auditAccessibility(page, { liveRegions: ['#issued', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-media.png');
      expect(problems()).toEqual([]);
    });

    it('reuses the idempotency key after a reload when the answer was never seen, and shows catalogued errors with their code', async () => {
      const { page, problems } = await openPage(browser(), `${url}/operator/login`);
      await logIn(page);
      await page.goto(`${url}/operator/media`);
      const key = await page.inputValue('input[name="idempotencyKey"]');
      // A submission whose answer is lost: the key stays pending in sessionStorage.
      await page.evaluate((k) => (globalThis as unknown as { sessionStorage: { setItem(a: string, b: string): void } }).sessionStorage.setItem('indicia:idempotency:/operator/media:media-issue', k), key);
      await page.reload();
      expect(await page.inputValue('input[name="idempotencyKey"]')).toBe(key);
      // An account the registry refuses: the message and the code are shown, and focus goes to them.
      await page.fill('#account-id', 'unknown');
      await page.click('#issue-button');
      await page.locator('#error:not([hidden])').waitFor();
      expect(await page.textContent('#error')).toMatch(/^No account has the id unknown\..*Error code: INVALID_ARGUMENT$/);
      expect(await activeLabel(page)).toBe('error');
      // A refusal retires the key: the next request is a new one.
      expect(await page.inputValue('input[name="idempotencyKey"]')).not.toBe(key);
      await screenshot(page, 'operator-error.png');
      expect(problems().filter((p) => !HTTP_ERROR_LOG.test(p))).toEqual([]);
    });

    it('fits a phone-sized screen without horizontal scrolling on every page', async () => {
      const { page, problems } = await openPage(browser(), `${url}/operator/login`, PHONE);
      await logIn(page);
      const overflow = () =>
        page.evaluate(() => {
          const { document } = globalThis as unknown as BrowserGlobals;
          return { width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth };
        });
      for (const path of ['/operator', '/operator/psds', '/operator/audit', '/operator/deposit', '/operator/media']) {
        for (const width of [375, 360, 320]) {
          await page.setViewportSize({ width, height: PHONE.height });
          await page.goto(`${url}${path}`);
          await page.waitForLoadState('networkidle');
          expect(await overflow(), `${path} at ${width} px`).toEqual({ width, scrollWidth: width });
        }
      }
      await page.setViewportSize(PHONE);
      await page.goto(`${url}/operator`);
      await page.locator('#servers-body tr').first().waitFor();
      expect(await auditAccessibility(page, { liveRegions: ['#next-server', '#error'] })).toEqual([]);
      await screenshot(page, 'operator-servers-phone.png');
      expect(problems()).toEqual([]);
    });
  });
});
