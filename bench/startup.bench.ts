/**
 * `npm start` in embedded mode: time to the first HTTP 200 on /health and resident memory, for the
 * first start (creates the database, migrations, demo data) and a restart on the existing data.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, BenchResult } from './lib.ts';

const repoRoot = resolve(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
function treeRssKb(pid: number): number {
  let total = rssKb(pid);
  const kids = execSync(`pgrep -P ${pid} || true`).toString().split('\n').filter(Boolean).map(Number);
  for (const k of kids) total += treeRssKb(k);
  return total;
}

function descendants(pid: number): number[] {
  const kids = execSync(`pgrep -P ${pid} || true`).toString().split('\n').filter(Boolean).map(Number);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

async function startOnce(dataDir: string) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), YTE_DATA_DIR: dataDir, YTE_LOG_LEVEL: 'warn', YTE_IMAGING_DEMO: 'false', YTE_REPLAY_DEMO: 'false' },
    stdio: 'ignore',
    detached: true,
  });
  let ms = 0;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.status === 200) {
        ms = performance.now() - t0;
        break;
      }
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > 120_000) throw new Error('server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  // Some traffic so the RSS includes a warmed-up server, not an idle one.
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bs.lan', password: 'yte-demo' }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  for (let i = 0; i < 50; i++) await fetch(`http://127.0.0.1:${port}/api/patients?q=nguyen%20van`, { headers: { cookie } });
  await fetch(`http://127.0.0.1:${port}/`);
  const server = descendants(child.pid!).find((pid) => /^\S*node apps\/server\/scripts\/start\.mjs/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')));
  if (!server) throw new Error('server process not found');
  const serverRss = rssKb(server) / 1024;
  const treeRss = treeRssKb(child.pid!) / 1024;
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, serverRss, treeRss };
}

/**
 * The newcomer's first start: `npm start` on a fresh data directory with the whole demo (the
 * CheXNet shadow replay, 22,433 suggestions, and the imaging studies loading behind it). Times the
 * first HTML page (the "starting" page counts: the browser is told what happens) and the first 200
 * on /health (the app ready), then follows /api/system/status until the demo is loaded, timing
 * each status request, and reads the server's own event-loop delay p99 over the demo load.
 */
async function firstStartWithDemo(dataDir: string, maxWaitMs: number) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), YTE_DATA_DIR: dataDir, YTE_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  let firstPage = 0;
  let ready = 0;
  while (!firstPage || !ready) {
    try {
      if (!firstPage && (await fetch(`${base}/`)).status === 200) firstPage = performance.now() - t0;
      if (!ready && (await fetch(`${base}/health`)).status === 200) ready = performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - t0 > 180_000) throw new Error('server did not start within 180 s');
    if (!firstPage || !ready) await new Promise((r) => setTimeout(r, 20));
  }
  const latencies: number[] = [];
  let demo: { phase: string; done: number; total: number; eventLoopDelayP99Ms: number | null } = { phase: 'starting', done: 0, total: 0, eventLoopDelayP99Ms: null };
  const loadStart = performance.now();
  let errors = 0;
  for (;;) {
    const t = performance.now();
    try {
      demo = ((await (await fetch(`${base}/api/system/status`)).json()) as { demo: typeof demo }).demo;
      latencies.push(performance.now() - t);
    } catch (e) {
      if (++errors > 20) throw e;
    }
    if (!['loading', 'starting', 'idle'].includes(demo.phase) || performance.now() - loadStart > maxWaitMs) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const loadMs = performance.now() - loadStart;
  const tree = descendants(child.pid!);
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  // npm exits before the server has finished its graceful stop (the demo loader writes files).
  for (let i = 0; i < 300 && tree.some((pid) => existsSync(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 100));
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { firstPage, ready, demo, loadMs, statusP99: p99, statusN: latencies.length, errors };
}

const bench: Bench = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'yte-bench-start-'));
  try {
    const first = await startOnce(dir);
    ctx.log(`first start ${first.ms.toFixed(0)} ms`);
    const again = await startOnce(dir);
    ctx.log(`restart ${again.ms.toFixed(0)} ms`);
    const r = (x: number) => Math.round(x);
    const demoDir = mkdtempSync(join(tmpdir(), 'yte-bench-demo-'));
    let demo;
    try {
      demo = await firstStartWithDemo(demoDir, ctx.quick ? 240_000 : 900_000);
    } finally {
      rmSync(demoDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
    }
    ctx.log(`fresh start with demo: first page ${demo.firstPage.toFixed(0)} ms, ready ${demo.ready.toFixed(0)} ms, demo ${demo.demo.phase} ${demo.demo.done}/${demo.demo.total} after ${(demo.loadMs / 1000).toFixed(0)} s, event-loop p99 ${demo.demo.eventLoopDelayP99Ms} ms, status p99 ${demo.statusP99.toFixed(0)} ms over ${demo.statusN} (${demo.errors} failed)`);
    const out: BenchResult[] = [
      { name: 'startup to first 200 restart embedded', value: r(again.ms), unit: 'ms', goal: '<= 5000' },
      { name: 'startup to first 200 first-run (initdb+seed) embedded', value: r(first.ms), unit: 'ms', goal: null },
      { name: 'RSS server process embedded', value: r(again.serverRss), unit: 'MB', goal: '<= 400' },
      { name: 'RSS npm start process tree embedded', value: r(again.treeRss), unit: 'MB', goal: null },
      { name: 'first page after start fresh data dir', value: Math.round(demo.firstPage) / 1000, unit: 's', goal: '<= 3' },
      { name: 'app ready (/health 200) after start fresh data dir with demo', value: Math.round(demo.ready) / 1000, unit: 's', goal: null },
      { name: 'event loop delay p99 during demo load', value: demo.demo.eventLoopDelayP99Ms ?? -1, unit: 'ms', goal: '<= 50' },
      { name: 'status request p99 during demo load', value: r(demo.statusP99), unit: 'ms', goal: null },
      { name: 'demo load time fresh data dir (replay + imaging)', value: Math.round(demo.loadMs / 100) / 10, unit: 's', goal: null },
    ];
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
export default bench;
