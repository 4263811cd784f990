/**
 * Cohort dashboard for programme managers: per province × facility × role — enrolled, started
 * (any learning event), completed (role path completed), post-test pass rate, pre→post gain per
 * module (mean post − mean pre score over submitted attempts),
 * and CXR over-reliance (mean share of wrong AI calls followed, ex-cxr-reading). Scoped to the
 * caller's facilities. Read from pre-aggregated tables kept by triggers (migration 025).
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

// The figures come from training_group_progress / training_group_module, kept in step by triggers in
// the same transaction as every enrolment, attempt and learning event (migration 025): the
// dashboard reads one row per group (and per group × module) instead of aggregating 15,000 learners
// and their attempts on every request. training.progress.integration.test.ts checks them against
// the same figures computed from the raw tables.
const WHERE = `g.facility_id = ANY($1::uuid[]) AND ($2::text IS NULL OR g.province = $2) AND ($3::text IS NULL OR g.role = $3)`;
const BASE_SQL = `SELECT g.province, g.facility_id, fa.name, g.role, g.enrolled, g.started, g.completed,
            g.post_passed::numeric / nullif(g.post_n, 0) AS pass_rate, g.cxr_mean_sum / nullif(g.cxr_learners, 0) AS over
       FROM training_group_progress g JOIN facility fa ON fa.id = g.facility_id
      WHERE ${WHERE} AND g.enrolled > 0
      ORDER BY g.province, fa.name, g.role`;
const GAIN_SQL = `SELECT g.province, g.facility_id, g.role, g.module_id,
            g.pre_sum / nullif(g.pre_n, 0) AS pre, g.post_sum / nullif(g.post_n, 0) AS post
       FROM training_group_module g
      WHERE ${WHERE} AND (g.pre_n > 0 OR g.post_n > 0)
      ORDER BY g.module_id`;
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
