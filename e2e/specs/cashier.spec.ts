/**
 * The cashier flow in the browser: a visit recorded through the clinical API (glucose result, a drug, diagnosis
 * and card check) is billed with the insured share; the cashier opens a shift, shows the VietQR code, records
 * the transfer, gets a receipt, and closes the shift; the manager approves the monthly report's drafted summary.
 * Creates its own patient, so spec order does not matter.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';

const csv = readFileSync(new URL('../../packages/claims/data/demo-catalogue.csv', import.meta.url), 'utf8');

describe('cashier: bill, VietQR payment, receipt, shift close-out; report approval (Chromium)', () => {
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let nurse: { context: BrowserContext; page: Page };
  let facilityId: string;
  let encounterId: string;
  // letters only (names with digits are refused); a different name on each run
  const patientName = `Lê Thị ${['Ngân', 'Quỹ', 'Thu', 'Phí', 'Tiền'][Date.now() % 5]} ${['An', 'Bình', 'Cúc', 'Dung', 'Hạnh', 'Khánh'][Math.floor(Date.now() / 5) % 6]}`;

  beforeAll(async () => {
    browser = await launch();
    admin = await newSession(browser);
    nurse = await newSession(browser);
    facilityId = (await apiLogin(admin.context, 'ql.hung')).facilities[0]!.id;
    await apiLogin(nurse.context, 'dd.hoa');
    const a = admin.context.request;
    const n = nurse.context.request;
    expect((await a.post(`${BASE_URL}/api/claims/catalogue`, { data: { facilityId, csv } })).status()).toBe(200);
    expect((await a.put(`${BASE_URL}/api/cashier/settings`, { data: {
      facilityId,
      settings: { maCskcb: '01820', level: 'district', department: 'K01', headCode: 'TTDV01', bankBin: '970416', bankAccount: '257678859', taxCode: '0101234567', invoiceSymbol: 'C24TYT' },
      codeMap: [{ sourceSystem: 'loinc', sourceCode: '2345-7', code: '23.0075.1494' }, { sourceSystem: 'encounter', sourceCode: 'outpatient', code: '02.0001.1896' }],
    } })).status()).toBe(200);
    const p = await n.post(`${BASE_URL}/api/patients`, { data: { fullName: patientName, sex: 'female', birthDate: '1958-04-05', bhyt: 'HT3010123456781', province: 'Thái Nguyên', commune: 'Phường Demo', facilityId } });
    expect(p.status(), await p.text()).toBe(201);
    const patientId = (await p.json()).patient.id as string;
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const e = await n.post(`${BASE_URL}/api/patients/${patientId}/encounters`, { data: { facilityId, type: 'outpatient', reason: 'Khám định kỳ', startedAt: at(20), labs: [{ loinc: '2345-7', value: 8.2, unit: 'mmol/L', display: 'Glucose' }] } });
    encounterId = (await e.json()).encounter.id;
    expect((await n.post(`${BASE_URL}/api/encounters/${encounterId}/charges`, { data: { kind: 'THUOC', code: '40.559', quantity: 600, orderedAt: at(10), dosage: '1 viên x 2 lần/ngày', drugRoute: '1.01' } })).status()).toBe(200);
    const y = new Date().getUTCFullYear();
    expect((await n.put(`${BASE_URL}/api/encounters/${encounterId}/billing`, { data: { icd10Main: 'E11.9', diagnosisText: 'Đái tháo đường type 2', cardValidFrom: `${y}-01-01`, cardValidTo: `${y}-12-31`, cardRegisteredAt: '01820', route: 'on-route', endedAt: at(5), result: 2 } })).status()).toBe(200);
  });
  afterAll(() => browser?.close());

  it('bills the visit with the 95 % card, takes the patient part by VietQR, prints a receipt and closes the shift', async () => {
    const page = admin.page;
    await page.goto(`${BASE_URL}/cashier`);
    await page.getByTestId('cashier-shift').waitFor();
    const shift = page.getByTestId('cashier-shift');
    if (await shift.getByRole('button', { name: 'Mở ca' }).count()) await shift.getByRole('button', { name: 'Mở ca' }).click();
    await shift.getByRole('button', { name: 'Chốt ca' }).waitFor();
    await page.getByTestId('cashier-visits').getByRole('button', { name: new RegExp(patientName) }).click();
    const bill = page.getByTestId('cashier-bill');
    await bill.waitFor();
    // covered 38,700 + 22,000 + 360,000 = 420,700 at 95 %: co-pay 21,035; outside the fund 6,300 + 3,000
    expect(await bill.innerText()).toMatch(/mức hưởng 95 %/i);
    expect(await page.getByTestId('cashier-due').innerText()).toContain('30.335');
    await screenshot(page, 'cashier-bill');
    await bill.getByRole('button', { name: 'Mã VietQR' }).click();
    const qr = page.getByTestId('cashier-qr');
    await qr.locator('svg').waitFor();
    await screenshot(page, 'cashier-desktop');
    await qr.getByRole('button', { name: 'Đã nhận chuyển khoản VietQR' }).click();
    await page.getByTestId('cashier-payments').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="cashier-due"]')?.textContent?.includes(': 0 đ'));
    const href = await page.getByTestId('cashier-payments').getByRole('link', { name: 'Biên lai' }).first().getAttribute('href');
    const pdf = await admin.context.request.get(`${BASE_URL}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await clearToasts(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'cashier-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    const state = await (await admin.context.request.get(`${BASE_URL}/api/cashier/shift?facilityId=${facilityId}`)).json();
    await shift.getByLabel('Tiền mặt đếm được (đ)').fill(String(state.shift.expectedCashVnd));
    await shift.getByRole('button', { name: 'Chốt ca' }).click();
    await page.getByText(/Đã chốt ca/).waitFor();
    await shift.getByRole('button', { name: 'Mở ca' }).waitFor();
  });

  it('the manager builds the monthly report and approves its drafted summary', async () => {
    const page = admin.page;
    await page.goto(`${BASE_URL}/reports`);
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    const card = page.getByTestId('report-card').first();
    await card.getByTestId('report-draft').waitFor();
    expect(await card.getByTestId('report-draft').inputValue()).toMatch(/lượt khám/);
    await screenshot(page, 'reports-desktop');
    await card.getByRole('button', { name: 'Duyệt bản nháp' }).click();
    await card.getByTestId('report-final').waitFor();
  });
});
