import { Type } from 'typebox';
import { actorOf, errors, requireSession, StringEnum, type RoutePlugin } from '../../lib/http.ts';
import { buildDemoClaims, exportReady, importAnswer, importCatalogue, workList } from './claims.service.ts';

const STATES = ['ready', 'blocked', 'exported', 'accepted', 'rejected'] as const;
const FacilityId = Type.String({ format: 'uuid' });
const ClaimError = Type.Object({
  maLk: Type.String(), table: Type.String(), field: Type.String(), rule: Type.String(), message: Type.String(), severity: Type.String(),
});
const Claim = Type.Object({
  id: Type.String(), maLk: Type.String(), state: StringEnum(STATES), patientName: Type.String(), visitDate: Type.String(),
  totalVnd: Type.Number(), fundVnd: Type.Number(), errors: Type.Array(ClaimError), answerReason: Type.Union([Type.String(), Type.Null()]),
});

export const claimRoutes: RoutePlugin = async (app) => {
  app.post('/claims/catalogue', {
    preHandler: requireSession,
    schema: {
      tags: ['claims'],
      body: Type.Object({ facilityId: FacilityId, csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ imported: Type.Integer() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => importCatalogue(app.db, actorOf(req), req.body.facilityId, req.body.csv));

  app.post('/claims/demo', {
    preHandler: requireSession,
    schema: {
      tags: ['claims'],
      body: Type.Object({ facilityId: FacilityId, count: Type.Integer({ minimum: 1, maximum: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ built: Type.Integer(), states: Type.Record(Type.String(), Type.Integer()) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => buildDemoClaims(app.db, actorOf(req), req.body.facilityId, req.body.count));

  app.get('/claims', {
    preHandler: requireSession,
    schema: {
      tags: ['claims'],
      querystring: Type.Object({ facilityId: FacilityId, state: Type.Optional(StringEnum(STATES)) }, { additionalProperties: false }),
      response: { 200: Type.Array(Claim), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => workList(app.db, actorOf(req), req.query.facilityId, req.query.state));

  app.post('/claims/export', {
    preHandler: requireSession,
    schema: {
      tags: ['claims'],
      body: Type.Object({ facilityId: FacilityId, maCskcb: Type.String({ pattern: '^[0-9A-Z]{5}$' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ exported: Type.Integer(), envelope: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => exportReady(app.db, actorOf(req), req.body.facilityId, req.body.maCskcb));

  app.post('/claims/answer', {
    preHandler: requireSession,
    schema: {
      tags: ['claims'],
      body: Type.Object({ facilityId: FacilityId, answer: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), unmatched: Type.Integer() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => importAnswer(app.db, actorOf(req), req.body.facilityId, req.body.answer));
};
