// The customer verbs (balance, topup, cards, refund, orders, login --email) through runCli against a
// Fastify stand-in of the customer API on a loopback port, with a fresh config folder per test.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCustomerStandIn, STAND_IN_KEY, STAND_IN_LOGIN, type CustomerStandIn } from './helpers/customer-stand-in.js';
import { userHome, type UserHome } from './helpers/run-user-cli.js';

async function setUp(): Promise<{ server: CustomerStandIn; user: UserHome; env: Record<string, string> }> {
  const server = await startCustomerStandIn();
  const user = await userHome();
  return { server, user, env: { INDICIA_URL: server.url, INDICIA_API_KEY: STAND_IN_KEY } };
}

describe('indicia balance', () => {
  it('prints the balance, held, low-balance flag and auto-refill, or the answer as JSON', async () => {
    const { server, user, env } = await setUp();
    const text = await user.run(['balance'], env);
    expect(text.status, text.err).toBe(0);
    expect(text.out.split('\n')).toEqual([
      'balance      $12.34',
      'held         $0.74 (reserved for purchases in flight)',
      'low balance  YES (warns under $20.00)',
      'paid by      prepaid balance',
      'auto-refill  on: $50.00 from the default card when a purchase would leave less than $10.00, at most $500.00 a month',
      'refilled     $50.00 this month',
      '',
    ]);
    expect(text.err).toBe('the balance is low: top it up with indicia topup AMOUNT\n');
    const json = await user.run(['balance', '--json'], env);
    expect(JSON.parse(json.out)).toMatchObject({ balanceMills: '12340', heldMills: '740', lowBalance: true, autoRefill: { usedThisMonthMills: '50000' } });
    expect(json.err).toBe('');
    expect(server.calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${STAND_IN_KEY}`, `Bearer ${STAND_IN_KEY}`]);
  });

  it('says how to log in when no key is known, and passes the server\'s refusal of a key on', async () => {
    const { server, user } = await setUp();
    const none = await user.run(['balance']);
    expect([none.status, none.err.split(':')[0]]).toEqual([1, 'error CLIENT_NOT_LOGGED_IN']);
    const wrong = await user.run(['balance'], { INDICIA_URL: server.url, INDICIA_API_KEY: 'ik_wrong' });
    expect(wrong.status).toBe(1);
    expect(wrong.err).toMatch(/^error API_KEY_INVALID: /);
  });
});

describe('indicia topup', () => {
  it('tops up, prints the key first and the new balance after', async () => {
    const { server, user, env } = await setUp();
    const run = await user.run(['topup', '25.00', '--idempotency-key', 'tk-1'], env);
    expect(run.status, run.err).toBe(0);
    expect(run.err).toBe('top-up key tk-1 (to retry safely: indicia topup 25.00 --idempotency-key tk-1)\n');
    expect(run.out).toBe('topped up $25.00 from visa ending 4242 (top-up topup-1, key tk-1)\nbalance $37.34, $0.74 held\n');
    const topUp = server.calls.find((c) => c.path === '/v1/topups')!;
    expect([topUp.headers['idempotency-key'], topUp.body]).toEqual(['tk-1', { amountDollars: '25.00' }]);
  });

  it('retries a lost answer with the same key and charges once; a rerun with the key charges nothing more', async () => {
    const { server, user, env } = await setUp();
    server.state.dropTopUps = 1;
    const run = await user.run(['topup', '$30', '--card', 'card-1', '--json'], { ...env, INDICIA_RETRIES: '2' });
    expect(run.status, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { topUp: { idempotencyKey: string; amountMills: string }; balance: { balanceMills: string } };
    const key = doc.topUp.idempotencyKey;
    expect(doc.topUp.amountMills).toBe('30000');
    expect(doc.balance.balanceMills).toBe('42340');
    expect(run.err).toContain(`retrying the top-up in `);
    expect(run.err).toContain(`same key ${key}`);
    const posts = server.calls.filter((c) => c.path === '/v1/topups');
    expect(posts.map((c) => c.headers['idempotency-key'])).toEqual([key, key]);
    expect(server.state.charges).toBe(1);

    // "$30" was sent as "30": the same command with the key gets the first top-up back.
    const again = await user.run(['topup', '30', '--card', 'card-1', '--idempotency-key', key], env);
    expect(again.status, again.err).toBe(0);
    expect(again.out).toMatch(/^topped up \$30\.00 from visa ending 4242 \(top-up topup-1, /);
    expect(server.state.charges).toBe(1);
    // The key with another amount is refused by the server, and nothing is charged.
    const reused = await user.run(['topup', '40', '--card', 'card-1', '--idempotency-key', key], env);
    expect([reused.status, reused.err.split('\n').at(-2)?.split(':')[0]]).toEqual([1, 'error TOPUP_IDEMPOTENCY_KEY_REUSED']);
    expect(server.state.charges).toBe(1);
  });

  it('refuses a bad amount before any request, and reports a declined card with exit 1', async () => {
    const { server, user, env } = await setUp();
    for (const [amount, code] of [['4.99', 'MONEY_OUT_OF_RANGE'], ['25.005', 'PAYMENT_AMOUNT_FRACTIONAL_CENT'], ['lots', 'MONEY_INVALID']] as const) {
      const bad = await user.run(['topup', amount], env);
      expect([bad.status, bad.err.split(':')[0]]).toEqual([2, `error ${code}`]);
    }
    expect(server.calls).toHaveLength(0);
    server.state.cards.push({ id: 'card-2', brand: 'visa', last4: '0002', expMonth: 1, expYear: 2031, holderName: null, isDefault: false, removed: false });
    const declined = await user.run(['topup', '25', '--card', 'card-2'], env);
    expect(declined.status).toBe(1);
    expect(declined.err).toMatch(/\nerror CARD_DECLINED: The bank declined the card\. /);
    expect(declined.err).not.toContain('may have been made');
  });
});

describe('indicia cards', () => {
  it('adds a card from standard input, never from argv, and lists, defaults and removes cards', async () => {
    const { server, user, env } = await setUp();
    const inArgv = await user.run(['cards', 'add', '5555555555554444', '--expiry', '12/30'], env);
    expect(inArgv.status).toBe(2);
    expect(inArgv.err).toMatch(/^error INVALID_ARGUMENT: indicia cards add takes the card number on standard input, never as an argument\. /);
    expect(server.calls).toHaveLength(0);

    const add = await user.run(['cards', 'add', '--expiry', '12/30', '--name', 'Ada Lovelace'], env, '5555 5555 5555 4444\n123\n');
    expect(add.status, add.err).toBe(0);
    expect(add.out).toBe('added mastercard ending 4444 as card card-2\n');
    expect(`${add.out}${add.err}`).not.toContain('5555555555554444');
    expect(server.calls.at(-1)!.body).toEqual({ number: '5555555555554444', cvc: '123', expMonth: 12, expYear: 2030, holderName: 'Ada Lovelace' });
    // Nothing of the card is kept on this machine.
    expect(await readdir(user.configDir).catch(() => [])).toEqual([]);

    const short = await user.run(['cards', 'add', '--expiry', '01/2031'], env, '4111111111111111\n');
    expect(short.status).toBe(2);
    expect(short.err).toMatch(/\nerror CLIENT_SECRET_INPUT_MISSING: Standard input ended before the Security code /);

    expect((await user.run(['cards', 'default', 'card-2'], env)).out).toBe('card card-2 (mastercard ending 4444) is the default\n');
    const list = await user.run(['cards', 'list'], env);
    expect(list.out.split('\n')[0]).toMatch(/^ID\s+CARD\s+EXPIRES\s+NAME$/);
    expect(list.out).toMatch(/card-2\s+mastercard ending 4444\s+12\/2030\s+Ada Lovelace\s+default/);
    expect((await user.run(['cards', 'remove', 'card-1'], env)).out).toBe('removed card card-1\n');
    expect(JSON.parse((await user.run(['cards', 'list', '--json'], env)).out).cards.map((c: { id: string }) => c.id)).toEqual(['card-2']);
    const gone = await user.run(['cards', 'remove', 'card-1'], env);
    expect([gone.status, gone.err.split(':')[0]]).toEqual([2, 'error CARD_NOT_FOUND']);
  });
});

describe('indicia refund', () => {
  it('checks eligibility, requests, and lists the requests with status and expected date', async () => {
    const { server, user, env } = await setUp();
    const check = await user.run(['refund', 'stamp-a', 'stamp-b', '--check'], env);
    expect(check.status, check.err).toBe(0);
    expect(check.out).toMatch(/stamp-a\s+eligible\s+\$0\.74\s+2026-12-24/);
    expect(server.calls.some((c) => c.path === '/v1/refunds')).toBe(false);

    const made = await user.run(['refund', 'stamp-a', 'stamp-b'], env);
    expect(made.status, made.err).toBe(0);
    expect(made.out).toMatch(/refund-1\s+stamp-a\s+requested\s+\$0\.74\s+2026-11-24\s+2026-12-24\s+-/);
    expect(made.out).toContain('requested 2 refunds of $1.48; see where they stand with indicia refund --status\n');
    expect(server.calls.find((c) => c.path === '/v1/refunds')!.body).toEqual({ stampIds: ['stamp-a', 'stamp-b'] });

    const status = await user.run(['refund', '--status', '--json'], env);
    expect(JSON.parse(status.out).refunds.map((r: { id: string; status: string }) => `${r.id} ${r.status}`)).toEqual(['refund-2 requested', 'refund-1 requested']);
    const one = await user.run(['refund', '--status', 'refund-1'], env);
    expect(one.out.split('\n')[1]).toMatch(/^refund-1\s+stamp-a\s+requested/);
    const filtered = await user.run(['refund', '--status', '--filter', 'approved'], env);
    expect([filtered.out, filtered.err]).toEqual(['', 'no refund requests\n']);
    expect(server.calls.at(-1)!.path).toBe('/v1/refunds?status=approved&limit=20');
  });

  it('requests nothing when one stamp is not eligible, and says why', async () => {
    const { server, user, env } = await setUp();
    const run = await user.run(['refund', 'stamp-ok', 'stamp-used'], env);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/stamp-used\s+NOT ELIGIBLE\s+\$0\.74\s+REFUND_WINDOW_PASSED: The stamp was bought more than 30 days ago/);
    expect(run.err).toMatch(/^error REFUND_NOT_ELIGIBLE: 1 of 2 stamps cannot be refunded: stamp-used\. /);
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
    const check = await user.run(['refund', 'stamp-used', '--check', '--json'], env);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.out)).toMatchObject({ requested: false, eligibility: [{ stampId: 'stamp-used', eligible: false }] });
    const unknown = await user.run(['refund', 'nope'], env);
    expect([unknown.status, unknown.err.split(':')[0]]).toEqual([2, 'error STAMP_NOT_FOUND']);
  });
});

describe('indicia orders', () => {
  it('lists with filters, shows one order, and prints a receipt as text, JSON or an HTML file', async () => {
    const { server, user, env } = await setUp();
    const list = await user.run(['orders', 'list', '--from', '2026-11-01', '--to', '2026-11-30'], env);
    expect(list.status, list.err).toBe(0);
    expect(list.out).toMatch(/order-1\s+2026-11-24 10:00:00\s+completed\s+2\s+\$1\.48/);
    expect(list.out).toMatch(/order-2 .*failed .*BALANCE_INSUFFICIENT: The balance does not cover the purchase/);
    expect(server.calls[0]!.path).toBe('/v1/orders?from=2026-11-01&to=2026-11-30&limit=20');
    const failed = JSON.parse((await user.run(['orders', 'list', '--state', 'failed', '--json'], env)).out);
    expect(failed.orders.map((o: { id: string }) => o.id)).toEqual(['order-2']);
    const range = await user.run(['orders', 'list', '--from', '2026-12-01', '--to', '2026-11-01'], env);
    expect([range.status, range.err.split(':')[0]]).toEqual([2, 'error HISTORY_RANGE_INVALID']);

    const show = await user.run(['orders', 'show', 'order-1'], env);
    expect(show.out).toMatch(/stamp-a\s+\$0\.74\s+2026-11-24\s+First-Class Mail letter\s+2026-1124-0001-8 slot 3/);
    const receipt = await user.run(['orders', 'receipt', 'order-1'], env);
    expect(receipt.out).toMatch(/^receipt R-0001 for order order-1, completed 2026-11-24T10:00:01.000Z\npaid by card visa ending 4242\n/);
    expect(receipt.out).toContain('total $1.48\n');
    const html = await user.run(['orders', 'receipt', 'order-1', '--html', 'receipt.html'], env);
    expect(html.out).toBe(`wrote the receipt of order order-1 to ${join(user.home, 'receipt.html')}\n`);
    expect(await readFile(join(user.home, 'receipt.html'), 'utf8')).toContain('<title>Receipt R-0001</title>');
    const none = await user.run(['orders', 'receipt', 'order-2'], env);
    expect(none.status).toBe(1);
    expect(none.err).toMatch(/^error ORDER_NOT_COMPLETED: Order order-2 failed and has no receipt\. /);
  });

  it('exports orders and stamps to CSV files, with progress on stderr for big exports', async () => {
    const { server, user, env } = await setUp();
    const orders = await user.run(['orders', 'export', '--out', 'orders.csv', '--state', 'completed'], env);
    expect(orders.status, orders.err).toBe(0);
    expect(await readFile(join(user.home, 'orders.csv'), 'utf8')).toBe('order_id,state,total_usd\r\norder-1,completed,1.480\r\norder-2,completed,1.480\r\norder-3,completed,1.480\r\n');
    expect(orders.out).toBe(`exported orders to ${join(user.home, 'orders.csv')} (101 bytes)\n`);
    expect(server.calls.at(-1)!.path).toBe('/v1/orders.csv?state=completed');

    server.state.csvRows = 120_000;
    const stamps = await user.run(['orders', 'export', '--stamps', '--out', 'stamps.csv', '--refund-status', 'none', '--category', 'letter'], env);
    expect(stamps.status, stamps.err).toBe(0);
    const file = join(user.home, 'stamps.csv');
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThan(3 << 20);
    expect((await readFile(file, 'utf8')).split('\r\n')).toHaveLength(120_002);
    expect(stamps.err.split('\n').filter((l) => l !== '').every((l) => /^exporting: \d+\.\d MiB so far$/.test(l))).toBe(true);
    expect(stamps.err.split('\n').filter((l) => l !== '').length).toBeGreaterThanOrEqual(3);
    expect(server.calls.at(-1)!.path).toBe('/v1/stamps.csv?rateCategory=letter&refundStatus=none');
    expect((await readdir(user.home)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const quiet = await user.run(['orders', 'export', '--stamps', '--out', 'again.csv', '--json'], env);
    expect([quiet.err, JSON.parse(quiet.out).bytes]).toEqual(['', size]);

    const mixed = await user.run(['orders', 'export', '--out', 'x.csv', '--refund-status', 'none'], env);
    expect([mixed.status, mixed.err.split(':')[0]]).toEqual([2, 'error INVALID_ARGUMENT']);
  });
});

describe('indicia login --email', () => {
  it('opens a session, makes a key for this machine, stores it, checks it and closes the session', async () => {
    const { server, user } = await setUp();
    const run = await user.run(['login', '--url', server.url, '--email', STAND_IN_LOGIN.email, '--key-name', 'test laptop', '--json'], {}, `${STAND_IN_LOGIN.password}\n`);
    expect(run.status, run.err).toBe(0);
    expect(run.err).toBe(`reading the password of ${STAND_IN_LOGIN.email} from standard input\n`);
    const doc = JSON.parse(run.out) as { profile: string; apiKey: string; apiKeyId: string };
    expect([doc.profile, doc.apiKeyId]).toEqual(['default', 'key-1']);
    const key = server.state.apiKeys[0]!;
    expect(key.name).toBe('test laptop');
    expect(doc.apiKey).toBe(`${key.secret.slice(0, 7)}…`);
    const stored = JSON.parse(await readFile(join(user.configDir, 'credentials.json'), 'utf8')) as { profiles: Record<string, { apiKey: string }> };
    expect(stored.profiles.default!.apiKey).toBe(key.secret);
    expect(JSON.stringify(stored)).not.toContain(STAND_IN_LOGIN.password);
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/session', 'POST /v1/api-keys', 'DELETE /v1/session', 'GET /v1/stamps?limit=1']);
    const makeKey = server.calls[1]!;
    expect(makeKey.headers.cookie).toMatch(/^indicia_session=/);
    expect(makeKey.headers['x-csrf-token']).toMatch(/^csrf-/);
    expect(makeKey.headers.authorization).toBeUndefined();
    expect(server.state.sessions.size).toBe(0);
    // The stored key works for the other verbs.
    expect((await user.run(['balance', '--json'])).status).toBe(0);
  });

  it('asks for the password without echo at a terminal, and stores nothing when the password is wrong', async () => {
    const { server, user } = await setUp();
    const tty = await user.run(['login', '--url', server.url, '--email', STAND_IN_LOGIN.email], {}, { tty: `${STAND_IN_LOGIN.password}\n` });
    expect(tty.status, tty.err).toBe(0);
    expect(tty.err).toBe(`Password for ${STAND_IN_LOGIN.email}: \n`);
    expect(server.state.apiKeys[0]!.name).toMatch(/^indicia CLI on /);

    const other = await userHome();
    const wrong = await other.run(['login', '--url', server.url, '--email', STAND_IN_LOGIN.email, '--password-stdin'], {}, 'wrong password\n');
    expect(wrong.status).toBe(1);
    expect(wrong.err).toMatch(/^reading the password of ada@example\.com from standard input\nerror LOGIN_FAILED: /);
    expect(server.state.apiKeys).toHaveLength(1);
    await expect(stat(join(other.configDir, 'credentials.json'))).rejects.toThrow(/ENOENT/);
    const both = await other.run(['login', '--url', server.url, '--email', 'a@b.c', '--api-key', 'ik_x']);
    expect(both.status).toBe(2);
    expect(both.err).toMatch(/^error INVALID_ARGUMENT: Give --email or an API key, not both\. /);
  });
});

describe('indicia buy priced by the server', () => {
  it('sends --weight and --country, leaves the postage out, and totals what the stamps carry', async () => {
    const { server, user, env } = await setUp();
    const run = await user.run(['buy', '--category', 'international', '--from', '94107', '--weight', '2.5', '--country', 'ca', '--quantity', '2', '--json'], env);
    expect(run.status, run.err).toBe(0);
    const body = server.calls.find((c) => c.method === 'POST' && c.path === '/v1/stamps')!.body as { stamps: unknown[] };
    expect(body.stamps).toEqual(Array(2).fill({ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA' }));
    const doc = JSON.parse(run.out) as { totalPostageMills: string; stamps: { fields: { postage: string } }[] };
    expect(doc.stamps.map((s) => s.fields.postage)).toEqual(['840', '840']);
    expect(doc.totalPostageMills).toBe('1680');
    // The journal keeps the parameters as given, so that --resume prices the rest the same way.
    const batch = (await user.journal()).find((e) => e.type === 'batch') as { params: Record<string, unknown> } | undefined;
    expect(batch?.params).toEqual({ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA', quantity: 2 });

    const text = await user.run(['buy', '--category', 'letter', '--from', '94107', '--to', '10001', '--weight', '3'], env);
    expect(text.status, text.err).toBe(0);
    expect(text.out).toMatch(/\nbought 1 stamps, \$0\.84 of postage, in 1 purchases; batch key /);
    const bad = await user.run(['buy', '--category', 'letter', '--from', '94107', '--weight', 'heavy'], env);
    expect([bad.status, bad.err.split(':')[0]]).toEqual([2, 'error WEIGHT_INVALID']);
  });
});
