/**
 * Linking enrolled learners (imported from a CSV, keyed by CCCD and optionally employee id and
 * e-mail) to yte accounts. Progress lives on the account (attempts and events are keyed by user
 * id), so once linked the learner's figures on the cohort dashboard are the account's, and moving
 * or removing a link moves them (migration 025's triggers).
 *
 * Automatic, when exactly one match exists on the strongest identifier (national id, then employee
 * id, then e-mail) and neither side is linked yet:
 *  - after an import, for the imported learners (`autoLinkLearners`);
 *  - when an account opens its training (`autoLinkAccount`, from GET /api/training/me);
 *  - when a facility admin records an account's identifiers (`setAccountIdentifiers`), i.e. an
 *    account created or completed after the enrolment.
 * By hand: a facility admin of the learner's facility links or unlinks. Every link is audited in
 * the same transaction (action link/unlink, resource TrainingLearner, the method in details).
 */
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import * as users from '../auth/auth.repo.ts';
import { hasRole, type Actor } from '../auth/roles.ts';

export type LinkMethod = 'national_id' | 'employee_id' | 'email' | 'admin';
const RANK: Record<Exclude<LinkMethod, 'admin'>, number> = { national_id: 0, employee_id: 1, email: 2 };

interface LearnerRow { national_id: string; facility_id: string; employee_id: string | null; email: string | null; user_id: string | null; full_name: string }
const learnerCols = 'national_id, facility_id, employee_id, email, user_id, full_name';

async function link(q: Queryable, l: { national_id: string; facility_id: string }, userId: string, method: LinkMethod, by: string | null, now: Date) {
  await q.query('UPDATE training_learner SET user_id = $2, linked_at = $3, linked_by = $4, link_method = $5 WHERE national_id = $1', [l.national_id, userId, now.toISOString(), by, method]);
  await appendAudit(q, { userId: by, facilityId: l.facility_id, action: 'link', resourceType: 'TrainingLearner', resourceId: l.national_id, patientId: null, outcome: 'success', details: { accountId: userId, method, automatic: method !== 'admin' } }, now);
}

const methodOf = (l: Pick<LearnerRow, 'national_id' | 'employee_id' | 'email'>, u: { national_id: string | null; employee_id: string | null; email: string | null }): Exclude<LinkMethod, 'admin'> | null =>
  u.national_id === l.national_id ? 'national_id' : l.employee_id && u.employee_id === l.employee_id ? 'employee_id' : l.email && u.email === l.email ? 'email' : null;

/** Links the account to its learner if exactly one unlinked learner matches it best. */
export async function autoLinkAccount(q: Queryable, userId: string, now: Date): Promise<{ nationalId: string; method: LinkMethod } | null> {
  if ((await q.query('SELECT 1 FROM training_learner WHERE user_id = $1', [userId])).length) return null;
  const u = await users.userIdentifiers(q, userId);
  if (!u || !u.active || (!u.nationalId && !u.employeeId && !u.email)) return null;
  const candidates = await q.query<LearnerRow>(
    `SELECT ${learnerCols} FROM training_learner WHERE user_id IS NULL AND (national_id = $1 OR employee_id = $2 OR email = $3) FOR UPDATE`,
    [u.nationalId, u.employeeId, u.email]);
  const ranked = candidates.map((l) => ({ l, m: methodOf(l, { national_id: u.nationalId, employee_id: u.employeeId, email: u.email })! })).sort((a, b) => RANK[a.m] - RANK[b.m]);
  if (ranked.length === 0 || (ranked.length > 1 && RANK[ranked[1]!.m] === RANK[ranked[0]!.m])) return null; // none, or ambiguous: an admin decides
  await link(q, ranked[0]!.l, userId, ranked[0]!.m, null, now);
  return { nationalId: ranked[0]!.l.national_id, method: ranked[0]!.m };
}

/** After an import: links the given learners to existing accounts where the match is unambiguous. */
export async function autoLinkLearners(q: Queryable, nationalIds: string[], now: Date): Promise<number> {
  if (nationalIds.length === 0) return 0;
  const learners = await q.query<LearnerRow>(`SELECT ${learnerCols} FROM training_learner WHERE national_id = ANY($1::text[]) AND user_id IS NULL`, [nationalIds]);
  const accounts = await users.usersByIdentifiers(q, {
    nationalIds: learners.map((l) => l.national_id), employeeIds: learners.flatMap((l) => (l.employee_id ? [l.employee_id] : [])), emails: learners.flatMap((l) => (l.email ? [l.email] : [])),
  });
  if (accounts.length === 0) return 0;
  const taken = new Set((await q.query<{ user_id: string }>('SELECT user_id FROM training_learner WHERE user_id = ANY($1::uuid[])', [accounts.map((a) => a.id)])).map((r) => r.user_id));
  const byNid = new Map<string, typeof accounts[number]>(), byEmp = new Map<string, typeof accounts>(), byEmail = new Map<string, typeof accounts>();
  for (const a of accounts) {
    if (a.national_id) byNid.set(a.national_id, a);
    if (a.employee_id) byEmp.set(a.employee_id, [...(byEmp.get(a.employee_id) ?? []), a]);
    if (a.email) byEmail.set(a.email, [...(byEmail.get(a.email) ?? []), a]);
  }
  // Best match per learner; then keep only pairs where the account is wanted by one learner.
  const pairs: Array<{ l: LearnerRow; a: typeof accounts[number]; m: Exclude<LinkMethod, 'admin'> }> = [];
  for (const l of learners) {
    const a = byNid.get(l.national_id) ?? (l.employee_id ? byEmp.get(l.employee_id)?.[0] : undefined) ?? (l.email ? byEmail.get(l.email)?.[0] : undefined);
    if (a && !taken.has(a.id)) pairs.push({ l, a, m: methodOf(l, a)! });
  }
  const wanted = new Map<string, number>();
  for (const p of pairs) wanted.set(p.a.id, (wanted.get(p.a.id) ?? 0) + 1);
  let n = 0;
  for (const p of pairs) {
    if (wanted.get(p.a.id) !== 1) continue;
    await link(q, p.l, p.a.id, p.m, null, now);
    n++;
  }
  return n;
}

async function learnerForAdmin(q: Queryable, actor: Actor, nationalId: string): Promise<LearnerRow> {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  const l = (await q.query<LearnerRow>(`SELECT ${learnerCols} FROM training_learner WHERE national_id = $1 FOR UPDATE`, [nationalId]))[0];
  if (!l || !actor.facilityIds.includes(l.facility_id)) throw notFound('Learner');
  return l;
}

/** A facility admin links a learner of their facility to an account (replacing a link only when asked). */
export async function linkByAdmin(db: Db, actor: Actor, nationalId: string, userId: string, replace: boolean, now: Date) {
  return db.tx(async (q) => {
    const l = await learnerForAdmin(q, actor, nationalId);
    const u = await users.userIdentifiers(q, userId);
    if (!u || !u.active) throw badInput('TRAINING_LINK_ACCOUNT', 'No active account with this id', 'Không có tài khoản đang hoạt động với mã này', 'userId');
    if (l.user_id === userId) return { nationalId, userId, method: 'admin' as const, changed: false };
    const other = (await q.query<{ national_id: string }>('SELECT national_id FROM training_learner WHERE user_id = $1', [userId]))[0];
    if (other) throw new AppError(409, 'TRAINING_ACCOUNT_LINKED', `This account is already linked to learner ${other.national_id}`, `Tài khoản này đã gắn với học viên ${other.national_id}`, 'userId');
    if (l.user_id && !replace) throw new AppError(409, 'TRAINING_LEARNER_LINKED', 'This learner is already linked to another account (send replace: true to move the link)', 'Học viên này đã gắn với tài khoản khác (gửi replace: true để chuyển)', 'replace');
    if (l.user_id) await appendAudit(q, { userId: actor.id, facilityId: l.facility_id, action: 'unlink', resourceType: 'TrainingLearner', resourceId: l.national_id, patientId: null, outcome: 'success', details: { accountId: l.user_id, replacedBy: userId } }, now);
    await link(q, l, userId, 'admin', actor.id, now);
    return { nationalId, userId, method: 'admin' as const, changed: true };
  });
}

export async function unlinkByAdmin(db: Db, actor: Actor, nationalId: string, now: Date) {
  return db.tx(async (q) => {
    const l = await learnerForAdmin(q, actor, nationalId);
    if (!l.user_id) throw new AppError(409, 'TRAINING_LEARNER_NOT_LINKED', 'This learner is not linked to an account', 'Học viên này chưa gắn với tài khoản nào');
    await q.query('UPDATE training_learner SET user_id = NULL, linked_at = NULL, linked_by = NULL, link_method = NULL WHERE national_id = $1', [nationalId]);
    await appendAudit(q, { userId: actor.id, facilityId: l.facility_id, action: 'unlink', resourceType: 'TrainingLearner', resourceId: l.national_id, patientId: null, outcome: 'success', details: { accountId: l.user_id } }, now);
    return { nationalId, unlinked: l.user_id };
  });
}

/**
 * A facility admin records the identifiers of an account of their facility (an account created after
 * the enrolment, or one whose CCCD was not known); the account is then linked automatically if its
 * learner is found. Audited.
 */
export async function setAccountIdentifiers(db: Db, actor: Actor, userId: string, ids: Partial<users.UserIdentifiers>, now: Date) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  return db.tx(async (q) => {
    const facilities = await users.userFacilityIds(q, userId);
    if (!facilities.some((f) => actor.facilityIds.includes(f)) || !(await users.userIdentifiers(q, userId))) throw notFound('Account');
    await users.setUserIdentifiers(q, userId, ids).catch((e: unknown) => {
      if ((e as { code?: string }).code === '23505') throw new AppError(409, 'ACCOUNT_IDENTIFIER_TAKEN', 'Another account already carries one of these identifiers', 'Một tài khoản khác đã mang một trong các mã định danh này');
      throw e;
    });
    await appendAudit(q, { userId: actor.id, facilityId: facilities.find((f) => actor.facilityIds.includes(f))!, action: 'update', resourceType: 'AccountIdentifiers', resourceId: userId, patientId: null, outcome: 'success', details: { fields: Object.keys(ids) } }, now);
    const linked = await autoLinkAccount(q, userId, now);
    return { userId, linked };
  });
}

/** Learners of the caller's facilities with their link state (for the admin's enrolment screen). */
export async function listLearners(db: Db, actor: Actor, f: { facilityId?: string; linked?: boolean; q?: string; limit: number; offset: number }) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  const facilities = f.facilityId ? actor.facilityIds.filter((id) => id === f.facilityId) : actor.facilityIds;
  const rows = await db.query<{ national_id: string; full_name: string; role: string; facility_id: string; province: string; cohort: string; email: string | null; employee_id: string | null; user_id: string | null; link_method: LinkMethod | null; linked_at: Date | null; total: number }>(
    `SELECT national_id, full_name, role, facility_id, province, cohort, email, employee_id, user_id, link_method, linked_at, count(*) OVER ()::int AS total
       FROM training_learner WHERE facility_id = ANY($1::uuid[]) AND ($2::boolean IS NULL OR (user_id IS NOT NULL) = $2)
        AND ($3::text IS NULL OR national_id LIKE $3 || '%' OR lower(full_name) LIKE '%' || lower($3) || '%')
      ORDER BY national_id LIMIT $4 OFFSET $5`,
    [facilities, f.linked ?? null, f.q ?? null, f.limit, f.offset]);
  return {
    total: rows[0]?.total ?? 0,
    learners: rows.map((r) => ({
      nationalId: r.national_id, fullName: r.full_name, role: r.role, facilityId: r.facility_id, province: r.province, cohort: r.cohort, email: r.email, employeeId: r.employee_id,
      userId: r.user_id, linkMethod: r.link_method, linkedAt: r.linked_at ? new Date(r.linked_at).toISOString() : null,
    })),
  };
}
