import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { DEFAULT_SIMULATOR_PORT, simulatorConfigFromEnv } from './simulator-config.js';

describe('simulator configuration', () => {
  it('defaults to loopback, port 4450, no key, a 30 s hold and info logs, frozen', () => {
    const config = simulatorConfigFromEnv({});
    expect(config).toEqual({ host: '127.0.0.1', port: DEFAULT_SIMULATOR_PORT, secretKey: null, holdMs: 30_000, logLevel: 'info' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every setting from its variable', () => {
    const config = simulatorConfigFromEnv({
      PAYMENT_SIM_HOST: '::1',
      PAYMENT_SIM_PORT: '0',
      PAYMENT_SIM_SECRET_KEY: 'sk_test_0123456789abcdef',
      PAYMENT_SIM_HOLD_MS: '250',
      PAYMENT_SIM_LOG_LEVEL: 'silent',
    });
    expect(config).toEqual({ host: '::1', port: 0, secretKey: 'sk_test_0123456789abcdef', holdMs: 250, logLevel: 'silent' });
  });

  it('reports every bad setting at once', () => {
    try {
      simulatorConfigFromEnv({ PAYMENT_SIM_HOST: '10.0.0.1', PAYMENT_SIM_PORT: '70000', PAYMENT_SIM_SECRET_KEY: 'short', PAYMENT_SIM_HOLD_MS: '0', PAYMENT_SIM_LOG_LEVEL: 'loud' });
      expect.unreachable('the configuration should have been refused');
    } catch (err) {
      expect(isAppError(err, 'CONFIG_INVALID')).toBe(true);
      expect((err as { details: { problems: string[] } }).details.problems).toHaveLength(5);
    }
  });
});
