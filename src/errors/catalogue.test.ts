import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { ERRORS, ERROR_SECTIONS } from './catalogue.js';
import { renderErrorsDoc } from './errors-doc.js';

describe('error catalogue', () => {
  it('docs/errors.md is generated from the catalogue and up to date (run npm run docs:errors)', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
  });

  it('no code appears in two sections, and codes are SCREAMING_SNAKE_CASE', () => {
    const seen = new Set<string>();
    for (const section of ERROR_SECTIONS) {
      for (const code of Object.keys(section.codes)) {
        expect(seen.has(code), `duplicate code ${code}`).toBe(false);
        expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
        seen.add(code);
      }
    }
    expect(seen.size).toBe(Object.keys(ERRORS).length);
  });

  it('every message and fix is a sentence without a trailing period (one is added when shown)', () => {
    for (const [code, def] of Object.entries(ERRORS)) {
      expect(def.message.length, code).toBeGreaterThan(10);
      expect(def.fix.length, code).toBeGreaterThan(10);
      expect(def.message.endsWith('.'), code).toBe(false);
      expect(def.fix.endsWith('.'), code).toBe(false);
    }
  });

  it('an AppError carries code, kind, the detail and the fix', () => {
    const err = new AppError('MEDIUM_SERIAL_CHECK_DIGIT', 'Check digit 3 does not match the expected 8');
    expect(err.code).toBe('MEDIUM_SERIAL_CHECK_DIGIT');
    expect(err.kind).toBe('invalid_input');
    expect(err.message).toBe(`Check digit 3 does not match the expected 8. ${ERRORS.MEDIUM_SERIAL_CHECK_DIGIT.fix}.`);
  });
});
