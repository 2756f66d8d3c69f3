// Operator tasks on the web server's database, for a command line or a script: API keys and the list
// of processing servers. Running web servers see changes to servers at their next health-check round
// and revoked keys once their key cache expires.
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyService } from './api-key.service.js';
import { WEB_MIGRATIONS } from './migrations.js';
import { ProcessingServerRepository } from './processing-server.repository.js';
import { ServerRegistry } from './server-registry.js';

/** The operator's handle on a web database. */
export interface WebAdmin {
  /** The open, migrated database, for operator commands of other parts (accounts, media, billing). */
  readonly db: Database;
  readonly apiKeys: ApiKeyService;
  readonly servers: ServerRegistry;
  close(): Promise<void>;
}

/** Wraps an open database (migrated by the caller). */
export function webAdmin(db: Database): WebAdmin {
  return {
    db,
    apiKeys: new ApiKeyService(new ApiKeyRepository(db), { cacheMs: 0 }),
    servers: new ServerRegistry(new ProcessingServerRepository(db)),
    close: () => db.close(),
  };
}

/** Opens and migrates the database at `databaseUrl` for operator tasks. */
export async function openWebAdmin(databaseUrl: string): Promise<WebAdmin> {
  const db = await openDatabase(databaseUrl);
  try {
    await db.migrate(WEB_MIGRATIONS);
  } catch (err) {
    await db.close();
    throw err;
  }
  return webAdmin(db);
}
