// Time-ordered identifiers (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
// counter that keeps ids made in the same millisecond in order, then 62 random bits. Ids sort by
// creation, which keeps the stamps of one purchase in item order when they are listed by id.
import { randomBytes } from 'node:crypto';

/** Makes UUIDv7 strings; the clock and random source are arguments so that tests can fix them. */
export function createIdGenerator(nowMs: () => number = Date.now, random: (n: number) => Buffer = randomBytes): () => string {
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
