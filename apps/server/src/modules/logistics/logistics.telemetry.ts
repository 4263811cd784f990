/**
 * Drone telemetry over MQTT: drones publish to `yte/<facilityCode>/drone/<droneId>/telemetry` one
 * JSON reading per message (@yte/logistics Telemetry). As with bedside monitors (docs/mqtt.md) the
 * topic is a claim, not a credential: a reading is used only when the topic's facility is the
 * drone's registered home and the topic's drone id is the reading's. Everything else — a bad
 * topic, malformed JSON, impossible values or coordinates, timestamps out of order, a drone with no
 * flight in the air — is dropped and counted, never fatal.
 *
 * Positions go to the map's SSE streams at once (the map's latency does not wait for the
 * database); track points are written in one multi-row insert about once a second.
 */
import type { FastifyBaseLogger } from 'fastify';
import { assessTelemetry, DEFAULT_CORRIDOR_HALF_WIDTH_M, DEFAULT_LOW_BATTERY_PCT, distanceToRoute, type FlightContext, inOrder, parseTelemetry, pathLength } from '@yte/logistics';
import type { Db } from '../../db/db.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { DroneHub } from './logistics.hub.ts';
import { activeFlightOfDrone, droneHomeCode, findDrone, insertAlertIfNew, insertTrack, type TrackPoint, updateLastPositions } from './logistics.repo.ts';
import { preparedZones, specOf, type StoredPlan } from './logistics.service.ts';

export const DRONE_TOPIC = 'yte/+/drone/+/telemetry';

export function parseDroneTopic(topic: string): { facilityCode: string; droneId: string } | null {
  const m = /^yte\/([^/]+)\/drone\/([^/]+)\/telemetry$/.exec(topic);
  return m ? { facilityCode: m[1]!, droneId: m[2]! } : null;
}

export interface TelemetryStats {
  subscribed: boolean;
  received: number;
  accepted: number;
  badTopic: number;
  malformed: number;
  invalid: number;
  unknownDrone: number;
  topicMismatch: number;
  outOfOrder: number;
  noFlight: number;
  alerts: number;
}

interface DroneState {
  loadedAt: number;
  homeCode: string | null;
  flight: { id: string; facilityIds: string[]; ctx: FlightContext; totalM: number; cruiseMps: number; openKinds: Set<string> } | null;
  lastAt: string | null;
}

/** A drone's flight is re-read this often (launch and landing also invalidate it at once). */
const CACHE_MS = 30_000;
/** A drone with no flight in the air is looked up again after this long. */
const NO_FLIGHT_CACHE_MS = 5000;

export class TelemetryIngest {
  readonly stats: TelemetryStats = { subscribed: false, received: 0, accepted: 0, badTopic: 0, malformed: 0, invalid: 0, unknownDrone: 0, topicMismatch: 0, outOfOrder: 0, noFlight: 0, alerts: 0 };
  private readonly drones = new Map<string, DroneState>();
  private readonly loading = new Map<string, Promise<DroneState>>();
  private buffer: TrackPoint[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db, private readonly hub: DroneHub, private readonly log: FastifyBaseLogger, private readonly clock: () => Date = () => new Date()) {}

  start(flushMs = 1000) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.chain;
    await this.flush();
  }

  /** Forget a drone's cached flight (after launch or landing). */
  invalidate(droneId: string) {
    this.drones.delete(droneId);
  }

  private async load(droneId: string): Promise<DroneState> {
    const home = await droneHomeCode(this.db, droneId);
    const st: DroneState = { loadedAt: Date.now(), homeCode: home?.code ?? null, flight: null, lastAt: null };
    if (!home) return st;
    const f = await activeFlightOfDrone(this.db, droneId);
    const d = await findDrone(this.db, droneId);
    if (f && d && f.plan) {
      const plan = f.plan as StoredPlan;
      const { prepared } = await preparedZones(this.db);
      const open = await this.db.query<{ kind: string }>("SELECT kind FROM drone_alert WHERE flight_id = $1 AND status = 'open'", [f.id]);
      st.flight = {
        id: f.id, facilityIds: [f.from_facility_id, f.to_facility_id], totalM: pathLength(plan.path), cruiseMps: d.cruise_speed_mps, openKinds: new Set(open.map((o) => o.kind)),
        ctx: { route: plan.path, corridorHalfWidthM: DEFAULT_CORRIDOR_HALF_WIDTH_M, zones: prepared, spec: specOf(d), payloadKg: f.weight_kg, tempMinC: f.temp_min_c, tempMaxC: f.temp_max_c, lowBatteryPct: DEFAULT_LOW_BATTERY_PCT },
      };
      st.lastAt = f.last_at ? new Date(f.last_at).toISOString() : null;
    }
    return st;
  }

  private async stateOf(droneId: string): Promise<DroneState> {
    const cached = this.drones.get(droneId);
    if (cached && Date.now() - cached.loadedAt < (cached.flight ? CACHE_MS : NO_FLIGHT_CACHE_MS)) return cached;
    let p = this.loading.get(droneId);
    if (!p) {
      p = this.load(droneId).then((st) => {
        // Keep the order check across reloads of the same flight.
        if (cached?.flight && st.flight?.id === cached.flight.id && cached.lastAt && (!st.lastAt || cached.lastAt > st.lastAt)) st.lastAt = cached.lastAt;
        this.drones.set(droneId, st);
        this.loading.delete(droneId);
        return st;
      }, (err) => {
        this.loading.delete(droneId);
        throw err;
      });
      this.loading.set(droneId, p);
    }
    return p;
  }

  /** One MQTT message. Resolves with what happened to it (never rejects). */
  async handle(topic: string, payload: Buffer | string): Promise<keyof TelemetryStats> {
    this.stats.received++;
    const count = (k: Exclude<keyof TelemetryStats, 'subscribed'>) => {
      this.stats[k]++;
      return k;
    };
    const t = parseDroneTopic(topic);
    if (!t) return count('badTopic');
    let raw: unknown;
    try {
      raw = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch {
      return count('malformed');
    }
    const parsed = parseTelemetry(raw);
    if (!parsed.ok) return count('invalid');
    const r = parsed.value;
    if (r.droneId !== t.droneId) return count('topicMismatch');
    let st: DroneState;
    try {
      st = await this.stateOf(r.droneId);
    } catch (err) {
      this.log.warn({ err, topic }, 'drone telemetry: lookup failed; dropped');
      return count('invalid');
    }
    if (!st.homeCode) return count('unknownDrone');
    if (st.homeCode !== t.facilityCode) {
      this.log.warn({ topic, droneId: r.droneId, home: st.homeCode }, 'drone telemetry dropped: topic does not match the drone registration');
      return count('topicMismatch');
    }
    const f = st.flight;
    if (!f) return count('noFlight');
    if (!inOrder(r.at, st.lastAt, this.clock().toISOString())) return count('outOfOrder');
    st.lastAt = r.at;
    const { alongM } = distanceToRoute([r.lon, r.lat], f.ctx.route);
    const remainingM = Math.max(0, f.totalM - alongM);
    this.hub.publish({
      type: 'position', facilityIds: f.facilityIds,
      data: { flightId: f.id, droneId: r.droneId, at: r.at, lat: r.lat, lon: r.lon, altM: r.altM, speedMps: r.speedMps, batteryPct: r.batteryPct, tempC: r.payloadTempC, remainingKm: Math.round(remainingM / 100) / 10, etaMinutes: Math.round((remainingM / f.cruiseMps / 60) * 10) / 10 },
    });
    this.buffer.push({ flight_id: f.id, at: new Date(r.at), lat: r.lat, lon: r.lon, alt_m: r.altM, speed_mps: r.speedMps, battery_pct: r.batteryPct, temp_c: r.payloadTempC });
    const found = assessTelemetry(r, f.ctx).filter((a) => !f.openKinds.has(a.kind));
    for (const a of found) {
      f.openKinds.add(a.kind);
      const row = { id: uuidv7(), flight_id: f.id, drone_id: r.droneId, kind: a.kind, message: a.message, message_vi: a.messageVi, detail: { ...a.detail, at: r.at, lat: r.lat, lon: r.lon }, status: 'open', created_at: this.clock(), acknowledged_by: null, acknowledged_at: null };
      this.chain = this.chain.then(async () => {
        if (await insertAlertIfNew(this.db, row)) {
          this.stats.alerts++;
          this.hub.publish({ type: 'alert', facilityIds: f.facilityIds, data: { id: row.id, flightId: f.id, droneId: r.droneId, kind: a.kind, message: a.message, messageVi: a.messageVi, detail: row.detail, status: 'open', createdAt: row.created_at.toISOString(), acknowledgedAt: null } });
        }
      }).catch((err) => this.log.error({ err }, 'drone alert not stored'));
    }
    return count('accepted');
  }

  /** Writes buffered track points and each flight's last position. */
  async flush() {
    const pts = this.buffer;
    if (!pts.length) return;
    this.buffer = [];
    try {
      for (let i = 0; i < pts.length; i += 500) await insertTrack(this.db, pts.slice(i, i + 500));
      const last = new Map<string, TrackPoint>();
      for (const p of pts) if (!last.has(p.flight_id) || last.get(p.flight_id)!.at < p.at) last.set(p.flight_id, p);
      await updateLastPositions(this.db, [...last.values()]);
    } catch (err) {
      this.log.error({ err }, 'drone track not stored');
    }
  }
}

/** Subscribes the ingest to the broker. */
export async function startDroneMqtt(url: string, ingest: TelemetryIngest, log: FastifyBaseLogger) {
  const { default: mqtt } = await import('mqtt');
  const client = mqtt.connect(url, { clientId: `yte-drones-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 5000 });
  client.on('connect', () => {
    client.subscribe(DRONE_TOPIC, { qos: 0 }, (err) => {
      if (err) return log.error({ err }, 'mqtt drone subscribe failed');
      ingest.stats.subscribed = true;
      log.info({ topic: DRONE_TOPIC }, 'drone telemetry subscribed');
    });
  });
  client.on('close', () => { ingest.stats.subscribed = false; });
  client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error (drones)'));
  client.on('message', (topic, payload) => void ingest.handle(topic, payload));
  return { client, stop: () => client.endAsync().then(() => undefined) };
}
