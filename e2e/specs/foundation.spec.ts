/**
 * Foundation in a real browser: log in, find a patient typed without diacritics, record vitals,
 * see them on the chart, get a field-level error for an impossible value, switch language.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';
import { PatientPage } from '../pages/PatientPage.ts';
import { PatientsPage } from '../pages/PatientsPage.ts';

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

describe('foundation (doctor, Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let target: string;

  beforeAll(async () => {
    browser = await launch();
    page = (await newSession(browser)).page;
  });
  afterAll(() => browser?.close());

  it('refuses a wrong password with a Vietnamese message', async () => {
    const login = new LoginPage(page);
    await login.open();
    await screenshot(page, 'login');
    await login.login('bs.lan', 'sai-mat-khau');
    await expect.poll(() => login.error().textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
  });

  it('logs in and finds a patient typed without diacritics', async () => {
    await new LoginPage(page).login('bs.lan', 'yte-demo');
    const patients = new PatientsPage(page);
    await patients.waitReady();
    // A real demo patient whose name has diacritics, chosen through the API with this session.
    const list = (await (await page.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: { fullName: string }[] };
    target = list.items.map((p) => p.fullName).find((n) => fold(n) !== n.toLowerCase() && /^Nguyễn/.test(n)) ?? list.items[0]!.fullName;
    await patients.search(fold(target));
    // The closest match comes first once the search has run (the unfiltered list could contain it too).
    await expect.poll(() => patients.rows().first().textContent(), { timeout: 10_000 }).toContain(target);
    await screenshot(page, 'patients');
    await patients.openPatient(target);
    expect(await new PatientPage(page).name().textContent()).toBe(target);
  });

  it('shows a field-level error for an impossible pulse and saves nothing', async () => {
    const p = new PatientPage(page);
    await p.openVisitForm();
    await p.fillVital('pulse', '900');
    await p.save();
    await expect.poll(() => p.form().textContent()).toContain('Giá trị phải trong khoảng 20–300');
  });

  it('records vitals and shows them on the chart', async () => {
    const p = new PatientPage(page);
    await p.fillVital('pulse', '123');
    await p.fillVital('respRate', '22');
    await p.fillVital('spo2', '95');
    await p.fillVital('systolicBP', '104');
    await p.fillVital('diastolicBP', '68');
    await p.fillVital('temperatureC', '38.1');
    await p.save();
    await expect.poll(() => p.latest('pulse').textContent(), { timeout: 10_000 }).toContain('123');
    expect(await p.latest('temperatureC').textContent()).toContain('38.1');
    // The chart draws a point for the new reading (recharts renders one dot per value per series).
    const dots = await page.locator('[data-testid="vitals-chart"] .recharts-line-dots circle').count();
    expect(dots).toBeGreaterThan(0);
    await screenshot(page, 'patient');
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('vitals-chart').textContent()).toContain('Vital signs over time');
    expect(await page.getByTestId('nav-patients').textContent()).toContain('Patients');
    await page.getByTestId('lang-switch').click(); // back to Vietnamese for the next specs
  });
});
