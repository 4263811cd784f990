/**
 * The chest X-ray reading exercise, pure: draw cases from the NIH ChestX-ray14 labels with an AI call
 * per case, a seeded share of them deliberately wrong against the reference label, then score the
 * learner's calls for accuracy, over-reliance and under-reliance.
 *
 * Definitions (the course's, lesson m4-automation-bias):
 *   over-reliance  = cases where the AI was wrong and the learner agreed with it / cases where the AI was wrong
 *   under-reliance = cases where the AI was right and the learner disagreed      / cases where the AI was right
 * (Agreement with a wrong AI is the usual operational sign of automation bias; these are the course's
 * own definitions, not a named published index.)
 */
import { hashSeed, mulberry32, shuffle } from './random.ts';
import type { CxrExercise } from './types.ts';

export interface LabelRow {
  image: string;
  labels: Record<string, 0 | 1>;
}

/** labels.csv: `image,<finding>,…` with 0/1 cells. Throws on a malformed file. */
export function parseLabelsCsv(text: string): LabelRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((s) => s.trim());
  if (!header || header[0] !== 'image') throw new Error('labels.csv: the first column must be "image"');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((s) => s.trim());
    if (cells.length !== header.length) throw new Error(`labels.csv line ${i + 2}: ${cells.length} cells, expected ${header.length}`);
    const labels: Record<string, 0 | 1> = {};
    header.slice(1).forEach((h, j) => {
      const v = cells[j + 1];
      if (v !== '0' && v !== '1') throw new Error(`labels.csv line ${i + 2}: ${h} must be 0 or 1`);
      labels[h] = v === '1' ? 1 : 0;
    });
    return { image: cells[0]!, labels };
  });
}

export interface CxrCase {
  caseId: string;
  image: string;
  finding: string;
  /** Reference label: the finding is present. */
  reference: boolean;
  /** The AI's call shown to the learner. */
  ai: boolean;
  /** The AI's displayed probability (consistent with its call). */
  aiScore: number;
  aiWrong: boolean;
}

export function drawCxrCases(ex: CxrExercise, rows: readonly LabelRow[], seed: string): CxrCase[] {
  const rand = mulberry32(hashSeed(seed));
  const findings = ex.findings.map((f) => f.label);
  const nPos = Math.round(ex.cases * ex.positiveShare);
  const nNeg = ex.cases - nPos;
  const positives = shuffle(rows.filter((r) => findings.some((f) => r.labels[f] === 1)), rand).slice(0, nPos);
  // Negatives carry no finding at all ("No Finding"), so "absent" is unambiguous for any finding asked.
  const negatives = shuffle(rows.filter((r) => Object.values(r.labels).every((v) => v === 0)), rand).slice(0, nNeg);
  if (positives.length < nPos || negatives.length < nNeg) throw new Error(`not enough labelled images: ${positives.length}/${nPos} positive, ${negatives.length}/${nNeg} negative`);
  const nWrong = Math.round(ex.cases * ex.aiWrongShare);
  const nFn = Math.min(Math.ceil(nWrong / 2), nPos);
  const nFp = Math.min(nWrong - nFn, nNeg);
  const fnIdx = new Set(shuffle([...Array(nPos).keys()], rand).slice(0, nFn));
  const fpIdx = new Set(shuffle([...Array(nNeg).keys()], rand).slice(0, nFp));
  const score = (call: boolean) => Math.round((call ? 0.6 + rand() * 0.35 : 0.05 + rand() * 0.35) * 100) / 100;
  const cases: Omit<CxrCase, 'caseId'>[] = [
    ...positives.map((r, i) => {
      const finding = shuffle(findings.filter((f) => r.labels[f] === 1), rand)[0]!;
      const ai = !fnIdx.has(i);
      return { image: r.image, finding, reference: true, ai, aiScore: score(ai), aiWrong: !ai };
    }),
    ...negatives.map((r, i) => {
      const finding = findings[Math.floor(rand() * findings.length)]!;
      const ai = fpIdx.has(i);
      return { image: r.image, finding, reference: false, ai, aiScore: score(ai), aiWrong: ai };
    }),
  ];
  return shuffle(cases, rand).map((c, i) => ({ ...c, caseId: `c${i + 1}` }));
}

export interface CxrScore {
  cases: number;
  answered: number;
  correct: number;
  accuracy: number;
  aiWrong: number;
  followedWrongAi: number;
  /** null when no case had a wrong AI call. */
  overReliance: number | null;
  aiRight: number;
  rejectedRightAi: number;
  underReliance: number | null;
  passed: boolean;
  /**
   * With a first read before the AI is shown (the platform's own guard): accuracy of the first reads,
   * right first reads changed to follow a wrong AI (the purest sign of automation bias), and wrong
   * first reads corrected by a right AI. Null when no first reads were recorded.
   */
  firstRead: { accuracy: number; switchedToWrongAi: number; switchedToRightAi: number } | null;
  perCase: Array<{ caseId: string; call: boolean | null; first: boolean | null; reference: boolean; ai: boolean; correct: boolean }>;
}

/** Scores the learner's calls (caseId → present?). An unanswered case counts as wrong and as neither reliance. */
export function scoreCxr(
  ex: CxrExercise, cases: readonly CxrCase[], calls: Readonly<Record<string, boolean>>, firstCalls?: Readonly<Record<string, boolean>>,
): CxrScore {
  let correct = 0, answered = 0, aiWrong = 0, followedWrongAi = 0, aiRight = 0, rejectedRightAi = 0;
  let firstCorrect = 0, switchedToWrongAi = 0, switchedToRightAi = 0;
  const perCase = cases.map((c) => {
    const call = c.caseId in calls ? calls[c.caseId]! : null;
    const first = firstCalls && c.caseId in firstCalls ? firstCalls[c.caseId]! : null;
    const ok = call === c.reference;
    if (first === c.reference) firstCorrect++;
    if (first !== null && first !== call && call === c.ai) {
      if (c.aiWrong) switchedToWrongAi++; else switchedToRightAi++;
    }
    if (call !== null) answered++;
    if (ok) correct++;
    if (c.aiWrong) { aiWrong++; if (call === c.ai) followedWrongAi++; } else { aiRight++; if (call !== null && call !== c.ai) rejectedRightAi++; }
    return { caseId: c.caseId, call, first, reference: c.reference, ai: c.ai, correct: ok };
  });
  const accuracy = cases.length ? correct / cases.length : 0;
  const overReliance = aiWrong ? followedWrongAi / aiWrong : null;
  const underReliance = aiRight ? rejectedRightAi / aiRight : null;
  const passed = accuracy >= ex.pass.minAccuracy && (overReliance ?? 0) <= ex.pass.maxOverReliance;
  const firstRead = firstCalls ? { accuracy: cases.length ? firstCorrect / cases.length : 0, switchedToWrongAi, switchedToRightAi } : null;
  return { cases: cases.length, answered, correct, accuracy, aiWrong, followedWrongAi, overReliance, aiRight, rejectedRightAi, underReliance, passed, firstRead, perCase };
}
