/** Scoring a decision exercise (kind: decisions): one point per step answered as expected. */
import type { DecisionExercise } from './types.ts';

export interface DecisionScore {
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  steps: Array<{ stepId: string; chosen: string | null; expected: string; correct: boolean }>;
}

export function scoreDecisions(ex: DecisionExercise, answers: Readonly<Record<string, string>>): DecisionScore {
  const steps = ex.steps.map((s) => {
    const chosen = answers[s.id] ?? null;
    return { stepId: s.id, chosen, expected: s.answer, correct: chosen === s.answer };
  });
  const correct = steps.filter((s) => s.correct).length;
  const score = steps.length ? correct / steps.length : 0;
  return { correct, total: steps.length, score, passed: score >= ex.pass.minScore, steps };
}
