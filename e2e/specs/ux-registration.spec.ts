/**
 * Issue 15, point 11: registration has no silent sex default; the triage form says ACVPU with
 * labels; queueing one patient twice is warned about.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession } from '../lib/browser.ts';
import { NewPatientDrawer } from '../pages/NewPatientDrawer.ts';

describe('registration and triage safeguards (Chromium, vi)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    await apiLogin(context, 'dd.hoa');
  });
  afterAll(() => browser?.close());

  it('sex has no default: saving without choosing says so; the choice sticks when clicked again', async () => {
    await page.goto(`${BASE_URL}/patients`);
    const drawer = new NewPatientDrawer(page);
    await drawer.open();
    for (const x of ['female', 'male', 'other']) expect(await page.getByTestId(`np-sex-${x}`).isChecked()).toBe(false);
    await drawer.fill({ fullName: 'Hà Văn Chưa Chọn', birthDate: '02/03/1980', province: 'Phú Thọ', commune: 'Hương Chè' });
    await drawer.save();
    await expect.poll(() => page.getByTestId('np-sex').textContent()).toContain('Chọn giới tính');
    await drawer.fill({ sex: 'male' });
    await drawer.fill({ sex: 'male' }); // a second click keeps it
    expect(await page.getByTestId('np-sex-male').isChecked()).toBe(true);
  });

  it('triage: ACVPU with labels, and a warning when the patient is already queued', async () => {
    const me = (await (await context.request.get(`${BASE_URL}/api/auth/me`)).json()) as { facilities: { id: string }[] };
    const list = (await (await context.request.get(`${BASE_URL}/api/patients?limit=50`)).json()) as { items: { id: string; fullName: string; birthDate: string }[] };
    const p = list.items.find((x) => x.birthDate < '1990-01-01')!;
    const r = await context.request.post(`${BASE_URL}/api/triage`, { data: { patientId: p.id, facilityId: me.facilities[0]!.id, signs: [], vitals: { heartRate: 80 }, trauma: false } });
    expect(r.ok(), await r.text()).toBe(true);
    await page.goto(`${BASE_URL}/triage`);
    await page.getByTestId('tri-avpu').click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toContain('C — Lú lẫn mới');
    await page.keyboard.press('Escape');
    expect(await page.locator('label', { hasText: 'Ý thức (ACVPU)' }).count()).toBe(1);
    expect(await page.getByTestId('tri-duplicate').count()).toBe(0);
    await page.getByTestId('tri-patient').click();
    await page.getByTestId('tri-patient').fill(p.fullName.split(' ').slice(-1)[0]!);
    await page.getByRole('option', { name: new RegExp(p.fullName) }).first().click();
    await page.getByTestId('tri-duplicate').waitFor();
    expect(await page.getByTestId('tri-duplicate').textContent()).toContain('đang có trong hàng chờ');
  });
});
