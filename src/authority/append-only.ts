import type { Dialect } from '../db/database.js';

/**
 * SQL that makes `tables` refuse UPDATE and DELETE, so a correction can only be a new row. On
 * PostgreSQL the triggers call authority_append_only(), which the authority's migration 1 creates.
 */
export function appendOnlyTriggers(d: Dialect, tables: readonly string[]): string {
  if (d === 'sqlite') {
    return tables
      .map(
        (t) => `
CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;
CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
      )
      .join('\n');
  }
  return tables.map((t) => `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION authority_append_only();`).join('\n');
}
