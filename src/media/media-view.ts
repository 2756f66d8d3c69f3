// The JSON forms of media, for the routes and the operator's command line: serials printed with their
// check digit, times as ISO 8601, counts of free and taken slots.
import { formatMediumSerial } from '../core/media-serial.js';
import type { MediumDetail, MediaPage } from './media.service.js';
import type { MediumRecord } from './media.repository.js';
import type { MediumKind } from './media-layouts.js';

/** A medium as the API shows it to its account. */
export interface MediumView {
  /** NNNN-NNNN-NNNN-C, as printed on the label or sheet. */
  readonly serial: string;
  readonly kind: MediumKind;
  readonly layout: string;
  readonly slotCount: number;
  readonly usedSlots: number;
  readonly reservedSlots: number;
  /** Slots a stamp can still be bought for: 0 once voided. */
  readonly freeSlots: number;
  readonly issuedAt: string;
  readonly voided: boolean;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  readonly links: { readonly self: string };
}

/** A medium as the operator sees it: also whose it is and which issue it came from. */
export interface OperatorMediumView extends MediumView {
  readonly accountId: string;
  readonly issueBatch: string;
}

/** One slot of a medium, to draw the sheet. */
export interface SlotView {
  /** 0 on a label, 1..N on a sheet, row by row from the top left. */
  readonly slot: number;
  readonly state: 'free' | 'reserved' | 'used';
  readonly stampId: string | null;
  readonly purchaseId: string | null;
}

/** A medium with all its slots. */
export interface MediumDetailView extends MediumView {
  readonly slots: readonly SlotView[];
}

/** The JSON form of a medium for its account. */
export function mediumView(m: MediumRecord): MediumView {
  const serial = formatMediumSerial(m.serial);
  const voided = m.voidedAtMs !== null;
  return {
    serial,
    kind: m.kind,
    layout: m.layout,
    slotCount: m.slotCount,
    usedSlots: m.usedCount,
    reservedSlots: m.reservedCount,
    freeSlots: voided ? 0 : m.slotCount - m.usedCount - m.reservedCount,
    issuedAt: new Date(m.issuedAtMs).toISOString(),
    voided,
    voidedAt: m.voidedAtMs === null ? null : new Date(m.voidedAtMs).toISOString(),
    voidReason: m.voidReason,
    links: { self: `/v1/media/${serial}` },
  };
}

/** The JSON form of a medium for the operator. */
export function operatorMediumView(m: MediumRecord): OperatorMediumView {
  return { ...mediumView(m), accountId: m.accountId, issueBatch: m.issueBatch };
}

/** The JSON form of a medium with its slots. */
export function mediumDetailView(d: MediumDetail): MediumDetailView {
  return { ...mediumView(d.medium), slots: d.slots.map((s) => ({ slot: s.slot, state: s.state, stampId: s.stampId, purchaseId: s.purchaseId })) };
}

/** The JSON form of a page of media. */
export function mediaPageView(page: MediaPage): { media: MediumView[]; nextCursor: string | null } {
  return { media: page.media.map(mediumView), nextCursor: page.nextCursor };
}
