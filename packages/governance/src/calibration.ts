/**
 * Calibration of predicted probabilities: reliability curve (equal-width bins over [0, 1]),
 * Brier score, expected and maximum calibration error.
 *
 * - Brier GW. Verification of forecasts expressed in terms of probability. Mon Weather Rev 1950.
 * - ECE = Σ_b (n_b / N)·|observed_b − meanPredicted_b|, MCE = max_b |observed_b − meanPredicted_b|
 *   over non-empty bins (Naeini, Cooper & Hauskrecht, AAAI 2015).
 *
 * Scores must be probabilities in [0, 1]; bin b (0-based) holds p with b/B <= p < (b+1)/B, and
 * p = 1 falls in the last bin.
 */
import { GovernanceInputError } from './errors.ts';
import { checkScoresLabels, type NumericArray } from './input.ts';
import { wilson, type Proportion } from './proportion.ts';

export interface ReliabilityBin {
  /** bin edges [lower, upper) (the last bin includes 1) */
  lower: number;
  upper: number;
  /** cases in the bin */
  count: number;
  /** mean predicted probability in the bin; null when empty */
  meanPredicted: number | null;
  /** observed event rate (label 1) with its Wilson interval; estimate null when empty */
  observed: Proportion;
}

export interface Calibration {
  bins: ReliabilityBin[];
  /** mean squared error of the probabilities against the 0/1 labels (0 = perfect) */
  brier: number;
  /** expected calibration error (count-weighted mean |observed − predicted| over bins) */
  ece: number;
  /** maximum calibration error over non-empty bins */
  mce: number;
  n: number;
}

export function calibration(scores: NumericArray, labels: NumericArray, bins = 10, confidence = 0.95): Calibration {
  checkScoresLabels(scores, labels);
  if (!Number.isInteger(bins) || bins < 1) throw new GovernanceInputError('out_of_range', 'bins', 'must be a positive integer');
  const n = scores.length;
  if (n === 0) throw new GovernanceInputError('empty', 'scores', 'no cases');
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const events = new Float64Array(bins);
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const p = scores[i]!;
    if (p < 0 || p > 1) throw new GovernanceInputError('out_of_range', `scores[${i}]`, `calibration needs probabilities in [0, 1], got ${p}`);
    const y = labels[i]!;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    sumP[b]! += p;
    events[b]! += y;
    brier += (p - y) * (p - y);
  }
  let ece = 0;
  let mce = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    const mean = c === 0 ? null : sumP[b]! / c;
    const obs = wilson(events[b]!, c, confidence);
    if (c > 0) {
      const gap = Math.abs(obs.estimate! - mean!);
      ece += (c / n) * gap;
      if (gap > mce) mce = gap;
    }
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: c, meanPredicted: mean, observed: obs });
  }
  return { bins: out, brier: brier / n, ece, mce, n };
}
