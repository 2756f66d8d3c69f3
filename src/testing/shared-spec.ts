// Test fixtures read where they stand: the shared specification folder beside the repository
// (../shared/spec), or SHARED_SPEC_DIR when it lives elsewhere.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** Absolute path of the shared spec folder (`../shared/spec` from the repository root). */
export function sharedSpecDir(): string {
  const fromEnv = process.env.SHARED_SPEC_DIR;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  return join(repoRoot, '..', 'shared', 'spec');
}

/** One vector case of vectors/indicium-v1.json; integers past 2^53 arrive as decimal strings (use BigInt(String(v))). */
export interface VectorCase {
  readonly name: string;
  readonly fields: Readonly<Record<string, number | string>>;
  readonly signedHex: string;
  readonly indiciumHex: string;
  readonly note: string;
}

/** The parsed vectors file; integers too large for a double are kept as decimal strings so they stay exact. */
export interface IndiciumVectors {
  readonly authorityPublicPem: string;
  readonly testKeys: Readonly<Record<'p256PrivatePem' | 'p256PublicPem' | 'ed25519PrivatePem' | 'ed25519PublicPem', string>>;
  readonly directory: { readonly certificates: readonly Record<string, unknown>[] };
  readonly cases: readonly VectorCase[];
  readonly rejections: readonly { name: string; indiciumHex: string; verdict: string; rule: number }[];
  readonly mediumSerial: { serial: string; printed: string; slot: number; packed: string };
}

/** Reads vectors/indicium-v1.json, quoting integers of 16 digits or more so that none is rounded by a double. */
export function loadIndiciumVectors(): IndiciumVectors {
  const text = readFileSync(join(sharedSpecDir(), 'vectors', 'indicium-v1.json'), 'utf8');
  // JSON.parse would round 18446744073709551615 to 18446744073709552000.
  const exact = text.replace(/(:\s*)(\d{16,})(\s*[,}\n])/g, '$1"$2"$3');
  return JSON.parse(exact) as IndiciumVectors;
}
