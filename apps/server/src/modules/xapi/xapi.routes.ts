/**
 * The LRS at /xapi (xAPI 1.0.3): Fastify glue only. Bodies arrive as raw bytes (statements may be
 * multipart/mixed, documents any media type) and go to the protocol handler.
 */
import { Type } from 'typebox';
import { errors, type RoutePlugin } from '../../lib/http.ts';
import { AppError } from '../../lib/errors.ts';
import { fromAlternateSyntax, handle, RESOURCES, type Resource, XAPI_VERSION, type XRequest } from './xapi.handler.ts';
import { consistentThrough } from './xapi.service.ts';

const BODY_LIMIT = 16 * 1024 * 1024;
// The parameters of each resource (Communication 2), for the OpenAPI page; unknown ones pass
// through to the handler, which answers them 400 as the specification requires.
const PARAMS: Record<Resource, string[]> = {
  statements: ['statementId', 'voidedStatementId', 'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', 'more'],
  'activities/state': ['activityId', 'agent', 'registration', 'stateId', 'since'],
  'activities/profile': ['activityId', 'profileId', 'since'],
  'agents/profile': ['agent', 'profileId', 'since'],
  activities: ['activityId'],
  agents: ['agent'],
  about: [],
};
const queryOf = (r: Resource) => Type.Object(
  Object.fromEntries([...PARAMS[r], ...(r === 'about' ? [] : ['method'])].map((k) => [k, Type.Optional(Type.String({ description: k === 'method' ? 'alternate request syntax (Communication 1.3), POST only' : `xAPI parameter ${k}` }))])),
  { additionalProperties: true },
);
const Any = Type.Unknown({ description: 'xAPI JSON (StatementResult, Statement, ids, document) or multipart/mixed' });

export const xapiRoutes: RoutePlugin = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-experience-api-version', XAPI_VERSION);
    // Also on error answers to statement GETs (the handler's own value replaces it on success).
    if ((req.method === 'GET' || req.method === 'HEAD') && req.url.split('?')[0]!.endsWith('/statements')) {
      reply.header('x-experience-api-consistent-through', consistentThrough(new Date()).toISOString());
    }
  });
  app.addHook('onError', async (_req, reply, err) => {
    if (err instanceof AppError && err.status === 401) reply.header('www-authenticate', 'Basic realm="yte xAPI LRS"');
  });

  for (const resource of RESOURCES) {
    for (const method of ['GET', 'PUT', 'POST', 'DELETE'] as const) {
      if (resource === 'about' && method !== 'GET') continue;
      app.route({
        method,
        url: `/${resource}`,
        bodyLimit: BODY_LIMIT,
        schema: {
          tags: ['xapi'],
          summary: `xAPI ${resource} resource (${method})`,
          description: 'HTTP Basic auth of a registered LRS client (demo: demo-lrs / yte-demo) and X-Experience-API-Version: 1.0.3',
          querystring: queryOf(resource),
          response: { 200: Any, 204: Type.Null({ description: 'stored' }), ...errors(400, 401, 404, 409, 412) },
        },
        handler: async (req, reply) => {
          const headers = req.headers as Record<string, string | undefined>;
          const body = Buffer.isBuffer(req.body) ? req.body : undefined;
          const query = { ...(req.query as Record<string, string>) };
          let x: XRequest = { method, resource: resource as Resource, query, headers, body };
          if (method === 'POST' && query.method !== undefined) x = fromAlternateSyntax(resource, query.method, query, headers, body);
          else if (query.method !== undefined) throw new AppError(400, 'XAPI_INVALID', 'the alternate request syntax is only used with POST (Communication 1.3)', 'Cú pháp yêu cầu thay thế chỉ dùng với POST');
          const res = await handle(app.db, x);
          reply.status(res.status as 200).headers(res.headers);
          return res.body === undefined ? reply.send() : reply.send(res.body);
        },
      });
    }
  }
};
