// The operator's handle on the media registry of a web database, for `indicia media`.
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { asBigInt } from '../db/row-values.js';
import { isAppError } from '../errors/app-error.js';
import { openWebAdmin, webAdmin, type WebAdmin } from '../web/admin.js';
import { WEB_MIGRATIONS } from '../web/migrations.js';
import { MEDIA_MIGRATION } from './media.migration.js';
import { MediaService } from './media.service.js';

/** The web admin and the media service over its database. */
export interface MediaAdmin {
  readonly admin: WebAdmin;
  readonly media: MediaService;
  close(): Promise<void>;
}

/**
 * Opens the web database with openWebAdmin and makes sure the media tables (migration 204) exist.
 * Once openWebAdmin applies every migration of the web database, 204 included, this is openWebAdmin plus
 * a MediaService. Until then it bridges the gap: it applies 204 on top of the web server's own
 * migrations, and opens a database that already holds 204 with those migrations itself (openWebAdmin
 * alone would refuse it as migrated by another version).
 */
export async function openMediaAdmin(databaseUrl: string): Promise<MediaAdmin> {
  const admin = await openWebAdmin(databaseUrl).catch(async (err: unknown) => {
    if (!onlyMediaUnknown(err)) throw err;
    return webAdmin(await openMigrated(databaseUrl));
  });
  try {
    if (!(await hasMigration(admin.db, MEDIA_MIGRATION.id))) await admin.db.migrate([...WEB_MIGRATIONS, MEDIA_MIGRATION]);
  } catch (err) {
    await admin.close();
    throw err;
  }
  return { admin, media: new MediaService(admin.db), close: () => admin.close() };
}

// True when openWebAdmin refused the database only because it holds the media migration it does not know.
function onlyMediaUnknown(err: unknown): boolean {
  if (!isAppError(err, 'DATABASE_MIGRATION_UNKNOWN')) return false;
  const ids = err.details?.unknownIds;
  return Array.isArray(ids) && ids.length === 1 && ids[0] === MEDIA_MIGRATION.id;
}

async function openMigrated(databaseUrl: string): Promise<Database> {
  const db = await openDatabase(databaseUrl);
  try {
    await db.migrate([...WEB_MIGRATIONS, MEDIA_MIGRATION]);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function hasMigration(db: Database, id: number): Promise<boolean> {
  const rows = await db.query('SELECT COUNT(*) AS n FROM schema_migrations WHERE id = ?', [id]);
  return asBigInt(rows[0]?.n ?? 0n) > 0n;
}
