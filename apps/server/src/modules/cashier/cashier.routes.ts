import { Type } from 'typebox';
import { actorOf, errors, requireSession, StringEnum, type RoutePlugin } from '../../lib/http.ts';
import { receiptPdf } from './cashier.pdf.ts';
import {
  addCharge, chargeScreen, claimFromEncounter, closeShift, currentShift, einvoice, openShift, receiptOf, refund, saveBilling, saveSettings,
  takePayment, vietQr, visitsOfDay, voidChargeWithReason,
} from './cashier.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Vnd = Type.Number({ minimum: 0, maximum: 1e12 });
const Code = Type.String({ minLength: 1, maxLength: 50, pattern: '^[0-9A-Za-z.\\-]+$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Settings = Type.Object({
  maCskcb: Type.String({ pattern: '^[0-9A-Z]{5}$' }), level: StringEnum(['commune', 'district', 'provincial', 'central']),
  department: Text(50), headCode: Text(255),
  bankBin: Type.Union([Type.String({ pattern: '^[0-9]{6}$' }), Type.Null()]), bankAccount: Type.Union([Type.String({ pattern: '^[0-9A-Za-z]{1,19}$' }), Type.Null()]),
  taxCode: Type.Union([Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' }), Type.Null()]),
  invoiceSymbol: Type.Union([Type.String({ pattern: '^[CK][0-9]{2}[TDLMNBGH][A-Z]{2}$' }), Type.Null()]),
}, { additionalProperties: false });
const CodeMapEntry = Type.Object({ sourceSystem: StringEnum(['loinc', 'encounter']), sourceCode: Text(20), code: Code }, { additionalProperties: false });
const Charge = Type.Object({
  id: Type.String(), kind: Type.String(), code: Type.String(), quantity: Type.Number(), orderedAt: Type.String(), doneAt: Nullable(Type.String()),
  resultAt: Nullable(Type.String()), dosage: Nullable(Type.String()), drugRoute: Nullable(Type.String()), voided: Type.Boolean(), voidReason: Nullable(Type.String()),
});
const Payment = Type.Object({
  id: Type.String(), receiptNo: Type.Integer(), kind: Type.String(), method: Type.String(), amountVnd: Type.Number(), reason: Nullable(Type.String()),
  refundOf: Nullable(Type.String()), createdAt: Type.String(),
});
const ErrorLine = Type.Object({ maLk: Type.String(), table: Type.String(), field: Type.String(), rule: Type.String(), message: Type.String(), severity: Type.String() });
const BillLine = Type.Object({
  table: Type.String(), code: Type.String(), name: Type.String(), unit: Type.String(), quantity: Type.Number(), unitPriceVnd: Type.Number(),
  totalVnd: Type.Number(), fundVnd: Type.Number(), coPayVnd: Type.Number(), outOfScopeVnd: Type.Number(),
});
const Bill = Type.Object({
  lines: Type.Array(BillLine), totalVnd: Type.Number(), fundVnd: Type.Number(), patientVnd: Type.Number(), coPayVnd: Type.Number(),
  outOfScopeVnd: Type.Number(), benefitPercent: Type.Number(),
});
const Screen = Type.Object({
  encounterId: Type.String(), patientId: Type.String(), patientName: Type.String(), bhyt: Nullable(Type.String()), startedAt: Type.String(),
  charges: Type.Array(Charge),
  billing: Type.Union([Type.Object({
    icd10Main: Type.String(), diagnosisText: Type.String(), icd10Secondary: Type.Array(Type.String()), cardValidFrom: Type.String(), cardValidTo: Type.String(),
    cardRegisteredAt: Type.String(), continuousSince: Nullable(Type.String()), route: Type.String(), endedAt: Type.String(), result: Type.Integer(),
  }), Type.Null()]),
  missing: Type.Array(Type.String()), unmapped: Type.Array(Type.Object({ loinc: Type.String(), display: Type.String() })),
  bill: Type.Union([Bill, Type.Null()]), benefitReason: Nullable(Type.String()), errors: Type.Array(ErrorLine), payments: Type.Array(Payment),
  paidVnd: Type.Number(), dueVnd: Type.Number(),
});
const ByMethod = Type.Object({ cash: Type.Number(), card: Type.Number(), vietqr: Type.Number() });

export const cashierRoutes: RoutePlugin = async (app) => {
  app.put('/cashier/settings', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'],
      body: Type.Object({ facilityId: Uuid, settings: Settings, codeMap: Type.Optional(Type.Array(CodeMapEntry, { maxItems: 2000 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ settings: Settings, codeMap: Type.Object({ loinc: Type.Record(Type.String(), Type.String()), encounter: Type.Record(Type.String(), Type.String()) }) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => saveSettings(app.db, actorOf(req), req.body.facilityId, req.body.settings, req.body.codeMap));

  app.post('/encounters/:id/charges', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'],
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        kind: StringEnum(['DVKT', 'THUOC', 'VTYT']), code: Code, quantity: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), orderedAt: Instant,
        doneAt: Type.Optional(Instant), resultAt: Type.Optional(Instant), dosage: Type.Optional(Text(1024)), drugRoute: Type.Optional(Type.String({ pattern: '^[0-9.]{1,4}$' })),
      }, { additionalProperties: false }),
      response: { 200: Charge, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => addCharge(app.db, actorOf(req), req.params.id, req.body));

  app.post('/charges/:id/void', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'],
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), voided: Type.Boolean(), voidReason: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => voidChargeWithReason(app.db, actorOf(req), req.params.id, req.body.reason));

  app.put('/encounters/:id/billing', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'],
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        icd10Main: Type.String({ minLength: 1, maxLength: 7 }), diagnosisText: Text(1000), icd10Secondary: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 7 }), { maxItems: 12 })),
        cardValidFrom: Day, cardValidTo: Day, cardRegisteredAt: Type.String({ pattern: '^[0-9A-Z]{5}$' }), continuousSince: Type.Optional(Type.Union([Day, Type.Null()])),
        route: StringEnum(['on-route', 'emergency', 'off-route']), endedAt: Instant, result: Type.Integer({ minimum: 1, maximum: 8 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => saveBilling(app.db, actorOf(req), req.params.id, req.body));

  app.get('/cashier/visits', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'],
      querystring: Type.Object({ facilityId: Uuid, day: Day }, { additionalProperties: false }),
      response: {
        200: Type.Array(Type.Object({
          encounterId: Type.String(), patientId: Type.String(), patientName: Type.String(), bhyt: Nullable(Type.String()), type: Type.String(), startedAt: Type.String(),
          billed: Type.Boolean(), charges: Type.Integer(), paidVnd: Type.Number(), claimState: Nullable(Type.String()),
        })),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => visitsOfDay(app.db, actorOf(req), req.query.facilityId, req.query.day));

  app.get('/cashier/encounters/:id', {
    preHandler: requireSession,
    schema: { tags: ['cashier'], params: Type.Object({ id: Uuid }), response: { 200: Screen, ...errors(400, 401, 403, 404) } },
  }, async (req) => chargeScreen(app.db, actorOf(req), req.params.id));

  app.post('/cashier/encounters/:id/claim', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ maLk: Type.String(), state: Type.String(), errors: Type.Array(ErrorLine) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => claimFromEncounter(app.db, actorOf(req), req.params.id));

  app.get('/cashier/encounters/:id/vietqr', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ payload: Type.String(), amountVnd: Type.Number(), svg: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => vietQr(app.db, actorOf(req), req.params.id));

  app.post('/cashier/encounters/:id/payments', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], params: Type.Object({ id: Uuid }),
      body: Type.Object({ method: StringEnum(['cash', 'card', 'vietqr']), amountVnd: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }) }, { additionalProperties: false }),
      response: { 200: Payment, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => takePayment(app.db, actorOf(req), req.params.id, req.body.method, req.body.amountVnd));

  app.post('/cashier/payments/:id/refund', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], params: Type.Object({ id: Uuid }),
      body: Type.Object({ amountVnd: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }), reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: Payment, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => refund(app.db, actorOf(req), req.params.id, req.body.amountVnd, req.body.reason));

  app.get('/cashier/payments/:id/receipt.pdf', {
    preHandler: requireSession,
    schema: { tags: ['cashier'], params: Type.Object({ id: Uuid }), response: { 200: Type.Any({ description: 'application/pdf' }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const pdf = await receiptPdf(await receiptOf(app.db, actorOf(req), req.params.id));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="bien-lai-${req.params.id}.pdf"`).send(pdf);
  });

  app.get('/cashier/payments/:id/einvoice.xml', {
    preHandler: requireSession,
    schema: { tags: ['cashier'], params: Type.Object({ id: Uuid }), response: { 200: Type.String({ description: 'application/xml' }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.header('content-type', 'application/xml; charset=utf-8').send(await einvoice(app.db, actorOf(req), req.params.id)));

  app.get('/cashier/shift', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }),
      response: {
        200: Type.Object({ shift: Type.Union([Type.Object({ id: Type.String(), openedAt: Type.String(), openingFloatVnd: Type.Number(), payments: Type.Integer(), byMethod: ByMethod, expectedCashVnd: Type.Number() }), Type.Null()]) }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => currentShift(app.db, actorOf(req), req.query.facilityId));

  app.post('/cashier/shift/open', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], body: Type.Object({ facilityId: Uuid, openingFloatVnd: Vnd }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), openedAt: Type.String(), openingFloatVnd: Type.Number() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => openShift(app.db, actorOf(req), req.body.facilityId, req.body.openingFloatVnd));

  app.post('/cashier/shift/close', {
    preHandler: requireSession,
    schema: {
      tags: ['cashier'], body: Type.Object({ facilityId: Uuid, countedCashVnd: Vnd, note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ id: Type.String(), closedAt: Type.String(), byMethod: ByMethod, refundsVnd: Type.Number(), expectedCashVnd: Type.Number(), countedCashVnd: Type.Number(), differenceVnd: Type.Number(), count: Type.Integer() }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => closeShift(app.db, actorOf(req), req.body.facilityId, req.body.countedCashVnd, req.body.note));
};
