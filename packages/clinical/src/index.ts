/**
 * @yte/clinical — pure clinical decision rules, exact to their published sources.
 * No I/O, no clock, no environment. Every rule returns its result, an `explanation`
 * (which inputs scored or found what) and its `source` ({id, version, citation}).
 * Invalid input throws ClinicalInputError {code, field, message}; no rule returns NaN.
 *
 * Public API (server and UI):
 *   news2(input: News2Input): News2Result                    RCP NEWS2 2017
 *   akiStage(input: AkiInput): AkiResult                      NHS England AKI algorithm 2014
 *   labFlags(input: LabInput, options?: LabOptions): LabResult RCPath 2017 critical values, RI, RCV
 *   respiratory(input: RespiratoryInput): RespiratoryResult   Kigali S/F, Global ARDS 2024, qSOFA
 *   tbScreen(input: TbInput): TbResult                        WHO TB Module 2 2021
 *   cvdRisk(input: CvdInput): CvdResult                       WHO 2019 CVD charts, SE Asia
 *   growthAssessment(input: GrowthInput): GrowthResult        WHO growth standards 2006/2007
 *   triage(input: TriageInput, options?): TriageResult        WHO/ICRC/MSF IITT + SATS TEWS
 *   adultBmi(input): AdultBmiResult                           WHO TRS 894 (2000); WHO WPRO 2000 (Asian adults)
 *   RULES: RuleInfo[]                                         registry for governance
 */
import { NEWS2_SOURCE } from './news2.ts';
import { AKI_SOURCE } from './aki.ts';
import { LABS_SOURCE } from './labs.ts';
import { RESPIRATORY_SOURCE } from './respiratory.ts';
import { TB_SOURCE } from './tb.ts';
import { CVD_SOURCE } from './cvd.ts';
import { GROWTH_SOURCE } from './growth/growth.ts';
import { TRIAGE_SOURCE } from './triage.ts';
import { ADULT_BMI_SOURCE } from './bmi.ts';
import type { RuleInfo } from './types.ts';

export { ClinicalInputError, isClinicalInputError, type ClinicalErrorCode } from './errors.ts';
export type { RuleSource, RuleInfo, ExplanationItem, Bilingual } from './types.ts';
export * from './units.ts';

export {
  news2, news2Score, news2Band, parseNews2Input, NEWS2_SOURCE,
  scoreRespRate, scoreSpo2Scale1, scoreSpo2Scale2, scoreAirOrOxygen, scoreSystolicBP, scorePulse, scoreConsciousness, scoreTemperature,
  type News2Input, type News2Result, type News2Band, type News2SubScores, type Consciousness,
} from './news2.ts';
export { akiStage, akiCore, AKI_SOURCE, type AkiInput, type AkiResult, type CreatinineResult } from './aki.ts';
export {
  labFlags, referenceChangeValue, ANALYTES, UNITS as LAB_UNITS, DEFAULT_REFERENCE_INTERVALS, DEFAULT_CRITICAL_LIMITS, DEFAULT_CVI, LABS_SOURCE,
  type Analyte, type LabInput, type LabOptions, type LabResult, type LabFlag, type LabResultInput, type ReferenceInterval, type CriticalLimit,
} from './labs.ts';
export {
  checkLabValue, labCodeUnit, ANALYTE_VI, LAB_LIMITS, LAB_LIMITS_VERSION, LAB_CODES, GENERIC_LAB_BOUND, CREATININE_MGDL, CREATININE_UMOL,
  type LabLimit, type LabValueProblem,
} from './lab-limits.ts';
export { checkClinicalInstant, startOfLocalDay, CLOCK_SKEW_MS, VIETNAM_UTC_OFFSET_MINUTES, type InstantProblem } from './plausibility.ts';
export { respiratory, ardsSeverityFromPf, ardsSeverityFromSf, RESPIRATORY_SOURCE, type RespiratoryInput, type RespiratoryResult, type ArdsSeverity } from './respiratory.ts';
export { tbScreen, TB_SOURCE, CAD_MIN_AGE_YEARS, type TbInput, type TbResult } from './tb.ts';
export {
  cvdRisk, cvdBand, cvdRiskLabFraction, cvdRiskNonLabFraction, parseCvdInput, CVD_SOURCE,
  chartAgeMidpoint, chartSbpMidpoint, chartCholesterolMidpoint, chartBmiMidpoint,
  type CvdInput, type CvdResult, type CvdBand,
} from './cvd.ts';
export {
  growthAssessment, parseGrowthInput, weightForAgeZScore, GROWTH_SOURCE, DAYS_PER_MONTH,
  type GrowthInput, type GrowthResult, type GrowthClassification, type Severity,
} from './growth/growth.ts';
export {
  weightForAgeZ, lengthHeightForAgeZ, weightForLengthZ, weightForHeightZ, bmiForAgeZ, headCircumferenceForAgeZ, muacForAgeZ,
  weightForAge2007Z, heightForAge2007Z, bmiForAge2007Z, correctedLengthHeight,
} from './growth/indicators.ts';
export { lmsZ, lmsZRestricted, lmsValueAt } from './growth/zscore.ts';
export { triage, tewsRespRate, tewsHeartRate, tewsSystolicBP, tewsTemperature, tewsAvpu, tewsMobility, satsColour, TRIAGE_SOURCE, type TriageInput, type TriageResult, type TriageColour, type ChildVitalLimits } from './triage.ts';

export { adultBmi, ADULT_BMI_SOURCE, ADULT_BMI_MIN_AGE_YEARS, type AdultBmiResult, type WhoBmiClass, type AsiaBmiClass } from './bmi.ts';

/** Every rule in this package, for the governance registry. */
export const RULES: readonly RuleInfo[] = [
  { ...NEWS2_SOURCE, title: 'National Early Warning Score 2 (NEWS2)' },
  { ...AKI_SOURCE, title: 'Acute kidney injury detection (NHS England algorithm)' },
  { ...LABS_SOURCE, title: 'Laboratory flags: reference intervals, critical values, delta checks' },
  { ...RESPIRATORY_SOURCE, title: 'Respiratory distress: SpO2/FiO2 (Kigali), Global ARDS 2024 severity, qSOFA' },
  { ...TB_SOURCE, title: 'Tuberculosis screening (WHO 2021 Module 2)' },
  { ...CVD_SOURCE, title: 'Cardiovascular risk (WHO 2019 charts, Southeast Asia)' },
  { ...GROWTH_SOURCE, title: 'Growth and nutrition (WHO growth standards and reference)' },
  { ...TRIAGE_SOURCE, title: 'Emergency triage (IITT with SATS TEWS)' },
  { ...ADULT_BMI_SOURCE, title: 'Adult body-mass index (WHO 2000; WHO Western Pacific 2000 for Asian adults)' },
];
export * from './referral.ts';
export {
  CONSULT_STATES, CONSULT_URGENCIES, CONSULT_TARGET_MINUTES, CONSULT_TRANSITIONS, OPEN_CONSULT_STATES, ATTACHMENT_KINDS, ATTACHMENT_RULES, CALL_MODES, CALL_THRESHOLDS,
  checkConsultTransition, nextConsultStates, consultDueAt, consultEscalation, compareInbox, checkAttachment, callModeFor,
  type ConsultState, type ConsultUrgency, type ConsultSide, type ConsultEscalation, type AttachmentKind, type AttachmentProblem, type CallMode, type LinkSample,
} from './teleconsult.ts';
