// A daily transaction report: what one PSD dispensed on one UTC day (its pieces as piece count, postage
// and ascending register, so that the registers can be chained) and the resets applied to it that day,
// signed with the PSD's own key. The vendor builds and signs it (src/processing/reports/), the postal
// authority verifies it with the PSD's certified public key and reconciles it (reconciliation.ts).
//
// Pure: keys are arguments, no clock, no I/O. Both sides import this file, so the canonical bytes
// below are the contract between them (docs/authority.md, "Transaction reports").
import { createHash, type KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from '../../core/signature-algorithm.js';
import { AppError } from '../../errors/app-error.js';
import { signatureVerifies } from '../../verifier/rules.js';
import { TRANSACTION_ID_PATTERN } from '../reset-authorization.js';

/** Version of the canonical bytes, their first byte. */
export const REPORT_FORMAT_VERSION = 1;

/**
 * Domain separation: the signed message starts with these bytes, so a report signature can never pass
 * for an indicium's (whose signed part starts with version 0x01) or a reset authorization's.
 */
export const REPORT_SIGNATURE_PREFIX = Buffer.from('IBI-TRANSACTION-REPORT-V1\0', 'ascii');

/** One dispensed piece as reported: its piece count and the registers it carries. */
export interface ReportPiece {
  readonly pieceCount: number;
  /** Postage of the piece, mills. */
  readonly postageMills: bigint;
  /** The ascending register after the piece (the value its indicium carries), mills. */
  readonly ascendingMills: bigint;
}

/** One reset applied to the PSD during the day. */
export interface ReportReset {
  readonly transactionId: string;
  /** Mills added to DR and CT. */
  readonly amountMills: bigint;
  readonly oldControlTotalMills: bigint;
  readonly newControlTotalMills: bigint;
  /** When the vendor's ledger applied it, epoch milliseconds. */
  readonly appliedAtMs: number;
}

/** What a report states. The four range fields are all null on a day without pieces. */
export interface TransactionReportFields {
  readonly licenseNumber: number;
  readonly psdId: number;
  /** Days since 1970-01-01 of the UTC day reported. */
  readonly day: number;
  readonly firstPieceCount: number | null;
  readonly lastPieceCount: number | null;
  /** The ascending register before the day's first piece (at the start of the day), mills. */
  readonly ascendingBeforeMills: bigint;
  /** The ascending register after the first and after the last piece of the day, mills. */
  readonly firstAscendingMills: bigint | null;
  readonly lastAscendingMills: bigint | null;
  /** Postage dispensed during the day, mills. */
  readonly postageTotalMills: bigint;
  /** Every piece of the day, in piece-count order. */
  readonly pieces: readonly ReportPiece[];
  /** Every reset of the day, in the order applied. */
  readonly resets: readonly ReportReset[];
}

/** A report with the PSD's 64-byte signature (ECDSA P-256 r‖s over SHA-256, or Ed25519). */
export interface TransactionReport extends TransactionReportFields {
  readonly signature: Buffer;
}

const UINT32_MAX = 0xffff_ffff;
// Money is stored in signed 64-bit columns, so the bytes carry 8 bytes but values stay below 2^63.
const MILLS_MAX = (1n << 63n) - 1n;
const PIECE_BYTES = 4 + 8 + 8;

/**
 * The canonical bytes of a report, big-endian: format version (1) · license (4) · PSD id (4) · day (4) ·
 * has-pieces flag (1) · first piece count (4) · last piece count (4) · AR before (8) · first AR (8) ·
 * last AR (8) · postage total (8) · piece rows (4) and each row: piece count (4), postage (8), AR (8) ·
 * reset rows (4) and each: id length (1), id (ASCII), amount (8), old CT (8), new CT (8), applied at ms (8).
 * Absent range fields are written as 0 after a has-pieces flag of 0. Throws REPORT_INVALID when a field
 * does not fit.
 */
export function transactionReportBytes(r: TransactionReportFields): Buffer {
  checkReportFields(r);
  const hasRange = r.firstPieceCount !== null;
  const head = Buffer.alloc(1 + 4 * 3 + 1 + 4 * 2 + 8 * 4 + 4);
  let at = head.writeUInt8(REPORT_FORMAT_VERSION, 0);
  at = head.writeUInt32BE(r.licenseNumber, at);
  at = head.writeUInt32BE(r.psdId, at);
  at = head.writeUInt32BE(r.day, at);
  at = head.writeUInt8(hasRange ? 1 : 0, at);
  at = head.writeUInt32BE(r.firstPieceCount ?? 0, at);
  at = head.writeUInt32BE(r.lastPieceCount ?? 0, at);
  at = head.writeBigUInt64BE(r.ascendingBeforeMills, at);
  at = head.writeBigUInt64BE(r.firstAscendingMills ?? 0n, at);
  at = head.writeBigUInt64BE(r.lastAscendingMills ?? 0n, at);
  at = head.writeBigUInt64BE(r.postageTotalMills, at);
  head.writeUInt32BE(r.pieces.length, at);
  const pieces = Buffer.alloc(r.pieces.length * PIECE_BYTES);
  r.pieces.forEach((p, i) => {
    const o = i * PIECE_BYTES;
    pieces.writeUInt32BE(p.pieceCount, o);
    pieces.writeBigUInt64BE(p.postageMills, o + 4);
    pieces.writeBigUInt64BE(p.ascendingMills, o + 12);
  });
  const resetCount = Buffer.alloc(4);
  resetCount.writeUInt32BE(r.resets.length, 0);
  return Buffer.concat([head, pieces, resetCount, ...r.resets.map(resetBytes)]);
}

function resetBytes(x: ReportReset): Buffer {
  const id = Buffer.from(x.transactionId, 'ascii');
  const b = Buffer.alloc(1 + id.length + 8 * 4);
  let at = b.writeUInt8(id.length, 0);
  at += id.copy(b, at);
  at = b.writeBigUInt64BE(x.amountMills, at);
  at = b.writeBigUInt64BE(x.oldControlTotalMills, at);
  at = b.writeBigUInt64BE(x.newControlTotalMills, at);
  b.writeBigUInt64BE(BigInt(x.appliedAtMs), at);
  return b;
}

/** SHA-256 (hex) of the canonical bytes: what "the same report" means when a day is sent again. */
export function reportContentSha256(r: TransactionReportFields): string {
  return createHash('sha256').update(transactionReportBytes(r)).digest('hex');
}

/**
 * The message the PSD signs: the prefix and SHA-256 of the canonical bytes (59 bytes whatever the day's
 * size, so a PKCS#11 token never has to take a whole day of pieces in one call).
 */
export function reportSignedMessage(r: TransactionReportFields): Buffer {
  const digest = createHash('sha256').update(transactionReportBytes(r)).digest();
  return Buffer.concat([REPORT_SIGNATURE_PREFIX, digest]);
}

/** True when the report's signature verifies with the PSD's public key under its algorithm. */
export function verifyReportSignature(r: TransactionReport, algorithm: SignatureAlgorithm, publicKey: KeyObject): boolean {
  return signatureVerifies(algorithm, reportSignedMessage(r), r.signature, publicKey);
}

/** Checks every field fits its bytes (REPORT_INVALID naming the first that does not). */
export function checkReportFields(r: TransactionReportFields): void {
  uint32(r.licenseNumber, 'licenseNumber', 1);
  uint32(r.psdId, 'psdId', 1);
  uint32(r.day, 'day', 0);
  const range = [r.firstPieceCount, r.lastPieceCount, r.firstAscendingMills, r.lastAscendingMills];
  if (!range.every((v) => v === null) && !range.every((v) => v !== null)) {
    invalid('firstPieceCount, lastPieceCount, firstAscendingMills and lastAscendingMills must be all given or all null');
  }
  if (r.firstPieceCount !== null) uint32(r.firstPieceCount, 'firstPieceCount', 1);
  if (r.lastPieceCount !== null) uint32(r.lastPieceCount, 'lastPieceCount', 1);
  mills(r.ascendingBeforeMills, 'ascendingBeforeMills');
  if (r.firstAscendingMills !== null) mills(r.firstAscendingMills, 'firstAscendingMills');
  if (r.lastAscendingMills !== null) mills(r.lastAscendingMills, 'lastAscendingMills');
  mills(r.postageTotalMills, 'postageTotalMills');
  if (r.pieces.length > UINT32_MAX) invalid('too many pieces');
  r.pieces.forEach((p, i) => {
    uint32(p.pieceCount, `pieces[${i}].pieceCount`, 1);
    mills(p.postageMills, `pieces[${i}].postageMills`);
    mills(p.ascendingMills, `pieces[${i}].ascendingMills`);
  });
  r.resets.forEach((x, i) => {
    if (!TRANSACTION_ID_PATTERN.test(x.transactionId)) invalid(`resets[${i}].transactionId is not 1 to 128 of A-Z a-z 0-9 . _ : -`);
    mills(x.amountMills, `resets[${i}].amountMills`);
    mills(x.oldControlTotalMills, `resets[${i}].oldControlTotalMills`);
    mills(x.newControlTotalMills, `resets[${i}].newControlTotalMills`);
    if (!Number.isSafeInteger(x.appliedAtMs) || x.appliedAtMs < 0) invalid(`resets[${i}].appliedAt is not a time after 1970`);
  });
}

function uint32(v: number, name: string, min: number): void {
  if (!Number.isInteger(v) || v < min || v > UINT32_MAX) invalid(`${name} ${v} is not an integer from ${min} to ${UINT32_MAX}`);
}

function mills(v: bigint, name: string): void {
  if (typeof v !== 'bigint' || v < 0n || v > MILLS_MAX) invalid(`${name} ${String(v)} is not a number of mills from 0 to ${MILLS_MAX}`);
}

function invalid(detail: string): never {
  throw new AppError('REPORT_INVALID', detail);
}
