/**
 * The internal HTTP contract between the web server and the processing servers. The web server makes
 * every request id (one per stamp) before it hands a purchase on, and reuses them on every retry; a
 * processing server dispenses a request id at most once and can say afterwards whether it did.
 *
 * Money crosses the wire as decimal strings of mills; 64-bit fields (medium) as decimal strings too.
 */

/** One stamp to dispense. */
export interface DispenseItem {
  /** Made by the web server, unique, reused on retries: the processing server's idempotency key. */
  readonly requestId: string;
  /** Postage in mills, decimal string, > 0. */
  readonly postage: string;
  readonly rateCategory: number;
  /** Days since 2000-01-01 (spec §1). */
  readonly dateOfMailing: number;
  /** Packed ZIP+4 (zip5 * 10000 + plus4). */
  readonly originZip: number;
  /** Packed ZIP+4, 0 when not given. */
  readonly destinationZip: number;
  /** The 8-byte medium field (serial << 8 | slot), decimal string, "0" for plain paper. */
  readonly medium: string;
}

/** POST /internal/v1/dispense: the items of one purchase, dispensed all or none. */
export interface DispenseRequest {
  /** The purchase these items belong to (for logs and audit). */
  readonly purchaseId: string;
  readonly items: readonly DispenseItem[];
}

/** A dispensed stamp as the processing server committed it. */
export interface DispensedStamp {
  readonly requestId: string;
  readonly psdId: number;
  readonly pieceCount: number;
  /** The 117 indicium bytes, base64. */
  readonly indicium: string;
  /** ISO time of the commit. */
  readonly dispensedAt: string;
}

/** Answer of POST /internal/v1/dispense (200), in the order of the request's items. */
export interface DispenseResponse {
  readonly serverId: string;
  readonly stamps: readonly DispensedStamp[];
}

/** POST /internal/v1/lookup: which of these request ids were dispensed here. */
export interface LookupRequest {
  readonly requestIds: readonly string[];
}

/** Answer of POST /internal/v1/lookup: the stamps found (any subset of those asked). */
export interface LookupResponse {
  readonly serverId: string;
  readonly stamps: readonly DispensedStamp[];
}

/** GET /internal/v1/health: 200 when the server can dispense, 503 otherwise, same body. */
export interface HealthResponse {
  readonly serverId: string;
  readonly status: 'ok' | 'degraded' | 'down';
  /** PSDs that are active, inspected and funded (or can be reset automatically). */
  readonly availablePsds: number;
}

/** Paths of the internal API. */
export const INTERNAL_PATHS = {
  dispense: '/internal/v1/dispense',
  lookup: '/internal/v1/lookup',
  health: '/internal/v1/health',
} as const;

/** Header that carries the shared secret between the vendor's own servers. */
export const INTERNAL_TOKEN_HEADER = 'x-indicia-internal-token';
