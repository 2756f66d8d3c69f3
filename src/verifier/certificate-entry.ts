// One certificate of the directory of spec §7, checked field by field. Problems are collected rather
// than thrown one at a time, so that whoever fixes a directory sees everything wrong with it at once.
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { isSignatureAlgorithm, type SignatureAlgorithm } from '../core/signature-algorithm.js';

/** The status the authority publishes beside each certificate. */
export type CertificateStatus = 'active' | 'suspended' | 'revoked';

/** One certificate of the directory, validated, with its public key built once. */
export interface DirectoryCertificate {
  /** The certificate serial carried in the indicium (bytes 6-9). */
  readonly serial: number;
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly algorithm: SignatureAlgorithm;
  readonly publicKeyPem: string;
  readonly certificatePem: string;
  /** The public key, parsed once when the directory was read. */
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly status: CertificateStatus;
  /** Extension: when a revoked certificate stopped being good; indicia mailed on or before that day still verify. */
  readonly revokedAt?: Date;
  /** Extension: when a suspended certificate stopped being good for mailing dates. */
  readonly suspendedAt?: Date;
}

const STATUSES: readonly string[] = ['active', 'suspended', 'revoked'];
// A calendar date, optionally with a time and then a mandatory zone, so no instant depends on local time.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Checks one raw directory entry; returns it validated, or undefined after pushing each problem. */
export function parseCertificateEntry(raw: unknown, path: string, problems: string[], authorityKey?: KeyObject): DirectoryCertificate | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${path} is not an object`);
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const before = problems.length;
  const note = (field: string, what: string) => problems.push(`${path}.${field} ${what}`);
  const serial = uint32(entry.serial, 'serial', note);
  const licenseNumber = uint32(entry.licenseNumber, 'licenseNumber', note);
  const psdId = uint32(entry.psdId, 'psdId', note);
  const algorithm = typeof entry.algorithm === 'number' && isSignatureAlgorithm(entry.algorithm) ? entry.algorithm : undefined;
  if (algorithm === undefined) note('algorithm', 'must be 1 (ECDSA P-256) or 2 (Ed25519)');
  const publicKey = publicKeyOf(entry.publicKeyPem, algorithm, note);
  const notBefore = instant(entry.notBefore, 'notBefore', note, true);
  const notAfter = instant(entry.notAfter, 'notAfter', note, true);
  if (notBefore && notAfter && notBefore > notAfter) note('notAfter', 'is earlier than notBefore');
  const status = typeof entry.status === 'string' && STATUSES.includes(entry.status) ? (entry.status as CertificateStatus) : undefined;
  if (status === undefined) note('status', 'must be "active", "suspended" or "revoked"');
  const revokedAt = instant(entry.revokedAt, 'revokedAt', note, false);
  const suspendedAt = instant(entry.suspendedAt, 'suspendedAt', note, false);
  if (typeof entry.certificatePem !== 'string') note('certificatePem', 'must be a PEM certificate');
  else if (publicKey && serial !== undefined) checkCertificate(entry.certificatePem, serial, publicKey, authorityKey, note);
  if (problems.length > before) return undefined;
  return Object.freeze({
    serial: serial!,
    licenseNumber: licenseNumber!,
    psdId: psdId!,
    algorithm: algorithm!,
    publicKeyPem: entry.publicKeyPem as string,
    certificatePem: entry.certificatePem as string,
    publicKey: publicKey!,
    notBefore: notBefore!,
    notAfter: notAfter!,
    status: status!,
    ...(revokedAt ? { revokedAt } : {}),
    ...(suspendedAt ? { suspendedAt } : {}),
  });
}

type Note = (field: string, what: string) => void;

function uint32(value: unknown, field: string, note: Note): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff) return value;
  note(field, 'must be an integer from 0 to 4294967295');
  return undefined;
}

function instant(value: unknown, field: string, note: Note, required: boolean): Date | undefined {
  // The optional extension fields may be absent or null.
  if (!required && (value === undefined || value === null)) return undefined;
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  const ms = match === null ? Number.NaN : Date.parse(match[0]);
  if (Number.isNaN(ms) || !isCalendarDate(match)) {
    note(field, 'must be an ISO 8601 date, or date and time with a zone, such as 2026-01-01T00:00:00Z');
    return undefined;
  }
  return new Date(ms);
}

// Date.parse rolls 2026-02-30 over to March 2; a calendar date must come back unchanged.
function isCalendarDate(match: RegExpExecArray | null): boolean {
  const [year, month, day] = (match ?? []).slice(1, 4).map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const back = new Date(Date.UTC(year, month - 1, day));
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

function publicKeyOf(pem: unknown, algorithm: SignatureAlgorithm | undefined, note: Note): KeyObject | undefined {
  let key: KeyObject;
  try {
    if (typeof pem !== 'string') throw new TypeError('not a string');
    key = createPublicKey(pem);
  } catch {
    note('publicKeyPem', 'is not a PEM public key');
    return undefined;
  }
  const type = key.asymmetricKeyType;
  const matches = algorithm === 1 ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' : type === 'ed25519';
  if (algorithm !== undefined && !matches) {
    note('publicKeyPem', `is an ${type ?? 'unknown'} key, not a key of algorithm ${algorithm}`);
    return undefined;
  }
  return key;
}

// The X.509 certificate must name the same serial and key as the entry, and, when the authority's key
// is known, carry the authority's signature: a directory that contradicts itself is refused.
function checkCertificate(pem: string, serial: number, publicKey: KeyObject, authorityKey: KeyObject | undefined, note: Note): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    note('certificatePem', 'is not a PEM X.509 certificate');
    return;
  }
  if (BigInt(`0x${cert.serialNumber}`) !== BigInt(serial)) note('certificatePem', `has serial number 0x${cert.serialNumber}, not ${serial}`);
  if (!cert.publicKey.equals(publicKey)) note('certificatePem', 'certifies another public key than publicKeyPem');
  if (authorityKey && !cert.verify(authorityKey)) note('certificatePem', 'is not signed by the postal authority');
}
