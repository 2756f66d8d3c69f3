// Whether a processing server can dispense, as GET /internal/v1/health tells the web server. Pure.
import type { HealthResponse } from '../internal-api/dispense-contract.js';
import { psdRefusal } from '../ledger/dispense-plan.js';
import type { PsdRecord } from '../ledger/psd-store.js';

/** What the assessment looks at. */
export interface HealthInput {
  readonly serverId: string;
  /** Every PSD of the server; undefined when they could not be read (the database is down). */
  readonly psds: readonly PsdRecord[] | undefined;
  /** Milliseconds since 1970-01-01 UTC. */
  readonly nowMs: number;
  /** Whether a PSD short of funds is reset without an operator. */
  readonly autoReset: boolean;
  /** True once the server has begun to shut down. */
  readonly closing: boolean;
}

/** The health answer and its HTTP status: 200 when at least one PSD can dispense, 503 otherwise. */
export function assessHealth(input: HealthInput): { readonly httpStatus: 200 | 503; readonly body: HealthResponse } {
  const psds = input.psds ?? [];
  const active = psds.filter((p) => p.status === 'active');
  // Available: active, inspected, and holding funds or able to get them by an automatic reset.
  const available = active.filter((p) => psdRefusal(p, input.nowMs) === undefined && (p.registers.descending > 0n || input.autoReset));
  const availablePsds = input.closing || input.psds === undefined ? 0 : available.length;
  const status = availablePsds === 0 ? 'down' : availablePsds < active.length ? 'degraded' : 'ok';
  return { httpStatus: availablePsds === 0 ? 503 : 200, body: { serverId: input.serverId, status, availablePsds } };
}
