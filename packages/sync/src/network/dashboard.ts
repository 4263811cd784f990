/**
 * The network dashboard's arithmetic (issue 18 item 4), pure: a station's link state from its last
 * sync, roll-ups of per-station counts to a province or the nation, coverage against the catchment
 * population, rates, and CSV. The server counts (SQL) and hands plain numbers in; nothing here sees
 * a patient: the dashboard API carries counts only, so no patient data leaves a province.
 */

/** Effective AI tool stages (ai_tool_stage, migration 002). */
export const TOOL_STAGES = ['sandbox', 'shadow', 'pilot', 'general', 'suspended', 'retired'] as const;
export type ToolStage = (typeof TOOL_STAGES)[number];

/**
 * local: served by this server directly (no sync link); never: enrolled, no sync yet; live: synced
 * within LIVE_MS; late: within LATE_MS; offline: longer ago. The thresholds are yte's operating
 * choice (a station syncs every minute when its link is up), not a published standard.
 */
export type LinkState = 'local' | 'never' | 'live' | 'late' | 'offline';
export const LIVE_MS = 60 * 60 * 1000;
export const LATE_MS = 24 * 60 * 60 * 1000;

export function linkState(enrolled: boolean, lastSyncMs: number | null, nowMs: number): LinkState {
  if (!enrolled) return 'local';
  if (lastSyncMs === null) return 'never';
  const age = nowMs - lastSyncMs;
  return age <= LIVE_MS ? 'live' : age <= LATE_MS ? 'late' : 'offline';
}

/** Counts for one station over the period (from SQL), and its registry data. */
export interface StationCounts {
  facilityId: string;
  code: string;
  name: string;
  provinceCode: string;
  commune: string;
  level: string;
  population: number;
  /** adults aged 40 and over in the catchment (denominator of hypertension, diabetes, CVD risk) */
  popAdult40: number;
  /** children under 5 (denominator of child nutrition) */
  popUnder5: number;
  enrolled: boolean;
  lastSyncAt: string | null;
  /** changes waiting at the station, as it last reported them (null: never reported) */
  queue: number | null;
  visits: number;
  /** distinct patients screened in the period, per programme */
  htn: number;
  dm: number;
  tb: number;
  nutrition: number;
  cvd: number;
  suggestions: number;
  decided: number;
  overridden: number;
  alerts: number;
  alertsAcked: number;
  /** sum of seconds from alert to acknowledgement over the acknowledged alerts */
  ackSecondsSum: number;
  referrals: number;
  tools: Partial<Record<ToolStage, number>>;
}

export interface Indicators {
  stations: number;
  enrolled: number;
  live: number;
  late: number;
  offline: number;
  never: number;
  lastSyncAt: string | null;
  /** seconds since the oldest last sync among enrolled stations (null: none synced) */
  maxLagSeconds: number | null;
  queue: number;
  population: number;
  popAdult40: number;
  popUnder5: number;
  visits: number;
  htn: number;
  dm: number;
  tb: number;
  nutrition: number;
  cvd: number;
  /** screened / target population (0..1), null when the target is 0 */
  coverage: { htn: number | null; dm: number | null; cvd: number | null; nutrition: number | null };
  /** TB: people screened per 1,000 population (active case finding has no fixed target here) */
  tbPer1000: number | null;
  suggestions: number;
  decided: number;
  overridden: number;
  /** overridden / decided (0..1) */
  overrideRate: number | null;
  alerts: number;
  alertsAcked: number;
  /** mean minutes from alert to acknowledgement */
  meanAckMinutes: number | null;
  referrals: number;
  tools: Record<ToolStage, number>;
}

export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * Coverage denominators: adults ≥ 40 for hypertension, diabetes and CVD risk, after the WHO HEARTS
 * technical package (WHO, 2018, module "Risk-based CVD management": risk assessment from age 40);
 * children under 5 for nutrition (WHO Child Growth Standards, 2006, 0–59 months). Unverified
 * against the Vietnamese Ministry of Health programme targets, which may use other age bands.
 */
export function rollup(rows: readonly StationCounts[], nowMs: number): Indicators {
  const tools = Object.fromEntries(TOOL_STAGES.map((s) => [s, 0])) as Record<ToolStage, number>;
  const t = {
    stations: rows.length, enrolled: 0, live: 0, late: 0, offline: 0, never: 0, lastSyncMs: null as number | null, oldestMs: null as number | null,
    queue: 0, population: 0, popAdult40: 0, popUnder5: 0, visits: 0, htn: 0, dm: 0, tb: 0, nutrition: 0, cvd: 0,
    suggestions: 0, decided: 0, overridden: 0, alerts: 0, alertsAcked: 0, ackSecondsSum: 0, referrals: 0,
  };
  for (const r of rows) {
    const ms = r.lastSyncAt ? Date.parse(r.lastSyncAt) : null;
    const s = linkState(r.enrolled, ms, nowMs);
    if (s !== 'local') t.enrolled++;
    if (s === 'live' || s === 'late' || s === 'offline' || s === 'never') t[s]++;
    if (ms !== null) t.lastSyncMs = t.lastSyncMs === null ? ms : Math.max(t.lastSyncMs, ms);
    if (r.enrolled && ms !== null) t.oldestMs = t.oldestMs === null ? ms : Math.min(t.oldestMs, ms);
    t.queue += r.queue ?? 0;
    for (const k of ['population', 'popAdult40', 'popUnder5', 'visits', 'htn', 'dm', 'tb', 'nutrition', 'cvd', 'suggestions', 'decided', 'overridden', 'alerts', 'alertsAcked', 'ackSecondsSum', 'referrals'] as const) t[k] += r[k];
    for (const [stage, n] of Object.entries(r.tools)) if (stage in tools) tools[stage as ToolStage] += n ?? 0;
  }
  return {
    stations: t.stations, enrolled: t.enrolled, live: t.live, late: t.late, offline: t.offline, never: t.never,
    lastSyncAt: t.lastSyncMs === null ? null : new Date(t.lastSyncMs).toISOString(),
    maxLagSeconds: t.oldestMs === null ? null : Math.max(0, Math.round((nowMs - t.oldestMs) / 1000)),
    queue: t.queue, population: t.population, popAdult40: t.popAdult40, popUnder5: t.popUnder5,
    visits: t.visits, htn: t.htn, dm: t.dm, tb: t.tb, nutrition: t.nutrition, cvd: t.cvd,
    coverage: { htn: ratio(t.htn, t.popAdult40), dm: ratio(t.dm, t.popAdult40), cvd: ratio(t.cvd, t.popAdult40), nutrition: ratio(t.nutrition, t.popUnder5) },
    tbPer1000: t.population > 0 ? (1000 * t.tb) / t.population : null,
    suggestions: t.suggestions, decided: t.decided, overridden: t.overridden, overrideRate: ratio(t.overridden, t.decided),
    alerts: t.alerts, alertsAcked: t.alertsAcked, meanAckMinutes: t.alertsAcked > 0 ? t.ackSecondsSum / t.alertsAcked / 60 : null,
    referrals: t.referrals, tools,
  };
}

/** Groups station rows by a key (province code, commune) and rolls each group up. */
export function rollupBy<K extends string>(rows: readonly StationCounts[], key: (r: StationCounts) => K, nowMs: number): Map<K, Indicators> {
  const groups = new Map<K, StationCounts[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return new Map([...groups].map(([k, g]) => [k, rollup(g, nowMs)]));
}

/**
 * RFC 4180 CSV; a cell that a spreadsheet would run as a formula (= + - @ tab CR at the start) is
 * prefixed with an apostrophe (OWASP "CSV Injection"). Numbers use a decimal point (machine-readable).
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10000) / 10000) : '';
    let s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
    return s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
