/**
 * Drift of a model's inputs or outputs between a baseline (the validation set) and a current
 * window.
 *
 * - PSI, population stability index: Σ_b (c_b − e_b)·ln(c_b / e_b) over bins, with e the baseline
 *   and c the current proportions (Siddiqi N., Credit Risk Scorecards, Wiley 2006; Yurdakul B.,
 *   Statistical properties of the population stability index, 2018). Numeric bins are cut at the
 *   baseline's quantiles (type 7, linear interpolation; duplicate cuts merged); a bin is
 *   (cut_{b−1}, cut_b]. Empty proportions are replaced by `epsilon` (default 1e-4) so the log is
 *   finite. Common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 * - Two-sample Kolmogorov–Smirnov D = sup |F_base − F_cur| with the asymptotic p-value
 *   Q_KS(√(n·m/(n+m))·D) of the Kolmogorov distribution (no small-sample correction).
 * - Jensen–Shannon divergence in bits (base-2 logs, bounded 0..1) of the binned distributions
 *   (Lin J. IEEE Trans Inf Theory 1991;37:145–151); no epsilon is needed (0·log 0 = 0).
 */
import { GovernanceInputError } from './errors.ts';
import { checkNumbers, countBelow, type NumericArray } from './input.ts';

export interface DriftBin {
  /** numeric: (lower, upper]; categorical: the category */
  label: string;
  lower?: number;
  upper?: number;
  baseline: number;
  current: number;
}

export interface NumericDrift {
  kind: 'numeric';
  psi: number;
  ks: { statistic: number; p: number };
  /** Jensen–Shannon divergence, bits */
  js: number;
  bins: DriftBin[];
  nBaseline: number;
  nCurrent: number;
}

export interface CategoricalDrift {
  kind: 'categorical';
  psi: number;
  js: number;
  bins: DriftBin[];
  nBaseline: number;
  nCurrent: number;
}

export type Drift = NumericDrift | CategoricalDrift;

export interface DriftOptions {
  /** numeric bins cut at baseline quantiles; default 10 */
  bins?: number;
  /** floor for empty proportions in PSI; default 1e-4 */
  epsilon?: number;
}

/** PSI of two discrete distributions given as proportions over the same bins. */
export function psiFromProportions(expected: readonly number[], actual: readonly number[], epsilon = 1e-4): number {
  if (expected.length !== actual.length) throw new GovernanceInputError('length_mismatch', 'actual', 'same bins needed');
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, epsilon);
    const a = Math.max(actual[i]!, epsilon);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** Jensen–Shannon divergence (bits) of two distributions over the same bins. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new GovernanceInputError('length_mismatch', 'q', 'same bins needed');
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = q[i]!;
    // a·log2(a/m)/2 with m = (a+b)/2, written so that subnormal a or b cannot make 0·∞ = NaN
    // (halving the smallest subnormal rounds to 0).
    if (a > 0) s += (a * Math.log2((2 * a) / (a + b))) / 2;
    if (b > 0) s += (b * Math.log2((2 * b) / (a + b))) / 2;
  }
  return Math.min(1, Math.max(0, s));
}

/** Survival function of the Kolmogorov distribution, Q(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²). */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    // P(K <= λ) = √(2π)/λ Σ_{k>=1} exp(−(2k−1)²π²/(8λ²))
    const c = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k < 20; k++) s += Math.exp((2 * k - 1) * (2 * k - 1) * c);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    s += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** Two-sample KS statistic and asymptotic p-value from ascending arrays. */
export function ksFromSorted(a: Float64Array, b: Float64Array): { statistic: number; p: number } {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new GovernanceInputError('empty', n === 0 ? 'baseline' : 'current', 'no values');
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! === v) i++;
    while (j < m && b[j]! === v) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  const en = (n * m) / (n + m);
  return { statistic: d, p: kolmogorovSurvival(Math.sqrt(en) * d) };
}

export function ksTwoSample(baseline: NumericArray, current: NumericArray): { statistic: number; p: number } {
  checkNumbers(baseline, 'baseline');
  checkNumbers(current, 'current');
  return ksFromSorted(Float64Array.from(baseline).sort(), Float64Array.from(current).sort());
}

/** Type-7 quantile of an ascending array. */
function quantileSorted(a: Float64Array, p: number): number {
  const h = (a.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(a.length - 1, lo + 1);
  return a[lo]! + (h - lo) * (a[hi]! - a[lo]!);
}

/** PSI, KS and JS of a numeric variable (e.g. the model's score, a patient's age). */
export function numericDrift(baseline: NumericArray, current: NumericArray, options: DriftOptions = {}): NumericDrift {
  checkNumbers(baseline, 'baseline');
  checkNumbers(current, 'current');
  return numericDriftSorted(Float64Array.from(baseline).sort(), Float64Array.from(current).sort(), options);
}

/** numericDrift of ascending, already checked arrays (evaluate passes the current scores it sorted once). */
export function numericDriftSorted(a: Float64Array, b: Float64Array, options: DriftOptions = {}): NumericDrift {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 2) throw new GovernanceInputError('out_of_range', 'bins', 'must be an integer >= 2');
  if (a.length === 0) throw new GovernanceInputError('empty', 'baseline', 'no values');
  if (b.length === 0) throw new GovernanceInputError('empty', 'current', 'no values');
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const q = quantileSorted(a, k / bins);
    if (cuts.length === 0 || q > cuts[cuts.length - 1]!) cuts.push(q);
  }
  // Bin b = (cuts[b-1], cuts[b]]: count of values <= cut = countBelow(nextUp(cut)).
  const countAtMost = (arr: Float64Array, v: number) => {
    let lo = countBelow(arr, v);
    while (lo < arr.length && arr[lo]! <= v) lo++;
    return lo;
  };
  const pa: number[] = [];
  const pb: number[] = [];
  const out: DriftBin[] = [];
  let prevA = 0;
  let prevB = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const upper = k < cuts.length ? cuts[k]! : Infinity;
    const ca = k < cuts.length ? countAtMost(a, upper) : a.length;
    const cb = k < cuts.length ? countAtMost(b, upper) : b.length;
    const lower = k === 0 ? -Infinity : cuts[k - 1]!;
    const ea = (ca - prevA) / a.length;
    const eb = (cb - prevB) / b.length;
    pa.push(ea);
    pb.push(eb);
    out.push({ label: `(${fmt(lower)}, ${fmt(upper)}]`, lower: Number.isFinite(lower) ? lower : undefined, upper: Number.isFinite(upper) ? upper : undefined, baseline: ea, current: eb });
    prevA = ca;
    prevB = cb;
  }
  return {
    kind: 'numeric',
    psi: psiFromProportions(pa, pb, options.epsilon ?? 1e-4),
    ks: ksFromSorted(a, b),
    js: jensenShannon(pa, pb),
    bins: out,
    nBaseline: a.length,
    nCurrent: b.length,
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : v > 0 ? '+inf' : '-inf';
}

/** PSI and JS of a categorical variable (e.g. sex, facility type, province). */
export function categoricalDrift(baseline: ArrayLike<string>, current: ArrayLike<string>, options: Pick<DriftOptions, 'epsilon'> = {}): CategoricalDrift {
  if (baseline.length === 0) throw new GovernanceInputError('empty', 'baseline', 'no values');
  if (current.length === 0) throw new GovernanceInputError('empty', 'current', 'no values');
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  for (let i = 0; i < baseline.length; i++) ca.set(baseline[i]!, (ca.get(baseline[i]!) ?? 0) + 1);
  for (let i = 0; i < current.length; i++) cb.set(current[i]!, (cb.get(current[i]!) ?? 0) + 1);
  const cats = [...new Set([...ca.keys(), ...cb.keys()])].sort();
  const pa = cats.map((c) => (ca.get(c) ?? 0) / baseline.length);
  const pb = cats.map((c) => (cb.get(c) ?? 0) / current.length);
  return {
    kind: 'categorical',
    psi: psiFromProportions(pa, pb, options.epsilon ?? 1e-4),
    js: jensenShannon(pa, pb),
    bins: cats.map((c, i) => ({ label: c, baseline: pa[i]!, current: pb[i]! })),
    nBaseline: baseline.length,
    nCurrent: current.length,
  };
}
