/**
 * Property-based fuzz over EVERY route of the app (read from its OpenAPI document, so a new route is
 * fuzzed without touching this file), on PGlite and PostgreSQL. Each request carries at least one
 * defect that must make it invalid — a NUL or a lone surrogate in any string (body, query, path), a
 * wrong JSON type, an unknown field where the schema forbids them, a scalar or array body on an
 * object route, a 1 MB string where a maxLength applies, a wrong query parameter type — mixed with
 * valid but unusual text (RTL marks U+202E, zero-width joiners, emoji, Vietnamese). Logged in as a
 * user whose role the route accepts. Asserted: the status is 4xx (never 5xx, never 2xx) and no row
 * of patient data changed (row counts of every table but audit_log and session: a refused request
 * may be audited, and audit entries of denials are wanted).
 *
 * Seed: fixed and printed (YTE_FUZZ_SEED overrides); runs per route are modest (YTE_FUZZ_RUNS), so
 * the file stays well under a minute per engine on a 2-core machine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from './testing/harness.ts';
import { patientDataCounts } from './testing/row-counts.ts';

const SEED = Number(process.env.YTE_FUZZ_SEED ?? 20261207);
const RUNS_WRITE = Number(process.env.YTE_FUZZ_RUNS ?? 12);
const RUNS_READ = Math.max(2, Math.round(RUNS_WRITE / 3));
const MB = 1024 * 1024;

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
};
interface Param { in: 'query' | 'path'; name: string; schema: Schema }
interface Route { method: string; path: string; params: Param[]; body: Schema | null; hasBody: boolean }

/** A small seeded PRNG (mulberry32), so one fast-check integer drives a whole request. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

const uuid = (r: Rng) => {
  const h = [...Array(32)].map(() => '0123456789abcdef'[r.int(16)]);
  [h[12], h[16]] = ['7', '8']; // UUIDv7, RFC 9562 variant
  const x = h.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
};
const variants = (s: Schema): Schema[] => s.anyOf ?? s.oneOf ?? [s];
const typesOf = (s: Schema): Set<string> => {
  const out = new Set<string>();
  for (const v of variants(s)) {
    if (v.anyOf || v.oneOf) for (const t of typesOf(v)) out.add(t);
    else if (v.const !== undefined) out.add(v.const === null ? 'null' : typeof v.const);
    else if (v.enum) for (const e of v.enum) out.add(e === null ? 'null' : typeof e);
    else if (Array.isArray(v.type)) for (const t of v.type) out.add(t);
    else if (v.type) out.add(v.type);
    else out.add('any');
  }
  if (out.has('integer')) out.add('number');
  return out;
};

/** A plausible valid value of a schema (what a client would send), built from the seeded PRNG. */
function sample(s: Schema, r: Rng, unusual: string): unknown {
  const v = s.anyOf || s.oneOf ? r.pick(variants(s).filter((x) => x.type !== 'null').length ? variants(s).filter((x) => x.type !== 'null') : variants(s)) : s;
  if (v !== s) return sample(v, r, unusual);
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) if (s.required?.includes(k) || r.next() < 0.5) o[k] = sample(p, r, unusual);
      return o;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, r.int(3));
      return s.items ? [...Array(n)].map(() => sample(s.items!, r, unusual)) : [];
    }
    case 'string': {
      if (s.format === 'uuid') return uuid(r);
      if (s.format === 'date-time') return new Date(Date.now() - r.int(86_400_000)).toISOString();
      if (s.format === 'date' || s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-10-15';
      const text = r.next() < 0.5 ? unusual : 'Nguyễn Văn An';
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 200;
      const padded = text.length < min ? text.padEnd(min, 'a') : text;
      return padded.length > max ? padded.slice(0, max) : padded;
    }
    case 'integer': return Math.min(s.maximum ?? 10, Math.max(s.minimum ?? 0, r.int(10)));
    case 'number': return Math.min(s.maximum ?? 100, Math.max(s.minimum ?? 0, r.next() * 100));
    case 'boolean': return r.next() < 0.5;
    case 'null': return null;
    default: return {};
  }
}

/** Every location in a value that the schema describes, with the schema there. */
function locations(value: unknown, s: Schema, path: Array<string | number> = []): Array<{ path: Array<string | number>; schema: Schema; value: unknown }> {
  const out = [{ path, schema: s, value }];
  if (s.anyOf || s.oneOf) return out; // a union is poisoned as a whole: a branch may accept what another refuses
  if (value && typeof value === 'object' && !Array.isArray(value) && s.properties) {
    for (const [k, v] of Object.entries(value)) if (s.properties[k]) out.push(...locations(v, s.properties[k]!, [...path, k]));
  } else if (Array.isArray(value) && s.items) {
    value.forEach((v, i) => out.push(...locations(v, s.items!, [...path, i])));
  }
  return out;
}

function setAt(root: unknown, path: Array<string | number>, v: unknown): unknown {
  if (path.length === 0) return v;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = v;
  return copy;
}

/** A value of a JSON type the schema does not accept at all (no coercion makes it valid). */
function wrongValue(s: Schema, r: Rng): unknown | undefined {
  const ok = typesOf(s);
  if (ok.has('any')) return undefined;
  const candidates: unknown[] = [];
  if (!ok.has('string')) candidates.push('80', 'true', '');
  if (!ok.has('number')) candidates.push(80, 1e300, -0.5);
  if (!ok.has('boolean')) candidates.push(true, false);
  if (!ok.has('object')) candidates.push({ a: 1 });
  if (!ok.has('array')) candidates.push([1], []);
  if (!ok.has('null')) candidates.push(null);
  return candidates.length ? r.pick(candidates) : undefined;
}

/** Valid Unicode text without NUL: the noise mixed into requests. */
const wellFormed = (x: string) => x.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');

const POISON_CHARS = ['\u0000', '\ud800', '\udfff', '\udbff\u0041', 'x\u0000y'] as const;

/** 'huge': a string over its maxLength, or 1 MB. */
type Kind = 'text' | 'wrongType' | 'extraField' | 'scalar' | 'huge' | 'queryText' | 'queryWrong' | 'pathText';

interface Plan { kind: Kind; seed: number; unusual: string; poison: string }

function kindsFor(route: Route): Kind[] {
  const k: Kind[] = [];
  if (route.hasBody) k.push('text');
  const b = route.body;
  if (b && !typesOf(b).has('any')) {
    k.push('wrongType', 'scalar');
    const locs = locations(sample(b, rng(1), 'x'), b);
    if (locs.some((l) => l.schema.type === 'object' && l.schema.additionalProperties === false)) k.push('extraField');
    if (locs.some((l) => l.schema.type === 'string' && l.schema.maxLength !== undefined && !l.schema.enum && !l.schema.format)) k.push('huge');
  }
  if (route.params.some((p) => p.in === 'query')) k.push('queryText');
  if (route.params.some((p) => p.in === 'query' && !typesOf(p.schema).has('string'))) k.push('queryWrong');
  if (route.params.some((p) => p.in === 'path')) k.push('pathText');
  return k;
}

/** The request: a valid-looking base with the planned defect in it. */
function build(route: Route, plan: Plan) {
  const r = rng(plan.seed);
  const query: Record<string, string> = {};
  const pathParams: Record<string, string> = {};
  for (const p of route.params) {
    if (p.in === 'path') pathParams[p.name] = p.schema.format === 'uuid' || p.name === 'id' ? uuid(r) : '1.2.840.1';
    else if (p.schema.enum || r.next() < 0.5) {
      const v = sample(p.schema, r, plan.unusual);
      if (v !== undefined && typeof v !== 'object') query[p.name] = String(v);
    }
  }
  let body: unknown = route.body ? sample(route.body, r, plan.unusual) : route.hasBody ? {} : undefined;
  let description: string = plan.kind;
  switch (plan.kind) {
    case 'text': {
      const strings = route.body ? locations(body, route.body).filter((l) => typeof l.value === 'string') : [];
      if (strings.length && r.next() < 0.7) {
        const l = r.pick(strings);
        body = setAt(body, l.path, plan.poison);
        description += ` at body.${l.path.join('.')}`;
      } else if (body && typeof body === 'object' && !Array.isArray(body)) {
        body = { ...(body as object), [r.next() < 0.5 ? 'note' : plan.poison]: plan.poison };
      } else body = Array.isArray(body) ? [...body, { deviceId: plan.poison }] : { note: plan.poison };
      break;
    }
    case 'wrongType': {
      const cands = locations(body, route.body!).map((l) => ({ l, w: wrongValue(l.schema, r) })).filter((x) => x.w !== undefined);
      const { l, w } = r.pick(cands);
      body = setAt(body, l.path, w);
      description += ` body.${l.path.join('.')} = ${JSON.stringify(w)}`;
      break;
    }
    case 'extraField': {
      const objs = locations(body, route.body!).filter((l) => l.schema.type === 'object' && l.schema.additionalProperties === false && l.value && typeof l.value === 'object');
      const l = r.pick(objs);
      body = setAt(body, l.path, { ...(l.value as object), [`zzFuzz${r.int(1000)}`]: r.pick([plan.unusual, 1, true, null, { a: 1 }]) });
      description += ` in body.${l.path.join('.')}`;
      break;
    }
    case 'scalar':
      body = typesOf(route.body!).has('array') ? r.pick([42, 'hello', true, null, { a: 1 }]) : r.pick([42, 'hello', true, null, [1], [{}], []]);
      description += ` ${JSON.stringify(body)}`;
      break;
    case 'huge': {
      const strs = locations(body, route.body!).filter((l) => l.schema.type === 'string' && l.schema.maxLength !== undefined && !l.schema.enum && !l.schema.format);
      const l = strs.length ? r.pick(strs) : null;
      // just over its maxLength (the schema refuses it) or 1 MB (the body limit refuses it first)
      if (l) body = setAt(body, l.path, r.next() < 0.5 ? 'ư'.repeat(l.schema.maxLength! + 1) : `${plan.unusual}${'ư'.repeat(MB)}`);
      else { // the maxLength string is in an optional part the sample left out: add the whole body at 1 MB
        body = { ...(body as object), zzHuge: 'a'.repeat(MB) };
      }
      description += l ? ` at body.${l.path.join('.')}` : ' as an extra field';
      break;
    }
    case 'queryText': {
      const p = r.pick(route.params.filter((x) => x.in === 'query'));
      query[p.name] = `${plan.unusual.replace(/[\ud800-\udfff]/g, '')}\u0000`;
      description += ` ?${p.name}`;
      break;
    }
    case 'queryWrong': {
      const p = r.pick(route.params.filter((x) => x.in === 'query' && !typesOf(x.schema).has('string')));
      query[p.name] = r.pick(['abc', '1e999x', '', '[object Object]']);
      description += ` ?${p.name}=${query[p.name]}`;
      break;
    }
    case 'pathText': {
      const p = r.pick(route.params.filter((x) => x.in === 'path'));
      pathParams[p.name] = r.pick(['\u0000', `${uuid(r).slice(0, 35)}\u0000`, `a\u0000${plan.unusual.replace(/[\ud800-\udfff]/g, '')}`]);
      description += ` :${p.name}`;
      break;
    }
  }
  const url = route.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(pathParams[n]!)) +
    (Object.keys(query).length ? `?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`).join('&')}` : '');
  return { url, body, description };
}

/** A user whose role the route accepts (the defect must be refused for the right reason, not for the role). */
const userFor = (path: string) =>
  path.startsWith('/api/governance') ? 'qt.mai'
  : /^\/(api\/imaging|dicomweb)|DiagnosticReport/.test(path) ? 'bs.minh'
  : /^\/api\/(devices|ingest|alerts)/.test(path) ? 'dd.hoa'
  : 'bs.lan';

/** Routes that are not request/response (server-sent events) or carry no input at all. */
const SKIP = new Set(['GET /api/alerts/stream']);

describe.each(ENGINES)('fuzz every route on %s: bad input is 4xx and writes nothing', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let routes: Route[] = [];

  beforeAll(async () => {
    t = await openTestApp(engine);
    for (const u of ['bs.lan', 'bs.minh', 'dd.hoa', 'qt.mai']) cookies[u] = await t.login(u);
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> } }>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(), path, params: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema ?? null,
      hasBody: method !== 'get',
    }))).filter((r) => !SKIP.has(`${r.method} ${r.path}`) && kindsFor(r).length > 0);
    console.log(`fuzz (${engine}): seed ${SEED}, ${routes.length} routes, ${RUNS_WRITE} runs per state-changing route, ${RUNS_READ} per read route (YTE_FUZZ_SEED / YTE_FUZZ_RUNS to change)`);
  });
  afterAll(() => t?.close());

  it('covers every state-changing route of the OpenAPI document', () => {
    const writes = routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    // a sample of routes from every module; a route added later is fuzzed without being listed here
    for (const r of ['POST /api/patients', 'POST /api/patients/{id}/encounters', 'POST /api/encounters/{id}/observations', 'POST /api/ingest/observations',
      'POST /api/appointments', 'POST /api/screenings/tb', 'POST /api/screenings/{id}/referral', 'POST /api/triage', 'POST /api/devices', 'POST /api/suggestions/{id}/decision',
      'POST /api/governance/incidents', 'PUT /api/imaging/studies/{id}/report', 'POST /api/imaging/upload', 'POST /dicomweb/studies', 'POST /api/auth/login', 'POST /api/alerts/{id}/ack']) {
      expect(writes).toContain(r);
    }
    expect(writes.length).toBeGreaterThanOrEqual(30);
  });

  it('every route answers a defective request with a 4xx and writes nothing', async () => {
    const unusual = fc.oneof(
      fc.constantFrom('\u202Eevil.exe', 'a\u200Db', 'bệnh nhân 🏥', ' ', 'Nguyễn Thị Ánh', '\u0644\u200F', 'DROP TABLE patient;--', '%00', '\\u0000'),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ).map(wellFormed); // noise is valid text, so it never masks the planned defect
    const poison = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...POISON_CHARS), fc.constantFrom('', '\u202E', 'ệ')).map(([a, p, b]) => `${a}${p}${b}`);
    const failures: string[] = [];
    let requests = 0;
    const answers = new Map<string, number>(); // "400 INVALID_CHARACTER" → count, printed as the fuzz's own check
    const started = Date.now();
    for (const route of routes) {
      const kinds = kindsFor(route);
      const plan = fc.record({ kind: fc.constantFrom(...kinds), seed: fc.integer(), unusual, poison });
      const cookie = cookies[userFor(route.path)]!;
      await fc.assert(
        fc.asyncProperty(plan, async (p) => {
          const req = build(route, p as Plan);
          const before = await patientDataCounts(t.db);
          const res = await t.app.inject({
            method: route.method as 'GET', url: req.url, headers: { cookie },
            ...(req.body !== undefined && route.method !== 'GET' ? { payload: JSON.stringify(req.body), headers: { cookie, 'content-type': 'application/json' } } : {}),
          });
          requests++;
          const key = `${res.statusCode} ${(() => { try { return (res.json() as { code?: string }).code ?? ''; } catch { return ''; } })()}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
          const after = await patientDataCounts(t.db);
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (res.statusCode < 400 || res.statusCode >= 500 || changed.length) {
            failures.push(`${route.method} ${route.path} [${req.description}] → ${res.statusCode} ${res.body.slice(0, 200)}${changed.length ? ` — wrote ${changed.join(', ')}` : ''}`);
            return false;
          }
          return true;
        }),
        { seed: SEED, numRuns: route.method === 'GET' ? RUNS_READ : RUNS_WRITE, endOnFailure: true },
      ).catch(() => undefined); // collected above, so one report names every failing route
    }
    console.log(`fuzz (${engine}): ${requests} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; answers: ${[...answers].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
    // The defects must be refused as defects (400/413/415), not only by chance (401/403/404).
    const asDefect = [...answers].filter(([k]) => /^(400|413|415) /.test(k)).reduce((n, [, c]) => n + c, 0);
    expect(asDefect / requests).toBeGreaterThan(0.9);
  }, 900_000); // every route of the API (~300), twice a database read per request: minutes on a 2-core machine
});
