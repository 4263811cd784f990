import type { Db } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { foldVietnamese, normalizeName } from '../../lib/text.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, CLINICAL_ROLES, hasRole, READING_ROLES } from '../auth/roles.ts';
import { checkBhyt, checkBirthDate, checkCccd, checkPhone } from './identifiers.ts';
import { findByCccd, findPatientScoped, insertPatient, type PatientRow, searchPatients } from './patients.repo.ts';
import type { Patient, PatientInput } from './patients.schema.ts';

export const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  fullName: r.full_name,
  sex: r.sex,
  birthDate: r.birth_date,
  cccd: r.cccd,
  bhyt: r.bhyt,
  phone: r.phone,
  province: r.province,
  commune: r.commune,
  addressLine: r.address_line,
  facilityId: r.facility_id,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Facilities whose patients the actor may see, narrowed to one when asked (404 when not theirs). */
export function scopeFacilities(actor: Actor, facilityId?: string): string[] {
  if (!facilityId) return actor.facilityIds;
  return actor.facilityIds.includes(facilityId) ? [facilityId] : [];
}

export async function searchPatientsAudited(db: Db, actor: Actor, p: { q?: string; facilityId?: string; limit?: number; offset?: number; demoPlaceholders?: 'include' | 'exclude' }) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const raw = (p.q ?? '').trim();
  const digits = /^[A-Za-z]{0,2}\d[\d\s]*$/.test(raw) ? raw.replace(/\s/g, '').toUpperCase() : null;
  const facilityIds = scopeFacilities(actor, p.facilityId);
  return db.tx(async (q) => {
    const res = await searchPatients(q, { folded: foldVietnamese(raw), digits, facilityIds, limit: p.limit ?? 20, offset: p.offset ?? 0, demoPlaceholders: p.demoPlaceholders === 'include' });
    await appendAudit(q, {
      userId: actor.id,
      facilityId: p.facilityId ?? null,
      action: 'search',
      resourceType: 'Patient',
      resourceId: null,
      patientId: null,
      outcome: 'success',
      details: { q: raw, returned: res.rows.map((r) => r.id) },
    });
    return res;
  });
}

export async function getPatientAudited(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const row = await db.tx(async (q) => {
    const r = await findPatientScoped(q, id, actor.facilityIds);
    await appendAudit(q, {
      userId: actor.id,
      facilityId: r?.facility_id ?? null,
      action: 'read',
      resourceType: 'Patient',
      resourceId: id,
      patientId: r ? id : null,
      outcome: r ? 'success' : 'not_found',
      details: null,
    });
    return r;
  });
  if (!row) throw notFound('Patient');
  return row;
}

export async function createPatient(db: Db, actor: Actor, input: PatientInput, now = new Date()) {
  if (!hasRole(actor, [...CLINICAL_ROLES, 'facility_admin'])) throw forbidden();
  if (!actor.facilityIds.includes(input.facilityId)) throw notFound('Facility');
  const fullName = normalizeName(input.fullName);
  if (!/^[\p{L}][\p{L}\s'.-]*$/u.test(fullName)) throw badInput('INVALID_NAME', 'fullName may contain letters, spaces, apostrophes, dots and hyphens only', 'Họ tên chỉ gồm chữ cái, khoảng trắng và dấu gạch', 'fullName');
  const problem =
    checkBirthDate(input.birthDate, now) && { ...checkBirthDate(input.birthDate, now)!, field: 'birthDate' } ||
    (input.cccd !== undefined && checkCccd(input.cccd, input.sex, input.birthDate) && { ...checkCccd(input.cccd, input.sex, input.birthDate)!, field: 'cccd' }) ||
    (input.bhyt !== undefined && checkBhyt(input.bhyt) && { ...checkBhyt(input.bhyt)!, field: 'bhyt' }) ||
    (input.phone !== undefined && checkPhone(input.phone) && { ...checkPhone(input.phone)!, field: 'phone' }) ||
    null;
  if (problem) throw badInput(problem.code, problem.message, problem.messageVi, problem.field);

  const row: PatientRow = {
    id: uuidv7(now.getTime()),
    facility_id: input.facilityId,
    full_name: fullName,
    sex: input.sex,
    birth_date: input.birthDate,
    cccd: input.cccd ?? null,
    bhyt: input.bhyt ?? null,
    phone: input.phone ?? null,
    province: input.province.trim(),
    commune: input.commune.trim(),
    address_line: input.addressLine?.trim() || null,
    created_at: now,
  };
  return db.tx(async (q) => {
    // A duplicate CCCD is a warning, not a refusal: the clerk decides (twins typed wrongly, re-registration).
    const dupes = row.cccd ? await findByCccd(q, row.cccd, actor.facilityIds) : [];
    await insertPatient(q, { ...row, name_search: foldVietnamese(fullName), created_by: actor.id });
    await appendAudit(q, {
      userId: actor.id,
      facilityId: row.facility_id,
      action: 'create',
      resourceType: 'Patient',
      resourceId: row.id,
      patientId: row.id,
      outcome: 'success',
      details: dupes.length ? { duplicateCccdOf: dupes.map((d) => d.id) } : null,
    });
    return {
      patient: toPatient(row),
      warnings: dupes.map((d) => ({
        code: 'DUPLICATE_CCCD' as const,
        patientId: d.id,
        fullName: d.full_name,
        message: `Another patient (${d.full_name}) has the same CCCD`,
        messageVi: `Đã có bệnh nhân khác (${d.full_name}) cùng số CCCD`,
      })),
    };
  });
}

export { AppError };
