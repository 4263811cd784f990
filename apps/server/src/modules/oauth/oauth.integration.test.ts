/**
 * OAuth 2.0 client credentials end to end: a registered client gets a 5-minute bearer token, stores
 * a study by STOW-RS and reads a patient's $everything; scope and facility are enforced; errors
 * follow RFC 6749 §5.2 and RFC 6750 §3.1; revocation refuses live tokens at once; the audit log
 * names the client as the actor.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/harness.ts';
import { createClient } from './oauth.service.ts';

const CT = resolve(import.meta.dirname, '../../../../../../shared/datasets/dicom/pydicom/CT_small.dcm');
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('OAuth 2.0 client credentials (PGlite)', () => {
  let t: TestApp;
  let files: string;
  let facilityId: string;
  let otherFacilityPatient: string;
  let patientId: string;
  let pacs: { clientId: string; clientSecret: string; id: string };
  let reader: { clientId: string; clientSecret: string; id: string };

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'yte-oauth-'));
    t = await openTestApp('pglite', { config: { filesDir: files } });
    [{ id: facilityId }] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'") as [{ id: string }];
    patientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [facilityId]))[0]!.id;
    otherFacilityPatient = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id <> $1 ORDER BY id LIMIT 1', [facilityId]))[0]!.id;
    pacs = await createClient(t.db, null, { name: 'PACS', facilityId, scopes: ['dicomweb.write', 'dicomweb.read', 'system/*.read'] });
    reader = await createClient(t.db, null, { name: 'Observation reader', facilityId, scopes: ['system/Observation.read'] });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(files, { recursive: true, force: true });
  });

  const token = async (c: { clientId: string; clientSecret: string }, scope?: string, how: 'basic' | 'post' = 'basic') => {
    const res = await t.app.inject({
      method: 'POST', url: '/oauth/token',
      headers: { 'content-type': FORM, ...(how === 'basic' ? { authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` } : {}) },
      payload: form({ grant_type: 'client_credentials', ...(scope ? { scope } : {}), ...(how === 'post' ? { client_id: c.clientId, client_secret: c.clientSecret } : {}) }),
    });
    return res;
  };
  const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });

  it('issues a 5-minute bearer token by client_secret_basic and client_secret_post, not cached', async () => {
    const a = await token(pacs);
    expect(a.statusCode).toBe(200);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'dicomweb.write dicomweb.read system/*.read' });
    const b = await token(reader, 'system/Observation.read', 'post');
    expect(b.statusCode).toBe(200);
    expect(b.json().scope).toBe('system/Observation.read');
  });

  it('answers RFC 6749 errors: invalid_client, invalid_scope, unsupported_grant_type, invalid_request', async () => {
    const bad = await token({ clientId: pacs.clientId, clientSecret: 'wrong-secret-wrong-secret' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toBe('invalid_client');
    expect(bad.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await token(reader, 'ingest.write')).json()).toMatchObject({ error: 'invalid_scope' });
    const grant = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': FORM }, payload: form({ grant_type: 'password', username: 'a', password: 'b' }) });
    expect([grant.statusCode, grant.json().error]).toEqual([400, 'unsupported_grant_type']);
    const dup = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': FORM }, payload: 'grant_type=client_credentials&grant_type=client_credentials' });
    expect([dup.statusCode, dup.json().error]).toEqual([400, 'invalid_request']);
  });

  it.skipIf(!existsSync(CT))('a client with a bearer token stores a study (STOW-RS) and reads $everything; the audit names the client (needs ../shared/datasets/dicom)', async () => {
    const tok = (await token(pacs)).json().access_token as string;
    const stow = await t.app.inject({ method: 'POST', url: '/dicomweb/studies', headers: { ...bearer(tok), 'content-type': 'application/dicom' }, payload: readFileSync(CT) });
    expect(stow.statusCode).toBe(200);
    const study = await t.db.query<{ facility_id: string }>("SELECT facility_id::text AS facility_id FROM imaging_study WHERE study_uid = (SELECT study_uid FROM imaging_study ORDER BY received_at DESC LIMIT 1)");
    expect(study[0]!.facility_id).toBe(facilityId);
    const qido = await t.app.inject({ method: 'GET', url: '/dicomweb/studies', headers: bearer(tok) });
    expect(qido.statusCode).toBe(200);
    const ev = await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${patientId}/$everything`, headers: bearer(tok) });
    expect(ev.statusCode).toBe(200);
    expect(ev.json().entry[0].resource).toMatchObject({ resourceType: 'Patient', id: patientId });
    const audit = await t.db.query<{ action: string; resource_type: string }>('SELECT action, resource_type FROM audit_log WHERE user_id = $1 ORDER BY seq', [pacs.id]);
    expect(audit.map((a) => `${a.action} ${a.resource_type}`)).toEqual(expect.arrayContaining(['token OAuthClient', 'create ImagingInstance', 'read Patient/$everything']));
  });

  it('a gateway client with ingest.write sends vital signs; the readings name the client as their author and resolve in FHIR', async () => {
    const gateway = await createClient(t.db, null, { name: 'Ward gateway', facilityId, scopes: ['ingest.write', 'system/*.read'] });
    const nurse = await t.login('dd.hoa');
    expect((await t.app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: nurse }, payload: { deviceId: 'gw-mon-1', facilityId, patientId } })).statusCode).toBe(200);
    const tok = (await token(gateway)).json().access_token as string;
    const res = await t.app.inject({ method: 'POST', url: '/api/ingest/observations', headers: bearer(tok), payload: [{ deviceId: 'gw-mon-1', at: '2026-10-30T01:00:00Z', vitals: { pulse: 88 } }] });
    expect([res.statusCode, res.json().stored]).toEqual([200, 1]);
    const [row] = await t.db.query<{ id: string; recorded_by: string }>("SELECT id, recorded_by::text AS recorded_by FROM observation WHERE device_id = 'gw-mon-1'");
    expect(row!.recorded_by).toBe(gateway.id);
    const obs = (await t.app.inject({ method: 'GET', url: `/fhir/R4/Observation/${row!.id}`, headers: bearer(tok) })).json();
    expect(obs.performer).toEqual([{ reference: `Practitioner/${gateway.id}` }]);
    const who = await t.app.inject({ method: 'GET', url: `/fhir/R4/Practitioner/${gateway.id}`, headers: bearer(tok) });
    expect([who.statusCode, who.json().name[0].text]).toEqual([200, 'Ward gateway']);
    // The shadow account behind the client cannot log in.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `client:${gateway.clientId}`, password: gateway.clientSecret } })).statusCode).toBe(401);
  });

  it('enforces facility (404 for another facility\'s patient) and scope (403 insufficient_scope)', async () => {
    const tok = (await token(pacs)).json().access_token as string;
    expect((await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${otherFacilityPatient}`, headers: bearer(tok) })).statusCode).toBe(404);
    const obsTok = (await token(reader)).json().access_token as string;
    const denied = await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${patientId}`, headers: bearer(obsTok) });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(denied.json().resourceType).toBe('OperationOutcome');
    expect((await t.app.inject({ method: 'POST', url: '/dicomweb/studies', headers: { ...bearer(obsTok), 'content-type': 'application/dicom' }, payload: Buffer.from('x') })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/fhir/R4/Observation?patient=${patientId}`, headers: bearer(obsTok) })).statusCode).toBe(200);
    // Bearer tokens never drive the UI's cookie routes.
    expect((await t.app.inject({ method: 'GET', url: '/api/patients', headers: bearer(tok) })).statusCode).toBe(401);
    const denials = await t.db.query("SELECT 1 FROM audit_log WHERE user_id = $1 AND outcome = 'denied'", [reader.id]);
    expect(denials.length).toBeGreaterThan(0);
  });

  it('an unknown token is 401 invalid_token; a revoked client\'s live token is refused at once', async () => {
    const nope = await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${patientId}`, headers: bearer('x'.repeat(43)) });
    expect(nope.statusCode).toBe(401);
    expect(nope.headers['www-authenticate']).toContain('error="invalid_token"');
    const victim = await createClient(t.db, null, { name: 'Leaky vendor', facilityId, scopes: ['system/*.read'] });
    const tok = (await token(victim)).json().access_token as string;
    expect((await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${patientId}`, headers: bearer(tok) })).statusCode).toBe(200);
    const admin = await t.login('ql.hung');
    const rv = await t.app.inject({ method: 'POST', url: `/api/oauth/clients/${victim.id}/revoke`, headers: { cookie: admin, 'x-requested-with': 'XMLHttpRequest' } });
    expect(rv.statusCode).toBe(200);
    expect(rv.json().revokedAt).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${patientId}`, headers: bearer(tok) })).statusCode).toBe(401);
    expect((await token(victim)).statusCode).toBe(401);
    // A doctor may not register or revoke clients.
    const doctor = await t.login('bs.lan');
    expect((await t.app.inject({ method: 'POST', url: '/api/oauth/clients', headers: { cookie: doctor }, payload: { name: 'x', facilityId, scopes: ['system/*.read'] } })).statusCode).toBe(403);
  });
});
