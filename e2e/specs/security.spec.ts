/**
 * The SPA and the API docs work under the server's Content-Security-Policy (no violation reported
 * by Chromium), and the SPA's own state changes pass the CSRF check while a page on another origin
 * cannot post with the session cookie.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, newSession } from '../lib/browser.ts';
import { LoginPage } from '../pages/LoginPage.ts';

/** Collects CSP violations the page reports (console errors and securitypolicyviolation events). */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

describe('CSP and CSRF in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('the SPA signs in, lists patients and signs out with no CSP violation', async () => {
    const { page, context } = await newSession(browser);
    const violations = await watchCsp(page);
    const login = new LoginPage(page);
    await login.open();
    await login.login('dd.hoa', 'yte-demo');
    await page.getByTestId('nav-patients').waitFor();
    await page.goto(`${BASE_URL}/patients`);
    await page.locator('table tbody tr').first().waitFor();
    // A state change from the page itself (same origin, the custom header) passes the CSRF check.
    const loggedOut = await page.evaluate(async () => (await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-requested-with': 'yte' } })).status);
    expect(loggedOut).toBe(204);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the Swagger UI at /docs renders under the CSP', async () => {
    const { page, context } = await newSession(browser);
    const violations = await watchCsp(page);
    await page.goto(`${BASE_URL}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('yte API');
    await page.locator('.opblock').first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('a page on another port of the same host (same site: the cookie goes along) cannot log the user out with a form', async () => {
    // The attacker's page: an auto-submitting text/plain form, served from 127.0.0.1:<other port>.
    const target = `${BASE_URL}/api/auth/logout`;
    const evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<form id="f" method="POST" action="${target}" enctype="text/plain"><input name="a" value="b"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    const { page, context } = await newSession(browser);
    const login = new LoginPage(page);
    await login.open();
    await login.login('dd.hoa', 'yte-demo');
    await page.getByTestId('nav-patients').waitFor();
    const answer = page.waitForResponse((r) => r.url() === target);
    await page.goto(evilUrl);
    const res = await answer;
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'CSRF_REJECTED' });
    expect((await context.request.get(`${BASE_URL}/api/auth/me`)).status()).toBe(200); // still signed in
    await context.close();
    evil.close();
  });
});
