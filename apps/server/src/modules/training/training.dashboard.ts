/**
 * Cohort dashboard for programme managers: per province × facility × role — enrolled, started
 * (any learning event), completed (role path completed), post-test pass rate, pre→post gain per
 * module (mean post − mean pre score over submitted attempts),
 * and CXR over-reliance (mean share of wrong AI calls followed, ex-cxr-reading). Scoped to the
 * caller's facilities.
 */
import type { Db } from '../../db/db.ts';
import { forbidden } from '../../lib/errors.ts';
import { hasRole, type Actor } from '../auth/roles.ts';

export interface DashboardFilter { province?: string; facilityId?: string; role?: string }
export interface DashboardGroup {
  province: string; facilityId: string; facilityName: string; role: string;
  enrolled: number; started: number; completed: number;
  passRate: number | null; cxrOverReliance: number | null;
  gain: Array<{ moduleId: string; pre: number | null; post: number | null; gain: number | null }>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const LEARNERS = `SELECT l.province, l.facility_id, l.role, l.user_id FROM training_learner l
  WHERE l.facility_id = ANY($1::uuid[]) AND ($2::text IS NULL OR l.province = $2) AND ($3::text IS NULL OR l.role = $3)`;

// Per-learner aggregates first (one row per account), then per group: keeps the planner's row
// estimates honest (a materialised CTE joined three times made PostgreSQL expect 10^8 rows and
// spend ~0.7 s JIT-compiling a 15 ms query).
const BASE_SQL = `WITH l AS NOT MATERIALIZED (${LEARNERS}),
      ev AS (SELECT e.user_id, bool_or(e.verb = 'completed' AND e.object_type = 'path') AS done
               FROM training_event e WHERE e.user_id IN (SELECT user_id FROM l) GROUP BY e.user_id),
      att AS (SELECT a.user_id, count(*) FILTER (WHERE a.kind = 'post' AND a.passed) AS passed, count(*) FILTER (WHERE a.kind = 'post') AS n,
                     avg((a.result->>'overReliance')::numeric) FILTER (WHERE a.exercise_id = 'ex-cxr-reading') AS over
                FROM training_attempt a WHERE a.submitted_at IS NOT NULL AND a.user_id IN (SELECT user_id FROM l) GROUP BY a.user_id)
     SELECT l.province, l.facility_id, fa.name, l.role, count(*)::int AS enrolled, count(ev.user_id)::int AS started,
            count(*) FILTER (WHERE ev.done)::int AS completed,
            sum(att.passed)::numeric / nullif(sum(att.n), 0) AS pass_rate, avg(att.over) AS over
       FROM l JOIN facility fa ON fa.id = l.facility_id
       LEFT JOIN ev ON ev.user_id = l.user_id LEFT JOIN att ON att.user_id = l.user_id
      GROUP BY l.province, l.facility_id, fa.name, l.role ORDER BY l.province, fa.name, l.role`;
const GAIN_SQL = `WITH l AS (${LEARNERS} AND l.user_id IS NOT NULL)
     SELECT l.province, l.facility_id, l.role, a.module_id,
            avg(a.score) FILTER (WHERE a.kind = 'pre') AS pre, avg(a.score) FILTER (WHERE a.kind = 'post') AS post
       FROM l JOIN training_attempt a ON a.user_id = l.user_id AND a.kind IN ('pre', 'post') AND a.submitted_at IS NOT NULL
      GROUP BY l.province, l.facility_id, l.role, a.module_id ORDER BY a.module_id`;
/** The dashboard's queries ($1 facility ids, $2 province, $3 role), exported for EXPLAIN in the bench. */
export const dashboardSql = [BASE_SQL, GAIN_SQL];

export async function dashboard(db: Db, actor: Actor, f: DashboardFilter): Promise<{ groups: DashboardGroup[] }> {
  if (!hasRole(actor, ['facility_admin', 'governance_officer'])) throw forbidden();
  const facilities = f.facilityId ? actor.facilityIds.filter((id) => id === f.facilityId) : actor.facilityIds;
  const params = [facilities, f.province ?? null, f.role ?? null];
  // Independent queries: concurrent on a PostgreSQL pool (PGlite runs them one after the other).
  const [base, gains] = await Promise.all([db.query<{ province: string; facility_id: string; name: string; role: string; enrolled: number; started: number; completed: number; pass_rate: unknown; over: unknown }>(
    BASE_SQL, params),
  db.query<{ province: string; facility_id: string; role: string; module_id: string; pre: unknown; post: unknown }>(
    GAIN_SQL, params)]);
  const key = (p: string, fac: string, r: string) => `${p}\u0000${fac}\u0000${r}`;
  const byGroup = new Map<string, DashboardGroup['gain']>();
  for (const g of gains) {
    const k = key(g.province, g.facility_id, g.role);
    const pre = num(g.pre), post = num(g.post);
    byGroup.set(k, [...(byGroup.get(k) ?? []), { moduleId: g.module_id, pre, post, gain: pre !== null && post !== null ? post - pre : null }]);
  }
  return {
    groups: base.map((b) => ({
      province: b.province, facilityId: b.facility_id, facilityName: b.name, role: b.role, enrolled: b.enrolled, started: b.started, completed: b.completed,
      passRate: num(b.pass_rate), cxrOverReliance: num(b.over), gain: byGroup.get(key(b.province, b.facility_id, b.role)) ?? [],
    })),
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote, and defuse spreadsheet formulas (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The dashboard as CSV: one line per group and module (group figures repeated), UTF-8 with BOM for Excel. */
export function dashboardCsv(d: { groups: DashboardGroup[] }): string {
  const head = ['province', 'facility', 'role', 'enrolled', 'started', 'completed', 'pass_rate', 'cxr_over_reliance', 'module', 'pre_mean', 'post_mean', 'gain'];
  const lines = [head.join(',')];
  for (const g of d.groups) {
    const fixed = [g.province, g.facilityName, g.role, g.enrolled, g.started, g.completed, g.passRate, g.cxrOverReliance];
    if (g.gain.length === 0) lines.push([...fixed, '', '', '', ''].map(csvCell).join(','));
    for (const m of g.gain) lines.push([...fixed, m.moduleId, m.pre, m.post, m.gain].map(csvCell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
