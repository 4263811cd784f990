/**
 * ROC analysis: AUROC (Mann–Whitney U / (m·n), ties count ½), its 95% interval by DeLong's method,
 * the Hanley–McNeil interval for comparison, the empirical ROC curve, the Youden-optimal threshold
 * and a threshold table.
 *
 * Sources:
 * - DeLong ER, DeLong DM, Clarke-Pearson DL. Comparing the areas under two or more correlated ROC
 *   curves: a nonparametric approach. Biometrics 1988;44:837–845 (structural components V10, V01;
 *   Var = S10/m + S01/n).
 * - Sun X, Xu W. Fast implementation of DeLong's algorithm. IEEE Signal Processing Letters
 *   2014;21:1389–1393 — the components computed from ranks in O(n log n). Here: the scores of each
 *   class are sorted once (native typed-array sort) and the components come from one merge walk.
 * - Hanley JA, McNeil BJ. The meaning and use of the area under a ROC curve. Radiology
 *   1982;143:29–36 (SE from Q1 = A/(2−A), Q2 = 2A²/(1+A)).
 *
 * The interval reported as `lower`/`upper` is DeLong's: AUC ± z·SE, clipped to [0, 1] (as pROC does).
 * Decision rule everywhere: positive when `score >= threshold`.
 */
import { GovernanceInputError } from './errors.ts';
import { checkScoresLabels, countBelow, splitSorted, type NumericArray } from './input.ts';
import { metricsFromConfusion, type BinaryMetrics } from './confusion.ts';
import { zForConfidence } from './normal.ts';

/** Scores split by class, each ascending. Build once with `sortByClass`, reuse for every ROC statistic. */
export interface SortedByClass {
  /** scores of label-1 cases, ascending */
  pos: Float64Array;
  /** scores of label-0 cases, ascending */
  neg: Float64Array;
}

export function sortByClass(scores: NumericArray, labels: NumericArray): SortedByClass {
  checkScoresLabels(scores, labels);
  return splitSorted(scores, labels);
}

export interface AurocResult {
  /** Mann–Whitney estimate of P(score⁺ > score⁻) + ½·P(tie); null when a class is empty */
  estimate: number | null;
  /** DeLong standard error; null when either class has fewer than 2 cases */
  se: number | null;
  /** DeLong interval, clipped to [0, 1] */
  lower: number | null;
  upper: number | null;
  confidence: number;
  method: 'delong';
  positives: number;
  negatives: number;
  /** Hanley–McNeil (1982) standard error and interval, for comparison */
  hanleyMcNeil: { se: number | null; lower: number | null; upper: number | null };
}

/** AUROC with DeLong's interval from class-sorted scores. O(m + n) after sorting. */
export function aurocFromSorted(sorted: SortedByClass, confidence = 0.95): AurocResult {
  const { pos, neg } = sorted;
  const m = pos.length;
  const n = neg.length;
  const z = zForConfidence(confidence);
  const empty = { se: null, lower: null, upper: null };
  if (m === 0 || n === 0) {
    return { estimate: null, ...empty, confidence, method: 'delong', positives: m, negatives: n, hanleyMcNeil: { ...empty } };
  }
  // X-components V10[i] = (#neg < x_i + ½ #neg = x_i) / n, walked in ascending x.
  let lt = 0;
  let le = 0;
  let sum10 = 0;
  let sumSq10 = 0;
  for (let i = 0; i < m; i++) {
    const x = pos[i]!;
    while (lt < n && neg[lt]! < x) lt++;
    if (le < lt) le = lt;
    while (le < n && neg[le]! <= x) le++;
    const v = (lt + 0.5 * (le - lt)) / n;
    sum10 += v;
    sumSq10 += v * v;
  }
  // Y-components V01[j] = (#pos > y_j + ½ #pos = y_j) / m.
  lt = 0;
  le = 0;
  let sum01 = 0;
  let sumSq01 = 0;
  for (let j = 0; j < n; j++) {
    const y = neg[j]!;
    while (lt < m && pos[lt]! < y) lt++;
    if (le < lt) le = lt;
    while (le < m && pos[le]! <= y) le++;
    const v = (m - le + 0.5 * (le - lt)) / m;
    sum01 += v;
    sumSq01 += v * v;
  }
  const auc = sum10 / m;
  let se: number | null = null;
  if (m >= 2 && n >= 2) {
    // Sample variances with (k − 1) divisors, computed around the common mean (= auc for both).
    const s10 = Math.max(0, (sumSq10 - m * auc * auc) / (m - 1));
    const s01 = Math.max(0, (sumSq01 - n * auc * auc) / (n - 1));
    se = Math.sqrt(s10 / m + s01 / n);
  }
  const hm = hanleyMcNeilSe(auc, m, n);
  return {
    estimate: auc,
    se,
    lower: se === null ? null : Math.max(0, auc - z * se),
    upper: se === null ? null : Math.min(1, auc + z * se),
    confidence,
    method: 'delong',
    positives: m,
    negatives: n,
    hanleyMcNeil: { se: hm, lower: Math.max(0, auc - z * hm), upper: Math.min(1, auc + z * hm) },
  };
}

/** AUROC (Mann–Whitney, ties ½) with DeLong's interval. */
export function auroc(scores: NumericArray, labels: NumericArray, confidence = 0.95): AurocResult {
  return aurocFromSorted(sortByClass(scores, labels), confidence);
}

/** Hanley & McNeil (1982) standard error of an AUC from m positives and n negatives. */
export function hanleyMcNeilSe(auc: number, positives: number, negatives: number): number {
  if (!(auc >= 0 && auc <= 1) || !(positives > 0) || !(negatives > 0)) {
    throw new GovernanceInputError('out_of_range', 'auc', 'need 0 <= auc <= 1 and both classes non-empty');
  }
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  return Math.sqrt(Math.max(0, v));
}

export interface RocPoint {
  /** cases with score >= threshold are called positive; +Infinity is the (0,0) corner (serialised as null) */
  threshold: number | null;
  fpr: number;
  tpr: number;
}

export interface YoudenPoint {
  threshold: number;
  /** J = sensitivity + specificity − 1 */
  j: number;
  sensitivity: number;
  specificity: number;
}

export interface RocCurve {
  /** points from (0,0) to (1,1), downsampled to at most `maxPoints` (the Youden point is always kept) */
  points: RocPoint[];
  /** number of distinct thresholds in the full curve */
  distinctThresholds: number;
  youden: YoudenPoint | null;
}

/** Empirical ROC curve (one vertex per distinct score), downsampled for charts, and Youden's J. */
export function rocCurveFromSorted(sorted: SortedByClass, maxPoints = 200): RocCurve {
  const { pos, neg } = sorted;
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) return { points: [], distinctThresholds: 0, youden: null };
  if (!(maxPoints >= 3)) throw new GovernanceInputError('out_of_range', 'maxPoints', 'must be at least 3');
  // Walk distinct thresholds descending: tp = #pos >= t, fp = #neg >= t.
  const cap = m + n + 1;
  const thr = new Float64Array(cap);
  const tprs = new Float64Array(cap);
  const fprs = new Float64Array(cap);
  let k = 0;
  thr[k] = Infinity;
  tprs[k] = 0;
  fprs[k] = 0;
  k++;
  let i = m - 1;
  let j = n - 1;
  let best = -Infinity;
  let bestK = -1;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    while (i >= 0 && pos[i]! === t) i--;
    while (j >= 0 && neg[j]! === t) j--;
    const tpr = (m - 1 - i) / m;
    const fpr = (n - 1 - j) / n;
    thr[k] = t;
    tprs[k] = tpr;
    fprs[k] = fpr;
    const jj = tpr - fpr;
    if (jj > best) {
      best = jj;
      bestK = k;
    }
    k++;
  }
  const total = k;
  const keep: number[] = [];
  if (total <= maxPoints) for (let q = 0; q < total; q++) keep.push(q);
  else {
    const step = (total - 1) / (maxPoints - 2);
    let last = -1;
    for (let q = 0; q < maxPoints - 1; q++) {
      const idx = Math.min(total - 1, Math.round(q * step));
      if (idx !== last) keep.push(idx);
      last = idx;
    }
    if (keep[keep.length - 1] !== total - 1) keep.push(total - 1);
    if (!keep.includes(bestK)) {
      keep.push(bestK);
      keep.sort((a, b) => a - b);
    }
  }
  const points = keep.map((q) => ({ threshold: Number.isFinite(thr[q]!) ? thr[q]! : null, fpr: fprs[q]!, tpr: tprs[q]! }));
  const youden: YoudenPoint = { threshold: thr[bestK]!, j: best, sensitivity: tprs[bestK]!, specificity: 1 - fprs[bestK]! };
  return { points, distinctThresholds: total - 1, youden };
}

export function rocCurve(scores: NumericArray, labels: NumericArray, maxPoints = 200): RocCurve {
  return rocCurveFromSorted(sortByClass(scores, labels), maxPoints);
}

/** Metrics (with Wilson intervals) at each of a list of thresholds. O(k log n) after sorting. */
export function thresholdTableFromSorted(sorted: SortedByClass, thresholds: readonly number[], confidence = 0.95): BinaryMetrics[] {
  const { pos, neg } = sorted;
  return thresholds.map((t, idx) => {
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new GovernanceInputError('not_a_number', `thresholds[${idx}]`, 'must be a finite number');
    const fn = countBelow(pos, t);
    const tn = countBelow(neg, t);
    return metricsFromConfusion({ threshold: t, tp: pos.length - fn, fn, tn, fp: neg.length - tn, n: pos.length + neg.length }, confidence);
  });
}

export function thresholdTable(scores: NumericArray, labels: NumericArray, thresholds: readonly number[], confidence = 0.95): BinaryMetrics[] {
  return thresholdTableFromSorted(sortByClass(scores, labels), thresholds, confidence);
}
