import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { EncounterSchema, EncounterType, Instant, LabSchema, ObservationSchema, VitalsSchema } from './encounters.schema.ts';
import { addObservations, createEncounter, encountersOf, observationsOf } from './encounters.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const encounterRoutes: RoutePlugin = async (app) => {
  app.get('/patients/:id/encounters', {
    preHandler: requireSession,
    schema: { tags: ['encounters'], params: IdParams, response: { 200: Type.Array(EncounterSchema), ...errors(400, 401, 403, 404) } },
  }, async (req) => encountersOf(app.db, actorOf(req), req.params.id));

  app.post('/patients/:id/encounters', {
    preHandler: requireSession,
    schema: {
      tags: ['encounters'],
      params: IdParams,
      body: Type.Object(
        {
          facilityId: Type.String({ format: 'uuid' }),
          type: EncounterType,
          reason: Type.Optional(Type.String({ maxLength: 500 })),
          startedAt: Type.Optional(Instant),
          vitals: Type.Optional(VitalsSchema),
          labs: Type.Optional(Type.Array(LabSchema, { maxItems: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ encounter: EncounterSchema, observations: Type.Array(ObservationSchema) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const out = await createEncounter(app.db, actorOf(req), req.params.id, b, app.observationPipeline);
    return reply.status(201).send(out);
  });

  app.post('/encounters/:id/observations', {
    preHandler: requireSession,
    schema: {
      tags: ['encounters'],
      params: IdParams,
      body: Type.Object(
        { effectiveAt: Type.Optional(Instant), vitals: Type.Optional(VitalsSchema), labs: Type.Optional(Type.Array(LabSchema, { maxItems: 200 })) },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ observations: Type.Array(ObservationSchema) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await addObservations(app.db, actorOf(req), req.params.id, req.body, app.observationPipeline)));

  app.get('/patients/:id/observations', {
    preHandler: requireSession,
    schema: {
      tags: ['encounters'],
      params: IdParams,
      querystring: Type.Object(
        {
          category: Type.Optional(Type.Union([Type.Literal('vital-signs'), Type.Literal('laboratory')])),
          code: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(ObservationSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => observationsOf(app.db, actorOf(req), req.params.id, req.query));
};
