import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AuditChainVerifier,
  appendAuditEntry,
  auditGenesisHash,
  canonicalAuditBytes,
  verifyAuditChain,
  type AuditEntry,
  type AuditEntryBody,
  type AuditKind,
} from './audit-chain.js';

const PSD = 17;

const bodyArb: fc.Arbitrary<Omit<AuditEntryBody, 'psdId' | 'sequence'>> = fc.record({
  kind: fc.constantFrom<AuditKind>('debit', 'reset', 'inspection', 'withdrawal'),
  registers: fc
    .record({ ascending: fc.bigInt({ min: 0n, max: (1n << 39n) - 1n }), descending: fc.bigInt({ min: 0n, max: (1n << 39n) - 1n }) })
    .chain(({ ascending, descending }) =>
      fc.record({
        ascending: fc.constant(ascending),
        descending: fc.constant(descending),
        control: fc.constant(ascending + descending),
        pieceCount: fc.integer({ min: 0, max: 0xffff_ffff }),
      }),
    ),
  amount: fc.bigInt({ min: 0n, max: 1n << 40n }),
  reference: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
  timestampMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
});

function buildChain(bodies: readonly Omit<AuditEntryBody, 'psdId' | 'sequence'>[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let head = auditGenesisHash(PSD);
  bodies.forEach((body, i) => {
    const entry = appendAuditEntry(head, { ...body, psdId: PSD, sequence: i + 1 });
    out.push(entry);
    head = entry.hash;
  });
  return out;
}

const chainArb = fc.array(bodyArb, { minLength: 1, maxLength: 25 }).map(buildChain);

/** Changes one field of an entry to a different value. */
function alter(entry: AuditEntry, field: number): AuditEntry {
  switch (field) {
    case 0:
      return { ...entry, kind: entry.kind === 'debit' ? 'reset' : 'debit' };
    case 1:
      return { ...entry, amount: entry.amount + 1n };
    case 2:
      return { ...entry, registers: { ...entry.registers, ascending: entry.registers.ascending + 1n } };
    case 3:
      return { ...entry, registers: { ...entry.registers, pieceCount: entry.registers.pieceCount === 0 ? 1 : entry.registers.pieceCount - 1 } };
    case 4:
      return { ...entry, reference: Buffer.concat([entry.reference, Buffer.from([0])]) };
    case 5:
      return { ...entry, timestampMs: entry.timestampMs + 1 };
    case 6:
      return { ...entry, sequence: entry.sequence + 1 };
    case 7:
      return { ...entry, psdId: entry.psdId + 1 };
    default: {
      const hash = Buffer.from(entry.hash);
      hash[0] = (hash[0] ?? 0) ^ 0xff;
      return { ...entry, hash };
    }
  }
}

describe('audit chain', () => {
  it('an untouched chain verifies and ends at its last hash', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const head = chain[chain.length - 1]?.hash;
        const result = verifyAuditChain(chain, { expectedHead: head });
        expect(result).toEqual({ ok: true, head, length: chain.length });
      }),
    );
  });

  it('detects any changed entry and names it', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.integer({ min: 0, max: 8 }), (chain, pick, field) => {
        const i = pick % chain.length;
        const tampered = chain.map((e, k) => (k === i ? alter(e, field) : e));
        const result = verifyAuditChain(tampered, { psdId: PSD, expectedHead: chain[chain.length - 1]?.hash });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.index).toBe(i);
      }),
    );
  });

  it('detects any removed entry, the last one included', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (chain, pick) => {
        const i = pick % chain.length;
        const shorter = chain.filter((_, k) => k !== i);
        const result = verifyAuditChain(shorter, { psdId: PSD, expectedHead: chain[chain.length - 1]?.hash });
        expect(result.ok).toBe(false);
        // A removed last entry is seen at the end, against the stored head; any other at its position.
        if (!result.ok) expect(result.index).toBe(i === chain.length - 1 ? shorter.length : i);
      }),
    );
  });

  it('detects any reordering and names the first moved entry', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.length >= 2),
        fc.nat(),
        fc.nat(),
        (chain, a, b) => {
          const i = a % chain.length;
          const j = b % chain.length;
          fc.pre(i !== j);
          const swapped = [...chain];
          [swapped[i], swapped[j]] = [chain[j] as AuditEntry, chain[i] as AuditEntry];
          const result = verifyAuditChain(swapped, { expectedHead: chain[chain.length - 1]?.hash });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.index).toBe(Math.min(i, j));
        },
      ),
    );
  });

  it('a chain rewritten and rehashed after a change is caught by the stored head', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (chain, pick) => {
        const i = pick % chain.length;
        const bodies = chain.map((e, k) => (k === i ? { ...e, amount: e.amount + 1n } : e));
        const rehashed = buildChain(bodies);
        expect(verifyAuditChain(rehashed).ok).toBe(true);
        const result = verifyAuditChain(rehashed, { expectedHead: chain[chain.length - 1]?.hash });
        expect(result).toMatchObject({ ok: false, fault: 'head' });
      }),
    );
  });

  it('hash = SHA-256(previous ‖ canonical bytes), with the layout of format 1', () => {
    const body: AuditEntryBody = {
      kind: 'reset',
      psdId: PSD,
      sequence: 1,
      registers: { ascending: 2n, descending: 3n, control: 5n, pieceCount: 9 },
      amount: 5n,
      reference: Buffer.from('tx-1', 'utf8'),
      timestampMs: 1_700_000_000_000,
    };
    const bytes = canonicalAuditBytes(body);
    expect(bytes.length).toBe(60 + 4);
    expect(bytes.readUInt8(1)).toBe(2);
    expect(bytes.readUInt32BE(2)).toBe(PSD);
    expect(bytes.readBigUInt64BE(30)).toBe(5n);
    expect(bytes.readUInt32BE(38)).toBe(9);
    expect(bytes.readBigUInt64BE(50)).toBe(1_700_000_000_000n);
    expect(bytes.subarray(60).toString('utf8')).toBe('tx-1');
    const genesis = auditGenesisHash(PSD);
    const expected = createHash('sha256').update(genesis).update(bytes).digest();
    expect(appendAuditEntry(genesis, body).hash.equals(expected)).toBe(true);
    expect(auditGenesisHash(PSD + 1).equals(genesis)).toBe(false);
  });

  it('an empty chain verifies against the genesis head of its PSD only', () => {
    const verifier = new AuditChainVerifier(PSD);
    expect(verifier.finish(auditGenesisHash(PSD)).ok).toBe(true);
    expect(verifyAuditChain([], { psdId: PSD, expectedHead: auditGenesisHash(PSD + 1) }).ok).toBe(false);
    expect(() => verifyAuditChain([])).toThrowError(/empty audit chain/);
  });
});
