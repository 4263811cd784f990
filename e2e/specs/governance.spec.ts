/**
 * Governance in the browser: only the governance officer moves a stage; the kill switch suspends a
 * tool everywhere at once and every clinician sees why in a banner.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession } from '../lib/browser.ts';

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
