/**
 * Drone telemetry: the message a drone publishes, its validation, and the alerts one position
 * raises (corridor deviation, geofence breach, low battery, payload temperature excursion).
 * Thresholds are configurable engineering defaults, not rules of any authority.
 */
import { distanceToRoute, greatCircleDistance, isValidLonLat, type LonLat } from './geo.ts';
import { type DroneSpec, estimatePath } from './energy.ts';
import { MAX_ALTITUDE_AGL_M } from './preflight.ts';
import type { PreparedZones } from './zones.ts';
import { zonesContaining } from './zones.ts';

export interface Telemetry {
  droneId: string;
  at: string;
  lat: number;
  lon: number;
  altM: number;
  speedMps: number;
  batteryPct: number;
  payloadTempC: number | null;
}

export type TelemetryProblem = 'not_object' | 'drone_id' | 'timestamp' | 'coordinates' | 'values';

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates one message; the topic check and the order check are separate. */
export function parseTelemetry(raw: unknown): { ok: true; value: Telemetry } | { ok: false; problem: TelemetryProblem } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: 'not_object' };
  const r = raw as Record<string, unknown>;
  if (typeof r.droneId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(r.droneId)) return { ok: false, problem: 'drone_id' };
  if (typeof r.at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(r.at) || !Number.isFinite(Date.parse(r.at))) return { ok: false, problem: 'timestamp' };
  if (!isValidLonLat([r.lon, r.lat])) return { ok: false, problem: 'coordinates' };
  if (!num(r.altM) || r.altM < -500 || r.altM > 10_000 || !num(r.speedMps) || r.speedMps < 0 || r.speedMps > 100
    || !num(r.batteryPct) || r.batteryPct < 0 || r.batteryPct > 100
    || !(r.payloadTempC === null || r.payloadTempC === undefined || (num(r.payloadTempC) && r.payloadTempC > -90 && r.payloadTempC < 90))) return { ok: false, problem: 'values' };
  return {
    ok: true,
    value: { droneId: r.droneId, at: new Date(Date.parse(r.at)).toISOString(), lat: r.lat as number, lon: r.lon as number, altM: r.altM, speedMps: r.speedMps, batteryPct: r.batteryPct, payloadTempC: (r.payloadTempC as number | null | undefined) ?? null },
  };
}

/** A reading is in order when strictly after the last one and not from the future (clock skew allowed). */
export function inOrder(at: string, lastAt: string | null, now: string, maxSkewMs = 5 * 60_000): boolean {
  const t = Date.parse(at);
  if (t > Date.parse(now) + maxSkewMs) return false;
  return lastAt === null || t > Date.parse(lastAt);
}

export const ALERT_KINDS = ['corridor', 'geofence', 'battery', 'temperature', 'altitude'] as const;
export type DroneAlertKind = (typeof ALERT_KINDS)[number];

export interface DroneAlert { kind: DroneAlertKind; message: string; messageVi: string; detail: Record<string, number | string> }

export interface FlightContext {
  route: readonly LonLat[];
  corridorHalfWidthM: number;
  zones: PreparedZones;
  spec: DroneSpec;
  payloadKg: number;
  tempMinC: number | null;
  tempMaxC: number | null;
  lowBatteryPct: number;
}

export const DEFAULT_CORRIDOR_HALF_WIDTH_M = 150;
export const DEFAULT_LOW_BATTERY_PCT = 25;

const r1 = (v: number) => Math.round(v * 10) / 10;
const vn = (v: number) => String(r1(v)).replace('.', ',');

/** The alerts one position raises on its flight (empty when all is well). */
export function assessTelemetry(t: Telemetry, f: FlightContext): DroneAlert[] {
  const out: DroneAlert[] = [];
  const p: LonLat = [t.lon, t.lat];
  const { offRouteM, alongM } = distanceToRoute(p, f.route);
  if (offRouteM > f.corridorHalfWidthM) {
    out.push({ kind: 'corridor', message: `Off the corridor by ${Math.round(offRouteM)} m (allowed ${f.corridorHalfWidthM} m)`, messageVi: `Lệch hành lang bay ${Math.round(offRouteM)} m (cho phép ${f.corridorHalfWidthM} m)`, detail: { offRouteM: Math.round(offRouteM) } });
  }
  const inZones = zonesContaining(p, f.zones);
  if (inZones.length) {
    const names = inZones.map((z) => z.zone.name).join(', ');
    out.push({ kind: 'geofence', message: `Inside no-fly zone: ${names}`, messageVi: `Đang ở trong vùng cấm bay: ${names}`, detail: { zones: inZones.map((z) => z.zone.id).join(',') } });
  }
  // Energy still needed: the rest of the route with the payload, still air, plus the climb/descent allowance.
  let cum = 0;
  let rest: LonLat[] = [p, f.route[f.route.length - 1]!];
  for (let i = 1; i < f.route.length; i++) {
    cum += greatCircleDistance(f.route[i - 1]!, f.route[i]!);
    if (cum > alongM) { rest = [p, ...f.route.slice(i)]; break; }
  }
  const needWh = estimatePath(rest, f.spec, f.payloadKg, { fromDeg: 0, speedMps: 0 }).energyWh;
  const haveWh = (f.spec.batteryWh * t.batteryPct) / 100;
  if (t.batteryPct < f.lowBatteryPct || haveWh < needWh) {
    out.push({
      kind: 'battery',
      message: haveWh < needWh ? `Battery ${r1(t.batteryPct)} % cannot reach the destination (needs ${r1(needWh)} Wh, has ${r1(haveWh)} Wh)` : `Battery low: ${r1(t.batteryPct)} % (alert below ${f.lowBatteryPct} %)`,
      messageVi: haveWh < needWh ? `Pin ${vn(t.batteryPct)} % không đủ bay tới đích (cần ${vn(needWh)} Wh, còn ${vn(haveWh)} Wh)` : `Pin yếu: ${vn(t.batteryPct)} % (cảnh báo dưới ${f.lowBatteryPct} %)`,
      detail: { batteryPct: r1(t.batteryPct), needWh: r1(needWh), haveWh: r1(haveWh) },
    });
  }
  if (t.payloadTempC !== null && ((f.tempMinC !== null && t.payloadTempC < f.tempMinC) || (f.tempMaxC !== null && t.payloadTempC > f.tempMaxC))) {
    out.push({ kind: 'temperature', message: `Payload at ${r1(t.payloadTempC)} °C, outside ${f.tempMinC ?? '−∞'}–${f.tempMaxC ?? '∞'} °C`, messageVi: `Nhiệt độ hàng ${vn(t.payloadTempC)} °C, ngoài khoảng ${f.tempMinC ?? '−∞'}–${f.tempMaxC ?? '∞'} °C`, detail: { payloadTempC: r1(t.payloadTempC) } });
  }
  if (t.altM > MAX_ALTITUDE_AGL_M) {
    out.push({ kind: 'altitude', message: `Altitude ${Math.round(t.altM)} m above the ${MAX_ALTITUDE_AGL_M} m limit`, messageVi: `Độ cao ${Math.round(t.altM)} m vượt giới hạn ${MAX_ALTITUDE_AGL_M} m`, detail: { altM: Math.round(t.altM) } });
  }
  return out;
}
