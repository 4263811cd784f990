/**
 * Pure statement helpers of the LRS: the columns a statement is filtered on, statement equality for
 * the 409 rule, the three response formats, Activity merging and signed-statement checks.
 * Sources: xAPI 1.0.3 Communication 2.1.3 (GET parameters), Data 2.3.1 (immutability and statement
 * comparison), Data 2.6 (signed statements).
 */
import { agentKey, isObj, parseTimestamp, SIGNATURE_USAGE, VOIDED_VERB, XapiInvalid } from './xapi.validate.ts';

type Obj = Record<string, unknown>;

export interface StatementIndex {
  verbId: string;
  /** agent= matches the actor or the object (Communication 2.1.3). */
  agents: string[];
  /** related_agents=true: also authority, instructor, team, and the same inside a SubStatement. */
  relatedAgents: string[];
  activityId: string | null;
  /** related_activities=true: the object and every context activity, SubStatement included. */
  relatedActivities: string[];
  registration: string | null;
  refId: string | null;
  isVoiding: boolean;
}

const keysOf = (a: unknown): string[] => {
  if (!isObj(a)) return [];
  const out: string[] = [];
  const k = agentKey(a);
  if (k) out.push(k);
  // A Group's members match too, so a learner's statements made as part of a team are found.
  if (Array.isArray(a.member)) for (const m of a.member) { const mk = agentKey(m); if (mk) out.push(mk); }
  return out;
};

function contextActivityIds(s: Obj): string[] {
  const ctx = s.context;
  if (!isObj(ctx) || !isObj(ctx.contextActivities)) return [];
  const out: string[] = [];
  for (const list of Object.values(ctx.contextActivities)) {
    for (const a of Array.isArray(list) ? list : [list]) if (isObj(a) && typeof a.id === 'string') out.push(a.id);
  }
  return out;
}

export function indexStatement(s: Obj, authority: Obj): StatementIndex {
  const obj = s.object as Obj;
  const type = (obj.objectType as string | undefined) ?? 'Activity';
  const agents = [...keysOf(s.actor), ...(type === 'Agent' || type === 'Group' ? keysOf(obj) : [])];
  const related = new Set([...agents, ...keysOf(authority)]);
  const acts = new Set<string>();
  const visit = (x: Obj) => {
    const c = x.context;
    if (isObj(c)) { for (const k of keysOf(c.instructor)) related.add(k); for (const k of keysOf(c.team)) related.add(k); }
    for (const id of contextActivityIds(x)) acts.add(id);
  };
  visit(s);
  if (type === 'Activity') acts.add(obj.id as string);
  if (type === 'SubStatement') {
    for (const k of keysOf(obj.actor)) related.add(k);
    const so = obj.object as Obj;
    const st = (so.objectType as string | undefined) ?? 'Activity';
    if (st === 'Agent' || st === 'Group') for (const k of keysOf(so)) related.add(k);
    if (st === 'Activity') acts.add(so.id as string);
    visit(obj);
  }
  const ctx = isObj(s.context) ? s.context : {};
  const verbId = (s.verb as Obj).id as string;
  return {
    verbId,
    agents: [...new Set(agents)],
    relatedAgents: [...related],
    activityId: type === 'Activity' ? (obj.id as string) : null,
    relatedActivities: [...acts],
    registration: typeof ctx.registration === 'string' ? ctx.registration.toLowerCase() : null,
    refId: type === 'StatementRef' ? (obj.id as string).toLowerCase() : null,
    isVoiding: verbId === VOIDED_VERB && type === 'StatementRef',
  };
}

/**
 * Data 2.3.1 "Statement Comparison": two statements are the same when they are equal apart from
 * authority, stored, version, the order of JSON keys, the letter case of ids, and timestamps that
 * name the same instant.
 */
export function sameStatement(a: Obj, b: Obj): boolean {
  const strip = ({ authority: _a, stored: _s, version: _v, ...rest }: Obj) => rest;
  return deepEqual(canon(strip(a)), canon(strip(b)));
}

function canon(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => canon(x));
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k], k)]));
  if (typeof v === 'string') {
    if (key === 'timestamp') { try { return parseTimestamp(v); } catch { return v; } }
    if ((key === 'id' || key === 'registration') && /^[0-9a-f-]{36}$/i.test(v)) return v.toLowerCase();
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export type Format = 'exact' | 'ids' | 'canonical';

/** Communication 2.1.3 `format`: ids keeps only identifiers; canonical one language per map. */
export function formatStatement(s: Obj, format: Format, languages: string[]): Obj {
  if (format === 'exact') return s;
  if (format === 'ids') return idsOf(s);
  return canonicalOf(s, languages, '') as Obj;
}

function agentIds(a: unknown): unknown {
  if (!isObj(a)) return a;
  const out: Obj = {};
  if (a.objectType !== undefined) out.objectType = a.objectType;
  for (const k of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (a[k] !== undefined) out[k] = a[k];
  if (agentKey(a) === null && Array.isArray(a.member)) out.member = a.member.map(agentIds);
  return out;
}
const activityIds = (a: unknown) => (isObj(a) ? { id: a.id } : a);

function idsOf(s: Obj): Obj {
  const out: Obj = { ...s, actor: agentIds(s.actor), verb: isObj(s.verb) ? { id: s.verb.id } : s.verb };
  const o = s.object;
  if (isObj(o)) {
    const t = o.objectType ?? 'Activity';
    out.object = t === 'Activity' ? activityIds(o) : t === 'Agent' || t === 'Group' ? agentIds(o) : t === 'SubStatement' ? idsOf(o) : o;
  }
  if (s.authority !== undefined) out.authority = agentIds(s.authority);
  if (isObj(s.context)) {
    const c: Obj = { ...s.context };
    if (c.instructor !== undefined) c.instructor = agentIds(c.instructor);
    if (c.team !== undefined) c.team = agentIds(c.team);
    if (isObj(c.contextActivities)) {
      c.contextActivities = Object.fromEntries(Object.entries(c.contextActivities).map(([k, l]) => [k, Array.isArray(l) ? l.map(activityIds) : activityIds(l)]));
    }
    out.context = c;
  }
  return out;
}

const LANGMAP_KEYS = new Set(['display', 'name', 'description']);
function canonicalOf(v: unknown, langs: string[], key: string): unknown {
  if (Array.isArray(v)) return v.map((x) => canonicalOf(x, langs, ''));
  if (!isObj(v)) return v;
  if (LANGMAP_KEYS.has(key) && Object.values(v).every((x) => typeof x === 'string')) return pickLanguage(v as Record<string, string>, langs);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonicalOf(x, langs, k)]));
}

function pickLanguage(map: Record<string, string>, langs: string[]): Record<string, string> {
  const keys = Object.keys(map);
  if (keys.length <= 1) return map;
  for (const l of langs) {
    const hit = keys.find((k) => k.toLowerCase() === l.toLowerCase()) ?? keys.find((k) => k.toLowerCase().split('-')[0] === l.toLowerCase().split('-')[0]);
    if (hit) return { [hit]: map[hit]! };
  }
  const first = keys.find((k) => k.toLowerCase().startsWith('en')) ?? keys[0]!;
  return { [first]: map[first]! };
}

/** Accept-Language → tags by preference (RFC 7231 §5.3.5). */
export function acceptLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return { tag: tag!.trim(), q: q ? Number(q) : 1, i };
  }).filter((x) => x.tag && x.tag !== '*' && x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i).map((x) => x.tag);
}

/**
 * The Activities resource returns one canonical definition per activity id (Communication 2.5):
 * language maps are merged across statements, other fields take the latest value.
 */
export function mergeActivity(prev: Obj | null, next: Obj): Obj {
  if (!prev) return { objectType: 'Activity', id: next.id, ...(isObj(next.definition) ? { definition: next.definition } : {}) };
  if (!isObj(next.definition)) return prev;
  const pd = isObj(prev.definition) ? prev.definition : {};
  const nd = next.definition;
  const def: Obj = { ...pd, ...nd };
  for (const k of ['name', 'description']) if (isObj(pd[k]) || isObj(nd[k])) def[k] = { ...(pd[k] as Obj | undefined), ...(nd[k] as Obj | undefined) };
  return { objectType: 'Activity', id: prev.id, definition: def };
}

/** Activity objects a statement carries (object, context activities, SubStatement's), to merge. */
export function activitiesOf(s: Obj): Obj[] {
  const out: Obj[] = [];
  const visit = (x: Obj) => {
    const o = x.object;
    if (isObj(o) && (o.objectType ?? 'Activity') === 'Activity') out.push(o);
    const c = x.context;
    if (isObj(c) && isObj(c.contextActivities)) for (const l of Object.values(c.contextActivities)) for (const a of Array.isArray(l) ? l : [l]) if (isObj(a)) out.push(a);
  };
  visit(s);
  if (isObj(s.object) && s.object.objectType === 'SubStatement') visit(s.object);
  return out;
}

/**
 * Data 2.6: a signature attachment holds a JWS (RFC 7515 compact form) signed with RS256/384/512
 * whose payload is the statement as it was before the signature attachment was added. The LRS
 * checks the structure, the algorithm and that the payload is that statement; without the signer's
 * certificate (x5c) it cannot check the key, and the specification leaves that to the reader.
 */
export function checkSignature(statement: Obj, jws: string, path: string): void {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw new XapiInvalid(path, 'the signature is not a JWS in compact serialisation');
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new XapiInvalid(path, 'the JWS header or payload is not valid JSON');
  }
  if (!isObj(header) || !['RS256', 'RS384', 'RS512'].includes(header.alg as string)) throw new XapiInvalid(path, 'the JWS algorithm must be RS256, RS384 or RS512 (Data 2.6.s4.b4)');
  if (!isObj(payload)) throw new XapiInvalid(path, 'the JWS payload is not a statement');
  const unsigned: Obj = { ...statement };
  const atts = (Array.isArray(statement.attachments) ? statement.attachments : []).filter((a) => !(isObj(a) && a.usageType === SIGNATURE_USAGE));
  if (atts.length) unsigned.attachments = atts; else delete unsigned.attachments;
  const strip = ({ id: _i, ...rest }: Obj) => rest;
  // The signer may have signed before an id was assigned.
  const equal = payload.id === undefined ? sameStatement(strip(payload), strip(unsigned)) : sameStatement(payload, unsigned);
  if (!equal) throw new XapiInvalid(path, 'the JWS payload does not match the statement (Data 2.6.s4.b3)');
}
