// How refunds look in the public API: money as decimal strings of mills, times as ISO 8601.
import type { RefundEligibility } from './refund.service.js';
import type { RefundRecord } from './refund.repository.js';

/** The JSON of a refund request. */
export interface RefundJson {
  readonly id: string;
  readonly stampId: string;
  readonly purchaseId: string;
  readonly status: string;
  readonly amountMills: string;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly requestedAt: string;
  readonly expectedDecisionDate: string;
  readonly decidedAt: string | null;
  readonly publishedAt: string | null;
  readonly creditedAt: string | null;
  readonly links: { readonly self: string; readonly stamp: string };
}

/** The JSON of a refund request. */
export function refundView(r: RefundRecord): RefundJson {
  return {
    id: r.id,
    stampId: r.stampId,
    purchaseId: r.purchaseId,
    status: r.status,
    amountMills: r.amountMills.toString(),
    reasonCode: r.reasonCode,
    reason: r.reason,
    requestedAt: iso(r.requestedAtMs),
    expectedDecisionDate: iso(r.expectedDecisionAtMs),
    decidedAt: isoOrNull(r.decidedAtMs),
    publishedAt: isoOrNull(r.publishedAtMs),
    creditedAt: isoOrNull(r.creditedAtMs),
    links: { self: `/v1/refunds/${r.id}`, stamp: `/v1/stamps/${r.stampId}` },
  };
}

/** The JSON of GET /v1/stamps/{id}/refund-eligibility. */
export function eligibilityView(e: RefundEligibility): Record<string, unknown> {
  return {
    stampId: e.stampId,
    eligible: e.eligible,
    reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })),
    amountMills: e.amountMills.toString(),
    expectedDecisionDate: isoOrNull(e.expectedDecisionAtMs),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
