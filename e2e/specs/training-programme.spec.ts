/**
 * Programme management in the browser: the facility admin uploads a small enrolment CSV with one
 * bad row, sees that row's problem (nothing imported), fixes it, sends it again, and finds the
 * learners on the cohort dashboard (filtered by the file's own province), on desktop and phone.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

// A province name no other spec uses, so the dashboard filter shows only this file's learners.
const PROVINCE = `Tỉnh Thử ${Date.now() % 100000}`;
const seq = String(Date.now()).slice(-6);
const ids = [`019170${seq}`, `001185${seq}`, `079092${seq}`];
const rows = (badDate: string) => [
  'national_id,full_name,role,facility_code,province,cohort,start_date',
  `${ids[0]},Nguyễn Thị Hồng,nurse,BVDK-TN,${PROVINCE},Khoá 1/2026,05/01/2026`,
  `${ids[1]},Trần Văn Đức,doctor,BVDK-TN,${PROVINCE},Khoá 1/2026,${badDate}`,
  `${ids[2]},Lê Thị Thu Hà,nurse,BVDK-TN,${PROVINCE},Khoá 1/2026,12/01/2026`,
].join('\n');

describe('training programme: enrolment and cohort dashboard (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(() => browser?.close());

  it('refuses a file with a bad date on row 3, then enrols the fixed file and shows it on the dashboard', async () => {
    const { context, page } = await newSession(browser);
    await apiLogin(context, 'ql.hung');
    await page.goto(`${BASE_URL}/training/programme`);
    await page.getByTestId('tab-enrolment').click();
    const file = join(tmpdir(), `enrol-${seq}.csv`);
    writeFileSync(file, rows('31/02/2026'));
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('choose-csv').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('csv-name').getByText(`enrol-${seq}.csv`).waitFor();
    await page.getByTestId('csv-upload').click();
    const errs = page.getByTestId('import-errors');
    await errs.waitFor();
    expect(await errs.textContent()).toContain('Tệp có 1 lỗi');
    expect(await page.getByTestId('row-error-3').textContent()).toContain('"31/02/2026" không phải ngày dạng dd/mm/yyyy');
    await screenshot(page, 'training-enrolment-errors');
    // Nothing was half-imported.
    const before = (await (await context.request.get(`${BASE_URL}/api/training/dashboard?province=${encodeURIComponent(PROVINCE)}`)).json()) as { groups: unknown[] };
    expect(before.groups).toEqual([]);

    await page.getByTestId('csv-text').fill(rows('28/02/2026'));
    await page.getByTestId('csv-upload').click();
    await page.getByTestId('import-ok').getByText('Đã ghi danh 3 học viên.').waitFor();
    expect(await page.getByTestId('import-errors').count()).toBe(0);

    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('filter-province').click();
    await page.getByRole('option', { name: PROVINCE }).click();
    await expect.poll(() => page.getByTestId('total-enrolled').textContent()).toBe('3');
    expect(await page.getByTestId('rollup-nurse').textContent()).toContain('Điều dưỡng');
    expect(await page.getByTestId('rollup-nurse').locator('td').nth(1).textContent()).toBe('2');
    expect(await page.getByTestId('rollup-doctor').locator('td').nth(1).textContent()).toBe('1');
    await screenshot(page, 'training-dashboard');
    // The CSV export link carries the filter and answers the group lines.
    const href = (await page.getByTestId('export-csv').getAttribute('href'))!;
    expect(href).toContain(`province=${encodeURIComponent(PROVINCE).replace(/%20/g, '+')}`);
    const csv = await (await context.request.get(`${BASE_URL}${href}`)).text();
    expect(csv.split('\r\n').filter((l) => l.startsWith(PROVINCE))).toHaveLength(2);
    await context.close();
  });

  it('the dashboard fits a 390 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await apiLogin(context, 'qt.mai');
    await page.goto(`${BASE_URL}/training/programme`);
    await page.getByTestId('total-enrolled').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'training-dashboard-phone');
    await page.getByTestId('tab-enrolment').click();
    await page.getByText('Chỉ quản lý cơ sở được ghi danh học viên.').waitFor();
    await context.close();
  });
});
