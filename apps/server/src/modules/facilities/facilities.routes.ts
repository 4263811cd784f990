import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { listFacilities } from '../auth/auth.repo.ts';
import { FacilitySchema } from '../auth/auth.routes.ts';

export const facilityRoutes: RoutePlugin = async (app) => {
  app.get('', { preHandler: requireSession, schema: { tags: ['facilities'], response: { 200: Type.Array(FacilitySchema), ...errors(401) } } }, async (req) =>
    listFacilities(app.db, actorOf(req).facilityIds),
  );
};
