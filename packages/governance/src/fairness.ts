/**
 * Fairness by subgroup: the metrics of each group (sex, age band, facility type, province — any
 * group column), their ratio to a reference group, and the ratio-to-reference rule of issue 6:
 * flag when ratio < 1/(1+t) or ratio > 1+t (default t = 0.25, i.e. outside [0.8, 1.25] — the
 * "four-fifths" band, symmetric on the log scale).
 *
 * Groups too small to judge are reported as `insufficient_data` with the reason instead of being
 * flagged: a group needs at least `minGroupSize` cases, and each ratio needs at least
 * `minDenominator` cases in that metric's denominator (positives for sensitivity, negatives for
 * specificity, predicted positives for PPV, predicted negatives for NPV) in both the group and the
 * reference group. The reference defaults to the largest group.
 */
import { GovernanceInputError } from './errors.ts';
import { checkScoresLabels, splitSorted, type NumericArray } from './input.ts';
import { confusionUnchecked, metricsFromConfusion, type BinaryMetrics } from './confusion.ts';
import { aurocFromSorted, type AurocResult } from './roc.ts';

export type FairnessMetric = 'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'accuracy' | 'auroc';

export interface FairnessOptions {
  /** t in the rule [1/(1+t), 1+t]; default 0.25 */
  tolerance?: number;
  /** reference group value; default the largest group (ties: first in sort order) */
  reference?: string;
  /** smallest group judged at all; default 30 */
  minGroupSize?: number;
  /** smallest denominator of a metric for its ratio to be judged; default 10 */
  minDenominator?: number;
  /** metrics compared; default sensitivity, specificity, ppv, npv */
  metrics?: readonly FairnessMetric[];
  confidence?: number;
}

export interface MetricRatio {
  metric: FairnessMetric;
  /** group value of the metric (null when undefined) */
  value: number | null;
  /** reference group value */
  referenceValue: number | null;
  /** value / referenceValue; null when not judged */
  ratio: number | null;
  /** ok: inside the band; flagged: outside; insufficient_data: too few cases; undefined: a zero/undefined reference */
  status: 'ok' | 'flagged' | 'insufficient_data' | 'undefined';
  /** why a ratio was not judged */
  reason?: string;
}

export interface GroupResult {
  group: string;
  n: number;
  positives: number;
  negatives: number;
  isReference: boolean;
  /** reference: the reference group; flagged: at least one ratio flagged; insufficient_data: group below minGroupSize; ok otherwise */
  status: 'reference' | 'ok' | 'flagged' | 'insufficient_data';
  reason?: string;
  metrics: BinaryMetrics;
  auroc: AurocResult;
  ratios: MetricRatio[];
}

export interface FairnessFlag {
  group: string;
  metric: FairnessMetric;
  ratio: number;
  value: number;
  referenceValue: number;
}

export interface FairnessReport {
  /** the group column's name, when known */
  column: string;
  reference: string;
  tolerance: number;
  /** [1/(1+t), 1+t] */
  band: [number, number];
  minGroupSize: number;
  minDenominator: number;
  groups: GroupResult[];
  flags: FairnessFlag[];
}

const DEFAULT_METRICS: readonly FairnessMetric[] = ['sensitivity', 'specificity', 'ppv', 'npv'];

function metricValue(m: BinaryMetrics, a: AurocResult, metric: FairnessMetric): { value: number | null; denominator: number } {
  switch (metric) {
    case 'auroc':
      return { value: a.estimate, denominator: Math.min(a.positives, a.negatives) };
    default: {
      const p = m[metric];
      return { value: p.estimate, denominator: p.n };
    }
  }
}

export function fairness(
  scores: NumericArray,
  labels: NumericArray,
  groups: ArrayLike<string>,
  threshold: number,
  options: FairnessOptions = {},
  column = 'group',
): FairnessReport {
  checkScoresLabels(scores, labels);
  if (groups == null || groups.length !== scores.length) throw new GovernanceInputError('length_mismatch', column, `needs one group value per score (${scores.length})`);
  if (!Number.isFinite(threshold)) throw new GovernanceInputError('not_a_number', 'threshold', 'must be a finite number');
  const t = options.tolerance ?? 0.25;
  if (!(t > 0)) throw new GovernanceInputError('out_of_range', 'tolerance', 'must be > 0');
  const minGroupSize = options.minGroupSize ?? 30;
  const minDenominator = options.minDenominator ?? 10;
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const confidence = options.confidence ?? 0.95;
  // Index rows by group.
  const index = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (typeof g !== 'string' || g.trim() === '') throw new GovernanceInputError('empty_value', `${column}[${i}]`, 'empty group value');
    let arr = index.get(g);
    if (!arr) index.set(g, (arr = []));
    arr.push(i);
  }
  const names = [...index.keys()].sort();
  let reference = options.reference;
  if (reference === undefined) {
    let best = -1;
    for (const g of names) if (index.get(g)!.length > best) (best = index.get(g)!.length), (reference = g);
  } else if (!index.has(reference)) {
    throw new GovernanceInputError('out_of_range', 'reference', `group "${reference}" does not occur in column ${column}`);
  }
  const per = new Map<string, { metrics: BinaryMetrics; auroc: AurocResult; n: number; pos: number; neg: number }>();
  for (const g of names) {
    const rows = index.get(g)!;
    const s = new Float64Array(rows.length);
    const l = new Uint8Array(rows.length);
    rows.forEach((r, k) => {
      s[k] = scores[r]!;
      l[k] = labels[r]!;
    });
    const c = confusionUnchecked(s, l, threshold);
    const sorted = splitSorted(s, l);
    per.set(g, { metrics: metricsFromConfusion(c, confidence), auroc: aurocFromSorted(sorted, confidence), n: rows.length, pos: sorted.pos.length, neg: sorted.neg.length });
  }
  const ref = per.get(reference!)!;
  const lo = 1 / (1 + t);
  const hi = 1 + t;
  const flags: FairnessFlag[] = [];
  const out: GroupResult[] = names.map((g) => {
    const r = per.get(g)!;
    const isReference = g === reference;
    const small = r.n < minGroupSize;
    const refSmall = ref.n < minGroupSize;
    const ratios: MetricRatio[] = metrics.map((metric) => {
      const mine = metricValue(r.metrics, r.auroc, metric);
      const theirs = metricValue(ref.metrics, ref.auroc, metric);
      const base = { metric, value: mine.value, referenceValue: theirs.value };
      if (small) return { ...base, ratio: null, status: 'insufficient_data', reason: `group has ${r.n} cases (< ${minGroupSize})` };
      if (refSmall) return { ...base, ratio: null, status: 'insufficient_data', reason: `reference group has ${ref.n} cases (< ${minGroupSize})` };
      if (mine.denominator < minDenominator) return { ...base, ratio: null, status: 'insufficient_data', reason: `${mine.denominator} cases in the ${metric} denominator (< ${minDenominator})` };
      if (theirs.denominator < minDenominator) return { ...base, ratio: null, status: 'insufficient_data', reason: `reference has ${theirs.denominator} cases in the ${metric} denominator (< ${minDenominator})` };
      if (mine.value === null || theirs.value === null || theirs.value === 0) return { ...base, ratio: null, status: 'undefined', reason: 'reference value is 0 or undefined' };
      const ratio = mine.value / theirs.value;
      // The band is closed; a relative 1e-12 slack keeps exact edges (e.g. 0.64/0.8) inside despite rounding.
      const flagged = ratio < lo * (1 - 1e-12) || ratio > hi * (1 + 1e-12);
      if (flagged && !isReference) flags.push({ group: g, metric, ratio, value: mine.value, referenceValue: theirs.value });
      return { ...base, ratio, status: flagged ? 'flagged' : 'ok' };
    });
    const status: GroupResult['status'] = isReference ? 'reference' : small ? 'insufficient_data' : ratios.some((x) => x.status === 'flagged') ? 'flagged' : 'ok';
    const res: GroupResult = { group: g, n: r.n, positives: r.pos, negatives: r.neg, isReference, status, metrics: r.metrics, auroc: r.auroc, ratios };
    if (status === 'insufficient_data') res.reason = `group has ${r.n} cases (< ${minGroupSize}); too small to judge`;
    return res;
  });
  return { column, reference: reference!, tolerance: t, band: [lo, hi], minGroupSize, minDenominator, groups: out, flags };
}
