// Reading an account's own stamps: one by id, pages newest first, and the Data Matrix symbol as PNG or SVG.
import { renderDataMatrixPng } from '../barcode/datamatrix-render-png.js';
import { renderDataMatrixSvg } from '../barcode/datamatrix-render-svg.js';
import { AppError } from '../errors/app-error.js';
import type { StampCursor, StampRecord, StampRepository } from './stamp.repository.js';
import { stampView, type StampView } from './stamp-view.js';

/** One page of stamps. */
export interface StampPage {
  readonly stamps: readonly StampView[];
  /** Opaque; null on the last page. */
  readonly nextCursor: string | null;
}

/** Light modules around the symbol in rendered images (spec §6 asks for at least one). */
const QUIET_ZONE_MODULES = 2;
/** Size of one module in SVG, in millimetres: 44 modules make a 22 mm symbol. */
const SVG_MODULE_MM = 0.5;

/** Reads stamps for their owner. */
export class StampService {
  constructor(private readonly stamps: StampRepository) {}

  /** The stamp if `accountId` owns it; STAMP_NOT_FOUND otherwise, also for another account's stamp. */
  async get(accountId: string, id: string): Promise<StampView> {
    return stampView(await this.find(accountId, id));
  }

  /** A page of the account's stamps, newest first. */
  async list(accountId: string, limit: number, cursor: string | undefined): Promise<StampPage> {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    // One more than asked tells whether another page follows.
    const rows = await this.stamps.listForOwner(accountId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { stamps: page.map(stampView), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
  }

  /** The symbol as a PNG with `scale` pixels per module. */
  async png(accountId: string, id: string, scale: number): Promise<Buffer> {
    const stamp = await this.find(accountId, id);
    return renderDataMatrixPng(stamp.indicium, { modulePx: scale, quietZoneModules: QUIET_ZONE_MODULES });
  }

  /** The symbol as an SVG document sized in millimetres. */
  async svg(accountId: string, id: string): Promise<string> {
    const stamp = await this.find(accountId, id);
    return renderDataMatrixSvg(stamp.indicium, { moduleSize: SVG_MODULE_MM, unit: 'mm', quietZoneModules: QUIET_ZONE_MODULES });
  }

  private async find(accountId: string, id: string): Promise<StampRecord> {
    const stamp = await this.stamps.findForOwner(accountId, id);
    if (stamp === null) throw new AppError('STAMP_NOT_FOUND', `No stamp ${JSON.stringify(id)} belongs to this account`, { id });
    return stamp;
  }
}

/** The cursor after `stamp`: base64url of [createdAtMs, id]. */
export function encodeCursor(stamp: { readonly createdAtMs: number; readonly id: string }): string {
  return Buffer.from(JSON.stringify([stamp.createdAtMs, stamp.id]), 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeCursor; CURSOR_INVALID for anything else. */
export function decodeCursor(cursor: string): StampCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // Falls through to the catalogued error below.
  }
  throw new AppError('CURSOR_INVALID', `The cursor ${JSON.stringify(cursor.slice(0, 40))} is not one this server returned`);
}
