/**
 * The reader's workflow: worklist (AI suspicion, then waiting time), the study with its AI findings
 * revealed only after the reader's first impression (automation-bias guard, per facility, default
 * on), the report, and its FHIR DiagnosticReport export.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { lockedTools } from '../training/training.access.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { suspendedTools, toSuggestion } from '../suggestions/suggestions.service.ts';
import { IMAGING_READ_ROLES, REPORTING_ROLES } from './access.ts';
import { findStudy, instancesOfStudy, type StudyRow } from './imaging.repo.ts';

export interface ReportRow {
  id: string;
  study_id: string;
  facility_id: string;
  reader_id: string;
  first_impression: string | null;
  first_impression_at: Date | null;
  text: string | null;
  final_at: Date | null;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function firstImpressionRequired(q: Queryable, facilityId: string): Promise<boolean> {
  const r = await q.query<{ first_impression_required: boolean }>('SELECT first_impression_required FROM imaging_setting WHERE facility_id = $1', [facilityId]);
  return r[0]?.first_impression_required ?? true;
}

export async function setFirstImpressionRequired(db: Db, actor: Actor, facilityId: string, required: boolean) {
  if (!actor.roles.includes('facility_admin') || !actor.facilityIds.includes(facilityId)) throw forbidden();
  await db.tx(async (q) => {
    await q.query(`INSERT INTO imaging_setting (facility_id, first_impression_required) VALUES ($1,$2)
      ON CONFLICT (facility_id) DO UPDATE SET first_impression_required = EXCLUDED.first_impression_required`, [facilityId, required]);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'update', resourceType: 'ImagingSetting', resourceId: facilityId, patientId: null, outcome: 'success', details: { firstImpressionRequired: required } });
  });
  return { facilityId, firstImpressionRequired: required };
}

export const toStudy = (s: StudyRow & { patient_name?: string | null; n_instances?: number; first_instance_id?: string | null }) => ({
  id: s.id, facilityId: s.facility_id, studyUid: s.study_uid, patientId: s.patient_id, patientName: s.patient_name ?? null, matchState: s.match_state,
  dicomPatientId: s.dicom_patient_id, dicomPatientName: s.dicom_patient_name, accessionNumber: s.accession_number, studyDate: s.study_date,
  description: s.description, modalities: s.modalities, status: s.status, aiSuspicion: s.ai_suspicion, source: s.source,
  receivedAt: new Date(s.received_at).toISOString(), instanceCount: s.n_instances ?? null, firstInstanceId: s.first_instance_id ?? null,
});

/** Worklist: unreported first; highest AI suspicion (visible findings only) first; then longest waiting. */
export async function worklist(db: Db, actor: Actor, o: { status?: string; limit: number; offset: number }) {
  if (!hasRole(actor, IMAGING_READ_ROLES)) throw forbidden();
  const rows = await db.query<StudyRow & { patient_name: string | null; n_instances: number; first_instance_id: string | null }>(
    `SELECT s.*, p.full_name AS patient_name,
       (SELECT count(*)::int FROM imaging_instance i WHERE i.study_id = s.id) AS n_instances,
       (SELECT i.id FROM imaging_instance i WHERE i.study_id = s.id ORDER BY i.instance_number NULLS LAST, i.id LIMIT 1) AS first_instance_id
     FROM imaging_study s LEFT JOIN patient p ON p.id = s.patient_id
     WHERE s.facility_id = ANY($1::uuid[]) AND ($2::text IS NULL OR s.status = $2)
     ORDER BY (s.status = 'reported'), COALESCE(s.ai_suspicion, 0) DESC, s.received_at ASC, s.id
     LIMIT $3 OFFSET $4`,
    [actor.facilityIds, o.status ?? null, o.limit, o.offset],
  );
  await db.tx((q) => appendAudit(q, { userId: actor.id, facilityId: null, action: 'search', resourceType: 'ImagingStudy', resourceId: null, patientId: null, outcome: 'success', details: { worklist: true, results: rows.length } }));
  return rows.map(toStudy);
}

async function findingsOf(q: Queryable, studyId: string): Promise<SuggestionRow[]> {
  return q.query<SuggestionRow>(
    `SELECT * FROM suggestion WHERE subject_ref = $1 AND visibility = 'visible' AND NOT (tool_id = ANY($2::text[]))
     ORDER BY score DESC NULLS LAST, created_at`, [`ImagingStudy/${studyId}`, await suspendedTools(q, (await q.query<{ facility_id: string }>('SELECT facility_id FROM imaging_study WHERE id = $1', [studyId]))[0]?.facility_id ?? null)]);
}

const toReport = (r: (ReportRow & { reader_name?: string | null }) | undefined) => r ? ({
  id: r.id, readerId: r.reader_id, readerName: r.reader_name ?? null, firstImpression: r.first_impression, firstImpressionAt: iso(r.first_impression_at),
  text: r.text, finalAt: iso(r.final_at), updatedAt: iso(r.updated_at),
}) : null;

async function reportOf(q: Queryable, studyId: string) {
  return (await q.query<ReportRow & { reader_name: string | null }>(
    'SELECT r.*, u.full_name AS reader_name FROM imaging_report r LEFT JOIN app_user u ON u.id = r.reader_id WHERE r.study_id = $1', [studyId]))[0];
}

/** The study for the viewer. AI findings are withheld until this reader's first impression is recorded (when required). */
export async function studyForReader(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, IMAGING_READ_ROLES)) throw forbidden();
  return db.tx(async (q) => {
    const s = await findStudy(q, id, actor.facilityIds);
    await appendAudit(q, { userId: actor.id, facilityId: s?.facility_id ?? null, action: 'read', resourceType: 'ImagingStudy', resourceId: id, patientId: s?.patient_id ?? null, outcome: s ? 'success' : 'not_found', details: null });
    if (!s) return null;
    const [instances, report, required] = [await instancesOfStudy(q, id), await reportOf(q, id), await firstImpressionRequired(q, s.facility_id)];
    const patient = s.patient_id ? (await q.query<{ full_name: string; sex: string; birth_date: string }>('SELECT full_name, sex, birth_date::text AS birth_date FROM patient WHERE id = $1', [s.patient_id]))[0] : undefined;
    const revealed = !required || !!report?.first_impression_at || !!report?.final_at;
    const all = await findingsOf(q, id);
    // AI tools unlocked by training: a tool whose required training this reader lacks shows nothing, and the screen says why.
    const locked = await lockedTools(q, actor, all.map((f) => f.tool_id));
    const visible = all.filter((f) => !locked.some((l) => l.toolId === f.tool_id));
    const findings = revealed ? visible.map(toSuggestion) : [];
    const pending = revealed ? 0 : visible.length;
    return {
      study: { ...toStudy({ ...s, patient_name: patient?.full_name ?? null, n_instances: instances.length }), patientSex: patient?.sex ?? null, patientBirthDate: patient?.birth_date ?? null },
      instances: instances.map((i) => ({ id: i.id, sopInstanceUid: i.sop_instance_uid, seriesUid: i.series_uid, modality: i.modality, rows: i.rows, columns: i.columns, instanceNumber: i.instance_number, transferSyntaxUid: i.transfer_syntax_uid, sourceName: i.source_name })),
      report: toReport(report),
      firstImpressionRequired: required,
      findingsRevealed: revealed,
      findingsWithheld: pending,
      findingsLockedByTraining: locked,
      findings,
    };
  }).then((r) => {
    if (!r) throw notFound('Study');
    return r;
  });
}

export async function recordFirstImpression(db: Db, actor: Actor, id: string, text: string, now = new Date()) {
  if (!hasRole(actor, REPORTING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const s = await findStudy(q, id, actor.facilityIds);
    if (!s) return null;
    const r = await reportOf(q, id);
    if (r?.first_impression_at) throw new AppError(409, 'FIRST_IMPRESSION_RECORDED', 'The first impression was already recorded; it cannot be changed after AI findings were shown', 'Ấn tượng ban đầu đã được ghi; không thể sửa sau khi đã xem gợi ý AI');
    if (r) await q.query('UPDATE imaging_report SET first_impression = $2, first_impression_at = $3, updated_at = $3 WHERE id = $1', [r.id, text, now.toISOString()]);
    else await q.query('INSERT INTO imaging_report (id, study_id, facility_id, reader_id, first_impression, first_impression_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$6)', [uuidv7(now.getTime()), id, s.facility_id, actor.id, text, now.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: 'first_impression', resourceType: 'ImagingStudy', resourceId: id, patientId: s.patient_id, outcome: 'success', details: null }, now);
    return true;
  });
  if (!out) throw notFound('Study');
  return studyForReader(db, actor, id);
}

export async function saveReport(db: Db, actor: Actor, id: string, body: { text: string; final?: boolean }, now = new Date()) {
  if (!hasRole(actor, REPORTING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const s = await findStudy(q, id, actor.facilityIds);
    if (!s) return null;
    const r = await reportOf(q, id);
    if (r?.final_at) throw new AppError(409, 'REPORT_FINAL', 'This report is final and cannot be changed', 'Báo cáo đã hoàn tất, không thể sửa');
    const required = await firstImpressionRequired(q, s.facility_id);
    if (required && !r?.first_impression_at) throw new AppError(409, 'FIRST_IMPRESSION_REQUIRED', 'Record your first impression before the report (AI findings are shown after it)', 'Hãy ghi ấn tượng ban đầu trước khi viết báo cáo (gợi ý AI hiển thị sau đó)');
    const finalAt = body.final ? now.toISOString() : null;
    if (r) await q.query('UPDATE imaging_report SET text = $2, final_at = $3, reader_id = $4, updated_at = $5 WHERE id = $1', [r.id, body.text, finalAt, actor.id, now.toISOString()]);
    else await q.query('INSERT INTO imaging_report (id, study_id, facility_id, reader_id, text, final_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7)', [uuidv7(now.getTime()), id, s.facility_id, actor.id, body.text, finalAt, now.toISOString()]);
    if (body.final) await q.query("UPDATE imaging_study SET status = 'reported' WHERE id = $1", [id]);
    await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: body.final ? 'finalise' : 'update', resourceType: 'ImagingReport', resourceId: id, patientId: s.patient_id, outcome: 'success', details: null }, now);
    return true;
  });
  if (!out) throw notFound('Study');
  return studyForReader(db, actor, id);
}

/** FHIR R4 DiagnosticReport (+ contained-by-reference Observations of the reader-accepted findings) for a final report. */
export async function fhirDiagnosticReport(db: Db, actor: Actor, studyId: string, base: string) {
  const v = await studyForReader(db, actor, studyId);
  if (!v.report?.finalAt) throw new AppError(404, 'NOT_REPORTED', 'This study has no final report yet', 'Ca chụp này chưa có báo cáo hoàn tất');
  const s = v.study;
  const obs = v.findings.filter((f) => f.status === 'accepted').map((f) => {
    const out = f.output as { label: string; probability: number; threshold: number; code?: { value: string; scheme: string } };
    return {
      resourceType: 'Observation', id: f.id, status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] }],
      code: { ...(out.code?.scheme === 'SCT' ? { coding: [{ system: 'http://snomed.info/sct', code: out.code.value, display: out.label }] } : {}), text: out.label },
      subject: { reference: `Patient/${s.patientId}` },
      derivedFrom: [{ reference: `ImagingStudy/${s.id}` }],
      valueQuantity: { value: out.probability, unit: 'probability', system: 'http://unitsofmeasure.org', code: '1' },
      interpretation: [{ text: out.probability >= out.threshold ? 'above AI threshold; confirmed by reader' : 'confirmed by reader' }],
      device: { display: `${f.toolId} ${f.toolVersion}` },
      note: [{ text: `AI suggestion ${f.id} accepted by the reader` }],
    };
  });
  const report = {
    resourceType: 'DiagnosticReport', id: v.report.id, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' }] }],
    code: { text: s.description ?? 'Imaging study' },
    subject: { reference: `Patient/${s.patientId}` },
    issued: v.report.finalAt,
    effectiveDateTime: s.receivedAt,
    performer: [{ reference: `Practitioner/${v.report.readerId}` }],
    imagingStudy: [{ reference: `ImagingStudy/${s.id}`, identifier: { system: 'urn:dicom:uid', value: `urn:oid:${s.studyUid}` } }],
    result: obs.map((o) => ({ reference: `Observation/${o.id}` })),
    conclusion: v.report.text ?? '',
  };
  return {
    resourceType: 'Bundle', type: 'searchset', total: 1,
    entry: [{ fullUrl: `${base}/DiagnosticReport/${report.id}`, resource: report, search: { mode: 'match' } },
      ...obs.map((o) => ({ fullUrl: `${base}/Observation/${o.id}`, resource: o, search: { mode: 'include' } }))],
  };
}
