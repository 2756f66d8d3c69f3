import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import { findLicense, insertLicenseIfAbsent } from '../repositories/license.repository.js';
import type { LicenseRecord } from '../records.js';

/**
 * Assigns the vendor's single license number, or returns the one already assigned (idempotent: a
 * second or concurrent request gets the same number, whatever vendor name it gives).
 */
export async function assignLicense(ctx: AuthorityContext, vendorName: string): Promise<{ license: LicenseRecord; created: boolean }> {
  const existing = await findLicense(ctx.db);
  if (existing !== null) return { license: existing, created: false };
  const candidate: LicenseRecord = {
    licenseNumber: ctx.policy.licenseNumber ?? ctx.newLicenseNumber(),
    vendorName,
    assignedAtMs: ctx.clock().getTime(),
  };
  return ctx.db.transaction(async (tx) => {
    const created = await insertLicenseIfAbsent(tx, candidate);
    return { license: await requireLicense(tx), created };
  });
}

/** The assigned license; throws LICENSE_NOT_ASSIGNED before POST /v1/license. `lock` serializes money moves. */
export async function requireLicense(q: Queryable, options: { lock?: boolean } = {}): Promise<LicenseRecord> {
  const license = await findLicense(q, options);
  if (license === null) throw new AppError('LICENSE_NOT_ASSIGNED');
  return license;
}
