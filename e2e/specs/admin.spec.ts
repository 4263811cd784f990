/**
 * Issue 15, point 8: the facility admin's console. ql.hung lands on it; creates an account whose
 * one-time password the new user must change; deactivates it (its session ends); finds a denied
 * attempt in the access log; exports a patient's personal data and access log as a file (PDP law
 * 2025) that lists its own export; registers a bedside monitor and revokes its key; changes a
 * facility setting. Screenshots at desktop and phone size.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';

const RUN = Date.now().toString(36).slice(-5);
const XHR = { 'x-requested-with': 'XMLHttpRequest' };

describe('facility admin console (Chromium, vi)', () => {
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let patientId = '';
  const patientName = 'Trịnh Thị Quyền Riêng';

  beforeAll(async () => {
    browser = await launch();
    admin = await newSession(browser);
    await apiLogin(admin.context, 'ql.hung');
    const doctor = (await newSession(browser)).context;
    const me = await apiLogin(doctor, 'bs.lan');
    const facilityId = me.facilities.find((f) => f.kind === 'hospital')!.id;
    const p = await doctor.request.post(`${BASE_URL}/api/patients`, { data: { fullName: 'Trịnh Thị Quyền Riêng', sex: 'female', birthDate: '1975-09-02', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId } });
    expect(p.status()).toBe(201);
    patientId = ((await p.json()) as { patient: { id: string } }).patient.id;
    expect((await doctor.request.get(`${BASE_URL}/api/patients/${patientId}`)).status()).toBe(200);
    // A denied attempt by the doctor, for the access log.
    expect((await doctor.request.get(`${BASE_URL}/api/admin/users`)).status()).toBe(403);
    await doctor.close();
  });
  afterAll(() => browser?.close());

  it('ql.hung lands on the admin home', async () => {
    const { context, page } = await newSession(browser);
    const login = new LoginPage(page);
    await login.open();
    await login.login('ql.hung', 'yte-demo');
    await page.waitForURL('**/admin', { timeout: 15_000 });
    await page.getByTestId('admin-home').waitFor();
    await expect.poll(() => page.title()).toBe('Quản trị cơ sở · yte');
    await expect.poll(() => page.getByTestId('admin-denials').textContent()).toMatch(/^[1-9]\d* lần trong 7 ngày qua$/);
    for (const nav of ['nav-admin', 'nav-adminusers', 'nav-adminaudit', 'nav-admindevices', 'nav-adminsettings']) expect(await page.getByTestId(nav).isVisible()).toBe(true);
    await screenshot(page, 'admin-home-vi-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-home-vi-phone');
    await context.close();
  });

  it('creates an account with a one-time password; the new user must change it; deactivation ends their session', async () => {
    const { page } = admin;
    const username = `dd.e2e${RUN}`;
    await page.goto(`${BASE_URL}/admin/users`);
    await page.getByTestId('admin-user-row').first().waitFor();
    await page.getByTestId('admin-user-new').click();
    await page.getByTestId('admin-new-fullName').fill('ĐD. Lưu Thị Mới');
    await page.getByTestId('admin-new-username').fill(username);
    await page.getByTestId('admin-new-roles').click({ force: true });
    await page.getByRole('option', { name: 'Điều dưỡng' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('admin-new-save').click();
    const temp = (await page.getByTestId('admin-temp-password').textContent())!.trim();
    expect(temp).toMatch(/^[A-Za-z2-9]{12}$/);
    await screenshot(page, 'admin-users-temp-password-vi-desktop');
    await page.getByTestId('admin-temp-close').click();
    const row = page.locator(`[data-testid="admin-user-row"][data-username="${username}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Chờ đổi mật khẩu');

    // The new nurse logs in with the temporary password and is asked to change it.
    const nurse = await newSession(browser);
    await new LoginPage(nurse.page).open();
    await new LoginPage(nurse.page).login(username, temp);
    await nurse.page.getByTestId('password-banner').waitFor({ timeout: 15_000 });
    await nurse.page.getByTestId('password-current').fill(temp);
    await nurse.page.getByTestId('password-new').fill('mat-khau-rieng-2026');
    await nurse.page.getByTestId('password-save').click();
    await nurse.page.getByTestId('password-banner').waitFor({ state: 'detached' });

    // Deactivate: the nurse's session ends at once.
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Chờ đổi mật khẩu');
    expect(await row.getByTestId('admin-user-sessions').textContent()).toBe('1');
    await row.getByTestId('admin-user-menu').click();
    await page.getByTestId('admin-user-deactivate').click();
    await page.getByTestId('admin-confirm').click();
    await expect.poll(() => row.getByTestId('admin-user-status').textContent()).toBe('Đã khoá');
    expect(await row.getByTestId('admin-user-sessions').textContent()).toBe('0');
    expect((await nurse.context.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(401);
    await nurse.context.close();
    await clearToasts(page);
    await screenshot(page, 'admin-users-vi-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-users-vi-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('the access log shows denials, filters by patient, and exports the data subject file, which lists its own export', async () => {
    const { page } = admin;
    await page.goto(`${BASE_URL}/admin/audit?outcome=denied`);
    await page.getByTestId('audit-row').first().waitFor();
    const outcomes = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
    expect(new Set(outcomes)).toEqual(new Set(['denied']));
    expect(await page.getByTestId('audit-table').textContent()).toContain('bs.lan');
    await page.goto(`${BASE_URL}/admin/audit`);
    await page.getByTestId('audit-patient').fill('quyen rieng'); // without diacritics
    await page.getByRole('option', { name: new RegExp(patientName) }).first().click();
    await page.getByTestId('audit-patient-chosen').waitFor();
    await expect.poll(async () => (await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).includes('read')).toBe(true);
    expect(await page.getByTestId('audit-table').textContent()).toContain('Xem');
    await screenshot(page, 'admin-audit-vi-desktop');

    await page.getByTestId('pdp-export').click();
    await page.getByTestId('pdp-reference').fill(`YC-${RUN}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pdp-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^du-lieu-ca-nhan-${patientId}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { requestReference: string; subject: { fullName: string }; accessLog: Array<{ action: string; username: string }> };
    expect(file.requestReference).toBe(`YC-${RUN}`);
    expect(file.subject.fullName).toBe(patientName);
    expect(file.accessLog.some((e) => e.username === 'bs.lan' && e.action === 'read')).toBe(true);
    expect(file.accessLog.at(-1)).toMatchObject({ action: 'export', username: 'ql.hung' });
    await expect.poll(async () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toContain('export');
    await page.setViewportSize({ width: 390, height: 844 });
    await clearToasts(page);
    await screenshot(page, 'admin-audit-vi-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('registers a bedside monitor, revokes its key (its readings then answer 401), and saves a facility setting', async () => {
    const { page } = admin;
    const id = `MON-E2E-${RUN}`;
    const key = `khoa-e2e-${RUN}-0123456789`;
    await page.goto(`${BASE_URL}/admin/devices`);
    await page.getByTestId('admin-device-id').fill(id);
    await page.getByTestId('admin-device-bed').fill('HSTC-09');
    await page.getByTestId('admin-device-apikey').fill(key);
    await page.getByTestId('admin-device-register').click();
    const row = page.locator(`[data-testid="admin-device-row"][data-device="${id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('admin-device-key').textContent()).toBe('Có khoá');
    const send = () => admin.context.request.post(`${BASE_URL}/api/ingest/observations`, { headers: { 'x-device-key': key, 'content-type': 'application/json' }, data: [{ deviceId: id, at: new Date().toISOString(), vitals: { pulse: 80 } }] });
    expect((await send()).status()).toBe(200);
    await row.getByTestId('admin-device-revoke').click();
    await expect.poll(() => row.getByTestId('admin-device-key').textContent()).toBe('Không có khoá');
    expect((await send()).status()).toBe(401);
    await screenshot(page, 'admin-devices-vi-desktop');

    await page.goto(`${BASE_URL}/admin/settings`);
    await page.getByTestId('admin-settings-phone').fill('0208 3855 777');
    await page.getByTestId('admin-settings-save').click();
    await page.getByText('Đã lưu cài đặt').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('admin-settings-phone').inputValue()).toBe('0208 3855 777');
    await clearToasts(page);
    await screenshot(page, 'admin-settings-vi-desktop');
    const bad = await admin.context.request.put(`${BASE_URL}/api/admin/facilities/${(await (await admin.context.request.get(`${BASE_URL}/api/auth/me`)).json() as { facilities: { id: string }[] }).facilities[0]!.id}/settings`, { headers: XHR, data: { name: 'x', settings: {} } });
    expect(bad.status()).toBe(400);
  });

  it('English: the console is translated', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'ql.hung');
    await page.addInitScript(() => localStorage.setItem('yte.lang', 'en'));
    await page.goto(`${BASE_URL}/admin`);
    await page.getByTestId('admin-home').waitFor();
    expect(await page.getByTestId('admin-home').textContent()).toContain('Staff accounts, settings, devices');
    await screenshot(page, 'admin-home-en-desktop');
    await context.close();
  });
});
