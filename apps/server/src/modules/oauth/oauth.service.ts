/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4) with opaque, short-lived bearer tokens
 * (RFC 6750). A client acts as an actor of its one facility; its scopes (scopes.ts) limit which
 * integration routes it may call. Every issue, refusal and revocation is audited; the client's
 * requests are audited by the services they reach, with the client's id as the actor.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { type ClientRow, findClient, findClientByClientId, findLiveToken, insertClient, insertToken, listClients, revokeClient } from './oauth.repo.ts';
import { grantScopes, isValidScope } from './scopes.ts';

/** Token lifetime: 5 minutes (SMART Backend Services recommends no more than 5 minutes). */
export const TOKEN_TTL_S = 300;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** RFC 6749 §5.2 error. */
export class OAuthError extends Error {
  constructor(readonly status: 400 | 401, readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope', description: string) {
    super(description);
  }
}

export interface NewClient { name: string; facilityId: string; scopes: string[] }

/** Registers a client; the secret is shown once and stored only as a hash. */
export async function createClient(db: Db, by: Actor | null, input: NewClient, now = new Date()) {
  if (by && (!hasRole(by, ['facility_admin']) || !by.facilityIds.includes(input.facilityId))) throw forbidden();
  const bad = input.scopes.find((s) => !isValidScope(s));
  if (bad !== undefined || input.scopes.length === 0) throw new AppError(400, 'INVALID_SCOPE', `Unknown scope "${bad ?? ''}"`, `Phạm vi quyền không hợp lệ: "${bad ?? ''}"`, 'scopes');
  const clientId = `yte-${randomBytes(9).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  const row = { id: uuidv7(now.getTime()), client_id: clientId, name: input.name, secret_hash: sha256(secret), facility_id: input.facilityId, scopes: [...new Set(input.scopes)], created_at: now, created_by: by?.id ?? null };
  await db.tx(async (q) => {
    const f = await q.query('SELECT 1 FROM facility WHERE id = $1', [input.facilityId]);
    if (f.length === 0) throw notFound('Facility');
    await insertClient(q, row);
    await appendAudit(q, { userId: by?.id ?? null, facilityId: input.facilityId, action: 'create', resourceType: 'OAuthClient', resourceId: row.id, patientId: null, outcome: 'success', details: { clientId, scopes: row.scopes } }, now);
  });
  return { id: row.id, clientId, clientSecret: secret, name: row.name, facilityId: row.facility_id, scopes: row.scopes };
}

export const describeClient = (c: ClientRow) => ({
  id: c.id, clientId: c.client_id, name: c.name, facilityId: c.facility_id, scopes: c.scopes,
  createdAt: new Date(c.created_at).toISOString(), revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
});

export async function listClientsFor(db: Db, actor: Actor) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  return (await listClients(db, actor.facilityIds)).map(describeClient);
}

/** Revokes a client (by its uuid or client_id); its live tokens stop working at once. */
export async function revoke(db: Db, by: Actor | null, idOrClientId: string, now = new Date()) {
  if (by && !hasRole(by, ['facility_admin'])) throw forbidden();
  return db.tx(async (q) => {
    const c = /^[0-9a-f-]{36}$/i.test(idOrClientId) ? await findClient(q, idOrClientId) : await findClientByClientId(q, idOrClientId);
    if (!c || (by && !by.facilityIds.includes(c.facility_id))) throw notFound('Client');
    await revokeClient(q, c.id, now);
    await appendAudit(q, { userId: by?.id ?? null, facilityId: c.facility_id, action: 'revoke', resourceType: 'OAuthClient', resourceId: c.id, patientId: null, outcome: 'success', details: { clientId: c.client_id } }, now);
    return describeClient({ ...c, revoked_at: c.revoked_at ?? now });
  });
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The client credentials grant: checks the client, grants scopes, stores the token's hash. */
export async function issueToken(db: Db, creds: { clientId: string; clientSecret: string }, requestedScope: string | undefined, now = new Date()) {
  const c = await findClientByClientId(db, creds.clientId);
  const ok = c && !c.revoked_at && sameHash(c.secret_hash, sha256(creds.clientSecret));
  if (!c || !ok) {
    await db.tx((q) => appendAudit(q, { userId: c?.id ?? null, facilityId: c?.facility_id ?? null, action: 'token', resourceType: 'OAuthClient', resourceId: c?.id ?? null, patientId: null, outcome: 'denied', details: { clientId: creds.clientId.slice(0, 100), reason: c?.revoked_at ? 'revoked' : 'invalid_client' } }, now));
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  }
  const scopes = grantScopes(c.scopes, requestedScope);
  if (!scopes) {
    await db.tx((q) => appendAudit(q, { userId: c.id, facilityId: c.facility_id, action: 'token', resourceType: 'OAuthClient', resourceId: c.id, patientId: null, outcome: 'denied', details: { reason: 'invalid_scope', requested: requestedScope?.slice(0, 300) ?? null } }, now));
    throw new OAuthError(400, 'invalid_scope', `The requested scope exceeds the client's scopes (${c.scopes.join(' ')})`);
  }
  const token = randomBytes(32).toString('base64url');
  await db.tx(async (q) => {
    await insertToken(q, { token_hash: sha256(token), client_id: c.id, scopes, issued_at: now, expires_at: new Date(now.getTime() + TOKEN_TTL_S * 1000) });
    await appendAudit(q, { userId: c.id, facilityId: c.facility_id, action: 'token', resourceType: 'OAuthClient', resourceId: c.id, patientId: null, outcome: 'success', details: { scopes } }, now);
  });
  return { access_token: token, token_type: 'Bearer' as const, expires_in: TOKEN_TTL_S, scope: scopes.join(' ') };
}

/** The client behind a live bearer token, as an actor of its facility, with the token's scopes. */
export async function clientForToken(db: Db, token: string, now = new Date()): Promise<{ actor: Actor; scopes: string[] } | null> {
  const row = await findLiveToken(db, sha256(token), now);
  if (!row) return null;
  return {
    // The role only opens the services' role checks; what a client may reach is limited by its
    // scopes (bearer.ts) and its one facility. 'doctor' is the role every integration route accepts.
    actor: { id: row.id, username: `client:${row.client_id}`, fullName: row.name, roles: ['doctor'], facilityIds: [row.facility_id] },
    scopes: row.token_scopes,
  };
}
