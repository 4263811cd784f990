/**
 * The facility admin console (issue 15, point 8): staff accounts, facility settings, devices, the
 * audit viewer and the data subject's personal-data export. Only a facility admin, and only for the
 * facilities they administer: another facility's user, device or patient answers 404. Every change
 * and every read of the audit log or of a patient's data writes an audit entry in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type AuditViewRow, auditVocabulary, patientAccessLog, searchAudit } from '../audit/audit.search.ts';
import { hashPassword } from '../auth/password.ts';
import { type Actor, hasRole, type Role } from '../auth/roles.ts';
import { endSessions, findStaff, insertStaff, listStaff, setPassword, type StaffRow, updateStaff, usernameTaken } from '../auth/users.repo.ts';
import { recordsForExport } from '../encounters/encounters.service.ts';
import { readSettings, writeSettings } from '../facilities/settings.repo.ts';
import { deviceFacility, listDevices, releaseDevice, revokeDeviceKey } from '../monitoring/devices.repo.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import { toPatient } from '../patients/patients.service.ts';

/** The facilities this actor administers (403 when not a facility admin). */
function administered(actor: Actor): string[] {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  return actor.facilityIds;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const toStaff = (u: StaffRow, mine: string[]) => ({
  id: u.id,
  username: u.username,
  fullName: u.full_name,
  roles: u.roles,
  active: u.active,
  mustChangePassword: u.must_change_password,
  facilityIds: u.facility_ids,
  activeSessions: u.active_sessions,
  lastLoginAt: iso(u.last_login_at),
  createdAt: iso(u.created_at)!,
  deactivatedAt: iso(u.deactivated_at),
  // An account that also works at a facility this admin does not administer is changed there.
  managedHere: u.facility_ids.every((f) => mine.includes(f)),
});

/** A temporary password: 12 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
export function temporaryPassword(bytes = randomBytes(12)): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function listUsers(db: Db, actor: Actor, now = new Date()) {
  const mine = administered(actor);
  return db.tx(async (q) => {
    const rows = await listStaff(q, mine, now);
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'list', resourceType: 'User', resourceId: null, patientId: null, outcome: 'success', details: { returned: rows.length } });
    return rows.map((u) => toStaff(u, mine));
  });
}

export interface NewUser { username: string; fullName: string; roles: Role[]; facilityIds: string[] }

export async function createUser(db: Db, actor: Actor, input: NewUser, now = new Date()) {
  const mine = administered(actor);
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z][a-z0-9._-]{2,39}$/.test(username)) throw badInput('INVALID_USERNAME', 'A username is 3–40 characters: letters a–z, digits, dot, hyphen or underscore, starting with a letter', 'Tên đăng nhập dài 3–40 ký tự: chữ a–z, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ cái', 'username');
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (fullName.length < 2) throw badInput('INVALID_NAME', 'Give the full name', 'Hãy nhập họ tên', 'fullName');
  if (input.roles.length === 0) throw badInput('NO_ROLE', 'Choose at least one role', 'Hãy chọn ít nhất một vai trò', 'roles');
  if (input.facilityIds.length === 0) throw badInput('NO_FACILITY', 'Choose at least one facility', 'Hãy chọn ít nhất một cơ sở', 'facilityIds');
  if (input.facilityIds.some((f) => !mine.includes(f))) throw notFound('Facility');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const id = uuidv7(now.getTime());
  await db.tx(async (q) => {
    if (await usernameTaken(q, username)) throw new AppError(409, 'USERNAME_TAKEN', 'This username is taken', 'Tên đăng nhập này đã có người dùng', 'username');
    await insertStaff(q, { id, username, fullName, passwordHash, roles: [...new Set(input.roles)], facilityIds: [...new Set(input.facilityIds)], createdBy: actor.id, now });
    await appendAudit(q, { userId: actor.id, facilityId: input.facilityIds[0]!, action: 'create', resourceType: 'User', resourceId: id, patientId: null, outcome: 'success', details: { username, roles: input.roles, facilityIds: input.facilityIds } });
  });
  const row = await findStaff(db, id, now);
  // The temporary password is shown once, to the admin, and must be changed at the first login.
  return { user: toStaff(row!, mine), temporaryPassword: password };
}

/** The user when this admin manages them; 404 when not at one of their facilities; 403 when shared with another facility. */
async function managedUser(q: import('../../db/db.ts').Queryable, mine: string[], id: string, now: Date) {
  const u = await findStaff(q, id, now);
  if (!u || !u.facility_ids.some((f) => mine.includes(f))) throw notFound('User');
  if (!u.facility_ids.every((f) => mine.includes(f))) throw new AppError(403, 'MANAGED_ELSEWHERE', 'This account also works at a facility you do not administer; change it there', 'Tài khoản này còn làm việc ở cơ sở bạn không quản trị; hãy thay đổi tại đó');
  return u;
}

export async function updateUser(db: Db, actor: Actor, id: string, input: { roles?: Role[]; fullName?: string; active?: boolean }, now = new Date()) {
  const mine = administered(actor);
  if (input.roles && input.roles.length === 0) throw badInput('NO_ROLE', 'Choose at least one role', 'Hãy chọn ít nhất một vai trò', 'roles');
  if (id === actor.id && (input.active === false || (input.roles && !input.roles.includes('facility_admin')))) {
    throw new AppError(409, 'SELF_LOCKOUT', 'You cannot deactivate yourself or remove your own admin role', 'Bạn không thể tự khoá tài khoản hoặc tự bỏ vai trò quản trị của mình');
  }
  const fullName = input.fullName?.trim().replace(/\s+/g, ' ');
  if (fullName !== undefined && fullName.length < 2) throw badInput('INVALID_NAME', 'Give the full name', 'Hãy nhập họ tên', 'fullName');
  await db.tx(async (q) => {
    const before = await managedUser(q, mine, id, now);
    await updateStaff(q, id, { ...(input.roles ? { roles: [...new Set(input.roles)] } : {}), ...(fullName ? { fullName } : {}), ...(input.active !== undefined ? { active: input.active } : {}), by: actor.id, now });
    // A deactivated account is logged out everywhere at once.
    const ended = input.active === false ? await endSessions(q, id) : 0;
    await appendAudit(q, {
      userId: actor.id, facilityId: before.facility_ids[0] ?? null, action: input.active === false ? 'deactivate' : input.active === true && !before.active ? 'reactivate' : 'update',
      resourceType: 'User', resourceId: id, patientId: null, outcome: 'success',
      details: { before: { roles: before.roles, active: before.active, fullName: before.full_name }, after: { roles: input.roles ?? before.roles, active: input.active ?? before.active, fullName: fullName ?? before.full_name }, sessionsEnded: ended },
    });
  });
  return toStaff((await findStaff(db, id, now))!, mine);
}

export async function resetPassword(db: Db, actor: Actor, id: string, now = new Date()) {
  const mine = administered(actor);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  const ended = await db.tx(async (q) => {
    const u = await managedUser(q, mine, id, now);
    await setPassword(q, id, hash, true);
    const n = await endSessions(q, id);
    await appendAudit(q, { userId: actor.id, facilityId: u.facility_ids[0] ?? null, action: 'reset_password', resourceType: 'User', resourceId: id, patientId: null, outcome: 'success', details: { sessionsEnded: n } });
    return n;
  });
  return { temporaryPassword: password, sessionsEnded: ended };
}

export async function endUserSessions(db: Db, actor: Actor, id: string, now = new Date()) {
  const mine = administered(actor);
  return db.tx(async (q) => {
    const u = await managedUser(q, mine, id, now);
    const n = await endSessions(q, id);
    await appendAudit(q, { userId: actor.id, facilityId: u.facility_ids[0] ?? null, action: 'end_sessions', resourceType: 'User', resourceId: id, patientId: null, outcome: 'success', details: { sessionsEnded: n } });
    return { sessionsEnded: n };
  });
}

// ---- facility settings ---------------------------------------------------------------------

export interface FacilitySettings {
  /** The facility's phone number shown on printouts and referral letters. */
  phone: string;
  /** The emergency number the patient chat and printouts show (115 unless the facility has its own). */
  emergencyNumber: string;
  /** The person or unit answering data-subject requests (Law 91/2025/QH15 on Personal Data Protection). */
  dataProtectionContact: string;
  /** Whether new emergency alerts play a sound by default on this facility's screens (a user may still turn it off). */
  alertSoundDefault: boolean;
}

export const DEFAULT_SETTINGS: FacilitySettings = { phone: '', emergencyNumber: '115', dataProtectionContact: '', alertSoundDefault: false };

export async function getSettings(db: Db, actor: Actor, facilityId: string) {
  if (!administered(actor).includes(facilityId)) throw notFound('Facility');
  const r = await readSettings(db, facilityId);
  if (!r) throw notFound('Facility');
  return { facilityId, name: r.name, settings: { ...DEFAULT_SETTINGS, ...(r.settings ?? {}) } as FacilitySettings, updatedAt: iso(r.updated_at) };
}

export async function putSettings(db: Db, actor: Actor, facilityId: string, input: { name: string; settings: FacilitySettings }, now = new Date()) {
  if (!administered(actor).includes(facilityId)) throw notFound('Facility');
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 3) throw badInput('INVALID_NAME', 'Give the facility name', 'Hãy nhập tên cơ sở', 'name');
  const s = { ...input.settings, phone: input.settings.phone.trim(), emergencyNumber: input.settings.emergencyNumber.trim(), dataProtectionContact: input.settings.dataProtectionContact.trim() };
  if (s.phone && !/^(0|\+84)\d{8,10}$/.test(s.phone.replace(/[\s.]/g, ''))) throw badInput('INVALID_PHONE', 'A Vietnamese phone number: 0 or +84 then 8–10 digits', 'Số điện thoại: 0 hoặc +84 rồi 8–10 chữ số', 'settings.phone');
  if (!/^\d{3,11}$/.test(s.emergencyNumber)) throw badInput('INVALID_EMERGENCY_NUMBER', 'The emergency number is 3–11 digits', 'Số cấp cứu gồm 3–11 chữ số', 'settings.emergencyNumber');
  await db.tx(async (q) => {
    const before = await readSettings(q, facilityId);
    if (!before) throw notFound('Facility');
    await writeSettings(q, facilityId, name, s, actor.id, now);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'update', resourceType: 'FacilitySetting', resourceId: facilityId, patientId: null, outcome: 'success', details: { before: { name: before.name, ...(before.settings ?? {}) }, after: { name, ...s } } });
  });
  return getSettings(db, actor, facilityId);
}

// ---- devices ---------------------------------------------------------------------------------

export async function devices(db: Db, actor: Actor) {
  const rows = await listDevices(db, administered(actor));
  return rows.map((d) => ({
    id: d.id, facilityId: d.facility_id, facilityCode: d.facility_code, bed: d.bed, patientId: d.patient_id, patientName: d.patient_name,
    hasKey: d.has_key, assignedAt: iso(d.assigned_at), assignedByName: d.assigned_by_name, lastReadingAt: iso(d.last_reading_at),
  }));
}

export async function changeDevice(db: Db, actor: Actor, id: string, what: 'revoke_key' | 'release') {
  const mine = administered(actor);
  await db.tx(async (q) => {
    const f = await deviceFacility(q, id);
    if (!f || !mine.includes(f)) throw notFound('Device');
    if (what === 'revoke_key') await revokeDeviceKey(q, id);
    else await releaseDevice(q, id);
    await appendAudit(q, { userId: actor.id, facilityId: f, action: what, resourceType: 'Device', resourceId: id, patientId: null, outcome: 'success', details: null });
  });
  return (await devices(db, actor)).find((d) => d.id === id)!;
}

// ---- audit viewer ----------------------------------------------------------------------------

const toEntry = (r: AuditViewRow) => ({
  seq: Number(r.seq), at: iso(r.at)!, userId: r.user_id, username: r.username, userFullName: r.user_full_name, facilityId: r.facility_id,
  action: r.action, resourceType: r.resource_type, resourceId: r.resource_id, patientId: r.patient_id, patientName: r.patient_name, outcome: r.outcome,
  details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details ?? null,
});

export interface AuditQuery { userId?: string; patientId?: string; action?: string; outcome?: string; resourceType?: string; from?: string; to?: string; limit?: number; before?: number }

export async function viewAudit(db: Db, actor: Actor, f: AuditQuery) {
  const mine = administered(actor);
  const from = f.from ? new Date(f.from) : undefined;
  const to = f.to ? new Date(f.to) : undefined;
  if (from && to && from > to) throw badInput('INVALID_RANGE', '"from" is after "to"', 'Ngày bắt đầu sau ngày kết thúc', 'from');
  const limit = f.limit ?? 50;
  return db.tx(async (q) => {
    const rows = await searchAudit(q, { facilityIds: mine, ...f, from, to, limit: limit + 1 });
    const page = rows.slice(0, limit).map(toEntry);
    // Who read the audit log, with what filter, is itself in the log.
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'search', resourceType: 'AuditLog', resourceId: null, patientId: f.patientId ?? null, outcome: 'success', details: { filter: { ...f, limit }, returned: page.length } });
    const hasMore = rows.length > limit;
    return { items: page, hasMore, nextBefore: hasMore ? page.at(-1)!.seq : null, limit, ...(await auditVocabulary(q)) };
  });
}

// ---- the data subject's export ----------------------------------------------------------------

/**
 * A patient's personal data and the log of who accessed it, as one file for a data-subject request.
 * Law on Personal Data Protection No. 91/2025/QH15 (National Assembly, 26/06/2025, in force
 * 01/01/2026), Article 4(1)(c)–(d): the data subject may access their personal data and request that
 * it be provided; health data is sensitive personal data (Article 2). Article numbers were checked
 * against secondary sources (thuviennhadat.vn's text of the law, dblegal.vn's summary), not the
 * Official Gazette. The export is audited (action 'export', resource 'PersonalDataExport') before
 * the access log is read, so the file lists its own making.
 */
export async function personalDataExport(db: Db, actor: Actor, patientId: string, request: { reference: string }, now = new Date()) {
  const mine = administered(actor);
  const reference = request.reference.trim();
  if (!reference) throw badInput('REQUEST_REFERENCE_REQUIRED', "Give the data subject's request reference", 'Hãy nhập số hiệu yêu cầu của chủ thể dữ liệu', 'reference');
  return db.tx(async (q) => {
    const p = await findPatientScoped(q, patientId, mine);
    await appendAudit(q, {
      userId: actor.id, facilityId: p?.facility_id ?? null, action: 'export', resourceType: 'PersonalDataExport', resourceId: null,
      patientId: p ? patientId : null, outcome: p ? 'success' : 'not_found', details: { reference, ...(p ? {} : { patientId }) },
    }, now);
    if (!p) return null;
    const records = await recordsForExport(q, patientId);
    const log = await patientAccessLog(q, patientId);
    return {
      kind: 'yte.personal-data-export',
      version: 1,
      legalBasis: 'Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 4 khoản 1 điểm c, d (quyền truy cập và yêu cầu cung cấp dữ liệu cá nhân)',
      requestReference: reference,
      generatedAt: now.toISOString(),
      generatedBy: { id: actor.id, username: actor.username, fullName: actor.fullName },
      subject: toPatient(p),
      records,
      accessLog: log.map((r) => ({ seq: Number(r.seq), at: iso(r.at)!, username: r.username, fullName: r.user_full_name, action: r.action, resourceType: r.resource_type, outcome: r.outcome })),
    };
  }).then((x) => {
    if (!x) throw patientNotFound();
    return x;
  });
}
