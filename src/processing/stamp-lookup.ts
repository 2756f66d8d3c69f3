// Reads dispensed stamps back by request id from the ledger's indicium records, with the time each was
// committed: the lookup route answers with them, and a dispense answer takes its `dispensedAt` from
// them so that every later answer for a request id (retry or lookup) is the same, byte for byte.
import type { Queryable } from '../db/database.js';
import { asBuffer, asNumber, asString } from '../db/row-values.js';
import type { DispensedStamp } from '../internal-api/dispense-contract.js';

/** A stamp as stored by the ledger. */
export interface StoredStamp {
  readonly requestId: string;
  readonly psdId: number;
  readonly pieceCount: number;
  /** The 117 indicium bytes. */
  readonly indicium: Buffer;
  /** When its transaction wrote it, milliseconds since 1970-01-01 UTC. */
  readonly dispensedAtMs: number;
}

// Ids per statement: far below either dialect's limit on bound parameters.
const IDS_PER_QUERY = 500;

/** The stamps among `requestIds` that PSDs of server `serverId` dispensed, by request id. */
export async function findStoredStamps(q: Queryable, serverId: string, requestIds: readonly string[]): Promise<Map<string, StoredStamp>> {
  const found = new Map<string, StoredStamp>();
  const unique = [...new Set(requestIds)];
  for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
    const chunk = unique.slice(start, start + IDS_PER_QUERY);
    const rows = await q.query(
      `SELECT r.request_id, r.psd_id, r.piece_count, r.indicium, r.created_at_ms
       FROM indicium_records r JOIN psds p ON p.psd_id = r.psd_id
       WHERE p.server_id = ? AND r.request_id IN (${chunk.map(() => '?').join(', ')})`,
      [serverId, ...chunk],
    );
    for (const row of rows) {
      const stamp: StoredStamp = {
        requestId: asString(row.request_id, 'request_id'),
        psdId: asNumber(row.psd_id, 'psd_id'),
        pieceCount: asNumber(row.piece_count, 'piece_count'),
        indicium: asBuffer(row.indicium, 'indicium'),
        dispensedAtMs: asNumber(row.created_at_ms, 'created_at_ms'),
      };
      found.set(stamp.requestId, stamp);
    }
  }
  return found;
}

/** The contract's form of a stored stamp. */
export function dispensedStampView(stamp: StoredStamp): DispensedStamp {
  return {
    requestId: stamp.requestId,
    psdId: stamp.psdId,
    pieceCount: stamp.pieceCount,
    indicium: stamp.indicium.toString('base64'),
    dispensedAt: new Date(stamp.dispensedAtMs).toISOString(),
  };
}
