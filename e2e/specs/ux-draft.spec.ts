/**
 * Issue 15, point 4: a save never loses what was typed. The session ends while the nurse types a
 * visit; the save answers 401, the login page shows, and after the login the same patient's visit
 * form is open again with every value restored; saving it then stores them.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';
import { PatientPage } from '../pages/PatientPage.ts';

describe('a visit typed when the session expires survives the login (Chromium, vi)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let patientId = '';

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    const me = await apiLogin(context, 'dd.hoa');
    const facilityId = me.facilities[0]!.id;
    const r = await context.request.post(`${BASE_URL}/api/patients`, { data: { fullName: 'Vũ Thị Bản Nháp', sex: 'female', birthDate: '1971-05-06', province: 'Phú Thọ', commune: 'Hương Chè', facilityId } });
    patientId = ((await r.json()) as { patient: { id: string } }).patient.id;
  });
  afterAll(() => browser?.close());

  it('restores the typed vitals after a re-login and saves them', async () => {
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    const pp = new PatientPage(page);
    await pp.openVisitForm();
    await pp.fillVital('pulse', '97');
    await pp.fillVital('temperatureC', '38,4');
    await pp.fillVital('spo2', '94');
    // The session ends on the server (expiry, or logged out elsewhere) while the form is open.
    const out = await context.request.post(`${BASE_URL}/api/auth/logout`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(out.ok()).toBe(true);
    await context.clearCookies();
    await pp.save();
    const login = new LoginPage(page);
    await page.getByTestId('login-username').waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe(`/patients/${patientId}`);
    await login.login('dd.hoa', 'yte-demo');
    await page.getByTestId('draft-restored').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('vital-pulse').inputValue()).toBe('97');
    expect(await page.getByTestId('vital-temperatureC').inputValue()).toBe('38,4');
    expect(await page.getByTestId('vital-spo2').inputValue()).toBe('94');
    await screenshot(page, 'ux-draft-restored-vi-desktop');
    await pp.save();
    await pp.form().waitFor({ state: 'detached', timeout: 10_000 });
    const obs = (await (await context.request.get(`${BASE_URL}/api/patients/${patientId}/observations?category=vital-signs`)).json()) as { code: string; value: number }[];
    expect(obs.find((o) => o.code === '8310-5')?.value).toBe(38.4);
    expect(obs.find((o) => o.code === '8867-4')?.value).toBe(97);
    // Saved: the draft is gone, a reload shows no restored form.
    await page.reload();
    await page.getByTestId('patient-name').waitFor();
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
  });

  it("another user logging in on the same tab does not get the nurse's draft", async () => {
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    const pp = new PatientPage(page);
    await pp.openVisitForm();
    await pp.fillVital('pulse', '101');
    await context.request.post(`${BASE_URL}/api/auth/logout`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    await context.clearCookies();
    await pp.save();
    await page.getByTestId('login-username').waitFor({ timeout: 10_000 });
    await new LoginPage(page).login('bs.lan', 'yte-demo');
    await page.getByTestId('patient-name').waitFor();
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    expect(await pp.form().isVisible()).toBe(false);
  });
});
