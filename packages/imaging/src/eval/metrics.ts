/**
 * Small evaluation helpers used by the training script, the model card and the tests:
 * AUROC (Mann–Whitney U with ties counted ½), its 95 % CI by DeLong's method
 * (DeLong, DeLong & Clarke-Pearson, Biometrics 1988; one-sample variance from placement values),
 * the Wilson score interval for a proportion (Wilson, JASA 1927) and threshold metrics.
 * Pure functions: no I/O.
 */

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export class MetricsError extends Error {
  constructor(
    readonly code: 'EMPTY' | 'LENGTH_MISMATCH' | 'ONE_CLASS' | 'NOT_FINITE',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MetricsError';
  }
}

function check(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new MetricsError('LENGTH_MISMATCH', `scores ${scores.length} vs labels ${labels.length}`, 'labels');
  if (scores.length === 0) throw new MetricsError('EMPTY', 'no samples', 'scores');
  for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i]!)) throw new MetricsError('NOT_FINITE', `score ${i} is not finite`, 'scores');
}

/** Midranks (1-based, ties averaged) of `v`. */
function midranks(v: number[]): Float64Array {
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Float64Array(v.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = rank;
    i = j + 1;
  }
  return r;
}

/** AUROC of `scores` for binary `labels` (1 = positive), ties count ½. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return aurocWithCI(scores, labels).estimate;
}

/** AUROC with a 95 % DeLong confidence interval (clipped to [0, 1]). */
export function aurocWithCI(scores: ArrayLike<number>, labels: ArrayLike<number>, z = 1.959963984540054): Interval {
  check(scores, labels);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]!);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new MetricsError('ONE_CLASS', `AUROC needs both classes (positives ${m}, negatives ${n})`, 'labels');
  const all = midranks([...pos, ...neg]);
  const rp = midranks(pos);
  const rn = midranks(neg);
  let sumPos = 0;
  for (let i = 0; i < m; i++) sumPos += all[i]!;
  const auc = (sumPos - (m * (m + 1)) / 2) / (m * n);
  // Placement values: V10[i] = fraction of negatives below positive i; V01[j] = fraction of positives above negative j.
  let s10 = 0;
  let s01 = 0;
  for (let i = 0; i < m; i++) {
    const v = (all[i]! - rp[i]!) / n;
    s10 += (v - auc) ** 2;
  }
  for (let j = 0; j < n; j++) {
    const v = 1 - (all[m + j]! - rn[j]!) / m;
    s01 += (v - auc) ** 2;
  }
  const variance = (m > 1 ? s10 / (m - 1) / m : 0) + (n > 1 ? s01 / (n - 1) / n : 0);
  const se = Math.sqrt(variance);
  return { estimate: auc, lower: Math.max(0, auc - z * se), upper: Math.min(1, auc + z * se) };
}

/** Wilson score interval for `successes` out of `n` (95 % by default). */
export function wilson(successes: number, n: number, z = 1.959963984540054): Interval {
  if (!(n > 0)) throw new MetricsError('EMPTY', 'Wilson interval needs n > 0', 'n');
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export interface ThresholdMetrics {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: Interval;
  specificity: Interval;
}

/** Confusion counts at `score >= threshold` → positive, with Wilson intervals. */
export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ThresholdMetrics {
  check(scores, labels);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= threshold;
    if (labels[i] === 1) p ? tp++ : fn++;
    else p ? fp++ : tn++;
  }
  if (tp + fn === 0 || tn + fp === 0) throw new MetricsError('ONE_CLASS', 'sensitivity/specificity need both classes', 'labels');
  return { threshold, tp, fp, tn, fn, sensitivity: wilson(tp, tp + fn), specificity: wilson(tn, tn + fp) };
}

/** The threshold (one of the scores) that maximises Youden's J = sensitivity + specificity − 1. */
export function youdenThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  check(scores, labels);
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let P = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) P++;
  const N = labels.length - P;
  if (P === 0 || N === 0) throw new MetricsError('ONE_CLASS', 'Youden threshold needs both classes', 'labels');
  let tp = 0, fp = 0;
  let best = -Infinity;
  let bestT = scores[idx[0]!]!;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = idx[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue; // threshold between distinct scores only
    const j = tp / P - fp / N;
    if (j > best) {
      best = j;
      bestT = scores[i]!;
    }
  }
  return bestT;
}
