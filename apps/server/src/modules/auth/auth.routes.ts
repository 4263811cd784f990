import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { AppError } from '../../lib/errors.ts';
import { changeOwnPassword, describeActor, login, logout, SESSION_COOKIE } from './auth.service.ts';
import { LoginLimiter } from './login-limiter.ts';
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
  mustChangePassword: Type.Boolean({ description: 'true after an admin created the account or reset its password: the UI asks for a new one' }),
});

export const authRoutes: RoutePlugin = async (app) => {
  // Failed attempts per address and account, and per address across accounts (login-limiter.ts).
  const limiter = new LoginLimiter({ perAccount: app.config.loginRateLimitPerMinute, perAddress: app.config.loginAddressRateLimitPerMinute });
  app.post('/login', {
    schema: {
      tags: ['auth'],
      security: [],
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: UserSchema, ...errors(400, 401, 429) },
    },
  }, async (req, reply) => {
    const slot = limiter.reserve(req.ip, req.body.username, Date.now());
    if (!slot.ok) {
      reply.header('retry-after', String(slot.retryAfterS));
      throw new AppError(429, 'RATE_LIMITED', `Too many attempts; try again in ${slot.retryAfterS} s`, `Quá nhiều lần thử; vui lòng thử lại sau ${slot.retryAfterS} giây`);
    }
    const { token, expires, actor } = await login(app.db, req.body.username, req.body.password, app.config.sessionTtlHours);
    slot.release(); // successful logins do not count
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

  app.post('/password', {
    preHandler: requireSession,
    schema: {
      tags: ['auth'],
      description: 'Changes your own password (the current one is required); clears the admin-reset flag.',
      body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    await changeOwnPassword(app.db, actorOf(req), req.body.currentPassword, req.body.newPassword);
    return reply.status(204).send(null);
  });

  app.get('/me', { preHandler: requireSession, schema: { tags: ['auth'], response: { 200: UserSchema, ...errors(401) } } }, async (req) =>
    describeActor(app.db, actorOf(req)),
  );
};
