/** Loads content/training once per process, validated by @yte/training (the same check as `npm run training:check`). */
import { join } from 'node:path';
import { loadContentDir } from '@yte/training/node';
import type { Question, TrainingContent } from '@yte/training';
import { AppError, notFound } from '../../lib/errors.ts';
import { REPO_ROOT } from '../../paths.ts';

export const CONTENT_DIR = join(REPO_ROOT, 'content/training');

let cached: { content: TrainingContent; questions: Map<string, Question> } | null = null;

export function trainingContent(): { content: TrainingContent; questions: Map<string, Question> } {
  if (!cached) {
    const r = loadContentDir(CONTENT_DIR);
    if (!r.content) {
      throw new AppError(500, 'TRAINING_CONTENT_INVALID', `Training content has ${r.issues.length} problem(s); run npm run training:check`,
        `Nội dung đào tạo có ${r.issues.length} lỗi; hãy chạy npm run training:check`, undefined, r.issues.slice(0, 20));
    }
    cached = { content: r.content, questions: new Map([...r.content.banks.values()].flat().map((q) => [q.id, q])) };
  }
  return cached;
}

export function moduleOf(content: TrainingContent, moduleId: string) {
  const m = content.curriculum.modules.find((x) => x.id === moduleId);
  if (!m) throw notFound('Training module');
  return m;
}
