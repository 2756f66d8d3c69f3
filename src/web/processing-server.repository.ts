// Every read and write of the processing_servers table.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBoolean, asString, orNull } from '../db/row-values.js';

/**
 * What the web server may do with a processing server: `enabled` takes new purchases, `draining`
 * takes none but still answers lookups of the purchases it holds, `removed` is kept only so that
 * those lookups can still find its URL.
 */
export type ServerState = 'enabled' | 'draining' | 'removed';

/** A processing server as registered. */
export interface ProcessingServerRecord {
  readonly id: string;
  readonly name: string;
  /** Base URL, e.g. http://10.0.0.5:8081 (no path). */
  readonly url: string;
  readonly state: ServerState;
  /** The last health check's verdict (new servers start unhealthy until checked). */
  readonly healthy: boolean;
  readonly lastHealthCheckAtMs: number | null;
  /** Round-robin order: ascending position, then id. */
  readonly position: number;
}

const COLUMNS = 'id, name, url, state, healthy, last_health_check_at_ms, position';

/** Reads and writes the list of processing servers. */
export class ProcessingServerRepository {
  constructor(private readonly db: Queryable) {}

  /** Registers a server at the end of the round-robin order. */
  async insert(server: Omit<ProcessingServerRecord, 'position' | 'lastHealthCheckAtMs'>, nowMs: number): Promise<ProcessingServerRecord> {
    const rows = await this.db.query('SELECT COALESCE(MAX(position), 0) AS top FROM processing_servers');
    const position = Number(asBigInt(rows[0]?.top ?? 0n, 'position')) + 1;
    await this.db.execute(
      `INSERT INTO processing_servers (${COLUMNS}, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
      [server.id, server.name, server.url, server.state, server.healthy ? 1 : 0, position, nowMs, nowMs],
    );
    return { ...server, position, lastHealthCheckAtMs: null };
  }

  /** Every server, removed ones included when asked, in round-robin order. */
  async list(options: { includeRemoved?: boolean } = {}): Promise<ProcessingServerRecord[]> {
    const where = options.includeRemoved === true ? '' : "WHERE state <> 'removed'";
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM processing_servers ${where} ORDER BY position, id`);
    return rows.map(toRecord);
  }

  /** The server with that id or name (removed ones included); null when none. */
  async find(idOrName: string): Promise<ProcessingServerRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM processing_servers WHERE id = ? OR name = ? ORDER BY id`, [idOrName, idOrName]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Sets the state; false when no such server. */
  async setState(id: string, state: ServerState, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE processing_servers SET state = ?, updated_at_ms = ? WHERE id = ?', [state, nowMs, id]);
    return changes > 0;
  }

  /** Records the verdict of a health check. */
  async setHealth(id: string, healthy: boolean, checkedAtMs: number): Promise<void> {
    await this.db.execute('UPDATE processing_servers SET healthy = ?, last_health_check_at_ms = ? WHERE id = ?', [healthy ? 1 : 0, checkedAtMs, id]);
  }
}

function toRecord(row: Row): ProcessingServerRecord {
  const checked = orNull(asBigInt)(row.last_health_check_at_ms, 'processing_servers.last_health_check_at_ms');
  return {
    id: asString(row.id, 'processing_servers.id'),
    name: asString(row.name, 'processing_servers.name'),
    url: asString(row.url, 'processing_servers.url'),
    state: asString(row.state, 'processing_servers.state') as ServerState,
    healthy: asBoolean(row.healthy, 'processing_servers.healthy'),
    lastHealthCheckAtMs: checked === null ? null : Number(checked),
    position: Number(asBigInt(row.position, 'processing_servers.position')),
  };
}
