import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { listEncounters } from '../encounters/encounters.repo.ts';
import { readPatientRecords, toEncounter, toObservation } from '../encounters/encounters.service.ts';
import { listObservations } from '../observations/observations.repo.ts';
import { getPatientAudited } from '../patients/patients.service.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import { bundle, fhirEncounter, fhirObservation, fhirPatient } from './fhir.mappers.ts';

const Resource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });

export const fhirRoutes: RoutePlugin = async (app) => {
  const base = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}/fhir/R4`;

  // FHIR's media type is application/fhir+json; JSON clients get the same body.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode < 400) reply.header('content-type', 'application/fhir+json; charset=utf-8');
    return payload;
  });

  app.get('/Patient/:id', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Resource, ...errors(400, 401, 403, 404) } },
  }, async (req) => fhirPatient(await getPatientAudited(app.db, actorOf(req), req.params.id)));

  app.get('/Observation', {
    preHandler: requireSession,
    schema: {
      tags: ['fhir'],
      querystring: Type.Object({ patient: Type.String({ format: 'uuid' }), category: Type.Optional(Type.String()), code: Type.Optional(Type.String()) }),
      response: { 200: Resource, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { patient, category, code } = req.query;
    const obs = await readPatientRecords(app.db, actorOf(req), patient, 'Observation', (q) => listObservations(q, patient, { ...(category ? { category } : {}), ...(code ? { code: code.replace(/^http:\/\/loinc\.org\|/, '') } : {}), limit: 5000 }));
    return bundle('searchset', obs.map((o) => fhirObservation(toObservation(o))), base(req));
  });

  app.get('/Patient/:id/$everything', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Resource, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const actor = actorOf(req);
    const id = req.params.id;
    const all = await readPatientRecords(app.db, actor, id, 'Patient/$everything', async (q) => ({
      patient: (await findPatientScoped(q, id, actor.facilityIds))!,
      encounters: await listEncounters(q, id),
      observations: await listObservations(q, id, { limit: 100_000 }),
    }));
    return bundle('searchset', [
      fhirPatient(all.patient),
      ...all.encounters.map((e) => fhirEncounter(toEncounter(e))),
      ...all.observations.map((o) => fhirObservation(toObservation(o))),
    ], base(req));
  });
};
