/**
 * The audit viewer's query (SQL only): entries a facility admin may see are those written at one of
 * their facilities, and those written without a facility (logins, denials) by a user who works there
 * or about a patient registered there.
 */
import type { Queryable } from '../../db/db.ts';

export interface AuditFilter {
  facilityIds: string[];
  userId?: string;
  patientId?: string;
  action?: string;
  outcome?: string;
  resourceType?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Only entries older than this sequence number (the next page: stable while new entries arrive). */
  before?: number;
}

export interface AuditViewRow {
  seq: number;
  at: Date;
  user_id: string | null;
  username: string | null;
  user_full_name: string | null;
  facility_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  patient_name: string | null;
  outcome: string;
  details: unknown;
}

export async function searchAudit(q: Queryable, f: AuditFilter): Promise<AuditViewRow[]> {
  return q.query<AuditViewRow>(
    `SELECT a.seq, a.at, a.user_id, u.username, u.full_name AS user_full_name, a.facility_id, a.action, a.resource_type, a.resource_id, a.patient_id,
       CASE WHEN p.facility_id = ANY($1::uuid[]) THEN p.full_name END AS patient_name, a.outcome, a.details
     FROM audit_log a
     LEFT JOIN app_user u ON u.id = a.user_id
     LEFT JOIN patient p ON p.id = a.patient_id
     WHERE (a.facility_id = ANY($1::uuid[])
         OR (a.facility_id IS NULL AND (
              EXISTS (SELECT 1 FROM user_facility uf WHERE uf.user_id = a.user_id AND uf.facility_id = ANY($1::uuid[]))
              OR p.facility_id = ANY($1::uuid[]))))
       AND ($2::uuid IS NULL OR a.user_id = $2)
       AND ($3::uuid IS NULL OR a.patient_id = $3)
       AND ($4::text IS NULL OR a.action = $4)
       AND ($5::text IS NULL OR a.outcome = $5)
       AND ($6::text IS NULL OR a.resource_type = $6)
       AND ($7::timestamptz IS NULL OR a.at >= $7)
       AND ($8::timestamptz IS NULL OR a.at < $8)
       AND ($10::bigint IS NULL OR a.seq < $10)
     ORDER BY a.seq DESC LIMIT $9`,
    [f.facilityIds, f.userId ?? null, f.patientId ?? null, f.action ?? null, f.outcome ?? null, f.resourceType ?? null, f.from?.toISOString() ?? null, f.to?.toISOString() ?? null, f.limit, f.before ?? null],
  );
}

/** Every entry about one patient, oldest first (the data subject's access log). */
export async function patientAccessLog(q: Queryable, patientId: string): Promise<AuditViewRow[]> {
  return q.query<AuditViewRow>(
    `SELECT a.seq, a.at, a.user_id, u.username, u.full_name AS user_full_name, a.facility_id, a.action, a.resource_type, a.resource_id, a.patient_id,
       NULL::text AS patient_name, a.outcome, NULL::jsonb AS details
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id WHERE a.patient_id = $1 ORDER BY a.seq`,
    [patientId],
  );
}

/** The distinct actions and resource types in the last 100,000 entries (the viewer's filter choices). */
export async function auditVocabulary(q: Queryable): Promise<{ actions: string[]; resourceTypes: string[] }> {
  const recent = 'FROM audit_log WHERE seq > (SELECT COALESCE(max(seq), 0) - 100000 FROM audit_log)';
  const a = await q.query<{ action: string }>(`SELECT DISTINCT action ${recent} ORDER BY action`);
  const r = await q.query<{ resource_type: string }>(`SELECT DISTINCT resource_type ${recent} ORDER BY resource_type`);
  return { actions: a.map((x) => x.action), resourceTypes: r.map((x) => x.resource_type) };
}
