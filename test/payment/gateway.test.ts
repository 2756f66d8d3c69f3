// The payment simulator over real HTTP on loopback, driven through the HttpPaymentGateway port: every
// test card, idempotent charges and refunds, the time-out card and the errors mapped back.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpPaymentGateway } from '../../src/payment/http-gateway.js';
import { TEST_CARDS, type CardOutcome } from '../../src/payment/simulator/test-cards.js';
import { NOW, SECRET_KEY, codeOfRejection, startSimulatorFixture, testCard } from './simulator-fixture.js';

const EXPECTED_CODE: Readonly<Record<CardOutcome, string>> = {
  approve: 'resolved',
  decline: 'CARD_DECLINED',
  cvc_fail: 'CARD_CVC_FAILED',
  insufficient_funds: 'CARD_INSUFFICIENT_FUNDS',
  expired: 'CARD_EXPIRED',
  timeout: 'PAYMENT_GATEWAY_TIMEOUT',
};

describe('the test cards', () => {
  it.each(TEST_CARDS.filter((c) => c.outcome !== 'timeout'))('$number ($brand) $behaviour', async (card) => {
    const { gateway, simulator } = await startSimulatorFixture();
    const token = await gateway.tokenize(testCard(card.number));
    expect(token).toMatchObject({ last4: card.number.slice(-4), expMonth: 12, expYear: 2030 });
    expect(token.token).toMatch(/^tok_[0-9a-f]{24}$/);
    const charge = gateway.charge({ token: token.token, amountMills: 12_340n, idempotencyKey: randomUUID(), description: 'Postage order 1' });
    if (card.outcome === 'approve') {
      const result = await charge;
      expect(result).toMatchObject({ status: 'succeeded', amountMills: 12_340n, brand: token.brand, last4: token.last4 });
      expect(simulator.store.charges.get(result.chargeId)?.amountCents).toBe(1234n);
    } else {
      expect(await codeOfRejection(charge)).toBe(EXPECTED_CODE[card.outcome]);
      expect(simulator.store.charges.size).toBe(0);
    }
  });

  it('the time-out card gives PAYMENT_GATEWAY_TIMEOUT within the client deadline, charges nothing, and does not hold up closing', async () => {
    const timeoutMs = 400;
    const { gateway, simulator } = await startSimulatorFixture({ timeoutMs, holdMs: 30_000 });
    const token = await gateway.tokenize(testCard('4000000000000119'));
    const key = randomUUID();
    const started = performance.now();
    expect(await codeOfRejection(gateway.charge({ token: token.token, amountMills: 5_000n, idempotencyKey: key, description: 'held' }))).toBe('PAYMENT_GATEWAY_TIMEOUT');
    const elapsed = performance.now() - started;
    // The client gave up at its deadline: not before, and not long after.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 1_000);
    // A retry with the same key is no better off: nothing was kept for the key, and nothing was charged.
    const retried = performance.now();
    expect(await codeOfRejection(gateway.charge({ token: token.token, amountMills: 5_000n, idempotencyKey: key, description: 'held' }))).toBe('PAYMENT_GATEWAY_TIMEOUT');
    expect(performance.now() - retried).toBeLessThan(timeoutMs + 1_000);
    expect(simulator.store.idempotency.has(key)).toBe(false);
    expect(simulator.store.charges.size).toBe(0);
    // A hold still running when the simulator closes is let go at once.
    void gateway.charge({ token: token.token, amountMills: 5_000n, idempotencyKey: randomUUID(), description: 'held at close' }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = performance.now();
    await simulator.close();
    expect(performance.now() - closing).toBeLessThan(2_000);
  });

  it('the simulator answers PAYMENT_GATEWAY_TIMEOUT itself when its hold ends before the client gives up', async () => {
    const { gateway } = await startSimulatorFixture({ timeoutMs: 5_000, holdMs: 50 });
    const token = await gateway.tokenize(testCard('4000000000000119'));
    const charge = gateway.charge({ token: token.token, amountMills: 5_000n, idempotencyKey: randomUUID(), description: 'held briefly' });
    expect(await codeOfRejection(charge)).toBe('PAYMENT_GATEWAY_TIMEOUT');
  });
});

describe('idempotent charges', () => {
  it('the same key and request give the same charge, once', async () => {
    const { gateway, simulator } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('4242424242424242'));
    const request = { token, amountMills: 7_800n, idempotencyKey: randomUUID(), description: 'Postage order 2' };
    const first = await gateway.charge(request);
    const again = await gateway.charge(request);
    const together = await Promise.all([gateway.charge(request), gateway.charge(request)]);
    expect(again).toEqual(first);
    expect(together).toEqual([first, first]);
    expect(simulator.store.charges.size).toBe(1);
  });

  it('requests racing with a new key make one charge', async () => {
    const { gateway, simulator } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('5555555555554444'));
    const request = { token, amountMills: 1_000n, idempotencyKey: randomUUID(), description: 'race' };
    const results = await Promise.all(Array.from({ length: 8 }, () => gateway.charge(request)));
    expect(new Set(results.map((r) => r.chargeId)).size).toBe(1);
    expect(simulator.store.charges.size).toBe(1);
  });

  it('the same key with another request is PAYMENT_IDEMPOTENCY_KEY_REUSED', async () => {
    const { gateway, simulator } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('4242424242424242'));
    const request = { token, amountMills: 7_800n, idempotencyKey: randomUUID(), description: 'Postage order 3' };
    await gateway.charge(request);
    expect(await codeOfRejection(gateway.charge({ ...request, amountMills: 7_810n }))).toBe('PAYMENT_IDEMPOTENCY_KEY_REUSED');
    expect(await codeOfRejection(gateway.charge({ ...request, description: 'another order' }))).toBe('PAYMENT_IDEMPOTENCY_KEY_REUSED');
    expect(simulator.store.charges.size).toBe(1);
  });

  it('a refusal is replayed for the same key', async () => {
    const { gateway, simulator } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('4000000000000002'));
    const request = { token, amountMills: 500n, idempotencyKey: randomUUID(), description: 'declined' };
    expect(await codeOfRejection(gateway.charge(request))).toBe('CARD_DECLINED');
    expect(await codeOfRejection(gateway.charge(request))).toBe('CARD_DECLINED');
    expect(simulator.store.idempotency.size).toBe(1);
  });
});

describe('refunds', () => {
  it('refund part, then the rest, and refuse anything over what is left', async () => {
    const { gateway } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('378282246310005'));
    const charge = await gateway.charge({ token, amountMills: 10_000n, idempotencyKey: randomUUID(), description: 'Postage order 4' });
    const part = { chargeId: charge.chargeId, amountMills: 3_000n, idempotencyKey: randomUUID() };
    const first = await gateway.refund(part);
    expect(first).toMatchObject({ chargeId: charge.chargeId, status: 'succeeded', amountMills: 3_000n, refundedMills: 3_000n });
    expect(await gateway.refund(part)).toEqual(first);
    expect(await codeOfRejection(gateway.refund({ ...part, amountMills: 3_010n }))).toBe('PAYMENT_IDEMPOTENCY_KEY_REUSED');
    expect(await codeOfRejection(gateway.refund({ chargeId: charge.chargeId, amountMills: 7_010n, idempotencyKey: randomUUID() }))).toBe(
      'PAYMENT_REFUND_EXCEEDS_CHARGE',
    );
    const rest = await gateway.refund({ chargeId: charge.chargeId, amountMills: 7_000n, idempotencyKey: randomUUID() });
    expect(rest.refundedMills).toBe(10_000n);
    expect(await codeOfRejection(gateway.refund({ chargeId: charge.chargeId, amountMills: 10n, idempotencyKey: randomUUID() }))).toBe('PAYMENT_REFUND_EXCEEDS_CHARGE');
  });

  it('refuse a refund over the charged amount at once', async () => {
    const { gateway, simulator } = await startSimulatorFixture();
    const { token } = await gateway.tokenize(testCard('6011111111111117'));
    const charge = await gateway.charge({ token, amountMills: 2_500n, idempotencyKey: randomUUID(), description: 'Postage order 5' });
    const refused = gateway.refund({ chargeId: charge.chargeId, amountMills: 2_510n, idempotencyKey: randomUUID() });
    await expect(refused).rejects.toThrow(/A refund of \$2\.51 is more than the \$2\.50 left/);
    expect(simulator.store.refunds.size).toBe(0);
  });

  it('refuse an unknown charge', async () => {
    const { gateway } = await startSimulatorFixture();
    expect(await codeOfRejection(gateway.refund({ chargeId: 'ch_nothing', amountMills: 10n, idempotencyKey: randomUUID() }))).toBe('PAYMENT_CHARGE_UNKNOWN');
  });
});

describe('the client', () => {
  it('refuses a fraction of a cent, a bad card and a bad key before sending anything', async () => {
    let calls = 0;
    const gateway = new HttpPaymentGateway({
      baseUrl: 'http://127.0.0.1:9',
      secretKey: null,
      timeoutMs: 1_000,
      clock: () => NOW,
      fetch: async () => {
        calls++;
        throw new Error('no call expected');
      },
    });
    expect(await codeOfRejection(gateway.charge({ token: 'tok_x', amountMills: 785n, idempotencyKey: 'k1', description: '' }))).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
    expect(await codeOfRejection(gateway.refund({ chargeId: 'ch_x', amountMills: 1n, idempotencyKey: 'k2' }))).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
    expect(await codeOfRejection(gateway.charge({ token: 'tok_x', amountMills: 780n, idempotencyKey: '', description: '' }))).toBe('PAYMENT_IDEMPOTENCY_KEY_INVALID');
    expect(await codeOfRejection(gateway.tokenize(testCard('4242424242424241')))).toBe('CARD_NUMBER_INVALID');
    expect(await codeOfRejection(gateway.tokenize({ ...testCard('4242424242424242'), expYear: 2026, expMonth: 7 }))).toBe('CARD_EXPIRED');
    expect(calls).toBe(0);
  });

  it('maps an unknown token, a wrong key, no server and a foreign answer to their codes', async () => {
    const { simulator, gateway } = await startSimulatorFixture();
    expect(await codeOfRejection(gateway.charge({ token: 'tok_nothing', amountMills: 780n, idempotencyKey: randomUUID(), description: '' }))).toBe('PAYMENT_TOKEN_UNKNOWN');
    const wrongKey = new HttpPaymentGateway({ baseUrl: simulator.url, secretKey: `${SECRET_KEY}x`, timeoutMs: 2_000, clock: () => NOW });
    expect(await codeOfRejection(wrongKey.tokenize(testCard('4242424242424242')))).toBe('PAYMENT_GATEWAY_KEY_REJECTED');
    const foreign = new HttpPaymentGateway({ baseUrl: `${simulator.url}/elsewhere/`, secretKey: SECRET_KEY, timeoutMs: 2_000, clock: () => NOW });
    expect(await codeOfRejection(foreign.tokenize(testCard('4242424242424242')))).toBe('PAYMENT_GATEWAY_ANSWER_INVALID');
    const answering = (response: () => Response): HttpPaymentGateway =>
      new HttpPaymentGateway({ baseUrl: simulator.url, secretKey: SECRET_KEY, timeoutMs: 2_000, clock: () => NOW, fetch: async () => response() });
    expect(await codeOfRejection(answering(() => new Response('<html>hello</html>')).tokenize(testCard('4242424242424242')))).toBe(
      'PAYMENT_GATEWAY_ANSWER_INVALID',
    );
    expect(await codeOfRejection(answering(() => Response.json({ token: 'tok_1' })).tokenize(testCard('4242424242424242')))).toBe(
      'PAYMENT_GATEWAY_ANSWER_INVALID',
    );
    expect(await codeOfRejection(answering(() => new Response('', { status: 502 })).tokenize(testCard('4242424242424242')))).toBe(
      'PAYMENT_GATEWAY_UNAVAILABLE',
    );
    const url = simulator.url;
    await simulator.close();
    const gone = new HttpPaymentGateway({ baseUrl: url, secretKey: SECRET_KEY, timeoutMs: 2_000, clock: () => NOW });
    expect(await codeOfRejection(gone.tokenize(testCard('4242424242424242')))).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
  });
});
