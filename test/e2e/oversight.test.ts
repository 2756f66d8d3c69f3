// Postal authority oversight on the real started system (`indicia init` + `indicia start`, real
// processes on loopback; `npm run build` first): the done-list in one walk. Stamps are bought over
// the public API and scanned at the authority (valid, duplicate, forged, refunded); the processing
// servers send today's reports and the day reconciles without flags; a planted gap is flagged; a
// processing server's PSDs go overdue, refuse to dispense while the vendor routes around them, and are
// inspected back; a PSD is withdrawn, its DR credited to the deposit, its later mail invalid.
//
// Two test techniques reach into the data folder, as only an operator of the machine could:
// - the planted gap is a report built by the processing server (GET of the report route), with one
//   piece removed and signed again with that PSD's own key, read from the processing server's key store
//   through the software crypto module and the installation's master key file;
// - the overdue lock is made by moving the PSDs' inspection due date into the past directly in the
//   processing server's ledger database (INDICIA_INSPECTION_PERIOD_DAYS counts whole days, and the
//   inspection scheduler only acts at its hourly tick).
// If the walk straddles midnight UTC, "today" changes under it; it is pinned to the day of the first purchase.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionReportFromJson, transactionReportToJson, type TransactionReportJson } from '../../src/authority/reports/report-json.js';
import { reportSignedMessage } from '../../src/authority/reports/transaction-report.js';
import { assembleIndicium, decodeIndicium } from '../../src/core/indicium/codec.js';
import { dateToDays } from '../../src/core/mailing-date.js';
import { openCryptoModule } from '../../src/crypto/open-crypto-module.js';
import { openDatabase } from '../../src/db/open-database.js';
import { INTERNAL_TOKEN_HEADER } from '../../src/internal-api/dispense-contract.js';
import { cryptoConfigOf } from '../../src/system/open-processing-ledger.js';
import { resolveDatabaseUrl } from '../../src/system/process-env.js';
import { loadSystemConfig, type SystemConfig } from '../../src/system/system-config.js';
import { parseCsv } from '../authority/reports/reports-fixture.js';
import { buy, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

let sys: SystemUnderTest;
let config: SystemConfig;
beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 2, psds: 2 });
  config = loadSystemConfig(sys.dataDir);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const letter = { rateCategory: 1, postage: '850', originZip: '94107', destinationZip: '10001' };

interface Stamp {
  psdId: number;
  pieceCount: number;
  hex: string;
}

interface PsdView {
  psdId: number;
  status: string;
  keyId: string;
  inspectionOverdue: boolean;
  registers: { descendingMills: string; pieceCount: number };
}

type Json = Record<string, unknown>;

async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: Json; text: string }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // CSV and other text answers
  }
  return { status: res.status, body, text };
}

const authority = (path: string, role: 'vendor' | 'operator', body?: unknown) =>
  call(`${sys.authorityUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${role === 'vendor' ? config.authority.vendorToken : config.authority.operatorToken}` },
    body,
  });

const processing = (server: string, path: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
  call(`${sys.processingUrls[server]}${path}`, { method, headers: { [INTERNAL_TOKEN_HEADER]: config.internalToken }, body });

async function scan(hex: string): Promise<Json> {
  const r = await authority('/v1/scans', 'operator', { indicium: hex });
  expect(r.status, r.text).toBe(200);
  return (r.body.results as Json[])[0]!;
}

async function buyStamps(stamps: readonly Json[]): Promise<Stamp[]> {
  const r = await buy(sys, randomUUID(), [...stamps]);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.stamps as { indicium: string; fields: { psdId: number; pieceCount: number } }[]).map((s) => ({
    psdId: s.fields.psdId,
    pieceCount: s.fields.pieceCount,
    hex: Buffer.from(s.indicium, 'base64').toString('hex'),
  }));
}

/** Every PSD of every processing server, by server. */
async function psdsByServer(): Promise<Map<string, PsdView[]>> {
  const out = new Map<string, PsdView[]>();
  for (const server of Object.keys(sys.processingUrls)) {
    const r = await processing(server, '/internal/v1/psds');
    expect(r.status).toBe(200);
    out.set(server, r.body.psds as PsdView[]);
  }
  return out;
}

function serverOf(psds: Map<string, PsdView[]>, psdId: number): string {
  const found = [...psds].find(([, list]) => list.some((p) => p.psdId === psdId));
  if (found === undefined) throw new Error(`no server holds PSD ${psdId}`);
  return found[0];
}

function dispenseItem(dateOfMailing: number): Json {
  return { requestId: randomUUID(), postage: '740', rateCategory: 1, dateOfMailing, originZip: 941070000, destinationZip: 100010000, medium: '0' };
}

describe('postal authority oversight on the started system', () => {
  it('scans, reconciles a day, catches a planted gap, and walks PSDs through inspection, overdue lock and withdrawal', async () => {
    // Eight purchases of three stamps over the public API, spread over both servers' PSDs.
    const stamps: Stamp[] = [];
    for (let i = 0; i < 8; i++) stamps.push(...(await buyStamps([letter, letter, letter])));
    const day = new Date().toISOString().slice(0, 10);
    const scanned = await scanValidDuplicateForgedRefunded(stamps);
    const { x, gapAt } = choosePlantedGap(stamps, scanned);
    await reportAllButAndReconcile(day, x);
    await plantGap(day, x, gapAt);
    await overdueLockRoutedAroundThenInspected();
    await withdrawal(stamps, scanned);
  }, 120_000);
});

/** Scans at the authority: valid, then a duplicate; a forgery; a refunded stamp. Answers the pieces sighted. */
async function scanValidDuplicateForgedRefunded(stamps: readonly Stamp[]): Promise<Set<string>> {
  const scanned = new Set<string>();
  const [first, forgedFrom, refunded] = stamps;
  expect(await scan(first!.hex)).toMatchObject({ status: 'valid', valid: true });
  expect(await scan(first!.hex)).toMatchObject({ status: 'duplicate', valid: false, rule: 6 });
  scanned.add(`${first!.psdId}:${first!.pieceCount}`);
  const { fields, signedPart } = decodeIndicium(Buffer.from(forgedFrom!.hex, 'hex'));
  const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const forged = assembleIndicium(fields, sign('sha256', signedPart, { key: forger, dsaEncoding: 'ieee-p1363' }));
  expect(await scan(forged.toString('hex'))).toMatchObject({ status: 'invalid', valid: false, rule: 3 });
  const refund = await authority('/v1/refunds', 'vendor', { psdId: refunded!.psdId, pieceCount: refunded!.pieceCount });
  expect(refund.status, refund.text).toBe(201);
  expect(await scan(refunded!.hex)).toMatchObject({ status: 'refunded', valid: false, rule: 6 });
  scanned.add(`${refunded!.psdId}:${refunded!.pieceCount}`);
  return scanned;
}

/** The gap goes in the report of PSD X, the PSD with most pieces, at a piece that was not scanned. */
function choosePlantedGap(stamps: readonly Stamp[], scanned: ReadonlySet<string>): { x: number; gapAt: number } {
  const byPsd = new Map<number, number[]>();
  for (const s of stamps) byPsd.set(s.psdId, [...(byPsd.get(s.psdId) ?? []), s.pieceCount]);
  const [x, pieces] = [...byPsd].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(pieces.length).toBeGreaterThanOrEqual(3);
  const gapAt = [...pieces].sort((a, b) => a - b).slice(0, -1).find((n) => !scanned.has(`${x}:${n}`));
  expect(gapAt).toBeDefined();
  return { x, gapAt: gapAt! };
}

/** Each processing server sends today's report of each of its PSDs but X; the day reconciles clean. */
async function reportAllButAndReconcile(day: string, x: number): Promise<void> {
  const psds = await psdsByServer();
  for (const [server, list] of psds) {
    for (const psd of list.filter((p) => p.psdId !== x)) {
      const sent = await processing(server, `/internal/v1/psds/${psd.psdId}/report?day=${day}`, 'POST');
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body).toMatchObject({ psdId: psd.psdId, day, pieces: psd.registers.pieceCount, authority: { sameReport: true } });
    }
  }
  const clean = await authority(`/v1/reconciliation?from=${day}`, 'operator');
  expect(clean.status).toBe(200);
  expect(clean.body).toMatchObject({ clean: true, flags: [], counts: { reports: 3, sightings: 2 } });
  const cli = await sys.cli('authority', 'reconcile', '--from', day);
  expect([cli.code, cli.stdout]).toEqual([0, `reconciliation ${day} to ${day}: clean\n`]);
  // X has not reported yet: its reset is pending (due once the day is over), not a flag.
  expect((clean.body.pending as { resets: number }).resets).toBeGreaterThanOrEqual(1);
  const csv = parseCsv((await authority(`/v1/reports.csv?from=${day}`, 'operator')).text);
  const others = [...psds.values()].flat().map((p) => p.psdId).filter((id) => id !== x);
  expect(csv.slice(1).map((row) => Number(row[0])).sort()).toEqual(others.sort());
}

/**
 * X's report as its server builds it, piece `gapAt` removed: sent with the original signature it is
 * refused; signed again with X's own key (from the key store) it is stored, and flagged as a gap.
 */
async function plantGap(day: string, x: number, gapAt: number): Promise<void> {
  const psds = await psdsByServer();
  const xServer = serverOf(psds, x);
  const preview = await processing(xServer, `/internal/v1/psds/${x}/report?day=${day}`);
  expect(preview.status, preview.text).toBe(200);
  const honest = preview.body as unknown as TransactionReportJson;
  const tampered = { ...honest, pieces: honest.pieces.filter(([n]) => n !== gapAt) };
  expect((await authority('/v1/reports', 'vendor', tampered)).body.code).toBe('REPORT_SIGNATURE_INVALID');
  const crypto = await openCryptoModule(cryptoConfigOf(config, config.processing.find((p) => p.id === xServer)!));
  try {
    const fields = transactionReportFromJson(tampered);
    const keyId = psds.get(xServer)!.find((p) => p.psdId === x)!.keyId;
    const resigned = transactionReportToJson({ ...fields, signature: await crypto.sign(keyId, reportSignedMessage(fields)) });
    const planted = await authority('/v1/reports', 'vendor', resigned);
    expect(planted.status, planted.text).toBe(201);
  } finally {
    await crypto.close();
  }
  const gap = await authority(`/v1/reconciliation?from=${day}`, 'operator');
  expect(gap.body.clean).toBe(false);
  expect((gap.body.flags as Json[]).map((f) => [f.kind, f.psdId, f.day, f.pieceCount])).toEqual([['piece-gap', x, day, gapAt]]);
  const cli = await sys.cli('authority', 'reconcile', '--from', day, '--csv', join(sys.dataDir, 'flags.csv'));
  expect(cli.code).toBe(1);
  expect(cli.stdout).toContain(`piece-gap            PSD ${x} ${day} piece ${gapAt}`);
  expect(parseCsv(readFileSync(join(sys.dataDir, 'flags.csv'), 'utf8'))[1]?.slice(0, 4)).toEqual(['piece-gap', String(x), day, String(gapAt)]);
  // The server's own report of X for the day now differs from the one the authority keeps.
  const late = await processing(xServer, `/internal/v1/psds/${x}/report?day=${day}`, 'POST');
  expect([late.status, late.body.code]).toEqual([409, 'REPORT_CONFLICT']);
}

/**
 * Every PSD of server S falls due (set in its ledger database): S refuses to dispense with a clear
 * error and the web server routes purchases to the other server; inspection lifts the lock.
 */
async function overdueLockRoutedAroundThenInspected(): Promise<void> {
  const [s, other] = Object.keys(sys.processingUrls).sort() as [string, string];
  const ledgerDb = await openDatabase(resolveDatabaseUrl(config, config.processing.find((p) => p.id === s)!.databaseUrl));
  try {
    await ledgerDb.execute("UPDATE psds SET inspection_due_at_ms = ? WHERE server_id = ? AND status = 'active'", [Date.now() - 60_000, s]);
  } finally {
    await ledgerDb.close();
  }
  const psds = await psdsByServer();
  const sPsds = psds.get(s)!.map((p) => p.psdId);
  expect(psds.get(s)!.every((p) => p.inspectionOverdue)).toBe(true);
  const refused = await processing(s, '/internal/v1/dispense', 'POST', { purchaseId: randomUUID(), items: [dispenseItem(dateToDays(new Date()))] });
  expect([refused.status, refused.body.code]).toEqual([409, 'PSD_INSPECTION_OVERDUE']);
  expect(String(refused.body.message)).toMatch(/inspect/i);
  expect((await processing(s, '/internal/v1/health')).status).toBe(503);
  await waitFor(async () => {
    const list = JSON.parse((await sys.cli('servers', 'list', '--json')).stdout) as { servers: { name: string; healthy: boolean }[] };
    return list.servers.find((v) => v.name === s)?.healthy === false;
  });
  for (let i = 0; i < 3; i++) {
    const [routed] = await buyStamps([letter]);
    expect(sPsds).not.toContain(routed!.psdId);
    expect(serverOf(psds, routed!.psdId)).toBe(other);
  }
  for (const psdId of sPsds) {
    const inspected = await sys.cli('psd', 'inspect', s, String(psdId), '--json');
    expect(inspected.code, inspected.stderr).toBe(0);
  }
  expect((await psdsByServer()).get(s)!.some((p) => p.inspectionOverdue)).toBe(false);
  const served = await processing(s, '/internal/v1/dispense', 'POST', { purchaseId: randomUUID(), items: [dispenseItem(dateToDays(new Date()))] });
  expect(served.status, served.text).toBe(200);
}

/**
 * Withdrawal of the PSD Z that dispensed a stamp dated tomorrow: its DR goes back to the deposit, its
 * certificate is revoked from now on, so its mail dated today stays valid and tomorrow's is not.
 */
async function withdrawal(stamps: readonly Stamp[], scanned: ReadonlySet<string>): Promise<void> {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const [later] = await buyStamps([{ ...letter, dateOfMailing: tomorrow }]);
  const z = later!.psdId;
  let today = stamps.find((st) => st.psdId === z && !scanned.has(`${st.psdId}:${st.pieceCount}`));
  for (let i = 0; today === undefined && i < 12; i++) today = (await buyStamps([letter])).find((st) => st.psdId === z);
  expect(today, `a stamp of PSD ${z} dated today`).toBeDefined();
  const psds = await psdsByServer();
  const zServer = serverOf(psds, z);
  const descending = BigInt(psds.get(zServer)!.find((p) => p.psdId === z)!.registers.descendingMills);
  const balance = async () => BigInt((await authority('/v1/deposit', 'vendor')).body.balanceMills as string);
  const before = await balance();
  const withdrawn = await sys.cli('psd', 'withdraw', zServer, String(z), '--json');
  expect(withdrawn.code, withdrawn.stderr).toBe(0);
  expect((await balance()) - before).toBe(descending);
  expect((await psdsByServer()).get(zServer)!.find((p) => p.psdId === z)!.status).toBe('withdrawn');
  expect(await scan(later!.hex)).toMatchObject({ status: 'invalid', valid: false, rule: 2 });
  expect(await scan(today!.hex)).toMatchObject({ status: 'valid', valid: true });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
