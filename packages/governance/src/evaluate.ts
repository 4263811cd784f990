/**
 * One call for the whole real-world performance report of a tool: confusion matrix and metrics
 * at the operating threshold, AUROC with DeLong's interval, ROC curve and Youden point, threshold
 * table, calibration, agreement (Cohen's kappa), fairness per group column, and drift against a
 * baseline. Pure: the caller passes the arrays (see `loadDataset` for CSV input).
 */
import { GovernanceInputError } from './errors.ts';
import { checkNumbers, checkScoresLabels, scoreOrder, splitByOrder, type NumericArray } from './input.ts';
import { confusionUnchecked, metricsFromConfusion, type BinaryMetrics } from './confusion.ts';
import { aurocFromSorted, rocCurveFromSorted, thresholdTableFromSorted, type AurocResult, type RocCurve } from './roc.ts';
import { calibration, type Calibration } from './calibration.ts';
import { cohenKappaBinary, type Kappa } from './agreement.ts';
import { type CodedGroups, fairnessOrdered, isCodedGroups, type FairnessOptions, type FairnessReport } from './fairness.ts';
import { categoricalDrift, numericDrift, numericDriftSorted, type CategoricalDrift, type DriftOptions, type NumericDrift } from './drift.ts';

export interface EvaluationInput {
  /** the tool's output per case (probability or any numeric score; higher = more likely positive) */
  scores: NumericArray;
  /** reference truth per case: 1 positive, 0 negative (confirmed diagnosis or reader's decision) */
  labels: NumericArray;
  /** subgroup columns, e.g. { sex: [...], ageBand: [...] } — one string per case, or codes into a list of values */
  groups?: Record<string, ArrayLike<string> | CodedGroups>;
  /** the clinician's own 0/1 decision per case, for agreement (kappa) with the tool's decision */
  reader?: NumericArray;
  /** extra numeric input columns to check for drift */
  numeric?: Record<string, NumericArray>;
  /** extra categorical input columns to check for drift */
  categorical?: Record<string, ArrayLike<string>>;
}

export interface BaselineInput {
  /** the tool's scores on the validation baseline */
  scores?: NumericArray;
  groups?: Record<string, ArrayLike<string>>;
  numeric?: Record<string, NumericArray>;
  categorical?: Record<string, ArrayLike<string>>;
}

export interface EvaluationOptions {
  /** operating threshold: positive when score >= threshold; default 0.5 */
  threshold?: number;
  /** thresholds of the threshold table; default a grid (probabilities) or score deciles, plus the operating and Youden thresholds */
  thresholds?: readonly number[];
  /** confidence level of every interval; default 0.95 */
  confidence?: number;
  /** reliability-curve bins; default 10 */
  calibrationBins?: number;
  /** most ROC points returned; default 200 */
  rocPoints?: number;
  /** fairness rule options (shared by every group column) */
  fairness?: Omit<FairnessOptions, 'reference' | 'confidence'>;
  /** reference group per column, e.g. { sex: 'female' }; default the largest group */
  references?: Record<string, string>;
  /** validation baseline for drift */
  baseline?: BaselineInput;
  drift?: DriftOptions;
}

export interface DriftReport {
  /** drift of the tool's output */
  score: NumericDrift | null;
  /** drift of numeric input columns */
  numeric: Record<string, NumericDrift>;
  /** drift of categorical columns (group columns are included: case-mix shift) */
  categorical: Record<string, CategoricalDrift>;
}

export interface EvaluationReport {
  n: number;
  positives: number;
  negatives: number;
  threshold: number;
  confidence: number;
  /** metrics at the operating threshold, each proportion with a Wilson interval */
  metrics: BinaryMetrics;
  auroc: AurocResult;
  roc: RocCurve;
  thresholdTable: BinaryMetrics[];
  /** null when scores are not probabilities in [0, 1] (see calibrationNote) */
  calibration: Calibration | null;
  calibrationNote: string | null;
  agreement: {
    /** kappa between the tool's decision (score >= threshold) and the reader's decision; null without a reader column */
    withReader: Kappa | null;
    /** kappa between the tool's decision and the reference label */
    withReference: Kappa;
  };
  fairness: FairnessReport[];
  drift: DriftReport | null;
}

const PROBABILITY_GRID = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

export function evaluate(input: EvaluationInput, options: EvaluationOptions = {}): EvaluationReport {
  const { scores, labels } = input;
  checkScoresLabels(scores, labels);
  const n = scores.length;
  if (n === 0) throw new GovernanceInputError('empty', 'scores', 'no cases to evaluate');
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) throw new GovernanceInputError('not_a_number', 'threshold', 'must be a finite number');
  const confidence = options.confidence ?? 0.95;

  // One sort serves every statistic: class-sorted scores, per-group walks, drift of the scores.
  const order = scoreOrder(scores);
  const sorted = splitByOrder(scores, labels, order);
  const confusion = confusionUnchecked(scores, labels, threshold);
  const metrics = metricsFromConfusion(confusion, confidence);
  const auroc = aurocFromSorted(sorted, confidence);
  const roc = rocCurveFromSorted(sorted, options.rocPoints ?? 200);

  const min = order.sorted[0]!;
  const max = order.sorted[n - 1]!;
  const probabilities = min >= 0 && max <= 1;
  let grid: number[];
  if (options.thresholds) grid = [...options.thresholds];
  else if (probabilities) grid = [...PROBABILITY_GRID];
  else {
    grid = [];
    for (let k = 1; k < 10; k++) grid.push(order.sorted[Math.floor((k / 10) * (n - 1))]!);
  }
  if (!options.thresholds) {
    grid.push(threshold);
    if (roc.youden) grid.push(roc.youden.threshold);
  }
  grid = [...new Set(grid)].sort((a, b) => a - b);
  const thresholdTable = thresholdTableFromSorted(sorted, grid, confidence);

  const cal = probabilities ? calibration(scores, labels, options.calibrationBins ?? 10, confidence) : null;

  const decision = new Uint8Array(n);
  for (let i = 0; i < n; i++) decision[i] = scores[i]! >= threshold ? 1 : 0;
  let withReader: Kappa | null = null;
  if (input.reader) {
    if (input.reader.length !== n) throw new GovernanceInputError('length_mismatch', 'reader', `${input.reader.length} reader decisions for ${n} cases`);
    withReader = cohenKappaBinary(decision, input.reader, confidence);
  }
  const withReference = cohenKappaBinary(decision, labels, confidence);

  const fairnessReports: FairnessReport[] = [];
  for (const [column, values] of Object.entries(input.groups ?? {})) {
    const ref = options.references?.[column];
    fairnessReports.push(fairnessOrdered(scores, labels, values, threshold, { ...options.fairness, ...(ref !== undefined ? { reference: ref } : {}), confidence }, column, order));
  }

  let drift: DriftReport | null = null;
  const base = options.baseline;
  if (base) {
    drift = { score: null, numeric: {}, categorical: {} };
    if (base.scores) {
      checkNumbers(base.scores, 'baseline');
      drift.score = numericDriftSorted(Float64Array.from(base.scores).sort(), order.sorted, options.drift);
    }
    for (const [col, values] of Object.entries(input.numeric ?? {})) {
      const b = base.numeric?.[col];
      if (!b) continue;
      checkNumbers(values, col);
      drift.numeric[col] = numericDrift(b, values, options.drift);
    }
    // Group columns count too (case-mix shift); coded ones are spelled out only when a baseline has them.
    const cats: Record<string, ArrayLike<string> | CodedGroups> = { ...(input.groups ?? {}), ...(input.categorical ?? {}) };
    const baseCats: Record<string, ArrayLike<string>> = { ...(base.groups ?? {}), ...(base.categorical ?? {}) };
    for (const [col, values] of Object.entries(cats)) {
      const b = baseCats[col];
      if (!b) continue;
      drift.categorical[col] = categoricalDrift(b, isCodedGroups(values) ? Array.from(values.codes, (c) => values.values[c]!) : values, options.drift);
    }
  }

  return {
    n,
    positives: sorted.pos.length,
    negatives: sorted.neg.length,
    threshold,
    confidence,
    metrics,
    auroc,
    roc,
    thresholdTable,
    calibration: cal,
    calibrationNote: cal ? null : `scores range ${min}..${max}, not probabilities in [0, 1]: calibration not computed`,
    agreement: { withReader, withReference },
    fairness: fairnessReports,
    drift,
  };
}
