/**
 * Drone simulator: flies planned routes and publishes MQTT telemetry, as a drone would, on
 * `yte/<facility code>/drone/<drone id>/telemetry` (docs/drones.md).
 *
 *   npm run --silent drone-sim -- --server http://127.0.0.1:3000 [--user dd.hoa --password yte-demo]
 *        [--flight ID] [--fault battery|corridor|geofence|temperature] [--hz 5] [--speedup 10]
 *        [--mqtt mqtt://127.0.0.1:1883]
 *     logs in, takes every flight in the air (or the one named) and flies it from its last position.
 *   npm run --silent drone-sim -- --route "105.765,21.556;105.8442,21.5928" --drone D-HC02 --facility BVDK-TN [...]
 *     flies a route given on the command line (no server).
 *
 * Prints one line per flight when it lands. Exit 0 done, 2 usage/configuration error.
 */
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { type DroneSpec, distanceToRoute, type LonLat, SIM_FAULTS, type SimFault, simulateAt } from '@yte/logistics';

const USAGE = 'usage: npm run --silent drone-sim -- (--server URL [--user U --password P] [--flight ID] | --route "lon,lat;lon,lat" --drone ID --facility CODE) [--fault battery|corridor|geofence|temperature] [--hz 5] [--speedup 10] [--mqtt URL] [--max-seconds N]';

interface Job { droneId: string; facilityCode: string; path: LonLat[]; spec: DroneSpec; payloadKg: number; battery: number; tempC: number; startS: number; target?: LonLat }

const DEFAULT_SPEC = { maxPayloadKg: 3, emptyMassKg: 10, batteryWh: 1600, cruisePowerW: 1300, cruiseSpeedMps: 15, rangeM: 40_000, maxWindMps: 10, maxRainMmPerH: 2 } as DroneSpec;

async function fromServer(server: string, user: string, password: string, flightId: string | undefined): Promise<Job[]> {
  const login = await fetch(`${server}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const get = async <T>(p: string) => {
    const r = await fetch(`${server}${p}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    return (await r.json()) as T;
  };
  const board = await get<{ flights: Array<{ id: string; state: string; droneId: string | null; weightKg: number; plan: { path: LonLat[] } | null; last: { lat: number; lon: number; batteryPct: number; tempC: number | null } | null }>; fleet: Array<{ id: string; facilityId: string; maxPayloadKg: number; emptyMassKg: number; batteryWh: number; cruisePowerW: number; cruiseSpeedMps: number; rangeKm: number; maxWindMps: number; maxRainMmPerH: number; batteryPct: number }> }>('/api/drone-flights');
  const pads = await get<Array<{ facilityId: string; facilityCode: string }>>('/api/drone-pads');
  const zones = await get<Array<{ geometry: { coordinates: number[][][] } }>>('/api/no-fly-zones');
  const codeOf = new Map(pads.map((p) => [p.facilityId, p.facilityCode]));
  const jobs: Job[] = [];
  for (const f of board.flights) {
    if (flightId ? f.id !== flightId : f.state !== 'in_flight') continue;
    if (!f.plan || !f.droneId) continue;
    const d = board.fleet.find((x) => x.id === f.droneId);
    if (!d) { console.error(`drone-sim: drone ${f.droneId} is not in ${user}'s fleet; skipped`); continue; }
    const spec = { maxPayloadKg: d.maxPayloadKg, emptyMassKg: d.emptyMassKg, batteryWh: d.batteryWh, cruisePowerW: d.cruisePowerW, cruiseSpeedMps: d.cruiseSpeedMps, rangeM: d.rangeKm * 1000, maxWindMps: d.maxWindMps, maxRainMmPerH: d.maxRainMmPerH } as DroneSpec;
    const startS = f.last ? distanceToRoute([f.last.lon, f.last.lat], f.plan.path).alongM / spec.cruiseSpeedMps : 0;
    // A geofence fault steers to the no-fly zone nearest the route's middle.
    const mid = f.plan.path[Math.floor(f.plan.path.length / 2)]!;
    const centres = zones.map((z) => { const r = z.geometry.coordinates[0]!; return [r.reduce((s, p) => s + p[0]!, 0) / r.length, r.reduce((s, p) => s + p[1]!, 0) / r.length] as LonLat; });
    centres.sort((a, b) => Math.hypot(a[0] - mid[0], a[1] - mid[1]) - Math.hypot(b[0] - mid[0], b[1] - mid[1]));
    jobs.push({ droneId: f.droneId, facilityCode: codeOf.get(d.facilityId)!, path: f.plan.path, spec, payloadKg: f.weightKg, battery: f.last?.batteryPct ?? d.batteryPct, tempC: f.last?.tempC ?? 5, startS, ...(centres[0] ? { target: centres[0] } : {}) });
  }
  return jobs;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, options: {
      server: { type: 'string' }, user: { type: 'string', default: 'dd.hoa' }, password: { type: 'string', default: 'yte-demo' }, flight: { type: 'string' },
      route: { type: 'string' }, drone: { type: 'string' }, facility: { type: 'string' }, fault: { type: 'string' }, hz: { type: 'string', default: '5' },
      speedup: { type: 'string', default: '10' }, mqtt: { type: 'string', default: process.env.YTE_MQTT_URL || 'mqtt://127.0.0.1:1883' }, 'max-seconds': { type: 'string' },
      battery: { type: 'string', default: '95' }, temp: { type: 'string', default: '5' }, payload: { type: 'string', default: '0.5' },
    } }).values;
  } catch (e) {
    console.error((e as Error).message);
    console.error(USAGE);
    return 2;
  }
  const fault = a.fault as SimFault | undefined;
  if (fault && !SIM_FAULTS.includes(fault)) { console.error(`drone-sim: unknown fault ${fault}`); return 2; }
  const hz = Number(a.hz);
  const speedup = Number(a.speedup);
  if (!(hz > 0 && hz <= 50) || !(speedup > 0 && speedup <= 1000)) { console.error('drone-sim: --hz in (0, 50], --speedup in (0, 1000]'); return 2; }
  let jobs: Job[];
  if (a.route) {
    const path = a.route.split(';').map((p) => p.split(',').map(Number) as unknown as LonLat);
    if (path.length < 2 || path.some((p) => p.length !== 2 || p.some((v) => !Number.isFinite(v))) || !a.drone || !a.facility) { console.error(USAGE); return 2; }
    jobs = [{ droneId: a.drone, facilityCode: a.facility, path, spec: DEFAULT_SPEC, payloadKg: Number(a.payload), battery: Number(a.battery), tempC: Number(a.temp), startS: 0, target: path[Math.floor(path.length / 2)]! }];
  } else if (a.server) {
    try {
      jobs = await fromServer(a.server.replace(/\/$/, ''), a.user!, a.password!, a.flight);
    } catch (e) {
      console.error(`drone-sim: ${(e as Error).message}`);
      return 2;
    }
  } else {
    console.error(USAGE);
    return 2;
  }
  if (!jobs.length) { console.error('drone-sim: no flight in the air to fly'); return 0; }
  const client = await mqtt.connectAsync(a.mqtt!, { clientId: `yte-drone-sim-${process.pid}`, connectTimeout: 5000 });
  const t0 = Date.now();
  const maxMs = a['max-seconds'] ? Number(a['max-seconds']) * 1000 : Infinity;
  const left = new Set(jobs.map((_, i) => i));
  await new Promise<void>((resolve) => {
    const tick = () => {
      const realS = (Date.now() - t0) / 1000;
      for (const i of [...left]) {
        const j = jobs[i]!;
        const s = simulateAt({ path: j.path, spec: j.spec, payloadKg: j.payloadKg, startBatteryPct: j.battery, startTempC: j.tempC, fault: fault ?? null, ...(j.target ? { faultTarget: j.target } : {}) }, j.startS + realS * speedup);
        const msg = { droneId: j.droneId, at: new Date().toISOString(), lat: s.lat, lon: s.lon, altM: s.altM, speedMps: s.speedMps, batteryPct: s.batteryPct, payloadTempC: s.payloadTempC };
        client.publish(`yte/${j.facilityCode}/drone/${j.droneId}/telemetry`, JSON.stringify(msg), { qos: 0 });
        if (s.done) {
          left.delete(i);
          console.log(`${j.droneId} landed after ${Math.round(j.startS + realS * speedup)} s flight time; battery ${s.batteryPct} %, payload ${s.payloadTempC} °C`);
        }
      }
      if (!left.size || Date.now() - t0 > maxMs) return resolve();
      setTimeout(tick, 1000 / hz);
    };
    tick();
  });
  await client.endAsync();
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
