import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { buy, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

// psd-ledger.md invariant 4 and the exactly-once requirement, with a real crash: several clients
// buy concurrently, one processing server is killed with SIGKILL in the middle, the supervisor restarts
// it, clients retry with the same idempotency key; afterwards every accepted purchase has exactly one
// indicium, no indicium exists that no purchase got, and `indicia audit` passes.

let sys: SystemUnderTest;
beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 3, psds: 2 });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

interface Accepted {
  readonly key: string;
  readonly stampIds: readonly string[];
  readonly pieces: readonly string[];
  readonly attempts: number;
}

const CLIENTS = 6;
const PURCHASES_PER_CLIENT = 30;
const PURCHASE_DEADLINE_MS = 60_000;

/** Buys one stamp, retrying with the same key until it is accepted or the deadline passes. */
async function buyUntilAccepted(key: string): Promise<Accepted> {
  const deadline = Date.now() + PURCHASE_DEADLINE_MS;
  for (let attempt = 1; ; attempt++) {
    const r = await buy(sys, key, [{ rateCategory: 1, postage: '850', originZip: '94107' }]).catch(() => undefined);
    if (r?.status === 201) {
      const stamps = r.body.stamps as { id: string; fields: { psdId: number; pieceCount: number } }[];
      return { key, stampIds: stamps.map((s) => s.id), pieces: stamps.map((s) => `${s.fields.psdId}/${s.fields.pieceCount}`), attempts: attempt };
    }
    // Only "try again" answers may be retried; anything else is a defect this test must show.
    const retriable = r === undefined || r.status === 503 || (r.status === 409 && r.body.code === 'PURCHASE_IN_PROGRESS');
    if (!retriable) throw new Error(`purchase ${key} refused: ${r.status} ${JSON.stringify(r.body)}`);
    if (Date.now() > deadline) throw new Error(`purchase ${key} not accepted within ${PURCHASE_DEADLINE_MS} ms`);
    await new Promise((res) => setTimeout(res, 100 + Math.random() * 200));
  }
}

async function storedRequestIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const server of ['processing-1', 'processing-2', 'processing-3']) {
    const db = await openDatabase(`sqlite:${join(sys.dataDir, server, 'ledger.db')}`);
    try {
      const rows = await db.query<{ request_id: string }>('SELECT request_id FROM indicium_records');
      ids.push(...rows.map((r) => r.request_id));
    } finally {
      await db.close();
    }
  }
  return ids;
}

describe('a processing server killed in the middle of purchases', () => {
  it('loses nothing and dispenses nothing twice', async () => {
    let done = 0;
    const clients = Array.from({ length: CLIENTS }, async () => {
      const accepted: Accepted[] = [];
      for (let i = 0; i < PURCHASES_PER_CLIENT; i++) {
        accepted.push(await buyUntilAccepted(randomUUID()));
        done++;
      }
      return accepted;
    });

    // Kill once traffic is flowing, while purchases are in flight on every server.
    while (done < CLIENTS * 3) await new Promise((r) => setTimeout(r, 20));
    const victim = sys.pids()['processing-2']!;
    process.kill(victim, 'SIGKILL');
    const doneAtKill = done;

    const results = (await Promise.all(clients)).flat();
    // How many purchases had to be retried with their key: the ones that were in flight at the kill.
    console.log('retried purchases', results.filter((r) => r.attempts > 1).length, 'done at kill', doneAtKill);
    const restarted = sys.pids()['processing-2']!;
    expect(restarted).not.toBe(victim);
    expect(doneAtKill).toBeLessThan(CLIENTS * PURCHASES_PER_CLIENT);

    // Every purchase accepted, each with exactly one stamp, no stamp and no piece handed out twice.
    expect(results).toHaveLength(CLIENTS * PURCHASES_PER_CLIENT);
    const stampIds = results.flatMap((r) => r.stampIds);
    expect(stampIds).toHaveLength(results.length);
    expect(new Set(stampIds).size).toBe(stampIds.length);
    const pieces = results.flatMap((r) => r.pieces);
    expect(new Set(pieces).size).toBe(pieces.length);

    // The ledgers hold exactly the accepted stamps: none lost, none extra.
    const stored = await storedRequestIds();
    expect(new Set(stored).size).toBe(stored.length);
    expect([...stored].sort()).toEqual([...stampIds].sort());

    const audit = await sys.cli('audit', '--signatures');
    expect(audit.stdout).toContain('audit clean');
    expect(audit.code).toBe(0);
  }, 180_000);
});
