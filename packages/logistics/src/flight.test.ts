import { describe, expect, it } from 'vitest';
import { checkCustodyEvent } from './custody.ts';
import { simulateAt } from './simulate.ts';
import { cruisePower, estimatePath, groundSpeed } from './energy.ts';
import { DEMO_SPEC } from './fixtures.ts';
import { distanceToRoute, greatCircleDistance, initialBearing, pointAlong } from './geo.ts';
import { planFlight, weightClass } from './preflight.ts';
import { assessTelemetry, inOrder, parseTelemetry } from './telemetry.ts';
import { type NoFlyZone, checkPolygon, prepareZones } from './zones.ts';

const NO_ZONES = prepareZones([]);
const HOSPITAL = [105.8442, 21.5928] as const; // fictional pad near Thái Nguyên city centre
const STATION = [105.7650, 21.5560] as const;
const calm = { wind: { fromDeg: 0, speedMps: 0 }, rainMmPerH: 0 };
const base = { from: STATION, to: HOSPITAL, spec: DEMO_SPEC, batteryPct: 100, droneAvailable: true, payloadKg: 0.5, weather: calm, departAt: '2026-11-02T02:00:00Z' };

describe('geodesy', () => {
  it('one degree of longitude on the equator is 2πR/360 = 111.195 km', () => {
    expect(greatCircleDistance([0, 0], [1, 0])).toBeCloseTo(111_195.08, 1);
    expect(greatCircleDistance([105, 21], [105, 22])).toBeCloseTo(111_195.08, 1); // meridian, sphere
  });
  it('bearings: due east on the equator is 90°, due north 0°', () => {
    expect(initialBearing([0, 0], [1, 0])).toBeCloseTo(90, 6);
    expect(initialBearing([105, 21], [105, 22])).toBeCloseTo(0, 6);
  });
  it('cross-track distance from a route and a point along it', () => {
    const route = [[105, 21], [105.1, 21]] as const;
    const p = pointAlong(route, 5000);
    expect(greatCircleDistance([105, 21], p)).toBeCloseTo(5000, -1);
    const off = distanceToRoute([105.05, 21.001], route);
    expect(off.offRouteM).toBeCloseTo(111.2, 0);
  });
});

describe('energy', () => {
  it('wind triangle: 15 m/s into a 5 m/s headwind makes 10 m/s; a 9 m/s crosswind makes 12 m/s', () => {
    expect(groundSpeed(15, 0, { fromDeg: 0, speedMps: 5 })).toBeCloseTo(10, 9);
    expect(groundSpeed(15, 0, { fromDeg: 180, speedMps: 5 })).toBeCloseTo(20, 9);
    expect(groundSpeed(15, 0, { fromDeg: 90, speedMps: 9 })).toBeCloseTo(12, 9);
    expect(groundSpeed(15, 0, { fromDeg: 0, speedMps: 16 })).toBe(0);
  });
  it('power grows as mass^1.5: a payload equal to the empty mass needs 2^1.5 ≈ 2.83 times the power', () => {
    expect(cruisePower(DEMO_SPEC, 9) / cruisePower(DEMO_SPEC, 0)).toBeCloseTo(2 ** 1.5, 9);
  });
  it('headwind costs time and energy', () => {
    const path = [[105, 21], [105, 21.1]] as const; // northbound 11.1 km
    const still = estimatePath(path, DEMO_SPEC, 1, { fromDeg: 0, speedMps: 0 });
    const head = estimatePath(path, DEMO_SPEC, 1, { fromDeg: 0, speedMps: 5 });
    expect(still.timeS).toBeCloseTo(11_119.5 / 15 + 60, 0);
    expect(head.timeS).toBeCloseTo(11_119.5 / 10 + 60, 0);
    expect(head.energyWh).toBeGreaterThan(still.energyWh);
  });
});

describe('planFlight', () => {
  it('a short sample flight passes every check with an ETA well under the road ETA', () => {
    const p = planFlight(base, NO_ZONES);
    expect(p.checks.filter((c) => !c.ok)).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.straightKm).toBe(9.16); // haversine, computed independently in Python
    // 9.155 km × 1.1 detour / 15 m/s = 11.19 min + 1 min vertical = 12.19 min.
    expect(p.etaMinutes).toBeCloseTo(12.2, 1);
    expect(p.road.km).toBeCloseTo(12.82, 1);
    expect(p.road.etaMinutes).toBeCloseTo(25.6, 1);
    expect(p.savedMinutes!).toBeGreaterThan(10);
    expect(p.weightClass).toBe(3);
  });
  it('refuses a payload over the limit, saying so in both languages', () => {
    const p = planFlight({ ...base, payloadKg: 4.2 }, NO_ZONES);
    expect(p.ok).toBe(false);
    const c = p.checks.find((x) => x.code === 'payload')!;
    expect(c).toMatchObject({ ok: false, message: "Payload 4.2 kg is over the drone's limit of 3 kg", messageVi: 'Khối lượng hàng 4,2 kg vượt giới hạn 3 kg của thiết bị bay' });
  });
  it('refuses a trip beyond range, and one the battery cannot cover with the reserve', () => {
    const far = planFlight({ ...base, to: [106.0, 21.7] }, NO_ZONES); // 29.1 km: ~64 km round trip > 40 km
    expect(far.checks.find((c) => c.code === 'range')!.ok).toBe(false);
    const low = planFlight({ ...base, batteryPct: 40 }, NO_ZONES);
    expect(low.checks.find((c) => c.code === 'battery')).toMatchObject({ ok: false });
    expect(low.energyWh!.available).toBe(320);
  });
  it('wind and rain over the drone limits block; the daylight window applies when configured', () => {
    const wet = planFlight({ ...base, weather: { wind: { fromDeg: 0, speedMps: 10.5 }, rainMmPerH: 5 } }, NO_ZONES);
    // By hand: track 62°, head 4.9 m/s, cross 9.3 m/s → 6.9 m/s out (1519 s × 1301 W = 549 Wh) and
    // 16.7 m/s back (663 s × 1200 W = 221 Wh): 770 Wh > 800 − 200 Wh reserve, so the battery fails too.
    expect(wet.checks.filter((c) => !c.ok).map((c) => c.code).sort()).toEqual(['battery', 'rain', 'wind']);
    expect(wet.energyWh!.outbound + wet.energyWh!.back).toBeCloseTo(770, -1);
    // 02:00Z is 09:00 in Vietnam; 13:00Z is 20:00.
    expect(planFlight({ ...base, limits: { daylight: { startHour: 6, endHour: 18 } } }, NO_ZONES).checks.find((c) => c.code === 'daylight')!.ok).toBe(true);
    expect(planFlight({ ...base, departAt: '2026-11-02T13:00:00Z', limits: { daylight: { startHour: 6, endHour: 18 } } }, NO_ZONES).checks.find((c) => c.code === 'daylight')!.ok).toBe(false);
  });
  it('a destination pad inside a no-fly zone blocks with the zone named', () => {
    const zone: NoFlyZone = { id: 'z1', name: 'Khu quân sự X', kind: 'defence', coordinates: [[[105.84, 21.59], [105.85, 21.59], [105.85, 21.60], [105.84, 21.60], [105.84, 21.59]]] };
    const p = planFlight(base, prepareZones([zone]));
    expect(p.checks.find((c) => c.code === 'route')).toMatchObject({ ok: false, message: 'The destination pad lies in a no-fly zone: Khu quân sự X' });
  });
  it('weight classes of Decree 288/2025 Art. 4', () => {
    expect([0.2, 0.25, 1.99, 2, 24.9, 25, 149, 150].map(weightClass)).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
  });
});

describe('polygons', () => {
  it('rejects open rings, bad coordinates and empty shapes', () => {
    expect(checkPolygon([[[0, 0], [1, 0], [1, 1], [0, 0]]])).toBeNull();
    expect(checkPolygon([[[0, 0], [1, 0], [1, 1], [0, 1]]])?.message).toMatch(/end where it starts/);
    expect(checkPolygon([[[0, 0], [200, 0], [1, 1], [0, 0]]])?.code).toBe('INVALID_POLYGON');
    expect(checkPolygon([[[0, 0], [1, 1], [2, 2], [0, 0]]])?.message).toMatch(/no area/);
    expect(checkPolygon('x')).not.toBeNull();
  });
});

describe('telemetry', () => {
  const ok = { droneId: 'D-01', at: '2026-11-02T02:00:00Z', lat: 21.56, lon: 105.77, altM: 90, speedMps: 14, batteryPct: 80, payloadTempC: 6 };
  it('validates shape, coordinates and timestamps', () => {
    expect(parseTelemetry(ok).ok).toBe(true);
    expect(parseTelemetry('x')).toEqual({ ok: false, problem: 'not_object' });
    expect(parseTelemetry({ ...ok, lat: 95 })).toEqual({ ok: false, problem: 'coordinates' });
    expect(parseTelemetry({ ...ok, lon: Number.NaN })).toEqual({ ok: false, problem: 'coordinates' });
    expect(parseTelemetry({ ...ok, at: 'yesterday' })).toEqual({ ok: false, problem: 'timestamp' });
    expect(parseTelemetry({ ...ok, batteryPct: 120 })).toEqual({ ok: false, problem: 'values' });
    expect(parseTelemetry({ ...ok, droneId: '../x' })).toEqual({ ok: false, problem: 'drone_id' });
  });
  it('orders readings: strictly after the last, not from the future', () => {
    expect(inOrder('2026-11-02T02:00:01Z', '2026-11-02T02:00:00Z', '2026-11-02T02:00:02Z')).toBe(true);
    expect(inOrder('2026-11-02T02:00:00Z', '2026-11-02T02:00:00Z', '2026-11-02T02:00:02Z')).toBe(false);
    expect(inOrder('2026-11-02T03:00:00Z', null, '2026-11-02T02:00:02Z')).toBe(false);
  });
  it('raises corridor, temperature and battery alerts, and none on the route with a full battery', () => {
    const ctx = { route: [STATION, HOSPITAL], corridorHalfWidthM: 150, zones: NO_ZONES, spec: DEMO_SPEC, payloadKg: 0.5, tempMinC: 2, tempMaxC: 8, lowBatteryPct: 25 };
    const on = pointAlong(ctx.route, 3000);
    const t = { ...ok, lon: on[0], lat: on[1] };
    expect(assessTelemetry(t, ctx)).toEqual([]);
    const off = assessTelemetry({ ...t, lat: t.lat + 0.003 }, ctx); // ~330 m north
    expect(off.map((a) => a.kind)).toEqual(['corridor']);
    expect(assessTelemetry({ ...t, payloadTempC: 11.5 }, ctx)[0]).toMatchObject({ kind: 'temperature', messageVi: 'Nhiệt độ hàng 11,5 °C, ngoài khoảng 2–8 °C' });
    expect(assessTelemetry({ ...t, batteryPct: 20 }, ctx).map((a) => a.kind)).toEqual(['battery']);
    // 6 % of 800 Wh (48 Wh) is less than the ~6 km left at ~1.3 kW: cannot reach.
    expect(assessTelemetry({ ...t, batteryPct: 26 }, { ...ctx, lowBatteryPct: 5 })).toEqual([]);
    expect(assessTelemetry({ ...t, batteryPct: 6 }, { ...ctx, lowBatteryPct: 5 })[0]!.message).toMatch(/cannot reach the destination/);
  });
});

describe('custody', () => {
  const box = { code: 'BOX-1', tempMinC: 2, tempMaxC: 8 };
  const ev = (step: 'packed' | 'loaded' | 'launched' | 'landed' | 'received', at: string, over: object = {}) => ({ step, scannedCode: 'BOX-1', at, tempC: 5, ...over });
  it('accepts the steps in order with no break', () => {
    const packed = ev('packed', '2026-11-02T02:00:00Z');
    expect(checkCustodyEvent([], packed, box)).toEqual({ ok: true, breaks: [], missing: [] });
    expect(checkCustodyEvent([packed], ev('loaded', '2026-11-02T02:01:00Z'), box)).toEqual({ ok: true, breaks: [], missing: [] });
  });
  it('refuses going back or repeating a step', () => {
    const done = [ev('packed', '2026-11-02T02:00:00Z'), ev('loaded', '2026-11-02T02:01:00Z')];
    expect(checkCustodyEvent(done, ev('packed', '2026-11-02T02:02:00Z'), box)).toMatchObject({ ok: false, code: 'STEP_ORDER' });
    expect(checkCustodyEvent(done, ev('loaded', '2026-11-02T02:02:00Z'), box)).toMatchObject({ ok: false });
  });
  it('flags a skipped step, another box code, a clock going back and a temperature excursion', () => {
    const done = [ev('packed', '2026-11-02T02:00:00Z')];
    expect(checkCustodyEvent(done, ev('launched', '2026-11-02T01:59:00Z', { scannedCode: 'BOX-2', tempC: 9.1 }), box))
      .toEqual({ ok: true, breaks: ['missing_step', 'code_mismatch', 'time_order', 'temperature'], missing: ['loaded'] });
  });
});

describe('simulator', () => {
  const f = { path: [STATION, HOSPITAL] as const, spec: DEMO_SPEC, payloadKg: 0.5, startBatteryPct: 90, startTempC: 5 };
  it('flies the route at cruise speed and lands at the end', () => {
    const mid = simulateAt(f, 300); // 4.5 km of 9.155 km
    expect(greatCircleDistance(STATION, [mid.lon, mid.lat])).toBeCloseTo(4500, -1);
    expect(mid.done).toBe(false);
    const end = simulateAt(f, 2000);
    expect(end).toMatchObject({ done: true, speedMps: 0, altM: 0 });
    expect(greatCircleDistance(HOSPITAL, [end.lon, end.lat])).toBeLessThan(1);
    // 1301 W for 300 s = 108.4 Wh of 800 Wh = 13.6 % used.
    expect(mid.batteryPct).toBeCloseTo(90 - 13.6, 0);
  });
  it('each fault raises its alert on the way', () => {
    const zone: NoFlyZone = { id: 'k', name: 'K', kind: 'defence', coordinates: [[[105.80, 21.60], [105.81, 21.60], [105.81, 21.61], [105.80, 21.61], [105.80, 21.60]]] };
    const zones = prepareZones([zone]);
    const ctx = { route: f.path, corridorHalfWidthM: 150, zones, spec: DEMO_SPEC, payloadKg: 0.5, tempMinC: 2, tempMaxC: 8, lowBatteryPct: 25 };
    const kindsOver = (fault: 'battery' | 'corridor' | 'geofence' | 'temperature') => {
      const seen = new Set<string>();
      for (let s = 0; s < 700; s += 5) {
        const x = simulateAt({ ...f, fault, faultTarget: [105.805, 21.605] }, s);
        for (const a of assessTelemetry({ droneId: 'D', at: '2026-11-02T02:00:00Z', lat: x.lat, lon: x.lon, altM: x.altM, speedMps: x.speedMps, batteryPct: x.batteryPct, payloadTempC: x.payloadTempC }, ctx)) seen.add(a.kind);
      }
      return [...seen].sort();
    };
    expect(kindsOver('battery')).toContain('battery');
    expect(kindsOver('corridor')).toEqual(['corridor']);
    expect(kindsOver('geofence')).toEqual(expect.arrayContaining(['corridor', 'geofence']));
    expect(kindsOver('temperature')).toEqual(['temperature']);
  });
});
