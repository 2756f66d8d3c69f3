// A postal authority app on a fresh test database of one dialect, driven through app.inject().
import { STATUS_CODES } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildAuthorityApp } from '../../src/authority/app.js';
import { createAuthorityKeys, type AuthorityKeys } from '../../src/authority/authority-keys.js';
import type { AuthorityContext, AuthorityPolicy } from '../../src/authority/context.js';
import { AUTHORITY_MIGRATIONS } from '../../src/authority/migrations.js';
import { ERRORS, type ErrorCode } from '../../src/errors/catalogue.js';
import { HTTP_STATUS } from '../../src/errors/http-status.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';

export const VENDOR_TOKEN = 'vendor-token-0123456789abcdef0123456789abcdef';
export const OPERATOR_TOKEN = 'operator-token-0123456789abcdef0123456789abcdef';
export const START = new Date('2026-03-01T12:00:00.250Z');

export const POLICY: AuthorityPolicy = {
  authorityName: 'Test Postal Authority',
  licenseNumber: 40001234,
  certificateValidityDays: 730,
  inspectionIntervalDays: 90,
  maxResetMills: 50_000_000n,
  maxFundingMills: 1_000_000_000n,
};

let sharedKeys: Promise<AuthorityKeys> | undefined;

/** One authority key pair for the whole test file: making a root certificate is not what is tested here. */
export function testAuthorityKeys(): Promise<AuthorityKeys> {
  sharedKeys ??= createAuthorityKeys({ authorityName: POLICY.authorityName, now: START, rootValidityDays: 3650 });
  return sharedKeys;
}

/** A clock that stands still until moved. */
export interface TestClock {
  readonly now: () => Date;
  advanceMs(ms: number): void;
}

/** A test authority: its app, database and clock, and request helpers. */
export interface AuthorityFixture {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly keys: AuthorityKeys;
  readonly clock: TestClock;
  /** A request with the vendor's bearer token. */
  vendor(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** A request with the operator's bearer token. */
  operator(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** Opens a fresh migrated database (or another connection to `url`) and builds an app on it. */
export async function authorityFixture(
  open: OpenTestDatabase,
  options: { url?: string; policy?: Partial<AuthorityPolicy>; clock?: TestClock } = {},
): Promise<AuthorityFixture> {
  const db = await open(options.url === undefined ? { migrations: AUTHORITY_MIGRATIONS } : { url: options.url });
  const keys = await testAuthorityKeys();
  const clock = options.clock ?? testClock(START);
  const context: AuthorityContext = {
    db,
    keys,
    policy: { ...POLICY, ...options.policy },
    clock: clock.now,
    newLicenseNumber: () => 77_000_001,
  };
  const app = buildAuthorityApp({ context, tokens: { vendor: VENDOR_TOKEN, operator: OPERATOR_TOKEN } });
  const send = (token: string) => (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  return { app, db, keys, clock, vendor: send(VENDOR_TOKEN), operator: send(OPERATOR_TOKEN) };
}

/** A clock standing at `start`. */
export function testClock(start: Date): TestClock {
  let ms = start.getTime();
  return { now: () => new Date(ms), advanceMs: (d) => void (ms += d) };
}

/** A fresh PSD public key as SPKI PEM. */
export function newPsdKey(algorithm: 1 | 2): string {
  const pair = algorithm === 1 ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Assigns the license, funds the deposit and registers one P-256 PSD; returns its id. */
export async function licensedWithPsd(f: AuthorityFixture, fundMills: bigint): Promise<number> {
  expect((await f.vendor('POST', '/v1/license', {})).statusCode).toBe(201);
  if (fundMills > 0n) {
    const funded = await f.operator('POST', '/v1/deposit/fund', { amountMills: fundMills.toString(), reference: 'wire-0001' });
    expect(funded.statusCode).toBe(201);
  }
  const psd = await f.vendor('POST', '/v1/psds', { publicKeyPem: newPsdKey(1), algorithm: 1 });
  expect(psd.statusCode).toBe(201);
  return (psd.json() as { psdId: number }).psdId;
}

/** The deposit balance in mills, read through the API. */
export async function balanceOf(f: AuthorityFixture): Promise<bigint> {
  const res = await f.vendor('GET', '/v1/deposit');
  expect(res.statusCode).toBe(200);
  return BigInt((res.json() as { balanceMills: string }).balanceMills);
}

/**
 * Asserts an error response has the one catalogued shape, the code, and the status its kind maps
 * to; returns the body.
 */
export function expectError(res: LightMyRequestResponse, code: ErrorCode, status = HTTP_STATUS[ERRORS[code].kind]): Record<string, unknown> {
  const body = res.json() as Record<string, unknown>;
  expect(body.code, JSON.stringify(body)).toBe(code);
  expect(res.statusCode).toBe(status);
  expect(body.statusCode).toBe(status);
  expect(body.error).toBe(STATUS_CODES[status]);
  expect(typeof body.message).toBe('string');
  expect(String(body.message).endsWith(`${ERRORS[code].fix}.`)).toBe(true);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(String(body.requestId)).toMatch(/^[0-9a-f-]{36}$/);
  const allowed = ['statusCode', 'code', 'error', 'message', 'requestId', ...(status < 500 ? ['details'] : [])];
  expect(Object.keys(body).filter((k) => !allowed.includes(k))).toEqual([]);
  return body;
}
