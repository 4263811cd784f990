/** SQL for drone transport (pads, fleet, no-fly zones, flights, custody, track, alerts). */
import type { Queryable } from '../../db/db.ts';

export interface PadRow { id: string; facility_id: string; facility_code: string; facility_name: string; facility_kind: string; name: string; lat: number; lon: number }
export interface DroneRow {
  id: string; facility_id: string; model: string; max_payload_kg: number; empty_mass_kg: number; battery_wh: number; cruise_power_w: number;
  cruise_speed_mps: number; range_km: number; max_wind_mps: number; max_rain_mm_h: number; battery_pct: number; status: 'available' | 'in_flight' | 'maintenance'; created_at: Date;
}
export interface ZoneRow { id: string; name: string; kind: string; coordinates: number[][][]; buffer_m: number | null; active: boolean; note: string | null; created_by: string | null; created_at: Date; updated_at: Date }
export interface FlightRow {
  id: string; from_facility_id: string; to_facility_id: string; from_pad_id: string; to_pad_id: string; patient_id: string | null; referral_id: string | null;
  order_ref: string | null; cargo: string; priority: string; contents: string; weight_kg: number; temp_min_c: number | null; temp_max_c: number | null; box_code: string;
  state: 'requested' | 'approved' | 'in_flight' | 'landed' | 'delivered' | 'cancelled'; drone_id: string | null; plan: unknown; plan_ok: boolean | null;
  planned_at: Date | null; planned_by: string | null; approved_by: string | null; approved_at: Date | null; launched_at: Date | null; landed_at: Date | null;
  delivered_at: Date | null; cancelled_at: Date | null; cancel_reason: string | null; custody_break: boolean; requested_by: string | null; requested_at: Date; updated_at: Date;
  last_at: Date | null; last_lat: number | null; last_lon: number | null; last_alt_m: number | null; last_speed_mps: number | null; last_battery_pct: number | null; last_temp_c: number | null;
}
export interface FlightView extends FlightRow { from_name: string; to_name: string; patient_name: string | null; approved_by_name: string | null; requested_by_name: string | null }
export interface CustodyRow { id: string; flight_id: string; step: string; scanned_code: string; signed_by: string; signer_name?: string; facility_id: string; at: Date; temp_c: number | null; breaks: string[]; note: string | null; sig: string }
export interface DroneAlertRow { id: string; flight_id: string; drone_id: string; kind: string; message: string; message_vi: string; detail: unknown; status: string; created_at: Date; acknowledged_by: string | null; acknowledged_at: Date | null }

const PAD_VIEW = `SELECT p.*, f.code AS facility_code, f.name AS facility_name, f.kind AS facility_kind FROM drone_pad p JOIN facility f ON f.id = p.facility_id`;

export const listPads = (q: Queryable) => q.query<PadRow>(`${PAD_VIEW} ORDER BY f.kind, f.name, p.name`);
export const findPad = async (q: Queryable, id: string) => (await q.query<PadRow>(`${PAD_VIEW} WHERE p.id = $1`, [id]))[0];
export const firstPadOf = async (q: Queryable, facilityId: string) => (await q.query<PadRow>(`${PAD_VIEW} WHERE p.facility_id = $1 ORDER BY p.name LIMIT 1`, [facilityId]))[0];
export async function insertPad(q: Queryable, r: { id: string; facility_id: string; name: string; lat: number; lon: number }) {
  await q.query('INSERT INTO drone_pad (id, facility_id, name, lat, lon) VALUES ($1,$2,$3,$4,$5)', [r.id, r.facility_id, r.name, r.lat, r.lon]);
}

export const listDrones = (q: Queryable, facilityIds: string[]) => q.query<DroneRow>('SELECT * FROM drone WHERE facility_id = ANY($1::uuid[]) ORDER BY id', [facilityIds]);
export const findDrone = async (q: Queryable, id: string, forUpdate = false) => (await q.query<DroneRow>(`SELECT * FROM drone WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]))[0];
export async function insertDrone(q: Queryable, d: DroneRow) {
  const cols = Object.keys(d) as Array<keyof DroneRow>;
  await q.query(`INSERT INTO drone (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => d[c]));
}
export async function updateDrone(q: Queryable, id: string, set: Partial<Pick<DroneRow, 'battery_pct' | 'status'>>) {
  const cols = Object.keys(set) as Array<keyof typeof set>;
  if (!cols.length) return;
  await q.query(`UPDATE drone SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((c) => set[c])]);
}
export async function droneHomeCode(q: Queryable, droneId: string) {
  return (await q.query<{ code: string; facility_id: string }>('SELECT f.code, f.id AS facility_id FROM drone d JOIN facility f ON f.id = d.facility_id WHERE d.id = $1', [droneId]))[0];
}

export const listZones = (q: Queryable, activeOnly: boolean) => q.query<ZoneRow>(`SELECT * FROM no_fly_zone${activeOnly ? ' WHERE active' : ''} ORDER BY name, id`);
export const findZone = async (q: Queryable, id: string) => (await q.query<ZoneRow>('SELECT * FROM no_fly_zone WHERE id = $1', [id]))[0];
export const zonesVersion = async (q: Queryable) => {
  const r = (await q.query<{ n: number; v: string | null }>("SELECT count(*)::int AS n, max(updated_at)::text AS v FROM no_fly_zone WHERE active"))[0]!;
  return `${r.n}|${r.v ?? ''}`;
};
export async function insertZone(q: Queryable, z: ZoneRow) {
  await q.query('INSERT INTO no_fly_zone (id, name, kind, coordinates, buffer_m, active, note, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [z.id, z.name, z.kind, JSON.stringify(z.coordinates), z.buffer_m, z.active, z.note, z.created_by, z.created_at, z.updated_at]);
}
export async function updateZone(q: Queryable, id: string, z: Pick<ZoneRow, 'name' | 'kind' | 'coordinates' | 'buffer_m' | 'active' | 'note' | 'updated_at'>) {
  await q.query('UPDATE no_fly_zone SET name = $2, kind = $3, coordinates = $4, buffer_m = $5, active = $6, note = $7, updated_at = $8 WHERE id = $1',
    [id, z.name, z.kind, JSON.stringify(z.coordinates), z.buffer_m, z.active, z.note, z.updated_at]);
}

const FLIGHT_VIEW = `SELECT fl.*, ff.name AS from_name, tf.name AS to_name, p.full_name AS patient_name, ua.full_name AS approved_by_name, ur.full_name AS requested_by_name
  FROM drone_flight fl JOIN facility ff ON ff.id = fl.from_facility_id JOIN facility tf ON tf.id = fl.to_facility_id
  LEFT JOIN patient p ON p.id = fl.patient_id LEFT JOIN app_user ua ON ua.id = fl.approved_by LEFT JOIN app_user ur ON ur.id = fl.requested_by`;

const FLIGHT_COLS = [
  'id', 'from_facility_id', 'to_facility_id', 'from_pad_id', 'to_pad_id', 'patient_id', 'referral_id', 'order_ref', 'cargo', 'priority', 'contents', 'weight_kg',
  'temp_min_c', 'temp_max_c', 'box_code', 'state', 'requested_by', 'requested_at', 'updated_at',
] as const;
export async function insertFlight(q: Queryable, f: Pick<FlightRow, (typeof FLIGHT_COLS)[number]>) {
  await q.query(`INSERT INTO drone_flight (${FLIGHT_COLS.join(', ')}) VALUES (${FLIGHT_COLS.map((_, i) => `$${i + 1}`).join(', ')})`, FLIGHT_COLS.map((c) => f[c]));
}
/** The flight only when the caller's facilities include its origin or destination. */
export async function findFlightScoped(q: Queryable, id: string, facilityIds: string[], forUpdate = false): Promise<FlightView | undefined> {
  return (await q.query<FlightView>(`${FLIGHT_VIEW} WHERE fl.id = $1 AND (fl.from_facility_id = ANY($2::uuid[]) OR fl.to_facility_id = ANY($2::uuid[]))${forUpdate ? ' FOR UPDATE OF fl' : ''}`, [id, facilityIds]))[0];
}
export async function flightsFor(q: Queryable, facilityIds: string[], limit: number) {
  return q.query<FlightView>(
    `${FLIGHT_VIEW} WHERE (fl.from_facility_id = ANY($1::uuid[]) OR fl.to_facility_id = ANY($1::uuid[]))
     ORDER BY CASE fl.state WHEN 'in_flight' THEN 0 WHEN 'approved' THEN 1 WHEN 'requested' THEN 2 WHEN 'landed' THEN 3 ELSE 4 END,
       CASE fl.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, fl.requested_at DESC LIMIT $2`, [facilityIds, limit]);
}
export async function updateFlight(q: Queryable, id: string, set: Partial<FlightRow>) {
  const cols = Object.keys(set) as Array<keyof FlightRow>;
  await q.query(`UPDATE drone_flight SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((c) => (c === 'plan' ? JSON.stringify(set[c]) : set[c]))]);
}
export const activeFlightOfDrone = async (q: Queryable, droneId: string) =>
  (await q.query<FlightRow>("SELECT * FROM drone_flight WHERE drone_id = $1 AND state = 'in_flight'", [droneId]))[0];

export const custodyOf = (q: Queryable, flightId: string) =>
  q.query<CustodyRow>('SELECT c.*, u.full_name AS signer_name FROM drone_custody_event c JOIN app_user u ON u.id = c.signed_by WHERE c.flight_id = $1 ORDER BY c.at, c.id', [flightId]);
export async function insertCustody(q: Queryable, c: CustodyRow) {
  await q.query('INSERT INTO drone_custody_event (id, flight_id, step, scanned_code, signed_by, facility_id, at, temp_c, breaks, note, sig) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)',
    [c.id, c.flight_id, c.step, c.scanned_code, c.signed_by, c.facility_id, c.at, c.temp_c, c.breaks, c.note, c.sig]);
}

export interface TrackPoint { flight_id: string; at: Date; lat: number; lon: number; alt_m: number; speed_mps: number; battery_pct: number; temp_c: number | null }
/** One multi-row insert (the ingest flushes its buffer about once a second). */
export async function insertTrack(q: Queryable, pts: TrackPoint[]) {
  if (!pts.length) return;
  const vals: unknown[] = [];
  const rows = pts.map((p, i) => {
    vals.push(p.flight_id, p.at, p.lat, p.lon, p.alt_m, p.speed_mps, p.battery_pct, p.temp_c);
    return `(${Array.from({ length: 8 }, (_, k) => `$${i * 8 + k + 1}`).join(',')})`;
  });
  await q.query(`INSERT INTO drone_track (flight_id, at, lat, lon, alt_m, speed_mps, battery_pct, temp_c) VALUES ${rows.join(',')} ON CONFLICT DO NOTHING`, vals);
}
export const trackOf = (q: Queryable, flightId: string, limit: number) =>
  q.query<TrackPoint>('SELECT * FROM (SELECT * FROM drone_track WHERE flight_id = $1 ORDER BY at DESC LIMIT $2) t ORDER BY at', [flightId, limit]);
/** Each flight's last position, in one statement (only moving forward in time). */
export async function updateLastPositions(q: Queryable, pts: TrackPoint[]) {
  if (!pts.length) return;
  const vals: unknown[] = [];
  const rows = pts.map((p, i) => {
    vals.push(p.flight_id, p.at, p.lat, p.lon, p.alt_m, p.speed_mps, p.battery_pct, p.temp_c);
    const b = i * 8;
    return `($${b + 1}::uuid,$${b + 2}::timestamptz,$${b + 3}::float8,$${b + 4}::float8,$${b + 5}::float8,$${b + 6}::float8,$${b + 7}::float8,$${b + 8}::float8)`;
  });
  await q.query(
    `UPDATE drone_flight f SET last_at = v.at, last_lat = v.lat, last_lon = v.lon, last_alt_m = v.alt, last_speed_mps = v.speed, last_battery_pct = v.battery, last_temp_c = v.temp
     FROM (VALUES ${rows.join(',')}) AS v(id, at, lat, lon, alt, speed, battery, temp) WHERE f.id = v.id AND (f.last_at IS NULL OR f.last_at < v.at)`, vals);
}

/** Inserts the alert unless one of its kind is open for the flight; returns it when new. */
export async function insertAlertIfNew(q: Queryable, a: DroneAlertRow): Promise<boolean> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO drone_alert (id, flight_id, drone_id, kind, message, message_vi, detail, status, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'open',$8)
     ON CONFLICT (flight_id, kind) WHERE status = 'open' DO NOTHING RETURNING id`,
    [a.id, a.flight_id, a.drone_id, a.kind, a.message, a.message_vi, JSON.stringify(a.detail), a.created_at]);
  return r.length > 0;
}
export const alertsFor = (q: Queryable, facilityIds: string[], openOnly: boolean) => q.query<DroneAlertRow & { from_facility_id: string; to_facility_id: string }>(
  `SELECT a.*, fl.from_facility_id, fl.to_facility_id FROM drone_alert a JOIN drone_flight fl ON fl.id = a.flight_id
   WHERE (fl.from_facility_id = ANY($1::uuid[]) OR fl.to_facility_id = ANY($1::uuid[]))${openOnly ? " AND a.status = 'open'" : ''} ORDER BY a.created_at DESC LIMIT 500`, [facilityIds]);
export const alertsOfFlight = (q: Queryable, flightId: string) => q.query<DroneAlertRow>('SELECT * FROM drone_alert WHERE flight_id = $1 ORDER BY created_at', [flightId]);
