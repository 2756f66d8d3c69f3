import { describe, expect, it } from 'vitest';
import { toSqliteValue, withoutTrailingForUpdate } from './sqlite-statements.js';

describe('withoutTrailingForUpdate', () => {
  it('drops a final FOR UPDATE, in any case and spacing, with an optional semicolon', () => {
    expect(withoutTrailingForUpdate('SELECT n FROM c WHERE id = ? FOR UPDATE')).toBe('SELECT n FROM c WHERE id = ?');
    expect(withoutTrailingForUpdate('SELECT n FROM c\n  for   update ;\n')).toBe('SELECT n FROM c');
  });

  it('keeps everything else, including the non-portable SKIP LOCKED and a FOR UPDATE inside the text', () => {
    for (const sql of ["SELECT 'FOR UPDATE' AS x", 'SELECT n FROM c FOR UPDATE SKIP LOCKED', 'UPDATE c SET n = 1', 'SELECT 1']) {
      expect(withoutTrailingForUpdate(sql)).toBe(sql);
    }
  });
});

describe('toSqliteValue', () => {
  it('binds booleans as 1/0 and integral numbers as 64-bit integers', () => {
    expect(toSqliteValue(true)).toBe(1n);
    expect(toSqliteValue(false)).toBe(0n);
    expect(toSqliteValue(5)).toBe(5n);
    expect(toSqliteValue(-0)).toBe(0n);
    expect(toSqliteValue(2.5)).toBe(2.5);
    expect(toSqliteValue(2 ** 60)).toBe(2 ** 60); // not a safe integer: left as the double it is
  });

  it('binds any Uint8Array as a Buffer over the same bytes, and the rest as given', () => {
    const view = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    const bound = toSqliteValue(view);
    expect(Buffer.isBuffer(bound)).toBe(true);
    expect([...(bound as Buffer)]).toEqual([2, 3]);
    const buf = Buffer.from('ab');
    expect(toSqliteValue(buf)).toBe(buf);
    expect(toSqliteValue('x')).toBe('x');
    expect(toSqliteValue(null)).toBeNull();
    expect(toSqliteValue(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
  });
});
