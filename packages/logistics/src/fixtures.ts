import type { DroneSpec } from './energy.ts';
import type { Kilograms, Metres, MetresPerSecond, WattHours, Watts } from './units.ts';

/** A medium delivery multirotor (figures of the order of published hexacopter specs; illustrative). */
export const DEMO_SPEC: DroneSpec = {
  maxPayloadKg: 3 as Kilograms, emptyMassKg: 9 as Kilograms, batteryWh: 800 as WattHours, cruisePowerW: 1200 as Watts,
  cruiseSpeedMps: 15 as MetresPerSecond, rangeM: 40_000 as Metres, maxWindMps: 10 as MetresPerSecond, maxRainMmPerH: 2,
};
