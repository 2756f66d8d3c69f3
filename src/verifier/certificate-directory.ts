// The certificate directory of spec §7: the postal authority's list of every PSD certificate, read
// once, validated, with each public key built once and looked up by the serial an indicium carries.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { parseCertificateEntry, type DirectoryCertificate } from './certificate-entry.js';

export type { CertificateStatus, DirectoryCertificate } from './certificate-entry.js';

/** A validated certificate directory. */
export interface CertificateDirectory {
  /** Every certificate, in the order the document lists them. */
  readonly certificates: readonly DirectoryCertificate[];
  /** The certificate with that serial, or undefined. */
  findBySerial(serial: number): DirectoryCertificate | undefined;
}

/** Options for reading a directory. */
export interface DirectoryOptions {
  /** The authority's public key (PEM or KeyObject): when given, every certificate must carry its signature. */
  readonly authorityPublicKey?: string | KeyObject;
}

// Shown in the message; the details carry every problem.
const PROBLEMS_IN_MESSAGE = 5;

/**
 * Validates a parsed spec §7 document and builds its keys; throws CERT_DIRECTORY_INVALID listing every
 * problem found. Unknown fields are ignored so that the authority may add some.
 */
export function parseCertificateDirectory(document: unknown, options: DirectoryOptions = {}): CertificateDirectory {
  const problems: string[] = [];
  const authorityKey = authorityKeyOf(options.authorityPublicKey);
  const list = (document as { certificates?: unknown } | null)?.certificates;
  if (typeof document !== 'object' || document === null || !Array.isArray(list)) {
    throw invalid(['the document is not an object with a "certificates" array']);
  }
  const bySerial = new Map<number, DirectoryCertificate>();
  list.forEach((raw, i) => {
    const cert = parseCertificateEntry(raw, `certificates[${i}]`, problems, authorityKey);
    if (cert === undefined) return;
    if (bySerial.has(cert.serial)) problems.push(`certificates[${i}].serial ${cert.serial} appears twice`);
    bySerial.set(cert.serial, cert);
  });
  if (problems.length > 0) throw invalid(problems);
  const certificates = Object.freeze([...bySerial.values()]);
  return Object.freeze({ certificates, findBySerial: (serial: number) => bySerial.get(serial) });
}

/** Parses the JSON text of a spec §7 document (CERT_DIRECTORY_INVALID when it is not JSON or not valid). */
export function parseCertificateDirectoryJson(text: string, options: DirectoryOptions = {}): CertificateDirectory {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw invalid([`the text is not JSON (${(err as Error).message})`]);
  }
  return parseCertificateDirectory(document, options);
}

function authorityKeyOf(key: string | KeyObject | undefined): KeyObject | undefined {
  if (key === undefined || typeof key !== 'string') return key;
  try {
    return createPublicKey(key);
  } catch (err) {
    throw new AppError('INVALID_ARGUMENT', 'The authority public key is not a PEM public key', undefined, { cause: err });
  }
}

function invalid(problems: readonly string[]): AppError {
  const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).join('; ');
  const more = problems.length > PROBLEMS_IN_MESSAGE ? `; and ${problems.length - PROBLEMS_IN_MESSAGE} more` : '';
  return new AppError('CERT_DIRECTORY_INVALID', `The certificate directory is invalid: ${shown}${more}`, { problems });
}
