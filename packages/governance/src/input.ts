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

/** The scores ascending and the case indices in that order (ties adjacent, in index order). */
export interface ScoreOrder {
  sorted: Float64Array;
  order: Uint32Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Stable LSD radix sort of the scores' IEEE-754 bits: passes of 16 bits (8 for small inputs, where
 * a 65,536-entry count table would cost more than the sort); a pass where every key has the same
 * digit is skipped. O(n) with no comparator callback, and it yields the case order too, so every
 * per-group statistic can then walk the cases in score order instead of sorting again. Bits are
 * made order-preserving as unsigned integers: negative numbers flip every bit, others flip the
 * sign bit (so −0 sorts just before +0, as TypedArray#sort does). Needs finite numbers (callers
 * check).
 */
export function scoreOrder(scores: NumericArray): ScoreOrder {
  const n = scores.length;
  const words = new Uint32Array(Float64Array.from(scores).buffer);
  const [hiAt, loAt] = LITTLE_ENDIAN ? [1, 0] : [0, 1];
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt]!;
    const l = words[2 * i + loAt]!;
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
    idx[i] = i;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  // 16-bit digits (4 passes) for large inputs, 8-bit (8 passes, a smaller count table) for small ones.
  const bits = n >= 1 << 14 ? 16 : 8;
  const mask = (1 << bits) - 1;
  const count = new Uint32Array(1 << bits);
  for (let shiftAll = 0; shiftAll < 64; shiftAll += bits) {
    const key = shiftAll < 32 ? lo : hi;
    const shift = shiftAll % 32;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i]! >>> shift) & mask]!++;
    if (n === 0 || count[(key[0]! >>> shift) & mask] === n) continue; // all keys share this digit
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const to = count[(key[i]! >>> shift) & mask]!++;
      hi2[to] = hi[i]!;
      lo2[to] = lo[i]!;
      idx2[to] = idx[i]!;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) sorted[k] = scores[idx[k]!]!;
  return { sorted, order: idx };
}

/** splitSorted from a ScoreOrder: O(n), no sort. */
export function splitByOrder(scores: NumericArray, labels: NumericArray, o: ScoreOrder): { pos: Float64Array; neg: Float64Array } {
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) m++;
  const pos = new Float64Array(m);
  const neg = new Float64Array(labels.length - m);
  let a = 0;
  let b = 0;
  for (let k = 0; k < o.order.length; k++) {
    const i = o.order[k]!;
    if (labels[i] === 1) pos[a++] = scores[i]!;
    else neg[b++] = scores[i]!;
  }
  return { pos, neg };
}
