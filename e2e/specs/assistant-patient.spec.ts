/**
 * The staff assistant on one patient, as a doctor meets it: the 48-hour summary (each sentence with its
 * source records) and the referral-letter draft she completes and accepts; on a desktop and a phone,
 * in Vietnamese and English. The spec records its own patient.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, screenshot } from '../lib/browser.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function session(browser: Browser, viewport: { width: number; height: number }, lang: 'vi' | 'en' = 'vi'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: lang === 'vi' ? 'vi-VN' : 'en-GB', timezoneId: 'Asia/Ho_Chi_Minh', isMobile: viewport.width < 500 });
  await context.addInitScript((l) => localStorage.setItem('yte.lang', l), lang);
  return { context, page: await context.newPage() };
}

describe('staff assistant on a patient (Chromium)', () => {
  let browser: Browser;
  let patientId: string;

  beforeAll(async () => {
    browser = await launch();
    const { context } = await session(browser, DESKTOP);
    const me = await apiLogin(context, 'bs.lan');
    const hospital = me.facilities.find((f) => f.kind === 'hospital')!.id;
    const created = await context.request.post(`${BASE_URL}/api/patients`, { data: { fullName: 'Hà Thị Tóm Tắt', sex: 'female', birthDate: '1956-09-14', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospital, bhyt: 'HT3010123456789' } });
    expect(created.status(), await created.text()).toBe(201);
    patientId = ((await created.json()) as { patient: { id: string } }).patient.id;
    const ago = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    for (const [h, vitals, creat] of [[30, { pulse: 96, temperatureC: 38.1, spo2: 95, respRate: 20, systolicBP: 118 }, 128], [4, { pulse: 121, temperatureC: 39.2, spo2: 92, respRate: 24, systolicBP: 101 }, 181.5]] as const) {
      const r = await context.request.post(`${BASE_URL}/api/patients/${patientId}/encounters`, {
        data: { facilityId: hospital, type: 'inpatient', reason: 'Sốt cao, tiểu ít', startedAt: ago(h), vitals, labs: [{ loinc: '2160-0', value: creat, unit: 'umol/L', refLow: 45, refHigh: 90, display: 'Creatinine' }] },
      });
      expect(r.status(), await r.text()).toBe(201);
    }
    await context.close();
  });
  afterAll(() => browser?.close());

  it('a doctor reads the 48-hour summary and completes, then accepts, the referral-letter draft (desktop)', async () => {
    const { context, page } = await session(browser, DESKTOP);
    await apiLogin(context, 'bs.lan');
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    const panel = page.getByTestId('patient-assistant');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('pt-summary').click();
    const summary = panel.getByTestId('patient-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/Mạch: 2 lần đo, tăng từ 96 \/phút/);
    expect(text).toMatch(/Creatinine: 181,5 umol\/L CAO/);
    expect(await summary.locator('[data-flagged]').count()).toBeGreaterThan(0);
    expect(await summary.locator('[data-source^="Observation/"]').count()).toBeGreaterThan(4);
    await clearToasts(page);
    await summary.scrollIntoViewIfNeeded();
    await screenshot(page, 'assistant-patient-summary');

    await panel.getByTestId('pt-referral').click();
    const draft = panel.getByTestId('referral-draft');
    await draft.waitFor();
    expect(await draft.textContent()).toContain('BẢN NHÁP');
    expect(await draft.locator('textarea[data-field="fullName"]').inputValue()).toBe('Hà Thị Tóm Tắt');
    expect(await draft.locator('textarea[data-field="labResults"]').inputValue()).toContain('Creatinine 181,5 umol/L (cao)');
    expect(await draft.locator('textarea[data-field="diagnosis"]').inputValue()).toBe(''); // the doctor's to write
    await draft.locator('textarea[data-field="addressee"]').fill('Bệnh viện Trung ương Thái Nguyên');
    await draft.locator('textarea[data-field="diagnosis"]').fill('Tổn thương thận cấp (N17.9)');
    await draft.locator('textarea[data-field="reason"]').fill('Cần lọc máu, vượt khả năng chuyên môn');
    await draft.locator('textarea[data-field="diagnosis"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'assistant-referral-draft');
    await draft.getByTestId('draft-accept').click();
    const result = draft.getByTestId('draft-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Đã chấp nhận\. Các trường đã sửa: Kính gửi, Chẩn đoán, Lý do chuyển tuyến/);
    await context.close();
  });

  it('on a phone, and in English from the staff panel', async () => {
    const phone = await session(browser, PHONE);
    await apiLogin(phone.context, 'bs.lan');
    await phone.page.goto(`${BASE_URL}/patients/${patientId}`);
    const panel = phone.page.getByTestId('patient-assistant');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('pt-summary').click();
    await panel.getByTestId('patient-summary').waitFor();
    await clearToasts(phone.page);
    await panel.getByTestId('patient-summary').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'assistant-patient-summary-phone');
    await panel.getByTestId('pt-referral').click();
    await panel.getByTestId('referral-draft').waitFor();
    await panel.getByTestId('referral-draft').scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'assistant-referral-draft-phone');
    await phone.context.close();

    const en = await session(browser, DESKTOP, 'en');
    await apiLogin(en.context, 'dd.hoa');
    await en.page.goto(`${BASE_URL}/staff-assistant?patientId=${patientId}`);
    await en.page.getByTestId('staff-patient').waitFor();
    await en.page.getByRole('button', { name: 'Summarise this patient’s last 48 h' }).click();
    const answer = en.page.getByTestId('staff-answer');
    await answer.getByTestId('patient-summary').waitFor();
    expect(await answer.textContent()).toMatch(/Heart rate: 2 readings, rising from 96 \/min/);
    await clearToasts(en.page);
    await screenshot(en.page, 'assistant-staff-summary-en');
    // a nurse may draft but not accept
    await en.page.getByRole('button', { name: 'Draft a referral letter for this patient' }).click();
    await answer.getByTestId('referral-draft').waitFor();
    expect(await answer.getByTestId('draft-accept').isDisabled()).toBe(true);
    expect(await answer.textContent()).toContain('Only a doctor can accept a referral letter.');
    await en.context.close();
  });
});
