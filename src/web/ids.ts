// Time-ordered identifiers (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
// counter that keeps ids made in the same millisecond in order, then 62 random bits. Ids sort by
// creation, which keeps the stamps of one purchase in item order when they are listed by id.
import { randomFillSync } from 'node:crypto';

// Random bytes drawn from the system's generator at a time: one call per 256 ids instead of one per id
// (each call costs microseconds, and a purchase makes several ids).
const POOL_BYTES = 4096;

/**
 * A random source that hands out fresh bytes from a pool refilled by the cryptographic generator. Each
 * call returns bytes no other call gets; the caller may write into them.
 */
export function pooledRandomBytes(poolBytes = POOL_BYTES): (n: number) => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (n) => {
    if (n > poolBytes) return randomFillSync(Buffer.alloc(n));
    if (offset + n > pool.length) {
      // A new buffer rather than a refill: bytes handed out earlier stay what they were.
      pool = randomFillSync(Buffer.allocUnsafe(poolBytes));
      offset = 0;
    }
    const out = pool.subarray(offset, offset + n);
    offset += n;
    return out;
  };
}

/** Makes UUIDv7 strings; the clock and random source are arguments so that tests can fix them. */
export function createIdGenerator(nowMs: () => number = Date.now, random: (n: number) => Buffer = pooledRandomBytes()): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = nowMs();
    if (ms <= lastMs) {
      // Same millisecond (or a clock step back): stay on the last one and count up; carry into it on overflow.
      ms = lastMs;
      counter += 1;
      if (counter > 0xfff) {
        ms += 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMs = ms;
    const bytes = random(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}

/** A shared generator on the real clock. */
export const newId: () => string = createIdGenerator();

/** True when `text` has the form of a UUID (any version), lower-case hex. */
export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text);
}
