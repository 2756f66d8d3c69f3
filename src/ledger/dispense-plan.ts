// Which PSD debits which request of a batch, and the registers each debit leaves. Pure: the PSDs are
// those the batch has locked; nothing here reads the database, the clock or a key.
import { isAppError } from '../errors/app-error.js';
import type { PsdRecord } from './psd-store.js';
import { debit, type Registers } from './registers.js';

/** True when the PSD must be inspected before it dispenses again (its due instant has come). */
export function isInspectionOverdue(psd: PsdRecord, nowMs: number): boolean {
  return psd.inspectionDueAtMs === null || psd.inspectionDueAtMs <= nowMs;
}

/** Why a PSD may not dispense now, or undefined when it may. */
export function psdRefusal(psd: PsdRecord, nowMs: number): 'PSD_NOT_ACTIVE' | 'PSD_INSPECTION_OVERDUE' | undefined {
  if (psd.status !== 'active') return 'PSD_NOT_ACTIVE';
  if (isInspectionOverdue(psd, nowMs)) return 'PSD_INSPECTION_OVERDUE';
  return undefined;
}

/** One planned debit: request `requestIndex` of the batch goes to PSD `psd`, leaving `after`. */
export interface PlannedDebit {
  readonly requestIndex: number;
  readonly psd: PsdRecord;
  readonly before: Registers;
  readonly after: Registers;
}

/** The plan of one round: debits in the order they apply per PSD, and requests no locked PSD can serve. */
export interface DispensePlan {
  readonly debits: readonly PlannedDebit[];
  /** Requests (by index) that no locked PSD holds enough funds (or piece count) for. */
  readonly short: readonly number[];
  /** The registers of every locked PSD after the planned debits. */
  readonly finalRegisters: ReadonlyMap<number, Registers>;
}

/**
 * Plans like planSpread, but keeps groups whole: when a group (one purchase) would be half placed, the
 * whole group is taken out of the round and planning starts over without it (its funds may then serve
 * other groups), so that no purchase is ever half dispensed. `groups[i]` is request i's group, or undefined for a request on its own.
 */
export function planDispense(
  psds: readonly PsdRecord[],
  postages: readonly bigint[],
  requestIndices: readonly number[],
  nowMs: number,
  groups: readonly (string | undefined)[] = [],
): DispensePlan {
  let indices = [...requestIndices];
  const dropped = new Set<number>();
  // Each pass drops at least one group, so this ends after at most as many passes as there are groups.
  for (;;) {
    const plan = planSpread(psds, postages, indices, nowMs);
    // A group is broken when some of its requests were placed and some were not.
    const shortGroups = new Set(plan.short.map((i) => groups[i]).filter((g) => g !== undefined));
    const broken = new Set(plan.debits.map((d) => groups[d.requestIndex]).filter((g) => g !== undefined && shortGroups.has(g)));
    if (broken.size === 0) return { ...plan, short: [...plan.short, ...dropped].sort((a, b) => a - b) };
    for (const i of indices) if (broken.has(groups[i])) dropped.add(i);
    indices = indices.filter((i) => !dropped.has(i));
  }
}

/**
 * Spreads requests round-robin over the PSDs that may dispense: each request goes to the next PSD in
 * turn whose DR still covers it, so one short PSD is skipped rather than failing the request. Requests
 * are planned in the order given; indices not in `requestIndices` are left alone.
 */
function planSpread(
  psds: readonly PsdRecord[],
  postages: readonly bigint[],
  requestIndices: readonly number[],
  nowMs: number,
): DispensePlan {
  const usable = psds.filter((p) => psdRefusal(p, nowMs) === undefined);
  const current = new Map<number, Registers>(psds.map((p) => [p.psdId, p.registers]));
  const debits: PlannedDebit[] = [];
  const short: number[] = [];
  let cursor = 0;
  for (const requestIndex of requestIndices) {
    const postage = postages[requestIndex];
    if (postage === undefined) throw new RangeError(`no request at index ${requestIndex}`);
    let placed = false;
    for (let tried = 0; tried < usable.length && !placed; tried++) {
      const at = (cursor + tried) % usable.length;
      const psd = usable[at] as PsdRecord;
      const before = current.get(psd.psdId) as Registers;
      const after = tryDebit(before, postage);
      if (after === undefined) continue;
      debits.push({ requestIndex, psd, before, after });
      current.set(psd.psdId, after);
      cursor = (at + 1) % usable.length;
      placed = true;
    }
    if (!placed) short.push(requestIndex);
  }
  return { debits, short, finalRegisters: current };
}

/** The registers after debiting, or undefined when this PSD cannot take the debit (funds or piece count). */
function tryDebit(before: Registers, postage: bigint): Registers | undefined {
  try {
    return debit(before, postage);
  } catch (err) {
    if (isAppError(err, 'PSD_FUNDS_EXHAUSTED') || isAppError(err, 'PSD_PIECE_COUNT_EXHAUSTED')) return undefined;
    throw err;
  }
}
