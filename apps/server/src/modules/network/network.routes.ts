/** The network dashboard and registry (prefix /api/network). Answers carry counts and rates only. */
import { Type } from 'typebox';
import { errors, requireRole, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { importRegistry, MAX_DAYS, nationalCsv, nationalView, provinceCsv, provinceView } from './network.service.ts';

const tags = ['network'];
const N = Type.Number();
const NN = Type.Union([Type.Number(), Type.Null()]);
const Indicators = Type.Object({
  stations: N, enrolled: N, live: N, late: N, offline: N, never: N, lastSyncAt: Type.Union([Type.String(), Type.Null()]), maxLagSeconds: NN, queue: N,
  population: N, popAdult40: N, popUnder5: N, visits: N, htn: N, dm: N, tb: N, nutrition: N, cvd: N,
  coverage: Type.Object({ htn: NN, dm: NN, cvd: NN, nutrition: NN }), tbPer1000: NN,
  suggestions: N, decided: N, overridden: N, overrideRate: NN, alerts: N, alertsAcked: N, meanAckMinutes: NN, referrals: N,
  tools: Type.Object({ sandbox: N, shadow: N, pilot: N, general: N, suspended: N, retired: N }),
});
const Period = { from: Type.String(), to: Type.String(), days: N };
const National = Type.Object({ ...Period, total: Indicators, provinces: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), communes: N, indicators: Indicators })) });
const Province = Type.Object({
  ...Period, code: Type.String(), name: Type.String(), total: Indicators,
  stations: Type.Array(Type.Object({
    facilityId: Type.String(), code: Type.String(), name: Type.String(), commune: Type.String(), level: Type.String(),
    link: StringEnum(['local', 'never', 'live', 'late', 'offline']), lastSyncAt: Type.Union([Type.String(), Type.Null()]), lagSeconds: NN, queue: NN, indicators: Indicators,
  })),
});
const Query = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: 365, description: 'The period: the last N days' })),
  until: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'The period ends with this day (Asia/Ho_Chi_Minh); default now' })),
}, { additionalProperties: false });
const Code = Type.Object({ code: Type.String({ pattern: '^[0-9]{2}$', description: 'Province code of the 2025 list (01–34)' }) });
const viewers = requireRole('governance_officer', 'facility_admin');

export const networkRoutes: RoutePlugin = async (app) => {
  app.get('/provinces', {
    preHandler: viewers,
    schema: { tags, description: 'National view: every province\'s stations, sync state and key indicators over the period (aggregates only).', querystring: Query, response: { 200: National, ...errors(400, 401, 403) } },
  }, async (req) => nationalView(app.db, new Date(), req.query.days ?? 365, req.query.until));

  app.get('/provinces.csv', {
    preHandler: viewers,
    schema: { tags, description: 'The national view as CSV (one line per province).', querystring: Query, response: { ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="network-provinces.csv"')
    .send(nationalCsv(await nationalView(app.db, new Date(), req.query.days ?? 365, req.query.until))));

  app.get('/provinces/:code', {
    preHandler: viewers,
    schema: { tags, description: 'Province view: each station\'s link (live/late/offline), last sync, lag, queue and indicators.', params: Code, querystring: Query, response: { 200: Province, ...errors(400, 401, 403, 404) } },
  }, async (req) => provinceView(app.db, req.params.code, new Date(), req.query.days ?? 365, req.query.until));

  app.get('/provinces/:code/stations.csv', {
    preHandler: viewers,
    schema: { tags, description: 'The province view as CSV (one line per station).', params: Code, querystring: Query, response: { ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const v = await provinceView(app.db, req.params.code, new Date(), req.query.days ?? 365, req.query.until);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="network-${v.code}-stations.csv"`).send(provinceCsv(v));
  });

  app.post('/registry', {
    bodyLimit: 5 * 1024 * 1024,
    preHandler: requireRole('governance_officer'),
    schema: {
      tags, description: 'Imports the facility registry from CSV (columns: code,name,level,province_code,commune,commune_code,supervisor_code,population,pop_adult40,pop_under5,lat,lon). Whole file or nothing.',
      body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 4 * 1024 * 1024 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ created: N, updated: N }), ...errors(400, 401, 403) },
    },
  }, async (req) => importRegistry(app.db, req.body.csv, new Date()));
};
