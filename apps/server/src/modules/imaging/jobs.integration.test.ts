import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb, type TestDb } from '../../testing/harness.ts';
import { backoffMs, claim, complete, enqueue, failAttempt, getJob, JobWorker, PermanentJobError, reapExpired } from './jobs.ts';

describe('backoffMs (pure)', () => {
  it.each([[1, 1000], [2, 2000], [3, 4000], [20, 300_000]])('attempt %i → %i ms', (a, ms) => expect(backoffMs(a)).toBe(ms));
});

describe.each(ENGINES)('job queue on %s', (engine) => {
  let t: TestDb;
  const t0 = new Date('2026-11-01T08:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t?.close());

  it('claims each job once, oldest first, and not before run_after', async () => {
    const a = await enqueue(t.db, 'k1', { n: 1 }, at(0));
    const b = await enqueue(t.db, 'k1', { n: 2 }, at(1));
    await enqueue(t.db, 'k1', { n: 3 }, at(0), { runAfter: at(3600) });
    const [x, y, z] = await Promise.all([claim(t.db, 'w1', ['k1'], at(10)), claim(t.db, 'w2', ['k1'], at(10)), claim(t.db, 'w3', ['k1'], at(10))]);
    const got = [x?.id, y?.id, z?.id].filter(Boolean).sort();
    expect(got).toEqual([a, b].sort());
    expect([x, y, z].filter((j) => j).every((j) => j!.status === 'running' && j!.attempts === 1)).toBe(true);
    expect(await claim(t.db, 'w1', ['k1'], at(10))).toBeUndefined();
    expect(await claim(t.db, 'w1', ['other'], at(4000))).toBeUndefined();
    const late = await claim(t.db, 'w1', ['k1'], at(4000));
    expect(late?.payload).toEqual({ n: 3 });
    expect(await complete(t.db, late!, 'someone-else', null, at(4001))).toBe(false);
    expect(await complete(t.db, late!, 'w1', { ok: true }, at(4001))).toBe(true);
    expect((await getJob(t.db, late!.id))).toMatchObject({ status: 'done', progress: 100, result: { ok: true } });
  });

  it('retries a failing job with exponential backoff, then fails it after max attempts', async () => {
    const id = await enqueue(t.db, 'k2', {}, at(0), { maxAttempts: 2 });
    const j1 = (await claim(t.db, 'w', ['k2'], at(0)))!;
    expect(await failAttempt(t.db, j1, 'w', 'boom 1', at(0), { baseBackoffMs: 1000 })).toBe('queued');
    const after1 = (await getJob(t.db, id))!;
    expect(new Date(after1.run_after).getTime() - at(0).getTime()).toBe(1000);
    expect(await claim(t.db, 'w', ['k2'], at(0.5))).toBeUndefined();
    const j2 = (await claim(t.db, 'w', ['k2'], at(1)))!;
    expect(j2.attempts).toBe(2);
    expect(await failAttempt(t.db, j2, 'w', 'boom 2', at(1))).toBe('failed');
    expect(await getJob(t.db, id)).toMatchObject({ status: 'failed', error: 'boom 2', attempts: 2 });
  });

  it('reaps a job whose lock expired (dead worker) and retries it', async () => {
    const id = await enqueue(t.db, 'k3', {}, at(0), { timeoutMs: 5000, maxAttempts: 2 });
    await claim(t.db, 'dead', ['k3'], at(0));
    expect(await reapExpired(t.db, at(4))).toBe(0);
    expect(await reapExpired(t.db, at(6))).toBe(1);
    expect(await getJob(t.db, id)).toMatchObject({ status: 'queued', error: expect.stringContaining('timed out after 5000 ms') });
    expect(await complete(t.db, { id }, 'dead', null, at(7))).toBe(false);
  });

  it('worker: a handler past its timeout fails the attempt; a permanent error fails at once; success stores the result', async () => {
    const slow = await enqueue(t.db, 'slow', {}, at(0), { timeoutMs: 50, maxAttempts: 1 });
    const bad = await enqueue(t.db, 'bad', {}, at(0), { maxAttempts: 5 });
    const good = await enqueue(t.db, 'good', { x: 2 }, at(0));
    let aborted = false;
    const w = new JobWorker(t.db, {
      slow: ({ signal }) => new Promise((res) => { signal.addEventListener('abort', () => { aborted = true; res(null); }); setTimeout(res, 5000); }),
      bad: async () => { throw new PermanentJobError('row 3: no such image'); },
      good: async ({ job, progress }) => { await progress(50); return { doubled: (job.payload.x as number) * 2 }; },
    }, { clock: () => at(10) });
    for (let i = 0; i < 3; i++) await w.runOnce();
    expect(aborted).toBe(true);
    expect(await getJob(t.db, slow)).toMatchObject({ status: 'failed', error: 'timed out after 50 ms' });
    expect(await getJob(t.db, bad)).toMatchObject({ status: 'failed', attempts: 1, error: 'row 3: no such image' });
    expect(await getJob(t.db, good)).toMatchObject({ status: 'done', result: { doubled: 4 } });
  });
});
