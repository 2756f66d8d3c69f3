// The processing servers as this web server sees them: the database list (which several web servers
// share and an operator edits) plus the health verdicts, held in memory so that choosing a server for
// a purchase costs no query. Health changes are written through to the database.
import { AppError } from '../errors/app-error.js';
import { isUniqueViolation } from '../db/constraint-errors.js';
import type { ProcessingServerRecord, ProcessingServerRepository, ServerState } from './processing-server.repository.js';
import { newId as defaultNewId } from './ids.js';

/** Holds the server list in memory and edits it in the database. */
export class ServerRegistry {
  // Every server including removed ones (lookups of old purchases still need their URL), by id.
  private servers = new Map<string, ProcessingServerRecord>();

  constructor(
    private readonly repo: ProcessingServerRepository,
    private readonly nowMs: () => number = Date.now,
    private readonly newId: () => string = defaultNewId,
  ) {}

  /** Reloads the list from the database (another process may have added, drained or removed servers). */
  async refresh(): Promise<void> {
    const rows = await this.repo.list({ includeRemoved: true });
    this.servers = new Map(rows.map((r) => [r.id, r]));
  }

  /** The servers that are not removed, in round-robin order. */
  active(): readonly ProcessingServerRecord[] {
    return [...this.servers.values()].filter((s) => s.state !== 'removed').sort(byPosition);
  }

  /** The servers a new purchase may go to: enabled and healthy, in round-robin order. */
  eligible(): readonly ProcessingServerRecord[] {
    return this.active().filter((s) => s.state === 'enabled' && s.healthy);
  }

  /** The server with that id, removed ones included; asks the database when it is not in memory yet. */
  async get(id: string): Promise<ProcessingServerRecord | null> {
    const known = this.servers.get(id);
    if (known !== undefined) return known;
    const found = await this.repo.find(id);
    if (found !== null) this.servers.set(found.id, found);
    return found;
  }

  /** Records a health verdict in memory at once and in the database. */
  async setHealth(id: string, healthy: boolean): Promise<void> {
    const now = this.nowMs();
    const known = this.servers.get(id);
    if (known !== undefined) this.servers.set(id, { ...known, healthy, lastHealthCheckAtMs: now });
    await this.repo.setHealth(id, healthy, now);
  }

  /** Registers a server (unhealthy until its first health check) at the end of the round-robin order. */
  async add(name: string, url: string): Promise<ProcessingServerRecord> {
    const cleanName = name.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(cleanName)) {
      throw new AppError('INVALID_ARGUMENT', `Server name ${JSON.stringify(name)} must be 1 to 63 letters, digits, dots, hyphens or underscores`, { name });
    }
    const baseUrl = normalizeServerUrl(url);
    try {
      const record = await this.repo.insert({ id: this.newId(), name: cleanName, url: baseUrl, state: 'enabled', healthy: false }, this.nowMs());
      this.servers.set(record.id, record);
      return record;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('PROCESSING_SERVER_EXISTS', `A processing server is already called ${cleanName}`, { name: cleanName });
      throw err;
    }
  }

  /** Stops sending new purchases to the server; lookups of the purchases it holds still go to it. */
  drain(idOrName: string): Promise<ProcessingServerRecord> {
    return this.changeState(idOrName, 'draining');
  }

  /** Sends new purchases to the server again (once its health check passes). */
  enable(idOrName: string): Promise<ProcessingServerRecord> {
    return this.changeState(idOrName, 'enabled');
  }

  /** Takes the server out of the list; its row stays so that pending purchases can still be looked up. */
  remove(idOrName: string): Promise<ProcessingServerRecord> {
    return this.changeState(idOrName, 'removed');
  }

  /** Every server from the database, removed ones included when asked. */
  list(options: { includeRemoved?: boolean } = {}): Promise<ProcessingServerRecord[]> {
    return this.repo.list(options);
  }

  private async changeState(idOrName: string, state: ServerState): Promise<ProcessingServerRecord> {
    const found = await this.repo.find(idOrName);
    if (found === null) {
      throw new AppError('PROCESSING_SERVER_NOT_FOUND', `No processing server has the id or name ${JSON.stringify(idOrName)}`, { server: idOrName });
    }
    await this.repo.setState(found.id, state, this.nowMs());
    const updated = { ...found, state };
    this.servers.set(found.id, updated);
    return updated;
  }
}

/** Checks that `url` is an http(s) base URL without credentials, path, query or fragment; returns it without a trailing slash. */
export function normalizeServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError('PROCESSING_SERVER_URL_INVALID', `${JSON.stringify(url)} is not a URL`, { url });
  }
  const bad =
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    (parsed.pathname !== '/' && parsed.pathname !== '') ||
    parsed.search !== '' ||
    parsed.hash !== '';
  if (bad) throw new AppError('PROCESSING_SERVER_URL_INVALID', `${JSON.stringify(url)} is not an http or https base URL`, { url });
  return `${parsed.protocol}//${parsed.host}`;
}

function byPosition(a: ProcessingServerRecord, b: ProcessingServerRecord): number {
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
