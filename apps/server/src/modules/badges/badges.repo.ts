/** SQL for issuer keys and badges (no logic). */
import type { Queryable } from '../../db/db.ts';

export interface KeyRow {
  id: string;
  facility_id: string;
  did: string;
  public_key_multibase: string;
  secret_key_enc: string;
  valid_from: Date;
  valid_until: Date | null;
  status_list_url: string;
  status_list_encoded: string;
  status_list_credential: Record<string, unknown>;
}

export interface BadgeRow {
  id: string;
  facility_id: string;
  key_id: string;
  status_index: number;
  learner_id: string;
  learner_user_id: string | null;
  learner_name: string;
  achievement_id: string;
  achievement_name: string;
  credential: Record<string, unknown>;
  credential_jwt: string | null;
  issued_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const keyOut = (r: KeyRow): KeyRow => ({ ...r, status_list_credential: json(r.status_list_credential), valid_from: new Date(r.valid_from), valid_until: r.valid_until ? new Date(r.valid_until) : null });
const badgeOut = (r: BadgeRow): BadgeRow => ({ ...r, credential: json(r.credential), issued_at: new Date(r.issued_at), revoked_at: r.revoked_at ? new Date(r.revoked_at) : null });

export async function lockFacility(q: Queryable, facilityId: string): Promise<{ id: string; name: string } | undefined> {
  return (await q.query<{ id: string; name: string }>('SELECT id, name FROM facility WHERE id = $1 FOR UPDATE', [facilityId]))[0];
}

export async function currentKey(q: Queryable, facilityId: string): Promise<KeyRow | undefined> {
  const r = (await q.query<KeyRow>('SELECT * FROM badge_issuer_key WHERE facility_id = $1 AND valid_until IS NULL', [facilityId]))[0];
  return r && keyOut(r);
}

export async function keyById(q: Queryable, id: string, lock = false): Promise<KeyRow | undefined> {
  const r = (await q.query<KeyRow>(`SELECT * FROM badge_issuer_key WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
  return r && keyOut(r);
}

export async function keysByStatusListUrls(q: Queryable, urls: string[]): Promise<KeyRow[]> {
  if (urls.length === 0) return [];
  return (await q.query<KeyRow>('SELECT * FROM badge_issuer_key WHERE status_list_url = ANY($1::text[])', [urls])).map(keyOut);
}

export async function keyByDid(q: Queryable, did: string): Promise<(KeyRow & { facility_name: string }) | undefined> {
  const r = (await q.query<KeyRow & { facility_name: string }>('SELECT k.*, f.name AS facility_name FROM badge_issuer_key k JOIN facility f ON f.id = k.facility_id WHERE k.did = $1', [did]))[0];
  return r && { ...keyOut(r), facility_name: r.facility_name };
}

export async function listKeys(q: Queryable, facilityId: string | null): Promise<Array<KeyRow & { facility_name: string }>> {
  const rows = await q.query<KeyRow & { facility_name: string }>(
    `SELECT k.*, f.name AS facility_name FROM badge_issuer_key k JOIN facility f ON f.id = k.facility_id
     WHERE ($1::uuid IS NULL OR k.facility_id = $1::uuid) ORDER BY f.name, k.valid_from`, [facilityId]);
  return rows.map((r) => ({ ...keyOut(r), facility_name: r.facility_name }));
}

export async function insertKey(q: Queryable, k: Omit<KeyRow, 'valid_until'> & { created_by: string | null }) {
  await q.query(
    `INSERT INTO badge_issuer_key (id, facility_id, did, public_key_multibase, secret_key_enc, valid_from, status_list_url, status_list_encoded, status_list_credential, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [k.id, k.facility_id, k.did, k.public_key_multibase, k.secret_key_enc, k.valid_from.toISOString(), k.status_list_url, k.status_list_encoded, JSON.stringify(k.status_list_credential), k.created_by],
  );
}

export async function retireKey(q: Queryable, id: string, at: Date) {
  await q.query('UPDATE badge_issuer_key SET valid_until = $2 WHERE id = $1', [id, at.toISOString()]);
}

export async function updateStatusList(q: Queryable, keyId: string, encoded: string, credential: Record<string, unknown>) {
  await q.query('UPDATE badge_issuer_key SET status_list_encoded = $2, status_list_credential = $3 WHERE id = $1', [keyId, encoded, JSON.stringify(credential)]);
}

export async function indexTaken(q: Queryable, keyId: string, index: number): Promise<boolean> {
  return (await q.query('SELECT 1 FROM badge WHERE key_id = $1 AND status_index = $2', [keyId, index])).length > 0;
}

export async function insertBadge(q: Queryable, b: Omit<BadgeRow, 'revoked_at' | 'revoke_reason'> & { issued_by: string | null }) {
  await q.query(
    `INSERT INTO badge (id, facility_id, key_id, status_index, learner_id, learner_user_id, learner_name, achievement_id, achievement_name, credential, credential_jwt, issued_at, issued_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [b.id, b.facility_id, b.key_id, b.status_index, b.learner_id, b.learner_user_id, b.learner_name, b.achievement_id, b.achievement_name, JSON.stringify(b.credential), b.credential_jwt, b.issued_at.toISOString(), b.issued_by],
  );
}

export async function setBadgeJwt(q: Queryable, id: string, jwt: string) {
  await q.query('UPDATE badge SET credential_jwt = $2 WHERE id = $1 AND credential_jwt IS NULL', [id, jwt]);
}

export async function badgeById(q: Queryable, id: string, lock = false): Promise<BadgeRow | undefined> {
  const r = (await q.query<BadgeRow>(`SELECT * FROM badge WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
  return r && badgeOut(r);
}

export async function listBadges(q: Queryable, f: { facilityIds?: string[]; learnerUserId?: string; limit: number }): Promise<BadgeRow[]> {
  const rows = await q.query<BadgeRow>(
    `SELECT * FROM badge WHERE ($1::uuid[] IS NULL OR facility_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR learner_user_id = $2::uuid)
     ORDER BY issued_at DESC, id DESC LIMIT $3`,
    [f.facilityIds ?? null, f.learnerUserId ?? null, f.limit],
  );
  return rows.map(badgeOut);
}

export async function markRevoked(q: Queryable, id: string, by: string, at: Date, reason: string) {
  await q.query('UPDATE badge SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1', [id, at.toISOString(), by, reason]);
}
