/** SQL for OAuth clients and their bearer tokens (019_oauth_clients.sql). */
import type { Queryable } from '../../db/db.ts';

export interface ClientRow {
  id: string;
  client_id: string;
  name: string;
  secret_hash: string;
  facility_id: string;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const COLS = 'id, client_id, name, secret_hash, facility_id::text AS facility_id, scopes, created_at, revoked_at';

export async function insertClient(q: Queryable, c: Omit<ClientRow, 'revoked_at'> & { created_by: string | null }) {
  // The client's rows (observations it sends, …) name it as their author; those columns reference
  // app_user, so each client has a shadow account with the same id that can never log in: inactive,
  // no roles, no facilities, and a password hash no password verifies against.
  await q.query("INSERT INTO app_user (id, username, full_name, password_hash, roles, active, created_at) VALUES ($1, $2, $3, '!oauth-client', '{}', false, $4)",
    [c.id, `client:${c.client_id}`, c.name, c.created_at.toISOString()]);
  await q.query('INSERT INTO oauth_client (id, client_id, name, secret_hash, facility_id, scopes, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
    [c.id, c.client_id, c.name, c.secret_hash, c.facility_id, c.scopes, c.created_at.toISOString(), c.created_by]);
}

export async function findClientByClientId(q: Queryable, clientId: string): Promise<ClientRow | undefined> {
  return (await q.query<ClientRow>(`SELECT ${COLS} FROM oauth_client WHERE client_id = $1`, [clientId]))[0];
}

export async function findClient(q: Queryable, id: string): Promise<ClientRow | undefined> {
  return (await q.query<ClientRow>(`SELECT ${COLS} FROM oauth_client WHERE id = $1`, [id]))[0];
}

export async function listClients(q: Queryable, facilityIds: readonly string[]): Promise<ClientRow[]> {
  return q.query<ClientRow>(`SELECT ${COLS} FROM oauth_client WHERE facility_id = ANY($1::uuid[]) ORDER BY created_at, id`, [facilityIds]);
}

export async function revokeClient(q: Queryable, id: string, now: Date) {
  await q.query('UPDATE oauth_client SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now.toISOString()]);
  await q.query('DELETE FROM oauth_token WHERE client_id = $1', [id]);
}

export async function insertToken(q: Queryable, t: { token_hash: string; client_id: string; scopes: string[]; issued_at: Date; expires_at: Date }) {
  // Expired tokens are dead weight: drop the client's old ones as a new one is issued.
  await q.query('DELETE FROM oauth_token WHERE client_id = $1 AND expires_at <= $2', [t.client_id, t.issued_at.toISOString()]);
  await q.query('INSERT INTO oauth_token (token_hash, client_id, scopes, issued_at, expires_at) VALUES ($1,$2,$3,$4,$5)',
    [t.token_hash, t.client_id, t.scopes, t.issued_at.toISOString(), t.expires_at.toISOString()]);
}

/** A live token of a client that is not revoked. */
export async function findLiveToken(q: Queryable, tokenHash: string, now: Date) {
  return (await q.query<ClientRow & { token_scopes: string[] }>(
    `SELECT c.id, c.client_id, c.name, c.secret_hash, c.facility_id::text AS facility_id, c.scopes, c.created_at, c.revoked_at, t.scopes AS token_scopes
     FROM oauth_token t JOIN oauth_client c ON c.id = t.client_id
     WHERE t.token_hash = $1 AND t.expires_at > $2 AND c.revoked_at IS NULL`,
    [tokenHash, now.toISOString()],
  ))[0];
}
