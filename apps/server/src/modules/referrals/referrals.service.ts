/**
 * Referral and counter-referral (chuyển tuyến, Thông tư 14/2014/TT-BYT). The state machine and the
 * metrics are pure (@yte/clinical referral.ts); this service scopes and audits. Scoping: the sending
 * station reads its own patient as always; the receiving hospital reads the referred patient's
 * summary only through a referral addressed to it (never the patient's whole chart).
 */
import {
  checkReferralTransition, isIcd10Code, nextReferralStates, REFERRAL_STATES, type ReferralSide, type ReferralState, referralMetrics,
} from '@yte/clinical';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { checkBhyt } from '../patients/identifiers.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import {
  findTransferScoped, inboxFor, insertTransfer, type TransferRow, type TransferView, toTransfer, transfersForMetrics, transfersOfPatient, updateTransfer,
} from './referrals.repo.ts';

export interface CreateReferralBody {
  patientId: string;
  fromFacilityId: string;
  toFacilityId: string;
  reason: string;
  diagnosis: string;
  icd10: string;
  treatmentGiven: string;
  conditionAtTransfer: string;
  transport: string;
  accompanyingStaff?: string;
  bhyt?: string;
}

export interface TransitionBody {
  to: ReferralState;
  counterReferral?: { diagnosis?: string; treatment?: string; advice: string; followUpPlan: string };
  cancelReason?: string;
}


const conflict = (code: string, message: string, messageVi: string) => new AppError(409, code, message, messageVi);

function sidesOf(actor: Actor, r: Pick<TransferRow, 'from_facility_id' | 'to_facility_id'>): ReferralSide[] {
  const s: ReferralSide[] = [];
  if (actor.facilityIds.includes(r.from_facility_id)) s.push('sending');
  if (actor.facilityIds.includes(r.to_facility_id)) s.push('receiving');
  return s;
}

const withNext = (actor: Actor, r: TransferView) => ({
  ...toTransfer(r),
  nextStates: [...new Set(sidesOf(actor, r).flatMap((s) => nextReferralStates(r.state, s)))],
});

export async function createTransfer(db: Db, actor: Actor, body: CreateReferralBody, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const text = (v: string, field: string) => {
    const t = v.trim();
    if (!t) throw badInput('REQUIRED', `${field} is required`, `Cần nhập ${field}`, field);
    return t;
  };
  const icd10 = body.icd10.trim().toUpperCase();
  if (!isIcd10Code(icd10)) throw badInput('INVALID_ICD10', 'Not an ICD-10 code (e.g. J18.9)', 'Mã ICD-10 không hợp lệ (ví dụ J18.9)', 'icd10');
  // Same BHYT card check as patient registration (format and beneficiary group).
  const bhytProblem = body.bhyt !== undefined ? checkBhyt(body.bhyt) : null;
  if (bhytProblem) throw badInput(bhytProblem.code, bhytProblem.message, bhytProblem.messageVi, 'bhyt');
  if (body.fromFacilityId === body.toFacilityId) throw badInput('SAME_FACILITY', 'A referral goes to another facility', 'Nơi chuyển đến phải khác nơi chuyển đi', 'toFacilityId');
  const row = {
    reason: text(body.reason, 'reason'), diagnosis: text(body.diagnosis, 'diagnosis'), treatment_given: text(body.treatmentGiven, 'treatmentGiven'),
    condition_at_transfer: text(body.conditionAtTransfer, 'conditionAtTransfer'), transport: text(body.transport, 'transport'),
  };
  const out = await db.tx(async (q) => {
    const patient = actor.facilityIds.includes(body.fromFacilityId) ? await findPatientScoped(q, body.patientId, [body.fromFacilityId]) : undefined;
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'Referral', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId: body.patientId } });
      return null;
    }
    const to = (await q.query<{ kind: string }>('SELECT kind FROM facility WHERE id = $1', [body.toFacilityId]))[0];
    if (!to) throw badInput('UNKNOWN_FACILITY', 'No such receiving facility', 'Không có cơ sở nhận này', 'toFacilityId');
    if (to.kind !== 'hospital') throw badInput('NOT_A_HOSPITAL', 'Referrals go to a hospital', 'Chỉ chuyển tuyến đến bệnh viện', 'toFacilityId');
    const r: TransferRow = {
      id: uuidv7(now.getTime()), patient_id: patient.id, from_facility_id: body.fromFacilityId, to_facility_id: body.toFacilityId, state: 'sent',
      ...row, icd10, accompanying_staff: body.accompanyingStaff?.trim() || null, bhyt: body.bhyt ?? patient.bhyt,
      counter_diagnosis: null, counter_treatment: null, counter_advice: null, counter_follow_up: null, cancel_reason: null, created_by: actor.id,
      sent_at: now, received_at: null, arrived_at: null, treated_at: null, returned_at: null, cancelled_at: null, updated_at: now,
    };
    await insertTransfer(q, r);
    await appendAudit(q, { userId: actor.id, facilityId: body.fromFacilityId, action: 'create', resourceType: 'Referral', resourceId: r.id, patientId: patient.id, outcome: 'success', details: { toFacilityId: body.toFacilityId, icd10 } });
    return withNext(actor, (await findTransferScoped(q, r.id, actor.facilityIds))!);
  });
  if (!out) throw patientNotFound();
  return out;
}

async function readScoped(q: Queryable, actor: Actor, id: string, what: string) {
  const r = await findTransferScoped(q, id, actor.facilityIds);
  await appendAudit(q, { userId: actor.id, facilityId: r ? (sidesOf(actor, r).includes('receiving') ? r.to_facility_id : r.from_facility_id) : null, action: 'read', resourceType: what, resourceId: id, patientId: r?.patient_id ?? null, outcome: r ? 'success' : 'not_found', details: null });
  return r;
}

export async function transferDetail(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const r = await db.tx((q) => readScoped(q, actor, id, 'Referral'));
  if (!r) throw notFound('Referral');
  return withNext(actor, r);
}

/**
 * The referred patient's summary for the receiving facility: demographics and the latest value of
 * each observation code in the 30 days before the referral. Only through a referral in scope.
 */
export async function referredPatientSummary(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const r = await readScoped(q, actor, id, 'ReferralPatientSummary');
    if (!r) return null;
    const p = (await q.query<{ full_name: string; sex: string; birth_date: string; bhyt: string | null; province: string; commune: string }>(
      'SELECT full_name, sex, birth_date::text AS birth_date, bhyt, province, commune FROM patient WHERE id = $1', [r.patient_id]))[0]!;
    const obs = await q.query<{ code: string; display: string; value_num: number | null; value_text: string | null; unit: string | null; effective_at: Date }>(
      `SELECT DISTINCT ON (code) code, display, value_num, value_text, unit, effective_at FROM observation
       WHERE patient_id = $1 AND effective_at <= $2 AND effective_at > $2::timestamptz - interval '30 days' ORDER BY code, effective_at DESC`,
      [r.patient_id, r.sent_at],
    );
    return {
      referralId: r.id, patient: { id: r.patient_id, fullName: p.full_name, sex: p.sex, birthDate: p.birth_date, bhyt: p.bhyt, province: p.province, commune: p.commune },
      observations: obs.map((o) => ({ code: o.code, display: o.display, value: o.value_num ?? o.value_text, unit: o.unit, at: new Date(o.effective_at).toISOString() })),
    };
  });
  if (!out) throw notFound('Referral');
  return out;
}

export async function inbox(db: Db, actor: Actor, facilityId: string, state?: ReferralState) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw forbidden();
  return db.tx(async (q) => {
    const rows = await inboxFor(q, facilityId, state ? [state] : null, 500);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'list', resourceType: 'ReferralInbox', resourceId: null, patientId: null, outcome: 'success', details: { count: rows.length, state: state ?? null } });
    return rows.map((r) => withNext(actor, r));
  });
}

/** The patient's referrals for the patient's own facility (the sending station sees counter-referrals here). */
export async function referralsOfPatient(db: Db, actor: Actor, patientId: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const p = await findPatientScoped(q, patientId, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: p?.facility_id ?? null, action: 'read', resourceType: 'Referral', resourceId: null, patientId, outcome: p ? 'success' : 'not_found', details: null });
    if (!p) return null;
    return (await transfersOfPatient(q, patientId)).map((r) => withNext(actor, r));
  });
  if (!out) throw patientNotFound();
  return out;
}

const STAMP: Partial<Record<ReferralState, keyof TransferRow>> = {
  received: 'received_at', arrived: 'arrived_at', treated: 'treated_at', counter_referral_returned: 'returned_at', cancelled: 'cancelled_at',
};

export async function transition(db: Db, actor: Actor, id: string, body: TransitionBody, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  if (body.to === 'counter_referral_returned') {
    const c = body.counterReferral;
    if (!c?.advice.trim()) throw badInput('REQUIRED', 'The counter-referral needs advice for the station', 'Phiếu phản hồi cần có hướng dẫn cho tuyến dưới', 'counterReferral.advice');
    if (!c.followUpPlan.trim()) throw badInput('REQUIRED', 'The counter-referral needs a follow-up plan', 'Phiếu phản hồi cần có kế hoạch theo dõi', 'counterReferral.followUpPlan');
  } else if (body.counterReferral) {
    throw badInput('UNEXPECTED_FIELD', 'A counter-referral goes only with the counter_referral_returned step', 'Chỉ gửi phiếu phản hồi ở bước chuyển tuyến trở lại', 'counterReferral');
  }
  if (body.to === 'cancelled' && !body.cancelReason?.trim()) throw badInput('REQUIRED', 'Say why the referral is cancelled', 'Cần ghi lý do hủy chuyển tuyến', 'cancelReason');
  const out = await db.tx(async (q) => {
    const r = await findTransferScoped(q, id, actor.facilityIds, true);
    if (!r) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'Referral', resourceId: id, patientId: null, outcome: 'not_found', details: { to: body.to } });
      return null;
    }
    const sides = sidesOf(actor, r);
    const checks = sides.map((s) => ({ side: s, check: checkReferralTransition(r.state, body.to, s) }));
    const ok = checks.find((c) => c.check.ok);
    if (!ok) {
      const first = checks[0]!.check as { ok: false; code: string; message: string };
      if (first.code === 'not_allowed_for_side') {
        // Every 403 is audited by the error handler (lib), outside this rolled-back transaction.
        throw new AppError(403, 'NOT_YOUR_SIDE', first.message, 'Bước này do cơ sở bên kia thực hiện');
      }
      throw conflict('INVALID_TRANSITION', first.message, `Không thể chuyển trạng thái từ ${r.state} sang ${body.to}`);
    }
    const set: Partial<TransferRow> = { state: body.to, updated_at: now };
    const stamp = STAMP[body.to];
    if (stamp) (set as Record<string, unknown>)[stamp] = now;
    // Arrival straight from "sent": the arrival is also the receipt.
    if (body.to === 'arrived' && !r.received_at) set.received_at = now;
    if (body.counterReferral) {
      set.counter_diagnosis = body.counterReferral.diagnosis?.trim() || null;
      set.counter_treatment = body.counterReferral.treatment?.trim() || null;
      set.counter_advice = body.counterReferral.advice.trim();
      set.counter_follow_up = body.counterReferral.followUpPlan.trim();
    }
    if (body.to === 'cancelled') set.cancel_reason = body.cancelReason!.trim();
    await updateTransfer(q, id, set);
    const facilityId = ok.side === 'receiving' ? r.to_facility_id : r.from_facility_id;
    await appendAudit(q, { userId: actor.id, facilityId, action: 'update', resourceType: 'Referral', resourceId: id, patientId: r.patient_id, outcome: 'success', details: { from: r.state, to: body.to, side: ok.side } });
    return withNext(actor, (await findTransferScoped(q, id, actor.facilityIds))!);
  });
  if (!out) throw notFound('Referral');
  return out;
}

export async function metrics(db: Db, actor: Actor, facilityId: string, range: { from?: string; to?: string }) {
  if (!hasRole(actor, READING_ROLES) && !hasRole(actor, ['governance_officer'])) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw forbidden();
  const from = range.from ? new Date(range.from) : null;
  const to = range.to ? new Date(range.to) : null;
  const conv = (rows: Array<{ state: ReferralState; sent_at: Date; arrived_at: Date | null }>) =>
    referralMetrics(rows.map((r) => ({ state: r.state, sentAt: new Date(r.sent_at).toISOString(), arrivedAt: r.arrived_at ? new Date(r.arrived_at).toISOString() : null })));
  return {
    facilityId, from: range.from ?? null, to: range.to ?? null,
    sent: conv(await transfersForMetrics(db, 'from_facility_id', facilityId, from, to)),
    received: conv(await transfersForMetrics(db, 'to_facility_id', facilityId, from, to)),
  };
}

export { REFERRAL_STATES };
