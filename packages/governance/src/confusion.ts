/**
 * Confusion matrix at a threshold and the metrics derived from it, each proportion with a
 * Wilson score interval (Newcombe 1998, method 3).
 *
 * Decision rule: a case is called positive when `score >= threshold`.
 */
import { checkScoresLabels, type NumericArray } from './input.ts';
import { GovernanceInputError } from './errors.ts';
import { wilson, type Proportion } from './proportion.ts';

export interface ConfusionMatrix {
  threshold: number;
  /** true positives: label 1, score >= threshold */
  tp: number;
  /** false positives: label 0, score >= threshold */
  fp: number;
  /** true negatives: label 0, score < threshold */
  tn: number;
  /** false negatives: label 1, score < threshold */
  fn: number;
  n: number;
}

export interface BinaryMetrics {
  confusion: ConfusionMatrix;
  /** TP / (TP + FN) — recall, true-positive rate */
  sensitivity: Proportion;
  /** TN / (TN + FP) — true-negative rate */
  specificity: Proportion;
  /** TP / (TP + FP) — precision */
  ppv: Proportion;
  /** TN / (TN + FN) */
  npv: Proportion;
  /** (TP + TN) / n */
  accuracy: Proportion;
  /** (TP + FN) / n — prevalence of the reference label */
  prevalence: Proportion;
  /** 2TP / (2TP + FP + FN); null when undefined */
  f1: number | null;
  /** sensitivity / (1 − specificity); null when undefined (specificity = 1 or no data) */
  positiveLikelihoodRatio: number | null;
  /** (1 − sensitivity) / specificity; null when undefined */
  negativeLikelihoodRatio: number | null;
}

export function confusionMatrix(scores: NumericArray, labels: NumericArray, threshold: number): ConfusionMatrix {
  checkScoresLabels(scores, labels);
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) throw new GovernanceInputError('not_a_number', 'threshold', 'must be a finite number');
  return confusionUnchecked(scores, labels, threshold);
}

/** Same as confusionMatrix without re-validating (internal: callers validated already). */
export function confusionUnchecked(scores: NumericArray, labels: NumericArray, threshold: number): ConfusionMatrix {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pred = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (pred) tp++;
      else fn++;
    } else if (pred) fp++;
    else tn++;
  }
  return { threshold, tp, fp, tn, fn, n: scores.length };
}

/** All metrics of a confusion matrix (counts may come from anywhere). */
export function metricsFromConfusion(c: ConfusionMatrix, confidence = 0.95): BinaryMetrics {
  const sensitivity = wilson(c.tp, c.tp + c.fn, confidence);
  const specificity = wilson(c.tn, c.tn + c.fp, confidence);
  const f1den = 2 * c.tp + c.fp + c.fn;
  const se = sensitivity.estimate;
  const sp = specificity.estimate;
  return {
    confusion: c,
    sensitivity,
    specificity,
    ppv: wilson(c.tp, c.tp + c.fp, confidence),
    npv: wilson(c.tn, c.tn + c.fn, confidence),
    accuracy: wilson(c.tp + c.tn, c.n, confidence),
    prevalence: wilson(c.tp + c.fn, c.n, confidence),
    f1: f1den === 0 ? null : (2 * c.tp) / f1den,
    positiveLikelihoodRatio: se === null || sp === null || sp === 1 ? null : se / (1 - sp),
    negativeLikelihoodRatio: se === null || sp === null || sp === 0 ? null : (1 - se) / sp,
  };
}

export function binaryMetrics(scores: NumericArray, labels: NumericArray, threshold: number, confidence = 0.95): BinaryMetrics {
  return metricsFromConfusion(confusionMatrix(scores, labels, threshold), confidence);
}
