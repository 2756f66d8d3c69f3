import { AppError } from '../errors/app-error.js';
import type { Dialect, Migration, Queryable } from './database.js';
import { asBigInt, asString } from './row-values.js';

/** A migration's transaction: a Queryable that can also run a script of several statements. */
export interface MigrationTransaction extends Queryable {
  /** Runs every statement of `script`, without parameters. */
  exec(script: string): Promise<void>;
}

/** What a dialect gives the migration runner. */
export interface MigrationHost {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction holding the dialect's migration lock, so that processes starting at
   * the same time take turns: SQLite's BEGIN IMMEDIATE locks the file, PostgreSQL takes an advisory lock.
   */
  migrationTransaction<T>(fn: (tx: MigrationTransaction) => Promise<T>): Promise<T>;
}

// The applied migrations; the column types read the same on both dialects.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at_ms BIGINT NOT NULL
)`;

/**
 * Applies the migrations the database has not yet applied, in id order, each in its own transaction
 * together with its row in schema_migrations, and returns the ids it applied. Refuses, before
 * applying anything, a database that holds a migration id the code does not know (or knows by
 * another name): it was migrated by another version of the software.
 */
export async function runMigrations(host: MigrationHost, migrations: readonly Migration[]): Promise<number[]> {
  const ordered = validateMigrations(migrations, host.dialect);
  await host.migrationTransaction(async (tx) => {
    await tx.exec(CREATE_TABLE);
    assertKnown(await readApplied(tx), ordered);
  });
  const applied: number[] = [];
  for (const migration of ordered) {
    const didApply = await host.migrationTransaction(async (tx) => {
      // Read again under the lock: another process may have applied it while this one waited.
      const done = await readApplied(tx);
      assertKnown(done, ordered);
      if (done.has(migration.id)) return false;
      await tx.exec(migration.sql[host.dialect]);
      await tx.execute('INSERT INTO schema_migrations (id, name, applied_at_ms) VALUES (?, ?, ?)', [
        migration.id,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (didApply) applied.push(migration.id);
  }
  return applied;
}

/** The migrations sorted by id, after checking ids are unique positive integers and each has SQL for `dialect`. */
export function validateMigrations(migrations: readonly Migration[], dialect: Dialect): Migration[] {
  const seen = new Map<number, string>();
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.id) || m.id <= 0) {
      const detail = `Migration id ${String(m.id)} (${m.name}) is not a positive integer`;
      throw new AppError('DATABASE_MIGRATION_INVALID', detail, { id: m.id });
    }
    const other = seen.get(m.id);
    if (other !== undefined) {
      throw new AppError('DATABASE_MIGRATION_INVALID', `Migrations '${other}' and '${m.name}' share the id ${m.id}`, { id: m.id });
    }
    if (typeof m.name !== 'string' || m.name.trim() === '') {
      throw new AppError('DATABASE_MIGRATION_INVALID', `Migration ${m.id} has no name`, { id: m.id });
    }
    for (const d of ['sqlite', 'postgres'] as const) {
      if (typeof m.sql?.[d] !== 'string' || (d === dialect && m.sql[d].trim() === '')) {
        const detail = `Migration ${m.id} (${m.name}) has no SQL for ${d}`;
        throw new AppError('DATABASE_MIGRATION_INVALID', detail, { id: m.id, dialect: d });
      }
    }
    seen.set(m.id, m.name);
  }
  return [...migrations].sort((a, b) => a.id - b.id);
}

/** The applied migrations, id → name. */
async function readApplied(tx: Queryable): Promise<Map<number, string>> {
  const rows = await tx.query('SELECT id, name FROM schema_migrations ORDER BY id');
  return new Map(rows.map((r) => [Number(asBigInt(r.id, 'schema_migrations.id')), asString(r.name, 'schema_migrations.name')]));
}

/** Throws DATABASE_MIGRATION_UNKNOWN when the database holds a migration the code does not know by that id and name. */
function assertKnown(applied: ReadonlyMap<number, string>, known: readonly Migration[]): void {
  const names = new Map(known.map((m) => [m.id, m.name]));
  const unknown = [...applied.keys()].filter((id) => !names.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'DATABASE_MIGRATION_UNKNOWN',
      `The database holds migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which this version of the software does not know`,
      { unknownIds: unknown },
    );
  }
  for (const [id, name] of applied) {
    if (names.get(id) !== name) {
      const detail = `Migration ${id} was applied as '${name}' but this version names it '${names.get(id)}'`;
      throw new AppError('DATABASE_MIGRATION_UNKNOWN', detail, {
        id,
        appliedName: name,
        knownName: names.get(id),
      });
    }
  }
}
