/**
 * Wilson score interval for a binomial proportion (Wilson 1927; method 3 of Newcombe,
 * Statistics in Medicine 1998;17:857–872, without continuity correction).
 */
import { GovernanceInputError } from './errors.ts';
import { zForConfidence } from './normal.ts';

/** A proportion with its interval. `estimate` is null when the denominator is 0 (undefined). */
export interface Proportion {
  /** successes */
  x: number;
  /** trials (the denominator) */
  n: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** 'wilson' */
  method: 'wilson';
}

export function wilson(x: number, n: number, confidence = 0.95): Proportion {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new GovernanceInputError('out_of_range', 'x/n', `need integers 0 <= x <= n, got ${x}/${n}`);
  }
  if (n === 0) return { x, n, estimate: null, lower: null, upper: null, method: 'wilson' };
  const z = zForConfidence(confidence);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact limits at the boundaries (the formula gives them up to rounding).
  const lower = x === 0 ? 0 : Math.max(0, centre - half);
  const upper = x === n ? 1 : Math.min(1, centre + half);
  return { x, n, estimate: p, lower, upper, method: 'wilson' };
}
