/**
 * Live alerts in a second browser session: a deteriorating bedside reading reaches the nurse's
 * alerts page within 1 s and is acknowledged.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession } from '../lib/browser.ts';

describe('bedside alert reaches the care team (Chromium)', () => {
  let browser: Browser;
  let nurse: { context: BrowserContext; page: Page };
  let ward: { context: BrowserContext; page: Page };
  let patientName = '';

  beforeAll(async () => {
    browser = await launch();
    nurse = await newSession(browser);
    ward = await newSession(browser);
    await apiLogin(nurse.context, 'dd.hoa');
    const me = await apiLogin(ward.context, 'bs.lan');
    const hospital = me.facilities.find((f) => f.kind === 'hospital')!;
    const list = (await (await ward.context.request.get(`${BASE_URL}/api/patients?limit=50`)).json()) as { items: { id: string; fullName: string; birthDate: string }[] };
    const adult = list.items.find((p) => p.birthDate < '2000-01-01')!;
    patientName = adult.fullName;
    const res = await ward.context.request.post(`${BASE_URL}/api/devices`, { data: { deviceId: 'E2E-MON-1', facilityId: hospital.id, bed: 'E2E-1', patientId: adult.id } });
    expect(res.ok()).toBe(true);
  });
  afterAll(() => browser?.close());

  it('shows the alert within 1 s of the reading and lets the nurse acknowledge it', async () => {
    const page = nurse.page;
    await page.goto(`${BASE_URL}/alerts`);
    await expect.poll(() => page.getByTestId('alerts-live').textContent(), { timeout: 10_000 }).toContain('Đang nhận trực tiếp');
    const sick = { respRate: 27, spo2: 89, onOxygen: false, systolicBP: 92, pulse: 128, consciousness: 'A', temperatureC: 38.9 };
    const started = Date.now();
    const res = await ward.context.request.post(`${BASE_URL}/api/ingest/observations`, { data: [{ deviceId: 'E2E-MON-1', at: new Date().toISOString(), vitals: sick }] });
    expect((await res.json()).stored).toBe(1);
    const card = page.getByTestId('alert-card').filter({ hasText: patientName });
    await card.waitFor({ timeout: 5_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(await card.getByTestId('alert-score').textContent()).toBe('11');
    await card.getByTestId('alert-ack').click();
    await expect.poll(() => card.getByTestId('alert-status').textContent()).toContain('Đã xác nhận');
  });
});
