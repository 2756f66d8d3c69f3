// A small but real postal authority for ledger tests: it keeps a deposit and each PSD's control total,
// checks the CT it is sent, signs authorizations with its own generated P-256 key, and answers a
// repeated transaction id with the same authorization while moving money once.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signResetAuthorization, type ResetAuthorization } from '../../src/authority/reset-authorization.js';
import { AppError } from '../../src/errors/app-error.js';
import type { ResetAuthorizer, ResetRequest } from '../../src/ledger/reset-authorizer.js';

interface Answered {
  readonly request: ResetRequest;
  readonly authorization: ResetAuthorization;
}

/** An in-test postal authority; `loseNextAnswers` simulates answers lost on the way back (a crash). */
export class FakeAuthority implements ResetAuthorizer {
  readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;
  private readonly controlTotals = new Map<number, bigint>();
  private readonly answered = new Map<string, Answered>();
  /** Every request received, in order. */
  readonly requests: ResetRequest[] = [];
  /** How many of the next requests are processed and recorded, but whose answer never arrives. */
  loseNextAnswers = 0;
  /** When set, the next requests fail before reaching the authority (nothing recorded). */
  unreachable = false;
  /** When set, answers are signed by this key instead (a forged or misconfigured authority). */
  forgeWith: KeyObject | undefined;

  constructor(
    public depositMills: bigint,
    private readonly licenseNumber: number,
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
  }

  /** The authority's record of a PSD's control total (0 before its first reset). */
  controlTotalOf(psdId: number): bigint {
    return this.controlTotals.get(psdId) ?? 0n;
  }

  /** How many distinct resets moved money. */
  get resetsAuthorized(): number {
    return this.answered.size;
  }

  async requestReset(request: ResetRequest): Promise<ResetAuthorization> {
    await new Promise((resolve) => setImmediate(resolve)); // a network hop: other work interleaves
    this.requests.push(request);
    if (this.unreachable) throw new Error('connect ECONNREFUSED 127.0.0.1:4100');
    const authorization = this.decide(request);
    if (this.loseNextAnswers > 0) {
      this.loseNextAnswers -= 1;
      throw new Error('socket hang up');
    }
    return authorization;
  }

  private decide(request: ResetRequest): ResetAuthorization {
    const seen = this.answered.get(request.transactionId);
    if (seen !== undefined) {
      const same = JSON.stringify(seen.request, bigintText) === JSON.stringify(request, bigintText);
      if (!same) throw new AppError('RESET_TRANSACTION_ID_REUSED', `Transaction ${request.transactionId} was used for another reset`);
      return seen.authorization;
    }
    if (request.licenseNumber !== this.licenseNumber) throw new AppError('INVALID_ARGUMENT', 'Unknown license number');
    const ct = this.controlTotalOf(request.psdId);
    if (request.currentControlTotal !== ct) {
      throw new AppError('CONTROL_TOTAL_MISMATCH', `CT ${request.currentControlTotal} sent, ${ct} on record`);
    }
    if (request.amount > this.depositMills) throw new AppError('DEPOSIT_INSUFFICIENT', `The deposit holds ${this.depositMills} mills`);
    this.depositMills -= request.amount;
    this.controlTotals.set(request.psdId, ct + request.amount);
    const authorization = signResetAuthorization(
      {
        licenseNumber: request.licenseNumber,
        psdId: request.psdId,
        oldControlTotalMills: ct,
        newControlTotalMills: ct + request.amount,
        transactionId: request.transactionId,
      },
      this.forgeWith ?? this.privateKey,
    );
    this.answered.set(request.transactionId, { request, authorization });
    return authorization;
  }
}

function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
