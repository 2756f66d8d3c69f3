import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import type { PsdRecord } from '../records.js';
import { findPsd, updatePsdStatus } from '../repositories/psd.repository.js';
import { unknownPsd } from './psd.service.js';

/** An operator's decision about a PSD's certificate. */
export type PsdStatusAction = 'suspend' | 'reinstate' | 'revoke';

/**
 * Suspends, reinstates or revokes a PSD (operator calls). Asking for the state a PSD is already in
 * changes nothing. A suspended PSD is not reset; a revoked one is neither reset nor inspected, and
 * its revocation dates back to its suspension when it was suspended, since mail dated after the
 * suspension was never good. A withdrawn PSD is already revoked and changes no more.
 */
export async function changePsdStatus(ctx: AuthorityContext, psdId: number, action: PsdStatusAction): Promise<PsdRecord> {
  return ctx.db.transaction(async (tx) => {
    const psd = await findPsd(tx, psdId, { lock: true });
    if (psd === null) throw unknownPsd(psdId);
    const nowMs = ctx.clock().getTime();
    const next = transition(psd, action, nowMs);
    if (next === null) return psd;
    await updatePsdStatus(tx, psdId, next);
    return { ...psd, ...next };
  });
}

type StatusChange = Pick<PsdRecord, 'status' | 'suspendedAtMs' | 'revokedAtMs'>;

function transition(psd: PsdRecord, action: PsdStatusAction, nowMs: number): StatusChange | null {
  const ended = psd.status === 'withdrawn' || psd.status === 'revoked';
  if (action === 'revoke') {
    if (ended) return null;
    return { status: 'revoked', suspendedAtMs: psd.suspendedAtMs, revokedAtMs: psd.suspendedAtMs ?? nowMs };
  }
  if (ended) {
    const verb = action === 'suspend' ? 'suspended' : 'reinstated';
    throw new AppError(psd.status === 'withdrawn' ? 'PSD_WITHDRAWN' : 'PSD_REVOKED', `PSD ${psd.psdId} is ${psd.status} and cannot be ${verb}`, {
      psdId: psd.psdId,
    });
  }
  if (action === 'suspend') return psd.status === 'suspended' ? null : { status: 'suspended', suspendedAtMs: nowMs, revokedAtMs: null };
  return psd.status === 'active' ? null : { status: 'active', suspendedAtMs: null, revokedAtMs: null };
}
