/**
 * A drone flying a planned route, for demos and tests: position, battery, payload temperature at
 * a given elapsed time, with optional faults (battery drain, corridor drift, geofence breach
 * towards a target, temperature excursion). Pure: the caller supplies the elapsed seconds.
 */
import { greatCircleDistance, type LonLat, pathLength, pointAlong } from './geo.ts';
import { cruisePower, type DroneSpec } from './energy.ts';

export const SIM_FAULTS = ['battery', 'corridor', 'geofence', 'temperature'] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

export interface SimFlight {
  path: readonly LonLat[];
  spec: DroneSpec;
  payloadKg: number;
  startBatteryPct: number;
  startTempC: number;
  cruiseAltitudeM?: number;
  fault?: SimFault | null;
  /** Where a geofence fault steers (e.g. a no-fly zone's centre). */
  faultTarget?: LonLat;
}

export interface SimSample { lon: number; lat: number; altM: number; speedMps: number; batteryPct: number; payloadTempC: number; done: boolean }

/** The fault starts when this share of the route is flown. */
const FAULT_AT = 0.3;

export function simulateAt(f: SimFlight, elapsedS: number): SimSample {
  const total = pathLength(f.path);
  const v = f.spec.cruiseSpeedMps;
  const flown = Math.min(total, v * Math.max(0, elapsedS));
  const done = flown >= total;
  let [lon, lat] = pointAlong(f.path, flown);
  const faultS = (FAULT_AT * total) / v;
  const since = Math.max(0, elapsedS - faultS);
  if (f.fault === 'corridor' && since > 0 && !done) {
    // Drift sideways (north) up to 600 m.
    lat += Math.min(600, since * 5) / 111_195;
  }
  if (f.fault === 'geofence' && since > 0 && f.faultTarget) {
    // Leave the route for the target at cruise speed and loiter there.
    const start = pointAlong(f.path, FAULT_AT * total);
    const d = greatCircleDistance(start, f.faultTarget);
    const k = d === 0 ? 1 : Math.min(1, (since * v) / d);
    lon = start[0] + (f.faultTarget[0] - start[0]) * k;
    lat = start[1] + (f.faultTarget[1] - start[1]) * k;
  }
  const usedWh = (cruisePower(f.spec, f.payloadKg) * Math.max(0, elapsedS)) / 3600;
  let batteryPct = f.startBatteryPct - (usedWh / f.spec.batteryWh) * 100;
  if (f.fault === 'battery') batteryPct -= since * 0.5; // a failing cell: 0.5 %/s extra
  let payloadTempC = f.startTempC;
  if (f.fault === 'temperature') payloadTempC += since * 0.08; // the cold pack gives out
  return { lon, lat, altM: done ? 0 : f.cruiseAltitudeM ?? 100, speedMps: done ? 0 : v, batteryPct: Math.max(0, Math.round(batteryPct * 10) / 10), payloadTempC: Math.round(payloadTempC * 10) / 10, done };
}
