/**
 * Suggestions: the one record of every AI or rule output. A tool's output becomes a suggestion only
 * in the stage its governance record allows at that facility; clinicians see visible ones and
 * decide (accept, override with a reason, dismiss); shadow ones are stored for governance only.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit, appendAudits } from '../audit/audit.repo.ts';
import { stableStringify } from '../audit/audit.chain.ts';
import { type Actor, hasRole, READING_ROLES } from '../auth/roles.ts';
import { stageAt } from '../tools/tools.repo.ts';
import { findSuggestion, insertSuggestions, listForPatient, setDecision, type SuggestionRow } from './suggestions.repo.ts';
import { lockedToolIds } from '../training/training.access.ts';

export interface NewSuggestion {
  toolId: string;
  toolVersion: string;
  kind: SuggestionRow['kind'];
  patientId: string;
  encounterId: string | null;
  facilityId: string;
  subjectRef?: string | null;
  inputs: unknown;
  output: unknown;
  explanation: unknown;
  summary: string;
  summaryVi: string;
  severity: SuggestionRow['severity'];
  score?: number | null;
}

export const hashInputs = (inputs: unknown) => createHash('sha256').update(stableStringify(inputs)).digest('hex');

/**
 * Stores the suggestion if the tool's stage lets it run on live patients here. Returns the row, or
 * null when the tool is in sandbox, suspended or retired (it does not run on live cases).
 * Pilot is visible only where a facility row names it; elsewhere a global pilot runs as shadow.
 */
export async function recordSuggestion(q: Queryable, s: NewSuggestion, now: Date): Promise<SuggestionRow | null> {
  const stage = await stageAt(q, s.toolId, s.facilityId);
  if (stage === 'sandbox' || stage === 'suspended' || stage === 'retired') return null;
  let visibility: SuggestionRow['visibility'] = stage === 'shadow' ? 'shadow' : 'visible';
  if (stage === 'pilot') {
    const local = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM ai_tool_stage WHERE tool_id = $1 AND facility_id = $2 AND stage = 'pilot'", [s.toolId, s.facilityId]);
    if ((local[0]?.n ?? 0) === 0) visibility = 'shadow';
  }
  const row: SuggestionRow = {
    id: uuidv7(now.getTime()), tool_id: s.toolId, tool_version: s.toolVersion, kind: s.kind, patient_id: s.patientId,
    encounter_id: s.encounterId, facility_id: s.facilityId, subject_ref: s.subjectRef ?? null, inputs: s.inputs,
    inputs_hash: hashInputs(s.inputs), output: s.output, explanation: s.explanation, summary: s.summary, summary_vi: s.summaryVi,
    severity: s.severity, score: s.score ?? null, visibility, status: 'proposed', decided_by: null, decided_at: null, reason: null, created_at: now,
  };
  await insertSuggestions(q, [row]);
  return row;
}

export const toSuggestion = (r: SuggestionRow) => ({
  id: r.id, toolId: r.tool_id, toolVersion: r.tool_version, kind: r.kind, patientId: r.patient_id, encounterId: r.encounter_id,
  facilityId: r.facility_id, subjectRef: r.subject_ref, inputs: r.inputs, inputsHash: r.inputs_hash, output: r.output,
  explanation: r.explanation, summary: r.summary, summaryVi: r.summary_vi, severity: r.severity, score: r.score,
  status: r.status, decidedBy: r.decided_by, decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  reason: r.reason, createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Tools whose output must not be shown right now: suspended or retired everywhere (kill switch),
 * or at the given facility (a facility-scoped suspension hides nothing elsewhere).
 */
export async function suspendedTools(q: Queryable, facilityId: string | null = null): Promise<string[]> {
  const rows = await q.query<{ tool_id: string }>(
    "SELECT DISTINCT tool_id FROM ai_tool_stage WHERE (facility_id IS NULL OR facility_id = $1::uuid) AND stage IN ('suspended', 'retired')", [facilityId]);
  return rows.map((r) => r.tool_id);
}

export async function suggestionsForPatient(db: Db, actor: Actor, patientId: string, opts: { status?: string }) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const p = await q.query<{ facility_id: string }>('SELECT facility_id FROM patient WHERE id = $1 AND facility_id = ANY($2::uuid[])', [patientId, actor.facilityIds]);
    await appendAudit(q, { userId: actor.id, facilityId: p[0]?.facility_id ?? null, action: 'read', resourceType: 'Suggestion', resourceId: null, patientId: p[0] ? patientId : null, outcome: p[0] ? 'success' : 'not_found', details: null });
    if (!p[0]) return null;
    // Clinicians never receive shadow output, nor output of a suspended tool.
    // …nor output of a tool whose required training this user lacks (training module).
    return listForPatient(q, patientId, { ...opts, includeShadow: false, hiddenTools: [...await suspendedTools(q, p[0].facility_id), ...await lockedToolIds(q, actor)], limit: 200 });
  });
  if (!out) throw notFound('Patient');
  return out.map(toSuggestion);
}

/**
 * Patients of one facility whose latest visible score from a tool reaches a threshold (e.g. NEWS2 ≥ 5),
 * highest first, at most `limit`; each patient listed is an audited read (`via` says who asked). Output
 * of a suspended tool, or of one whose training this user lacks, is not shown. Candidates come from the
 * (tool, facility, score) index: only patients with some score ≥ threshold have their latest checked.
 */
export async function patientsWithLatestScore(db: Db, actor: Actor, facilityId: string, toolId: string, threshold: number, opts: { limit?: number; via: string }, now = new Date()) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
  return db.tx(async (q) => {
    if ([...await suspendedTools(q, facilityId), ...await lockedToolIds(q, actor, now)].includes(toolId)) return [];
    const rows = await q.query<{ patient_id: string; full_name: string; score: number; created_at: Date }>(
      `SELECT c.patient_id, p.full_name, l.score, l.created_at
       FROM (SELECT DISTINCT patient_id FROM suggestion WHERE tool_id = $2 AND facility_id = $1 AND visibility = 'visible' AND score >= $3) c
       CROSS JOIN LATERAL (
         SELECT s.score, s.created_at FROM suggestion s
         WHERE s.patient_id = c.patient_id AND s.tool_id = $2 AND s.facility_id = $1 AND s.visibility = 'visible' AND s.score IS NOT NULL
         ORDER BY s.created_at DESC, s.id DESC LIMIT 1) l
       JOIN patient p ON p.id = c.patient_id AND p.facility_id = $1
       WHERE l.score >= $3
       ORDER BY l.score DESC, l.created_at DESC, c.patient_id LIMIT $4`,
      [facilityId, toolId, threshold, opts.limit ?? 100],
    );
    await appendAudits(q, rows.map((r) => ({ userId: actor.id, facilityId, action: 'read', resourceType: 'Patient', resourceId: r.patient_id, patientId: r.patient_id, outcome: 'success' as const, details: { via: opts.via, toolId, threshold } })), now);
    return rows.map((r) => ({ patientId: r.patient_id, fullName: r.full_name, score: r.score, at: new Date(r.created_at).toISOString() }));
  });
}

export type Decision = 'accept' | 'override' | 'dismiss';
const STATUS: Record<Decision, SuggestionRow['status']> = { accept: 'accepted', override: 'overridden', dismiss: 'dismissed' };
export const DECIDING_ROLES = ['station_staff', 'nurse', 'doctor', 'radiologist'] as const;

/**
 * A person's decision on a suggestion. `alongside`, when given, runs in the same transaction once the
 * decision is set (e.g. the assistant stores the letter a doctor edited and accepted): both or neither.
 */
export async function decideSuggestion(db: Db, actor: Actor, id: string, d: { decision: Decision; reason?: string }, now = new Date(), alongside?: (q: Queryable, s: SuggestionRow) => Promise<void>) {
  if (!hasRole(actor, DECIDING_ROLES)) throw forbidden();
  const reason = d.reason?.trim() || null;
  if (d.decision === 'override' && !reason) throw badInput('REASON_REQUIRED', 'Overriding a suggestion needs a reason', 'Cần ghi lý do khi không theo gợi ý', 'reason');
  const out = await db.tx(async (q) => {
    const s = await findSuggestion(q, id, actor.facilityIds);
    if (!s || s.visibility === 'shadow') {
      await appendAudit(q, { userId: actor.id, facilityId: null, action: 'decide', resourceType: 'Suggestion', resourceId: id, patientId: null, outcome: 'not_found', details: null });
      return null;
    }
    if ((await lockedToolIds(q, actor, now)).includes(s.tool_id)) return { training: true as const, conflict: null, row: null };
    if (s.status !== 'proposed') return { conflict: s, row: null };
    // An imaging finding belongs to its study's report: once the report is signed, what it says
    // about the AI findings (and what its SR/FHIR exports list) is final.
    if (s.subject_ref?.startsWith('ImagingStudy/')) {
      const signed = await q.query("SELECT 1 FROM imaging_report WHERE 'ImagingStudy/' || study_id = $1 AND final_at IS NOT NULL", [s.subject_ref]);
      if (signed.length) return { signed: true as const, conflict: null, row: null };
    }
    await setDecision(q, id, { status: STATUS[d.decision], by: actor.id, at: now, reason });
    await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: 'decide', resourceType: 'Suggestion', resourceId: id, patientId: s.patient_id, outcome: 'success', details: { decision: d.decision, reason, toolId: s.tool_id, toolVersion: s.tool_version } });
    if (alongside) await alongside(q, s);
    return { conflict: null, row: { ...s, status: STATUS[d.decision], decided_by: actor.id, decided_at: now, reason } };
  });
  if (!out) throw notFound('Suggestion');
  if ('training' in out) throw new AppError(403, 'TRAINING_REQUIRED', "This AI tool's outputs open after its required training", 'Kết quả của công cụ AI này chỉ mở sau khi hoàn thành đào tạo bắt buộc');
  if ('signed' in out) throw new AppError(409, 'REPORT_SIGNED', "This finding's report is signed; its decisions are final", 'Báo cáo của kết quả này đã ký; không thể thay đổi quyết định');
  if (out.conflict) {
    throw new AppError(409, 'ALREADY_DECIDED', `This suggestion was already ${out.conflict.status}`, 'Gợi ý này đã được quyết định', undefined, { status: out.conflict.status });
  }
  return toSuggestion(out.row!);
}
