/**
 * FHIR R4 at /fhir/R4: CapabilityStatement, read and search for every type yte emits (registry in
 * fhir.service.ts), Patient/$everything. Errors become OperationOutcome and XML is refused with
 * 406 by the root hooks in outcome.ts. DiagnosticReport search (?study=) is the imaging module's route.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { VERSION } from '../../app.ts';
import { AppError } from '../../lib/errors.ts';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { capabilityStatement } from './capability.ts';
import { everything, type Query, readResource, search, TYPE_BY_NAME } from './fhir.service.ts';

const Resource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });
const QueryString = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })]));
const TypeParam = Type.String({ pattern: '^[A-Z][A-Za-z]{1,63}$' });
const IdParam = Type.String({ pattern: '^[A-Za-z0-9\\-.]{1,64}$' });
const STARTED = new Date().toISOString();

const unknownType = (t: string) => new AppError(404, 'UNKNOWN_RESOURCE_TYPE', `yte does not serve the resource type ${t}`, `yte không cung cấp loại tài nguyên ${t}`);
const strictOf = (req: FastifyRequest) => /handling\s*=\s*strict/i.test(String(req.headers.prefer ?? ''));

export const fhirRoutes: RoutePlugin = async (app) => {
  const base = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}/fhir/R4`;

  app.get('/metadata', {
    schema: { tags: ['fhir'], security: [], description: 'CapabilityStatement: every type, interaction, search parameter and operation served.', response: { 200: Resource } },
  }, async (req) => capabilityStatement(base(req), VERSION, STARTED));

  app.get('/Patient/:id/$everything', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], params: Type.Object({ id: IdParam }), querystring: QueryString, response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
  }, async (req) => everything(app.db, actorOf(req), req.params.id, req.query as Query, strictOf(req), base(req)));

  app.get('/:type', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], description: 'Search (see /fhir/R4/metadata for each type\'s parameters).', params: Type.Object({ type: TypeParam }), querystring: QueryString, response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
  }, async (req) => {
    const def = TYPE_BY_NAME.get(req.params.type);
    if (!def) throw unknownType(req.params.type);
    return search(app.db, actorOf(req), def, req.query as Query, strictOf(req), base(req));
  });

  app.get('/:type/:id', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], params: Type.Object({ type: TypeParam, id: IdParam }), response: { 200: Resource, ...errors(400, 401, 403, 404, 406) } },
  }, async (req) => {
    if (!TYPE_BY_NAME.has(req.params.type) && req.params.type !== 'DiagnosticReport') throw unknownType(req.params.type);
    return readResource(app.db, actorOf(req), req.params.type, req.params.id, base(req));
  });
};
