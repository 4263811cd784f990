/**
 * The review queue of sync conflicts: a field both sides changed since their common base (the
 * merge rule in @yte/sync keeps the later HLC and parks the other value here). A person of the
 * record's facility sees both values and decides; applying the other value is an ordinary local
 * edit, so the sync capture carries it to the other side at the next sync. Every read and the
 * decision are audited in the same transaction; another facility's entry answers 404.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { hasRole, type Actor } from '../auth/roles.ts';

const REVIEWERS = ['doctor', 'nurse', 'station_staff', 'facility_admin'] as const;
/** Fields a review may never write (identity and ownership of the row). */
const LOCKED = new Set(['id', 'facility_id', 'patient_id', 'created_at', 'created_by']);

export interface ReviewItem {
  id: number; table: string; rowId: string; field: string; kept: unknown; keptHlc: string; other: unknown; otherHlc: string;
  patientId: string; patientName: string; facilityId: string;
}

interface Row { id: number; table_name: string; row_id: string; field: string; kept: unknown; kept_hlc: string; other: unknown; other_hlc: string; patient_id: string; full_name: string; facility_id: string }

const SELECT = `
  SELECT r.id::int AS id, r.table_name, r.row_id, r.field, r.kept, r.kept_hlc, r.other, r.other_hlc, p.id::text AS patient_id, p.full_name, p.facility_id::text AS facility_id
  FROM sync_review r
  LEFT JOIN encounter e ON r.table_name = 'encounter' AND e.id::text = r.row_id
  JOIN patient p ON p.id::text = CASE WHEN r.table_name = 'patient' THEN r.row_id ELSE e.patient_id::text END`;

const toItem = (r: Row): ReviewItem => ({
  id: r.id, table: r.table_name, rowId: r.row_id, field: r.field, kept: r.kept, keptHlc: r.kept_hlc, other: r.other, otherHlc: r.other_hlc,
  patientId: r.patient_id, patientName: r.full_name, facilityId: r.facility_id,
});

export async function listReviews(db: Db, actor: Actor): Promise<ReviewItem[]> {
  if (!hasRole(actor, REVIEWERS)) throw forbidden();
  return db.tx(async (q) => {
    const rows = await q.query<Row>(`${SELECT} WHERE r.resolved_at IS NULL AND p.facility_id = ANY($1::uuid[]) ORDER BY r.id LIMIT 200`, [actor.facilityIds]);
    for (const r of rows) {
      await appendAudit(q, { userId: actor.id, facilityId: r.facility_id, action: 'read', resourceType: 'SyncReview', resourceId: String(r.id), patientId: r.patient_id, outcome: 'success', details: { field: r.field } });
    }
    return rows.map(toItem);
  });
}

export async function resolveReview(db: Db, actor: Actor, id: number, choose: 'kept' | 'other', now: Date): Promise<ReviewItem> {
  if (!hasRole(actor, REVIEWERS)) throw forbidden();
  return db.tx(async (q) => {
    const [r] = await q.query<Row>(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    if (!r || !actor.facilityIds.includes(r.facility_id)) throw notFound('Review');
    const [open] = await q.query<{ resolved_at: Date | null }>('SELECT resolved_at FROM sync_review WHERE id = $1', [id]);
    if (open?.resolved_at) throw new AppError(409, 'ALREADY_RESOLVED', 'This conflict was already resolved', 'Xung đột này đã được xử lý');
    if (choose === 'other') await applyField(q, r);
    await q.query('UPDATE sync_review SET resolved_at = $2, resolved_by = $3, resolution = $4 WHERE id = $1', [id, now, actor.id, choose]);
    await appendAudit(q, {
      userId: actor.id, facilityId: r.facility_id, action: 'update', resourceType: r.table_name === 'patient' ? 'Patient' : 'Encounter', resourceId: r.row_id, patientId: r.patient_id,
      outcome: 'success', details: { syncReview: id, field: r.field, choose, value: choose === 'other' ? r.other : r.kept },
    }, now);
    return toItem(r);
  });
}

async function applyField(q: Queryable, r: Row): Promise<void> {
  const [col] = await q.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2', [r.table_name, r.field]);
  if (!col || LOCKED.has(r.field) || (r.table_name !== 'patient' && r.table_name !== 'encounter')) {
    throw new AppError(409, 'REVIEW_FIELD_LOCKED', `The field ${r.field} cannot be set from a review`, `Không thể sửa trường ${r.field} từ hàng đợi xem xét`);
  }
  // jsonb_populate_record casts the JSON value to the column's type (the same path the merge uses).
  await q.query(`UPDATE ${r.table_name} SET "${col.column_name}" = (SELECT "${col.column_name}" FROM jsonb_populate_record(NULL::${r.table_name}, $1::jsonb)) WHERE id::text = $2`,
    [JSON.stringify({ [col.column_name]: r.other }), r.row_id]);
}
