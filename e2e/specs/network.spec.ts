/**
 * The network dashboard as a provincial / national officer uses it: a registry imported from CSV,
 * one Hà Nội station pulling with 37 changes waiting; the map, the drill-down province → station,
 * CSV export, English, and the phone layout.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, screenshot } from '../lib/browser.ts';

const HEAD = 'code,name,level,province_code,commune,commune_code,supervisor_code,population,pop_adult40,pop_under5,lat,lon';
const XRW = { 'x-requested-with': 'XMLHttpRequest' };

describe('network dashboard (Chromium)', () => {
  let browser: Browser;
  let desk: { context: BrowserContext; page: Page };
  let phone: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    browser = await launch();
    const dc = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    desk = { context: dc, page: await dc.newPage() };
    await apiLogin(dc, 'qt.mai');
    const pc = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    phone = { context: pc, page: await pc.newPage() };
    await apiLogin(pc, 'qt.mai');

    const lines = [`E2E-HN-BV,Bệnh viện Thủ Đô (thử),provincial_hospital,01,Phường Ba Đình,,,0,0,0,,`];
    for (let i = 1; i <= 8; i++) lines.push(`E2E-HN-${String(i).padStart(2, '0')},Trạm Y tế Phường ${i} (thử),commune_station,01,Phường ${i},,E2E-HN-BV,${9000 + i * 500},${3400 + i * 190},${630 + i * 35},,`);
    lines.push(`E2E-CM-01,Trạm Y tế Đất Mũi (thử),commune_station,33,Xã Đất Mũi,,,7000,2600,500,,`);
    const imp = await dc.request.post(`${BASE_URL}/api/network/registry`, { headers: XRW, data: { csv: `${HEAD}\n${lines.join('\n')}\n` } });
    expect(imp.status()).toBe(200);

    // One station gets a device key (a facility admin registers it) and pulls, telling its queue.
    const v = await (await dc.request.get(`${BASE_URL}/api/network/provinces/01`)).json() as { stations: Array<{ code: string; facilityId: string }> };
    const id = v.stations.find((s) => s.code === 'E2E-HN-01')!.facilityId;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const admin = await browser.newContext();
    await apiLogin(admin, 'ql.hung');
    const put = await admin.request.put(`${BASE_URL}/api/sync/stations/${id}`, { headers: XRW, data: { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') } });
    expect(put.status()).toBe(204);
    await admin.close();
    const sig = sign(null, Buffer.from(`yte-sync-pull:${id}:0`), privateKey).toString('base64');
    const pull = await fetch(`${BASE_URL}/api/sync/pull?since=0`, { headers: { 'x-yte-station': id, 'x-yte-signature': sig, 'x-yte-queue': '37' } });
    expect(pull.status).toBe(200);
  });
  afterAll(() => browser?.close());

  it('national view: the map, the charts and the province table', async () => {
    const { page } = desk;
    await page.goto(`${BASE_URL}/network`);
    await page.getByTestId('tile-map').waitFor();
    expect(await page.locator('[data-testid^="tile-"]').count()).toBe(34 + 1); // 34 tiles + the map itself
    await page.getByTestId('coverage-chart').waitFor();
    const hn = page.getByTestId('province-row-01');
    await hn.getByText('9', { exact: true }).first().waitFor(); // 9 facilities imported in Hà Nội
    await expect.poll(() => hn.locator('td').nth(2).innerText()).toBe('1 / 1');
    await screenshot(page, 'network-national');
  });

  it('drills down province → station: live, last sync, 37 changes waiting; the others have no link yet', async () => {
    const { page } = desk;
    await page.getByTestId('tile-01').click();
    await page.waitForURL(/\/network\/01$/);
    await page.getByText('Tỉnh/thành phố Hà Nội').waitFor();
    const row = page.getByTestId('station-row-E2E-HN-01');
    await row.getByText('Đang kết nối').waitFor();
    await row.getByText('vừa xong').waitFor();
    expect(await row.locator('td').nth(4).innerText()).toBe('37');
    await page.getByTestId('station-row-E2E-HN-02').getByText('Không đồng bộ').waitFor();
    await screenshot(page, 'network-province');
  });

  it('exports CSV for the province', async () => {
    const res = await desk.context.request.get(`${BASE_URL}/api/network/provinces/01/stations.csv?days=365`);
    expect(res.headers()['content-type']).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines.find((l) => l.startsWith('E2E-HN-01,'))).toMatch(/,live,/);
    expect(await desk.page.getByTestId('network-csv').getAttribute('href')).toBe('/api/network/provinces/01/stations.csv?days=365');
  });

  it('reads in English', async () => {
    const { page } = desk;
    await page.evaluate(() => localStorage.setItem('yte.lang', 'en'));
    await page.goto(`${BASE_URL}/network`);
    await page.getByText('National network of health stations').waitFor();
    await page.getByText('Screening coverage against the target population').waitFor();
    await page.evaluate(() => localStorage.setItem('yte.lang', 'vi'));
  });

  it('fits a 390 px phone: no sideways scrolling of the page', async () => {
    const { page } = phone;
    await page.goto(`${BASE_URL}/network`);
    await page.getByTestId('tile-map').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'network-national-phone');
    await page.goto(`${BASE_URL}/network/01`);
    await page.getByTestId('station-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'network-province-phone');
  });

  it('the sync conflict queue opens for station staff (empty on a fresh install)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await apiLogin(ctx, 'yt.tuan');
    const page = await ctx.newPage();
    await page.goto(`${BASE_URL}/sync/reviews`);
    await page.getByText('Xung đột đồng bộ cần xem xét').waitFor();
    await page.getByTestId('sync-reviews-empty').waitFor();
    await ctx.close();
  });
});
