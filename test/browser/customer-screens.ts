// Screenshots of the customer pages: into docs/screenshots/customer-*.png when UPDATE_SCREENSHOTS=1,
// else under test/tmp/screenshots/ (so a plain test run never changes the documentation).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test/tmp/screenshots';

/** A full-page screenshot named `name` (customer-….png). */
export async function customerScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true, animations: 'disabled' });
}
