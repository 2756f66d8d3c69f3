// Readers that turn a column value, as either dialect returns it, into the type a repository wants.
// Both dialects return integers as bigint (see database.ts); these readers also accept the other forms a
// value can take (number, decimal string, boolean) so a repository never depends on a driver detail.

/** The value as a bigint; accepts bigint, an integral number and a decimal integer string. */
export function asBigInt(value: unknown, column = 'value'): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`${column} is not an integer: ${describe(value)}`);
}

/** The value as a number; refuses integers a double cannot hold exactly (past 2^53 - 1). */
export function asNumber(value: unknown, column = 'value'): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(value);
  }
  throw new TypeError(`${column} is not a number a double holds exactly: ${describe(value)}`);
}

/** The value as a boolean; accepts a boolean (PostgreSQL BOOLEAN) and 0 or 1 (an integer flag column). */
export function asBoolean(value: unknown, column = 'value'): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0n || value === 0) return false;
  if (value === 1n || value === 1) return true;
  throw new TypeError(`${column} is not a boolean or 0/1: ${describe(value)}`);
}

/** The value as a string. */
export function asString(value: unknown, column = 'value'): string {
  if (typeof value === 'string') return value;
  throw new TypeError(`${column} is not text: ${describe(value)}`);
}

/** The value as a Buffer; accepts any Uint8Array. */
export function asBuffer(value: unknown, column = 'value'): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${column} is not binary: ${describe(value)}`);
}

/** Wraps a reader so that SQL NULL (null or undefined) reads as null. */
export function orNull<T>(read: (value: unknown, column?: string) => T): (value: unknown, column?: string) => T | null {
  return (value, column) => (value === null || value === undefined ? null : read(value, column));
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Buffer.isBuffer(value)) return `Buffer(${value.length})`;
  return `${typeof value} ${String(value)}`;
}
