/**
 * Hospital assistant endpoints (prefix '/api/assistant').
 * Public, anonymous, rate-limited per address: ask a facility's assistant, rate an answer.
 * Facility admins: the document library (upload, versions, approve, retire), the question log, the gap list.
 */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { LETTER_FIELDS } from '@yte/assistant';
import { decideReferralDraft, draftReferral, MAX_SUMMARY_HOURS, patientSummary, staffAsk } from './staff.service.ts';
import { ask, changeState, documentsOf, gapsOf, MAX_QUESTION_CHARS, questionLog, rate, uploadDocument } from './assistant.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const FacilityQuery = Type.Object({ facilityId: Uuid }, { additionalProperties: false });

/** Per address: a person typing never reaches it; a script sending 50 requests/s does, alone. */
export const ASK_RATE = { max: 20, timeWindow: 10_000 };

const Citation = Type.Object({ documentId: Type.String(), title: Type.String(), heading: Type.String(), quote: Type.String({ description: 'Exact text of the cited passage' }) });
const AskResponse = Type.Object({
  id: Type.String({ description: 'Log entry id, for thumbs up/down' }),
  answer: Type.String(),
  citations: Type.Array(Citation),
  refused: Type.Boolean({ description: 'Declined: diagnosis, result interpretation, medicine or dose' }),
  escalate: Type.Boolean({ description: 'Emergency: the answer starts with "call 115" and the emergency department' }),
  lang: StringEnum(['vi', 'en', 'other']),
  outcome: StringEnum(['answered', 'no_answer', 'refused', 'emergency', 'other_language']),
});
const DocumentSchema = Type.Object({
  id: Type.String(), facilityId: Type.String(), docKey: Type.String(), version: Type.Integer(), title: Type.String(), language: StringEnum(['vi', 'en']),
  effectiveDate: Nullable(Type.String()), owner: Type.String(), state: StringEnum(['draft', 'approved', 'retired']), fileName: Type.String(),
  format: StringEnum(['markdown', 'html', 'text', 'pdf', 'docx']), sha256: Type.String(), passages: Type.Integer(), createdAt: Type.String(),
  approvedAt: Nullable(Type.String()),
});

const SourceRef = Type.Object({
  type: StringEnum(['Patient', 'Observation', 'Alert', 'Suggestion', 'Encounter', 'Referral']),
  id: Type.String(),
}, { description: 'A record the sentence or field is copied from' });
const SummarySchema = Type.Object({
  patientId: Type.String(), from: Type.String(), to: Type.String(), hours: Type.Integer(),
  sentences: Type.Array(Type.Object({
    section: StringEnum(['patient', 'vitals', 'labs', 'alerts', 'suggestions', 'encounters', 'referrals']),
    en: Type.String(), vi: Type.String(), sources: Type.Array(SourceRef), flagged: Type.Boolean(),
  })),
}, { description: 'Extractive summary: each sentence is a template filled only with values of the records it cites' });
const FieldKey = StringEnum([...LETTER_FIELDS]);
const DraftSchema = Type.Object({
  suggestionId: Type.String({ description: 'The draft is a suggestion: a doctor edits and accepts, or dismisses it' }),
  status: StringEnum(['proposed']),
  draft: Type.Object({
    kind: StringEnum(['referral-letter-draft']), patientId: Type.String(), referralId: Nullable(Type.String()),
    fields: Type.Array(Type.Object({ key: FieldKey, vi: Type.String(), en: Type.String(), sources: Type.Array(SourceRef), forDoctor: Type.Boolean() })),
  }),
  textVi: Type.String(), textEn: Type.String(),
});

export const assistantRoutes: RoutePlugin = async (app) => {
  app.post('/:facilityId/ask', {
    config: { rateLimit: { ...ASK_RATE, keyGenerator: (req) => req.ip } },
    schema: {
      tags: ['assistant'],
      security: [],
      description: 'Anonymous patient/visitor question, answered only from the facility\'s approved documents with citations, or "the documents don\'t say" and the hotline. Refuses diagnosis, result interpretation and drug/dose advice; emergencies answer "call 115" first. Vietnamese (with or without diacritics) and English.',
      params: Type.Object({ facilityId: Uuid }),
      body: Type.Object({ question: Type.String({ maxLength: MAX_QUESTION_CHARS }) }, { additionalProperties: false }),
      response: { 200: AskResponse, ...errors(400, 404, 429) },
    },
  }, async (req) => ask(app.db, req.params.facilityId, req.body.question));

  app.post('/:facilityId/answers/:id/rating', {
    config: { rateLimit: { ...ASK_RATE, keyGenerator: (req) => req.ip } },
    schema: {
      tags: ['assistant'],
      security: [],
      description: 'Thumbs up (helpful: true) or down for an answer, for quality review.',
      params: Type.Object({ facilityId: Uuid, id: Uuid }),
      body: Type.Object({ helpful: Type.Boolean() }, { additionalProperties: false }),
      response: { 204: Type.Null({ description: 'Recorded' }), ...errors(400, 404, 429) },
    },
  }, async (req, reply) => {
    await rate(app.db, req.params.facilityId, req.params.id, req.body.helpful);
    return reply.status(204).send(null);
  });

  app.get('/documents', {
    preHandler: requireSession,
    schema: { tags: ['assistant'], description: 'The facility\'s document library, every version (facility admin).', querystring: FacilityQuery, response: { 200: Type.Array(DocumentSchema), ...errors(400, 401, 403) } },
  }, async (req) => documentsOf(app.db, actorOf(req), req.query.facilityId));

  app.post('/documents', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'Upload a document (Markdown, HTML, text, PDF or DOCX; base64) as a draft; with docKey, a new version of an existing document. A file that cannot be read is refused and nothing is stored.',
      body: Type.Object({
        facilityId: Uuid,
        title: Type.String({ minLength: 1, maxLength: 300 }),
        language: StringEnum(['vi', 'en']),
        effectiveDate: Type.Optional(Type.String({ format: 'date' })),
        owner: Type.String({ minLength: 1, maxLength: 200 }),
        fileName: Type.String({ minLength: 1, maxLength: 300 }),
        contentBase64: Type.String({ minLength: 1, maxLength: 1_000_000 }),
        docKey: Type.Optional(Uuid),
      }, { additionalProperties: false }),
      response: { 201: DocumentSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await uploadDocument(app.db, actorOf(req), req.body)));

  for (const [path, to] of [['approve', 'approved'], ['retire', 'retired']] as const) {
    app.post(`/documents/:id/${path}`, {
      preHandler: requireSession,
      schema: {
        tags: ['assistant'],
        description: to === 'approved' ? 'Approve a version: it answers from now on, and replaces the document\'s previously approved version (kept, retired).' : 'Retire a version: it no longer answers.',
        params: Type.Object({ id: Uuid }),
        response: { 200: DocumentSchema, ...errors(400, 401, 403, 404) },
      },
    }, async (req) => changeState(app.db, actorOf(req), req.params.id, to));
  }

  app.post('/staff/ask', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'Staff virtual assistant, with the caller\'s own permissions: "which patients have NEWS2 ≥ 5" (reading roles; every patient shown is an audited read), "what is waiting in my queue" (the triage queue), with a patientId of that facility "summarise this patient\'s last 48 h" and "draft a referral letter" (recorded as a suggestion), otherwise an answer from the platform\'s help documents.',
      body: Type.Object({ facilityId: Uuid, question: Type.String({ maxLength: MAX_QUESTION_CHARS }), patientId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          intent: StringEnum(['news2', 'queue', 'summary', 'referral', 'help']),
          answer: Type.String(),
          patients: Type.Array(Type.Object({ id: Type.String(), fullName: Type.String(), score: Type.Number(), at: Type.String() })),
          citations: Type.Array(Type.Object({ doc: Type.String(), heading: Type.String(), quote: Type.String() })),
          summary: Type.Optional(SummarySchema),
          referralDraft: Type.Optional(DraftSchema),
        }),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (req) => staffAsk(app.db, actorOf(req), req.body.facilityId, req.body.question, new Date(), req.body.patientId));

  app.get('/staff/patients/:patientId/summary', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'The patient\'s last 48 h (or `hours`), extractive: vital-sign trends, labs with H/L against their reference range, open alerts, undecided and decided suggestions, encounters, referrals; every sentence cites its records. Reading roles of the patient\'s facility (each record read is audited by the module that owns it); another facility\'s patient is 404.',
      params: Type.Object({ patientId: Uuid }),
      querystring: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SUMMARY_HOURS })) }, { additionalProperties: false }),
      response: { 200: SummarySchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => patientSummary(app.db, actorOf(req), req.params.patientId, req.query.hours ?? 48));

  app.post('/staff/patients/:patientId/referral-draft', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'Drafts the referral letter (Giấy chuyển tuyến fields, Vietnamese and English) from the patient\'s record and the given referral (else the latest one under way), recorded as a suggestion with its sources. Recording roles; a doctor accepts it. 409 when the tool is not live here (governance).',
      params: Type.Object({ patientId: Uuid }),
      body: Type.Object({ referralId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: DraftSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await draftReferral(app.db, actorOf(req), req.params.patientId, req.body.referralId)));

  app.post('/staff/referral-drafts/:id/decision', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'A doctor accepts the referral-letter draft as edited (every field as it should read; name, addressee, diagnosis and reason must be written) or dismisses it. The decision and the accepted letter are stored together.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        decision: StringEnum(['accept', 'dismiss']),
        fields: Type.Optional(Type.Array(Type.Object({ key: Type.String({ maxLength: 40 }), vi: Type.String({ maxLength: 4000 }), en: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }), { maxItems: LETTER_FIELDS.length })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          suggestionId: Type.String(), status: StringEnum(['accepted', 'dismissed']), decidedAt: Type.String(),
          letter: Type.Union([Type.Object({
            fields: Type.Array(Type.Object({ key: FieldKey, vi: Type.String(), en: Type.String() })), edited: Type.Array(Type.String()), textVi: Type.String(), textEn: Type.String(),
          }), Type.Null()]),
        }),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  }, async (req) => decideReferralDraft(app.db, actorOf(req), req.params.id, req.body));

  app.get('/gaps', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'Questions the documents could not answer, most asked first: what to write next (facility admin).',
      querystring: FacilityQuery,
      response: { 200: Type.Array(Type.Object({ question: Type.String(), asked: Type.Integer(), lastAt: Type.String() })), ...errors(400, 401, 403) },
    },
  }, async (req) => gapsOf(app.db, actorOf(req), req.query.facilityId));

  app.get('/questions', {
    preHandler: requireSession,
    schema: {
      tags: ['assistant'],
      description: 'The de-identified question log with ratings, newest first (facility admin).',
      querystring: FacilityQuery,
      response: {
        200: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), question: Type.String(), lang: Type.String(), outcome: Type.String(), answer: Type.String(), helpful: Type.Union([Type.Boolean(), Type.Null()]) })),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => questionLog(app.db, actorOf(req), req.query.facilityId));
};
