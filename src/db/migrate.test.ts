import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import type { Migration } from './database.js';
import { validateMigrations } from './migrate.js';

const m = (id: number, name = `m${id}`, sql: Partial<Record<'sqlite' | 'postgres', string>> = {}): Migration => ({
  id,
  name,
  sql: { sqlite: sql.sqlite ?? 'SELECT 1', postgres: sql.postgres ?? 'SELECT 1' },
});

function failureCode(migrations: readonly Migration[]): string | undefined {
  try {
    validateMigrations(migrations, 'sqlite');
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
  return undefined;
}

describe('validateMigrations', () => {
  it('sorts by id without changing the given list', () => {
    const given = [m(3), m(1), m(20), m(2)];
    expect(validateMigrations(given, 'sqlite').map((x) => x.id)).toEqual([1, 2, 3, 20]);
    expect(given.map((x) => x.id)).toEqual([3, 1, 20, 2]);
  });

  it('refuses two migrations that share an id, naming both', () => {
    expect(failureCode([m(1, 'accounts'), m(2), m(1, 'psds')])).toBe('DATABASE_MIGRATION_INVALID');
    expect(() => validateMigrations([m(1, 'accounts'), m(1, 'psds')], 'sqlite')).toThrow(/'accounts' and 'psds' share the id 1/);
  });

  it('refuses ids that are not positive integers, empty names and missing SQL for either dialect', () => {
    expect(failureCode([m(0)])).toBe('DATABASE_MIGRATION_INVALID');
    expect(failureCode([m(-1)])).toBe('DATABASE_MIGRATION_INVALID');
    expect(failureCode([m(1.5)])).toBe('DATABASE_MIGRATION_INVALID');
    expect(failureCode([m(1, '  ')])).toBe('DATABASE_MIGRATION_INVALID');
    expect(failureCode([m(1, 'x', { sqlite: ' ' })])).toBe('DATABASE_MIGRATION_INVALID');
    const noPostgres = { id: 1, name: 'x', sql: { sqlite: 'SELECT 1' } } as unknown as Migration;
    expect(failureCode([noPostgres])).toBe('DATABASE_MIGRATION_INVALID');
    expect(failureCode([])).toBeUndefined();
  });
});
