// The JSON body of POST /v1/stamps from the client's typed requests: bigint mills become decimal strings,
// fields left out stay out (so the same request always makes the same body, and the same request hash).
import { AppError } from '../errors/app-error.js';
import { MAX_STAMPS_PER_PURCHASE, type StampRequest } from './types.js';

/** One stamp as sent on the wire. */
export interface WireStamp {
  readonly rateCategory: number | string;
  readonly postage?: string;
  readonly postageDollars?: string;
  readonly dateOfMailing?: string;
  readonly originZip: string;
  readonly destinationZip?: string;
  readonly weightOz?: number;
  readonly destinationCountry?: string;
  readonly medium?: { readonly serial: string; readonly slot: number };
}

/** The wire form of one stamp request. */
export function toWireStamp(stamp: StampRequest): WireStamp {
  const wire: { -readonly [K in keyof WireStamp]: WireStamp[K] } = { rateCategory: stamp.rateCategory, originZip: stamp.originZip };
  if (stamp.postage !== undefined) wire.postage = typeof stamp.postage === 'bigint' ? stamp.postage.toString() : stamp.postage;
  if (stamp.postageDollars !== undefined) wire.postageDollars = stamp.postageDollars;
  if (stamp.dateOfMailing !== undefined) wire.dateOfMailing = stamp.dateOfMailing;
  if (stamp.destinationZip !== undefined) wire.destinationZip = stamp.destinationZip;
  if (stamp.weightOz !== undefined) wire.weightOz = stamp.weightOz;
  if (stamp.destinationCountry !== undefined) wire.destinationCountry = stamp.destinationCountry;
  if (stamp.medium !== undefined) wire.medium = { serial: stamp.medium.serial, slot: stamp.medium.slot ?? 0 };
  return wire;
}

/** The body of one purchase of 1 to 1000 stamps (INVALID_ARGUMENT otherwise). */
export function purchaseBody(stamps: readonly StampRequest[]): string {
  if (!Array.isArray(stamps) || stamps.length < 1 || stamps.length > MAX_STAMPS_PER_PURCHASE) {
    const count = Array.isArray(stamps) ? stamps.length : 'no';
    throw new AppError('INVALID_ARGUMENT', `One purchase holds 1 to ${MAX_STAMPS_PER_PURCHASE} stamps, not ${count}; use buyBatch for more`);
  }
  return JSON.stringify({ stamps: stamps.map(toWireStamp) });
}
