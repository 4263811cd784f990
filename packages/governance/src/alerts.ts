/**
 * Alerts: pure rules over an evaluation report and the tool's claims (from its registration).
 *
 * | rule | fires when | severity |
 * |---|---|---|
 * | `below_claim` | a claimed metric's interval lower bound < claim (the claim is not demonstrated) | warning |
 * | `below_claim` | the whole interval (upper bound) < claim (the claim is refuted) | critical |
 * | `psi` | PSI > `warning` (0.1) / > `critical` (0.25) | warning / critical |
 * | `ks` | KS p-value < `alpha` (0.001) | warning |
 * | `fairness` | a group's ratio to the reference is outside [1/(1+t), 1+t] | warning |
 * | `calibration` | ECE > `ece` (0.1) | warning |
 * | `insufficient_data` | fewer than `minPositives` (30) positives or `minNegatives` (30) negatives | info |
 *
 * A rule with `autoSuspend: true` sets `suspendRecommended` on its **critical** alerts (warnings
 * and info never suspend). Claims are proportions/areas in [0, 1].
 */
import type { BinaryMetrics } from './confusion.ts';
import type { AurocResult } from './roc.ts';
import type { Calibration } from './calibration.ts';
import type { FairnessReport } from './fairness.ts';
import type { DriftReport } from './evaluate.ts';
import type { NumericDrift, CategoricalDrift } from './drift.ts';

export type ClaimMetric = 'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'accuracy' | 'auroc';

/** What the vendor/tool registration claims, e.g. { sensitivity: 0.9, auroc: 0.85 }. */
export type ToolClaims = Partial<Record<ClaimMetric, number>>;

export interface AlertRuleConfig {
  /** default true */
  enabled?: boolean;
  /** recommend suspending the tool on this rule's critical alerts; default false */
  autoSuspend?: boolean;
}

export interface AlertRules {
  belowClaim?: AlertRuleConfig;
  psi?: AlertRuleConfig & { warning?: number; critical?: number };
  ks?: AlertRuleConfig & { alpha?: number };
  fairness?: AlertRuleConfig & { severity?: 'warning' | 'critical' };
  calibration?: AlertRuleConfig & { ece?: number };
  insufficientData?: AlertRuleConfig & { minPositives?: number; minNegatives?: number };
}

export type Severity = 'info' | 'warning' | 'critical';

export interface Alert {
  rule: 'below_claim' | 'psi' | 'ks' | 'fairness' | 'calibration' | 'insufficient_data';
  /** the metric or variable concerned, e.g. 'sensitivity', 'score', 'sex' */
  metric: string;
  severity: Severity;
  message: string;
  /** the observed value that fired the rule */
  observed: number | null;
  /** the claim or limit it was compared with */
  limit: number | null;
  /** for fairness alerts: the group column and value */
  column?: string;
  group?: string;
  suspendRecommended: boolean;
}

/** The parts of an EvaluationReport the rules read; every part is optional. */
export interface AlertInput {
  positives?: number;
  negatives?: number;
  metrics?: BinaryMetrics;
  auroc?: AurocResult;
  calibration?: Calibration | null;
  fairness?: readonly FairnessReport[];
  drift?: DriftReport | null;
}

const on = (r: AlertRuleConfig | undefined) => r?.enabled !== false;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function evaluateAlerts(metrics: AlertInput, claims: ToolClaims = {}, rules: AlertRules = {}): Alert[] {
  const alerts: Alert[] = [];
  const push = (a: Omit<Alert, 'suspendRecommended'>, cfg: AlertRuleConfig | undefined) =>
    alerts.push({ ...a, suspendRecommended: cfg?.autoSuspend === true && a.severity === 'critical' });

  if (on(rules.belowClaim)) {
    for (const [metric, claim] of Object.entries(claims) as [ClaimMetric, number][]) {
      if (typeof claim !== 'number' || !Number.isFinite(claim)) continue;
      let est: number | null = null;
      let lo: number | null = null;
      let hi: number | null = null;
      if (metric === 'auroc') {
        if (!metrics.auroc) continue;
        ({ estimate: est, lower: lo, upper: hi } = metrics.auroc);
      } else {
        const p = metrics.metrics?.[metric];
        if (!p) continue;
        ({ estimate: est, lower: lo, upper: hi } = p);
      }
      if (est === null || lo === null || hi === null) continue;
      if (hi < claim) {
        push({ rule: 'below_claim', metric, severity: 'critical', observed: est, limit: claim, message: `${metric} ${pct(est)} (95% CI ${pct(lo)}–${pct(hi)}): the whole interval is below the claimed ${pct(claim)}` }, rules.belowClaim);
      } else if (lo < claim) {
        push({ rule: 'below_claim', metric, severity: 'warning', observed: est, limit: claim, message: `${metric} ${pct(est)}: the interval's lower bound ${pct(lo)} is below the claimed ${pct(claim)} (claim not demonstrated)` }, rules.belowClaim);
      }
    }
  }

  const drift = metrics.drift;
  if (drift) {
    const all: [string, NumericDrift | CategoricalDrift][] = [];
    if (drift.score) all.push(['score', drift.score]);
    for (const [k, v] of Object.entries(drift.numeric)) all.push([k, v]);
    for (const [k, v] of Object.entries(drift.categorical)) all.push([k, v]);
    if (on(rules.psi)) {
      const w = rules.psi?.warning ?? 0.1;
      const c = rules.psi?.critical ?? 0.25;
      for (const [name, d] of all) {
        if (d.psi > c) push({ rule: 'psi', metric: name, severity: 'critical', observed: d.psi, limit: c, message: `${name}: PSI ${d.psi.toFixed(3)} > ${c} (major shift from the baseline)` }, rules.psi);
        else if (d.psi > w) push({ rule: 'psi', metric: name, severity: 'warning', observed: d.psi, limit: w, message: `${name}: PSI ${d.psi.toFixed(3)} > ${w} (moderate shift from the baseline)` }, rules.psi);
      }
    }
    if (on(rules.ks)) {
      const alpha = rules.ks?.alpha ?? 0.001;
      for (const [name, d] of all) {
        if (d.kind === 'numeric' && d.ks.p < alpha) push({ rule: 'ks', metric: name, severity: 'warning', observed: d.ks.statistic, limit: alpha, message: `${name}: Kolmogorov–Smirnov D = ${d.ks.statistic.toFixed(3)}, p = ${d.ks.p.toExponential(2)} < ${alpha}` }, rules.ks);
      }
    }
  }

  if (on(rules.fairness)) {
    const severity = rules.fairness?.severity ?? 'warning';
    for (const f of metrics.fairness ?? []) {
      for (const flag of f.flags) {
        push({ rule: 'fairness', metric: flag.metric, severity, observed: flag.ratio, limit: flag.ratio < 1 ? f.band[0] : f.band[1], column: f.column, group: flag.group, message: `${f.column} = ${flag.group}: ${flag.metric} ${pct(flag.value)} vs ${pct(flag.referenceValue)} in ${f.reference} (ratio ${flag.ratio.toFixed(2)}, outside ${f.band[0].toFixed(2)}–${f.band[1].toFixed(2)})` }, rules.fairness);
      }
    }
  }

  if (on(rules.calibration) && metrics.calibration) {
    const limit = rules.calibration?.ece ?? 0.1;
    const e = metrics.calibration.ece;
    if (e > limit) push({ rule: 'calibration', metric: 'ece', severity: 'warning', observed: e, limit, message: `expected calibration error ${e.toFixed(3)} > ${limit}` }, rules.calibration);
  }

  if (on(rules.insufficientData)) {
    const mp = rules.insufficientData?.minPositives ?? 30;
    const mn = rules.insufficientData?.minNegatives ?? 30;
    if (metrics.positives !== undefined && metrics.positives < mp) push({ rule: 'insufficient_data', metric: 'positives', severity: 'info', observed: metrics.positives, limit: mp, message: `only ${metrics.positives} positive cases (< ${mp}): sensitivity and AUROC are imprecise` }, rules.insufficientData);
    if (metrics.negatives !== undefined && metrics.negatives < mn) push({ rule: 'insufficient_data', metric: 'negatives', severity: 'info', observed: metrics.negatives, limit: mn, message: `only ${metrics.negatives} negative cases (< ${mn}): specificity is imprecise` }, rules.insufficientData);
  }
  return alerts;
}

/** True when any alert recommends suspending the tool. */
export function suspendRecommended(alerts: readonly Alert[]): boolean {
  return alerts.some((a) => a.suspendRecommended);
}
