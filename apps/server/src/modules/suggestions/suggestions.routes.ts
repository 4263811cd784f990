import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { SuggestionSchema } from './suggestions.schema.ts';
import { decideSuggestion, suggestionsForPatient } from './suggestions.service.ts';

export const suggestionRoutes: RoutePlugin = async (app) => {
  app.get('/patients/:id/suggestions', {
    preHandler: requireSession,
    schema: {
      tags: ['suggestions'],
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      querystring: Type.Object({ status: Type.Optional(StringEnum(['proposed', 'accepted', 'overridden', 'dismissed'])) }, { additionalProperties: false }),
      response: { 200: Type.Array(SuggestionSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => suggestionsForPatient(app.db, actorOf(req), req.params.id, req.query));

  app.post('/suggestions/:id/decision', {
    preHandler: requireSession,
    schema: {
      tags: ['suggestions'],
      description: 'The clinician decides: accept, override (reason required) or dismiss. Recorded and audited; a decision is final.',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: Type.Object({ decision: StringEnum(['accept', 'override', 'dismiss']), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 200: SuggestionSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => decideSuggestion(app.db, actorOf(req), req.params.id, req.body));
};
