/**
 * Teleconsultation as a new user would try it: the station asks a specialist from the patient's chart,
 * the hospital doctor answers from the inbox, the station sees the advice as a suggestion, then the
 * doctor calls back on video. Two separate headless Chromium instances with fake camera and
 * microphone; the call is forced through the relay (iceTransportPolicy 'relay'), so media can only
 * flow through coturn (started by e2e/run.mjs on 127.0.0.1). getStats() on both sides must show a
 * relayed candidate pair and bytes received, video and audio, both ways.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, clearToasts, launch, newSession, screenshot } from '../lib/browser.ts';

const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const TURN = process.env.YTE_E2E_TURN;

interface Consult { id: string; state: string; patientName: string }

describe.skipIf(!TURN)(`teleconsult: store-and-forward then a video call through coturn${TURN ? '' : ' (skipped: coturn not running; apt-get install coturn, see e2e/run.mjs)'}`, () => {
  let stationBrowser: Browser;
  let doctorBrowser: Browser;
  let station: { context: BrowserContext; page: Page };
  let doctor: { context: BrowserContext; page: Page };
  let patientId: string;
  let consult: Consult;
  // Names take letters only: a suffix of letters keeps this run's patient apart from earlier runs'.
  const name = `Lý Thị Gọi ${Array.from(String(Date.now() % 1e6), (d) => 'ABCDEGHKLM'[Number(d)]).join('').toLowerCase().replace(/^./, (c) => c.toUpperCase())}`;

  beforeAll(async () => {
    stationBrowser = await launch(FAKE_MEDIA);
    doctorBrowser = await launch(FAKE_MEDIA);
    station = await newSession(stationBrowser);
    doctor = await newSession(doctorBrowser);
    for (const [who, s] of [['station', station], ['doctor', doctor]] as const) {
      s.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[${who}] ${m.text()}`); });
    }
    const me = await apiLogin(station.context, 'yt.tuan');
    await apiLogin(doctor.context, 'bs.lan');
    const stationId = me.facilities.find((f) => f.kind === 'station')!.id;
    const p = await station.context.request.post(`${BASE_URL}/api/patients`, { data: { fullName: name, sex: 'female', birthDate: '1970-05-06', province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId: stationId } });
    expect(p.status()).toBe(201);
    patientId = ((await p.json()) as { patient: { id: string } }).patient.id;
    const e = await station.context.request.post(`${BASE_URL}/api/patients/${patientId}/encounters`, {
      data: { facilityId: stationId, type: 'station', reason: 'Ho, sốt', vitals: { respRate: 22, spo2: 94, onOxygen: false, systolicBP: 118, pulse: 104, consciousness: 'A', temperatureC: 38.2 } },
    });
    expect(e.status()).toBe(201);
  });
  afterAll(async () => {
    await stationBrowser?.close();
    await doctorBrowser?.close();
  });

  it('the station asks from the chart; the hospital sees it in the inbox and answers; the station sees the advice', async () => {
    const sp = station.page;
    await sp.goto(`${BASE_URL}/patients/${patientId}`);
    await sp.getByTestId('tc-new').click();
    const form = sp.getByTestId('tc-form');
    await form.getByLabel('Bệnh viện').click();
    await sp.getByRole('option', { name: 'Bệnh viện Đa khoa Hương Chè' }).click();
    await form.getByLabel('Chuyên khoa').fill('Nội');
    await form.getByLabel('Khẩn', { exact: true }).check();
    await form.getByLabel('Câu hỏi').fill('Ho sốt 4 ngày, SpO2 94%, ran nổ đáy phổi phải. Xin ý kiến điều trị tại trạm hay chuyển tuyến.');
    await screenshot(sp, 'teleconsult-request');
    await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect.poll(async () => (await sp.getByTestId('patient-teleconsults').textContent()) ?? '', { timeout: 20_000 }).toContain('Chờ nhận');

    const dp = doctor.page;
    await dp.goto(`${BASE_URL}/teleconsults`);
    const row = dp.getByTestId('tc-row').filter({ hasText: name });
    await row.waitFor();
    await screenshot(dp, 'teleconsult-inbox');
    await dp.setViewportSize({ width: 390, height: 844 });
    await screenshot(dp, 'teleconsult-inbox-phone');
    await dp.setViewportSize({ width: 1440, height: 900 });
    await row.click();
    await dp.getByTestId('tc-detail').waitFor();
    consult = (await (await doctor.context.request.get(`${BASE_URL}/api/teleconsults/inbox?facilityId=${(await (await doctor.context.request.get(`${BASE_URL}/api/auth/me`)).json() as { facilities: Array<{ id: string }> }).facilities[0]!.id}`)).json() as Consult[]).find((c) => c.patientName === name)!;
    expect(consult).toBeTruthy();
    // NEWS2 of the snapshot (RCP 2017 Chart 1): RR 22 → 2, SpO2 94 → 1, air 0, SBP 118 → 0, pulse 104 → 1, A 0, 38.2 °C → 1 = 5.
    await expect.poll(async () => (await dp.getByTestId('tc-detail').textContent()) ?? '', { timeout: 20_000 }).toContain('NEWS2: 5');
    await dp.getByTestId('tc-to-accepted').click();
    await dp.getByTestId('tc-advice').fill('Nghĩ viêm phổi cộng đồng mức nhẹ: amoxicillin 1 g × 3 lần/ngày × 5 ngày, hạ sốt, tái khám sau 48 giờ; chuyển tuyến nếu SpO2 < 92% hoặc thở > 30 lần/phút.');
    await dp.getByTestId('tc-to-answered').click();
    await dp.getByTestId('tc-answer').waitFor();
    await screenshot(dp, 'teleconsult-answer');

    await sp.reload();
    const panel = sp.getByTestId('patient-teleconsults');
    await expect.poll(async () => (await panel.textContent()) ?? '', { timeout: 20_000 }).toContain('amoxicillin 1 g');
    expect(await panel.textContent()).toContain('Gợi ý từ tuyến trên — trạm quyết định');
    await clearToasts(sp);
    // Phone size (390×844): the station's chart panel and the hospital's inbox.
    await sp.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(sp, 'teleconsult-chart-phone');
    await sp.setViewportSize({ width: 1440, height: 900 });
    // Answered consults leave the open inbox and show under "answered / closed".
    await dp.goto(`${BASE_URL}/teleconsults`);
    await dp.getByText('Đã trả lời / kết thúc').click();
    await dp.getByTestId('tc-row').filter({ hasText: name }).waitFor();
  });

  it('the doctor calls back on video: media flows both ways through coturn (relayed pair, bytes each way)', async () => {
    const url = `${BASE_URL}/teleconsults/${consult.id}/call?relay=1`;
    await doctor.page.goto(url);
    await expect.poll(async () => doctor.page.getByTestId('tc-call-status').textContent(), { timeout: 20_000 }).toBe('Đang chờ bên kia vào cuộc gọi');
    await station.page.goto(url);
    const stats = async (page: Page) => {
      const el = page.getByTestId('call-stats');
      const a = async (n: string) => (await el.getAttribute(n)) ?? '';
      return {
        local: await a('data-local-candidate-type'), remote: await a('data-remote-candidate-type'),
        rx: Number(await a('data-bytes-received')), tx: Number(await a('data-bytes-sent')),
        video: Number(await a('data-video-bytes-received')), audio: Number(await a('data-audio-bytes-received')),
      };
    };
    for (const page of [doctor.page, station.page]) {
      await expect.poll(async () => page.getByTestId('tc-call-status').textContent(), { timeout: 30_000 }).toBe('Đã kết nối');
      // Fake camera and microphone frames keep coming: wait until each side has received real amounts of both.
      await expect.poll(async () => { const s = await stats(page); return s.video > 20_000 && s.audio > 2_000 && s.tx > 20_000; }, { timeout: 30_000 }).toBe(true);
      const s = await stats(page);
      expect(s.local).toBe('relay');
      expect(s.rx).toBeGreaterThan(20_000);
      expect(s.tx).toBeGreaterThan(20_000);
    }
    // Independently of the page's panel: ask the browser's own getStats() for the relayed pair.
    const fromStats = await station.page.evaluate(async () => {
      const v = document.querySelector('[data-testid="tc-remote-video"]') as HTMLVideoElement;
      const s = v.srcObject as MediaStream | null;
      return { tracks: s?.getTracks().map((t) => `${t.kind}:${t.readyState}`) ?? [], playing: v.readyState >= 2 && v.videoWidth > 0 };
    });
    expect(fromStats.tracks.sort()).toEqual(['audio:live', 'video:live']);
    expect(fromStats.playing).toBe(true);
    await screenshot(doctor.page, 'teleconsult-call');
    await station.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(station.page, 'teleconsult-call-phone');
    await station.page.setViewportSize({ width: 1440, height: 900 });

    // Chat in the call reaches the other side and is stored on the consult.
    await station.page.getByLabel('Tin nhắn').fill('Em đã cho bệnh nhân uống thuốc hạ sốt');
    await station.page.getByLabel('Tin nhắn').press('Enter');
    await expect.poll(async () => (await doctor.page.getByTestId('tc-call-chat').textContent()) ?? '', { timeout: 20_000 }).toContain('Em đã cho bệnh nhân uống thuốc hạ sốt');

    await doctor.page.getByRole('button', { name: 'Kết thúc cuộc gọi' }).click();
    await station.page.goto(`${BASE_URL}/teleconsults/${consult.id}`);
    const detail = async () => (await (await station.context.request.get(`${BASE_URL}/api/teleconsults/${consult.id}`)).json()) as { calls: Array<{ connectedAt: string | null; endedAt: string | null; participants: Array<{ side: string }> }>; messages: Array<{ body: string }> };
    await expect.poll(async () => (await detail()).calls[0]?.endedAt ?? null, { timeout: 15_000 }).not.toBeNull();
    const d = await detail();
    expect(d.calls[0]!.connectedAt).not.toBeNull();
    expect(d.calls[0]!.participants.map((p) => p.side).sort()).toEqual(['consulting', 'requesting']);
    expect(d.messages.map((m) => m.body)).toContain('Em đã cho bệnh nhân uống thuốc hạ sốt');
  });
});
