import pg from 'pg';
import type { SqlValue } from './database.js';

// Type OIDs of pg_type: int8, int2, int4, numeric.
const INT8_OID = 20;
const INT2_OID = 21;
const INT4_OID = 23;
const NUMERIC_OID = 1700;

/**
 * Type parsers for one pool, so that rows read as they do on SQLite: every integer as bigint (exact to
 * 64 bits; pg's default gives int8 as a string and int2/int4 as number), an integral NUMERIC (what
 * SUM(bigint) returns) as bigint and a fractional one as its exact decimal string, never a float.
 * They are set on this object only, not on pg's global types, so no other pg user is affected.
 * BYTEA already comes back as Buffer.
 */
export function postgresTypeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  const toBigInt = (text: string): bigint => BigInt(text);
  types.setTypeParser(INT8_OID, 'text', toBigInt);
  types.setTypeParser(INT2_OID, 'text', toBigInt);
  types.setTypeParser(INT4_OID, 'text', toBigInt);
  types.setTypeParser(NUMERIC_OID, 'text', (text: string) => (/^-?\d+$/.test(text) ? BigInt(text) : text));
  return types;
}

/**
 * A bound value as pg sends it: a boolean as 1 or 0, which both an INTEGER flag column and a BOOLEAN
 * column accept (pg would send 'true', which an INTEGER column refuses); a bigint as its decimal text;
 * any Uint8Array as a Buffer (sent as bytea).
 */
export function toPostgresValue(value: SqlValue): string | number | Buffer | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

// Node socket errors that mean the server cannot be reached.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * True when `err` says the server is unreachable or refuses sessions, rather than that a statement was
 * wrong: a socket error, SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, starting
 * up), 53300 (too many connections), 28xxx (authentication) or 3D000 (no such database).
 */
export function isPostgresUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('28')) return true;
    if (['57P01', '57P02', '57P03', '53300', '3D000'].includes(code)) return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(
    err.message,
  );
}
