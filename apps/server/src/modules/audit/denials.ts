/**
 * Every denied access is an audit entry (outcome 'denied'): each 403, and each 401 on a data
 * route (anything but login/logout/me, which the SPA probes and login audits itself). A denial
 * usually aborts the request's own transaction, so the entry is written in a transaction of its
 * own, after that one has rolled back and before the answer leaves (an onSend hook), so a denied
 * caller's next request always finds it in the log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from './audit.repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Routes whose :id names a patient. */
const PATIENT_ROUTE = /\/(patients|Patient)\/:id(\/|$)/;

function audited(status: number, path: string) {
  if (status === 403) return true;
  return status === 401 && /^\/(api|fhir|dicomweb)\//.test(path) && !path.startsWith('/api/auth/');
}

function errorCode(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const c = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof c === 'string' ? c : null;
  } catch {
    return null;
  }
}

export function denialEntry(req: FastifyRequest, status: number, payload: unknown) {
  const path = req.url.split('?')[0]!;
  const route = req.routeOptions.url ?? null;
  const params = (req.params ?? {}) as Record<string, unknown>;
  const pid = route && PATIENT_ROUTE.test(route) && typeof params.id === 'string' && UUID.test(params.id) ? params.id : null;
  return {
    userId: req.actor?.id ?? null,
    facilityId: null,
    action: 'access',
    resourceType: 'Route',
    resourceId: route ? `${req.method} ${route}` : `${req.method} ${path}`.slice(0, 300),
    patientId: pid,
    outcome: 'denied' as const,
    details: { status, code: errorCode(payload), path: path.slice(0, 300), ip: req.ip },
  };
}

export function registerDenialAudit(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    const status = reply.statusCode;
    if (!audited(status, req.url)) return payload;
    try {
      await app.db.tx((q) => appendAudit(q, denialEntry(req, status, payload)));
    } catch (err) {
      // The denial still stands; a lost audit entry is logged loudly.
      req.log.error({ err, status, url: req.url }, 'could not audit a denied request');
    }
    return payload;
  });
}
