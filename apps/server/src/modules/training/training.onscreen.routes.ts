/** Exercises on the real screens (prefix /api/training/onscreen): start, follow, submit; the case of a patient page. */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { exerciseView, getOnScreen, onScreenExercise, onScreenForPatient, startOnScreen, submitOnScreen } from './training.onscreen.ts';

const tags = ['training'];
const Bi = Type.Object({ vi: Type.String(), en: Type.String() });
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,80}$' });
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Exercise = Type.Object({
  id: Type.String(), title: Bi, instructions: Bi, tool: Type.String(), maxMinutesToDecide: Type.Number(),
  pass: Type.Object({ minScore: Type.Number(), maxOverReliance: Type.Number() }),
  lessons: Type.Array(Type.Object({ id: Type.String(), title: Bi })),
  steps: Type.Array(Type.Object({
    id: Type.String(), situation: Bi, vitals: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
    ruleRight: Type.Optional(Type.Boolean()), expected: Type.Optional(Type.String()), explanation: Type.Optional(Bi),
  })),
  debrief: Type.Union([Bi, Type.Null()]),
});
const Result = Type.Object({
  correct: Type.Number(), total: Type.Number(), score: Type.Number(), passed: Type.Boolean(),
  ruleWrong: Type.Number(), followedWrongRule: Type.Number(), ruleRight: Type.Number(), rejectedRightRule: Type.Number(),
  overReliance: Nullable(Type.Number()), underReliance: Nullable(Type.Number()),
  steps: Type.Array(Type.Object({
    stepId: Type.String(), recorded: Type.Boolean(), suggestionId: Type.Union([Type.String(), Type.Null()]), ruleScore: Nullable(Type.Number()),
    decision: Type.Union([Type.String(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]), expected: Type.String(), ruleRight: Type.Boolean(),
    minutesToDecide: Nullable(Type.Number()), timely: Type.Boolean(), correct: Type.Boolean(),
  })),
});
const Attempt = Type.Object({
  id: Type.String(), exerciseId: Type.String(), patientId: Type.String(), facilityId: Type.String(), startedAt: Type.String(), submittedAt: Type.Union([Type.String(), Type.Null()]),
  exercise: Exercise,
  progress: Type.Union([Type.Array(Type.Object({ stepId: Type.String(), recorded: Type.Boolean(), decided: Type.Boolean() })), Type.Null()]),
  result: Type.Union([Result, Type.Null()]),
});

export const trainingOnScreenRoutes: RoutePlugin = async (app) => {
  const log = (err: unknown) => app.log.error({ err }, 'onPathCompleted listener failed');

  app.get('/onscreen/exercises/:id', {
    preHandler: requireSession,
    schema: { tags, description: 'An exercise done on the real screens (situations and the values to record; no keys). 404 for any other exercise.', params: Type.Object({ id: Id }), response: { 200: Exercise, ...errors(401, 404) } },
  }, async (req) => exerciseView(onScreenExercise(req.params.id), false));

  app.post('/onscreen/exercises/:id/attempts', {
    preHandler: requireSession,
    schema: {
      tags, description: "Starts (or resumes) an on-screen exercise: a synthetic patient of the learner's own in the training sandbox facility (enrolling her there), to open on the real patient page. For staff who record vitals and decide suggestions.",
      params: Type.Object({ id: Id }), response: { 200: Attempt, ...errors(401, 403, 404) },
    },
  }, async (req) => startOnScreen(app.db, actorOf(req), req.params.id, new Date()));

  app.get('/onscreen/attempts/:id', {
    preHandler: requireSession,
    schema: { tags, description: 'An on-screen attempt: live progress (recorded, decided per step) until submitted, then the score and the over- and under-reliance', params: Type.Object({ id: Uuid }), response: { 200: Attempt, ...errors(401, 403, 404) } },
  }, async (req) => getOnScreen(app.db, actorOf(req), req.params.id));

  app.post('/onscreen/attempts/:id/submit', {
    preHandler: requireSession,
    schema: {
      tags, description: "Scores the attempt from the learner's training-marked audit entries about the case's patient (visits recorded, suggestions decided, minutes to decide); passing counts toward the role path.",
      params: Type.Object({ id: Uuid }), response: { 200: Attempt, ...errors(401, 403, 404, 409) },
    },
  }, async (req) => submitOnScreen(app.db, actorOf(req), req.params.id, new Date(), log));

  app.get('/onscreen/patients/:patientId', {
    preHandler: requireSession,
    schema: { tags, description: "The caller's latest on-screen attempt whose case is this patient, or null (the exercise panel of the patient page)", params: Type.Object({ patientId: Uuid }), response: { 200: Type.Object({ attempt: Type.Union([Attempt, Type.Null()]) }), ...errors(401) } },
  }, async (req) => onScreenForPatient(app.db, actorOf(req), req.params.patientId));
};
