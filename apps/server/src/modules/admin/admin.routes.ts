/** HTTP for the facility admin console: /api/admin/* (facility_admin, the admin's own facilities only). */
import { Type } from 'typebox';
import { UUID_PATTERN } from '../../lib/ids.ts';
import { actorOf, errors, requireRole, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { ROLES } from '../auth/roles.ts';
import { changeDevice, createUser, devices, endUserSessions, getSettings, listUsers, personalDataExport, putSettings, resetPassword, updateUser, viewAudit } from './admin.service.ts';

const Uuid = Type.String({ pattern: UUID_PATTERN });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Uuid });

const Staff = Type.Object({
  id: Type.String(), username: Type.String(), fullName: Type.String(), roles: Type.Array(StringEnum(ROLES)), active: Type.Boolean(),
  mustChangePassword: Type.Boolean(), facilityIds: Type.Array(Type.String()), activeSessions: Type.Integer(), lastLoginAt: Nullable(Type.String()),
  createdAt: Type.String(), deactivatedAt: Nullable(Type.String()),
  managedHere: Type.Boolean({ description: 'false: the account also works at a facility this admin does not administer; it is changed there' }),
});
const Settings = Type.Object({
  phone: Type.String({ maxLength: 20 }),
  emergencyNumber: Type.String({ maxLength: 11 }),
  dataProtectionContact: Type.String({ maxLength: 200, description: 'who answers data-subject requests (Law 91/2025/QH15)' }),
  alertSoundDefault: Type.Boolean(),
}, { additionalProperties: false });
const SettingsOut = Type.Object({ facilityId: Type.String(), name: Type.String(), settings: Settings, updatedAt: Nullable(Type.String()) });
const Device = Type.Object({
  id: Type.String(), facilityId: Type.String(), facilityCode: Type.String(), bed: Nullable(Type.String()), patientId: Nullable(Type.String()), patientName: Nullable(Type.String()),
  hasKey: Type.Boolean(), assignedAt: Nullable(Type.String()), assignedByName: Nullable(Type.String()), lastReadingAt: Nullable(Type.String()),
});
const Entry = Type.Object({
  seq: Type.Integer(), at: Type.String(), userId: Nullable(Type.String()), username: Nullable(Type.String()), userFullName: Nullable(Type.String()), facilityId: Nullable(Type.String()),
  action: Type.String(), resourceType: Type.String(), resourceId: Nullable(Type.String()), patientId: Nullable(Type.String()), patientName: Nullable(Type.String()),
  outcome: Type.String(), details: Type.Unknown(),
});

export const adminRoutes: RoutePlugin = async (app) => {
  const admin = requireRole('facility_admin');

  app.get('/users', {
    preHandler: admin,
    schema: { tags: ['admin'], description: 'Staff who work at one of your facilities, with their sessions and last login. Audited.', response: { 200: Type.Array(Staff), ...errors(401, 403) } },
  }, async (req) => listUsers(app.db, actorOf(req)));

  app.post('/users', {
    preHandler: admin,
    schema: {
      tags: ['admin'],
      description: 'Creates an account at your facilities; answers its temporary password once (the user must change it at the first login).',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 40 }), fullName: Type.String({ minLength: 1, maxLength: 120 }),
        roles: Type.Array(StringEnum(ROLES), { maxItems: 6 }), facilityIds: Type.Array(Uuid, { maxItems: 20 }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ user: Staff, temporaryPassword: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await createUser(app.db, actorOf(req), req.body)));

  app.patch('/users/:id', {
    preHandler: admin,
    schema: {
      tags: ['admin'], description: 'Changes roles, name, or deactivates (ending every session) / reactivates an account.',
      params: IdParams,
      body: Type.Object({ roles: Type.Optional(Type.Array(StringEnum(ROLES), { maxItems: 6 })), fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Staff, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateUser(app.db, actorOf(req), req.params.id, req.body));

  app.post('/users/:id/reset-password', {
    preHandler: admin,
    schema: { tags: ['admin'], description: 'A new temporary password (answered once), every session ended, change required at the next login.', params: IdParams, response: { 200: Type.Object({ temporaryPassword: Type.String(), sessionsEnded: Type.Integer() }), ...errors(401, 403, 404) } },
  }, async (req) => resetPassword(app.db, actorOf(req), req.params.id));

  app.post('/users/:id/end-sessions', {
    preHandler: admin,
    schema: { tags: ['admin'], description: "Logs the user out everywhere.", params: IdParams, response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errors(401, 403, 404) } },
  }, async (req) => endUserSessions(app.db, actorOf(req), req.params.id));

  app.get('/facilities/:id/settings', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, response: { 200: SettingsOut, ...errors(401, 403, 404) } },
  }, async (req) => getSettings(app.db, actorOf(req), req.params.id));

  app.put('/facilities/:id/settings', {
    preHandler: admin,
    schema: {
      tags: ['admin'], description: 'The facility name and settings (audited with the values before and after).', params: IdParams,
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), settings: Settings }, { additionalProperties: false }),
      response: { 200: SettingsOut, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => putSettings(app.db, actorOf(req), req.params.id, req.body));

  app.get('/devices', {
    preHandler: admin,
    schema: { tags: ['admin'], description: 'Bedside monitors and gateways registered at your facilities (POST /api/devices registers one).', response: { 200: Type.Array(Device), ...errors(401, 403) } },
  }, async (req) => devices(app.db, actorOf(req)));

  app.post('/devices/:id/:action', {
    preHandler: admin,
    schema: {
      tags: ['admin'], description: "revoke-key: the device's readings over HTTP answer 401 until a key is set again; release: unassigns it from its patient.",
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), action: Type.Union([Type.Literal('revoke-key'), Type.Literal('release')]) }),
      response: { 200: Device, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => changeDevice(app.db, actorOf(req), req.params.id, req.params.action === 'revoke-key' ? 'revoke_key' : 'release'));

  app.get('/audit', {
    preHandler: admin,
    schema: {
      tags: ['admin'],
      description: 'Audit entries at your facilities (and logins/denials of your staff, entries about your patients), newest first. Reading it is audited.',
      querystring: Type.Object({
        userId: Type.Optional(Uuid), patientId: Type.Optional(Uuid), action: Type.Optional(Type.String({ maxLength: 60 })), outcome: Type.Optional(Type.String({ maxLength: 30, description: 'success, denied, not_found, …' })),
        resourceType: Type.Optional(Type.String({ maxLength: 60 })),
        from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the next page: entries older than this seq (nextBefore of the previous page)' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Entry), hasMore: Type.Boolean(), nextBefore: Nullable(Type.Integer()), limit: Type.Integer(), actions: Type.Array(Type.String()), resourceTypes: Type.Array(Type.String()) }), ...errors(400, 401, 403) },
    },
  }, async (req) => viewAudit(app.db, actorOf(req), req.query));

  app.get('/patients/:id/personal-data-export', {
    preHandler: admin,
    schema: {
      tags: ['admin'],
      description: "A data subject's personal data and access log as a JSON file (Law 91/2025/QH15 on Personal Data Protection, Art. 4(1)(c)–(d)); the export is audited and listed in its own access log.",
      params: IdParams,
      querystring: Type.Object({ reference: Type.String({ minLength: 1, maxLength: 100, description: "the data subject's request reference" }) }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const file = await personalDataExport(app.db, actorOf(req), req.params.id, { reference: req.query.reference });
    const day = file.generatedAt.slice(0, 10);
    return reply.header('content-disposition', `attachment; filename="du-lieu-ca-nhan-${req.params.id}-${day}.json"`).send(file);
  });
};
