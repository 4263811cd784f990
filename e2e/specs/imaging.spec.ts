/**
 * The radiologist's reading workflow in Chromium, on data the spec makes itself (the e2e server
 * starts with YTE_IMAGING_DEMO=false): NIH ChestX-ray14 JPEGs converted to DICOM the way the demo
 * does, uploaded through the worklist with a real DICOM file and two bad ones; vendor AI results
 * imported through the UI (refused until governance clears the tool, then recorded); the worklist
 * ordered by AI priority; the viewer's zoom, pan and window/level read back from the canvas pixels;
 * the AI marks hidden until the first impression; one finding confirmed, one rejected; the report
 * signed; and everything still there after a reload.
 */
/// <reference path="../../packages/imaging/src/types/dcmjs.d.ts" />
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegToDicom } from '@yte/imaging';
import { apiLogin, BASE_URL, launch, newSession, screenshot } from '../lib/browser.ts';
import { ImagingViewerPage } from '../pages/ImagingViewerPage.ts';
import { ImagingWorklistPage } from '../pages/ImagingWorklistPage.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = process.env.YTE_SHARED_DIR ? resolve(process.env.YTE_SHARED_DIR) : resolve(ROOT, '../shared');
const NIH = join(SHARED, 'datasets/nih-chestxray14-sample/images');
const DICOM = join(SHARED, 'datasets/dicom');
const RUN = String(Date.now());
/** The workflow stores real NIH images and DICOM files from ../shared. */
const HAVE = [NIH, DICOM, join(SHARED, 'datasets/chexnet-predictions/predictions.csv')].every((p) => existsSync(p));

/** The study read in the viewer: NIH 00013911_000 (NIH labels: effusion, mass, nodule). */
const MAIN = '00013911_000';
/** Studies whose vendor results come from the CheXNet-reproduction CSV, with their top probability. */
const OTHERS: Record<string, number> = { '00002578_000': 0.802, '00013125_000': 0.739, '00022084_000': 0.507, '00009745_000': 0.361, '00004296_000': 0.083 };
const IMPRESSION = 'Mờ góc sườn hoành phải, nghi tràn dịch màng phổi; nốt mờ vùng giữa phổi phải';
const REJECT_REASON = 'Tổn thương < 3 cm: là nốt, không phải khối';
const REPORT = 'Tràn dịch màng phổi phải lượng ít. Nốt mờ 2 cm vùng giữa phổi phải, đề nghị chụp CT ngực.';

interface StudyRow { id: string; accessionNumber: string | null; aiSuspicion: number | null; status: string }

describe.skipIf(!HAVE)(`radiologist reading workflow (Chromium)${HAVE ? '' : ' (needs ../shared/datasets: dicom, nih-chestxray14-sample, chexnet-predictions; see README "../shared")'}`, () => {
  let browser: Browser;
  let reader: { context: BrowserContext; page: Page };
  let officer: { context: BrowserContext };
  let hospitalId = '';
  const files: { name: string; mimeType: string; buffer: Buffer }[] = [];
  let mainSop = '';
  const study: Record<string, string> = {}; // NIH stem (or 'unmatched') → study id

  beforeAll(async () => {
    browser = await launch();
    reader = await newSession(browser);
    officer = await newSession(browser);
    const me = await apiLogin(reader.context, 'bs.minh');
    await apiLogin(officer.context, 'qt.mai');
    hospitalId = me.facilities.find((f) => f.kind === 'hospital')!.id;
    const list = (await (await reader.context.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: { id: string; fullName: string; sex: string; birthDate: string; cccd: string | null }[] };
    const patients = list.items.filter((p) => p.cccd && p.birthDate < '1990-01-01'); // adults: these are adult chest X-rays
    expect(patients.length).toBeGreaterThanOrEqual(6);
    // NIH JPEG → DICOM as the demo does: PatientID = the patient's CCCD, so the upload matches them.
    const stems = [MAIN, ...Object.keys(OTHERS)];
    for (const [k, stem] of stems.entries()) {
      const p = patients[k]!;
      const sop = `2.25.${RUN}${k}1`;
      if (stem === MAIN) mainSop = sop;
      const bytes = await jpegToDicom(new Uint8Array(readFileSync(join(NIH, `${stem}.jpg`))), {
        patientId: p.cccd!, patientName: `${p.fullName.split(' ')[0]}^${p.fullName.split(' ').slice(1).join(' ')}`,
        patientSex: p.sex === 'male' ? 'M' : p.sex === 'female' ? 'F' : 'O', patientBirthDate: p.birthDate.replace(/-/g, ''),
        studyInstanceUid: `2.25.${RUN}${k}2`, seriesInstanceUid: `2.25.${RUN}${k}3`, sopInstanceUid: sop,
        accessionNumber: `E2E${RUN.slice(-6)}${k}`, studyDescription: 'XQ ngực thẳng', seriesDescription: 'PA', modality: 'CR', bodyPartExamined: 'CHEST', viewPosition: 'PA',
      });
      files.push({ name: `${stem}.dcm`, mimeType: 'application/dicom', buffer: Buffer.from(bytes) });
    }
  });
  afterAll(() => browser?.close());

  const worklistRows = async () => (await (await reader.context.request.get(`${BASE_URL}/api/imaging/studies?limit=500`)).json()) as StudyRow[];

  it('uploads through the worklist: each good file stored, each bad one rejected with its own reason', async () => {
    const wl = new ImagingWorklistPage(reader.page);
    await wl.open();
    await wl.upload([
      ...files,
      { name: 'cxr-pa-jpeg-baseline.dcm', mimeType: 'application/dicom', buffer: readFileSync(join(DICOM, 'cxr-pa-jpeg-baseline.dcm')) },
      { name: 'badVR.dcm', mimeType: 'application/dicom', buffer: readFileSync(join(DICOM, 'pydicom/badVR.dcm')) },
      { name: 'phim-nguc.dcm', mimeType: 'application/dicom', buffer: readFileSync(join(ROOT, 'docs/screenshots/login.png')) }, // a PNG renamed .dcm
    ]);
    expect(await wl.uploadResult().textContent()).toContain('7/9 tệp đã nhận, 2 tệp bị từ chối');
    for (const f of files) expect(await wl.uploadedFile(f.name).getAttribute('data-status')).toBe('accepted');
    expect(await wl.uploadedFile(files[0]!.name).textContent()).toContain('Đã ghép với bệnh nhân');
    expect(await wl.uploadedFile('cxr-pa-jpeg-baseline.dcm').textContent()).toContain('Chưa ghép bệnh nhân');
    const bad = wl.uploadedFile('badVR.dcm');
    expect(await bad.getAttribute('data-code')).toBe('INVALID_VALUE');
    expect(await bad.textContent()).toContain('badVR.dcm: Tệp có giá trị thuộc tính không hợp lệ ((0028,0008)');
    const png = wl.uploadedFile('phim-nguc.dcm');
    expect(await png.getAttribute('data-status')).toBe('rejected');
    expect(await png.getAttribute('data-code')).toBe('NOT_DICOM');
    expect(await png.textContent()).toContain('phim-nguc.dcm: Tệp không phải là DICOM Part 10');

    // Only bad files: the server answers 400, the UI still lists the file and its reason.
    await wl.upload([{ name: 'chi-la-anh.dcm', mimeType: 'application/dicom', buffer: readFileSync(join(ROOT, 'docs/screenshots/login.png')) }]);
    expect(await wl.uploadResult().textContent()).toContain('0/1 tệp đã nhận, 1 tệp bị từ chối');
    expect(await wl.uploadedFile('chi-la-anh.dcm').getAttribute('data-code')).toBe('NOT_DICOM');
    // in English too
    await reader.page.getByTestId('lang-switch').click();
    expect(await wl.uploadedFile('chi-la-anh.dcm').textContent()).toContain('this is a PNG image');
    await reader.page.getByTestId('lang-switch').click();

    const rows = await worklistRows();
    for (const [k, stem] of [MAIN, ...Object.keys(OTHERS)].entries()) study[stem] = rows.find((r) => r.accessionNumber === `E2E${RUN.slice(-6)}${k}`)!.id;
    study.unmatched = rows.find((r) => r.accessionNumber === null && !Object.values(study).includes(r.id))!.id;
    expect(Object.values(study).every(Boolean)).toBe(true);
  });

  it('imports vendor AI results through the UI: refused while the tool is not cleared, recorded once governance pilots it', async () => {
    const wl = new ImagingWorklistPage(reader.page);
    // the main study: probabilities of the CheXNet reproduction for this image; the Mass box is the NIH radiologist's nodule box, the effusion box is drawn for the test
    const json = [
      { sopInstanceUid: mainSop, finding: 'Effusion', probability: 0.875, box: { x: 330, y: 300, width: 150, height: 140 } },
      { sopInstanceUid: mainSop, finding: 'Mass', probability: 0.678, box: { x: 59.1, y: 241.6, width: 42.8, height: 50.9 } },
      { sopInstanceUid: mainSop, finding: 'Infiltration', probability: 0.179 },
    ];
    const jsonFile = { name: 'ket-qua-ai.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) };
    // Stages only move forward: ux-ai-group.spec may already have piloted the tool on this server.
    const tool = await officer.context.request.get(`${BASE_URL}/api/governance/tools/vendor-chexnet`);
    const piloted = tool.ok() && ((await tool.json()) as { facilityStages: { facilityId: string; stage: string }[] }).facilityStages.some((f) => f.facilityId === hospitalId && f.stage === 'pilot');
    if (!piloted) {
      await wl.importResults(jsonFile);
      expect(await wl.importResult().textContent()).toContain('3 kết quả trong tệp, 0 gợi ý được ghi');
      expect(await reader.page.getByTestId('imaging-import-stage').textContent()).toContain('3 kết quả không được ghi');

      // The governance officer clears the (high-risk) vendor tool for a pilot at the hospital.
      for (const stage of ['shadow', 'pilot']) {
        const res = await officer.context.request.post(`${BASE_URL}/api/governance/tools/vendor-chexnet/stage`, { data: { stage, facilityId: hospitalId, reason: 'E2E: thí điểm đọc phim', performanceReportId: 'E2E-RPT-1' } });
        expect(res.status()).toBe(200);
      }
    }
    await wl.importResults(jsonFile);
    expect(await wl.importResult().textContent()).toContain('3 kết quả trong tệp, 3 gợi ý được ghi');
    // the other studies: their rows of the CheXNet predictions file (wide CSV, matched by image name)
    const lines = readFileSync(join(SHARED, 'datasets/chexnet-predictions/predictions.csv'), 'utf8').split('\n');
    const csv = [lines[0], ...lines.filter((l) => Object.keys(OTHERS).some((s) => l.startsWith(`${s}.png,`)))].join('\n');
    await wl.importResults({ name: 'chexnet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await wl.importResult().textContent()).toContain(`${5 * 14} kết quả trong tệp, ${5 * 14} gợi ý được ghi`);
  });

  it('orders the worklist by AI priority (then waiting time), unmatched and un-analysed last', async () => {
    const wl = new ImagingWorklistPage(reader.page);
    await wl.open();
    const mine = new Set(Object.values(study));
    await wl.row(study[MAIN]!).waitFor(); // the rows load after the page frame
    const order = (await wl.studyIds()).filter((id) => mine.has(id));
    const expected = [MAIN, ...Object.keys(OTHERS).sort((a, b) => OTHERS[b]! - OTHERS[a]!), 'unmatched'].map((s) => study[s]!);
    expect(order).toEqual(expected);
    expect(await wl.row(study[MAIN]!).getByTestId('imaging-priority').getAttribute('data-priority')).toBe('high');
    // before the first impression only "prioritised" shows, never the score (issue 15, point 6)
    expect(await wl.row(study[MAIN]!).getByTestId('imaging-priority').textContent()).toBe('Được ưu tiên');
    expect(await wl.row(study[MAIN]!).textContent()).not.toContain('×');
    expect(await wl.row(study['00004296_000']!).getByTestId('imaging-priority').textContent()).toBe('Không ưu tiên');
    expect(await wl.row(study['00022084_000']!).getByTestId('imaging-priority').getAttribute('data-priority')).toBe('flagged');
    expect(await wl.row(study['00004296_000']!).getByTestId('imaging-priority').getAttribute('data-priority')).toBe('low');
    expect(await wl.row(study.unmatched!).getByTestId('imaging-priority').getAttribute('data-priority')).toBe('none');
    // the worklist shows a priority, never which finding: that would undo the first-impression guard
    expect(await wl.row(study[MAIN]!).textContent()).not.toContain('Effusion');
    await wl.closeResults();
    await screenshot(reader.page, 'imaging-worklist');
  });

  it('viewer: zoom, pan and window/level change the picture; the AI marks stay hidden before the first impression', async () => {
    const page = reader.page;
    const wl = new ImagingWorklistPage(page);
    await wl.openStudy(study[MAIN]!);
    const v = new ImagingViewerPage(page);
    await v.waitRendered(1);
    await page.waitForFunction(() => document.querySelector('[data-testid="imaging-canvas"]')?.getAttribute('data-ww') !== '');

    // the guard: nothing of the AI in the page, the API withholds the findings too
    expect(await v.guard().textContent()).toContain('3 gợi ý đang ẩn');
    await v.overlayLocked().waitFor();
    expect(await v.overlaySwitch().count()).toBe(0);
    expect(await v.findings().count()).toBe(0);
    expect(await v.attr('boxes')).toBe('0');
    const api = await (await reader.context.request.get(`${BASE_URL}/api/imaging/studies/${study[MAIN]}`)).json();
    expect(api).toMatchObject({ findingsRevealed: false, findings: [], findingsWithheld: 3 });
    const start = await v.stats();
    expect(start.coloured).toBe(0);
    expect(start.mean).toBeGreaterThan(20);
    await screenshot(page, 'imaging-viewer-guard');

    // zoom with the toolbar and with the wheel (which must not scroll the page)
    const scale0 = Number(await v.attr('scale'));
    await v.button('zoom-in').click();
    await expect.poll(async () => Number(await v.attr('scale'))).toBeCloseTo(scale0 * 1.25, 3);
    const zoomed = await v.stats();
    expect(zoomed.hash).not.toBe(start.hash);
    await page.evaluate(() => window.addEventListener('wheel', (e) => { (window as unknown as { wheelPrevented: boolean }).wheelPrevented = e.defaultPrevented; }, { passive: true }));
    await v.wheel(-240);
    await expect.poll(async () => Number(await v.attr('scale'))).toBeGreaterThan(scale0 * 1.25 * 1.1);
    expect(await page.evaluate(() => (window as unknown as { wheelPrevented?: boolean }).wheelPrevented)).toBe(true);

    // pan by dragging
    const x0 = Number(await v.attr('x'));
    await v.drag(120, 40);
    await expect.poll(async () => Number(await v.attr('x'))).toBeCloseTo(x0 + 120, 0);
    const panned = await v.stats();
    expect(panned.hash).not.toBe(zoomed.hash);

    // window/level: the W/L tool, dragging down raises the level → a new rendering from the server, darker
    const [wc0, ww0] = [Number(await v.attr('wc')), Number(await v.attr('ww'))];
    await v.tool('window').click();
    const renders = Number(await v.attr('renders'));
    const rendered = page.waitForResponse((r) => /\/render\?.*wc=/.test(r.url()) && r.status() === 200);
    await v.drag(0, 80);
    const res = await rendered;
    expect(new URL(res.url()).searchParams.get('ww')).toBe(String(ww0));
    await v.waitRendered(renders + 1);
    await expect.poll(async () => Number(await v.attr('wc'))).toBeGreaterThan(wc0 + 40);
    await expect.poll(async () => (await v.stats()).mean).toBeLessThan(panned.mean - 10);
    const darker = await v.stats();
    expect(await page.getByTestId('imaging-wl').textContent()).toContain(`L ${await v.attr('wc')}`);
    // Shift + drag in the pan tool narrows the window (more contrast)
    await v.tool('pan').click();
    const x1 = await v.attr('x');
    await v.drag(-100, 0, true);
    await expect.poll(async () => Number(await v.attr('ww'))).toBeLessThan(ww0 - 50);
    expect(await v.attr('x')).toBe(x1); // Shift: the window changed, the view did not move
    await expect.poll(async () => (await v.stats()).hash).not.toBe(darker.hash);

    // reset: the file's window and the fitted view again
    await v.button('reset').click();
    await expect.poll(async () => [Number(await v.attr('wc')), Number(await v.attr('ww')), Number(await v.attr('scale'))]).toEqual([wc0, ww0, scale0]);
    await expect.poll(async () => (await v.stats()).hash).toBe(start.hash);
  });

  it('first impression reveals the AI marks; the reader confirms one, rejects one, signs; a reload shows it all stored', async () => {
    const page = reader.page;
    const v = new ImagingViewerPage(page);
    await v.recordFirstImpression(IMPRESSION);
    expect(await v.findings().evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))).toEqual(['Effusion', 'Mass', 'Infiltration']);
    await expect.poll(() => v.attr('boxes')).toBe('2');
    const shown = await v.stats();
    expect(shown.red).toBeGreaterThan(200); // two boxes above threshold
    // the overlay can be switched off and on
    await v.overlaySwitch().uncheck();
    await expect.poll(() => v.attr('boxes')).toBe('0');
    expect((await v.stats()).coloured).toBe(0);
    await v.overlaySwitch().check();
    await expect.poll(() => v.attr('boxes')).toBe('2');

    await v.accept('Effusion');
    await v.reject('Mass', REJECT_REASON);
    const decided = await v.stats();
    expect(decided.green).toBeGreaterThan(200); // the confirmed box is green
    expect(decided.red).toBe(0); // the rejected one is grey, dashed
    expect(await v.finding('Mass').getByTestId('imaging-finding-reason').textContent()).toContain(REJECT_REASON);

    await v.report().fill(REPORT);
    await v.saveDraft();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('imaging-side').evaluate((el) => { el.scrollTop = 0; });
    await page.mouse.move(0, 0); // no tooltip or hover highlight in the picture
    await screenshot(page, 'imaging-viewer');
    await v.sign();
    expect(await v.signed().textContent()).toContain('Đã ký bởi BS. CĐHA Lê Quang Minh');

    await page.reload();
    await v.waitRendered(1);
    await page.getByTestId('imaging-findings').waitFor();
    expect(await v.findings().evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), e.getAttribute('data-status')]))).toEqual([
      ['Effusion', 'accepted'], ['Mass', 'overridden'], ['Infiltration', 'proposed'],
    ]);
    expect(await v.finding('Mass').textContent()).toContain(REJECT_REASON);
    expect(await v.finding('Infiltration').getByTestId('imaging-finding-accept').count()).toBe(0); // signed: no more decisions
    expect(await page.getByTestId('imaging-first-impression-text').textContent()).toContain(IMPRESSION);
    expect(await v.report().count()).toBe(0); // signed: shown as text, no longer editable
    expect(await v.signedText().textContent()).toBe(REPORT);
    expect(await v.signed().textContent()).toContain('Đã ký bởi BS. CĐHA Lê Quang Minh');
    await expect.poll(() => v.attr('boxes')).toBe('2');

    // the stored record agrees, and the marks go out as a DICOM presentation state
    const api = await (await reader.context.request.get(`${BASE_URL}/api/imaging/studies/${study[MAIN]}`)).json();
    expect(api.study.status).toBe('reported');
    expect(api.report).toMatchObject({ firstImpression: IMPRESSION, text: REPORT, readerName: 'BS. CĐHA Lê Quang Minh' });
    expect(api.findings.map((f: { output: { label: string }; status: string; reason: string | null }) => [f.output.label, f.status, f.reason])).toEqual([
      ['Effusion', 'accepted', null], ['Mass', 'overridden', REJECT_REASON], ['Infiltration', 'proposed', null],
    ]);
    const href = await page.getByTestId('imaging-export-gsps').getAttribute('href');
    const gsps = await reader.context.request.get(`${BASE_URL}${href}`);
    expect(gsps.status()).toBe(200);
    expect(gsps.headers()['content-type']).toBe('application/dicom');
    expect((await gsps.body()).subarray(128, 132).toString('latin1')).toBe('DICM');

    // the study has left the unread list
    const wl = new ImagingWorklistPage(page);
    await wl.open();
    expect(await wl.row(study[MAIN]!).count()).toBe(0);
    await wl.filter('Đã đọc');
    await wl.row(study[MAIN]!).waitFor();
  });

  it('an unmatched study is matched to a patient from the viewer', async () => {
    const page = reader.page;
    const v = new ImagingViewerPage(page);
    await v.open(study.unmatched!);
    const target = (await (await reader.context.request.get(`${BASE_URL}/api/patients?limit=1&q=${encodeURIComponent('Nguyễn')}`)).json()).items[0] as { id: string; fullName: string };
    await page.getByTestId('imaging-match').waitFor();
    await page.getByTestId('imaging-match-patient').fill(target.fullName);
    await page.getByRole('option', { name: new RegExp(`^${target.fullName}`) }).first().click();
    await page.getByTestId('imaging-match-save').click();
    await expect.poll(() => page.getByTestId('imaging-patient').textContent()).toBe(target.fullName);
    expect(await page.getByTestId('imaging-match').count()).toBe(0);
    const api = await (await reader.context.request.get(`${BASE_URL}/api/imaging/studies/${study.unmatched}`)).json();
    expect(api.study).toMatchObject({ matchState: 'matched', patientId: target.id });
  });
});
