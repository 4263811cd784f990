/**
 * xAPI LRS ingest (issue 12): statements/s stored through POST /xapi/statements in batches of 500
 * over HTTP with Basic auth, each statement a learner's answer with result and context (what the
 * training module sends), on PostgreSQL (goal ≥ 2,000/s) and PGlite.
 */
import { build } from '../apps/server/src/app.ts';
import { uuidv7 } from '../apps/server/src/lib/ids.ts';
import { registerClient } from '../apps/server/src/modules/xapi/xapi.service.ts';
import { type Engine, openTestDb, testConfig } from '../apps/server/src/testing/harness.ts';
import type { Bench, BenchResult } from './lib.ts';

const BATCH = 500;

function statement(i: number, registration: string) {
  const learner = i % 15_000;
  const module = 1 + (i % 5);
  return {
    actor: { objectType: 'Agent', name: `Học viên ${learner}`, account: { homePage: 'https://yte.vn', name: `learner-${learner}` } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { vi: 'đã trả lời', en: 'answered' } },
    object: {
      objectType: 'Activity',
      id: `https://yte.vn/xapi/training/module-${module}/question-${i % 100}`,
      definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', name: { vi: `Câu hỏi ${i % 100}`, en: `Question ${i % 100}` } },
    },
    result: { success: i % 3 !== 0, response: 'b', duration: 'PT42S', score: { scaled: i % 3 === 0 ? 0 : 1 } },
    context: {
      registration,
      contextActivities: { parent: [{ id: `https://yte.vn/xapi/training/module-${module}` }], grouping: [{ id: 'https://yte.vn/xapi/training' }] },
      platform: 'yte', language: 'vi-VN',
    },
    timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  };
}

async function run(engine: Engine, ctx: Parameters<Bench>[0]): Promise<BenchResult> {
  const t = await openTestDb(engine);
  try {
    const facility = uuidv7();
    await t.db.query("INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1, 'BENCH', 'Bench hospital', 'hospital', 'Thái Nguyên', 'Phường')", [facility]);
    await registerClient(t.db, { key: 'bench-lrs', secret: 'bench-secret', name: 'bench', facilityId: facility });
    const app = await build({ db: t.db, config: testConfig() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/xapi/statements`;
    const headers = { authorization: `Basic ${Buffer.from('bench-lrs:bench-secret').toString('base64')}`, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' };
    const registrations = Array.from({ length: 50 }, () => crypto.randomUUID());
    const post = async (from: number) => {
      const body = JSON.stringify(Array.from({ length: BATCH }, (_, k) => statement(from + k, registrations[(from + k) % 50]!)));
      const res = await fetch(url, { method: 'POST', headers, body });
      if (res.status !== 200) throw new Error(`xapi bench: ${res.status} ${await res.text()}`);
      return ((await res.json()) as string[]).length;
    };
    await post(0); // warm-up: auth, JIT, activity rows
    const batches = ctx.quick ? 6 : 40;
    let stored = 0;
    const t0 = performance.now();
    for (let b = 1; b <= batches; b++) stored += await post(b * BATCH);
    const seconds = (performance.now() - t0) / 1000;
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM xapi_statement')) as [{ n: number }];
    if (n !== stored + BATCH) throw new Error(`xapi bench: ${n} rows for ${stored + BATCH} statements`);
    ctx.log(`${engine}: ${stored} statements in ${batches} POSTs of ${BATCH} in ${seconds.toFixed(2)} s`);
    await app.close();
    return { name: `xapi ingest ${engine}`, value: Math.round(stored / seconds), unit: 'stmts/s', goal: engine === 'postgres' ? '>= 2000' : null };
  } finally {
    await t.close();
  }
}

const bench: Bench = async (ctx) => [await run('postgres', ctx), await run('pglite', ctx)];
export default bench;
