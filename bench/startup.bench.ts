/**
 * `npm start` in embedded mode: time to the first HTTP 200 on /health and resident memory, for the
 * first start (creates the database, migrations, demo data) and a restart on the existing data.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const bench: Bench = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'yte-bench-start-'));
  try {
    const first = await startOnce(dir);
    ctx.log(`first start ${first.ms.toFixed(0)} ms`);
    const again = await startOnce(dir);
    ctx.log(`restart ${again.ms.toFixed(0)} ms`);
    const r = (x: number) => Math.round(x);
    const out: BenchResult[] = [
      { name: 'startup to first 200 restart embedded', value: r(again.ms), unit: 'ms', goal: '<= 5000' },
      { name: 'startup to first 200 first-run (initdb+seed) embedded', value: r(first.ms), unit: 'ms', goal: null },
      { name: 'RSS server process embedded', value: r(again.serverRss), unit: 'MB', goal: '<= 400' },
      { name: 'RSS npm start process tree embedded', value: r(again.treeRss), unit: 'MB', goal: null },
    ];
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
export default bench;
