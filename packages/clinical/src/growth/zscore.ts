/**
 * LMS z-scores, WHO method.
 * Source: WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: Methods and
 * development. Geneva: WHO, 2006, chapter 7 (z = ((y/M)^L − 1)/(S·L); restricted application of
 * the LMS method beyond ±3 SD: SDk = M·(1 + L·S·k)^(1/L), z > 3 → 3 + (y − SD3)/(SD3 − SD2),
 * z < −3 → −3 + (y − SD−3)/(SD−2 − SD−3)).
 * Hot path: no allocation, index lookups only.
 */

/** Plain LMS z-score. */
export function lmsZ(y: number, l: number, m: number, s: number): number {
  return l === 0 ? Math.log(y / m) / s : (Math.pow(y / m, l) - 1) / (s * l);
}

/** The value at k SD: M·(1 + L·S·k)^(1/L). */
export function lmsValueAt(k: number, l: number, m: number, s: number): number {
  return l === 0 ? m * Math.exp(s * k) : m * Math.pow(1 + l * s * k, 1 / l);
}

/** LMS z-score with WHO's restricted adjustment beyond ±3 SD. */
export function lmsZRestricted(y: number, l: number, m: number, s: number): number {
  const z = lmsZ(y, l, m, s);
  if (z > 3) {
    const sd3 = lmsValueAt(3, l, m, s);
    const sd2 = lmsValueAt(2, l, m, s);
    return 3 + (y - sd3) / (sd3 - sd2);
  }
  if (z < -3) {
    const sdm3 = lmsValueAt(-3, l, m, s);
    const sdm2 = lmsValueAt(-2, l, m, s);
    return -3 + (y - sdm3) / (sdm2 - sdm3);
  }
  return z;
}
