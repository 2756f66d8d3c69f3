// The postal authority's verification page in Debian's Chromium: uploads (PNG, PDF, a JPEG photo),
// pasted hex, the keyboard alone, a phone-sized screen, an automated accessibility check, and the
// screenshots in docs/screenshots/ (written there when UPDATE_SCREENSHOTS=1, else under test/tmp/).
import { generateKeyPairSync } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderDataMatrixPng } from '../../src/barcode/index.js';
import { runsWithTool } from '../../src/barcode/barcode-test-support.js';
import { dispensed, resultsOf } from '../authority/scanning/scanning-fixture.js';
import { auditAccessibility } from './accessibility.js';
import type { BrowserGlobals, DomElement } from './browser-globals.js';
import { describeInBrowser, openPage, PHONE } from './browser.js';
import { blankPng, pdfOfSymbols } from './verify-fixtures.js';
import { startVerifyServer, type VerifyServer } from './verify-server.js';

const withPdfTools = runsWithTool('pdftoppm', 'poppler-utils');
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test/tmp/screenshots';
const LIVE_REGIONS = ['#result', '#error'];
// Chromium logs every 4xx answer to fetch; the error tests expect them.
const HTTP_ERROR_LOG = /^console error: Failed to load resource: the server responded with a status of 4\d\d/;

/** A PNG of the indicium's symbol, as a scanner would send it. */
function pngOf(bytes: Buffer): Buffer {
  return renderDataMatrixPng(bytes, { modulePx: 6, quietZoneModules: 4 });
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.setInputFiles('#file', { name, mimeType, buffer });
  await page.click('#verify-button');
}

/**
 * Presses Space on the focused file input until Chromium opens its file chooser (at most three tries of
 * 5 s: on a loaded machine the first key press is sometimes taken before the page is ready for it).
 */
async function chooserFromKeyboard(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press('Space')]);
      return chooser;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** The verdict's text once a result is shown. */
async function verdictText(page: Page, n = 0): Promise<string> {
  const verdict = page.locator('#result .verdict').nth(n);
  await verdict.waitFor();
  return (await verdict.innerText()).replace(/\s+/g, ' ');
}

/** The six rules as shown: class and text of each item. */
async function shownRules(page: Page, n = 0): Promise<{ outcome: string; text: string }[]> {
  return page.locator('#result ol.rules').nth(n).locator('li').evaluateAll((items) =>
    items.map((li) => ({ outcome: li.className, text: (li as unknown as DomElement).innerText.replace(/\s+/g, ' ') })),
  );
}

async function shownFields(page: Page): Promise<Record<string, string>> {
  return page.locator('#result dl.fields').evaluate((dl) => {
    const dts = [...dl.querySelectorAll('dt')];
    return Object.fromEntries(dts.map((dt: DomElement) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
  });
}

async function activeId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return document.activeElement?.id || document.activeElement?.className || '';
  });
}

/** Saves the whole page, or (fullPage false) what the screen shows. */
async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage, animations: 'disabled' });
}

describeInBrowser('the verification page in Chromium', (browser) => {
  let server: VerifyServer;
  let nextPiece = 1;
  const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const piece = (options: { forged?: boolean } = {}) =>
    dispensed(server.psd, server.fixture.clock, { pieceCount: nextPiece++, ...(options.forged ? { key: forger } : {}) });

  beforeAll(async () => {
    server = await startVerifyServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('uploads a PNG of a valid indicium: every rule passes and the fields read as dollars, dates, ZIPs and names', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    await upload(page, 'stamp.png', 'image/png', pngOf(piece()));
    expect(await verdictText(page)).toBe('✔ Valid: all six rules hold The postage is genuine, and the postal authority has not scanned this stamp yet.');
    const rules = await shownRules(page);
    expect(rules.map((r) => r.outcome)).toEqual(Array(6).fill('outcome-passed'));
    rules.forEach((r, i) => expect(r.text).toMatch(new RegExp(`^✔ Rule ${i + 1}\\. .+ Passed: .+`)));
    expect(await shownFields(page)).toMatchObject({
      Postage: '$0.74',
      'Date of mailing': '2026-03-01',
      'Rate category': 'First-Class Mail letter (code 1)',
      'Origin ZIP': '20001-1234',
      'Destination ZIP': 'not given',
      'License number': String(server.psd.licenseNumber),
    });
    // Focus moves to the result, so that keyboard and screen reader users land on it.
    expect(await activeId(page)).toBe('result-heading');
    expect(await auditAccessibility(page, { liveRegions: LIVE_REGIONS })).toEqual([]);
    await screenshot(page, 'verify-page-desktop.png');
    expect(problems()).toEqual([]);
  });

  it('uploads a forged PNG: rule 3 fails, the page says so, and the later rules are marked not checked', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    await upload(page, 'forged.png', 'image/png', pngOf(piece({ forged: true })));
    expect(await verdictText(page)).toMatch(/^✘ Not valid: rule 3 failed The ECDSA P-256 signature does not verify with the key of certificate \d+$/);
    const rules = await shownRules(page);
    expect(rules.map((r) => r.outcome)).toEqual(['outcome-passed', 'outcome-passed', 'outcome-failed', 'outcome-not-checked', 'outcome-not-checked', 'outcome-not-checked']);
    expect(rules[2]?.text).toMatch(/^✘ Rule 3\. Signature: .+ Failed: The ECDSA P-256 signature does not verify/);
    expect(rules[5]?.text).toMatch(/^– Rule 6\. .+ Not checked: Rule 3 failed first; the verifier stops at the first failure$/);
    expect(problems()).toEqual([]);
  });

  it('takes pasted hex; a stamp already scanned at a sorting centre shows as already used, and checking records nothing', async () => {
    const scanned = piece();
    expect(resultsOf(await server.fixture.scan({ indicium: scanned.toString('hex') }))[0]?.status).toBe('valid');
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    // Hex as people copy it: in groups, over several lines.
    await page.fill('#indicium', scanned.toString('hex').replace(/(.{8})/g, '$1 ').replace(/(.{45})/g, '$1\n'));
    await page.click('#verify-button');
    expect(await verdictText(page)).toBe(
      '! Already used: rule 6 failed The stamp is genuine (rules 1 to 5 hold), but the postal authority already scanned it at 2026-03-01 12:00 UTC. Postage pays for one mail piece only.',
    );
    expect((await shownRules(page)).map((r) => r.outcome).slice(-1)).toEqual(['outcome-failed']);

    // A stamp checked on the page is still new to the sorting centre.
    const fresh = piece();
    await page.fill('#indicium', fresh.toString('hex'));
    await page.click('#verify-button');
    await page.locator('#result .verdict-valid').waitFor();
    expect(resultsOf(await server.fixture.scan({ indicium: fresh.toString('hex') }))[0]?.status).toBe('valid');
    expect(problems()).toEqual([]);
  });

  it.runIf(withPdfTools)('uploads a PDF with two stamps and shows a verdict for each', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    const pdf = await pdfOfSymbols([[piece(), piece({ forged: true })]]);
    await upload(page, 'labels.pdf', 'application/pdf', pdf);
    expect(await verdictText(page, 1)).toMatch(/^✘ Not valid: rule 3 failed/);
    expect(await verdictText(page, 0)).toMatch(/^✔ Valid: all six rules hold/);
    expect(await page.locator('#result h3').allInnerTexts()).toEqual(['Stamp 1 (page 1 symbol 1)', 'Stamp 2 (page 1 symbol 2)']);
    expect(await page.locator('#result > p').first().innerText()).toBe('2 stamps were found. Each is checked on its own.');
    expect(await auditAccessibility(page, { liveRegions: LIVE_REGIONS })).toEqual([]);
    expect(problems()).toEqual([]);
  });

  it('turns a JPEG photo into a PNG in the browser before sending it', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    // The photo: the symbol on an off-white envelope, compressed as JPEG by the browser itself.
    const jpeg = await page.evaluate(async (pngBase64) => {
      const { document, Image } = globalThis as unknown as BrowserGlobals;
      const img = new Image();
      img.src = `data:image/png;base64,${pngBase64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width + 400;
      canvas.height = img.height + 200;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#f1ead8';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 250, 80);
      return canvas.toDataURL('image/jpeg', 0.85).split(',')[1]!;
    }, pngOf(piece()).toString('base64'));
    const sent = page.waitForRequest((r) => r.url().endsWith('/v1/verify'));
    await upload(page, 'photo.jpg', 'image/jpeg', Buffer.from(jpeg, 'base64'));
    expect((await sent).headers()['content-type']).toBe('image/png');
    expect(await verdictText(page)).toMatch(/^✔ Valid: all six rules hold/);
    expect(problems()).toEqual([]);
  });

  it('works from the keyboard alone: Tab to the file input and the button, Space to choose, Enter to verify', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('skip-link');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('file');
    const chooser = await chooserFromKeyboard(page);
    await chooser.setFiles({ name: 'stamp.png', mimeType: 'image/png', buffer: pngOf(piece()) });
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('indicium');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('verify-button');
    // The focus is visible: a 3 px outline drawn by :focus-visible.
    const outline = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
      const s = getComputedStyle(document.activeElement!);
      return [s.outlineStyle, s.outlineWidth];
    });
    expect(outline).toEqual(['solid', '3px']);
    await page.keyboard.press('Enter');
    expect(await verdictText(page)).toMatch(/^✔ Valid/);
    expect(await activeId(page)).toBe('result-heading');
    expect(problems()).toEqual([]);
  });

  it('fits a 375 × 667 phone screen, and 360 and 320 px, without horizontal scrolling', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`, PHONE);
    await upload(page, 'forged.png', 'image/png', pngOf(piece({ forged: true })));
    await verdictText(page);
    const overflow = () =>
      page.evaluate(() => {
        const { document } = globalThis as unknown as BrowserGlobals;
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 0.5).map((e) => e.tagName);
        return { width, scrollWidth: document.documentElement.scrollWidth, wide };
      });
    expect(await overflow()).toEqual({ width: 375, scrollWidth: 375, wide: [] });
    // The phone's screen as the reader sees it after pressing Verify: focus moved to the result.
    await screenshot(page, 'verify-page-phone.png', false);
    await page.setViewportSize({ width: 360, height: 640 });
    expect(await overflow()).toEqual({ width: 360, scrollWidth: 360, wide: [] });
    await page.setViewportSize({ width: 320, height: 568 });
    expect(await overflow()).toEqual({ width: 320, scrollWidth: 320, wide: [] });
    expect(problems()).toEqual([]);
  });

  it('explains errors: no symbol found, text that is no indicium, nothing given, both given', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    const error = page.locator('#error');
    await upload(page, 'blank.png', 'image/png', blankPng(300, 200));
    await error.waitFor();
    expect((await error.innerText()).split('\n').filter(Boolean)).toEqual([
      'No stamp was found',
      'The image is blank. Give a sharper, straighter image with the whole symbol and its white margin, or the PDF page it was printed from.',
      expect.stringMatching(/^Error BARCODE_NOT_FOUND, request [0-9a-f-]{36}$/),
    ]);
    expect(await page.locator('#result').innerText()).toBe('No result: see the error above.');
    expect(await auditAccessibility(page, { liveRegions: LIVE_REGIONS })).toEqual([]);

    // Not hex, and not base64 either (base64 text would decode, and fail rule 1 instead).
    await page.fill('#indicium', 'not an indicium!');
    await page.click('#verify-button');
    await page.locator('#error .title', { hasText: 'Two things to check' }).waitFor();

    await page.setInputFiles('#file', []);
    await page.click('#verify-button');
    await page.locator('#error .title', { hasText: 'The text is not an indicium' }).waitFor();
    expect(await error.innerText()).toContain('Error INVALID_ARGUMENT');

    await page.fill('#indicium', '');
    await page.click('#verify-button');
    await page.locator('#error .title', { hasText: 'Nothing to check' }).waitFor();
    expect(problems().filter((p) => !HTTP_ERROR_LOG.test(p))).toEqual([]);
  });

  // Once in a full CI run on a loaded machine this test hit the 30 s test timeout without saying where; it
  // passes in about 1 s otherwise. The waits now have their own deadlines so that a failure names its step,
  // and one retry absorbs the stall.
  it('refuses a file over the upload limit before sending it', { retry: 1 }, async () => {
    const small = await startVerifyServer({ scanBodyLimitBytes: 64 * 1024 });
    try {
      const { page, problems } = await openPage(browser(), `${small.url}/verify`);
      let posted = 0;
      page.on('request', (r) => void (r.url().endsWith('/v1/verify') && posted++));
      await upload(page, 'huge.png', 'image/png', Buffer.alloc(100 * 1024, 1));
      await page.locator('#error').waitFor({ timeout: 10_000 });
      expect((await page.locator('#error').innerText()).split('\n').filter(Boolean)).toEqual([
        'The file is too large',
        'huge.png is 100 KB; the postal authority accepts at most 64 KB. Crop the photo to the stamp, or send the PDF page it was printed on.',
      ]);
      expect(posted).toBe(0);
      expect(problems()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('passes the accessibility check before anything is checked, and loads nothing from elsewhere', async () => {
    const { page, problems } = await openPage(browser(), `${server.url}/verify`);
    expect(await auditAccessibility(page, { liveRegions: LIVE_REGIONS })).toEqual([]);
    expect(await page.locator('label[for=file]').innerText()).toBe('Photo, PNG or PDF of the mail piece');
    expect(await page.locator('label[for=indicium]').innerText()).toBe('Indicium as hexadecimal or base64 text');
    expect(problems()).toEqual([]);
  });
});
