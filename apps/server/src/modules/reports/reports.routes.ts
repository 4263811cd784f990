import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { reportPdf } from './reports.pdf.ts';
import { decideReport, draftReport, listReports, reportById } from './reports.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Count = Type.Array(Type.Object({ reason: Type.Optional(Type.String()), rule: Type.Optional(Type.String()), icd10: Type.Optional(Type.String()), count: Type.Integer() }));
const Report = Type.Object({
  id: Type.String(), month: Type.String(),
  figures: Type.Object({
    month: Type.String(), visits: Type.Integer(), insuredVisits: Type.Integer(),
    claims: Type.Object({ ready: Type.Integer(), blocked: Type.Integer(), exported: Type.Integer(), accepted: Type.Integer(), rejected: Type.Integer() }),
    rejectionsByReason: Count, blockedByRule: Count, topDiagnoses: Count, totalVnd: Type.Number(), fundVnd: Type.Number(), patientPaidVnd: Type.Number(),
  }),
  draft: Type.String(), provenance: Type.String(), finalText: Type.Union([Type.String(), Type.Null()]), status: Type.String(), edited: Type.Boolean(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});

export const reportRoutes: RoutePlugin = async (app) => {
  app.post('/monthly', {
    preHandler: requireSession,
    schema: {
      tags: ['reports'],
      body: Type.Object({ facilityId: Uuid, month: Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false }),
      response: { 200: Report, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => draftReport(app.db, actorOf(req), req.body.facilityId, req.body.month));

  app.get('', {
    preHandler: requireSession,
    schema: { tags: ['reports'], querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }), response: { 200: Type.Array(Report), ...errors(400, 401, 403, 404) } },
  }, async (req) => listReports(app.db, actorOf(req), req.query.facilityId));

  app.post('/:id/decide', {
    preHandler: requireSession,
    schema: {
      tags: ['reports'], params: Type.Object({ id: Uuid }),
      body: Type.Object({ text: Type.Optional(Type.String({ maxLength: 20_000 })) }, { additionalProperties: false }),
      response: { 200: Report, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => decideReport(app.db, actorOf(req), req.params.id, req.body.text));

  app.get('/:id/report.pdf', {
    preHandler: requireSession,
    schema: { tags: ['reports'], params: Type.Object({ id: Uuid }), response: { 200: Type.Any({ description: 'application/pdf' }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const pdf = await reportPdf(await reportById(app.db, actorOf(req), req.params.id));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="bao-cao-${req.params.id}.pdf"`).send(pdf);
  });
};
