/**
 * Durability (issue 11), through the same start path as `npm start` (apps/server/scripts/start.mjs),
 * on both databases: writers create patients, encounters and observations over HTTP and record every
 * acknowledged 201; the server is killed with SIGKILL mid-stream and restarted; every acknowledged
 * record must be there and `npm run audit:verify` must say intact. On the embedded database, a
 * second server and audit:verify on the data directory in use are refused (the lock), the first
 * server keeps working, and nothing is lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './db/datadir-lock.ts';
import { type Db, openPostgres } from './db/db.ts';
import { openDatabase } from './db/open.ts';
import { TEST_PG_URL } from './testing/harness.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

interface Env { dataDir: string; databaseUrl?: string }
const childEnv = (e: Env, extra: Record<string, string> = {}) => {
  const env: NodeJS.ProcessEnv = {
    ...process.env, YTE_DATA_DIR: e.dataDir, YTE_WEB_DIST: '', YTE_LOG_LEVEL: 'warn',
    YTE_SEED_DEMO: 'true', YTE_IMAGING_DEMO: 'false', YTE_REPLAY_DEMO: 'false', ...extra,
  };
  delete env.DATABASE_URL;
  if (e.databaseUrl) env.DATABASE_URL = e.databaseUrl;
  return env;
};

interface Server { child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> }
const children = new Set<ChildProcess>();

/** Starts the server like `npm start`; resolves once it listens, rejects if it exits first. */
async function startServer(e: Env): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['apps/server/scripts/start.mjs'], { cwd: repoRoot, env: childEnv(e, { PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code, signal) => { children.delete(child); res(code ?? (signal ? -1 : null)); }));
  await new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('yte is running')) res(); });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => rej(new Error(`server exited ${code} before listening:\n${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/** Runs a command to its end: exit code and output. */
function run(args: string[], e: Env, extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv(e, extra), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => { children.delete(child); res({ code, out }); });
  });
}
const auditVerify = (e: Env) => run(['--import', 'tsx', 'apps/server/src/cli/audit-verify.ts'], e);

/** Names take letters only: 0 → "a", 27 → "bb". */
const letters = (n: number): string => (n < 26 ? String.fromCharCode(97 + n) : letters(Math.floor(n / 26) - 1) + String.fromCharCode(97 + (n % 26)));

interface Acked { patients: string[]; encounters: string[]; observations: string[] }

/**
 * `writers` loops that each create a patient, an encounter with vitals, and more observations on it,
 * recording every 201, until `stop()` or until the server stops answering.
 */
async function startWriters(base: string, writers: number) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bs.lan', password: 'yte-demo' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { facilities: { id: string }[] };
  const facilityId = me.facilities[0]!.id;
  const acked: Acked = { patients: [], encounters: [], observations: [] };
  let stopped = false;
  let failures = 0;
  let error: unknown = null;
  const post = async <T,>(path: string, body: unknown): Promise<T | null> => {
    try {
      const r = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status === 201) return (await r.json()) as T;
      throw new Error(`${path} → ${r.status} ${await r.text()}`);
    } catch (e) {
      if (e instanceof Error && e.message.includes(' → ')) throw e; // an answer other than 201 is a bug
      failures++; // the server went away mid-request: not acknowledged
      return null;
    }
  };
  const loop = async (w: number) => {
    for (let i = 0; !stopped; i++) {
      const p = await post<{ patient: { id: string } }>('/api/patients', { fullName: `Độ Bền ${letters(w)} ${letters(i)}`, sex: i % 2 ? 'male' : 'female', birthDate: '1970-05-06', province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId });
      if (!p) return;
      acked.patients.push(p.patient.id);
      const enc = await post<{ encounter: { id: string }; observations: { id: string }[] }>(`/api/patients/${p.patient.id}/encounters`, { facilityId, type: 'outpatient', reason: 'durability', vitals: { pulse: 60 + (i % 40), temperatureC: 37 } });
      if (!enc) return;
      acked.encounters.push(enc.encounter.id);
      acked.observations.push(...enc.observations.map((o) => o.id));
      const more = await post<{ observations: { id: string }[] }>(`/api/encounters/${enc.encounter.id}/observations`, { vitals: { respRate: 16, spo2: 97, systolicBP: 120 } });
      if (!more) return;
      acked.observations.push(...more.observations.map((o) => o.id));
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => loop(w).catch((e: unknown) => { error = e; stopped = true; })));
  return {
    acked,
    failures: () => failures,
    /** Resolves once at least n patients have been acknowledged; throws what a writer met. */
    async until(n: number) {
      while (acked.patients.length < n) {
        if (error) throw error;
        if (stopped) throw new Error(`writers stopped after ${acked.patients.length} patients (${failures} requests unanswered)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      stopped = true;
      await done;
      if (error) throw error;
    },
    /** Resolves when the writers end (the server went away); throws what a writer met. */
    done: done.then(() => { if (error) throw error; }),
  };
}

/** Every acknowledged id is stored (the database opened directly, under the lock for PGlite). */
async function expectAllStored(db: Db, acked: Acked) {
  const count = async (table: string, ids: string[]) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]))[0]!.n;
  expect(await count('patient', acked.patients)).toBe(acked.patients.length);
  expect(await count('encounter', acked.encounters)).toBe(acked.encounters.length);
  expect(await count('observation', acked.observations)).toBe(acked.observations.length);
}

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('durability on the embedded database (PGlite data directory)', () => {
  const e: Env = { dataDir: '' };
  beforeAll(() => { e.dataDir = mkdtempSync(join(tmpdir(), 'yte-durability-')); });
  afterAll(() => rmSync(e.dataDir, { recursive: true, force: true }));
  let first: Server;
  let writers: Awaited<ReturnType<typeof startWriters>>;
  let all: Acked;

  it('refuses a second server, audit:verify and governance:replay on the data directory in use, naming the first; the first keeps writing', async () => {
    first = await startServer(e);
    writers = await startWriters(first.base, 3);
    await writers.until(5);

    // All at once, while the first writes: a second `npm start` and both CLIs that open the database.
    const [second, verify, replay] = await Promise.all([
      run(['apps/server/scripts/start.mjs'], e, { PORT: String(await freePort()) }),
      auditVerify(e),
      run(['--import', 'tsx', 'apps/server/src/cli/governance-replay.ts', '--limit', '10'], e),
    ]);
    expect(second.code).toBe(3);
    expect(second.out).toContain(`is in use by another process: pid ${first.child.pid}`);
    expect(second.out).toContain('scripts/start.mjs'); // the holder's command
    expect(verify.code).toBe(3);
    expect(verify.out).toContain(`pid ${first.child.pid}`);
    expect(verify.out).not.toContain('audit log');
    expect(replay.code).toBe(3);
    expect(replay.out).toContain(`pid ${first.child.pid}`);

    const before = writers.acked.patients.length;
    await writers.until(before + 5);
    expect(first.child.exitCode).toBeNull();
  }, 120_000);

  it('kill -9 mid-stream, restart: the stale lock is taken over with a log line, every acknowledged write is there, Ctrl+C releases the lock', async () => {
    await writers.until(40);
    first.child.kill('SIGKILL');
    await first.exited;
    await writers.done;
    all = writers.acked;
    expect(existsSync(join(e.dataDir, LOCK_FILE))).toBe(true); // left behind by the killed server

    const again = await startServer(e);
    expect(again.output()).toMatch(new RegExp(`took over a stale lock on .*: pid ${first.child.pid} is not running`));
    // The restarted server answers and still finds what the first acknowledged.
    const check = await startWriters(again.base, 1);
    await check.until(1);
    await check.stop();
    const r = await fetch(`${again.base}/api/patients/${all.patients.at(-1)}`, { headers: { cookie: (await loginCookie(again.base)) } });
    expect(r.status).toBe(200);
    all = { patients: [...all.patients, ...check.acked.patients], encounters: [...all.encounters, ...check.acked.encounters], observations: [...all.observations, ...check.acked.observations] };

    again.child.kill('SIGINT'); // Ctrl+C (SIGTERM takes the same path: shutdown.integration.test.ts)
    expect(await again.exited).toBe(0);
    expect(existsSync(join(e.dataDir, LOCK_FILE))).toBe(false); // released on clean shutdown
  }, 120_000);

  it('audit:verify says intact, and the database holds every acknowledged record', async () => {
    const verify = await auditVerify(e);
    expect(verify.out).toMatch(/audit log intact: \d+ entries verified/);
    expect(verify.code).toBe(0);
    const { db } = await openDatabase({ databaseUrl: null, dataDir: e.dataDir, pgliteSharedBuffersMb: 16 });
    try {
      await expectAllStored(db, all);
    } finally {
      await db.close();
    }
    expect(all.patients.length).toBeGreaterThanOrEqual(40);
  }, 120_000);
});

async function loginCookie(base: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bs.lan', password: 'yte-demo' }) });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('durability on PostgreSQL (a fresh database)', () => {
  const name = `yte_durability_${randomBytes(5).toString('hex')}`;
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const e: Env = { dataDir: '', databaseUrl: url.toString() };
  let admin: Db;
  beforeAll(async () => {
    e.dataDir = mkdtempSync(join(tmpdir(), 'yte-durability-pg-'));
    admin = await openPostgres(TEST_PG_URL, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
    rmSync(e.dataDir, { recursive: true, force: true });
  });

  it('kill -9 mid-stream, restart: every acknowledged write is there and audit:verify says intact', async () => {
    const first = await startServer(e);
    const writers = await startWriters(first.base, 3);
    await writers.until(40);
    first.child.kill('SIGKILL');
    await first.exited;
    await writers.done;

    const again = await startServer(e);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);

    const verify = await auditVerify(e);
    expect(verify.out).toMatch(/audit log intact: \d+ entries verified/);
    expect(verify.code).toBe(0);
    const db = await openPostgres(e.databaseUrl!, { max: 1 });
    try {
      await expectAllStored(db, writers.acked);
    } finally {
      await db.close();
    }
  }, 120_000);
});
