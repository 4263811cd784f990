/**
 * Emergency triage at arrival: emergency signs and vitals → IITT category (red/yellow/green, with
 * SATS TEWS for ≥ 12 y) and target time, from @yte/clinical. One transaction: the visit
 * (emergency encounter), the vitals as observations (the observation pipeline runs), the triage
 * output as a suggestion and the queue entry.
 */
import { triage, type TriageInput } from '@yte/clinical';
import type { Db } from '../../db/db.ts';
import { badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { ageYearsAt, conflict, round, runRule } from '../decision/common.ts';
import { insertEncounter } from '../encounters/encounters.repo.ts';
import { vitalsToRows } from '../observations/build.ts';
import { assertClinicalInstant, parseClinicalInstant } from '../observations/instants.ts';
import { insertObservations } from '../observations/observations.repo.ts';
import type { ObservationPipeline, ObservationsSaved } from '../observations/pipeline.ts';
import { checkVitals, type VitalsInput } from '../observations/vitals.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import { recordSuggestion } from '../suggestions/suggestions.service.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { findTriageScoped, insertTriage, markSeen, toTriage, type TriageRow, waitingQueue } from './triage.repo.ts';

export interface TriageBody {
  patientId: string;
  facilityId: string;
  arrivedAt?: string;
  signs?: string[];
  pregnant?: boolean;
  vitals?: TriageInput['vitals'];
  mobility?: TriageInput['mobility'];
  trauma?: boolean;
}

const SEVERITY: Record<TriageRow['category'], SuggestionRow['severity']> = { red: 'emergency', yellow: 'urgent', green: 'info' };
const CATEGORY_VI: Record<TriageRow['category'], string> = { red: 'ĐỎ (cấp cứu)', yellow: 'VÀNG (ưu tiên)', green: 'XANH (thường)' };
/** Triage vitals → the visit's vital signs (field names of the request for errors). */
const VITAL_OF: Record<string, [keyof VitalsInput, string]> = {
  heartRate: ['pulse', 'vitals.heartRate'], respRate: ['respRate', 'vitals.respRate'], spo2: ['spo2', 'vitals.spo2'],
  temperatureC: ['temperatureC', 'vitals.temperatureC'], systolicBP: ['systolicBP', 'vitals.systolicBP'], diastolicBP: ['diastolicBP', 'vitals.diastolicBP'],
};

export async function createTriage(db: Db, actor: Actor, body: TriageBody, pipeline?: ObservationPipeline, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(body.facilityId)) throw patientNotFound();
  const arrivedAt = parseClinicalInstant(body.arrivedAt, now, 'arrivedAt');
  const vitals: VitalsInput = {};
  for (const [k, v] of Object.entries(body.vitals ?? {})) {
    if (k === 'avpu') vitals.consciousness = v as VitalsInput['consciousness'];
    else if (VITAL_OF[k] && typeof v === 'number') (vitals as Record<string, number>)[VITAL_OF[k][0]] = v;
  }
  const problems = checkVitals(vitals);
  if (problems.length) {
    const p = problems[0]!;
    const field = Object.values(VITAL_OF).find(([key]) => key === p.field)?.[1] ?? `vitals.${p.field}`;
    throw badInput('IMPOSSIBLE_VALUE', p.message, p.messageVi, field);
  }

  const out = await db.tx(async (q) => {
    const patient = await findPatientScoped(q, body.patientId, actor.facilityIds);
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Triage', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId: body.patientId } });
      return null;
    }
    assertClinicalInstant(arrivedAt, patient.birth_date, now, 'arrivedAt');
    const input: TriageInput = {
      ageYears: round(ageYearsAt(patient.birth_date, arrivedAt), 2),
      ...(body.signs ? { signs: body.signs } : {}), ...(body.pregnant !== undefined ? { pregnant: body.pregnant } : {}),
      ...(body.vitals ? { vitals: body.vitals } : {}), ...(body.mobility ? { mobility: body.mobility } : {}), ...(body.trauma !== undefined ? { trauma: body.trauma } : {}),
    };
    const r = runRule(() => triage(input), (f) => (f === 'ageYears' ? 'patient.birthDate' : f));
    const encId = uuidv7(now.getTime());
    await insertEncounter(q, { id: encId, patient_id: patient.id, facility_id: body.facilityId, type: 'emergency', reason: 'Phân loại cấp cứu (triage)', started_at: arrivedAt, created_by: actor.id });
    let ev: ObservationsSaved | null = null;
    if (Object.keys(vitals).length) {
      const rows = vitalsToRows(vitals, { patientId: patient.id, encounterId: encId, facilityId: body.facilityId, effectiveAt: arrivedAt, recordedBy: actor.id, now });
      await insertObservations(q, rows);
      ev = { patientId: patient.id, encounterId: encId, facilityId: body.facilityId, rows, actorId: actor.id, source: 'manual', now };
      if (pipeline) await pipeline.runInTransaction(q, ev);
    }
    const criteria = r.criteria.length ? r.criteria.join(', ') : 'none';
    const suggestion = await recordSuggestion(q, {
      toolId: r.source.id, toolVersion: r.source.version, kind: 'rule', patientId: patient.id, encounterId: encId, facilityId: body.facilityId,
      subjectRef: `Encounter/${encId}`, inputs: input,
      output: { category: r.category, iittColour: r.iittColour, tews: r.tews, targetMinutes: r.targetMinutes, targetTime: r.targetTime, criteria: r.criteria, card: r.card },
      explanation: r.explanation,
      summary: `Triage ${r.category.toUpperCase()}: see ${r.targetTime.en}. Criteria: ${criteria}.`,
      summaryVi: `Phân loại ${CATEGORY_VI[r.category]}: khám ${r.targetTime.vi}. Tiêu chí: ${r.criteria.length ? r.criteria.join(', ') : 'không có'}.`,
      severity: SEVERITY[r.category], score: r.tews?.score ?? null,
    }, now);
    const row: TriageRow = {
      id: uuidv7(now.getTime()), patient_id: patient.id, facility_id: body.facilityId, encounter_id: encId, arrived_at: arrivedAt, inputs: input,
      result: r, category: r.category, target_minutes: r.targetMinutes, suggestion_id: suggestion?.id ?? null, status: 'waiting',
      seen_at: null, seen_by: null, created_by: actor.id, created_at: now,
    };
    await insertTriage(q, row);
    await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'Triage', resourceId: row.id, patientId: patient.id, outcome: 'success', details: { category: r.category, encounterId: encId } });
    return { value: toTriage({ ...row, full_name: patient.full_name, sex: patient.sex, birth_date: patient.birth_date }, now), ev };
  });
  if (!out) throw notFound('Patient');
  if (out.ev && pipeline) await pipeline.runAfterCommit(out.ev);
  return out.value;
}

export async function triageQueue(db: Db, actor: Actor, facilityId: string, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
  return db.tx(async (q) => {
    const rows = await waitingQueue(q, facilityId);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'read', resourceType: 'TriageQueue', resourceId: facilityId, patientId: null, outcome: 'success', details: { waiting: rows.length } });
    return rows.map((r) => toTriage(r, now));
  });
}

export async function triageSeen(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const t = await findTriageScoped(q, id, actor.facilityIds);
    if (!t) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'Triage', resourceId: id, patientId: null, outcome: 'not_found', details: null });
      return null;
    }
    if (t.status !== 'waiting') throw conflict('ALREADY_SEEN', `This arrival is already ${t.status}`, 'Người bệnh này đã được khám hoặc đã rời đi');
    await markSeen(q, id, actor.id, now);
    await appendAudit(q, { userId: actor.id, facilityId: t.facility_id, action: 'update', resourceType: 'Triage', resourceId: id, patientId: t.patient_id, outcome: 'success', details: { status: 'seen', waitedMinutes: Math.floor((now.getTime() - new Date(t.arrived_at).getTime()) / 60_000) } });
    return toTriage({ ...t, status: 'seen', seen_at: now, seen_by: actor.id }, now);
  });
  if (!out) throw notFound('Triage');
  return out;
}
