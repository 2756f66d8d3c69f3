// The JSON form of a transaction report, as POST /v1/reports carries it: money as decimal strings of
// mills, the day as YYYY-MM-DD, times as ISO 8601, the signature in base64, and each piece as a
// compact [pieceCount, postageMills, ascendingMills] triple (a busy PSD reports many thousands a day).
import { AppError } from '../../errors/app-error.js';
import { dayToString, parseDay } from './report-day.js';
import { checkReportFields, REPORT_FORMAT_VERSION, type ReportPiece, type ReportReset, type TransactionReport } from './transaction-report.js';

/** One piece: [pieceCount, postageMills, ascendingMills]. */
export type ReportPieceJson = [number, string, string];

/** One reset of the day. */
export interface ReportResetJson {
  readonly transactionId: string;
  readonly amountMills: string;
  readonly oldControlTotalMills: string;
  readonly newControlTotalMills: string;
  readonly appliedAt: string;
}

/** The wire form of a signed report. */
export interface TransactionReportJson {
  readonly version: number;
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly day: string;
  readonly firstPieceCount: number | null;
  readonly lastPieceCount: number | null;
  readonly ascendingBeforeMills: string;
  readonly firstAscendingMills: string | null;
  readonly lastAscendingMills: string | null;
  readonly postageTotalMills: string;
  readonly pieces: readonly ReportPieceJson[];
  readonly resets: readonly ReportResetJson[];
  readonly signature: string;
}

/** The JSON form of a report. */
export function transactionReportToJson(r: TransactionReport): TransactionReportJson {
  return {
    version: REPORT_FORMAT_VERSION,
    licenseNumber: r.licenseNumber,
    psdId: r.psdId,
    day: dayToString(r.day),
    firstPieceCount: r.firstPieceCount,
    lastPieceCount: r.lastPieceCount,
    ascendingBeforeMills: r.ascendingBeforeMills.toString(),
    firstAscendingMills: r.firstAscendingMills?.toString() ?? null,
    lastAscendingMills: r.lastAscendingMills?.toString() ?? null,
    postageTotalMills: r.postageTotalMills.toString(),
    pieces: r.pieces.map((p) => [p.pieceCount, p.postageMills.toString(), p.ascendingMills.toString()]),
    resets: r.resets.map((x) => ({
      transactionId: x.transactionId,
      amountMills: x.amountMills.toString(),
      oldControlTotalMills: x.oldControlTotalMills.toString(),
      newControlTotalMills: x.newControlTotalMills.toString(),
      appliedAt: new Date(x.appliedAtMs).toISOString(),
    })),
    signature: r.signature.toString('base64'),
  };
}

/** Parses the JSON form strictly: unknown fields, wrong types and values that do not fit are REPORT_INVALID. */
export function transactionReportFromJson(value: unknown): TransactionReport {
  const o = object(value, 'the report');
  onlyKeys(o, 'the report', ['version', 'licenseNumber', 'psdId', 'day', 'firstPieceCount', 'lastPieceCount', 'ascendingBeforeMills',
    'firstAscendingMills', 'lastAscendingMills', 'postageTotalMills', 'pieces', 'resets', 'signature']);
  if (o.version !== REPORT_FORMAT_VERSION) invalid(`version must be ${REPORT_FORMAT_VERSION}, got ${JSON.stringify(o.version)}`);
  const day = typeof o.day === 'string' ? parseDay(o.day) : null;
  if (day === null) invalid(`day must be a date written YYYY-MM-DD, got ${JSON.stringify(o.day)}`);
  const signature = typeof o.signature === 'string' && /^[A-Za-z0-9+/]{86}==$/.test(o.signature) ? Buffer.from(o.signature, 'base64') : null;
  if (signature === null) invalid('signature must be the 64-byte signature in base64');
  const report: TransactionReport = {
    licenseNumber: integer(o.licenseNumber, 'licenseNumber'),
    psdId: integer(o.psdId, 'psdId'),
    day,
    firstPieceCount: o.firstPieceCount === null ? null : integer(o.firstPieceCount, 'firstPieceCount'),
    lastPieceCount: o.lastPieceCount === null ? null : integer(o.lastPieceCount, 'lastPieceCount'),
    ascendingBeforeMills: millsOf(o.ascendingBeforeMills, 'ascendingBeforeMills'),
    firstAscendingMills: o.firstAscendingMills === null ? null : millsOf(o.firstAscendingMills, 'firstAscendingMills'),
    lastAscendingMills: o.lastAscendingMills === null ? null : millsOf(o.lastAscendingMills, 'lastAscendingMills'),
    postageTotalMills: millsOf(o.postageTotalMills, 'postageTotalMills'),
    pieces: array(o.pieces, 'pieces').map(pieceOf),
    resets: array(o.resets, 'resets').map(resetOf),
    signature,
  };
  checkReportFields(report);
  return report;
}

function pieceOf(value: unknown, i: number): ReportPiece {
  const where = `pieces[${i}]`;
  if (!Array.isArray(value) || value.length !== 3) invalid(`${where} must be [pieceCount, postageMills, ascendingMills]`);
  return { pieceCount: integer(value[0], `${where}[0]`), postageMills: millsOf(value[1], `${where}[1]`), ascendingMills: millsOf(value[2], `${where}[2]`) };
}

function resetOf(value: unknown, i: number): ReportReset {
  const where = `resets[${i}]`;
  const o = object(value, where);
  onlyKeys(o, where, ['transactionId', 'amountMills', 'oldControlTotalMills', 'newControlTotalMills', 'appliedAt']);
  const appliedAtMs = typeof o.appliedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(o.appliedAt) ? Date.parse(o.appliedAt) : Number.NaN;
  if (Number.isNaN(appliedAtMs)) invalid(`${where}.appliedAt must be an ISO 8601 time`);
  if (typeof o.transactionId !== 'string') invalid(`${where}.transactionId must be a string`);
  return {
    transactionId: o.transactionId,
    amountMills: millsOf(o.amountMills, `${where}.amountMills`),
    oldControlTotalMills: millsOf(o.oldControlTotalMills, `${where}.oldControlTotalMills`),
    newControlTotalMills: millsOf(o.newControlTotalMills, `${where}.newControlTotalMills`),
    appliedAtMs,
  };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, what: string, keys: readonly string[]): void {
  const missing = keys.filter((k) => !(k in o));
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (missing.length > 0) invalid(`${what} lacks ${missing.join(', ')}`);
  if (unknown.length > 0) invalid(`${what} has unknown fields ${unknown.join(', ')}`);
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) invalid(`${what} must be an array`);
  return value;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) invalid(`${what} must be an integer, got ${JSON.stringify(value)}`);
  return value;
}

function millsOf(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,18})$/.test(value)) invalid(`${what} must be a decimal string of mills, got ${JSON.stringify(value)}`);
  return BigInt(value);
}

function invalid(detail: string): never {
  throw new AppError('REPORT_INVALID', detail);
}
