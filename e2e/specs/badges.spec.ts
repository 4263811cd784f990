/**
 * Badges in the browser: a facility admin issues a badge (the admin/test route the training module
 * stands in for), the learner sees it under Certificates, and anyone — no login — opens the
 * verification page the certificate's QR code points to; a pasted credential with one changed byte
 * is refused as "signature invalid"; after revocation the page says revoked.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

describe('verifying a certificate in the browser (Chromium)', () => {
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let nurse: { context: BrowserContext; page: Page };
  let visitor: { context: BrowserContext; page: Page };
  let badge: { id: string; verifyUrl: string; credential: Record<string, unknown> };

  beforeAll(async () => {
    browser = await launch();
    admin = await newSession(browser);
    nurse = await newSession(browser);
    visitor = await newSession(browser);
    await apiLogin(admin.context, 'ql.hung');
    await apiLogin(nurse.context, 'dd.hoa');
    const me = await (await admin.context.request.get(`${BASE_URL}/api/auth/me`)).json() as { facilities: Array<{ id: string }> };
    const learner = await (await nurse.context.request.get(`${BASE_URL}/api/auth/me`)).json() as { id: string; fullName: string };
    const res = await admin.context.request.post(`${BASE_URL}/api/badges`, {
      data: {
        facilityId: me.facilities[0]!.id,
        learner: { id: learner.id, name: learner.fullName, userId: learner.id },
        achievement: {
          id: 'urn:yte:training:path:nurse', name: 'Điều dưỡng: AI thiết yếu', inLanguage: 'vi',
          description: 'Lộ trình đào tạo AI cho điều dưỡng: cảnh báo NEWS2, tránh phụ thuộc quá mức vào AI, bảo vệ dữ liệu người bệnh.',
          criteria: 'Hoàn thành bài học và bài thực hành bắt buộc; bài kiểm tra sau ≥ 80 %.',
        },
      },
    });
    expect(res.status()).toBe(201);
    badge = await res.json();
  });
  afterAll(() => browser?.close());

  it('the learner finds the certificate with its JSON and PDF downloads', async () => {
    await nurse.page.goto(`${BASE_URL}/badges`);
    const table = nurse.page.getByTestId('badges-table');
    await table.waitFor();
    expect(await table.innerText()).toContain('Điều dưỡng: AI thiết yếu');
    const pdf = await nurse.context.request.get(`${BASE_URL}/api/badges/${badge.id}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('the QR code page verifies it without a login', async () => {
    expect(badge.verifyUrl).toBe(`${BASE_URL}/verify/${badge.id}`);
    await visitor.page.goto(badge.verifyUrl);
    const card = visitor.page.getByTestId('verify-outcome');
    await card.waitFor();
    expect(await card.getAttribute('data-reason')).toBe('valid');
    expect(await card.innerText()).toContain('Chứng chỉ hợp lệ');
    expect(await card.innerText()).toContain('ĐD. Trần Thị Hoa');
    await screenshot(visitor.page, 'badge-verify');
  });

  it('a pasted credential with one changed byte → signature invalid', async () => {
    const text = JSON.stringify(badge.credential, null, 2).replace('Điều dưỡng: AI thiết yếu', 'Điều dưỡng: AI thiết yếU');
    await visitor.page.goto(`${BASE_URL}/verify`);
    await visitor.page.getByTestId('verify-input').fill(text);
    await visitor.page.getByTestId('verify-submit').click();
    const card = visitor.page.getByTestId('verify-outcome');
    await card.waitFor();
    expect(await card.getAttribute('data-reason')).toBe('signature invalid');
    expect(await card.innerText()).toContain('Chữ ký không hợp lệ');
  });

  it('after the admin revokes it, the page says revoked', async () => {
    expect((await admin.context.request.post(`${BASE_URL}/api/badges/${badge.id}/revoke`, { data: { reason: 'Kiểm thử thu hồi' } })).status()).toBe(200);
    await visitor.page.goto(badge.verifyUrl);
    const card = visitor.page.getByTestId('verify-outcome');
    await card.waitFor();
    expect(await card.getAttribute('data-reason')).toBe('revoked');
  });
});
