/** The hospital assistant as its users meet it: an admin's document library, a visitor's phone chat. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';

const DOCS = [
  { fileName: 'cap-cuu.md', title: 'Khoa Cấp cứu', language: 'vi', text: '# Khoa Cấp cứu\n\n- Nhà 5, lối vào cổng phụ đường Cầu Tre, hoạt động 24/24.\n- Tổng đài bệnh viện: 0218 3912 300.\n' },
  { fileName: 'bang-gia.md', title: 'Bảng giá dịch vụ 2026', language: 'vi', text: '# Bảng giá dịch vụ 2026\n\n| Dịch vụ | Giá (đồng) |\n|---|---|\n| Khám theo yêu cầu | 180.000 |\n| X-quang ngực thẳng | 80.000 |\n| MRI sọ não | 1.950.000 |\n' },
  { fileName: 'visitors.md', title: 'Visitor information', language: 'en', text: '# Visitor information\n\n## Pharmacy\n\nThe hospital pharmacy is in Building 1, ground floor, open 6:30–20:00 every day.\n' },
];

describe('hospital assistant (Chromium)', () => {
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let facilityId: string;

  beforeAll(async () => {
    browser = await launch();
    admin = await newSession(browser);
    const me = await apiLogin(admin.context, 'ql.hung');
    facilityId = me.facilities[0]!.id;
    for (const d of DOCS) {
      const res = await admin.context.request.post(`${BASE_URL}/api/assistant/documents`, {
        data: { facilityId, title: d.title, language: d.language, owner: 'Phòng Kế hoạch tổng hợp', effectiveDate: '2026-01-01', fileName: d.fileName, contentBase64: Buffer.from(d.text).toString('base64') },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect((await admin.context.request.post(`${BASE_URL}/api/assistant/documents/${id}/approve`, { headers: { 'x-requested-with': 'XMLHttpRequest' } })).status()).toBe(200);
    }
  });
  afterAll(() => browser?.close());

  it('a visitor on a phone asks without diacritics and in English, opens the sources, and an emergency shows 115 first', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/chat/${facilityId}`);
    const ask = async (q: string) => {
      const n = await page.getByTestId('asst-answer').count();
      await page.getByTestId('asst-input').fill(q);
      await page.getByTestId('asst-send').click();
      await page.getByTestId('asst-answer').nth(n).waitFor();
      return page.getByTestId('asst-answer').nth(n);
    };
    const price = await ask('gia chup x quang nguc bao nhieu');
    expect(await price.textContent()).toContain('80.000');
    await price.getByTestId('asst-sources').click();
    await expect.poll(() => price.textContent()).toContain('“X-quang ngực thẳng — Giá (đồng): 80.000”');
    const en = await ask('When does the pharmacy close?');
    expect(await en.textContent()).toContain('20:00');
    const em = await ask('Bố tôi đau ngực dữ dội');
    const alert = em.getByTestId('asst-emergency');
    expect(await alert.textContent()).toContain('115');
    // the emergency banner comes before the answer text inside the bubble
    const [alertBox, bubble] = await Promise.all([alert.boundingBox(), em.boundingBox()]);
    expect(alertBox!.y - bubble!.y).toBeLessThan(30);
    expect(await em.textContent()).toContain('Nhà 5');
    await screenshot(page, 'assistant-chat-phone');
    await context.close();
  });

  it('the admin screen lists the approved documents and the questions nobody could answer', async () => {
    await admin.context.request.post(`${BASE_URL}/api/assistant/${facilityId}/ask`, { data: { question: 'Bệnh viện có châm cứu không?' } });
    await admin.page.goto(`${BASE_URL}/assistant`);
    await expect.poll(() => admin.page.getByText('Bảng giá dịch vụ 2026').count()).toBeGreaterThan(0);
    await expect.poll(() => admin.page.getByText('Bệnh viện có châm cứu không?').count()).toBe(1);
    expect(await admin.page.getByText('Đã duyệt').count()).toBe(3);
    await clearToasts(admin.page);
    await screenshot(admin.page, 'assistant-admin');
  });

  it('a nurse asks the staff assistant for her high-NEWS2 patients and sees only her facility’s', async () => {
    const nurse = await newSession(browser);
    const me = await apiLogin(nurse.context, 'dd.hoa');
    // a patient of her hospital whose vitals score NEWS2 in the high band (recorded as the UI does)
    const hospital = me.facilities[0]!.id;
    const created = await nurse.context.request.post(`${BASE_URL}/api/patients`, { data: { fullName: 'Người Bệnh Nặng Thử', sex: 'male', birthDate: '1960-03-01', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospital } });
    expect(created.status(), await created.text()).toBe(201);
    const patientId = ((await created.json()) as { patient: { id: string } }).patient.id;
    const visit = await nurse.context.request.post(`${BASE_URL}/api/patients/${patientId}/encounters`, {
      data: { facilityId: hospital, type: 'outpatient', vitals: { respRate: 25, spo2: 91, onOxygen: true, systolicBP: 90, pulse: 131, consciousness: 'V', temperatureC: 39.1 } },
    });
    expect(visit.status(), await visit.text()).toBe(201);
    await nurse.page.goto(`${BASE_URL}/staff-assistant`);
    await nurse.page.getByTestId('staff-q').fill('Người bệnh nào có NEWS2 ≥ 5?');
    await nurse.page.getByTestId('staff-q').press('Enter');
    const answer = nurse.page.getByTestId('staff-answer');
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/người bệnh có điểm NEWS2 gần nhất ≥ 5/);
    expect(await answer.getByText('Người Bệnh Nặng Thử').count()).toBeGreaterThan(0);
    // every patient listed opens in her own facility (the API would answer 404 otherwise)
    for (const href of (await answer.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).slice(0, 3)) {
      const res = await nurse.context.request.get(`${BASE_URL}/api${href}`);
      expect(res.status()).toBe(200);
      expect(me.facilities.map((f) => f.id)).toContain(((await res.json()) as { facilityId: string }).facilityId);
    }
    await screenshot(nurse.page, 'assistant-staff');
    await nurse.context.close();
  });
});
