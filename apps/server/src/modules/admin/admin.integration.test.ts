import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { temporaryPassword } from './admin.service.ts';

interface Staff { id: string; username: string; roles: string[]; active: boolean; mustChangePassword: boolean; activeSessions: number; managedHere: boolean; lastLoginAt: string | null }
interface Entry { seq: number; at: string; username: string | null; action: string; resourceType: string; patientId: string | null; patientName: string | null; outcome: string }

describe('temporaryPassword', () => {
  it('is 12 characters without look-alikes', () => {
    const p = temporaryPassword(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]));
    expect(p).toHaveLength(12);
    expect(p).not.toMatch(/[0O1lI]/);
    expect(p.slice(0, 3)).toBe('abc');
  });
});

describe.each(ENGINES)('facility admin console on %s', (engine) => {
  let t: TestApp;
  let admin: string; // ql.hung, facility admin of BVDK-TN
  let doctor: string; // bs.lan at BVDK-TN
  let hospitalId: string;
  let stationId: string;
  let hospitalPatient: string;
  let stationPatient: string;
  const h = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, cookie = admin, payload?: object) =>
    t.app.inject({ method, url, headers: payload ? h(cookie) : { cookie, 'x-requested-with': 'XMLHttpRequest' }, ...(payload ? { payload } : {}) });
  const users = async () => (await req('GET', '/api/admin/users')).json() as Staff[];

  beforeAll(async () => {
    t = await openTestApp(engine);
    admin = await t.login('ql.hung');
    doctor = await t.login('bs.lan');
    const fid = async (code: string) => (await t.db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [code]))[0]!.id;
    hospitalId = await fid('BVDK-TN');
    stationId = await fid('TYT-TANCUONG');
    hospitalPatient = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [hospitalId]))[0]!.id;
    stationPatient = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [stationId]))[0]!.id;
  });
  afterAll(() => t?.close());

  it('is for facility admins only', async () => {
    for (const url of ['/api/admin/users', '/api/admin/devices', '/api/admin/audit', `/api/admin/facilities/${hospitalId}/settings`]) {
      expect((await req('GET', url, doctor)).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
  });

  it("lists the hospital's staff only; a province-wide account is shown but managed elsewhere", async () => {
    const list = await users();
    const names = list.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['bs.lan', 'dd.hoa', 'bs.minh', 'ql.hung', 'qt.mai']));
    expect(names).not.toContain('yt.tuan'); // station staff only
    expect(list.find((u) => u.username === 'qt.mai')!.managedHere).toBe(false);
    const lan = list.find((u) => u.username === 'bs.lan')!;
    expect(lan).toMatchObject({ managedHere: true, active: true, roles: ['doctor'] });
    expect(lan.activeSessions).toBeGreaterThanOrEqual(1);
    expect(lan.lastLoginAt).not.toBeNull();
    const qtmai = list.find((u) => u.username === 'qt.mai')!;
    expect((await req('PATCH', `/api/admin/users/${qtmai.id}`, admin, { active: false })).json()).toMatchObject({ code: 'MANAGED_ELSEWHERE' });
    const tuan = (await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'yt.tuan'"))[0]!.id;
    expect((await req('PATCH', `/api/admin/users/${tuan}`, admin, { active: false })).statusCode).toBe(404);
    expect((await req('POST', `/api/admin/users/${tuan}/reset-password`)).statusCode).toBe(404);
  });

  it('creates an account with a one-time password that must be changed, then deactivates it', async () => {
    const bad = await req('POST', '/api/admin/users', admin, { username: '1x', fullName: 'A B', roles: ['nurse'], facilityIds: [hospitalId] });
    expect(bad.json()).toMatchObject({ code: 'INVALID_USERNAME', field: 'username' });
    expect((await req('POST', '/api/admin/users', admin, { username: 'dd.foreign', fullName: 'Lê Thị Xa', roles: ['nurse'], facilityIds: [stationId] })).statusCode).toBe(404);
    expect((await req('POST', '/api/admin/users', admin, { username: 'BS.LAN', fullName: 'Trùng Tên', roles: ['nurse'], facilityIds: [hospitalId] })).statusCode).toBe(409);
    const res = await req('POST', '/api/admin/users', admin, { username: 'dd.thu', fullName: '  ĐD.  Lê Thị Thu ', roles: ['nurse'], facilityIds: [hospitalId] });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword: pw } = res.json() as { user: Staff & { fullName: string }; temporaryPassword: string };
    expect(user).toMatchObject({ username: 'dd.thu', fullName: 'ĐD. Lê Thị Thu', roles: ['nurse'], mustChangePassword: true, active: true });
    expect(pw).toHaveLength(12);

    const thu = await t.login('dd.thu', pw);
    expect(((await req('GET', '/api/auth/me', thu)).json() as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    expect((await req('POST', '/api/auth/password', thu, { currentPassword: 'wrong', newPassword: 'mat-khau-moi-2026' })).statusCode).toBe(403);
    expect((await req('POST', '/api/auth/password', thu, { currentPassword: pw, newPassword: 'ngan' })).json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    expect((await req('POST', '/api/auth/password', thu, { currentPassword: pw, newPassword: 'mat-khau-moi-2026' })).statusCode).toBe(204);
    expect(((await req('GET', '/api/auth/me', thu)).json() as { mustChangePassword: boolean }).mustChangePassword).toBe(false);

    // Role change, then deactivation logs the user out everywhere and refuses the next login.
    expect((await req('PATCH', `/api/admin/users/${user.id}`, admin, { roles: ['nurse', 'doctor'] })).json()).toMatchObject({ roles: ['nurse', 'doctor'] });
    const off = await req('PATCH', `/api/admin/users/${user.id}`, admin, { active: false });
    expect(off.json()).toMatchObject({ active: false, activeSessions: 0 });
    expect((await req('GET', '/api/auth/me', thu)).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dd.thu', password: 'mat-khau-moi-2026' } });
    expect(login.statusCode).toBe(401);
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE resource_type = 'User' AND resource_id = $1 ORDER BY seq", [user.id]);
    expect(audit.map((a) => a.action)).toEqual(['create', 'change_password', 'update', 'deactivate']);

    // Reactivate, then reset the password: the old one stops working, the new one must be changed.
    expect((await req('PATCH', `/api/admin/users/${user.id}`, admin, { active: true })).json()).toMatchObject({ active: true });
    const reset = (await req('POST', `/api/admin/users/${user.id}/reset-password`)).json() as { temporaryPassword: string };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dd.thu', password: 'mat-khau-moi-2026' } })).statusCode).toBe(401);
    const again = await t.login('dd.thu', reset.temporaryPassword);
    expect(((await req('GET', '/api/auth/me', again)).json() as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    expect((await req('POST', `/api/admin/users/${user.id}/end-sessions`)).json()).toEqual({ sessionsEnded: 1 });
    expect((await req('GET', '/api/auth/me', again)).statusCode).toBe(401);
  });

  it('an admin cannot lock themself out', async () => {
    const me = (await users()).find((u) => u.username === 'ql.hung')!;
    expect((await req('PATCH', `/api/admin/users/${me.id}`, admin, { active: false })).json()).toMatchObject({ code: 'SELF_LOCKOUT' });
    expect((await req('PATCH', `/api/admin/users/${me.id}`, admin, { roles: ['doctor'] })).json()).toMatchObject({ code: 'SELF_LOCKOUT' });
  });

  it('reads and writes facility settings, validated and audited; another facility is 404', async () => {
    const s0 = (await req('GET', `/api/admin/facilities/${hospitalId}/settings`)).json() as { name: string; settings: { emergencyNumber: string } };
    expect(s0.settings.emergencyNumber).toBe('115');
    const bad = await req('PUT', `/api/admin/facilities/${hospitalId}/settings`, admin, { name: s0.name, settings: { phone: '12', emergencyNumber: '115', dataProtectionContact: '', alertSoundDefault: false } });
    expect(bad.json()).toMatchObject({ code: 'INVALID_PHONE', field: 'settings.phone' });
    const ok = await req('PUT', `/api/admin/facilities/${hospitalId}/settings`, admin, { name: s0.name, settings: { phone: '0208 3855 123', emergencyNumber: '115', dataProtectionContact: 'Phòng CNTT — dpo@bvhc.example.vn', alertSoundDefault: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ settings: { phone: '0208 3855 123', alertSoundDefault: true } });
    expect((await req('GET', `/api/admin/facilities/${stationId}/settings`)).statusCode).toBe(404);
    const a = await t.db.query<{ details: { after: { phone: string } } }>("SELECT details FROM audit_log WHERE resource_type = 'FacilitySetting' ORDER BY seq DESC LIMIT 1");
    expect(a[0]!.details.after.phone).toBe('0208 3855 123');
  });

  it('lists devices of its facilities and revokes a key', async () => {
    const reg = await req('POST', '/api/devices', admin, { deviceId: 'MON-ADMIN-1', facilityId: hospitalId, bed: 'HSTC-04', patientId: hospitalPatient, apiKey: 'khoa-thiet-bi-0123456789' });
    expect(reg.statusCode).toBe(200);
    const list = (await req('GET', '/api/admin/devices')).json() as Array<{ id: string; hasKey: boolean; bed: string; patientId: string | null }>;
    expect(list.find((d) => d.id === 'MON-ADMIN-1')).toMatchObject({ hasKey: true, bed: 'HSTC-04', patientId: hospitalPatient });
    const ingest = () => t.app.inject({ method: 'POST', url: '/api/ingest/observations', headers: { 'x-device-key': 'khoa-thiet-bi-0123456789', 'content-type': 'application/json' }, payload: [] });
    expect((await ingest()).statusCode).not.toBe(401);
    expect((await req('POST', '/api/admin/devices/MON-ADMIN-1/revoke-key')).json()).toMatchObject({ hasKey: false });
    expect((await ingest()).statusCode).toBe(401);
    expect((await req('POST', '/api/admin/devices/MON-ADMIN-1/release')).json()).toMatchObject({ patientId: null });
    expect((await req('POST', '/api/admin/devices/NO-SUCH/release')).statusCode).toBe(404);
  });

  it('the audit viewer filters by patient, outcome (denials), user and dates, pages, and is itself audited', async () => {
    // A denial by a hospital doctor, and a read of a hospital patient.
    expect((await req('GET', '/api/admin/users', doctor)).statusCode).toBe(403);
    expect((await req('GET', `/api/patients/${hospitalPatient}`, doctor)).statusCode).toBe(200);
    const q = async (qs: string) => (await req('GET', `/api/admin/audit?${qs}`)).json() as { items: Entry[]; hasMore: boolean; actions: string[] };
    const denied = await q('outcome=denied');
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items.every((e) => e.outcome === 'denied')).toBe(true);
    expect(denied.items.some((e) => e.username === 'bs.lan')).toBe(true);
    const lanId = (await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'bs.lan'"))[0]!.id;
    const reads = await q(`patientId=${hospitalPatient}&userId=${lanId}&action=read`);
    expect(reads.items[0]).toMatchObject({ username: 'bs.lan', action: 'read', resourceType: 'Patient', patientId: hospitalPatient, outcome: 'success' });
    expect(reads.items[0]!.patientName).toBeTruthy();
    expect(reads.actions).toContain('login');
    // The station's patient is outside the admin's facilities: its entries are not shown.
    await req('GET', `/api/patients/${stationPatient}`, await t.login('yt.tuan'));
    expect((await q(`patientId=${stationPatient}`)).items).toEqual([]);
    // Dates: a range in the future is empty; paging returns disjoint pages.
    expect((await q('from=2999-01-01T00:00:00Z')).items).toEqual([]);
    expect((await req('GET', '/api/admin/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).json()).toMatchObject({ code: 'INVALID_RANGE' });
    const p1 = (await q('limit=5')) as Awaited<ReturnType<typeof q>> & { nextBefore: number };
    const p2 = await q(`limit=5&before=${p1.nextBefore}`);
    expect(p1.hasMore).toBe(true);
    expect(p1.items).toHaveLength(5);
    expect(p1.nextBefore).toBe(p1.items[4]!.seq);
    expect(p2.items[0]!.seq).toBe(p1.items[4]!.seq - 1); // the next page starts right after, even though the first read added an entry
    const self = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'AuditLog' AND action = 'search'");
    expect(self[0]!.n).toBe(6); // denied, reads, station, future, page 1, page 2 (the 400 wrote nothing)
  });

  it("exports a data subject's personal data and access log as a file; the export lists itself; another facility's patient is 404 and audited", async () => {
    expect((await req('GET', `/api/admin/patients/${hospitalPatient}/personal-data-export`)).statusCode).toBe(400); // reference required
    const res = await req('GET', `/api/admin/patients/${hospitalPatient}/personal-data-export?reference=YC-2026-017`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="du-lieu-ca-nhan-.*\.json"$/);
    const file = res.json() as { legalBasis: string; requestReference: string; subject: { id: string; fullName: string }; records: { encounters: unknown[]; observations: unknown[] }; accessLog: Array<{ action: string; resourceType: string; username: string }> };
    expect(file.legalBasis).toContain('91/2025/QH15');
    expect(file.requestReference).toBe('YC-2026-017');
    expect(file.subject.id).toBe(hospitalPatient);
    expect(file.records.encounters.length).toBeGreaterThan(0);
    expect(file.records.observations.length).toBeGreaterThan(0);
    expect(file.accessLog.some((e) => e.username === 'bs.lan' && e.action === 'read')).toBe(true);
    expect(file.accessLog.at(-1)).toMatchObject({ action: 'export', resourceType: 'PersonalDataExport', username: 'ql.hung' });
    expect((await req('GET', `/api/admin/patients/${stationPatient}/personal-data-export?reference=YC-1`)).statusCode).toBe(404);
    const nf = await t.db.query<{ outcome: string; patient_id: string | null }>("SELECT outcome, patient_id FROM audit_log WHERE resource_type = 'PersonalDataExport' ORDER BY seq DESC LIMIT 1");
    expect(nf[0]).toEqual({ outcome: 'not_found', patient_id: null });
  });
});
