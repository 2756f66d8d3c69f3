// Recognizing constraint violations the same way on both dialects, so that a repository can turn
// "this idempotency key or id is already stored" into its own catalogued error.

/** True when `err` is a UNIQUE or PRIMARY KEY violation from either dialect (SQLite or PostgreSQL 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` is a FOREIGN KEY violation from either dialect (SQLite or PostgreSQL 23503). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** True when `err` is a CHECK constraint violation from either dialect (SQLite or PostgreSQL 23514). */
export function isCheckViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}
