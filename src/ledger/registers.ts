// The registers of a PSD and their two transitions. Pure: no I/O, no clock. Money is integer mills
// held as bigint; the piece count is a number because its field is 4 bytes (exact in a double).
import { AppError } from '../errors/app-error.js';

/** The registers of one PSD (spec psd-ledger.md): all money in mills. */
export interface Registers {
  /** AR: total postage ever dispensed, mills. */
  readonly ascending: bigint;
  /** DR: funds still available to dispense, mills. */
  readonly descending: bigint;
  /** CT: total funds ever loaded, mills; always ascending + descending. */
  readonly control: bigint;
  /** Number of indicia dispensed; the n-th indicium carries piece count n. */
  readonly pieceCount: number;
}

/** Largest value of a 5-byte register field of the indicium: 2^40 − 1 mills. */
export const MAX_REGISTER_MILLS = (1n << 40n) - 1n;

/** Largest piece count a 4-byte field holds: 2^32 − 1. */
export const MAX_PIECE_COUNT = 0xffff_ffff;

/** Largest postage of one indicium, a 3-byte field: 16,777,215 mills. */
export const MAX_POSTAGE_MILLS = 0xff_ffffn;

/** The registers of a newly provisioned PSD: AR = DR = CT = 0, no piece dispensed. */
export const ZERO_REGISTERS: Registers = Object.freeze({ ascending: 0n, descending: 0n, control: 0n, pieceCount: 0 });

/**
 * Dispenses one piece of `postage` mills: DR −= p, AR += p, count += 1. Refuses p ≤ 0, p past the
 * 3-byte postage field, DR < p and a piece count past 2^32 − 1. AR cannot pass 2^40 − 1 because AR ≤ CT
 * and credit() keeps CT within that bound.
 */
export function debit(regs: Registers, postage: bigint): Registers {
  if (postage <= 0n || postage > MAX_POSTAGE_MILLS) {
    throw new AppError('MONEY_OUT_OF_RANGE', `Postage ${postage} mills is outside 1 to ${MAX_POSTAGE_MILLS} mills`, {
      postage: postage.toString(),
    });
  }
  if (regs.descending < postage) {
    throw new AppError(
      'PSD_FUNDS_EXHAUSTED',
      `The descending register holds ${regs.descending} mills, less than the postage of ${postage} mills`,
      { descendingRegister: regs.descending.toString(), postage: postage.toString() },
    );
  }
  if (regs.pieceCount >= MAX_PIECE_COUNT) {
    throw new AppError('PSD_PIECE_COUNT_EXHAUSTED', undefined, { pieceCount: regs.pieceCount });
  }
  const next: Registers = {
    ascending: regs.ascending + postage,
    descending: regs.descending - postage,
    control: regs.control,
    pieceCount: regs.pieceCount + 1,
  };
  assertRegisterInvariants(next);
  return next;
}

/**
 * Loads `amount` mills (a reset): DR += a, CT += a. Refuses a ≤ 0 and a CT past 2^40 − 1, which bounds
 * AR and DR too, so that every later debit fits the indicium's 5-byte register fields.
 */
export function credit(regs: Registers, amount: bigint): Registers {
  if (amount <= 0n) {
    throw new AppError('MONEY_OUT_OF_RANGE', `A reset amount must be positive, not ${amount} mills`, { amount: amount.toString() });
  }
  if (regs.control + amount > MAX_REGISTER_MILLS) {
    throw new AppError(
      'PSD_REGISTER_LIMIT',
      `The control total ${regs.control} plus ${amount} mills would pass ${MAX_REGISTER_MILLS} mills`,
      { controlTotal: regs.control.toString(), amount: amount.toString() },
    );
  }
  const next: Registers = {
    ascending: regs.ascending,
    descending: regs.descending + amount,
    control: regs.control + amount,
    pieceCount: regs.pieceCount,
  };
  assertRegisterInvariants(next);
  return next;
}

/** Throws LEDGER_INVARIANT_VIOLATED unless CT = AR + DR, DR ≥ 0, AR ≥ 0 and every field fits its width. */
export function assertRegisterInvariants(regs: Registers): void {
  const broken = registerInvariantBreak(regs);
  if (broken !== undefined) {
    throw new AppError('LEDGER_INVARIANT_VIOLATED', broken, registersDetails(regs));
  }
}

/** Describes the first invariant `regs` breaks, or undefined when all hold. */
export function registerInvariantBreak(regs: Registers): string | undefined {
  if (regs.control !== regs.ascending + regs.descending) {
    return `CT ${regs.control} differs from AR ${regs.ascending} + DR ${regs.descending}`;
  }
  if (regs.descending < 0n) return `DR ${regs.descending} is negative`;
  if (regs.ascending < 0n) return `AR ${regs.ascending} is negative`;
  if (regs.control > MAX_REGISTER_MILLS) return `CT ${regs.control} passes ${MAX_REGISTER_MILLS} mills`;
  if (!Number.isSafeInteger(regs.pieceCount) || regs.pieceCount < 0 || regs.pieceCount > MAX_PIECE_COUNT) {
    return `piece count ${regs.pieceCount} is not an integer from 0 to ${MAX_PIECE_COUNT}`;
  }
  return undefined;
}

/**
 * Throws LEDGER_INVARIANT_VIOLATED unless `after` may follow `before` (invariant 2): AR and the piece
 * count never fall, CT never falls and rises only when `creditAllowed` (a reset).
 */
export function assertRegisterTransition(before: Registers, after: Registers, creditAllowed: boolean): void {
  assertRegisterInvariants(after);
  let broken: string | undefined;
  if (after.ascending < before.ascending) broken = `AR fell from ${before.ascending} to ${after.ascending}`;
  else if (after.pieceCount < before.pieceCount) broken = `piece count fell from ${before.pieceCount} to ${after.pieceCount}`;
  else if (after.control < before.control) broken = `CT fell from ${before.control} to ${after.control}`;
  else if (after.control > before.control && !creditAllowed) broken = `CT rose from ${before.control} to ${after.control} without a reset`;
  if (broken !== undefined) throw new AppError('LEDGER_INVARIANT_VIOLATED', broken, registersDetails(after));
}

/** The registers as decimal strings, for error details and JSON (never a float). */
export function registersDetails(regs: Registers): Record<string, string | number> {
  return {
    ascendingRegister: regs.ascending.toString(),
    descendingRegister: regs.descending.toString(),
    controlTotal: regs.control.toString(),
    pieceCount: regs.pieceCount,
  };
}
