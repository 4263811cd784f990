import { describe, expect, it } from 'vitest';
import { binaryMetrics, confusionMatrix } from './confusion.ts';

describe('confusion matrix and metrics', () => {
  it('counts at a threshold (score >= t is positive) and derives every metric', () => {
    const s = [0.9, 0.8, 0.3, 0.5, 0.1, 0.6, 0.2, 0.5];
    const l = [1, 1, 1, 0, 0, 0, 0, 1];
    expect(confusionMatrix(s, l, 0.5)).toEqual({ threshold: 0.5, tp: 3, fn: 1, fp: 2, tn: 2, n: 8 });
    const m = binaryMetrics(s, l, 0.5);
    expect(m.sensitivity.estimate).toBe(3 / 4);
    expect(m.specificity.estimate).toBe(2 / 4);
    expect(m.ppv.estimate).toBe(3 / 5);
    expect(m.npv.estimate).toBe(2 / 3);
    expect(m.accuracy.estimate).toBe(5 / 8);
    expect(m.prevalence.estimate).toBe(4 / 8);
    expect(m.f1).toBe(6 / 9);
    expect(m.positiveLikelihoodRatio).toBe(0.75 / 0.5);
    expect(m.negativeLikelihoodRatio).toBe(0.25 / 0.5);
  });

  it('undefined ratios are null, never NaN or Infinity', () => {
    const m = binaryMetrics([0.1, 0.2], [0, 0], 0.5);
    expect(m.sensitivity.estimate).toBeNull();
    expect(m.ppv.estimate).toBeNull();
    expect(m.positiveLikelihoodRatio).toBeNull();
    expect(m.f1).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
  });
});
