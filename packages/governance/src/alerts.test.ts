import { describe, expect, it } from 'vitest';
import { evaluateAlerts, suspendRecommended } from './alerts.ts';
import { evaluate } from './evaluate.ts';

/** Rules other than the one under test switched off. */
const QUIET = { calibration: { enabled: false } };

function synthetic(sens: number, n = 400) {
  // n positives with round(sens·n) above 0.5; n negatives all below.
  const s: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < n; i++) { s.push(i < sens * n ? 0.9 : 0.2); l.push(1); }
  for (let i = 0; i < n; i++) { s.push(0.1); l.push(0); }
  return { s, l };
}

describe('evaluateAlerts', () => {
  it('lower bound below the claim → warning; whole interval below → critical, with auto-suspend', () => {
    const { s, l } = synthetic(0.85);
    const r = evaluate({ scores: s, labels: l });
    // sensitivity 0.85, Wilson 95% CI about 0.812–0.881
    const warn = evaluateAlerts(r, { sensitivity: 0.86 }, QUIET);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ rule: 'below_claim', metric: 'sensitivity', severity: 'warning', limit: 0.86, suspendRecommended: false });
    const crit = evaluateAlerts(r, { sensitivity: 0.95 }, { ...QUIET, belowClaim: { autoSuspend: true } });
    expect(crit[0]).toMatchObject({ severity: 'critical', suspendRecommended: true });
    expect(suspendRecommended(crit)).toBe(true);
    expect(evaluateAlerts(r, { sensitivity: 0.8, specificity: 0.9 }, QUIET)).toEqual([]);
  });

  it('PSI > 0.25 is critical, KS p < alpha a warning, and disabled rules stay silent', () => {
    const { s, l } = synthetic(0.85);
    const baseline = s.map((x) => x * 0.5);
    const r = evaluate({ scores: s, labels: l }, { baseline: { scores: baseline } });
    const alerts = evaluateAlerts(r, {}, { ...QUIET, psi: { autoSuspend: true } });
    const psi = alerts.find((a) => a.rule === 'psi')!;
    expect(psi.severity).toBe('critical');
    expect(psi.observed!).toBeGreaterThan(0.25);
    expect(psi.suspendRecommended).toBe(true);
    expect(alerts.some((a) => a.rule === 'ks' && a.severity === 'warning')).toBe(true);
    expect(evaluateAlerts(r, {}, { ...QUIET, psi: { enabled: false }, ks: { enabled: false } })).toEqual([]);
    // The synthetic scores are poorly calibrated (0.9 for events, 0.1–0.2 otherwise): ECE > 0.1.
    expect(evaluateAlerts(r, {}).some((a) => a.rule === 'calibration')).toBe(true);
  });

  it('fairness flags and small samples become alerts', () => {
    const r = evaluateAlerts(
      {
        positives: 12,
        negatives: 500,
        fairness: [{ column: 'sex', reference: 'female', tolerance: 0.25, band: [0.8, 1.25], minGroupSize: 30, minDenominator: 10, groups: [], flags: [{ group: 'male', metric: 'sensitivity', ratio: 0.7, value: 0.56, referenceValue: 0.8 }] }],
      },
      {},
    );
    expect(r.map((a) => [a.rule, a.severity, a.group ?? null])).toEqual([
      ['fairness', 'warning', 'male'],
      ['insufficient_data', 'info', null],
    ]);
  });
});
