import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

describe.each(ENGINES)('operations endpoints on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine, { seed: false, config: { metricsToken: 'scrape-token-123' } });
  });
  afterAll(() => t?.close());

  it('/healthz answers without the database', async () => {
    const r = await t.app.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('/readyz: ready when every migration is applied; 503 naming the missing one otherwise', async () => {
    const r = await t.app.inject({ url: '/readyz' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ ready: true, db: { ok: true, kind: engine }, sync: { role: 'off', outbox: 0 } });
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThan(20);
    await t.db.query(`DELETE FROM schema_migrations WHERE name = '037_network.sql'`);
    const r2 = await t.app.inject({ url: '/readyz' });
    expect(r2.statusCode).toBe(503);
    expect(r2.json()).toMatchObject({ ready: false, migrations: { missing: ['037_network.sql'] } });
    await t.db.query(`INSERT INTO schema_migrations(name) VALUES ('037_network.sql')`);
  });

  it('/readyz reports a station\'s outbox and lag', async () => {
    await t.db.query(`INSERT INTO sync_node(id, role, station_id, last_synced_at) VALUES (1, 'station', NULL, now() - interval '14 minutes')`);
    await t.db.query(`INSERT INTO sync_outbox(table_name, row_id, op, values) VALUES ('patient', 'x', 'insert', '{}'), ('patient', 'y', 'insert', '{}')`);
    const body = (await t.app.inject({ url: '/readyz' })).json();
    expect(body.sync.role).toBe('station');
    expect(body.sync.outbox).toBe(2);
    expect(body.sync.lagSeconds).toBeGreaterThanOrEqual(14 * 60);
    expect(body.sync.lagSeconds).toBeLessThan(16 * 60);
    expect(body.ready).toBe(true); // a station waiting to sync is still ready
  });

  it('/metrics: bearer token required; request histograms per route, sync gauges, pool on PostgreSQL', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-1234' } })).statusCode).toBe(401);
    await t.app.inject({ url: '/api/sync/status' }); // a 401 on a known route
    const r = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-token-123' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const m = r.body;
    expect(m).toMatch(/yte_http_request_duration_seconds_count\{method="GET",route="\/api\/sync\/status",status="4xx"\} 1\n/);
    expect(m).toMatch(/yte_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz",status="2xx"\}/);
    const outbox = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_outbox'))[0]!.n; // 2 + the audited 401s
    expect(outbox).toBeGreaterThanOrEqual(2);
    expect(m).toContain(`\nyte_sync_outbox_depth ${outbox}\n`);
    expect(m).toMatch(/\nyte_db_up 1\n/);
    expect(m).toMatch(/\nyte_migrations_missing 0\n/);
    expect(m).toMatch(/yte_process_resident_memory_bytes \d+/);
    if (engine === 'postgres') expect(m).toMatch(/yte_db_pool_connections\{state="max"\} 4\n/);
    else expect(m).not.toMatch(/yte_db_pool_connections\{/);
  });
});
