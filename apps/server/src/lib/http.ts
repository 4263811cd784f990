/** Shared HTTP pieces: the error schema, the auth guard and the typed plugin type. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor, Role } from '../modules/auth/roles.ts';
import { forbidden, unauthorized } from './errors.ts';

export type RoutePlugin = FastifyPluginAsyncTypebox;

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    messageVi: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'Error' },
);

/** Standard error responses for a route's schema. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')])) as Record<number, ReturnType<typeof Type.Ref>>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The caller, or a 401. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** preHandler: a session is required, and (when given) one of the roles. */
export function requireRole(...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(req);
    if (roles.length > 0 && !actor.roles.some((r) => roles.includes(r))) throw forbidden();
  };
}
export const requireSession = requireRole();

/** A string enum schema typed as the union of its members. */
export const StringEnum = <const T extends readonly string[]>(values: T, opts: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts });
