/**
 * Reading back what a learner did in the training sandbox: her successful audit entries about one
 * patient, marked training (appendAudit marks every entry of a training facility), since a time.
 * The training module scores on-screen exercises from these.
 */
import type { Queryable } from '../../db/db.ts';

export interface TrainingAction {
  action: string;
  resourceType: string;
  resourceId: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export async function trainingActions(q: Queryable, userId: string, patientId: string, since: Date): Promise<TrainingAction[]> {
  const rows = await q.query<{ action: string; resource_type: string; resource_id: string | null; details: Record<string, unknown> | null; at: Date | string }>(
    `SELECT action, resource_type, resource_id, details, at FROM audit_log
      WHERE user_id = $1 AND patient_id = $2 AND at >= $3 AND outcome = 'success' AND details->>'training' = 'true'
      ORDER BY seq`, [userId, patientId, since.toISOString()]);
  return rows.map((r) => ({ action: r.action, resourceType: r.resource_type, resourceId: r.resource_id, details: r.details, at: new Date(r.at).toISOString() }));
}
