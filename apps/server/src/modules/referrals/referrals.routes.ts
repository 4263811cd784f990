/**
 * Referral and counter-referral between facilities (prefix '/api'). Screening's simple referral
 * note keeps `GET /api/referrals/:id`; these routes sit beside it.
 */
import { REFERRAL_STATES } from '@yte/clinical';
import { type TSchema, Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { referralPaperPdf } from './referrals.paper.ts';
import { createTransfer, inbox, metrics, referralsOfPatient, referredPatientSummary, transferDetail, transition } from './referrals.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const State = StringEnum(REFERRAL_STATES);

export const TransferSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), patientName: Type.String(), patientSex: Type.String(), patientBirthDate: Type.String(),
  fromFacilityId: Type.String(), fromFacilityName: Type.String(), toFacilityId: Type.String(), toFacilityName: Type.String(),
  state: State, reason: Type.String(), diagnosis: Type.String(), icd10: Type.String(), treatmentGiven: Type.String(), conditionAtTransfer: Type.String(),
  transport: Type.String(), accompanyingStaff: Nullable(Type.String()), bhyt: Nullable(Type.String()),
  counterReferral: Nullable(Type.Object({ diagnosis: Nullable(Type.String()), treatment: Nullable(Type.String()), advice: Type.String(), followUpPlan: Type.String(), returnedAt: Type.String() })),
  cancelReason: Nullable(Type.String()), createdBy: Nullable(Type.String()),
  sentAt: Type.String(), receivedAt: Nullable(Type.String()), arrivedAt: Nullable(Type.String()), treatedAt: Nullable(Type.String()), cancelledAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  nextStates: Type.Array(State, { description: 'States the caller\'s side may move this referral to now' }),
});

const CreateBody = Type.Object({
  patientId: Uuid,
  fromFacilityId: Uuid,
  toFacilityId: Uuid,
  reason: Text(2000, 'Lý do chuyển tuyến'),
  diagnosis: Text(1000, 'Chẩn đoán'),
  icd10: Type.String({ minLength: 3, maxLength: 8, description: 'ICD-10 code, e.g. J18.9' }),
  treatmentGiven: Text(4000, 'Thuốc, phương pháp điều trị đã dùng'),
  conditionAtTransfer: Text(2000, 'Tình trạng người bệnh lúc chuyển tuyến'),
  transport: Text(200, 'Phương tiện vận chuyển'),
  accompanyingStaff: Type.Optional(Type.String({ maxLength: 300, description: 'Người hộ tống' })),
  bhyt: Type.Optional(Type.String({ minLength: 15, maxLength: 15, description: 'BHYT card number; defaults to the patient\'s' })),
}, { additionalProperties: false });

const TransitionBody = Type.Object({
  to: State,
  counterReferral: Type.Optional(Type.Object({
    diagnosis: Type.Optional(Type.String({ maxLength: 1000 })), treatment: Type.Optional(Type.String({ maxLength: 4000 })),
    advice: Text(4000, 'Hướng dẫn cho tuyến dưới'), followUpPlan: Text(2000, 'Kế hoạch theo dõi'),
  }, { additionalProperties: false })),
  cancelReason: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

const Metrics = Type.Object({
  total: Type.Integer(), active: Type.Integer(), cancelled: Type.Integer(), arrived: Type.Integer(),
  arrivalMinutesMedian: Nullable(Type.Number()), arrivalMinutesP90: Nullable(Type.Number()),
  shareCompleted: Nullable(Type.Number()), shareCounterReferral: Nullable(Type.Number()),
});

export const referralRoutes: RoutePlugin = async (app) => {
  app.post('/referrals', {
    preHandler: requireSession,
    schema: {
      tags: ['referrals'], description: 'Refer a patient from the caller\'s facility to a hospital (giấy chuyển tuyến, TT 14/2014/TT-BYT). ICD-10 and BHYT formats are checked.',
      body: CreateBody, response: { 201: TransferSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await createTransfer(app.db, actorOf(req), req.body) as never));

  app.get('/referrals/inbox', {
    preHandler: requireSession,
    schema: {
      tags: ['referrals'], description: 'The receiving facility\'s referrals: open ones first (oldest first), then closed ones.',
      querystring: Type.Object({ facilityId: Uuid, state: Type.Optional(State) }, { additionalProperties: false }),
      response: { 200: Type.Array(TransferSchema), ...errors(400, 401, 403) },
    },
  }, async (req) => inbox(app.db, actorOf(req), req.query.facilityId, req.query.state) as never);

  app.get('/referrals/metrics', {
    preHandler: requireSession,
    schema: {
      tags: ['referrals'], description: 'Time to arrival (minutes), share completed and share with counter-referral, for referrals the facility sent and received (cancelled ones excluded from the shares).',
      querystring: Type.Object({ facilityId: Uuid, from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ facilityId: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()), sent: Metrics, received: Metrics }), ...errors(400, 401, 403) },
    },
  }, async (req) => metrics(app.db, actorOf(req), req.query.facilityId, req.query));

  app.get('/referrals/:id/details', {
    preHandler: requireSession,
    schema: { tags: ['referrals'], description: 'One referral, for its sending or receiving facility.', params: IdParams, response: { 200: TransferSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => transferDetail(app.db, actorOf(req), req.params.id) as never);

  app.get('/referrals/:id/patient-summary', {
    preHandler: requireSession,
    schema: {
      tags: ['referrals'], description: 'The referred patient\'s demographics and latest observations (30 days before the referral), readable by the receiving facility through this referral only.',
      params: IdParams,
      response: {
        200: Type.Object({
          referralId: Type.String(),
          patient: Type.Object({ id: Type.String(), fullName: Type.String(), sex: Type.String(), birthDate: Type.String(), bhyt: Nullable(Type.String()), province: Type.String(), commune: Type.String() }),
          observations: Type.Array(Type.Object({ code: Type.String(), display: Type.String(), value: Type.Union([Type.Number(), Type.String(), Type.Null()]), unit: Nullable(Type.String()), at: Type.String() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => referredPatientSummary(app.db, actorOf(req), req.params.id));

  app.post('/referrals/:id/transition', {
    preHandler: requireSession,
    schema: {
      tags: ['referrals'],
      description: 'Move a referral: sent → received → arrived → treated → counter_referral_returned (receiving facility; the last needs counterReferral advice and follow-up plan), or cancelled before arrival (either side, with cancelReason). 409 for a step the state does not allow, 403 for the other side\'s step.',
      params: IdParams, body: TransitionBody, response: { 200: TransferSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => transition(app.db, actorOf(req), req.params.id, req.body) as never);

  app.get('/referrals/:id/paper.pdf', {
    preHandler: requireSession,
    schema: { tags: ['referrals'], description: 'The printable referral paper (Vietnamese), with the counter-referral when returned.', params: IdParams, response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const r = await transferDetail(app.db, actorOf(req), req.params.id);
    const pdf = await referralPaperPdf(r);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="giay-chuyen-tuyen-${r.id}.pdf"`).send(pdf);
  });

  app.get('/patients/:id/referrals', {
    preHandler: requireSession,
    schema: { tags: ['referrals'], description: 'The patient\'s referrals with any counter-referral, for the patient\'s own facility.', params: IdParams, response: { 200: Type.Array(TransferSchema), ...errors(400, 401, 403, 404) } },
  }, async (req) => referralsOfPatient(app.db, actorOf(req), req.params.id) as never);
};
