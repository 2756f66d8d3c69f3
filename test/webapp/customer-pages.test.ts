// The customer pages over app.inject, on SQLite and PostgreSQL: pages need a session (else the login
// page), carry the session's CSRF token, a fresh idempotency key per rendering and the strict CSP; the
// print preview's stylesheet sizes @page to the medium; the print page and the PDF route print the
// account's own stamps only, on the medium's layout at the medium's slot, and refuse with catalogued codes.
import { expect, it } from 'vitest';
import { formatMediumSerial } from '../../src/core/media-serial.js';
import { decodeDataMatrixPng } from '../../src/barcode/index.js';
import { forEachDialect } from '../helpers/dialects.js';
import { startCustomerHarness, verificationToken, type CustomerHarness } from './customer-harness.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Customer {
  readonly cookie: string;
  readonly csrf: string;
  readonly accountId: string;
}

/** Signs up, verifies the email through the outbox, sets the address and credits $50 (operator credit). */
async function readyCustomer(h: CustomerHarness, email: string): Promise<Customer> {
  const signup = await h.app.inject({ method: 'POST', url: '/v1/signup', payload: { email, password: 'correct horse battery', accountName: 'Ada Ltd' } });
  expect(signup.statusCode, signup.body).toBe(201);
  const cookie = String(signup.headers['set-cookie']).split(';')[0]!;
  const body = signup.json() as { csrfToken: string; account: { id: string } };
  const verified = await h.app.inject({ method: 'POST', url: '/v1/email/verify', payload: { token: await verificationToken(h.app, email) } });
  expect(verified.statusCode, verified.body).toBe(200);
  const address = await h.app.inject({
    method: 'PUT',
    url: '/v1/account/address',
    headers: { cookie, 'x-csrf-token': body.csrfToken },
    payload: { name: 'Ada Lovelace', street: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' },
  });
  expect(address.statusCode, address.body).toBe(200);
  await h.app.web.billing.creditPromotion(body.account.id, 50_000n, 'test credit');
  return { cookie, csrf: body.csrfToken, accountId: body.account.id };
}

async function buy(h: CustomerHarness, c: Customer, key: string, stamp: Record<string, unknown>) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/stamps',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'idempotency-key': key },
    payload: { stamps: [{ rateCategory: 1, originZip: '94105', ...stamp }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { purchaseId: string; stamps: { id: string; indicium: string }[] };
}

forEachDialect((dialect, open) => {
  it(`[${dialect}] sends visitors to the login page, serves pages with the session's CSRF token, a fresh key and the CSP`, async () => {
    const h = await startCustomerHarness(open);
    for (const path of ['/buy', '/account', '/history', '/keys', '/print?stampId=x']) {
      const res = await h.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    for (const path of ['/login', '/signup', '/verify-email?token=abc']) {
      const res = await h.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).not.toContain('csrf-token');
    }
    // An open redirect is not possible through ?next=.
    expect((await h.app.inject({ method: 'GET', url: '/login?next=//evil.example/' })).body).toContain('data-next="/buy"');

    const c = await readyCustomer(h, 'ada@example.com');
    const page = async (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } });
    const first = await page('/buy');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain(`<meta name="csrf-token" content="${c.csrf}">`);
    expect(first.body).toContain('<body data-page="buy">');
    expect(first.body).toContain('aria-current="page">Buy</a>');
    const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(keyOf(first.body)).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyOf((await page('/buy')).body)).not.toBe(keyOf(first.body));
    // The layouts' pictures for the slot picker: the 30-up sheet has 3 columns.
    expect(first.body).toContain('&#34;address-30up&#34;:{&#34;layout&#34;:&#34;address-30up&#34;');
    for (const path of ['/account', '/history', '/keys']) expect((await page(path)).statusCode, path).toBe(200);
    // Signed in, the login page goes on to the buy page.
    expect((await page('/login')).headers.location).toBe('/buy');
    expect((await h.app.inject({ method: 'GET', url: '/app/assets/customer.js' })).statusCode).toBe(200);
    // The card form posts nowhere but the API (no number in a URL even without the script).
    expect((await page('/account')).body).toMatch(/<form id="card-form"[^>]*method="post" action="\/v1\/cards"/);
    expect((await page('/account')).body).toContain('autocomplete="cc-number"');
  });

  it(`[${dialect}] sizes the print page to the medium, previews and prints the account's own stamps only`, async () => {
    const h = await startCustomerHarness(open);
    const css = await h.app.inject({ method: 'GET', url: '/app/print-css/address-30up.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('size: 8.5in 11in;');
    expect((await h.app.inject({ method: 'GET', url: '/app/print-css/single-label.css' })).body).toContain('size: 2.25in 1.25in;');
    expect((await h.app.inject({ method: 'GET', url: '/app/print-css/envelope-10.css' })).body).toContain('size: 9.5in 4.125in;');
    expect((await h.app.inject({ method: 'GET', url: '/app/print-css/nope.css' })).json()).toMatchObject({ code: 'PRINT_LAYOUT_UNKNOWN' });

    const c = await readyCustomer(h, 'ada@example.com');
    const other = await readyCustomer(h, 'bob@example.com');
    const plain = await buy(h, c, 'k-plain', {});
    const get = (url: string, who: Customer = c) => h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

    const preview = await get(`/print?purchaseId=${plain.purchaseId}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).toContain('<link rel="stylesheet" href="/app/print-css/single-label.css">');
    expect(preview.body).toMatch(/<figure class="print-sheet" aria-label="Sheet 1 of 1: single-label"[^>]*><svg [^>]*width="2.25in" height="1.25in"/);
    expect(preview.body).toContain('<li>Postage $0.');
    expect(preview.body).toContain(`href="/app/v1/print.pdf?purchaseId=${plain.purchaseId}&#38;layout=single-label"`);

    // Plain paper on a sheet from slot 5: the symbol's sheet is US Letter.
    const sheet = await get(`/print?stampId=${plain.stamps[0]!.id}&layout=address-30up&startSlot=5`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('Sheet 1 of 1: address-30up, slot 5');
    expect(sheet.body).toContain('href="/app/print-css/address-30up.css"');

    const pdf = await get(`/app/v1/print.pdf?stampId=${plain.stamps[0]!.id}&layout=address-30up&startSlot=5`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The symbol of the PDF is the stamp's indicium, inside slot 5 (column 2, row 2) of the sheet.
    const dir = mkdtempSync(join(tmpdir(), 'customer-pdf-'));
    try {
      writeFileSync(join(dir, 'p.pdf'), pdf.rawPayload);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
      const [found] = decodeDataMatrixPng(readFileSync(join(dir, 'p.png')));
      expect(found?.bytes.toString('base64')).toBe(plain.stamps[0]!.indicium);
      const xIn = found!.position.x / 150;
      const yIn = found!.position.y / 150;
      expect(xIn).toBeGreaterThan(0.1875 + 2.75);
      expect(xIn).toBeLessThan(0.1875 + 2 * 2.75);
      expect(yIn).toBeGreaterThan(1.5);
      expect(yIn).toBeLessThan(2.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Another account's stamp is not found, as an unknown one; no stamp named is its own code.
    expect((await get(`/app/v1/print.pdf?stampId=${plain.stamps[0]!.id}`, other)).json()).toMatchObject({ statusCode: 404, code: 'STAMP_NOT_FOUND' });
    expect((await get(`/app/v1/print.pdf?purchaseId=${plain.purchaseId}`, other)).json()).toMatchObject({ statusCode: 404, code: 'STAMP_NOT_FOUND' });
    const otherPreview = await get(`/print?purchaseId=${plain.purchaseId}`, other);
    expect(otherPreview.statusCode).toBe(404);
    expect(otherPreview.body).toContain('<code>STAMP_NOT_FOUND</code>');
    expect((await get('/app/v1/print.pdf')).json()).toMatchObject({ statusCode: 400, code: 'PRINT_STAMPS_MISSING' });
    expect((await h.app.inject({ method: 'GET', url: `/app/v1/print.pdf?stampId=${plain.stamps[0]!.id}` })).json()).toMatchObject({ statusCode: 401 });
    expect((await get(`/print?stampId=${plain.stamps[0]!.id}&layout=address-30up&startSlot=31`)).body).toContain('<code>PRINT_CHOICE_INVALID</code>');
  });

  it(`[${dialect}] prints a stamp bought for slot 7 of a sheet on that sheet's layout at slot 7, and nowhere else`, async () => {
    const h = await startCustomerHarness(open);
    const c = await readyCustomer(h, 'ada@example.com');
    const issued = await h.app.web.media.issue({ accountId: c.accountId, layout: 'address-30up', count: 1 });
    const serial = formatMediumSerial(issued.media[0]!.serial);
    const bought = await buy(h, c, 'k-medium', { medium: { serial, slot: 7 } });
    const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } });
    const preview = await get(`/print?purchaseId=${bought.purchaseId}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).toContain('Sheet 1 of 1: address-30up, slot 7');
    expect(preview.body).toContain(`for slot 7 of sheet ${serial}`);
    expect(preview.body).toContain('each prints at its own slot');
    const wrong = await get(`/print?purchaseId=${bought.purchaseId}&layout=stamp-sheet&startSlot=2`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<code>PRINT_CHOICE_INVALID</code>');
    expect((await get(`/app/v1/print.pdf?purchaseId=${bought.purchaseId}&layout=single-label`)).json()).toMatchObject({ code: 'PRINT_SLOT_MISMATCH' });
  });
}
);
