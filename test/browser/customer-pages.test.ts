// The customer pages in Debian's Chromium against fake processing servers: the Buy button cannot buy
// twice (double click: one purchase, one debit; an answer lost and the page reloaded: the same key is
// sent again and the server answers the first purchase), the sheet picture's slots by keyboard (used
// slots cannot be chosen), history with a refund request and its status, API keys (secret shown once,
// revoke), an error with its code, and on every customer page the accessibility check and no
// horizontal scrolling at 360 px. Screenshots go to docs/screenshots/customer-*.png (UPDATE_SCREENSHOTS=1).
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatMediumSerial } from '../../src/core/media-serial.js';
import { forDialect } from '../helpers/dialects.js';
import { startCustomerHarness, verificationToken, type CustomerHarness } from '../webapp/customer-harness.js';
import { auditAccessibility } from './accessibility.js';
import type { BrowserGlobals } from './browser-globals.js';
import { describeInBrowser, openPage } from './browser.js';
import { customerScreenshot } from './customer-screens.js';

interface Signed {
  readonly cookie: { name: string; value: string };
  readonly accountId: string;
  readonly csrf: string;
}

/** A customer ready to buy with $50 of balance, made through the API; the cookie goes into the browser. */
async function readyCustomer(h: CustomerHarness, email: string): Promise<Signed> {
  const signup = await fetch(`${h.url}/v1/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery', accountName: 'Ada Ltd' }) });
  const body = (await signup.json()) as { csrfToken: string; account: { id: string } };
  const [name, value] = String(signup.headers.get('set-cookie')).split(';')[0]!.split('=') as [string, string];
  await fetch(`${h.url}/v1/email/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: await verificationToken(h.app, email) }) });
  const address = await fetch(`${h.url}/v1/account/address`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: `${name}=${value}`, 'x-csrf-token': body.csrfToken },
    body: JSON.stringify({ name: 'Ada Lovelace', street: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' }),
  });
  expect(address.status).toBe(200);
  await h.app.web.billing.creditPromotion(body.account.id, 50_000n, 'test credit');
  return { cookie: { name, value }, accountId: body.account.id, csrf: body.csrfToken };
}

async function signedInPage(h: CustomerHarness, browser: () => Browser, c: Signed, path: string, viewport?: { width: number; height: number }) {
  const opened = await openPage(browser(), `${h.url}/login`, viewport);
  await opened.page.context().addCookies([{ name: c.cookie.name, value: c.cookie.value, url: h.url }]);
  await opened.page.goto(`${h.url}${path}`);
  return opened;
}

async function orderCount(h: CustomerHarness, accountId: string): Promise<number> {
  return (await h.app.web.history.listOrders(accountId, { fromMs: null, toMs: null, state: null }, 100)).orders.length;
}

async function balanceMills(h: CustomerHarness, accountId: string): Promise<bigint> {
  return BigInt((await h.app.web.billing.balance({ accountId, userId: 't', role: 'owner', credentialId: 't', via: 'session' })).balanceMills);
}

async function priced(page: Page): Promise<string> {
  await page.locator('#price[data-state="priced"]').waitFor();
  return (await page.textContent('#price .amount')) ?? '';
}

const HTTP_ERROR_LOG = /^console error: Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_FAILED)/;

forDialect('sqlite', (open) => {
  describeInBrowser('the customer pages in Chromium', (browser) => {
    it('buys once on a double click, and once when the answer is lost and the page reloaded (same key, first answer)', { timeout: 60_000 }, async () => {
      const h = await startCustomerHarness(open);
      await h.listen();
      const c = await readyCustomer(h, 'ada@example.com');
      const { page, problems } = await signedInPage(h, browser, c, '/buy');
      const price = await priced(page);
      expect(price).toBe('$0.81');
      const before = await balanceMills(h, c.accountId);
      await page.dblclick('#buy-button');
      await page.getByText('Bought 1 stamp for $0.81').waitFor();
      // Let a second request, if any had been sent, arrive.
      await page.waitForTimeout(300);
      expect(await orderCount(h, c.accountId)).toBe(1);
      expect(h.fakes[0]!.dispensedCount).toBe(1);
      expect(before - (await balanceMills(h, c.accountId))).toBe(810n);
      await customerScreenshot(page, 'customer-buy.png');

      // A reload after a finished purchase buys nothing, and the form has a new key.
      const keyBefore = await page.inputValue('#buy-form input[name="idempotencyKey"]');
      await page.reload();
      await priced(page);
      expect(await orderCount(h, c.accountId)).toBe(1);
      expect(await page.inputValue('#buy-form input[name="idempotencyKey"]')).not.toBe(keyBefore);

      // The server buys, but the answer never reaches the page (the connection drops).
      let firstAnswer: { purchaseId: string } | null = null;
      await page.route('**/v1/stamps', async (route) => {
        const response = await route.fetch();
        firstAnswer = (await response.json()) as { purchaseId: string };
        await route.abort('failed');
      });
      const sentKey = await page.inputValue('#buy-form input[name="idempotencyKey"]');
      await page.click('#buy-button');
      await page.locator('#error:not([hidden])').waitFor();
      expect(await page.textContent('#error')).toContain('could not be reached');
      expect(firstAnswer).not.toBeNull();
      expect(await orderCount(h, c.accountId)).toBe(2);
      await page.unroute('**/v1/stamps');
      // Reloaded, the form carries the key of the unanswered purchase; buying again gets the first answer.
      await page.reload();
      await priced(page);
      expect(await page.inputValue('#buy-form input[name="idempotencyKey"]')).toBe(sentKey);
      await page.click('#buy-button');
      await page.getByText(`(order ${firstAnswer!.purchaseId})`).waitFor();
      expect(await orderCount(h, c.accountId)).toBe(2);
      expect(h.fakes[0]!.dispensedCount).toBe(2);
      expect(before - (await balanceMills(h, c.accountId))).toBe(2n * 810n);
      expect(problems().filter((p) => !HTTP_ERROR_LOG.test(p))).toEqual([]);
    });

    it('draws a sheet: used slots cannot be chosen, a slot is chosen by keyboard (aria-pressed) and bought there', { timeout: 60_000 }, async () => {
      const h = await startCustomerHarness(open);
      await h.listen();
      const c = await readyCustomer(h, 'ada@example.com');
      const issued = await h.app.web.media.issue({ accountId: c.accountId, layout: 'stamp-sheet', count: 1 });
      const serial = formatMediumSerial(issued.media[0]!.serial);
      // Slot 1 is used already.
      const used = await fetch(`${h.url}/v1/stamps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `${c.cookie.name}=${c.cookie.value}`, 'x-csrf-token': c.csrf, 'idempotency-key': 'k-slot-1' },
        body: JSON.stringify({ stamps: [{ rateCategory: 1, originZip: '94105', medium: { serial, slot: 1 } }] }),
      });
      expect(used.status).toBe(201);
      const { page, problems } = await signedInPage(h, browser, c, '/buy');
      await priced(page);
      await page.selectOption('#medium', serial);
      await page.locator('#sheet-grid button').first().waitFor();
      expect(await page.locator('#sheet-grid button').count()).toBe(20);
      expect(await page.isDisabled('button[data-slot="1"]')).toBe(true);
      expect(await page.getAttribute('button[data-slot="1"]', 'aria-label')).toBe('Slot 1: used');
      // Keyboard: focus slot 2, Tab to slot 3, Space chooses it.
      await page.focus('button[data-slot="2"]');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      expect(await page.getAttribute('button[data-slot="3"]', 'aria-pressed')).toBe('true');
      expect(await page.getAttribute('button[data-slot="2"]', 'aria-pressed')).toBe('false');
      expect(await page.textContent('#slot-choice')).toBe('The stamp goes on slot 3.');
      expect(await auditAccessibility(page, { liveRegions: ['#error', '#price', '#slot-choice'] })).toEqual([]);
      await customerScreenshot(page, 'customer-buy-sheet.png');
      await page.click('#buy-button');
      await page.getByText('Bought 1 stamp').waitFor();
      await page.locator('button[data-slot="3"][disabled]').waitFor();
      const detail = await h.app.web.media.get(c.accountId, serial);
      expect(detail.slots.filter((s) => s.state === 'used').map((s) => s.slot)).toEqual([1, 3]);
      // The print link opens the sheet's layout with the stamp at slot 3.
      await Promise.all([page.waitForURL('**/print?**'), page.click('text=Print it now')]);
      expect(await page.getAttribute('figure.print-sheet', 'aria-label')).toBe('Sheet 1 of 1: stamp-sheet, slot 3');
      expect(problems()).toEqual([]);
    });

    it('shows history with receipts, requests a refund with its eligibility and status, makes and revokes an API key, shows errors with codes', { timeout: 60_000 }, async () => {
      const h = await startCustomerHarness(open);
      await h.listen();
      const c = await readyCustomer(h, 'ada@example.com');
      const { page, problems } = await signedInPage(h, browser, c, '/buy');
      await priced(page);
      await page.click('#buy-button');
      await page.getByText('Bought 1 stamp').waitFor();

      await page.goto(`${h.url}/history`);
      await page.locator('#orders-table').waitFor();
      expect(await page.locator('#orders-table tbody tr').count()).toBe(1);
      expect(await page.textContent('#orders-table')).toContain('Completed');
      const receiptHref = await page.getAttribute('#orders-table a:text("Receipt")', 'href');
      expect(receiptHref).toMatch(/^\/v1\/orders\/.+\/receipt$/);
      await page.click('#orders-table button:text("Stamps")');
      await page.locator('#stamps-table').waitFor();
      await page.click('#stamps-table button:text("Refund…")');
      await page.getByText(/A refund of \$0\.81 can be requested/).waitFor();
      await page.click('#stamps-table button:text("Request the refund")');
      await page.getByText(/Refund requested: \$0\.81/).waitFor();
      await page.locator('#refunds-table').waitFor();
      expect(await page.textContent('#refunds-table')).toContain('Requested');
      expect(await page.textContent('#refunds-table')).toContain('expected after');
      expect(await auditAccessibility(page, { liveRegions: ['#error', '#orders', '#order', '#refunds'] })).toEqual([]);
      await customerScreenshot(page, 'customer-history.png');
      // The receipt opens as the HTML receipt of the history part.
      const receipt = await page.context().request.get(`${h.url}${receiptHref}`, { headers: { accept: 'text/html' } });
      expect(receipt.status()).toBe(200);
      expect(receipt.headers()['content-type']).toContain('text/html');
      // A filter that matches nothing, and the CSV links follow the filter.
      await page.selectOption('#filter-state', 'failed');
      await page.click('#filter-button');
      await page.getByText('No orders match.').waitFor();
      expect(await page.getAttribute('#orders-csv', 'href')).toBe('/v1/orders.csv?state=failed');

      // API keys: the secret once, the list, revoking.
      await page.goto(`${h.url}/keys`);
      await page.locator('#keys .placeholder, #keys-table').first().waitFor();
      await page.fill('#key-name', 'warehouse printer');
      await page.click('#key-button');
      await page.locator('#secret-value').waitFor();
      const secret = (await page.textContent('#secret-value')) ?? '';
      expect(secret).toMatch(/^ik_/);
      const me = await fetch(`${h.url}/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      await page.locator('#keys-table').waitFor();
      await customerScreenshot(page, 'customer-keys.png');
      await page.click('button[aria-label="Revoke the key warehouse printer"]');
      await page.locator('#keys-table :text("Revoked")').waitFor();
      expect((await fetch(`${h.url}/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
      await page.reload();
      await page.locator('#keys-table').waitFor();
      expect(await page.locator('#secret-value').count()).toBe(0);

      // An error shows its message and catalogued code: a card number that fails its check digit.
      await page.goto(`${h.url}/account`);
      await page.locator('#profile dd').first().waitFor();
      await page.fill('#card-number', '4242 4242 4242 4241');
      await page.fill('#card-exp-month', '12');
      await page.fill('#card-exp-year', '2030');
      await page.fill('#card-cvc', '123');
      await page.click('#card-button');
      await page.locator('#error:not([hidden])').waitFor();
      expect(await page.textContent('#error code')).toMatch(/^CARD_[A-Z_]+$/);
      expect(await page.inputValue('#card-number')).toBe('');
      expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id)).toBe('error');
      await customerScreenshot(page, 'customer-error.png');
      expect(problems().filter((p) => !HTTP_ERROR_LOG.test(p))).toEqual([]);
    });

    it('passes the accessibility check and fits 360 px without horizontal scrolling on every customer page', { timeout: 90_000 }, async () => {
      const h = await startCustomerHarness(open);
      await h.listen();
      const c = await readyCustomer(h, 'ada@example.com');
      const bought = await fetch(`${h.url}/v1/stamps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `${c.cookie.name}=${c.cookie.value}`, 'x-csrf-token': c.csrf, 'idempotency-key': 'k-a11y' },
        body: JSON.stringify({ stamps: [{ rateCategory: 1, originZip: '94105' }] }),
      });
      const purchaseId = ((await bought.json()) as { purchaseId: string }).purchaseId;
      const pages: [string, string, string][] = [
        ['/login', '#login-form', 'customer-login.png'],
        ['/signup', '#signup-form', 'customer-signup.png'],
        ['/buy', '#price[data-state="priced"]', 'customer-buy-phone.png'],
        ['/account', '#cards .placeholder, #cards-table', 'customer-account.png'],
        ['/history', '#orders-table', 'customer-history-phone.png'],
        ['/keys', '#keys .placeholder, #keys-table', 'customer-keys-phone.png'],
        [`/print?purchaseId=${purchaseId}&layout=address-30up&startSlot=2`, 'figure.print-sheet', 'customer-print-phone.png'],
        ['/verify-email?token=not-a-token', '#error:not([hidden])', 'customer-verify-error.png'],
      ];
      for (const [path, ready, shot] of pages) {
        const signedIn = !['/login', '/signup'].includes(path);
        const opened = signedIn ? await signedInPage(h, browser, c, path, { width: 360, height: 740 }) : await openPage(browser(), `${h.url}${path}`, { width: 360, height: 740 });
        const { page } = opened;
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        const size = await page.evaluate(() => {
          const { document } = globalThis as unknown as BrowserGlobals;
          return { width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth };
        });
        expect(size, `${path} at 360 px`).toEqual({ width: 360, scrollWidth: 360 });
        // Every result region the page has must be heard by screen readers.
        const live = ['#error', '#price', '#notice', '#orders', '#refunds', '#keys', '#verify-result', '#bought', '#cards'];
        const present = await page.evaluate((ids) => ids.filter((s) => (globalThis as unknown as BrowserGlobals).document.querySelector(s) !== null), live);
        expect(await auditAccessibility(page, { liveRegions: present }), path).toEqual([]);
        await customerScreenshot(page, shot);
        expect(opened.problems().filter((p) => !HTTP_ERROR_LOG.test(p)), path).toEqual([]);
      }
    });
  });
});
