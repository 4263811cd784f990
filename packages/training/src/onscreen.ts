/**
 * Scoring an exercise done on the real screens (kind: on-screen), from what the learner did there:
 * the visits she recorded on the case's synthetic patient (each followed by the rule's suggestion)
 * and her decisions on those suggestions, as the training sandbox's audit entries record them.
 *
 * A step is matched to the first suggestion whose inputs carry the step's vitals (the values the
 * situation asked her to record). The step is right when the suggestion was decided as expected
 * (accept; or override/dismiss when the rule's output should not be followed) within
 * maxMinutesToDecide of its appearing.
 *
 * Automation bias, measured as in the CXR exercise (the term as reviewed by Goddard, Roudsari &
 * Wyatt 2012, "Automation bias: a systematic review of frequency, effect mediators, and
 * mitigators", JAMIA 19(1):121–127):
 * over-reliance = wrong rule outputs accepted / wrong rule outputs decided; under-reliance = right
 * rule outputs overridden or dismissed / right rule outputs decided (null when none was decided).
 */
import type { OnScreenExercise } from './types.ts';

export interface OnScreenSuggestion {
  id: string;
  createdAt: string;
  inputs: Record<string, unknown>;
  score: number | null;
}
export interface OnScreenDecision {
  suggestionId: string;
  decision: 'accept' | 'override' | 'dismiss';
  reason: string | null;
  at: string;
}
export interface OnScreenStepResult {
  stepId: string;
  recorded: boolean;
  suggestionId: string | null;
  ruleScore: number | null;
  decision: OnScreenDecision['decision'] | null;
  reason: string | null;
  expected: 'accept' | 'override';
  ruleRight: boolean;
  minutesToDecide: number | null;
  timely: boolean;
  correct: boolean;
}
export interface OnScreenScore {
  correct: number;
  total: number;
  score: number;
  ruleWrong: number;
  followedWrongRule: number;
  ruleRight: number;
  rejectedRightRule: number;
  overReliance: number | null;
  underReliance: number | null;
  passed: boolean;
  steps: OnScreenStepResult[];
}

const same = (want: number | string | boolean, got: unknown) => {
  if (typeof want !== 'number') return got === want;
  const n = typeof got === 'string' && got.trim() !== '' ? Number(got) : got;
  return typeof n === 'number' && Math.abs(n - want) < 1e-9;
};

/** Whether a suggestion's inputs carry every vital the step asked for. */
export const matchesStep = (vitals: Record<string, number | string | boolean>, inputs: Record<string, unknown>) =>
  Object.entries(vitals).every(([k, v]) => same(v, inputs[k]));

/** Live progress while the learner works (no answer keys): which steps are recorded and decided. */
export function onScreenProgress(ex: OnScreenExercise, suggestions: OnScreenSuggestion[], decisions: OnScreenDecision[]) {
  return scoreOnScreen(ex, suggestions, decisions).steps.map((s) => ({ stepId: s.stepId, recorded: s.recorded, decided: s.decision !== null }));
}

export function scoreOnScreen(ex: OnScreenExercise, suggestions: OnScreenSuggestion[], decisions: OnScreenDecision[]): OnScreenScore {
  const sorted = [...suggestions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // The learner's last decision on each suggestion.
  const decided = new Map<string, OnScreenDecision>();
  for (const d of [...decisions].sort((a, b) => a.at.localeCompare(b.at))) decided.set(d.suggestionId, d);
  const used = new Set<string>();
  const steps = ex.steps.map((st): OnScreenStepResult => {
    const candidates = sorted.filter((s) => !used.has(s.id) && matchesStep(st.vitals, s.inputs));
    // A step recorded twice: the suggestion she decided counts, else the first.
    const s = candidates.find((c) => decided.has(c.id)) ?? candidates[0];
    if (s) used.add(s.id);
    const d = s ? decided.get(s.id) : undefined;
    const minutes = s && d ? (Date.parse(d.at) - Date.parse(s.createdAt)) / 60_000 : null;
    const timely = minutes !== null && minutes <= ex.maxMinutesToDecide;
    const rightDecision = d ? (st.expected === 'accept' ? d.decision === 'accept' : d.decision !== 'accept') : false;
    return {
      stepId: st.id, recorded: !!s, suggestionId: s?.id ?? null, ruleScore: s?.score ?? null, decision: d?.decision ?? null, reason: d?.reason ?? null,
      expected: st.expected, ruleRight: st.ruleRight, minutesToDecide: minutes, timely, correct: rightDecision && timely,
    };
  });
  const decidedSteps = steps.filter((s) => s.decision !== null);
  const wrong = decidedSteps.filter((s) => !s.ruleRight);
  const right = decidedSteps.filter((s) => s.ruleRight);
  const followedWrongRule = wrong.filter((s) => s.decision === 'accept').length;
  const rejectedRightRule = right.filter((s) => s.decision !== 'accept').length;
  const overReliance = wrong.length ? followedWrongRule / wrong.length : null;
  const underReliance = right.length ? rejectedRightRule / right.length : null;
  const correct = steps.filter((s) => s.correct).length;
  const score = steps.length ? correct / steps.length : 0;
  return {
    correct, total: steps.length, score, ruleWrong: wrong.length, followedWrongRule, ruleRight: right.length, rejectedRightRule, overReliance, underReliance,
    passed: score >= ex.pass.minScore && (overReliance ?? 0) <= ex.pass.maxOverReliance, steps,
  };
}
