import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buy, indicia, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

// The whole system as an operator starts it: `indicia init` + `indicia start`, real processes on loopback.
let sys: SystemUnderTest;
beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 3, psds: 2 });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const letter = { rateCategory: 1, postage: '850', originZip: '94107', destinationZip: '10001' };

interface PsdRow {
  psdId: number;
  status: string;
  registers: { descendingMills: string };
}

async function psdList(): Promise<{ server: string; psds: PsdRow[] }[]> {
  const r = await sys.cli('psd', 'list', '--json');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { servers: { server: string; psds: PsdRow[] }[] }).servers;
}

describe('the started system', () => {
  it('sells a stamp that indicia verify calls valid with the authority directory', async () => {
    const r = await buy(sys, randomUUID(), [letter, { ...letter, rateCategory: 5, postageDollars: '17.00', postage: undefined }]);
    expect(r.status).toBe(201);
    const stamps = r.body.stamps as { indicium: string; fields: { licenseNumber: number } }[];
    expect(stamps).toHaveLength(2);
    expect(stamps.every((s) => s.fields.licenseNumber === sys.licenseNumber)).toBe(true);
    const hex = stamps.map((s) => Buffer.from(s.indicium, 'base64').toString('hex'));
    const v = await indicia(['verify', '--certs', `${sys.authorityUrl}/.well-known/indicia-certificates.json`, ...hex]);
    expect(v.stdout).toContain('2 of 2 valid');
    expect(v.code).toBe(0);
  });

  it('spreads purchases over the processing servers round-robin', async () => {
    const psdIds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await buy(sys, randomUUID(), [letter]);
      expect(r.status).toBe(201);
      psdIds.push((r.body.stamps as { fields: { psdId: number } }[])[0]!.fields.psdId);
    }
    // Each server holds its own PSDs, so three consecutive purchases land on PSDs of three servers.
    const list = await sys.cli('servers', 'list', '--json');
    const servers = (JSON.parse(list.stdout) as { servers: { name: string; healthy: boolean }[] }).servers;
    expect(servers.map((s) => s.name).sort()).toEqual(['processing-1', 'processing-2', 'processing-3']);
    expect(servers.every((s) => s.healthy)).toBe(true);
    expect(new Set(psdIds.slice(0, 3)).size).toBe(3);
    expect(new Set(psdIds).size).toBeGreaterThanOrEqual(3);
  });

  it('replays an idempotent purchase and refuses the same key with another body', async () => {
    const key = randomUUID();
    const first = await buy(sys, key, [letter]);
    const again = await buy(sys, key, [letter]);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await buy(sys, key, [{ ...letter, postage: '1000' }]);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets the operator drain a server, fund the deposit and audit every PSD', async () => {
    const drained = await sys.cli('servers', 'drain', 'processing-2');
    expect(drained.code).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500)); // the web server re-reads the list at its next health round
    const psdsAfterDrain = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const r = await buy(sys, randomUUID(), [letter]);
      psdsAfterDrain.add((r.body.stamps as { fields: { psdId: number } }[])[0]!.fields.psdId);
    }
    const enabled = await sys.cli('servers', 'enable', 'processing-2');
    expect(enabled.code).toBe(0);
    const drainedPsds = (await psdList()).find((s) => s.server === 'processing-2')!.psds.map((p) => p.psdId);
    expect(drainedPsds.length).toBeGreaterThan(0);
    expect([...psdsAfterDrain].filter((id) => drainedPsds.includes(id))).toEqual([]);

    const before = JSON.parse((await sys.cli('authority', 'deposit', '--json')).stdout) as { balanceMills: string };
    const funded = await sys.cli('authority', 'fund', '250.5', '--reference', 'e2e-funding');
    expect(funded.code).toBe(0);
    const after = JSON.parse((await sys.cli('authority', 'deposit', '--json')).stdout) as { balanceMills: string };
    expect(BigInt(after.balanceMills) - BigInt(before.balanceMills)).toBe(250_500n);

    const audit = await sys.cli('audit', '--signatures');
    expect(audit.stdout).toContain('audit clean');
    expect(audit.code).toBe(0);
  });

  it('lets the operator reset and withdraw a PSD, with the money moving through the deposit', async () => {
    const psd = (await psdList()).find((s) => s.server === 'processing-3')!.psds[0]!;
    const reset = await sys.cli('psd', 'reset', 'processing-3', String(psd.psdId), '5', '--json');
    expect(reset.code).toBe(0);
    const afterReset = (await psdList()).find((s) => s.server === 'processing-3')!.psds.find((p) => p.psdId === psd.psdId)!;
    expect(BigInt(afterReset.registers.descendingMills) - BigInt(psd.registers.descendingMills)).toBe(5_000n);

    const depositBefore = BigInt((JSON.parse((await sys.cli('authority', 'deposit', '--json')).stdout) as { balanceMills: string }).balanceMills);
    const withdrawn = await sys.cli('psd', 'withdraw', 'processing-3', String(psd.psdId), '--json');
    expect(withdrawn.code).toBe(0);
    const after = (await psdList()).find((s) => s.server === 'processing-3')!.psds.find((p) => p.psdId === psd.psdId)!;
    expect(after.status).toBe('withdrawn');
    const depositAfter = BigInt((JSON.parse((await sys.cli('authority', 'deposit', '--json')).stdout) as { balanceMills: string }).balanceMills);
    expect(depositAfter - depositBefore).toBe(BigInt(afterReset.registers.descendingMills));
    // The server keeps selling from its other PSDs.
    expect((await buy(sys, randomUUID(), [letter])).status).toBe(201);
  });

  it('scans a sold stamp at the authority: valid once, then a duplicate', async () => {
    const r = await buy(sys, randomUUID(), [letter]);
    const hex = Buffer.from((r.body.stamps as { indicium: string }[])[0]!.indicium, 'base64').toString('hex');
    const first = await sys.cli('authority', 'scan', '--json', hex);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { results: { result: { status: string } }[] }).results[0]!.result.status).toBe('valid');
    const second = await sys.cli('authority', 'scan', '--json', hex);
    expect(second.code).toBe(1);
    expect((JSON.parse(second.stdout) as { results: { result: { status: string } }[] }).results[0]!.result.status).toBe('duplicate');
  });

  it('makes and revokes API keys from the command line', async () => {
    const { accountId } = JSON.parse(readFileSync(join(sys.dataDir, 'demo-login.json'), 'utf8')) as { accountId: string };
    const refused = await sys.cli('keys', 'create', 'shop', '--json');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--account');
    const created = JSON.parse((await sys.cli('keys', 'create', 'shop', '--account', accountId, '--json')).stdout) as { key: { id: string }; secret: string };
    const ok = await fetch(`${sys.webUrl}/v1/stamps?limit=1`, { headers: { authorization: `Bearer ${created.secret}` } });
    expect(ok.status).toBe(200);
    expect((await sys.cli('keys', 'revoke', created.key.id)).code).toBe(0);
  });
});
