/**
 * Issue 15, point 8 (role homes) and point 13 (a page title that changes): after the login each role
 * lands where its work is, and the browser tab names the section.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, newSession } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';

describe('role homes (Chromium, vi)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  for (const [user, path, title] of [
    ['bs.minh', '/imaging', 'Chẩn đoán hình ảnh · yte'],
    ['qt.mai', '/governance', 'Quản trị AI · yte'],
    ['dd.hoa', '/patients', 'Bệnh nhân · yte'],
    ['ql.hung', '/admin', 'Quản trị cơ sở · yte'],
  ] as const) {
    it(`${user} lands on ${path}`, async () => {
      const { context, page } = await newSession(browser);
      const login = new LoginPage(page);
      await login.open();
      await login.login(user, 'yte-demo');
      await page.waitForURL(`**${path}`, { timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe(path);
      await expect.poll(() => page.title()).toBe(title);
      // No "forbidden" page for the governance officer.
      expect(await page.locator('body').textContent()).not.toMatch(/không được phép|forbidden/i);
      await context.close();
    });
  }
});
