// The web side of the internal contract (src/internal-api/dispense-contract.ts): dispense, lookup and
// health calls to one processing server, each answer checked against the contract before it is used.
import {
  INTERNAL_PATHS,
  type DispenseRequest,
  type DispensedStamp,
} from '../internal-api/dispense-contract.js';
import type { InternalHttpClient } from './internal-http-client.js';

/** A catalogued error a processing server answered with. */
export interface RemoteError {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
}

/** What became of a dispense call. */
export type DispenseOutcome =
  | { readonly kind: 'dispensed'; readonly stamps: readonly DispensedStamp[] }
  /** The server answered 4xx: it refused and dispensed nothing. `error` is null when the body was not an error body. */
  | { readonly kind: 'refused'; readonly status: number; readonly error: RemoteError | null }
  | { readonly kind: 'not_sent'; readonly reason: string }
  | { readonly kind: 'in_doubt'; readonly reason: string };

/** What became of a lookup call. */
export type LookupOutcome =
  | { readonly kind: 'answered'; readonly stamps: readonly DispensedStamp[] }
  | { readonly kind: 'not_sent' | 'in_doubt'; readonly reason: string };

/** Where a server is and how long calls may take. */
export interface ServerAddress {
  readonly id: string;
  readonly url: string;
}

/** Timeouts of the three calls, in milliseconds. */
export interface ProcessingClientTimeouts {
  readonly dispatchTimeoutMs: number;
  readonly lookupTimeoutMs: number;
  readonly healthTimeoutMs: number;
}

/** Calls processing servers under the internal contract. */
export class ProcessingClient {
  constructor(
    private readonly http: InternalHttpClient,
    private readonly timeouts: ProcessingClientTimeouts,
  ) {}

  /** POST /internal/v1/dispense. A 5xx or an answer that breaks the contract is in doubt, like a reset. */
  async dispense(server: ServerAddress, request: DispenseRequest): Promise<DispenseOutcome> {
    const outcome = await this.http.request({
      baseUrl: server.url,
      method: 'POST',
      path: INTERNAL_PATHS.dispense,
      body: request,
      timeoutMs: this.timeouts.dispatchTimeoutMs,
    });
    if (outcome.kind !== 'answered') return outcome;
    if (outcome.status >= 400 && outcome.status < 500) return { kind: 'refused', status: outcome.status, error: remoteError(outcome.body) };
    if (outcome.status !== 200) return { kind: 'in_doubt', reason: `HTTP ${outcome.status}${describeRemote(outcome.body)}` };
    const stamps = stampsOf(outcome.body);
    const ids = request.items.map((i) => i.requestId);
    if (stamps === null || stamps.length !== ids.length || stamps.some((s, i) => s.requestId !== ids[i])) {
      return { kind: 'in_doubt', reason: 'the dispense answer does not follow the internal contract' };
    }
    return { kind: 'dispensed', stamps };
  }

  /** POST /internal/v1/lookup over a new connection: the stamps of `requestIds` the server holds (in the order asked). */
  async lookup(server: ServerAddress, requestIds: readonly string[]): Promise<LookupOutcome> {
    const outcome = await this.http.request({
      baseUrl: server.url,
      method: 'POST',
      path: INTERNAL_PATHS.lookup,
      body: { requestIds },
      timeoutMs: this.timeouts.lookupTimeoutMs,
      freshConnection: true,
    });
    if (outcome.kind !== 'answered') return outcome;
    const stamps = outcome.status === 200 ? stampsOf(outcome.body) : null;
    if (stamps === null) return { kind: 'in_doubt', reason: `the lookup answer (HTTP ${outcome.status}) does not follow the internal contract` };
    const byId = new Map(stamps.map((s) => [s.requestId, s]));
    return { kind: 'answered', stamps: requestIds.flatMap((id) => byId.get(id) ?? []) };
  }

  /** GET /internal/v1/health: true only for a 200 answer within the health timeout. */
  async health(server: ServerAddress): Promise<boolean> {
    const outcome = await this.http.request({ baseUrl: server.url, method: 'GET', path: INTERNAL_PATHS.health, timeoutMs: this.timeouts.healthTimeoutMs });
    return outcome.kind === 'answered' && outcome.status === 200;
  }
}

/** The stamps of a dispense or lookup answer when every one has the contract's shape; null otherwise. */
function stampsOf(body: unknown): DispensedStamp[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const stamps = (body as { stamps?: unknown }).stamps;
  if (!Array.isArray(stamps) || !stamps.every(isDispensedStamp)) return null;
  return stamps;
}

function isDispensedStamp(value: unknown): value is DispensedStamp {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.requestId === 'string' &&
    isUint32(s.psdId) &&
    isUint32(s.pieceCount) &&
    typeof s.indicium === 'string' &&
    /^[A-Za-z0-9+/]{156}$/.test(s.indicium) && // 117 bytes are exactly 156 base64 characters, no padding
    typeof s.dispensedAt === 'string' &&
    !Number.isNaN(Date.parse(s.dispensedAt))
  );
}

function isUint32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;
}

function remoteError(body: unknown): RemoteError | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.code !== 'string' || typeof b.message !== 'string' || typeof b.statusCode !== 'number') return null;
  return { statusCode: b.statusCode, code: b.code, message: b.message };
}

function describeRemote(body: unknown): string {
  const err = remoteError(body);
  return err === null ? '' : ` ${err.code}: ${err.message}`;
}
