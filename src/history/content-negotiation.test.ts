import { describe, expect, it } from 'vitest';
import { prefersHtml } from './content-negotiation.js';

describe('prefersHtml', () => {
  it('answers JSON unless HTML is asked for above JSON', () => {
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=0.9, application/json;q=0.5')).toBe(true);
    expect(prefersHtml('text/html;q=0')).toBe(false);
  });
});
