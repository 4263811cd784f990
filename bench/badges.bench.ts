/**
 * `badge verify` (issue 12: ≥ 1,000 verifications/s): offline verification of distinct Open
 * Badges 3.0 credentials in their VC-JWT form (VC-JOSE-COSE, EdDSA: strict JWS parse, Ed25519
 * over the exact bytes, issuer = signer, structure), validity period and revocation against a
 * cached signed status list — with the verifier the CLI and the server use. Measured on one worker
 * thread (per core) and on two (the 2-core machine's throughput, as a batch verifier would run it).
 * The same badges' Data Integrity form (eddsa-rdfc-2022: JSON-LD → RDFC-1.0 → SHA-256 → Ed25519)
 * is measured too, as `badge verify data integrity` (no goal: JSON-LD canonicalisation in jsonld.js
 * costs several ms a badge).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as cred from '../apps/server/src/modules/badges/credential/index.ts';

type Badge = cred.Credential | string;
import type { Bench } from './lib.ts';

const NOW = new Date('2026-11-01T08:00:00Z');

export async function makeBadges(n: number) {
  const lists: cred.Credential[] = [];
  const badges: cred.Credential[] = [];
  const jwts: string[] = [];
  const keys = await Promise.all([1, 2, 3, 4].map(() => cred.keyFromSeed(randomBytes(32))));
  for (const [k, key] of keys.entries()) {
    const listUrl = `https://yte.example.vn/api/badges/status/key-${k}`;
    lists.push(await cred.signStatusList({ listUrl, encodedList: await cred.emptyEncodedList(), key, issuerName: `Facility ${k}`, now: NOW }));
  }
  for (let i = 0; i < n; i++) {
    const k = i % keys.length;
    badges.push(await cred.issueBadge({
      id: `urn:uuid:01932c4e-0000-7000-8000-${String(i).padStart(12, '0')}`,
      issuer: { name: `Trạm Y tế số ${k}` },
      achievement: { id: `urn:yte:training:path:${['station_staff', 'nurse', 'doctor', 'radiologist'][k]}`, name: `Lộ trình ${k}: AI thiết yếu`, description: 'Lộ trình đào tạo AI theo vai trò.', criteria: 'Đạt bài kiểm tra sau ≥ 80 %.', inLanguage: 'vi' },
      learner: { id: `urn:uuid:01932c4e-0000-7000-9000-${String(i).padStart(12, '0')}`, name: `Học viên ${i}` },
      now: NOW,
      status: { listUrl: `https://yte.example.vn/api/badges/status/key-${k}`, index: 1000 + i },
    }, keys[k]!));
    jwts.push(cred.signCredentialJwt(badges[i]!, keys[k]!));
  }
  return { badges, jwts, lists };
}

async function verifyLoop(badges: Badge[], lists: cred.Credential[], ms: number): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    const r = await cred.verifyBadge(badges[n % badges.length], { now: NOW, statusLists: lists });
    if (!r.valid || !r.statusChecked) throw new Error(`bench badge did not verify: ${r.reason} ${r.detail ?? ''}`);
    n++;
  }
  return (n / (performance.now() - t0)) * 1000;
}

const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
const { register } = await import('tsx/esm/api');
register();
const cred = await import(workerData.core);
const { badges, lists, ms, now } = workerData;
for (let i = 0; i < 50; i++) await cred.verifyBadge(badges[i % badges.length], { now: new Date(now), statusLists: lists });
parentPort.postMessage('ready');
await new Promise((res) => parentPort.once('message', res));
let n = 0; const t0 = performance.now();
while (performance.now() - t0 < ms) {
  const r = await cred.verifyBadge(badges[n % badges.length], { now: new Date(now), statusLists: lists });
  if (!r.valid) throw new Error('not valid: ' + r.reason);
  n++;
}
parentPort.postMessage({ n, ms: performance.now() - t0 });
`;

async function workers(count: number, badges: Badge[], lists: cred.Credential[], ms: number): Promise<number> {
  const core = new URL('../apps/server/src/modules/badges/credential/index.ts', import.meta.url).href;
  const ws = Array.from({ length: count }, (_, i) => new Worker(WORKER, {
    eval: true,
    // A larger young generation: verification allocates heavily (JSON-LD active contexts are cloned
    // per type-scoped context) and the default 16 MB semi-space spends ~30 % of the time scavenging.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
    workerData: { core, badges: badges.filter((_, j) => j % count === i), lists, ms, now: NOW.toISOString() },
  }));
  await Promise.all(ws.map((w) => new Promise((res, rej) => { w.once('message', res); w.once('error', rej); })));
  const done = ws.map((w) => new Promise<{ n: number; ms: number }>((res, rej) => { w.once('message', res); w.once('error', rej); }));
  for (const w of ws) w.postMessage('go');
  const out = await Promise.all(done);
  await Promise.all(ws.map((w) => w.terminate()));
  return out.reduce((s, r) => s + (r.n / r.ms) * 1000, 0);
}

const bench: Bench = async (ctx) => {
  const { badges, jwts, lists } = await makeBadges(ctx.quick ? 40 : 200);
  const ms = ctx.quick ? 1000 : 5000;
  // The same verifier in-process first: it must accept every bench badge (status checked).
  const c0 = process.cpuUsage();
  const inProcess = await verifyLoop(jwts, lists, ctx.quick ? 500 : 2000);
  const cpu = process.cpuUsage(c0);
  ctx.log(`${jwts.length} distinct VC-JWT badges, main thread: ${inProcess.toFixed(0)} verifications/s (${((cpu.user + cpu.system) / 1000 / (inProcess * (ctx.quick ? 0.5 : 2))).toFixed(3)} ms CPU each, load average ${loadavg()[0]!.toFixed(1)})`);
  const one = await workers(1, jwts, lists, ms);
  ctx.log(`VC-JWT, 1 worker thread: ${one.toFixed(0)} verifications/s`);
  const both = await workers(2, jwts, lists, ms);
  ctx.log(`VC-JWT, 2 worker threads: ${both.toFixed(0)} verifications/s (load average ${loadavg()[0]!.toFixed(1)})`);
  const di = await workers(2, badges, lists, ms);
  ctx.log(`Data Integrity eddsa-rdfc-2022, 2 worker threads: ${di.toFixed(0)} verifications/s`);
  return [
    { name: 'badge verify', value: Math.round(both), unit: 'verif/s', goal: '>= 1000' },
    { name: 'badge verify per core', value: Math.round(one), unit: 'verif/s', goal: null },
    { name: 'badge verify data integrity', value: Math.round(di), unit: 'verif/s', goal: null },
  ];
};
export default bench;
