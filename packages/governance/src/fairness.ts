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
import { checkScoresLabels, countBelow, scoreOrder, type NumericArray, type ScoreOrder } from './input.ts';
import { metricsFromConfusion, type BinaryMetrics } from './confusion.ts';
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

/**
 * A group column as codes into its list of values (e.g. a database's dictionary), instead of one
 * string per case: codes[i] is the index in `values` of case i's group.
 */
export interface CodedGroups {
  codes: ArrayLike<number>;
  values: readonly string[];
}

export const isCodedGroups = (g: ArrayLike<string> | CodedGroups): g is CodedGroups => !Array.isArray(g) && typeof (g as CodedGroups).values === 'object' && (g as CodedGroups).codes != null;

/** The cases' group codes and each code's value, checked. */
function codeGroups(groups: ArrayLike<string> | CodedGroups, n: number, column: string): { codes: ArrayLike<number>; values: string[] } {
  if (groups == null) throw new GovernanceInputError('length_mismatch', column, `needs one group value per score (${n})`);
  if (isCodedGroups(groups)) {
    const { codes, values } = groups;
    if (codes.length !== n) throw new GovernanceInputError('length_mismatch', column, `needs one group code per score (${n})`);
    values.forEach((v, k) => {
      if (typeof v !== 'string' || v.trim() === '') throw new GovernanceInputError('empty_value', `${column}.values[${k}]`, 'empty group value');
    });
    if (new Set(values).size !== values.length) throw new GovernanceInputError('invalid_type', `${column}.values`, 'group values must be distinct');
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (!Number.isInteger(c) || c < 0 || c >= values.length) throw new GovernanceInputError('out_of_range', `${column}.codes[${i}]`, `not a code of ${values.length} values`);
    }
    return { codes, values: [...values] };
  }
  if (groups.length !== n) throw new GovernanceInputError('length_mismatch', column, `needs one group value per score (${n})`);
  const codeOf = new Map<string, number>();
  const values: string[] = [];
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    let c = typeof g === 'string' ? codeOf.get(g) : undefined;
    if (c === undefined) {
      if (typeof g !== 'string' || g.trim() === '') throw new GovernanceInputError('empty_value', `${column}[${i}]`, 'empty group value');
      codeOf.set(g, (c = values.length));
      values.push(g);
    }
    codes[i] = c;
  }
  return { codes, values };
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
  groups: ArrayLike<string> | CodedGroups,
  threshold: number,
  options: FairnessOptions = {},
  column = 'group',
): FairnessReport {
  checkScoresLabels(scores, labels);
  return fairnessOrdered(scores, labels, groups, threshold, options, column, scoreOrder(scores));
}

/** fairness() over cases already put in score order (evaluate shares one order across columns). */
export function fairnessOrdered(
  scores: NumericArray,
  labels: NumericArray,
  groups: ArrayLike<string> | CodedGroups,
  threshold: number,
  options: FairnessOptions,
  column: string,
  order: ScoreOrder,
): FairnessReport {
  if (!Number.isFinite(threshold)) throw new GovernanceInputError('not_a_number', 'threshold', 'must be a finite number');
  const t = options.tolerance ?? 0.25;
  if (!(t > 0)) throw new GovernanceInputError('out_of_range', 'tolerance', 'must be > 0');
  const minGroupSize = options.minGroupSize ?? 30;
  const minDenominator = options.minDenominator ?? 10;
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const confidence = options.confidence ?? 0.95;
  const { codes, values } = codeGroups(groups, scores.length, column);
  const size = new Array<number>(values.length).fill(0);
  const positives = new Array<number>(values.length).fill(0);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    size[c]!++;
    if (labels[i] === 1) positives[c]!++;
  }
  const codeOf = new Map<string, number>();
  values.forEach((v, c) => {
    if (size[c]! > 0) codeOf.set(v, c); // a listed value without cases is no group
  });
  const names = [...codeOf.keys()].sort();
  let reference = options.reference;
  if (reference === undefined) {
    let best = -1;
    for (const g of names) if (size[codeOf.get(g)!]! > best) (best = size[codeOf.get(g)!]!), (reference = g);
  } else if (!codeOf.has(reference)) {
    throw new GovernanceInputError('out_of_range', 'reference', `group "${reference}" does not occur in column ${column}`);
  }
  // One walk in score order fills every group's class-sorted scores: no per-group sort.
  const pos = size.map((_, c) => new Float64Array(positives[c]!));
  const neg = size.map((_, c) => new Float64Array(size[c]! - positives[c]!));
  const pi = new Uint32Array(size.length);
  const ni = new Uint32Array(size.length);
  const { order: idx } = order;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const c = codes[i]!;
    if (labels[i] === 1) pos[c]![pi[c]!++] = scores[i]!;
    else neg[c]![ni[c]!++] = scores[i]!;
  }
  const per = new Map<string, { metrics: BinaryMetrics; auroc: AurocResult; n: number; pos: number; neg: number }>();
  for (const g of names) {
    const c = codeOf.get(g)!;
    const sorted = { pos: pos[c]!, neg: neg[c]! };
    // score >= threshold is called positive: the counts below the threshold are the negatives called.
    const fn = countBelow(sorted.pos, threshold);
    const tn = countBelow(sorted.neg, threshold);
    const confusion = { threshold, tp: sorted.pos.length - fn, fn, tn, fp: sorted.neg.length - tn, n: size[c]! };
    per.set(g, { metrics: metricsFromConfusion(confusion, confidence), auroc: aurocFromSorted(sorted, confidence), n: size[c]!, pos: sorted.pos.length, neg: sorted.neg.length });
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
