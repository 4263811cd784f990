/**
 * Registering a patient in a real browser: field-level validation of the CCCD before anything is
 * sent, then the server's DUPLICATE_CCCD warning when the number already belongs to someone else.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';
import { NewPatientDrawer } from '../pages/NewPatientDrawer.ts';
import { PatientPage } from '../pages/PatientPage.ts';
import { PatientsPage } from '../pages/PatientsPage.ts';

interface Summary {
  id: string;
  fullName: string;
  sex: string;
  birthDate: string;
  cccd: string | null;
}

describe('new patient (nurse, Chromium)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let existing: Summary;

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    await apiLogin(context, 'dd.hoa');
    // A real demo patient with a CCCD, whose sex and birth year the new record repeats (the server
    // checks that the CCCD encodes them).
    const list = (await (await context.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: Summary[] };
    const found = list.items.find((p) => p.cccd && p.sex === 'female');
    if (!found) throw new Error('no demo patient with a CCCD');
    existing = found;
    await page.goto(`${BASE_URL}/patients`);
    await new PatientsPage(page).waitReady();
  });
  afterAll(() => browser?.close());

  it('rejects a CCCD that is not 12 digits on the field, before sending', async () => {
    const drawer = new NewPatientDrawer(page);
    await drawer.open();
    await drawer.fill({ fullName: 'Lò Thị Mỷ', sex: 'female', birthDate: existing.birthDate.split('-').reverse().join('/'), cccd: '12345', province: 'Thái Nguyên', commune: 'Xã Tân Cương' });
    await drawer.save();
    await expect.poll(() => drawer.fieldError('cccd')).toBe('CCCD gồm đúng 12 chữ số');
    expect(await drawer.fieldError('fullName')).toBeNull();
    await screenshot(page, 'new-patient');
  });

  it('saves a patient whose CCCD is already used and shows the duplicate warning', async () => {
    const drawer = new NewPatientDrawer(page);
    await drawer.fill({ cccd: existing.cccd! });
    await drawer.save();
    await expect.poll(() => new PatientPage(page).name().textContent(), { timeout: 10_000 }).toBe('Lò Thị Mỷ');
    const warning = drawer.duplicateWarning();
    await warning.waitFor();
    expect(await warning.textContent()).toContain(existing.fullName);
    // The warning links to the other record so that the two can be compared.
    await warning.getByRole('link').click();
    await expect.poll(() => new PatientPage(page).name().textContent(), { timeout: 10_000 }).toBe(existing.fullName);
    await clearToasts(page);
  });
});
