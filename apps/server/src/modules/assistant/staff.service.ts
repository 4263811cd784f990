/**
 * Staff virtual assistant (logged-in staff): answers with the user's own permissions. "Which patients
 * have NEWS2 ≥ 5" reads the latest visible NEWS2 suggestion per patient of the user's facility (reading
 * roles only; one audit entry per patient shown); "what is waiting in my queue" is the triage queue
 * service itself; anything else is answered from the platform's help documents (docs/help) with the
 * patient assistant's engine. It never shows a record the user could not open in the UI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  answerQuestion, buildIndex, detectLanguage, draftReferralLetter, formatOf, type AssistantIndex, LETTER_FIELDS, LETTER_LABELS, type LetterFieldKey, letterText,
  type PatientSummary, type ReferralLetterDraft, staffIntent, summarisePatient, summaryText, type SummaryObservation,
} from '@yte/assistant';
import type { Db } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { REPO_ROOT } from '../../paths.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { listFacilities } from '../auth/auth.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { encountersOf, observationsOf } from '../encounters/encounters.service.ts';
import { alertsOfPatient } from '../monitoring/monitoring.service.ts';
import { getPatientAudited } from '../patients/patients.service.ts';
import { referralsOfPatient } from '../referrals/referrals.service.ts';
import { decideSuggestion, patientsWithLatestScore, recordSuggestion, suggestionsForPatient } from '../suggestions/suggestions.service.ts';
import { triageQueue } from '../triage/triage.service.ts';
import { validateQuestion } from './assistant.service.ts';

export interface StaffAnswer {
  intent: 'news2' | 'queue' | 'summary' | 'referral' | 'help';
  answer: string;
  patients: { id: string; fullName: string; score: number; at: string }[];
  citations: { doc: string; heading: string; quote: string }[];
  /** intent 'summary' with a patient: the summary, each sentence with its source records. */
  summary?: PatientSummary;
  /** intent 'referral' with a patient: the draft letter, recorded as a suggestion. */
  referralDraft?: ReferralDraftResult;
}

let helpIndex: AssistantIndex | null = null;
function help(): AssistantIndex {
  if (!helpIndex) {
    const dir = join(REPO_ROOT, 'docs/help');
    helpIndex = buildIndex(readdirSync(dir).filter((n) => formatOf(n)).sort().map((n) => ({ doc: `docs/help/${n}`, format: formatOf(n)!, content: readFileSync(join(dir, n), 'utf8') })));
  }
  return helpIndex;
}

export async function staffAsk(db: Db, actor: Actor, facilityId: string, question: string, now = new Date(), patientId?: string): Promise<StaffAnswer> {
  validateQuestion(question);
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
  const intent = staffIntent(question);
  const vi = detectLanguage(question) !== 'en';
  if (intent.kind === 'summary' || intent.kind === 'referral') {
    if (!patientId) {
      return {
        intent: intent.kind, patients: [], citations: [],
        answer: vi ? 'Hãy mở hồ sơ một người bệnh (hoặc chọn người bệnh) rồi hỏi lại.' : 'Open a patient\'s record (or pick a patient) and ask again.',
      };
    }
    // The patient must belong to the facility the panel works in (404 otherwise, like any foreign record).
    const scoped: Actor = { ...actor, facilityIds: [facilityId] };
    if (intent.kind === 'summary') {
      const summary = await patientSummary(db, scoped, patientId, intent.hours, now);
      return { intent: 'summary', answer: summaryText(summary, vi ? 'vi' : 'en'), patients: [], citations: [], summary };
    }
    const referralDraft = await draftReferral(db, scoped, patientId, undefined, now);
    return { intent: 'referral', answer: vi ? referralDraft.textVi : referralDraft.textEn, patients: [], citations: [], referralDraft };
  }
  if (intent.kind === 'news2') {
    const patients = (await patientsWithLatestScore(db, actor, facilityId, 'rcp-news2', intent.threshold, { via: 'staff-assistant', limit: 100 }, now))
      .map((p) => ({ id: p.patientId, fullName: p.fullName, score: p.score, at: p.at }));
    const answer = vi
      ? `${patients.length} người bệnh có điểm NEWS2 gần nhất ≥ ${intent.threshold}${patients.length ? ': ' + patients.map((p) => `${p.fullName} (${p.score})`).join(', ') : ''}.`
      : `${patients.length} patient(s) with a latest NEWS2 ≥ ${intent.threshold}${patients.length ? ': ' + patients.map((p) => `${p.fullName} (${p.score})`).join(', ') : ''}.`;
    return { intent: 'news2', answer, patients, citations: [] };
  }
  if (intent.kind === 'queue') {
    const queue = await triageQueue(db, actor, facilityId, now);
    const answer = vi
      ? `${queue.length} người bệnh đang chờ${queue.length ? ': ' + queue.map((e) => `${e.patient?.fullName ?? ''} (${e.category}, chờ ${e.waitingMinutes ?? 0} phút)`).join(', ') : ''}.`
      : `${queue.length} patient(s) waiting${queue.length ? ': ' + queue.map((e) => `${e.patient?.fullName ?? ''} (${e.category}, ${e.waitingMinutes ?? 0} min)`).join(', ') : ''}.`;
    return { intent: 'queue', answer, patients: [], citations: [] };
  }
  const a = answerQuestion(help(), question);
  return { intent: 'help', answer: a.answer, patients: [], citations: a.citations };
}

// ---- one patient: the 48-hour summary and the referral-letter draft ----

export const REFERRAL_DRAFT_TOOL = { id: 'yte-referral-letter-draft', version: '1.0.0' } as const;
export const MAX_SUMMARY_HOURS = 168;

/**
 * The patient's record as the other modules' services give it to this user: each read is scoped to the
 * user's facilities and audited by the service that owns the data (patient, observations, alerts,
 * suggestions, encounters, referrals). Another facility's patient answers 404 at the first read.
 */
async function readRecord(db: Db, actor: Actor, patientId: string, since: Date) {
  const patient = await getPatientAudited(db, actor, patientId);
  const observations = await observationsOf(db, actor, patientId, { since, limit: 5000 });
  const alerts = await alertsOfPatient(db, actor, patientId);
  const suggestions = await suggestionsForPatient(db, actor, patientId, {});
  const encounters = await encountersOf(db, actor, patientId);
  const referrals = await referralsOfPatient(db, actor, patientId);
  return { patient, observations, alerts, suggestions, encounters, referrals };
}

const toSummaryObs = (o: Awaited<ReturnType<typeof observationsOf>>[number]): SummaryObservation => ({
  id: o.id, category: o.category, code: o.code, display: o.display, value: o.value, unit: o.unit, refLow: o.refLow, refHigh: o.refHigh, effectiveAt: o.effectiveAt,
});

export async function patientSummary(db: Db, actor: Actor, patientId: string, hours = 48, now = new Date()): Promise<PatientSummary> {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_SUMMARY_HOURS) throw badInput('INVALID_HOURS', `hours must be 1 to ${MAX_SUMMARY_HOURS}`, `Số giờ phải từ 1 đến ${MAX_SUMMARY_HOURS}`, 'hours');
  const r = await readRecord(db, actor, patientId, new Date(now.getTime() - hours * 3600_000));
  return summarisePatient({
    patient: { id: r.patient.id, fullName: r.patient.full_name, sex: r.patient.sex, birthDate: r.patient.birth_date },
    observations: r.observations.map(toSummaryObs),
    alerts: r.alerts.map((a) => ({ id: a.id, level: a.level, score: a.score, reason: a.reason, status: a.status, createdAt: a.createdAt, acknowledgedAt: a.acknowledgedAt })),
    suggestions: r.suggestions.map((s) => ({ id: s.id, toolId: s.toolId, summary: s.summary, summaryVi: s.summaryVi, severity: s.severity, status: s.status, createdAt: s.createdAt, decidedAt: s.decidedAt, reason: s.reason })),
    encounters: r.encounters,
    referrals: r.referrals.map((x) => ({ id: x.id, state: x.state, fromFacilityName: x.fromFacilityName, toFacilityName: x.toFacilityName, reason: x.reason, diagnosis: x.diagnosis, icd10: x.icd10, sentAt: x.sentAt })),
  }, { now: now.toISOString(), hours });
}

export interface ReferralDraftResult {
  suggestionId: string;
  status: 'proposed';
  draft: ReferralLetterDraft;
  textVi: string;
  textEn: string;
}

/**
 * Drafts the referral letter (recording roles) and records it as a suggestion with its sources: the
 * referral it is for (the given one, else the patient's latest one still under way), the record read
 * in the last 48 h, and the tool's version. A doctor then edits and accepts it, or dismisses it.
 */
export async function draftReferral(db: Db, actor: Actor, patientId: string, referralId: string | undefined, now = new Date()): Promise<ReferralDraftResult> {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const r = await readRecord(db, actor, patientId, new Date(now.getTime() - 48 * 3600_000));
  const referral = referralId
    ? r.referrals.find((x) => x.id === referralId)
    : [...r.referrals].filter((x) => x.state !== 'cancelled' && x.state !== 'counter_referral_returned').sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
  if (referralId && !referral) throw notFound('Referral');
  const facility = (await listFacilities(db, [r.patient.facility_id]))[0]!;
  const p = r.patient;
  const draft = draftReferralLetter({
    patient: { id: p.id, fullName: p.full_name, sex: p.sex, birthDate: p.birth_date, bhyt: p.bhyt, province: p.province, commune: p.commune, addressLine: p.address_line },
    fromFacility: { id: facility.id, name: facility.name },
    referral: referral ? {
      id: referral.id, toFacilityName: referral.toFacilityName, reason: referral.reason, diagnosis: referral.diagnosis, icd10: referral.icd10, treatmentGiven: referral.treatmentGiven,
      conditionAtTransfer: referral.conditionAtTransfer, transport: referral.transport, accompanyingStaff: referral.accompanyingStaff, bhyt: referral.bhyt, sentAt: referral.sentAt,
    } : null,
    observations: r.observations.map(toSummaryObs),
    encounters: r.encounters,
  });
  const sources = [...new Map(draft.fields.flatMap((f) => f.sources).map((s) => [`${s.type}/${s.id}`, s])).values()];
  const row = await db.tx(async (q) => {
    const s = await recordSuggestion(q, {
      toolId: REFERRAL_DRAFT_TOOL.id, toolVersion: REFERRAL_DRAFT_TOOL.version, kind: 'rule', patientId, encounterId: null, facilityId: p.facility_id,
      subjectRef: referral ? `Referral/${referral.id}` : null,
      inputs: { patientId, referralId: referral?.id ?? null, windowHours: 48, sources },
      output: draft,
      explanation: [{ text: 'Extractive draft: each field is copied from the records it cites; empty fields are for the doctor to write. Form: Giấy chuyển tuyến, Thông tư 14/2014/TT-BYT, Phụ lục 02.' }],
      summary: 'Referral letter draft: review, edit and accept', summaryVi: 'Bản nháp giấy chuyển tuyến: xem, sửa và chấp nhận', severity: 'info',
    }, now);
    if (!s || s.visibility !== 'visible') return null;
    await appendAudit(q, { userId: actor.id, facilityId: p.facility_id, action: 'create', resourceType: 'ReferralLetterDraft', resourceId: s.id, patientId, outcome: 'success', details: { referralId: referral?.id ?? null, sources: sources.length } }, now);
    return s;
  });
  if (!row) throw new AppError(409, 'TOOL_NOT_LIVE', 'The referral-letter draft tool is not live at this facility (governance stage)', 'Công cụ soạn nháp giấy chuyển tuyến chưa được phép dùng tại cơ sở này');
  return { suggestionId: row.id, status: 'proposed', draft, textVi: letterText(draft.fields, 'vi'), textEn: letterText(draft.fields, 'en') };
}

export interface LetterDecisionBody {
  decision: 'accept' | 'dismiss';
  /** The letter as the doctor edited it (accept): every field of the form once. */
  fields?: { key: string; vi: string; en: string }[];
}

/** Fields a referral paper cannot go without: the doctor must have written them before accepting. */
const REQUIRED_TO_ACCEPT: LetterFieldKey[] = ['fullName', 'addressee', 'diagnosis', 'reason'];

/** A doctor accepts the (edited) letter, stored with the decision in one transaction, or dismisses the draft. */
export async function decideReferralDraft(db: Db, actor: Actor, suggestionId: string, body: LetterDecisionBody, now = new Date()) {
  if (!hasRole(actor, ['doctor'])) throw forbidden();
  let fields: { key: LetterFieldKey; vi: string; en: string }[] = [];
  if (body.decision === 'accept') {
    if (!body.fields) throw badInput('REQUIRED', 'Send the letter\'s fields to accept it', 'Cần gửi nội dung giấy chuyển tuyến để chấp nhận', 'fields');
    const seen = new Set<string>();
    for (const f of body.fields) {
      if (!(LETTER_FIELDS as readonly string[]).includes(f.key) || seen.has(f.key)) throw badInput('INVALID_FIELD', `Unknown or repeated field: ${f.key}`, `Trường không hợp lệ hoặc bị lặp: ${f.key}`, 'fields');
      seen.add(f.key);
    }
    fields = LETTER_FIELDS.map((k) => {
      const f = body.fields!.find((x) => x.key === k);
      return { key: k, vi: f?.vi.trim() ?? '', en: f?.en.trim() ?? '' };
    });
    const missing = REQUIRED_TO_ACCEPT.find((k) => !fields.find((f) => f.key === k)!.vi);
    if (missing) throw badInput('REQUIRED', `${LETTER_LABELS[missing].en} must be written before accepting`, `Cần điền "${LETTER_LABELS[missing].vi}" trước khi chấp nhận`, `fields.${missing}`);
  }
  let edited: string[] = [];
  const decided = await decideSuggestion(db, actor, suggestionId, { decision: body.decision }, now, async (q, s) => {
    if (s.tool_id !== REFERRAL_DRAFT_TOOL.id) throw notFound('Suggestion');
    if (body.decision !== 'accept') return;
    const draft = s.output as ReferralLetterDraft;
    edited = fields.filter((f) => {
      const d = draft.fields.find((x) => x.key === f.key);
      return !d || d.vi !== f.vi || d.en !== f.en;
    }).map((f) => f.key);
    await q.query(
      'INSERT INTO assistant_referral_letter (suggestion_id, patient_id, facility_id, fields, edited, accepted_by, accepted_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [s.id, s.patient_id, s.facility_id, JSON.stringify(fields), edited, actor.id, now.toISOString()],
    );
    await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: 'assistant.referral-letter.accept', resourceType: 'ReferralLetter', resourceId: s.id, patientId: s.patient_id, outcome: 'success', details: { edited } }, now);
  });
  return {
    suggestionId, status: decided.status as 'accepted' | 'dismissed', decidedAt: decided.decidedAt!,
    letter: body.decision === 'accept' ? { fields, edited, textVi: letterText(fields, 'vi'), textEn: letterText(fields, 'en') } : null,
  };
}
