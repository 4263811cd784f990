/**
 * Cohen's kappa for two raters (e.g. the AI's decision vs the clinician's) on k categories, with
 * the large-sample standard error of Fleiss, Cohen & Everitt (Psychol Bull 1969;72:323–327), as
 * given in Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, 3rd ed. (2003),
 * §18.1 (the non-null SE, used for the confidence interval), and the SE under H0: κ = 0 (used for
 * the z test).
 *
 * Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas 1960;20:37–46.
 */
import { GovernanceInputError } from './errors.ts';
import { normalCdf, zForConfidence } from './normal.ts';

export interface Kappa {
  kappa: number | null;
  /** observed agreement p_o */
  observedAgreement: number;
  /** chance agreement p_e from the margins */
  expectedAgreement: number;
  /** large-sample SE (Fleiss, Cohen & Everitt 1969) — for the interval */
  se: number | null;
  lower: number | null;
  upper: number | null;
  /** SE under H0 κ = 0 — for the z test */
  se0: number | null;
  z: number | null;
  /** two-sided p-value of H0 κ = 0 */
  p: number | null;
  n: number;
  confidence: number;
}

/**
 * Kappa from a k×k table of counts: table[i][j] = cases rater A put in category i and rater B in j.
 * For a 2×2 table with categories (0, 1): [[both 0, A0 B1], [A1 B0, both 1]].
 */
export function cohenKappa(table: readonly (readonly number[])[], confidence = 0.95): Kappa {
  const k = table.length;
  if (k < 2 || table.some((r) => !Array.isArray(r) || r.length !== k)) throw new GovernanceInputError('invalid_type', 'table', 'must be a square k×k table, k >= 2');
  let n = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = table[i]![j]!;
      if (!Number.isFinite(v) || v < 0) throw new GovernanceInputError('not_a_number', `table[${i}][${j}]`, 'must be a non-negative count');
      n += v;
    }
  if (n === 0) throw new GovernanceInputError('empty', 'table', 'no cases');
  const p = table.map((r) => r.map((v) => v / n));
  const row = p.map((r) => r.reduce((a, b) => a + b, 0));
  const col = Array.from({ length: k }, (_, j) => p.reduce((a, r) => a + r[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += p[i]![i]!;
    pe += row[i]! * col[i]!;
  }
  const base = { observedAgreement: po, expectedAgreement: pe, n, confidence };
  if (pe >= 1) {
    // Both raters used one single category: kappa is undefined.
    return { kappa: null, se: null, lower: null, upper: null, se0: null, z: null, p: null, ...base };
  }
  const kappa = (po - pe) / (1 - pe);
  // Non-null variance (Fleiss, Cohen & Everitt 1969).
  let a = 0;
  for (let i = 0; i < k; i++) a += p[i]![i]! * Math.pow(1 - (row[i]! + col[i]!) * (1 - kappa), 2);
  let b = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) b += p[i]![j]! * Math.pow(row[j]! + col[i]!, 2);
  b *= Math.pow(1 - kappa, 2);
  const c = Math.pow(kappa - pe * (1 - kappa), 2);
  const v = (a + b - c) / (n * Math.pow(1 - pe, 2));
  const se = Math.sqrt(Math.max(0, v));
  // Null variance.
  let s0 = 0;
  for (let i = 0; i < k; i++) s0 += row[i]! * col[i]! * (row[i]! + col[i]!);
  const v0 = (pe + pe * pe - s0) / (n * Math.pow(1 - pe, 2));
  const se0 = v0 > 0 ? Math.sqrt(v0) : null;
  const zc = zForConfidence(confidence);
  const z = se0 === null ? null : kappa / se0;
  return {
    kappa,
    se,
    lower: Math.max(-1, kappa - zc * se),
    upper: Math.min(1, kappa + zc * se),
    se0,
    z,
    p: z === null ? null : 2 * (1 - normalCdf(Math.abs(z))),
    ...base,
  };
}

/** Kappa of two parallel 0/1 decision vectors (e.g. AI decision vs clinician decision). */
export function cohenKappaBinary(a: ArrayLike<number>, b: ArrayLike<number>, confidence = 0.95): Kappa {
  if (a.length !== b.length) throw new GovernanceInputError('length_mismatch', 'b', `${b.length} ratings for ${a.length}`);
  const t = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) throw new GovernanceInputError('invalid_label', `ratings[${i}]`, 'must be 0 or 1');
    t[x]![y]!++;
  }
  return cohenKappa(t, confidence);
}
