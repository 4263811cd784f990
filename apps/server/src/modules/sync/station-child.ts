/**
 * A station as its own process (for kill -9 in the fault test): opens its PGlite data directory,
 * runs the sync loop through the given upstream, writes `VISITS` visits and prints each one's
 * patient id after its commit ("V <id>"), then "SYNCED" once its outbox is empty.
 * Env: DATA_DIR, STATION_ID, STATION_KEY, UPSTREAM, VISITS, START_AT (ms, for the visit times).
 */
import { openPglite } from '../../db/db.ts';
import { migrate } from '../../db/migrate.ts';
import { SyncAgent } from './sync.agent.ts';
import { enableStation, syncStatus } from './sync.station.ts';
import { addFacilities, writeVisit } from './sync.testkit.ts';

const env = process.env;
const db = await openPglite(env.DATA_DIR!);
await migrate(db);
await addFacilities(db);
await enableStation(db, env.STATION_ID!);
const agent = new SyncAgent({ db, upstream: env.UPSTREAM!, stationId: env.STATION_ID!, privateKey: env.STATION_KEY!, intervalMs: 30, maxBackoffMs: 200, batchSize: 200, timeoutMs: 3000 });
agent.start();
const visits = Number(env.VISITS);
const start = Number(env.START_AT);
for (let i = 0; i < visits; i++) {
  const { patient } = await db.tx((q) => writeVisit(q, env.STATION_ID!, new Date(start + i * 1000)));
  process.stdout.write(`V ${patient}\n`);
  if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
}
process.stdout.write('WRITTEN\n');
for (;;) {
  const s = await syncStatus(db);
  if (s.pending === 0 && s.lastSyncedAt) break;
  await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write('SYNCED\n');
await agent.stop();
await db.close();
process.exit(0);
