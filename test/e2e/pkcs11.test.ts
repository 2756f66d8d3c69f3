import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buy, indicia, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

// The same system with its keys in a real PKCS#11 token (SoftHSM2), made by `indicia init --crypto pkcs11`.
let sys: SystemUnderTest;
beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 1, psds: 2, crypto: 'pkcs11' });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

describe('the system on SoftHSM2', () => {
  it('signs indicia inside the token that the authority directory verifies', async () => {
    const r = await buy(sys, randomUUID(), [{ rateCategory: 1, postage: '850', originZip: '94107' }, { rateCategory: 3, postage: '700', originZip: '94107' }]);
    expect(r.status).toBe(201);
    const hex = (r.body.stamps as { indicium: string }[]).map((s) => Buffer.from(s.indicium, 'base64').toString('hex'));
    const v = await indicia(['verify', '--certs', `${sys.authorityUrl}/.well-known/indicia-certificates.json`, ...hex]);
    expect(v.stdout).toContain('2 of 2 valid');
    expect(v.code).toBe(0);
    const audit = await sys.cli('audit', '--signatures');
    expect(audit.stdout).toContain('audit clean');
  });
});
