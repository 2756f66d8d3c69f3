import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asString } from '../../db/row-values.js';
import type { InspectionRecord } from '../records.js';

const COLUMNS = `psd_id, ascending_mills, descending_mills, control_total_mills, piece_count, audit_head, inspected_at_ms,
  next_due_at_ms`;

/** Stores an inspection and returns it with its id. */
export async function insertInspection(q: Queryable, i: Omit<InspectionRecord, 'inspectionId'>): Promise<InspectionRecord> {
  const rows = await q.query(`INSERT INTO authority_inspections (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING inspection_id`, [
    i.psdId,
    i.ascendingMills,
    i.descendingMills,
    i.controlTotalMills,
    i.pieceCount,
    i.auditHead,
    i.inspectedAtMs,
    i.nextDueAtMs,
  ]);
  return { ...i, inspectionId: Number(asBigInt(rows[0]?.inspection_id, 'inspection_id')) };
}

/** The latest inspection of a PSD, or null when it was never inspected. */
export async function latestInspection(q: Queryable, psdId: number): Promise<InspectionRecord | null> {
  const rows = await q.query(
    `SELECT inspection_id, ${COLUMNS} FROM authority_inspections WHERE psd_id = ? ORDER BY inspection_id DESC LIMIT 1`,
    [psdId],
  );
  return rows[0] === undefined ? null : toInspection(rows[0]);
}

function toInspection(r: Row): InspectionRecord {
  return {
    inspectionId: Number(asBigInt(r.inspection_id, 'inspection_id')),
    psdId: Number(asBigInt(r.psd_id, 'psd_id')),
    ascendingMills: asBigInt(r.ascending_mills, 'ascending_mills'),
    descendingMills: asBigInt(r.descending_mills, 'descending_mills'),
    controlTotalMills: asBigInt(r.control_total_mills, 'control_total_mills'),
    pieceCount: asBigInt(r.piece_count, 'piece_count'),
    auditHead: asString(r.audit_head, 'audit_head'),
    inspectedAtMs: Number(asBigInt(r.inspected_at_ms, 'inspected_at_ms')),
    nextDueAtMs: Number(asBigInt(r.next_due_at_ms, 'next_due_at_ms')),
  };
}
