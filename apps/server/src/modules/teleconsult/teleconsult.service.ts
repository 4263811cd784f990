/**
 * Teleconsultation station ↔ hospital (tư vấn / hội chẩn từ xa, Thông tư 49/2017/TT-BYT). The state
 * machine, targets, attachment rules and call ladder are pure (@yte/clinical teleconsult.ts); this
 * service scopes and audits. Scoping, as for referrals: the station reads its own patient as always;
 * the hospital reads only what the consult carries (the snapshot taken when the station asked, the
 * attachments, the messages), never the patient's whole chart. Every read and write is audited in the
 * same transaction; another facility's consult answers 404.
 */
import { createHash } from 'node:crypto';
import {
  checkAttachment, checkConsultTransition, consultDueAt, consultEscalation, type ConsultSide, type ConsultState, type ConsultUrgency, CONSULT_TARGET_MINUTES,
  news2, NEWS2_SOURCE, nextConsultStates,
} from '@yte/clinical';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, CLINICAL_ROLES, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { assembleNews2 } from '../decision/inputs.ts';
import { listObservations } from '../observations/observations.repo.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import {
  attachmentData, attachmentsOf, type CallRow, callsOf, type ConsultRow, type ConsultView, consultsOfPatient, findByClientRef, findConsultScoped, inboxFor,
  insertAttachment, insertCall, insertConsult, insertMessage, messagesOf, openCallOf, sentBy, updateCall, updateConsult,
} from './teleconsult.repo.ts';

/** Roles that answer consults at the hospital. */
const CONSULTING_ROLES = ['doctor', 'radiologist'] as const;

export interface CreateConsultBody {
  patientId: string;
  fromFacilityId: string;
  toFacilityId: string;
  specialty: string;
  assignedTo?: string;
  urgency: ConsultUrgency;
  question: string;
  encounterId?: string;
  imagingStudyIds?: string[];
  clientRef?: string;
}

export interface ConsultTransitionBody {
  to: ConsultState;
  advice?: string;
  followUp?: string;
  aiAssisted?: boolean;
  decision?: 'accepted' | 'overridden';
  decisionReason?: string;
  cancelReason?: string;
}

const conflict = (code: string, message: string, messageVi: string) => new AppError(409, code, message, messageVi);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function sidesOf(actor: Actor, r: Pick<ConsultRow, 'from_facility_id' | 'to_facility_id'>): ConsultSide[] {
  const s: ConsultSide[] = [];
  if (actor.facilityIds.includes(r.from_facility_id)) s.push('requesting');
  if (actor.facilityIds.includes(r.to_facility_id)) s.push('consulting');
  return s;
}

export function toConsult(actor: Actor, r: ConsultView, now: Date) {
  const sides = sidesOf(actor, r);
  const esc = consultEscalation({ state: r.state, urgency: r.urgency, requestedAt: iso(r.requested_at)! }, now.toISOString());
  return {
    id: r.id, patientId: r.patient_id, patientName: r.patient_name, patientSex: r.patient_sex, patientBirthDate: r.patient_birth_date, encounterId: r.encounter_id,
    fromFacilityId: r.from_facility_id, fromFacilityName: r.from_name, toFacilityId: r.to_facility_id, toFacilityName: r.to_name,
    specialty: r.specialty, assignedTo: r.assigned_to, assignedToName: r.assigned_to_name, urgency: r.urgency, question: r.question, state: r.state,
    requestedBy: r.requested_by, requestedByName: r.requested_by_name, requestedAt: iso(r.requested_at)!, dueAt: iso(r.due_at)!,
    targetMinutes: CONSULT_TARGET_MINUTES[r.urgency] as number,
    escalation: { level: esc.level, minutesLate: Math.round(esc.minutesLate), minutesWaiting: Math.round(esc.minutesWaiting) },
    acceptedAt: iso(r.accepted_at),
    answer: r.answered_at
      ? { advice: r.advice ?? '', followUp: r.follow_up, aiAssisted: r.ai_assisted, answeredBy: r.answered_by, answeredByName: r.answered_by_name, answeredAt: iso(r.answered_at)! }
      : null,
    // TT 49/2017: the asking side decides on the advice; until then it is a suggestion.
    decision: r.decision ? { decision: r.decision, reason: r.decision_reason, decidedBy: r.decided_by, decidedAt: iso(r.decided_at)! } : null,
    cancelReason: r.cancel_reason, cancelledAt: iso(r.cancelled_at), attachmentCount: r.attachment_count, updatedAt: iso(r.updated_at)!,
    sides, nextStates: [...new Set(sides.flatMap((s) => nextConsultStates(r.state, s)))],
  };
}

const text = (v: string | undefined, field: string, messageVi: string) => {
  const t = (v ?? '').trim();
  if (!t) throw badInput('REQUIRED', `${field} is required`, messageVi, field);
  return t;
};

const ageYears = (birth: string, at: Date) => (at.getTime() - Date.parse(`${birth}T00:00:00Z`)) / (365.25 * 86_400_000);

/** What the hospital sees of the patient: as it was when the station asked. */
async function snapshotOf(q: Queryable, patient: { id: string; full_name: string; sex: string; birth_date: string; bhyt: string | null }, now: Date) {
  const since = now.getTime() - 7 * 86_400_000;
  const rows = (await listObservations(q, patient.id, { limit: 500 })).filter((o) => new Date(o.effective_at).getTime() >= since);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const o of rows) latest.set(o.code, o); // oldest first, so the last one wins
  const obs = [...latest.values()].map((o) => ({ code: o.code, display: o.display, category: o.category, value: o.value_num ?? o.value_text, unit: o.unit, at: new Date(o.effective_at).toISOString() }));
  const age = ageYears(String(patient.birth_date).slice(0, 10), now);
  const a = assembleNews2(rows.filter((o) => o.category === 'vital-signs'), age);
  let n2: { score: number; band: string; source: string } | null = null;
  if (a.input) {
    try {
      const r = news2(a.input);
      if (r.score !== null && r.band !== null) n2 = { score: r.score, band: r.band, source: `${NEWS2_SOURCE.id} ${NEWS2_SOURCE.version}` };
    } catch { n2 = null; }
  }
  return {
    takenAt: now.toISOString(),
    patient: { fullName: patient.full_name, sex: patient.sex, birthDate: String(patient.birth_date).slice(0, 10), ageYears: Math.floor(age), bhyt: patient.bhyt },
    vitals: obs.filter((o) => o.category === 'vital-signs'),
    labs: obs.filter((o) => o.category === 'laboratory'),
    news2: n2,
    news2Missing: a.input ? [] : a.missing,
  };
}

export async function createConsult(db: Db, actor: Actor, body: CreateConsultBody, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const question = text(body.question, 'question', 'Cần nhập câu hỏi cho bác sĩ tuyến trên');
  const specialty = text(body.specialty, 'specialty', 'Cần chọn chuyên khoa');
  if (body.fromFacilityId === body.toFacilityId) throw badInput('SAME_FACILITY', 'A consult goes to another facility', 'Nơi được hỏi ý kiến phải khác nơi gửi', 'toFacilityId');
  const out = await db.tx(async (q) => {
    const patient = actor.facilityIds.includes(body.fromFacilityId) ? await findPatientScoped(q, body.patientId, [body.fromFacilityId]) : undefined;
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'Teleconsult', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId: body.patientId } });
      return null;
    }
    if (body.clientRef) {
      // The station's offline queue resends a request it may already have delivered: same consult.
      const dup = await findByClientRef(q, body.fromFacilityId, body.clientRef);
      if (dup) {
        if (dup.patient_id !== patient.id) throw conflict('CLIENT_REF_REUSED', 'This clientRef names another consult', 'Mã yêu cầu đã dùng cho ca khác');
        await appendAudit(q, { userId: actor.id, facilityId: body.fromFacilityId, action: 'read', resourceType: 'Teleconsult', resourceId: dup.id, patientId: patient.id, outcome: 'success', details: { resend: body.clientRef } });
        return { consult: toConsult(actor, (await findConsultScoped(q, dup.id, actor.facilityIds))!, now), created: false };
      }
    }
    const to = (await q.query<{ kind: string }>('SELECT kind FROM facility WHERE id = $1', [body.toFacilityId]))[0];
    if (!to) throw badInput('UNKNOWN_FACILITY', 'No such facility', 'Không có cơ sở này', 'toFacilityId');
    if (to.kind !== 'hospital') throw badInput('NOT_A_HOSPITAL', 'Consults go to a hospital', 'Chỉ gửi hội chẩn đến bệnh viện', 'toFacilityId');
    if (body.assignedTo) {
      const u = await q.query<{ roles: string[] }>('SELECT u.roles FROM app_user u JOIN user_facility f ON f.user_id = u.id WHERE u.id = $1 AND f.facility_id = $2 AND u.active', [body.assignedTo, body.toFacilityId]);
      if (!u[0] || !u[0].roles.some((r) => (CONSULTING_ROLES as readonly string[]).includes(r))) {
        throw badInput('NOT_A_SPECIALIST_THERE', 'The named specialist is not a doctor at that hospital', 'Bác sĩ được chọn không làm việc tại bệnh viện này', 'assignedTo');
      }
    }
    if (body.encounterId) {
      const e = await q.query('SELECT 1 FROM encounter WHERE id = $1 AND patient_id = $2', [body.encounterId, patient.id]);
      if (!e[0]) throw badInput('UNKNOWN_ENCOUNTER', 'The encounter is not this patient\'s', 'Lượt khám không thuộc người bệnh này', 'encounterId');
    }
    const studies = body.imagingStudyIds?.length
      ? await q.query<{ id: string }>('SELECT id FROM imaging_study WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND facility_id = $3', [body.imagingStudyIds, patient.id, body.fromFacilityId])
      : [];
    const missing = (body.imagingStudyIds ?? []).filter((s) => !studies.some((x) => x.id === s));
    if (missing.length) throw badInput('UNKNOWN_STUDY', `Not this patient's study: ${missing[0]}`, 'Ca chụp không thuộc người bệnh này', 'imagingStudyIds');
    const requestedAt = now.toISOString();
    const r: ConsultRow = {
      id: uuidv7(now.getTime()), patient_id: patient.id, encounter_id: body.encounterId ?? null, from_facility_id: body.fromFacilityId, to_facility_id: body.toFacilityId,
      specialty, assigned_to: body.assignedTo ?? null, urgency: body.urgency, question, snapshot: await snapshotOf(q, patient as never, now), state: 'requested',
      client_ref: body.clientRef ?? null, requested_by: actor.id, requested_at: now, due_at: new Date(consultDueAt(body.urgency, requestedAt)),
      accepted_by: null, accepted_at: null, answered_by: null, answered_at: null, advice: null, follow_up: null, ai_assisted: false,
      decision: null, decision_reason: null, decided_by: null, decided_at: null, cancel_reason: null, cancelled_by: null, cancelled_at: null, updated_at: now,
    };
    await insertConsult(q, r);
    for (const s of studies) {
      await insertAttachment(q, { id: uuidv7(now.getTime()), consult_id: r.id, kind: 'imaging_study', media_type: null, file_name: null, size_bytes: null, sha256: null, data: null, imaging_study_id: s.id, note: null, added_by: actor.id, added_at: now });
    }
    await appendAudit(q, { userId: actor.id, facilityId: body.fromFacilityId, action: 'create', resourceType: 'Teleconsult', resourceId: r.id, patientId: patient.id, outcome: 'success', details: { toFacilityId: body.toFacilityId, urgency: body.urgency, studies: studies.length } });
    return { consult: toConsult(actor, (await findConsultScoped(q, r.id, actor.facilityIds))!, now), created: true };
  });
  if (!out) throw patientNotFound();
  return out;
}

async function readScoped(q: Queryable, actor: Actor, id: string, what: string, forUpdate = false) {
  const r = await findConsultScoped(q, id, actor.facilityIds, forUpdate);
  const facilityId = r ? (sidesOf(actor, r).includes('consulting') ? r.to_facility_id : r.from_facility_id) : null;
  await appendAudit(q, { userId: actor.id, facilityId, action: 'read', resourceType: what, resourceId: id, patientId: r?.patient_id ?? null, outcome: r ? 'success' : 'not_found', details: null });
  return r;
}

export async function consultDetail(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const r = await readScoped(q, actor, id, 'Teleconsult');
    if (!r) return null;
    const [atts, msgs, calls] = await Promise.all([attachmentsOf(q, id), messagesOf(q, id), callsOf(q, id)]);
    return {
      ...toConsult(actor, r, now),
      snapshot: r.snapshot,
      attachments: atts.map((a) => ({
        id: a.id, kind: a.kind, mediaType: a.media_type, fileName: a.file_name, sizeBytes: a.size_bytes, sha256: a.sha256, imagingStudyId: a.imaging_study_id,
        studyDescription: a.study_description, studyDate: a.study_date, note: a.note, addedAt: iso(a.added_at)!,
      })),
      messages: msgs.map((m) => ({ id: m.id, callId: m.call_id, authorId: m.author_id, authorName: m.author_name, body: m.body, sentAt: iso(m.sent_at)! })),
      calls: calls.map(toCall),
    };
  });
  if (!out) throw notFound('Teleconsult');
  return out;
}

export const toCall = (c: CallRow) => ({
  id: c.id, startedBy: c.started_by, startedAt: iso(c.started_at)!, connectedAt: iso(c.connected_at), endedAt: iso(c.ended_at),
  participants: c.participants, finalMode: c.final_mode, endReason: c.end_reason, recordingConsent: { requesting: c.consent_requesting, consulting: c.consent_consulting },
});

export async function inbox(db: Db, actor: Actor, facilityId: string, opts: { open: boolean; mine: boolean }, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw forbidden();
  return db.tx(async (q) => {
    const rows = await inboxFor(q, facilityId, { open: opts.open, userId: opts.mine ? actor.id : undefined, limit: 200 });
    await appendAudit(q, { userId: actor.id, facilityId, action: 'list', resourceType: 'TeleconsultInbox', resourceId: null, patientId: null, outcome: 'success', details: { count: rows.length, open: opts.open } });
    return rows.map((r) => toConsult(actor, r, now));
  });
}

export async function sentList(db: Db, actor: Actor, facilityId: string, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw forbidden();
  return db.tx(async (q) => {
    const rows = await sentBy(q, facilityId, 200);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'list', resourceType: 'TeleconsultSent', resourceId: null, patientId: null, outcome: 'success', details: { count: rows.length } });
    return rows.map((r) => toConsult(actor, r, now));
  });
}

/** The patient's consults, for the patient's own facility (the station sees the answers in the chart). */
export async function consultsOfPatientFor(db: Db, actor: Actor, patientId: string, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const p = await findPatientScoped(q, patientId, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: p?.facility_id ?? null, action: 'read', resourceType: 'Teleconsult', resourceId: null, patientId, outcome: p ? 'success' : 'not_found', details: null });
    if (!p) return null;
    return (await consultsOfPatient(q, patientId, actor.facilityIds)).map((r) => toConsult(actor, r, now));
  });
  if (!out) throw patientNotFound();
  return out;
}

export async function transition(db: Db, actor: Actor, id: string, body: ConsultTransitionBody, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES) && !hasRole(actor, ['radiologist'])) throw forbidden();
  if (body.to === 'answered') text(body.advice, 'advice', 'Cần ghi ý kiến tư vấn');
  else if (body.advice !== undefined || body.followUp !== undefined || body.aiAssisted !== undefined) {
    throw badInput('UNEXPECTED_FIELD', 'Advice goes only with the answered step', 'Chỉ ghi ý kiến tư vấn ở bước trả lời', 'advice');
  }
  if (body.to === 'closed') {
    if (!body.decision) throw badInput('REQUIRED', 'Say whether the station accepts or overrides the advice', 'Cần chọn chấp nhận hay không theo ý kiến tư vấn', 'decision');
    if (body.decision === 'overridden') text(body.decisionReason, 'decisionReason', 'Cần ghi lý do không theo ý kiến tư vấn');
  } else if (body.decision !== undefined) {
    throw badInput('UNEXPECTED_FIELD', 'A decision goes only with the closed step', 'Chỉ ghi quyết định ở bước kết thúc', 'decision');
  }
  if (body.to === 'cancelled') text(body.cancelReason, 'cancelReason', 'Cần ghi lý do hủy');
  const out = await db.tx(async (q) => {
    const r = await findConsultScoped(q, id, actor.facilityIds, true);
    if (!r) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'Teleconsult', resourceId: id, patientId: null, outcome: 'not_found', details: { to: body.to } });
      return null;
    }
    const sides = sidesOf(actor, r);
    const checks = sides.map((side) => ({ side, check: checkConsultTransition(r.state, body.to, side) }));
    const ok = checks.find((c) => c.check.ok);
    if (!ok) {
      const first = checks[0]!.check as { ok: false; code: string; message: string };
      if (first.code === 'not_allowed_for_side') throw new AppError(403, 'NOT_YOUR_SIDE', first.message, 'Bước này do cơ sở bên kia thực hiện');
      throw conflict('INVALID_TRANSITION', first.message, `Không thể chuyển trạng thái từ ${r.state} sang ${body.to}`);
    }
    if (ok.side === 'consulting' && (body.to === 'accepted' || body.to === 'answered') && !hasRole(actor, CONSULTING_ROLES)) {
      throw new AppError(403, 'NOT_A_SPECIALIST', 'Only a doctor answers consults', 'Chỉ bác sĩ mới trả lời hội chẩn');
    }
    const set: Partial<ConsultRow> = { state: body.to, updated_at: now };
    if (body.to === 'accepted') Object.assign(set, { accepted_by: actor.id, accepted_at: now, assigned_to: r.assigned_to ?? actor.id });
    if (body.to === 'answered') {
      Object.assign(set, { answered_by: actor.id, answered_at: now, advice: body.advice!.trim(), follow_up: body.followUp?.trim() || null, ai_assisted: body.aiAssisted ?? false });
      if (!r.accepted_at) Object.assign(set, { accepted_by: actor.id, accepted_at: now });
    }
    if (body.to === 'closed') Object.assign(set, { decision: body.decision, decision_reason: body.decisionReason?.trim() || null, decided_by: actor.id, decided_at: now });
    if (body.to === 'cancelled') Object.assign(set, { cancel_reason: body.cancelReason!.trim(), cancelled_by: actor.id, cancelled_at: now });
    await updateConsult(q, id, set);
    const facilityId = ok.side === 'consulting' ? r.to_facility_id : r.from_facility_id;
    await appendAudit(q, { userId: actor.id, facilityId, action: 'update', resourceType: 'Teleconsult', resourceId: id, patientId: r.patient_id, outcome: 'success', details: { from: r.state, to: body.to, side: ok.side, decision: body.decision ?? null } });
    return toConsult(actor, (await findConsultScoped(q, id, actor.facilityIds))!, now);
  });
  if (!out) throw notFound('Teleconsult');
  return out;
}

const OPEN_FOR_FILES: readonly ConsultState[] = ['requested', 'accepted', 'answered'];

/** One attachment per request: a bad file is refused with the reason, the consult and other files stay. */
export async function addAttachment(db: Db, actor: Actor, id: string, body: { kind: 'photo' | 'document'; mediaType: string; fileName: string; dataBase64: string; note?: string }, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES) && !hasRole(actor, ['radiologist'])) throw forbidden();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.dataBase64) || body.dataBase64.length % 4 !== 0) {
    throw badInput('INVALID_BASE64', 'dataBase64 is not base64', 'Dữ liệu tệp không phải base64', 'dataBase64');
  }
  const bytes = new Uint8Array(Buffer.from(body.dataBase64, 'base64'));
  const problem = checkAttachment(body.kind, body.mediaType, bytes);
  if (problem) throw badInput(problem.code, problem.message, problem.messageVi, problem.code === 'ATTACHMENT_TOO_LARGE' ? 'dataBase64' : 'mediaType');
  const out = await db.tx(async (q) => {
    const r = await findConsultScoped(q, id, actor.facilityIds, true);
    if (!r) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'TeleconsultAttachment', resourceId: null, patientId: null, outcome: 'not_found', details: { consultId: id } });
      return null;
    }
    if (!OPEN_FOR_FILES.includes(r.state)) throw conflict('CONSULT_CLOSED', 'The consult is closed', 'Ca hội chẩn đã kết thúc');
    const a = {
      id: uuidv7(now.getTime()), consult_id: id, kind: body.kind, media_type: body.mediaType, file_name: body.fileName.trim() || null, size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), data: bytes, imaging_study_id: null, note: body.note?.trim() || null, added_by: actor.id, added_at: now,
    };
    await insertAttachment(q, a);
    const side = sidesOf(actor, r)[0];
    await appendAudit(q, { userId: actor.id, facilityId: side === 'consulting' ? r.to_facility_id : r.from_facility_id, action: 'create', resourceType: 'TeleconsultAttachment', resourceId: a.id, patientId: r.patient_id, outcome: 'success', details: { consultId: id, kind: a.kind, bytes: a.size_bytes, sha256: a.sha256 } });
    return { id: a.id, kind: a.kind, mediaType: a.media_type, fileName: a.file_name, sizeBytes: a.size_bytes, sha256: a.sha256, imagingStudyId: null, studyDescription: null, studyDate: null, note: a.note, addedAt: now.toISOString() };
  });
  if (!out) throw notFound('Teleconsult');
  return out;
}

export async function readAttachment(db: Db, actor: Actor, id: string, attachmentId: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const r = await readScoped(q, actor, id, 'TeleconsultAttachment');
    return r ? (await attachmentData(q, id, attachmentId)) ?? null : null;
  });
  if (!out) throw notFound('Attachment');
  return out;
}

export async function postMessage(db: Db, actor: Actor, id: string, body: string, callId: string | null = null, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const b = text(body, 'body', 'Tin nhắn trống');
  const out = await db.tx(async (q) => {
    const r = await findConsultScoped(q, id, actor.facilityIds);
    if (!r) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'TeleconsultMessage', resourceId: null, patientId: null, outcome: 'not_found', details: { consultId: id } });
      return null;
    }
    const m = { id: uuidv7(now.getTime()), consult_id: id, call_id: callId, author_id: actor.id, body: b, sent_at: now };
    await insertMessage(q, m);
    const side = sidesOf(actor, r)[0];
    await appendAudit(q, { userId: actor.id, facilityId: side === 'consulting' ? r.to_facility_id : r.from_facility_id, action: 'create', resourceType: 'TeleconsultMessage', resourceId: m.id, patientId: r.patient_id, outcome: 'success', details: { consultId: id, callId } });
    return { id: m.id, callId, authorId: actor.id, authorName: actor.fullName, body: b, sentAt: now.toISOString() };
  });
  if (!out) throw notFound('Teleconsult');
  return out;
}

// ---------- live calls (used by the signalling socket) ----------

const CALLABLE: readonly ConsultState[] = ['requested', 'accepted', 'answered'];

/**
 * Access check for the signalling socket: the caller must be on one side of the consult, with a
 * clinical role, and the consult must still be open for a call. Audited either way.
 */
export async function authorizeCall(db: Db, actor: Actor, id: string): Promise<{ ok: true; side: ConsultSide; patientId: string } | { ok: false; status: 403 | 404 | 409 }> {
  if (!hasRole(actor, CLINICAL_ROLES)) return { ok: false, status: 403 };
  return db.tx(async (q) => {
    const r = await findConsultScoped(q, id, actor.facilityIds);
    const side = r ? sidesOf(actor, r).find((s) => s === 'consulting') ?? sidesOf(actor, r)[0] : undefined;
    await appendAudit(q, { userId: actor.id, facilityId: r && side ? (side === 'consulting' ? r.to_facility_id : r.from_facility_id) : null, action: 'read', resourceType: 'TeleconsultCall', resourceId: id, patientId: r?.patient_id ?? null, outcome: r ? 'success' : 'not_found', details: { join: true } });
    if (!r || !side) return { ok: false as const, status: 404 as const };
    if (!CALLABLE.includes(r.state)) return { ok: false as const, status: 409 as const };
    return { ok: true as const, side, patientId: r.patient_id };
  });
}

/** A participant joined: opens the call record (if none is open) and adds the participant. */
export async function callJoined(db: Db, actor: Actor, consultId: string, side: ConsultSide, now = new Date()) {
  return db.tx(async (q) => {
    let c = await openCallOf(q, consultId, true);
    const p = { userId: actor.id, side, joinedAt: now.toISOString() };
    if (!c) {
      const id = uuidv7(now.getTime());
      await insertCall(q, { id, consult_id: consultId, started_by: actor.id, started_at: now, participants: [p] });
      c = (await openCallOf(q, consultId))!;
    } else if (!c.participants.some((x) => x.userId === actor.id)) {
      await updateCall(q, c.id, { participants: [...c.participants, p] });
    }
    const r = (await q.query<{ patient_id: string; from_facility_id: string; to_facility_id: string }>('SELECT patient_id, from_facility_id, to_facility_id FROM teleconsult WHERE id = $1', [consultId]))[0]!;
    await appendAudit(q, { userId: actor.id, facilityId: side === 'consulting' ? r.to_facility_id : r.from_facility_id, action: 'update', resourceType: 'TeleconsultCall', resourceId: c.id, patientId: r.patient_id, outcome: 'success', details: { joined: side } });
    return c.id;
  });
}

export async function callEvent(db: Db, callId: string, set: Partial<Pick<CallRow, 'connected_at' | 'ended_at' | 'final_mode' | 'end_reason' | 'consent_requesting' | 'consent_consulting'>>) {
  await db.tx(async (q) => {
    const c = (await q.query<CallRow>('SELECT * FROM teleconsult_call WHERE id = $1 FOR UPDATE', [callId]))[0];
    if (!c || c.ended_at) return;
    if (set.connected_at && c.connected_at) delete set.connected_at;
    if (Object.keys(set).length) await updateCall(q, callId, set);
  });
}

export const consultUrgencyTargets = CONSULT_TARGET_MINUTES;

/** Hospitals a station may ask, with the doctors who answer there (to name a specialist). Facility directory data, not patient data. */
export async function hospitalsToAsk(db: Db, actor: Actor) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const rows = await db.query<{ id: string; name: string; user_id: string | null; full_name: string | null }>(
    `SELECT f.id, f.name, u.id AS user_id, u.full_name FROM facility f
       LEFT JOIN user_facility uf ON uf.facility_id = f.id
       LEFT JOIN app_user u ON u.id = uf.user_id AND u.active AND u.roles && ARRAY['doctor', 'radiologist']::text[]
     WHERE f.kind = 'hospital' ORDER BY f.name, u.full_name`);
  const out = new Map<string, { id: string; name: string; specialists: Array<{ id: string; fullName: string }> }>();
  for (const r of rows) {
    const h = out.get(r.id) ?? { id: r.id, name: r.name, specialists: [] };
    if (r.user_id && r.full_name) h.specialists.push({ id: r.user_id, fullName: r.full_name });
    out.set(r.id, h);
  }
  return [...out.values()];
}
