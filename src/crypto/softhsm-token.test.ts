import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectionCode, makeTestDir, removeTestDirs } from './crypto-module.contract.js';
import { createSoftHsmToken, mechanismsSetting, softHsmMissingReason, softHsmTokenLabels, writeSoftHsmConf } from './softhsm-token.js';

afterAll(removeTestDirs);

const missing = softHsmMissingReason();

describe('softhsm2.conf', () => {
  it('points SoftHSM2 at the folder of its own, and deny-lists mechanisms around the 2.6.1 quirk', async () => {
    const dir = makeTestDir('softhsm-conf');
    const conf = readFileSync(await writeSoftHsmConf(dir, ['CKM_EDDSA', 'CKM_EC_EDWARDS_KEY_PAIR_GEN']), 'utf8');
    expect(conf).toContain(`directories.tokendir = ${join(dir, 'tokens')}\n`);
    expect(conf).toContain('slots.mechanisms = -CKM_EDDSA,CKM_EDDSA,CKM_EC_EDWARDS_KEY_PAIR_GEN\n');
    expect(mechanismsSetting()).toBe('ALL');
  });

  it('refuses PINs softhsm2-util would prompt for, and odd mechanism names, before running anything', async () => {
    const dir = makeTestDir('softhsm-bad');
    for (const options of [{ pin: '123' }, { soPin: 'x'.repeat(256) }, { label: '' }, { disabledMechanisms: ['ALL\nlog.level = DEBUG'] }]) {
      expect(await rejectionCode(createSoftHsmToken({ dir, label: 't', pin: '1234', soPin: '5678', ...options }))).toBe('INVALID_ARGUMENT');
    }
  });
});

if (missing !== undefined && process.env.CI) {
  describe('SoftHSM2 tokens', () => {
    it('needs SoftHSM2, which CI must install (apt-get install softhsm2)', () => {
      throw new Error(`SoftHSM2 is required when CI is set: ${missing}`);
    });
  });
} else if (missing !== undefined) {
  describe('SoftHSM2 tokens', () => {
    it.skip(`skipped locally: ${missing} (apt-get install softhsm2 to run it)`, () => {});
  });
} else {
  describe('SoftHSM2 tokens', () => {
    it('makes a token in the folder, sets SOFTHSM2_CONF, and refuses a second token of the same label', async () => {
      const dir = makeTestDir('softhsm-token');
      const token = await createSoftHsmToken({ dir, label: 'psd-tokens', pin: '1234', soPin: '5678' });
      expect(process.env.SOFTHSM2_CONF).toBe(token.confPath);
      expect(token.tokenDir).toBe(join(dir, 'tokens'));
      expect(await softHsmTokenLabels(token.confPath)).toEqual(['psd-tokens']);
      expect(await rejectionCode(createSoftHsmToken({ dir, label: 'psd-tokens', pin: '1234', soPin: '5678' }))).toBe('SOFTHSM_TOKEN_EXISTS');
      await createSoftHsmToken({ dir, label: 'second', pin: '1234', soPin: '5678' });
      expect((await softHsmTokenLabels(token.confPath)).sort()).toEqual(['psd-tokens', 'second']);
    });
  });
}
