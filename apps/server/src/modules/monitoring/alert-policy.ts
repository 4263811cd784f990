/**
 * Alert policy from the NEWS2 response thresholds (Royal College of Physicians, National Early
 * Warning Score 2, 2017, Chart 4 "clinical response"): aggregate 5–6 → urgent response,
 * ≥ 7 → emergency response, a score of 3 in any single parameter → urgent ward-based response.
 * Pure: decides what happens to a patient's alert episode given a new score.
 *
 * Episode (alert fatigue): one unresolved alert per patient. A new reading at the same or a lower
 * alerting level updates nothing visible; a higher level raises the open alert (pushed again);
 * a reading below every threshold resolves it. Only after resolution can a new alert open.
 */
export type AlertLevel = 'urgent' | 'emergency';

export interface ScoreSummary {
  score: number;
  singleParameter3: boolean;
}

export function alertLevel(s: ScoreSummary): { level: AlertLevel; reason: string } | null {
  if (s.score >= 7) return { level: 'emergency', reason: 'total>=7' };
  if (s.score >= 5) return { level: 'urgent', reason: 'total>=5' };
  if (s.singleParameter3) return { level: 'urgent', reason: 'single-parameter-3' };
  return null;
}

const RANK: Record<AlertLevel, number> = { urgent: 1, emergency: 2 };

export type EpisodeAction =
  | { kind: 'none' }
  | { kind: 'open'; level: AlertLevel; reason: string }
  | { kind: 'raise'; level: AlertLevel; reason: string }
  | { kind: 'resolve' };

export function nextAction(open: { level: AlertLevel } | null, s: ScoreSummary): EpisodeAction {
  const want = alertLevel(s);
  if (!open) return want ? { kind: 'open', ...want } : { kind: 'none' };
  if (!want) return { kind: 'resolve' };
  if (RANK[want.level] > RANK[open.level]) return { kind: 'raise', ...want };
  return { kind: 'none' };
}
