/**
 * Operations endpoints (no prefix): /healthz (liveness: the process answers), /readyz (readiness:
 * the database answers, every migration is applied, and the sync state), and /metrics (Prometheus
 * text format: request latency histograms per route, the database pool, SSE clients and fan-out,
 * sync lag and outbox depth, and Node's process metrics). No patient data is in any of them.
 * YTE_METRICS_TOKEN, when set, makes /metrics require `Authorization: Bearer <token>`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { errors, type RoutePlugin } from '../../lib/http.ts';
import { SERVER_SRC } from '../../paths.ts';
import { opsState, type OpsState } from './ops.service.ts';

const MIGRATIONS = readdirSync(join(SERVER_SRC, 'db/migrations')).filter((f) => f.endsWith('.sql')).sort();

const Ready = Type.Object({
  ready: Type.Boolean(),
  db: Type.Object({ ok: Type.Boolean(), kind: Type.String(), latencyMs: Type.Union([Type.Number(), Type.Null()]), error: Type.Optional(Type.String()) }),
  migrations: Type.Object({ expected: Type.Integer(), applied: Type.Integer(), missing: Type.Array(Type.String()) }),
  sync: Type.Object({
    role: Type.String(), lastSyncedAt: Type.Union([Type.String(), Type.Null()]), lagSeconds: Type.Union([Type.Number(), Type.Null()]), outbox: Type.Integer(),
    lastError: Type.Union([Type.String(), Type.Null()]), stations: Type.Optional(Type.Integer()),
  }),
});

export const opsRoutes: RoutePlugin = async (app) => {
  const registry = app.metrics;
  let last: OpsState | null = null;
  const refresh = async () => (last = await opsState(app.db, MIGRATIONS, new Date()));
  const g = (name: string, help: string, value: (s: OpsState) => number | null, labelNames: string[] = []) =>
    new client.Gauge({ name, help, labelNames, registers: [registry], collect() { const v = last ? value(last) : null; if (v !== null) this.set(v); } });
  g('yte_db_up', 'The database answered the last probe (1) or not (0)', (s) => (s.db.ok ? 1 : 0));
  g('yte_db_probe_seconds', 'Time of the last SELECT 1', (s) => (s.db.latencyMs === null ? null : s.db.latencyMs / 1000));
  g('yte_migrations_missing', 'Migrations in the code not applied to the database', (s) => s.migrations.missing.length);
  g('yte_sync_outbox_depth', 'Station: changes waiting in the outbox', (s) => s.sync.outbox);
  g('yte_sync_lag_seconds', 'Station: seconds since the last successful sync; province: the largest among enrolled stations', (s) => s.sync.lagSeconds);
  g('yte_sync_stations', 'Province: enrolled stations (active device keys)', (s) => s.sync.stations ?? null);
  new client.Gauge({ name: 'yte_db_pool_connections', help: 'PostgreSQL pool connections by state', labelNames: ['state'], registers: [registry], collect() {
    const p = app.db.poolStats?.();
    if (!p) return;
    this.set({ state: 'total' }, p.total); this.set({ state: 'idle' }, p.idle); this.set({ state: 'waiting' }, p.waiting); this.set({ state: 'max' }, p.max);
  } });
  new client.Gauge({ name: 'yte_sse_clients', help: 'Open alert streams on this replica', registers: [registry], collect() { this.set(app.alertHub.size); } });
  new client.Gauge({ name: 'yte_alert_fanout_remote_total', help: 'Alert events received from other replicas and delivered here', registers: [registry], collect() { this.set(app.alertHub.remoteDelivered); } });

  app.get('/healthz', {
    schema: { tags: ['system'], security: [], description: 'Liveness: the process answers (it does not touch the database).', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: {
      tags: ['system'], security: [],
      description: 'Readiness: the database answers and every migration is applied (503 otherwise); the sync state is reported, and does not make a station unready (offline is normal).',
      response: { 200: Ready, 503: Ready },
    },
  }, async (_req, reply) => {
    const s = await refresh();
    return reply.status(s.ready ? 200 : 503).send(s);
  });

  const token = app.config.metricsToken ?? null;
  app.get('/metrics', {
    schema: { tags: ['system'], security: [], description: 'Prometheus metrics (text format 0.0.4). With YTE_METRICS_TOKEN set, a bearer token is required.', response: { 401: Type.Ref('Error') } },
  }, async (req, reply) => {
    if (token) {
      const got = Buffer.from(String(req.headers.authorization ?? ''));
      const want = Buffer.from(`Bearer ${token}`);
      if (got.length !== want.length || !timingSafeEqual(got, want)) throw new AppError(401, 'UNAUTHENTICATED', 'Metrics need the bearer token', 'Cần mã truy cập để xem số liệu giám sát');
    }
    await refresh();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  void errors;
};
