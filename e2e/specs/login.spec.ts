/** Sign-in refusals in the browser: the rate limit's message, in the language the user picked. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, newSession } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';

describe('login rate limit (Chromium)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // An account of its own: the limit counts per address and account, so other specs are unaffected.
  const username = 'e2e.khong-ton-tai';

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
  });
  afterAll(() => browser?.close());

  it('shows the server’s rate-limit message, then the same refusal in English after switching', async () => {
    let status = 0;
    for (let i = 0; i < 100 && status !== 429; i++) {
      status = (await context.request.post(`${BASE_URL}/api/auth/login`, { data: { username, password: 'sai' } })).status();
    }
    expect(status).toBe(429);
    const login = new LoginPage(page);
    await login.open();
    await login.login(username, 'sai');
    await expect.poll(() => login.error().textContent()).toContain('Quá nhiều lần thử');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => login.error().textContent()).toContain('Too many attempts');
    expect(await page.getByTestId('login-submit').textContent()).toBe('Sign in');
  });
});
