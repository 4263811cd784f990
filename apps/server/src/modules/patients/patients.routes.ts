import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { Patient, PatientInput, PatientSummary, SearchQuery } from './patients.schema.ts';
import { createPatient, getPatientAudited, searchPatientsAudited, toPatient } from './patients.service.ts';

export const patientRoutes: RoutePlugin = async (app) => {
  app.get('', {
    preHandler: requireSession,
    schema: { tags: ['patients'], querystring: SearchQuery, response: { 200: Type.Object({ items: Type.Array(PatientSummary), total: Type.Integer(), totalCapped: Type.Boolean({ description: 'true when total is a lower bound: the count stops at 100 for a name search and 10,000 for the list' }) }), ...errors(400, 401) } },
  }, async (req) => {
    const res = await searchPatientsAudited(app.db, actorOf(req), req.query);
    return {
      total: res.total,
      totalCapped: res.totalCapped,
      items: res.rows.map((r) => ({
        id: r.id, fullName: r.full_name, sex: r.sex, birthDate: r.birth_date, cccd: r.cccd,
        province: r.province, commune: r.commune, facilityId: r.facility_id,
        lastEncounterAt: r.last_encounter_at ? new Date(r.last_encounter_at).toISOString() : null,
        ...(r.demo_placeholder ? { demoPlaceholder: true } : {}),
      })),
    };
  });

  app.post('', {
    preHandler: requireSession,
    schema: {
      tags: ['patients'],
      body: PatientInput,
      response: {
        201: Type.Object({
          patient: Patient,
          warnings: Type.Array(Type.Object({ code: Type.Literal('DUPLICATE_CCCD'), patientId: Type.String(), fullName: Type.String(), message: Type.String(), messageVi: Type.String() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req, reply) => reply.status(201).send(await createPatient(app.db, actorOf(req), req.body)));

  app.get('/:id', {
    preHandler: requireSession,
    schema: { tags: ['patients'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Patient, ...errors(400, 401, 404) } },
  }, async (req) => toPatient(await getPatientAudited(app.db, actorOf(req), req.params.id)));
};
