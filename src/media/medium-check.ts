// The pure rules that decide whether the stamps of a purchase may print on the media they name. The
// service reads the media and their taken slots, then runs these rules; nothing here does I/O.
// Errors name the field the way the purchase request does: `stamps[i].medium`.
import { formatMediumSerial, MAX_MEDIUM_SLOT, parseMediumSerial } from '../core/media-serial.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { ERRORS, type ErrorCode } from '../errors/catalogue.js';
import { mediaLayout, slotInLayout, type MediumKind } from './media-layouts.js';

/** A stamp's medium as the purchase request gives it: the printed serial and a slot. */
export interface MediumRequest {
  /** Position of the stamp in the purchase, from 0. */
  readonly index: number;
  readonly serial: string;
  readonly slot: number;
}

/** A medium reference after its serial and slot are parsed. */
export interface ParsedMedium {
  readonly index: number;
  readonly serial: bigint;
  /** The canonical printed serial, NNNN-NNNN-NNNN-C. */
  readonly printed: string;
  readonly slot: number;
}

/** A stamp's medium that passed every check: it may print there. */
export interface CheckedMedium extends ParsedMedium {
  readonly layout: string;
  readonly kind: MediumKind;
}

/** What the rules need to know of a stored medium. */
export interface MediumFacts {
  readonly serial: bigint;
  readonly accountId: string;
  readonly layout: string;
  readonly voided: boolean;
}

/** The field an error about stamp `index`'s medium names. */
export function mediumField(index: number): string {
  return `stamps[${index}].medium`;
}

/** Key of a (serial, slot) pair in sets. */
export function slotKey(serial: bigint, slot: number): string {
  return `${serial}:${slot}`;
}

/**
 * Parses every item's serial (MEDIUM_SERIAL_FORMAT, MEDIUM_SERIAL_CHECK_DIGIT) and slot (an integer
 * 0..255, MEDIUM_SLOT_INVALID); the first bad item throws, naming its field.
 */
export function parseMediumRequests(items: readonly MediumRequest[]): ParsedMedium[] {
  return items.map((item) =>
    atField(item.index, () => {
      const parsed = parseMediumSerial(item.serial);
      if (!Number.isInteger(item.slot) || item.slot < 0 || item.slot > MAX_MEDIUM_SLOT) {
        throw new AppError('MEDIUM_SLOT_INVALID', `Slot ${String(item.slot)} is not a whole number from 0 to ${MAX_MEDIUM_SLOT}`, { slot: item.slot });
      }
      return { index: item.index, serial: parsed.serial, printed: parsed.printed, slot: item.slot };
    }),
  );
}

/** A parsed item from a serial already held as a number (the purchase path passes bigints to reserve). */
export function parsedFromSerial(index: number, serial: bigint, slot: number): ParsedMedium {
  return atField(index, () => ({ index, serial, printed: formatMediumSerial(serial), slot }));
}

/**
 * Checks each item, in item order, against the stored media and the slots already taken: unknown serial
 * (MEDIUM_UNKNOWN), another account's (MEDIUM_NOT_YOURS), voided (MEDIUM_VOIDED), no such slot on its
 * layout (MEDIUM_SLOT_OUT_OF_RANGE), slot reserved or used (MEDIUM_SLOT_USED), and the same slot named
 * by an earlier item of the purchase (MEDIUM_SLOT_REPEATED). The first failure throws.
 */
export function checkMedia(
  accountId: string,
  items: readonly ParsedMedium[],
  media: ReadonlyMap<bigint, MediumFacts>,
  taken: ReadonlySet<string>,
): CheckedMedium[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const at = mediumField(item.index);
    const where = { field: at, serial: item.printed, slot: item.slot };
    const medium = media.get(item.serial);
    if (medium === undefined) throw new AppError('MEDIUM_UNKNOWN', `${at}: no label or sheet has the serial ${item.printed}`, where);
    // The same status as an unknown serial (404) so that answers do not tell which serials exist elsewhere.
    if (medium.accountId !== accountId) throw new AppError('MEDIUM_NOT_YOURS', `${at}: ${item.printed} was not issued to your account`, where);
    if (medium.voided) throw new AppError('MEDIUM_VOIDED', `${at}: ${item.printed} was voided`, where);
    const layout = mediaLayout(medium.layout);
    if (!slotInLayout(layout, item.slot)) {
      const range = layout.kind === 'label' ? 'slot 0 only' : `slots ${layout.firstSlot} to ${layout.lastSlot}`;
      throw new AppError('MEDIUM_SLOT_OUT_OF_RANGE', `${at}: ${item.printed} is a ${layout.name} ${layout.kind} with ${range}, not slot ${item.slot}`, {
        ...where,
        layout: layout.name,
        firstSlot: layout.firstSlot,
        lastSlot: layout.lastSlot,
      });
    }
    const key = slotKey(item.serial, item.slot);
    if (taken.has(key)) throw new AppError('MEDIUM_SLOT_USED', `${at}: slot ${item.slot} of ${item.printed} is already used or reserved`, where);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new AppError('MEDIUM_SLOT_REPEATED', `${at}: slot ${item.slot} of ${item.printed} is also asked for by ${mediumField(earlier)}`, {
        ...where,
        alsoField: mediumField(earlier),
      });
    }
    seen.set(key, item.index);
    return { ...item, layout: layout.name, kind: layout.kind };
  });
}

/** Runs a parser; its AppError is thrown again with the field's path in front of its detail. */
function atField<T>(index: number, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!isAppError(err)) throw err;
    const path = mediumField(index);
    const code: ErrorCode = err.code;
    const suffix = `. ${ERRORS[code].fix}.`;
    const detail = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    throw new AppError(code, `${path}: ${detail}`, { ...err.details, field: path }, { cause: err });
  }
}
