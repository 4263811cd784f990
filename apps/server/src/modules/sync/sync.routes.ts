/**
 * Sync HTTP: push and pull are authenticated by the station's device key (not a session); status
 * is for the UI header; station keys are managed by a facility admin at the province.
 */
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { errors, requireRole, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { UUID_PATTERN } from '../../lib/ids.ts';
import { PUSH_CONTENT_TYPE, SyncAgent } from './sync.agent.ts';
import { acceptPush, MAX_BATCH_BYTES, registerStation, revokeStation, servePull } from './sync.province.ts';
import { listReviews, resolveReview } from './sync.review.ts';
import { enableProvince, enableStation, syncStatus } from './sync.station.ts';
import { actorOf } from '../../lib/http.ts';

const PushResultSchema = Type.Object({
  station: Type.String(), seq: Type.Integer(), ackSeq: Type.Integer(), applied: Type.Integer(), duplicates: Type.Integer(),
  refused: Type.Integer(), conflicts: Type.Integer(), hlc: Type.String(),
});
const PullResultSchema = Type.Object({
  cursor: Type.Integer(), hlc: Type.String(),
  changes: Type.Array(Type.Object({ table: Type.String(), rowId: Type.String(), values: Type.Record(Type.String(), Type.Unknown()), hlc: Type.String() })),
  governance: Type.Array(Type.Object({ toolId: Type.String(), facilityId: Type.Union([Type.String(), Type.Null()]), stage: Type.String(), reason: Type.String(), changedAt: Type.String() })),
});
const StatusSchema = Type.Object({
  role: Type.Union([Type.Literal('station'), Type.Literal('province'), Type.Literal('off')]),
  lastSyncedAt: Type.Union([Type.String(), Type.Null()]),
  pending: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
const stationHeaders = Type.Object({
  'x-yte-station': Type.Optional(Type.String({ maxLength: 64 })), 'x-yte-signature': Type.Optional(Type.String({ maxLength: 200 })),
  'x-yte-queue': Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: "The station's outbox depth (pull only; shown on the network dashboard)" })),
});

export const syncRoutes: RoutePlugin = async (app) => {
  const sync = app.config.sync;
  if (sync?.role === 'province') app.addHook('onReady', () => enableProvince(app.db));
  if (sync?.role === 'station' && sync.upstreamUrl && sync.stationId && sync.stationKey) {
    const agent = new SyncAgent({ db: app.db, upstream: sync.upstreamUrl, stationId: sync.stationId, privateKey: sync.stationKey, intervalMs: sync.intervalSeconds * 1000 });
    app.addHook('onReady', async () => {
      await enableStation(app.db, sync.stationId!);
      agent.start();
    });
    app.addHook('onClose', () => agent.stop());
  }

  // The batch is gzip bytes, verified against the signature before it is read.
  app.addContentTypeParser(PUSH_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: MAX_BATCH_BYTES }, (_req, body, done) => done(null, body));

  app.post('/push', {
    schema: {
      tags: ['sync'], security: [], headers: stationHeaders,
      description: `A station's batch: gzip of canonical JSON (${PUSH_CONTENT_TYPE}), signed with the station's Ed25519 key (x-yte-signature over the body bytes).`,
      response: { 200: PushResultSchema, ...errors(400, 401, 403, 415) },
    },
  }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the batch as ${PUSH_CONTENT_TYPE}`, `Gửi lô dữ liệu dạng ${PUSH_CONTENT_TYPE}`);
    return acceptPush(app.db, req.headers['x-yte-station'], req.headers['x-yte-signature'], req.body, new Date());
  });

  app.get('/pull', {
    schema: {
      tags: ['sync'], security: [], headers: stationHeaders,
      description: "Governance states for the station and its catchment's demographic edits after the cursor; x-yte-signature signs 'yte-sync-pull:<station>:<since>'.",
      querystring: Type.Object({ since: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }) }, { additionalProperties: false }),
      response: { 200: PullResultSchema, ...errors(400, 401) },
    },
  }, async (req) => servePull(app.db, req.headers['x-yte-station'], req.headers['x-yte-signature'], req.query.since, new Date(), 5000,
    req.headers['x-yte-queue'] === undefined ? null : Number(req.headers['x-yte-queue'])));

  app.get('/status', {
    preHandler: requireSession,
    schema: { tags: ['sync'], description: 'This server\'s sync state: role, last sync, changes waiting in the outbox (the UI header).', response: { 200: StatusSchema, ...errors(401) } },
  }, async () => syncStatus(app.db));

  app.put('/stations/:stationId', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags: ['sync'], description: "Registers (or replaces) a station's Ed25519 public key (SPKI DER base64) at the province.",
      params: Type.Object({ stationId: Type.String({ pattern: UUID_PATTERN }) }),
      body: Type.Object({ publicKey: Type.String({ minLength: 40, maxLength: 200, pattern: '^[A-Za-z0-9+/=]+$' }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const [f] = await app.db.query('SELECT 1 FROM facility WHERE id = $1', [req.params.stationId]);
    if (!f) throw new AppError(404, 'NOT_FOUND', 'Facility not found', 'Không tìm thấy cơ sở');
    await registerStation(app.db, req.params.stationId, req.body.publicKey);
    return reply.status(204).send(null);
  });

  app.delete('/stations/:stationId', {
    preHandler: requireRole('facility_admin'),
    schema: { tags: ['sync'], description: "Revokes a station's key: its pushes and pulls get 401 until a key is registered again.", params: Type.Object({ stationId: Type.String({ pattern: UUID_PATTERN }) }), response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    if (!(await revokeStation(app.db, req.params.stationId, new Date()))) throw new AppError(404, 'NOT_FOUND', 'No active key for this station', 'Trạm này không có khoá đang hiệu lực');
    return reply.status(204).send(null);
  });

  const Review = Type.Object({
    id: Type.Integer(), table: Type.String(), rowId: Type.String(), field: Type.String(), kept: Type.Unknown(), keptHlc: Type.String(), other: Type.Unknown(), otherHlc: Type.String(),
    patientId: Type.String(), patientName: Type.String(), facilityId: Type.String(),
  });
  app.get('/reviews', {
    preHandler: requireSession,
    schema: { tags: ['sync'], description: 'Open sync conflicts of your facilities (a field both sides changed): the value kept and the one set aside. Each is an audited read.', response: { 200: Type.Array(Review), ...errors(401, 403) } },
  }, async (req) => listReviews(app.db, actorOf(req)));

  app.post('/reviews/:id/resolve', {
    preHandler: requireSession,
    schema: {
      tags: ['sync'], description: "Decides a conflict: 'kept' confirms the merged value, 'other' applies the value set aside (a local edit, synced onwards).",
      params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
      body: Type.Object({ choose: Type.Union([Type.Literal('kept'), Type.Literal('other')]) }, { additionalProperties: false }),
      response: { 200: Review, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => resolveReview(app.db, actorOf(req), req.params.id, req.body.choose, new Date()));
};
