/**
 * Issue 15, point 2: abnormal values look abnormal. The latest-vitals tiles carry the value's NEWS2
 * points in words (not colour alone), and the NEWS2 result, the AKI stage and critical lab values sit
 * at the top of the patient page, above the vitals chart. Numbers in Vietnamese format (point 1).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

describe('abnormal values at the top of the patient page (Chromium)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let patientId: string;

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    const me = await apiLogin(context, 'bs.lan');
    const facilityId = me.facilities.find((f) => f.kind === 'hospital')!.id;
    const p = await context.request.post(`${BASE_URL}/api/patients`, {
      data: { fullName: 'Đỗ Văn Cảnh Báo', sex: 'male', birthDate: '1958-03-04', province: 'Phú Thọ', commune: 'Hương Chè', facilityId },
    });
    expect(p.status()).toBe(201);
    patientId = ((await p.json()) as { patient: { id: string } }).patient.id;
    const visit = async (startedAt: string, vitals: Record<string, unknown>, labs: unknown[]) => {
      const r = await context.request.post(`${BASE_URL}/api/patients/${patientId}/encounters`, { data: { facilityId, type: 'inpatient', startedAt, vitals, labs } });
      expect(r.status(), await r.text()).toBe(201);
    };
    const day = 86_400_000;
    // Baseline creatinine 80 µmol/L three days ago, 250 now: ratio 3,1 → AKI stage 3 (NHS England 2014).
    await visit(new Date(Date.now() - 3 * day).toISOString(), { respRate: 16, spo2: 97, systolicBP: 130, diastolicBP: 80, pulse: 72, temperatureC: 36.8, consciousness: 'A', onOxygen: false }, [
      { loinc: '14682-9', value: 80, unit: 'umol/L', refLow: 62, refHigh: 106 },
    ]);
    // SpO2 89 (3), RR 26 (3), pulse 115 (2), SBP 105 (1), 39,2 °C (2), alert, air → NEWS2 11, high.
    await visit(new Date(Date.now() - 60_000).toISOString(), { respRate: 26, spo2: 89, systolicBP: 105, diastolicBP: 70, pulse: 115, temperatureC: 39.2, consciousness: 'A', onOxygen: false }, [
      { loinc: '14682-9', value: 250, unit: 'umol/L', refLow: 62, refHigh: 106 },
      { loinc: '2823-3', value: 7.1, unit: 'mmol/L', refLow: 3.5, refHigh: 5.1 },
    ]);
  });
  afterAll(() => browser?.close());

  it('vi: SpO2 89 % is labelled "3 điểm NEWS2"; summary with NEWS2, AKI stage 3 and critical potassium above the chart', async () => {
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    const spo2 = page.getByTestId('latest-spo2');
    await spo2.waitFor();
    expect(await spo2.getAttribute('data-news2')).toBe('3');
    expect(await spo2.getAttribute('aria-label')).toBe('SpO2 89 % — 3 điểm NEWS2');
    expect(await page.getByTestId('latest-spo2-points').textContent()).toBe('3 điểm NEWS2');
    expect(await page.getByTestId('latest-temperatureC').getAttribute('aria-label')).toBe('Nhiệt độ 39,2 °C — 2 điểm NEWS2');
    expect(await page.getByTestId('latest-pulse').getAttribute('data-news2')).toBe('2');
    // A normal value is not flagged.
    expect(await page.getByTestId('latest-diastolicBP').getAttribute('data-news2')).toBeNull();

    const summary = page.getByTestId('clinical-summary');
    await summary.waitFor();
    expect(await page.getByTestId('summary-news2').getAttribute('data-band')).toBe('high');
    expect(await page.getByTestId('summary-news2').textContent()).toContain('11');
    expect(await page.getByTestId('summary-news2').textContent()).toContain('Nguy cơ cao');
    const aki = await page.getByTestId('aki-banner').textContent();
    expect(aki).toContain('giai đoạn 3');
    expect(aki).toContain('gấp 3,13 lần');
    const crit = await page.getByTestId('summary-critical-row').allTextContents();
    expect(crit.some((c) => c.includes('Kali máu') && c.includes('7,1 mmol/L') && c.includes('cao nguy kịch'))).toBe(true);
    // At the top: above the vitals chart, within the first screen.
    const s = (await summary.boundingBox())!;
    const chart = (await page.getByTestId('vitals-chart').boundingBox())!;
    expect(s.y).toBeLessThan(chart.y);
    expect(s.y + s.height).toBeLessThan(900);
    // Lab table: Vietnamese names and flags, decimal comma.
    const labText = await page.getByTestId('lab-flags').textContent();
    expect(labText).toContain('Creatinin máu');
    expect(labText).not.toContain('[Moles/volume]');
    expect(labText).toContain('7,1 mmol/L');
    await screenshot(page, 'ux-abnormal-vi-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'ux-abnormal-vi-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('en: the same tiles and summary in English', async () => {
    await page.evaluate(() => localStorage.setItem('yte.lang', 'en'));
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    await page.getByTestId('clinical-summary').waitFor();
    expect(await page.getByTestId('latest-spo2').getAttribute('aria-label')).toBe('SpO2 89 % — NEWS2 3 points');
    expect(await page.getByTestId('summary-news2').textContent()).toContain('High risk');
    expect(await page.getByTestId('aki-banner').textContent()).toContain('3.13×');
    await screenshot(page, 'ux-abnormal-en-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'ux-abnormal-en-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => localStorage.removeItem('yte.lang'));
  });
});
