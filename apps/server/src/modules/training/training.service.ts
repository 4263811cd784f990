/**
 * The training programme's logic: role paths and progress, lessons, seeded pre/post-tests with
 * retake rules, exercises (CXR reading with deliberately wrong AI calls; decision exercises), item
 * analysis and pre→post gain. Pure rules come from @yte/training; this file wires them to storage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Bilingual, type CxrCase, drawCxrCases, drawTest, type DrawnItem, gradeTest, itemAnalysis, type LabelRow, parseLabelsCsv,
  pathFor, prePostGain, progressOf, retakeBlock, scoreCxr, scoreDecisions, trainingRoles,
} from '@yte/training';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { Actor } from '../auth/roles.ts';
import { moduleOf, trainingContent } from './training.content.ts';
import { issueBadgeTx, publicBaseUrl } from '../badges/badges.service.ts';
import { emitPathCompleted, learningRecordsConfig, recordLearningEvent } from './training.events.ts';

const conflict = (code: string, message: string, messageVi: string, details?: unknown) => new AppError(409, code, message, messageVi, undefined, details);

// ---------- path and progress

interface AttemptRow {
  id: string; user_id: string; kind: 'pre' | 'post' | 'exercise'; module_id: string | null; exercise_id: string | null; seed: string;
  items: unknown; started_at: Date; submitted_at: Date | null; answers: unknown; result: unknown; score: number | null; passed: boolean | null;
}

async function doneSet(q: Queryable, userId: string): Promise<Set<string>> {
  const lessons = await q.query<{ lesson_id: string }>('SELECT lesson_id FROM training_lesson_done WHERE user_id = $1', [userId]);
  const passed = await q.query<{ kind: string; module_id: string | null; exercise_id: string | null }>(
    `SELECT DISTINCT kind, module_id, exercise_id FROM training_attempt WHERE user_id = $1 AND passed AND kind IN ('post','exercise')`, [userId]);
  return new Set([...lessons.map((l) => l.lesson_id), ...passed.map((p) => (p.kind === 'post' ? `${p.module_id}:post` : p.exercise_id!))]);
}

/** When each item was first completed (lesson done, first passing attempt submitted). */
export async function completionTimes(q: Queryable, userId: string): Promise<Map<string, Date>> {
  const lessons = await q.query<{ lesson_id: string; done_at: Date }>('SELECT lesson_id, done_at FROM training_lesson_done WHERE user_id = $1', [userId]);
  const passed = await q.query<{ kind: string; module_id: string | null; exercise_id: string | null; at: Date }>(
    `SELECT kind, module_id, exercise_id, min(submitted_at) AS at FROM training_attempt WHERE user_id = $1 AND passed AND kind IN ('post','exercise') GROUP BY kind, module_id, exercise_id`, [userId]);
  return new Map([
    ...lessons.map((l) => [l.lesson_id, new Date(l.done_at)] as const),
    ...passed.map((p) => [p.kind === 'post' ? `${p.module_id}:post` : p.exercise_id!, new Date(p.at)] as const),
  ]);
}

/** Items a user has completed (lesson ids, exercise ids, `<module>:post`), for gates such as AI tool access. */
export async function completedItems(q: Queryable, userId: string): Promise<Set<string>> {
  return doneSet(q, userId);
}

export async function overview(db: Db, actor: Actor) {
  const { content } = trainingContent();
  const c = content.curriculum;
  const roles = trainingRoles(actor.roles, c);
  const items = pathFor(roles, content);
  const done = await doneSet(db, actor.id);
  const attempts = await db.query<AttemptRow>(
    'SELECT id, kind, module_id, exercise_id, started_at, submitted_at, score, passed, result FROM training_attempt WHERE user_id = $1 ORDER BY started_at', [actor.id]);
  const modules = c.modules.map((m) => {
    const pre = attempts.find((a) => a.kind === 'pre' && a.module_id === m.id);
    const posts = attempts.filter((a) => a.kind === 'post' && a.module_id === m.id && a.submitted_at);
    const best = posts.reduce<number | null>((b, a) => (a.score !== null && (b === null || Number(a.score) > b) ? Number(a.score) : b), null);
    return {
      id: m.id, order: m.order, title: m.title, passMark: m.passMark ?? c.passMark,
      preTest: pre ? { attemptId: pre.id, submitted: pre.submitted_at !== null, score: pre.score === null ? null : Number(pre.score) } : null,
      postTest: { attempts: posts.length, bestScore: best, passed: posts.some((a) => a.passed) },
    };
  });
  const titleOf = (id: string, kind: string): Bilingual => {
    if (kind === 'lesson') {
      const l = content.lessons.get(id)!;
      return { vi: l.vi.title, en: l.en.title };
    }
    if (kind === 'post-test') {
      const m = moduleOf(content, id.split(':')[0]!);
      return { vi: `Bài kiểm tra cuối — ${m.title.vi}`, en: `Post-test — ${m.title.en}` };
    }
    return content.exercises.get(id)!.title;
  };
  const lastCxr = attempts.filter((a) => a.kind === 'exercise' && a.exercise_id === 'ex-cxr-reading' && a.submitted_at).at(-1);
  return {
    curriculum: { id: c.id, version: c.version, title: c.title, passMark: c.passMark },
    roles: roles.map((r) => ({ id: r, title: c.roles[r]! })),
    items: items.map((i) => ({
      ...i, title: titleOf(i.id, i.kind), done: done.has(i.id),
      ...(i.kind === 'lesson' ? { minutes: content.lessons.get(i.id)!.vi.minutes } : {}),
    })),
    progress: progressOf(items, done),
    modules,
    reliance: lastCxr ? relianceSummary(lastCxr.result as ReturnType<typeof scoreCxr>) : null,
  };
}

const relianceSummary = (r: ReturnType<typeof scoreCxr>) => ({
  accuracy: r.accuracy, overReliance: r.overReliance, underReliance: r.underReliance, passed: r.passed,
  cases: r.cases, aiWrong: r.aiWrong, followedWrongAi: r.followedWrongAi, aiRight: r.aiRight, rejectedRightAi: r.rejectedRightAi,
});

export async function afterCompletion(q: Queryable, actor: Actor, now: Date, log: (e: unknown) => void): Promise<(() => Promise<void>) | null> {
  const { content } = trainingContent();
  const roles = trainingRoles(actor.roles, content.curriculum);
  const items = pathFor(roles, content);
  const pathId = `path:${[...roles].sort().join('+')}`;
  if (!progressOf(items, await doneSet(q, actor.id)).complete) return null;
  const seen = await q.query('SELECT 1 FROM training_event WHERE user_id = $1 AND verb = $2 AND object_id = $3', [actor.id, 'completed', pathId]);
  if (seen.length) return null;
  await recordLearningEvent(q, { userId: actor.id, verb: 'completed', objectType: 'path', objectId: pathId, at: now });
  await issuePathBadge(q, actor, roles, pathId, now);
  const ev = { userId: actor.id, roles, items: items.filter((i) => i.required).map((i) => i.id), completedAt: now, curriculumVersion: content.curriculum.version };
  return () => emitPathCompleted(ev, log);
}

/**
 * The role path's Open Badge, in the completion's transaction. One per learner and path: the
 * achievement id names the path, and a badge already held for it is not issued again.
 */
async function issuePathBadge(q: Queryable, actor: Actor, roles: string[], pathId: string, now: Date): Promise<void> {
  const config = learningRecordsConfig();
  const facilityId = actor.facilityIds[0];
  if (!config || !facilityId) return;
  const { content } = trainingContent();
  const c = content.curriculum;
  const achievementId = `${publicBaseUrl(config)}/training/path/${encodeURIComponent(pathId)}`;
  const held = await q.query('SELECT 1 FROM badge WHERE learner_user_id = $1 AND achievement_id = $2', [actor.id, achievementId]);
  if (held.length) return;
  const roleNames = roles.map((r) => c.roles[r]?.vi ?? r).join(', ');
  await issueBadgeTx(q, config, {
    facilityId,
    learner: { id: actor.id, name: actor.fullName, userId: actor.id },
    achievement: {
      id: achievementId,
      name: `${c.title.vi} — ${roleNames}`,
      description: `Hoàn thành lộ trình bắt buộc của chương trình "${c.title.vi}" (phiên bản ${c.version}) cho vai trò: ${roleNames}.`,
      criteria: 'Hoàn thành mọi bài học, bài thực hành và bài kiểm tra cuối bắt buộc của lộ trình (điểm đạt ≥ ngưỡng của từng học phần).',
      inLanguage: 'vi',
    },
  }, null, now);
}

// ---------- lessons

export async function lesson(db: Db, actor: Actor, id: string) {
  const { content } = trainingContent();
  const pair = content.lessons.get(id);
  if (!pair) throw notFound('Lesson');
  const done = await db.query<{ done_at: Date }>('SELECT done_at FROM training_lesson_done WHERE user_id = $1 AND lesson_id = $2', [actor.id, id]);
  const m = moduleOf(content, pair.vi.module);
  const idx = m.lessons.indexOf(id);
  const strip = (l: typeof pair.vi) => ({ title: l.title, objectives: l.objectives, body: l.body });
  return {
    id, module: { id: m.id, title: m.title }, minutes: pair.vi.minutes, figures: pair.vi.figures, roles: pair.vi.roles,
    vi: strip(pair.vi), en: strip(pair.en),
    done: done.length > 0, doneAt: done[0] ? new Date(done[0].done_at).toISOString() : null,
    previous: idx > 0 ? m.lessons[idx - 1]! : null, next: idx < m.lessons.length - 1 ? m.lessons[idx + 1]! : null,
  };
}

/**
 * Marks a lesson done (idempotent: a second call records nothing). `offline`: the statement id the
 * browser minted and the instant the learner finished, when the completion was queued offline.
 */
export async function completeLesson(db: Db, actor: Actor, id: string, lang: 'vi' | 'en', now: Date, log: (e: unknown) => void, offline?: { statementId: string; at: Date }) {
  const { content } = trainingContent();
  if (!content.lessons.has(id)) throw notFound('Lesson');
  const at = offline?.at ?? now;
  let recorded = false;
  const after = await db.tx(async (q) => {
    const ins = await q.query('INSERT INTO training_lesson_done (user_id, lesson_id, lang, done_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING lesson_id',
      [actor.id, id, lang, at.toISOString()]);
    if (ins.length === 0) return null; // already done: idempotent, no second event
    await recordLearningEvent(q, { userId: actor.id, verb: 'completed', objectType: 'lesson', objectId: id, result: { lang }, at, ...(offline ? { id: offline.statementId } : {}) });
    recorded = true;
    return afterCompletion(q, actor, now, log);
  });
  if (after) await after();
  return { id, done: true, recorded };
}

// ---------- tests

const viewItems = (drawn: DrawnItem[]) => {
  const { questions } = trainingContent();
  return drawn.map((d) => {
    const q = questions.get(d.questionId)!;
    return {
      questionId: q.id, type: q.type, ...(q.case ? { case: q.case } : {}), stem: q.stem,
      options: d.optionOrder.map((oid) => { const o = q.options.find((x) => x.id === oid)!; return { id: o.id, vi: o.vi, en: o.en }; }),
    };
  });
};

function attemptView(a: AttemptRow) {
  const base = {
    id: a.id, kind: a.kind, moduleId: a.module_id, exerciseId: a.exercise_id,
    startedAt: new Date(a.started_at).toISOString(), submittedAt: a.submitted_at ? new Date(a.submitted_at).toISOString() : null,
    score: a.score === null ? null : Number(a.score), passed: a.passed,
  };
  if (a.kind === 'exercise') return { ...base, exercise: exerciseView(a), result: a.result ?? null };
  return { ...base, items: viewItems(a.items as DrawnItem[]), result: a.result ?? null };
}

export async function startTest(db: Db, actor: Actor, moduleId: string, phase: 'pre' | 'post', now: Date) {
  const { content } = trainingContent();
  const c = content.curriculum;
  moduleOf(content, moduleId);
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`training:${actor.id}:${moduleId}`]);
    const prev = await q.query<AttemptRow>('SELECT * FROM training_attempt WHERE user_id = $1 AND module_id = $2 AND kind = $3 ORDER BY started_at', [actor.id, moduleId, phase]);
    const open = prev.find((a) => !a.submitted_at);
    if (open) return attemptView(open); // resume, same items (e.g. after a dropped connection)
    if (phase === 'pre' && prev.length) throw conflict('PRE_TEST_DONE', 'The pre-test of this module is already taken', 'Bạn đã làm bài kiểm tra đầu vào của học phần này');
    if (phase === 'post') {
      const pre = await q.query('SELECT 1 FROM training_attempt WHERE user_id = $1 AND module_id = $2 AND kind = $3 AND submitted_at IS NOT NULL', [actor.id, moduleId, 'pre']);
      if (!pre.length) throw conflict('PRE_TEST_FIRST', 'Take the pre-test first', 'Hãy làm bài kiểm tra đầu vào trước');
      const block = retakeBlock(prev.map((a) => ({ startedAt: new Date(a.started_at), passed: a.passed })), now, c.maxAttemptsPerDay);
      if (block === 'ALREADY_PASSED') throw conflict('ALREADY_PASSED', 'You have passed this post-test', 'Bạn đã đạt bài kiểm tra cuối này');
      if (block === 'DAILY_LIMIT') throw conflict('RETAKE_LIMIT', `At most ${c.maxAttemptsPerDay} post-test attempts a day; try again tomorrow`, `Tối đa ${c.maxAttemptsPerDay} lần làm bài kiểm tra cuối mỗi ngày; hãy thử lại vào ngày mai`);
    }
    const id = uuidv7(now.getTime());
    const seed = `${id}:${moduleId}:${phase}`;
    const drawn = drawTest(content.banks.get(moduleId)!, phase === 'pre' ? c.preTestItems : c.postTestItems, seed);
    const rows = await q.query<AttemptRow>(
      `INSERT INTO training_attempt (id, user_id, kind, module_id, seed, content_version, items, started_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
      [id, actor.id, phase, moduleId, seed, c.version, JSON.stringify(drawn), now.toISOString()]);
    await recordLearningEvent(q, { userId: actor.id, verb: 'attempted', objectType: phase === 'pre' ? 'pre-test' : 'post-test', objectId: moduleId, result: { attemptId: id }, at: now });
    return attemptView(rows[0]!);
  });
}

async function ownAttempt(q: Queryable, actor: Actor, id: string, lock = false): Promise<AttemptRow> {
  const rows = await q.query<AttemptRow>(`SELECT * FROM training_attempt WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const a = rows[0];
  if (!a) throw notFound('Attempt');
  if (a.user_id !== actor.id) throw forbidden();
  return a;
}

export async function getAttempt(db: Db, actor: Actor, id: string) {
  return attemptView(await ownAttempt(db, actor, id));
}

export async function submitTest(db: Db, actor: Actor, id: string, answers: Record<string, string[]>, now: Date, log: (e: unknown) => void) {
  const { content, questions } = trainingContent();
  let after: (() => Promise<void>) | null = null;
  const out = await db.tx(async (q) => {
    const a = await ownAttempt(q, actor, id, true);
    if (a.kind === 'exercise') throw badInput('NOT_A_TEST', 'This attempt is an exercise', 'Lượt này là bài tập, không phải bài kiểm tra');
    if (a.submitted_at) throw conflict('ALREADY_SUBMITTED', 'This attempt was already submitted', 'Bài này đã được nộp');
    const drawn = a.items as DrawnItem[];
    const drawnIds = new Set(drawn.map((d) => d.questionId));
    for (const [qid, chosen] of Object.entries(answers)) {
      if (!drawnIds.has(qid)) throw badInput('UNKNOWN_QUESTION', `Question ${qid} is not in this attempt`, `Câu ${qid} không thuộc bài này`, 'answers');
      const opts = questions.get(qid)!.options.map((o) => o.id);
      for (const o of chosen) if (!opts.includes(o)) throw badInput('UNKNOWN_OPTION', `Option ${o} is not an option of ${qid}`, `Phương án ${o} không thuộc câu ${qid}`, 'answers');
      if (questions.get(qid)!.type === 'single' && chosen.length > 1) throw badInput('ONE_ANSWER', `Question ${qid} takes one answer`, `Câu ${qid} chỉ chọn một phương án`, 'answers');
    }
    const m = moduleOf(content, a.module_id!);
    const grade = gradeTest(drawn, questions, answers, m.passMark ?? content.curriculum.passMark);
    // Answer keys and explanations are shown after the post-test only: the pre-test draws from the same bank.
    const reveal = a.kind === 'post';
    const result = {
      correct: grade.correct, total: grade.total, score: grade.score, passed: grade.passed, passMark: m.passMark ?? content.curriculum.passMark,
      items: grade.items.map((i) => {
        const qq = questions.get(i.questionId)!;
        return { questionId: i.questionId, chosen: i.chosen, correct: i.correct, ...(reveal ? { answer: qq.answer, explanation: qq.explanation } : {}) };
      }),
    };
    const passed = a.kind === 'post' ? grade.passed : null;
    const rows = await q.query<AttemptRow>('UPDATE training_attempt SET submitted_at = $2, answers = $3, result = $4, score = $5, passed = $6 WHERE id = $1 RETURNING *',
      [id, now.toISOString(), JSON.stringify(answers), JSON.stringify(result), grade.score, passed]);
    for (const i of grade.items) {
      await q.query('INSERT INTO training_item_response (attempt_id, question_id, module_id, phase, user_id, correct) VALUES ($1,$2,$3,$4,$5,$6)',
        [id, i.questionId, a.module_id, a.kind, actor.id, i.correct]);
    }
    await recordLearningEvent(q, {
      userId: actor.id, verb: a.kind === 'pre' ? 'completed' : grade.passed ? 'passed' : 'failed', objectType: a.kind === 'pre' ? 'pre-test' : 'post-test',
      objectId: a.module_id!, result: { attemptId: id, score: grade.score, correct: grade.correct, total: grade.total }, at: now,
    });
    if (a.kind === 'post' && grade.passed) after = await afterCompletion(q, actor, now, log);
    return attemptView(rows[0]!);
  });
  if (after) await (after as () => Promise<void>)();
  return out;
}

// ---------- exercises

let labelsCache: { path: string; rows: LabelRow[] } | null = null;
function cxrLabels(sharedDir: string, dataset: string, labels: string): { dir: string; rows: LabelRow[] } {
  const dir = join(sharedDir, dataset);
  const path = join(dir, labels);
  if (!existsSync(path)) {
    throw new AppError(503, 'DATASET_MISSING', `The chest X-ray exercise needs ${dataset}/${labels} under the shared folder (${sharedDir}); it is not installed here`,
      `Bài tập đọc X-quang cần tệp ${dataset}/${labels} trong thư mục dùng chung (${sharedDir}); máy này chưa có`);
  }
  if (labelsCache?.path !== path) labelsCache = { path, rows: parseLabelsCsv(readFileSync(path, 'utf8')) };
  return { dir, rows: labelsCache.rows };
}

/** The shared dataset folder of the CXR exercise's images, after checking the file is one of its labelled images. */
export function cxrImagePath(sharedDir: string, file: string): string {
  const { content } = trainingContent();
  const ex = [...content.exercises.values()].find((e) => e.kind === 'cxr-reading');
  if (!ex || ex.kind !== 'cxr-reading' || !/^[\w.-]+\.(jpg|jpeg|png)$/i.test(file)) throw notFound('Image');
  const { dir, rows } = cxrLabels(sharedDir, ex.source.dataset, ex.source.labels);
  if (!rows.some((r) => r.image === file)) throw notFound('Image');
  return join(dir, ex.source.images, file);
}

function exerciseView(a: AttemptRow) {
  const { content } = trainingContent();
  const ex = content.exercises.get(a.exercise_id!)!;
  const lessons = ex.lessons.map((id) => { const l = content.lessons.get(id)!; return { id, title: { vi: l.vi.title, en: l.en.title } }; });
  const base = { id: ex.id, kind: ex.kind, title: ex.title, instructions: ex.instructions, lessons };
  // Done on the real screens (training.onscreen.ts): the situations only, the keys once submitted.
  if (ex.kind === 'on-screen') return { ...base, pass: ex.pass, steps: ex.steps.map((s) => ({ id: s.id, situation: s.situation, ...(a.submitted_at ? { explanation: s.explanation } : {}) })) };
  if (ex.kind === 'cxr-reading') {
    const findings = new Map(ex.findings.map((f) => [f.label, f]));
    const cases = (a.items as CxrCase[]).map((c) => ({
      caseId: c.caseId, image: `/api/training/cxr-images/${encodeURIComponent(c.image)}`, finding: { label: c.finding, vi: findings.get(c.finding)!.vi, en: findings.get(c.finding)!.en },
      ai: { present: c.ai, score: c.aiScore },
      // The truth is shown only once submitted.
      ...(a.submitted_at ? { reference: c.reference, aiWrong: c.aiWrong } : {}),
    }));
    return { ...base, cases, debrief: a.submitted_at ? ex.debrief : null, pass: ex.pass, citation: ex.source.citation };
  }
  return {
    ...base, pass: ex.pass,
    steps: ex.steps.map((s) => ({
      id: s.id, situation: s.situation, question: s.question, options: s.options,
      ...(a.submitted_at ? { answer: s.answer, explanation: s.explanation } : {}),
    })),
  };
}

const onScreenOnly = () => conflict('ON_SCREEN_EXERCISE', 'This exercise is done on the real screens: use /api/training/onscreen', 'Bài tập này làm trên màn hình thật: dùng /api/training/onscreen');

export async function startExercise(db: Db, actor: Actor, exerciseId: string, sharedDir: string, now: Date) {
  const { content } = trainingContent();
  const ex = content.exercises.get(exerciseId);
  if (!ex) throw notFound('Exercise');
  if (ex.kind === 'on-screen') throw onScreenOnly();
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`training:${actor.id}:${exerciseId}`]);
    const open = await q.query<AttemptRow>('SELECT * FROM training_attempt WHERE user_id = $1 AND exercise_id = $2 AND submitted_at IS NULL', [actor.id, exerciseId]);
    if (open[0]) return attemptView(open[0]);
    const id = uuidv7(now.getTime());
    const seed = `${id}:${exerciseId}`;
    let items: unknown = ex.kind === 'decisions' ? ex.steps.map((s) => s.id) : null;
    if (ex.kind === 'cxr-reading') items = drawCxrCases(ex, cxrLabels(sharedDir, ex.source.dataset, ex.source.labels).rows, seed);
    const rows = await q.query<AttemptRow>(
      `INSERT INTO training_attempt (id, user_id, kind, exercise_id, seed, content_version, items, started_at) VALUES ($1,$2,'exercise',$3,$4,$5,$6,$7) RETURNING *`,
      [id, actor.id, exerciseId, seed, content.curriculum.version, JSON.stringify(items), now.toISOString()]);
    await recordLearningEvent(q, { userId: actor.id, verb: 'attempted', objectType: 'exercise', objectId: exerciseId, result: { attemptId: id }, at: now });
    return attemptView(rows[0]!);
  });
}

export async function submitExercise(
  db: Db, actor: Actor, id: string, body: { calls?: Record<string, boolean>; firstCalls?: Record<string, boolean>; answers?: Record<string, string> }, now: Date, log: (e: unknown) => void,
) {
  const { content } = trainingContent();
  let after: (() => Promise<void>) | null = null;
  const out = await db.tx(async (q) => {
    const a = await ownAttempt(q, actor, id, true);
    if (a.kind !== 'exercise') throw badInput('NOT_AN_EXERCISE', 'This attempt is a test', 'Lượt này là bài kiểm tra, không phải bài tập');
    if (a.submitted_at) throw conflict('ALREADY_SUBMITTED', 'This attempt was already submitted', 'Bài này đã được nộp');
    const ex = content.exercises.get(a.exercise_id!)!;
    if (ex.kind === 'on-screen') throw onScreenOnly();
    let result: { passed: boolean; score: number } & Record<string, unknown>;
    if (ex.kind === 'cxr-reading') {
      const cases = a.items as CxrCase[];
      const calls = body.calls ?? {};
      const missing = cases.filter((c) => !(c.caseId in calls)).map((c) => c.caseId);
      if (missing.length) throw badInput('UNANSWERED', `Answer every case (missing: ${missing.join(', ')})`, `Hãy trả lời mọi ca (còn thiếu: ${missing.join(', ')})`, 'calls');
      for (const k of [...Object.keys(calls), ...Object.keys(body.firstCalls ?? {})]) if (!cases.some((c) => c.caseId === k)) throw badInput('UNKNOWN_CASE', `Case ${k} is not in this attempt`, `Ca ${k} không thuộc lượt này`, 'calls');
      const s = scoreCxr(ex, cases, calls, body.firstCalls);
      result = { ...s, score: s.accuracy };
    } else {
      const answers = body.answers ?? {};
      for (const [k, v] of Object.entries(answers)) {
        const step = ex.steps.find((s) => s.id === k);
        if (!step) throw badInput('UNKNOWN_STEP', `Step ${k} is not in this exercise`, `Bước ${k} không thuộc bài tập này`, 'answers');
        if (!step.options.some((o) => o.id === v)) throw badInput('UNKNOWN_OPTION', `Option ${v} is not an option of step ${k}`, `Phương án ${v} không thuộc bước ${k}`, 'answers');
      }
      result = { ...scoreDecisions(ex, answers) };
    }
    const rows = await q.query<AttemptRow>('UPDATE training_attempt SET submitted_at = $2, answers = $3, result = $4, score = $5, passed = $6 WHERE id = $1 RETURNING *',
      [id, now.toISOString(), JSON.stringify(body), JSON.stringify(result), result.score, result.passed]);
    const summary = ex.kind === 'cxr-reading'
      ? { accuracy: result.accuracy, overReliance: result.overReliance, underReliance: result.underReliance, firstRead: result.firstRead }
      : { score: result.score };
    await recordLearningEvent(q, { userId: actor.id, verb: result.passed ? 'passed' : 'failed', objectType: 'exercise', objectId: ex.id, result: { attemptId: id, ...summary }, at: now });
    if (result.passed) after = await afterCompletion(q, actor, now, log);
    return attemptView(rows[0]!);
  });
  if (after) await (after as () => Promise<void>)();
  return out;
}

// ---------- lecturers: item analysis and gain

export async function moduleAnalysis(db: Db, moduleId: string) {
  const { content, questions } = trainingContent();
  const m = moduleOf(content, moduleId);
  const rows = await db.query<{ attempt_id: string; user_id: string; phase: 'pre' | 'post'; question_id: string; correct: boolean }>(
    'SELECT attempt_id, user_id, phase, question_id, correct FROM training_item_response WHERE module_id = $1', [moduleId]);
  // One response row per attempt (an examinee-occasion), as classical item analysis takes them.
  const byAttempt = new Map<string, Record<string, 0 | 1>>();
  for (const r of rows) {
    const rec = byAttempt.get(r.attempt_id) ?? {};
    rec[r.question_id] = r.correct ? 1 : 0;
    byAttempt.set(r.attempt_id, rec);
  }
  const items = itemAnalysis([...byAttempt.values()]).map((s) => ({ ...s, stem: questions.get(s.itemId)?.stem ?? { vi: s.itemId, en: s.itemId } }));
  // Gain: each learner's pre-test against their first submitted post-test.
  const scores = await db.query<{ user_id: string; kind: 'pre' | 'post'; score: number }>(
    `SELECT DISTINCT ON (user_id, kind) user_id, kind, score FROM training_attempt
      WHERE module_id = $1 AND kind IN ('pre','post') AND submitted_at IS NOT NULL ORDER BY user_id, kind, submitted_at`, [moduleId]);
  const byUser = new Map<string, { pre?: number; post?: number }>();
  for (const s of scores) { const u = byUser.get(s.user_id) ?? {}; u[s.kind] = Number(s.score); byUser.set(s.user_id, u); }
  const pairs = [...byUser.values()].filter((u): u is { pre: number; post: number } => u.pre !== undefined && u.post !== undefined);
  return { module: { id: m.id, title: m.title }, attempts: byAttempt.size, items, gain: prePostGain(pairs) };
}

/** Over/under-reliance in the CXR exercise across learners (first submitted attempt each), for the programme view. */
export async function relianceAcrossLearners(db: Db) {
  const rows = await db.query<{ result: ReturnType<typeof scoreCxr> }>(
    `SELECT DISTINCT ON (user_id) result FROM training_attempt WHERE exercise_id = 'ex-cxr-reading' AND submitted_at IS NOT NULL ORDER BY user_id, submitted_at`);
  const sum = rows.reduce((a, r) => ({ aiWrong: a.aiWrong + r.result.aiWrong, followed: a.followed + r.result.followedWrongAi, aiRight: a.aiRight + r.result.aiRight, rejected: a.rejected + r.result.rejectedRightAi }), { aiWrong: 0, followed: 0, aiRight: 0, rejected: 0 });
  return {
    learners: rows.length,
    overReliance: sum.aiWrong ? sum.followed / sum.aiWrong : null,
    underReliance: sum.aiRight ? sum.rejected / sum.aiRight : null,
  };
}
