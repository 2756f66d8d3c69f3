import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsPath, journalPath, userConfigDir } from './config-dir.js';
import { checkProfileName, readCredentials, removeProfile, saveProfile } from './credentials-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'indicia-cred-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('userConfigDir', () => {
  it('follows XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(userConfigDir({ XDG_CONFIG_HOME: '/x/conf', HOME: '/home/u' })).toBe('/x/conf/indicia');
    expect(userConfigDir({ XDG_CONFIG_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.config/indicia');
    expect(userConfigDir({ HOME: '/home/u' })).toBe('/home/u/.config/indicia');
    expect(credentialsPath('/c')).toBe('/c/credentials.json');
    expect(journalPath('/c')).toBe('/c/stamps.jsonl');
  });
});

describe('the credentials file', () => {
  it('holds no profile until one is saved; saves profiles with mode 0600 in a 0700 folder, atomically', async () => {
    const path = join(dir, 'indicia', 'credentials.json');
    expect(await readCredentials(path)).toEqual({});
    await saveProfile(path, 'default', { url: 'http://a', apiKey: 'ik_a' });
    await saveProfile(path, 'work', { url: 'http://b', apiKey: 'ik_b' });
    await saveProfile(path, 'default', { url: 'http://c', apiKey: 'ik_c' });
    expect(await readCredentials(path)).toEqual({ default: { url: 'http://c', apiKey: 'ik_c' }, work: { url: 'http://b', apiKey: 'ik_b' } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'indicia'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'indicia'))).toEqual(['credentials.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('tightens a file that was readable by others when it rewrites it', async () => {
    const path = join(dir, 'credentials.json');
    await writeFile(path, JSON.stringify({ version: 1, profiles: {} }), { mode: 0o644 });
    await saveProfile(path, 'default', { url: 'http://a', apiKey: 'ik_a' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('removes a profile, and the file with the last one', async () => {
    const path = join(dir, 'credentials.json');
    await saveProfile(path, 'a', { url: 'http://a', apiKey: 'ik_a' });
    await saveProfile(path, 'b', { url: 'http://b', apiKey: 'ik_b' });
    expect(await removeProfile(path, 'a')).toBe(true);
    expect(await removeProfile(path, 'a')).toBe(false);
    expect(Object.keys(await readCredentials(path))).toEqual(['b']);
    expect(await removeProfile(path, 'b')).toBe(true);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('reports a damaged file as CLIENT_CREDENTIALS_INVALID', async () => {
    const path = join(dir, 'credentials.json');
    for (const text of ['{', '{"version":2,"profiles":{}}', '{"version":1,"profiles":{"x":{"url":"http://a"}}}']) {
      await writeFile(path, text);
      await expect(readCredentials(path)).rejects.toMatchObject({ code: 'CLIENT_CREDENTIALS_INVALID' });
    }
  });

  it('reports a file it cannot write as CLIENT_CREDENTIALS_WRITE_FAILED, leaving nothing behind', async () => {
    // A name that can be read (absent) but whose temporary file's name is too long for the file system,
    // which fails even for root.
    const path = join(dir, `${'c'.repeat(245)}.json`);
    await expect(saveProfile(path, 'default', { url: 'http://a', apiKey: 'ik_a' })).rejects.toMatchObject({ code: 'CLIENT_CREDENTIALS_WRITE_FAILED' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes profile names that make safe keys only', () => {
    expect(checkProfileName('work-2')).toBe('work-2');
    for (const bad of ['', '.hidden', 'a/b', 'a b', 'x'.repeat(65)]) expect(() => checkProfileName(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
