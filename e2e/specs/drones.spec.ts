/**
 * Drone transport as a new user tries it: the dispatch board and offline map, a sputum sample
 * requested at a station, planned (checks, ETA against the road) and approved at the hospital,
 * handed over with scans, flown (live position on the map over SSE when the server has an MQTT
 * broker), landed and received. A blocked flight shows why and offers the road.
 */
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';

describe('drone transport (Chromium)', () => {
  let browser: Browser;
  let station: { context: BrowserContext; page: Page };
  let hospital: { context: BrowserContext; page: Page };
  let flightId = '';
  let box = '';
  let path: number[][] = [];

  beforeAll(async () => {
    browser = await launch();
    station = await newSession(browser);
    hospital = await newSession(browser);
    const st = await apiLogin(station.context, 'yt.tuan');
    const ho = await apiLogin(hospital.context, 'dd.hoa');
    const from = st.facilities.find((f) => f.kind === 'station')!.id;
    const to = ho.facilities.find((f) => f.kind === 'hospital')!.id;
    const res = await station.context.request.post(`${BASE_URL}/api/drone-flights`, { data: { fromFacilityId: from, toFacilityId: to, cargo: 'sample', priority: 'urgent', contents: 'Đờm xét nghiệm lao (E2E)', weightKg: 0.3, tempMinC: 2, tempMaxC: 8 } });
    expect(res.status()).toBe(201);
    ({ id: flightId, boxCode: box } = (await res.json()) as { id: string; boxCode: string });
  });
  afterAll(() => browser?.close());

  it('shows the board and the offline map; a blocked flight says why and offers the road', async () => {
    const page = hospital.page;
    await page.goto(`${BASE_URL}/drones`);
    await page.getByTestId('drone-map').waitFor();
    // Facilities drawn from yte's own data; no request leaves for a tile server.
    await expect.poll(() => page.getByTestId('drone-map').locator('text').filter({ hasText: 'Bệnh viện Đa khoa Hương Chè' }).count()).toBeGreaterThan(0);
    await page.getByTestId('drone-flights').getByText('Dịch truyền Ringer lactat (6 chai)').click();
    const plan = page.getByTestId('flight-plan');
    await expect.poll(() => plan.textContent()).toContain('Không thể bay — đề nghị vận chuyển đường bộ');
    expect(await plan.textContent()).toContain('Khối lượng hàng 4,5 kg vượt giới hạn 3 kg của thiết bị bay');
    await screenshot(page, 'drones-blocked-vi-desktop');
  });

  it('plans and approves the station\'s sample, then the hand-overs are scanned and signed', async () => {
    const page = hospital.page;
    await page.goto(`${BASE_URL}/drones`);
    await page.getByTestId('drone-flights').getByText('Đờm xét nghiệm lao (E2E)').click();
    const card = page.getByTestId('flight-card');
    await card.getByLabel('Thiết bị bay').click();
    await page.getByRole('option', { name: /D-HC02/ }).click();
    await card.getByRole('button', { name: 'Lập kế hoạch bay' }).click();
    await expect.poll(() => card.getByTestId('flight-plan').textContent()).toContain('Đường bộ');
    const text = (await card.getByTestId('flight-plan').textContent())!;
    expect(text).toContain('✓ Khối lượng hàng 0,3 kg trong giới hạn 3 kg');
    await card.getByRole('button', { name: 'Duyệt chuyến bay' }).click();
    await expect.poll(() => card.textContent()).toContain('Đã duyệt');

    // The station packs, loads and launches: each scan of the box, signed by the session's user.
    for (const step of ['packed', 'loaded', 'launched']) {
      const r = await station.context.request.post(`${BASE_URL}/api/drone-flights/${flightId}/custody`, { data: { step, scannedCode: box, tempC: 5 } });
      expect(r.status(), step).toBe(200);
    }
    const detail = (await (await hospital.context.request.get(`${BASE_URL}/api/drone-flights/${flightId}`)).json()) as { state: string; plan: { path: number[][] } };
    expect(detail.state).toBe('in_flight');
    path = detail.plan.path;
  });

  it('moves the drone on the map live (needs YTE_MQTT_URL on the server), then lands and is received', async () => {
    const page = hospital.page;
    await page.goto(`${BASE_URL}/drones`);
    await expect.poll(() => page.getByTestId('live-badge').textContent(), { timeout: 10_000 }).toBe('Trực tiếp');
    const admin = await newSession(browser);
    await apiLogin(admin.context, 'ql.hung');
    const status = (await (await admin.context.request.get(`${BASE_URL}/api/drone-telemetry/status`)).json()) as { mqtt: boolean; subscribed: boolean };
    // e2e/run.mjs gives the server the broker whenever one answers: then the live path must work.
    if (process.env.YTE_MQTT_URL) expect(status.mqtt).toBe(true);
    if (status.mqtt) {
      const pub = await mqtt.connectAsync(process.env.YTE_MQTT_URL ?? 'mqtt://127.0.0.1:1883');
      const [a, b] = [path[0]!, path[path.length - 1]!];
      const markers = page.getByTestId('drone-marker');
      const before = await markers.count();
      await pub.publishAsync('yte/BVDK-TN/drone/D-HC02/telemetry', JSON.stringify({ droneId: 'D-HC02', at: new Date().toISOString(), lon: a[0]! + (b[0]! - a[0]!) * 0.5, lat: a[1]! + (b[1]! - a[1]!) * 0.5, altM: 100, speedMps: 15, batteryPct: 77, payloadTempC: 5.1 }));
      await expect.poll(() => markers.count(), { timeout: 3_000 }).toBe(before + 1);
      await expect.poll(() => page.getByTestId('drone-map').textContent()).toContain('77 %');
      await pub.endAsync();
      await screenshot(page, 'drones-live-vi-desktop');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'drones-live-vi-phone');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    for (const step of ['landed', 'received']) {
      const r = await hospital.context.request.post(`${BASE_URL}/api/drone-flights/${flightId}/custody`, { data: { step, scannedCode: box, tempC: 5.4 } });
      expect(r.status(), step).toBe(200);
    }
    await page.reload();
    await page.getByTestId('drone-flights').getByText('Đờm xét nghiệm lao (E2E)').click();
    const card = page.getByTestId('flight-card');
    await expect.poll(() => card.textContent()).toContain('Đã giao');
    // The custody chain loads after the card: wait for its last step, then check all five.
    await expect.poll(() => card.textContent()).toContain('Nhận hàng');
    for (const s of ['Đóng gói', 'Lắp lên drone', 'Cất cánh', 'Hạ cánh', 'Nhận hàng']) expect(await card.textContent()).toContain(s);
  });
});
