/**
 * Flight time and battery energy of a multirotor delivery drone.
 *
 * Power: in cruise a multirotor's electrical power grows with its total mass as m^(3/2) (momentum
 * theory: induced power P = T^(3/2) / sqrt(2ρA), with thrust T ≈ weight; Leishman, "Principles of
 * Helicopter Aerodynamics", 2nd ed., Cambridge University Press 2006, ch. 2). The drone-delivery
 * energy model of Dorling, Heinrichs, Messier & Magierowski, "Vehicle Routing Problems for Drone
 * Delivery", IEEE Trans. Systems, Man, and Cybernetics: Systems 47(1), 2017, eq. (4), uses the same
 * law. Here it is scaled from the drone's measured cruise power with no payload:
 *   P(payload) = P0 · ((m0 + payload) / m0)^1.5
 * Time: ground speed from the wind triangle along each leg (crosswind needs a crab angle, headwind
 * slows), plus a fixed allowance for climb and descent at each end (hover power).
 */
import { greatCircleDistance, initialBearing, type LonLat } from './geo.ts';
import { type Kilograms, type Metres, type MetresPerSecond, type Seconds, s, type Watts, type WattHours, wh } from './units.ts';

export interface DroneSpec {
  maxPayloadKg: Kilograms;
  /** Take-off mass without payload (frame, battery). */
  emptyMassKg: Kilograms;
  batteryWh: WattHours;
  /** Electrical power in level cruise with no payload, still air. */
  cruisePowerW: Watts;
  cruiseSpeedMps: MetresPerSecond;
  /** The maker's range with no payload in still air (a second limit beside the energy model). */
  rangeM: Metres;
  maxWindMps: MetresPerSecond;
  maxRainMmPerH: number;
}

export interface Wind {
  /** Meteorological direction the wind blows FROM, degrees true. */
  fromDeg: number;
  speedMps: number;
}

/** Climb + descent allowance at each end of a leg, seconds (engineering default). */
export const VERTICAL_SECONDS = 60;

export function cruisePower(spec: DroneSpec, payloadKg: number): Watts {
  return (spec.cruisePowerW * ((spec.emptyMassKg + payloadKg) / spec.emptyMassKg) ** 1.5) as Watts;
}

/** Ground speed on a track (bearing) with wind; 0 when the drone cannot make headway. */
export function groundSpeed(airspeed: number, trackDeg: number, wind: Wind): MetresPerSecond {
  const rel = ((wind.fromDeg - trackDeg) * Math.PI) / 180;
  const head = wind.speedMps * Math.cos(rel); // + headwind, − tailwind
  const cross = wind.speedMps * Math.sin(rel);
  if (Math.abs(cross) >= airspeed) return 0 as MetresPerSecond;
  const gs = Math.sqrt(airspeed * airspeed - cross * cross) - head;
  return Math.max(0, gs) as MetresPerSecond;
}

export interface LegEstimate {
  distanceM: Metres;
  timeS: Seconds;
  energyWh: WattHours;
  /** False when the wind stops the drone on some leg. */
  feasible: boolean;
}

/**
 * Time and energy along a path with a payload. `detourFactor` (≥ 1) stretches the distance for the
 * turns and holds a real flight makes beyond the planned legs.
 */
export function estimatePath(path: readonly LonLat[], spec: DroneSpec, payloadKg: number, wind: Wind, detourFactor = 1): LegEstimate {
  const power = cruisePower(spec, payloadKg);
  let time = 0;
  let dist = 0;
  let feasible = true;
  for (let i = 1; i < path.length; i++) {
    const d = greatCircleDistance(path[i - 1]!, path[i]!) * detourFactor;
    if (d === 0) continue;
    const gs = groundSpeed(spec.cruiseSpeedMps, initialBearing(path[i - 1]!, path[i]!), wind);
    if (gs <= 0.5) { feasible = false; continue; }
    time += d / gs;
    dist += d;
  }
  time += VERTICAL_SECONDS;
  return { distanceM: dist as Metres, timeS: s(time), energyWh: wh((power * time) / 3600), feasible };
}
