/**
 * Unknown paths. Only the web UI's client-side routes fall back to index.html: a path under a
 * protocol prefix (/api, /dicomweb, /fhir, /xapi, /oauth, /docs, /health) is a 404 in that protocol's error format,
 * never the SPA — a DICOMweb or FHIR client handed HTML crashes instead of reporting "not found".
 *   - /fhir: an OperationOutcome (FHIR R4 §3.1.0.4.2 "http": 404 with an OperationOutcome), code
 *     not-found;
 *   - /dicomweb and /api: the platform's JSON error {code, message, messageVi} (PS3.18 §8.6 leaves
 *     the error payload to the origin server).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const PROTOCOL_PATH = /^\/(api|dicomweb|fhir|docs|health|healthz|readyz|metrics|xapi|oauth)(\/|\?|#|$)/i;

/** Is this a path the SPA must never answer? */
export const isProtocolPath = (url: string): boolean => PROTOCOL_PATH.test(url);

export function protocolNotFound(req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0]!;
  if (/^\/fhir(\/|$)/i.test(path)) {
    return reply.status(404).header('content-type', 'application/fhir+json; charset=utf-8').send(JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: `No such FHIR interaction: ${req.method} ${path.slice(0, 200)}` }],
    }));
  }
  return reply.status(404).send({ code: 'NOT_FOUND', message: 'No such route', messageVi: 'Không có đường dẫn này' });
}
