import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asString } from '../../db/row-values.js';
import type { LicenseRecord } from '../records.js';
import { forUpdate } from './sql.js';

const COLUMNS = 'license_number, vendor_name, assigned_at_ms';

/** The license, or null before it is assigned. `lock` holds its row until the transaction ends. */
export async function findLicense(q: Queryable, options: { lock?: boolean } = {}): Promise<LicenseRecord | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_license WHERE id = 1${options.lock === true ? forUpdate(q) : ''}`);
  return rows[0] === undefined ? null : toLicense(rows[0]);
}

/** Inserts the license unless one exists (a concurrent request may have won); returns true when inserted. */
export async function insertLicenseIfAbsent(q: Queryable, license: LicenseRecord): Promise<boolean> {
  const { changes } = await q.execute(
    `INSERT INTO authority_license (id, ${COLUMNS}) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [license.licenseNumber, license.vendorName, license.assignedAtMs],
  );
  return changes === 1;
}

function toLicense(r: Row): LicenseRecord {
  return {
    licenseNumber: Number(asBigInt(r.license_number, 'license_number')),
    vendorName: asString(r.vendor_name, 'vendor_name'),
    assignedAtMs: Number(asBigInt(r.assigned_at_ms, 'assigned_at_ms')),
  };
}
