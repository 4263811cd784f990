/**
 * MQTT topics are claims (issue 11): with the real local Mosquitto, a reading published on another
 * facility's or another bed's topic than its device's registration is dropped and counted; only
 * the registered facility and bed store it.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { parseBedTopic, topicMatchesDevice } from './mqtt.ts';

describe('topicMatchesDevice', () => {
  const device = { facilityCode: 'BVDK-TN', bed: '12' };
  it.each([
    ['yte/BVDK-TN/bed/12/vitals', true],
    ['yte/OTHER-FACILITY/bed/12/vitals', false],
    ['yte/BVDK-TN/bed/99/vitals', false],
    ['yte/bvdk-tn/bed/12/vitals', false], // MQTT topics are case-sensitive
    ['yte/BVDK-TN/bed/12/vitals/extra', false],
  ])('%s → %s', (topic, ok) => expect(topicMatchesDevice(topic, device)).toBe(ok));
  it('a device registered without a bed matches no bed topic', () => expect(topicMatchesDevice('yte/BVDK-TN/bed/12/vitals', { facilityCode: 'BVDK-TN', bed: null })).toBe(false));
  it('parses the topic', () => expect(parseBedTopic('yte/TYT-A/bed/B-07/vitals')).toEqual({ facilityCode: 'TYT-A', bed: 'B-07' }));
});

describe.each(ENGINES)('MQTT topic check with the local Mosquitto on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await openTestApp(engine, { config: { mqttUrl: 'mqtt://127.0.0.1:1883' } });
    admin = await t.login('ql.hung');
  });
  afterAll(() => t?.close());

  const status = async () => (await t.app.inject({ method: 'GET', url: '/api/monitoring/status', headers: { cookie: admin } })).json() as { mqtt: { subscribed: boolean; topicMismatch: number; stored: number } | null };

  it('drops and counts a reading whose topic names another facility or bed; stores the registered one', async () => {
    const nurse = await t.login('dd.hoa');
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    const [p] = await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [h!.id]);
    const deviceId = `MQTT-TOPIC-${engine}-${process.pid}-${Date.now()}`;
    const reg = await t.app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: nurse }, payload: { deviceId, facilityId: h!.id, bed: '12', patientId: p!.id } });
    expect(reg.statusCode).toBe(200);
    // Publish only once this app's client is subscribed (QoS 1 is not kept for a client not yet there).
    for (let i = 0; i < 50 && !(await status()).mqtt?.subscribed; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await status()).mqtt?.subscribed).toBe(true);
    const before = (await status()).mqtt!;
    const reading = (pulse: number) => JSON.stringify({ deviceId, at: new Date().toISOString(), vitals: { pulse } });
    const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
    await pub.publishAsync('yte/OTHER-FACILITY/bed/99/vitals', reading(150), { qos: 1 });
    await pub.publishAsync('yte/BVDK-TN/bed/99/vitals', reading(151), { qos: 1 });
    await pub.publishAsync('yte/BVDK-TN/bed/12/vitals', reading(88), { qos: 1 });
    await pub.endAsync();
    let rows: Array<{ value_num: number }> = [];
    let now = before;
    for (let i = 0; i < 50 && (rows.length < 1 || now.topicMismatch < before.topicMismatch + 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await t.db.query('SELECT value_num FROM observation WHERE device_id = $1', [deviceId]);
      now = (await status()).mqtt!;
    }
    expect(rows.map((r) => r.value_num)).toEqual([88]);
    expect(now.topicMismatch - before.topicMismatch).toBe(2);
    // Only operations roles read the counters.
    expect((await t.app.inject({ method: 'GET', url: '/api/monitoring/status', headers: { cookie: nurse } })).statusCode).toBe(403);
  });
});
