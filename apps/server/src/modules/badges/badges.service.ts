/**
 * Badges: per-facility issuer keys (encrypted at rest, rotated with validity periods), issuing an
 * Open Badges 3.0 credential when a learner completes a role path, revocation through the key's
 * Bitstring Status List, and verification. Every command and every verification is audited in the
 * same transaction. The credential format and the cryptography live in ./credential (pure).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import * as cred from './credential/index.ts';
import * as repo from './badges.repo.ts';
import { openSecret, resolveKek, sealSecret } from './badges.keystore.ts';

export type BadgeConfig = Pick<Config, 'host' | 'port' | 'dataDir' | 'publicUrl' | 'badgeKeySecret'>;

export const publicBaseUrl = (c: BadgeConfig) => (c.publicUrl ?? `http://${c.host}:${c.port}`).replace(/\/+$/, '');
export const statusListUrl = (c: BadgeConfig, keyId: string) => `${publicBaseUrl(c)}/api/badges/status/${keyId}`;
/** The page a QR code opens: apps/web's public verification page. */
export const verifyPageUrl = (c: BadgeConfig, badgeId: string) => `${publicBaseUrl(c)}/verify/${badgeId}`;

export interface IssueBadgeInput {
  facilityId: string;
  /** id: the learner's user id (uuid) or another URI; userId links the badge to an account. */
  learner: { id: string; name: string; userId?: string | null };
  achievement: cred.AchievementInput;
  validUntil?: Date | null;
}

export interface IssuedBadge {
  id: string;
  credential: cred.Credential;
  /** The same credential as a VC-JWT (VC-JOSE-COSE, EdDSA, same key). */
  jwt: string;
  verifyUrl: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI_RE = /^[a-z][a-z0-9+.-]*:\S+$/i;
const ISSUERS: Actor['roles'] = ['facility_admin'];

function subjectUri(id: string): string {
  if (UUID_RE.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  if (URI_RE.test(id)) return id;
  throw badInput('BADGE_LEARNER_ID', 'learner.id must be a UUID or a URI', 'learner.id phải là UUID hoặc URI', 'learner.id');
}

function requireFacilityAdmin(actor: Actor, facilityId: string) {
  if (!hasRole(actor, ISSUERS) || !actor.facilityIds.includes(facilityId)) throw forbidden();
}

async function signingKey(config: BadgeConfig, k: repo.KeyRow): Promise<cred.IssuerKey> {
  const secretKeyMultibase = openSecret(resolveKek(config), k.secret_key_enc, k.id);
  return { did: k.did, verificationMethod: `${k.did}#${k.public_key_multibase}`, publicKeyMultibase: k.public_key_multibase, secretKeyMultibase };
}

/** Makes and stores a new current key for a facility (the caller holds the facility lock). */
async function createKey(q: Queryable, config: BadgeConfig, facility: { id: string; name: string }, by: string | null, now: Date): Promise<repo.KeyRow> {
  const id = uuidv7(now.getTime());
  const key = await cred.keyFromSeed(randomBytes(32));
  const url = statusListUrl(config, id);
  const encoded = await cred.emptyEncodedList();
  const list = await cred.signStatusList({ listUrl: url, encodedList: encoded, key, issuerName: facility.name, now });
  const row: repo.KeyRow = {
    id, facility_id: facility.id, did: key.did, public_key_multibase: key.publicKeyMultibase,
    secret_key_enc: sealSecret(resolveKek(config), key.secretKeyMultibase, id),
    valid_from: now, valid_until: null, status_list_url: url, status_list_encoded: encoded, status_list_credential: list,
  };
  await repo.insertKey(q, { ...row, created_by: by });
  await appendAudit(q, { userId: by, facilityId: facility.id, action: 'create', resourceType: 'BadgeIssuerKey', resourceId: id, patientId: null, outcome: 'success', details: { did: key.did } }, now);
  return row;
}

async function lockedFacility(q: Queryable, facilityId: string) {
  const f = await repo.lockFacility(q, facilityId);
  if (!f) throw notFound('Facility');
  return f;
}

/**
 * Issues a badge inside the caller's transaction: the training module calls this when a learner
 * completes a role path, so the completion and its credential commit together. No permission
 * check here: the caller decides who earned what.
 */
export async function issueBadgeTx(q: Queryable, config: BadgeConfig, input: IssueBadgeInput, by: string | null, now = new Date()): Promise<IssuedBadge> {
  const a = input.achievement;
  if (!URI_RE.test(a.id)) throw badInput('BADGE_ACHIEVEMENT_ID', 'achievement.id must be a URI (e.g. urn:yte:training:path:station_staff)', 'achievement.id phải là URI (ví dụ urn:yte:training:path:station_staff)', 'achievement.id');
  for (const f of ['name', 'description', 'criteria'] as const) {
    if (!a[f]?.trim()) throw badInput('BADGE_ACHIEVEMENT_FIELD', `achievement.${f} is required`, `Thiếu achievement.${f}`, `achievement.${f}`);
  }
  if (!input.learner.name.trim()) throw badInput('BADGE_LEARNER_NAME', 'learner.name is required', 'Thiếu tên học viên', 'learner.name');
  if (input.validUntil && input.validUntil.getTime() <= now.getTime()) throw badInput('BADGE_VALID_UNTIL', 'validUntil must be in the future', 'Ngày hết hạn phải ở tương lai', 'validUntil');
  const subjectId = subjectUri(input.learner.id);

  const facility = await lockedFacility(q, input.facilityId);
  const keyRow = (await repo.currentKey(q, facility.id)) ?? (await createKey(q, config, facility, by, now));
  // A random free index (Bitstring Status List §6.1: random assignment keeps the list uninformative).
  let index = randomInt(cred.STATUS_LIST_LENGTH);
  for (let tries = 0; await repo.indexTaken(q, keyRow.id, index); tries++) {
    if (tries > 1000) throw new AppError(409, 'BADGE_STATUS_LIST_FULL', 'The status list of this key is full: rotate the key', 'Danh sách trạng thái của khoá đã đầy: hãy đổi khoá');
    index = randomInt(cred.STATUS_LIST_LENGTH);
  }
  const id = uuidv7(now.getTime());
  const key = await signingKey(config, keyRow);
  const credential = await cred.issueBadge({
    id: `urn:uuid:${id}`,
    issuer: { name: facility.name, url: publicBaseUrl(config) },
    achievement: a,
    learner: { id: subjectId, name: input.learner.name.trim() },
    now,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    status: { listUrl: keyRow.status_list_url, index },
  }, key);
  const jwt = cred.signCredentialJwt(credential, key);
  await repo.insertBadge(q, {
    id, facility_id: facility.id, key_id: keyRow.id, status_index: index, learner_id: subjectId, learner_user_id: input.learner.userId ?? null,
    learner_name: input.learner.name.trim(), achievement_id: a.id, achievement_name: a.name, credential, credential_jwt: jwt, issued_at: now, issued_by: by,
  }).catch((e: unknown) => {
    // learner.userId names no account (foreign key): the caller's mistake, not a server fault.
    if ((e as { code?: string }).code === '23503') throw badInput('BADGE_LEARNER_USER', 'learner.userId is not a user of this server', 'learner.userId không phải người dùng trên máy chủ này', 'learner.userId');
    throw e;
  });
  await appendAudit(q, { userId: by, facilityId: facility.id, action: 'issue', resourceType: 'Badge', resourceId: id, patientId: null, outcome: 'success', details: { achievementId: a.id, learnerId: subjectId, did: keyRow.did } }, now);
  return { id, credential, jwt, verifyUrl: verifyPageUrl(config, id) };
}

/** issueBadgeTx in its own transaction (for callers that are not already in one). */
export function issueBadge(db: Db, config: BadgeConfig, input: IssueBadgeInput, by: string | null, now = new Date()): Promise<IssuedBadge> {
  return db.tx((q) => issueBadgeTx(q, config, input, by, now));
}

/** The admin/test route: a facility admin issues for their own facility. */
export function issueBadgeAsAdmin(db: Db, config: BadgeConfig, actor: Actor, input: IssueBadgeInput, now = new Date()) {
  requireFacilityAdmin(actor, input.facilityId);
  return issueBadge(db, config, input, actor.id, now);
}

/** Retires the facility's current key (its validity ends now) and makes a new one. */
export async function rotateKey(db: Db, config: BadgeConfig, actor: Actor, facilityId: string, now = new Date()) {
  requireFacilityAdmin(actor, facilityId);
  return db.tx(async (q) => {
    const facility = await lockedFacility(q, facilityId);
    const old = await repo.currentKey(q, facilityId);
    if (old) await repo.retireKey(q, old.id, now);
    const fresh = await createKey(q, config, facility, actor.id, now);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'rotate', resourceType: 'BadgeIssuerKey', resourceId: fresh.id, patientId: null, outcome: 'success', details: { retired: old?.did ?? null, current: fresh.did } }, now);
    return { retired: old ? { did: old.did, validFrom: old.valid_from.toISOString(), validUntil: now.toISOString() } : null, current: { did: fresh.did, validFrom: now.toISOString() } };
  });
}

/** Sets the badge's bit in its key's status list and re-signs the list with that key. */
export async function revokeBadge(db: Db, config: BadgeConfig, actor: Actor, badgeId: string, reason: string, now = new Date()) {
  return db.tx(async (q) => {
    const b = await repo.badgeById(q, badgeId, true);
    if (!b || !actor.facilityIds.includes(b.facility_id)) throw notFound('Badge');
    requireFacilityAdmin(actor, b.facility_id);
    if (b.revoked_at) throw new AppError(409, 'BADGE_ALREADY_REVOKED', 'This badge is already revoked', 'Chứng chỉ này đã bị thu hồi');
    if (!reason.trim()) throw badInput('BADGE_REVOKE_REASON', 'A reason is required', 'Cần nêu lý do', 'reason');
    const k = (await repo.keyById(q, b.key_id, true))!;
    const facility = (await repo.lockFacility(q, b.facility_id))!;
    const encoded = await cred.setBits(k.status_list_encoded, [b.status_index]);
    // A retired key still signs its own list: badges it issued stay revocable.
    const list = await cred.signStatusList({ listUrl: k.status_list_url, encodedList: encoded, key: await signingKey(config, k), issuerName: facility.name, now });
    await repo.updateStatusList(q, k.id, encoded, list);
    await repo.markRevoked(q, b.id, actor.id, now, reason.trim());
    await appendAudit(q, { userId: actor.id, facilityId: b.facility_id, action: 'revoke', resourceType: 'Badge', resourceId: b.id, patientId: null, outcome: 'success', details: { reason: reason.trim(), statusIndex: b.status_index, did: k.did } }, now);
    return { id: b.id, revokedAt: now.toISOString() };
  });
}

/** The public status list credential of a key. */
export async function statusListCredential(db: Db, keyId: string) {
  const k = await repo.keyById(db, keyId);
  if (!k) throw notFound('Status list');
  return k.status_list_credential;
}

export interface BadgeSummary {
  id: string; facilityId: string; learnerId: string; learnerName: string; achievementId: string; achievementName: string;
  issuedAt: string; revokedAt: string | null; revokeReason: string | null; verifyUrl: string;
}
const summary = (config: BadgeConfig, b: repo.BadgeRow): BadgeSummary => ({
  id: b.id, facilityId: b.facility_id, learnerId: b.learner_id, learnerName: b.learner_name, achievementId: b.achievement_id, achievementName: b.achievement_name,
  issuedAt: b.issued_at.toISOString(), revokedAt: b.revoked_at?.toISOString() ?? null, revokeReason: b.revoke_reason, verifyUrl: verifyPageUrl(config, b.id),
});

/** Facility admins see their facilities' badges; everyone sees their own. */
export async function listBadges(db: Db, config: BadgeConfig, actor: Actor, f: { facilityId?: string; mine?: boolean }) {
  if (f.mine || !hasRole(actor, ISSUERS)) return (await repo.listBadges(db, { learnerUserId: actor.id, limit: 500 })).map((b) => summary(config, b));
  if (f.facilityId && !actor.facilityIds.includes(f.facilityId)) throw forbidden();
  return (await repo.listBadges(db, { facilityIds: f.facilityId ? [f.facilityId] : actor.facilityIds, limit: 500 })).map((b) => summary(config, b));
}

/** A badge for its learner or an admin of its facility (download as JSON or PDF); audited. */
export async function getBadgeForDownload(db: Db, config: BadgeConfig, actor: Actor, id: string, format: 'json' | 'pdf' | 'jwt') {
  return db.tx(async (q) => {
    const b = await repo.badgeById(q, id, format === 'jwt');
    const allowed = b && (b.learner_user_id === actor.id || (hasRole(actor, ISSUERS) && actor.facilityIds.includes(b.facility_id)));
    if (!b || !allowed) throw notFound('Badge');
    let jwt = b.credential_jwt;
    if (format === 'jwt' && jwt === null) {
      // A badge issued before VC-JWTs were kept: sign its credential now with the key that issued it
      // (a retired key still signs for its own badges; Ed25519 is deterministic).
      jwt = cred.signCredentialJwt(b.credential, await signingKey(config, (await repo.keyById(q, b.key_id))!));
      await repo.setBadgeJwt(q, b.id, jwt);
    }
    await appendAudit(q, { userId: actor.id, facilityId: b.facility_id, action: `download_${format}`, resourceType: 'Badge', resourceId: b.id, patientId: null, outcome: 'success', details: null });
    return { badge: summary(config, b), credential: b.credential, jwt };
  });
}

export interface ServerVerifyOutcome extends cred.VerifyOutcome {
  /** The facility key that signed it, when this server issued it. */
  issuerKey: { facilityId: string; facilityName: string; validFrom: string; validUntil: string | null; current: boolean; signedWithinValidity: boolean } | null;
  badgeId: string | null;
}

/**
 * Verifies any OpenBadgeCredential with this server's current status lists (the same offline
 * verifier the CLI uses), and says which facility key signed it. Audited (public: no user).
 */
export async function verifyCredential(db: Db, credential: unknown, by: string | null, now = new Date()): Promise<ServerVerifyOutcome> {
  // A VC-JWT (compact or enveloped): its payload, read here only to find the status list URLs and
  // the id; verifyBadge checks the signature before any of it counts.
  const jwt = cred.jwtOf(credential);
  const c = (jwt !== null ? peekJwtPayload(jwt) : typeof credential === 'object' && credential !== null ? credential : {}) as Record<string, unknown>;
  const statuses = (Array.isArray(c.credentialStatus) ? c.credentialStatus : c.credentialStatus ? [c.credentialStatus] : []) as Array<Record<string, unknown>>;
  const urls = statuses.map((s) => s?.statusListCredential).filter((u): u is string => typeof u === 'string');
  const keys = await repo.keysByStatusListUrls(db, urls);
  const outcome = await cred.verifyBadge(credential, { now, statusLists: keys.map((k) => k.status_list_credential) });
  let issuerKey: ServerVerifyOutcome['issuerKey'] = null;
  if (outcome.issuer) {
    const k = await repo.keyByDid(db, outcome.issuer.id);
    if (k) {
      const created = Date.parse(String((c.proof as Record<string, unknown>)?.created ?? c.validFrom));
      issuerKey = {
        facilityId: k.facility_id, facilityName: k.facility_name, validFrom: k.valid_from.toISOString(), validUntil: k.valid_until?.toISOString() ?? null,
        current: k.valid_until === null, signedWithinValidity: created >= k.valid_from.getTime() - 1000 && (k.valid_until === null || created <= k.valid_until.getTime()),
      };
    }
  }
  const idMatch = typeof c.id === 'string' ? /^urn:uuid:([0-9a-f-]{36})$/i.exec(c.id) : null;
  const badgeId = idMatch && issuerKey ? idMatch[1]!.toLowerCase() : null;
  await db.tx((q) => appendAudit(q, {
    userId: by, facilityId: issuerKey?.facilityId ?? null, action: 'verify', resourceType: 'Badge', resourceId: badgeId, patientId: null,
    outcome: 'success', details: { reason: outcome.reason, did: outcome.issuer?.id ?? null },
  }, now));
  return { ...outcome, issuerKey, badgeId };
}

function peekJwtPayload(jwt: string): unknown {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/** Verifies a badge this server stored (the QR code's page), returning it for display. */
export async function verifyStoredBadge(db: Db, id: string, by: string | null, now = new Date()) {
  const b = await repo.badgeById(db, id);
  if (!b) throw notFound('Badge');
  return { credential: b.credential, outcome: await verifyCredential(db, b.credential, by, now) };
}

/** The public issuer registry: every facility key with its validity period (no secrets). */
export async function listIssuerKeys(db: Db, facilityId: string | null) {
  return (await repo.listKeys(db, facilityId)).map((k) => ({
    facilityId: k.facility_id, facilityName: k.facility_name, did: k.did, validFrom: k.valid_from.toISOString(), validUntil: k.valid_until?.toISOString() ?? null, statusListUrl: k.status_list_url,
  }));
}
