/**
 * Issue 15, point 3: alerts reach the nurse wherever she is. A new emergency alert shows a toast on
 * the patient list (not only on the alerts page), the navigation carries the count of unacknowledged
 * alerts, an acknowledged alert looks different, and the sound is off unless the nurse turns it on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

describe('alerts on every page (Chromium, vi)', () => {
  let browser: Browser;
  let nurse: { context: BrowserContext; page: Page };
  let ward: BrowserContext;
  let facilityId = '';

  const newPatient = async (fullName: string) => {
    const r = await ward.request.post(`${BASE_URL}/api/patients`, { data: { fullName, sex: 'female', birthDate: '1960-01-02', province: 'Phú Thọ', commune: 'Hương Chè', facilityId } });
    expect(r.status()).toBe(201);
    return ((await r.json()) as { patient: { id: string } }).patient.id;
  };
  /** NEWS2 11 (RR 27, SpO2 89, SBP 92, pulse 128, 38,9 °C): an emergency alert (RCP 2017 Chart 4). */
  const deteriorate = async (patientId: string) => {
    const r = await ward.request.post(`${BASE_URL}/api/patients/${patientId}/encounters`, {
      data: { facilityId, type: 'inpatient', vitals: { respRate: 27, spo2: 89, onOxygen: false, systolicBP: 92, pulse: 128, consciousness: 'A', temperatureC: 38.9 } },
    });
    expect(r.status(), await r.text()).toBe(201);
  };
  const badgeCount = async (page: Page) => {
    const b = page.getByTestId('alerts-unack-badge');
    return (await b.count()) ? Number(await b.textContent()) : 0;
  };

  beforeAll(async () => {
    browser = await launch();
    nurse = await newSession(browser);
    ward = (await newSession(browser)).context;
    await apiLogin(nurse.context, 'dd.hoa');
    const me = await apiLogin(ward, 'bs.lan');
    facilityId = me.facilities.find((f) => f.kind === 'hospital')!.id;
  });
  afterAll(() => browser?.close());

  it('a new emergency alert toasts on the patient list and raises the navigation badge; no sound by default', async () => {
    const page = nurse.page;
    await page.goto(`${BASE_URL}/patients`);
    await page.getByTestId('nav-alerts').waitFor();
    await page.waitForTimeout(1500); // the shared stream connects
    const before = await badgeCount(page);
    const id = await newPatient('Lê Thị Toàn Trang');
    await deteriorate(id);
    const toast = page.getByTestId('alert-toast').filter({ hasText: 'Lê Thị Toàn Trang' });
    await toast.waitFor({ timeout: 5_000 });
    expect(await toast.textContent()).toContain('NEWS2 11');
    expect(new URL(page.url()).pathname).toBe('/patients');
    await expect.poll(() => badgeCount(page)).toBe(before + 1);
    expect(await page.getByTestId('alerts-unack-badge').getAttribute('aria-label')).toBe(`${before + 1} cảnh báo chưa xác nhận`);
    expect(await page.evaluate(() => document.documentElement.dataset.alertSounds ?? '0')).toBe('0');
    await screenshot(page, 'ux-alerts-toast-vi-desktop');
    // The toast's link opens the patient.
    await toast.getByRole('link').click();
    await page.waitForURL(`**/patients/${id}`);
  });

  it('an acknowledged alert looks different and leaves the badge', async () => {
    const page = nurse.page;
    await page.goto(`${BASE_URL}/alerts`);
    const card = page.getByTestId('alert-card').filter({ hasText: 'Lê Thị Toàn Trang' });
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('open');
    expect(await card.getByTestId('alert-why').textContent()).toContain('Nhịp thở +3');
    const openStyle = await card.evaluate((el) => getComputedStyle(el).borderLeftStyle);
    const before = await badgeCount(page);
    await card.getByTestId('alert-ack').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('acknowledged');
    expect(await card.getByTestId('alert-status').textContent()).toContain('Đã xác nhận');
    const ackStyle = await card.evaluate((el) => getComputedStyle(el).borderLeftStyle);
    expect([openStyle, ackStyle]).toEqual(['solid', 'dashed']);
    await expect.poll(() => badgeCount(page)).toBe(before - 1);
    await screenshot(page, 'ux-alerts-ack-vi-desktop');
  });

  it('with the sound turned on, a new emergency alert asks for the sound', async () => {
    const page = nurse.page;
    await page.goto(`${BASE_URL}/alerts`);
    await page.getByTestId('alerts-sound').click();
    expect(await page.evaluate(() => localStorage.getItem('yte.alerts.sound'))).toBe('on');
    await page.goto(`${BASE_URL}/patients`);
    await page.waitForTimeout(1500);
    await deteriorate(await newPatient('Phan Thị Chuông Reo'));
    await page.getByTestId('alert-toast').filter({ hasText: 'Phan Thị Chuông Reo' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.alertSounds)).toBe('1');
  });
});
