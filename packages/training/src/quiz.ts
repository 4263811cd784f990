/**
 * Pre- and post-tests drawn from a module's bank: items and their options shuffled, seeded per
 * attempt; grading and the pass decision. A multiple-choice item scores only when the chosen set
 * equals the key exactly (no partial credit), as in the course's printed tests.
 */
import { hashSeed, mulberry32, shuffle } from './random.ts';
import type { Question } from './types.ts';

export interface DrawnItem {
  questionId: string;
  /** Option ids in the order shown. */
  optionOrder: string[];
}

/** Draws `n` items (all of them when the bank is smaller) for the attempt seeded by `seed`. */
export function drawTest(bank: readonly Question[], n: number, seed: string): DrawnItem[] {
  const rand = mulberry32(hashSeed(seed));
  return shuffle(bank, rand).slice(0, Math.min(n, bank.length)).map((q) => ({
    questionId: q.id,
    optionOrder: shuffle(q.options.map((o) => o.id), rand),
  }));
}

export interface ItemResult {
  questionId: string;
  chosen: string[];
  correct: boolean;
}

export interface Grade {
  items: ItemResult[];
  correct: number;
  total: number;
  score: number;
  passed: boolean;
}

export function isCorrect(q: Question, chosen: readonly string[]): boolean {
  const set = new Set(chosen);
  return set.size === q.answer.length && q.answer.every((a) => set.has(a));
}

/** Grades answers (questionId → chosen option ids); an unanswered item counts as wrong. */
export function gradeTest(
  drawn: readonly DrawnItem[], byId: ReadonlyMap<string, Question>, answers: Readonly<Record<string, readonly string[]>>, passMark: number,
): Grade {
  const items = drawn.map((d) => {
    const q = byId.get(d.questionId);
    const chosen = [...(answers[d.questionId] ?? [])];
    return { questionId: d.questionId, chosen, correct: q ? isCorrect(q, chosen) : false };
  });
  const correct = items.filter((i) => i.correct).length;
  const total = items.length;
  const score = total === 0 ? 0 : correct / total;
  // Compare in whole hundredths so 12/15 = 0.8 passes an 80 % mark despite floating point.
  return { items, correct, total, score, passed: Math.round(score * 10000) >= Math.round(passMark * 10000) };
}

/**
 * Retake rule: at most `maxPerDay` post-test attempts per module per calendar day (Asia/Ho_Chi_Minh,
 * UTC+7, no daylight saving), and none once passed. Returns null when allowed, else the reason code.
 */
export function retakeBlock(
  previous: ReadonlyArray<{ startedAt: Date; passed: boolean | null }>, now: Date, maxPerDay: number,
): 'ALREADY_PASSED' | 'DAILY_LIMIT' | null {
  if (previous.some((p) => p.passed === true)) return 'ALREADY_PASSED';
  const day = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const today = day(now);
  return previous.filter((p) => day(p.startedAt) === today).length >= maxPerDay ? 'DAILY_LIMIT' : null;
}
