/**
 * Integration-test harness: the same suite runs on PGlite (in memory) and on the local PostgreSQL
 * (database `test`, a fresh schema per test file so parallel files never collide).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build } from '../app.ts';
import type { Config } from '../config.ts';
import { type Db, openPglite, openPostgres } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../db/seed/demo.ts';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];
export const TEST_PG_URL = process.env.YTE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
/** ../shared (datasets, reference tables); YTE_SHARED_DIR points elsewhere, e.g. an empty folder to see the skips. */
export const SHARED_DIR = process.env.YTE_SHARED_DIR ? resolve(process.env.YTE_SHARED_DIR) : resolve(import.meta.dirname, '../../../../../shared');
/** Whether ../shared holds these paths: tests that need them skip, naming them, when not. */
export const hasShared = (...rels: string[]) => rels.every((r) => existsSync(resolve(SHARED_DIR, r)));
export const needs = (rel: string) => `(needs ../shared/${rel}; see README "../shared")`;
/** The anchor "today" of the seeded data in tests. */
export const ANCHOR = new Date('2026-11-01T00:00:00Z');

export const testConfig = (over: Partial<Config> = {}): Config => ({
  port: 0, host: '127.0.0.1', dataDir: '', databaseUrl: null, logLevel: 'silent', sessionTtlHours: 12,
  cookieSecure: false, seedDemo: false, webDist: null, loginRateLimitPerMinute: 1000, loginAddressRateLimitPerMinute: 10_000, publicOrigins: [],
  mqttUrl: null, alertEscalationSeconds: 300, orthancUrl: null, imagingDemo: false, replayDemo: false,
  sharedDir: SHARED_DIR, filesDir: '', pgliteSharedBuffersMb: 32, ...over,
});

export interface TestDb {
  db: Db;
  /** A superuser connection to the same data, for tamper tests that bypass the app. */
  raw: Db;
  close(): Promise<void>;
}

export async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, raw: db, close: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(TEST_PG_URL, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(TEST_PG_URL, { schema, max: 4 });
  await migrate(db);
  return {
    db,
    raw: db,
    async close() {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  /** Logs in and returns the cookie header value. */
  login(username: string, password?: string): Promise<string>;
}

export async function openTestApp(engine: Engine, opts: { seed?: boolean; config?: Partial<Config> } = {}): Promise<TestApp> {
  const t = await openTestDb(engine);
  if (opts.seed !== false) await seedDemo(t.db, ANCHOR);
  const app = await build({ db: t.db, config: testConfig(opts.config) });
  await app.ready();
  return {
    ...t,
    app,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'yte_session');
      return `yte_session=${c!.value}`;
    },
    async close() {
      await app.close();
      await t.close();
    },
  };
}
