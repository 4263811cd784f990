/** Triage queue and appointments (prefix '/api'). */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
// The sign lists of the IITT cards are not in @yte/clinical's index; read-only use of its module.
import {
  RED_PAIR_ADULT, RED_PREGNANCY_SIGNS, RED_SIGNS_ADULT, RED_SIGNS_CHILD, YELLOW_SIGNS_ADULT, YELLOW_SIGNS_CHILD,
} from '../../../../../packages/clinical/src/triage.ts';
import { appointmentsOfDay, appointmentsOfPatient, bookAppointment, setStatus } from './appointments.service.ts';
import { AppointmentSchema, TriageSchema } from './triage.schema.ts';
import { createTriage, triageQueue, triageSeen } from './triage.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Num = Type.Number();

export const triageRoutes: RoutePlugin = async (app) => {
  app.get('/triage/signs', {
    preHandler: requireSession,
    schema: {
      tags: ['triage'],
      description: 'Sign codes of the IITT cards (≥ 12 years and < 12 years) accepted by POST /triage.',
      response: {
        200: Type.Object({
          adult: Type.Object({ red: Type.Array(Type.String()), redPair: Type.Array(Type.String()), pregnancy: Type.Array(Type.String()), yellow: Type.Array(Type.String()) }),
          child: Type.Object({ red: Type.Array(Type.String()), yellow: Type.Array(Type.String()) }),
        }),
        ...errors(401),
      },
    },
  }, async () => ({
    adult: { red: [...RED_SIGNS_ADULT], redPair: [...RED_PAIR_ADULT], pregnancy: [...RED_PREGNANCY_SIGNS], yellow: [...YELLOW_SIGNS_ADULT] },
    child: { red: [...RED_SIGNS_CHILD], yellow: [...YELLOW_SIGNS_CHILD] },
  }));

  app.post('/triage', {
    preHandler: requireSession,
    schema: {
      tags: ['triage'],
      description: 'Arrival at the emergency desk: emergency signs and vitals → IITT category (red/yellow/green) and target time. Creates the emergency visit, its vitals, a suggestion and the queue entry in one transaction.',
      body: Type.Object({
        patientId: Uuid,
        facilityId: Uuid,
        arrivedAt: Type.Optional(Type.String({ format: 'date-time' })),
        signs: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 60 })),
        pregnant: Type.Optional(Type.Boolean()),
        vitals: Type.Optional(Type.Object({
          heartRate: Type.Optional(Num), respRate: Type.Optional(Num), spo2: Type.Optional(Num), temperatureC: Type.Optional(Num),
          systolicBP: Type.Optional(Num), diastolicBP: Type.Optional(Num), avpu: Type.Optional(StringEnum(['A', 'C', 'V', 'P', 'U'])),
        }, { additionalProperties: false })),
        mobility: Type.Optional(StringEnum(['walking', 'with-help', 'stretcher'])),
        trauma: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: TriageSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await createTriage(app.db, actorOf(req), req.body, app.observationPipeline)));

  app.get('/triage/queue', {
    preHandler: requireSession,
    schema: {
      tags: ['triage'],
      description: 'Patients waiting at a facility: red, yellow, green, then by arrival; waiting minutes against the target.',
      querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }),
      response: { 200: Type.Array(TriageSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => triageQueue(app.db, actorOf(req), req.query.facilityId));

  app.post('/triage/:id/seen', {
    preHandler: requireSession,
    schema: { tags: ['triage'], params: IdParams, response: { 200: TriageSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => triageSeen(app.db, actorOf(req), req.params.id));

  app.post('/appointments', {
    preHandler: requireSession,
    schema: {
      tags: ['appointments'],
      body: Type.Object({
        patientId: Uuid, facilityId: Uuid, at: Type.String({ format: 'date-time' }), reason: Type.Optional(Type.String({ maxLength: 500 })), screeningId: Type.Optional(Uuid),
      }, { additionalProperties: false }),
      response: { 201: AppointmentSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await bookAppointment(app.db, actorOf(req), req.body)));

  app.get('/appointments', {
    preHandler: requireSession,
    schema: {
      tags: ['appointments'],
      description: 'Appointments on one day (Asia/Ho_Chi_Minh; default today), in time order: one facility, or every facility of the caller when facilityId is left out.',
      querystring: Type.Object({ facilityId: Type.Optional(Uuid), date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }, { additionalProperties: false }),
      response: { 200: Type.Array(AppointmentSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => appointmentsOfDay(app.db, actorOf(req), req.query.facilityId, req.query.date));

  app.get('/patients/:id/appointments', {
    preHandler: requireSession,
    schema: { tags: ['appointments'], params: IdParams, response: { 200: Type.Array(AppointmentSchema), ...errors(400, 401, 403, 404) } },
  }, async (req) => appointmentsOfPatient(app.db, actorOf(req), req.params.id));

  app.post('/appointments/:id/status', {
    preHandler: requireSession,
    schema: {
      tags: ['appointments'], params: IdParams,
      body: Type.Object({ status: StringEnum(['seen', 'missed', 'cancelled']) }, { additionalProperties: false }),
      response: { 200: AppointmentSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => setStatus(app.db, actorOf(req), req.params.id, req.body.status));
};
