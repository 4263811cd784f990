/**
 * DICOMweb as a standard client sees it: dicomweb-client (the library OHIF uses; an independent
 * implementation of PS3.18) over real HTTP against yte, with the web UI's dist served so that any
 * fall-through to index.html would show. Objects are written by yte itself (no ../shared needed);
 * the JPEG-baseline transcoding checks use a sample from ../shared and skip without it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error xhr2 ships no type declarations
import XHR2 from 'xhr2';
import dicomweb from 'dicomweb-client';
import jpegjs from 'jpeg-js';
import { openTestApp, type TestApp } from '../../testing/harness.ts';
import { pixelsToDicom, readDicom, writeFindingsSr } from './imaging-lib.ts';
import { buildMultipartRelated, parseMultipart } from './multipart.ts';

// dicomweb-client needs an XMLHttpRequest; xhr2 is one for node. Our session is a cookie, which the
// browser XHR spec forbids setting by hand: allow it for this client only (tests, not the app).
delete (XHR2.prototype as unknown as { _restrictedHeaders: Record<string, boolean> })._restrictedHeaders.cookie;
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XHR2;

const SHARED_CXR = resolve(import.meta.dirname, '../../../../../../shared/datasets/dicom/cxr-pa-jpeg-baseline.dcm');
const now = new Date('2026-11-02T03:04:05Z');
const W = 64, H = 48;
const px = (seed: number) => new Uint8Array(W * H).map((_, i) => (i * seed) % 251);
const objects = [
  { name: 'Nguyễn^Văn An', pid: 'P-001', acc: 'XQ1', seed: 3 },
  { name: 'Nguyễn^Thị Bình', pid: 'P-002', acc: 'XQ2', seed: 5 },
  { name: 'Trần^Văn Cường', pid: 'P-003', acc: 'XQ3', seed: 7 },
].map((o) => ({
  ...o,
  pixels: px(o.seed),
  bytes: pixelsToDicom(px(o.seed), W, H, { patientId: o.pid, patientName: o.name, patientSex: 'M', patientBirthDate: '19700101', accessionNumber: o.acc, studyId: o.acc, studyDate: '20261102', studyTime: '030405', seriesNumber: 1, instanceNumber: 1, seriesDescription: 'PA' }, { now }),
}));
const sums = objects.map((o) => readDicom(o.bytes).summary);
const sr = writeFindingsSr({ source: sums[0]!, model: { id: 'vendor-chexnet', version: '2018.1' }, now, findings: [{ code: { value: '233604007', scheme: 'SCT', meaning: 'Pneumonia' }, probability: 0.8, threshold: 0.5 }] });

type Ds = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
/** The client's methods used here (its bundled declarations mark every option as required). */
type Opts = Record<string, unknown>;
interface DwClient {
  storeInstances(o: Opts): Promise<unknown>;
  searchForStudies(o?: Opts): Promise<unknown>;
  searchForSeries(o?: Opts): Promise<unknown>;
  searchForInstances(o?: Opts): Promise<unknown>;
  retrieveStudyMetadata(o: Opts): Promise<unknown>;
  retrieveSeriesMetadata(o: Opts): Promise<unknown>;
  retrieveBulkData(o: Opts): Promise<unknown>;
  retrieveInstanceFrames(o: Opts): Promise<unknown>;
  retrieveInstanceRendered(o: Opts): Promise<unknown>;
}
const Client = dicomweb.api.DICOMwebClient as unknown as new (o: Opts) => DwClient;
const val = (ds: Ds, tag: string) => ds[tag]?.Value?.[0];

describe('DICOMweb with dicomweb-client and the web UI served (pglite)', () => {
  let t: TestApp;
  let dir: string;
  let url: string;
  let cookie: string;
  let client: DwClient;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers: { cookie, ...headers } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yte-dicomweb-'));
    const web = join(dir, 'web');
    (await import('node:fs')).mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>yte</title><div id="root"></div>');
    t = await openTestApp('pglite', { config: { filesDir: join(dir, 'files'), webDist: web } });
    cookie = await t.login('bs.minh');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const a = t.app.server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    client = new Client({ url: `${url}/dicomweb`, headers: { cookie } });
  });
  afterAll(async () => {
    t?.app.server.closeAllConnections(); // keep-alive sockets of the clients would hold close() open
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('STOW-RS through dicomweb-client stores yte-written images and an SR', async () => {
    const res = await client.storeInstances({ datasets: [...objects.map((o) => o.bytes), sr].map((b) => b.slice().buffer) });
    const body = JSON.parse(typeof res === 'string' ? res : new TextDecoder().decode(res as ArrayBuffer)) as Ds;
    expect((body['00081199']!.Value as Ds[]).map((x) => val(x, '00081155')).sort()).toEqual([...sums.map((s) => s.sopInstanceUid), readDicom(sr).summary.sopInstanceUid].sort());
    expect(body['00081198']).toBeUndefined();
  });

  it('STOW-RS to /studies/{uid}: an instance of another study fails with 0xA901 and keeps its UIDs (409)', async () => {
    const m = buildMultipartRelated([{ contentType: 'application/dicom', body: Buffer.from(objects[1]!.bytes), headers: {} }], 'application/dicom');
    const res = await fetch(`${url}/dicomweb/studies/${sums[0]!.studyInstanceUid}`, { method: 'POST', body: new Uint8Array(m.body), headers: { cookie, 'content-type': m.contentType } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as Ds;
    const item = (body['00081198']!.Value as Ds[])[0]!;
    expect(val(item, '00081197')).toBe(0xa901);
    expect(val(item, '00081155')).toBe(sums[1]!.sopInstanceUid);
    expect(res.headers.get('warning')).toMatch(/^299 yte: ".*is not the study/);
    expect(Object.keys(body).every((k) => /^[0-9A-F]{8}$/.test(k))).toBe(true);
  });

  it('no path under /dicomweb, /api or /fhir falls through to the SPA: 404 in the protocol format', async () => {
    for (const p of ['/dicomweb/nope', `/dicomweb/studies/${sums[0]!.studyInstanceUid}/nope`, '/dicomweb/workitems', '/api/nope', '/api']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('content-type'), p).toMatch(/json/);
      expect(await r.json(), p).toMatchObject({ code: 'NOT_FOUND' });
    }
    const f = await get('/fhir/R4/NoSuchType/1');
    expect(f.status).toBe(404);
    expect(f.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    expect(await f.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    // a client-side route still gets the web UI
    const spa = await get('/imaging/worklist');
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root">');
  });

  it('retrieveStudyMetadata: DICOM JSON per instance, pixel data by BulkDataURI that retrieveBulkData reads', async () => {
    const md = (await client.retrieveStudyMetadata({ studyInstanceUID: sums[0]!.studyInstanceUid })) as Ds[];
    expect(md).toHaveLength(2); // the image and the SR
    const img = md.find((d) => val(d, '00080016') === '1.2.840.10008.5.1.4.1.1.7')!;
    expect(val(img, '00280010')).toBe(H);
    expect((val(img, '00100010') as { Alphabetic: string }).Alphabetic).toBe('Nguyễn^Văn An');
    expect(img['7FE00010']!.Value).toBeUndefined();
    expect(img['7FE00010']!.BulkDataURI).toMatch(/\/instances\/[0-9.]+\/bulk\/7FE00010$/);
    const bulk = (await client.retrieveBulkData({ BulkDataURI: img['7FE00010']!.BulkDataURI! })) as ArrayBuffer[];
    expect(Buffer.from(bulk[0]!).equals(Buffer.from(objects[0]!.pixels))).toBe(true);
    const series = (await client.retrieveSeriesMetadata({ studyInstanceUID: sums[0]!.studyInstanceUid, seriesInstanceUID: sums[0]!.seriesInstanceUid })) as Ds[];
    expect(series.map((d) => val(d, '00080018'))).toEqual([sums[0]!.sopInstanceUid]);
    const one = await get(`/dicomweb/studies/${sums[0]!.studyInstanceUid}/series/${sums[0]!.seriesInstanceUid}/instances/${sums[0]!.sopInstanceUid}/metadata`, { accept: 'application/dicom+xml' });
    expect(one.status).toBe(406);
  });

  it('retrieveInstanceFrames: the frame as native bytes; retrieveInstanceRendered: a PNG', async () => {
    const ids = { studyInstanceUID: sums[0]!.studyInstanceUid, seriesInstanceUID: sums[0]!.seriesInstanceUid, sopInstanceUID: sums[0]!.sopInstanceUid };
    const frames = (await client.retrieveInstanceFrames({ ...ids, frameNumbers: [1] })) as ArrayBuffer[];
    expect(frames).toHaveLength(1);
    expect(Buffer.from(frames[0]!).equals(Buffer.from(objects[0]!.pixels))).toBe(true);
    const [rendered] = (await client.retrieveInstanceRendered(ids)) as ArrayBuffer[]; // a one-part answer, as the client returns it
    // no Accept: image/jpeg, the default rendered type (PS3.18 §8.7.4); it decodes to the image
    const decoded = jpegjs.decode(new Uint8Array(rendered!), { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([W, H]);
    const rendPath = `/dicomweb/studies/${ids.studyInstanceUID}/series/${ids.seriesInstanceUID}/instances/${ids.sopInstanceUID}/rendered`;
    const png = new Uint8Array(await (await get(rendPath, { accept: 'image/png' })).arrayBuffer());
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(client.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/gif' }] })).rejects.toMatchObject({ status: 406 });
    expect((await get(`/dicomweb/studies/${ids.studyInstanceUID}/series/${ids.seriesInstanceUID}/instances/${ids.sopInstanceUID}/frames/2`)).status).toBe(404);
  });

  it('QIDO-RS: PatientName wildcards (* and ?), limit/offset, fuzzymatching → Warning 299, the required return attributes', async () => {
    const names = (r: Ds[]) => r.map((d) => (val(d, '00100010') as { Alphabetic: string }).Alphabetic).sort();
    expect(names((await client.searchForStudies({ queryParams: { PatientName: 'Nguy*' } })) as Ds[])).toEqual(['Nguyễn^Thị Bình', 'Nguyễn^Văn An']);
    expect(names((await client.searchForStudies({ queryParams: { PatientName: 'tr?n*' } })) as Ds[])).toEqual(['Trần^Văn Cường']);
    const page1 = (await client.searchForStudies({ queryParams: { PatientName: 'Nguy*', limit: '1' } })) as Ds[];
    const page2 = (await client.searchForStudies({ queryParams: { PatientName: 'Nguy*', limit: '1', offset: '1' } })) as Ds[];
    expect(page1).toHaveLength(1);
    expect(page2).toHaveLength(1);
    expect(val(page1[0]!, '0020000D')).not.toBe(val(page2[0]!, '0020000D'));
    const fuzzy = await get('/dicomweb/studies?PatientName=nguyen&fuzzymatching=true');
    expect(fuzzy.headers.get('warning')).toMatch(/^299 yte: "The fuzzymatching parameter is not supported/);
    expect((await get('/dicomweb/studies?limit=x')).status).toBe(400);
    const unknownKey = await get('/dicomweb/studies?NotAnAttribute=1');
    expect(unknownKey.headers.get('warning')).toMatch(/NotAnAttribute/);

    const [study] = (await client.searchForStudies({ queryParams: { AccessionNumber: 'XQ1' } })) as Ds[];
    for (const tag of ['00080005', '00080020', '00080030', '00080050', '00080061', '00080090', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010', '00201206', '00201208'])
      expect(study, tag).toHaveProperty(tag);
    expect(val(study!, '00080030')).toBe('030405');
    expect(val(study!, '00100030')).toBe('19700101');
    expect(study!['00080061']!.Value).toEqual(['CR', 'SR']);
    expect(val(study!, '00201208')).toBe(2);
    const series = (await client.searchForSeries({ studyInstanceUID: sums[0]!.studyInstanceUid })) as Ds[];
    expect(series).toHaveLength(2);
    for (const s of series) for (const tag of ['00080060', '0020000E', '00200011', '00201209']) expect(s, tag).toHaveProperty(tag);
    const insts = (await client.searchForInstances({ studyInstanceUID: sums[0]!.studyInstanceUid, seriesInstanceUID: sums[0]!.seriesInstanceUid })) as Ds[];
    for (const tag of ['00080016', '00080018', '00200013', '00280010', '00280011', '00280008']) expect(insts[0], tag).toHaveProperty(tag);
  });

  it('QIDO-RS at /series, /instances and /studies/{uid}/instances; includefield (tag, keyword, all)', async () => {
    const allSeries = (await client.searchForSeries({ queryParams: { Modality: 'SR' } })) as Ds[];
    expect(allSeries.map((s) => val(s, '0020000D'))).toEqual([sums[0]!.studyInstanceUid]);
    expect(allSeries[0]).toHaveProperty('00100010'); // study attributes come with /series
    const allInst = (await client.searchForInstances({ queryParams: { SOPClassUID: '1.2.840.10008.5.1.4.1.1.7' } })) as Ds[];
    expect(allInst).toHaveLength(3);
    const ofStudy = (await client.searchForInstances({ studyInstanceUID: sums[0]!.studyInstanceUid })) as Ds[];
    expect(ofStudy).toHaveLength(2);
    const inc = (await (await get('/dicomweb/studies?AccessionNumber=XQ2&includefield=00180015,InstitutionName')).json()) as Ds[];
    expect(val(inc[0]!, '00180015')).toBe('CHEST');
    const all = (await (await get('/dicomweb/studies?AccessionNumber=XQ2&includefield=all')).json()) as Ds[];
    expect(val(all[0]!, '00080070')).toBe('yte');
    expect(all[0]).not.toHaveProperty('7FE00010'); // never bulk data in QIDO
  });

  it('WADO-RS transfer syntax: application/dicom+json on an instance → 406; an unsupported syntax → 406', async () => {
    const p = `/dicomweb/studies/${sums[0]!.studyInstanceUid}/series/${sums[0]!.seriesInstanceUid}/instances/${sums[0]!.sopInstanceUid}`;
    expect((await get(p, { accept: 'application/dicom+json' })).status).toBe(406);
    expect((await get(p, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.90' })).status).toBe(406);
    const same = await get(p, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1' });
    expect(same.status).toBe(200);
    const parts = parseMultipart(Buffer.from(await same.arrayBuffer()), same.headers.get('content-type')!);
    expect(parts[0]!.body.equals(Buffer.from(objects[0]!.bytes))).toBe(true); // already Explicit VR LE: the stored bytes
  });

  it.skipIf(!existsSync(SHARED_CXR))('WADO-RS transcodes JPEG baseline to Explicit VR Little Endian; frames decoded by default (needs ../shared/datasets/dicom)', async () => {
    const bytes = readFileSync(SHARED_CXR);
    const s = readDicom(new Uint8Array(bytes)).summary;
    await client.storeInstances({ datasets: [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)] });
    const p = `/dicomweb/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances/${s.sopInstanceUid}`;
    const r = await get(p, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1' });
    expect(r.status).toBe(200);
    const part = parseMultipart(Buffer.from(await r.arrayBuffer()), r.headers.get('content-type')!)[0]!;
    expect(part.contentType).toContain('transfer-syntax=1.2.840.10008.1.2.1');
    const out = readDicom(new Uint8Array(part.body));
    expect(out.summary).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.1', rows: 1024, columns: 1024, sopInstanceUid: s.sopInstanceUid });
    expect(out.dataset.LossyImageCompression).toBe('01');
    const stored = await get(p, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' });
    expect(parseMultipart(Buffer.from(await stored.arrayBuffer()), stored.headers.get('content-type')!)[0]!.body.equals(bytes)).toBe(true);
    const frames = (await client.retrieveInstanceFrames({ studyInstanceUID: s.studyInstanceUid, seriesInstanceUID: s.seriesInstanceUid, sopInstanceUID: s.sopInstanceUid, frameNumbers: [1] })) as ArrayBuffer[];
    expect(frames[0]!.byteLength).toBe(1024 * 1024);
    expect(Buffer.from(frames[0]!).equals(Buffer.from((out.dataset.PixelData as ArrayBuffer[])[0]!))).toBe(true);
    const jpeg = await get(`${p}/frames/1`, { accept: 'multipart/related; type="image/jpeg"' });
    expect(jpeg.status).toBe(200);
    const jp = parseMultipart(Buffer.from(await jpeg.arrayBuffer()), jpeg.headers.get('content-type')!)[0]!;
    expect(Array.from(jp.body.subarray(0, 2))).toEqual([0xff, 0xd8]);
    const rendered = await get(`${p}/rendered`, { accept: 'image/jpeg' });
    expect(rendered.headers.get('content-type')).toBe('image/jpeg');
  });
});
