import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { credentialsPath, userConfigDir } from './config-dir.js';
import { saveProfile } from './credentials-store.js';
import { clientSettings, openSession } from './session.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'indicia-session-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const io = (env: Record<string, string>): CliIo => ({ out: () => {}, err: () => {}, env: { HOME: home, ...env }, cwd: home });

describe('openSession', () => {
  it('uses the profile named by the flag, else INDICIA_PROFILE, else default; the environment overrides URL and key', async () => {
    const path = credentialsPath(userConfigDir({ HOME: home }));
    await saveProfile(path, 'default', { url: 'http://default.test', apiKey: 'ik_default' });
    await saveProfile(path, 'work', { url: 'http://work.test/', apiKey: 'ik_work' });
    expect((await openSession(io({}), undefined)).credentials).toEqual({ url: 'http://default.test', apiKey: 'ik_default' });
    expect((await openSession(io({ INDICIA_PROFILE: 'work' }), undefined)).profile).toBe('work');
    expect((await openSession(io({}), 'work')).credentials).toEqual({ url: 'http://work.test', apiKey: 'ik_work' });
    expect((await openSession(io({ INDICIA_URL: 'http://env.test' }), 'work')).credentials).toEqual({ url: 'http://env.test', apiKey: 'ik_work' });
    expect((await openSession(io({ INDICIA_API_KEY: 'ik_env' }), undefined)).credentials.apiKey).toBe('ik_env');
  });

  it('says CLIENT_NOT_LOGGED_IN, naming what is missing', async () => {
    await expect(openSession(io({}), undefined)).rejects.toMatchObject({ code: 'CLIENT_NOT_LOGGED_IN', message: expect.stringContaining('Profile default has no URL and API key') });
    await expect(openSession(io({ INDICIA_URL: 'http://env.test' }), 'x')).rejects.toMatchObject({ message: expect.stringContaining('Profile x has no API key') });
  });
});

describe('clientSettings', () => {
  it('reads the timeout and retries, reporting every bad value at once', () => {
    expect(clientSettings({})).toEqual({ timeoutMs: undefined, retries: undefined });
    expect(clientSettings({ INDICIA_TIMEOUT_MS: '1500', INDICIA_RETRIES: '0' })).toEqual({ timeoutMs: 1500, retries: 0 });
    expect(() => clientSettings({ INDICIA_TIMEOUT_MS: '0', INDICIA_RETRIES: 'many' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { problems: [expect.stringContaining('INDICIA_TIMEOUT_MS'), expect.stringContaining('INDICIA_RETRIES')] } }),
    );
  });
});
