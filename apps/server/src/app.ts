/**
 * build(): the Fastify app with every route, no listen(). Tests call app.inject(); main.ts listens.
 */
import { existsSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { AppError } from './lib/errors.ts';
import { ErrorBody } from './lib/http.ts';
import { isProtocolPath, protocolNotFound } from './lib/not-found.ts';
import { installInputGuards, strictBodyValidators } from './lib/input-guard.ts';
import { checkCsrf, csrfRejected } from './lib/csrf.ts';
import { registerSecurityHeaders } from './lib/security-headers.ts';
import { registerDenialAudit } from './modules/audit/denials.ts';
import { registerBearerAuth } from './modules/oauth/bearer.ts';
import { registerFhirEnvelope } from './modules/fhir/outcome.ts';
import { actorForToken, SESSION_COOKIE } from './modules/auth/auth.service.ts';
import { MODULES } from './modules/index.ts';
import { ObservationPipeline } from './modules/observations/pipeline.ts';
import { AlertHub } from './modules/monitoring/hub.ts';
import { installMetrics } from './modules/ops/metrics.ts';

export const VERSION = '0.1.0';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
  }
}

export interface BuildOptions {
  db: Db;
  config: Config;
  /** pino options or false; tests pass false. */
  logger?: boolean | object;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** JSON Schema types in Vietnamese, for "must be <type>" errors (bodies are not type-coerced). */
const TYPE_VI: Record<string, string> = { number: 'số', integer: 'số nguyên', string: 'chuỗi ký tự', boolean: 'true/false', object: 'đối tượng JSON', array: 'danh sách', null: 'null' };

export async function build(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // JSON bodies are validated without type coercion; querystring/params keep it (lib/input-guard.ts).
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators() } },
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', opts.db);
  app.decorate('config', opts.config);
  app.decorate('observationPipeline', new ObservationPipeline((err) => app.log.error({ err }, 'after-commit observation hook failed')));
  app.decorate('alertHub', new AlertHub());
  app.decorateRequest('actor', null);
  app.addSchema(ErrorBody);
  installInputGuards(app);

  await app.register(cookie);
  // Per-route limits for public endpoints (assistant questions, badge verification); logins have
  // their own failure-counting limiter (modules/auth/login-limiter.ts).
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await registerSecurityHeaders(app, { https: opts.config.cookieSecure });
  await app.register(swagger, {
    openapi: {
      info: { title: 'yte API', version: VERSION, description: 'yte: AI support for Vietnamese health care. Every AI or rule output is a suggestion; the clinician decides.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.actor = await actorForToken(opts.db, token);
  });
  // CSRF: state-changing requests on the session cookie must come from this origin (lib/csrf.ts).
  app.addHook('onRequest', async (req) => {
    const v = checkCsrf({ method: req.method, path: req.url.split('?')[0]!, headers: req.headers, hasSessionCookie: req.cookies[SESSION_COOKIE] !== undefined }, opts.config.publicOrigins);
    if (!v.ok) throw csrfRejected(v);
  });
  installMetrics(app); // Prometheus registry and request latency (modules/ops)
  registerDenialAudit(app);
  registerBearerAuth(app); // OAuth bearer tokens on the integration APIs (modules/oauth)
  registerFhirEnvelope(app); // /fhir: OperationOutcome errors, application/fhir+json, 406 for XML

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
    if (err.validation) {
      const v = err.validation[0];
      const field = (v?.instancePath || '').replace(/^\//, '').replace(/\//g, '.') ||
        (v?.params && 'additionalProperty' in v.params ? String(v.params.additionalProperty) : undefined) ||
        (v?.params && 'missingProperty' in v.params ? String(v.params.missingProperty) : undefined);
      const unknownField = v?.keyword === 'additionalProperties';
      return reply.status(400).send({
        code: unknownField ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED',
        message: `${err.validationContext ?? 'request'}${field ? `.${field}` : ''}: ${unknownField ? `unknown field "${String((v?.params as { additionalProperty?: string }).additionalProperty)}"` : v?.message ?? 'invalid'}`,
        messageVi: unknownField ? `Trường không hợp lệ: ${String((v?.params as { additionalProperty?: string }).additionalProperty)}`
          : v?.keyword === 'type' ? `${field ? `Trường ${field}` : 'Dữ liệu'} phải là ${TYPE_VI[String((v.params as { type?: string }).type)] ?? String((v.params as { type?: string }).type)}`
          : `Dữ liệu không hợp lệ${field ? ` ở trường ${field}` : ''}`,
        ...(field ? { field } : {}),
      });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.status(400).send({ code: 'MALFORMED_JSON', message: 'Request body is not valid JSON', messageVi: 'Nội dung yêu cầu không phải JSON hợp lệ' });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(400).send({ code: 'BODY_TOO_LARGE', message: `Request body exceeds ${MAX_BODY_BYTES} bytes`, messageVi: 'Nội dung yêu cầu quá lớn' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: err.message, messageVi: 'Kiểu nội dung không được hỗ trợ' });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({ code: 'RATE_LIMITED', message: 'Too many attempts; try again in a minute', messageVi: 'Quá nhiều lần thử; vui lòng thử lại sau một phút' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: err.code ?? 'BAD_REQUEST', message: err.message, messageVi: 'Yêu cầu không hợp lệ' });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: 'Internal error', messageVi: 'Lỗi hệ thống' });
  });

  app.get('/health', {
    schema: {
      tags: ['system'],
      security: [],
      response: { 200: Type.Object({ status: Type.Literal('ok'), db: Type.String(), version: Type.String() }) },
    },
  }, async () => {
    await opts.db.query('SELECT 1');
    return { status: 'ok' as const, db: opts.db.kind, version: VERSION };
  });

  for (const m of MODULES) await app.register(m.routes, { prefix: m.prefix });

  const dist = opts.config.webDist;
  if (dist && existsSync(dist)) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: dist, wildcard: true, index: ['index.html'] });
    // Client-side routes fall back to the SPA; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !isProtocolPath(req.url)) return reply.sendFile('index.html');
      return protocolNotFound(req, reply);
    });
  } else {
    app.setNotFoundHandler(protocolNotFound);
  }
  return app;
}
