// The ledger audit: recomputes a PSD's audit chain, replays its register transitions, and checks the
// stored indicium records against both (invariants 1–3). It reports every break it finds, not only the
// first. It reads without locks: a snapshot of the PSD row bounds what it reads (entries up to its
// audit sequence, records up to its piece count), because entries and records are only ever appended.
import { verify as verifySignature, createPublicKey, type KeyObject } from 'node:crypto';
import { decodeIndicium } from '../core/indicium/codec.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { auditEntryHash, auditGenesisHash, indiciumReference, type AuditEntry } from './audit-chain.js';
import type { LedgerContext } from './ledger-config.js';
import { findPsd, type PsdRecord } from './psd-store.js';
import { readAuditEntries, readPieceCounts, readRecords, summarizeRecords, type StoredRecord } from './record-store.js';
import { registerInvariantBreak, ZERO_REGISTERS, type Registers } from './registers.js';
import { listResets } from './reset-store.js';
import { expectedTransition } from './audit-transitions.js';

/** What sort of break the audit found. */
export type AuditProblemKind =
  | 'chain'
  | 'head'
  | 'registers'
  | 'transition'
  | 'record-missing'
  | 'record-unexpected'
  | 'record-mismatch'
  | 'postage-sum'
  | 'signature'
  | 'reset-mismatch';

/** One break: what, where (audit sequence and/or piece count) and a sentence for the operator. */
export interface AuditProblem {
  readonly kind: AuditProblemKind;
  readonly message: string;
  readonly sequence?: number;
  readonly pieceCount?: number;
}

/** The audit of one PSD. */
export interface PsdAuditReport {
  readonly psdId: number;
  readonly ok: boolean;
  /** Audit entries checked. */
  readonly entries: number;
  /** Indicium records counted (piece counts 1…n). */
  readonly records: number;
  readonly problems: readonly AuditProblem[];
}

/** Audit switches. */
export interface AuditOptions {
  /** Also verify every stored indicium's signature with the PSD's public key (slower). */
  readonly verifySignatures?: boolean;
}

const PAGE = 2_000;
// Missing piece counts listed one by one before the rest are only counted.
const MAX_LISTED_MISSING = 20;

/** Audits one PSD; PSD_NOT_FOUND when it is not stored. */
export async function auditPsd(ctx: LedgerContext, psdId: number, options: AuditOptions = {}): Promise<PsdAuditReport> {
  const psd = await findPsd(ctx.db, psdId);
  if (psd === undefined) throw new AppError('PSD_NOT_FOUND', `PSD ${psdId} is not stored`, { psdId });
  const problems: AuditProblem[] = [];
  const invariant = registerInvariantBreak(psd.registers);
  if (invariant !== undefined) problems.push({ kind: 'registers', message: `PSD row: ${invariant}` });
  const publicKey = options.verifySignatures === true ? createPublicKey((await ctx.crypto.getKey(psd.keyId)).publicKeyPem) : undefined;
  const { count: entries, resets } = await walkChain(ctx.db, psd, problems, publicKey);
  const records = await checkRecords(ctx.db, psd, problems);
  await checkResets(ctx.db, psd, resets, problems);
  return { psdId, ok: problems.length === 0, entries, records, problems };
}

/** Walks the chain page by page; checks hashes, sequence, transitions, and each debit's record. */
async function walkChain(
  db: Queryable,
  psd: PsdRecord,
  problems: AuditProblem[],
  publicKey: KeyObject | undefined,
): Promise<{ count: number; resets: AuditEntry[] }> {
  const resets: AuditEntry[] = [];
  let prevHash = auditGenesisHash(psd.psdId);
  let prevSequence = 0;
  let prevRegisters: Registers = ZERO_REGISTERS;
  let count = 0;
  for (;;) {
    const page = (await readAuditEntries(db, psd.psdId, prevSequence, PAGE)).filter((e) => e.sequence <= psd.auditSequence);
    if (page.length === 0) break;
    for (const entry of page) {
      if (entry.sequence !== prevSequence + 1) {
        problems.push({ kind: 'chain', sequence: entry.sequence, message: `entries ${prevSequence + 1} to ${entry.sequence - 1} are missing` });
      }
      if (!hashMatches(prevHash, entry)) {
        const message = `entry ${entry.sequence} does not hash to its stored hash: it was changed`;
        problems.push({ kind: 'chain', sequence: entry.sequence, message });
      }
      const broken = expectedTransition(prevRegisters, entry) ?? registerInvariantBreak(entry.registers);
      if (broken !== undefined) problems.push({ kind: 'transition', sequence: entry.sequence, message: `entry ${entry.sequence}: ${broken}` });
      if (entry.kind === 'reset') resets.push(entry);
      prevHash = entry.hash;
      prevSequence = entry.sequence;
      prevRegisters = entry.registers;
      count += 1;
    }
    await checkDebitRecords(db, psd, page, problems, publicKey);
  }
  checkHead(psd, prevSequence, prevHash, prevRegisters, problems);
  return { count, resets };
}

/**
 * Each reset entry must name an applied reset of the PSD for the same amount; and, when nothing was
 * appended since the snapshot, each applied reset must appear in the chain.
 */
async function checkResets(db: Queryable, psd: PsdRecord, entries: readonly AuditEntry[], problems: AuditProblem[]): Promise<void> {
  const applied = new Map((await listResets(db, psd.psdId)).filter((r) => r.state === 'applied').map((r) => [r.transactionId, r]));
  const named = new Set<string>();
  for (const entry of entries) {
    const transactionId = entry.reference.toString('utf8');
    named.add(transactionId);
    const reset = applied.get(transactionId);
    if (reset === undefined || reset.amount !== entry.amount) {
      const message = `entry ${entry.sequence} names no applied reset ${transactionId} of ${entry.amount} mills`;
      problems.push({ kind: 'reset-mismatch', sequence: entry.sequence, message });
    }
  }
  const latest = await findPsd(db, psd.psdId);
  if (latest?.auditSequence !== psd.auditSequence) return;
  for (const id of applied.keys()) {
    if (!named.has(id)) problems.push({ kind: 'reset-mismatch', message: `applied reset ${id} has no audit entry` });
  }
}

function hashMatches(prevHash: Buffer, entry: AuditEntry): boolean {
  try {
    return auditEntryHash(prevHash, entry).equals(entry.hash);
  } catch {
    return false; // a field outside its encoding's range was written into the row
  }
}

/** The last entry must be the PSD's stored head, sequence and registers. */
function checkHead(psd: PsdRecord, sequence: number, hash: Buffer, registers: Registers, problems: AuditProblem[]): void {
  if (sequence !== psd.auditSequence || !hash.equals(psd.auditHead)) {
    problems.push({
      kind: 'head',
      sequence,
      message:
        `the chain ends at entry ${sequence} with a head that differs from the PSD's stored head ` +
        `(entry ${psd.auditSequence}): entries were removed or rewritten`,
    });
  }
  const r = psd.registers;
  const same =
    registers.ascending === r.ascending &&
    registers.descending === r.descending &&
    registers.control === r.control &&
    registers.pieceCount === r.pieceCount;
  if (!same) {
    problems.push({ kind: 'registers', sequence, message: `the PSD's registers differ from those its last audit entry (${sequence}) records` });
  }
}

/** Each debit entry of the page must have its record, with the bytes whose hash the entry holds. */
async function checkDebitRecords(
  db: Queryable,
  psd: PsdRecord,
  page: readonly AuditEntry[],
  problems: AuditProblem[],
  key: KeyObject | undefined,
): Promise<void> {
  const debits = page.filter((e) => e.kind === 'debit');
  if (debits.length === 0) return;
  const pieces = debits.map((e) => e.registers.pieceCount);
  const records = await readRecords(db, psd.psdId, Math.min(...pieces), Math.max(...pieces));
  const byPiece = new Map(records.map((r) => [r.pieceCount, r]));
  for (const entry of debits) {
    const record = byPiece.get(entry.registers.pieceCount);
    if (record === undefined) continue; // reported once by checkRecords as a missing piece count
    const mismatch = recordMismatch(psd, entry, record);
    if (mismatch !== undefined) {
      problems.push({ kind: 'record-mismatch', sequence: entry.sequence, pieceCount: record.pieceCount, message: mismatch });
    } else if (key !== undefined && !signatureVerifies(psd, record.indicium, key)) {
      problems.push({ kind: 'signature', pieceCount: record.pieceCount, message: `the signature of piece ${record.pieceCount} does not verify` });
    }
  }
}

/** Why a record disagrees with its debit entry or its own bytes, or undefined. */
function recordMismatch(psd: PsdRecord, entry: AuditEntry, record: StoredRecord): string | undefined {
  const n = record.pieceCount;
  if (!indiciumReference(record.indicium).equals(entry.reference)) {
    return `piece ${n}: the stored indicium is not the one audit entry ${entry.sequence} hashed`;
  }
  const columnsAgree =
    record.postage === entry.amount &&
    record.ascendingRegister === entry.registers.ascending &&
    record.descendingRegister === entry.registers.descending;
  if (!columnsAgree) {
    return `piece ${n}: the record's postage or registers differ from audit entry ${entry.sequence}`;
  }
  let f;
  try {
    f = decodeIndicium(record.indicium).fields;
  } catch {
    return `piece ${n}: the stored indicium does not decode`;
  }
  const same =
    f.psdId === psd.psdId && f.pieceCount === n && f.postage === record.postage && f.ascendingRegister === record.ascendingRegister &&
    f.descendingRegister === record.descendingRegister && f.licenseNumber === psd.licenseNumber && f.certificateSerial === psd.certificateSerial;
  return same ? undefined : `piece ${n}: the indicium bytes disagree with the record's columns or the PSD`;
}

function signatureVerifies(psd: PsdRecord, indicium: Buffer, key: KeyObject): boolean {
  const { signedPart, signature } = decodeIndicium(indicium);
  if (psd.algorithm === SignatureAlgorithm.Ed25519) return verifySignature(null, signedPart, key, signature);
  return verifySignature('sha256', signedPart, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

/** Invariant 3: pieces 1…count each stored once, their postage summing to AR, and none beyond. */
async function checkRecords(db: Queryable, psd: PsdRecord, problems: AuditProblem[]): Promise<number> {
  const n = psd.registers.pieceCount;
  // Records appended after the snapshot carry piece counts > n, so everything is bounded by n.
  const summary = await summarizeRecords(db, psd.psdId, n);
  // The primary key (PSD, piece count) makes pieces distinct: n of them within 1…n is all of them.
  const complete = summary.count === n;
  const present = complete ? n : await scanPieceCounts(db, psd.psdId, n, problems);
  if (summary.postageSum !== psd.registers.ascending) {
    problems.push({
      kind: 'postage-sum',
      message: `the stored postage of pieces 1 to ${n} sums to ${summary.postageSum} mills, but AR is ${psd.registers.ascending}`,
    });
  }
  const latest = await findPsd(db, psd.psdId);
  for (const piece of await readPieceCounts(db, psd.psdId, latest?.registers.pieceCount ?? n, MAX_LISTED_MISSING)) {
    problems.push({ kind: 'record-unexpected', pieceCount: piece, message: `piece ${piece} is stored but the PSD has dispensed fewer pieces` });
  }
  return present;
}

/** Lists the piece counts missing from 1…n (the first few one by one); returns how many are present. */
async function scanPieceCounts(db: Queryable, psdId: number, n: number, problems: AuditProblem[]): Promise<number> {
  let expected = 1;
  let present = 0;
  let missing = 0;
  const note = (from: number, to: number): void => {
    for (let p = from; p <= to; p++) {
      missing += 1;
      if (missing <= MAX_LISTED_MISSING) problems.push({ kind: 'record-missing', pieceCount: p, message: `piece ${p} has no stored record` });
    }
  };
  while (expected <= n) {
    const page = (await readPieceCounts(db, psdId, expected - 1, PAGE)).filter((p) => p <= n);
    if (page.length === 0) break;
    for (const p of page) {
      note(expected, p - 1);
      expected = p + 1;
      present += 1;
    }
  }
  note(expected, n);
  if (missing > MAX_LISTED_MISSING) {
    problems.push({ kind: 'record-missing', message: `${missing - MAX_LISTED_MISSING} more piece counts have no stored record` });
  }
  return present;
}
