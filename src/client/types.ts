// The public API's requests and answers as the client library types them. They follow src/web/schemas.ts:
// money travels as decimal strings of mills (1 mill = US$0.001), never as a float.

/** The label or sheet a stamp will be printed on (spec §5). */
export interface MediumRequest {
  /** The serial printed on the medium, `NNNN-NNNN-NNNN-C`. */
  readonly serial: string;
  /** 0 for a single label (the default), 1…N for a position on a sheet, row by row from the top left. */
  readonly slot?: number;
}

/**
 * One stamp to buy. Give `postage` (mills) or `postageDollars`, not both, or neither to pay the rate the
 * server computes from the category, the weight and the destination.
 */
export interface StampRequest {
  /** Rate category code 1–8 (spec §4) or its slug, such as `first-class-letter`. */
  readonly rateCategory: number | string;
  /** Postage in mills: a bigint or a string of decimal digits (sent as a decimal string). */
  readonly postage?: bigint | string;
  /** Postage in dollars with at most three decimals, such as `"0.74"`. */
  readonly postageDollars?: string;
  /** `YYYY-MM-DD`; the day the purchase is first processed (UTC) when left out. */
  readonly dateOfMailing?: string;
  /** ZIP or ZIP+4 the mail leaves from. */
  readonly originZip: string;
  /** ZIP or ZIP+4 it goes to. */
  readonly destinationZip?: string;
  /** Weight of the piece in ounces (1 when left out); with the category and destination it sets the rate. */
  readonly weightOz?: number;
  /** ISO 3166-1 alpha-2 country code, such as "CA"; needed by the international letter (category 8). */
  readonly destinationCountry?: string;
  /** Leave out for plain paper. */
  readonly medium?: MediumRequest;
}

/** The decoded indicium fields (spec §2) as the API shows them: money and the medium as decimal strings. */
export interface StampFields {
  readonly version: number;
  readonly algorithm: number;
  readonly licenseNumber: number;
  readonly certificateSerial: number;
  readonly psdId: number;
  readonly pieceCount: number;
  /** Mills, decimal string. */
  readonly ascendingRegister: string;
  /** Mills, decimal string. */
  readonly descendingRegister: string;
  /** Mills, decimal string. */
  readonly postage: string;
  /** Days since 2000-01-01. */
  readonly dateOfMailing: number;
  /** Packed ZIP+4: zip5 × 10000 + plus4. */
  readonly originZip: number;
  /** Packed ZIP+4, 0 when not given. */
  readonly destinationZip: number;
  readonly rateCategory: number;
  /** `serial << 8 | slot` as a decimal string; "0" for plain paper. */
  readonly medium: string;
  readonly softwareId: number;
}

/** A stamp (a dispensed, signed indicium) as the API shows it. */
export interface Stamp {
  readonly id: string;
  readonly purchaseId: string;
  /** The 117 indicium bytes, base64. */
  readonly indicium: string;
  readonly fields: StampFields;
  /** Lines to print beside the symbol: postage, date, rate category, origin ZIP, license, PSD. */
  readonly humanReadable: readonly string[];
  /** ISO 8601 time the processing server dispensed it. */
  readonly dispensedAt: string;
  readonly links: { readonly self: string; readonly png: string; readonly svg: string };
}

/** The answer of a purchase. */
export interface Purchase {
  readonly purchaseId: string;
  /** In the order they were asked for. */
  readonly stamps: readonly Stamp[];
}

/** A purchase and the idempotency key it was made (or replayed) under. */
export interface PurchaseResult extends Purchase {
  readonly idempotencyKey: string;
}

/** One page of your stamps, newest first. */
export interface StampPage {
  readonly stamps: readonly Stamp[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** GET /healthz and GET /readyz. */
export interface Health {
  readonly status: 'ok' | 'ready' | 'not_ready';
  readonly database?: 'ok' | 'unreachable';
  readonly healthyProcessingServers?: number;
}

/** The most stamps one purchase may hold (the server's limit). */
export const MAX_STAMPS_PER_PURCHASE = 1000;

/** Postage limits in mills: more than nothing, at most what the indicium's 3-byte field holds. */
export const POSTAGE_LIMITS_MILLS = { min: 1n, max: 16_777_215n } as const;
