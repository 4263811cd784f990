/**
 * Demo drone transport: a pad at each demo facility (plausible positions around Thái Nguyên city;
 * the facilities are fictional), three drones at the hospital, three FICTIONAL no-fly zones (not
 * real sites), and flights in each state: one in the air, one approved, one requested, one blocked
 * by its checks (over payload, offering the road) and one delivered with its custody chain.
 */
import { createHash } from 'node:crypto';
import { type DroneSpec, type NoFlyZone, planFlight, pointAlong, prepareZones } from '@yte/logistics';
import type { Queryable } from '../db.ts';
import { uuidv7 } from '../../lib/ids.ts';

export const DEMO_PADS: Record<string, { name: string; lat: number; lon: number }> = {
  'BVDK-TN': { name: 'Sân thượng khu A', lat: 21.5928, lon: 105.8442 },
  'TYT-TANCUONG': { name: 'Sân trạm', lat: 21.556, lon: 105.765 },
  'TYT-DAIPHUC': { name: 'Sân trạm', lat: 21.63, lon: 105.78 },
  'TYT-PHUBINH': { name: 'Sân trạm', lat: 21.489, lon: 105.97 },
};

const sq = (lon: number, lat: number, h: number) => [[[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]];
export const DEMO_ZONES: Array<Omit<NoFlyZone, 'id'> & { note: string }> = [
  { name: 'Khu quân sự giả định K1', kind: 'defence', coordinates: sq(105.907, 21.541, 0.006), note: 'Vùng giả định cho bản demo' },
  { name: 'Trụ sở cơ quan giả định', kind: 'government', coordinates: sq(105.83, 21.596, 0.002), note: 'Vùng giả định cho bản demo' },
  { name: 'Bãi đáp trực thăng giả định', kind: 'airport', coordinates: [[[105.70, 21.60], [105.73, 21.60], [105.73, 21.62], [105.70, 21.62], [105.70, 21.60]]], note: 'Vùng giả định cho bản demo' },
];

const SPEC = { model: 'Hexa M6 (demo)', max_payload_kg: 3, empty_mass_kg: 10, battery_wh: 1600, cruise_power_w: 1300, cruise_speed_mps: 15, range_km: 40, max_wind_mps: 10, max_rain_mm_h: 2 };
const spec: DroneSpec = { maxPayloadKg: 3, emptyMassKg: 10, batteryWh: 1600, cruisePowerW: 1300, cruiseSpeedMps: 15, rangeM: 40_000, maxWindMps: 10, maxRainMmPerH: 2 } as DroneSpec;

export async function seedDrones(q: Queryable, anchor: Date, facilityIds: Map<string, string>, users: Map<string, string>) {
  const t = (minutes: number) => new Date(anchor.getTime() + minutes * 60_000);
  const padIds = new Map<string, string>();
  for (const [code, p] of Object.entries(DEMO_PADS)) {
    const id = uuidv7(anchor.getTime());
    padIds.set(code, id);
    await q.query('INSERT INTO drone_pad (id, facility_id, name, lat, lon) VALUES ($1,$2,$3,$4,$5)', [id, facilityIds.get(code), p.name, p.lat, p.lon]);
  }
  const hospital = facilityIds.get('BVDK-TN')!;
  for (const [id, status, battery] of [['D-HC01', 'in_flight', 100], ['D-HC02', 'available', 96], ['D-HC03', 'maintenance', 40]] as const) {
    await q.query(
      `INSERT INTO drone (id, facility_id, model, max_payload_kg, empty_mass_kg, battery_wh, cruise_power_w, cruise_speed_mps, range_km, max_wind_mps, max_rain_mm_h, battery_pct, status, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [id, hospital, SPEC.model, SPEC.max_payload_kg, SPEC.empty_mass_kg, SPEC.battery_wh, SPEC.cruise_power_w, SPEC.cruise_speed_mps, SPEC.range_km, SPEC.max_wind_mps, SPEC.max_rain_mm_h, battery, status, t(-30 * 24 * 60)]);
  }
  const admin = users.get('ql.hung')!;
  const zones: NoFlyZone[] = [];
  for (const z of DEMO_ZONES) {
    const id = uuidv7(anchor.getTime());
    zones.push({ ...z, id });
    await q.query('INSERT INTO no_fly_zone (id, name, kind, coordinates, buffer_m, active, note, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,NULL,true,$5,$6,$7,$7)',
      [id, z.name, z.kind, JSON.stringify(z.coordinates), z.note, admin, t(-7 * 24 * 60)]);
  }
  const prepared = prepareZones(zones, 21.5);
  const patientAt = async (code: string) => (await q.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [facilityIds.get(code)]))[0]?.id ?? null;

  const weather = { windFromDeg: 45, windMps: 3, rainMmPerH: 0 };
  const planFor = (from: string, to: string, payloadKg: number, droneId: string, battery: number, departAt: Date) => {
    const a = DEMO_PADS[from]!;
    const b = DEMO_PADS[to]!;
    const p = planFlight({ from: [a.lon, a.lat], to: [b.lon, b.lat], spec, batteryPct: battery, droneAvailable: true, payloadKg, weather: { wind: { fromDeg: weather.windFromDeg, speedMps: weather.windMps }, rainMmPerH: 0 }, departAt: departAt.toISOString() }, prepared);
    const { route, ...rest } = p;
    return { ...rest, droneId, weather, departAt: departAt.toISOString(), avoidedZones: route.ok ? route.avoided : route.zoneIds };
  };

  let n = 0;
  const flight = async (f: {
    from: string; to: string; cargo: string; priority: string; contents: string; weightKg: number; temp?: [number, number]; patient?: string | null; state: string;
    droneId?: string; plan?: ReturnType<typeof planFor>; requestedBy: string; approvedBy?: string; times: { requested: number; approved?: number; launched?: number; landed?: number; delivered?: number };
    last?: { lat: number; lon: number; battery: number; temp: number | null; at: number };
  }) => {
    const id = uuidv7(t(f.times.requested).getTime());
    n++;
    await q.query(
      `INSERT INTO drone_flight (id, from_facility_id, to_facility_id, from_pad_id, to_pad_id, patient_id, cargo, priority, contents, weight_kg, temp_min_c, temp_max_c, box_code, state, drone_id, plan, plan_ok,
         planned_at, planned_by, approved_by, approved_at, launched_at, landed_at, delivered_at, requested_by, requested_at, updated_at, last_at, last_lat, last_lon, last_alt_m, last_speed_mps, last_battery_pct, last_temp_c)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$26,$27,$28,$29,$30,$31,$32,$33)`,
      [id, facilityIds.get(f.from), facilityIds.get(f.to), padIds.get(f.from), padIds.get(f.to), f.patient ?? null, f.cargo, f.priority, f.contents, f.weightKg, f.temp?.[0] ?? null, f.temp?.[1] ?? null,
        `YTE-DR-DEMO${String(n).padStart(3, '0')}`, f.state, f.droneId ?? null, f.plan ? JSON.stringify(f.plan) : null, f.plan ? f.plan.ok : null,
        f.plan ? t(f.times.requested + 2) : null, f.plan ? users.get('dd.hoa') : null, f.approvedBy ?? null, f.times.approved !== undefined ? t(f.times.approved) : null,
        f.times.launched !== undefined ? t(f.times.launched) : null, f.times.landed !== undefined ? t(f.times.landed) : null, f.times.delivered !== undefined ? t(f.times.delivered) : null,
        f.requestedBy, t(f.times.requested), f.last ? t(f.last.at) : null, f.last?.lat ?? null, f.last?.lon ?? null, f.last ? 100 : null, f.last ? 15 : null, f.last?.battery ?? null, f.last?.temp ?? null]);
    return { id, box: `YTE-DR-DEMO${String(n).padStart(3, '0')}` };
  };
  const custody = async (flightId: string, box: string, steps: Array<[string, string, string, number, number | null]>) => {
    let prev = 'genesis';
    for (const [step, user, code, minutes, temp] of steps) {
      const evt = { flightId, step, scannedCode: box, signedBy: users.get(user)!, facilityId: facilityIds.get(code)!, at: t(minutes).toISOString(), tempC: temp, breaks: [], note: null };
      const sig = createHash('sha256').update(`${prev}|${JSON.stringify(evt)}`).digest('hex');
      prev = sig;
      await q.query('INSERT INTO drone_custody_event (id, flight_id, step, scanned_code, signed_by, facility_id, at, temp_c, breaks, note, sig) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,NULL,$10)',
        [uuidv7(t(minutes).getTime()), flightId, step, box, evt.signedBy, evt.facilityId, t(minutes), temp, [], sig]);
    }
  };

  // In the air: a sputum sample for TB testing from Đồi Chè to the hospital lab, 40 % of the way.
  const p1 = planFor('TYT-TANCUONG', 'BVDK-TN', 0.4, 'D-HC01', 100, t(-6));
  const pos = pointAlong(p1.path, 0.4 * p1.flightKm * 1000 / 1.1);
  const f1 = await flight({ from: 'TYT-TANCUONG', to: 'BVDK-TN', cargo: 'sample', priority: 'urgent', contents: 'Đờm xét nghiệm Xpert MTB/RIF (2 mẫu)', weightKg: 0.4, temp: [2, 8], patient: await patientAt('TYT-TANCUONG'), state: 'in_flight', droneId: 'D-HC01', plan: p1,
    requestedBy: users.get('yt.tuan')!, approvedBy: users.get('bs.lan')!, times: { requested: -20, approved: -12, launched: -5 }, last: { lat: pos[1], lon: pos[0], battery: 88, temp: 5.2, at: -1 } });
  await custody(f1.id, f1.box, [['packed', 'yt.tuan', 'TYT-TANCUONG', -15, 5.0], ['loaded', 'yt.tuan', 'TYT-TANCUONG', -7, 5.1], ['launched', 'yt.tuan', 'TYT-TANCUONG', -5, 5.1]]);
  // Approved, waiting for launch: vaccines to Làng Mây, bending round the fictional zone K1.
  await flight({ from: 'BVDK-TN', to: 'TYT-PHUBINH', cargo: 'vaccine', priority: 'routine', contents: 'Vắc xin viêm gan B sơ sinh (20 liều)', weightKg: 1.2, temp: [2, 8], state: 'approved', droneId: 'D-HC02',
    plan: planFor('BVDK-TN', 'TYT-PHUBINH', 1.2, 'D-HC02', 96, t(-3)), requestedBy: users.get('dd.hoa')!, approvedBy: users.get('bs.lan')!, times: { requested: -10, approved: -2 } });
  // Requested, not yet planned: a blood sample from Suối Mơ.
  await flight({ from: 'TYT-DAIPHUC', to: 'BVDK-TN', cargo: 'sample', priority: 'routine', contents: 'Máu toàn phần xét nghiệm HbA1c', weightKg: 0.3, temp: [2, 25], patient: await patientAt('TYT-DAIPHUC'), state: 'requested', requestedBy: users.get('yt.tuan')!, times: { requested: -4 } });
  // Requested and blocked by its checks: too heavy for any drone; the plan offers the road.
  await flight({ from: 'BVDK-TN', to: 'TYT-PHUBINH', cargo: 'medicine', priority: 'urgent', contents: 'Dịch truyền Ringer lactat (6 chai)', weightKg: 4.5, state: 'requested', droneId: 'D-HC02',
    plan: planFor('BVDK-TN', 'TYT-PHUBINH', 4.5, 'D-HC02', 96, t(-8)), requestedBy: users.get('dd.hoa')!, times: { requested: -9 } });
  // Delivered yesterday with the whole chain.
  const f5 = await flight({ from: 'BVDK-TN', to: 'TYT-TANCUONG', cargo: 'medicine', priority: 'routine', contents: 'Thuốc lao hàng tháng (RHZE)', weightKg: 0.9, state: 'delivered', droneId: 'D-HC02',
    plan: planFor('BVDK-TN', 'TYT-TANCUONG', 0.9, 'D-HC02', 100, t(-1440)), requestedBy: users.get('dd.hoa')!, approvedBy: users.get('bs.lan')!, times: { requested: -1450, approved: -1442, launched: -1438, landed: -1425, delivered: -1420 } });
  await custody(f5.id, f5.box, [['packed', 'dd.hoa', 'BVDK-TN', -1441, null], ['loaded', 'dd.hoa', 'BVDK-TN', -1439, null], ['launched', 'dd.hoa', 'BVDK-TN', -1438, null], ['landed', 'yt.tuan', 'TYT-TANCUONG', -1425, null], ['received', 'yt.tuan', 'TYT-TANCUONG', -1420, null]]);
  return { pads: padIds.size, drones: 3, zones: zones.length, flights: n };
}
