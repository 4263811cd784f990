/**
 * Bearer tokens (RFC 6750) on the integration APIs. Registered on the root app after the session
 * hook: a request with `Authorization: Bearer …` is authenticated as its OAuth client (the cookie,
 * if any, is ignored), on the routes scopes.ts lists only, with the scope that route needs.
 * Errors carry `WWW-Authenticate: Bearer error="…"` (RFC 6750 §3.1).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { clientForToken } from './oauth.service.ts';
import { requiredScope, scopeAllows } from './scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Scopes of the bearer token that authenticated this request (null for a session). */
    tokenScopes: string[] | null;
  }
}

const challenge = (reply: FastifyReply, error: string, description: string, scope?: string) =>
  reply.header('www-authenticate', `Bearer realm="yte", error="${error}", error_description="${description}"${scope ? `, scope="${scope}"` : ''}`);

export function registerBearerAuth(app: FastifyInstance) {
  app.decorateRequest('tokenScopes', null);
  app.addHook('onRequest', async (req, reply) => {
    const h = req.headers.authorization;
    if (typeof h !== 'string' || !/^bearer\s/i.test(h)) return;
    if (req.url === '/metrics' || req.url.startsWith('/metrics?')) return; // its own scrape token (modules/ops)
    req.actor = null; // a bearer request is the client's, never the cookie's
    const path = req.url.split('?')[0]!;
    const need = requiredScope(req.method, path);
    if (need === undefined) {
      challenge(reply, 'invalid_request', 'Bearer tokens are accepted on /fhir, /dicomweb and the ingest APIs only');
      throw new AppError(401, 'BEARER_NOT_ACCEPTED', 'Bearer tokens are accepted on /fhir, /dicomweb and the ingest APIs only', 'Token chỉ dùng được cho /fhir, /dicomweb và API tiếp nhận dữ liệu');
    }
    const token = h.replace(/^bearer\s+/i, '').trim();
    const c = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await clientForToken(app.db, token) : null;
    if (!c) {
      challenge(reply, 'invalid_token', 'The access token is unknown, expired or revoked');
      throw new AppError(401, 'INVALID_TOKEN', 'The access token is unknown, expired or revoked', 'Token truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi');
    }
    req.actor = c.actor;
    req.tokenScopes = c.scopes;
    if (need !== null && !scopeAllows(c.scopes, need)) {
      challenge(reply, 'insufficient_scope', `This request needs the scope ${need}`, need);
      throw new AppError(403, 'INSUFFICIENT_SCOPE', `This request needs the scope ${need}`, `Yêu cầu này cần phạm vi quyền ${need}`);
    }
  });
}
