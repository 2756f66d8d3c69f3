import { describe, expect, it } from 'vitest';
import { failureOf } from './history-views.js';
import { describePayment } from './receipt.js';
import { esc } from './receipt-html.js';

describe('receipt helpers', () => {
  it('describe how an order was paid', () => {
    expect(describePayment(null)).toBe('Not recorded');
    expect(describePayment({ method: 'balance' })).toBe('Prepaid postage balance');
    expect(describePayment({ method: 'card', brand: 'Visa', last4: '4242' })).toBe('Visa card ending in 4242');
    expect(describePayment({ method: 'card' })).toBe('Card');
    expect(describePayment({ method: 'card', last4: '0005' })).toBe('Card ending in 0005');
  });

  it('escape text for HTML content and attributes', () => {
    expect(esc(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('read a failed purchase\'s stored refusal, or say it failed when it cannot', () => {
    expect(failureOf('{"code":"CARD_DECLINED","message":"Declined","server":"ps1"}')).toEqual({ code: 'CARD_DECLINED', message: 'Declined' });
    expect(failureOf('not json')).toEqual({ code: null, message: 'The purchase failed and dispensed no stamps' });
    expect(failureOf(null).code).toBeNull();
  });
});
