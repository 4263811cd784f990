/**
 * Hands-on on the real screens (issue 12, item 2): the nurse opens the NEWS2 exercise, gets her own
 * synthetic patient in the training sandbox, records the three visits on the real patient page and
 * decides each NEWS2 suggestion in the real suggestions panel (overriding the probe artefact). The
 * exercise is scored from those actions and shows her automation-bias figures.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
import { PatientPage } from '../pages/PatientPage.ts';

const EX = 'ex-news2-on-screen';
type Vitals = Record<string, number | string | boolean>;

/** Records one visit through the real visit form, as a nurse would. */
async function recordVisit(page: Page, v: Vitals) {
  const p = new PatientPage(page);
  await p.openVisitForm();
  for (const k of ['respRate', 'spo2', 'pulse', 'systolicBP', 'temperatureC'] as const) await p.fillVital(k, String(v[k]).replace('.', ','));
  await p.fillVital('diastolicBP', '70');
  await page.getByTestId('vital-consciousness').click();
  await page.getByRole('option', { name: /^A —/ }).click();
  await p.save();
  await p.form().waitFor({ state: 'detached' });
}

describe('NEWS2 exercise on the real patient page (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(() => browser?.close());

  it('is scored from what the nurse did on the screen, with her over- and under-reliance', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'dd.hoa');
    const steps = ((await (await context.request.get(`${BASE_URL}/api/training/onscreen/exercises/${EX}`)).json()) as { steps: Array<{ id: string; vitals: Vitals }> }).steps;
    await page.goto(`${BASE_URL}/training/exercises/${EX}`);
    await page.getByTestId('onscreen-open').click();
    await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    const panel = page.getByTestId('training-case-panel');
    await panel.waitFor();
    expect(await page.getByTestId('patient-name').textContent()).toContain('Lò Văn Thử');

    const decisions: Record<string, 'accept' | 'override'> = { v1: 'accept', v2: 'override', v3: 'accept' };
    for (const step of steps) {
      await recordVisit(page, step.vitals);
      await panel.getByTestId(`case-step-${step.id}-recorded`).getByText('Đã ghi').waitFor({ timeout: 10_000 });
      const card = page.locator('[data-testid="suggestion"][data-tool="rcp-news2"]').first();
      await card.waitFor();
      if (step.id === 'v2') {
        expect(await card.getByTestId('suggestion-summary').textContent()).toContain('NEWS2 3 điểm');
        await page.evaluate(() => window.scrollTo(0, 0));
        await clearToasts(page);
        await screenshot(page, 'training-onscreen-patient');
      }
      if (decisions[step.id] === 'accept') await card.getByTestId('suggestion-accept').click();
      else {
        await card.getByTestId('suggestion-override').click();
        await card.getByTestId('override-reason').fill('Đầu dò lệch, ngón tay lạnh; đặt lại đo được SpO₂ 97 %');
        await card.getByTestId('override-confirm').click();
      }
      await page.locator('[data-testid="suggestion"][data-tool="rcp-news2"]').first().waitFor({ state: 'detached', timeout: 10_000 });
      await panel.getByTestId(`case-step-${step.id}-decided`).getByText('Đã quyết định').waitFor({ timeout: 10_000 });
    }
    await panel.getByTestId('training-case-finish').click();
    await page.waitForURL(new RegExp(`/training/exercises/${EX}\\?attempt=`));
    const result = page.getByTestId('onscreen-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Điểm: 3/3 (100 %)');
    expect(await page.getByTestId('onscreen-over').textContent()).toBe('0 %');
    expect(await page.getByTestId('onscreen-under').textContent()).toBe('0 %');
    expect(await page.getByTestId('onscreen-step-v2').textContent()).toContain('Không theo');
    await clearToasts(page);
    await screenshot(page, 'training-onscreen-result');
    // The path counts the exercise as done.
    const me = (await (await context.request.get(`${BASE_URL}/api/training/me`)).json()) as { items: Array<{ id: string; done: boolean }> };
    expect(me.items.find((i) => i.id === EX)?.done).toBe(true);
    await context.close();
  });

  it('a learner who accepts the artefact is shown 100 % over-reliance and does not pass', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'bs.lan');
    const a = (await (await context.request.post(`${BASE_URL}/api/training/onscreen/exercises/${EX}/attempts`, { headers: { 'x-requested-with': 'XMLHttpRequest' } })).json()) as { id: string; patientId: string; exercise: { steps: Array<{ id: string; vitals: Vitals }> } };
    await page.goto(`${BASE_URL}/patients/${a.patientId}`);
    await page.getByTestId('training-case-panel').waitFor();
    for (const step of a.exercise.steps.slice(0, 2)) {
      await recordVisit(page, step.vitals);
      const card = page.locator('[data-testid="suggestion"][data-tool="rcp-news2"]').first();
      await card.waitFor();
      await card.getByTestId('suggestion-accept').click();
      await card.waitFor({ state: 'detached', timeout: 10_000 });
    }
    await page.getByTestId('case-step-v2-decided').getByText('Đã quyết định').waitFor({ timeout: 10_000 });
    await page.getByTestId('training-case-finish').click();
    await page.getByTestId('onscreen-result').waitFor();
    expect(await page.getByTestId('onscreen-over').textContent()).toBe('100 %');
    expect(await page.getByTestId('onscreen-result').textContent()).toContain('Chưa đạt');
    expect(await page.getByTestId('onscreen-step-v3').textContent()).toContain('Chưa ghi lượt khám này');
    await context.close();
  });
});
