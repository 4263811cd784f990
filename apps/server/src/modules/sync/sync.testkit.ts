/** Test helpers shared by the sync tests: a province app listening, stations on PGlite. */
import type { Queryable } from '../../db/db.ts';
import { openTestApp, openTestDb, type TestApp, type TestDb } from '../../testing/harness.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { SyncAgent } from './sync.agent.ts';
import { generateStationKey, type StationKeyPair } from './sync.keys.ts';
import { registerStation } from './sync.province.ts';
import { enableProvince, enableStation } from './sync.station.ts';

export const STATION_IDS = ['0190f000-0000-7000-8000-000000000001', '0190f000-0000-7000-8000-000000000002', '0190f000-0000-7000-8000-000000000003'];

export async function addFacilities(q: Queryable): Promise<void> {
  for (const [i, id] of STATION_IDS.entries()) {
    await q.query(`INSERT INTO facility(id, code, name, kind, province, commune) VALUES ($1, $2, $3, 'station', '68', $4) ON CONFLICT DO NOTHING`, [id, `TYT-${i + 1}`, `Trạm Y tế ${i + 1}`, `2${i}`]);
  }
}

export interface Province extends TestApp {
  url: string;
}

export async function openProvince(): Promise<Province> {
  const t = await openTestApp('postgres', { seed: false });
  await addFacilities(t.db);
  await enableProvince(t.db);
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...t, url };
}

export interface Station extends TestDb {
  id: string;
  key: StationKeyPair;
  agent(upstream: string, opts?: { now?: () => number; timeoutMs?: number }): SyncAgent;
}

export async function openStation(province: Province, index: number, dataDir?: string): Promise<Station> {
  const t = dataDir ? await openTestDbAt(dataDir) : await openTestDb('pglite');
  const id = STATION_IDS[index]!;
  await addFacilities(t.db);
  await enableStation(t.db, id);
  const key = generateStationKey();
  await registerStation(province.db, id, key.publicKey);
  return {
    ...t, id, key,
    agent: (upstream, opts = {}) => new SyncAgent({ db: t.db, upstream, stationId: id, privateKey: key.privateKey, batchSize: 500, timeoutMs: opts.timeoutMs ?? 5000, ...(opts.now ? { now: opts.now } : {}) }),
  };
}

async function openTestDbAt(dataDir: string): Promise<TestDb> {
  const { openPglite } = await import('../../db/db.ts');
  const { migrate } = await import('../../db/migrate.ts');
  const db = await openPglite(dataDir);
  await migrate(db);
  return { db, raw: db, close: () => db.close() };
}

/** A visit at a station: a patient, an encounter, two vitals (what the fault test writes). */
export async function writeVisit(q: Queryable, station: string, at: Date): Promise<{ patient: string }> {
  const patient = uuidv7(at.getTime());
  const enc = uuidv7(at.getTime());
  await q.query(`INSERT INTO patient(id, facility_id, full_name, name_search, sex, birth_date, phone, province, commune, created_at)
    VALUES ($1, $2, 'Nguyễn Thị Hoa', 'nguyen thi hoa', 'female', '1980-04-02', '0901234567', '68', '20', $3)`, [patient, station, at]);
  await q.query(`INSERT INTO encounter(id, patient_id, facility_id, type, started_at) VALUES ($1, $2, $3, 'station', $4)`, [enc, patient, station, at]);
  await q.query(`INSERT INTO observation(id, patient_id, encounter_id, facility_id, category, code, display, value_num, unit, effective_at, created_at)
    VALUES ($1, $2, $3, $4, 'vital-signs', '8480-6', 'Systolic blood pressure', 128, 'mm[Hg]', $5, $5),
           ($6, $2, $3, $4, 'vital-signs', '8867-4', 'Heart rate', 76, '/min', $5, $5)`, [uuidv7(at.getTime()), patient, enc, station, at, uuidv7(at.getTime())]);
  return { patient };
}
