/**
 * The network dashboard (issue 18 item 4) and its registry. The national view is per province and
 * the province view per station: counts and rates only (no patient row, name or id is ever in an
 * answer), so what the ministry sees is aggregate. Who may look: the governance officer and the
 * facility admin (a provincial officer's roles in yte).
 */
import { parseRegistry, rollup, rollupBy, toCsv, VN_PROVINCES, type Indicators, type LinkState, linkState, type RowError, type StationCounts } from '@yte/sync/network';
import type { Db } from '../../db/db.ts';
import { AppError, badInput, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { stationCounts, toolStages } from './network.repo.ts';

export const MAX_DAYS = 3660;
const byName = new Map(VN_PROVINCES.map((p) => [p.name.normalize('NFC').toLowerCase(), p.code]));
/** A facility outside the registry is placed by its province's name (the 2025 list). */
const codeForName = (name: string) => byName.get(name.normalize('NFC').toLowerCase().replace(/^(tỉnh|thành phố)\s+/, '')) ?? '00';

export interface Period { from: Date; to: Date; days: number }
/** The last `days` days up to now, or up to the end of `until` (a date, Asia/Ho_Chi_Minh). */
export function periodOf(now: Date, days: number, until?: string): Period {
  const to = until ? new Date(Date.parse(`${until}T00:00:00+07:00`) + 86400_000) : now;
  if (Number.isNaN(to.getTime())) throw badInput('INVALID_DATE', 'until must be a date YYYY-MM-DD', 'until phải là ngày dạng YYYY-MM-DD', 'until');
  return { from: new Date(to.getTime() - days * 86400_000), to, days };
}

async function rows(db: Db, p: Period, province: { code: string; name: string } | null): Promise<StationCounts[]> {
  // JIT off: the planner over-estimates the joined rows (millions for a few thousand facilities) and
  // PostgreSQL's JIT then spends seconds compiling a query that runs in a fraction of that.
  const [counts, tools] = await Promise.all([
    db.tx(async (q) => { await q.query('SET LOCAL jit = off'); return stationCounts(q, p.from, p.to, province); }),
    toolStages(db),
  ]);
  return counts.map((c) => ({ ...c, provinceCode: c.provinceCode ?? codeForName(c.provinceName), tools: tools.get(c.facilityId) ?? {} }));
}

export interface ProvinceLine { code: string; name: string; communes: number; indicators: Indicators }
export interface NationalView { from: string; to: string; days: number; total: Indicators; provinces: ProvinceLine[] }

export async function nationalView(db: Db, now: Date, days: number, until?: string): Promise<NationalView> {
  const p = periodOf(now, days, until);
  const all = await rows(db, p, null);
  const by = rollupBy(all, (r) => r.provinceCode, now.getTime());
  const empty = rollup([], now.getTime());
  return {
    from: p.from.toISOString(), to: p.to.toISOString(), days, total: rollup(all, now.getTime()),
    provinces: VN_PROVINCES.map((v) => ({ code: v.code, name: v.name, communes: v.communes, indicators: by.get(v.code) ?? empty })),
  };
}

export interface StationLine { facilityId: string; code: string; name: string; commune: string; level: string; link: LinkState; lastSyncAt: string | null; lagSeconds: number | null; queue: number | null; indicators: Indicators }
export interface ProvinceView { from: string; to: string; days: number; code: string; name: string; total: Indicators; stations: StationLine[] }

export async function provinceView(db: Db, code: string, now: Date, days: number, until?: string): Promise<ProvinceView> {
  const v = VN_PROVINCES.find((x) => x.code === code);
  if (!v) throw notFound('Province');
  const p = periodOf(now, days, until);
  const list = await rows(db, p, { code, name: v.name });
  const t = now.getTime();
  return {
    from: p.from.toISOString(), to: p.to.toISOString(), days, code, name: v.name, total: rollup(list, t),
    stations: list.map((r) => {
      const ms = r.lastSyncAt ? Date.parse(r.lastSyncAt) : null;
      return {
        facilityId: r.facilityId, code: r.code, name: r.name, commune: r.commune, level: r.level, link: linkState(r.enrolled, ms, t),
        lastSyncAt: r.lastSyncAt, lagSeconds: ms === null ? null : Math.max(0, Math.round((t - ms) / 1000)), queue: r.queue, indicators: rollup([r], t),
      };
    }),
  };
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const CSV_HEAD = ['stations', 'live', 'late', 'offline', 'never_synced', 'queue', 'population', 'visits', 'htn_screened', 'htn_coverage_pct', 'dm_screened', 'dm_coverage_pct',
  'cvd_screened', 'cvd_coverage_pct', 'nutrition_screened', 'nutrition_coverage_pct', 'tb_screened', 'tb_per_1000', 'ai_suggestions', 'ai_decided', 'ai_overridden', 'override_rate_pct',
  'alerts', 'alerts_acked', 'mean_ack_minutes', 'referrals', 'tools_shadow', 'tools_pilot', 'tools_general', 'tools_suspended'];
const csvCells = (i: Indicators) => [i.stations, i.live, i.late, i.offline, i.never, i.queue, i.population, i.visits, i.htn, pct(i.coverage.htn), i.dm, pct(i.coverage.dm),
  i.cvd, pct(i.coverage.cvd), i.nutrition, pct(i.coverage.nutrition), i.tb, i.tbPer1000, i.suggestions, i.decided, i.overridden, pct(i.overrideRate),
  i.alerts, i.alertsAcked, i.meanAckMinutes, i.referrals, i.tools.shadow, i.tools.pilot, i.tools.general, i.tools.suspended];

export const nationalCsv = (v: NationalView) => toCsv(['province_code', 'province', ...CSV_HEAD], v.provinces.map((p) => [p.code, p.name, ...csvCells(p.indicators)]));
export const provinceCsv = (v: ProvinceView) => toCsv(['station_code', 'station', 'commune', 'level', 'link', 'last_sync_at', 'lag_seconds', ...CSV_HEAD],
  v.stations.map((s) => [s.code, s.name, s.commune, s.level, s.link, s.lastSyncAt, s.lagSeconds, ...csvCells(s.indicators)]));

/**
 * Imports the registry CSV whole: every line checked first (errors listed, nothing written), then
 * facilities created or updated by code, and their registry rows upserted, in one transaction.
 */
export async function importRegistry(db: Db, csv: string, now: Date): Promise<{ created: number; updated: number }> {
  const { rows: list, errors } = parseRegistry(csv);
  if (errors.length) throw registryErrors(errors);
  if (!list.length) throw badInput('EMPTY_FILE', 'The file has no facility lines', 'Tệp không có dòng cơ sở nào', 'csv');
  return db.tx(async (q) => {
    const existing = new Map((await q.query<{ id: string; code: string }>('SELECT id::text, code FROM facility WHERE code = ANY($1)', [list.map((r) => r.code)])).map((r) => [r.code, r.id]));
    const supervisors = [...new Set(list.map((r) => r.supervisorCode).filter((c): c is string => !!c))];
    const known = new Map((await q.query<{ id: string; code: string }>('SELECT id::text, code FROM facility WHERE code = ANY($1)', [supervisors])).map((r) => [r.code, r.id]));
    const ids = new Map<string, string>();
    for (const r of list) ids.set(r.code, existing.get(r.code) ?? uuidv7(now.getTime()));
    const bad = list.findIndex((r) => r.supervisorCode && !ids.has(r.supervisorCode) && !known.has(r.supervisorCode));
    if (bad >= 0) throw registryErrors([{ line: bad + 2, field: 'supervisor_code', message: `unknown supervisor ${list[bad]!.supervisorCode}`, messageVi: `không có cơ sở giám sát ${list[bad]!.supervisorCode}` }]);
    const prov = new Map(VN_PROVINCES.map((p) => [p.code, p.name]));
    const payload = list.map((r) => ({
      id: ids.get(r.code), code: r.code, name: r.name, kind: r.level === 'commune_station' ? 'station' : 'hospital', province: prov.get(r.provinceCode), commune: r.commune,
      level: r.level, province_code: r.provinceCode, commune_code: r.communeCode, supervised_by: r.supervisorCode ? (ids.get(r.supervisorCode) ?? known.get(r.supervisorCode)) : null,
      population: r.population, pop_adult40: r.popAdult40, pop_under5: r.popUnder5, lat: r.lat, lon: r.lon,
    }));
    await q.query(`INSERT INTO facility(id, code, name, kind, province, commune)
      SELECT id, code, name, kind, province, commune FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, code text, name text, kind text, province text, commune text)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, province = EXCLUDED.province, commune = EXCLUDED.commune`, [JSON.stringify(payload)]);
    await q.query(`INSERT INTO network_facility(facility_id, level, province_code, commune_code, supervised_by, population, pop_adult40, pop_under5, lat, lon)
      SELECT id, level, province_code, commune_code, supervised_by, population, pop_adult40, pop_under5, lat, lon
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, level text, province_code text, commune_code text, supervised_by uuid, population int, pop_adult40 int, pop_under5 int, lat float8, lon float8)
      ON CONFLICT (facility_id) DO UPDATE SET level = EXCLUDED.level, province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code, supervised_by = EXCLUDED.supervised_by,
        population = EXCLUDED.population, pop_adult40 = EXCLUDED.pop_adult40, pop_under5 = EXCLUDED.pop_under5, lat = EXCLUDED.lat, lon = EXCLUDED.lon`, [JSON.stringify(payload)]);
    return { created: list.length - existing.size, updated: existing.size };
  });
}

const registryErrors = (errors: RowError[]) =>
  new AppError(400, 'REGISTRY_INVALID', `${errors.length} problem(s) in the file; nothing was imported`, `Tệp có ${errors.length} lỗi; chưa nhập gì`, 'csv', errors.slice(0, 200));
