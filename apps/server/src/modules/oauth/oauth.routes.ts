/**
 * POST /oauth/token: the client credentials grant (RFC 6749 §4.4), client authentication by
 * client_secret_basic or client_secret_post (§2.3.1), errors as §5.2. Admin routes under
 * /api/oauth/clients (facility_admin, cookie session): register, list, revoke.
 */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { createClient, issueToken, listClientsFor, OAuthError, revoke } from './oauth.service.ts';

const TokenResponse = Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), scope: Type.String() });
const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });
const ClientSchema = Type.Object({ id: Type.String(), clientId: Type.String(), name: Type.String(), facilityId: Type.String(), scopes: Type.Array(Type.String()), createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]) });

/** Form fields; a field sent twice is an invalid_request (RFC 6749 §3.2). */
function formFields(body: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k in out) return null;
    out[k] = v;
  }
  return out;
}

function basicCredentials(h: string | undefined): { clientId: string; clientSecret: string } | null | undefined {
  if (!h || !/^basic\s/i.test(h)) return undefined;
  const raw = Buffer.from(h.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  if (i < 0) return null;
  try {
    // §2.3.1: id and secret are form-urlencoded before base64.
    return { clientId: decodeURIComponent(raw.slice(0, i).replace(/\+/g, ' ')), clientSecret: decodeURIComponent(raw.slice(i + 1).replace(/\+/g, ' ')) };
  } catch {
    return null;
  }
}

export const oauthModule: RoutePlugin = async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, formFields(String(body)) ?? { __duplicate: '1' }));

  app.post('/oauth/token', {
    schema: {
      tags: ['oauth'],
      security: [],
      description: 'OAuth 2.0 client credentials grant (RFC 6749 §4.4): application/x-www-form-urlencoded grant_type=client_credentials, optional scope; client_secret_basic or client_secret_post. Tokens live 5 minutes.',
      consumes: ['application/x-www-form-urlencoded'],
      body: Type.Record(Type.String(), Type.String()),
      response: { 200: TokenResponse, 400: OAuthErrorBody, 401: OAuthErrorBody },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const fail = (e: OAuthError) => {
      if (e.status === 401) reply.header('www-authenticate', 'Basic realm="yte"');
      return reply.status(e.status).send({ error: e.error, error_description: e.message });
    };
    try {
      const f = req.body as Record<string, string>;
      if ('__duplicate' in f) throw new OAuthError(400, 'invalid_request', 'A parameter was sent more than once');
      if (!f.grant_type) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (f.grant_type !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
      const basic = basicCredentials(req.headers.authorization);
      if (basic === null) throw new OAuthError(401, 'invalid_client', 'Malformed Basic credentials');
      if (basic && (f.client_id !== undefined && f.client_id !== basic.clientId || f.client_secret !== undefined)) throw new OAuthError(400, 'invalid_request', 'Use one client authentication method, not two');
      const creds = basic ?? (f.client_id && f.client_secret ? { clientId: f.client_id, clientSecret: f.client_secret } : null);
      if (!creds) throw new OAuthError(401, 'invalid_client', 'Client authentication is required (client_secret_basic or client_secret_post)');
      if (creds.clientId.length > 200 || creds.clientSecret.length > 200) throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
      return await issueToken(app.db, creds, f.scope);
    } catch (e) {
      if (e instanceof OAuthError) return fail(e);
      throw e;
    }
  });

  app.get('/api/oauth/clients', { preHandler: requireSession, schema: { tags: ['oauth'], response: { 200: Type.Array(ClientSchema), ...errors(401, 403) } } },
    async (req) => listClientsFor(app.db, actorOf(req)));

  app.post('/api/oauth/clients', {
    preHandler: requireSession,
    schema: {
      tags: ['oauth'],
      description: 'Registers an integration client of one of your facilities. The secret is returned once.',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), facilityId: Type.String({ format: 'uuid' }), scopes: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 30 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), clientId: Type.String(), clientSecret: Type.String(), name: Type.String(), facilityId: Type.String(), scopes: Type.Array(Type.String()) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => createClient(app.db, actorOf(req), req.body));

  app.post('/api/oauth/clients/:id/revoke', {
    preHandler: requireSession,
    schema: { tags: ['oauth'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: ClientSchema, ...errors(401, 403, 404) } },
  }, async (req) => revoke(app.db, actorOf(req), req.params.id));
};
