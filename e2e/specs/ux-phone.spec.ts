/**
 * Issue 15, point 12 (phone < 600 px: patient cards, compact header) and point 13 (patient rows open
 * from the keyboard).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

describe('patient list on a phone and by keyboard (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  for (const lang of ['vi', 'en'] as const) {
    it(`390×844 (${lang}): one card per patient, names on one line, sex badge whole, no tagline`, async () => {
      const { context, page } = await newSession(browser);
      await apiLogin(context, 'yt.tuan');
      await page.setViewportSize({ width: 390, height: 844 });
      if (lang === 'en') await page.addInitScript(() => localStorage.setItem('yte.lang', 'en'));
      await page.goto(`${BASE_URL}/patients`);
      await page.getByTestId('patient-card').first().waitFor();
      expect(await page.getByTestId('patient-table').count()).toBe(0);
      const card = page.getByTestId('patient-card').first();
      const name = card.locator('p').first();
      const lineHeight = await name.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
      expect((await name.boundingBox())!.height).toBeLessThanOrEqual(lineHeight * 2 + 1); // at most two lines, not five
      const badge = card.locator('.mantine-Badge-root');
      expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true); // not cut to "N"
      expect(await page.getByText(lang === 'vi' ? 'Y tế — AI hỗ trợ' : 'AI assists', { exact: false }).first().isVisible()).toBe(false);
      // The whole card is a link: it opens the patient.
      const href = await card.getAttribute('href');
      expect(href).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
      await screenshot(page, `ux-patients-${lang}-phone`);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByTestId('patient-row').first().waitFor();
      await screenshot(page, `ux-patients-${lang}-desktop`);
      await context.close();
    });
  }

  it('desktop: a patient row opens with the keyboard (Tab, Enter)', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'bs.lan');
    await page.goto(`${BASE_URL}/patients`);
    const row = page.getByTestId('patient-row').first();
    await row.waitFor();
    await row.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('patient-row');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    await page.getByTestId('patient-name').waitFor();
    await context.close();
  });
});
