/**
 * Item analysis and learning gain, pure.
 *
 * - Difficulty (p): share of examinees answering the item correctly (classical test theory).
 * - Discrimination index D = p(upper) − p(lower), upper and lower groups the top and bottom 27 % of
 *   examinees by total score (Kelley T.L., "The selection of upper and lower groups for the validation
 *   of test items", J Educ Psychol 1939; 30: 17–24).
 * - Corrected item–total (point-biserial) correlation: Pearson r between the item (0/1) and the score
 *   on the other items, so the item does not correlate with itself.
 * - Ebel's guide to D (Ebel R.L., Frisbie D.A., Essentials of Educational Measurement, 5th ed. 1991):
 *   ≥ 0.40 very good; 0.30–0.39 reasonably good; 0.20–0.29 marginal, needs revision; < 0.20 poor.
 * - Normalised gain ⟨g⟩ = (post − pre) / (1 − pre) on class averages (Hake R.R., Am J Phys 1998;
 *   66: 64–74), beside the raw mean gain.
 */

export interface ItemStats {
  itemId: string;
  n: number;
  difficulty: number;
  discrimination: number | null;
  pointBiserial: number | null;
  quality: 'very-good' | 'good' | 'marginal' | 'poor' | 'insufficient-data';
}

/** D from group counts: the textbook form. */
export function upperLowerIndex(upperCorrect: number, upperN: number, lowerCorrect: number, lowerN: number): number {
  return upperCorrect / upperN - lowerCorrect / lowerN;
}

export function ebelClass(d: number): Exclude<ItemStats['quality'], 'insufficient-data'> {
  if (d >= 0.4) return 'very-good';
  if (d >= 0.3) return 'good';
  if (d >= 0.2) return 'marginal';
  return 'poor';
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2 || y.length !== n) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/**
 * One row per examinee: itemId → 1 (correct) / 0 (wrong); items an examinee did not see are absent
 * (tests are drawn at random, so each item is analysed over the examinees who saw it, and the total
 * is the examinee's proportion correct).
 */
export function itemAnalysis(responses: ReadonlyArray<Readonly<Record<string, 0 | 1>>>, minN = 5): ItemStats[] {
  const itemIds = [...new Set(responses.flatMap((r) => Object.keys(r)))].sort();
  const totals = responses.map((r) => {
    const v = Object.values(r);
    return { sum: v.reduce<number>((a, b) => a + b, 0), n: v.length };
  });
  return itemIds.map((itemId) => {
    const rows: Array<{ item: number; total: number; rest: number }> = [];
    responses.forEach((r, i) => {
      const v = r[itemId];
      if (v === undefined) return;
      const t = totals[i]!;
      rows.push({ item: v, total: t.sum / t.n, rest: t.n > 1 ? (t.sum - v) / (t.n - 1) : 0 });
    });
    const n = rows.length;
    const difficulty = n === 0 ? 0 : rows.reduce((a, r) => a + r.item, 0) / n;
    if (n < minN) return { itemId, n, difficulty, discrimination: null, pointBiserial: null, quality: 'insufficient-data' as const };
    // Stable order: by total, ties by position, so the groups do not depend on sort internals.
    const order = rows.map((r, i) => ({ ...r, i })).sort((a, b) => a.total - b.total || a.i - b.i);
    const k = Math.max(1, Math.round(0.27 * n));
    const lower = order.slice(0, k), upper = order.slice(n - k);
    const discrimination = upperLowerIndex(upper.reduce((a, r) => a + r.item, 0), k, lower.reduce((a, r) => a + r.item, 0), k);
    const pointBiserial = pearson(rows.map((r) => r.item), rows.map((r) => r.rest));
    return { itemId, n, difficulty, discrimination, pointBiserial, quality: ebelClass(discrimination) };
  });
}

export interface Gain {
  learners: number;
  preMean: number;
  postMean: number;
  meanGain: number;
  /** Hake's ⟨g⟩; null when the pre-test mean is already 100 %. */
  normalisedGain: number | null;
}

/** Pre→post gain over learners who took both (scores as proportions 0–1). */
export function prePostGain(pairs: ReadonlyArray<{ pre: number; post: number }>): Gain | null {
  if (pairs.length === 0) return null;
  const pre = pairs.reduce((a, p) => a + p.pre, 0) / pairs.length;
  const post = pairs.reduce((a, p) => a + p.post, 0) / pairs.length;
  return { learners: pairs.length, preMean: pre, postMean: post, meanGain: post - pre, normalisedGain: pre >= 1 ? null : (post - pre) / (1 - pre) };
}
