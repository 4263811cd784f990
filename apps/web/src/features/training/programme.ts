/**
 * Programme management helpers (pure): normalised gain and dashboard totals.
 *
 * Normalised gain after Hake, R. R. (1998), "Interactive-engagement versus traditional methods",
 * Am. J. Phys. 66(1):64–74, eq. (1): ⟨g⟩ = (⟨post⟩ − ⟨pre⟩) / (1 − ⟨pre⟩), computed on the class
 * averages (fractions 0–1). Undefined when the pre-test average is already 100 %.
 */
import type { Bi } from './api.ts';

export function hakeGain(pre: number | null, post: number | null): number | null {
  if (pre === null || post === null || pre >= 1) return null;
  return (post - pre) / (1 - pre);
}

export interface DashboardGroup {
  province: string; facilityId: string; facilityName: string; role: string;
  enrolled: number; started: number; completed: number; passRate: number | null; cxrOverReliance: number | null;
  gain: Array<{ moduleId: string; pre: number | null; post: number | null; gain: number | null }>;
}

export type GroupBy = 'role' | 'facility' | 'province';

export interface Row { key: string; label: string; enrolled: number; started: number; completed: number; completion: number | null }

/** Sums the server's province × facility × role groups into one row per role, facility or province. */
export function rollUp(groups: DashboardGroup[], by: GroupBy): Row[] {
  const rows = new Map<string, Row>();
  for (const g of groups) {
    const key = by === 'role' ? g.role : by === 'facility' ? g.facilityId : g.province;
    const label = by === 'role' ? g.role : by === 'facility' ? g.facilityName : g.province;
    const r = rows.get(key) ?? { key, label, enrolled: 0, started: 0, completed: 0, completion: null };
    r.enrolled += g.enrolled; r.started += g.started; r.completed += g.completed;
    r.completion = r.enrolled ? r.completed / r.enrolled : null;
    rows.set(key, r);
  }
  return [...rows.values()].sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

export interface ModuleGain { moduleId: string; pre: number | null; post: number | null; gain: number | null; hake: number | null }

/**
 * Per module over all groups: pre and post means weighted by each group's enrolled learners
 * (the server gives group means), then Hake's ⟨g⟩ of those means.
 */
export function moduleGains(groups: DashboardGroup[], modules: Array<{ id: string; title?: Bi }>): ModuleGain[] {
  return modules.map((m) => {
    let preSum = 0, preW = 0, postSum = 0, postW = 0;
    for (const g of groups) {
      const x = g.gain.find((y) => y.moduleId === m.id);
      if (!x) continue;
      const w = Math.max(1, g.started);
      if (x.pre !== null) { preSum += x.pre * w; preW += w; }
      if (x.post !== null) { postSum += x.post * w; postW += w; }
    }
    const pre = preW ? preSum / preW : null;
    const post = postW ? postSum / postW : null;
    return { moduleId: m.id, pre, post, gain: pre !== null && post !== null ? post - pre : null, hake: hakeGain(pre, post) };
  });
}

export const totals = (groups: DashboardGroup[]) => groups.reduce((t, g) => ({ enrolled: t.enrolled + g.enrolled, started: t.started + g.started, completed: t.completed + g.completed }), { enrolled: 0, started: 0, completed: 0 });
