import type { Queryable } from '../../db/database.js';

/**
 * " FOR UPDATE" on PostgreSQL, where concurrent transactions must queue on a row lock; nothing on
 * SQLite, where every transaction holds the whole database (BEGIN IMMEDIATE on one queued connection).
 */
export function forUpdate(q: Queryable): string {
  return q.dialect === 'postgres' ? ' FOR UPDATE' : '';
}
