/**
 * The training sandbox: one facility (code TRAINING-SANDBOX, flagged training) of synthetic patients
 * where a learner practises the real tasks on the real screens. A learner is enrolled on request;
 * every audit entry about the facility is marked training (audit.repo), so reports can leave it out.
 */
import type { Db } from '../../db/db.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { Actor } from '../auth/roles.ts';
import { createPatient } from '../patients/patients.service.ts';

export const SANDBOX_CODE = 'TRAINING-SANDBOX';

/** Synthetic patients (invented names; ages chosen for the exercises: a deteriorating adult, a child for growth screening, a pregnant woman). */
const SYNTHETIC = [
  { fullName: 'Đào Thị Thực Hành', sex: 'female', birthDate: '1958-03-14' },
  { fullName: 'Lò Văn Mẫu', sex: 'male', birthDate: '1961-09-02' },
  { fullName: 'Hà Minh Giả Định', sex: 'male', birthDate: '2025-06-20' },
  { fullName: 'Vi Thị Luyện Tập', sex: 'female', birthDate: '1996-11-30' },
  { fullName: 'Tạ Văn Bài Tập', sex: 'male', birthDate: '1979-01-08' },
  { fullName: 'Mai Thị Tình Huống', sex: 'female', birthDate: '2024-02-11' },
] as const;

export async function openSandbox(db: Db, actor: Actor, now: Date) {
  const { facilityId, created } = await db.tx(async (q) => {
    const existing = await q.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [SANDBOX_CODE]);
    let id = existing[0]?.id;
    const made = !id;
    if (!id) {
      id = uuidv7(now.getTime());
      await q.query("INSERT INTO facility (id, code, name, kind, province, commune, training) VALUES ($1,$2,$3,'station',$4,$5,true)",
        [id, SANDBOX_CODE, 'Cơ sở đào tạo — bệnh nhân giả (Training sandbox)', 'Đào tạo', 'Dữ liệu giả']);
      await appendAudit(q, { userId: actor.id, facilityId: id, action: 'create', resourceType: 'Facility', resourceId: id, patientId: null, outcome: 'success', details: { sandbox: true } }, now);
    }
    const enrolled = await q.query('INSERT INTO user_facility (user_id, facility_id) VALUES ($1,$2) ON CONFLICT DO NOTHING RETURNING user_id', [actor.id, id]);
    if (enrolled.length) await appendAudit(q, { userId: actor.id, facilityId: id, action: 'enrol', resourceType: 'TrainingSandbox', resourceId: id, patientId: null, outcome: 'success', details: null }, now);
    return { facilityId: id, created: made };
  });
  if (created) {
    // Synthetic patients are created through the patients service (validation, name index, audit), on the learner's behalf.
    const seeder: Actor = { ...actor, roles: ['facility_admin'], facilityIds: [facilityId] };
    for (const p of SYNTHETIC) await createPatient(db, seeder, { ...p, province: 'Đào tạo', commune: 'Dữ liệu giả', facilityId } as Parameters<typeof createPatient>[2], now);
  }
  const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM patient WHERE facility_id = $1', [facilityId]);
  return { facilityId, code: SANDBOX_CODE, patients: n[0]!.n };
}
