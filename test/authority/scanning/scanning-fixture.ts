// A postal authority with its scanning service on a test database, a PSD key registered through the
// authority's own API (the private half kept here, so tests sign indicia as a vendor's PSD would),
// and helpers to scan and to read the scans log.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildAuthorityApp } from '../../../src/authority/app.js';
import type { AuthorityContext } from '../../../src/authority/context.js';
import { AUTHORITY_MIGRATIONS } from '../../../src/authority/migrations.js';
import { assembleIndicium, encodeSignedPart } from '../../../src/core/indicium/codec.js';
import type { IndiciumFields } from '../../../src/core/indicium/fields.js';
import { dateToDays } from '../../../src/core/mailing-date.js';
import type { OpenTestDatabase, TestDatabase } from '../../helpers/dialects.js';
import { OPERATOR_TOKEN, POLICY, START, VENDOR_TOKEN, testAuthorityKeys, testClock, type TestClock } from '../authority-fixture.js';

export const SCANNER_TOKEN = 'scanner-token-0123456789abcdef0123456789abcdef';

type Method = 'GET' | 'POST';

/** A test authority with the scanning service. */
export interface ScanningFixture {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly clock: TestClock;
  vendor(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  operator(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** POST /v1/scans with the scanner token: a JSON body, or raw bytes with their content type. */
  scan(body: { indicium: string } | { payload: Buffer; contentType: string }, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Opens a fresh migrated database (or another connection to `url`) and builds an authority app on it. */
export async function scanningFixture(
  open: OpenTestDatabase,
  options: { url?: string; clock?: TestClock; scanBodyLimitBytes?: number } = {},
): Promise<ScanningFixture> {
  const db = await open(options.url === undefined ? { migrations: AUTHORITY_MIGRATIONS } : { url: options.url });
  const clock = options.clock ?? testClock(START);
  const context: AuthorityContext = { db, keys: await testAuthorityKeys(), policy: POLICY, clock: clock.now, newLicenseNumber: () => 77_000_001 };
  const tokens = { vendor: VENDOR_TOKEN, operator: OPERATOR_TOKEN, scanner: SCANNER_TOKEN };
  const app = buildAuthorityApp({ context, tokens, ...(options.scanBodyLimitBytes === undefined ? {} : { scanBodyLimitBytes: options.scanBodyLimitBytes }) });
  const send = (token: string) => (method: Method, url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const scan: ScanningFixture['scan'] = (body, headers = {}) => {
    const auth = { authorization: `Bearer ${SCANNER_TOKEN}`, ...headers };
    if ('indicium' in body) return app.inject({ method: 'POST', url: '/v1/scans', headers: auth, payload: body });
    return app.inject({ method: 'POST', url: '/v1/scans', headers: { ...auth, 'content-type': body.contentType }, payload: body.payload });
  };
  return { app, db, clock, vendor: send(VENDOR_TOKEN), operator: send(OPERATOR_TOKEN), scan };
}

/** A PSD registered at the authority, with the private key that signs its indicia. */
export interface TestPsd {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly certificateSerial: number;
  readonly privateKey: KeyObject;
}

/** Assigns the license (once) and registers a new P-256 PSD key through the API. */
export async function registerPsd(f: ScanningFixture): Promise<TestPsd> {
  const license = await f.vendor('POST', '/v1/license', {});
  expect(license.statusCode).toBeLessThan(300);
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const res = await f.vendor('POST', '/v1/psds', { publicKeyPem, algorithm: 1 });
  expect(res.statusCode).toBe(201);
  const body = res.json() as { psdId: number; certificateSerial: number; licenseNumber: number };
  return { licenseNumber: body.licenseNumber, psdId: body.psdId, certificateSerial: body.certificateSerial, privateKey: pair.privateKey };
}

/**
 * An indicium as the PSD would dispense it: piece `pieceCount` of 740 mills each, mailed on the
 * clock's day unless told otherwise, signed with `key` (the PSD's own key unless a forger's is given).
 */
export function dispensed(psd: TestPsd, clock: TestClock, patch: Partial<IndiciumFields> & { key?: KeyObject } = {}): Buffer {
  const { key, ...fieldPatch } = patch;
  const pieceCount = fieldPatch.pieceCount ?? 1;
  const fields: IndiciumFields = {
    version: 1,
    algorithm: 1,
    licenseNumber: psd.licenseNumber,
    certificateSerial: psd.certificateSerial,
    psdId: psd.psdId,
    pieceCount,
    ascendingRegister: 740n * BigInt(pieceCount),
    descendingRegister: 1_000_000n - 740n * BigInt(pieceCount),
    postage: 740n,
    dateOfMailing: dateToDays(clock.now()),
    originZip: 200_011_234,
    destinationZip: 0,
    rateCategory: 1,
    medium: 0n,
    softwareId: 1,
    ...fieldPatch,
  };
  const signature = sign('sha256', encodeSignedPart(fields), { key: key ?? psd.privateKey, dsaEncoding: 'ieee-p1363' });
  return assembleIndicium(fields, signature);
}

/** The results of a successful scan. */
export interface ScanResultBody {
  scanId: number;
  source: string;
  status: string;
  valid: boolean;
  rule?: number;
  reason: string;
  checks: { rule: number; passed: boolean; reason: string }[];
  fields?: Record<string, number | string>;
}

/** Asserts the scan answered 200 and returns its results. */
export function resultsOf(res: LightMyRequestResponse): ScanResultBody[] {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { results: ScanResultBody[] }).results;
}

/** Scans the indicium as hex and returns its one result. */
export async function scanHex(f: ScanningFixture, bytes: Buffer, headers?: Record<string, string>): Promise<ScanResultBody> {
  const results = resultsOf(await f.scan({ indicium: bytes.toString('hex') }, headers));
  expect(results).toHaveLength(1);
  return results[0]!;
}

/** The whole scans log, newest first, through the operator's API. */
export async function scansLog(f: ScanningFixture): Promise<Record<string, unknown>[]> {
  const res = await f.operator('GET', '/v1/scans?limit=500');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { scans: Record<string, unknown>[] }).scans;
}
