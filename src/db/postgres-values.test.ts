import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { isPostgresUnavailable, postgresTypeParsers, toPostgresValue } from './postgres-values.js';

describe('postgresTypeParsers', () => {
  const parsers = postgresTypeParsers();
  const parse = (oid: number, text: string): unknown => (parsers.getTypeParser(oid, 'text') as (t: string) => unknown)(text);

  it('reads every integer type as an exact bigint', () => {
    expect(parse(20, '9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(parse(20, '-9223372036854775808')).toBe(-(2n ** 63n));
    expect(parse(21, '-7')).toBe(-7n);
    expect(parse(23, '2147483647')).toBe(2147483647n);
  });

  it('reads an integral NUMERIC as bigint and a fractional one as its exact text, never a float', () => {
    expect(parse(1700, '123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(parse(1700, '0.1')).toBe('0.1');
    expect(parse(1700, 'NaN')).toBe('NaN');
  });

  it('does not touch the global pg types', () => {
    expect((pg.types.getTypeParser(20, 'text') as (t: string) => unknown)('5')).toBe('5');
  });
});

describe('toPostgresValue', () => {
  it('sends booleans as 1/0, bigints as decimal text and any Uint8Array as a Buffer', () => {
    expect(toPostgresValue(true)).toBe(1);
    expect(toPostgresValue(false)).toBe(0);
    expect(toPostgresValue(2n ** 63n - 1n)).toBe('9223372036854775807');
    const bound = toPostgresValue(new Uint8Array([7, 8, 9]).subarray(1));
    expect(Buffer.isBuffer(bound) && [...bound]).toEqual([8, 9]);
    expect(toPostgresValue('x')).toBe('x');
    expect(toPostgresValue(3)).toBe(3);
    expect(toPostgresValue(null)).toBeNull();
  });
});

describe('isPostgresUnavailable', () => {
  const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

  it('recognizes unreachable servers and refused sessions', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', '08006', '57P01', '57P03', '53300', '28P01', '3D000']) {
      expect(isPostgresUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isPostgresUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isPostgresUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves statement errors (constraints, syntax, serialization) alone', () => {
    for (const code of ['23505', '42601', '40001', '23503']) {
      expect(isPostgresUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isPostgresUnavailable('ECONNREFUSED')).toBe(false);
  });
});
