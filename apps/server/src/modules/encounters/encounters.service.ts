import type { Db } from '../../db/db.ts';
import { badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { labsToRows, type LabInput, vitalsToRows } from '../observations/build.ts';
import { insertObservations, listObservations, type ObservationRow } from '../observations/observations.repo.ts';
import type { VitalsInput } from '../observations/vitals.ts';
import type { ObservationPipeline, ObservationsSaved } from '../observations/pipeline.ts';
import { assertClinicalInstant, parseClinicalInstant } from '../observations/instants.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import { type EncounterRow, findEncounterScoped, insertEncounter, listEncounters } from './encounters.repo.ts';


export const toEncounter = (e: EncounterRow) => ({
  id: e.id, patientId: e.patient_id, facilityId: e.facility_id, type: e.type, reason: e.reason,
  startedAt: new Date(e.started_at).toISOString(), createdBy: e.created_by,
});

export const toObservation = (o: ObservationRow) => ({
  id: o.id, patientId: o.patient_id, encounterId: o.encounter_id, category: o.category, codeSystem: o.code_system,
  code: o.code, display: o.display, value: o.value_num ?? o.value_text ?? '', unit: o.unit,
  refLow: o.ref_low, refHigh: o.ref_high, effectiveAt: new Date(o.effective_at).toISOString(), recordedBy: o.recorded_by,
});

export interface NewEncounter {
  facilityId: string;
  type: EncounterRow['type'];
  reason?: string;
  startedAt?: string;
  vitals?: VitalsInput;
  labs?: LabInput[];
}

export async function createEncounter(db: Db, actor: Actor, patientId: string, input: NewEncounter, pipeline?: ObservationPipeline, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(input.facilityId)) throw patientNotFound();
  const startedAt = parseClinicalInstant(input.startedAt, now, 'startedAt');
  const enc: EncounterRow = {
    id: uuidv7(now.getTime()), patient_id: patientId, facility_id: input.facilityId, type: input.type,
    reason: input.reason?.trim() || null, started_at: startedAt, created_by: actor.id,
  };
  const ctx = { patientId, encounterId: enc.id, facilityId: input.facilityId, effectiveAt: startedAt, recordedBy: actor.id, now };
  // Validate everything before the transaction: nothing is half-written.
  const rows = [...(input.vitals ? vitalsToRows(input.vitals, ctx) : []), ...(input.labs ? labsToRows(input.labs, ctx) : [])];
  const result = await db.tx(async (q) => {
    const patient = await findPatientScoped(q, patientId, actor.facilityIds);
    if (!patient) {
      await appendAudit(q, { userId: actor.id, facilityId: input.facilityId, action: 'create', resourceType: 'Encounter', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId } });
      return null;
    }
    assertClinicalInstant(startedAt, patient.birth_date, now, 'startedAt');
    await insertEncounter(q, enc);
    await insertObservations(q, rows);
    await appendAudit(q, { userId: actor.id, facilityId: input.facilityId, action: 'create', resourceType: 'Encounter', resourceId: enc.id, patientId, outcome: 'success', details: { observations: rows.length } });
    const ev: ObservationsSaved = { patientId, encounterId: enc.id, facilityId: input.facilityId, rows, actorId: actor.id, source: 'manual', now };
    if (rows.length && pipeline) await pipeline.runInTransaction(q, ev);
    return { encounter: toEncounter(enc), observations: rows.map(toObservation), ev };
  });
  if (!result) throw patientNotFound();
  if (result.ev.rows.length && pipeline) await pipeline.runAfterCommit(result.ev);
  return { encounter: result.encounter, observations: result.observations };
}

export async function addObservations(db: Db, actor: Actor, encounterId: string, input: { effectiveAt?: string; vitals?: VitalsInput; labs?: LabInput[] }, pipeline?: ObservationPipeline, now = new Date()) {
  if (!hasRole(actor, RECORDING_ROLES)) throw forbidden();
  const effectiveAt = parseClinicalInstant(input.effectiveAt, now, 'effectiveAt');
  const result = await db.tx(async (q) => {
    const enc = await findEncounterScoped(q, encounterId, actor.facilityIds);
    if (!enc) {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'Observation', resourceId: null, patientId: null, outcome: 'not_found', details: { encounterId } });
      return null;
    }
    const patient = await findPatientScoped(q, enc.patient_id, actor.facilityIds);
    assertClinicalInstant(effectiveAt, patient?.birth_date, now, 'effectiveAt');
    const ctx = { patientId: enc.patient_id, encounterId: enc.id, facilityId: enc.facility_id, effectiveAt, recordedBy: actor.id, now };
    const rows = [...(input.vitals ? vitalsToRows(input.vitals, ctx) : []), ...(input.labs ? labsToRows(input.labs, ctx) : [])];
    if (rows.length === 0) throw badInput('EMPTY_OBSERVATIONS', 'Send vitals or labs', 'Cần gửi chỉ số sinh tồn hoặc xét nghiệm');
    await insertObservations(q, rows);
    await appendAudit(q, { userId: actor.id, facilityId: enc.facility_id, action: 'create', resourceType: 'Observation', resourceId: enc.id, patientId: enc.patient_id, outcome: 'success', details: { observations: rows.length } });
    const ev: ObservationsSaved = { patientId: enc.patient_id, encounterId: enc.id, facilityId: enc.facility_id, rows, actorId: actor.id, source: 'manual', now };
    if (pipeline) await pipeline.runInTransaction(q, ev);
    return { observations: rows.map(toObservation), ev };
  });
  if (!result) throw notFound('Encounter');
  if (pipeline) await pipeline.runAfterCommit(result.ev);
  return { observations: result.observations };
}

/** Reads a patient's sub-records after the facility check, audited as one read. */
export async function readPatientRecords<T>(db: Db, actor: Actor, patientId: string, resourceType: string, read: (q: import('../../db/db.ts').Queryable) => Promise<T>): Promise<T> {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const patient = await findPatientScoped(q, patientId, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: patient?.facility_id ?? null, action: 'read', resourceType, resourceId: null, patientId: patient ? patientId : null, outcome: patient ? 'success' : 'not_found', details: patient ? null : { patientId } });
    return patient ? { value: await read(q) } : null;
  });
  if (!out) throw notFound('Patient');
  return out.value;
}

export const encountersOf = (db: Db, actor: Actor, patientId: string) =>
  readPatientRecords(db, actor, patientId, 'Encounter', async (q) => (await listEncounters(q, patientId)).map(toEncounter));

export const observationsOf = (db: Db, actor: Actor, patientId: string, opts: { category?: string; code?: string; limit?: number; since?: Date }) =>
  readPatientRecords(db, actor, patientId, 'Observation', async (q) => (await listObservations(q, patientId, { ...opts, limit: opts.limit ?? 500 })).map(toObservation));

/**
 * Every visit and observation of one patient, inside the caller's transaction (the caller has
 * checked the facility and writes the audit entry): the personal-data export of the admin console.
 */
export async function recordsForExport(q: import('../../db/db.ts').Queryable, patientId: string) {
  const encounters = (await listEncounters(q, patientId)).map(toEncounter);
  const observations = (await listObservations(q, patientId, { limit: 1_000_000 })).map(toObservation);
  return { encounters, observations };
}
