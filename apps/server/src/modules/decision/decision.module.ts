/**
 * Decision support: registers the rules in the tool registry (when the app is ready, only where
 * missing), runs them when observations are saved (in the same transaction, via the observation
 * pipeline) and serves the chart views computed with them. Registered with prefix '/api'.
 */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { labFlagTable, news2Trend } from './chart.service.ts';
import { onObservationsSaved } from './runner.ts';
import { ensureRuleTools } from './tools.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const News2Point = Type.Object({
  encounterId: Type.String(),
  at: Type.String(),
  applicable: Type.Boolean(),
  score: Nullable(Type.Number()),
  band: Nullable(Type.String()),
  subScores: Type.Unknown(),
  monitoring: Nullable(Type.String()),
  missing: Type.Array(Type.String()),
  reason: Nullable(Type.String()),
});

const LabRow = Type.Object({
  observationId: Type.String(),
  encounterId: Nullable(Type.String()),
  code: Type.String(),
  display: Type.String(),
  value: Type.Union([Type.Number(), Type.String()]),
  unit: Nullable(Type.String()),
  refLow: Nullable(Type.Number()),
  refHigh: Nullable(Type.Number()),
  effectiveAt: Type.String(),
  analyte: Nullable(Type.String()),
  flag: Nullable(Type.String()),
  critical: Type.Unknown(),
  delta: Type.Unknown(),
  explanation: Type.Unknown(),
});

export const decisionModule: RoutePlugin = async (app) => {
  app.observationPipeline.inTransaction(async (q, ev) => {
    await onObservationsSaved(q, ev);
  });

  app.addHook('onReady', async () => {
    const added = await app.db.tx((q) => ensureRuleTools(q, new Date()));
    if (added.length) app.log.info({ added }, 'rules registered in the tool registry');
  });

  app.get('/patients/:id/news2', {
    preHandler: requireSession,
    schema: {
      tags: ['decision'],
      description: 'NEWS2 (RCP 2017) per visit, computed from the visit\'s vitals; bands for shading (0–4 low, 5–6 medium, ≥ 7 high).',
      params: IdParams,
      response: {
        200: Type.Object({
          source: Type.Object({ id: Type.String(), version: Type.String() }),
          bands: Type.Array(Type.Object({ band: Type.String(), min: Type.Number(), max: Type.Number() })),
          points: Type.Array(News2Point),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => news2Trend(app.db, actorOf(req), req.params.id));

  app.get('/patients/:id/labs/flags', {
    preHandler: requireSession,
    schema: {
      tags: ['decision'],
      description: 'Every lab result with its flags (H/L against the laboratory\'s or the default interval, critical value, delta check vs the previous result) and the current AKI stage.',
      params: IdParams,
      response: { 200: Type.Object({ results: Type.Array(LabRow), aki: Type.Unknown() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => labFlagTable(app.db, actorOf(req), req.params.id));
};
