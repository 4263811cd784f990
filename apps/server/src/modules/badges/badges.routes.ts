/** HTTP for badges: issue (admin/test), list, download JSON/PDF, revoke, rotate, status lists, public verify. */
import { Type } from 'typebox';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { certificatePdf } from './badges.pdf.ts';
import {
  getBadgeForDownload, issueBadgeAsAdmin, listBadges, listIssuerKeys, revokeBadge, rotateKey, statusListCredential, verifyCredential, verifyStoredBadge,
} from './badges.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Json = Type.Record(Type.String(), Type.Unknown());
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const IssueBody = Type.Object({
  facilityId: Uuid,
  learner: Type.Object({
    id: Type.String({ minLength: 1, maxLength: 300, description: "the learner's user id (UUID) or another URI" }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    userId: Type.Optional(Nullable(Uuid)),
  }, { additionalProperties: false }),
  achievement: Type.Object({
    id: Type.String({ minLength: 3, maxLength: 300, description: 'a URI naming the role path, e.g. urn:yte:training:path:station_staff' }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    criteria: Type.String({ minLength: 1, maxLength: 4000 }),
    inLanguage: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
  }, { additionalProperties: false }),
  validUntil: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

const BadgeSummary = Type.Object({
  id: Type.String(), facilityId: Type.String(), learnerId: Type.String(), learnerName: Type.String(), achievementId: Type.String(), achievementName: Type.String(),
  issuedAt: Type.String(), revokedAt: Nullable(Type.String()), revokeReason: Nullable(Type.String()), verifyUrl: Type.String(),
});

const Outcome = Type.Object({
  valid: Type.Boolean(),
  reason: StringEnum(['valid', 'malformed', 'signature invalid', 'not yet valid', 'expired', 'revoked', 'status list invalid']),
  detail: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.Object({ id: Type.String(), name: Type.Optional(Type.String()) })),
  subject: Type.Optional(Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })),
  achievement: Type.Optional(Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })),
  validFrom: Type.Optional(Type.String()),
  validUntil: Type.Optional(Type.String()),
  statusChecked: Type.Boolean({ description: 'false when the status list it names is not one this server holds' }),
  form: Type.Optional(StringEnum(['data-integrity', 'vc-jwt'], { description: 'which secured form was verified' })),
  issuerKey: Nullable(Type.Object({
    facilityId: Type.String(), facilityName: Type.String(), validFrom: Type.String(), validUntil: Nullable(Type.String()), current: Type.Boolean(),
    signedWithinValidity: Type.Boolean({ description: "the proof's created time lies in the key's validity period" }),
  })),
  badgeId: Nullable(Type.String()),
});

export const badgeRoutes: RoutePlugin = async (app) => {
  const tags = ['badges'];
  const cfg = () => app.config;

  app.post('/', {
    preHandler: requireSession,
    schema: {
      tags, description: 'Issues an Open Badges 3.0 credential (facility admin of the facility; the training module calls issueBadge() directly when a role path is completed)',
      body: IssueBody, response: { 201: Type.Object({ id: Type.String(), verifyUrl: Type.String(), credential: Json, jwt: Type.String({ description: 'the same credential as a VC-JWT (application/vc+jwt, EdDSA)' }) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const issued = await issueBadgeAsAdmin(app.db, cfg(), actorOf(req), {
      facilityId: b.facilityId, learner: b.learner, achievement: b.achievement, ...(b.validUntil ? { validUntil: new Date(b.validUntil) } : {}),
    });
    return reply.status(201).send(issued);
  });

  app.get('/', {
    preHandler: requireSession,
    schema: {
      tags, description: "Badges: a facility admin sees the facility's; everyone else (or mine=true) their own",
      querystring: Type.Object({ facilityId: Type.Optional(Uuid), mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Array(BadgeSummary), ...errors(401, 403) },
    },
  }, async (req) => listBadges(app.db, cfg(), actorOf(req), req.query));

  app.get('/:id', {
    preHandler: requireSession,
    schema: { tags, description: 'The signed credential (JSON download) for its learner or a facility admin', params: IdParams, response: { 200: Json, ...errors(401, 404) } },
  }, async (req, reply) => {
    const { credential } = await getBadgeForDownload(app.db, cfg(), actorOf(req), req.params.id, 'json');
    return reply.header('content-disposition', `attachment; filename="badge-${req.params.id}.json"`).send(credential);
  });

  app.get('/:id/jwt', {
    preHandler: requireSession,
    schema: {
      tags, description: 'The same credential as a VC-JWT (VC-JOSE-COSE: compact JWS, EdDSA, typ vc+jwt, kid = the issuer did:key), for its learner or a facility admin',
      params: IdParams, response: { 200: Type.String({ description: 'application/vc+jwt' }), ...errors(401, 404) },
    },
  }, async (req, reply) => {
    const { jwt } = await getBadgeForDownload(app.db, cfg(), actorOf(req), req.params.id, 'jwt');
    return reply.header('content-type', 'application/vc+jwt').header('content-disposition', `attachment; filename="badge-${req.params.id}.jwt"`).send(jwt!);
  });

  app.get('/:id/pdf', {
    preHandler: requireSession,
    schema: { tags, description: 'Printable certificate with a QR code to the verification page', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(401, 404) } },
  }, async (req, reply) => {
    const { badge, credential } = await getBadgeForDownload(app.db, cfg(), actorOf(req), req.params.id, 'pdf');
    const ach = ((credential.credentialSubject as Record<string, unknown>).achievement ?? {}) as Record<string, unknown>;
    const issuer = credential.issuer as { id: string; name?: string };
    const pdf = await certificatePdf({
      learnerName: badge.learnerName, achievementName: badge.achievementName, achievementDescription: String(ach.description ?? ''),
      facilityName: issuer.name ?? '', issuedAt: new Date(badge.issuedAt), badgeId: badge.id, issuerDid: issuer.id, verifyUrl: badge.verifyUrl, revoked: badge.revokedAt !== null,
    });
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="badge-${badge.id}.pdf"`).send(pdf);
  });

  app.post('/:id/revoke', {
    preHandler: requireSession,
    schema: {
      tags, description: "Revokes a badge (facility admin): sets its bit in the key's Bitstring Status List and re-signs the list", params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), revokedAt: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => revokeBadge(app.db, cfg(), actorOf(req), req.params.id, req.body.reason));

  app.post('/keys/rotate', {
    preHandler: requireSession,
    schema: {
      tags, description: "Rotates a facility's signing key (facility admin): the old key's validity ends now; badges it signed still verify and stay revocable",
      body: Type.Object({ facilityId: Uuid }, { additionalProperties: false }),
      response: { 200: Type.Object({ retired: Nullable(Type.Object({ did: Type.String(), validFrom: Type.String(), validUntil: Type.String() })), current: Type.Object({ did: Type.String(), validFrom: Type.String() }) }), ...errors(401, 403, 404) },
    },
  }, async (req) => rotateKey(app.db, cfg(), actorOf(req), req.body.facilityId));

  // Public: what a verifier needs, no login (an employer, a ministry inspector, a station offline on the LAN).
  app.get('/issuers', {
    schema: {
      tags, security: [], description: 'Public issuer registry: each facility key (did:key) with its validity period and status list URL',
      querystring: Type.Object({ facilityId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Array(Type.Object({ facilityId: Type.String(), facilityName: Type.String(), did: Type.String(), validFrom: Type.String(), validUntil: Nullable(Type.String()), statusListUrl: Type.String() })) },
    },
  }, async (req) => listIssuerKeys(app.db, req.query.facilityId ?? null));

  app.get('/status/:id', {
    schema: { tags, security: [], description: "A key's signed BitstringStatusListCredential (cache it for offline verification)", params: IdParams, response: { 200: Json, ...errors(404) } },
  }, async (req, reply) => reply.header('cache-control', 'public, max-age=300').send(await statusListCredential(app.db, req.params.id)));

  // Public and CPU-bound (JSON-LD canonicalisation): limited per address so that one client cannot
  // starve the server; a batch verifier uses the CLI, offline.
  const publicLimit = { rateLimit: { max: 300, timeWindow: 60_000 } };
  // A VC-JWT may also be posted as itself (application/vc+jwt): the body is then the token text.
  app.addContentTypeParser('application/vc+jwt', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => done(null, body));
  app.post('/verify', {
    config: publicLimit,
    schema: {
      tags, security: [], description: "Verifies any OpenBadgeCredential against this server's status lists; audited. The body is the JSON credential with its Data Integrity proof, a VC-JWT (as a JSON string, or raw with content-type application/vc+jwt), or its EnvelopedVerifiableCredential",
      body: Type.Unknown(), response: { 200: Outcome, ...errors(400) },
    },
  }, async (req) => verifyCredential(app.db, req.body, req.actor?.id ?? null));

  app.get('/:id/verify', {
    config: publicLimit,
    schema: { tags, security: [], description: 'Verifies a badge this server issued (the page a QR code opens)', params: IdParams, response: { 200: Type.Object({ credential: Json, outcome: Outcome }), ...errors(404) } },
  }, async (req) => verifyStoredBadge(app.db, req.params.id, req.actor?.id ?? null));
};
