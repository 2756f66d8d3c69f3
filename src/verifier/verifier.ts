// The verifier of spec §8: applies the six rules in order to 117 bytes and reports the first that fails.
// It reads no clock: a scanning station passes the scan date with each indicium.
import { decodeIndicium, type DecodedIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { isAppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import type { CertificateDirectory } from './certificate-directory.js';
import { checkMailingWindow, resolveWindow, scanRange, type DayInput, type MailingWindow, type ScanTolerance } from './mailing-window.js';
import { checkCertificate, checkRegisters, checkSignature, type RuleOutcome } from './rules.js';
import type { SeenStore } from './seen-store.js';

/** A rule number of spec §8. */
export type RuleNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** The result of one rule, in the order they were applied. */
export interface RuleCheck {
  readonly rule: RuleNumber;
  readonly passed: boolean;
  readonly reason: string;
}

/** What the verifier says about one indicium. */
export interface Verdict {
  /** 'valid' when all six rules hold; 'duplicate' when only rule 6 failed; 'invalid' otherwise. */
  readonly status: 'valid' | 'invalid' | 'duplicate';
  /** The first rule that failed; absent when valid. */
  readonly rule?: RuleNumber;
  readonly reason: string;
  /** The decoded fields, whenever rule 1 passed. */
  readonly fields?: IndiciumFields;
  /** Every rule applied, up to and including the first that failed. */
  readonly checks: readonly RuleCheck[];
}

/** How a verifier is set up. */
export interface VerifierOptions {
  readonly directory: CertificateDirectory;
  /** Rule 6's memory; only indicia that pass rules 1 to 5 are recorded in it. */
  readonly seen: SeenStore;
  /** A fixed window of mailing dates (rule 5); an offline tool may give none. */
  readonly window?: MailingWindow;
  /** The tolerance around a scan date when verify() is given one; DEFAULT_SCAN_TOLERANCE otherwise. */
  readonly scanTolerance?: ScanTolerance;
  /**
   * Rule 2 also requires the mailing date to lie within the certificate's notBefore..notAfter. Off by
   * default, following the letter of spec §8 (whose all-maximum vector is dated past its certificate);
   * a scanning station of the authority turns it on.
   */
  readonly enforceCertificatePeriod?: boolean;
}

/** Per-indicium options. */
export interface VerifyOptions {
  /** The day of the scan (a scanning station); the mailing date must then lie within the tolerance around it. */
  readonly scanDate?: DayInput;
  /** Overrides the verifier's scan tolerance for this indicium. */
  readonly tolerance?: ScanTolerance;
}

/** A configured verifier. */
export interface Verifier {
  /** Applies spec §8's six rules in order to the indicium's bytes. */
  verify(bytes: Uint8Array, options?: VerifyOptions): Promise<Verdict>;
}

/** Builds a verifier over a certificate directory and a seen-store; the window is resolved once here. */
export function createVerifier(options: VerifierOptions): Verifier {
  const { directory, seen, scanTolerance } = options;
  const window = resolveWindow(options.window);
  const enforcePeriod = options.enforceCertificatePeriod ?? false;

  async function verify(bytes: Uint8Array, verifyOptions: VerifyOptions = {}): Promise<Verdict> {
    const checks: RuleCheck[] = [];
    const record = (rule: RuleNumber, outcome: RuleOutcome): boolean => {
      checks.push({ rule, ...outcome });
      return outcome.passed;
    };
    const decoded = decodeOrReason(bytes);
    if (!record(1, decoded.outcome) || decoded.indicium === undefined) return verdict('invalid', checks);
    const { fields } = decoded.indicium;
    const cert = directory.findBySerial(fields.certificateSerial);
    if (!record(2, checkCertificate(fields, cert, enforcePeriod)) || cert === undefined) return verdict('invalid', checks, fields);
    if (!record(3, checkSignature(decoded.indicium, cert))) return verdict('invalid', checks, fields);
    if (!record(4, checkRegisters(fields))) return verdict('invalid', checks, fields);
    const scan = verifyOptions.scanDate === undefined ? undefined : scanRange(verifyOptions.scanDate, verifyOptions.tolerance ?? scanTolerance);
    if (!record(5, checkMailingWindow(fields.dateOfMailing, { window, scan }))) return verdict('invalid', checks, fields);
    const first = await seen.recordFirstSighting(fields.licenseNumber, fields.psdId, fields.pieceCount);
    const triple = `license ${fields.licenseNumber} PSD ${fields.psdId} piece ${fields.pieceCount}`;
    const outcome = first ? { passed: true, reason: `First sighting of ${triple}` } : { passed: false, reason: `${triple} was seen before` };
    return verdict(record(6, outcome) ? 'valid' : 'duplicate', checks, fields);
  }

  return { verify };
}

// Rule 1 is the codec's own refusal: length, version, algorithm.
function decodeOrReason(bytes: Uint8Array): { outcome: RuleOutcome; indicium?: DecodedIndicium } {
  try {
    const indicium = decodeIndicium(bytes);
    return { outcome: { passed: true, reason: `117 bytes, version 1, algorithm ${indicium.fields.algorithm}` }, indicium };
  } catch (err) {
    if (isAppError(err, 'INDICIUM_LENGTH') || isAppError(err, 'INDICIUM_VERSION') || isAppError(err, 'INDICIUM_ALGORITHM')) {
      // The catalogue's fix is advice for people, not part of the verdict: keep only the detail.
      const suffix = `. ${ERRORS[err.code].fix}.`;
      const reason = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
      return { outcome: { passed: false, reason } };
    }
    throw err;
  }
}

function verdict(status: Verdict['status'], checks: readonly RuleCheck[], fields?: IndiciumFields): Verdict {
  const failed = checks.find((c) => !c.passed);
  const reason = failed?.reason ?? 'All six rules hold';
  return {
    status,
    ...(failed ? { rule: failed.rule } : {}),
    reason,
    ...(fields ? { fields } : {}),
    checks,
  };
}
