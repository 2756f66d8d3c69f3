// The certificates a scan is verified against, read from the authority's own records. Each scan looks
// up only the certificate its indicium names (one indexed read), so a revocation, suspension or
// withdrawal shows at the very next scan, also when another app instance on the same database made it.
// Parsing a certificate and checking the authority's signature on it is the costly part (see
// docs/authority.md, "Scanning"), so parsed entries are kept, keyed by everything that can change.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { asBigInt } from '../../db/row-values.js';
import { parseCertificateDirectory, type CertificateDirectory, type DirectoryCertificate } from '../../verifier/certificate-directory.js';
import { findPsd } from '../repositories/psd.repository.js';
import { directoryEntry } from '../services/directory.service.js';

/** Offset and length of the certificate serial in an indicium (spec §2). */
const SERIAL_OFFSET = 6;
const SERIAL_END = SERIAL_OFFSET + 4;

/** Parsed certificates kept by default; a vendor with more PSDs only re-parses the oldest. */
export const DEFAULT_CACHED_CERTIFICATES = 4096;

const EMPTY: CertificateDirectory = Object.freeze({ certificates: Object.freeze([]), findBySerial: () => undefined });

/** Builds the one-certificate directory a scan needs, from the database, reusing parsed certificates. */
export class CertificateCache {
  readonly #authorityKey: KeyObject;
  readonly #parsed = new Map<string, DirectoryCertificate>();

  constructor(
    authorityPublicKeyPem: string,
    private readonly maxEntries = DEFAULT_CACHED_CERTIFICATES,
  ) {
    this.#authorityKey = createPublicKey(authorityPublicKeyPem);
  }

  /**
   * A directory holding the certificate whose serial `bytes` carries, as the authority's records stand
   * now; empty when there is no such certificate, or when the bytes are too short to name one (the
   * verifier then fails rule 1 or 2 on its own).
   */
  async directoryFor(q: Queryable, bytes: Uint8Array): Promise<CertificateDirectory> {
    if (bytes.length < SERIAL_END) return EMPTY;
    const serial = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(SERIAL_OFFSET);
    const rows = await q.query('SELECT psd_id FROM authority_psds WHERE certificate_serial = ?', [serial]);
    if (rows[0] === undefined) return EMPTY;
    const psd = await findPsd(q, Number(asBigInt(rows[0].psd_id, 'psd_id')));
    if (psd === null) return EMPTY;
    const cert = this.#certificate(directoryEntry(psd));
    return Object.freeze({ certificates: Object.freeze([cert]), findBySerial: (s: number) => (s === cert.serial ? cert : undefined) });
  }

  /** How many parsed certificates are kept. */
  get size(): number {
    return this.#parsed.size;
  }

  #certificate(entry: ReturnType<typeof directoryEntry>): DirectoryCertificate {
    // The PEMs never change for a serial; the status and its dates do.
    const key = `${entry.serial}|${entry.status}|${entry.suspendedAt ?? ''}|${entry.revokedAt ?? ''}`;
    const cached = this.#parsed.get(key);
    if (cached !== undefined) return cached;
    let cert: DirectoryCertificate | undefined;
    try {
      cert = parseCertificateDirectory({ certificates: [entry] }, { authorityPublicKey: this.#authorityKey }).findBySerial(entry.serial);
    } catch (err) {
      // The authority's own record failed its own checks: a fault of the server, not of the scan.
      throw new Error(`The authority's record of certificate ${entry.serial} does not read as a directory entry`, { cause: err });
    }
    if (cert === undefined) throw new Error(`Certificate ${entry.serial} vanished from its own directory`);
    if (this.#parsed.size >= this.maxEntries) this.#parsed.delete(this.#parsed.keys().next().value as string);
    this.#parsed.set(key, cert);
    return cert;
  }
}
