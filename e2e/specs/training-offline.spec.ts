/**
 * A dropped connection (issue 12, item 8): the nurse opens her path online (lessons are kept in the
 * browser), loses the link, opens a lesson and marks it done: the completion waits in the browser's
 * queue under "Offline — 1 queued". When the link returns the queue is sent, and the facility's LRS
 * holds that statement exactly once, even when it is sent again.
 */
import { type APIRequestContext, type Browser, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';

describe('training through a dropped connection (Chromium)', () => {
  let browser: Browser;
  let lrs: APIRequestContext;
  beforeAll(async () => {
    browser = await launch();
    // The ministry's side: the demo LRS client of the nurse's hospital (Basic demo-lrs / yte-demo), outside the browser.
    lrs = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Basic ${Buffer.from('demo-lrs:yte-demo').toString('base64')}`, 'x-experience-api-version': '1.0.3' } });
  });
  afterAll(async () => { await lrs?.dispose(); await browser?.close(); });

  const experienced = async (lessonId: string) => {
    const out: Array<{ id: string }> = [];
    let url = `/xapi/statements?verb=${encodeURIComponent(EXPERIENCED)}&limit=200`;
    for (let i = 0; url && i < 50; i++) {
      const body = (await (await lrs.get(url)).json()) as { statements: Array<{ id: string; actor: { account?: { name: string } }; object: { id: string } }>; more?: string };
      out.push(...body.statements.filter((s) => s.actor.account?.name === 'dd.hoa' && s.object.id.endsWith(`/training/lesson/${lessonId}`)));
      url = body.more ?? '';
    }
    return out;
  };

  it('queues a lesson completed offline and sends it once when the link returns', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'dd.hoa');
    const me = (await (await context.request.get(`${BASE_URL}/api/training/me`)).json()) as { items: Array<{ id: string; kind: string; done: boolean }> };
    const lesson = me.items.find((i) => i.kind === 'lesson' && !i.done)!.id;
    await page.goto(`${BASE_URL}/training`);
    await page.getByTestId('offline-ready').waitFor();

    await context.setOffline(true);
    await page.getByTestId(`path-item-${lesson}`).getByRole('link').click();
    await page.getByTestId('lesson-cached').waitFor(); // read from the browser's copy
    expect((await page.getByTestId('lesson-body').textContent())!.length).toBeGreaterThan(200);
    await page.getByTestId('mark-done').click();
    await page.getByTestId('lesson-queued').waitFor();
    const indicator = page.getByTestId('offline-indicator');
    await expect.poll(() => indicator.textContent()).toBe('Ngoại tuyến — 1 mục chờ gửi');
    const statementId = (await page.getByTestId('lesson-done').getAttribute('data-statement-id'))!;
    expect(statementId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'training-offline-queued');
    // Nothing has reached the server yet.
    expect((await lrs.get(`/xapi/statements?statementId=${statementId}`)).status()).toBe(404);

    await context.setOffline(false);
    await indicator.waitFor({ state: 'detached', timeout: 15_000 });
    const got = await lrs.get(`/xapi/statements?statementId=${statementId}`);
    expect(got.status()).toBe(200);
    expect(((await got.json()) as { verb: { id: string } }).verb.id).toBe(EXPERIENCED);
    // Sent again (an answer lost on the way back): still one statement.
    const again = await context.request.put(`${BASE_URL}/api/training/lessons/${lesson}/completion`, { data: { lang: 'vi', statementId, at: new Date().toISOString() }, headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(((await again.json()) as { recorded: boolean }).recorded).toBe(false);
    expect((await experienced(lesson)).map((s) => s.id)).toEqual([statementId]);
    // The path counts it.
    const after = (await (await context.request.get(`${BASE_URL}/api/training/me`)).json()) as { items: Array<{ id: string; done: boolean }> };
    expect(after.items.find((i) => i.id === lesson)!.done).toBe(true);
    await context.close();
  });
});
