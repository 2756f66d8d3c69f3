import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicia, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

// The customer's verbs of the user system against the started vendor system (authority, processing
// servers, payment simulator, web server as real processes): log in with email and password, add a card,
// top up, buy at the rate, look at the balance and the orders, export CSV, and ask for a refund.

let sys: SystemUnderTest;
const home = mkdtempSync(join(tmpdir(), 'indicia-customer-'));
const env = { ...process.env, XDG_CONFIG_HOME: home, CI: process.env.CI ?? '' };
let demo: { email: string; password: string };

beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 2, psds: 1 });
  demo = JSON.parse(readFileSync(join(sys.dataDir, 'demo-login.json'), 'utf8')) as { email: string; password: string };
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  rmSync(home, { recursive: true, force: true });
});

function json<T>(r: { code: number; stdout: string; stderr: string }): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('the customer verbs against the real system', () => {
  it('logs in, adds a card, tops up, buys at the rate, and sees it in balance, orders, CSV and refunds', async () => {
    const wrong = await indicia(['login', '--url', sys.webUrl, '--email', demo.email, '--password-stdin'], env, 'not the password\n');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('LOGIN_FAILED');
    const login = await indicia(['login', '--url', sys.webUrl, '--email', demo.email, '--password-stdin', '--key-name', 'e2e laptop'], env, `${demo.password}\n`);
    expect(login.code, login.stderr).toBe(0);

    const start = json<{ balanceMills: string }>(await indicia(['balance', '--json'], env));
    expect(start.balanceMills).toBe('1000000');

    // Cards are kept as gateway tokens (brand, last four, expiry), never the number.
    json(await indicia(['cards', 'add', '--expiry', '12/30', '--name', 'Demo Customer', '--json'], env, '4242424242424242\n123\n'));
    const declining = json<{ id: string }>(await indicia(['cards', 'add', '--expiry', '12/30', '--json'], env, '4000000000000002\n123\n'));
    const cards = await indicia(['cards', 'list', '--json'], env);
    expect(cards.stdout).toContain('4242');
    expect(cards.stdout).not.toContain('4242424242424242');

    // The issuer declines the second card's charge: nothing is credited.
    const declined = await indicia(['topup', '25.00', '--card', declining.id, '--json'], env);
    expect(declined.code).not.toBe(0);
    expect(declined.stderr).toContain('CARD_DECLINED');
    expect(json<{ balanceMills: string }>(await indicia(['balance', '--json'], env)).balanceMills).toBe('1000000');
    json(await indicia(['topup', '25.00', '--json'], env));
    expect(json<{ balanceMills: string }>(await indicia(['balance', '--json'], env)).balanceMills).toBe('1025000');

    const bought = json<{ stamps: { id: string; fields: { postage: string } }[] }>(
      await indicia(['buy', '--category', 'letter', '--weight', '1', '--from', '94107', '--to', '10001', '--quantity', '2', '--json'], env),
    );
    expect(bought.stamps).toHaveLength(2);
    const rate = bought.stamps[0]!.fields.postage;
    expect(Number(rate)).toBeGreaterThan(0);
    const after = json<{ balanceMills: string }>(await indicia(['balance', '--json'], env));
    expect(BigInt(after.balanceMills)).toBe(1_025_000n - 2n * BigInt(rate));

    // Postage below the rate is refused and costs nothing.
    const below = await indicia(['buy', '--category', 'letter', '--postage', '0.10', '--from', '94107', '--json'], env);
    expect(below.code).not.toBe(0);
    expect(below.stderr).toContain('POSTAGE_BELOW_RATE');
    expect(json<{ balanceMills: string }>(await indicia(['balance', '--json'], env)).balanceMills).toBe(after.balanceMills);

    const orders = json<{ orders: { id: string; state: string }[] }>(await indicia(['orders', 'list', '--json'], env));
    expect(orders.orders.filter((o) => o.state === 'completed')).toHaveLength(1);
    const csv = join(home, 'stamps.csv');
    expect((await indicia(['orders', 'export', '--stamps', '--out', csv], env)).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split(/\r\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => bought.stamps.some((s) => l.includes(s.id)))).toBe(true);

    const stampId = bought.stamps[0]!.id;
    const check = await indicia(['refund', stampId, '--check', '--json'], env);
    expect(check.code, check.stderr).toBe(0);
    json(await indicia(['refund', stampId, '--json'], env));
    const status = await indicia(['refund', '--status', '--json'], env);
    expect(status.stdout).toContain(stampId);
    expect(status.stdout).toContain('requested');
    const again = await indicia(['refund', stampId, '--json'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('REFUND');

    // The operator's audit checks the account ledger too: every transaction balanced, every total its lines.
    const audit = await sys.cli('audit', '--json');
    expect(audit.code, audit.stdout).toBe(0);
    const report = JSON.parse(audit.stdout) as { accountLedger: { ok: boolean; transactions: number } };
    expect(report.accountLedger.ok).toBe(true);
    expect(report.accountLedger.transactions).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
