/**
 * Drone transport routes (prefix '/api'): pads, fleet, no-fly zones, flights (request → plan →
 * approve → custody hand-overs), alerts, the live map stream and the telemetry counters.
 */
import { type TSchema, Type } from 'typebox';
import { ALERT_KINDS, CHECK_CODES, CUSTODY_STEPS, ZONE_KINDS } from '@yte/logistics';
import { actorOf, errors, requireRole, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { forbidden } from '../../lib/errors.ts';
import { DroneHub } from './logistics.hub.ts';
import {
  acknowledgeAlert, alerts, approve, board, CARGO, cancel, createFlight, createPad, createZone, deactivateZone, drones, FLIGHT_STATES, flightDetail, pads, patchDrone, plan,
  PRIORITIES, recordCustody, registerDrone, replaceZone, track, type ZoneBody as ZoneBodyT, zones,
} from './logistics.service.ts';
import { startDroneMqtt, TelemetryIngest } from './logistics.telemetry.ts';

/** The running ingest and hub per database (tests and the bench feed the ingest directly too). */
const running = new WeakMap<object, { ingest: TelemetryIngest; hub: DroneHub }>();
export const droneIngestFor = (db: object) => running.get(db);

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const Num = Type.Number();
const NNum = Nullable(Type.Number());
const NStr = Nullable(Type.String());
const DroneId = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'The drone\'s own id, as in its MQTT topic' });
const LatLon = Type.Object({ lat: Num, lon: Num });

const Pad = Type.Object({ id: Type.String(), facilityId: Type.String(), facilityCode: Type.String(), facilityName: Type.String(), facilityKind: Type.String(), name: Type.String(), lat: Num, lon: Num });
const Drone = Type.Object({
  id: Type.String(), facilityId: Type.String(), model: Type.String(), maxPayloadKg: Num, emptyMassKg: Num, batteryWh: Num, cruisePowerW: Num, cruiseSpeedMps: Num, rangeKm: Num,
  maxWindMps: Num, maxRainMmPerH: Num, batteryPct: Num, status: StringEnum(['available', 'in_flight', 'maintenance'] as const),
});
const Geometry = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { minItems: 4, maxItems: 5000 }), { minItems: 1, maxItems: 50 }),
}, { additionalProperties: false });
const Zone = Type.Object({ id: Type.String(), name: Type.String(), kind: StringEnum(ZONE_KINDS), geometry: Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Num))) }), bufferM: NNum, active: Type.Boolean(), note: NStr, createdAt: Type.String(), updatedAt: Type.String() });
const ZoneBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), kind: StringEnum(ZONE_KINDS), geometry: Geometry,
  bufferM: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 50000, description: 'Horizontal buffer, metres; default by kind (Decision 18/2020/QĐ-TTg: defence 500, government 200)' }))),
  active: Type.Optional(Type.Boolean()), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
}, { additionalProperties: false });

const Check = Type.Object({ code: StringEnum(CHECK_CODES), ok: Type.Boolean(), message: Type.String(), messageVi: Type.String() });
const Plan = Type.Object({
  ok: Type.Boolean(), checks: Type.Array(Check), path: Type.Array(Type.Array(Num)), straightKm: Num, flightKm: Num, etaMinutes: NNum, returnMinutes: NNum,
  energyWh: Nullable(Type.Object({ outbound: Num, back: Num, available: Num, reserve: Num })), road: Type.Object({ km: Num, etaMinutes: Num }), savedMinutes: NNum,
  weightClass: Type.Integer(), droneId: Type.String(), weather: Type.Object({ windFromDeg: Num, windMps: Num, rainMmPerH: Num }), departAt: Type.String(), avoidedZones: Type.Array(Type.String()),
});
const Last = Type.Object({ at: Type.String(), lat: Num, lon: Num, altM: Num, speedMps: Num, batteryPct: Num, tempC: NNum });
const Flight = Type.Object({
  id: Type.String(), fromFacilityId: Type.String(), fromFacilityName: Type.String(), toFacilityId: Type.String(), toFacilityName: Type.String(), fromPadId: Type.String(), toPadId: Type.String(),
  fromPad: Nullable(LatLon), toPad: Nullable(LatLon), patientId: NStr, patientName: NStr, referralId: NStr, orderRef: NStr, cargo: StringEnum(CARGO), priority: StringEnum(PRIORITIES),
  contents: Type.String(), weightKg: Num, tempMinC: NNum, tempMaxC: NNum, boxCode: Type.String(), state: StringEnum(FLIGHT_STATES), droneId: NStr, plan: Nullable(Plan), planOk: Nullable(Type.Boolean()),
  plannedAt: NStr, approvedBy: NStr, approvedAt: NStr, requestedBy: NStr, requestedAt: Type.String(), launchedAt: NStr, landedAt: NStr, deliveredAt: NStr, cancelledAt: NStr, cancelReason: NStr,
  custodyBreak: Type.Boolean(), updatedAt: Type.String(), last: Nullable(Last),
});
const Alert = Type.Object({ id: Type.String(), flightId: Type.String(), droneId: Type.String(), kind: StringEnum([...ALERT_KINDS, 'custody'] as const), message: Type.String(), messageVi: Type.String(), detail: Type.Unknown(), status: Type.String(), createdAt: Type.String(), acknowledgedAt: NStr });
const Custody = Type.Object({ step: StringEnum(CUSTODY_STEPS), scannedCode: Type.String(), signedBy: Type.String(), at: Type.String(), tempC: NNum, breaks: Type.Array(Type.String()), note: NStr, sig: Type.String() });

export const logisticsRoutes: RoutePlugin = async (app) => {
  const hub = new DroneHub();
  const ingest = new TelemetryIngest(app.db, hub, app.log);
  running.set(app.db, { ingest, hub });

  app.get('/drone-pads', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'Landing pads at every facility (positions are not patient data; a flight needs both ends).', response: { 200: Type.Array(Pad), ...errors(401, 403) } },
  }, async (req) => pads(app.db, actorOf(req)));

  app.post('/drone-pads', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags: ['drones'], description: 'Add a pad at the admin\'s facility.',
      body: Type.Object({ facilityId: Uuid, name: Type.String({ minLength: 1, maxLength: 100 }), lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) }, { additionalProperties: false }),
      response: { 201: Pad, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await createPad(app.db, actorOf(req), req.body)));

  app.get('/drones', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'The fleet based at your facilities.', response: { 200: Type.Array(Drone), ...errors(401, 403) } },
  }, async (req) => drones(app.db, actorOf(req)));

  const Pos = (max: number, description: string) => Type.Number({ exclusiveMinimum: 0, maximum: max, description });
  app.post('/drones', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags: ['drones'], description: 'Register a drone at the admin\'s facility (its topic is yte/<facility code>/drone/<id>/telemetry).',
      body: Type.Object({
        id: DroneId, facilityId: Uuid, model: Type.String({ minLength: 1, maxLength: 200 }), maxPayloadKg: Pos(200, 'kg'), emptyMassKg: Pos(500, 'kg, with battery'), batteryWh: Pos(100_000, 'Wh'),
        cruisePowerW: Pos(100_000, 'W at cruise, no payload'), cruiseSpeedMps: Pos(100, 'm/s'), rangeKm: Pos(2000, 'km, no payload, still air'), maxWindMps: Type.Number({ minimum: 0, maximum: 60 }),
        maxRainMmPerH: Type.Number({ minimum: 0, maximum: 200 }), batteryPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
      }, { additionalProperties: false }),
      response: { 201: Drone, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await registerDrone(app.db, actorOf(req), req.body)));

  app.patch('/drones/:id', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags: ['drones'], description: 'Battery state after charging, or maintenance.', params: Type.Object({ id: DroneId }),
      body: Type.Object({ batteryPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })), status: Type.Optional(StringEnum(['available', 'maintenance'] as const)) }, { additionalProperties: false }),
      response: { 200: Drone, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => patchDrone(app.db, actorOf(req), req.params.id, req.body));

  app.get('/no-fly-zones', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'No-fly zones (GeoJSON polygons).', querystring: Type.Object({ all: Type.Optional(Type.Boolean({ description: 'include inactive zones' })) }, { additionalProperties: false }), response: { 200: Type.Array(Zone), ...errors(400, 401, 403) } },
  }, async (req) => zones(app.db, actorOf(req), req.query.all === true));

  app.post('/no-fly-zones', {
    preHandler: requireRole('facility_admin'),
    schema: { tags: ['drones'], description: 'Add a no-fly zone (facility admin; audited). Rings closed, [lon, lat].', body: ZoneBody, response: { 201: Zone, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await createZone(app.db, actorOf(req), req.body as ZoneBodyT)));

  app.put('/no-fly-zones/:id', {
    preHandler: requireRole('facility_admin'),
    schema: { tags: ['drones'], description: 'Replace a no-fly zone (audited with the previous shape).', params: IdParams, body: ZoneBody, response: { 200: Zone, ...errors(400, 401, 403, 404) } },
  }, async (req) => replaceZone(app.db, actorOf(req), req.params.id, req.body as ZoneBodyT));

  app.delete('/no-fly-zones/:id', {
    preHandler: requireRole('facility_admin'),
    schema: { tags: ['drones'], description: 'Deactivate a no-fly zone (kept for past plans).', params: IdParams, response: { 200: Zone, ...errors(400, 401, 403, 404) } },
  }, async (req) => deactivateZone(app.db, actorOf(req), req.params.id));

  app.post('/drone-flights', {
    preHandler: requireSession,
    schema: {
      tags: ['drones'], description: 'Request a drone flight: a sample to a hospital lab, or medicines/blood/vaccines to a station; linked to a patient and/or referral where there is one.',
      body: Type.Object({
        fromFacilityId: Uuid, toFacilityId: Uuid, fromPadId: Type.Optional(Uuid), toPadId: Type.Optional(Uuid), patientId: Type.Optional(Uuid), referralId: Type.Optional(Uuid),
        orderRef: Type.Optional(Type.String({ maxLength: 100 })), cargo: StringEnum(CARGO), priority: StringEnum(PRIORITIES), contents: Type.String({ minLength: 1, maxLength: 1000 }),
        weightKg: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), tempMinC: Type.Optional(Type.Number({ minimum: -80, maximum: 60 })), tempMaxC: Type.Optional(Type.Number({ minimum: -80, maximum: 60 })),
        boxCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{4,64}$', description: 'The box label, when pre-printed' })),
      }, { additionalProperties: false }),
      response: { 201: Flight, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await createFlight(app.db, actorOf(req), req.body) as never));

  app.get('/drone-flights', {
    preHandler: requireSession,
    schema: {
      tags: ['drones'], description: 'Dispatch board: flights to or from your facilities (in the air first), the fleet, open alerts.',
      querystring: Type.Object({ facilityId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ flights: Type.Array(Flight), fleet: Type.Array(Drone), alerts: Type.Array(Alert) }), ...errors(400, 401, 403) },
    },
  }, async (req) => board(app.db, actorOf(req), req.query.facilityId) as never);

  app.get('/drone-flights/:id', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'One flight with its custody chain and alerts.', params: IdParams, response: { 200: Type.Intersect([Flight, Type.Object({ custody: Type.Array(Custody), alerts: Type.Array(Alert) })]), ...errors(400, 401, 403, 404) } },
  }, async (req) => flightDetail(app.db, actorOf(req), req.params.id) as never);

  app.post('/drone-flights/:id/plan', {
    preHandler: requireSession,
    schema: {
      tags: ['drones'], description: 'Plan the flight with a drone and the forecast: route around no-fly zones, ETA against the road ETA, and every pre-flight check with its reason. A blocked plan says why and offers the road.',
      params: IdParams,
      body: Type.Object({
        droneId: DroneId, windFromDeg: Type.Number({ minimum: 0, maximum: 360 }), windMps: Type.Number({ minimum: 0, maximum: 80 }), rainMmPerH: Type.Number({ minimum: 0, maximum: 500 }),
        departAt: Type.Optional(Type.String({ format: 'date-time' })),
      }, { additionalProperties: false }),
      response: { 200: Flight, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => plan(app.db, actorOf(req), req.params.id, req.body) as never);

  app.post('/drone-flights/:id/approve', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'A person approves a plan that passed every check (doctor, nurse or facility admin at either end).', params: IdParams, response: { 200: Flight, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => approve(app.db, actorOf(req), req.params.id) as never);

  app.post('/drone-flights/:id/cancel', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'Cancel before launch, with a reason.', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), response: { 200: Flight, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => cancel(app.db, actorOf(req), req.params.id, req.body.reason) as never);

  app.post('/drone-flights/:id/custody', {
    preHandler: requireSession,
    schema: {
      tags: ['drones'],
      description: 'A hand-over scanned and signed by the caller: packed, loaded, launched (origin) → landed, received (destination). A skipped step, another box code, or a temperature outside the range is recorded and flagged as a custody break; going back is refused (409).',
      params: IdParams,
      body: Type.Object({ step: StringEnum(CUSTODY_STEPS), scannedCode: Type.String({ minLength: 1, maxLength: 100 }), tempC: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ flight: Flight, breaks: Type.Array(Type.String()), missing: Type.Array(Type.String()) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const out = await recordCustody(app.db, actorOf(req), req.params.id, req.body);
    if (out.flight.droneId && (req.body.step === 'launched' || req.body.step === 'landed')) ingest.invalidate(out.flight.droneId);
    hub.publish({ type: 'flight', facilityIds: [out.flight.fromFacilityId, out.flight.toFacilityId], data: { id: out.flight.id, state: out.flight.state } });
    return out as never;
  });

  app.get('/drone-flights/:id/track', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'The flight\'s recorded track (last 5000 points).', params: IdParams, response: { 200: Type.Array(Last), ...errors(400, 401, 403, 404) } },
  }, async (req) => track(app.db, actorOf(req), req.params.id));

  app.get('/drone-alerts', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'Drone alerts (corridor, geofence, battery, temperature, altitude, custody) on flights of your facilities.', querystring: Type.Object({ status: Type.Optional(StringEnum(['open', 'all'] as const)) }, { additionalProperties: false }), response: { 200: Type.Array(Alert), ...errors(400, 401, 403) } },
  }, async (req) => alerts(app.db, actorOf(req), (req.query.status ?? 'open') === 'open') as never);

  app.post('/drone-alerts/:id/acknowledge', {
    preHandler: requireSession,
    schema: { tags: ['drones'], params: IdParams, response: { 200: Alert, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => acknowledgeAlert(app.db, actorOf(req), req.params.id) as never);

  app.get('/drone-telemetry/status', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: {
      tags: ['drones'], description: 'Drone telemetry counters since start: accepted, and dropped by reason (bad topic, malformed JSON, invalid values, unknown drone, topic not the drone\'s registration, out of order, no flight in the air).',
      response: { 200: Type.Object({ mqtt: Type.Boolean(), subscribed: Type.Boolean(), received: Type.Integer(), accepted: Type.Integer(), badTopic: Type.Integer(), malformed: Type.Integer(), invalid: Type.Integer(), unknownDrone: Type.Integer(), topicMismatch: Type.Integer(), outOfOrder: Type.Integer(), noFlight: Type.Integer(), alerts: Type.Integer() }), ...errors(401, 403) },
    },
  }, async () => ({ mqtt: app.config.mqttUrl !== null, ...ingest.stats }));

  app.get('/drone-map/stream', {
    preHandler: requireSession,
    schema: { tags: ['drones'], description: 'Server-Sent Events for the live map: position, alert and flight events of flights to or from the facility.', querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const actor = actorOf(req);
    if (!actor.facilityIds.includes(req.query.facilityId)) throw forbidden();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = hub.subscribe([req.query.facilityId], (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  let mqttStop: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    ingest.start();
    if (app.config.mqttUrl) mqttStop = (await startDroneMqtt(app.config.mqttUrl, ingest, app.log)).stop;
  });
  app.addHook('onClose', async () => {
    if (mqttStop) await mqttStop();
    await ingest.stop();
  });
};
