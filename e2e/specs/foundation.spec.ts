/**
 * Foundation in a real browser: log in, find a patient typed without diacritics, record vitals,
 * see them on the chart, get a field-level error for an impossible value, switch language.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';
import { PatientPage } from '../pages/PatientPage.ts';
import { PatientsPage } from '../pages/PatientsPage.ts';

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

describe('foundation (doctor, Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let target: string;
  let patientId: string;
  const encounterCount = async (id: string) => ((await (await page.request.get(`${BASE_URL}/api/patients/${id}/encounters`)).json()) as unknown[]).length;

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
    await expect.poll(() => patients.rows().count()).toBe(20);
    await screenshot(page, 'patients');
    // A real demo patient whose name has diacritics, chosen through the API with this session.
    // Preferably one with laboratory results, so that the README screenshot shows the labs table too.
    const list = (await (await page.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: { id: string; fullName: string }[] };
    const names = list.items.map((p) => p.fullName);
    const candidates = list.items.filter((p) => fold(p.fullName) !== p.fullName.toLowerCase() && /^Nguyễn/.test(p.fullName) && names.indexOf(p.fullName) === names.lastIndexOf(p.fullName));
    target = candidates[0]?.fullName ?? list.items[0]!.fullName;
    for (const c of candidates.slice(0, 10)) {
      const labs = (await (await page.request.get(`${BASE_URL}/api/patients/${c.id}/observations?category=laboratory`)).json()) as unknown[];
      if (labs.length > 0) {
        target = c.fullName;
        break;
      }
    }
    await patients.search(fold(target));
    // The closest match comes first once the search has run (the unfiltered list could contain it too).
    await expect.poll(() => patients.rows().first().textContent(), { timeout: 10_000 }).toContain(target);
    await patients.openPatient(target);
    expect(await new PatientPage(page).name().textContent()).toBe(target);
  });

  it('shows a field-level error for an impossible pulse and saves nothing', async () => {
    const p = new PatientPage(page);
    patientId = page.url().split('/').pop()!;
    const before = await encounterCount(patientId);
    await p.openVisitForm();
    await p.fillVital('pulse', '900');
    await p.fillVital('spo2', '97');
    await p.save();
    await expect.poll(() => p.fieldError('pulse')).toBe('Giá trị phải trong khoảng 20–300');
    expect(await p.fieldError('spo2')).toBeNull();
    expect(await encounterCount(patientId)).toBe(before);
  });

  it("puts the server's 400 message on the field it names", async () => {
    // The client mirrors the server's ranges, so a server-side refusal is simulated for this one request.
    const route = '**/api/patients/*/encounters';
    await page.route(route, (r) =>
      r.request().method() === 'POST'
        ? r.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ code: 'IMPOSSIBLE_VALUE', message: 'temperature out of range', messageVi: 'Nhiệt độ ngoài khoảng cho phép (máy chủ)', field: 'vitals.temperatureC' }) })
        : r.fallback(),
    );
    const p = new PatientPage(page);
    await p.fillVital('pulse', '88');
    await p.fillVital('temperatureC', '37');
    await p.save();
    await expect.poll(() => p.fieldError('temperatureC')).toBe('Nhiệt độ ngoài khoảng cho phép (máy chủ)');
    expect(await p.fieldError('pulse')).toBeNull();
    await page.unroute(route);
  });

  it('records vitals and shows them on the chart', async () => {
    const p = new PatientPage(page);
    const dotsBefore = await p.chartDots().count();
    await p.fillVital('pulse', '123');
    await p.fillVital('respRate', '22');
    await p.fillVital('spo2', '95');
    await p.fillVital('systolicBP', '104');
    await p.fillVital('diastolicBP', '68');
    await p.fillVital('temperatureC', '38.1');
    await p.save();
    await expect.poll(() => p.latest('pulse').textContent(), { timeout: 10_000 }).toContain('123');
    expect(await p.latest('temperatureC').textContent()).toContain('38,1'); // shown the Vietnamese way (issue 15, point 1)
    // One new point on each series shown by default (pulse, resp rate, SpO2, systolic BP).
    await expect.poll(() => p.chartDots().count()).toBe(dotsBefore + 4);
    // Stamped now, shown in Vietnam's time zone.
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    expect(await page.getByTestId('vitals-latest').textContent()).toContain(today);
    await clearToasts(page);
    await screenshot(page, 'patient');
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('vitals-chart').textContent()).toContain('Vital signs over time');
    expect(await page.getByTestId('nav-patients').textContent()).toContain('Patients');
    await page.getByTestId('lang-switch').click(); // back to Vietnamese for the next specs
  });
});
