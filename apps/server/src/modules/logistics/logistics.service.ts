/**
 * Drone transport: pads, fleet, no-fly zones, flight requests, plan → approve (a person decides) →
 * fly → deliver with a signed chain of custody. The planning, the checks, the telemetry alerts and
 * the custody rules are pure (@yte/logistics); this service scopes, audits and stores.
 *
 * Scoping: a flight is visible to the users of its origin and destination facilities; another
 * facility's flight answers 404. Flights naming a patient audit every read and write with the
 * patient's id, in the same transaction. No-fly zones are airspace, not a facility's data: any
 * facility admin manages them, each change audited.
 */
import { createHash } from 'node:crypto';
import {
  ALERT_KINDS, CUSTODY_STEPS, type CustodyStep, checkCustodyEvent, checkPolygon, DEFAULT_LIMITS, type DroneSpec, type FlightPlan, type NoFlyZone,
  type PlanLimits, type PreparedZones, planFlight, prepareZones, ZONE_KINDS, type ZoneKind,
} from '@yte/logistics';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES, RECORDING_ROLES } from '../auth/roles.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import { transferDetail } from '../referrals/referrals.service.ts';
import {
  alertsFor, alertsOfFlight, custodyOf, type DroneAlertRow, type DroneRow, findDrone, findFlightScoped, findPad, findZone, firstPadOf, type FlightRow, type FlightView,
  flightsFor, insertCustody, insertDrone, insertFlight, insertPad, insertZone, listDrones, listPads, listZones, trackOf, updateDrone, updateFlight, updateZone, type ZoneRow,
  zonesVersion,
} from './logistics.repo.ts';

export const CARGO = ['sample', 'medicine', 'blood_product', 'vaccine', 'other'] as const;
export const PRIORITIES = ['routine', 'urgent', 'emergency'] as const;
export const FLIGHT_STATES = ['requested', 'approved', 'in_flight', 'landed', 'delivered', 'cancelled'] as const;
export { ALERT_KINDS, CUSTODY_STEPS, ZONE_KINDS };

/** Roles that request, pack, hand over and dispatch (the clinical staff and the facility admin). */
const DISPATCH_ROLES = [...RECORDING_ROLES, 'facility_admin'] as const;
const conflict = (code: string, message: string, messageVi: string) => new AppError(409, code, message, messageVi);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Deployment limits for the planner (env-free: the defaults of @yte/logistics, a daylight window for the demo). */
export const PLAN_LIMITS: Partial<PlanLimits> = { ...DEFAULT_LIMITS, daylight: null };

export const specOf = (d: DroneRow): DroneSpec => ({
  maxPayloadKg: d.max_payload_kg, emptyMassKg: d.empty_mass_kg, batteryWh: d.battery_wh, cruisePowerW: d.cruise_power_w, cruiseSpeedMps: d.cruise_speed_mps,
  rangeM: d.range_km * 1000, maxWindMps: d.max_wind_mps, maxRainMmPerH: d.max_rain_mm_h,
} as DroneSpec);

// ---- pads ------------------------------------------------------------------------------------

const toPad = (p: Awaited<ReturnType<typeof listPads>>[number]) => ({ id: p.id, facilityId: p.facility_id, facilityCode: p.facility_code, facilityName: p.facility_name, facilityKind: p.facility_kind, name: p.name, lat: p.lat, lon: p.lon });

/** Every facility's pads: positions of facilities are not patient data, and a flight needs both ends. */
export async function pads(db: Db, actor: Actor) {
  if (!hasRole(actor, [...READING_ROLES, 'governance_officer'])) throw forbidden();
  return (await listPads(db)).map(toPad);
}

export async function createPad(db: Db, actor: Actor, body: { facilityId: string; name: string; lat: number; lon: number }) {
  if (!hasRole(actor, ['facility_admin']) || !actor.facilityIds.includes(body.facilityId)) throw forbidden();
  const name = body.name.trim();
  if (!name) throw badInput('REQUIRED', 'name is required', 'Cần nhập tên bãi', 'name');
  return db.tx(async (q) => {
    const id = uuidv7();
    if ((await q.query('SELECT 1 FROM drone_pad WHERE facility_id = $1 AND name = $2', [body.facilityId, name])).length) throw conflict('PAD_EXISTS', 'The facility already has a pad of that name', 'Cơ sở đã có bãi cùng tên');
    await insertPad(q, { id, facility_id: body.facilityId, name, lat: body.lat, lon: body.lon });
    await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'create', resourceType: 'DronePad', resourceId: id, patientId: null, outcome: 'success', details: { lat: body.lat, lon: body.lon } });
    return toPad((await findPad(q, id))!);
  });
}

// ---- fleet -----------------------------------------------------------------------------------

const toDrone = (d: DroneRow) => ({
  id: d.id, facilityId: d.facility_id, model: d.model, maxPayloadKg: d.max_payload_kg, emptyMassKg: d.empty_mass_kg, batteryWh: d.battery_wh, cruisePowerW: d.cruise_power_w,
  cruiseSpeedMps: d.cruise_speed_mps, rangeKm: d.range_km, maxWindMps: d.max_wind_mps, maxRainMmPerH: d.max_rain_mm_h, batteryPct: d.battery_pct, status: d.status,
});

export async function drones(db: Db, actor: Actor) {
  if (!hasRole(actor, [...READING_ROLES, 'governance_officer'])) throw forbidden();
  return (await listDrones(db, actor.facilityIds)).map(toDrone);
}

export interface DroneBody {
  id: string; facilityId: string; model: string; maxPayloadKg: number; emptyMassKg: number; batteryWh: number; cruisePowerW: number; cruiseSpeedMps: number;
  rangeKm: number; maxWindMps: number; maxRainMmPerH: number; batteryPct?: number;
}

export async function registerDrone(db: Db, actor: Actor, b: DroneBody, now = new Date()) {
  if (!hasRole(actor, ['facility_admin']) || !actor.facilityIds.includes(b.facilityId)) throw forbidden();
  return db.tx(async (q) => {
    if (await findDrone(q, b.id)) throw conflict('DRONE_EXISTS', 'A drone with this id is registered', 'Mã thiết bị bay đã được đăng ký');
    const row: DroneRow = {
      id: b.id, facility_id: b.facilityId, model: b.model.trim(), max_payload_kg: b.maxPayloadKg, empty_mass_kg: b.emptyMassKg, battery_wh: b.batteryWh, cruise_power_w: b.cruisePowerW,
      cruise_speed_mps: b.cruiseSpeedMps, range_km: b.rangeKm, max_wind_mps: b.maxWindMps, max_rain_mm_h: b.maxRainMmPerH, battery_pct: b.batteryPct ?? 100, status: 'available', created_at: now,
    };
    await insertDrone(q, row);
    await appendAudit(q, { userId: actor.id, facilityId: b.facilityId, action: 'create', resourceType: 'Drone', resourceId: b.id, patientId: null, outcome: 'success', details: { model: row.model } });
    return toDrone(row);
  });
}

export async function patchDrone(db: Db, actor: Actor, id: string, b: { batteryPct?: number; status?: 'available' | 'maintenance' }) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  return db.tx(async (q) => {
    const d = await findDrone(q, id, true);
    if (!d || !actor.facilityIds.includes(d.facility_id)) throw notFound('Drone');
    if (b.status && d.status === 'in_flight') throw conflict('DRONE_IN_FLIGHT', 'The drone is in flight', 'Thiết bị bay đang bay');
    await updateDrone(q, id, { ...(b.batteryPct !== undefined ? { battery_pct: b.batteryPct } : {}), ...(b.status ? { status: b.status } : {}) });
    await appendAudit(q, { userId: actor.id, facilityId: d.facility_id, action: 'update', resourceType: 'Drone', resourceId: id, patientId: null, outcome: 'success', details: b });
    return toDrone((await findDrone(q, id))!);
  });
}

// ---- no-fly zones ----------------------------------------------------------------------------

const toZone = (z: ZoneRow) => ({
  id: z.id, name: z.name, kind: z.kind as ZoneKind, geometry: { type: 'Polygon' as const, coordinates: z.coordinates }, bufferM: z.buffer_m, active: z.active, note: z.note,
  createdAt: iso(z.created_at)!, updatedAt: iso(z.updated_at)!,
});
const toNoFly = (z: ZoneRow): NoFlyZone => ({ id: z.id, name: z.name, kind: z.kind as ZoneKind, coordinates: z.coordinates, ...(z.buffer_m !== null ? { bufferM: z.buffer_m } : {}) });

let zoneCache: { version: string; prepared: PreparedZones; rows: ZoneRow[] } | null = null;
/** The active zones prepared for planning, rebuilt only when a zone changes. */
export async function preparedZones(q: Queryable): Promise<{ prepared: PreparedZones; rows: ZoneRow[] }> {
  const version = await zonesVersion(q);
  if (zoneCache?.version !== version) {
    const rows = await listZones(q, true);
    zoneCache = { version, rows, prepared: prepareZones(rows.map(toNoFly), 21.5) };
  }
  return zoneCache;
}

export async function zones(db: Db, actor: Actor, includeInactive: boolean) {
  if (!hasRole(actor, [...READING_ROLES, 'governance_officer'])) throw forbidden();
  return (await listZones(db, !includeInactive)).map(toZone);
}

export interface ZoneBody { name: string; kind: ZoneKind; geometry: { type: 'Polygon'; coordinates: number[][][] }; bufferM?: number | null; active?: boolean; note?: string | null }

function checkZone(b: ZoneBody) {
  const name = b.name.trim();
  if (!name) throw badInput('REQUIRED', 'name is required', 'Cần nhập tên vùng', 'name');
  const p = checkPolygon(b.geometry.coordinates);
  if (p) throw badInput(p.code, p.message, p.messageVi, 'geometry.coordinates');
  return name;
}

export async function createZone(db: Db, actor: Actor, b: ZoneBody, now = new Date()) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  const name = checkZone(b);
  return db.tx(async (q) => {
    const row: ZoneRow = { id: uuidv7(now.getTime()), name, kind: b.kind, coordinates: b.geometry.coordinates, buffer_m: b.bufferM ?? null, active: b.active ?? true, note: b.note?.trim() || null, created_by: actor.id, created_at: now, updated_at: now };
    await insertZone(q, row);
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'NoFlyZone', resourceId: row.id, patientId: null, outcome: 'success', details: { name, kind: b.kind, bufferM: row.buffer_m } });
    return toZone(row);
  });
}

export async function replaceZone(db: Db, actor: Actor, id: string, b: ZoneBody, now = new Date()) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  const name = checkZone(b);
  return db.tx(async (q) => {
    const old = await findZone(q, id);
    if (!old) throw notFound('No-fly zone');
    const set = { name, kind: b.kind, coordinates: b.geometry.coordinates, buffer_m: b.bufferM ?? null, active: b.active ?? true, note: b.note?.trim() || null, updated_at: now };
    await updateZone(q, id, set);
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'update', resourceType: 'NoFlyZone', resourceId: id, patientId: null, outcome: 'success', details: { name, kind: b.kind, active: set.active, before: { name: old.name, coordinates: old.coordinates, bufferM: old.buffer_m, active: old.active } } });
    return toZone((await findZone(q, id))!);
  });
}

/** Deactivates (zones are kept: past plans name them). */
export async function deactivateZone(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, ['facility_admin'])) throw forbidden();
  return db.tx(async (q) => {
    const old = await findZone(q, id);
    if (!old) throw notFound('No-fly zone');
    await updateZone(q, id, { ...old, active: false, updated_at: now });
    await appendAudit(q, { userId: actor.id, facilityId: null, action: 'delete', resourceType: 'NoFlyZone', resourceId: id, patientId: null, outcome: 'success', details: { name: old.name } });
    return toZone((await findZone(q, id))!);
  });
}

// ---- flights ---------------------------------------------------------------------------------

export const toFlight = (f: FlightView, extra: { fromPad?: { lat: number; lon: number }; toPad?: { lat: number; lon: number } } = {}) => ({
  id: f.id, fromFacilityId: f.from_facility_id, fromFacilityName: f.from_name, toFacilityId: f.to_facility_id, toFacilityName: f.to_name,
  fromPadId: f.from_pad_id, toPadId: f.to_pad_id, fromPad: extra.fromPad ?? null, toPad: extra.toPad ?? null,
  patientId: f.patient_id, patientName: f.patient_name, referralId: f.referral_id, orderRef: f.order_ref,
  cargo: f.cargo, priority: f.priority, contents: f.contents, weightKg: f.weight_kg, tempMinC: f.temp_min_c, tempMaxC: f.temp_max_c, boxCode: f.box_code,
  state: f.state, droneId: f.drone_id, plan: (f.plan ?? null) as StoredPlan | null, planOk: f.plan_ok, plannedAt: iso(f.planned_at),
  approvedBy: f.approved_by_name, approvedAt: iso(f.approved_at), requestedBy: f.requested_by_name, requestedAt: iso(f.requested_at)!,
  launchedAt: iso(f.launched_at), landedAt: iso(f.landed_at), deliveredAt: iso(f.delivered_at), cancelledAt: iso(f.cancelled_at), cancelReason: f.cancel_reason,
  custodyBreak: f.custody_break, updatedAt: iso(f.updated_at)!,
  last: f.last_at ? { at: iso(f.last_at)!, lat: f.last_lat!, lon: f.last_lon!, altM: f.last_alt_m!, speedMps: f.last_speed_mps!, batteryPct: f.last_battery_pct!, tempC: f.last_temp_c } : null,
});

export type StoredPlan = Omit<FlightPlan, 'route'> & { droneId: string; weather: { windFromDeg: number; windMps: number; rainMmPerH: number }; departAt: string; avoidedZones: string[] };

export interface FlightBody {
  fromFacilityId: string; toFacilityId: string; fromPadId?: string; toPadId?: string; patientId?: string; referralId?: string; orderRef?: string;
  cargo: (typeof CARGO)[number]; priority: (typeof PRIORITIES)[number]; contents: string; weightKg: number; tempMinC?: number; tempMaxC?: number; boxCode?: string;
}

async function padsOf(q: Queryable, f: FlightRow) {
  const [a, b] = [await findPad(q, f.from_pad_id), await findPad(q, f.to_pad_id)];
  return { fromPad: { lat: a!.lat, lon: a!.lon }, toPad: { lat: b!.lat, lon: b!.lon } };
}

const audit = (q: Queryable, actor: Actor, f: Pick<FlightRow, 'id' | 'patient_id' | 'from_facility_id' | 'to_facility_id'>, action: string, details: unknown, outcome: 'success' | 'denied' | 'not_found' = 'success') =>
  appendAudit(q, { userId: actor.id, facilityId: actor.facilityIds.includes(f.from_facility_id) ? f.from_facility_id : f.to_facility_id, action, resourceType: 'DroneFlight', resourceId: f.id, patientId: f.patient_id, outcome, details: details as never });

export async function createFlight(db: Db, actor: Actor, b: FlightBody, now = new Date()) {
  if (!hasRole(actor, DISPATCH_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(b.fromFacilityId) && !actor.facilityIds.includes(b.toFacilityId)) throw forbidden();
  if (b.fromFacilityId === b.toFacilityId) throw badInput('SAME_FACILITY', 'A flight goes to another facility', 'Nơi đến phải khác nơi đi', 'toFacilityId');
  const contents = b.contents.trim();
  if (!contents) throw badInput('REQUIRED', 'contents is required', 'Cần ghi nội dung hàng', 'contents');
  if (b.tempMinC !== undefined && b.tempMaxC !== undefined && b.tempMinC > b.tempMaxC) throw badInput('TEMP_RANGE', 'tempMinC is above tempMaxC', 'Nhiệt độ tối thiểu lớn hơn tối đa', 'tempMinC');
  // A referral names its patient; it must be one the caller's side can see (the referrals service scopes and audits).
  let patientId = b.patientId ?? null;
  if (b.referralId) {
    const r = await transferDetail(db, actor, b.referralId);
    if (patientId && patientId !== r.patientId) throw badInput('REFERRAL_PATIENT', 'The referral is for another patient', 'Phiếu chuyển tuyến của người bệnh khác', 'referralId');
    if (![r.fromFacilityId, r.toFacilityId].includes(b.fromFacilityId) || ![r.fromFacilityId, r.toFacilityId].includes(b.toFacilityId)) {
      throw badInput('REFERRAL_FACILITIES', 'The flight must be between the referral\'s facilities', 'Chuyến bay phải giữa hai cơ sở của phiếu chuyển tuyến', 'referralId');
    }
    patientId = r.patientId;
  }
  const out = await db.tx(async (q) => {
    if (patientId && !b.referralId) {
      const p = await findPatientScoped(q, patientId, actor.facilityIds.filter((f) => f === b.fromFacilityId || f === b.toFacilityId));
      if (!p) {
        await appendAudit(q, { userId: actor.id, facilityId: null, action: 'create', resourceType: 'DroneFlight', resourceId: null, patientId: null, outcome: 'not_found', details: { patientId } });
        return null;
      }
    }
    const fromPad = b.fromPadId ? await findPad(q, b.fromPadId) : await firstPadOf(q, b.fromFacilityId);
    const toPad = b.toPadId ? await findPad(q, b.toPadId) : await firstPadOf(q, b.toFacilityId);
    if (!fromPad || fromPad.facility_id !== b.fromFacilityId) throw badInput('NO_PAD', 'The origin facility has no such drone pad', 'Cơ sở đi không có bãi cất hạ cánh này', 'fromPadId');
    if (!toPad || toPad.facility_id !== b.toFacilityId) throw badInput('NO_PAD', 'The destination facility has no such drone pad', 'Cơ sở đến không có bãi cất hạ cánh này', 'toPadId');
    const id = uuidv7(now.getTime());
    const boxCode = b.boxCode?.trim() || `YTE-DR-${id.replace(/-/g, '').slice(-10).toUpperCase()}`;
    if ((await q.query('SELECT 1 FROM drone_flight WHERE box_code = $1', [boxCode])).length) throw conflict('BOX_IN_USE', 'This box code is on another flight', 'Mã hộp đã dùng cho chuyến khác');
    await insertFlight(q, {
      id, from_facility_id: b.fromFacilityId, to_facility_id: b.toFacilityId, from_pad_id: fromPad.id, to_pad_id: toPad.id, patient_id: patientId, referral_id: b.referralId ?? null,
      order_ref: b.orderRef?.trim() || null, cargo: b.cargo, priority: b.priority, contents, weight_kg: b.weightKg, temp_min_c: b.tempMinC ?? null, temp_max_c: b.tempMaxC ?? null,
      box_code: boxCode, state: 'requested', requested_by: actor.id, requested_at: now, updated_at: now,
    });
    const f = (await findFlightScoped(q, id, actor.facilityIds))!;
    await audit(q, actor, f, 'create', { cargo: b.cargo, weightKg: b.weightKg, toFacilityId: b.toFacilityId });
    return toFlight(f, { fromPad: { lat: fromPad.lat, lon: fromPad.lon }, toPad: { lat: toPad.lat, lon: toPad.lon } });
  });
  if (!out) throw notFound('Patient');
  return out;
}

async function scopedOrThrow(q: Queryable, actor: Actor, id: string, action: string, forUpdate = false) {
  const f = await findFlightScoped(q, id, actor.facilityIds, forUpdate);
  if (!f) {
    await appendAudit(q, { userId: actor.id, facilityId: null, action, resourceType: 'DroneFlight', resourceId: id, patientId: null, outcome: 'not_found', details: null });
    return null;
  }
  return f;
}

export async function flightDetail(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, [...READING_ROLES])) throw forbidden();
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'read');
    if (!f) return null;
    await audit(q, actor, f, 'read', null);
    const custody = (await custodyOf(q, id)).map((c) => ({ step: c.step, scannedCode: c.scanned_code, signedBy: c.signer_name ?? c.signed_by, at: iso(c.at)!, tempC: c.temp_c, breaks: c.breaks, note: c.note, sig: c.sig }));
    const alerts = (await alertsOfFlight(q, id)).map(toAlert);
    return { ...toFlight(f, await padsOf(q, f)), custody, alerts };
  });
  if (!out) throw notFound('Flight');
  return out;
}

export async function board(db: Db, actor: Actor, facilityId?: string) {
  if (!hasRole(actor, [...READING_ROLES, 'governance_officer'])) throw forbidden();
  if (facilityId && !actor.facilityIds.includes(facilityId)) throw forbidden();
  const scope = facilityId ? [facilityId] : actor.facilityIds;
  return db.tx(async (q) => {
    const rows = await flightsFor(q, scope, 300);
    const padRows = new Map((await listPads(q)).map((p) => [p.id, { lat: p.lat, lon: p.lon }]));
    const withPatient = rows.filter((r) => r.patient_id);
    // Listing flights that name patients is a read of those patients' data: one audit entry per patient.
    for (const r of withPatient) await audit(q, actor, r, 'list', { board: true });
    const alerts = await alertsFor(q, scope, true);
    return {
      flights: rows.map((r) => toFlight(r, { fromPad: padRows.get(r.from_pad_id)!, toPad: padRows.get(r.to_pad_id)! })),
      fleet: (await listDrones(q, scope)).map(toDrone),
      alerts: alerts.map(toAlert),
    };
  });
}

export interface PlanBody { droneId: string; windFromDeg: number; windMps: number; rainMmPerH: number; departAt?: string }

export async function plan(db: Db, actor: Actor, id: string, b: PlanBody, now = new Date()) {
  if (!hasRole(actor, DISPATCH_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'plan', true);
    if (!f) return null;
    if (f.state !== 'requested') throw conflict('NOT_PLANNABLE', `A ${f.state} flight is not planned again`, 'Chuyến bay ở trạng thái này không lập lại kế hoạch');
    const d = await findDrone(q, b.droneId);
    if (!d || (!actor.facilityIds.includes(d.facility_id) && d.facility_id !== f.from_facility_id && d.facility_id !== f.to_facility_id)) {
      throw badInput('UNKNOWN_DRONE', 'No such drone in your fleet or at either end of the flight', 'Không có thiết bị bay này', 'droneId');
    }
    const pads = await padsOf(q, f);
    const { prepared } = await preparedZones(q);
    const departAt = b.departAt ?? now.toISOString();
    const p = planFlight({
      from: [pads.fromPad.lon, pads.fromPad.lat], to: [pads.toPad.lon, pads.toPad.lat], spec: specOf(d), batteryPct: d.battery_pct, droneAvailable: d.status === 'available',
      payloadKg: f.weight_kg, weather: { wind: { fromDeg: b.windFromDeg, speedMps: b.windMps }, rainMmPerH: b.rainMmPerH }, departAt, limits: PLAN_LIMITS,
    }, prepared);
    const { route, ...rest } = p;
    const stored: StoredPlan = { ...rest, droneId: d.id, weather: { windFromDeg: b.windFromDeg, windMps: b.windMps, rainMmPerH: b.rainMmPerH }, departAt, avoidedZones: route.ok ? route.avoided : route.zoneIds };
    await updateFlight(q, id, { plan: stored, plan_ok: p.ok, drone_id: d.id, planned_at: now, planned_by: actor.id, updated_at: now });
    await audit(q, actor, f, 'plan', { droneId: d.id, ok: p.ok, failed: p.checks.filter((c) => !c.ok).map((c) => c.code) });
    return { ...toFlight((await findFlightScoped(q, id, actor.facilityIds))!, pads) };
  });
  if (!out) throw notFound('Flight');
  return out;
}

export async function approve(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, ['doctor', 'nurse', 'facility_admin'])) throw forbidden();
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'approve', true);
    if (!f) return null;
    if (f.state !== 'requested') throw conflict('INVALID_TRANSITION', `A ${f.state} flight cannot be approved`, 'Không thể duyệt chuyến bay ở trạng thái này');
    if (!f.plan || !f.plan_ok) throw conflict('PLAN_BLOCKED', 'Plan the flight first; only a plan that passes every check can be approved', 'Cần lập kế hoạch bay đạt mọi điều kiện trước khi duyệt');
    if (f.planned_at && now.getTime() - new Date(f.planned_at).getTime() > 60 * 60_000) throw conflict('PLAN_STALE', 'The plan is over an hour old: plan again with the current weather', 'Kế hoạch đã quá một giờ: lập lại với thời tiết hiện tại');
    const d = await findDrone(q, f.drone_id!, true);
    if (!d || d.status !== 'available') throw conflict('DRONE_UNAVAILABLE', 'The drone is no longer available', 'Thiết bị bay không còn sẵn sàng');
    await updateFlight(q, id, { state: 'approved', approved_by: actor.id, approved_at: now, updated_at: now });
    await audit(q, actor, f, 'approve', { droneId: f.drone_id });
    return toFlight((await findFlightScoped(q, id, actor.facilityIds))!, await padsOf(q, f));
  });
  if (!out) throw notFound('Flight');
  return out;
}

export async function cancel(db: Db, actor: Actor, id: string, reason: string, now = new Date()) {
  if (!hasRole(actor, DISPATCH_ROLES)) throw forbidden();
  if (!reason.trim()) throw badInput('REQUIRED', 'Say why the flight is cancelled', 'Cần ghi lý do hủy chuyến bay', 'reason');
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'cancel', true);
    if (!f) return null;
    if (!['requested', 'approved'].includes(f.state)) throw conflict('INVALID_TRANSITION', `A ${f.state} flight cannot be cancelled`, 'Không thể hủy chuyến bay ở trạng thái này');
    await updateFlight(q, id, { state: 'cancelled', cancelled_at: now, cancel_reason: reason.trim(), updated_at: now });
    await audit(q, actor, f, 'cancel', { reason: reason.trim() });
    return toFlight((await findFlightScoped(q, id, actor.facilityIds))!, await padsOf(q, f));
  });
  if (!out) throw notFound('Flight');
  return out;
}

/** Which state each hand-over needs, the side that signs it, and the state it moves the flight to. */
const STEP_RULES: Record<CustodyStep, { needs: FlightRow['state'][]; side: 'from' | 'to'; to?: FlightRow['state']; stamp?: keyof FlightRow }> = {
  packed: { needs: ['requested', 'approved'], side: 'from' },
  loaded: { needs: ['approved'], side: 'from' },
  launched: { needs: ['approved'], side: 'from', to: 'in_flight', stamp: 'launched_at' },
  landed: { needs: ['in_flight'], side: 'to', to: 'landed', stamp: 'landed_at' },
  received: { needs: ['landed'], side: 'to', to: 'delivered', stamp: 'delivered_at' },
};

export interface CustodyBody { step: CustodyStep; scannedCode: string; tempC?: number; note?: string }

export async function recordCustody(db: Db, actor: Actor, id: string, b: CustodyBody, now = new Date()) {
  if (!hasRole(actor, DISPATCH_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'custody', true);
    if (!f) return null;
    const rule = STEP_RULES[b.step];
    const facilityId = rule.side === 'from' ? f.from_facility_id : f.to_facility_id;
    if (!actor.facilityIds.includes(facilityId)) throw new AppError(403, 'NOT_YOUR_SIDE', `The ${b.step} hand-over is signed at the ${rule.side === 'from' ? 'origin' : 'destination'}`, rule.side === 'from' ? 'Bước này do nơi gửi ký' : 'Bước này do nơi nhận ký');
    if (!rule.needs.includes(f.state)) throw conflict('INVALID_TRANSITION', `"${b.step}" is not possible on a ${f.state} flight`, `Không thể ghi bước "${b.step}" khi chuyến bay ở trạng thái ${f.state}`);
    const prev = await custodyOf(q, id);
    const check = checkCustodyEvent(prev.map((c) => ({ step: c.step as CustodyStep, scannedCode: c.scanned_code, at: iso(c.at)!, tempC: c.temp_c })),
      { step: b.step, scannedCode: b.scannedCode, at: now.toISOString(), tempC: b.tempC ?? null }, { code: f.box_code, tempMinC: f.temp_min_c, tempMaxC: f.temp_max_c });
    if (!check.ok) throw conflict(check.code, check.message, check.messageVi);
    const last = prev[prev.length - 1];
    const evt = { flightId: id, step: b.step, scannedCode: b.scannedCode.trim(), signedBy: actor.id, facilityId, at: now.toISOString(), tempC: b.tempC ?? null, breaks: check.breaks, note: b.note?.trim() || null };
    // The signature: the signer's authenticated session plus a hash chain over the hand-overs.
    const sig = createHash('sha256').update(`${last?.sig ?? 'genesis'}|${JSON.stringify(evt)}`).digest('hex');
    await insertCustody(q, { id: uuidv7(now.getTime()), flight_id: id, step: b.step, scanned_code: evt.scannedCode, signed_by: actor.id, facility_id: facilityId, at: now, temp_c: evt.tempC, breaks: check.breaks, note: evt.note, sig });
    const set: Partial<FlightRow> = { updated_at: now };
    if (rule.to) set.state = rule.to;
    if (rule.stamp) (set as Record<string, unknown>)[rule.stamp] = now;
    if (check.breaks.length) set.custody_break = true;
    if (b.step === 'launched') {
      const d = await findDrone(q, f.drone_id!, true);
      if (!d || d.status !== 'available') throw conflict('DRONE_UNAVAILABLE', 'The drone is not available', 'Thiết bị bay không sẵn sàng');
      await updateDrone(q, d.id, { status: 'in_flight' });
    }
    if (b.step === 'landed' && f.drone_id) await updateDrone(q, f.drone_id, { status: 'available', ...(f.last_battery_pct !== null ? { battery_pct: f.last_battery_pct } : {}) });
    await updateFlight(q, id, set);
    if (check.breaks.length) {
      await q.query(
        `INSERT INTO drone_alert (id, flight_id, drone_id, kind, message, message_vi, detail, status, created_at) VALUES ($1,$2,$3,'custody',$4,$5,$6,'open',$7) ON CONFLICT (flight_id, kind) WHERE status = 'open' DO NOTHING`,
        [uuidv7(now.getTime()), id, f.drone_id ?? (await q.query<{ id: string }>('SELECT id FROM drone LIMIT 1'))[0]?.id, `Custody break at "${b.step}": ${check.breaks.join(', ')}`, `Đứt chuỗi giao nhận ở bước "${b.step}": ${check.breaks.join(', ')}`, JSON.stringify({ step: b.step, breaks: check.breaks, missing: check.missing }), now]);
    }
    await audit(q, actor, f, 'custody', { step: b.step, breaks: check.breaks });
    const fresh = (await findFlightScoped(q, id, actor.facilityIds))!;
    return { flight: toFlight(fresh, await padsOf(q, f)), breaks: check.breaks, missing: check.missing };
  });
  if (!out) throw notFound('Flight');
  return out;
}

export async function track(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const f = await scopedOrThrow(q, actor, id, 'read');
    if (!f) return null;
    await audit(q, actor, f, 'read', { track: true });
    return (await trackOf(q, id, 5000)).map((p) => ({ at: iso(p.at)!, lat: p.lat, lon: p.lon, altM: p.alt_m, speedMps: p.speed_mps, batteryPct: p.battery_pct, tempC: p.temp_c }));
  });
  if (!out) throw notFound('Flight');
  return out;
}

export const toAlert = (a: DroneAlertRow) => ({
  id: a.id, flightId: a.flight_id, droneId: a.drone_id, kind: a.kind, message: a.message, messageVi: a.message_vi, detail: a.detail, status: a.status,
  createdAt: iso(a.created_at)!, acknowledgedAt: iso(a.acknowledged_at),
});

export async function acknowledgeAlert(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, DISPATCH_ROLES)) throw forbidden();
  return db.tx(async (q) => {
    const a = (await q.query<DroneAlertRow & { from_facility_id: string; to_facility_id: string; patient_id: string | null }>(
      'SELECT a.*, fl.from_facility_id, fl.to_facility_id, fl.patient_id FROM drone_alert a JOIN drone_flight fl ON fl.id = a.flight_id WHERE a.id = $1 AND (fl.from_facility_id = ANY($2::uuid[]) OR fl.to_facility_id = ANY($2::uuid[])) FOR UPDATE OF a',
      [id, actor.facilityIds]))[0];
    if (!a) throw notFound('Alert');
    if (a.status !== 'open') throw conflict('ALREADY_ACKNOWLEDGED', 'The alert is already acknowledged', 'Cảnh báo đã được xác nhận');
    await q.query("UPDATE drone_alert SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1", [id, actor.id, now]);
    await appendAudit(q, { userId: actor.id, facilityId: actor.facilityIds.includes(a.from_facility_id) ? a.from_facility_id : a.to_facility_id, action: 'acknowledge', resourceType: 'DroneAlert', resourceId: id, patientId: a.patient_id, outcome: 'success', details: { kind: a.kind } });
    return toAlert({ ...a, status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.id });
  });
}

export async function alerts(db: Db, actor: Actor, openOnly: boolean) {
  if (!hasRole(actor, [...READING_ROLES, 'governance_officer'])) throw forbidden();
  return (await alertsFor(db, actor.facilityIds, openOnly)).map(toAlert);
}
