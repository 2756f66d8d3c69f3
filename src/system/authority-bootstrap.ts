import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors/app-error.js';
import type { AuthorityFacts } from './process-env.js';

async function call(url: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => {
    throw new AppError('INTERNAL', `the postal authority at ${url} cannot be reached: ${(err as Error).message}`);
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new AppError('INTERNAL', `the postal authority answered ${res.status} ${String(body.code ?? '')}: ${String(body.message ?? '')}`);
  return body;
}

/**
 * Asks the running authority for the vendor's single license number (idempotent: the same number every
 * time) and its public key, which the processing servers need to verify reset authorizations; writes the
 * key to `publicKeyFile`.
 */
export async function bootstrapFromAuthority(authorityUrl: string, vendorToken: string, publicKeyFile: string): Promise<AuthorityFacts> {
  const license = (await call(`${authorityUrl}/v1/license`, {
    method: 'POST',
    headers: { authorization: `Bearer ${vendorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ vendorName: 'indicia postage vendor' }),
  })) as { licenseNumber?: unknown };
  if (typeof license.licenseNumber !== 'number') throw new AppError('INTERNAL', 'the postal authority answered no license number');
  const info = (await call(`${authorityUrl}/v1/authority`, { method: 'GET' })) as { publicKeyPem?: unknown };
  if (typeof info.publicKeyPem !== 'string') throw new AppError('INTERNAL', 'the postal authority answered no public key');
  mkdirSync(dirname(publicKeyFile), { recursive: true });
  writeFileSync(publicKeyFile, info.publicKeyPem);
  return { url: authorityUrl, licenseNumber: license.licenseNumber, publicKeyFile };
}

/** File in the data folder that records the license number the authority assigned. */
export const LICENSE_FILE = 'license.json';

/** Records the license number for operator tools that run while (or after) the system runs. */
export function writeLicenseFile(path: string, facts: AuthorityFacts): void {
  writeFileSync(path, `${JSON.stringify({ licenseNumber: facts.licenseNumber, authorityUrl: facts.url }, null, 2)}\n`);
}

/** The license number recorded at the first start; CONFIG_INVALID before the system has ever started. */
export function readLicenseNumber(path: string): number {
  let doc: { licenseNumber?: unknown };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as { licenseNumber?: unknown };
  } catch {
    throw new AppError('CONFIG_INVALID', `${path} is missing: the system has not been started yet (run indicia start once)`);
  }
  if (typeof doc.licenseNumber !== 'number') throw new AppError('CONFIG_INVALID', `${path} holds no license number`);
  return doc.licenseNumber;
}
