/**
 * Governance of AI tools (issue 6): the registry with CHAI applied model cards, the lifecycle
 * (sandbox → shadow → pilot → general, suspended, retired) with its rules, the kill switch and
 * banners, real-world performance from suggestions joined to outcomes (statistics from
 * @yte/governance, never recomputed here), and incidents with notification deadlines.
 *
 * Legal frame: AI Law No. 134/2025/QH15 classifies AI systems as high/medium/low risk and requires
 * suspension and reporting of serious incidents. The notification deadline used here
 * (SERIOUS_INCIDENT_DEADLINE_HOURS = 24 h from the report) is a PROJECT DEFAULT, not a figure quoted
 * from the Law's text (the implementing decree was not available to us); change it when the
 * Ministry's rule is published.
 */
import { evaluate, evaluateAlerts, suspendRecommended, type Alert, type AlertRules, type EvaluationReport, type ToolClaims } from '@yte/governance';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, type Role } from '../auth/roles.ts';
import { effectiveStage, setStage, type Stage, STAGES } from '../tools/tools.repo.ts';

export const SERIOUS_INCIDENT_DEADLINE_HOURS = 24;
export const GOVERNANCE_ROLES: readonly Role[] = ['governance_officer'];
/** Who may read aggregate governance data (performance, incidents list, reports). */
export const GOVERNANCE_READERS: readonly Role[] = ['governance_officer', 'facility_admin'];
export const HARMS = ['none', 'minor', 'moderate', 'severe', 'death'] as const;
export type Harm = (typeof HARMS)[number];

const conflict = (code: string, message: string, messageVi: string, details?: unknown) => new AppError(409, code, message, messageVi, undefined, details);

// ---------------------------------------------------------------- registry

export interface ModelCard {
  basicInfo?: Record<string, unknown>;
  releaseInfo?: Record<string, unknown>;
  summary?: string;
  usesAndDirections?: Record<string, unknown>;
  outOfScope?: string[];
  warnings?: string[];
  trustIngredients?: Record<string, unknown>;
  keyMetrics?: { usefulnessEfficacy?: unknown[]; fairnessEquity?: unknown[]; safetyReliability?: unknown[] };
  [k: string]: unknown;
}

export interface ToolInput {
  id: string;
  name: string;
  kind: 'rule' | 'model' | 'vendor';
  version: string;
  releasedAt?: string;
  riskTier: 'low' | 'medium' | 'high';
  riskRationale: string;
  licence: string;
  modelCard: ModelCard;
  portalNotification?: { date: string; referenceNumber: string; status: 'not_required' | 'pending' | 'submitted' | 'acknowledged' } | null;
  settings?: { autoSuspend?: boolean; threshold?: number; claims?: ToolClaims };
  changePlan?: { coversVersions: string[]; description: string } | null;
}

interface ToolDbRow {
  id: string; name: string; kind: 'rule' | 'model' | 'vendor'; current_version: string; risk_tier: 'low' | 'medium' | 'high'; risk_rationale: string;
  model_card: ModelCard; licence: string; portal_notification: ToolInput['portalNotification'] | null; settings: { autoSuspend?: boolean; threshold?: number; claims?: ToolClaims };
  change_plan: { coversVersions: string[]; description: string } | null; created_at: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function stageRows(q: Queryable, toolId: string) {
  return q.query<{ facility_id: string | null; stage: Stage; reason: string; changed_at: Date }>('SELECT facility_id, stage, reason, changed_at FROM ai_tool_stage WHERE tool_id = $1 ORDER BY facility_id NULLS FIRST', [toolId]);
}

const toolView = (t: ToolDbRow, stages: Array<{ facility_id: string | null; stage: Stage; reason: string; changed_at: Date }>) => ({
  id: t.id, name: t.name, kind: t.kind, currentVersion: t.current_version, riskTier: t.risk_tier, riskRationale: t.risk_rationale,
  licence: t.licence, modelCard: t.model_card, portalNotification: t.portal_notification ?? null, settings: t.settings, changePlan: t.change_plan,
  stage: stages.find((s) => s.facility_id === null)?.stage ?? 'sandbox',
  facilityStages: stages.filter((s) => s.facility_id !== null).map((s) => ({ facilityId: s.facility_id!, stage: s.stage, reason: s.reason, changedAt: iso(s.changed_at) })),
});

export async function listTools(db: Db) {
  const tools = await db.query<ToolDbRow>('SELECT * FROM ai_tool ORDER BY id');
  const stages = await db.query<{ tool_id: string; facility_id: string | null; stage: Stage; reason: string; changed_at: Date }>('SELECT tool_id, facility_id, stage, reason, changed_at FROM ai_tool_stage');
  return tools.map((t) => toolView(t, stages.filter((s) => s.tool_id === t.id)));
}

export async function getToolDetail(db: Db, id: string) {
  const [t] = await db.query<ToolDbRow>('SELECT * FROM ai_tool WHERE id = $1', [id]);
  if (!t) throw notFound('Tool');
  const versions = await db.query<{ version: string; released_at: string | null; notes: string; recorded_at: Date }>('SELECT version, released_at, notes, recorded_at FROM ai_tool_version WHERE tool_id = $1 ORDER BY recorded_at', [id]);
  return {
    ...toolView(t, await stageRows(db, id)),
    versions: versions.map((v) => ({ version: v.version, releasedAt: v.released_at, notes: v.notes, recordedAt: iso(v.recorded_at) })),
    stageHistory: await stageHistory(db, id),
  };
}

export async function stageHistory(q: Queryable, toolId: string) {
  const rows = await q.query<{ id: string; tool_version: string; facility_id: string | null; from_stage: string | null; to_stage: string; reason: string; performance_report_id: string | null; change_plan: string | null; decided_by: string | null; decided_at: Date; automatic: boolean; decided_by_name: string | null }>(
    'SELECT h.*, u.full_name AS decided_by_name FROM ai_tool_stage_history h LEFT JOIN app_user u ON u.id = h.decided_by WHERE h.tool_id = $1 ORDER BY h.decided_at, h.id', [toolId]);
  return rows.map((r) => ({
    id: r.id, toolVersion: r.tool_version, facilityId: r.facility_id, fromStage: r.from_stage, toStage: r.to_stage, reason: r.reason,
    performanceReportId: r.performance_report_id, changePlan: r.change_plan, decidedBy: r.decided_by, decidedByName: r.decided_by_name, decidedAt: iso(r.decided_at), automatic: r.automatic,
  }));
}

const CARD_SECTIONS = ['basicInfo', 'releaseInfo', 'summary', 'usesAndDirections', 'outOfScope', 'warnings', 'trustIngredients', 'keyMetrics'] as const;

/** A real calendar day written YYYY-MM-DD (the schema checks only the shape). */
export function isCalendarDate(s: string) {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
const invalidDate = (field: string) => badInput('INVALID_DATE', `${field}: not a calendar date (YYYY-MM-DD)`, `${field}: ngày không hợp lệ (YYYY-MM-DD)`, field);

/** Field checks beyond the schema's shapes; the first problem is answered with its field. */
function checkToolInput(t: ToolInput) {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(t.id)) throw badInput('INVALID_TOOL_ID', 'Tool id: lower-case letters, digits and dashes (2–63)', 'Mã công cụ: chữ thường, số và dấu gạch ngang (2–63 ký tự)', 'id');
  if (blank(t.name)) throw badInput('NAME_REQUIRED', 'The tool needs a name', 'Cần nhập tên công cụ', 'name');
  if (blank(t.version)) throw badInput('VERSION_REQUIRED', 'The tool needs a version', 'Cần nhập phiên bản', 'version');
  if (t.releasedAt !== undefined && !isCalendarDate(t.releasedAt)) throw invalidDate('releasedAt');
  if (!t.riskRationale.trim()) throw badInput('RISK_RATIONALE_REQUIRED', 'A risk tier needs its rationale', 'Cần ghi lý do phân loại rủi ro', 'riskRationale');
  if (blank(t.licence)) throw badInput('LICENCE_REQUIRED', 'State the licence under which the tool is used', 'Cần ghi giấy phép sử dụng công cụ', 'licence');
  const missing = CARD_SECTIONS.filter((s) => t.modelCard[s] === undefined);
  if (missing.length) throw badInput('MODEL_CARD_INCOMPLETE', `Model card misses sections: ${missing.join(', ')}`, `Thẻ mô hình thiếu mục: ${missing.join(', ')}`, `modelCard.${missing[0]}`, { missing });
  if (blank(t.modelCard.summary)) throw badInput('SUMMARY_REQUIRED', 'The model card needs a summary', 'Thẻ mô hình cần phần tóm tắt', 'modelCard.summary');
  if (blank(t.modelCard.usesAndDirections?.intendedUse)) {
    throw badInput('INTENDED_USE_REQUIRED', 'State the intended use', 'Cần ghi mục đích sử dụng dự kiến', 'modelCard.usesAndDirections.intendedUse');
  }
  const pn = t.portalNotification;
  if (pn) {
    if (!isCalendarDate(pn.date)) throw invalidDate('portalNotification.date');
    if ((pn.status === 'submitted' || pn.status === 'acknowledged') && blank(pn.referenceNumber)) {
      throw badInput('PORTAL_REFERENCE_REQUIRED', 'A submitted notification has the portal\'s reference number', 'Thông báo đã gửi cần có số tham chiếu của cổng', 'portalNotification.referenceNumber');
    }
  }
  if (t.changePlan) {
    if (blank(t.changePlan.description)) throw badInput('CHANGE_PLAN_DESCRIPTION_REQUIRED', 'Describe the changes the plan allows', 'Cần mô tả những thay đổi kế hoạch cho phép', 'changePlan.description');
    if (t.changePlan.coversVersions.length === 0 || t.changePlan.coversVersions.some(blank)) {
      throw badInput('CHANGE_PLAN_VERSIONS_REQUIRED', 'List the versions the change plan covers', 'Cần liệt kê các phiên bản kế hoạch thay đổi bao gồm', 'changePlan.coversVersions');
    }
  }
}

export async function registerTool(db: Db, actor: Actor, t: ToolInput, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  checkToolInput(t);
  return db.tx(async (q) => {
    const exists = await q.query('SELECT 1 FROM ai_tool WHERE id = $1', [t.id]);
    if (exists.length) throw conflict('TOOL_EXISTS', `Tool ${t.id} is already registered`, `Công cụ ${t.id} đã được đăng ký`);
    await q.query(
      `INSERT INTO ai_tool (id, name, kind, current_version, risk_tier, risk_rationale, model_card, licence, portal_notification, settings, change_plan)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [t.id, t.name, t.kind, t.version, t.riskTier, t.riskRationale, JSON.stringify(t.modelCard), t.licence, t.portalNotification ? JSON.stringify(t.portalNotification) : null, JSON.stringify(t.settings ?? {}), t.changePlan ? JSON.stringify(t.changePlan) : null],
    );
    await q.query('INSERT INTO ai_tool_version (tool_id, version, released_at, notes, recorded_at) VALUES ($1,$2,$3,$4,$5)', [t.id, t.version, t.releasedAt ?? null, 'registered', now.toISOString()]);
    await setStage(q, { toolId: t.id, facilityId: null, stage: 'sandbox', reason: 'registered', changedBy: actor.id, at: now });
    await history(q, { toolId: t.id, version: t.version, facilityId: null, from: null, to: 'sandbox', reason: 'registered', by: actor.id, at: now });
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'AiTool', resourceId: null, patientId: null, outcome: 'success', details: { toolId: t.id, version: t.version, riskTier: t.riskTier } });
    return t.id;
  });
}

async function history(q: Queryable, h: { toolId: string; version: string; facilityId: string | null; from: string | null; to: Stage; reason: string; reportId?: string | null; changePlan?: string | null; by: string | null; at: Date; automatic?: boolean }) {
  await q.query(
    `INSERT INTO ai_tool_stage_history (id, tool_id, tool_version, facility_id, from_stage, to_stage, reason, performance_report_id, change_plan, decided_by, decided_at, automatic)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [uuidv7(h.at.getTime()), h.toolId, h.version, h.facilityId, h.from, h.to, h.reason, h.reportId ?? null, h.changePlan ?? null, h.by, h.at.toISOString(), h.automatic ?? false],
  );
}

// ---------------------------------------------------------------- lifecycle

const FORWARD: Partial<Record<Stage, Stage>> = { sandbox: 'shadow', shadow: 'pilot', pilot: 'general' };

export interface StageChange { stage: Stage; facilityId?: string; reason: string; performanceReportId?: string; changePlan?: string }

/** Is `from → to` allowed? `previous` is the stage a suspended tool was in before suspension. */
export function transitionAllowed(from: Stage, to: Stage, previous: Stage | null): boolean {
  if (to === 'suspended') return from !== 'suspended' && from !== 'retired';
  if (from === 'suspended') return to === 'retired' || (previous !== null && to === previous);
  return FORWARD[from] === to;
}

export async function changeStage(db: Db, actor: Actor, toolId: string, c: StageChange, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  const reason = c.reason.trim();
  if (!reason) throw badInput('REASON_REQUIRED', 'A stage change needs a reason', 'Cần ghi lý do thay đổi giai đoạn', 'reason');
  if (!(STAGES as readonly string[]).includes(c.stage)) throw badInput('INVALID_STAGE', `Unknown stage ${c.stage}`, `Giai đoạn không hợp lệ: ${c.stage}`, 'stage');
  return db.tx(async (q) => {
    const [t] = await q.query<ToolDbRow>('SELECT * FROM ai_tool WHERE id = $1 FOR UPDATE', [toolId]);
    if (!t) throw notFound('Tool');
    const facilityId = c.facilityId ?? null;
    if (facilityId) {
      const f = await q.query('SELECT 1 FROM facility WHERE id = $1', [facilityId]);
      if (!f.length) throw badInput('UNKNOWN_FACILITY', 'No such facility', 'Không có cơ sở này', 'facilityId');
    }
    const rows = await stageRows(q, toolId);
    const global = rows.find((r) => r.facility_id === null)?.stage ?? 'sandbox';
    const from: Stage = facilityId ? rows.find((r) => r.facility_id === facilityId)?.stage ?? global : global;
    const [prev] = await q.query<{ from_stage: Stage | null }>(
      "SELECT from_stage FROM ai_tool_stage_history WHERE tool_id = $1 AND facility_id IS NOT DISTINCT FROM $2 AND to_stage = 'suspended' ORDER BY decided_at DESC, id DESC LIMIT 1", [toolId, facilityId]);
    const previous = from === 'suspended' ? prev?.from_stage ?? null : null;
    if (!transitionAllowed(from, c.stage, previous)) {
      throw conflict('TRANSITION_NOT_ALLOWED', `A tool cannot go from ${from} to ${c.stage}`, `Không được chuyển từ giai đoạn ${from} sang ${c.stage}`, { from, to: c.stage, previous });
    }
    // High risk: leaving shadow toward live use needs the evidence of a performance report.
    const leavingShadow = (from === 'shadow' && (c.stage === 'pilot' || c.stage === 'general')) || (from === 'suspended' && (c.stage === 'pilot' || c.stage === 'general'));
    if (t.risk_tier === 'high' && leavingShadow && !c.performanceReportId?.trim()) {
      throw badInput('PERFORMANCE_REPORT_REQUIRED', 'A high-risk tool needs an attached performance report to leave shadow mode', 'Công cụ rủi ro cao cần đính kèm báo cáo hiệu năng để rời chế độ chạy ẩn', 'performanceReportId');
    }
    await setStage(q, { toolId, facilityId, stage: c.stage, reason, changedBy: actor.id, at: now });
    await history(q, { toolId, version: t.current_version, facilityId, from, to: c.stage, reason, reportId: c.performanceReportId ?? null, changePlan: c.changePlan ?? null, by: actor.id, at: now });
    await appendAudit(q, { userId: actor.id, facilityId, action: 'stage', resourceType: 'AiTool', resourceId: null, patientId: null, outcome: 'success', details: { toolId, from, to: c.stage, reason } });
    return { toolId, facilityId, from, stage: c.stage };
  });
}

/** Kill switch: a global 'suspended' row hides the tool's output at every facility at once. */
export async function suspendTool(q: Queryable, toolId: string, reason: string, by: string | null, now: Date, automatic = false) {
  const [t] = await q.query<{ current_version: string }>('SELECT current_version FROM ai_tool WHERE id = $1', [toolId]);
  if (!t) throw notFound('Tool');
  const rows = await stageRows(q, toolId);
  const from = rows.find((r) => r.facility_id === null)?.stage ?? 'sandbox';
  if (from === 'suspended') return { toolId, stage: 'suspended' as const, alreadySuspended: true };
  await setStage(q, { toolId, facilityId: null, stage: 'suspended', reason, changedBy: by, at: now });
  await history(q, { toolId, version: t.current_version, facilityId: null, from, to: 'suspended', reason, by, at: now, automatic });
  await appendAudit(q, { userId: by, facilityId: null, action: 'suspend', resourceType: 'AiTool', resourceId: null, patientId: null, outcome: 'success', details: { toolId, reason, automatic } });
  return { toolId, stage: 'suspended' as const, alreadySuspended: false };
}

/**
 * A safety stop from the front line: the tool is suspended at one facility only (a facility row in
 * ai_tool_stage, which effectiveStage prefers to the global one), so a station's stop never hides
 * the tool's output at the hospital. Widening it is the governance officer's decision.
 */
export async function suspendAtFacility(q: Queryable, toolId: string, facilityId: string, reason: string, by: string | null, now: Date) {
  const [t] = await q.query<{ current_version: string }>('SELECT current_version FROM ai_tool WHERE id = $1', [toolId]);
  if (!t) throw notFound('Tool');
  const rows = await stageRows(q, toolId);
  const from = effectiveStage(rows, facilityId);
  if (from === 'suspended' || from === 'retired') return { toolId, facilityId, stage: from, alreadySuspended: true };
  await setStage(q, { toolId, facilityId, stage: 'suspended', reason, changedBy: by, at: now });
  await history(q, { toolId, version: t.current_version, facilityId, from, to: 'suspended', reason, by, at: now });
  await appendAudit(q, { userId: by, facilityId, action: 'suspend', resourceType: 'AiTool', resourceId: null, patientId: null, outcome: 'success', details: { toolId, reason, scope: 'facility' } });
  return { toolId, facilityId, stage: 'suspended' as const, alreadySuspended: false };
}

export async function killSwitch(db: Db, actor: Actor, toolId: string, reasonRaw: string, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  const reason = reasonRaw.trim();
  if (!reason) throw badInput('REASON_REQUIRED', 'Suspension needs a reason', 'Cần ghi lý do tạm dừng', 'reason');
  return db.tx((q) => suspendTool(q, toolId, reason, actor.id, now));
}

/** A new version starts again at sandbox everywhere, unless the tool's change plan covers it. */
export async function addVersion(db: Db, actor: Actor, toolId: string, input: { version: string; releasedAt?: string; notes: string; material?: boolean }, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  const v = { ...input, version: input.version.trim(), notes: input.notes.trim() };
  if (!v.version) throw badInput('VERSION_REQUIRED', 'The new version needs a version number', 'Cần nhập số phiên bản mới', 'version');
  if (v.releasedAt !== undefined && !isCalendarDate(v.releasedAt)) throw invalidDate('releasedAt');
  if (!v.notes) throw badInput('VERSION_NOTES_REQUIRED', 'Say what changed in this version', 'Cần ghi phiên bản này thay đổi gì', 'notes');
  return db.tx(async (q) => {
    const [t] = await q.query<ToolDbRow>('SELECT * FROM ai_tool WHERE id = $1 FOR UPDATE', [toolId]);
    if (!t) throw notFound('Tool');
    const dup = await q.query('SELECT 1 FROM ai_tool_version WHERE tool_id = $1 AND version = $2', [toolId, v.version]);
    if (dup.length) throw conflict('VERSION_EXISTS', `Version ${v.version} is already recorded`, `Phiên bản ${v.version} đã được ghi nhận`);
    // material: the change matters to how users read the outputs; users trained on an earlier
    // version owe a refresher before the tool opens again (training module, migration 026).
    await q.query('INSERT INTO ai_tool_version (tool_id, version, released_at, notes, recorded_at, material) VALUES ($1,$2,$3,$4,$5,$6)', [toolId, v.version, v.releasedAt ?? null, v.notes, now.toISOString(), v.material ?? false]);
    await q.query('UPDATE ai_tool SET current_version = $2 WHERE id = $1', [toolId, v.version]);
    const covered = t.change_plan?.coversVersions.includes(v.version) ?? false;
    const rows = await stageRows(q, toolId);
    const restarted: string[] = [];
    if (!covered) {
      for (const r of rows) {
        if (r.stage === 'suspended' || r.stage === 'retired' || r.stage === 'sandbox') continue;
        const reason = `new version ${v.version} restarts at sandbox (not covered by a change plan)`;
        await setStage(q, { toolId, facilityId: r.facility_id, stage: 'sandbox', reason, changedBy: actor.id, at: now });
        await history(q, { toolId, version: v.version, facilityId: r.facility_id, from: r.stage, to: 'sandbox', reason, by: actor.id, at: now, automatic: true });
        restarted.push(r.facility_id ?? 'global');
      }
    }
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'version', resourceType: 'AiTool', resourceId: null, patientId: null, outcome: 'success', details: { toolId, version: v.version, coveredByChangePlan: covered, material: v.material ?? false } });
    return { toolId, version: v.version, coveredByChangePlan: covered, restartedAtSandbox: restarted };
  });
}

/**
 * Suspensions to show as a banner: every global one, and the facility-scoped ones at the caller's
 * facilities (a station's stop is news at that station and to governance, not at the hospital).
 */
export async function banners(db: Db, actor: Actor) {
  const rows = await db.query<{ tool_id: string; name: string; reason: string; changed_at: Date; facility_id: string | null; facility_name: string | null }>(
    `SELECT s.tool_id, t.name, s.reason, s.changed_at, s.facility_id, f.name AS facility_name
       FROM ai_tool_stage s JOIN ai_tool t ON t.id = s.tool_id LEFT JOIN facility f ON f.id = s.facility_id
      WHERE s.stage = 'suspended' AND (s.facility_id IS NULL OR s.facility_id = ANY($1::uuid[]))
      ORDER BY s.facility_id NULLS FIRST, s.changed_at DESC`, [actor.facilityIds]);
  return rows.map((r) => ({
    toolId: r.tool_id, toolName: r.name, reason: r.reason, since: iso(r.changed_at), facilityId: r.facility_id, facilityName: r.facility_name,
    message: `AI tool "${r.name}" is suspended${r.facility_name ? ` at ${r.facility_name}` : ''}: its results are hidden${r.facility_name ? ' there' : ''}. Reason: ${r.reason}`,
    messageVi: `Công cụ AI "${r.name}" đang bị tạm dừng${r.facility_name ? ` tại ${r.facility_name}` : ''}: kết quả của nó bị ẩn${r.facility_name ? ' tại đó' : ''}. Lý do: ${r.reason}`,
  }));
}

// ---------------------------------------------------------------- performance

export interface PerformanceQuery { from?: string; to?: string; label?: string; threshold?: number }

export const ageBand = (age: number) => (age < 18 ? '0-17' : age < 40 ? '18-39' : age < 60 ? '40-59' : '60+');

const SEXES = ['female', 'male', 'other'];
const SEX_CODE: Record<number, number> = { 102: 0, 109: 1, 111: 2 }; // the initials f, m, o
const AGE_BANDS = ['0-17', '18-39', '40-59', '60+'];
const BAND_CODE = Uint8Array.from({ length: 256 }, (_, a) => AGE_BANDS.indexOf(ageBand(a)));
/** Bytes per case in the query's answer: the label's cell (float8 score, truth byte), then `who` (age, sex, facility number). */
const CASE_BYTES = 13;

/**
 * The cases: every suggestion of the tool (shadow included) with a finite score and a known
 * reference truth for the label, from the governance_case projection (007_governance_cases.sql).
 * One query, one aggregate: the cases come back as fixed-width binary records (see CASE_BYTES),
 * hex-encoded (the cheapest large value to move out of PGlite and node-postgres alike), decoded
 * straight into typed arrays and coded subgroups — no JSON and no row or string per case.
 */
export async function performanceCases(q: Queryable, toolId: string, p: PerformanceQuery) {
  const [r] = await q.query<{ cells: string | null; facilities: Array<[number, string, string]> | null }>(
    `WITH k AS (SELECT CASE WHEN $2::text IS NULL THEN 1 ELSE (SELECT 9 * idx + 1 FROM governance_label WHERE tool_id = $1 AND label = $2::text) END AS at)
     SELECT (SELECT encode(string_agg(substring(c.rec FROM k.at FOR 9) || c.who, ''::bytea), 'hex') FROM governance_case c
              WHERE c.tool_id = $1 AND octet_length(c.rec) >= k.at + 8
                AND ($3::timestamptz IS NULL OR c.created_at >= $3) AND ($4::timestamptz IS NULL OR c.created_at < $4)) AS cells,
            (SELECT json_agg(json_build_array(g.num, f.kind, f.province)) FROM governance_facility g JOIN facility f ON f.id = g.facility_id) AS facilities
       FROM k`,
    [toolId, p.label ?? null, p.from ?? null, p.to ?? null],
  );
  // Facility number → codes of its type and province.
  const kinds: string[] = [];
  const provinces: string[] = [];
  const kindOf: number[] = [];
  const provinceOf: number[] = [];
  const codeIn = (list: string[], v: string) => {
    const i = list.indexOf(v);
    return i >= 0 ? i : list.push(v) - 1;
  };
  for (const [num, kind, province] of r?.facilities ?? []) {
    kindOf[num] = codeIn(kinds, kind);
    provinceOf[num] = codeIn(provinces, province);
  }
  const b = Buffer.from(r?.cells ?? '', 'hex');
  const max = b.byteLength / CASE_BYTES;
  const scores = new Float64Array(max);
  const labels = new Uint8Array(max);
  const sex = new Uint8Array(max);
  const band = new Uint8Array(max);
  const kind = new Uint16Array(max);
  const province = new Uint16Array(max);
  let n = 0;
  for (let o = 0; o < b.byteLength; o += CASE_BYTES) {
    const truth = b[o + 8]!;
    const score = b.readDoubleBE(o);
    if (truth > 1 || Number.isNaN(score)) continue; // no score for this label, or the truth is unknown
    const f = b.readInt16BE(o + 11);
    scores[n] = score;
    labels[n] = truth;
    band[n] = BAND_CODE[b[o + 9]!]!;
    sex[n] = SEX_CODE[b[o + 10]!] ?? 2;
    kind[n] = kindOf[f]!;
    province[n] = provinceOf[f]!;
    n++;
  }
  const coded = (codes: Uint8Array | Uint16Array, values: string[]) => ({ codes: codes.subarray(0, n), values });
  return {
    scores: scores.subarray(0, n),
    labels: labels.subarray(0, n),
    groups: { sex: coded(sex, SEXES), ageBand: coded(band, AGE_BANDS), facilityType: coded(kind, kinds), province: coded(province, provinces) },
  };
}

/**
 * Dashboard cache: a report is recomputed only when its inputs changed. The data version is the
 * tool's counter in governance_data_version (bumped by statement triggers on suggestion and
 * outcome, see 006_governance.sql) plus its settings and baseline: primary-key reads only.
 */
const CACHE = new WeakMap<Db, Map<string, { version: string; value: PerformanceResult }>>();
type PerformanceResult = Awaited<ReturnType<typeof computePerformance>>;

async function dataVersion(db: Db, toolId: string, label: string | null) {
  const [v] = await db.query<{ v: string }>(
    `SELECT concat_ws('|', (SELECT string_agg(tool_id || ':' || v, ',' ORDER BY tool_id) FROM governance_data_version WHERE tool_id IN ($1, '*')),
       (SELECT md5(settings::text || current_version) FROM ai_tool WHERE id = $1),
       (SELECT recorded_at::text || md5(claims::text || claims_source) FROM governance_baseline WHERE tool_id = $1 AND label = $2)) AS v`,
    [toolId, label ?? '*']);
  return v?.v ?? '';
}

export async function performance(db: Db, actor: Actor, toolId: string, p: PerformanceQuery, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_READERS)) throw forbidden();
  const key = JSON.stringify([toolId, p.label ?? null, p.from ?? null, p.to ?? null, p.threshold ?? null]);
  const version = await dataVersion(db, toolId, p.label ?? null);
  let cache = CACHE.get(db);
  if (!cache) CACHE.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === version) return { ...hit.value, cached: true };
  const value = await computePerformance(db, toolId, p, now);
  cache.set(key, { version: value.autoSuspended ? await dataVersion(db, toolId, p.label ?? null) : version, value });
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  return { ...value, cached: false };
}

async function computePerformance(db: Db, toolId: string, p: PerformanceQuery, now: Date) {
  const [t] = await db.query<ToolDbRow>('SELECT * FROM ai_tool WHERE id = $1', [toolId]);
  if (!t) throw notFound('Tool');
  const cases = await performanceCases(db, toolId, p);
  const base = { toolId, label: p.label ?? null, from: p.from ?? null, to: p.to ?? null };
  if (cases.scores.length === 0 || !cases.labels.includes(1) || !cases.labels.includes(0)) {
    return { ...base, n: cases.scores.length, report: null, claims: {} as ToolClaims, claimsSource: null, alerts: [] as Alert[], autoSuspended: false, note: 'not enough labelled cases (need positives and negatives)' };
  }
  const [bl] = await db.query<{ scores: number[]; claims: ToolClaims; claims_source: string }>('SELECT scores, claims, claims_source FROM governance_baseline WHERE tool_id = $1 AND label = $2', [toolId, p.label ?? '*']);
  const report: EvaluationReport = evaluate(cases, {
    threshold: p.threshold ?? t.settings.threshold ?? 0.5,
    ...(bl ? { baseline: { scores: bl.scores } } : {}),
  });
  const claims: ToolClaims = { ...(t.settings.claims ?? {}), ...(bl?.claims ?? {}) };
  const auto = t.settings.autoSuspend === true;
  const rules: AlertRules = auto ? { belowClaim: { autoSuspend: true }, psi: { autoSuspend: true } } : {};
  const alerts = evaluateAlerts(report, claims, rules);
  let autoSuspended = false;
  if (auto && suspendRecommended(alerts)) {
    const why = alerts.filter((a) => a.suspendRecommended).map((a) => a.message).join('; ');
    const res = await db.tx((q) => suspendTool(q, toolId, `automatic suspension by performance monitoring${p.label ? ` (${p.label})` : ''}: ${why}`, null, now, true));
    autoSuspended = !res.alreadySuspended;
  }
  return { ...base, n: report.n, report, claims, claimsSource: bl?.claims_source || null, alerts, autoSuspended, note: null };
}

// ---------------------------------------------------------------- incidents

export const SUSPENSION_SCOPES = ['facility', 'global'] as const;
export type SuspensionScope = (typeof SUSPENSION_SCOPES)[number];
export interface IncidentInput {
  toolId: string; patientId?: string; facilityId?: string; description: string; harm: Harm; occurredAt?: string; suspendTool?: boolean;
  /** Where the tool stops: the reporter's facility (the default for everyone but governance) or everywhere (governance only). */
  suspensionScope?: SuspensionScope;
}

export const isSerious = (h: Harm) => h === 'severe' || h === 'death';

interface IncidentRow {
  id: string; tool_id: string; tool_name: string; tool_version: string; patient_id: string | null; facility_id: string | null; description: string; harm: Harm; serious: boolean;
  occurred_at: Date; reported_by: string; reporter_name: string; reported_at: Date; notify_deadline: Date | null; notified_at: Date | null; suspended_tool: boolean;
  suspension_scope: SuspensionScope | null;
}

const incidentView = (r: IncidentRow, now: Date) => ({
  id: r.id, toolId: r.tool_id, toolName: r.tool_name, toolVersion: r.tool_version, patientId: r.patient_id, facilityId: r.facility_id, description: r.description,
  harm: r.harm, serious: r.serious, occurredAt: iso(r.occurred_at), reportedBy: r.reported_by, reporterName: r.reporter_name, reportedAt: iso(r.reported_at),
  notifyDeadline: iso(r.notify_deadline), notifiedAt: iso(r.notified_at), suspendedTool: r.suspended_tool, suspensionScope: r.suspension_scope,
  overdue: r.notify_deadline !== null && r.notified_at === null && new Date(r.notify_deadline).getTime() < now.getTime(),
});

export async function reportIncident(db: Db, actor: Actor, i: IncidentInput, now = new Date()) {
  const description = i.description.trim();
  if (!description) throw badInput('DESCRIPTION_REQUIRED', 'Describe what happened', 'Cần mô tả sự việc', 'description');
  if (i.suspendTool && !isSerious(i.harm)) throw badInput('SUSPEND_NEEDS_SERIOUS_HARM', 'Only a serious incident (severe harm or death) can suspend a tool from the report form', 'Chỉ sự cố nghiêm trọng (tổn hại nặng hoặc tử vong) mới được tạm dừng công cụ từ biểu mẫu báo cáo', 'suspendTool');
  const governance = hasRole(actor, GOVERNANCE_ROLES);
  const scope: SuspensionScope | null = i.suspendTool ? i.suspensionScope ?? (governance ? 'global' : 'facility') : null;
  // A stop beyond the reporter's own facility is the governance officer's decision (audited as a denial).
  if (scope === 'global' && !governance) throw forbidden();
  if (i.facilityId && !governance && !actor.facilityIds.includes(i.facilityId)) {
    throw badInput('UNKNOWN_FACILITY', 'Not one of your facilities', 'Không phải cơ sở của bạn', 'facilityId');
  }
  return db.tx(async (q) => {
    const [t] = await q.query<{ current_version: string; name: string }>('SELECT current_version, name FROM ai_tool WHERE id = $1', [i.toolId]);
    if (!t) throw badInput('UNKNOWN_TOOL', 'No such tool', 'Không có công cụ này', 'toolId');
    let facilityId = i.facilityId ?? (actor.facilityIds.length === 1 ? actor.facilityIds[0]! : null);
    if (i.patientId) {
      const [p] = await q.query<{ facility_id: string }>('SELECT facility_id FROM patient WHERE id = $1 AND facility_id = ANY($2::uuid[])', [i.patientId, actor.facilityIds]);
      if (!p) throw badInput('UNKNOWN_PATIENT', 'No such patient at your facilities', 'Không có bệnh nhân này tại cơ sở của bạn', 'patientId');
      facilityId = p.facility_id;
    }
    if (scope === 'facility' && !facilityId) {
      throw badInput('FACILITY_REQUIRED', 'Say at which of your facilities the tool should stop', 'Cần chọn cơ sở nơi công cụ phải tạm dừng', 'facilityId');
    }
    const serious = isSerious(i.harm);
    const deadline = serious ? new Date(now.getTime() + SERIOUS_INCIDENT_DEADLINE_HOURS * 3600_000) : null;
    const id = uuidv7(now.getTime());
    const reason = `serious incident ${id} (${i.harm}): ${description.slice(0, 200)}`;
    let suspended = false;
    if (serious && scope === 'global') suspended = !(await suspendTool(q, i.toolId, reason, actor.id, now)).alreadySuspended;
    if (serious && scope === 'facility') suspended = !(await suspendAtFacility(q, i.toolId, facilityId!, reason, actor.id, now)).alreadySuspended;
    await q.query(
      `INSERT INTO incident (id, tool_id, tool_version, patient_id, facility_id, description, harm, serious, occurred_at, reported_by, reported_at, notify_deadline, suspended_tool, suspension_scope)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [id, i.toolId, t.current_version, i.patientId ?? null, facilityId, description, i.harm, serious, i.occurredAt ?? now.toISOString(), actor.id, now.toISOString(), deadline?.toISOString() ?? null, suspended, suspended ? scope : null],
    );
    if (suspended && scope === 'facility') await notifyFacilitySuspension(q, { toolId: i.toolId, toolName: t.name, facilityId: facilityId!, incidentId: id, by: actor, harm: i.harm, now });
    await appendAudit(q, { userId: actor.id, facilityId, action: 'create', resourceType: 'Incident', resourceId: id, patientId: i.patientId ?? null, outcome: 'success', details: { toolId: i.toolId, harm: i.harm, suspended, scope: suspended ? scope : null } });
    return id;
  });
}

// ---------------------------------------------------------------- notifications

/** Tells the governance officer at once: an open notification on the governance dashboard until acknowledged. */
async function notifyFacilitySuspension(q: Queryable, n: { toolId: string; toolName: string; facilityId: string; incidentId: string; by: Actor; harm: Harm; now: Date }) {
  const [f] = await q.query<{ name: string }>('SELECT name FROM facility WHERE id = $1', [n.facilityId]);
  const where = f?.name ?? n.facilityId;
  await q.query(
    `INSERT INTO governance_notification (id, kind, tool_id, facility_id, incident_id, message, message_vi, created_by, created_at)
     VALUES ($1, 'facility_suspension', $2, $3, $4, $5, $6, $7, $8)`,
    [uuidv7(n.now.getTime()), n.toolId, n.facilityId, n.incidentId,
      `${n.by.fullName} suspended "${n.toolName}" at ${where} after a serious incident (${n.harm}). Review it: lift it, or widen it to every facility.`,
      `${n.by.fullName} đã tạm dừng "${n.toolName}" tại ${where} sau một sự cố nghiêm trọng (${n.harm === 'death' ? 'tử vong' : 'tổn hại nặng'}). Cần xem xét: gỡ tạm dừng hoặc mở rộng ra mọi cơ sở.`,
      n.by.id, n.now.toISOString()],
  );
}

interface NotificationRow {
  id: string; kind: string; tool_id: string; tool_name: string; facility_id: string | null; facility_name: string | null; incident_id: string | null; message: string; message_vi: string;
  created_by: string | null; creator_name: string | null; created_at: Date; acknowledged_by: string | null; acknowledged_at: Date | null;
}

export async function listNotifications(db: Db, actor: Actor, f: { open?: boolean }) {
  if (!hasRole(actor, GOVERNANCE_READERS)) throw forbidden();
  const rows = await db.query<NotificationRow>(
    `SELECT n.*, t.name AS tool_name, f.name AS facility_name, u.full_name AS creator_name
       FROM governance_notification n JOIN ai_tool t ON t.id = n.tool_id LEFT JOIN facility f ON f.id = n.facility_id LEFT JOIN app_user u ON u.id = n.created_by
      WHERE NOT $1::boolean OR n.acknowledged_at IS NULL ORDER BY n.created_at DESC LIMIT 200`, [f.open ?? false]);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, toolId: r.tool_id, toolName: r.tool_name, facilityId: r.facility_id, facilityName: r.facility_name, incidentId: r.incident_id,
    message: r.message, messageVi: r.message_vi, createdBy: r.created_by, createdByName: r.creator_name, createdAt: iso(r.created_at),
    acknowledgedBy: r.acknowledged_by, acknowledgedAt: iso(r.acknowledged_at),
  }));
}

export async function acknowledgeNotification(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  await db.tx(async (q) => {
    const r = await q.query('UPDATE governance_notification SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1 AND acknowledged_at IS NULL RETURNING id', [id, actor.id, now.toISOString()]);
    if (!r.length) throw notFound('Open notification');
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'acknowledge', resourceType: 'GovernanceNotification', resourceId: id, patientId: null, outcome: 'success', details: null });
  });
}

const INCIDENT_SELECT = `SELECT i.*, t.name AS tool_name, u.full_name AS reporter_name FROM incident i JOIN ai_tool t ON t.id = i.tool_id JOIN app_user u ON u.id = i.reported_by`;

export async function getIncident(db: Queryable, id: string, now = new Date()) {
  const [r] = await db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1`, [id]);
  if (!r) throw notFound('Incident');
  return incidentView(r, now);
}

export async function listIncidents(db: Db, actor: Actor, f: { toolId?: string }, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_READERS)) throw forbidden();
  const rows = await db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ($1::text IS NULL OR i.tool_id = $1) ORDER BY i.reported_at DESC`, [f.toolId ?? null]);
  return rows.map((r) => incidentView(r, now));
}

export async function markNotified(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, GOVERNANCE_ROLES)) throw forbidden();
  await db.tx(async (q) => {
    const r = await q.query('UPDATE incident SET notified_at = $2 WHERE id = $1 AND notified_at IS NULL RETURNING id', [id, now.toISOString()]);
    if (!r.length) throw notFound('Unnotified incident');
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'notify', resourceType: 'Incident', resourceId: id, patientId: null, outcome: 'success', details: null });
  });
  return getIncident(db, id, now);
}

const EXPORT_COLS = ['id', 'toolId', 'toolName', 'toolVersion', 'facilityId', 'harm', 'serious', 'occurredAt', 'reportedAt', 'notifyDeadline', 'notifiedAt', 'overdue', 'suspendedTool', 'description'] as const;

/** CSV for national reporting: no patient identifiers (patient id omitted), RFC 4180 quoting. */
export function incidentsCsv(list: Array<ReturnType<typeof incidentView>>) {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [EXPORT_COLS.join(','), ...list.map((i) => EXPORT_COLS.map((c) => cell(i[c])).join(','))].join('\r\n') + '\r\n';
}

export const exportIncidentsJson = (list: Array<ReturnType<typeof incidentView>>, now: Date) => ({
  generatedAt: now.toISOString(),
  framework: 'AI Law No. 134/2025/QH15 — serious incident reporting',
  deadlineHours: SERIOUS_INCIDENT_DEADLINE_HOURS,
  deadlineSource: 'project default (24 h from report); not quoted from an implementing decree',
  incidents: list.map(({ patientId: _p, reportedBy: _b, reporterName: _n, ...rest }) => rest),
});
