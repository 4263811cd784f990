/**
 * Teleconsultation station ↔ hospital (prefix '/api'): store-and-forward consults with a snapshot of
 * the record and attachments, the hospital inbox by due time, the answer as advice the station decides
 * on, chat, and live calls (WebSocket signalling + time-limited TURN credentials for coturn).
 */
import websocket from '@fastify/websocket';
import { ATTACHMENT_KINDS, CALL_MODES, CONSULT_STATES, CONSULT_URGENCIES } from '@yte/clinical';
import { type TSchema, Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { SignallingHub } from './signalling.ts';
import {
  addAttachment, authorizeCall, hospitalsToAsk, consultDetail, consultsOfPatientFor, createConsult, inbox, postMessage, readAttachment, sentList, transition,
} from './teleconsult.service.ts';
import { consultToFhir } from './teleconsult.fhir.ts';
import { iceServersFor } from './turn.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const State = StringEnum(CONSULT_STATES);
const Urgency = StringEnum(CONSULT_URGENCIES);
const Side = StringEnum(['requesting', 'consulting'] as const);

export const ConsultSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), patientName: Type.String(), patientSex: Type.String(), patientBirthDate: Type.String(), encounterId: Nullable(Type.String()),
  fromFacilityId: Type.String(), fromFacilityName: Type.String(), toFacilityId: Type.String(), toFacilityName: Type.String(),
  specialty: Type.String(), assignedTo: Nullable(Type.String()), assignedToName: Nullable(Type.String()), urgency: Urgency, question: Type.String(), state: State,
  requestedBy: Nullable(Type.String()), requestedByName: Nullable(Type.String()), requestedAt: Type.String(), dueAt: Type.String(),
  targetMinutes: Type.Integer({ description: 'Response-time target for this urgency (yte policy; TT 49/2017 sets none)' }),
  escalation: Type.Object({ level: Type.Integer({ minimum: 0, maximum: 2 }), minutesLate: Type.Integer(), minutesWaiting: Type.Integer() }),
  acceptedAt: Nullable(Type.String()),
  answer: Nullable(Type.Object({ advice: Type.String(), followUp: Nullable(Type.String()), aiAssisted: Type.Boolean(), answeredBy: Nullable(Type.String()), answeredByName: Nullable(Type.String()), answeredAt: Type.String() })),
  decision: Nullable(Type.Object({ decision: StringEnum(['accepted', 'overridden'] as const), reason: Nullable(Type.String()), decidedBy: Nullable(Type.String()), decidedAt: Type.String() })),
  cancelReason: Nullable(Type.String()), cancelledAt: Nullable(Type.String()), attachmentCount: Type.Integer(), updatedAt: Type.String(),
  sides: Type.Array(Side), nextStates: Type.Array(State, { description: 'States the caller\'s side may move this consult to now' }),
});

const AttachmentSchema = Type.Object({
  id: Type.String(), kind: StringEnum(ATTACHMENT_KINDS), mediaType: Nullable(Type.String()), fileName: Nullable(Type.String()), sizeBytes: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()), imagingStudyId: Nullable(Type.String()), studyDescription: Nullable(Type.String()), studyDate: Nullable(Type.String()),
  note: Nullable(Type.String()), addedAt: Type.String(),
});
const MessageSchema = Type.Object({ id: Type.String(), callId: Nullable(Type.String()), authorId: Type.String(), authorName: Type.String(), body: Type.String(), sentAt: Type.String() });
const CallSchema = Type.Object({
  id: Type.String(), startedBy: Type.String(), startedAt: Type.String(), connectedAt: Nullable(Type.String()), endedAt: Nullable(Type.String()),
  participants: Type.Array(Type.Object({ userId: Type.String(), side: Type.String(), joinedAt: Type.String() })),
  finalMode: Nullable(StringEnum(CALL_MODES)), endReason: Nullable(Type.String()), recordingConsent: Type.Object({ requesting: Type.Boolean(), consulting: Type.Boolean() }),
});
const ObsSnap = Type.Object({ code: Type.String(), display: Type.String(), category: Type.String(), value: Type.Union([Type.Number(), Type.String(), Type.Null()]), unit: Nullable(Type.String()), at: Type.String() });
const DetailSchema = Type.Object({
  ...ConsultSchema.properties,
  snapshot: Type.Object({
    takenAt: Type.String(),
    patient: Type.Object({ fullName: Type.String(), sex: Type.String(), birthDate: Type.String(), ageYears: Type.Integer(), bhyt: Nullable(Type.String()) }),
    vitals: Type.Array(ObsSnap), labs: Type.Array(ObsSnap),
    news2: Nullable(Type.Object({ score: Type.Integer(), band: Type.String(), source: Type.String() })), news2Missing: Type.Array(Type.String()),
  }),
  attachments: Type.Array(AttachmentSchema), messages: Type.Array(MessageSchema), calls: Type.Array(CallSchema),
});

const CreateBody = Type.Object({
  patientId: Uuid, fromFacilityId: Uuid, toFacilityId: Uuid,
  specialty: Text(100, 'Chuyên khoa, e.g. "Nội", "Da liễu", "Mắt", "Chẩn đoán hình ảnh"'),
  assignedTo: Type.Optional(Type.String({ format: 'uuid', description: 'A named specialist at the hospital; else the department queue' })),
  urgency: Urgency,
  question: Text(4000, 'Câu hỏi cho bác sĩ tuyến trên'),
  encounterId: Type.Optional(Type.String({ format: 'uuid' })),
  imagingStudyIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, description: 'The patient\'s imaging studies to open in the viewer' })),
  clientRef: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The station\'s own id for the request: a resend (offline queue) returns the same consult' })),
}, { additionalProperties: false });

const TransitionBody = Type.Object({
  to: State,
  advice: Type.Optional(Type.String({ maxLength: 8000 })),
  followUp: Type.Optional(Type.String({ maxLength: 2000 })),
  aiAssisted: Type.Optional(Type.Boolean()),
  decision: Type.Optional(StringEnum(['accepted', 'overridden'] as const)),
  decisionReason: Type.Optional(Type.String({ maxLength: 2000 })),
  cancelReason: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

const AttachmentBody = Type.Object({
  kind: StringEnum(['photo', 'document'] as const), mediaType: Type.String({ minLength: 3, maxLength: 100 }), fileName: Type.String({ maxLength: 200 }),
  dataBase64: Type.String({ minLength: 1, maxLength: 7_000_000, description: 'The file, base64 (at most 5 MiB decoded)' }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

const IceSchema = Type.Object({
  iceServers: Type.Array(Type.Object({ urls: Type.Array(Type.String()), username: Type.String(), credential: Type.String() })),
  expiresAt: Nullable(Type.String()),
});

export const teleconsultRoutes: RoutePlugin = async (app) => {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const hub = new SignallingHub(app.db, app.log);
  app.addHook('onClose', async () => hub.closeAll());

  app.post('/teleconsults', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'],
      description: 'Station asks a hospital for advice (store-and-forward; TT 49/2017/TT-BYT). The server snapshots the patient\'s summary, vitals of the last 7 days with NEWS2, and labs; imaging studies are attached by id. With clientRef a resend is idempotent (200 with the existing consult).',
      body: CreateBody, response: { 200: ConsultSchema, 201: ConsultSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const out = await createConsult(app.db, actorOf(req), req.body);
    return reply.status(out.created ? 201 : 200).send(out.consult as never);
  });

  app.get('/teleconsults/inbox', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'],
      description: 'The hospital\'s consults: open ones by due time (urgency and waiting time together), each with its escalation level; `open=false` lists answered/closed/cancelled ones, newest first; `mine=true` only those named to the caller or to nobody.',
      querystring: Type.Object({ facilityId: Uuid, open: Type.Optional(Type.Boolean()), mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Array(ConsultSchema), ...errors(400, 401, 403) },
    },
  }, async (req) => inbox(app.db, actorOf(req), req.query.facilityId, { open: req.query.open ?? true, mine: req.query.mine ?? false }) as never);

  app.get('/teleconsults/sent', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'The consults a station sent: open and answered first, newest first.',
      querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }),
      response: { 200: Type.Array(ConsultSchema), ...errors(400, 401, 403) },
    },
  }, async (req) => sentList(app.db, actorOf(req), req.query.facilityId) as never);

  app.get('/teleconsults/ice-servers', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'Time-limited TURN credentials for the call (TURN REST API: HMAC-SHA1 of "<expiry>:<user id>" with coturn\'s static-auth-secret). Empty when no relay is configured.',
      response: { 200: IceSchema, ...errors(401) },
    },
  }, async (req) => iceServersFor(app.config.turn, actorOf(req).id, new Date()));

  app.get('/teleconsults/hospitals', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'Hospitals a consult may go to, with the doctors who answer there.',
      response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), specialists: Type.Array(Type.Object({ id: Type.String(), fullName: Type.String() })) })), ...errors(401, 403) },
    },
  }, async (req) => hospitalsToAsk(app.db, actorOf(req)));

  app.get('/teleconsults/:id', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'One consult for either side: the snapshot, attachments, messages and calls. Another facility\'s consult is 404.',
      params: IdParams, response: { 200: DetailSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => consultDetail(app.db, actorOf(req), req.params.id) as never);

  app.get('/teleconsults/:id/fhir', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'The consult as a FHIR R4 Bundle (collection): ServiceRequest, Task (state, owner, due time, the advice as output), Communication per message, Media per photo, DocumentReference per document.',
      params: IdParams, response: { 200: Type.Object({ resourceType: Type.Literal('Bundle') }, { additionalProperties: true }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const c = await consultDetail(app.db, actorOf(req), req.params.id);
    return reply.header('content-type', 'application/fhir+json; charset=utf-8').send(consultToFhir(c, `${req.protocol}://${req.host}`) as never);
  });

  app.post('/teleconsults/:id/transition', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'],
      description: 'requested → accepted → answered (hospital doctor; `advice` required, `aiAssisted` if an AI tool helped) → closed (station; `decision` accepted/overridden, overriding needs `decisionReason`); cancelled from requested/accepted by either side with `cancelReason`. 409 for a step the state does not allow, 403 for the other side\'s step.',
      params: IdParams, body: TransitionBody, response: { 200: ConsultSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => transition(app.db, actorOf(req), req.params.id, req.body) as never);

  app.post('/teleconsults/:id/attachments', {
    preHandler: requireSession,
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['teleconsult'],
      description: 'Attach one photo (JPEG/PNG/WebP) or document (PDF/JPEG/PNG, e.g. an ECG), at most 5 MiB; the declared type must match the content. A refused file leaves the consult and its other files as they were.',
      params: IdParams, body: AttachmentBody, response: { 201: AttachmentSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await addAttachment(app.db, actorOf(req), req.params.id, req.body) as never));

  app.get('/teleconsults/:id/attachments/:attachmentId', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'The attached file, for either side of the consult.',
      params: Type.Object({ id: Uuid, attachmentId: Uuid }), response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const a = await readAttachment(app.db, actorOf(req), req.params.id, req.params.attachmentId);
    const name = (a.file_name ?? 'attachment').replace(/[^\w.-]/g, '_');
    return reply.header('content-type', a.media_type).header('content-disposition', `inline; filename="${name}"`).header('x-content-type-options', 'nosniff').send(Buffer.from(a.data));
  });

  app.post('/teleconsults/:id/messages', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'A chat message on the consult (also the fallback when video fails).',
      params: IdParams, body: Type.Object({ body: Text(4000) }, { additionalProperties: false }), response: { 201: MessageSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await postMessage(app.db, actorOf(req), req.params.id, req.body.body) as never));

  app.get('/patients/:id/teleconsults', {
    preHandler: requireSession,
    schema: {
      tags: ['teleconsult'], description: 'The patient\'s consults with any answer, for the patient\'s own facility (the answer is advice the station accepts or overrides).',
      params: IdParams, response: { 200: Type.Array(ConsultSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => consultsOfPatientFor(app.db, actorOf(req), req.params.id) as never);

  // Live call signalling. Only the consult's two sides may join; the Origin must be this server's
  // (or a configured public origin): a WebSocket is not covered by the CORS rules.
  app.route({
    method: 'GET',
    url: '/teleconsults/:id/signal',
    schema: {
      tags: ['teleconsult'],
      description: 'WebSocket (upgrade) for the call\'s signalling: SDP/ICE relay between the station and the hospital, chat, mode and consent; see modules/teleconsult/signalling.ts. 403 for a user not party to the consult; a plain GET answers 426.',
      params: IdParams, response: { ...errors(400, 401, 403, 404, 409, 426) },
    },
    preHandler: [requireSession, async (req) => {
      const origin = req.headers.origin;
      if (origin) {
        const own = [`http://${req.headers.host}`, `https://${req.headers.host}`, ...app.config.publicOrigins];
        if (!own.includes(origin)) throw new AppError(403, 'FOREIGN_ORIGIN', 'Signalling from another origin is refused', 'Không nhận kết nối từ trang khác');
      }
      const { id } = req.params as { id: string };
      const a = await authorizeCall(app.db, actorOf(req), id);
      if (!a.ok) {
        if (a.status === 404) throw new AppError(403, 'NOT_YOUR_CALL', 'You are not part of this consult\'s call', 'Bạn không tham gia cuộc gọi này');
        if (a.status === 409) throw new AppError(409, 'CONSULT_CLOSED', 'The consult is closed: no call', 'Ca hội chẩn đã kết thúc, không thể gọi');
        throw new AppError(403, 'FORBIDDEN', 'Not allowed', 'Không được phép');
      }
      (req as unknown as { callSide: string }).callSide = a.side;
    }],
    handler: async () => {
      throw new AppError(426, 'UPGRADE_REQUIRED', 'This is a WebSocket endpoint', 'Địa chỉ này chỉ nhận kết nối WebSocket');
    },
    wsHandler: async (socket, req) => {
      const actor = actorOf(req);
      const side = (req as unknown as { callSide: 'requesting' | 'consulting' }).callSide;
      await hub.join(socket as never, actor, (req.params as { id: string }).id, side, iceServersFor(app.config.turn, actor.id, new Date()).iceServers);
    },
  });
};
