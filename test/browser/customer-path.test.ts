// The customer's path in Debian's Chromium, from sign-up to a printed, verified stamp, against real
// servers in this process: a postal authority and a processing server with a provisioned PSD
// (test/processing/processing-world.ts) and the payment simulator. The customer signs up, verifies the
// email from the outbox, sets the address, adds the simulator's test card, tops up, sees the price and
// buys one stamp, opens the print preview on slot 5 of a 30-up sheet, and Chromium prints it to PDF
// (page.pdf honours @page). pdftoppm rasterises exactly slot 5 of the page; our decoder reads the
// symbol there, which must be the stamp's indicium, and the verifier of spec §8 accepts it.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { expect, it } from 'vitest';
import { decodeDataMatrixPng } from '../../src/barcode/index.js';
import { findSlot, resolveLayout } from '../../src/print/index.js';
import { forDialect } from '../helpers/dialects.js';
import { startSimulatorFixture } from '../payment/simulator-fixture.js';
import { INTERNAL_TOKEN, LICENSE, openProcessingWorld, SERVER_ID, verifyStamps } from '../processing/processing-world.js';
import { startCustomerHarness, verificationToken } from '../webapp/customer-harness.js';
import { auditAccessibility } from './accessibility.js';
import { describeInBrowser, openPage } from './browser.js';
import { customerScreenshot } from './customer-screens.js';

const DPI = 300;
const LIVE = ['#error'];

forDialect('sqlite', (open) => {
  describeInBrowser('the customer path in Chromium', (browser) => {
    it('signs up, verifies, sets the address, adds a card, tops up, buys one stamp at the price shown, prints it on slot 5 and the printed symbol verifies', { timeout: 120_000 }, async () => {
      const world = await openProcessingWorld(open);
      // A provisioned PSD holds no postage until it is reset (funded from the deposit): $500.
      for (const { psd } of world.psds) await world.ledger.resetPsd(psd.psdId, 500_000n);
      await world.app.listen({ host: '127.0.0.1', port: 0 });
      const psAddress = world.app.server.address();
      const psUrl = `http://127.0.0.1:${typeof psAddress === 'object' && psAddress !== null ? psAddress.port : 0}`;
      const payments = await startSimulatorFixture();
      const h = await startCustomerHarness(open, { servers: [{ name: SERVER_ID, url: psUrl }], internalToken: INTERNAL_TOKEN, licenseNumber: LICENSE, gateway: payments.gateway });
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual([SERVER_ID]);
      const url = await h.listen();
      const email = 'grace@example.com';

      // Sign up.
      const { page, problems } = await openPage(browser(), `${url}/signup`);
      expect(await auditAccessibility(page, { liveRegions: LIVE })).toEqual([]);
      await page.fill('#account-name', 'Hopper Shipping');
      await page.fill('#email', email);
      await page.fill('#password', 'a long enough password');
      await Promise.all([page.waitForURL('**/account?welcome=1'), page.click('#signup-button')]);
      await page.locator('#profile dd').first().waitFor();
      expect(await page.textContent('#profile')).toContain('not verified yet');

      // Verify the email with the link of the outbox mail.
      await page.goto(`${url}/verify-email?token=${await verificationToken(h.app, email)}`);
      await page.getByText(`Your email address ${email} is verified.`).waitFor();

      // The address, the card (the simulator's approving Visa), a $25 top-up.
      await page.goto(`${url}/account`);
      await page.locator('#profile dd').first().waitFor();
      await page.fill('#address-name', 'Grace Hopper');
      await page.fill('#address-street', '1 Market St');
      await page.fill('#address-city', 'San Francisco');
      await page.fill('#address-state', 'CA');
      await page.fill('#address-zip', '94105');
      await page.click('#address-button');
      await page.getByText('The address is saved.').waitFor();
      expect(await page.textContent('#profile')).toContain('Ready to buy');
      await page.fill('#card-name', 'Grace Hopper');
      await page.fill('#card-number', '4242 4242 4242 4242');
      await page.fill('#card-exp-month', '12');
      await page.fill('#card-exp-year', '2030');
      await page.fill('#card-cvc', '123');
      await page.click('#card-button');
      await page.locator('#cards-table').waitFor();
      expect(await page.textContent('#cards-table')).toContain('ending 4242');
      // The number is gone from the page once sent.
      expect(await page.inputValue('#card-number')).toBe('');
      await page.fill('#topup-amount', '25.00');
      await page.click('#topup-button');
      await page.getByText(/Topped up \$25\.00 from the .* card ending 4242\./).waitFor();
      await page.getByText('Prepaid balance: $25.00.').waitFor();
      expect(await auditAccessibility(page, { liveRegions: ['#error', '#notice', '#balance'] })).toEqual([]);

      // Buy: the price of a 1 oz First-Class letter shows before buying.
      await page.goto(`${url}/buy`);
      await page.locator('#price[data-state="priced"]').waitFor();
      const quote = (await (await fetch(`${url}/v1/rates/quote?rateCategory=1&weightOz=1&originZip=94105`)).json()) as { postageMills: string };
      const priceText = await page.textContent('#price');
      const dollars = `$${(Number(quote.postageMills) / 1000).toFixed(2)}`;
      expect(priceText).toContain(`Price: ${dollars}`);
      await page.click('#buy-button');
      await page.getByText(`Bought 1 stamp for ${dollars}`).waitFor();
      // Exactly one order, paid once from the balance.
      const accountId = await accountIdOf(h, email);
      const orders = (await h.app.web.history.listOrders(accountId, { fromMs: null, toMs: null, state: null }, 10)).orders;
      expect(orders).toHaveLength(1);
      const order = await h.app.web.history.getOrder(accountId, orders[0]!.id);
      const stampId = order.stamps[0]!.id;
      const balance = await h.app.web.billing.balance({ accountId, userId: 'test', role: 'owner', credentialId: 'test', via: 'session' });
      expect(BigInt(balance.balanceMills)).toBe(25_000n - BigInt(quote.postageMills));

      // Print preview on slot 5 of a 30-up sheet, then Chromium's own printing to PDF.
      await Promise.all([page.waitForURL('**/print?**'), page.click('text=Print it now')]);
      await page.selectOption('#layout', 'address-30up');
      await page.fill('#start-slot', '5');
      await Promise.all([page.waitForURL(/layout=address-30up/), page.click('#relayout-button')]);
      await page.locator('figure.print-sheet svg').waitFor();
      expect(await auditAccessibility(page, { liveRegions: LIVE })).toEqual([]);
      // True size on screen: 8.5 in = 816 CSS px.
      expect(await page.locator('figure.print-sheet').evaluate((e) => (e as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width)).toBeCloseTo(816, 0);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).toBe(1);
      expect(doc.getPage(0).getSize()).toEqual({ width: 612, height: 792 });

      const dir = await mkdtemp(join(tmpdir(), 'customer-print-'));
      try {
        await writeFile(join(dir, 'printed.pdf'), pdf);
        // Rasterise only slot 5 of the page (its rectangle at 300 dpi) and read the symbol there.
        const slot = findSlot(resolveLayout('address-30up'), 5)!;
        const px = (pt: number) => Math.round((pt / 72) * DPI);
        execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', '-x', String(px(slot.x)), '-y', String(px(slot.y)), '-W', String(px(slot.width)), '-H', String(px(slot.height)), join(dir, 'printed.pdf'), join(dir, 'slot5')]);
        const symbols = decodeDataMatrixPng(await readFile(join(dir, 'slot5.png')));
        expect(symbols).toHaveLength(1);
        const stamp = (await h.app.inject({ method: 'GET', url: `/v1/stamps/${stampId}`, headers: { cookie: await sessionCookie(page) } })).json() as { indicium: string };
        expect(symbols[0]!.bytes.toString('base64')).toBe(stamp.indicium);
        const [verdict] = await verifyStamps(world, [{ indicium: symbols[0]!.bytes.toString('base64') } as never]);
        expect(verdict!.status).toBe('valid');
        expect(verdict!.fields?.postage).toBe(BigInt(quote.postageMills));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      await customerScreenshot(page, 'customer-print.png');
      expect(problems()).toEqual([]);
    });
  });
});

async function accountIdOf(h: Awaited<ReturnType<typeof startCustomerHarness>>, email: string): Promise<string> {
  const rows = await h.db.query('SELECT account_id FROM users WHERE email = ?', [email]);
  return String(rows[0]!.account_id);
}

async function sessionCookie(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'indicia_session')!;
  return `${c.name}=${c.value}`;
}
