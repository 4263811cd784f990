/** The training programme's HTTP API (prefix /api/training). */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import { notFound } from '../../lib/errors.ts';
import { actorOf, errors, requireRole, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { describeItem, getRefresher, getRequirement, grantExemption, listExemptions, MAX_EXEMPTION_DAYS, passRefresher, setRequirement, toolAccess } from './training.access.ts';
import { CONTENT_DIR, trainingContent } from './training.content.ts';
import { dashboard, dashboardCsv } from './training.dashboard.ts';
import { importEnrolments } from './training.enrolment.ts';
import { autoLinkAccount, linkByAdmin, listLearners, setAccountIdentifiers, unlinkByAdmin } from './training.link.ts';
import { configureLearningRecords } from './training.events.ts';
import { openSandbox } from './training.sandbox.ts';
import {
  completeLesson, cxrImagePath, getAttempt, lesson, moduleAnalysis, overview, relianceAcrossLearners, startExercise, startTest, submitExercise, submitTest,
} from './training.service.ts';

const tags = ['training'];
const Bi = Type.Object({ vi: Type.String(), en: Type.String() });
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,80}$' });
const Uuid = Type.String({ format: 'uuid' });

const PathItem = Type.Object({
  id: Type.String(), kind: StringEnum(['lesson', 'exercise', 'post-test']), module: Type.Optional(Type.String()), required: Type.Boolean(),
  title: Bi, done: Type.Boolean(), minutes: Type.Optional(Type.Number()),
});
const Reliance = Type.Object({
  accuracy: Type.Number(), overReliance: Type.Union([Type.Number(), Type.Null()]), underReliance: Type.Union([Type.Number(), Type.Null()]), passed: Type.Boolean(),
  cases: Type.Number(), aiWrong: Type.Number(), followedWrongAi: Type.Number(), aiRight: Type.Number(), rejectedRightAi: Type.Number(),
});
const Overview = Type.Object({
  curriculum: Type.Object({ id: Type.String(), version: Type.String(), title: Bi, passMark: Type.Number() }),
  roles: Type.Array(Type.Object({ id: Type.String(), title: Bi })),
  items: Type.Array(PathItem),
  progress: Type.Object({ requiredTotal: Type.Number(), requiredDone: Type.Number(), optionalDone: Type.Number(), percent: Type.Number(), complete: Type.Boolean() }),
  modules: Type.Array(Type.Object({
    id: Type.String(), order: Type.Number(), title: Bi, passMark: Type.Number(),
    preTest: Type.Union([Type.Object({ attemptId: Type.String(), submitted: Type.Boolean(), score: Type.Union([Type.Number(), Type.Null()]) }), Type.Null()]),
    postTest: Type.Object({ attempts: Type.Number(), bestScore: Type.Union([Type.Number(), Type.Null()]), passed: Type.Boolean() }),
  })),
  reliance: Type.Union([Reliance, Type.Null()]),
});
const LessonText = Type.Object({ title: Type.String(), objectives: Type.Array(Type.String()), body: Type.String() });
const Lesson = Type.Object({
  id: Type.String(), module: Type.Object({ id: Type.String(), title: Bi }), minutes: Type.Number(), figures: Type.Array(Type.String()), roles: Type.Array(Type.String()),
  vi: LessonText, en: LessonText, done: Type.Boolean(), doneAt: Type.Union([Type.String(), Type.Null()]),
  previous: Type.Union([Type.String(), Type.Null()]), next: Type.Union([Type.String(), Type.Null()]),
});
const Option = Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String() });
const Attempt = Type.Object({
  id: Type.String(), kind: StringEnum(['pre', 'post', 'exercise']), moduleId: Type.Union([Type.String(), Type.Null()]), exerciseId: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(), submittedAt: Type.Union([Type.String(), Type.Null()]), score: Type.Union([Type.Number(), Type.Null()]), passed: Type.Union([Type.Boolean(), Type.Null()]),
  items: Type.Optional(Type.Array(Type.Object({
    questionId: Type.String(), type: StringEnum(['single', 'multiple']), case: Type.Optional(Bi), stem: Bi, options: Type.Array(Option),
  }))),
  exercise: Type.Optional(Type.Unknown({ description: 'The exercise as shown: CXR cases with the AI call (and, once submitted, the reference), or decision steps' })),
  result: Type.Union([Type.Unknown({ description: 'Score, per-item correctness; for a post-test the keys and explanations; for the CXR exercise accuracy and over/under-reliance' }), Type.Null()]),
});

export const trainingRoutes: RoutePlugin = async (app) => {
  const log = (err: unknown) => app.log.error({ err }, 'onPathCompleted listener failed');
  configureLearningRecords(app.config);

  app.get('/me', {
    preHandler: requireSession,
    schema: { tags, description: "The caller's role path (required and optional lessons, exercises and post-tests), progress, module tests and own CXR reliance figures", response: { 200: Overview, ...errors(401) } },
  }, async (req) => {
    // An enrolled learner opening their training for the first time is linked to this account when
    // the account's CCCD, employee id or e-mail matches (audited).
    await app.db.tx((q) => autoLinkAccount(q, actorOf(req).id, new Date()));
    return overview(app.db, actorOf(req));
  });

  app.get('/lessons/:id', {
    preHandler: requireSession,
    schema: { tags, params: Type.Object({ id: Id }), response: { 200: Lesson, ...errors(401, 404) } },
  }, async (req) => lesson(app.db, actorOf(req), req.params.id));

  app.post('/lessons/:id/complete', {
    preHandler: requireSession,
    schema: {
      tags, params: Type.Object({ id: Id }), body: Type.Object({ lang: StringEnum(['vi', 'en']) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), done: Type.Boolean() }), ...errors(400, 401, 404) },
    },
  }, async (req) => completeLesson(app.db, actorOf(req), req.params.id, req.body.lang, new Date(), log));

  app.get('/figures/:name', {
    preHandler: requireSession,
    schema: { tags, description: 'A lesson figure (SVG)', params: Type.Object({ name: Type.String({ pattern: '^[a-z0-9-]+\\.svg$' }) }), ...{ response: { ...errors(401, 404) } } },
  }, async (req, reply) => {
    const file = `figures/${req.params.name}`;
    const { content } = trainingContent();
    const used = [...content.lessons.values()].some((p) => p.vi.figures.includes(file));
    if (!used) throw notFound('Figure');
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(readFileSync(join(CONTENT_DIR, file)));
  });

  app.post('/modules/:id/tests', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Starts (or resumes) the pre-test or post-test of a module: items and options drawn and shuffled with a per-attempt seed. Post-test: after the pre-test, not once passed, at most maxAttemptsPerDay a day.',
      params: Type.Object({ id: Id }), body: Type.Object({ phase: StringEnum(['pre', 'post']) }, { additionalProperties: false }),
      response: { 200: Attempt, ...errors(400, 401, 404, 409) },
    },
  }, async (req) => startTest(app.db, actorOf(req), req.params.id, req.body.phase, new Date()));

  app.get('/attempts/:id', {
    preHandler: requireSession,
    schema: { tags, params: Type.Object({ id: Uuid }), response: { 200: Attempt, ...errors(401, 403, 404) } },
  }, async (req) => getAttempt(app.db, actorOf(req), req.params.id));

  app.post('/attempts/:id/submit', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Submits a test: answers maps question id → chosen option ids (unanswered counts wrong).',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ answers: Type.Record(Type.String({ maxLength: 80 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })) }, { additionalProperties: false }),
      response: { 200: Attempt, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => submitTest(app.db, actorOf(req), req.params.id, req.body.answers, new Date(), log));

  app.post('/exercises/:id/attempts', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Starts (or resumes) an exercise. CXR reading: cases from the NIH ChestX-ray14 sample with AI calls, a seeded share deliberately wrong; 503 DATASET_MISSING when the sample is not installed.',
      params: Type.Object({ id: Id }), response: { 200: Attempt, ...errors(401, 404, 503) },
    },
  }, async (req) => startExercise(app.db, actorOf(req), req.params.id, app.config.sharedDir, new Date()));

  app.post('/exercise-attempts/:id/submit', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Submits an exercise: calls (CXR case id → finding present?, optionally firstCalls made before the AI was shown) or answers (decision step id → option id).',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        calls: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Type.Boolean())),
        firstCalls: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Type.Boolean(), { description: 'CXR: the first read of each case, made before the AI call was shown' })),
        answers: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20 }))),
      }, { additionalProperties: false }),
      response: { 200: Attempt, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => submitExercise(app.db, actorOf(req), req.params.id, req.body, new Date(), log));

  app.get('/cxr-images/:file', {
    preHandler: requireSession,
    schema: { tags, description: 'An image of the CXR exercise (from the shared NIH sample)', params: Type.Object({ file: Type.String({ maxLength: 64 }) }), response: { ...errors(401, 404, 503) } },
  }, async (req, reply) => {
    const path = cxrImagePath(app.config.sharedDir, req.params.file);
    return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(createReadStream(path));
  });

  app.get('/analysis/:moduleId', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: {
      tags, description: 'For lecturers and programme managers: item analysis (difficulty, upper–lower 27 % discrimination, corrected point-biserial, Ebel band) and the pre→post gain of a module',
      params: Type.Object({ moduleId: Id }),
      response: {
        200: Type.Object({
          module: Type.Object({ id: Type.String(), title: Bi }), attempts: Type.Number(),
          items: Type.Array(Type.Object({
            itemId: Type.String(), n: Type.Number(), difficulty: Type.Number(), discrimination: Type.Union([Type.Number(), Type.Null()]),
            pointBiserial: Type.Union([Type.Number(), Type.Null()]), quality: Type.String(), stem: Bi,
          })),
          gain: Type.Union([Type.Object({ learners: Type.Number(), preMean: Type.Number(), postMean: Type.Number(), meanGain: Type.Number(), normalisedGain: Type.Union([Type.Number(), Type.Null()]) }), Type.Null()]),
        }),
        ...errors(401, 403, 404),
      },
    },
  }, async (req) => moduleAnalysis(app.db, req.params.moduleId));

  app.get('/reliance', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: {
      tags, description: 'Over- and under-reliance in the CXR exercise across learners (each learner’s first attempt)',
      response: { 200: Type.Object({ learners: Type.Number(), overReliance: Type.Union([Type.Number(), Type.Null()]), underReliance: Type.Union([Type.Number(), Type.Null()]) }), ...errors(401, 403) },
    },
  }, async () => relianceAcrossLearners(app.db));

  // ---- AI tools unlocked by training
  app.get('/catalog', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Every item a requirement can name: lessons, exercises and module post-tests, with titles',
      response: { 200: Type.Array(Type.Object({ id: Type.String(), kind: StringEnum(['lesson', 'exercise', 'post-test', 'refresher']), title: Bi, href: Type.String(), module: Type.Union([Type.String(), Type.Null()]) })), ...errors(401) },
    },
  }, async () => {
    const { content } = trainingContent();
    const out = [];
    for (const m of content.curriculum.modules) {
      for (const l of m.lessons) out.push({ ...describeItem(l)!, module: m.id });
      out.push({ ...describeItem(`${m.id}:post`)!, module: m.id });
    }
    for (const e of content.exercises.keys()) out.push({ ...describeItem(e)!, module: null });
    return out;
  });

  const ReqItem = Type.Object({ id: Type.String(), kind: StringEnum(['lesson', 'exercise', 'post-test', 'refresher']), title: Bi, href: Type.String() });
  const Requirement = Type.Object({ toolId: Type.String(), items: Type.Array(ReqItem), refresherItems: Type.Array(ReqItem), setAt: Type.Union([Type.String(), Type.Null()]) });
  const ToolId = Type.Object({ toolId: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,80}$' }) });

  app.get('/tools/:toolId/requirement', {
    preHandler: requireSession,
    schema: { tags, description: 'The training an AI tool requires before a user sees its outputs', params: ToolId, response: { 200: Requirement, ...errors(401) } },
  }, async (req) => getRequirement(app.db, req.params.toolId));

  app.put('/tools/:toolId/requirement', {
    preHandler: requireRole('governance_officer'),
    schema: {
      tags, description: 'Sets the training an AI tool requires (lesson ids, exercise ids, <module>:post; an empty list removes it) and the lessons of the refresher owed after a material new version (refresherItems). Audited.',
      params: ToolId, body: Type.Object({ items: Type.Array(Type.String({ maxLength: 80 }), { maxItems: 40 }), refresherItems: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 10 })) }, { additionalProperties: false }),
      response: { 200: Requirement, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => setRequirement(app.db, actorOf(req), req.params.toolId, req.body.items, new Date(), req.body.refresherItems ?? []));

  const Refresher = Type.Object({
    toolId: Type.String(), version: Type.String(), recordedAt: Type.String(), whatChanged: Type.String(), due: Type.Boolean(), done: Type.Boolean(),
    lessons: Type.Array(Type.Object({ id: Type.String(), kind: StringEnum(['lesson', 'exercise', 'post-test', 'refresher']), title: Bi, href: Type.String(), done: Type.Boolean() })),
  });
  app.get('/tools/:toolId/refresher', {
    preHandler: requireSession,
    schema: {
      tags, description: "The refresher for the tool's latest material version: what changed, its lessons, whether the caller owes it (due) and has passed it (done). 404 when the tool has no material version or no requirement",
      params: ToolId, response: { 200: Refresher, ...errors(401, 404) },
    },
  }, async (req) => getRefresher(app.db, actorOf(req), req.params.toolId, new Date()));

  app.post('/tools/:toolId/refresher', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Passes the refresher for the named (latest material) version once its lessons are completed; the tool opens again. Audited, and a learning event. 409 when lessons are missing or the version is not the one owed',
      params: ToolId, body: Type.Object({ version: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ toolId: Type.String(), version: Type.String(), doneAt: Type.String() }), ...errors(400, 401, 404, 409) },
    },
  }, async (req) => passRefresher(app.db, actorOf(req), req.params.toolId, req.body.version, new Date()));

  app.get('/tools/access', {
    preHandler: requireSession,
    schema: {
      tags, description: "The caller's access to each AI tool that requires training: open, or closed with the missing items (and any exemption's end)",
      response: { 200: Type.Array(Type.Object({ toolId: Type.String(), allowed: Type.Boolean(), missing: Type.Array(ReqItem), exemptUntil: Type.Union([Type.String(), Type.Null()]) })), ...errors(401) },
    },
  }, async (req) => toolAccess(app.db, actorOf(req), new Date()));

  const Exemption = Type.Object({ id: Type.String(), userId: Type.String(), toolId: Type.String(), reason: Type.String(), grantedAt: Type.String(), expiresAt: Type.String(), facilityId: Type.Optional(Type.String()), userName: Type.Optional(Type.String()) });
  app.post('/exemptions', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags, description: `A facility admin lets a user of the facility see an AI tool's outputs before the training is done, for 1–${MAX_EXEMPTION_DAYS} days, with a reason. Audited; it closes by itself when it expires.`,
      body: Type.Object({ userId: Uuid, toolId: Type.String({ maxLength: 80 }), facilityId: Uuid, reason: Type.String({ maxLength: 1000 }), days: Type.Integer() }, { additionalProperties: false }),
      response: { 201: Exemption, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await grantExemption(app.db, actorOf(req), req.body, new Date())));

  app.get('/exemptions', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: { tags, querystring: Type.Object({ facilityId: Uuid }, { additionalProperties: false }), response: { 200: Type.Array(Exemption), ...errors(401, 403) } },
  }, async (req) => listExemptions(app.db, actorOf(req), req.query.facilityId));

  app.post('/sandbox', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Enrols the caller in the training sandbox: a facility of synthetic patients (created on first use) for practising on the real screens; its audit entries are marked training.',
      response: { 200: Type.Object({ facilityId: Type.String(), code: Type.String(), patients: Type.Number() }), ...errors(401) },
    },
  }, async (req) => openSandbox(app.db, actorOf(req), new Date()));
  // 15,000 learners ≈ 1.5 MB of CSV: this route alone takes up to 8 MB.
  app.post('/enrolments/import', {
    preHandler: requireRole('facility_admin'),
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags, description: 'Enrols learners from a CSV (columns national_id, full_name, role, facility_code, province, cohort, start_date dd/mm/yyyy; optional email, employee_id). The whole file is checked first; with any bad row (bad CCCD, date, role, facility, e-mail, employee id, duplicate national id) nothing is imported and 422 lists the problems per row in details.errors. Learners whose account already exists (same CCCD, employee id or e-mail) are linked to it (linked).',
      body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 8_000_000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ imported: Type.Integer(), linked: Type.Integer() }), ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req) => importEnrolments(app.db, actorOf(req), req.body.csv, new Date()));

  const NationalIdParams = Type.Object({ nationalId: Type.String({ pattern: '^[0-9]{12}$' }) });
  const Learner = Type.Object({
    nationalId: Type.String(), fullName: Type.String(), role: Type.String(), facilityId: Type.String(), province: Type.String(), cohort: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]), employeeId: Type.Union([Type.String(), Type.Null()]), userId: Type.Union([Type.String(), Type.Null()]),
    linkMethod: Type.Union([StringEnum(['national_id', 'employee_id', 'email', 'admin']), Type.Null()]), linkedAt: Type.Union([Type.String(), Type.Null()]),
  });
  app.get('/learners', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags, description: "Enrolled learners of the caller's facilities with their account link (facility admin)",
      querystring: Type.Object({
        facilityId: Type.Optional(Uuid), linked: Type.Optional(Type.Boolean()), q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), learners: Type.Array(Learner) }), ...errors(400, 401, 403) },
    },
  }, async (req) => listLearners(app.db, actorOf(req), { ...req.query, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }));

  app.post('/learners/:nationalId/link', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags, description: "Links an enrolled learner of the admin's facility to a yte account (their progress is the account's); audited. 409 when the account has another learner, or the learner another account (unless replace)",
      params: NationalIdParams, body: Type.Object({ userId: Uuid, replace: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({ nationalId: Type.String(), userId: Type.String(), method: Type.Literal('admin'), changed: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => linkByAdmin(app.db, actorOf(req), req.params.nationalId, req.body.userId, req.body.replace ?? false, new Date()));

  app.delete('/learners/:nationalId/link', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags, description: 'Removes the link between a learner and an account (facility admin); audited', params: NationalIdParams,
      response: { 200: Type.Object({ nationalId: Type.String(), unlinked: Type.String() }), ...errors(401, 403, 404, 409) },
    },
  }, async (req) => unlinkByAdmin(app.db, actorOf(req), req.params.nationalId, new Date()));

  const NullableStr = (o: Parameters<typeof Type.String>[0]) => Type.Optional(Type.Union([Type.String(o), Type.Null()]));
  app.put('/accounts/:userId/identifiers', {
    preHandler: requireRole('facility_admin'),
    schema: {
      tags, description: "Records an account's CCCD, employee id and e-mail (facility admin of one of its facilities; null clears), then links it to its enrolled learner when one matches; audited",
      params: Type.Object({ userId: Uuid }),
      body: Type.Object({
        nationalId: NullableStr({ pattern: '^[0-9]{12}$' }), employeeId: NullableStr({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$' }),
        email: NullableStr({ pattern: '^[^\\s@,;<>"]+@[^\\s@,;<>"]+\\.[^\\s@,;<>"]+$', maxLength: 254 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ userId: Type.String(), linked: Type.Union([Type.Object({ nationalId: Type.String(), method: Type.String() }), Type.Null()]) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => setAccountIdentifiers(app.db, actorOf(req), req.params.userId, req.body, new Date()));

  const DashQuery = Type.Object({
    province: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), facilityId: Type.Optional(Uuid), role: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
  }, { additionalProperties: false });
  const Nullable = (t: ReturnType<typeof Type.Number>) => Type.Union([t, Type.Null()]);
  const Group = Type.Object({
    province: Type.String(), facilityId: Type.String(), facilityName: Type.String(), role: Type.String(),
    enrolled: Type.Integer(), started: Type.Integer(), completed: Type.Integer(), passRate: Nullable(Type.Number()), cxrOverReliance: Nullable(Type.Number()),
    gain: Type.Array(Type.Object({ moduleId: Type.String(), pre: Nullable(Type.Number()), post: Nullable(Type.Number()), gain: Nullable(Type.Number()) })),
  });
  app.get('/dashboard', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: {
      tags, description: "Cohort dashboard for the caller's facilities, grouped by province, facility and role: enrolled, started, completed, post-test pass rate, pre→post gain per module, CXR over-reliance",
      querystring: DashQuery, response: { 200: Type.Object({ groups: Type.Array(Group) }), ...errors(400, 401, 403) },
    },
  }, async (req) => dashboard(app.db, actorOf(req), req.query));

  app.get('/dashboard.csv', {
    preHandler: requireRole('facility_admin', 'governance_officer'),
    schema: { tags, description: 'The cohort dashboard as CSV (one line per group and module)', querystring: DashQuery, response: { ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="training-dashboard.csv"')
    .send(dashboardCsv(await dashboard(app.db, actorOf(req), req.query))));
};
