/**
 * Input guards applied to every route, so bad input is a 400 at the edge and never a 500 from SQL:
 *
 *  - Text: a NUL (U+0000) or a lone UTF-16 surrogate anywhere in the body, querystring or params
 *    (values and object keys) → 400 INVALID_CHARACTER naming the field. PostgreSQL cannot store
 *    U+0000 in text or jsonb ("invalid byte sequence for encoding UTF8: 0x00"), and a lone
 *    surrogate has no UTF-8 form (Node would silently write U+FFFD). The Unicode Standard, ch. 3:
 *    text is a sequence of scalar values (D76, surrogate code points excluded) and an isolated
 *    surrogate code unit is ill-formed UTF-16 (D91).
 *  - Types: JSON bodies are validated without type coercion (a string "80" or `true` where a number
 *    is expected is a 400 that names the type; a scalar body is not wrapped into an array);
 *    querystring, params and headers keep Fastify's coercion because they are strings by nature.
 *  - Media type: Fastify's default text/plain parser is removed, so JSON sent as text/plain is a 415
 *    (routes that take text, e.g. CSV imports, register their own parser).
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { badInput } from './errors.ts';

/** U+0000, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const BAD_CHAR = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface BadText {
  /** dot path of the field, e.g. "vitals.reason" or "labs.0.display"; a bad key is named itself */
  path: string;
  what: 'NUL' | 'surrogate';
}

function classify(s: string): BadText['what'] | null {
  const m = BAD_CHAR.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'NUL' : 'surrogate';
}

/** A record of parsed input: plain, null-prototype (querystring, params) or class-less objects; not Buffers. */
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.toString.call(v) === '[object Object]';

/**
 * The first string (value or key) holding a NUL or a lone surrogate, or null. Iterative, so a
 * deeply nested body cannot overflow the stack; Buffers and other non-plain objects are skipped.
 */
export function findBadText(root: unknown): BadText | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const what = classify(v);
      if (what) return { path, what };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (isRecord(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const p = path ? `${path}.${k}` : k;
        const what = classify(k);
        if (what) return { path: p, what };
        stack.push([v[k], p]);
      }
    }
  }
  return null;
}

const DESCRIBE: Record<BadText['what'], { en: string; vi: string }> = {
  NUL: { en: 'a NUL character (U+0000)', vi: 'ký tự NUL (U+0000)' },
  surrogate: { en: 'an unpaired UTF-16 surrogate (not valid Unicode text)', vi: 'ký tự Unicode không hợp lệ (surrogate lẻ)' },
};

/** preValidation: refuses bad text in params, querystring and body, before any schema or SQL sees it. */
export async function rejectBadText(req: FastifyRequest): Promise<void> {
  for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
    const bad = findBadText(value);
    if (!bad) continue;
    const field = bad.path || part;
    throw badInput(
      'INVALID_CHARACTER',
      `${part}${bad.path ? `.${bad.path}` : ''} contains ${DESCRIBE[bad.what].en}, which is not allowed in text`,
      `Trường ${field} chứa ${DESCRIBE[bad.what].vi}, không được phép trong văn bản`,
      field,
      { part, character: bad.what },
    );
  }
}

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
interface RouteDef { httpPart?: string; schema?: unknown; method: string; url: string }
interface PoolOptions { customOptions?: Record<string, unknown>; plugins?: unknown[] }
type Pool = (externalSchemas: Record<string, unknown>, options: PoolOptions) => (route: RouteDef) => unknown;

/**
 * Fastify schemaController factory: request bodies compile on an Ajv without type coercion, every
 * other part (querystring, params, headers) on one with Fastify's usual coercion. Both share the
 * app's ajv options (formats, removeAdditional, shared schemas).
 */
export function strictBodyValidators(): ValidatorFactory {
  const pool = AjvCompiler() as unknown as Pool;
  const factory = (externalSchemas: Record<string, unknown>, options: PoolOptions = {}) => {
    const coercing = pool(externalSchemas, options);
    const strict = pool(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } });
    return (route: RouteDef) => (route.httpPart === 'body' ? strict(route) : coercing(route));
  };
  return factory as unknown as ValidatorFactory;
}

/** Adds the text guard and removes the text/plain parser; call in build() before routes register. */
export function installInputGuards(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', rejectBadText);
}
