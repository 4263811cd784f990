/** HTTP for governance: registry, lifecycle, kill switch, banners, performance, incidents, report PDF. */
import type { EvaluationReport, ToolClaims } from '@yte/governance';
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { forbidden } from '../../lib/errors.ts';
import { hasRole } from '../auth/roles.ts';
import { STAGES } from '../tools/tools.repo.ts';
import {
  acknowledgeNotification, addVersion, banners, changeStage, listNotifications, SUSPENSION_SCOPES, exportIncidentsJson, GOVERNANCE_READERS, getIncident, getToolDetail, HARMS, incidentsCsv, killSwitch,
  listIncidents, listTools, markNotified, performance, registerTool, reportIncident,
} from './governance.service.ts';
import { toolReportPdf } from './governance.report.ts';

const Section = Type.Record(Type.String(), Type.Unknown());
const ModelCard = Type.Object({
  basicInfo: Section,
  releaseInfo: Section,
  summary: Type.String({ minLength: 1, maxLength: 4000 }),
  usesAndDirections: Section,
  outOfScope: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
  trustIngredients: Section,
  keyMetrics: Type.Object({
    usefulnessEfficacy: Type.Array(Type.Unknown()),
    fairnessEquity: Type.Array(Type.Unknown()),
    safetyReliability: Type.Array(Type.Unknown()),
  }, { additionalProperties: false }),
}, { description: 'CHAI applied model card sections' });

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ToolBody = Type.Object({
  id: Type.String({ minLength: 2, maxLength: 63 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: StringEnum(['rule', 'model', 'vendor']),
  version: Type.String({ minLength: 1, maxLength: 64 }),
  releasedAt: Type.Optional(DateStr),
  riskTier: StringEnum(['low', 'medium', 'high']),
  riskRationale: Type.String({ maxLength: 4000 }),
  licence: Type.String({ minLength: 1, maxLength: 500 }),
  modelCard: ModelCard,
  portalNotification: Type.Optional(Type.Union([Type.Null(), Type.Object({
    date: DateStr, referenceNumber: Type.String({ maxLength: 100 }), status: StringEnum(['not_required', 'pending', 'submitted', 'acknowledged']),
  }, { additionalProperties: false })])),
  settings: Type.Optional(Type.Object({
    autoSuspend: Type.Optional(Type.Boolean()),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    claims: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 1 }))),
  }, { additionalProperties: false })),
  changePlan: Type.Optional(Type.Union([Type.Null(), Type.Object({ coversVersions: Type.Array(Type.String()), description: Type.String() }, { additionalProperties: false })])),
}, { additionalProperties: false });

const ToolId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 63 }) });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const StageEnum = StringEnum(STAGES);
const ToolViewProps = {
  id: Type.String(), name: Type.String(), kind: StringEnum(['rule', 'model', 'vendor']), currentVersion: Type.String(),
  riskTier: StringEnum(['low', 'medium', 'high']), riskRationale: Type.String(), licence: Type.String(),
  modelCard: Type.Record(Type.String(), Type.Unknown()),
  portalNotification: Nullable(Type.Object({ date: Type.String(), referenceNumber: Type.String(), status: Type.String() })),
  settings: Type.Record(Type.String(), Type.Unknown()),
  changePlan: Nullable(Type.Object({ coversVersions: Type.Array(Type.String()), description: Type.String() })),
  stage: StageEnum,
  facilityStages: Type.Array(Type.Object({ facilityId: Type.String(), stage: StageEnum, reason: Type.String(), changedAt: Nullable(Type.String()) })),
};
const ToolView = Type.Object(ToolViewProps);
const ToolDetail = Type.Object({
  ...ToolViewProps,
  versions: Type.Array(Type.Object({ version: Type.String(), releasedAt: Nullable(Type.String()), notes: Type.String(), recordedAt: Nullable(Type.String()) })),
  stageHistory: Type.Array(Type.Object({
    id: Type.String(), toolVersion: Type.String(), facilityId: Nullable(Type.String()), fromStage: Nullable(Type.String()), toStage: Type.String(), reason: Type.String(),
    performanceReportId: Nullable(Type.String()), changePlan: Nullable(Type.String()), decidedBy: Nullable(Type.String()), decidedByName: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()), automatic: Type.Boolean(),
  })),
});
const PerformanceResult = Type.Object({
  toolId: Type.String(), label: Nullable(Type.String()), from: Nullable(Type.String()), to: Nullable(Type.String()),
  n: Type.Integer({ description: 'cases: suggestions with a finite score and a known reference truth for the label' }),
  report: Type.Unsafe<EvaluationReport | null>(Nullable(Type.Object({}, { additionalProperties: true, description: '@yte/governance EvaluationReport (see packages/governance/README.md)' }))),
  claims: Type.Unsafe<ToolClaims>(Type.Record(Type.String(), Type.Number(), { description: 'claimed performance the alerts compare with, e.g. {auroc: 0.8827}' })),
  claimsSource: Nullable(Type.String()),
  alerts: Type.Array(Type.Object({
    rule: Type.String(), metric: Type.String(), severity: StringEnum(['info', 'warning', 'critical']), message: Type.String(),
    observed: Nullable(Type.Number()), limit: Nullable(Type.Number()), column: Type.Optional(Type.String()), group: Type.Optional(Type.String()), suspendRecommended: Type.Boolean(),
  })),
  autoSuspended: Type.Boolean(), note: Nullable(Type.String()),
  cached: Type.Boolean({ description: 'served from the cache: the data version (suggestions, outcomes, settings, baseline) had not changed' }),
});
const VersionAdded = Type.Object({
  toolId: Type.String(), version: Type.String(),
  coveredByChangePlan: Type.Boolean({ description: 'true: the change plan covers this version and every stage stays' }),
  restartedAtSandbox: Type.Array(Type.String(), { description: "the stages restarted at sandbox: 'global' or a facility id" }),
});

export const governanceRoutes: RoutePlugin = async (app) => {
  const tags = ['governance'];
  app.get('/tools', { preHandler: requireSession, schema: { tags, description: 'The AI tool registry with stages and risk tiers', response: { 200: Type.Array(ToolView), ...errors(401) } } }, async () => listTools(app.db));
  app.get('/tools/:id', { preHandler: requireSession, schema: { tags, params: ToolId, response: { 200: ToolDetail, ...errors(401, 404) } } }, async (req) => getToolDetail(app.db, req.params.id));
  app.post('/tools', {
    preHandler: requireSession,
    schema: { tags, description: 'Registers a tool at sandbox (governance officer only), with its CHAI applied model card', body: ToolBody, response: { 201: ToolDetail, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => {
    const id = await registerTool(app.db, actorOf(req), req.body as Parameters<typeof registerTool>[2]);
    return reply.status(201).send(await getToolDetail(app.db, id));
  });
  app.post('/tools/:id/versions', {
    preHandler: requireSession,
    schema: {
      tags, params: ToolId, description: 'Records a new version (governance officer only): every stage restarts at sandbox unless the tool\'s change plan covers the version',
      body: Type.Object({
        version: Type.String({ minLength: 1, maxLength: 64 }), releasedAt: Type.Optional(DateStr), notes: Type.String({ maxLength: 4000 }),
        material: Type.Optional(Type.Boolean({ description: 'a material change: users trained on an earlier version must pass a refresher before the tool opens again' })),
      }, { additionalProperties: false }),
      response: { 201: VersionAdded, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await addVersion(app.db, actorOf(req), req.params.id, req.body)));
  app.post('/tools/:id/stage', {
    preHandler: requireSession,
    schema: {
      tags, params: ToolId, description: 'Lifecycle stage change (governance officer only). sandbox→shadow→pilot→general, any→suspended, suspended→previous|retired.',
      body: Type.Object({
        stage: StringEnum(STAGES), facilityId: Type.Optional(Type.String({ format: 'uuid' })), reason: Type.String({ maxLength: 2000 }),
        performanceReportId: Type.Optional(Type.String({ maxLength: 200 })), changePlan: Type.Optional(Type.String({ maxLength: 4000 })),
      }, { additionalProperties: false }),
      response: errors(400, 401, 403, 404, 409),
    },
  }, async (req) => changeStage(app.db, actorOf(req), req.params.id, req.body));
  app.post('/tools/:id/suspend', {
    preHandler: requireSession,
    schema: { tags, params: ToolId, description: 'Kill switch: suspends the tool at every facility at once', body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }), response: errors(400, 401, 403, 404) },
  }, async (req) => killSwitch(app.db, actorOf(req), req.params.id, req.body.reason));
  app.get('/banners', { preHandler: requireSession, schema: { tags, description: 'Active suspensions for the banner: global ones, and facility-scoped ones at your facilities' } }, async (req) => banners(app.db, actorOf(req)));
  app.get('/notifications', {
    preHandler: requireSession,
    schema: { tags, description: 'What the governance officer must see at once (e.g. a facility-scoped suspension from an incident report)', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: errors(401, 403) },
  }, async (req) => listNotifications(app.db, actorOf(req), req.query));
  app.post('/notifications/:id/ack', {
    preHandler: requireSession,
    schema: { tags, params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    await acknowledgeNotification(app.db, actorOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/tools/:id/performance', {
    preHandler: requireSession,
    schema: {
      tags, params: ToolId,
      querystring: Type.Object({
        from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })),
        label: Type.Optional(Type.String({ maxLength: 100 })), threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      }, { additionalProperties: false }),
      response: { 200: PerformanceResult, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => performance(app.db, actorOf(req), req.params.id, req.query));

  app.get('/tools/:id/report.pdf', {
    preHandler: requireSession,
    schema: { tags, params: ToolId, querystring: Type.Object({ lang: Type.Optional(StringEnum(['vi', 'en'])), label: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const actor = actorOf(req);
    if (!hasRole(actor, GOVERNANCE_READERS)) throw forbidden();
    const pdf = await toolReportPdf(app.db, actor, req.params.id, { lang: req.query.lang ?? 'vi', ...(req.query.label ? { label: req.query.label } : {}) }, app.config.sharedDir);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${req.params.id}-report-${req.query.lang ?? 'vi'}.pdf"`).send(pdf);
  });

  app.post('/incidents', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Anyone logged in reports an AI incident; severe/death starts the notification timer and may suspend the tool: at the reporter\'s facility (staff; the governance officer is notified at once) or everywhere (governance officer only)',
      body: Type.Object({
        toolId: Type.String({ minLength: 1, maxLength: 63 }), patientId: Type.Optional(Type.String({ format: 'uuid' })), facilityId: Type.Optional(Type.String({ format: 'uuid' })),
        description: Type.String({ maxLength: 8000 }), harm: StringEnum(HARMS), occurredAt: Type.Optional(Type.String({ format: 'date-time' })), suspendTool: Type.Optional(Type.Boolean()),
        suspensionScope: Type.Optional(StringEnum(SUSPENSION_SCOPES, { description: "facility (the reporter's, the default for staff) or global (governance officer only)" })),
      }, { additionalProperties: false }),
      response: errors(400, 401, 403),
    },
  }, async (req, reply) => {
    const id = await reportIncident(app.db, actorOf(req), req.body);
    return reply.status(201).send(await getIncident(app.db, id));
  });
  app.get('/incidents', {
    preHandler: requireSession,
    schema: { tags, querystring: Type.Object({ toolId: Type.Optional(Type.String()) }, { additionalProperties: false }), response: errors(401, 403) },
  }, async (req) => listIncidents(app.db, actorOf(req), req.query));
  app.post('/incidents/:id/notified', {
    preHandler: requireSession,
    schema: { tags, params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: errors(401, 403, 404) },
  }, async (req) => markNotified(app.db, actorOf(req), req.params.id));
  app.get('/incidents/export', {
    preHandler: requireSession,
    schema: { tags, description: 'Export for national reporting (no patient identifiers)', querystring: Type.Object({ format: Type.Optional(StringEnum(['csv', 'json'])) }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const list = await listIncidents(app.db, actorOf(req), {});
    if (req.query.format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ai-incidents.csv"').send(incidentsCsv(list));
    return exportIncidentsJson(list, new Date());
  });
};
