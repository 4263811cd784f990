/**
 * Imaging on a real database (PGlite and PostgreSQL): upload validation, patient matching,
 * DICOMweb round trip, facility scoping, vendor import, reading workflow with the first-impression
 * guard, FHIR/SR export, model registration (hash check) and an inference job.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, hasShared, needs, openTestApp, SHARED_DIR, type TestApp } from '../../testing/harness.ts';
import { setStage } from '../tools/tools.repo.ts';
import dcmjs from 'dcmjs';
import { encodeOnnxModel, encodePng, jpegToDicom, parseMeasurementReport, readDicom, writeFindingsSr } from './imaging-lib.ts';
import { JobWorker } from './jobs.ts';
import { inferenceHandler } from './models.service.ts';
import { parseMultipart } from './multipart.ts';

const SHARED = SHARED_DIR;
/** Nearly every test here stores or reads real DICOM and NIH images from ../shared. */
const HAVE = hasShared('datasets/dicom', 'datasets/nih-chestxray14-sample/images', 'datasets/chexnet-predictions/predictions.csv');
const DICOM = join(SHARED, 'datasets/dicom');
const NIH = join(SHARED, 'datasets/nih-chestxray14-sample/images');
// Also read while collecting the (skipped) suites: empty when ../shared is absent.
const file = (p: string) => (HAVE ? readFileSync(join(DICOM, p)) : Buffer.alloc(0));

function multipart(parts: Array<{ name: string; body: Uint8Array; type?: string }>, kind: 'form-data' | 'related') {
  const boundary = 'testBOUNDARY123';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = kind === 'form-data' ? `Content-Disposition: form-data; name="files"; filename="${p.name}"\r\n` : '';
    chunks.push(Buffer.from(`--${boundary}\r\n${disp}Content-Type: ${p.type ?? 'application/dicom'}\r\n\r\n`), Buffer.from(p.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: kind === 'form-data' ? `multipart/form-data; boundary=${boundary}` : `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

/** A real file whose (0002,0010) names a retired JPEG process this platform does not decode. */
function withUnsupportedSyntax(): Buffer {
  const b = Buffer.from(file('cxr-pa-jpeg-baseline.dcm'));
  const at = b.indexOf('1.2.840.10008.1.2.4.50');
  expect(at).toBeGreaterThan(128);
  expect(at).toBeLessThan(400); // in the File Meta Information
  b.write('1.2.840.10008.1.2.4.52', at, 'latin1');
  return b;
}

describe.skipIf(!HAVE).each(ENGINES)(`imaging on %s${HAVE ? '' : ` ${needs('datasets (dicom, nih-chestxray14-sample, chexnet-predictions)')}`}`, (engine) => {
  let t: TestApp;
  let filesDir: string;
  let radiologist: string;
  let admin: string;
  let stationDoctor: string;
  let hospitalId: string;
  let patient: { id: string; cccd: string };
  const counts = async () => ({
    instances: (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imaging_instance'))[0]!.n,
    studies: (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imaging_study'))[0]!.n,
    files: (() => { try { return readdirSync(join(filesDir, 'dicom'), { recursive: true }).filter((f) => String(f).endsWith('.dcm')).length; } catch { return 0; } })(),
  });

  beforeAll(async () => {
    filesDir = mkdtempSync(join(tmpdir(), 'yte-imaging-'));
    t = await openTestApp(engine, { config: { filesDir } });
    radiologist = await t.login('bs.minh');
    admin = await t.login('ql.hung');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    const [p] = await t.db.query<{ id: string; cccd: string }>('SELECT id, cccd FROM patient WHERE facility_id = $1 AND cccd IS NOT NULL ORDER BY id LIMIT 1', [hospitalId]);
    patient = p!;
    // A doctor at a commune station (another facility) for the scoping tests.
    const [station] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'");
    const [lan] = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'bs.lan'");
    await t.db.query("INSERT INTO app_user (id, username, full_name, password_hash, roles) VALUES ('01900000-0000-7000-8000-0000000000aa', 'bs.tram', 'BS. Trạm', $1, ARRAY['doctor'])", [lan!.password_hash]);
    await t.db.query("INSERT INTO user_facility (user_id, facility_id) VALUES ('01900000-0000-7000-8000-0000000000aa', $1)", [station!.id]);
    stationDoctor = await t.login('bs.tram');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const upload = (body: Buffer, cookie = radiologist, filename = 'x.dcm') =>
    t.app.inject({ method: 'POST', url: `/api/imaging/upload?filename=${filename}`, payload: body, headers: { cookie, 'content-type': 'application/dicom' } });

  describe('upload validation', () => {
    const png = Buffer.from(encodePng(4, 4, new Uint8Array(16)));
    const ct = file('pydicom/CT_small.dcm');
    it.each([
      ['badVR.dcm', () => file('pydicom/badVR.dcm'), 'INVALID_VALUE'],
      ['no_meta_group_length.dcm', () => file('pydicom/no_meta_group_length.dcm'), 'META_GROUP_LENGTH_MISSING'],
      ['meta_missing_tsyntax.dcm', () => file('pydicom/meta_missing_tsyntax.dcm'), 'MISSING_TRANSFER_SYNTAX'],
      ['a PNG renamed .dcm', () => png, 'NOT_DICOM'],
      ['a truncated file', () => ct.subarray(0, Math.floor(ct.length / 2)), 'TRUNCATED'],
      ['an unsupported transfer syntax', withUnsupportedSyntax, 'UNSUPPORTED_TRANSFER_SYNTAX'],
      ['an empty file', () => Buffer.alloc(0), 'EMPTY_FILE'],
    ] as const)('rejects %s with %s and stores nothing', async (name, bytes, code) => {
      const before = await counts();
      const res = await upload(bytes(), radiologist, encodeURIComponent(name));
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe(code);
      expect(body.message).toContain(name);
      expect(body.messageVi).toMatch(/[ệếảờữạ]/); // a Vietnamese message, not a copy of the English one
      expect(body.details.rejected).toHaveLength(1);
      expect(await counts()).toEqual(before);
    });

    it('stores a valid file byte for byte; a re-upload is a duplicate; a mixed multipart batch answers 207 per file', async () => {
      const good = file('cxr-pa-jpeg-baseline.dcm');
      const res = await upload(good);
      expect(res.statusCode).toBe(201);
      const a = res.json().accepted[0];
      expect(a).toMatchObject({ duplicate: false, newStudy: true, matchState: 'unmatched', sopInstanceUid: readDicom(new Uint8Array(good)).summary.sopInstanceUid });
      const [row] = await t.db.query<{ file_path: string; sha256: string }>('SELECT file_path, sha256 FROM imaging_instance WHERE id = $1', [a.instanceId]);
      expect(readFileSync(join(filesDir, row!.file_path)).equals(good)).toBe(true);
      expect(row!.sha256).toBe(createHash('sha256').update(good).digest('hex'));
      expect((await upload(good)).json().accepted[0].duplicate).toBe(true);
      const before = await counts();
      const mp = multipart([{ name: 'MR_small.dcm', body: file('pydicom/MR_small.dcm') }, { name: 'badVR.dcm', body: file('pydicom/badVR.dcm') }], 'form-data');
      const mixed = await t.app.inject({ method: 'POST', url: '/api/imaging/upload', payload: mp.payload, headers: { cookie: radiologist, 'content-type': mp.contentType, 'x-requested-with': 'yte' } });
      expect(mixed.statusCode).toBe(207);
      expect(mixed.json().accepted.map((x: { file: string }) => x.file)).toEqual(['MR_small.dcm']);
      expect(mixed.json().rejected).toMatchObject([{ file: 'badVR.dcm', code: 'INVALID_VALUE', field: expect.stringContaining('(0028,0008)') }]);
      expect(await counts()).toEqual({ ...before, instances: before.instances + 1, studies: before.studies + 1, files: before.files + 1 });
    });

    it('two images of one new study uploaded at the same time make one study with two instances', async () => {
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000075_000.jpg')));
      const meta = { patientId: 'CONCURRENT', studyInstanceUid: '2.25.1234567890123', seriesInstanceUid: '2.25.1234567890124' };
      const [a, b] = await Promise.all([
        jpegToDicom(jpeg, { ...meta, sopInstanceUid: '2.25.1234567890125' }, { now: new Date('2026-11-01T00:00:00Z') }),
        jpegToDicom(jpeg, { ...meta, sopInstanceUid: '2.25.1234567890126' }, { now: new Date('2026-11-01T00:00:00Z') }),
      ]);
      const [ra, rb] = await Promise.all([upload(Buffer.from(a)), upload(Buffer.from(b))]);
      expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
      expect(ra.json().accepted[0].studyId).toBe(rb.json().accepted[0].studyId);
      expect((await t.db.query('SELECT 1 FROM imaging_study WHERE study_uid = $1', [meta.studyInstanceUid])).length).toBe(1);
      expect((await t.db.query('SELECT 1 FROM imaging_series WHERE series_uid = $1', [meta.seriesInstanceUid])).length).toBe(1);
    });

    it('matches the patient by CCCD or yte id at the uploading facility, else leaves the study unmatched', async () => {
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000075_000.jpg')));
      const byCccd = await jpegToDicom(jpeg, { patientId: patient.cccd, patientName: 'Test^A' }, { now: new Date('2026-11-01T00:00:00Z') });
      const byId = await jpegToDicom(jpeg, { patientId: patient.id, patientName: 'Test^B' }, { now: new Date('2026-11-01T00:00:00Z') });
      const unknown = await jpegToDicom(jpeg, { patientId: '999999999999', patientName: 'Test^C' }, { now: new Date('2026-11-01T00:00:00Z') });
      expect((await upload(Buffer.from(byCccd))).json().accepted[0]).toMatchObject({ matchState: 'matched', patientId: patient.id });
      expect((await upload(Buffer.from(byId))).json().accepted[0]).toMatchObject({ matchState: 'matched', patientId: patient.id });
      const un = (await upload(Buffer.from(unknown))).json().accepted[0];
      expect(un).toMatchObject({ matchState: 'unmatched', patientId: null });
      const m = await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${un.studyId}/match`, payload: { patientId: patient.id }, headers: { cookie: radiologist } });
      expect(m.statusCode).toBe(200);
      expect(m.json().study).toMatchObject({ matchState: 'matched', patientId: patient.id });
      expect((await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${un.studyId}/match`, payload: { patientId: patient.id }, headers: { cookie: radiologist } })).statusCode).toBe(409);
      const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'create' AND resource_type = 'ImagingInstance' AND patient_id = $1", [patient.id]);
      expect(audit.length).toBe(2);
      expect((await t.db.query("SELECT 1 FROM audit_log WHERE action = 'match' AND patient_id = $1", [patient.id])).length).toBe(1);
    });
  });

  describe('DICOMweb', () => {
    it('STOW-RS stores the good part and reports the bad one (202); QIDO finds it; WADO returns the stored bytes', async () => {
      const good = file('pydicom/CT_small.dcm');
      const s = readDicom(new Uint8Array(good)).summary;
      const unsupported = withUnsupportedSyntax();
      const mp = multipart([{ name: 'ct', body: good }, { name: 'bad', body: file('pydicom/meta_missing_tsyntax.dcm') }, { name: 'j52', body: unsupported }], 'related');
      const stow = await t.app.inject({ method: 'POST', url: '/dicomweb/studies', payload: mp.payload, headers: { cookie: radiologist, 'content-type': mp.contentType } });
      expect(stow.statusCode).toBe(202);
      const sb = stow.json();
      expect(sb['00081199'].Value[0]['00081155'].Value).toEqual([s.sopInstanceUid]);
      expect(sb['00081198'].Value).toHaveLength(2);
      // a valid DICOM JSON model: only tags as keys; the reason in words travels as a Warning header
      expect(Object.keys(sb).every((k) => /^[0-9A-F]{8}$/.test(k))).toBe(true);
      const [noTs, j52] = sb['00081198'].Value;
      expect(noTs['00081197'].Value).toEqual([0xc000]);
      expect(noTs['00081155'].Value).toBeUndefined(); // its meta has empty UIDs: nothing to report
      expect(j52['00081197'].Value).toEqual([0xc122]); // PS3.18: Referenced Transfer Syntax not supported
      expect(j52['00081155'].Value).toEqual([readDicom(new Uint8Array(file('cxr-pa-jpeg-baseline.dcm'))).summary.sopInstanceUid]);
      expect(String(stow.headers.warning)).toMatch(/^299 yte: ".*Transfer Syntax UID is missing/);

      const qido = await t.app.inject({ method: 'GET', url: `/dicomweb/studies?StudyInstanceUID=${s.studyInstanceUid}`, headers: { cookie: radiologist } });
      expect(qido.statusCode).toBe(200);
      expect(qido.headers['content-type']).toContain('application/dicom+json');
      const studies = qido.json();
      expect(studies).toHaveLength(1);
      expect(studies[0]['0020000D'].Value).toEqual([s.studyInstanceUid]);
      expect(studies[0]['00080061'].Value).toEqual(['CT']);
      expect(studies[0]['00201208'].Value).toEqual([1]);
      const series = (await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${s.studyInstanceUid}/series`, headers: { cookie: radiologist } })).json();
      expect(series.map((x: Record<string, { Value: string[] }>) => x['0020000E']!.Value[0])).toEqual([s.seriesInstanceUid]);
      const inst = (await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances`, headers: { cookie: radiologist } })).json();
      expect(inst[0]['00080018'].Value).toEqual([s.sopInstanceUid]);

      const url = `/dicomweb/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances/${s.sopInstanceUid}`;
      const wado = await t.app.inject({ method: 'GET', url, headers: { cookie: radiologist, accept: 'multipart/related; type="application/dicom"' } });
      expect(wado.statusCode).toBe(200);
      expect(wado.headers['content-type']).toMatch(/^multipart\/related; type="application\/dicom"/);
      const parts = parseMultipart(wado.rawPayload, String(wado.headers['content-type']));
      expect(parts).toHaveLength(1);
      expect(parts[0]!.body.equals(good)).toBe(true);
      const raw = await t.app.inject({ method: 'GET', url, headers: { cookie: radiologist, accept: 'application/dicom' } });
      expect(raw.rawPayload.equals(good)).toBe(true);
      const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'read' AND resource_type = 'ImagingInstance' AND details->>'wado' = 'instance'");
      expect(audit.length).toBe(2);
    });

    it('WADO-RS retrieves a whole study and one series as multipart/related, byte for byte, audited once per retrieval', async () => {
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000075_000.jpg')));
      const study = '2.25.4242424242000001';
      const [seriesA, seriesB] = ['2.25.4242424242000002', '2.25.4242424242000003'];
      const objs = await Promise.all([
        { series: seriesA, sop: '2.25.4242424242000011', n: 1 }, { series: seriesA, sop: '2.25.4242424242000012', n: 2 }, { series: seriesB, sop: '2.25.4242424242000013', n: 1 },
      ].map(async (o) => ({ ...o, bytes: Buffer.from(await jpegToDicom(jpeg, { patientId: 'WADO-STUDY', studyInstanceUid: study, seriesInstanceUid: o.series, sopInstanceUid: o.sop, instanceNumber: o.n }, { now: new Date('2026-11-01T00:00:00Z') })) })));
      const mp = multipart(objs.map((o) => ({ name: o.sop, body: o.bytes })), 'related');
      expect((await t.app.inject({ method: 'POST', url: '/dicomweb/studies', payload: mp.payload, headers: { cookie: radiologist, 'content-type': mp.contentType } })).statusCode).toBe(200);
      const [row] = await t.db.query<{ id: string }>('SELECT id FROM imaging_study WHERE study_uid = $1', [study]);

      const whole = await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}`, headers: { cookie: radiologist, accept: 'multipart/related; type="application/dicom"' } });
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['content-type']).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
      const parts = parseMultipart(whole.rawPayload, String(whole.headers['content-type']));
      expect(parts).toHaveLength(3);
      const bySop = new Map(objs.map((o) => [o.sop, o]));
      for (const part of parts) {
        const sop = readDicom(new Uint8Array(part.body)).summary.sopInstanceUid;
        const o = bySop.get(sop)!;
        expect(part.body.equals(o.bytes)).toBe(true);
        expect(part.contentType).toBe(`application/dicom; transfer-syntax=${readDicom(new Uint8Array(o.bytes)).summary.transferSyntaxUid}`);
        expect(part.headers['content-location']).toMatch(new RegExp(`/dicomweb/studies/${study}/series/${o.series}/instances/${sop}$`));
      }
      // Accept absent or */* is multipart too
      const plain = await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}`, headers: { cookie: radiologist } });
      expect(parseMultipart(plain.rawPayload, String(plain.headers['content-type'])).map((p) => p.body.length).sort()).toEqual(parts.map((p) => p.body.length).sort());

      const series = await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}/series/${seriesA}`, headers: { cookie: radiologist, accept: '*/*' } });
      expect(series.statusCode).toBe(200);
      const sp = parseMultipart(series.rawPayload, String(series.headers['content-type']));
      expect(sp.map((p) => readDicom(new Uint8Array(p.body)).summary.sopInstanceUid)).toEqual(['2.25.4242424242000011', '2.25.4242424242000012']);
      expect(sp.every((p, i) => p.body.equals(objs[i]!.bytes))).toBe(true);

      // a whole study cannot be one application/dicom body; bulk-data types are not offered
      const raw = await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}`, headers: { cookie: radiologist, accept: 'application/dicom' } });
      expect(raw.statusCode).toBe(406);
      expect(raw.json()).toMatchObject({ code: 'NOT_ACCEPTABLE', messageVi: expect.stringContaining('multipart/related') });
      expect((await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}/series/${seriesA}`, headers: { cookie: radiologist, accept: 'multipart/related; type="application/octet-stream"' } })).statusCode).toBe(406);
      expect((await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}/series/2.25.999`, headers: { cookie: radiologist } })).statusCode).toBe(404);
      // another facility: the same 404 as a study that does not exist
      const other = await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}`, headers: { cookie: stationDoctor } });
      const missing = await t.app.inject({ method: 'GET', url: '/dicomweb/studies/2.25.999', headers: { cookie: stationDoctor } });
      expect([other.statusCode, other.json()]).toEqual([404, missing.json()]);
      expect((await t.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}/series/${seriesA}`, headers: { cookie: stationDoctor } })).statusCode).toBe(404);

      const audit = await t.db.query<{ details: { wado: string; instances: string[]; seriesUid?: string } }>(
        "SELECT details FROM audit_log WHERE action = 'read' AND resource_type = 'ImagingStudy' AND resource_id = $1 AND details->>'wado' IS NOT NULL ORDER BY seq", [row!.id]);
      expect(audit.map((a) => [a.details.wado, a.details.instances.length, a.details.seriesUid ?? null])).toEqual([['study', 3, null], ['study', 3, null], ['series', 2, seriesA]]);
    });

    it('is facility-scoped: another facility sees none of it (404 as for a missing one); no session → 401', async () => {
      const s = readDicom(new Uint8Array(file('pydicom/CT_small.dcm'))).summary;
      const q = await t.app.inject({ method: 'GET', url: '/dicomweb/studies', headers: { cookie: stationDoctor } });
      expect(q.json()).toEqual([]);
      const url = `/dicomweb/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances/${s.sopInstanceUid}`;
      expect((await t.app.inject({ method: 'GET', url, headers: { cookie: stationDoctor } })).statusCode).toBe(404);
      const [study] = await t.db.query<{ id: string }>('SELECT id FROM imaging_study WHERE study_uid = $1', [s.studyInstanceUid]);
      const [inst] = await t.db.query<{ id: string }>('SELECT id FROM imaging_instance WHERE sop_instance_uid = $1', [s.sopInstanceUid]);
      expect((await t.app.inject({ method: 'GET', url: `/api/imaging/studies/${study!.id}`, headers: { cookie: stationDoctor } })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/imaging/instances/${inst!.id}/render`, headers: { cookie: stationDoctor } })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/api/imaging/studies', headers: { cookie: stationDoctor } })).json()).toEqual([]);
      expect((await t.app.inject({ method: 'GET', url: '/dicomweb/studies' })).statusCode).toBe(401);
      // uploading into a facility that is not yours
      const up = await t.app.inject({ method: 'POST', url: `/api/imaging/upload?facilityId=${hospitalId}`, payload: file('pydicom/MR_small.dcm'), headers: { cookie: stationDoctor, 'content-type': 'application/dicom' } });
      expect(up.statusCode).toBe(403);
    });

    it('renders a PNG preview with the caller\'s window, downsized', async () => {
      const [inst] = await t.db.query<{ id: string }>("SELECT i.id FROM imaging_instance i WHERE i.transfer_syntax_uid = '1.2.840.10008.1.2.4.50' LIMIT 1");
      const res = await t.app.inject({ method: 'GET', url: `/api/imaging/instances/${inst!.id}/render?wc=128&ww=256&size=256`, headers: { cookie: radiologist } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect([...res.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(res.rawPayload.readUInt32BE(16)).toBe(256); // IHDR width: 1024 → 256
      expect(res.headers['x-window']).toBe('128/256');
    });
  });

  describe('vendor results and reading', () => {
    let studyId: string;
    let sop: string;
    const suggestionCount = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM suggestion WHERE tool_id = 'vendor-chexnet'"))[0]?.n ?? 0;
    const csvPost = (csv: string) => t.app.inject({ method: 'POST', url: '/api/imaging/vendor-results', payload: csv, headers: { cookie: radiologist, 'content-type': 'text/csv' } });

    beforeAll(async () => {
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000100_000.jpg')));
      const dcm = await jpegToDicom(jpeg, { patientId: patient.cccd, patientName: 'Vendor^Test' }, { now: new Date('2026-11-01T00:00:00Z') });
      const a = (await upload(Buffer.from(dcm), radiologist, '00000100_000.dcm')).json().accepted[0];
      studyId = a.studyId;
      sop = a.sopInstanceUid;
    });

    it('a bad row → 400 naming the row and the column, nothing imported', async () => {
      await setStage(t.db, { toolId: 'vendor-chexnet', facilityId: hospitalId, stage: 'pilot', reason: 'test', changedBy: null, at: new Date() }).catch(async () => {
        // the tool row is created by the first import; create it now
        await t.db.query("INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ('vendor-chexnet', 'CheXNet reproduction', 'vendor', '2018.1', 'high')");
        await setStage(t.db, { toolId: 'vendor-chexnet', facilityId: hospitalId, stage: 'pilot', reason: 'test', changedBy: null, at: new Date() });
      });
      const before = await suggestionCount();
      const res = await csvPost(`sop_instance_uid,finding,probability,box_x,box_y,box_w,box_h\n${sop},Effusion,0.91,10,20,100,80\n${sop},Nodule,1.7,,,,\n`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VENDOR_ROW_INVALID', field: 'probability', details: { row: 3, column: 'probability' } });
      expect(res.json().message).toContain('row 3, column "probability"');
      expect(res.json().messageVi).toContain('Dòng 3');
      expect(await suggestionCount()).toBe(before);
    });

    it('imports the NIH/CheXNet wide CSV by image name; unknown images are counted, not errors; re-import is a no-op', async () => {
      const lines = readFileSync(join(SHARED, 'datasets/chexnet-predictions/predictions.csv'), 'utf8').split('\n');
      const mine = lines.find((l) => l.startsWith('00000100_000.png,'))!;
      const other = lines[1]!;
      const csv = [lines[0], mine, other].join('\n');
      const res = await csvPost(csv);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ rows: 28, recorded: 14, skippedUnknownImage: 14 });
      const effusion = Number(mine.split(',')[lines[0]!.split(',').indexOf('prob_Effusion')]);
      const [s] = await t.db.query<{ score: number; kind: string; severity: string; subject_ref: string }>("SELECT score, kind, severity, subject_ref FROM suggestion WHERE tool_id = 'vendor-chexnet' AND output->>'label' = 'Effusion' AND subject_ref = $1", [`ImagingStudy/${studyId}`]);
      expect(s).toMatchObject({ score: effusion, kind: 'vendor', severity: effusion >= 0.5 ? expect.stringMatching(/warning|urgent/) : 'info' });
      expect((await csvPost(csv)).json()).toMatchObject({ recorded: 0, alreadyImported: 14 });
    });

    it('JSON import with a box; the worklist puts the suspicious study first', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/imaging/vendor-results', payload: [{ sopInstanceUid: sop, finding: 'Lung Opacity', probability: 0.97, box: { x: 100, y: 120, width: 60, height: 50 } }], headers: { cookie: radiologist } });
      expect(res.json()).toMatchObject({ recorded: 1 });
      const wl = (await t.app.inject({ method: 'GET', url: '/api/imaging/studies', headers: { cookie: radiologist } })).json();
      expect(wl[0].id).toBe(studyId);
      expect(wl[0].aiSuspicion).toBeCloseTo(0.97 / 0.5, 6);
    });

    it('withholds AI findings until the first impression; report, accept, finalise; FHIR DiagnosticReport and SR export', async () => {
      const get = () => t.app.inject({ method: 'GET', url: `/api/imaging/studies/${studyId}`, headers: { cookie: radiologist } });
      const hidden = (await get()).json();
      expect(hidden).toMatchObject({ firstImpressionRequired: true, findingsRevealed: false, findings: [], findingsWithheld: 15 });
      const early = await t.app.inject({ method: 'PUT', url: `/api/imaging/studies/${studyId}/report`, payload: { text: 'x', final: true }, headers: { cookie: radiologist } });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('FIRST_IMPRESSION_REQUIRED');
      const fi = await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${studyId}/first-impression`, payload: { text: 'Mờ góc sườn hoành phải' }, headers: { cookie: radiologist } });
      expect(fi.statusCode).toBe(200);
      const shown = fi.json();
      expect(shown.findingsRevealed).toBe(true);
      expect(shown.findings).toHaveLength(15);
      expect(shown.findings[0].output).toMatchObject({ label: 'Lung Opacity', probability: 0.97, box: { x: 100, y: 120, width: 60, height: 50 } });
      const again = await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${studyId}/first-impression`, payload: { text: 'changed' }, headers: { cookie: radiologist } });
      expect(again.statusCode).toBe(409);
      const mass = shown.findings[0].id;
      expect((await t.app.inject({ method: 'POST', url: `/api/suggestions/${mass}/decision`, payload: { decision: 'accept' }, headers: { cookie: radiologist } })).statusCode).toBe(200);
      const fin = await t.app.inject({ method: 'PUT', url: `/api/imaging/studies/${studyId}/report`, payload: { text: 'Khối mờ thuỳ trên phổi phải.', final: true }, headers: { cookie: radiologist } });
      expect(fin.statusCode).toBe(200);
      expect(fin.json().study.status).toBe('reported');
      expect((await t.app.inject({ method: 'PUT', url: `/api/imaging/studies/${studyId}/report`, payload: { text: 'edit' }, headers: { cookie: radiologist } })).statusCode).toBe(409);
      // Signed: the remaining findings' decisions are final too, through the suggestions API as well.
      const late = await t.app.inject({ method: 'POST', url: `/api/suggestions/${shown.findings[1].id}/decision`, payload: { decision: 'override', reason: 'after signing' }, headers: { cookie: radiologist } });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('REPORT_SIGNED');
      expect((await t.db.query<{ status: string }>('SELECT status FROM suggestion WHERE id = $1', [shown.findings[1].id]))[0]!.status).toBe('proposed');
      const fhir = await t.app.inject({ method: 'GET', url: `/fhir/R4/DiagnosticReport?study=${studyId}`, headers: { cookie: radiologist } });
      expect(fhir.statusCode).toBe(200);
      const b = fhir.json();
      expect(b.entry[0].resource).toMatchObject({ resourceType: 'DiagnosticReport', status: 'final', conclusion: 'Khối mờ thuỳ trên phổi phải.', subject: { reference: `Patient/${patient.id}` } });
      expect(b.entry[1].resource).toMatchObject({ resourceType: 'Observation', code: { text: 'Lung Opacity' }, valueQuantity: { value: 0.97 } });
      const sr = await t.app.inject({ method: 'GET', url: `/api/imaging/studies/${studyId}/sr`, headers: { cookie: radiologist } });
      expect(sr.statusCode).toBe(200);
      const parsed = readDicom(new Uint8Array(sr.rawPayload));
      expect(parsed.summary.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.88.33');
      expect(parsed.summary.studyInstanceUid).toBe((await get()).json().study.studyUid);
    });

    it('the guard can be switched off per facility by its admin only', async () => {
      expect((await t.app.inject({ method: 'PUT', url: '/api/imaging/settings', payload: { facilityId: hospitalId, firstImpressionRequired: false }, headers: { cookie: radiologist } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PUT', url: '/api/imaging/settings', payload: { facilityId: hospitalId, firstImpressionRequired: false }, headers: { cookie: admin } })).json()).toEqual({ facilityId: hospitalId, firstImpressionRequired: false });
      await t.app.inject({ method: 'PUT', url: '/api/imaging/settings', payload: { facilityId: hospitalId, firstImpressionRequired: true }, headers: { cookie: admin } });
    });
    it('imports a vendor DICOM SR (TID 1500) naming the image; a non-SR DICOM is refused clearly', async () => {
      const [inst] = await t.db.query<{ file_path: string }>('SELECT file_path FROM imaging_instance WHERE sop_instance_uid = $1', [sop]);
      const src = readDicom(new Uint8Array(readFileSync(join(filesDir, inst!.file_path)))).summary;
      const sr = writeFindingsSr({ source: src, model: { id: 'vendor-x', version: '1' }, findings: [{ code: { value: '56717001', scheme: 'SCT', meaning: 'Tuberculosis' }, probability: 0.42, threshold: 0.5, box: { x: 10, y: 10, width: 40, height: 30 } }] });
      const res = await t.app.inject({ method: 'POST', url: '/api/imaging/vendor-results', payload: Buffer.from(sr), headers: { cookie: radiologist, 'content-type': 'application/dicom' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ rows: 1, recorded: 1 });
      const [row] = await t.db.query<{ score: number; severity: string; output: { box: unknown } }>("SELECT score, severity, output FROM suggestion WHERE tool_id = 'vendor-chexnet' AND output->>'label' = 'Tuberculosis'");
      expect(row).toMatchObject({ score: 0.42, severity: 'info', output: { box: { x: 10, y: 10, width: 40, height: 30 } } });
      const notSr = await t.app.inject({ method: 'POST', url: '/api/imaging/vendor-results', payload: file('pydicom/CT_small.dcm'), headers: { cookie: radiologist, 'content-type': 'application/dicom' } });
      expect(notSr.statusCode).toBe(400);
      expect(notSr.json().code).toBe('SR_INVALID');
    });
  });

  describe('GSPS export', () => {
    let studyId: string;
    let instanceId: string;
    let stored: Map<string, { id: string; box: { x: number; y: number; width: number; height: number } | null }>;
    const gsps = (q = '', cookie = radiologist) => t.app.inject({ method: 'GET', url: `/api/imaging/studies/${studyId}/gsps${q}`, headers: { cookie } });
    /** The GSPS parsed back with dcmjs itself (not our reader): graphics and texts of the one annotated image. */
    const parse = (bytes: Buffer) => {
      const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, any>;
      const ann = ds.GraphicAnnotationSequence as any[];
      expect(ann).toHaveLength(1);
      return {
        ds, layer: ann[0].GraphicLayer as string, referenced: ann[0].ReferencedImageSequence[0].ReferencedSOPInstanceUID as string,
        graphics: (ann[0].GraphicObjectSequence as any[]).map((g) => ({ type: g.GraphicType, units: g.GraphicAnnotationUnits, data: [...g.GraphicData] as number[] })),
        texts: (ann[0].TextObjectSequence as any[]).map((x) => x.UnformattedTextValue as string),
      };
    };
    const polyline = (b: { x: number; y: number; width: number; height: number }) => [b.x, b.y, b.x + b.width, b.y, b.x + b.width, b.y + b.height, b.x, b.y + b.height, b.x, b.y];

    beforeAll(async () => {
      const staged = await t.db.query("SELECT 1 FROM ai_tool_stage WHERE tool_id = 'vendor-chexnet' AND facility_id = $1 AND stage = 'pilot'", [hospitalId]);
      expect(staged.length).toBe(1); // piloted at the hospital by the vendor tests above
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000129_000.jpg')));
      const dcm = await jpegToDicom(jpeg, { patientId: patient.cccd, patientName: 'Gsps^Test', studyInstanceUid: '2.25.5151515151000001' }, { now: new Date('2026-11-01T00:00:00Z') });
      const a = (await upload(Buffer.from(dcm), radiologist, 'gsps.dcm')).json().accepted[0];
      studyId = a.studyId;
      instanceId = a.instanceId;
      const [inst] = await t.db.query<{ rows: number; columns: number }>('SELECT rows, columns FROM imaging_instance WHERE id = $1', [instanceId]);
      expect(inst).toEqual({ rows: 512, columns: 512 });
      const res = await t.app.inject({
        method: 'POST', url: '/api/imaging/vendor-results', headers: { cookie: radiologist },
        payload: [
          { sopInstanceUid: a.sopInstanceUid, finding: 'Nodule', probability: 0.88, box: { x: 300, y: 140, width: 40.5, height: 36 } },
          { sopInstanceUid: a.sopInstanceUid, finding: 'Effusion', probability: 0.71, box: { x: 470, y: 400, width: 80, height: 150 } }, // runs past the 512×512 edge
          { sopInstanceUid: a.sopInstanceUid, finding: 'Atelectasis', probability: 0.55, box: { x: 60, y: 200, width: 90, height: 70 } },
          { sopInstanceUid: a.sopInstanceUid, finding: 'Cardiomegaly', probability: 0.62 },
        ],
      });
      expect(res.json()).toMatchObject({ recorded: 4 });
      const rows = await t.db.query<{ id: string; output: { label: string; box?: { x: number; y: number; width: number; height: number } } }>('SELECT id, output FROM suggestion WHERE subject_ref = $1', [`ImagingStudy/${studyId}`]);
      stored = new Map(rows.map((r) => [r.output.label, { id: r.id, box: r.output.box ?? null }]));
    });

    it('is refused before the first impression, and 404 (audited) for another facility', async () => {
      const early = await gsps();
      expect([early.statusCode, early.json().code]).toEqual([409, 'FIRST_IMPRESSION_REQUIRED']);
      const other = await gsps('', stationDoctor);
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual((await t.app.inject({ method: 'GET', url: '/api/imaging/studies/01900000-0000-7000-8000-00000000dead/gsps', headers: { cookie: stationDoctor } })).json());
      const audit = await t.db.query("SELECT 1 FROM audit_log WHERE resource_id = $1 AND outcome = 'not_found' AND user_id = '01900000-0000-7000-8000-0000000000aa'", [studyId]);
      expect(audit.length).toBe(1);
    });

    it('holds the boxes of the findings the reader accepted; ?all=true every visible boxed finding, clipped to the image', async () => {
      await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${studyId}/first-impression`, payload: { text: 'Nốt mờ phổi phải' }, headers: { cookie: radiologist } });
      const none = await gsps(); // revealed, but nothing accepted yet
      expect([none.statusCode, none.json().code]).toEqual([404, 'NO_FINDINGS']);
      const decide = (label: string, decision: string, reason?: string) =>
        t.app.inject({ method: 'POST', url: `/api/suggestions/${stored.get(label)!.id}/decision`, payload: { decision, ...(reason ? { reason } : {}) }, headers: { cookie: radiologist } });
      expect((await decide('Nodule', 'accept')).statusCode).toBe(200);
      expect((await decide('Cardiomegaly', 'accept')).statusCode).toBe(200);
      expect((await decide('Effusion', 'override', 'Bóng vú, không phải dịch')).statusCode).toBe(200);

      const res = await gsps();
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/dicom');
      expect(res.headers['content-disposition']).toContain(`findings-gsps-${studyId}.dcm`);
      const g = parse(res.rawPayload);
      expect(g.ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.11.1');
      expect(g.ds.Modality).toBe('PR');
      expect(g.ds.StudyInstanceUID).toBe('2.25.5151515151000001');
      const [inst] = await t.db.query<{ sop_instance_uid: string }>('SELECT sop_instance_uid FROM imaging_instance WHERE id = $1', [instanceId]);
      expect(g.referenced).toBe(inst!.sop_instance_uid);
      expect(g.layer).toBe('AI');
      // only the accepted finding with a box (Cardiomegaly has none): exactly the stored box
      expect(g.graphics).toEqual([{ type: 'POLYLINE', units: 'PIXEL', data: polyline(stored.get('Nodule')!.box!) }]);
      expect(g.texts).toEqual(['Nodule 88% (AI, confirmed by reader)']);

      const all = parse((await gsps('?all=true')).rawPayload);
      const effusion = stored.get('Effusion')!.box!;
      expect(all.graphics.map((x) => x.data).sort()).toEqual([
        polyline(stored.get('Nodule')!.box!),
        polyline(stored.get('Atelectasis')!.box!),
        polyline({ x: effusion.x, y: effusion.y, width: 512 - effusion.x, height: 512 - effusion.y }),
      ].sort());
      expect(all.texts.sort()).toEqual(['Atelectasis 55% (AI, reference only)', 'Effusion 71% (AI, reference only)', 'Nodule 88% (AI, confirmed by reader)']);

      const audit = await t.db.query<{ details: { format: string; all: boolean; findings: string[] } }>("SELECT details FROM audit_log WHERE action = 'export' AND resource_id = $1 ORDER BY seq", [studyId]);
      expect(audit.map((a) => [a.details.format, a.details.all, a.details.findings.length])).toEqual([['gsps', false, 1], ['gsps', true, 3]]);
    });

    it('names the image with ?instanceId; an image of another study is a 404', async () => {
      expect((await gsps(`?instanceId=${instanceId}`)).statusCode).toBe(200);
      const [foreign] = await t.db.query<{ id: string }>('SELECT id FROM imaging_instance WHERE study_id <> $1 LIMIT 1', [studyId]);
      expect((await gsps(`?instanceId=${foreign!.id}`)).statusCode).toBe(404);
    });

    it('the SR of the same study carries the accepted findings, the box clipped like the GSPS', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/imaging/studies/${studyId}/sr?all=true`, headers: { cookie: radiologist } });
      expect(res.statusCode).toBe(200);
      const report = parseMeasurementReport(readDicom(new Uint8Array(res.rawPayload)).dataset);
      const effusion = report.findings.find((f) => f.code.meaning === 'Pleural effusion')!;
      expect(effusion.code).toMatchObject({ value: '60046008', scheme: 'SCT' }); // a SNOMED CT concept, not the label
      expect(effusion.box).toEqual({ x: 470, y: 400, width: 42, height: 112 });
      expect(report.findings.map((f) => f.code.meaning).sort()).toEqual(['Atelectasis', 'Cardiomegaly', 'Nodule', 'Pleural effusion']);
    });
  });

  describe('models and inference', () => {
    // A tiny real ONNX graph: mean of the image → sigmoid (enough to exercise the whole pipeline).
    const onnx = encodeOnnxModel({
      graph: {
        name: 'mean', nodes: [{ opType: 'GlobalAveragePool', inputs: ['x'], outputs: ['g'] }, { opType: 'Flatten', inputs: ['g'], outputs: ['y'] }],
        initializers: [], inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', 1, 8, 8] }], outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N', 1] }],
      },
    });
    const manifest = (sha256: string) => ({
      schemaVersion: 1, id: 'test-mean', version: '1.0.0', name: 'Mean brightness (test)', file: 'model.onnx', sha256, modality: ['CR', 'OT'],
      input: { name: 'x', shape: [-1, 1, 8, 8], layout: 'NCHW', channels: 1, height: 8, width: 8, resize: 'area', normalisation: { scale: 1 / 255, mean: [0], std: [1] } },
      output: { name: 'y', activation: 'sigmoid' }, labels: [{ code: '233604007', scheme: 'SCT', display: 'Pneumonia', threshold: 0.6 }],
      intendedUse: 'tests only', outOfScope: ['patients'], licence: 'MIT', riskTier: 'low', provenance: { producer: 'yte tests', trainingData: 'none' },
    });
    const sha = createHash('sha256').update(onnx).digest('hex');

    it('refuses a model whose file does not match the manifest hash, and shows it as refused', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/imaging/models', payload: { manifest: manifest('0'.repeat(64)), onnxBase64: Buffer.from(onnx).toString('base64') }, headers: { cookie: admin } });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'HASH_MISMATCH', details: { status: 'refused' } });
      expect(res.json().message).toContain(sha);
      const list = (await t.app.inject({ method: 'GET', url: '/api/imaging/models', headers: { cookie: radiologist } })).json();
      expect(list).toMatchObject([{ id: 'test-mean', status: 'refused', errorCode: 'HASH_MISMATCH' }]);
    });

    it('registers a good model (shadow stage), runs a queued inference job and stores findings as suggestions', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/imaging/models', payload: { manifest: manifest(sha), onnxBase64: Buffer.from(onnx).toString('base64') }, headers: { cookie: admin } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ id: 'test-mean', status: 'ready' });
      const [st] = await t.db.query<{ stage: string }>("SELECT stage FROM ai_tool_stage WHERE tool_id = 'test-mean'");
      expect(st!.stage).toBe('shadow');
      const [study] = await t.db.query<{ id: string }>("SELECT id FROM imaging_study WHERE patient_id = $1 AND status <> 'reported' ORDER BY received_at LIMIT 1", [patient.id]);
      const q = await t.app.inject({ method: 'POST', url: `/api/imaging/studies/${study!.id}/analyse`, payload: { modelId: 'test-mean' }, headers: { cookie: radiologist } });
      expect(q.statusCode).toBe(202);
      const w = new JobWorker(t.db, { 'imaging.infer': inferenceHandler(t.db, filesDir) });
      await w.runOnce();
      const job = (await t.app.inject({ method: 'GET', url: `/api/imaging/jobs/${q.json().jobId}`, headers: { cookie: radiologist } })).json();
      expect(job).toEqual({ id: q.json().jobId, kind: 'imaging.infer', status: 'done', progress: 100, attempts: 1, maxAttempts: 3, error: null, images: 1 });
      const p = (await t.db.query<{ score: number }>("SELECT score FROM suggestion WHERE tool_id = 'test-mean'"))[0]!.score;
      expect(p).toBeGreaterThan(0.5); // sigmoid of a mean in [0, 1]
      expect(p).toBeLessThan(0.7311);
      const rows = await t.db.query<{ score: number; visibility: string; kind: string; tool_version: string }>("SELECT score, visibility, kind, tool_version FROM suggestion WHERE tool_id = 'test-mean'");
      expect(rows).toEqual([{ score: p, visibility: 'shadow', kind: 'model', tool_version: '1.0.0' }]);
      // a newly received matched CR study is queued for every ready model of its modality
      const jpeg = new Uint8Array(readFileSync(join(NIH, '00000129_000.jpg')));
      const dcm = await jpegToDicom(jpeg, { patientId: patient.cccd }, { now: new Date('2026-11-01T00:00:00Z') });
      const a = (await upload(Buffer.from(dcm))).json().accepted[0];
      const queued = await t.db.query<{ payload: { studyId: string; modelId: string } }>("SELECT payload FROM job WHERE kind = 'imaging.infer' AND status = 'queued'");
      expect(queued.map((j) => j.payload)).toEqual([{ studyId: a.studyId, modelId: 'test-mean' }]);
    });
  });
});
