/**
 * A station's safety stop in the browser (issue 11): station staff report a serious incident and
 * stop a tool at their station; the station sees the banner, the hospital does not; the governance
 * officer sees the notification and the facility's stage at once, acknowledges and lifts the stop.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession } from '../lib/browser.ts';

const TOOL = 'who-cvd-2019-sea';
const STATION = 'Trạm Y tế Đồi Chè';

describe('facility-scoped suspension from an incident (Chromium)', () => {
  let browser: Browser;
  let station: { context: BrowserContext; page: Page };
  let doctor: { context: BrowserContext; page: Page };
  let officer: { context: BrowserContext; page: Page };
  let stationId: string;

  beforeAll(async () => {
    browser = await launch();
    [station, doctor, officer] = await Promise.all([newSession(browser), newSession(browser), newSession(browser)]);
    const me = await apiLogin(station.context, 'yt.tuan');
    await apiLogin(doctor.context, 'bs.lan');
    await apiLogin(officer.context, 'qt.mai');
    stationId = (me as unknown as { facilities: { id: string; name: string }[] }).facilities.find((f) => f.name === STATION)!.id;
  });
  afterAll(() => browser?.close());

  it('stops the tool at the station only, and the officer is told and lifts it', async () => {
    const res = await station.context.request.post(`${BASE_URL}/api/governance/incidents`, {
      data: { toolId: TOOL, facilityId: stationId, harm: 'severe', suspendTool: true, description: 'E2E: nguy cơ tim mạch sai do nhập nhầm đơn vị' },
    });
    expect(res.status()).toBe(201);
    // The station sees the stop in its banner; the hospital does not.
    await station.page.goto(`${BASE_URL}/patients`);
    await expect.poll(() => station.page.getByText(`tạm dừng tại ${STATION}`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await doctor.page.goto(`${BASE_URL}/patients`);
    await doctor.page.locator('table tbody tr').first().waitFor();
    expect(await doctor.page.getByText(`tạm dừng tại ${STATION}`).count()).toBe(0);
    // The officer: the notification and the facility's stage, at once.
    await officer.page.goto(`${BASE_URL}/governance`);
    const note = officer.page.getByTestId(`gov-notification-${TOOL}`);
    await note.waitFor();
    expect(await note.textContent()).toContain(STATION);
    expect(await officer.page.getByTestId(`registry-facility-stage-${TOOL}`).textContent()).toContain(`${STATION}: Tạm dừng`);
    await note.getByRole('button', { name: 'Đã xem' }).click();
    await note.waitFor({ state: 'detached' });
    await officer.page.goto(`${BASE_URL}/governance/tools/${TOOL}`);
    const row = officer.page.getByTestId(`facility-stage-${stationId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Tạm dừng');
    await officer.page.getByLabel('Lý do gỡ tạm dừng').fill('E2E: đã xem xét, lỗi nhập liệu');
    await officer.page.getByTestId(`lift-${stationId}`).click();
    await expect.poll(() => row.textContent()).toContain('Sử dụng chung');
  });
});
