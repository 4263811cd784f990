/**
 * Claims XML (issue 17): build + validate (field and cross-file rules, catalogue) + sign (XMLDSig
 * RSA-SHA256, exc-c14n) the GIAMDINHHS envelope of 10,000 demo visits, one envelope per visit, split
 * over one worker thread per core (at most 2, the bench machine's cores). Data generation and key
 * set-up happen before the clock starts.
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bench } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));

const bench: Bench = async (ctx) => {
  const n = ctx.quick ? 500 : 10_000;
  const k = Math.max(1, Math.min(2, availableParallelism()));
  const workers = Array.from({ length: k }, (_, i) => new Worker(join(here, 'claims-worker.mjs'), {
    workerData: { from: Math.floor((i * n) / k), to: Math.floor(((i + 1) * n) / k), total: n, catalogueCsv: join(here, '../packages/claims/data/demo-catalogue.csv') },
  }));
  await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));
  ctx.log(`${n} visits on ${k} worker thread(s)`);
  const t0 = performance.now();
  const results = await Promise.all(workers.map((w) => new Promise<{ bytes: number; held: number; cpu: number }>((res, rej) => {
    w.once('message', res);
    w.once('error', rej);
    w.postMessage('go');
  })));
  const s = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  const held = results.reduce((a, r) => a + r.held, 0);
  if (held) throw new Error(`${held} demo visits were held back`);
  const cpu = results.reduce((a, r) => a + r.cpu, 0);
  const bytes = results.reduce((a, r) => a + r.bytes, 0);
  // Wall time depends on what else runs on the machine, so the CPU time of the workers is logged too.
  ctx.log(`${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU in all, ${(n / s).toFixed(0)} records/s, ${(bytes / n / 1024).toFixed(1)} KiB per envelope, load average ${loadavg()[0]!.toFixed(1)}`);
  const scale = 10_000 / n;
  return [
    { name: 'claims xml 10k visits', value: +(s * scale).toFixed(3), unit: 's', goal: '<= 10' },
    { name: 'claims xml records/s', value: Math.round(n / s), unit: 'records/s', goal: '>= 1000' },
  ];
};
export default bench;
