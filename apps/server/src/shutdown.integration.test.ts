/**
 * Graceful shutdown: SIGTERM while writes are in flight. Every write the server acknowledged must be
 * in the database after a restart, and the process must exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './db/db.ts';
import { pgliteDir } from './db/open.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

function startServer(dataDir: string, port: number): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), YTE_DATA_DIR: dataDir, YTE_WEB_DIST: '', YTE_LOG_LEVEL: 'warn', YTE_IMAGING_DEMO: 'false', YTE_REPLAY_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('yte is running')) res();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => rej(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, ready };
}

describe('graceful shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yte-shutdown-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes in-flight writes on SIGTERM and exits 0', async () => {
    const port = await freePort();
    const { child, ready } = startServer(dir, port);
    await ready;
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bs.lan', password: 'yte-demo' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { facilities: { id: string }[] };
    const facilityId = me.facilities[0]!.id;
    const patients = (await (await fetch(`${base}/api/patients?limit=1`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    const patientId = patients.items[0]!.id;

    const writes = Array.from({ length: 30 }, (_, i) =>
      fetch(`${base}/api/patients/${patientId}/encounters`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ facilityId, type: 'outpatient', reason: `shutdown-test-${i}`, vitals: { pulse: 70 + i } }),
      }).then(async (r) => ({ status: r.status, body: r.status === 201 ? ((await r.json()) as { encounter: { id: string } }) : null }), () => ({ status: 0, body: null })),
    );
    await new Promise((r) => setTimeout(r, 30));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.kill('SIGTERM');
    const results = await Promise.all(writes);
    expect(await exited).toBe(0);

    const acked = results.filter((r) => r.status === 201).map((r) => r.body!.encounter.id);
    expect(acked.length).toBeGreaterThan(0);
    const db = await openPglite(pgliteDir(dir));
    try {
      const stored = await db.query<{ id: string }>("SELECT id FROM encounter WHERE reason LIKE 'shutdown-test-%'");
      const storedIds = new Set(stored.map((r) => r.id));
      for (const id of acked) expect(storedIds.has(id)).toBe(true);
      // Nothing half-written: every stored encounter has its observation.
      const orphans = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM encounter e WHERE e.reason LIKE 'shutdown-test-%' AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.encounter_id = e.id)");
      expect(orphans[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);
});
