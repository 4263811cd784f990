/** The state /readyz and /metrics report: database probe, migrations, sync. */
import type { Db } from '../../db/db.ts';

export interface OpsState {
  ready: boolean;
  db: { ok: boolean; kind: string; latencyMs: number | null; error?: string };
  migrations: { expected: number; applied: number; missing: string[] };
  sync: { role: string; lastSyncedAt: string | null; lagSeconds: number | null; outbox: number; lastError: string | null; stations?: number };
}

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_r, rej) => { t = setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms); })]).finally(() => clearTimeout(t));
}

export async function opsState(db: Db, migrations: string[], now: Date): Promise<OpsState> {
  const off = { role: 'off', lastSyncedAt: null, lagSeconds: null, outbox: 0, lastError: null };
  const t0 = performance.now();
  try {
    await withTimeout(db.query('SELECT 1'), PROBE_TIMEOUT_MS);
  } catch (e) {
    return { ready: false, db: { ok: false, kind: db.kind, latencyMs: null, error: (e as Error).message.slice(0, 200) }, migrations: { expected: migrations.length, applied: 0, missing: [] }, sync: off };
  }
  const latencyMs = Math.round((performance.now() - t0) * 100) / 100;
  const applied = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations').catch(() => [])).map((r) => r.name));
  const missing = migrations.filter((m) => !applied.has(m));
  let sync: OpsState['sync'] = off;
  if (applied.has('022_sync.sql')) {
    const [n] = await db.query<{ role: string; last_synced_at: Date | null; last_error: string | null }>('SELECT role, last_synced_at, last_error FROM sync_node WHERE id = 1');
    if (n?.role === 'station') {
      const [c] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_outbox');
      const last = n.last_synced_at ? new Date(n.last_synced_at) : null;
      sync = { role: 'station', lastSyncedAt: last?.toISOString() ?? null, lagSeconds: last ? Math.max(0, (now.getTime() - last.getTime()) / 1000) : null, outbox: c?.n ?? 0, lastError: n.last_error };
    } else if (n?.role === 'province') {
      const [s] = await db.query<{ n: number; oldest: Date | null; newest: Date | null }>(
        `SELECT count(*)::int AS n, min(GREATEST(COALESCE(last_push_at, '-infinity'), COALESCE(last_pull_at, '-infinity'))) FILTER (WHERE last_push_at IS NOT NULL OR last_pull_at IS NOT NULL) AS oldest,
                max(GREATEST(COALESCE(last_push_at, '-infinity'), COALESCE(last_pull_at, '-infinity'))) FILTER (WHERE last_push_at IS NOT NULL OR last_pull_at IS NOT NULL) AS newest
         FROM sync_station WHERE revoked_at IS NULL`);
      sync = {
        role: 'province', lastSyncedAt: s?.newest ? new Date(s.newest).toISOString() : null, lagSeconds: s?.oldest ? Math.max(0, (now.getTime() - new Date(s.oldest).getTime()) / 1000) : null,
        outbox: 0, lastError: null, stations: s?.n ?? 0,
      };
    }
  }
  return { ready: missing.length === 0, db: { ok: true, kind: db.kind, latencyMs }, migrations: { expected: migrations.length, applied: migrations.length - missing.length, missing }, sync };
}
