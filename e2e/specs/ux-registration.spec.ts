/**
 * Issue 15, point 11: registration has no silent sex default; province and commune are pickers over
 * the 2025 administrative units, searchable without diacritics; the birth date is typed and shown
 * dd/mm/yyyy; the triage form says ACVPU with labels; queueing one patient twice is warned about.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
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
    await drawer.fill({ fullName: 'Hà Văn Chưa Chọn', birthDate: '02/03/1980', province: 'Phú Thọ', commune: 'Xã Hy Cương' });
    await drawer.save();
    await expect.poll(() => page.getByTestId('np-sex').textContent()).toContain('Chọn giới tính');
    await drawer.fill({ sex: 'male' });
    await drawer.fill({ sex: 'male' }); // a second click keeps it
    expect(await page.getByTestId('np-sex-male').isChecked()).toBe(true);
  });

  it('province and commune: pickers over the 34 provinces and their communes, typed without diacritics; a new province clears the commune', async () => {
    await page.goto(`${BASE_URL}/patients`);
    const drawer = new NewPatientDrawer(page);
    await drawer.open();
    await page.getByTestId('np-province').fill('');
    await page.getByTestId('np-province').click();
    await expect.poll(() => page.getByRole('option').count()).toBe(34);
    await page.getByTestId('np-province').fill('thai ng');
    expect(await page.getByRole('option').allTextContents()).toEqual(['Thái Nguyên']);
    await page.getByRole('option', { name: 'Thái Nguyên' }).click();
    await page.getByTestId('np-commune').click();
    await page.getByTestId('np-commune').fill('tan cuong');
    expect(await page.getByRole('option').allTextContents()).toEqual(['Xã Tân Cương']);
    await page.getByRole('option', { name: 'Xã Tân Cương' }).click();
    expect(await page.getByTestId('np-commune').inputValue()).toBe('Xã Tân Cương');
    await drawer.fill({ fullName: 'Mạc Thị Địa Danh', sex: 'female', birthDate: '09/08/1969' });
    expect(await page.getByTestId('np-birthDate').inputValue()).toBe('09/08/1969');
    await screenshot(page, 'registration-vi-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'registration-vi-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    const created = page.waitForResponse((r) => r.url().endsWith('/api/patients') && r.request().method() === 'POST');
    await drawer.save();
    const body = (await (await created).json()) as { patient: { province: string; commune: string; birthDate: string } };
    expect(body.patient).toMatchObject({ province: 'Thái Nguyên', commune: 'Xã Tân Cương', birthDate: '1969-08-09' });
    await clearToasts(page);
    // Changing the province empties the commune.
    await page.goto(`${BASE_URL}/patients`);
    await drawer.open();
    await page.getByTestId('np-province').click();
    await page.getByTestId('np-province').fill('phu tho');
    await page.getByRole('option', { name: 'Phú Thọ' }).click();
    await page.getByTestId('np-commune').click();
    await page.getByTestId('np-commune').fill('hy cuong');
    await page.getByRole('option', { name: 'Xã Hy Cương' }).click();
    await page.getByTestId('np-province').click();
    await page.getByTestId('np-province').fill('thai nguyen');
    await page.getByRole('option', { name: 'Thái Nguyên' }).click();
    expect(await page.getByTestId('np-commune').inputValue()).toBe('');
    // A commune of another province is not offered.
    await page.getByTestId('np-commune').click();
    await page.getByTestId('np-commune').fill('hy cuong');
    await expect.poll(() => page.getByText('Không có đơn vị nào khớp').isVisible()).toBe(true);
    expect(await page.getByRole('option').count()).toBe(0);
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
