/**
 * AI tools unlocked by training: the governance record of a tool names the training it requires;
 * other modules ask `lockedTools` before showing a tool's outputs. Facility admins grant
 * time-limited exemptions; both the requirement and each exemption are audited.
 */
import { type Bilingual, refresherDue, trainingGate } from '@yte/training';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { trainingContent } from './training.content.ts';
import { completionTimes } from './training.service.ts';
import { recordLearningEvent } from './training.events.ts';

/** Exemptions last at most this long (a stop-gap until the training is done, not a waiver). */
export const MAX_EXEMPTION_DAYS = 90;

export interface RequirementItem { id: string; kind: 'lesson' | 'exercise' | 'post-test' | 'refresher'; title: Bilingual; href: string }

export function describeItem(id: string): RequirementItem | null {
  const { content } = trainingContent();
  const l = content.lessons.get(id);
  if (l) return { id, kind: 'lesson', title: { vi: l.vi.title, en: l.en.title }, href: `/training/lessons/${id}` };
  const e = content.exercises.get(id);
  if (e) return { id, kind: 'exercise', title: e.title, href: `/training/exercises/${id}` };
  const m = /^(.+):post$/.exec(id);
  const mod = m ? content.curriculum.modules.find((x) => x.id === m[1]) : undefined;
  if (mod) return { id, kind: 'post-test', title: { vi: `Đạt bài kiểm tra cuối — ${mod.title.vi}`, en: `Pass the post-test — ${mod.title.en}` }, href: `/training/modules/${mod.id}/post` };
  return null;
}

const describeOrId = (i: string): RequirementItem => describeItem(i) ?? { id: i, kind: 'lesson' as const, title: { vi: i, en: i }, href: '/training' };

export async function getRequirement(q: Queryable, toolId: string) {
  const r = await q.query<{ items: string[]; refresher_items: string[]; set_at: Date }>('SELECT items, refresher_items, set_at FROM ai_tool_training_requirement WHERE tool_id = $1', [toolId]);
  return { toolId, items: (r[0]?.items ?? []).map(describeOrId), refresherItems: (r[0]?.refresher_items ?? []).map(describeOrId), setAt: r[0] ? new Date(r[0].set_at).toISOString() : null };
}

const refresherItem = (toolId: string, version: string): RequirementItem => ({
  id: `refresher:${toolId}@${version}`, kind: 'refresher',
  title: { vi: `Bài ôn tập ngắn: phiên bản mới ${version} của công cụ ${toolId}`, en: `Short refresher: new version ${version} of ${toolId}` },
  href: `/training/tools/${encodeURIComponent(toolId)}/refresher`,
});

export async function setRequirement(db: Db, actor: Actor, toolId: string, items: string[], now: Date, refresherItems: string[] = []) {
  if (!hasRole(actor, ['governance_officer'])) throw forbidden();
  for (const i of [...items, ...refresherItems]) if (!describeItem(i)) throw badInput('UNKNOWN_TRAINING_ITEM', `"${i}" is not a lesson, exercise or <module>:post`, `"${i}" không phải bài học, bài tập hay <học phần>:post`, 'items');
  for (const i of refresherItems) if (describeItem(i)?.kind !== 'lesson') throw badInput('REFRESHER_LESSONS_ONLY', `A refresher is made of lessons ("${i}" is not one)`, `Bài ôn tập chỉ gồm các bài học ("${i}" không phải bài học)`, 'refresherItems');
  return db.tx(async (q) => {
    const tool = await q.query('SELECT 1 FROM ai_tool WHERE id = $1', [toolId]);
    if (!tool.length) throw notFound('AI tool');
    const unique = [...new Set(items)];
    const refresher = [...new Set(refresherItems)];
    if (unique.length) {
      await q.query(`INSERT INTO ai_tool_training_requirement (tool_id, items, set_by, set_at, refresher_items) VALUES ($1,$2,$3,$4,$5)
        ON CONFLICT (tool_id) DO UPDATE SET items = EXCLUDED.items, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at, refresher_items = EXCLUDED.refresher_items`, [toolId, unique, actor.id, now.toISOString(), refresher]);
    } else await q.query('DELETE FROM ai_tool_training_requirement WHERE tool_id = $1', [toolId]);
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'AiToolTrainingRequirement', resourceId: toolId, patientId: null, outcome: 'success', details: { items: unique, refresherItems: refresher } }, now);
    return getRequirement(q, toolId);
  });
}

export interface ToolAccess { toolId: string; allowed: boolean; missing: RequirementItem[]; exemptUntil: string | null }

/** Access of one user to every tool that has a training requirement (tools without one are open). */
export async function toolAccess(q: Queryable, actor: Actor, now: Date, toolIds?: string[]): Promise<ToolAccess[]> {
  const reqs = await q.query<{ tool_id: string; items: string[] }>(
    `SELECT tool_id, items FROM ai_tool_training_requirement${toolIds ? ' WHERE tool_id = ANY($1::text[])' : ''} ORDER BY tool_id`, toolIds ? [toolIds] : []);
  if (!reqs.length) return [];
  const times = await completionTimes(q, actor.id);
  const done = new Set(times.keys());
  const ex = await q.query<{ tool_id: string; expires_at: Date }>(
    'SELECT tool_id, expires_at FROM training_exemption WHERE user_id = $1 AND facility_id = ANY($2::uuid[]) AND expires_at > $3', [actor.id, actor.facilityIds, now.toISOString()]);
  const materials = await latestMaterialVersions(q, reqs.map((r) => r.tool_id));
  const refreshed = await q.query<{ tool_id: string; version: string }>('SELECT tool_id, version FROM training_refresher_done WHERE user_id = $1', [actor.id]);
  return reqs.map((r) => {
    // A material new version: a user whose training unlocked the tool before it takes the refresher
    // (it then counts as a missing item; an exemption still opens the tool meanwhile).
    const unlockedAt = r.items.every((i) => times.has(i)) ? new Date(Math.max(...r.items.map((i) => times.get(i)!.getTime()))) : null;
    const due = refresherDue({ unlockedAt, material: materials.get(r.tool_id) ?? null, refreshed: new Set(refreshed.filter((x) => x.tool_id === r.tool_id).map((x) => x.version)) });
    const required = due ? [...r.items, `refresher:${r.tool_id}@${due}`] : r.items;
    const g = trainingGate({ required, done, exemptions: ex.filter((e) => e.tool_id === r.tool_id).map((e) => ({ expiresAt: new Date(e.expires_at) })), now });
    return {
      toolId: r.tool_id, allowed: g.allowed, exemptUntil: g.exemptUntil?.toISOString() ?? null,
      missing: g.missing.map((i) => (i.startsWith('refresher:') ? refresherItem(r.tool_id, due!) : describeItem(i))).filter((x): x is RequirementItem => x !== null),
    };
  });
}

async function latestMaterialVersions(q: Queryable, toolIds: string[]): Promise<Map<string, { version: string; recordedAt: Date; notes: string }>> {
  const rows = await q.query<{ tool_id: string; version: string; recorded_at: Date; notes: string }>(
    `SELECT DISTINCT ON (tool_id) tool_id, version, recorded_at, notes FROM ai_tool_version WHERE material AND tool_id = ANY($1::text[]) ORDER BY tool_id, recorded_at DESC`, [toolIds]);
  return new Map(rows.map((r) => [r.tool_id, { version: r.version, recordedAt: new Date(r.recorded_at), notes: r.notes }]));
}

/**
 * The refresher a user owes for a tool's latest material version: what changed (the version's notes
 * from the governance registry) and the requirement's refresher lessons, with whether each is done.
 */
export async function getRefresher(q: Queryable, actor: Actor, toolId: string, now: Date) {
  const req = (await q.query<{ refresher_items: string[] }>('SELECT refresher_items FROM ai_tool_training_requirement WHERE tool_id = $1', [toolId]))[0];
  const material = (await latestMaterialVersions(q, [toolId])).get(toolId);
  if (!req || !material) throw notFound('Refresher');
  const access = (await toolAccess(q, actor, now, [toolId]))[0];
  const due = access?.missing.some((m) => m.kind === 'refresher') ?? false;
  const done = (await q.query('SELECT 1 FROM training_refresher_done WHERE user_id = $1 AND tool_id = $2 AND version = $3', [actor.id, toolId, material.version])).length > 0;
  const times = await completionTimes(q, actor.id);
  return {
    toolId, version: material.version, recordedAt: material.recordedAt.toISOString(), whatChanged: material.notes, due, done,
    lessons: req.refresher_items.map((i) => ({ ...describeOrId(i), done: times.has(i) })),
  };
}

/**
 * Passing the refresher: the user confirms the version they read about (it must be the latest
 * material one) and every refresher lesson must be completed. Recorded with a learning event and
 * an audit entry in one transaction.
 */
export async function passRefresher(db: Db, actor: Actor, toolId: string, version: string, now: Date) {
  return db.tx(async (q) => {
    const r = await getRefresher(q, actor, toolId, now);
    if (r.version !== version) throw new AppError(409, 'REFRESHER_VERSION', `The refresher is for version ${r.version}`, `Bài ôn tập dành cho phiên bản ${r.version}`, 'version');
    const missing = r.lessons.filter((l) => !l.done);
    if (missing.length) throw new AppError(409, 'REFRESHER_LESSONS_MISSING', `Read the refresher lessons first: ${missing.map((l) => l.id).join(', ')}`, `Hãy học các bài ôn tập trước: ${missing.map((l) => l.id).join(', ')}`, 'version', { missing: missing.map((l) => l.id) });
    await q.query('INSERT INTO training_refresher_done (user_id, tool_id, version, done_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING', [actor.id, toolId, version, now.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId: actor.facilityIds[0] ?? null, action: 'complete', resourceType: 'TrainingRefresher', resourceId: `${toolId}@${version}`, patientId: null, outcome: 'success', details: { toolId, version } }, now);
    await recordLearningEvent(q, { userId: actor.id, verb: 'completed', objectType: 'refresher', objectId: `tool:${toolId}@${version}`, result: { version }, at: now });
    return { toolId, version, doneAt: now.toISOString() };
  });
}

/** The tools whose outputs this user may not see yet, with what is missing (for the screen that says why). */
export async function lockedTools(q: Queryable, actor: Actor, toolIds: string[], now = new Date()): Promise<ToolAccess[]> {
  if (!toolIds.length) return [];
  return (await toolAccess(q, actor, now, [...new Set(toolIds)])).filter((a) => !a.allowed);
}

/** Ids of the tools this user may not see yet (for lists that hide outputs, e.g. a patient's suggestions). */
export async function lockedToolIds(q: Queryable, actor: Actor, now = new Date()): Promise<string[]> {
  return (await toolAccess(q, actor, now)).filter((a) => !a.allowed).map((a) => a.toolId);
}

export async function grantExemption(db: Db, actor: Actor, body: { userId: string; toolId: string; facilityId: string; reason: string; days: number }, now: Date) {
  if (!hasRole(actor, ['facility_admin']) || !actor.facilityIds.includes(body.facilityId)) throw forbidden();
  if (!Number.isInteger(body.days) || body.days < 1 || body.days > MAX_EXEMPTION_DAYS) {
    throw badInput('EXEMPTION_DAYS', `An exemption lasts 1–${MAX_EXEMPTION_DAYS} days`, `Miễn trừ kéo dài từ 1 đến ${MAX_EXEMPTION_DAYS} ngày`, 'days');
  }
  if (body.reason.trim().length < 10) throw badInput('REASON_REQUIRED', 'Give the reason (at least 10 characters)', 'Hãy ghi lý do (ít nhất 10 ký tự)', 'reason');
  return db.tx(async (q) => {
    const member = await q.query('SELECT 1 FROM user_facility WHERE user_id = $1 AND facility_id = $2', [body.userId, body.facilityId]);
    if (!member.length) throw notFound('User at this facility');
    const tool = await q.query('SELECT 1 FROM ai_tool WHERE id = $1', [body.toolId]);
    if (!tool.length) throw notFound('AI tool');
    const id = uuidv7(now.getTime());
    const expires = new Date(now.getTime() + body.days * 86_400_000);
    await q.query('INSERT INTO training_exemption (id, user_id, tool_id, facility_id, reason, granted_by, granted_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
      [id, body.userId, body.toolId, body.facilityId, body.reason.trim(), actor.id, now.toISOString(), expires.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'TrainingExemption', resourceId: id, patientId: null, outcome: 'success', details: { userId: body.userId, toolId: body.toolId, expiresAt: expires.toISOString(), reason: body.reason.trim() } }, now);
    await recordLearningEvent(q, { userId: body.userId, verb: 'exempted', objectType: 'path', objectId: `tool:${body.toolId}`, result: { exemptionId: id, expiresAt: expires.toISOString(), grantedBy: actor.id }, at: now });
    return { id, userId: body.userId, toolId: body.toolId, facilityId: body.facilityId, reason: body.reason.trim(), grantedAt: now.toISOString(), expiresAt: expires.toISOString() };
  });
}

export async function listExemptions(db: Db, actor: Actor, facilityId: string) {
  if (!hasRole(actor, ['facility_admin', 'governance_officer']) || !actor.facilityIds.includes(facilityId)) throw forbidden();
  const rows = await db.query<{ id: string; user_id: string; full_name: string; tool_id: string; reason: string; granted_at: Date; expires_at: Date }>(
    `SELECT e.id, e.user_id, u.full_name, e.tool_id, e.reason, e.granted_at, e.expires_at FROM training_exemption e JOIN app_user u ON u.id = e.user_id
      WHERE e.facility_id = $1 ORDER BY e.granted_at DESC LIMIT 200`, [facilityId]);
  return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.full_name, toolId: r.tool_id, reason: r.reason, grantedAt: new Date(r.granted_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString() }));
}
