import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.js';
import { defaultSystemConfig, type InitChoices } from './default-config.js';
import { CONFIG_FILE, dataPath, validateSystemConfig, type SystemConfig } from './system-config.js';

/** Name of the master key file (32 random bytes, hex) that encrypts the software module's keys. */
export const MASTER_KEY_FILE = 'master.key';

function writeSecretFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // 0600 from the start: the file never exists with wider permissions.
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/**
 * Makes a new data folder: config.json, the master key and a folder per processing server. Refuses an
 * existing config.json (nothing is overwritten). Registration with the authority (license, PSD
 * certificates) happens at first start, when the authority is running.
 */
export function initDataDir(choices: InitChoices): SystemConfig {
  const dataDir = resolve(choices.dataDir);
  const configPath = join(dataDir, CONFIG_FILE);
  if (existsSync(configPath)) {
    throw new AppError('CONFIG_INVALID', `${configPath} exists already; this folder is initialised (use another --data-dir to start afresh)`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const raw = defaultSystemConfig(choices, (n) => randomBytes(n).toString('hex'));
  const config = validateSystemConfig(raw, dataDir);
  const masterKeyPath = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(masterKeyPath)) writeSecretFile(masterKeyPath, `${randomBytes(32).toString('hex')}\n`);
  mkdirSync(join(dataDir, 'authority'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  for (const p of config.processing) {
    mkdirSync(dataPath(config, p.id), { recursive: true, mode: 0o700 });
    if (p.crypto.kind === 'software') mkdirSync(dataPath(config, p.crypto.keyStoreDir), { recursive: true, mode: 0o700 });
  }
  writeSecretFile(configPath, `${JSON.stringify(raw, null, 2)}\n`);
  return config;
}
