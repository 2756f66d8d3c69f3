// The audit chain of a PSD: every register operation appends an entry whose hash is
// SHA-256(previous hash ‖ canonical bytes of the entry). Pure apart from hashing; timestamps are arguments.
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Registers } from './registers.js';

/** What a register operation did. */
export type AuditKind = 'debit' | 'reset' | 'inspection' | 'withdrawal';

/** The one-byte code of each kind in the canonical bytes; never renumber. */
export const AUDIT_KIND_CODES: Readonly<Record<AuditKind, number>> = { debit: 1, reset: 2, inspection: 3, withdrawal: 4 };

/** An audit entry before its hash is known. */
export interface AuditEntryBody {
  readonly kind: AuditKind;
  readonly psdId: number;
  /** 1 for the first entry of the PSD, then +1 for each entry. */
  readonly sequence: number;
  /** The registers (and piece count) after the operation. */
  readonly registers: Registers;
  /** Postage of a debit, amount of a reset, DR handed back at a withdrawal, 0 for an inspection; mills. */
  readonly amount: bigint;
  /** SHA-256 of the 117 indicium bytes for a debit; the UTF-8 transaction id for a reset; may be empty. */
  readonly reference: Buffer;
  /** When the operation was committed, milliseconds since 1970-01-01 UTC. */
  readonly timestampMs: number;
}

/** A hashed audit entry as stored. */
export interface AuditEntry extends AuditEntryBody {
  /** SHA-256(previous hash ‖ canonicalAuditBytes(entry)), 32 bytes. */
  readonly hash: Buffer;
}

const FORMAT_VERSION = 1;
const FIXED_LENGTH = 60;
const MAX_REFERENCE_LENGTH = 0xffff;

/**
 * The canonical bytes of an entry (format 1, big-endian): version(1) kind(1) psdId(4) sequence(8)
 * AR(8) DR(8) CT(8) pieceCount(4) amount(8) timestampMs(8) referenceLength(2) reference(n).
 */
export function canonicalAuditBytes(entry: AuditEntryBody): Buffer {
  if (entry.reference.length > MAX_REFERENCE_LENGTH) {
    throw new AppError('INVALID_ARGUMENT', `An audit reference of ${entry.reference.length} bytes passes ${MAX_REFERENCE_LENGTH}`);
  }
  const out = Buffer.alloc(FIXED_LENGTH + entry.reference.length);
  out.writeUInt8(FORMAT_VERSION, 0);
  out.writeUInt8(AUDIT_KIND_CODES[entry.kind], 1);
  out.writeUInt32BE(entry.psdId, 2);
  out.writeBigUInt64BE(BigInt(entry.sequence), 6);
  out.writeBigUInt64BE(entry.registers.ascending, 14);
  out.writeBigUInt64BE(entry.registers.descending, 22);
  out.writeBigUInt64BE(entry.registers.control, 30);
  out.writeUInt32BE(entry.registers.pieceCount, 38);
  out.writeBigUInt64BE(entry.amount, 42);
  out.writeBigUInt64BE(BigInt(entry.timestampMs), 50);
  out.writeUInt16BE(entry.reference.length, 58);
  entry.reference.copy(out, FIXED_LENGTH);
  return out;
}

/** The hash before the first entry of a PSD: SHA-256("indicia psd audit v1" ‖ psdId as 4 bytes). */
export function auditGenesisHash(psdId: number): Buffer {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(psdId, 0);
  return createHash('sha256').update('indicia psd audit v1').update(id).digest();
}

/** SHA-256(previousHash ‖ canonical bytes of `entry`). */
export function auditEntryHash(previousHash: Uint8Array, entry: AuditEntryBody): Buffer {
  return createHash('sha256').update(previousHash).update(canonicalAuditBytes(entry)).digest();
}

/** Hashes `body` onto the chain whose head is `previousHash`. */
export function appendAuditEntry(previousHash: Uint8Array, body: AuditEntryBody): AuditEntry {
  return { ...body, hash: auditEntryHash(previousHash, body) };
}

/** The reference of a debit entry: SHA-256 of the 117 indicium bytes. */
export function indiciumReference(indicium: Uint8Array): Buffer {
  return createHash('sha256').update(indicium).digest();
}

/** Why a chain is broken at an entry. */
export type AuditChainFault = 'psd' | 'sequence' | 'hash' | 'head';

/** The outcome of verifying a chain: its head, or the first broken entry. */
export type AuditChainResult =
  | { readonly ok: true; readonly head: Buffer; readonly length: number }
  | {
      readonly ok: false;
      /** Position in the list given (entries.length when only the stored head disagrees with an empty list). */
      readonly index: number;
      /** The sequence number the broken entry carries (or the one expected, when missing). */
      readonly sequence: number;
      readonly fault: AuditChainFault;
      readonly message: string;
    };

/**
 * Verifies entries incrementally (page by page for long chains): each must be of the PSD, carry the
 * next sequence number and the hash of (previous hash ‖ its bytes). Stops at the first break.
 */
export class AuditChainVerifier {
  private head: Buffer;
  private nextSequence = 1;
  private index = 0;
  private broken: AuditChainResult | undefined;

  constructor(private readonly psdId: number) {
    this.head = auditGenesisHash(psdId);
  }

  /** Checks one more entry; returns false once the chain is broken. */
  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const at = this.index++;
    const fail = (fault: AuditChainFault, message: string): boolean => {
      this.broken = { ok: false, index: at, sequence: entry.sequence, fault, message };
      return false;
    };
    if (entry.psdId !== this.psdId) return fail('psd', `entry ${entry.sequence} belongs to PSD ${entry.psdId}, not ${this.psdId}`);
    if (entry.sequence !== this.nextSequence) {
      return fail('sequence', `entry at position ${at} has sequence ${entry.sequence}, expected ${this.nextSequence}`);
    }
    let expected: Buffer;
    try {
      expected = auditEntryHash(this.head, entry);
    } catch {
      // A stored field outside its width (a tampered row) cannot be encoded, so it cannot hash right.
      return fail('hash', `entry ${entry.sequence} holds a field outside the range of its canonical encoding`);
    }
    if (!expected.equals(entry.hash)) {
      return fail('hash', `entry ${entry.sequence} does not hash to its stored hash: it or an entry before it was changed`);
    }
    this.head = expected;
    this.nextSequence += 1;
    return true;
  }

  /** The result so far, compared against the head stored with the PSD when `expectedHead` is given. */
  finish(expectedHead?: Uint8Array): AuditChainResult {
    if (this.broken) return this.broken;
    if (expectedHead !== undefined && !this.head.equals(Buffer.from(expectedHead))) {
      return {
        ok: false,
        index: this.index,
        sequence: this.nextSequence,
        fault: 'head',
        message: `the chain of ${this.index} entries ends in a head that differs from the stored audit head: entries were removed or rewritten`,
      };
    }
    return { ok: true, head: this.head, length: this.index };
  }
}

/** What verifyAuditChain compares the entries with. */
export interface VerifyAuditChainOptions {
  /** The PSD the chain must belong to; by default the PSD of the first entry. */
  readonly psdId?: number;
  /** The audit head stored with the PSD; catches removed trailing entries and rewritten chains. */
  readonly expectedHead?: Uint8Array;
}

/** Verifies a whole chain of one PSD and names the first broken entry. */
export function verifyAuditChain(entries: readonly AuditEntry[], options: VerifyAuditChainOptions = {}): AuditChainResult {
  const psdId = options.psdId ?? entries[0]?.psdId;
  if (psdId === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'An empty audit chain can only be verified against a given PSD id');
  }
  const verifier = new AuditChainVerifier(psdId);
  for (const entry of entries) {
    if (!verifier.push(entry)) break;
  }
  return verifier.finish(options.expectedHead);
}
