// Makes SoftHSM2 tokens in a folder of the project's own (not the system /var/lib/softhsm/tokens), for
// tests, benchmarks and `indicia init`. SoftHSM2 finds that folder through SOFTHSM2_CONF, which it reads
// at C_Initialize, so the variable is set here before any module opens the library.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../errors/app-error.js';
import { DEFAULT_PKCS11_LIBRARY } from './pkcs11-module.js';

const execFileAsync = promisify(execFile);

/** What softhsm2-util accepts for a PIN, in characters. */
const PIN_LENGTH = { min: 4, max: 255 } as const;

/** A token made by createSoftHsmToken: what a PKCS#11 module config needs, plus where it lives. */
export interface SoftHsmToken {
  readonly libraryPath: string;
  readonly tokenLabel: string;
  readonly pin: string;
  /** The softhsm2.conf that points SoftHSM2 at `tokenDir`; SOFTHSM2_CONF must name it. */
  readonly confPath: string;
  readonly tokenDir: string;
}

/** Options of createSoftHsmToken. */
export interface SoftHsmTokenOptions {
  /** The project's SoftHSM2 folder: softhsm2.conf and tokens/ go in it. */
  readonly dir: string;
  readonly label: string;
  /** User PIN, 4 to 255 characters. */
  readonly pin: string;
  /** Security officer PIN, 4 to 255 characters. */
  readonly soPin: string;
  readonly libraryPath?: string;
  /** Mechanisms the tokens of this folder must not offer, e.g. ['CKM_EC_EDWARDS_KEY_PAIR_GEN'] to hide Ed25519. */
  readonly disabledMechanisms?: readonly string[];
}

/** Why SoftHSM2 cannot be used here (softhsm2-util or the library missing), or undefined when it can. */
export function softHsmMissingReason(libraryPath: string = DEFAULT_PKCS11_LIBRARY): string | undefined {
  if (!existsSync(libraryPath)) return `no PKCS#11 library at ${libraryPath}`;
  const onPath = (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir, 'softhsm2-util'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return onPath ? undefined : 'softhsm2-util is not on PATH';
}

/** The slots.mechanisms value that hides `disabled` (all mechanisms when it is empty). */
export function mechanismsSetting(disabled: readonly string[] = []): string {
  if (disabled.length === 0) return 'ALL';
  // SoftHSM 2.6.1 keeps the leading '-' on the first name of a deny list, so that name never matches:
  // it is written twice, the second copy doing the work.
  return `-${disabled[0] ?? ''},${disabled.join(',')}`;
}

/** Writes `dir`/softhsm2.conf with its token folder `dir`/tokens and returns the conf's path. */
export async function writeSoftHsmConf(dir: string, disabledMechanisms: readonly string[] = []): Promise<string> {
  const root = resolve(dir);
  const tokenDir = join(root, 'tokens');
  await mkdir(tokenDir, { recursive: true, mode: 0o700 });
  const confPath = join(root, 'softhsm2.conf');
  const conf = [
    '# Written by indicia (src/crypto/softhsm-token.ts): SoftHSM2 tokens of this project only.',
    `directories.tokendir = ${tokenDir}`,
    'objectstore.backend = file',
    'log.level = ERROR',
    'slots.removable = false',
    `slots.mechanisms = ${mechanismsSetting(disabledMechanisms)}`,
    '',
  ].join('\n');
  await writeFile(confPath, conf, { mode: 0o600 });
  return confPath;
}

/** Points SoftHSM2 at `confPath` for this process; it must happen before the first module opens the library. */
export function useSoftHsmConf(confPath: string): void {
  process.env.SOFTHSM2_CONF = resolve(confPath);
}

/** Labels of the initialized tokens SoftHSM2 sees with `confPath` (from softhsm2-util --show-slots). */
export async function softHsmTokenLabels(confPath: string): Promise<string[]> {
  const { stdout } = await runSoftHsmUtil(confPath, ['--show-slots']);
  return [...stdout.matchAll(/^\s*Label:\s*(.*?)\s*$/gm)].map((m) => m[1] ?? '').filter((label) => label !== '');
}

/**
 * Makes a token labelled `label` in `dir` (softhsm2-util --init-token --free) and sets SOFTHSM2_CONF.
 * An existing token of that label throws SOFTHSM_TOKEN_EXISTS rather than making a second one.
 */
export async function createSoftHsmToken(options: SoftHsmTokenOptions): Promise<SoftHsmToken> {
  const libraryPath = options.libraryPath ?? DEFAULT_PKCS11_LIBRARY;
  checkTokenOptions(options);
  const missing = softHsmMissingReason(libraryPath);
  if (missing !== undefined) throw new AppError('SOFTHSM_MISSING', `SoftHSM2 cannot be used: ${missing}`, { libraryPath });
  const confPath = await writeSoftHsmConf(options.dir, options.disabledMechanisms);
  if ((await softHsmTokenLabels(confPath)).includes(options.label)) {
    throw new AppError('SOFTHSM_TOKEN_EXISTS', `A token labelled ${JSON.stringify(options.label)} already exists in ${resolve(options.dir)}`, {
      tokenLabel: options.label,
    });
  }
  // softhsm2-util takes the PINs as arguments only; they are briefly visible to this machine's process list.
  await runSoftHsmUtil(confPath, ['--init-token', '--free', '--label', options.label, '--so-pin', options.soPin, '--pin', options.pin]);
  useSoftHsmConf(confPath);
  return { libraryPath, tokenLabel: options.label, pin: options.pin, confPath, tokenDir: join(resolve(options.dir), 'tokens') };
}

function checkTokenOptions(options: SoftHsmTokenOptions): void {
  const problems: string[] = [];
  if (options.label.trim() === '' || Buffer.byteLength(options.label) > 32) problems.push('label must be 1 to 32 bytes');
  for (const [name, pin] of [['pin', options.pin], ['soPin', options.soPin]] as const) {
    if (pin.length < PIN_LENGTH.min || pin.length > PIN_LENGTH.max) problems.push(`${name} must be ${PIN_LENGTH.min} to ${PIN_LENGTH.max} characters`);
  }
  if (!(options.disabledMechanisms ?? []).every((name) => /^CKM_[A-Z0-9_]+$/.test(name))) problems.push('disabledMechanisms must be CKM_ names');
  if (problems.length > 0) throw new AppError('INVALID_ARGUMENT', `SoftHSM2 token: ${problems.join('; ')}`, { problems });
}

async function runSoftHsmUtil(confPath: string, args: readonly string[]): Promise<{ stdout: string }> {
  try {
    // stdin closed: softhsm2-util prompts for anything missing, which must fail rather than hang.
    const child = execFileAsync('softhsm2-util', [...args], { env: { ...process.env, SOFTHSM2_CONF: confPath }, timeout: 30_000 });
    child.child.stdin?.end();
    const { stdout } = await child;
    return { stdout };
  } catch (err) {
    const e = err as { code?: string | number; stderr?: string; stdout?: string; signal?: string | null };
    if (e.code === 'ENOENT') throw new AppError('SOFTHSM_MISSING', 'softhsm2-util is not on PATH');
    // Neither the error's message nor its cause is kept: both quote the command line, PINs included.
    const output = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').slice(-3).join(' / ');
    const status = e.signal ? `signal ${e.signal}` : `exit code ${String(e.code)}`;
    throw new AppError('SOFTHSM_TOKEN_INIT_FAILED', `softhsm2-util ${args[0] ?? ''} failed (${status}): ${output || 'no output'}`, {
      step: args[0],
    });
  }
}
