/**
 * @yte/governance — pure statistics for the real-world performance, fairness and drift of AI
 * tools, and the alert rules over them. No I/O, no clock, no randomness: data comes in as
 * arguments. See packages/governance/README.md for every function and output field.
 */
export { GovernanceInputError, isGovernanceInputError, type GovernanceErrorCode } from './errors.ts';
export type { Label, NumericArray } from './input.ts';
export { normalCdf, normalQuantile, zForConfidence } from './normal.ts';
export { wilson, type Proportion } from './proportion.ts';
export { binaryMetrics, confusionMatrix, metricsFromConfusion, type BinaryMetrics, type ConfusionMatrix } from './confusion.ts';
export {
  auroc,
  aurocFromSorted,
  hanleyMcNeilSe,
  rocCurve,
  rocCurveFromSorted,
  sortByClass,
  thresholdTable,
  thresholdTableFromSorted,
  type AurocResult,
  type RocCurve,
  type RocPoint,
  type SortedByClass,
  type YoudenPoint,
} from './roc.ts';
export { calibration, type Calibration, type ReliabilityBin } from './calibration.ts';
export { cohenKappa, cohenKappaBinary, type Kappa } from './agreement.ts';
export { fairness, type CodedGroups, type FairnessFlag, type FairnessMetric, type FairnessOptions, type FairnessReport, type GroupResult, type MetricRatio } from './fairness.ts';
export {
  categoricalDrift,
  jensenShannon,
  kolmogorovSurvival,
  ksTwoSample,
  numericDrift,
  psiFromProportions,
  type CategoricalDrift,
  type Drift,
  type DriftBin,
  type DriftOptions,
  type NumericDrift,
} from './drift.ts';
export { evaluate, type BaselineInput, type DriftReport, type EvaluationInput, type EvaluationOptions, type EvaluationReport } from './evaluate.ts';
export { evaluateAlerts, suspendRecommended, type Alert, type AlertInput, type AlertRuleConfig, type AlertRules, type ClaimMetric, type Severity, type ToolClaims } from './alerts.ts';
export { csvField, CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts';
export { datasetFromRecords, DatasetError, loadDataset, parseNumber, type Dataset, type DatasetIssue, type DatasetIssueCode, type DatasetSpec } from './dataset.ts';
export { renderReportTables } from './table.ts';
