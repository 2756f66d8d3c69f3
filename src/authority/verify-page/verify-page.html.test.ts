import { describe, expect, it } from 'vitest';
import { escapeHtml, formatSize, renderVerifyPage } from './verify-page.html.js';
import { RULE_TITLES } from './verify-views.js';

describe('renderVerifyPage', () => {
  const html = renderVerifyPage({ authorityName: 'Post & <Co>', uploadLimitBytes: 10 * 1024 * 1024, assetsPath: '/verify/assets' });

  it('escapes the authority name and tells the script the upload limit', () => {
    expect(html).toContain('<p class="authority">Post &#38; &#60;Co&#62;</p>');
    expect(html).not.toContain('<Co>');
    expect(html).toContain('data-max-bytes="10485760"');
    expect(html).toContain('A PNG or PDF of at most 10 MB.');
  });

  it('labels every control, declares the language, and has a live result region', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    for (const id of ['file', 'indicium']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="${id}-hint"`));
    }
    expect(html).toContain('<div id="result" aria-live="polite">');
    expect(html).toContain('role="alert"');
    for (const title of Object.values(RULE_TITLES)) expect(html).toContain(escapeHtml(title));
  });
});

describe('formatSize', () => {
  it('words sizes in binary units', () => {
    expect([512, 2048, 4096, 1536 * 1024, 10 * 1024 * 1024].map(formatSize)).toEqual(['512 bytes', '2 KB', '4 KB', '1.5 MB', '10 MB']);
  });
});
