/**
 * The LRS's logic: client authentication, storing statements (validation, 409 rule, voiding,
 * attachments, activity definitions, all in one transaction), querying them, and documents with
 * their concurrency rules. HTTP framing lives in xapi.handler.ts.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import * as repo from './xapi.repo.ts';
import { activitiesOf, checkSignature, indexStatement, mergeActivity, sameStatement } from './xapi.statements.ts';
import { isObj, normaliseStatement, SIGNATURE_USAGE, validateStatement, XapiInvalid } from './xapi.validate.ts';

type Obj = Record<string, unknown>;

export interface LrsClient { id: string; key: string; name: string; facilityId: string }

export const xapiError = (status: number, code: string, message: string, messageVi: string) => new AppError(status, code, message, messageVi);
export const invalid = (message: string) => xapiError(400, 'XAPI_INVALID', message, `Dữ liệu xAPI không hợp lệ: ${message}`);

// ---- clients ----

/** Registers an LRS client (HTTP Basic key/secret) acting for a facility; `secretHash` is an argon2id hash. */
export async function registerClient(db: Queryable, c: { key: string; name: string; facilityId: string } & ({ secret: string } | { secretHash: string })): Promise<string> {
  const id = uuidv7();
  const hash = 'secretHash' in c ? c.secretHash : await hashPassword(c.secret);
  await repo.insertClient(db, { id, key: c.key, secret_hash: hash, name: c.name, facility_id: c.facilityId });
  return id;
}

/** The demo data's LRS client (Basic demo-lrs / yte-demo), so the ADL suite runs against `npm start`. */
export const DEMO_LRS_CLIENT = { key: 'demo-lrs', name: 'yte demo LRS client', facilityCode: 'BVDK-TN' } as const;

// argon2 costs ~20 ms a check: remember good credentials (by their SHA-256) for a few minutes, so
// a client's request stream is not throttled by hashing. A revoked client is refused after the TTL.
const CACHE_TTL_MS = 5 * 60_000;
// Per database: tests and benches run several apps in one process.
const authCaches = new WeakMap<Db, Map<string, { client: LrsClient; until: number }>>();

export async function authenticate(db: Db, header: string | undefined): Promise<LrsClient> {
  const unauth = () => xapiError(401, 'XAPI_UNAUTHENTICATED', 'HTTP Basic credentials of a registered LRS client are required', 'Cần thông tin xác thực Basic của một máy khách LRS đã đăng ký');
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) throw unauth();
  let authCache = authCaches.get(db);
  if (!authCache) authCaches.set(db, (authCache = new Map()));
  const cacheKey = createHash('sha256').update(m[1]!).digest('hex');
  const hit = authCache.get(cacheKey);
  const now = Date.now();
  if (hit && hit.until > now) return hit.client;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) throw unauth();
  const row = await repo.findClientByKey(db, decoded.slice(0, i));
  if (!row || !row.active || !(await verifyPassword(row.secret_hash, decoded.slice(i + 1)))) throw unauth();
  const client = { id: row.id, key: row.key, name: row.name, facilityId: row.facility_id };
  if (authCache.size > 1000) authCache.clear();
  authCache.set(cacheKey, { client, until: now + CACHE_TTL_MS });
  return client;
}

/**
 * The platform's own client for a facility: what the training module records learning events
 * through (the same validation, 409 rule and storage as the HTTP LRS). Its secret hash is not an
 * argon2 hash, so nobody can log in as it over HTTP.
 */
export async function platformClient(db: Db, facilityId: string): Promise<LrsClient> {
  const key = `yte-platform-${facilityId}`;
  const found = await repo.findClientByKey(db, key);
  if (found) return { id: found.id, key, name: found.name, facilityId };
  const id = uuidv7();
  await db.query(`INSERT INTO xapi_client (id, key, secret_hash, name, facility_id) VALUES ($1, $2, '!', 'yte', $3)
    ON CONFLICT (key) DO NOTHING`, [id, key, facilityId]);
  const row = (await repo.findClientByKey(db, key))!;
  return { id: row.id, key, name: row.name, facilityId };
}

/** Records statements made by the platform itself (e.g. training attempts); returns their ids. */
export async function recordStatements(db: Db, facilityId: string, statements: unknown[], now: Date): Promise<string[]> {
  return storeStatements(db, await platformClient(db, facilityId), statements, new Map(), now);
}

/**
 * recordStatements inside the caller's transaction (`q`), so a learning event and its statement
 * commit or roll back together. The platform mints fresh statement ids, so no id race to retry.
 */
export async function recordStatementsTx(q: Queryable, facilityId: string, statements: unknown[], now: Date): Promise<string[]> {
  const inTx: Db = { kind: 'postgres', query: <T,>(sql: string, params?: unknown[]) => q.query<T>(sql, params), exec: (sql) => q.exec(sql), tx: (fn) => fn(q), close: async () => {} };
  return storeStatements(inTx, await platformClient(inTx, facilityId), statements, new Map(), now);
}

/** Data 2.4.9: the LRS sets authority to the client that sent the statement. */
export const authorityOf = (c: LrsClient): Obj => ({ objectType: 'Agent', name: c.name, account: { homePage: 'urn:yte:xapi:client', name: c.key } });

// ---- statements ----

export interface Attachment { sha2: string; contentType: string; data: Buffer }

/**
 * Validates and stores a batch atomically. Returns the ids in order. `attachments` are the raw
 * multipart parts, keyed by their X-Experience-API-Hash.
 */
export async function storeStatements(db: Db, client: LrsClient, input: unknown[], attachments: Map<string, Attachment>, now: Date): Promise<string[]> {
  const stored = now.toISOString();
  const authority = authorityOf(client);
  const statements: Obj[] = [];
  // Whether each statement came with its own timestamp (else the LRS fills it in: not compared).
  const sentTimestamp: boolean[] = [];
  const used = new Set<string>();
  input.forEach((raw, i) => {
    const path = input.length > 1 ? `statements[${i}]` : 'statement';
    try {
      validateStatement(raw, path);
    } catch (e) {
      if (e instanceof XapiInvalid) throw invalid(e.message);
      throw e;
    }
    // The request's own parsed JSON: normalised in place, no copy.
    const s = normaliseStatement(raw);
    sentTimestamp.push(s.timestamp !== undefined);
    // Data 2.4.11: every attachment without a fileUrl travels in the request, found by its hash.
    const atts = Array.isArray(s.attachments) ? (s.attachments as Obj[]) : [];
    atts.forEach((a, j) => {
      const part = attachments.get(a.sha2 as string);
      if (a.usageType === SIGNATURE_USAGE) {
        if (a.contentType !== 'application/octet-stream') throw invalid(`${path}.attachments[${j}]: a signature's contentType must be application/octet-stream (Data 2.6)`);
        if (!part) throw invalid(`${path}.attachments[${j}]: the signature is not in the request`);
        try { checkSignature(s, part.data.toString('utf8'), `${path}.attachments[${j}]`); } catch (e) { throw e instanceof XapiInvalid ? invalid(e.message) : e; }
      }
      if (part) used.add(a.sha2 as string);
      else if (a.fileUrl === undefined) throw invalid(`${path}.attachments[${j}]: no fileUrl and no multipart section with X-Experience-API-Hash ${String(a.sha2)}`);
    });
    s.id = typeof s.id === 'string' ? s.id.toLowerCase() : uuidv7(now.getTime());
    s.stored = stored;
    s.authority = authority;
    s.version ??= '1.0.0';
    s.timestamp ??= stored;
    statements.push(s);
  });
  for (const h of attachments.keys()) if (!used.has(h)) throw invalid(`the multipart section with hash ${h} belongs to no attachment of the statements`);
  const ids = statements.map((s) => s.id as string);
  if (new Set(ids).size !== ids.length) throw invalid('the batch contains the same statement id twice');

  // Communication 2.1.3: Consistent-Through must not pass a statement still being committed.
  inFlight.add(now);
  try {
    return await insertBatch(db, client, statements, sentTimestamp, authority, attachments, now);
  } catch (e) {
    // Two requests raced on one id: the loser compares against the winner's statement (204 or 409).
    if ((e as { code?: string }).code !== '23505') throw e;
    return await insertBatch(db, client, statements, sentTimestamp, authority, attachments, now);
  } finally {
    inFlight.delete(now);
  }
}

const inFlight = new Set<Date>();

/** The instant up to which every stored statement is visible to queries (this process's writes). */
export function consistentThrough(now: Date): Date {
  let t = now.getTime();
  for (const d of inFlight) t = Math.min(t, d.getTime() - 1);
  return new Date(t);
}

async function insertBatch(db: Db, client: LrsClient, statements: Obj[], sentTimestamp: boolean[], authority: Obj, attachments: Map<string, Attachment>, now: Date): Promise<string[]> {
  const ids = statements.map((s) => s.id as string);
  return db.tx(async (q) => {
    const existing = new Map((await repo.findStatementsById(q, ids)).map((r) => [r.id, r]));
    const fresh: repo.NewStatement[] = [];
    for (const [i, s] of statements.entries()) {
      const old = existing.get(s.id as string);
      if (old) {
        // Data 2.3.1: statements are immutable; an identical resend is accepted and changes nothing.
        // A timestamp the LRS filled in (none was sent) is not part of the comparison.
        const same = sentTimestamp[i] ? sameStatement(old.body, s) : sameStatement({ ...old.body, timestamp: null }, { ...s, timestamp: null });
        if (!same) throw xapiError(409, 'XAPI_CONFLICT', `statement ${String(s.id)} already exists with different content`, `Câu lệnh ${String(s.id)} đã tồn tại với nội dung khác`);
        continue;
      }
      fresh.push({ id: s.id as string, body: s, ...indexStatement(s, authority), attachmentHashes: (Array.isArray(s.attachments) ? (s.attachments as Obj[]) : []).map((a) => a.sha2 as string) });
    }
    // Data 2.3.2: a voiding statement cannot target another voiding statement.
    const targets = fresh.filter((f) => f.isVoiding).map((f) => f.refId!);
    if (targets.length) {
      const inBatch = new Map(fresh.map((f) => [f.id, f.isVoiding]));
      const rows = await repo.findStatementsById(q, targets);
      for (const t of targets) {
        if (inBatch.get(t) || rows.find((r) => r.id === t)?.is_voiding) throw invalid(`statement ${t} is a voiding statement and cannot be voided`);
      }
    }
    await repo.insertStatements(q, fresh, client.facilityId, client.id, now);
    await repo.applyVoiding(q, targets, fresh.filter((f) => !f.isVoiding).map((f) => f.id));
    await repo.insertAttachments(q, [...attachments.values()]);
    await mergeActivities(q, client.facilityId, fresh.map((f) => f.body));
    return ids;
  });
}

async function mergeActivities(q: Parameters<typeof repo.findActivities>[0], facilityId: string, statements: Obj[]) {
  const incoming = statements.flatMap(activitiesOf);
  if (incoming.length === 0) return;
  const known = await repo.findActivities(q, facilityId, [...new Set(incoming.map((a) => a.id as string))]);
  const changed = new Map<string, Obj>();
  for (const a of incoming) {
    const id = a.id as string;
    const prev = changed.get(id) ?? known.get(id) ?? null;
    if (prev && !isObj(a.definition)) continue;
    changed.set(id, mergeActivity(prev, a));
  }
  await repo.upsertActivities(q, facilityId, [...changed.values()]);
}

// ---- documents ----

export const etagOf = (content: Buffer) => createHash('sha1').update(content).digest('hex');

export interface DocWrite { contentType: string; content: Buffer; ifMatch?: string; ifNoneMatch?: string; merge: boolean; requirePrecondition: boolean }

const isJsonType = (ct: string) => /^application\/json\b/i.test(ct.trim());
const unquote = (t: string) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

/** Communication 3.1: If-Match / If-None-Match, and 409 for an unconditional overwrite of a profile. */
function checkPreconditions(existing: repo.DocRow | null, w: { ifMatch?: string; ifNoneMatch?: string }, requirePrecondition: boolean) {
  const failed = () => xapiError(412, 'XAPI_PRECONDITION_FAILED', 'the document has changed (ETag precondition failed)', 'Tài liệu đã thay đổi (điều kiện ETag không thỏa)');
  if (w.ifMatch !== undefined) {
    const tags = w.ifMatch.split(',').map(unquote);
    if (!existing || !(tags.includes('*') || tags.includes(existing.etag))) throw failed();
  }
  if (w.ifNoneMatch !== undefined) {
    const tags = w.ifNoneMatch.split(',').map(unquote);
    if (existing && (tags.includes('*') || tags.includes(existing.etag))) throw failed();
  }
  if (requirePrecondition && w.ifMatch === undefined && w.ifNoneMatch === undefined) {
    // ADL conformance XAPI-00273: a profile PUT without a precondition is refused (400), and when
    // the document exists the refusal is 409 Conflict (Communication 3.1).
    if (!existing) throw invalid('a profile document is written with If-None-Match: * (new) or If-Match: "<ETag>" (Communication 3.1)');
    throw xapiError(409, 'XAPI_CONFLICT', 'the document exists: send If-Match with its ETag (or If-None-Match: *) to change it (Communication 3.1)', 'Tài liệu đã tồn tại: gửi If-Match với ETag của nó để thay đổi');
  }
}

export async function writeDocument(db: Db, facilityId: string, key: repo.DocKey, w: DocWrite, now: Date): Promise<string> {
  return db.tx(async (q) => {
    const existing = await repo.getDocument(q, facilityId, key);
    checkPreconditions(existing, w, w.requirePrecondition);
    let content = w.content;
    let contentType = w.contentType;
    const parse = (b: Buffer, what: string): unknown => {
      try { return JSON.parse(b.toString('utf8')); } catch { throw invalid(`${what} is declared application/json but is not valid JSON`); }
    };
    if (isJsonType(contentType)) parse(content, 'the document');
    if (w.merge && existing) {
      // Communication 2.2: POST merges JSON objects one level deep; anything else is a 400.
      if (!isJsonType(contentType) || !isJsonType(existing.content_type)) throw invalid('only JSON documents can be merged by POST; use PUT to replace');
      const a = parse(existing.content, 'the stored document');
      const b = parse(content, 'the document');
      if (!isObj(a) || !isObj(b)) throw invalid('only JSON objects can be merged by POST');
      content = Buffer.from(JSON.stringify({ ...a, ...b }));
      contentType = 'application/json';
    } else if (w.merge && isJsonType(contentType) && !isObj(parse(content, 'the document'))) {
      throw invalid('a document sent by POST must be a JSON object');
    }
    const etag = etagOf(content);
    await repo.putDocument(q, facilityId, key, { content_type: contentType, content, etag, updated: now });
    return etag;
  });
}

export async function deleteDocument(db: Db, facilityId: string, key: Omit<repo.DocKey, 'docId'> & { docId?: string }, w: { ifMatch?: string; ifNoneMatch?: string }): Promise<void> {
  await db.tx(async (q) => {
    if (key.docId !== undefined && (w.ifMatch !== undefined || w.ifNoneMatch !== undefined)) {
      checkPreconditions(await repo.getDocument(q, facilityId, key as repo.DocKey), w, false);
    }
    await repo.deleteDocuments(q, facilityId, key);
  });
}
