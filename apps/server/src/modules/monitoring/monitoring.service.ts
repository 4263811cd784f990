/**
 * Device readings in, NEWS2 alerts out. Every reading (device or manual) is scored with the
 * patient's latest values in the last hour; alerts follow alert-policy.ts and are recorded as
 * suggestions of the NEWS2 rule as well, so governance sees them like any other output.
 */
import { createHash } from 'node:crypto';
import { news2 } from '@yte/clinical';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound, patientNotFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { findBadText } from '../../lib/input-guard.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES } from '../auth/roles.ts';
import { assembleNews2 } from '../decision/inputs.ts';
import { vitalsToRows } from '../observations/build.ts';
import { insertObservations, type ObservationRow } from '../observations/observations.repo.ts';
import type { ObservationPipeline, ObservationsSaved } from '../observations/pipeline.ts';
import { instantProblem } from '../observations/instants.ts';
import { CONSCIOUSNESS, ON_OXYGEN, VITALS, type VitalsInput, vitalTypeProblem } from '../observations/vitals.ts';
import { recordSuggestion } from '../suggestions/suggestions.service.ts';
import { nextAction } from './alert-policy.ts';
import type { AlertEvent } from './hub.ts';

export const MAX_BATCH = 5000;
const NEWS2_CODES = [VITALS.respRate.loinc, VITALS.spo2.loinc, VITALS.systolicBP.loinc, VITALS.pulse.loinc, VITALS.temperatureC.loinc, CONSCIOUSNESS.loinc, ON_OXYGEN.code];
export const SCORING_WINDOW_MS = 60 * 60_000;
const CARE_ROLES = ['nurse', 'doctor', 'station_staff'] as const;

export interface IngestItem {
  deviceId?: unknown;
  at?: unknown;
  vitals?: unknown;
}

export interface ItemResult {
  index: number;
  status: 'stored' | 'duplicate' | 'rejected';
  error?: { code: string; field?: string; message: string; messageVi: string };
}

interface DeviceRow {
  id: string;
  facility_id: string;
  patient_id: string | null;
  encounter_id: string | null;
  key_hash: string | null;
  birth_date: string | null;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Who is sending: a staff session (their facilities) or a device key (its facility). */
export type IngestCaller = { kind: 'staff'; actor: Actor } | { kind: 'device'; deviceId: string; facilityId: string } | { kind: 'system' };

export async function deviceForKey(db: Db, key: string) {
  const rows = await db.query<{ id: string; facility_id: string }>('SELECT id, facility_id FROM device WHERE key_hash = $1', [hashKey(key)]);
  return rows[0] ?? null;
}

/** Where a device is registered: its facility's code and its bed (MQTT topics must name both). */
export async function deviceRegistration(db: Db, deviceId: string): Promise<{ facilityCode: string; bed: string | null } | null> {
  const rows = await db.query<{ code: string; bed: string | null }>('SELECT f.code, d.bed FROM device d JOIN facility f ON f.id = d.facility_id WHERE d.id = $1', [deviceId]);
  return rows[0] ? { facilityCode: rows[0].code, bed: rows[0].bed } : null;
}

const reject = (index: number, code: string, message: string, messageVi: string, field?: string): ItemResult => ({
  index, status: 'rejected', error: { code, message, messageVi, ...(field ? { field } : {}) },
});

/**
 * Stores a batch: each item validated on its own, valid ones written in one transaction with one
 * audit entry; re-sent readings (same device, code and instant) count as duplicates.
 */
export async function ingest(db: Db, caller: IngestCaller, items: IngestItem[], pipeline: ObservationPipeline, now = new Date()) {
  if (caller.kind === 'staff' && !hasRole(caller.actor, CARE_ROLES)) throw forbidden();
  if (items.length === 0) throw badInput('EMPTY_BATCH', 'The batch has no readings', 'Lô dữ liệu không có số đo nào');
  if (items.length > MAX_BATCH) throw badInput('BATCH_TOO_LARGE', `At most ${MAX_BATCH} readings per batch (got ${items.length})`, `Tối đa ${MAX_BATCH} số đo mỗi lô`);
  const deviceIds = [...new Set(items.map((i) => (typeof i?.deviceId === 'string' ? i.deviceId : '')).filter((id) => id && !findBadText(id)))];
  const devices = new Map(
    (await db.query<DeviceRow>('SELECT d.id, d.facility_id, d.patient_id, d.encounter_id, d.key_hash, p.birth_date FROM device d LEFT JOIN patient p ON p.id = d.patient_id WHERE d.id = ANY($1::text[])', [deviceIds])).map((d) => [d.id, d]),
  );
  const results: ItemResult[] = [];
  const byPatient = new Map<string, { device: DeviceRow; rows: ObservationRow[]; items: Array<{ result: ItemResult; rows: ObservationRow[] }> }>();
  items.forEach((item, index) => {
    if (!item || typeof item !== 'object') return results.push(reject(index, 'INVALID_ITEM', 'Each reading must be a JSON object', 'Mỗi số đo phải là một đối tượng JSON'));
    // MQTT readings reach here without the HTTP input guard: the same refusal of NUL / lone surrogates.
    const bad = findBadText(item);
    if (bad) return results.push(reject(index, 'INVALID_CHARACTER', `${bad.path || 'item'} contains a character that is not valid text (${bad.what})`, `Trường ${bad.path || 'item'} chứa ký tự không hợp lệ`, bad.path || undefined));
    if (typeof item.deviceId !== 'string' || !item.deviceId) return results.push(reject(index, 'MISSING_FIELD', 'deviceId is required', 'Thiếu deviceId', 'deviceId'));
    const device = devices.get(item.deviceId);
    const allowed = device && (caller.kind === 'system' || (caller.kind === 'device' ? caller.facilityId === device.facility_id : caller.actor.facilityIds.includes(device.facility_id)));
    if (!device || !allowed) return results.push(reject(index, 'UNKNOWN_DEVICE', `Device ${item.deviceId} is not registered at your facility`, `Thiết bị ${item.deviceId} chưa đăng ký tại cơ sở của bạn`, 'deviceId'));
    if (!device.patient_id) return results.push(reject(index, 'DEVICE_NOT_ASSIGNED', `Device ${item.deviceId} is not assigned to a patient`, `Thiết bị ${item.deviceId} chưa gắn với bệnh nhân`, 'deviceId'));
    const at = typeof item.at === 'string' ? new Date(item.at) : null;
    if (!at || Number.isNaN(at.getTime())) return results.push(reject(index, 'INVALID_DATE', 'at must be an ISO-8601 instant', 'Thời điểm đo không hợp lệ', 'at'));
    const when = instantProblem(at, device.birth_date, now, 'at');
    if (when) return results.push(reject(index, when.code, when.message, when.messageVi, 'at'));
    if (!item.vitals || typeof item.vitals !== 'object' || Array.isArray(item.vitals)) return results.push(reject(index, 'MISSING_FIELD', 'vitals is required', 'Thiếu vitals', 'vitals'));
    const shape = vitalTypeProblem(item.vitals as Record<string, unknown>);
    if (shape) return results.push(reject(index, shape.code, shape.message, shape.messageVi, shape.field));
    try {
      const rows = vitalsToRows(item.vitals as VitalsInput, {
        patientId: device.patient_id, encounterId: device.encounter_id, facilityId: device.facility_id, effectiveAt: at,
        recordedBy: caller.kind === 'staff' ? caller.actor.id : null, deviceId: device.id, now, path: 'vitals',
      });
      const g = byPatient.get(device.patient_id) ?? { device, rows: [], items: [] };
      const result: ItemResult = { index, status: 'stored' };
      g.rows.push(...rows);
      g.items.push({ result, rows });
      byPatient.set(device.patient_id, g);
      results.push(result);
    } catch (e) {
      if (e instanceof AppError) results.push(reject(index, e.code, e.message, e.messageVi, e.field));
      else results.push(reject(index, 'INVALID_VITALS', 'vitals must hold numbers in their units', 'Chỉ số sinh tồn không hợp lệ', 'vitals'));
    }
  });
  const events: ObservationsSaved[] = [];
  if (byPatient.size > 0) {
    await db.tx(async (q) => {
      // One statement for the whole batch; then the hooks see each patient's new rows, all at once.
      const inserted = new Set(await insertObservations(q, [...byPatient.values()].flatMap((g) => g.rows)));
      for (const [patientId, g] of byPatient) {
        // An item is a duplicate when none of its rows was new (the device re-sent it).
        for (const it of g.items) if (it.rows.every((r) => !inserted.has(r.id))) it.result.status = 'duplicate';
        const fresh = g.rows.filter((r) => inserted.has(r.id));
        if (fresh.length === 0) continue;
        events.push({ patientId, encounterId: g.device.encounter_id, facilityId: g.device.facility_id, rows: fresh, actorId: caller.kind === 'staff' ? caller.actor.id : null, source: 'device', now });
      }
      await pipeline.runInTransaction(q, events);
      const counts = { stored: results.filter((r) => r.status === 'stored').length, duplicate: results.filter((r) => r.status === 'duplicate').length, rejected: results.filter((r) => r.status === 'rejected').length };
      await appendAudit(q, {
        userId: caller.kind === 'staff' ? caller.actor.id : null, facilityId: [...byPatient.values()][0]!.device.facility_id, action: 'ingest',
        resourceType: 'Observation', resourceId: null, patientId: byPatient.size === 1 ? [...byPatient.keys()][0]! : null, outcome: 'success',
        details: { ...counts, patients: [...byPatient.keys()], source: caller.kind === 'device' ? `device:${caller.deviceId}` : caller.kind },
      });
    });
    for (const ev of events) await pipeline.runAfterCommit(ev);
  }
  results.sort((a, b) => a.index - b.index);
  return { results, stored: results.filter((r) => r.status === 'stored').length, duplicates: results.filter((r) => r.status === 'duplicate').length, rejected: results.filter((r) => r.status === 'rejected').length };
}

export interface AlertRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  facility_id: string;
  level: 'urgent' | 'emergency';
  score: number;
  sub_scores: unknown;
  explanation: unknown;
  reason: string;
  status: 'open' | 'acknowledged' | 'resolved';
  suggestion_id: string | null;
  created_at: Date;
  updated_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string[] | null;
  resolved_at: Date | null;
  full_name?: string;
  bed?: string | null;
}

export const toAlert = (a: AlertRow) => ({
  id: a.id, patientId: a.patient_id, patientName: a.full_name ?? null, bed: a.bed ?? null, encounterId: a.encounter_id, facilityId: a.facility_id,
  level: a.level, score: a.score, subScores: a.sub_scores, explanation: a.explanation, reason: a.reason, status: a.status,
  suggestionId: a.suggestion_id, createdAt: new Date(a.created_at).toISOString(), updatedAt: new Date(a.updated_at).toISOString(),
  acknowledgedBy: a.acknowledged_by, acknowledgedAt: a.acknowledged_at ? new Date(a.acknowledged_at).toISOString() : null,
  escalatedAt: a.escalated_at ? new Date(a.escalated_at).toISOString() : null, escalatedTo: a.escalated_to ?? [],
});

/**
 * In-transaction hook: scores each patient after new vital signs and opens, raises or resolves
 * their alert episode. A gateway's batch is read in three statements whatever its number of
 * patients (birth dates, each NEWS2 parameter's latest reading, open alerts locked in patient
 * order so concurrent batches cannot deadlock). Returns the events to publish after commit, per
 * saved event.
 */
export async function evaluatePatients(q: Queryable, evs: ObservationsSaved[]): Promise<Map<ObservationsSaved, AlertEvent[]>> {
  const out = new Map<ObservationsSaved, AlertEvent[]>();
  const scored = evs.filter((ev) => ev.rows.some((r) => r.category === 'vital-signs'));
  if (scored.length === 0) return out;
  const latestAt = (ev: ObservationsSaved) => Math.max(...ev.rows.map((r) => new Date(r.effective_at).getTime()));
  const ids = scored.map((ev) => ev.patientId);
  const births = new Map((await q.query<{ id: string; birth_date: string }>('SELECT id, birth_date FROM patient WHERE id = ANY($1::uuid[])', [ids])).map((p) => [p.id, p.birth_date]));
  // The latest reading of each NEWS2 parameter in each patient's window (all assembleNews2 reads),
  // one index probe per patient and code rather than every reading of the hour.
  const windows = await q.query<ObservationRow>(
    `SELECT o.* FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS w(patient_id, lo, hi)
     CROSS JOIN unnest($4::text[]) AS c(code)
     CROSS JOIN LATERAL (SELECT * FROM observation WHERE patient_id = w.patient_id AND code = c.code AND category = 'vital-signs'
       AND effective_at > w.lo AND effective_at <= w.hi ORDER BY effective_at DESC, id DESC LIMIT 1) o`,
    [ids, scored.map((ev) => new Date(latestAt(ev) - SCORING_WINDOW_MS).toISOString()), scored.map((ev) => new Date(latestAt(ev)).toISOString()), NEWS2_CODES],
  );
  const opens = new Map((await q.query<AlertRow>(
    "SELECT * FROM alert WHERE patient_id = ANY($1::uuid[]) AND status <> 'resolved' ORDER BY patient_id FOR UPDATE", [ids],
  )).map((a) => [a.patient_id, a]));
  for (const ev of scored) {
    const birth = births.get(ev.patientId);
    if (!birth) continue;
    const at = latestAt(ev);
    const events = await applyNews2(q, ev, windows.filter((r) => r.patient_id === ev.patientId), (at - Date.parse(`${birth}T00:00:00Z`)) / (365.25 * 86_400_000), opens.get(ev.patientId));
    if (events.length) out.set(ev, events);
  }
  return out;
}

/** One patient's NEWS2 on their latest readings → the alert episode's next state. */
async function applyNews2(q: Queryable, ev: ObservationsSaved, window: ObservationRow[], ageYears: number, open: AlertRow | undefined): Promise<AlertEvent[]> {
  const a = assembleNews2(window, ageYears);
  if (!a.input) return [];
  const r = news2(a.input);
  if (!r.applicable || r.score === null || !r.subScores) return [];
  const action = nextAction(open ? { level: open.level } : null, { score: r.score, singleParameter3: r.singleParameter3 });
  const explanation = { items: r.explanation, notes: [...a.notes, `values taken from the last ${SCORING_WINDOW_MS / 60_000} min of readings`], band: r.band, monitoring: r.monitoring, response: r.response };
  if (action.kind === 'none') return [];
  if (action.kind === 'resolve') {
    await q.query("UPDATE alert SET status = 'resolved', resolved_at = $2, updated_at = $2 WHERE id = $1", [open!.id, ev.now.toISOString()]);
    return [{ type: 'alert-resolved', facilityId: open!.facility_id, data: { id: open!.id, patientId: open!.patient_id, score: r.score } }];
  }
  // Device readings: the alert is this rule's output, recorded as a suggestion here. Manual visits:
  // the decision module already recorded the visit's NEWS2 suggestion in this transaction; link to it.
  const suggestion = ev.source === 'device'
    ? await recordSuggestion(q, {
        toolId: r.source.id, toolVersion: r.source.version, kind: 'rule', patientId: ev.patientId, encounterId: ev.encounterId, facilityId: ev.facilityId,
        subjectRef: `Alert/${open?.id ?? 'new'}`, inputs: a.input, output: { score: r.score, band: r.band, subScores: r.subScores, singleParameter3: r.singleParameter3, alert: action.level },
        explanation: r.explanation, summary: `NEWS2 ${r.score} (${r.band}): ${action.level} response`, summaryVi: `NEWS2 ${r.score}: cần đáp ứng ${action.level === 'emergency' ? 'khẩn cấp' : 'khẩn'}`,
        severity: action.level, score: r.score,
      }, ev.now)
    : (await q.query<{ id: string }>("SELECT id FROM suggestion WHERE patient_id = $1 AND tool_id = $2 AND encounter_id IS NOT DISTINCT FROM $3 ORDER BY created_at DESC LIMIT 1", [ev.patientId, r.source.id, ev.encounterId]))[0] ?? null;
  let row: AlertRow;
  if (action.kind === 'open') {
    const id = uuidv7(ev.now.getTime());
    [row] = (await q.query<AlertRow>(
      `INSERT INTO alert (id, patient_id, encounter_id, facility_id, level, score, sub_scores, explanation, reason, status, suggestion_id, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'open',$10,$11,$11) RETURNING *`,
      [id, ev.patientId, ev.encounterId, ev.facilityId, action.level, r.score, JSON.stringify(r.subScores), JSON.stringify(explanation), action.reason, suggestion?.id ?? null, ev.now.toISOString()],
    )) as [AlertRow];
  } else {
    // A raised alert needs a new acknowledgement.
    [row] = (await q.query<AlertRow>(
      `UPDATE alert SET level = $2, score = $3, sub_scores = $4, explanation = $5, reason = $6, status = 'open', acknowledged_by = NULL, acknowledged_at = NULL,
         suggestion_id = COALESCE($7, suggestion_id), updated_at = $8 WHERE id = $1 RETURNING *`,
      [open!.id, action.level, r.score, JSON.stringify(r.subScores), JSON.stringify(explanation), action.reason, suggestion?.id ?? null, ev.now.toISOString()],
    )) as [AlertRow];
  }
  const [info] = await q.query<{ full_name: string; bed: string | null }>('SELECT p.full_name, (SELECT bed FROM device d WHERE d.patient_id = p.id LIMIT 1) AS bed FROM patient p WHERE p.id = $1', [ev.patientId]);
  return [{ type: 'alert', facilityId: row.facility_id, data: toAlert({ ...row, full_name: info?.full_name, bed: info?.bed ?? null }) }];
}

const ALERT_SELECT = `SELECT a.*, p.full_name, (SELECT bed FROM device d WHERE d.patient_id = a.patient_id LIMIT 1) AS bed
  FROM alert a JOIN patient p ON p.id = a.patient_id`;

export async function listAlerts(db: Db, actor: Actor, status: 'open' | 'all') {
  if (!hasRole(actor, CARE_ROLES)) throw forbidden();
  const rows = await db.query<AlertRow>(
    `${ALERT_SELECT} WHERE a.facility_id = ANY($1::uuid[]) AND ($2 = 'all' OR a.status <> 'resolved') ORDER BY a.level = 'emergency' DESC, a.created_at DESC LIMIT 200`,
    [actor.facilityIds, status],
  );
  return rows.map(toAlert);
}

/** One patient's alerts (newest first) for a user of the patient's facility, audited as one read; 404 elsewhere. */
export async function alertsOfPatient(db: Db, actor: Actor, patientId: string) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const p = await q.query<{ facility_id: string }>('SELECT facility_id FROM patient WHERE id = $1 AND facility_id = ANY($2::uuid[])', [patientId, actor.facilityIds]);
    await appendAudit(q, { userId: actor.id, facilityId: p[0]?.facility_id ?? null, action: 'read', resourceType: 'Alert', resourceId: null, patientId: p[0] ? patientId : null, outcome: p[0] ? 'success' : 'not_found', details: p[0] ? null : { patientId } });
    if (!p[0]) return null;
    return q.query<AlertRow>(`${ALERT_SELECT} WHERE a.patient_id = $1 AND a.facility_id = $2 ORDER BY a.created_at DESC LIMIT 200`, [patientId, p[0].facility_id]);
  });
  if (!out) throw patientNotFound();
  return out.map(toAlert);
}

export async function acknowledge(db: Db, actor: Actor, id: string, now = new Date()) {
  if (!hasRole(actor, ['nurse', 'doctor'])) throw forbidden();
  const out = await db.tx(async (q) => {
    const [a] = await q.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1 AND a.facility_id = ANY($2::uuid[]) FOR UPDATE OF a`, [id, actor.facilityIds]);
    if (!a) return null;
    if (a.status !== 'open') throw new AppError(409, 'NOT_OPEN', `This alert is ${a.status}`, 'Cảnh báo này không còn mở');
    await q.query("UPDATE alert SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, updated_at = $3 WHERE id = $1", [id, actor.id, now.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId: a.facility_id, action: 'acknowledge', resourceType: 'Alert', resourceId: id, patientId: a.patient_id, outcome: 'success', details: { level: a.level, score: a.score } });
    return toAlert({ ...a, status: 'acknowledged', acknowledged_by: actor.id, acknowledged_at: now });
  });
  if (!out) throw notFound('Alert');
  return out;
}

/** Escalates open alerts not acknowledged within `afterSeconds` to the facility's doctors. */
export async function escalateDue(db: Db, now: Date, afterSeconds: number): Promise<AlertEvent[]> {
  return db.tx(async (q) => {
    const due = await q.query<AlertRow>(
      `${ALERT_SELECT} WHERE a.status = 'open' AND a.escalated_at IS NULL AND a.updated_at <= $1 FOR UPDATE OF a SKIP LOCKED`,
      [new Date(now.getTime() - afterSeconds * 1000).toISOString()],
    );
    const events: AlertEvent[] = [];
    for (const a of due) {
      // The doctor on duty: the facility's doctors (a duty roster can narrow this later).
      const doctors = (await q.query<{ id: string }>("SELECT u.id FROM app_user u JOIN user_facility uf ON uf.user_id = u.id WHERE uf.facility_id = $1 AND 'doctor' = ANY(u.roles) AND u.active", [a.facility_id])).map((d) => d.id);
      await q.query('UPDATE alert SET escalated_at = $2, escalated_to = $3 WHERE id = $1', [a.id, now.toISOString(), doctors]);
      await appendAudit(q, { userId: null, facilityId: a.facility_id, action: 'escalate', resourceType: 'Alert', resourceId: a.id, patientId: a.patient_id, outcome: 'success', details: { afterSeconds, to: doctors } });
      events.push({ type: 'alert-escalated', facilityId: a.facility_id, data: toAlert({ ...a, escalated_at: now, escalated_to: doctors }) });
    }
    return events;
  });
}

export async function assignDevice(db: Db, actor: Actor, input: { deviceId: string; facilityId: string; bed?: string; patientId: string | null; encounterId?: string | null; apiKey?: string }, now = new Date()) {
  if (!hasRole(actor, ['nurse', 'doctor', 'facility_admin'])) throw forbidden();
  if (!actor.facilityIds.includes(input.facilityId)) throw input.patientId ? patientNotFound() : notFound('Facility');
  return db.tx(async (q) => {
    if (input.patientId) {
      const [p] = await q.query<{ id: string }>('SELECT id FROM patient WHERE id = $1 AND facility_id = $2', [input.patientId, input.facilityId]);
      if (!p) throw patientNotFound();
    }
    const [existing] = await q.query<{ facility_id: string }>('SELECT facility_id FROM device WHERE id = $1', [input.deviceId]);
    if (existing && !actor.facilityIds.includes(existing.facility_id)) throw notFound('Device');
    await q.query(
      `INSERT INTO device (id, facility_id, bed, patient_id, encounter_id, key_hash, assigned_at, assigned_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (id) DO UPDATE SET facility_id = EXCLUDED.facility_id, bed = EXCLUDED.bed, patient_id = EXCLUDED.patient_id, encounter_id = EXCLUDED.encounter_id,
         key_hash = COALESCE(EXCLUDED.key_hash, device.key_hash), assigned_at = EXCLUDED.assigned_at, assigned_by = EXCLUDED.assigned_by`,
      [input.deviceId, input.facilityId, input.bed ?? null, input.patientId, input.encounterId ?? null, input.apiKey ? hashKey(input.apiKey) : null, now.toISOString(), actor.id],
    );
    await appendAudit(q, { userId: actor.id, facilityId: input.facilityId, action: 'assign', resourceType: 'Device', resourceId: input.deviceId, patientId: input.patientId, outcome: 'success', details: { bed: input.bed ?? null } });
    return { deviceId: input.deviceId, facilityId: input.facilityId, bed: input.bed ?? null, patientId: input.patientId };
  });
}
