import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { normalizeServerUrl } from './server-registry.js';
import { decodeCursor, encodeCursor } from './stamp.service.js';

describe('page cursors', () => {
  it('round-trip the position of the last stamp of a page', () => {
    const at = { createdAtMs: 1_764_000_000_123, id: '0190a1b2-c3d4-7000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(at))).toEqual(at);
  });

  it('refuse anything they did not make with CURSOR_INVALID', () => {
    for (const bad of ['', 'abc', Buffer.from('[1]').toString('base64url'), Buffer.from('["x","y"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow();
      try {
        decodeCursor(bad);
      } catch (err) {
        expect(isAppError(err, 'CURSOR_INVALID')).toBe(true);
      }
    }
  });
});

describe('normalizeServerUrl', () => {
  it('keeps scheme, host and port only', () => {
    expect(normalizeServerUrl('http://10.0.0.5:8081/')).toBe('http://10.0.0.5:8081');
    expect(normalizeServerUrl(' https://ps1.internal ')).toBe('https://ps1.internal');
  });

  it('refuses other schemes, credentials, paths and queries', () => {
    for (const bad of ['ftp://x', 'http://u:p@x', 'http://x/path', 'http://x/?q=1', 'not a url']) {
      expect(() => normalizeServerUrl(bad), bad).toThrow(expect.objectContaining({ code: 'PROCESSING_SERVER_URL_INVALID' }));
    }
  });
});
