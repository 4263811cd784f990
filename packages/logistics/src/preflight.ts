/**
 * Checks before launch, each with its reason in English and Vietnamese: payload within the drone's
 * limit, range, battery for the round trip with a reserve, wind and rain within the drone's limits,
 * route clear of no-fly zones, daylight window when configured, altitude within the limit. The ETA
 * is set beside the road ETA for the same trip, so a blocked flight can offer the road.
 *
 * Limits and their sources:
 * - Cruise altitude ≤ 120 m above ground: airspace above 120 m is a restricted zone for unmanned
 *   aircraft under Decision 18/2020/QĐ-TTg (Prime Minister, 2020), as reported by Vietnam Law &
 *   Legal Forum; its standing under Decree 288/2025/NĐ-CP is UNVERIFIED.
 * - Take-off mass category (Decree 288/2025/NĐ-CP, Art. 4, weight classes <0.25 kg, 0.25–<2 kg,
 *   2–<25 kg, 25–<150 kg, ≥150 kg; read from secondary summaries, the decree's text itself was not
 *   checked) is reported with each plan so the operator knows which licence class applies.
 * - Battery reserve (default 25 % of capacity left on landing back home), the road circuity (1.4)
 *   and road speed (30 km/h) are configurable ENGINEERING DEFAULTS, not rules of any authority.
 */
import type { LonLat } from './geo.ts';
import { type DroneSpec, estimatePath, type Wind } from './energy.ts';
import { planRoute, type RouteResult } from './route.ts';
import type { PreparedZones } from './zones.ts';

export const MAX_ALTITUDE_AGL_M = 120;

export interface PlanLimits {
  /** Share of battery capacity that must remain after the round trip. */
  reserveFraction: number;
  /** ≥ 1: stretches planned legs for turns and holds. */
  detourFactor: number;
  /** Road distance / straight-line distance for the same trip. */
  roadCircuity: number;
  roadSpeedKmh: number;
  /** Flights only between these local hours (Asia/Ho_Chi_Minh, UTC+7, no DST), when set. */
  daylight: { startHour: number; endHour: number } | null;
  /** The local time offset for the daylight rule, minutes (Vietnam: +420). */
  utcOffsetMinutes: number;
  cruiseAltitudeM: number;
}

export const DEFAULT_LIMITS: PlanLimits = {
  reserveFraction: 0.25, detourFactor: 1.1, roadCircuity: 1.4, roadSpeedKmh: 30, daylight: null, utcOffsetMinutes: 420, cruiseAltitudeM: 100,
};

export interface Weather { wind: Wind; rainMmPerH: number }

export interface PlanInput {
  from: LonLat;
  to: LonLat;
  spec: DroneSpec;
  batteryPct: number;
  droneAvailable: boolean;
  payloadKg: number;
  weather: Weather;
  /** The planned departure instant (ISO 8601): the daylight rule reads it. */
  departAt: string;
  limits?: Partial<PlanLimits>;
}

export const CHECK_CODES = ['drone_available', 'payload', 'range', 'battery', 'wind', 'rain', 'route', 'daylight', 'altitude'] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export interface Check { code: CheckCode; ok: boolean; message: string; messageVi: string }

export interface FlightPlan {
  ok: boolean;
  checks: Check[];
  route: RouteResult;
  /** Planned path (origin to destination) when a route exists. */
  path: Array<[number, number]>;
  straightKm: number;
  flightKm: number;
  etaMinutes: number | null;
  returnMinutes: number | null;
  energyWh: { outbound: number; back: number; available: number; reserve: number } | null;
  road: { km: number; etaMinutes: number };
  /** Minutes the drone saves over the road (negative: the road is faster). */
  savedMinutes: number | null;
  weightClass: 1 | 2 | 3 | 4 | 5;
}

/** Decree 288/2025/NĐ-CP Art. 4 take-off weight classes (see the file's note). */
export function weightClass(takeoffKg: number): 1 | 2 | 3 | 4 | 5 {
  return takeoffKg < 0.25 ? 1 : takeoffKg < 2 ? 2 : takeoffKg < 25 ? 3 : takeoffKg < 150 ? 4 : 5;
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const vn = (v: number, d = 1) => String(round(v, d)).replace('.', ',');

export function planFlight(input: PlanInput, zones: PreparedZones): FlightPlan {
  const L = { ...DEFAULT_LIMITS, ...input.limits };
  const { spec, payloadKg, weather } = input;
  const checks: Check[] = [];
  const add = (code: CheckCode, ok: boolean, message: string, messageVi: string) => checks.push({ code, ok, message, messageVi });

  add('drone_available', input.droneAvailable, input.droneAvailable ? 'Drone available' : 'The drone is not available (in flight or in maintenance)',
    input.droneAvailable ? 'Thiết bị bay sẵn sàng' : 'Thiết bị bay không sẵn sàng (đang bay hoặc bảo dưỡng)');
  add('payload', payloadKg <= spec.maxPayloadKg,
    payloadKg <= spec.maxPayloadKg ? `Payload ${round(payloadKg, 2)} kg within ${spec.maxPayloadKg} kg` : `Payload ${round(payloadKg, 2)} kg is over the drone's limit of ${spec.maxPayloadKg} kg`,
    payloadKg <= spec.maxPayloadKg ? `Khối lượng hàng ${vn(payloadKg, 2)} kg trong giới hạn ${vn(spec.maxPayloadKg)} kg` : `Khối lượng hàng ${vn(payloadKg, 2)} kg vượt giới hạn ${vn(spec.maxPayloadKg)} kg của thiết bị bay`);

  const route = planRoute(input.from, input.to, zones);
  const straightKm = route.straightM / 1000;
  if (route.ok) {
    add('route', true, route.avoided.length ? `Route bends around ${route.avoided.length} no-fly zone(s)` : 'Straight route clear of no-fly zones',
      route.avoided.length ? `Đường bay vòng tránh ${route.avoided.length} vùng cấm bay` : 'Đường bay thẳng không qua vùng cấm bay');
  } else {
    const names = route.zoneIds.map((id) => zones.zones.find((z) => z.zone.id === id)?.zone.name ?? id).join(', ');
    const why = route.code === 'ORIGIN_IN_ZONE' ? ['The origin pad lies in a no-fly zone', 'Bãi cất cánh nằm trong vùng cấm bay']
      : route.code === 'DESTINATION_IN_ZONE' ? ['The destination pad lies in a no-fly zone', 'Bãi hạ cánh nằm trong vùng cấm bay']
      : ['No route around the no-fly zones', 'Không có đường bay tránh được các vùng cấm bay'];
    add('route', false, `${why[0]}: ${names}`, `${why[1]}: ${names}`);
  }

  const path: Array<[number, number]> = route.ok ? route.path : [[input.from[0], input.from[1]], [input.to[0], input.to[1]]];
  const back = [...path].reverse();
  const out = estimatePath(path, spec, payloadKg, weather.wind, L.detourFactor);
  const ret = estimatePath(back, spec, 0, weather.wind, L.detourFactor);
  const flightKm = out.distanceM / 1000;

  const roundTripM = out.distanceM + ret.distanceM;
  add('range', roundTripM <= spec.rangeM,
    roundTripM <= spec.rangeM ? `Round trip ${round(roundTripM / 1000)} km within range ${round(spec.rangeM / 1000)} km` : `Round trip ${round(roundTripM / 1000)} km is beyond the drone's range of ${round(spec.rangeM / 1000)} km`,
    roundTripM <= spec.rangeM ? `Khứ hồi ${vn(roundTripM / 1000)} km trong tầm bay ${vn(spec.rangeM / 1000)} km` : `Khứ hồi ${vn(roundTripM / 1000)} km vượt tầm bay ${vn(spec.rangeM / 1000)} km`);

  const available = (spec.batteryWh * Math.max(0, Math.min(100, input.batteryPct))) / 100;
  const reserve = spec.batteryWh * L.reserveFraction;
  const need = out.energyWh + ret.energyWh;
  const batteryOk = out.feasible && ret.feasible && need + reserve <= available;
  add('battery', batteryOk,
    batteryOk ? `Battery ${round(available)} Wh covers the round trip (${round(need)} Wh) with ${Math.round(L.reserveFraction * 100)} % reserve`
      : !out.feasible || !ret.feasible ? 'The drone cannot make headway against the wind on some leg'
      : `Battery ${round(available)} Wh does not cover the round trip (${round(need)} Wh) plus the ${Math.round(L.reserveFraction * 100)} % reserve (${round(reserve)} Wh)`,
    batteryOk ? `Pin ${vn(available)} Wh đủ cho chuyến khứ hồi (${vn(need)} Wh) và dự trữ ${Math.round(L.reserveFraction * 100)} %`
      : !out.feasible || !ret.feasible ? 'Thiết bị bay không thể tiến lên khi ngược gió ở một chặng'
      : `Pin ${vn(available)} Wh không đủ cho chuyến khứ hồi (${vn(need)} Wh) cộng dự trữ ${Math.round(L.reserveFraction * 100)} % (${vn(reserve)} Wh)`);

  const windOk = weather.wind.speedMps <= spec.maxWindMps;
  add('wind', windOk, windOk ? `Wind ${round(weather.wind.speedMps)} m/s within ${spec.maxWindMps} m/s` : `Wind ${round(weather.wind.speedMps)} m/s is over the drone's limit of ${spec.maxWindMps} m/s`,
    windOk ? `Gió ${vn(weather.wind.speedMps)} m/s trong giới hạn ${vn(spec.maxWindMps)} m/s` : `Gió ${vn(weather.wind.speedMps)} m/s vượt giới hạn ${vn(spec.maxWindMps)} m/s của thiết bị bay`);
  const rainOk = weather.rainMmPerH <= spec.maxRainMmPerH;
  add('rain', rainOk, rainOk ? `Rain ${round(weather.rainMmPerH)} mm/h within ${spec.maxRainMmPerH} mm/h` : `Rain ${round(weather.rainMmPerH)} mm/h is over the drone's limit of ${spec.maxRainMmPerH} mm/h`,
    rainOk ? `Mưa ${vn(weather.rainMmPerH)} mm/h trong giới hạn ${vn(spec.maxRainMmPerH)} mm/h` : `Mưa ${vn(weather.rainMmPerH)} mm/h vượt giới hạn ${vn(spec.maxRainMmPerH)} mm/h của thiết bị bay`);

  if (L.daylight) {
    const depart = Date.parse(input.departAt);
    const arrive = depart + out.timeS * 1000;
    const localHour = (t: number) => ((((t / 60_000 + L.utcOffsetMinutes) / 60) % 24) + 24) % 24;
    const inside = (h: number) => h >= L.daylight!.startHour && h <= L.daylight!.endHour;
    const ok = Number.isFinite(depart) && inside(localHour(depart)) && inside(localHour(arrive));
    const win = `${String(L.daylight.startHour).padStart(2, '0')}:00–${String(L.daylight.endHour).padStart(2, '0')}:00`;
    add('daylight', ok, ok ? `Departure and arrival within the flying hours ${win}` : `Departure or arrival outside the flying hours ${win}`,
      ok ? `Cất và hạ cánh trong khung giờ bay ${win}` : `Giờ cất hoặc hạ cánh ngoài khung giờ bay ${win}`);
  }
  const altOk = L.cruiseAltitudeM <= MAX_ALTITUDE_AGL_M;
  add('altitude', altOk, altOk ? `Cruise altitude ${L.cruiseAltitudeM} m within ${MAX_ALTITUDE_AGL_M} m above ground` : `Cruise altitude ${L.cruiseAltitudeM} m is above ${MAX_ALTITUDE_AGL_M} m (restricted airspace)`,
    altOk ? `Độ cao bay ${L.cruiseAltitudeM} m trong giới hạn ${MAX_ALTITUDE_AGL_M} m` : `Độ cao bay ${L.cruiseAltitudeM} m vượt ${MAX_ALTITUDE_AGL_M} m (vùng hạn chế bay)`);

  const roadKm = straightKm * L.roadCircuity;
  const roadMin = (roadKm / L.roadSpeedKmh) * 60;
  const etaMinutes = out.feasible ? out.timeS / 60 : null;
  return {
    ok: checks.every((c) => c.ok),
    checks,
    route,
    path,
    straightKm: round(straightKm, 2),
    flightKm: round(flightKm, 2),
    etaMinutes: etaMinutes === null ? null : round(etaMinutes),
    returnMinutes: ret.feasible ? round(ret.timeS / 60) : null,
    energyWh: { outbound: round(out.energyWh), back: round(ret.energyWh), available: round(available), reserve: round(reserve) },
    road: { km: round(roadKm, 2), etaMinutes: round(roadMin) },
    savedMinutes: etaMinutes === null ? null : round(roadMin - etaMinutes),
    weightClass: weightClass(spec.emptyMassKg + payloadKg),
  };
}
