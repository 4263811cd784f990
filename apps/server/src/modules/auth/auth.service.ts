import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { deleteSession, findUserBySession, findUserByUsername, insertSession, listFacilities, type UserRow } from './auth.repo.ts';
import { burnVerify, hashPassword, verifyPassword } from './password.ts';
import { mustChangePassword, passwordHashOf, setPassword } from './users.repo.ts';
import type { Actor } from './roles.ts';

export const SESSION_COOKIE = 'yte_session';
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const toActor = (u: UserRow): Actor => ({
  id: u.id,
  username: u.username,
  fullName: u.full_name,
  roles: u.roles,
  facilityIds: u.facility_ids,
});

export async function login(db: Db, username: string, password: string, ttlHours: number, now = new Date()) {
  const user = await findUserByUsername(db, username);
  const ok = user && user.active ? await verifyPassword(user.password_hash, password) : (await burnVerify(password), false);
  if (!user || !ok) {
    await db.tx((q) =>
      appendAudit(q, {
        userId: user?.id ?? null,
        facilityId: null,
        action: 'login',
        resourceType: 'session',
        resourceId: null,
        patientId: null,
        outcome: 'denied',
        details: { username },
      }),
    );
    throw new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password', 'Sai tên đăng nhập hoặc mật khẩu');
  }
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + ttlHours * 3600_000);
  await db.tx(async (q) => {
    await insertSession(q, tokenHash(token), user.id, now, expires);
    await appendAudit(q, { userId: user.id, facilityId: null, action: 'login', resourceType: 'session', resourceId: null, patientId: null, outcome: 'success', details: null });
  });
  return { token, expires, actor: toActor(user) };
}

export async function actorForToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  const u = await findUserBySession(db, tokenHash(token), now);
  return u ? toActor(u) : null;
}

export async function logout(db: Db, token: string) {
  await deleteSession(db, tokenHash(token));
}

export async function describeActor(db: Db, actor: Actor) {
  return {
    id: actor.id,
    username: actor.username,
    fullName: actor.fullName,
    roles: actor.roles,
    facilities: await listFacilities(db, actor.facilityIds),
    mustChangePassword: await mustChangePassword(db, actor.id),
  };
}

/**
 * A new password: at least 10 characters, not the current one (NIST SP 800-63B §5.1.1.2, 2017:
 * length over composition rules; the 8-character floor raised to 10 for shared ward computers).
 */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string) {
  const hash = await passwordHashOf(db, actor.id);
  if (!hash || !(await verifyPassword(hash, current))) {
    throw new AppError(403, 'WRONG_PASSWORD', 'The current password is wrong', 'Mật khẩu hiện tại không đúng', 'currentPassword');
  }
  if ([...next].length < 10) throw new AppError(400, 'PASSWORD_TOO_SHORT', 'Use at least 10 characters', 'Mật khẩu cần ít nhất 10 ký tự', 'newPassword');
  if (next === current) throw new AppError(400, 'PASSWORD_UNCHANGED', 'Choose a password different from the current one', 'Hãy chọn mật khẩu khác mật khẩu hiện tại', 'newPassword');
  const newHash = await hashPassword(next);
  await db.tx(async (q) => {
    await setPassword(q, actor.id, newHash, false);
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'change_password', resourceType: 'User', resourceId: actor.id, patientId: null, outcome: 'success', details: null });
  });
}
