/**
 * The LRS's HTTP protocol (xAPI 1.0.3 Communication part), independent of Fastify so the
 * alternate request syntax (Communication 1.3: a POST carrying method, headers and content as a
 * form) goes through exactly the same path as a plain request.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { boundaryOf, buildMultipart, parseMultipart } from './xapi.multipart.ts';
import * as repo from './xapi.repo.ts';
import { acceptLanguages, type Format, formatStatement } from './xapi.statements.ts';
import {
  type Attachment, authenticate, consistentThrough, deleteDocument, invalid, type LrsClient, storeStatements, writeDocument, xapiError,
} from './xapi.service.ts';
import { agentKey, isIri, isObj, isUuid, parseAgentParam, parseTimestamp, XapiInvalid } from './xapi.validate.ts';

type Obj = Record<string, unknown>;

export const XAPI_VERSION = '1.0.3';
export const RESOURCES = ['statements', 'activities/state', 'activities/profile', 'activities', 'agents/profile', 'agents', 'about'] as const;
export type Resource = (typeof RESOURCES)[number];

export interface XRequest {
  method: string;
  resource: Resource;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  body: Buffer | undefined;
}
export interface XResponse { status: number; headers: Record<string, string>; body?: string | Buffer }

const PAGE_MAX = 100;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): XResponse => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) });
const noContent = (headers: Record<string, string> = {}): XResponse => ({ status: 204, headers });

function onlyParams(q: Record<string, string>, allowedNames: readonly string[]) {
  for (const k of Object.keys(q)) if (!allowedNames.includes(k)) throw invalid(`unknown parameter "${k}" (Communication 3.2: an LRS rejects parameters it does not recognise)`);
}
const wrap = <T>(fn: () => T): T => {
  try { return fn(); } catch (e) { throw e instanceof XapiInvalid ? invalid(e.message) : e; }
};
const required = (q: Record<string, string>, name: string): string => {
  const v = q[name];
  if (v === undefined || v === '') throw invalid(`the parameter "${name}" is required`);
  return v;
};
const bool = (q: Record<string, string>, name: string): boolean => {
  const v = q[name];
  if (v === undefined) return false;
  if (v !== 'true' && v !== 'false') throw invalid(`"${name}" must be true or false`);
  return v === 'true';
};
const iriParam = (q: Record<string, string>, name: string) => {
  const v = required(q, name);
  if (!isIri(v)) throw invalid(`"${name}" must be an IRI`);
  return v;
};
const uuidParam = (q: Record<string, string>, name: string) => {
  const v = q[name];
  if (v !== undefined && !isUuid(v)) throw invalid(`"${name}" must be a UUID`);
  return v?.toLowerCase();
};
const tsParam = (q: Record<string, string>, name: string) => {
  const v = q[name];
  if (v === undefined) return undefined;
  return new Date(wrap(() => parseTimestamp(v, name))).toISOString();
};

export async function handle(db: Db, req: XRequest, now: () => Date = () => new Date()): Promise<XResponse> {
  if (req.resource === 'about') {
    if (req.method !== 'GET') throw xapiError(405, 'XAPI_METHOD', 'only GET is allowed on /about', 'Chỉ hỗ trợ GET');
    onlyParams(req.query, []);
    return json(200, { version: ['1.0.3', '1.0.2', '1.0.1', '1.0.0'], extensions: { 'https://github.com/yte/lrs': { name: 'yte built-in LRS' } } });
  }
  // Checked before credentials, so a malformed request gets the same answer from anyone:
  // the method (405) and, Communication 3.3, the xAPI version (this LRS speaks 1.0.x).
  const methods = req.resource === 'statements' ? ['GET', 'PUT', 'POST'] : req.resource === 'activities' || req.resource === 'agents' ? ['GET'] : ['GET', 'PUT', 'POST', 'DELETE'];
  if (!methods.includes(req.method)) throw methodNotAllowed();
  const v = req.headers['x-experience-api-version'];
  if (v === undefined) throw xapiError(400, 'XAPI_VERSION_MISSING', 'the X-Experience-API-Version header is required', 'Thiếu tiêu đề X-Experience-API-Version');
  if (!/^1\.0(\.\d+)?$/.test(v.trim())) throw xapiError(400, 'XAPI_VERSION_UNSUPPORTED', `X-Experience-API-Version ${v} is not supported; use 1.0.3`, `Phiên bản xAPI ${v} không được hỗ trợ; dùng 1.0.3`);
  const client = await authenticate(db, req.headers.authorization);

  switch (req.resource) {
    case 'statements': return statements(db, client, req, now);
    case 'activities/state': return documents(db, client, req, 'state', now);
    case 'activities/profile': return documents(db, client, req, 'activity_profile', now);
    case 'agents/profile': return documents(db, client, req, 'agent_profile', now);
    case 'activities': {
      if (req.method !== 'GET') throw methodNotAllowed();
      onlyParams(req.query, ['activityId']);
      const id = iriParam(req.query, 'activityId');
      const found = (await repo.findActivities(db, client.facilityId, [id])).get(id);
      return json(200, found ?? { objectType: 'Activity', id });
    }
    case 'agents': {
      if (req.method !== 'GET') throw methodNotAllowed();
      onlyParams(req.query, ['agent']);
      const agent = wrap(() => parseAgentParam(required(req.query, 'agent'), 'agent'));
      const key = agentKey(agent);
      // Communication 2.4: a Person object lists everything the LRS knows of the agent.
      const names = new Set<string>(typeof agent.name === 'string' ? [agent.name] : []);
      if (key) for (const n of await repo.agentNames(db, client.facilityId, key)) names.add(n);
      const person: Obj = { objectType: 'Person' };
      if (names.size) person.name = [...names];
      for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (agent[k] !== undefined) person[k] = [agent[k]];
      return json(200, person);
    }
  }
}

const methodNotAllowed = () => xapiError(405, 'XAPI_METHOD', 'method not allowed on this resource', 'Phương thức không được phép');

// ---- statements ----

const GET_PARAMS = ['statementId', 'voidedStatementId', 'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', 'more'] as const;

async function statements(db: Db, client: LrsClient, req: XRequest, now: () => Date): Promise<XResponse> {
  if (req.method === 'GET') return getStatements(db, client, req, now);
  if (req.method !== 'PUT' && req.method !== 'POST') throw methodNotAllowed();
  if (req.method === 'PUT') onlyParams(req.query, ['statementId']);
  else onlyParams(req.query, []);
  const { list, attachments } = readStatementsBody(req);
  if (req.method === 'PUT') {
    const id = req.query.statementId;
    if (id === undefined) throw invalid('PUT /statements needs the statementId parameter');
    if (!isUuid(id)) throw invalid('statementId must be a UUID');
    if (list.length !== 1 || Array.isArray(list[0]) || !isObj(list[0])) throw invalid('PUT /statements takes one statement');
    const s = list[0];
    if (s.id !== undefined && String(s.id).toLowerCase() !== id.toLowerCase()) throw invalid('the statement id differs from the statementId parameter');
    await storeStatements(db, client, [{ ...s, id }], attachments, now());
    return noContent();
  }
  const ids = await storeStatements(db, client, list, attachments, now());
  return json(200, ids);
}

function parseJsonBody(b: Buffer | undefined, what: string): unknown {
  if (!b || b.length === 0) throw invalid(`${what} is empty`);
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
}

function readStatementsBody(req: XRequest): { list: unknown[]; attachments: Map<string, Attachment> } {
  const ct = (req.headers['content-type'] ?? '').trim();
  const attachments = new Map<string, Attachment>();
  let doc: unknown;
  if (/^application\/json\b/i.test(ct)) {
    doc = parseJsonBody(req.body, 'the request body');
  } else if (/^multipart\/mixed\b/i.test(ct)) {
    const boundary = boundaryOf(ct);
    if (!boundary) throw invalid('multipart/mixed needs a boundary parameter');
    let parts;
    try { parts = parseMultipart(req.body ?? Buffer.alloc(0), boundary); } catch (e) { throw invalid((e as Error).message); }
    if (parts.length === 0) throw invalid('the multipart body has no sections');
    const [first, ...rest] = parts;
    if (!/^application\/json\b/i.test(first!.headers['content-type'] ?? '')) throw invalid('the first multipart section must be application/json (Communication 1.5.2)');
    doc = parseJsonBody(first!.body, 'the statement section');
    for (const p of rest) {
      const hash = p.headers['x-experience-api-hash'];
      if (!hash) throw invalid('every attachment section needs an X-Experience-API-Hash header');
      if ((p.headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary') throw invalid('every attachment section needs Content-Transfer-Encoding: binary (Data 2.4.11)');
      if (hash.length === 64 && createHash('sha256').update(p.body).digest('hex') !== hash.toLowerCase()) throw invalid(`the attachment with hash ${hash} does not match its content`);
      attachments.set(hash, { sha2: hash, contentType: p.headers['content-type'] ?? 'application/octet-stream', data: p.body });
    }
  } else {
    throw invalid(`statements are sent as application/json or multipart/mixed, not ${ct || 'no content type'}`);
  }
  return { list: Array.isArray(doc) ? doc : [doc], attachments };
}

interface Cursor { f: repo.StatementFilter; a: boolean; l: number; fmt: Format; att: boolean; after: number; max: number }

async function getStatements(db: Db, client: LrsClient, req: XRequest, now: () => Date): Promise<XResponse> {
  const q = req.query;
  onlyParams(q, GET_PARAMS);
  const consistent = { 'x-experience-api-consistent-through': consistentThrough(now()).toISOString() };
  const format = (q.format ?? 'exact') as Format;
  if (!['exact', 'ids', 'canonical'].includes(format)) throw invalid('format must be exact, ids or canonical');
  const withAttachments = bool(q, 'attachments');
  const langs = acceptLanguages(req.headers['accept-language']);

  const single = q.statementId ?? q.voidedStatementId;
  if (single !== undefined) {
    if (q.statementId !== undefined && q.voidedStatementId !== undefined) throw invalid('use statementId or voidedStatementId, not both');
    for (const k of Object.keys(q)) if (!['statementId', 'voidedStatementId', 'format', 'attachments'].includes(k)) throw invalid(`"${k}" cannot be used with statementId or voidedStatementId`);
    if (!isUuid(single)) throw invalid('the statement id must be a UUID');
    const row = await repo.findStatement(db, client.facilityId, single.toLowerCase());
    // Data 2.3.2: a voided statement is only returned through voidedStatementId.
    if (!row || row.voided !== (q.voidedStatementId !== undefined)) throw xapiError(404, 'XAPI_NOT_FOUND', 'no such statement', 'Không có câu lệnh này');
    const body = formatStatement(row.body, format, langs);
    const h = { ...consistent, 'last-modified': new Date(row.stored).toUTCString() };
    return withAttachments ? multipartResponse(db, body, row.attachment_hashes, h) : json(200, body, h);
  }

  let cur: Cursor;
  if (q.more !== undefined) {
    if (Object.keys(q).length > 1) throw invalid('"more" cannot be combined with other parameters');
    try {
      cur = JSON.parse(Buffer.from(q.more, 'base64url').toString('utf8')) as Cursor;
    } catch {
      throw invalid('the "more" cursor is not valid');
    }
    if (!isObj(cur) || typeof cur.after !== 'number') throw invalid('the "more" cursor is not valid');
  } else {
    const f: repo.StatementFilter = {};
    if (q.agent !== undefined) {
      const a = wrap(() => parseAgentParam(q.agent!, 'agent'));
      const key = agentKey(a);
      if (!key) throw invalid('agent must be an Agent or an identified Group');
      f.agent = key;
    }
    if (q.verb !== undefined) f.verb = iriParam(q, 'verb');
    if (q.activity !== undefined) f.activity = iriParam(q, 'activity');
    const reg = uuidParam(q, 'registration');
    if (reg) f.registration = reg;
    if (bool(q, 'related_agents')) f.relatedAgents = true;
    if (bool(q, 'related_activities')) f.relatedActivities = true;
    const since = tsParam(q, 'since');
    const until = tsParam(q, 'until');
    if (since) f.since = since;
    if (until) f.until = until;
    let limit = PAGE_MAX;
    if (q.limit !== undefined) {
      if (!/^\d+$/.test(q.limit)) throw invalid('limit must be a non-negative integer');
      limit = Number(q.limit) === 0 ? PAGE_MAX : Math.min(Number(q.limit), PAGE_MAX);
    }
    cur = { f, a: bool(q, 'ascending'), l: limit, fmt: format, att: withAttachments, after: -1, max: await repo.maxSeq(db, client.facilityId) };
  }
  const rows = await repo.queryStatements(db, client.facilityId, cur.f, { ascending: cur.a, limit: cur.l + 1, afterSeq: cur.after < 0 ? null : cur.after, maxSeq: cur.max });
  const page = rows.slice(0, cur.l);
  const more = rows.length > cur.l
    ? `/xapi/statements?more=${Buffer.from(JSON.stringify({ ...cur, after: page[page.length - 1]!.seq })).toString('base64url')}`
    : '';
  const result = { statements: page.map((r) => formatStatement(r.body, cur.fmt, langs)), more };
  return cur.att ? multipartResponse(db, result, page.flatMap((r) => r.attachment_hashes), consistent) : json(200, result, consistent);
}

/** Communication 2.1.3 attachments=true: the JSON first, then each attachment's bytes. */
async function multipartResponse(db: Db, body: unknown, hashes: string[], headers: Record<string, string>): Promise<XResponse> {
  const atts = await repo.findAttachments(db, [...new Set(hashes)]);
  const boundary = `yte-${createHash('sha1').update(String(Math.random())).digest('hex')}`;
  const payload = buildMultipart([
    { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    ...atts.map((a) => ({ headers: { 'Content-Type': a.content_type, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': a.sha2 }, body: a.data })),
  ], boundary);
  return { status: 200, headers: { ...headers, 'content-type': `multipart/mixed; boundary=${boundary}` }, body: payload };
}

// ---- documents ----

const DOC_PARAMS: Record<repo.DocKind, { id: string; params: string[] }> = {
  state: { id: 'stateId', params: ['activityId', 'agent', 'registration', 'stateId', 'since'] },
  activity_profile: { id: 'profileId', params: ['activityId', 'profileId', 'since'] },
  agent_profile: { id: 'profileId', params: ['agent', 'profileId', 'since'] },
};

async function documents(db: Db, client: LrsClient, req: XRequest, kind: repo.DocKind, now: () => Date): Promise<XResponse> {
  const q = req.query;
  const spec = DOC_PARAMS[kind];
  onlyParams(q, spec.params);
  const activityId = kind === 'agent_profile' ? '' : iriParam(q, 'activityId');
  let agent = '';
  if (kind !== 'activity_profile') {
    const a = wrap(() => parseAgentParam(required(q, 'agent'), 'agent'));
    agent = agentKey(a) ?? JSON.stringify(a);
  }
  const registration = kind === 'state' ? uuidParam(q, 'registration') ?? '' : '';
  const docId = q[spec.id];
  const base = { kind, activityId, agentKey: agent, registration };
  const pre = {
    ...(req.headers['if-match'] !== undefined ? { ifMatch: req.headers['if-match'] } : {}),
    ...(req.headers['if-none-match'] !== undefined ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
  };

  if (req.method === 'GET') {
    if (docId === undefined) {
      const since = tsParam(q, 'since') ?? null;
      return json(200, await repo.listDocumentIds(db, client.facilityId, base, since));
    }
    if (q.since !== undefined) throw invalid('"since" is only used when listing document ids');
    const d = await repo.getDocument(db, client.facilityId, { ...base, docId });
    if (!d) throw xapiError(404, 'XAPI_NOT_FOUND', 'no such document', 'Không có tài liệu này');
    return { status: 200, headers: { 'content-type': d.content_type, etag: `"${d.etag}"`, 'last-modified': new Date(d.updated).toUTCString() }, body: d.content };
  }
  if (q.since !== undefined) throw invalid('"since" is only used when listing document ids');
  if (req.method === 'DELETE') {
    if (docId === undefined && kind !== 'state') throw invalid(`the parameter "${spec.id}" is required`);
    await deleteDocument(db, client.facilityId, { ...base, ...(docId !== undefined ? { docId } : {}) }, pre);
    return noContent();
  }
  if (req.method !== 'PUT' && req.method !== 'POST') throw methodNotAllowed();
  if (docId === undefined || docId === '') throw invalid(`the parameter "${spec.id}" is required`);
  if (!req.body || req.body.length === 0) throw invalid('the document is empty');
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  const etag = await writeDocument(db, client.facilityId, { ...base, docId }, {
    contentType, content: req.body, ...pre, merge: req.method === 'POST',
    // Communication 3.1: profiles need a precondition to overwrite; state documents do not.
    requirePrecondition: req.method === 'PUT' && kind !== 'state',
  }, now());
  return noContent({ etag: `"${etag}"` });
}

/** Communication 1.3: turns an alternate-syntax POST into the request it carries. */
export function fromAlternateSyntax(resource: Resource, method: string, query: Record<string, string>, headers: Record<string, string | undefined>, body: Buffer | undefined): XRequest {
  if (Object.keys(query).length !== 1) throw invalid('an alternate-syntax request carries its parameters in the form, not the query string');
  const m = method.toUpperCase();
  if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(m)) throw invalid(`method=${method} is not an HTTP method of the xAPI`);
  if (!/^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] ?? '')) throw invalid('an alternate-syntax request must be application/x-www-form-urlencoded');
  const form = new URLSearchParams((body ?? Buffer.alloc(0)).toString('utf8'));
  const HEADER_NAMES = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];
  const h: Record<string, string | undefined> = { 'accept-language': headers['accept-language'], authorization: headers.authorization, 'x-experience-api-version': headers['x-experience-api-version'] };
  const q: Record<string, string> = {};
  let content: Buffer | undefined;
  for (const [k, v] of form) {
    const lk = k.toLowerCase();
    if (HEADER_NAMES.includes(lk)) h[lk] = v;
    else if (k === 'content') content = Buffer.from(v, 'utf8');
    else q[k] = v;
  }
  if (h['content-type'] === undefined && content) h['content-type'] = 'application/json';
  return { method: m === 'HEAD' ? 'GET' : m, resource, query: q, headers: h, body: content };
}
