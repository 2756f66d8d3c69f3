import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';
import { renderLayout } from './layout.js';
import { serversView } from './operator-views.js';

describe('renderLayout', () => {
  it('has a skip link, a header with the vendor, the navigation with the current page, one main landmark, and escapes text', () => {
    const html = renderLayout({ title: 'A <b>', vendorName: 'V & Co', nav: [{ href: '/x', label: 'X' }, { href: '/y', label: 'Y' }], currentPath: '/y', main: '<p>m</p>', scripts: ['operator.js'], csrfToken: 'c"t' });
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<title>A &#60;b&#62; · V &#38; Co</title>');
    expect(html).toContain('<a href="/y" aria-current="page">Y</a>');
    expect(html).not.toContain('<a href="/x" aria-current');
    expect(html.match(/<main /g)).toHaveLength(1);
    expect(html).toContain('<meta name="csrf-token" content="c&#34;t">');
    expect(html).toContain('<script type="module" src="/app/assets/operator.js"></script>');
  });
});

describe('cookies', () => {
  it('parses a Cookie header and writes Set-Cookie values', () => {
    expect(parseCookies('a=1; b="2"; a=3; junk')).toEqual(new Map([['a', '1'], ['b', '2']]));
    expect(serializeCookie('s', 'v.1', { path: '/operator', maxAgeSeconds: 60, secure: true, sameSite: 'Strict', httpOnly: true })).toBe('s=v.1; Path=/operator; Max-Age=60; SameSite=Strict; HttpOnly; Secure');
    expect(() => serializeCookie('s', 'a;b', { path: '/', maxAgeSeconds: 0, secure: false, sameSite: 'Lax', httpOnly: false })).toThrow(RangeError);
  });
});

describe('serversView', () => {
  it('marks the next server only', () => {
    const rec = (id: string, position: number) => ({ id, name: id, url: 'http://h', state: 'enabled' as const, healthy: true, lastHealthCheckAtMs: 0, position });
    const view = serversView([rec('a', 1), rec('b', 2)], 'b');
    expect(view.servers.map((s) => s.next)).toEqual([false, true]);
    expect(view.servers[0]!.lastHealthCheckAt).toBe('1970-01-01T00:00:00.000Z');
    expect(serversView([rec('a', 1)], null).servers[0]!.next).toBe(false);
  });
});
