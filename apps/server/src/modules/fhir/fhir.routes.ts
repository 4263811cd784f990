/**
 * FHIR R4 at /fhir/R4: CapabilityStatement, read and search for every type yte emits (registry in
 * fhir.service.ts), Patient/$everything. Errors become OperationOutcome and XML is refused with
 * 406 by the root hooks in outcome.ts. DiagnosticReport search (?study=) is the imaging module's route.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { VERSION } from '../../app.ts';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { capabilityStatement } from './capability.ts';
import { everything, type Handling, type Query, readResource, search, TYPES } from './fhir.service.ts';

const Resource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });
const IdParam = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const STARTED = new Date().toISOString();

const handlingOf = (req: FastifyRequest): Handling => {
  const m = /handling\s*=\s*(strict|lenient)/i.exec(String(req.headers.prefer ?? ''));
  return m ? (m[1]!.toLowerCase() as Handling) : 'default';
};
const Value = Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })]);
/** The declared parameters (listed in the OpenAPI document); others reach parseSearch, which refuses or ignores them. */
const queryOf = (names: string[]) => Type.Object(Object.fromEntries([...names, '_count', '_offset', '_format'].map((n) => [n, Type.Optional(Value)])), { additionalProperties: true });

export const fhirRoutes: RoutePlugin = async (app) => {
  const base = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}/fhir/R4`;

  app.get('/metadata', {
    schema: { tags: ['fhir'], security: [], description: 'CapabilityStatement: every type, interaction, search parameter and operation served.', response: { 200: Resource } },
  }, async (req) => capabilityStatement(base(req), VERSION, STARTED));

  app.get('/Patient/:id/$everything', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], description: 'Patient/$everything: the patient\'s record and what it references. _type filters the types.', params: Type.Object({ id: IdParam }), querystring: queryOf(['_type']), response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
  }, async (req) => everything(app.db, actorOf(req), req.params.id, req.query as Query, handlingOf(req), base(req)));

  // One search and one read route per type (explicit paths in the OpenAPI document); any other
  // type or path falls to the not-found handler, which outcome.ts turns into an OperationOutcome.
  for (const def of TYPES) {
    app.get(`/${def.type}`, {
      preHandler: requireSession,
      schema: { tags: ['fhir'], description: `Search ${def.type}: ${def.doc} Parameters: ${Object.keys(def.params).join(', ')}, _count, _offset.`, querystring: queryOf(Object.keys(def.params)), response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
    }, async (req) => search(app.db, actorOf(req), def, req.query as Query, handlingOf(req), base(req)));
  }
  for (const type of [...TYPES.map((d) => d.type), 'DiagnosticReport']) {
    app.get(`/${type}/:id`, {
      preHandler: requireSession,
      schema: { tags: ['fhir'], description: `Read one ${type} by id (404 when absent or at another facility).`, params: Type.Object({ id: IdParam }), response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
    }, async (req) => readResource(app.db, actorOf(req), type, req.params.id, base(req)));
  }
};
