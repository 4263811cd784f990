/**
 * The newcomer's first start: the "starting" answer before the app is ready, the demo progress on
 * GET /api/system/status (no session), the replay in small yielding batches, its placeholder
 * patients kept out of the default list, and "demo data absent" without ../shared. The replay
 * runs on a small synthetic predictions file written here, so this file needs no ../shared.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR, openTestApp, type TestApp } from '../../testing/harness.ts';
import { FINDINGS, replayChexnet } from '../governance/chexnet-replay.ts';
import { DemoProgress, demoProgress } from './demo-progress.ts';
import { openStartingServer } from './starting-server.ts';

/** A predictions.csv of `n` images, 3 per NIH patient, and the published AUCs. */
function syntheticShared(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'yte-shared-'));
  const d = join(dir, 'datasets/chexnet-predictions');
  mkdirSync(d, { recursive: true });
  const head = ['image', ...FINDINGS.map((f) => `prob_${f}`), ...FINDINGS.map((f) => `label_${f}`)].join(',');
  const rows = Array.from({ length: n }, (_, i) => {
    const image = `${String(90000000 + Math.floor(i / 3)).slice(-8)}_${String(i % 3).padStart(3, '0')}.png`;
    return [image, ...FINDINGS.map((_, k) => ((i * 7 + k * 13) % 100) / 100), ...FINDINGS.map((_, k) => ((i + k) % 5 === 0 ? 1 : 0))].join(',');
  });
  writeFileSync(join(d, 'predictions.csv'), `${head}\n${rows.join('\n')}\n`);
  writeFileSync(join(d, 'published-aucs.csv'), `label,auc\n${FINDINGS.map((f) => `${f},0.8`).join('\n')}\n`);
  return dir;
}

describe('demo progress tracker', () => {
  it('sums its tasks, says loading until every task ends, and absent when ../shared is missing', () => {
    const p = new DemoProgress();
    expect(p.summary().phase).toBe('off');
    p.enabled = true;
    p.expect('imaging');
    p.start('governance', 100);
    p.progress('governance', 40);
    expect(p.summary()).toMatchObject({ phase: 'loading', done: 40, total: 100 });
    p.finish('governance', 'done');
    expect(p.summary()).toMatchObject({ phase: 'loading', done: 100, total: 100 }); // imaging still pending
    p.sharedPresent = false;
    p.finish('imaging', 'skipped', 'no images');
    expect(p.summary().phase).toBe('absent');
  });

  it('measures the event-loop delay while a task loads (a 120 ms block shows)', async () => {
    const p = new DemoProgress();
    p.enabled = true;
    p.start('governance', 1);
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    while (performance.now() - t < 120) { /* hold the loop */ }
    await new Promise((r) => setTimeout(r, 30));
    p.finish('governance', 'done');
    expect(p.summary().eventLoopDelayMaxMs).toBeGreaterThanOrEqual(100);
  });
});

describe('first start (pglite)', () => {
  let t: TestApp;
  let shared: string;
  let empty: string;
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    shared = syntheticShared(300);
    empty = mkdtempSync(join(tmpdir(), 'yte-noshared-'));
    t = await openTestApp('pglite', { config: { sharedDir: empty } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(shared, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('GET /api/system/status needs no session and says the demo data is absent without ../shared', async () => {
    const p = demoProgress(t.db);
    p.enabled = true;
    p.sharedPresent = false;
    const res = await get('/api/system/status');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ status: 'ready', demo: { phase: 'absent' }, shared: { present: false } });
    expect(body.shared.missing.map((m: { part: string }) => m.part)).toContain('datasets/chexnet-predictions/predictions.csv');
    expect(JSON.stringify(body)).not.toContain(empty); // no server paths to anonymous callers
  });

  it('replays in many small batches, yielding to the event loop between them', async () => {
    const calls: Array<[number, number]> = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const r = await replayChexnet(t.db, { sharedDir: shared, anchor: ANCHOR, onProgress: (d, n) => calls.push([d, n]) });
    clearInterval(timer);
    expect(r).toMatchObject({ suggestions: 300, patients: 100, skipped: false });
    expect(calls[0]).toEqual([0, 300]);
    expect(calls.at(-1)).toEqual([300, 300]);
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every(([d], i) => i === 0 || d > calls[i - 1]![0])).toBe(true);
    expect(ticks).toBeGreaterThan(0); // timers ran while it worked
    const [c] = await t.db.query<{ n: number; o: number }>("SELECT (SELECT count(*)::int FROM suggestion WHERE subject_ref LIKE 'NIH/%') AS n, (SELECT count(*)::int FROM outcome WHERE subject_ref LIKE 'NIH/%') AS o");
    expect(c).toEqual({ n: 300, o: 300 });
    expect((await replayChexnet(t.db, { sharedDir: shared, anchor: ANCHOR })).skipped).toBe(true);
  });

  it('keeps the placeholder patients out of the default list; a search or ?demoPlaceholders=include finds them', async () => {
    const officer = await t.login('bs.lan'); // the hospital
    const [flagged] = await t.db.query<{ n: number; here: number }>("SELECT count(*)::int AS n, count(*) FILTER (WHERE facility_id = (SELECT id FROM facility WHERE code = 'BVDK-TN'))::int AS here FROM patient WHERE demo_placeholder");
    expect(flagged!.n).toBe(100);
    expect(flagged!.here).toBeGreaterThan(0);
    const list = (await get('/api/patients?limit=100', officer)).json() as { items: Array<{ fullName: string }>; total: number };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.some((p) => p.fullName.startsWith('Bệnh nhân mô phỏng CXR'))).toBe(false);
    expect(list.total).toBe(80); // the hospital's seeded people only
    const all = (await get('/api/patients?limit=100&demoPlaceholders=include', officer)).json() as { items: Array<{ fullName: string; demoPlaceholder?: boolean }>; total: number };
    expect(all.total).toBe(80 + flagged!.here);
    expect(all.items.filter((p) => p.demoPlaceholder).every((p) => p.fullName.startsWith('Bệnh nhân mô phỏng CXR'))).toBe(true);
    const found = (await get(`/api/patients?q=${encodeURIComponent('mô phỏng CXR 90000007')}`, officer)).json() as { items: Array<{ fullName: string; demoPlaceholder?: boolean }> };
    expect(found.items[0]).toMatchObject({ fullName: 'Bệnh nhân mô phỏng CXR 90000007', demoPlaceholder: true });
  });
});

describe('the starting server', () => {
  it('answers at once: a self-reloading page, 503 STARTING for the API, status "starting"', async () => {
    const s = await openStartingServer({ port: 0, host: '127.0.0.1', sharedDir: '/nonexistent' });
    try {
      const base = `http://127.0.0.1:${s.port}`;
      const page = await fetch(`${base}/patients`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('yte đang khởi động');
      expect(html).toContain('yte is starting');
      const api = await fetch(`${base}/api/patients`);
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('2');
      expect(await api.json()).toMatchObject({ code: 'STARTING', messageVi: expect.stringContaining('khởi động') });
      expect((await fetch(`${base}/health`)).status).toBe(503);
      expect((await fetch(`${base}/api/auth/login`, { method: 'POST', body: '{}' })).status).toBe(503);
      expect(await (await fetch(`${base}/api/system/status`)).json()).toMatchObject({ status: 'starting', demo: { phase: 'starting' }, shared: { present: false } });
    } finally {
      await s.close();
    }
  });
});
