/**
 * Demo data: one provincial hospital, three commune health stations, six staff accounts and ~200
 * synthetic patients with a few months of vitals and labs. Deterministic for a given seed and
 * anchor date, so screenshots and tests see the same people. The facilities' names are fictional
 * (no real hospital or station is named); they sit in real communes of Thái Nguyên province.
 */
import type { Db, Queryable } from '../db.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { foldVietnamese } from '../../lib/text.ts';
import { appendAudit } from '../../modules/audit/audit.repo.ts';
import { hashPassword } from '../../modules/auth/password.ts';
import type { Role } from '../../modules/auth/roles.ts';
import { insertObservations, type ObservationRow } from '../../modules/observations/observations.repo.ts';
import { CONSCIOUSNESS, ON_OXYGEN, VITALS, type VitalKey } from '../../modules/observations/vitals.ts';
import { DEMO_LRS_CLIENT, registerClient } from '../../modules/xapi/xapi.service.ts';
import { seedDrones } from './drones.ts';
import { HAMLETS, vietnameseName } from './names.ts';
import { mulberry32, type Rng } from './prng.ts';

export const DEMO_PASSWORD = 'yte-demo';
const PROVINCE = 'Thái Nguyên';

export const DEMO_FACILITIES = [
  { code: 'BVDK-TN', name: 'Bệnh viện Đa khoa Hương Chè', kind: 'hospital', commune: 'Phường Phan Đình Phùng', patients: 80 },
  { code: 'TYT-TANCUONG', name: 'Trạm Y tế Đồi Chè', kind: 'station', commune: 'Xã Tân Cương', patients: 40 },
  { code: 'TYT-DAIPHUC', name: 'Trạm Y tế Suối Mơ', kind: 'station', commune: 'Xã Đại Phúc', patients: 40 },
  { code: 'TYT-PHUBINH', name: 'Trạm Y tế Làng Mây', kind: 'station', commune: 'Xã Phú Bình', patients: 40 },
] as const;

export const DEMO_USERS: ReadonlyArray<{ username: string; fullName: string; roles: Role[]; facilities: string[] }> = [
  { username: 'bs.lan', fullName: 'BS. Nguyễn Thị Lan', roles: ['doctor'], facilities: ['BVDK-TN'] },
  { username: 'dd.hoa', fullName: 'ĐD. Trần Thị Hoa', roles: ['nurse'], facilities: ['BVDK-TN'] },
  { username: 'bs.minh', fullName: 'BS. CĐHA Lê Quang Minh', roles: ['radiologist'], facilities: ['BVDK-TN'] },
  { username: 'yt.tuan', fullName: 'YS. Phạm Văn Tuấn', roles: ['station_staff'], facilities: ['TYT-TANCUONG', 'TYT-DAIPHUC', 'TYT-PHUBINH'] },
  { username: 'ql.hung', fullName: 'Hoàng Văn Hùng', roles: ['facility_admin'], facilities: ['BVDK-TN'] },
  { username: 'qt.mai', fullName: 'ThS. Vũ Thị Mai', roles: ['governance_officer'], facilities: ['BVDK-TN', 'TYT-TANCUONG', 'TYT-DAIPHUC', 'TYT-PHUBINH'] },
];

const LABS = {
  creatinine: { loinc: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma', unit: 'umol/L' },
  potassium: { loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ref: [3.5, 5.1] },
  sodium: { loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ref: [135, 145] },
  glucose: { loinc: '14749-6', display: 'Glucose [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ref: [3.9, 6.4] },
  hemoglobin: { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL' },
  cholesterol: { loinc: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma', unit: 'mmol/L', ref: [0, 5.2] },
} as const;

export interface SeedSummary {
  facilities: number;
  users: number;
  patients: number;
  encounters: number;
  observations: number;
}

function cccdFor(rng: Rng, sex: 'male' | 'female', birthYear: number): string {
  const province = rng.weighted([['019', 8], ['006', 1], ['001', 1], ['024', 1]] as const);
  const centuryDigit = (Math.floor((birthYear - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0)).toString();
  return `${province}${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Loads the demo data when the database has no facility yet. `anchor` is "today" for the data. */
export async function seedDemo(db: Db, anchor: Date, seed = 20261122): Promise<SeedSummary | null> {
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM facility');
  if ((existing[0]?.n ?? 0) > 0) return null;
  const rng = mulberry32(seed);
  const hashes = new Map<string, string>();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) hashes.set(u.username, passwordHash);

  return db.tx(async (q) => {
    const facilityIds = new Map<string, string>();
    for (const f of DEMO_FACILITIES) {
      const id = uuidv7(anchor.getTime());
      facilityIds.set(f.code, id);
      await q.query('INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1,$2,$3,$4,$5,$6)', [id, f.code, f.name, f.kind, PROVINCE, f.commune]);
      // The network registry (migration 037): Thái Nguyên is province 19 of the 2025 list; made-up
      // catchments (adults ≥ 40 at 38 %, under-5s at 7 %), the stations supervised by the hospital.
      const pop = f.kind === 'station' ? { 'TYT-TANCUONG': 9800, 'TYT-DAIPHUC': 7600, 'TYT-PHUBINH': 11200 }[f.code as string] ?? 0 : 0;
      await q.query(`INSERT INTO network_facility (facility_id, level, province_code, supervised_by, population, pop_adult40, pop_under5) VALUES ($1,$2,'19',$3,$4,$5,$6)`,
        [id, f.kind === 'station' ? 'commune_station' : 'provincial_hospital', f.kind === 'station' ? facilityIds.get('BVDK-TN') : null, pop, Math.round(pop * 0.38), Math.round(pop * 0.07)]);
    }
    const userIds: string[] = [];
    for (const u of DEMO_USERS) {
      const id = uuidv7(anchor.getTime());
      userIds.push(id);
      await q.query('INSERT INTO app_user (id, username, full_name, password_hash, roles) VALUES ($1,$2,$3,$4,$5)', [id, u.username, u.fullName, hashes.get(u.username), u.roles]);
      for (const code of u.facilities) await q.query('INSERT INTO user_facility (user_id, facility_id) VALUES ($1,$2)', [id, facilityIds.get(code)]);
    }
    await registerClient(q, { ...DEMO_LRS_CLIENT, secretHash: passwordHash, facilityId: facilityIds.get(DEMO_LRS_CLIENT.facilityCode)! });
    const recorder = userIds[1]!;
    const counts = await seedPatients(q, rng, anchor, facilityIds, recorder);
    await seedDrones(q, anchor, facilityIds, new Map(DEMO_USERS.map((u, i) => [u.username, userIds[i]!])));
    await appendAudit(q, { userId: null, facilityId: null, action: 'seed', resourceType: 'Database', resourceId: null, patientId: null, outcome: 'success', details: { seed, anchor: isoDate(anchor), ...counts } }, anchor);
    return { facilities: DEMO_FACILITIES.length, users: DEMO_USERS.length, ...counts };
  });
}

async function seedPatients(q: Queryable, rng: Rng, anchor: Date, facilityIds: Map<string, string>, recorder: string) {
  let patients = 0;
  let encounters = 0;
  const obsRows: ObservationRow[] = [];
  const dayMs = 86_400_000;
  for (const f of DEMO_FACILITIES) {
    const facilityId = facilityIds.get(f.code)!;
    for (let i = 0; i < f.patients; i++) {
      const sex = rng.next() < 0.5 ? 'male' : 'female';
      // Ages: 15 % under five (nutrition screening), the rest adults skewed older (ward patients).
      const ageYears = rng.next() < 0.15 ? 0.5 + rng.next() * 4.5 : rng.int(16, 88) + rng.next();
      const birth = new Date(anchor.getTime() - Math.round(ageYears * 365.25 * dayMs));
      const birthDate = isoDate(birth);
      const id = uuidv7(anchor.getTime() - 200 * dayMs + patients * 60_000);
      const fullName = vietnameseName(rng, sex);
      const child = ageYears < 6;
      await q.query(
        `INSERT INTO patient (id, facility_id, full_name, name_search, sex, birth_date, cccd, bhyt, phone, province, commune, address_line, created_at, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
        [
          id, facilityId, fullName, foldVietnamese(fullName), sex, birthDate,
          rng.next() < 0.85 ? cccdFor(rng, sex, birth.getUTCFullYear()) : null,
          rng.next() < 0.9 ? `${child ? 'TE' : ageYears > 60 ? 'HT' : rng.pick(['DN', 'HC', 'GD', 'NO'])}${child ? 1 : rng.int(2, 4)}19${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}` : null,
          child ? null : `0${rng.pick(['9', '8', '3', '7'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
          PROVINCE, f.commune, rng.pick(HAMLETS), new Date(anchor.getTime() - 200 * dayMs).toISOString(), recorder,
        ],
      );
      patients++;
      // A few months of visits; one in ten adults deteriorates over the last visits.
      const visits = rng.int(2, 6);
      const deteriorating = !child && rng.next() < 0.1;
      const base = {
        pulse: rng.normal(child ? 110 : 78, 8), rr: rng.normal(child ? 28 : 16, 2), spo2: rng.normal(97.5, 1),
        sbp: rng.normal(child ? 95 : 118 + Math.max(0, ageYears - 40) * 0.6, 10), temp: rng.normal(36.8, 0.2),
        weight: child ? 3.3 + ageYears * 2.4 + rng.normal(0, 0.8) : rng.normal(sex === 'male' ? 60 : 52, 8),
        height: child ? 50 + ageYears * 11 + rng.normal(0, 2) : rng.normal(sex === 'male' ? 165 : 155, 6),
        creat: sex === 'male' ? rng.normal(85, 12) : rng.normal(65, 10),
      };
      for (let v = 0; v < visits; v++) {
        const daysAgo = Math.round(((visits - v) / visits) * 110 + rng.next() * 8);
        // Clinic hours 07:00–16:00 in Vietnam (UTC+7) are 00:00–09:00 UTC.
        const startedAt = new Date(anchor.getTime() - daysAgo * dayMs + rng.int(0, 9) * 3600_000 + rng.int(0, 3) * 900_000);
        const encId = uuidv7(startedAt.getTime());
        encounters++;
        await q.query('INSERT INTO encounter (id, patient_id, facility_id, type, reason, started_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
          encId, id, facilityId, f.kind === 'station' ? 'station' : v === visits - 1 && deteriorating ? 'inpatient' : 'outpatient',
          rng.pick(child ? ['Khám sức khoẻ định kỳ', 'Sốt, ho', 'Tiêm chủng, cân đo'] : ['Khám định kỳ tăng huyết áp', 'Ho kéo dài', 'Đau ngực', 'Tái khám đái tháo đường', 'Sốt', 'Khó thở']),
          startedAt.toISOString(), recorder,
        ]);
        const worse = deteriorating ? Math.max(0, v - (visits - 3)) : 0; // 0, then 1, 2 on the last visits
        const vit: Partial<Record<VitalKey, number>> = {
          respRate: Math.round(base.rr + worse * 4 + rng.normal(0, 1)),
          spo2: Math.min(100, Math.round(base.spo2 - worse * 3 + rng.normal(0, 0.5))),
          systolicBP: Math.round(base.sbp - worse * 12 + rng.normal(0, 5)),
          pulse: Math.round(base.pulse + worse * 15 + rng.normal(0, 4)),
          temperatureC: Math.round((base.temp + worse * 0.8 + rng.normal(0, 0.15)) * 10) / 10,
          weightKg: Math.round((base.weight + (child ? v * 0.3 : rng.normal(0, 0.3))) * 10) / 10,
        };
        vit.diastolicBP = Math.round(vit.systolicBP! * 0.65 + rng.normal(0, 3));
        if (child || v === 0) vit.heightCm = Math.round((base.height + (child ? v * 1.2 : 0)) * 10) / 10;
        if (child && ageYears >= 0.5) vit.muacMm = Math.round(125 + ageYears * 5 + rng.normal(0, 8));
        const row = (over: Partial<ObservationRow>): ObservationRow => ({
          id: uuidv7(startedAt.getTime()), patient_id: id, encounter_id: encId, facility_id: facilityId, category: 'vital-signs',
          code_system: 'http://loinc.org', code: '', display: '', value_num: null, value_text: null, unit: null, ref_low: null, ref_high: null,
          effective_at: startedAt, recorded_by: recorder, device_id: null, created_at: startedAt, ...over,
        });
        for (const [k, value] of Object.entries(vit) as [VitalKey, number][]) {
          const def = VITALS[k];
          obsRows.push(row({ code: def.loinc, display: def.display, value_num: Math.min(def.max, Math.max(def.min, value)), unit: def.unit }));
        }
        obsRows.push(row({ code: CONSCIOUSNESS.loinc, display: CONSCIOUSNESS.display, value_text: worse >= 2 && rng.next() < 0.5 ? 'C' : 'A' }));
        obsRows.push(row({ code_system: ON_OXYGEN.system, code: ON_OXYGEN.code, display: ON_OXYGEN.display, value_text: worse >= 2 ? 'true' : 'false' }));
        if (!child && (f.kind === 'hospital' || v % 2 === 0)) {
          const lab = (l: { loinc: string; display: string; unit: string }, value: number, ref: readonly [number, number] | null) =>
            obsRows.push(row({ category: 'laboratory', code: l.loinc, display: l.display, unit: l.unit, value_num: Math.round(value * 10) / 10, ref_low: ref?.[0] ?? null, ref_high: ref?.[1] ?? null }));
          const creatRef = sex === 'male' ? ([62, 106] as const) : ([44, 80] as const);
          lab(LABS.creatinine, base.creat * (1 + worse * 0.8) + rng.normal(0, 4), creatRef);
          lab(LABS.potassium, rng.normal(4.2, 0.3) + worse * 0.5, LABS.potassium.ref);
          lab(LABS.sodium, rng.normal(139, 2), LABS.sodium.ref);
          lab(LABS.glucose, rng.normal(5.6, 1.2), LABS.glucose.ref);
          lab(LABS.hemoglobin, rng.normal(sex === 'male' ? 14.5 : 12.8, 1), sex === 'male' ? [13, 17] : [12, 15]);
          if (v === 0) lab(LABS.cholesterol, rng.normal(5.1, 0.8), LABS.cholesterol.ref);
        }
      }
    }
  }
  for (let i = 0; i < obsRows.length; i += 400) await insertObservations(q, obsRows.slice(i, i + 400));
  return { patients, encounters, observations: obsRows.length };
}
