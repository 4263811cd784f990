import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { describeActor, login, logout, SESSION_COOKIE } from './auth.service.ts';
import { ROLES } from './roles.ts';

export const FacilitySchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('hospital'), Type.Literal('station')]),
  province: Type.String(),
  commune: Type.String(),
});

const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  roles: Type.Array(StringEnum(ROLES)),
  facilities: Type.Array(FacilitySchema),
});

export const authRoutes: RoutePlugin = async (app) => {
  app.post('/login', {
    config: {
      rateLimit: {
        max: app.config.loginRateLimitPerMinute,
        timeWindow: 60_000,
        // Per address and account: a guesser cannot spread one account's attempts over IPs cheaply.
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
      },
    },
    schema: {
      tags: ['auth'],
      security: [],
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: UserSchema, ...errors(400, 401, 429) },
    },
  }, async (req, reply) => {
    const { token, expires, actor } = await login(app.db, req.body.username, req.body.password, app.config.sessionTtlHours);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.cookieSecure,
      expires,
    });
    return describeActor(app.db, actor);
  });

  app.post('/logout', { schema: { tags: ['auth'], response: { 204: Type.Null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(app.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/me', { preHandler: requireSession, schema: { tags: ['auth'], response: { 200: UserSchema, ...errors(401) } } }, async (req) =>
    describeActor(app.db, actorOf(req)),
  );
};
