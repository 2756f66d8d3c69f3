// The card number is never stored or logged: every test card and some refused numbers go through the
// simulator with logging at trace level, and then its log and its whole state are searched for them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/payment/simulator/simulator-log.js';
import { TEST_CARDS } from '../../src/payment/simulator/test-cards.js';
import { SECRET_KEY, startSimulatorFixture, testCard } from './simulator-fixture.js';

// Numbers sent straight to the simulator as a careless client might: refused ones (a wrong check
// digit, an unsupported brand) and accepted ones written with separators.
const RAW_NUMBERS: readonly { number: string; status: number }[] = [
  { number: '4242424242424241', status: 400 },
  { number: '3566002020360505', status: 400 },
  { number: '5555-5555-5555-4444', status: 200 },
  { number: '4000 0566 5566 5556', status: 200 },
];

/** Every way a number could appear: as sent, digits only, and grouped by four. */
function formsOf(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  return [...new Set([number, digits, digits.replace(/(\d{4})(?=\d)/g, '$1 '), digits.replace(/(\d{4})(?=\d)/g, '$1-')])];
}

describe('card data in the simulator', () => {
  it('no card number appears in its log or its state, and the logged bodies show the redaction', async () => {
    const { gateway, simulator, logLines } = await startSimulatorFixture({ holdMs: 20, logLevel: 'trace' });
    const errors: unknown[] = [];
    for (const card of TEST_CARDS) {
      const { token } = await gateway.tokenize(testCard(card.number));
      try {
        const charge = await gateway.charge({ token, amountMills: 4_560n, idempotencyKey: randomUUID(), description: 'Postage order' });
        await gateway.refund({ chargeId: charge.chargeId, amountMills: 1_000n, idempotencyKey: randomUUID() });
      } catch (err) {
        errors.push(err);
      }
    }
    const answers: string[] = [];
    for (const { number, status } of RAW_NUMBERS) {
      const response = await fetch(`${simulator.url}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ number, expMonth: 12, expYear: 2030, cvc: '123' }),
      });
      expect(response.status).toBe(status);
      answers.push(await response.text());
    }
    expect(errors.length).toBe(TEST_CARDS.filter((c) => c.outcome !== 'approve').length);

    const log = logLines.join('');
    const state = JSON.stringify(simulator.store.snapshot());
    const thrown = JSON.stringify(errors.map((e) => ({ message: (e as Error).message, details: (e as { details?: unknown }).details })));
    for (const number of [...TEST_CARDS.map((c) => c.number), ...RAW_NUMBERS.map((r) => r.number)]) {
      for (const form of formsOf(number)) {
        expect(log, `log holds ${form}`).not.toContain(form);
        expect(state, `state holds ${form}`).not.toContain(form);
        expect(answers.join(''), `an answer holds ${form}`).not.toContain(form);
        expect(thrown, `an error holds ${form}`).not.toContain(form);
      }
    }
    // The bodies were logged (trace level), with the number and security code replaced.
    const bodies = logLines.map((line) => JSON.parse(line) as { msg?: string; body?: Record<string, unknown> }).filter((l) => l.msg === 'request body');
    const tokenBodies = bodies.filter((l) => l.body !== undefined && 'number' in l.body);
    expect(tokenBodies.length).toBe(TEST_CARDS.length + RAW_NUMBERS.length);
    for (const { body } of tokenBodies) expect(body).toMatchObject({ number: REDACTED, cvc: REDACTED });
    // And the state keeps what the vendor may keep: brand, last four digits and expiry.
    expect(simulator.store.snapshot().tokens).toHaveLength(TEST_CARDS.length + RAW_NUMBERS.filter((r) => r.status === 200).length);
    expect(log).not.toContain(SECRET_KEY);
  });
});
