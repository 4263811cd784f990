/**
 * xAPI 1.0.3 statement validation, pure (no I/O, no clock): the "MUST reject" rules of the
 * specification's Data part (https://github.com/adlnet/xAPI-Spec/blob/1.0.3/xAPI-Data.md, section
 * numbers cited below) and the ADL conformance requirements (XAPI-000nn). A violation throws
 * `XapiInvalid` naming the property path and the rule, which the LRS answers with 400 and stores
 * nothing.
 */

export class XapiInvalid extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'XapiInvalid';
  }
}

type Obj = Record<string, unknown>;
const fail = (path: string, reason: string): never => {
  throw new XapiInvalid(path, reason);
};

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Data 2.4.1: ids are UUIDs (RFC 4122, any variant; the text form).
export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Data 4.5 / ISO 8601 date-time with a zone (Z or ±hh:mm); "-00:00" is forbidden (XAPI-00121).
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
// Data 4.6 ISO 8601 duration.
// PnW is a format of its own (4.4.3.2): weeks do not combine with other components.
const DURATION_RE = /^P(?:\d+(?:\.\d+)?W|(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?)$/;
// RFC 3987 absolute IRI, loosely: a scheme, then no whitespace or forbidden delimiters (Data 2.2.s4.b1.b8).
const IRI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
// RFC 5646 language tag (Data 4.2), the common well-formed shapes.
const LANG_RE = /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[xX](?:-[A-Za-z\d]{1,8})+)?$|^[xX](?:-[A-Za-z\d]{1,8})+$|^i-[A-Za-z]+$/;
const MBOX_RE = /^mailto:[^@\s]+@[^@\s]+$/;
const SHA1_RE = /^[0-9a-fA-F]{40}$/;
const MIME_RE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:\s*;.*)?$/;

export const isIri = (v: unknown): v is string => typeof v === 'string' && IRI_RE.test(v);
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

/** Data 4.5: a timestamp, with the rules the LRS must enforce. Returns its instant in ms. */
export function parseTimestamp(v: unknown, path = 'timestamp'): number {
  if (typeof v !== 'string') return fail(path, 'must be an ISO 8601 string');
  const m = TIMESTAMP_RE.exec(v);
  if (!m) return fail(path, `"${v}" is not an ISO 8601 date-time`);
  if (m[8] === '-00' || m[8] === '-00:00' || m[8] === '-0000') return fail(path, 'the offset -00:00 is not allowed (XAPI-00121)');
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) return fail(path, `"${v}" is not a valid date-time`);
  const zoned = m[8] ? v : `${v}Z`; // a timestamp without a zone is read as UTC
  const ms = Date.parse(zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) return fail(path, `"${v}" is not a valid date-time`);
  return ms;
}

function allowed(o: Obj, path: string, keys: readonly string[]) {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, 'is not a property allowed here');
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  return v as string;
}
function iri(v: unknown, path: string): string {
  if (!isIri(v)) fail(path, `must be an absolute IRI with a scheme, got ${JSON.stringify(v)}`);
  return v as string;
}
function bool(v: unknown, path: string) {
  if (typeof v !== 'boolean') fail(path, 'must be true or false');
}
function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a number');
  return v as number;
}
function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'must be a JSON object');
  return v as Obj;
}

/** Data 4.2: keys are RFC 5646 tags, values strings. */
export function languageMap(v: unknown, path: string) {
  const o = obj(v, path);
  for (const [k, s] of Object.entries(o)) {
    if (!LANG_RE.test(k)) fail(`${path}.${k}`, 'is not an RFC 5646 language tag');
    str(s, `${path}.${k}`);
  }
}

/** Data 4.1: extension keys are IRIs; values are any JSON. */
function extensions(v: unknown, path: string) {
  const o = obj(v, path);
  for (const k of Object.keys(o)) iri(k, `${path} key`);
}

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

function ifi(o: Obj, path: string): number {
  let n = 0;
  if (o.mbox !== undefined) {
    n++;
    if (typeof o.mbox !== 'string' || !MBOX_RE.test(o.mbox)) fail(`${path}.mbox`, 'must be "mailto:" followed by an email address (Data 2.4.2.3)');
  }
  if (o.mbox_sha1sum !== undefined) {
    n++;
    if (typeof o.mbox_sha1sum !== 'string' || !SHA1_RE.test(o.mbox_sha1sum)) fail(`${path}.mbox_sha1sum`, 'must be a hex SHA-1 of a mailto IRI');
  }
  if (o.openid !== undefined) {
    n++;
    iri(o.openid, `${path}.openid`);
  }
  if (o.account !== undefined) {
    n++;
    const a = obj(o.account, `${path}.account`);
    allowed(a, `${path}.account`, ['homePage', 'name']);
    if (a.homePage === undefined) fail(`${path}.account.homePage`, 'is required');
    iri(a.homePage, `${path}.account.homePage`);
    if (a.name === undefined) fail(`${path}.account.name`, 'is required');
    str(a.name, `${path}.account.name`);
  }
  return n;
}

/** Data 2.4.2.1: an Agent has exactly one inverse functional identifier. */
export function agent(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['objectType', 'name', ...IFIS]);
  if (o.objectType !== undefined && o.objectType !== 'Agent') fail(`${path}.objectType`, 'must be "Agent"');
  if (o.name !== undefined) str(o.name, `${path}.name`);
  const n = ifi(o, path);
  if (n !== 1) fail(path, `an Agent must have exactly one of mbox, mbox_sha1sum, openid, account (has ${n})`);
}

/** Data 2.4.2.2: a Group; anonymous ones list members, identified ones have one IFI. */
export function group(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['objectType', 'name', 'member', ...IFIS]);
  if (o.objectType !== 'Group') fail(`${path}.objectType`, 'must be "Group"');
  if (o.name !== undefined) str(o.name, `${path}.name`);
  const n = ifi(o, path);
  if (n > 1) fail(path, 'a Group must not have more than one inverse functional identifier');
  if (n === 0 && o.member === undefined) fail(`${path}.member`, 'an anonymous Group must list its members');
  if (o.member !== undefined) {
    if (!Array.isArray(o.member)) fail(`${path}.member`, 'must be an array');
    (o.member as unknown[]).forEach((m, i) => agent(m, `${path}.member[${i}]`));
  }
}

export function actor(v: unknown, path: string) {
  const o = obj(v, path);
  if (o.objectType === 'Group') group(o, path);
  else agent(o, path);
}

function verb(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['id', 'display']);
  if (o.id === undefined) fail(`${path}.id`, 'is required');
  iri(o.id, `${path}.id`);
  if (o.display !== undefined) languageMap(o.display, `${path}.display`);
}

const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
// Data 2.4.4.1 table: which component lists each interaction type may carry.
const COMPONENTS: Record<string, readonly string[]> = {
  choice: ['choices'], sequencing: ['choices'], likert: ['scale'], matching: ['source', 'target'], performance: ['steps'],
};

function interactionComponents(v: unknown, path: string) {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  const ids = new Set<string>();
  (v as unknown[]).forEach((c, i) => {
    const o = obj(c, `${path}[${i}]`);
    allowed(o, `${path}[${i}]`, ['id', 'description']);
    const id = str(o.id, `${path}[${i}].id`);
    if (ids.has(id)) fail(`${path}[${i}].id`, 'interaction component ids must be distinct');
    ids.add(id);
    if (o.description !== undefined) languageMap(o.description, `${path}[${i}].description`);
  });
}

function activityDefinition(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps']);
  if (o.name !== undefined) languageMap(o.name, `${path}.name`);
  if (o.description !== undefined) languageMap(o.description, `${path}.description`);
  if (o.type !== undefined) iri(o.type, `${path}.type`);
  if (o.moreInfo !== undefined) iri(o.moreInfo, `${path}.moreInfo`);
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
  if (o.interactionType !== undefined && !(INTERACTION_TYPES as readonly unknown[]).includes(o.interactionType)) fail(`${path}.interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
  // Data 2.4.4.1.s8 (XAPI-00064): the interaction properties need an interactionType.
  for (const k of ['correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps']) {
    if (o[k] !== undefined && o.interactionType === undefined) fail(`${path}.${k}`, 'needs an interactionType');
  }
  if (o.correctResponsesPattern !== undefined) {
    if (!Array.isArray(o.correctResponsesPattern)) fail(`${path}.correctResponsesPattern`, 'must be an array of strings');
    (o.correctResponsesPattern as unknown[]).forEach((s, i) => str(s, `${path}.correctResponsesPattern[${i}]`));
  }
  for (const list of ['choices', 'scale', 'source', 'target', 'steps']) {
    if (o[list] === undefined) continue;
    if (o.interactionType === undefined || !(COMPONENTS[o.interactionType as string] ?? []).includes(list)) {
      fail(`${path}.${list}`, `is not allowed for interactionType ${JSON.stringify(o.interactionType)}`);
    }
    interactionComponents(o[list], `${path}.${list}`);
  }
}

export function activity(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['objectType', 'id', 'definition']);
  if (o.objectType !== undefined && o.objectType !== 'Activity') fail(`${path}.objectType`, 'must be "Activity"');
  if (o.id === undefined) fail(`${path}.id`, 'is required');
  iri(o.id, `${path}.id`);
  if (o.definition !== undefined) activityDefinition(o.definition, `${path}.definition`);
}

function statementRef(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['objectType', 'id']);
  if (o.objectType !== 'StatementRef') fail(`${path}.objectType`, 'must be "StatementRef"');
  if (!isUuid(o.id)) fail(`${path}.id`, 'must be a UUID');
}

function object(v: unknown, path: string, inSub: boolean) {
  const o = obj(v, path);
  switch (o.objectType ?? 'Activity') {
    case 'Activity': return activity(o, path);
    case 'Agent': return agent(o, path);
    case 'Group': return group(o, path);
    case 'StatementRef': return statementRef(o, path);
    case 'SubStatement':
      if (inSub) fail(`${path}.objectType`, 'a SubStatement must not contain a SubStatement (Data 2.4.4.3)');
      return statementBody(o, path, true);
    default: return fail(`${path}.objectType`, `unknown objectType ${JSON.stringify(o.objectType)}`);
  }
}

function score(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['scaled', 'raw', 'min', 'max']);
  if (o.scaled !== undefined && (num(o.scaled, `${path}.scaled`) < -1 || (o.scaled as number) > 1)) fail(`${path}.scaled`, 'must be between -1 and 1');
  const min = o.min === undefined ? undefined : num(o.min, `${path}.min`);
  const max = o.max === undefined ? undefined : num(o.max, `${path}.max`);
  const raw = o.raw === undefined ? undefined : num(o.raw, `${path}.raw`);
  if (min !== undefined && max !== undefined && max < min) fail(`${path}.max`, 'must not be less than min');
  if (raw !== undefined && min !== undefined && raw < min) fail(`${path}.raw`, 'must not be less than min');
  if (raw !== undefined && max !== undefined && raw > max) fail(`${path}.raw`, 'must not be more than max');
}

function result(v: unknown, path: string) {
  const o = obj(v, path);
  allowed(o, path, ['score', 'success', 'completion', 'response', 'duration', 'extensions']);
  if (o.score !== undefined) score(o.score, `${path}.score`);
  if (o.success !== undefined) bool(o.success, `${path}.success`);
  if (o.completion !== undefined) bool(o.completion, `${path}.completion`);
  if (o.response !== undefined) str(o.response, `${path}.response`);
  if (o.duration !== undefined && (typeof o.duration !== 'string' || !DURATION_RE.test(o.duration))) fail(`${path}.duration`, 'must be an ISO 8601 duration');
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
}

function context(v: unknown, path: string, objectIsActivity: boolean) {
  const o = obj(v, path);
  allowed(o, path, ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions']);
  if (o.registration !== undefined && !isUuid(o.registration)) fail(`${path}.registration`, 'must be a UUID');
  if (o.instructor !== undefined) actor(o.instructor, `${path}.instructor`);
  if (o.team !== undefined) group(o.team, `${path}.team`);
  if (o.contextActivities !== undefined) {
    const ca = obj(o.contextActivities, `${path}.contextActivities`);
    allowed(ca, `${path}.contextActivities`, ['parent', 'grouping', 'category', 'other']);
    for (const [k, list] of Object.entries(ca)) {
      if (Array.isArray(list)) list.forEach((a, i) => activity(a, `${path}.contextActivities.${k}[${i}]`));
      else activity(list, `${path}.contextActivities.${k}`);
    }
  }
  // Data 2.4.6.2: revision and platform only when the object is an Activity.
  if (o.revision !== undefined) {
    str(o.revision, `${path}.revision`);
    if (!objectIsActivity) fail(`${path}.revision`, 'is only allowed when the object is an Activity');
  }
  if (o.platform !== undefined) {
    str(o.platform, `${path}.platform`);
    if (!objectIsActivity) fail(`${path}.platform`, 'is only allowed when the object is an Activity');
  }
  if (o.language !== undefined && (typeof o.language !== 'string' || !LANG_RE.test(o.language))) fail(`${path}.language`, 'must be an RFC 5646 language tag');
  if (o.statement !== undefined) statementRef(o.statement, `${path}.statement`);
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
}

function attachments(v: unknown, path: string) {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  (v as unknown[]).forEach((a, i) => {
    const p = `${path}[${i}]`;
    const o = obj(a, p);
    allowed(o, p, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl']);
    for (const req of ['usageType', 'display', 'contentType', 'length', 'sha2']) if (o[req] === undefined) fail(`${p}.${req}`, 'is required (Data 2.4.11)');
    iri(o.usageType, `${p}.usageType`);
    languageMap(o.display, `${p}.display`);
    if (o.description !== undefined) languageMap(o.description, `${p}.description`);
    if (typeof o.contentType !== 'string' || !MIME_RE.test(o.contentType)) fail(`${p}.contentType`, 'must be an Internet media type');
    if (!Number.isInteger(o.length) || (o.length as number) < 0) fail(`${p}.length`, 'must be a non-negative integer');
    if (typeof o.sha2 !== 'string' || !/^[0-9a-fA-F]{56,128}$/.test(o.sha2)) fail(`${p}.sha2`, 'must be a hex SHA-2 hash');
    if (o.fileUrl !== undefined) iri(o.fileUrl, `${p}.fileUrl`);
  });
}

function statementBody(o: Obj, path: string, sub: boolean) {
  const top = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
  allowed(o, path, sub ? ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'] : top);
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const req of ['actor', 'verb', 'object']) if (o[req] === undefined) fail(at(req), 'is required (Data 2.4)');
  actor(o.actor, at('actor'));
  verb(o.verb, at('verb'));
  object(o.object, at('object'), sub);
  if (o.result !== undefined) result(o.result, at('result'));
  const objectIsActivity = ((o.object as Obj).objectType ?? 'Activity') === 'Activity';
  if (o.context !== undefined) context(o.context, at('context'), objectIsActivity);
  if (o.timestamp !== undefined) parseTimestamp(o.timestamp, at('timestamp'));
  if (o.attachments !== undefined) attachments(o.attachments, at('attachments'));
}

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';

/** Validates one statement as received (Data 2.4); throws XapiInvalid on the first violation. */
export function validateStatement(v: unknown, path = 'statement'): asserts v is Obj {
  const o = obj(v, path);
  if (o.id !== undefined && !isUuid(o.id)) fail(`${path}.id`, 'must be a UUID (Data 2.4.1)');
  statementBody(o, path, false);
  if (o.stored !== undefined) parseTimestamp(o.stored, `${path}.stored`);
  if (o.authority !== undefined) {
    actor(o.authority, `${path}.authority`);
    const a = o.authority as Obj;
    // Data 2.4.9.s3.b3: a Group authority is the anonymous pair of an OAuth consumer (an account)
    // and a user: no identifier of its own, exactly two members.
    if (a.objectType === 'Group') {
      if (agentKey(a) !== null) fail(`${path}.authority`, 'a Group authority must be anonymous (the OAuth consumer and user pair)');
      if (!Array.isArray(a.member) || a.member.length !== 2) fail(`${path}.authority.member`, 'a Group authority must have exactly two members');
      if (!(a.member as unknown[]).some((m) => isObj(m) && isObj(m.account))) fail(`${path}.authority.member`, 'one member of a Group authority must be the OAuth consumer (an account)');
    }
  }
  if (o.version !== undefined && (typeof o.version !== 'string' || !/^1\.0(\.\d+)?$/.test(o.version))) fail(`${path}.version`, 'must be a 1.0.x version (Data 2.4.10)');
  // Data 2.3.2: a voiding statement's object is a StatementRef.
  if (isObj(o.verb) && o.verb.id === VOIDED_VERB && (o.object as Obj).objectType !== 'StatementRef') fail(`${path}.object`, 'a voiding statement must target a StatementRef');
}

/**
 * The identity key of an Agent or identified Group: its type and IFI (Data 2.4.2.3: agents are the
 * same when the IFI and objectType are the same). Null for an anonymous Group.
 */
export function agentKey(v: unknown): string | null {
  if (!isObj(v)) return null;
  const type = v.objectType === 'Group' ? 'Group' : 'Agent';
  if (typeof v.mbox === 'string') return `${type}|mbox|${v.mbox}`;
  if (typeof v.mbox_sha1sum === 'string') return `${type}|sha1|${v.mbox_sha1sum.toLowerCase()}`;
  if (typeof v.openid === 'string') return `${type}|openid|${v.openid}`;
  if (isObj(v.account)) return `${type}|account|${String(v.account.homePage)}|${String(v.account.name)}`;
  return null;
}

/** An Agent/Group given as a query parameter (Communication 2.1.3), parsed and validated. */
export function parseAgentParam(raw: string, name: string): Obj {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return fail(name, 'must be a JSON Agent or Group object');
  }
  actor(v, name);
  return v as Obj;
}

/** Data 2.4.6.2: single context activities become arrays of one. Mutates and returns. */
export function normaliseStatement(s: Obj): Obj {
  const norm = (o: unknown) => {
    if (!isObj(o) || !isObj(o.context) || !isObj(o.context.contextActivities)) return;
    const ca = o.context.contextActivities;
    for (const k of Object.keys(ca)) if (!Array.isArray(ca[k])) ca[k] = [ca[k]];
  };
  norm(s);
  norm(s.object);
  if (isObj(s.object) && s.object.objectType === undefined && s.object.id !== undefined) s.object.objectType = 'Activity';
  return s;
}
