/**
 * Enrolment by CSV (facility admin): the whole file is validated first (pure, @yte/training) and
 * imported in one transaction with a single unnest INSERT, or nothing is imported.
 */
import { validateEnrolment } from '@yte/training';
import type { Db } from '../../db/db.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { hasRole, type Actor } from '../auth/roles.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { trainingContent } from './training.content.ts';
import { autoLinkLearners } from './training.link.ts';

export async function importEnrolments(db: Db, actor: Actor, csv: string, now: Date) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  const facilities = await db.query<{ id: string; code: string }>('SELECT id, code FROM facility WHERE id = ANY($1::uuid[])', [actor.facilityIds]);
  const byCode = new Map(facilities.map((f) => [f.code, f.id]));
  // Every 12-digit token is a candidate id: one query finds those already enrolled.
  const candidates = [...new Set(csv.match(/\d{12}/g) ?? [])];
  const existing = new Set((await db.query<{ national_id: string }>('SELECT national_id FROM training_learner WHERE national_id = ANY($1::text[])', [candidates])).map((r) => r.national_id));
  const { rows, errors } = validateEnrolment(csv, { roles: new Set(Object.keys(trainingContent().content.curriculum.roles)), facilityCodes: new Set(byCode.keys()), existingIds: existing });
  if (errors.length) {
    throw new AppError(422, 'ENROLMENT_INVALID', `${errors.length} problem(s) in the file: nothing imported`, `Tệp có ${errors.length} lỗi: chưa ghi danh ai`, undefined, { errors: errors.slice(0, 1000), total: errors.length });
  }
  return db.tx(async (q) => {
    await q.query(`INSERT INTO training_learner (national_id, full_name, role, facility_id, province, cohort, start_date, enrolled_by, enrolled_at, email, employee_id)
      SELECT n, f, r, fac, p, c, d, $8, $9, e, emp FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::date[], $10::text[], $11::text[]) AS t(n, f, r, fac, p, c, d, e, emp)`,
    [rows.map((r) => r.nationalId), rows.map((r) => r.fullName), rows.map((r) => r.role), rows.map((r) => byCode.get(r.facilityCode)!),
      rows.map((r) => r.province), rows.map((r) => r.cohort), rows.map((r) => r.startDate), actor.id, now.toISOString(), rows.map((r) => r.email), rows.map((r) => r.employeeId)]).catch((e: unknown) => {
      // Another import enrolled one of these ids meanwhile.
      if ((e as { code?: string }).code === '23505') throw new AppError(409, 'ENROLMENT_CONFLICT', 'A learner in the file was enrolled meanwhile: import again', 'Có học viên vừa được ghi danh song song: hãy nhập lại');
      throw e;
    });
    await appendAudit(q, { userId: actor.id, facilityId: actor.facilityIds[0] ?? null, action: 'create', resourceType: 'TrainingEnrolment', resourceId: null, patientId: null, outcome: 'success', details: { learners: rows.length } }, now);
    // Learners whose account already exists (same CCCD, employee id or e-mail) are linked now.
    const linked = await autoLinkLearners(q, rows.map((r) => r.nationalId), now);
    return { imported: rows.length, linked };
  });
}
