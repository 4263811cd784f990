/**
 * Decision support in a real browser: a station nurse screens a child's nutrition (the
 * classification is shown and the child's point is drawn on the WHO growth curves), and a doctor
 * overrides a rule's suggestion — which needs a reason.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';

interface Summary { id: string; fullName: string; sex: string; birthDate: string; facilityId: string }

const monthsOld = (birthDate: string) => (Date.now() - Date.parse(`${birthDate}T00:00:00Z`)) / (30.4375 * 86_400_000);

describe('station screening and suggestions (Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  describe('station nurse screens a child', () => {
    let context: BrowserContext;
    let page: Page;
    let child: Summary;

    beforeAll(async () => {
      ({ context, page } = await newSession(browser));
      await apiLogin(context, 'yt.tuan');
      // The stations hold more than one page of patients: look through all of them.
      const items: Summary[] = [];
      for (let offset = 0; offset < 20_000; offset += 100) {
        const page = (await (await context.request.get(`${BASE_URL}/api/patients?limit=100&offset=${offset}`)).json()) as { items: Summary[]; total: number };
        items.push(...page.items);
        if (offset + 100 >= page.total) break;
      }
      const found = items.find((p) => p.sex !== 'other' && monthsOld(p.birthDate) >= 7 && monthsOld(p.birthDate) < 23);
      if (!found) throw new Error('no demo child aged 7–23 months at the stations');
      child = found;
    });
    afterAll(() => context?.close());

    it('shows the classification and draws the child on the WHO growth curves', async () => {
      await page.goto(`${BASE_URL}/patients/${child.id}`);
      await page.getByTestId('open-screening').click();
      await page.getByTestId('scr-form').waitFor();
      expect(await page.getByTestId('scr-patient').textContent()).toBe(child.fullName);
      await page.getByTestId('scr-weightKg').fill('6.2');
      await page.getByTestId('scr-lengthOrHeightCm').fill('70');
      await page.getByTestId('scr-muacMm').fill('112');
      await page.getByTestId('scr-save').click();
      const cls = page.getByTestId('scr-classification');
      await cls.waitFor();
      // MUAC < 115 mm from 6 months is severe acute malnutrition (WHO 2013).
      expect(await cls.textContent()).toContain('suy dinh dưỡng cấp tính nặng (SAM)');
      expect(await page.getByTestId('scr-counselling').textContent()).toContain('RUTF');
      // Z-scores in Vietnamese format (issue 15, point 1): a decimal comma, never a point.
      const zs = await page.getByTestId('scr-zscore').allTextContents();
      expect(zs.length).toBeGreaterThan(0);
      for (const z of zs) expect(z).toMatch(/^[A-Z]+ −?-?\d+(,\d{1,2})?$/);
      expect(zs.some((z) => z.includes(','))).toBe(true);
      // The child's measurement appears as a point on each chart (weight-for-age, length-for-age, weight-for-length).
      for (const ind of ['wfa', 'lhfa', 'wfl']) {
        await expect.poll(() => page.locator(`[data-testid="growth-chart-${ind}"] .recharts-scatter-symbol`).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
        expect(await page.locator(`[data-testid="growth-chart-${ind}"] .recharts-line`).count()).toBe(7);
      }
      await clearToasts(page);
      await screenshot(page, 'child-nutrition-screening');
      // The screening and its suggestion are on the patient's record.
      const s = (await (await context.request.get(`${BASE_URL}/api/patients/${child.id}/screenings`)).json()) as Array<{ kind: string; toolId: string }>;
      expect(s[0]).toMatchObject({ kind: 'nutrition', toolId: 'who-growth' });
    });
  });

  describe('doctor overrides a suggestion', () => {
    let context: BrowserContext;
    let page: Page;
    let patient: Summary;

    beforeAll(async () => {
      ({ context, page } = await newSession(browser));
      const me = await apiLogin(context, 'bs.lan');
      const list = (await (await context.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: Summary[] };
      // The last adult of the page: other specs (alerts, decimal numbers) record vitals on the first ones.
      const found = [...list.items].reverse().find((p) => monthsOld(p.birthDate) > 30 * 12);
      if (!found) throw new Error('no adult demo patient');
      patient = found;
      // A visit whose vitals score NEWS2 6 (medium): the rule records a suggestion on save.
      const res = await context.request.post(`${BASE_URL}/api/patients/${patient.id}/encounters`, {
        data: { facilityId: me.facilities[0]!.id, type: 'outpatient', vitals: { respRate: 22, spo2: 95, onOxygen: false, systolicBP: 105, diastolicBP: 70, pulse: 95, consciousness: 'A', temperatureC: 38.5 } },
      });
      if (!res.ok()) throw new Error(`visit: ${res.status()}`);
    });
    afterAll(() => context?.close());

    it('needs a reason, then records the override', async () => {
      await page.goto(`${BASE_URL}/patients/${patient.id}`);
      const card = page.locator('[data-testid="suggestion"][data-tool="rcp-news2"]').first();
      await card.waitFor();
      expect(await page.getByTestId('suggestions-panel').textContent()).toContain('Gợi ý — bạn quyết định');
      expect(await card.getByTestId('suggestion-summary').textContent()).toContain('NEWS2 6 điểm');
      await card.getByTestId('suggestion-override').click();
      await card.getByTestId('override-confirm').click();
      await expect.poll(() => card.textContent()).toContain('Cần ghi lý do');
      await card.getByTestId('override-reason').fill('Sốt sau tiêm chủng, bệnh nhân tỉnh, đã đo lại');
      await screenshot(page, 'suggestion-override');
      await card.getByTestId('override-confirm').click();
      await page.locator('[data-testid="suggestion"][data-tool="rcp-news2"]').first().waitFor({ state: 'detached', timeout: 10_000 });
      const all = (await (await context.request.get(`${BASE_URL}/api/patients/${patient.id}/suggestions`)).json()) as Array<{ toolId: string; status: string; reason: string | null }>;
      expect(all.find((s) => s.toolId === 'rcp-news2' && s.status === 'overridden')?.reason).toBe('Sốt sau tiêm chủng, bệnh nhân tỉnh, đã đo lại');
      // The NEWS2 trend shows the visit's score.
      expect(await page.getByTestId('news2-chart').isVisible()).toBe(true);
    });
  });
});
