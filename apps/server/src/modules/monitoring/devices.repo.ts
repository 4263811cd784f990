/** Registered bedside monitors and gateways, as the facility admin console lists them (SQL only). */
import type { Queryable } from '../../db/db.ts';

export interface DeviceRow {
  id: string;
  facility_id: string;
  facility_code: string;
  bed: string | null;
  patient_id: string | null;
  patient_name: string | null;
  has_key: boolean;
  assigned_at: Date | null;
  assigned_by_name: string | null;
  last_reading_at: Date | null;
}

export async function listDevices(q: Queryable, facilityIds: string[]): Promise<DeviceRow[]> {
  return q.query<DeviceRow>(
    `SELECT d.id, d.facility_id, f.code AS facility_code, d.bed, d.patient_id, p.full_name AS patient_name, (d.key_hash IS NOT NULL) AS has_key,
       d.assigned_at, u.full_name AS assigned_by_name,
       (SELECT max(o.effective_at) FROM observation o WHERE o.device_id = d.id) AS last_reading_at
     FROM device d JOIN facility f ON f.id = d.facility_id
     LEFT JOIN patient p ON p.id = d.patient_id LEFT JOIN app_user u ON u.id = d.assigned_by
     WHERE d.facility_id = ANY($1::uuid[]) ORDER BY f.code, d.bed NULLS LAST, d.id`,
    [facilityIds],
  );
}

export async function deviceFacility(q: Queryable, id: string): Promise<string | undefined> {
  return (await q.query<{ facility_id: string }>('SELECT facility_id FROM device WHERE id = $1', [id]))[0]?.facility_id;
}

/** Removes the device's API key: its readings over HTTP answer 401 until a key is set again. */
export async function revokeDeviceKey(q: Queryable, id: string) {
  await q.query('UPDATE device SET key_hash = NULL WHERE id = $1', [id]);
}

/** Unassigns the device from its patient (the monitor stays registered at its bed). */
export async function releaseDevice(q: Queryable, id: string) {
  await q.query('UPDATE device SET patient_id = NULL, encounter_id = NULL WHERE id = $1', [id]);
}
