/** Validation of the parallel score/label arrays every statistic takes. */
import { GovernanceInputError } from './errors.ts';

export type Label = 0 | 1;
/** Anything indexable with a length: number[], Float64Array, Uint8Array… */
export type NumericArray = ArrayLike<number>;

/** Throws unless scores are finite numbers and labels are 0/1, with equal lengths. */
export function checkScoresLabels(scores: NumericArray, labels: NumericArray, field = 'scores'): void {
  if (scores == null || typeof scores.length !== 'number') throw new GovernanceInputError('invalid_type', field, 'must be an array of numbers');
  if (labels == null || typeof labels.length !== 'number') throw new GovernanceInputError('invalid_type', 'labels', 'must be an array of 0/1');
  if (scores.length !== labels.length) {
    throw new GovernanceInputError('length_mismatch', 'labels', `${labels.length} labels for ${scores.length} scores`);
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new GovernanceInputError('not_a_number', `${field}[${i}]`, `not a finite number: ${String(s)}`);
    const l = labels[i];
    if (l !== 0 && l !== 1) throw new GovernanceInputError('invalid_label', `labels[${i}]`, `must be 0 or 1, got ${String(l)}`);
  }
}

export function checkNumbers(values: NumericArray, field: string): void {
  if (values == null || typeof values.length !== 'number') throw new GovernanceInputError('invalid_type', field, 'must be an array of numbers');
  for (let i = 0; i < values.length; i++) {
    const s = values[i]!;
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new GovernanceInputError('not_a_number', `${field}[${i}]`, `not a finite number: ${String(s)}`);
  }
}

/** Splits scores into sorted (ascending) positive and negative score arrays. O(n log n), native typed sort. */
export function splitSorted(scores: NumericArray, labels: NumericArray): { pos: Float64Array; neg: Float64Array } {
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) m++;
  const pos = new Float64Array(m);
  const neg = new Float64Array(labels.length - m);
  let a = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[a++] = scores[i]!;
    else neg[b++] = scores[i]!;
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}

/** Number of entries of the ascending array `a` that are < v. */
export function countBelow(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
