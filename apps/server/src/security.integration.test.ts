/**
 * Cross-site requests, security headers and audited denials (issue 11), on both engines: what an
 * attacker's page on another origin (or a same-site neighbour) tried, refused; headers the SPA and
 * API answer with; every denial left in the audit chain.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, forbidden } from './lib/errors.ts';
import { appendAudit, verifyAuditChain } from './modules/audit/audit.repo.ts';
import { registerDenialAudit } from './modules/audit/denials.ts';
import { ENGINES, openTestApp, type TestApp } from './testing/harness.ts';

const EVIL = 'http://evil.example';
const OWN = 'http://localhost:80'; // inject()'s default Host is localhost:80

describe.each(ENGINES)('CSRF, headers and audited denials on %s', (engine) => {
  let t: TestApp;
  let nurse: string;
  let hospitalId: string;
  let nurseId: string;
  const web = mkdtempSync(join(tmpdir(), 'yte-web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>yte</title><div id="root"></div>');

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  const denials = (userId: string | null) =>
    t.db.query<{ action: string; resource_id: string; details: { status: number; code: string | null } }>(
      "SELECT action, resource_id, details FROM audit_log WHERE outcome = 'denied' AND user_id IS NOT DISTINCT FROM $1 AND action = 'access' ORDER BY seq", [userId]);

  beforeAll(async () => {
    t = await openTestApp(engine, { config: { webDist: web, publicOrigins: ['https://yte.benhvien.example'] } });
    nurse = await t.login('dd.hoa');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    nurseId = (await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'dd.hoa'"))[0]!.id;
  });
  afterAll(() => t?.close());

  describe('CSRF', () => {
    it('refuses a simple cross-origin POST with the session cookie (body-less logout) and changes nothing', async () => {
      const cookie = await t.login('dd.hoa');
      const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: EVIL, 'content-type': 'text/plain' }, payload: 'x' });
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toMatchObject({ code: 'CSRF_REJECTED', messageVi: expect.any(String), details: { reason: 'foreign_origin' } });
      expect((await me(cookie)).statusCode).toBe(200); // still logged in
      // Same-site neighbour (another port, a LAN box) without Origin: Fetch Metadata says same-site.
      const sameSite = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, payload: '{}' });
      expect(sameSite.json()).toMatchObject({ code: 'CSRF_REJECTED', details: { reason: 'cross_site_fetch' } });
      // An old browser's form: no Origin, no Fetch Metadata, no body.
      const oldForm = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(oldForm.json()).toMatchObject({ code: 'CSRF_REJECTED', details: { reason: 'simple_request' } });
      expect((await me(cookie)).statusCode).toBe(200);
      // The SPA: own origin, same-origin fetch metadata, the custom header.
      const spa = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: OWN, 'sec-fetch-site': 'same-origin', 'x-requested-with': 'yte' } });
      expect(spa.statusCode).toBe(204);
      expect((await me(cookie)).statusCode).toBe(401);
    });

    it('refuses a forged body-less "seen" on the triage queue; the patient stays in the queue', async () => {
      const p = await t.app.inject({ method: 'POST', url: '/api/patients', headers: { cookie: nurse }, payload: { fullName: 'Người Thử CSRF', sex: 'male', birthDate: '1970-01-01', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospitalId } });
      const patientId = (p.json() as { patient: { id: string } }).patient.id;
      const tri = await t.app.inject({ method: 'POST', url: '/api/triage', headers: { cookie: nurse }, payload: { facilityId: hospitalId, patientId, signs: ['stridor'] } });
      expect(tri.statusCode).toBe(201);
      const id = (tri.json() as { id: string }).id;
      for (const headers of [{ origin: EVIL }, { origin: 'null' }, { origin: 'http://localhost:8080' }, { 'content-type': 'text/plain' }, {}]) {
        const r = await t.app.inject({ method: 'POST', url: `/api/triage/${id}/seen`, headers: { cookie: nurse, ...headers } });
        expect(r.statusCode, JSON.stringify(headers)).toBe(403);
        expect(r.json().code).toBe('CSRF_REJECTED');
      }
      const [row] = await t.db.query<{ status: string }>('SELECT status FROM triage WHERE id = $1', [id]);
      expect(row!.status).not.toBe('seen');
      const ok = await t.app.inject({ method: 'POST', url: `/api/triage/${id}/seen`, headers: { cookie: nurse, origin: OWN, 'x-requested-with': 'yte' } });
      expect(ok.statusCode).toBe(200);
    });

    it('refuses a multipart upload without the custom header even from the own origin (a form can send multipart)', async () => {
      const boundary = 'b0undary';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.dcm"\r\nContent-Type: application/dicom\r\n\r\nnot dicom\r\n--${boundary}--\r\n`;
      const radiologist = await t.login('bs.minh');
      const headers = { cookie: radiologist, origin: OWN, 'content-type': `multipart/form-data; boundary=${boundary}` };
      const forged = await t.app.inject({ method: 'POST', url: '/api/imaging/upload', headers, payload: body });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().code).toBe('CSRF_REJECTED');
      const app = await t.app.inject({ method: 'POST', url: '/api/imaging/upload', headers: { ...headers, 'x-requested-with': 'yte' }, payload: body });
      expect(app.json().code).not.toBe('CSRF_REJECTED');
    });

    it('accepts a configured public origin; login from a foreign origin is refused (login CSRF); cookie-less callers pass', async () => {
      const viaProxy = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: 'yte_session=stale', origin: 'https://yte.benhvien.example', 'content-type': 'application/json' }, payload: '{}' });
      expect(viaProxy.statusCode).toBe(204);
      const foreignLogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: EVIL }, payload: { username: 'dd.hoa', password: 'yte-demo' } });
      expect(foreignLogin.statusCode).toBe(403);
      expect(foreignLogin.cookies).toHaveLength(0);
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: OWN }, payload: { username: 'dd.hoa', password: 'yte-demo' } });
      expect(login.statusCode).toBe(200);
      // A device key is not a cookie: a gateway may post NDJSON with any (or no) Origin.
      const dev = await t.app.inject({ method: 'POST', url: '/api/ingest/observations', headers: { 'x-device-key': 'no-such-key-0123456789', 'content-type': 'text/plain', origin: EVIL }, payload: '[]' });
      expect(dev.json().code).not.toBe('CSRF_REJECTED');
    });
  });

  describe('security headers', () => {
    const expectHardened = (h: Record<string, unknown>) => {
      const csp = String(h['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('same-origin');
    };

    it('the SPA, /docs and the API answer with CSP, frame and sniffing protection', async () => {
      for (const url of ['/', '/patients/123', '/docs/static/index.html', '/health']) {
        const r = await t.app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBeLessThan(400);
        expectHardened(r.headers);
      }
      const api = await t.app.inject({ method: 'GET', url: '/api/patients?limit=1', headers: { cookie: nurse } });
      expect(api.statusCode).toBe(200);
      expectHardened(api.headers);
      expect(api.headers['strict-transport-security']).toBeUndefined(); // plain http on a LAN
    });

    it('API, FHIR and DICOMweb answers with patient data are never stored by a cache', async () => {
      const [pt] = await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 LIMIT 1', [hospitalId]);
      for (const url of ['/api/patients?limit=1', `/api/patients/${pt!.id}`, `/fhir/R4/Patient/${pt!.id}`, '/dicomweb/studies', '/api/alerts']) {
        const r = await t.app.inject({ method: 'GET', url, headers: { cookie: nurse } });
        expect(r.statusCode, url).toBeLessThan(500);
        expect(r.headers['cache-control'], url).toBe('no-store');
      }
      // Errors too: a 404 names no patient, but nothing under /api is cached.
      expect((await t.app.inject({ method: 'GET', url: '/api/patients/00000000-0000-4000-8000-000000000000', headers: { cookie: nurse } })).headers['cache-control']).toBe('no-store');
    });
  });

  describe('audited denials', () => {
    it("a nurse's forbidden governance attempts each leave an entry, in their own transaction; the chain stays intact", async () => {
      const before = (await denials(nurseId)).length;
      const attempts = [
        { method: 'POST' as const, url: '/api/governance/tools/rcp-news2/suspend', payload: { reason: 'thử' } },
        { method: 'POST' as const, url: '/api/governance/tools/rcp-news2/stage', payload: { stage: 'suspended', reason: 'thử' } },
        { method: 'POST' as const, url: '/api/governance/incidents/00000000-0000-4000-8000-000000000000/notified', payload: {} },
        { method: 'GET' as const, url: '/api/governance/incidents' },
        { method: 'GET' as const, url: '/api/governance/tools/rcp-news2/performance' },
      ];
      for (const a of attempts) expect((await t.app.inject({ ...a, headers: { cookie: nurse } })).statusCode, a.url).toBe(403);
      const rows = (await denials(nurseId)).slice(before);
      expect(rows.map((r) => r.resource_id)).toEqual([
        'POST /api/governance/tools/:id/suspend', 'POST /api/governance/tools/:id/stage', 'POST /api/governance/incidents/:id/notified',
        'GET /api/governance/incidents', 'GET /api/governance/tools/:id/performance',
      ]);
      expect(rows.every((r) => r.details.status === 403 && r.details.code === 'FORBIDDEN')).toBe(true);
      // The tool was not suspended by any of them.
      expect(await t.db.query("SELECT 1 FROM ai_tool_stage WHERE tool_id = 'rcp-news2' AND stage = 'suspended'")).toHaveLength(0);
      expect((await verifyAuditChain(t.db)).firstBreak).toBeNull();
    });

    it('a denial thrown inside a transaction is recorded in its own one, after the request\'s work rolled back', async () => {
      const sut = Fastify();
      sut.decorate('db', t.db);
      sut.decorateRequest('actor', null);
      registerDenialAudit(sut);
      sut.setErrorHandler((err, _req, reply) => reply.status(err instanceof AppError ? err.status : 500).send(err instanceof AppError ? err.toJSON() : {}));
      sut.post('/api/probe/:id', async () => t.db.tx(async (q) => {
        await appendAudit(q, { userId: null, facilityId: null, action: 'probe-write', resourceType: 'Probe', resourceId: null, patientId: null, outcome: 'success', details: null });
        throw forbidden();
      }));
      await sut.ready();
      const res = await sut.inject({ method: 'POST', url: '/api/probe/1', payload: {} });
      expect(res.statusCode).toBe(403);
      expect(await t.db.query("SELECT 1 FROM audit_log WHERE action = 'probe-write'")).toHaveLength(0);
      const [last] = await t.db.query<{ resource_id: string; outcome: string }>('SELECT resource_id, outcome FROM audit_log ORDER BY seq DESC LIMIT 1');
      expect(last).toEqual({ resource_id: 'POST /api/probe/:id', outcome: 'denied' });
      expect((await verifyAuditChain(t.db)).firstBreak).toBeNull();
      await sut.close();
    });

    it('a refused cross-site request and an unauthenticated read of patient data are audited too', async () => {
      const before = (await denials(nurseId)).length;
      await t.app.inject({ method: 'POST', url: '/api/alerts/00000000-0000-4000-8000-000000000000/ack', headers: { cookie: nurse, origin: EVIL } });
      const csrf = (await denials(nurseId)).slice(before);
      expect(csrf).toHaveLength(1);
      expect(csrf[0]!.details).toMatchObject({ status: 403, code: 'CSRF_REJECTED' });
      const [pt] = await t.db.query<{ id: string }>('SELECT id FROM patient LIMIT 1');
      const anonBefore = (await denials(null)).length;
      expect((await t.app.inject({ method: 'GET', url: `/api/patients/${pt!.id}` })).statusCode).toBe(401);
      const anon = (await denials(null)).slice(anonBefore);
      expect(anon.map((r) => r.resource_id)).toEqual(['GET /api/patients/:id']);
      const [withPatient] = await t.db.query<{ patient_id: string }>("SELECT patient_id FROM audit_log WHERE outcome = 'denied' ORDER BY seq DESC LIMIT 1");
      expect(withPatient!.patient_id).toBe(pt!.id);
      // The SPA's "am I logged in?" probe is not a denial.
      await t.app.inject({ method: 'GET', url: '/api/auth/me' });
      expect((await denials(null)).length).toBe(anonBefore + 1);
      expect((await verifyAuditChain(t.db)).firstBreak).toBeNull();
    });
  });
});
