/** SQL of the network dashboard and registry: counts per facility over a period, never patient rows. */
import type { StationCounts, ToolStage } from '@yte/sync/network';
import type { Queryable } from '../../db/db.ts';

/** Glucose and HbA1c (LOINC) count as a diabetes screening; a systolic pressure as a hypertension screening. */
export const DM_CODES = ['14749-6', '2345-7', '2339-0', '15074-8', '4548-4'];
export const HTN_CODES = ['8480-6'];

interface Row {
  id: string; code: string; name: string; kind: string; province: string; commune: string;
  level: string | null; province_code: string | null; population: number | null; pop_adult40: number | null; pop_under5: number | null;
  enrolled: boolean; last_sync: Date | null; queue_depth: number | null;
  visits: number; htn: number; dm: number; tb: number; nutrition: number; cvd: number;
  suggestions: number; decided: number; overridden: number; alerts: number; acked: number; ack_s: number; referrals: number;
}

/**
 * One row per facility (training sandboxes left out), optionally only those of one province (its
 * code in the registry, or, for a facility not in the registry, its province name).
 */
export async function stationCounts(q: Queryable, from: Date, to: Date, province: { code: string; name: string } | null): Promise<Array<Omit<StationCounts, 'tools' | 'provinceCode'> & { provinceCode: string | null; provinceName: string; kind: string }>> {
  const rows = await q.query<Row>(STATION_SQL, [from, to, province?.code ?? null, province?.name ?? null, HTN_CODES, DM_CODES]);
  return rows.map(toCounts);
}

export const STATION_SQL = `
    WITH f AS (
      SELECT fa.id, fa.code, fa.name, fa.kind, fa.province, fa.commune, nf.level, nf.province_code, nf.population, nf.pop_adult40, nf.pop_under5,
             (ss.station_id IS NOT NULL AND ss.revoked_at IS NULL) AS enrolled,
             NULLIF(GREATEST(COALESCE(ss.last_push_at, '-infinity'), COALESCE(ss.last_pull_at, '-infinity')), '-infinity') AS last_sync, ss.queue_depth
      FROM facility fa
      LEFT JOIN network_facility nf ON nf.facility_id = fa.id
      LEFT JOIN sync_station ss ON ss.station_id = fa.id
      WHERE NOT fa.training AND ($3::text IS NULL OR nf.province_code = $3 OR (nf.province_code IS NULL AND fa.province = $4))
    ),
    v AS (SELECT facility_id, count(*)::int AS n FROM encounter WHERE started_at >= $1 AND started_at < $2 AND facility_id IN (SELECT id FROM f) GROUP BY 1),
    o AS (SELECT facility_id,
            count(DISTINCT patient_id) FILTER (WHERE code = ANY($5))::int AS htn,
            count(DISTINCT patient_id) FILTER (WHERE code = ANY($6))::int AS dm
          FROM observation WHERE effective_at >= $1 AND effective_at < $2 AND code = ANY($5 || $6) AND facility_id IN (SELECT id FROM f) GROUP BY 1),
    s AS (SELECT facility_id,
            count(DISTINCT patient_id) FILTER (WHERE kind = 'tb')::int AS tb,
            count(DISTINCT patient_id) FILTER (WHERE kind = 'nutrition')::int AS nutrition,
            count(DISTINCT patient_id) FILTER (WHERE kind = 'cvd')::int AS cvd
          FROM screening WHERE performed_at >= $1 AND performed_at < $2 AND facility_id IN (SELECT id FROM f) GROUP BY 1),
    g AS (SELECT facility_id, count(*)::int AS n,
            count(*) FILTER (WHERE status <> 'proposed')::int AS decided,
            count(*) FILTER (WHERE status = 'overridden')::int AS overridden
          FROM suggestion WHERE created_at >= $1 AND created_at < $2 AND visibility = 'visible' AND facility_id IN (SELECT id FROM f) GROUP BY 1),
    a AS (SELECT facility_id, count(*)::int AS n, count(acknowledged_at)::int AS acked,
            COALESCE(sum(extract(epoch FROM acknowledged_at - created_at)) FILTER (WHERE acknowledged_at IS NOT NULL), 0)::float8 AS ack_s
          FROM alert WHERE created_at >= $1 AND created_at < $2 AND facility_id IN (SELECT id FROM f) GROUP BY 1),
    r AS (SELECT facility_id, count(*)::int AS n FROM referral WHERE created_at >= $1 AND created_at < $2 AND facility_id IN (SELECT id FROM f) GROUP BY 1)
    SELECT f.id::text, f.code, f.name, f.kind, f.province, f.commune, f.level, f.province_code, f.population, f.pop_adult40, f.pop_under5, f.enrolled, f.last_sync, f.queue_depth,
      COALESCE(v.n, 0) AS visits, COALESCE(o.htn, 0) AS htn, COALESCE(o.dm, 0) AS dm, COALESCE(s.tb, 0) AS tb, COALESCE(s.nutrition, 0) AS nutrition, COALESCE(s.cvd, 0) AS cvd,
      COALESCE(g.n, 0) AS suggestions, COALESCE(g.decided, 0) AS decided, COALESCE(g.overridden, 0) AS overridden,
      COALESCE(a.n, 0) AS alerts, COALESCE(a.acked, 0) AS acked, COALESCE(a.ack_s, 0) AS ack_s, COALESCE(r.n, 0) AS referrals
    FROM f LEFT JOIN v ON v.facility_id = f.id LEFT JOIN o ON o.facility_id = f.id LEFT JOIN s ON s.facility_id = f.id
      LEFT JOIN g ON g.facility_id = f.id LEFT JOIN a ON a.facility_id = f.id LEFT JOIN r ON r.facility_id = f.id
    ORDER BY f.code`;

const toCounts = (r: Row) => ({
    facilityId: r.id, code: r.code, name: r.name, kind: r.kind, provinceCode: r.province_code, provinceName: r.province, commune: r.commune,
    level: r.level ?? (r.kind === 'station' ? 'commune_station' : 'provincial_hospital'),
    population: r.population ?? 0, popAdult40: r.pop_adult40 ?? 0, popUnder5: r.pop_under5 ?? 0,
    enrolled: r.enrolled, lastSyncAt: r.last_sync ? new Date(r.last_sync).toISOString() : null, queue: r.queue_depth,
    visits: r.visits, htn: r.htn, dm: r.dm, tb: r.tb, nutrition: r.nutrition, cvd: r.cvd,
    suggestions: r.suggestions, decided: r.decided, overridden: r.overridden, alerts: r.alerts, alertsAcked: r.acked, ackSecondsSum: r.ack_s, referrals: r.referrals,
});

/** Effective stage of every AI tool at every facility (ai_tool_stage rule of migration 002: a global suspension or retirement wins). */
export async function toolStages(q: Queryable): Promise<Map<string, Partial<Record<ToolStage, number>>>> {
  const rows = await q.query<{ facility_id: string; stage: ToolStage; n: number }>(`
    SELECT fa.id::text AS facility_id, e.stage, count(*)::int AS n
    FROM facility fa CROSS JOIN ai_tool t
    LEFT JOIN ai_tool_stage g ON g.tool_id = t.id AND g.facility_id IS NULL
    LEFT JOIN ai_tool_stage l ON l.tool_id = t.id AND l.facility_id = fa.id
    CROSS JOIN LATERAL (SELECT CASE WHEN g.stage IN ('suspended', 'retired') THEN g.stage ELSE COALESCE(l.stage, g.stage) END AS stage) e
    WHERE e.stage IS NOT NULL AND NOT fa.training
    GROUP BY 1, 2`);
  const m = new Map<string, Partial<Record<ToolStage, number>>>();
  for (const r of rows) m.set(r.facility_id, { ...m.get(r.facility_id), [r.stage]: r.n });
  return m;
}
