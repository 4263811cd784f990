import { Type } from 'typebox';
import { errors, requireRole, requireSession, type RoutePlugin, actorOf } from '../../lib/http.ts';
import { unauthorized } from '../../lib/errors.ts';
import type { ObservationsSaved } from '../observations/pipeline.ts';
import { startPgFanout } from './fanout.ts';
import type { AlertEvent, AlertHub } from './hub.ts';
import { type MqttStats, startMqttIngest, topicMatchesDevice } from './mqtt.ts';
import { acknowledge, assignDevice, deviceForKey, deviceRegistration, escalateDue, evaluatePatients, ingest, type IngestCaller, listAlerts, MAX_BATCH } from './monitoring.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Alert fan-out to SSE streams (decorated on the root app in app.ts). */
    alertHub: AlertHub;
  }
}

/** Runs the escalation check and publishes what escalated. */
export async function escalateAndPublish(app: { db: import('../../db/db.ts').Db; alertHub: AlertHub; config: { alertEscalationSeconds: number } }, now = new Date()): Promise<AlertEvent[]> {
  const events = await escalateDue(app.db, now, app.config.alertEscalationSeconds);
  for (const e of events) app.alertHub.publish(e);
  return events;
}

const ItemResult = Type.Object({
  index: Type.Integer(),
  status: Type.String(),
  error: Type.Optional(Type.Object({ code: Type.String(), field: Type.Optional(Type.String()), message: Type.String(), messageVi: Type.String() })),
});

export const monitoringRoutes: RoutePlugin = async (app) => {
  const hub = app.alertHub;

  // Score every saved reading (device or manual); publish after commit.
  const pending = new WeakMap<ObservationsSaved, AlertEvent[]>();
  app.observationPipeline.inTransactionBatch(async (q, evs) => {
    for (const [ev, events] of await evaluatePatients(q, evs)) pending.set(ev, events);
  });
  app.observationPipeline.afterCommit((ev) => {
    for (const e of pending.get(ev) ?? []) hub.publish(e);
  });


  // NDJSON bodies from gateways: one reading per line.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => {
    const items: unknown[] = [];
    const lines = String(body).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      try {
        items.push(JSON.parse(line));
      } catch {
        items.push({ __malformed: i + 1 });
      }
    }
    done(null, items);
  });

  app.post('/ingest/observations', {
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['monitoring'],
      description: `Bedside monitors and gateways: a JSON array or NDJSON (application/x-ndjson) of {deviceId, at, vitals}. Each item is validated on its own; valid ones are stored; re-sent readings are idempotent. At most ${MAX_BATCH} per batch. Auth: a staff session or the header x-device-key.`,
      // An array of JSON objects: a scalar or a non-object item is a 400 for the whole batch.
      body: Type.Array(Type.Object({})),
      response: { 200: Type.Object({ stored: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer(), results: Type.Array(ItemResult) }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    let caller: IngestCaller;
    const key = req.headers['x-device-key'];
    if (typeof key === 'string' && key) {
      const d = await deviceForKey(app.db, key);
      if (!d) throw unauthorized();
      caller = { kind: 'device', deviceId: d.id, facilityId: d.facility_id };
    } else caller = { kind: 'staff', actor: actorOf(req) };
    const items = (req.body as unknown[]).map((x) =>
      x && typeof x === 'object' && '__malformed' in x ? { __line: (x as { __malformed: number }).__malformed } : x,
    ) as Array<Record<string, unknown>>;
    const out = await ingest(app.db, caller, items, app.observationPipeline);
    // NDJSON lines that were not JSON are reported as such.
    const malformedLine = (i: number) => (typeof items[i] === 'object' && items[i] !== null && '__line' in items[i]!);
    out.results = out.results.map((r) => (malformedLine(r.index) ? { index: r.index, status: 'rejected', error: { code: 'MALFORMED_JSON', message: `line ${String(items[r.index]!.__line)} is not JSON`, messageVi: `Dòng ${String(items[r.index]!.__line)} không phải JSON` } } : r));
    return out;
  });

  app.post('/devices', {
    preHandler: requireSession,
    schema: {
      tags: ['monitoring'],
      body: Type.Object({
        deviceId: Type.String({ minLength: 1, maxLength: 100 }), facilityId: Type.String({ format: 'uuid' }), bed: Type.Optional(Type.String({ maxLength: 50 })),
        patientId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]), encounterId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
        apiKey: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ deviceId: Type.String(), facilityId: Type.String(), bed: Type.Union([Type.String(), Type.Null()]), patientId: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => assignDevice(app.db, actorOf(req), req.body));

  app.get('/alerts', {
    preHandler: requireSession,
    schema: { tags: ['monitoring'], querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) }), response: { 200: Type.Array(Type.Unknown()), ...errors(401, 403) } },
  }, async (req) => listAlerts(app.db, actorOf(req), req.query.status ?? 'open'));

  app.post('/alerts/:id/ack', {
    preHandler: requireSession,
    schema: { tags: ['monitoring'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => {
    const a = await acknowledge(app.db, actorOf(req), req.params.id);
    hub.publish({ type: 'alert-ack', facilityId: a.facilityId, data: a });
    return a;
  });

  app.get('/alerts/stream', { preHandler: requireSession, schema: { tags: ['monitoring'], description: 'Server-Sent Events: alert, alert-ack, alert-escalated, alert-resolved for your facilities.' } }, async (req, reply) => {
    const actor = actorOf(req);
    if (!actor.roles.some((r) => r === 'nurse' || r === 'doctor' || r === 'station_staff')) {
      return reply.status(403).send({ code: 'FORBIDDEN', message: 'Your role does not allow this action', messageVi: 'Vai trò của bạn không được phép thực hiện thao tác này' });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = hub.subscribe(actor.facilityIds, (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  // Background work: escalation timer and MQTT (not under tests unless configured).
  let timer: NodeJS.Timeout | null = null;
  let mqttStop: (() => Promise<void>) | null = null;
  let mqttStats: MqttStats | null = null;
  let fanoutStop: (() => Promise<void>) | null = null;

  app.get('/monitoring/status', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: {
      tags: ['monitoring'],
      description: 'MQTT ingest counters since start: received, stored, rejected, malformed, and topicMismatch (a topic naming another facility or bed than the device\'s registration: dropped).',
      response: {
        200: Type.Object({ mqtt: Type.Union([Type.Object({ subscribed: Type.Boolean(), received: Type.Integer(), stored: Type.Integer(), rejected: Type.Integer(), malformed: Type.Integer(), topicMismatch: Type.Integer() }), Type.Null()]) }),
        ...errors(401, 403),
      },
    },
  }, async () => ({ mqtt: mqttStats ? { ...mqttStats } : null }));
  app.addHook('onReady', async () => {
    // Several replicas on one PostgreSQL: alerts reach SSE clients on every replica (fanout.ts).
    fanoutStop = await startPgFanout(app.db, hub, app.log);
    if (!process.env.VITEST) {
      timer = setInterval(() => void escalateAndPublish(app).catch((err) => app.log.error({ err }, 'alert escalation failed')), 5_000);
      timer.unref();
    }
    if (app.config.mqttUrl) {
      const m = await startMqttIngest(app.config.mqttUrl, async (item, topic) => {
        // The topic must name the facility and bed the device is registered at.
        const deviceId = item && typeof item === 'object' && typeof (item as { deviceId?: unknown }).deviceId === 'string' ? (item as { deviceId: string }).deviceId : null;
        const reg = deviceId ? await deviceRegistration(app.db, deviceId) : null;
        if (reg && !topicMatchesDevice(topic, reg)) {
          app.log.warn({ topic, deviceId, registeredAt: `${reg.facilityCode}/bed/${reg.bed ?? '-'}` }, 'mqtt reading dropped: topic does not match the device registration');
          return 'topic_mismatch';
        }
        const out = await ingest(app.db, { kind: 'system' }, [item as Record<string, unknown>], app.observationPipeline);
        if (out.results[0]?.status === 'rejected') app.log.warn({ topic, error: out.results[0].error }, 'mqtt reading rejected');
        return out.results[0]?.status === 'duplicate' ? 'duplicate' : out.results[0]?.status === 'stored' ? 'stored' : 'rejected';
      }, app.log);
      mqttStop = m.stop;
      mqttStats = m.stats;
    }
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    if (mqttStop) await mqttStop();
    if (fanoutStop) await fanoutStop();
  });
};
