/**
 * Station screening endpoints (prefix '/api'): one POST per screening kind, the patient's
 * screenings and growth points, referral notes, and the WHO growth reference lines.
 */
import { type TSchema, Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { SuggestionSchema } from '../suggestions/suggestions.schema.ts';
import { AppointmentSchema } from '../triage/triage.schema.ts';
import { growthCurves, INDICATORS } from './growth-curves.ts';
import { createReferral, createScreening, growthPointsOf, referralDetail, screeningDetail, screeningsOf } from './screening.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const N = (description?: string) => Type.Number(description ? { description } : {});
const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);

const FollowUp = Type.Object(
  {
    appointment: Type.Optional(Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
    referral: Type.Optional(Type.Object({ toFacility: Type.String({ minLength: 1, maxLength: 300 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const base = {
  patientId: Uuid,
  facilityId: Uuid,
  encounterId: Type.Optional(Uuid),
  performedAt: Type.Optional(Type.String({ format: 'date-time' })),
  followUp: Type.Optional(FollowUp),
};

export const ScreeningSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), encounterId: Nullable(Type.String()), facilityId: Type.String(),
  kind: StringEnum(['tb', 'cvd', 'nutrition', 'bmi']), inputs: Type.Unknown(), result: Type.Unknown(), summary: Type.String(), summaryVi: Type.String(),
  toolId: Type.String(), toolVersion: Type.String(), suggestionId: Nullable(Type.String()), performedBy: Nullable(Type.String()),
  performedAt: Type.String(), createdAt: Type.String(),
});
export const ReferralSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), facilityId: Type.String(), screeningId: Nullable(Type.String()), toFacility: Type.String(),
  reason: Type.String(), textVi: Type.String(), textEn: Type.String(), createdBy: Nullable(Type.String()), createdAt: Type.String(),
});
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const Created = Type.Object({
  screening: ScreeningSchema, suggestion: Nullable(SuggestionSchema), counselling: Type.Array(Bilingual),
  appointment: Nullable(AppointmentSchema), referral: Nullable(ReferralSchema),
});

const BODIES = {
  tb: Type.Object({
    ...base,
    hiv: Type.Optional(Type.Boolean()),
    symptoms: Type.Object({
      cough: Type.Optional(Type.Boolean()), coughWeeks: Type.Optional(N('weeks')), fever: Type.Optional(Type.Boolean()),
      weightLoss: Type.Optional(Type.Boolean()), nightSweats: Type.Optional(Type.Boolean()),
      poorWeightGain: Type.Optional(Type.Boolean()), tbContact: Type.Optional(Type.Boolean()),
    }, { additionalProperties: false }),
    cad: Type.Optional(Type.Object({ score: N('CAD abnormality score 0–100'), threshold: N('locally set threshold 0–100') }, { additionalProperties: false })),
    cxrAbnormal: Type.Optional(Type.Boolean()),
    crpMgL: Type.Optional(N('mg/L')),
  }, { additionalProperties: false }),
  cvd: Type.Object({
    ...base,
    model: StringEnum(['lab', 'nonlab']),
    systolicBP: N('mmHg'), diastolicBP: Type.Optional(N('mmHg')), smoker: Type.Boolean(), diabetes: Type.Optional(Type.Boolean()),
    totalCholesterolMmolL: Type.Optional(N('mmol/L')), weightKg: Type.Optional(N('kg')), heightCm: Type.Optional(N('cm')),
  }, { additionalProperties: false }),
  nutrition: Type.Object({
    ...base,
    weightKg: Type.Optional(N('kg')), lengthOrHeightCm: Type.Optional(N('cm')), measured: Type.Optional(StringEnum(['recumbent', 'standing'])),
    muacMm: Type.Optional(N('mm')), headCm: Type.Optional(N('cm')), oedema: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  bmi: Type.Object({ ...base, weightKg: N('kg'), heightCm: N('cm') }, { additionalProperties: false }),
} as const;

const DESCRIPTIONS = {
  tb: 'TB screening (WHO 2021): four-symptom screen (children: cough, fever, poor weight gain, TB contact), optional chest X-ray CAD score with its threshold.',
  cvd: 'Ten-year CVD risk (WHO 2019 charts, Southeast Asia), lab-based (cholesterol, diabetes) or non-lab (BMI from weight and height). Ages 40–74.',
  nutrition: 'Child nutrition (WHO growth standards): z-scores, classification (stunting, wasting, underweight, SAM/MAM) and counselling text.',
  bmi: 'Adult BMI (≥ 19 years) with WHO and Asia-Pacific categories.',
} as const;

export const screeningRoutes: RoutePlugin = async (app) => {
  for (const kind of ['tb', 'cvd', 'nutrition', 'bmi'] as const) {
    app.post(`/screenings/${kind}`, {
      preHandler: requireSession,
      schema: { tags: ['screening'], description: `${DESCRIPTIONS[kind]} One transaction: observations, suggestion, screening, and the optional follow-up appointment/referral.`, body: BODIES[kind], response: { 201: Created, ...errors(400, 401, 403, 404) } },
    }, async (req, reply) => reply.status(201).send(await createScreening(app.db, actorOf(req), kind, req.body as never, app.observationPipeline)));
  }

  app.get('/patients/:id/screenings', {
    preHandler: requireSession,
    schema: {
      tags: ['screening'], params: IdParams,
      querystring: Type.Object({ kind: Type.Optional(StringEnum(['tb', 'cvd', 'nutrition', 'bmi'])) }, { additionalProperties: false }),
      response: { 200: Type.Array(ScreeningSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => screeningsOf(app.db, actorOf(req), req.params.id, req.query.kind));

  app.get('/screenings/:id', {
    preHandler: requireSession,
    schema: {
      tags: ['screening'], params: IdParams,
      response: { 200: Type.Object({ screening: ScreeningSchema, suggestion: Nullable(SuggestionSchema), appointments: Type.Array(AppointmentSchema), referrals: Type.Array(ReferralSchema) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => screeningDetail(app.db, actorOf(req), req.params.id));

  app.post('/screenings/:id/referral', {
    preHandler: requireSession,
    schema: {
      tags: ['screening'], params: IdParams,
      body: Type.Object({ toFacility: Type.String({ minLength: 1, maxLength: 300 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 201: ReferralSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await createReferral(app.db, actorOf(req), req.params.id, req.body)));

  app.get('/referrals/:id', {
    preHandler: requireSession,
    schema: { tags: ['screening'], description: 'A referral note with its printable text (vi, en).', params: IdParams, response: { 200: ReferralSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => referralDetail(app.db, actorOf(req), req.params.id));

  app.get('/patients/:id/growth', {
    preHandler: requireSession,
    schema: {
      tags: ['screening'], description: 'The child\'s measurements from nutrition screenings, oldest first, with z-scores.', params: IdParams,
      response: {
        200: Type.Array(Type.Object({
          screeningId: Type.String(), at: Type.String(), ageDays: Type.Number(), ageMonths: Type.Number(), weightKg: Nullable(Type.Number()),
          lengthOrHeightCm: Nullable(Type.Number()), correctedLengthOrHeightCm: Nullable(Type.Number()), measured: Nullable(Type.String()),
          muacMm: Nullable(Type.Number()), waz: Nullable(Type.Number()), haz: Nullable(Type.Number()), whz: Nullable(Type.Number()), baz: Nullable(Type.Number()),
        })),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => growthPointsOf(app.db, actorOf(req), req.params.id));

  app.get('/growth/curves', {
    preHandler: requireSession,
    schema: {
      tags: ['screening'],
      description: 'WHO growth reference lines (−3 … +3 SD) for one indicator and sex, computed from the LMS tables. x is age in months (wfa, lhfa, bfa, acfa) or length/height in cm (wfl, wfh).',
      querystring: Type.Object({ indicator: StringEnum(INDICATORS), sex: StringEnum(['male', 'female']) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          indicator: Type.String(), sex: Type.String(), x: Type.String(), y: Type.String(), unit: Type.String(), title: Bilingual, source: Type.String(),
          points: Type.Array(Type.Object({ x: Type.Number(), sdM3: Type.Number(), sdM2: Type.Number(), sdM1: Type.Number(), sd0: Type.Number(), sd1: Type.Number(), sd2: Type.Number(), sd3: Type.Number() })),
        }),
        ...errors(400, 401),
      },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'private, max-age=86400');
    return growthCurves(req.query.indicator, req.query.sex);
  });
};
