/**
 * GET /api/system/status: is the server up, is the demo data loading (counts only) and is
 * ../shared there. No session needed: nothing in it is patient data, and the UI shows it before
 * login (the "loading demo data 3,200/22,433" banner, "demo data absent: see the README").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import type { RoutePlugin } from '../../lib/http.ts';
import { demoProgress } from './demo-progress.ts';

/** What the demo needs from ../shared (README "../shared: reference tables and datasets"). */
export const SHARED_DEMO_PARTS = [
  { part: 'datasets/chexnet-predictions/predictions.csv', feeds: 'governance' },
  { part: 'datasets/chexnet-predictions/published-aucs.csv', feeds: 'governance' },
  { part: 'datasets/nih-chestxray14-sample/images', feeds: 'imaging' },
] as const;

export const missingSharedParts = (sharedDir: string) => SHARED_DEMO_PARTS.filter((p) => !existsSync(join(sharedDir, p.part)));

const Task = Type.Object({
  id: Type.Union([Type.Literal('governance'), Type.Literal('imaging')]),
  phase: Type.Union([Type.Literal('pending'), Type.Literal('loading'), Type.Literal('done'), Type.Literal('skipped'), Type.Literal('failed')]),
  done: Type.Integer(),
  total: Type.Integer(),
  reason: Type.Optional(Type.String()),
});

export const SystemStatus = Type.Object({
  status: Type.Union([Type.Literal('starting'), Type.Literal('ready')]),
  demo: Type.Object({
    phase: Type.Union([Type.Literal('starting'), Type.Literal('idle'), Type.Literal('loading'), Type.Literal('done'), Type.Literal('absent'), Type.Literal('failed'), Type.Literal('off')], { description: 'starting: the server is not answering yet; absent: ../shared is missing; off: YTE_SEED_DEMO=false' }),
    done: Type.Integer(),
    total: Type.Integer(),
    tasks: Type.Array(Task),
    eventLoopDelayP99Ms: Type.Union([Type.Number(), Type.Null()], { description: 'event-loop delay p99 (ms) while the demo loaded' }),
    eventLoopDelayMaxMs: Type.Union([Type.Number(), Type.Null()]),
  }),
  shared: Type.Object({
    present: Type.Boolean({ description: 'false: ../shared (datasets for the imaging and governance demos) is missing' }),
    missing: Type.Array(Type.Object({ part: Type.String(), feeds: Type.String() })),
    help: Type.String(),
  }),
});

export const SHARED_HELP = 'README.md, section "../shared: reference tables and datasets" (scripts/assemble-shared.mjs builds it from the public sources)';

export const systemRoutes: RoutePlugin = async (app) => {
  app.get('/status', {
    schema: { tags: ['system'], security: [], response: { 200: SystemStatus } },
  }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const missing = missingSharedParts(app.config.sharedDir);
    return {
      status: 'ready' as const,
      demo: demoProgress(app.db).summary(),
      shared: { present: missing.length === 0, missing: missing.map((m) => ({ ...m })), help: SHARED_HELP },
    };
  });
};
