/**
 * Governance in the browser: the governance officer registers a tool through the form (a field
 * error first), finds it in the registry at sandbox, moves it to shadow with a reason and records
 * a new version; a doctor sees no register button. Only the officer moves a stage; the kill switch
 * suspends a tool everywhere at once and every clinician sees why in a banner.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
import { GovernanceToolPage } from '../pages/GovernanceToolPage.ts';
import { RegisterToolPage } from '../pages/RegisterToolPage.ts';

const NEW_TOOL = 'sepsis-ews';

describe('registering an AI tool from the browser (Chromium)', () => {
  let browser: Browser;
  let officer: { context: BrowserContext; page: Page };
  let doctor: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    browser = await launch();
    officer = await newSession(browser);
    doctor = await newSession(browser);
    await apiLogin(officer.context, 'qt.mai');
    await apiLogin(doctor.context, 'bs.lan');
  });
  afterAll(() => browser?.close());

  it('the officer\'s form refuses a bad tool id on its field, then registers the tool at sandbox', async () => {
    const registry = new GovernanceToolPage(officer.page);
    await registry.openRegistry();
    await registry.registerButton().click();
    const form = new RegisterToolPage(officer.page);
    await form.form().waitFor();
    await form.fill({
      id: 'Sepsis EWS', name: 'Cảnh báo sớm nhiễm khuẩn huyết (qSOFA + lactate)', version: '1.0.0', releasedAt: '15/10/2026',
      developer: 'Khoa Hồi sức tích cực, BVĐK Hương Chè', architecture: 'Hồi quy logistic trên qSOFA, lactate và tuổi',
      inputs: 'Dấu hiệu sinh tồn, lactate máu', outputs: 'Nguy cơ nhiễm khuẩn huyết trong 24 giờ (0–1)',
      summary: 'Ước tính nguy cơ nhiễm khuẩn huyết ở người lớn nằm viện để nhắc bác sĩ đánh giá sớm.',
      intendedUse: 'Hỗ trợ bác sĩ phát hiện sớm nhiễm khuẩn huyết ở bệnh nhân người lớn nội trú; bác sĩ luôn quyết định.',
      intendedUsers: 'Bác sĩ, điều dưỡng khoa nội', population: 'Người lớn ≥ 18 tuổi nằm viện',
      outOfScope: 'Trẻ em dưới 18 tuổi\nPhụ nữ mang thai\nKhoa Hồi sức tích cực', warnings: 'Chưa thẩm định ngoài bệnh viện\nLactate thiếu làm giảm độ nhạy',
      riskRationale: 'Kết quả thúc đẩy leo thang điều trị cho bệnh nhân có thể nguy kịch: rủi ro cao theo Luật 134/2025/QH15.',
      licence: 'Phát triển nội bộ, Apache-2.0', portalReference: 'AI-VN-2026-0142',
      trainingData: '4.812 lượt nằm viện 2023–2025 tại bệnh viện', evaluation: 'Kiểm định theo thời gian trên 1.204 lượt năm 2026',
      usefulness: 'AUROC 0,84 (KTC 95% 0,80–0,88)', claimAuroc: '0.84', claimSensitivity: '0.8',
    });
    await form.riskTier('high');
    await form.choose('portalStatus', 'Đã gửi');
    await form.submit();
    await expect.poll(() => form.fieldError('id')).toBe('Chỉ dùng chữ thường không dấu, số và dấu gạch ngang (2–63 ký tự)');
    expect(await form.fieldError('name')).toBeNull();
    expect(await form.fieldError('riskRationale')).toBeNull();
    expect((await officer.context.request.get(`${BASE_URL}/api/governance/tools/${NEW_TOOL}`)).status()).toBe(404); // nothing was sent

    await form.fill({ id: NEW_TOOL });
    expect(await form.fieldError('id')).toBeNull();
    await officer.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(officer.page, 'governance-register');
    await form.submit();
    const tool = new GovernanceToolPage(officer.page);
    await officer.page.waitForURL(`**/governance/tools/${NEW_TOOL}`);
    await expect.poll(() => tool.stage()).toBe('Thử nghiệm kín');
    await clearToasts(officer.page);

    const saved = await (await officer.context.request.get(`${BASE_URL}/api/governance/tools/${NEW_TOOL}`)).json();
    expect(saved).toMatchObject({
      riskTier: 'high', stage: 'sandbox', currentVersion: '1.0.0', portalNotification: { status: 'submitted', referenceNumber: 'AI-VN-2026-0142' },
      settings: { claims: { auroc: 0.84, sensitivity: 0.8 } },
      modelCard: { outOfScope: ['Trẻ em dưới 18 tuổi', 'Phụ nữ mang thai', 'Khoa Hồi sức tích cực'], releaseInfo: { releaseDate: '2026-10-15' } },
    });
  });

  it('the new tool is in the registry at sandbox; the officer moves it to shadow with a reason', async () => {
    const page = new GovernanceToolPage(officer.page);
    await page.openRegistry();
    await page.registryRow(NEW_TOOL).waitFor();
    expect(await page.registryStage(NEW_TOOL)).toBe('Thử nghiệm kín');
    await page.registryRow(NEW_TOOL).getByRole('link').click();
    await officer.page.getByTestId('versions-card').waitFor();
    await page.changeStage('Chạy ẩn', 'E2E: thẩm định chạy ẩn 3 tháng tại khoa Nội');
    await expect.poll(() => page.stage()).toBe('Chạy ẩn');
    const saved = await (await officer.context.request.get(`${BASE_URL}/api/governance/tools/${NEW_TOOL}`)).json();
    expect(saved.stage).toBe('shadow');
    expect(saved.stageHistory.at(-1)).toMatchObject({ fromStage: 'sandbox', toStage: 'shadow', reason: 'E2E: thẩm định chạy ẩn 3 tháng tại khoa Nội', decidedByName: 'ThS. Vũ Thị Mai' });
  });

  it('a new version from the tool page restarts the tool at sandbox (no change plan covers it)', async () => {
    const page = new GovernanceToolPage(officer.page);
    await page.open(NEW_TOOL);
    const result = await page.addVersion('1.1.0', 'Hiệu chỉnh lại hệ số lactate');
    await expect.poll(() => result.textContent()).toBe('Phiên bản 1.1.0: 1 giai đoạn bắt đầu lại ở Thử nghiệm kín.');
    await expect.poll(() => page.stage()).toBe('Thử nghiệm kín');
    expect((await (await officer.context.request.get(`${BASE_URL}/api/governance/tools/${NEW_TOOL}`)).json()).currentVersion).toBe('1.1.0');
  });

  it('a doctor sees no register button, and cannot use the form or the API', async () => {
    const page = new GovernanceToolPage(doctor.page);
    await page.openRegistry();
    await page.registryRow(NEW_TOOL).waitFor();
    expect(await page.registerButton().count()).toBe(0);
    await new RegisterToolPage(doctor.page).open();
    await doctor.page.getByTestId('register-forbidden').waitFor();
    expect(await doctor.page.getByTestId('register-tool-form').count()).toBe(0);
    const full = await (await officer.context.request.get(`${BASE_URL}/api/governance/tools/${NEW_TOOL}`)).json();
    const body = { id: 'doctor-tool', name: 'x', kind: 'model', version: '1', riskTier: 'low', riskRationale: 'x', licence: 'x', modelCard: full.modelCard, portalNotification: null };
    expect((await doctor.context.request.post(`${BASE_URL}/api/governance/tools`, { data: body })).status()).toBe(403);
  });
});

const TOOL = 'respiratory-ards-qsofa';
const REASON = 'E2E: sai lệch SpO2 ở máy đo mới';

describe('governance kill switch (Chromium)', () => {
  let browser: Browser;
  let officer: { context: BrowserContext; page: Page };
  let doctor: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    browser = await launch();
    officer = await newSession(browser);
    doctor = await newSession(browser);
    await apiLogin(officer.context, 'qt.mai');
    await apiLogin(doctor.context, 'bs.lan');
  });
  afterAll(async () => {
    // Put the rule back in use for the specs that follow.
    await officer?.context.request.post(`${BASE_URL}/api/governance/tools/${TOOL}/stage`, { data: { stage: 'general', reason: 'E2E cleanup' } });
    await browser?.close();
  });

  it('refuses a stage change by a doctor (403)', async () => {
    const res = await doctor.context.request.post(`${BASE_URL}/api/governance/tools/${TOOL}/stage`, { data: { stage: 'suspended', reason: 'not allowed' } });
    expect(res.status()).toBe(403);
  });

  it('the officer suspends the tool everywhere; the doctor sees the banner with the reason', async () => {
    const page = officer.page;
    await page.goto(`${BASE_URL}/governance/tools/${TOOL}`);
    await page.getByLabel('Lý do').fill(REASON);
    await page.getByRole('button', { name: 'Tạm dừng khẩn cấp (mọi cơ sở)' }).click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const stage = await (await officer.context.request.get(`${BASE_URL}/api/governance/tools/${TOOL}`)).json();
    expect(stage.stage).toBe('suspended');

    await doctor.page.goto(`${BASE_URL}/patients`);
    await expect.poll(() => doctor.page.locator('body').textContent(), { timeout: 10_000 }).toContain(REASON);
  });
});
