/**
 * Station → province sync (issue 18). `sync throughput postgres`: changes/s the province applies
 * from sealed, signed gzip batches posted back to back (PGlite station, PostgreSQL province, on
 * this machine). `sync catch-up 10k`: seconds from the link coming back to 10,000 queued changes
 * acked (seal + push + apply + pull), one station.
 */
import { gzipSync } from 'node:zlib';
import { encodeBatch } from '@yte/sync';
import { PUSH_CONTENT_TYPE } from '../apps/server/src/modules/sync/sync.agent.ts';
import { signBytes } from '../apps/server/src/modules/sync/sync.keys.ts';
import { pendingBatches, seal } from '../apps/server/src/modules/sync/sync.station.ts';
import { openProvince, openStation, writeVisit } from '../apps/server/src/modules/sync/sync.testkit.ts';
import type { Bench } from './lib.ts';

const bench: Bench = async ({ quick, log }) => {
  const changes = quick ? 2000 : 10_000;
  const visits = changes / 4;
  const province = await openProvince();
  try {
    const [a, b] = [await openStation(province, 0), await openStation(province, 1)];
    for (const s of [a, b]) {
      await s.db.tx(async (q) => {
        for (let i = 0; i < visits; i++) await writeVisit(q, s.id, new Date(Date.parse('2026-12-07T01:00:00Z') + i * 1000));
      });
    }
    log(`${changes} changes queued at each of 2 stations`);

    // throughput: batches prepared first, then posted back to back
    await seal(a.db, Date.now(), 1000);
    const bodies = (await pendingBatches(a.db, 1000)).map((x) => gzipSync(encodeBatch(x)));
    const t0 = performance.now();
    let applied = 0;
    for (const body of bodies) {
      const res = await fetch(`${province.url}/api/sync/push`, { method: 'POST', body, headers: { 'content-type': PUSH_CONTENT_TYPE, 'x-yte-station': a.id, 'x-yte-signature': signBytes(a.key.privateKey, body) } });
      if (res.status !== 200) throw new Error(`push: ${res.status} ${await res.text()}`);
      applied += ((await res.json()) as { applied: number }).applied;
    }
    const throughput = applied / ((performance.now() - t0) / 1000);
    log(`${applied} changes applied in ${bodies.length} batches`);

    // catch-up: the whole round as the station's loop runs it
    const t1 = performance.now();
    const r = await b.agent(province.url).syncOnce();
    const catchUp = (performance.now() - t1) / 1000;
    if (r.pushed !== changes) throw new Error(`catch-up pushed ${r.pushed} of ${changes}`);
    await a.close();
    await b.close();
    return [
      { name: 'sync throughput postgres', value: Math.round(throughput), unit: 'changes/s', goal: '>= 5000' },
      { name: quick ? 'sync catch-up 2k (quick)' : 'sync catch-up 10k', value: Math.round(catchUp * 100) / 100, unit: 's', goal: quick ? null : '<= 10' },
    ];
  } finally {
    await province.close();
  }
};
export default bench;
