// A postal authority with a registered PSD whose private key the test holds, so that tests sign
// transaction reports (and indicia) as the vendor's PSD would, get resets authorized through the API,
// and read the reports and reconciliation back, CSV included.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { dayOfMs, dayToString } from '../../../src/authority/reports/report-day.js';
import { transactionReportToJson, type TransactionReportJson } from '../../../src/authority/reports/report-json.js';
import { consistentDay, signReportWith, type DaySpec } from '../../../src/authority/reports/report-test-support.js';
import type { ReportReset, TransactionReportFields } from '../../../src/authority/reports/transaction-report.js';
import type { OpenTestDatabase } from '../../helpers/dialects.js';
import { registerPsd, scanningFixture, type ScanningFixture, type TestPsd } from '../scanning/scanning-fixture.js';

/** The test authority, its PSD, and report helpers. */
export interface ReportsFixture {
  readonly f: ScanningFixture;
  readonly psd: TestPsd;
  /** The authority's current UTC day. */
  today(): number;
  /** A consistent day of the PSD (spec minus license and PSD). */
  day(spec: Omit<DaySpec, 'licenseNumber' | 'psdId'>): TransactionReportFields;
  /** The JSON form of `fields` signed with the PSD's key. */
  signed(fields: TransactionReportFields): TransactionReportJson;
  /** POST /v1/reports with the vendor token. */
  send(body: unknown): Promise<LightMyRequestResponse>;
  /** Has the authority authorize a reset of the PSD from `oldCt` by `amount`; the reset as a report lists it. */
  authorizeReset(oldCt: bigint, amount: bigint): Promise<ReportReset>;
  /** GET /v1/reconciliation as the operator; asserts 200 and answers the body. */
  reconcile(from: string, to?: string, psdId?: number): Promise<ReconciliationBody>;
}

/** The JSON answer of GET /v1/reconciliation. */
export interface ReconciliationBody {
  from: string;
  to: string;
  psdId: number | null;
  clean: boolean;
  counts: { reports: number; pieces: number; sightings: number; authorizedResets: number };
  pending: { scans: number; resets: number };
  flags: { kind: string; psdId: number; day: string; pieceCount: number | null; transactionId: string | null; expected: string | null; found: string | null; detail: string }[];
}

/** An authority on a fresh database with a funded deposit and one registered P-256 PSD. */
export async function reportsFixture(open: OpenTestDatabase): Promise<ReportsFixture> {
  const f = await scanningFixture(open);
  const psd = await registerPsd(f);
  const funded = await f.operator('POST', '/v1/deposit/fund', { amountMills: '100000000', reference: 'wire-reports' });
  expect(funded.statusCode, funded.body).toBe(201);
  return {
    f,
    psd,
    today: () => dayOfMs(f.clock.now().getTime()),
    day: (spec) => consistentDay({ licenseNumber: psd.licenseNumber, psdId: psd.psdId, ...spec }),
    signed: (fields) => transactionReportToJson(signReportWith(fields, psd.privateKey)),
    send: (body) => f.vendor('POST', '/v1/reports', body),
    authorizeReset: async (oldCt, amount) => {
      const transactionId = randomUUID();
      const res = await f.vendor('POST', '/v1/resets', { psdId: psd.psdId, currentControlTotal: oldCt.toString(), amount: amount.toString(), transactionId });
      expect(res.statusCode, res.body).toBe(200);
      return { transactionId, amountMills: amount, oldControlTotalMills: oldCt, newControlTotalMills: oldCt + amount, appliedAtMs: f.clock.now().getTime() };
    },
    reconcile: async (from, to, psdId) => {
      const query = new URLSearchParams({ from, ...(to === undefined ? {} : { to }), ...(psdId === undefined ? {} : { psdId: String(psdId) }) });
      const res = await f.operator('GET', `/v1/reconciliation?${query.toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ReconciliationBody;
    },
  };
}

/** "YYYY-MM-DD" of a day number (re-exported for tests). */
export const dayText = dayToString;

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields; for reading downloads back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}
