// The HTTP client of the postal authority's API, used by a processing server: the ledger's
// ResetAuthorizer (POST /v1/resets, each authorization verified with the authority's public key before
// the ledger sees it), the inspection and withdrawal reports, and PSD registration for provisioning.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { isSignatureAlgorithm } from '../core/signature-algorithm.js';
import { AppError } from '../errors/app-error.js';
import {
  resetAuthorizationFromJson,
  verifyResetAuthorization,
  type ResetAuthorization,
} from '../authority/reset-authorization.js';
import type { ResetAuthorizer, ResetRequest } from '../ledger/reset-authorizer.js';
import type { Registers } from '../ledger/registers.js';
import { callAuthority, type AuthorityHttpOptions } from './authority-http.js';
import type {
  AuthorityReporter,
  InspectionReceipt,
  InspectionToReport,
  PsdRegistrar,
  PsdRegistration,
  WithdrawalReceipt,
} from './authority-port.js';

/** How to reach the authority, and its public key when the configuration names it. */
export interface AuthorityClientOptions extends AuthorityHttpOptions {
  /** SPKI PEM of the authority's key; fetched from GET /v1/authority when absent. */
  readonly publicKeyPem?: string;
}

/** The postal authority over HTTP. */
export class AuthorityClient implements ResetAuthorizer, AuthorityReporter, PsdRegistrar {
  /** SPKI PEM of the key every reset authorization must verify with. */
  readonly publicKeyPem: string;
  private readonly publicKey: KeyObject;

  private constructor(
    private readonly http: AuthorityHttpOptions,
    publicKeyPem: string,
  ) {
    this.publicKey = p256PublicKey(publicKeyPem);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /**
   * A client with the configured public key, or with the one the authority publishes (fetched once,
   * here): CONFIG_INVALID for a configured key that is not P-256, AUTHORITY_UNAVAILABLE when it must be
   * fetched and the authority does not answer.
   */
  static async connect(options: AuthorityClientOptions): Promise<AuthorityClient> {
    const { publicKeyPem, ...http } = options;
    if (publicKeyPem !== undefined) return new AuthorityClient(http, publicKeyPem);
    const body = await callAuthority(http, { method: 'GET', path: '/v1/authority', authenticated: false });
    const fetched = (body as { publicKeyPem?: unknown } | null)?.publicKeyPem;
    if (typeof fetched !== 'string') throw new AppError('AUTHORITY_ANSWER_INVALID', 'GET /v1/authority answered without a publicKeyPem');
    return new AuthorityClient(http, fetched);
  }

  /** POST /v1/resets; resolves only with an authorization that verifies and answers exactly `request`. */
  async requestReset(request: ResetRequest): Promise<ResetAuthorization> {
    const body = await callAuthority(this.http, {
      method: 'POST',
      path: '/v1/resets',
      body: {
        psdId: request.psdId,
        currentControlTotal: request.currentControlTotal.toString(),
        amount: request.amount.toString(),
        transactionId: request.transactionId,
      },
    });
    const authorization = resetAuthorizationFromJson(body); // RESET_AUTHORIZATION_INVALID when malformed
    const mismatch = mismatchOf(request, authorization);
    if (mismatch !== undefined) {
      throw new AppError('RESET_AUTHORIZATION_INVALID', `Reset ${request.transactionId}: ${mismatch}`, { transactionId: request.transactionId });
    }
    if (!verifyResetAuthorization(authorization, this.publicKey)) {
      throw new AppError('RESET_AUTHORIZATION_INVALID', `Reset ${request.transactionId}: the signature does not verify with the authority key`, {
        transactionId: request.transactionId,
      });
    }
    return authorization;
  }

  /** POST /v1/inspections. */
  async reportInspection(report: InspectionToReport): Promise<InspectionReceipt> {
    const body = (await callAuthority(this.http, {
      method: 'POST',
      path: '/v1/inspections',
      body: {
        psdId: report.psdId,
        registers: {
          ascending: report.registers.ascending.toString(),
          descending: report.registers.descending.toString(),
          controlTotal: report.registers.control.toString(),
        },
        pieceCount: report.registers.pieceCount,
        auditHead: report.auditHead.toString('hex'),
      },
    })) as Record<string, unknown>;
    return {
      inspectionId: integerField(body, 'inspectionId', 'POST /v1/inspections'),
      psdId: integerField(body, 'psdId', 'POST /v1/inspections'),
      inspectedAtMs: timeField(body, 'inspectedAt', 'POST /v1/inspections'),
      nextDueAtMs: timeField(body, 'nextDueAt', 'POST /v1/inspections'),
    };
  }

  /** POST /v1/psds/:id/withdraw with the PSD's final DR and CT. */
  async reportWithdrawal(psdId: number, registers: Registers): Promise<WithdrawalReceipt> {
    const where = `POST /v1/psds/${psdId}/withdraw`;
    const body = (await callAuthority(this.http, {
      method: 'POST',
      path: `/v1/psds/${psdId}/withdraw`,
      body: { descendingRegister: registers.descending.toString(), controlTotal: registers.control.toString() },
    })) as Record<string, unknown>;
    const credited = body?.creditedMills;
    if (typeof credited !== 'string' || !/^\d{1,20}$/.test(credited)) throw invalidAnswer(where, 'creditedMills');
    return {
      psdId: integerField(body, 'psdId', where),
      creditedMills: BigInt(credited),
      revokedAtMs: body.revokedAt === null || body.revokedAt === undefined ? null : timeField(body, 'revokedAt', where),
    };
  }

  /** POST /v1/psds: registers a PSD key and returns its id and certificate. */
  async registerPsd(publicKeyPem: string, algorithm: number): Promise<PsdRegistration> {
    const where = 'POST /v1/psds';
    const body = (await callAuthority(this.http, { method: 'POST', path: '/v1/psds', body: { publicKeyPem, algorithm } })) as Record<string, unknown>;
    const answered = integerField(body, 'algorithm', where);
    if (!isSignatureAlgorithm(answered) || answered !== algorithm) throw invalidAnswer(where, 'algorithm');
    if (typeof body.certificatePem !== 'string') throw invalidAnswer(where, 'certificatePem');
    return {
      psdId: integerField(body, 'psdId', where),
      licenseNumber: integerField(body, 'licenseNumber', where),
      algorithm: answered,
      certificateSerial: integerField(body, 'certificateSerial', where),
      certificatePem: body.certificatePem,
    };
  }

  /** POST /v1/license: the vendor's license number (assigned by this call the first time). */
  async ensureLicense(vendorName?: string): Promise<number> {
    const body = (await callAuthority(this.http, {
      method: 'POST',
      path: '/v1/license',
      body: vendorName === undefined ? {} : { vendorName },
    })) as Record<string, unknown>;
    return integerField(body, 'licenseNumber', 'POST /v1/license');
  }
}

/** Why an authorization does not answer `request`, or undefined when it does. */
function mismatchOf(request: ResetRequest, a: ResetAuthorization): string | undefined {
  if (a.transactionId !== request.transactionId) return `the authorization names transaction ${a.transactionId}`;
  if (a.licenseNumber !== request.licenseNumber || a.psdId !== request.psdId) {
    return `the authorization names license ${a.licenseNumber} and PSD ${a.psdId}, not ${request.licenseNumber} and ${request.psdId}`;
  }
  if (a.oldControlTotalMills !== request.currentControlTotal || a.newControlTotalMills !== request.currentControlTotal + request.amount) {
    return `the authorization moves CT ${a.oldControlTotalMills} → ${a.newControlTotalMills} mills, not ${request.currentControlTotal} → ${request.currentControlTotal + request.amount}`;
  }
  return undefined;
}

function p256PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new AppError('CONFIG_INVALID', 'The authority public key is not a readable SPKI PEM public key', undefined, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AppError('CONFIG_INVALID', 'The authority public key is not an ECDSA P-256 key');
  }
  return key;
}

function integerField(body: Record<string, unknown> | null, name: string, where: string): number {
  const v = body?.[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidAnswer(where, name);
  return v;
}

function timeField(body: Record<string, unknown>, name: string, where: string): number {
  const v = body[name];
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidAnswer(where, name);
  return ms;
}

function invalidAnswer(where: string, field: string): AppError {
  return new AppError('AUTHORITY_ANSWER_INVALID', `${where} answered without a valid ${field}`, { field });
}
