// JSON views of the scanning service: money and the 64-bit medium as decimal strings, times as ISO 8601,
// indicium bytes as hex.
import type { IndiciumFields } from '../../core/indicium/fields.js';
import type { PublishedRefund } from './refund.service.js';
import type { ScanRecord } from './scan-records.js';
import type { ScanResult } from './scan.service.js';

/** The decoded fields with every bigint as a decimal string. */
export function fieldsView(fields: IndiciumFields): Record<string, number | string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : (v as number)]));
}

/** One result of POST /v1/scans. */
export function scanResultView(r: ScanResult): Record<string, unknown> {
  return {
    scanId: r.scanId,
    source: r.source,
    status: r.status,
    valid: r.valid,
    ...(r.rule === undefined ? {} : { rule: r.rule }),
    reason: r.reason,
    checks: r.checks,
    ...(r.fields === undefined ? {} : { fields: fieldsView(r.fields) }),
  };
}

/** One entry of the scans log (GET /v1/scans). */
export function scanRecordView(s: ScanRecord): Record<string, unknown> {
  return {
    scanId: s.scanId,
    scannedAt: new Date(s.scannedAtMs).toISOString(),
    scannerId: s.scannerId,
    role: s.role,
    requestId: s.requestId,
    sourceKind: s.sourceKind,
    source: s.source,
    indiciumHex: s.indicium?.toString('hex') ?? null,
    status: s.status,
    valid: s.status === 'valid',
    rule: s.rule,
    reason: s.reason,
    licenseNumber: s.triple?.licenseNumber ?? null,
    psdId: s.triple?.psdId ?? null,
    pieceCount: s.triple?.pieceCount ?? null,
  };
}

/** The answer of POST /v1/refunds. */
export function refundView(p: PublishedRefund): Record<string, unknown> {
  return {
    licenseNumber: p.refund.licenseNumber,
    psdId: p.refund.psdId,
    pieceCount: p.refund.pieceCount,
    refundedAt: new Date(p.refund.refundedAtMs).toISOString(),
    // When the stamp had passed a scan before it was refunded: its postage was used, then given back.
    firstScannedAt: p.sighting === null ? null : new Date(p.sighting.firstSeenAtMs).toISOString(),
  };
}
