/** SQL of the LRS (statements, attachments, activities, documents, clients). No logic. */
import type { Queryable } from '../../db/db.ts';
import type { StatementIndex } from './xapi.statements.ts';

type Obj = Record<string, unknown>;

export interface ClientRow { id: string; key: string; secret_hash: string; name: string; facility_id: string; active: boolean }

export async function findClientByKey(q: Queryable, key: string): Promise<ClientRow | null> {
  const [r] = await q.query<ClientRow>('SELECT id, key, secret_hash, name, facility_id, active FROM xapi_client WHERE key = $1', [key]);
  return r ?? null;
}

export async function insertClient(q: Queryable, c: Omit<ClientRow, 'active'>): Promise<void> {
  await q.query('INSERT INTO xapi_client (id, key, secret_hash, name, facility_id) VALUES ($1,$2,$3,$4,$5)', [c.id, c.key, c.secret_hash, c.name, c.facility_id]);
}

export async function findStatementsById(q: Queryable, ids: string[]): Promise<Array<{ id: string; body: Obj; is_voiding: boolean }>> {
  if (ids.length === 0) return [];
  return q.query('SELECT id::text, body, is_voiding FROM xapi_statement WHERE id = ANY($1::uuid[])', [ids]);
}

export interface NewStatement extends StatementIndex { id: string; body: Obj; attachmentHashes: string[] }

/** One INSERT for the whole batch (jsonb_to_recordset keeps row order, so seq follows it). */
export async function insertStatements(q: Queryable, rows: NewStatement[], facilityId: string, clientId: string, stored: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({
    id: r.id, verb_id: r.verbId, agents: r.agents, related_agents: r.relatedAgents, activity_id: r.activityId,
    related_activities: r.relatedActivities, registration: r.registration, ref_id: r.refId, is_voiding: r.isVoiding,
    attachment_hashes: r.attachmentHashes, body: r.body,
  })));
  await q.query(
    `INSERT INTO xapi_statement (id, facility_id, client_id, stored, verb_id, agents, related_agents, activity_id,
       related_activities, registration, ref_id, is_voiding, attachment_hashes, body)
     SELECT x.id, $2, $3, $4, x.verb_id, x.agents, x.related_agents, x.activity_id, x.related_activities,
       x.registration, x.ref_id, x.is_voiding, x.attachment_hashes, x.body
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, verb_id text, agents text[], related_agents text[],
       activity_id text, related_activities text[], registration uuid, ref_id uuid, is_voiding boolean,
       attachment_hashes text[], body jsonb)) WITH ORDINALITY AS x(id, verb_id, agents, related_agents, activity_id,
       related_activities, registration, ref_id, is_voiding, attachment_hashes, body, ord)
     ORDER BY x.ord`,
    [json, facilityId, clientId, stored],
  );
}

/** Data 2.3.2: targets of voiding statements become voided; so does a new statement already targeted. */
export async function applyVoiding(q: Queryable, targets: string[], newIds: string[]): Promise<void> {
  if (targets.length) await q.query('UPDATE xapi_statement SET voided = true WHERE id = ANY($1::uuid[]) AND NOT is_voiding', [targets]);
  if (newIds.length) {
    await q.query(`UPDATE xapi_statement s SET voided = true WHERE s.id = ANY($1::uuid[]) AND NOT s.is_voiding
      AND EXISTS (SELECT 1 FROM xapi_statement v WHERE v.ref_id = s.id AND v.is_voiding)`, [newIds]);
  }
}

export async function insertAttachments(q: Queryable, atts: Array<{ sha2: string; contentType: string; data: Buffer }>): Promise<void> {
  for (const a of atts) {
    await q.query('INSERT INTO xapi_attachment (sha2, content_type, data) VALUES ($1,$2,$3) ON CONFLICT (sha2) DO NOTHING', [a.sha2, a.contentType, a.data]);
  }
}

export async function findAttachments(q: Queryable, hashes: string[]): Promise<Array<{ sha2: string; content_type: string; data: Buffer }>> {
  if (hashes.length === 0) return [];
  const rows = await q.query<{ sha2: string; content_type: string; data: Uint8Array }>('SELECT sha2, content_type, data FROM xapi_attachment WHERE sha2 = ANY($1)', [hashes]);
  return rows.map((r) => ({ ...r, data: Buffer.from(r.data) }));
}

export async function findActivities(q: Queryable, facilityId: string, ids: string[]): Promise<Map<string, Obj>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: string; body: Obj }>('SELECT id, body FROM xapi_activity WHERE facility_id = $1 AND id = ANY($2)', [facilityId, ids]);
  return new Map(rows.map((r) => [r.id, r.body]));
}

export async function upsertActivities(q: Queryable, facilityId: string, acts: Obj[]): Promise<void> {
  if (acts.length === 0) return;
  await q.query(
    `INSERT INTO xapi_activity (facility_id, id, body)
     SELECT $1, x->>'id', x FROM jsonb_array_elements($2::jsonb) AS x
     ON CONFLICT (facility_id, id) DO UPDATE SET body = EXCLUDED.body`,
    [facilityId, JSON.stringify(acts)],
  );
}

export async function findStatement(q: Queryable, facilityId: string, id: string): Promise<{ body: Obj; voided: boolean; stored: Date; attachment_hashes: string[] } | null> {
  const [r] = await q.query<{ body: Obj; voided: boolean; stored: Date; attachment_hashes: string[] }>(
    'SELECT body, voided, stored, attachment_hashes FROM xapi_statement WHERE facility_id = $1 AND id = $2', [facilityId, id]);
  return r ?? null;
}

export interface StatementFilter {
  agent?: string; relatedAgents?: boolean; verb?: string; activity?: string; relatedActivities?: boolean;
  registration?: string; since?: string; until?: string;
}

/**
 * Communication 2.1.3: the filters select statements (voided ones included); statements that
 * target a selected one through a StatementRef are selected too, transitively; voided statements
 * are then left out, and since/until/paging apply to what remains.
 */
export async function queryStatements(q: Queryable, facilityId: string, f: StatementFilter, page: { ascending: boolean; limit: number; afterSeq: number | null; maxSeq: number }): Promise<Array<{ seq: number; body: Obj; attachment_hashes: string[] }>> {
  const params: unknown[] = [facilityId];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const sel: string[] = [];
  // @> uses the GIN indexes; agents ⊆ related_agents, so the actor/object filter rechecks agents.
  if (f.agent) {
    const k = p([f.agent]);
    sel.push(f.relatedAgents ? `m.related_agents @> ${k}::text[]` : `m.related_agents @> ${k}::text[] AND m.agents @> ${k}::text[]`);
  }
  if (f.verb) sel.push(`m.verb_id = ${p(f.verb)}`);
  if (f.activity) sel.push(f.relatedActivities ? `m.related_activities @> ${p([f.activity])}::text[]` : `m.activity_id = ${p(f.activity)}`);
  if (f.registration) sel.push(`m.registration = ${p(f.registration)}`);
  const where = ['s.facility_id = $1', 'NOT s.voided', `s.seq <= ${p(page.maxSeq)}`];
  if (f.since) where.push(`s.stored > ${p(f.since)}`);
  if (f.until) where.push(`s.stored <= ${p(f.until)}`);
  if (page.afterSeq !== null) where.push(`s.seq ${page.ascending ? '>' : '<'} ${p(page.afterSeq)}`);
  let sql = '';
  if (sel.length) {
    sql = `WITH RECURSIVE hit(id) AS (
        SELECT m.id FROM xapi_statement m WHERE m.facility_id = $1 AND ${sel.join(' AND ')}
        UNION SELECT r.id FROM xapi_statement r JOIN hit ON r.ref_id = hit.id WHERE r.facility_id = $1)
      SELECT s.seq, s.body, s.attachment_hashes FROM xapi_statement s JOIN hit ON hit.id = s.id`;
  } else {
    sql = 'SELECT s.seq, s.body, s.attachment_hashes FROM xapi_statement s';
  }
  sql += ` WHERE ${where.join(' AND ')} ORDER BY s.seq ${page.ascending ? 'ASC' : 'DESC'} LIMIT ${p(page.limit)}`;
  return q.query(sql, params);
}

export async function maxSeq(q: Queryable, facilityId: string): Promise<number> {
  const [r] = await q.query<{ m: number | null }>('SELECT max(seq) AS m FROM xapi_statement WHERE facility_id = $1', [facilityId]);
  return Number(r?.m ?? 0);
}

export async function agentNames(q: Queryable, facilityId: string, key: string): Promise<string[]> {
  const rows = await q.query<{ name: string }>(
    `SELECT DISTINCT body->'actor'->>'name' AS name FROM xapi_statement
     WHERE facility_id = $1 AND related_agents @> $2::text[] AND $3 = ANY(agents) AND body->'actor'->>'name' IS NOT NULL LIMIT 20`, [facilityId, [key], key]);
  return rows.map((r) => r.name);
}

// ---- documents (state, activity profile, agent profile) ----

export type DocKind = 'state' | 'activity_profile' | 'agent_profile';
export interface DocKey { kind: DocKind; activityId: string; agentKey: string; registration: string; docId: string }
export interface DocRow { content_type: string; content: Buffer; etag: string; updated: Date }

const keyParams = (facilityId: string, k: Omit<DocKey, 'docId'>) => [facilityId, k.kind, k.activityId, k.agentKey, k.registration];
const KEY_SQL = 'facility_id = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND registration = $5';

export async function getDocument(q: Queryable, facilityId: string, k: DocKey): Promise<DocRow | null> {
  const [r] = await q.query<{ content_type: string; content: Uint8Array; etag: string; updated: Date }>(
    `SELECT content_type, content, etag, updated FROM xapi_document WHERE ${KEY_SQL} AND doc_id = $6`, [...keyParams(facilityId, k), k.docId]);
  return r ? { ...r, content: Buffer.from(r.content) } : null;
}

export async function listDocumentIds(q: Queryable, facilityId: string, k: Omit<DocKey, 'docId'>, since: string | null): Promise<string[]> {
  const rows = await q.query<{ doc_id: string }>(
    `SELECT doc_id FROM xapi_document WHERE ${KEY_SQL}${since ? ' AND updated > $6' : ''} ORDER BY doc_id`,
    since ? [...keyParams(facilityId, k), since] : keyParams(facilityId, k));
  return rows.map((r) => r.doc_id);
}

export async function putDocument(q: Queryable, facilityId: string, k: DocKey, d: DocRow): Promise<void> {
  await q.query(
    `INSERT INTO xapi_document (facility_id, kind, activity_id, agent_key, registration, doc_id, content_type, content, etag, updated)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     ON CONFLICT (facility_id, kind, activity_id, agent_key, registration, doc_id)
     DO UPDATE SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, etag = EXCLUDED.etag, updated = EXCLUDED.updated`,
    [...keyParams(facilityId, k), k.docId, d.content_type, d.content, d.etag, d.updated]);
}

export async function deleteDocuments(q: Queryable, facilityId: string, k: Omit<DocKey, 'docId'> & { docId?: string }): Promise<void> {
  if (k.docId !== undefined) await q.query(`DELETE FROM xapi_document WHERE ${KEY_SQL} AND doc_id = $6`, [...keyParams(facilityId, k), k.docId]);
  else await q.query(`DELETE FROM xapi_document WHERE ${KEY_SQL}`, keyParams(facilityId, k));
}
