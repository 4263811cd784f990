/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const BASE_URL = process.env.YTE_E2E_BASE_URL ?? 'http://127.0.0.1:3000';
export const CHROMIUM = process.env.YTE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** `extra`: more Chromium flags (e.g. the fake camera for the call spec). */
export const launch = (extra: string[] = []): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extra] });

/** A fresh context (its own cookies = its own session) with a desktop viewport, in Vietnamese. */
export async function newSession(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  return { context, page };
}

/** Screenshots for the README land in docs/screenshots when YTE_E2E_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string) {
  if (process.env.YTE_E2E_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname, fullPage: false });
}

/** Logs in through the API of this context (fast path for specs not about login). */
export async function apiLogin(context: BrowserContext, username: string, password = 'yte-demo') {
  const res = await context.request.post(`${BASE_URL}/api/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login ${username}: ${res.status()}`);
  return res.json() as Promise<{ facilities: { id: string; kind: string }[] }>;
}

/** Closes the toasts (bottom-right) so that screenshots show the page itself. */
export async function clearToasts(page: Page) {
  for (const b of await page.locator('.mantine-Notification-root .mantine-Notification-closeButton').all()) await b.click().catch(() => undefined);
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}
