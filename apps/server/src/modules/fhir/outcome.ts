/**
 * Everything under /fhir speaks FHIR: errors are OperationOutcome (http://hl7.org/fhir/R4/
 * operationoutcome.html) whatever raised them (a route, a guard, the bearer hook, the not-found
 * handler, another module's FHIR route), and the media type is application/fhir+json.
 * yte serves JSON only: `_format=xml` or an Accept that admits only XML is 406 (R4 http.html
 * §3.1.0.1.10 "If the server does not support the requested format, it SHALL return 406").
 * Registered on the root app after the denial audit (which reads yte's error codes first).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.ts';

const ISSUE_CODE: Record<number, string> = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 405: 'not-supported', 406: 'not-supported', 409: 'conflict', 410: 'deleted', 413: 'too-long', 415: 'not-supported', 422: 'processing', 429: 'throttled' };

export function operationOutcome(status: number, text: string, yteCode?: string, diagnostics?: string) {
  return {
    resourceType: 'OperationOutcome' as const,
    issue: [{
      severity: status >= 500 ? 'fatal' : 'error',
      code: ISSUE_CODE[status] ?? (status >= 500 ? 'exception' : 'invalid'),
      details: { ...(yteCode ? { coding: [{ system: 'http://yte.vn/fhir/CodeSystem/error', code: yteCode }] } : {}), text },
      ...(diagnostics ? { diagnostics } : {}),
    }],
  };
}

const isFhir = (url: string) => url === '/fhir' || url.startsWith('/fhir/') || url.startsWith('/fhir?');
const JSON_TYPES = /(^|[\s,])(application\/(fhir\+)?json|application\/\*|\*\/\*|json)(\s*;|\s*,|$)/i;

/** The requested format when it is one yte cannot produce (XML, Turtle, …), else null. */
export function unsupportedFormat(format: string | undefined, accept: string | undefined): string | null {
  if (format !== undefined) {
    return /^(json|application\/(fhir\+)?json)$/i.test(format) ? null : format;
  }
  if (!accept || JSON_TYPES.test(accept) || /text\/html/i.test(accept)) return null;
  return /xml|turtle|ttl/i.test(accept) ? accept : null;
}

export function registerFhirEnvelope(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (!isFhir(req.url)) return;
    const q = req.url.indexOf('?');
    const format = q >= 0 ? new URLSearchParams(req.url.slice(q + 1)).get('_format') ?? undefined : undefined;
    const bad = unsupportedFormat(format, req.headers.accept);
    if (bad) throw new AppError(406, 'NOT_ACCEPTABLE', `yte's FHIR server speaks JSON only (application/fhir+json); ${bad.slice(0, 100)} is not supported`, 'Máy chủ FHIR của yte chỉ hỗ trợ JSON (application/fhir+json)');
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!isFhir(req.url)) return payload;
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      type ErrorJson = { code?: unknown; message?: unknown; resourceType?: unknown; field?: unknown };
      let body: ErrorJson | null;
      try {
        body = JSON.parse(payload) as ErrorJson;
      } catch {
        body = null;
      }
      if (body?.resourceType !== 'OperationOutcome') {
        const text = typeof body?.message === 'string' ? body.message : `HTTP ${reply.statusCode}`;
        payload = JSON.stringify(operationOutcome(reply.statusCode, text, typeof body?.code === 'string' ? body.code : undefined, typeof body?.field === 'string' ? `field: ${body.field}` : undefined));
      }
    }
    if (typeof payload === 'string') reply.header('content-type', 'application/fhir+json; charset=utf-8');
    return payload;
  });
}
