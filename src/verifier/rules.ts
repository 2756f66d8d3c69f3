// Rules 2, 3 and 4 of spec §8 as pure functions of the decoded indicium and its certificate. Rule 1 is
// the codec's refusal, rule 5 lives in mailing-window.ts and rule 6 needs the seen-store.
import { verify, type KeyObject } from 'node:crypto';
import type { DecodedIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { daysToDate, formatMailingDate } from '../core/mailing-date.js';
import { formatDollars } from '../core/money.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { DirectoryCertificate } from './certificate-entry.js';

/** The outcome of one rule. */
export interface RuleOutcome {
  readonly passed: boolean;
  readonly reason: string;
}

const MS_PER_DAY = 86_400_000;
const ALGORITHM_NAMES: Record<SignatureAlgorithm, string> = { 1: 'ECDSA P-256', 2: 'Ed25519' };

const fail = (reason: string): RuleOutcome => ({ passed: false, reason });

/**
 * Rule 2: the certificate exists, names the indicium's license and PSD, was good on the date of mailing
 * (see certificateStanding) and, when `enforcePeriod`, its validity period covers that date.
 */
export function checkCertificate(fields: IndiciumFields, cert: DirectoryCertificate | undefined, enforcePeriod: boolean): RuleOutcome {
  if (cert === undefined) return fail(`No certificate with serial ${fields.certificateSerial} is in the directory`);
  const name = `Certificate ${cert.serial}`;
  if (cert.licenseNumber !== fields.licenseNumber) {
    return fail(`${name} belongs to license ${cert.licenseNumber}, not to license ${fields.licenseNumber}`);
  }
  if (cert.psdId !== fields.psdId) return fail(`${name} belongs to PSD ${cert.psdId}, not to PSD ${fields.psdId}`);
  const standing = certificateStanding(cert, fields.dateOfMailing);
  if (!standing.passed) return standing;
  if (enforcePeriod && !periodCovers(cert, fields.dateOfMailing)) {
    const period = `${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`;
    return fail(`${name} is valid from ${period}, which does not cover the mailing date ${formatMailingDate(fields.dateOfMailing)}`);
  }
  return { passed: true, reason: `${name} belongs to license ${cert.licenseNumber} PSD ${cert.psdId}; ${standing.reason}` };
}

/**
 * Whether the certificate's status lets it vouch for mail dated `mailingDay`. Revoked: good only when
 * revokedAt is given and falls on or after that day (it was not revoked before the date of mailing).
 * Suspended: good only when suspendedAt is given and falls on a later day.
 */
export function certificateStanding(cert: DirectoryCertificate, mailingDay: number): RuleOutcome {
  const date = formatMailingDate(mailingDay);
  const dayStart = daysToDate(mailingDay).getTime();
  const name = `Certificate ${cert.serial}`;
  if (cert.status === 'revoked') {
    if (cert.revokedAt === undefined) return fail(`${name} is revoked`);
    if (cert.revokedAt.getTime() < dayStart) return fail(`${name} was revoked at ${cert.revokedAt.toISOString()}, before the mailing date ${date}`);
    return { passed: true, reason: `revoked at ${cert.revokedAt.toISOString()}, not before the mailing date ${date}` };
  }
  if (cert.status === 'suspended') {
    if (cert.suspendedAt === undefined) return fail(`${name} is suspended`);
    if (cert.suspendedAt.getTime() < dayStart + MS_PER_DAY) {
      return fail(`${name} was suspended at ${cert.suspendedAt.toISOString()}, on or before the mailing date ${date}`);
    }
    return { passed: true, reason: `suspended at ${cert.suspendedAt.toISOString()}, after the mailing date ${date}` };
  }
  return { passed: true, reason: 'active' };
}

/** Rule 3: the signature verifies with the certificate's key, by the algorithm both name. */
export function checkSignature(decoded: DecodedIndicium, cert: DirectoryCertificate): RuleOutcome {
  const algorithm = decoded.fields.algorithm;
  if (algorithm !== cert.algorithm) {
    return fail(`The indicium is signed with ${ALGORITHM_NAMES[algorithm]} but certificate ${cert.serial} holds an ${ALGORITHM_NAMES[cert.algorithm]} key`);
  }
  if (!signatureVerifies(algorithm, decoded.signedPart, decoded.signature, cert.publicKey)) {
    return fail(`The ${ALGORITHM_NAMES[algorithm]} signature does not verify with the key of certificate ${cert.serial}`);
  }
  return { passed: true, reason: `The ${ALGORITHM_NAMES[algorithm]} signature verifies with the key of certificate ${cert.serial}` };
}

/** Rule 4: postage above zero, and the ascending register holds at least this postage. */
export function checkRegisters(fields: IndiciumFields): RuleOutcome {
  const postage = formatDollars(fields.postage);
  if (fields.postage <= 0n) return fail('The postage is zero');
  if (fields.ascendingRegister < fields.postage) {
    return fail(`The ascending register ${formatDollars(fields.ascendingRegister)} is less than the postage ${postage}`);
  }
  return { passed: true, reason: `Postage ${postage}, ascending register ${formatDollars(fields.ascendingRegister)}` };
}

/** Verifies a 64-byte indicium signature: ECDSA P-256 over SHA-256 as r||s, or pure Ed25519. */
export function signatureVerifies(algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    return algorithm === SignatureAlgorithm.EcdsaP256
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : verify(null, data, key, signature);
  } catch {
    // A key of the wrong type or a malformed signature is a signature that does not verify.
    return false;
  }
}

// The mailing day overlaps [notBefore, notAfter]: some instant of that UTC day lies in the period.
function periodCovers(cert: DirectoryCertificate, mailingDay: number): boolean {
  const dayStart = daysToDate(mailingDay).getTime();
  return dayStart <= cert.notAfter.getTime() && dayStart + MS_PER_DAY > cert.notBefore.getTime();
}
