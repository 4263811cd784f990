/**
 * Exercises on the platform's real screens (kind: on-screen). Each attempt gets its own synthetic
 * patient in the training sandbox facility; the learner opens it on the real patient page, records
 * the visits the exercise describes and decides the rule's suggestions there. The attempt is scored
 * (pure: @yte/training scoreOnScreen) from what the audit trail says she did about that patient —
 * the visits she created and her decisions — taking only entries marked training.
 */
import { type OnScreenDecision, type OnScreenExercise, onScreenProgress, type OnScreenSuggestion, scoreOnScreen } from '@yte/training';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { trainingActions } from '../audit/audit.training.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { createPatient } from '../patients/patients.service.ts';
import { DECIDING_ROLES, suggestionsForPatient } from '../suggestions/suggestions.service.ts';
import { trainingContent } from './training.content.ts';
import { recordLearningEvent } from './training.events.ts';
import { openSandbox } from './training.sandbox.ts';
import { afterCompletion } from './training.service.ts';

interface Row {
  id: string; user_id: string; exercise_id: string; started_at: Date | string; submitted_at: Date | string | null;
  result: unknown; score: unknown; passed: boolean | null; patient_id: string; facility_id: string;
}
const SELECT = `SELECT a.id, a.user_id, a.exercise_id, a.started_at, a.submitted_at, a.result, a.score, a.passed, c.patient_id, c.facility_id
  FROM training_attempt a JOIN training_onscreen_case c ON c.attempt_id = a.id`;

export function onScreenExercise(id: string): OnScreenExercise {
  const ex = trainingContent().content.exercises.get(id);
  if (!ex || ex.kind !== 'on-screen') throw notFound('Exercise');
  return ex;
}

/** The exercise as shown: situations and the values to record; the keys and debrief once submitted. */
export function exerciseView(ex: OnScreenExercise, submitted: boolean) {
  const { content } = trainingContent();
  return {
    id: ex.id, title: ex.title, instructions: ex.instructions, tool: ex.tool, maxMinutesToDecide: ex.maxMinutesToDecide, pass: ex.pass,
    lessons: ex.lessons.map((id) => { const l = content.lessons.get(id)!; return { id, title: { vi: l.vi.title, en: l.en.title } }; }),
    steps: ex.steps.map((s) => ({ id: s.id, situation: s.situation, vitals: s.vitals, ...(submitted ? { ruleRight: s.ruleRight, expected: s.expected, explanation: s.explanation } : {}) })),
    debrief: submitted ? ex.debrief : null,
  };
}

/** What the learner did about the case's patient since the attempt began, from the training-marked audit trail. */
async function evidence(db: Db, actor: Actor, ex: OnScreenExercise, r: Row): Promise<{ suggestions: OnScreenSuggestion[]; decisions: OnScreenDecision[] }> {
  const actions = await trainingActions(db, actor.id, r.patient_id, new Date(r.started_at));
  const visits = new Set(actions.filter((a) => a.action === 'create' && a.resourceType === 'Encounter' && a.resourceId).map((a) => a.resourceId!));
  const decisions = actions.filter((a) => a.action === 'decide' && a.resourceType === 'Suggestion' && a.resourceId && a.details?.toolId === ex.tool)
    .map((a) => ({ suggestionId: a.resourceId!, decision: a.details!.decision as OnScreenDecision['decision'], reason: (a.details!.reason as string | null) ?? null, at: a.at }));
  // The rule's suggestions on the visits she recorded (read through the suggestions service: audited, scoped).
  const suggestions = (await suggestionsForPatient(db, actor, r.patient_id, {}))
    .filter((s) => s.toolId === ex.tool && s.encounterId && visits.has(s.encounterId))
    .map((s) => ({ id: s.id, createdAt: s.createdAt, inputs: (s.inputs ?? {}) as Record<string, unknown>, score: s.score === null ? null : Number(s.score) }));
  return { suggestions, decisions };
}

async function view(db: Db, actor: Actor, r: Row) {
  const ex = onScreenExercise(r.exercise_id);
  const submitted = r.submitted_at !== null;
  const live = submitted ? null : await evidence(db, actor, ex, r);
  return {
    id: r.id, exerciseId: r.exercise_id, patientId: r.patient_id, facilityId: r.facility_id,
    startedAt: new Date(r.started_at).toISOString(), submittedAt: submitted ? new Date(r.submitted_at!).toISOString() : null,
    exercise: exerciseView(ex, submitted),
    progress: live ? onScreenProgress(ex, live.suggestions, live.decisions) : null,
    result: (r.result ?? null) as ReturnType<typeof scoreOnScreen> | null,
  };
}

async function own(q: Queryable, actor: Actor, attemptId: string, lock = false): Promise<Row> {
  const rows = await q.query<Row>(`${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [attemptId]);
  const r = rows[0];
  if (!r) throw notFound('Attempt');
  if (r.user_id !== actor.id) throw forbidden();
  return r;
}

const ROLES_ERROR = () => new AppError(403, 'TRAINING_ROLE', 'This exercise is for staff who record vitals and decide suggestions (nurses, doctors, station staff)', 'Bài tập này dành cho người ghi dấu hiệu sinh tồn và quyết định gợi ý (điều dưỡng, bác sĩ, nhân viên trạm)');

/** Starts an attempt (or resumes the open one): a fresh synthetic patient in the training sandbox. */
export async function startOnScreen(db: Db, actor: Actor, exerciseId: string, now: Date) {
  const ex = onScreenExercise(exerciseId);
  if (!hasRole(actor, [...DECIDING_ROLES])) throw ROLES_ERROR();
  const open = await db.query<Row>(`${SELECT} WHERE a.user_id = $1 AND a.exercise_id = $2 AND a.submitted_at IS NULL ORDER BY a.started_at DESC LIMIT 1`, [actor.id, exerciseId]);
  if (open[0]) return view(db, actor, open[0]);
  const { facilityId } = await openSandbox(db, actor, now);
  // Created on the learner's behalf as the sandbox does for its own patients (validation, name index, audit marked training).
  const seeder: Actor = { ...actor, roles: ['facility_admin'], facilityIds: [facilityId] };
  const { patient } = await createPatient(db, seeder, { ...ex.patient, province: 'Đào tạo', commune: 'Dữ liệu giả', facilityId } as Parameters<typeof createPatient>[2], now);
  const id = uuidv7(now.getTime());
  await db.tx(async (q) => {
    await q.query(`INSERT INTO training_attempt (id, user_id, kind, exercise_id, seed, content_version, items, started_at) VALUES ($1,$2,'exercise',$3,$4,$5,$6,$7)`,
      [id, actor.id, exerciseId, id, trainingContent().content.curriculum.version, JSON.stringify({ patientId: patient.id, facilityId }), now.toISOString()]);
    await q.query('INSERT INTO training_onscreen_case (attempt_id, patient_id, facility_id, user_id) VALUES ($1,$2,$3,$4)', [id, patient.id, facilityId, actor.id]);
    await recordLearningEvent(q, { userId: actor.id, verb: 'attempted', objectType: 'exercise', objectId: exerciseId, result: { attemptId: id, patientId: patient.id }, at: now });
  });
  // This request's actor predates the enrolment in the sandbox: the view reads the case with it added.
  const enrolled: Actor = actor.facilityIds.includes(facilityId) ? actor : { ...actor, facilityIds: [...actor.facilityIds, facilityId] };
  return view(db, enrolled, await own(db, enrolled, id));
}

export async function getOnScreen(db: Db, actor: Actor, attemptId: string) {
  return view(db, actor, await own(db, actor, attemptId));
}

/** The learner's latest attempt whose case is this patient (for the panel on the patient page), or null. */
export async function onScreenForPatient(db: Db, actor: Actor, patientId: string) {
  const rows = await db.query<Row>(`${SELECT} WHERE c.patient_id = $1 AND c.user_id = $2 ORDER BY a.started_at DESC LIMIT 1`, [patientId, actor.id]);
  return { attempt: rows[0] ? await view(db, actor, rows[0]) : null };
}

/** Scores the attempt from the audit trail and records the learning event (passing counts toward the path). */
export async function submitOnScreen(db: Db, actor: Actor, attemptId: string, now: Date, log: (e: unknown) => void) {
  const first = await own(db, actor, attemptId);
  if (first.submitted_at) throw new AppError(409, 'ALREADY_SUBMITTED', 'This attempt was already submitted', 'Bài này đã được nộp');
  const ex = onScreenExercise(first.exercise_id);
  const ev = await evidence(db, actor, ex, first);
  const result = scoreOnScreen(ex, ev.suggestions, ev.decisions);
  let after: (() => Promise<void>) | null = null;
  await db.tx(async (q) => {
    const r = await own(q, actor, attemptId, true);
    if (r.submitted_at) throw new AppError(409, 'ALREADY_SUBMITTED', 'This attempt was already submitted', 'Bài này đã được nộp');
    await q.query('UPDATE training_attempt SET submitted_at = $2, answers = $3, result = $4, score = $5, passed = $6 WHERE id = $1',
      [attemptId, now.toISOString(), JSON.stringify(ev), JSON.stringify(result), result.score, result.passed]);
    await recordLearningEvent(q, {
      userId: actor.id, verb: result.passed ? 'passed' : 'failed', objectType: 'exercise', objectId: ex.id,
      result: { attemptId, score: result.score, overReliance: result.overReliance, underReliance: result.underReliance }, at: now,
    });
    if (result.passed) after = await afterCompletion(q, actor, now, log);
  });
  if (after) await (after as () => Promise<void>)();
  return getOnScreen(db, actor, attemptId);
}
