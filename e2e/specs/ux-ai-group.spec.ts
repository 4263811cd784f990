/**
 * Issue 15, point 5: a study's AI output is ONE suggestion on the chart — findings above the tool's
 * threshold first, the rest folded, no duplicate across the study's images, labelled "AI" with the
 * tool's name, version and stage, finding names translated, and the decision taken stays visible.
 * The stage decides who sees it: in shadow no clinician sees anything; in a pilot at the hospital its
 * clinicians do. Data made here: two NIH images of one study, vendor results imported by API.
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
const RUN = String(Date.now());
const XHR = { 'x-requested-with': 'XMLHttpRequest' };

describe.skipIf(!existsSync(NIH))('AI output grouped per study, gated by stage (Chromium; needs ../shared/datasets/nih-chestxray14-sample)', () => {
  let browser: Browser;
  let doctor: { context: BrowserContext; page: Page };
  let reader: BrowserContext;
  let officer: BrowserContext;
  let hospitalId = '';
  let patientId = '';
  const sops: string[] = [];

  const setStage = async (stage: string) => {
    const r = await officer.request.post(`${BASE_URL}/api/governance/tools/vendor-chexnet/stage`, { data: { stage, facilityId: hospitalId, reason: 'E2E issue 15: nhóm gợi ý AI', performanceReportId: 'E2E-RPT-15' } });
    return r.status();
  };
  const importResults = async (rows: unknown[]) => {
    const r = await reader.request.post(`${BASE_URL}/api/imaging/vendor-results`, { data: rows, headers: XHR });
    expect(r.status(), await r.text()).toBe(200);
  };

  beforeAll(async () => {
    browser = await launch();
    doctor = await newSession(browser);
    reader = (await newSession(browser)).context;
    officer = (await newSession(browser)).context;
    const me = await apiLogin(doctor.context, 'bs.lan');
    await apiLogin(reader, 'bs.minh');
    await apiLogin(officer, 'qt.mai');
    hospitalId = me.facilities.find((f) => f.kind === 'hospital')!.id;
    const cccd = `001062${RUN.slice(-6)}`; // province 001, male born in the 1900s (digit 0), year 62
    const p = await doctor.context.request.post(`${BASE_URL}/api/patients`, { data: { fullName: 'Trịnh Văn Phim Phổi', sex: 'male', birthDate: '1962-08-09', cccd, province: 'Phú Thọ', commune: 'Hương Chè', facilityId: hospitalId } });
    expect(p.status(), await p.text()).toBe(201);
    patientId = ((await p.json()) as { patient: { id: string } }).patient.id;
    for (const [k, stem] of ['00013911_000', '00002578_000'].entries()) {
      const sop = `2.25.${RUN}${k}5`;
      sops.push(sop);
      const bytes = await jpegToDicom(new Uint8Array(readFileSync(join(NIH, `${stem}.jpg`))), {
        patientId: cccd, patientName: 'Trinh^Van Phim Phoi', patientSex: 'M', patientBirthDate: '19620809',
        studyInstanceUid: `2.25.${RUN}9`, seriesInstanceUid: `2.25.${RUN}8`, sopInstanceUid: sop,
        accessionNumber: `UX${RUN.slice(-6)}`, studyDescription: 'XQ ngực thẳng', seriesDescription: 'PA', modality: 'CR', bodyPartExamined: 'CHEST', viewPosition: 'PA',
      });
      const up = await reader.request.post(`${BASE_URL}/api/imaging/upload?facilityId=${hospitalId}&filename=${stem}.dcm`, { data: Buffer.from(bytes), headers: { ...XHR, 'content-type': 'application/dicom' } });
      expect(up.ok(), await up.text()).toBe(true);
    }
  });
  afterAll(() => browser?.close());

  const hospitalStage = async () => {
    const r = await officer.request.get(`${BASE_URL}/api/governance/tools/vendor-chexnet`);
    if (r.status() === 404) return 'sandbox';
    const t = (await r.json()) as { stage: string; facilityStages: { facilityId: string; stage: string }[] };
    return t.facilityStages.find((f) => f.facilityId === hospitalId)?.stage ?? t.stage;
  };

  it('shadow: results are recorded for governance but no clinician sees them', async (ctx) => {
    const shadowRows = [{ sopInstanceUid: sops[0], finding: 'Pneumothorax', probability: 0.91 }];
    let stage = await hospitalStage();
    if (stage === 'sandbox') {
      await importResults(shadowRows); // registers the vendor tool (sandbox: nothing recorded)
      stage = await hospitalStage();
    }
    // Stages only move forward (or via suspension back to where they were): once imaging.spec has piloted
    // the tool on this server, shadow cannot be reached again. Run this file alone to test shadow.
    if (stage !== 'sandbox' && stage !== 'shadow') ctx.skip(`vendor-chexnet is already '${stage}' at the hospital on this server (another spec piloted it)`);
    if (stage === 'sandbox') expect(await setStage('shadow')).toBe(200);
    await importResults(shadowRows);
    await doctor.page.goto(`${BASE_URL}/patients/${patientId}`);
    await doctor.page.getByTestId('suggestions-panel').waitFor();
    await doctor.page.waitForTimeout(500);
    expect(await doctor.page.getByTestId('ai-group').count()).toBe(0);
    expect(await doctor.page.getByTestId('suggestions-panel').textContent()).not.toContain('Tràn khí');
  });

  it('pilot at the hospital: one grouped suggestion, above-threshold first, rest folded, no duplicates, translated', async () => {
    if ((await hospitalStage()) !== 'pilot') expect(await setStage('pilot')).toBe(200);
    await importResults([
      { sopInstanceUid: sops[0], finding: 'Effusion', probability: 0.875 },
      { sopInstanceUid: sops[0], finding: 'Mass', probability: 0.633 },
      { sopInstanceUid: sops[1], finding: 'Mass', probability: 0.644 },
      { sopInstanceUid: sops[0], finding: 'Infiltration', probability: 0.179 },
      { sopInstanceUid: sops[0], finding: 'Pleural_Thickening', probability: 0.001 },
    ]);
    const page = doctor.page;
    await page.goto(`${BASE_URL}/patients/${patientId}`);
    const group = page.getByTestId('ai-group');
    await group.waitFor();
    expect(await group.count()).toBe(1);
    expect(await group.getByTestId('ai-badge').textContent()).toBe('AI');
    const tool = await group.getByTestId('ai-tool').textContent();
    expect(tool).toMatch(/phiên bản \S+/);
    expect(tool).not.toContain('Quy tắc');
    expect(await group.getByTestId('ai-stage').textContent()).toBe('Thí điểm');
    const above = await group.getByTestId('ai-finding-above').allTextContents();
    expect(above).toHaveLength(2);
    expect(above[0]).toContain('Tràn dịch màng phổi');
    expect(above[0]).toContain('87,5 %');
    expect(above[1]).toContain('Khối');
    expect(above[1]).toContain('64,4 %'); // the higher of the two images, once
    expect(await group.getByTestId('ai-finding-below').first().isVisible()).toBe(false);
    await group.getByTestId('ai-below-toggle').click();
    await expect.poll(() => group.getByTestId('ai-finding-below').allTextContents()).toEqual(['Thâm nhiễm — 17,9 %', 'Dày màng phổi — 0,1 %']);
    expect(await group.textContent()).not.toMatch(/Effusion|Infiltration|Pleural_Thickening/);
    await screenshot(page, 'ux-ai-group-vi-desktop');
  });

  it('the decision taken stays on the chart (override with a reason)', async () => {
    const page = doctor.page;
    const group = page.getByTestId('ai-group');
    await group.getByTestId('ai-override').click();
    await group.getByTestId('ai-override-reason').fill('Đã đọc phim: không có khối');
    await group.getByTestId('ai-override-confirm').click();
    await expect.poll(() => group.getByTestId('ai-decision').textContent().catch(() => ''), { timeout: 10_000 }).toContain('Đã quyết định: Không theo (5/5 kết quả)');
    expect(await group.getByTestId('ai-decision').textContent()).toContain('Đã đọc phim: không có khối');
    expect(await group.getByTestId('ai-override').count()).toBe(0);
    await page.reload();
    await page.getByTestId('ai-decision').waitFor();
    await page.evaluate(() => localStorage.setItem('yte.lang', 'en'));
    await page.reload();
    await page.getByTestId('ai-decision').waitFor();
    expect(await page.getByTestId('ai-decision').textContent()).toContain('Decided: Overridden');
    expect(await page.getByTestId('ai-summary').textContent()).toContain('Pleural effusion');
    await page.evaluate(() => localStorage.removeItem('yte.lang'));
  });

  it('worklist: before the first impression only "prioritised", the score when the facility turns the guard off; a tool without marks says so', async () => {
    const page = (await newSession(browser)).page;
    await apiLogin(page.context(), 'bs.minh');
    const admin = (await newSession(browser)).context;
    await apiLogin(admin, 'ql.hung');
    const rows = (await (await reader.request.get(`${BASE_URL}/api/imaging/studies?limit=500`)).json()) as { id: string; accessionNumber: string | null }[];
    const studyId = rows.find((r) => r.accessionNumber === `UX${RUN.slice(-6)}`)!.id;
    const wl = new ImagingWorklistPage(page);
    await wl.open();
    const badge = wl.row(studyId).getByTestId('imaging-priority');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Được ưu tiên');
    expect(await wl.row(studyId).textContent()).not.toContain('×');
    await screenshot(page, 'ux-worklist-blind-vi-desktop');
    // Configurable: the facility that does not require a first impression sees the score (in vi format).
    const set = async (on: boolean) => expect((await admin.request.put(`${BASE_URL}/api/imaging/settings`, { data: { facilityId: hospitalId, firstImpressionRequired: on } })).status()).toBe(200);
    await set(false);
    try {
      await page.reload();
      await expect.poll(() => wl.row(studyId).getByTestId('imaging-priority').textContent()).toContain('1,75×');
    } finally {
      await set(true);
    }
    // The vendor gave no boxes: after the first impression the viewer says so instead of an empty toggle.
    const v = new ImagingViewerPage(page);
    await v.open(studyId);
    expect(await page.getByTestId('imaging-overlay-none').count()).toBe(0);
    await v.recordFirstImpression('Mờ góc sườn hoành phải');
    await page.getByTestId('imaging-overlay-none').waitFor();
    expect(await page.getByTestId('imaging-overlay-none').textContent()).toContain('không đánh dấu vùng');
    expect(await page.getByTestId('imaging-overlay').count()).toBe(0);
  });
});
