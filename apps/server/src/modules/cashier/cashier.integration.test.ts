/** A visit recorded through the clinical API becomes a bill and a claim; the cashier takes the patient's part (PGlite and PostgreSQL). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { einvoiceXsd, parseEnvelope, validateClaim, vietQrCrcOk } from '@yte/claims';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

const csv = readFileSync(join(fileURLToPath(import.meta.url), '../../../../../../packages/claims/data/demo-catalogue.csv'), 'utf8');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const XHR = { 'x-requested-with': 'XMLHttpRequest' };

describe.each(ENGINES)('cashier on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let nurse: string;
  let facilityId: string;
  const req = async (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: Json) =>
    t.app.inject({ method, url, headers: { cookie, ...XHR }, ...(payload ? { payload } : {}) });
  const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const year = new Date().getUTCFullYear();

  /** A visit as the clinical screens record it: patient, encounter with a glucose result, a drug, the diagnosis and card check. */
  async function recordVisit(opts: { cardTo?: string; drugCode?: string } = {}) {
    const p = await req('POST', '/api/patients', nurse, {
      fullName: 'Nguyễn Văn Thu Ngân', sex: 'male', birthDate: '1960-02-03', bhyt: 'DN4010123456789', province: 'Thái Nguyên', commune: 'Phường Demo', facilityId,
    });
    expect(p.statusCode, p.body).toBe(201);
    const patientId = p.json().patient.id as string;
    const e = await req('POST', `/api/patients/${patientId}/encounters`, nurse, {
      facilityId, type: 'outpatient', reason: 'Mệt, khát nước', startedAt: iso(120),
      labs: [{ loinc: '2345-7', value: 9.1, unit: 'mmol/L', display: 'Glucose' }, { loinc: '2160-0', value: 80, unit: 'umol/L', display: 'Creatinine' }],
    });
    expect(e.statusCode, e.body).toBeLessThan(300);
    const encounterId = e.json().encounter.id as string;
    const c = await req('POST', `/api/encounters/${encounterId}/charges`, nurse, { kind: 'THUOC', code: opts.drugCode ?? '40.559', quantity: 600, orderedAt: iso(90), dosage: '1 viên x 2 lần/ngày', drugRoute: '1.01' });
    expect(c.statusCode, c.body).toBe(200);
    const b = await req('PUT', `/api/encounters/${encounterId}/billing`, nurse, {
      icd10Main: 'E11.9', diagnosisText: 'Đái tháo đường type 2', cardValidFrom: `${year}-01-01`, cardValidTo: opts.cardTo ?? `${year}-12-31`,
      cardRegisteredAt: '01820', route: 'on-route', endedAt: iso(60), result: 2,
    });
    expect(b.statusCode, b.body).toBe(200);
    return { patientId, encounterId, chargeId: c.json().id as string };
  }

  beforeAll(async () => {
    t = await openTestApp(engine);
    admin = await t.login('ql.hung');
    nurse = await t.login('dd.hoa');
    facilityId = ((await req('GET', '/api/auth/me', admin)).json() as { facilities: Array<{ id: string }> }).facilities[0]!.id;
    expect((await req('POST', '/api/claims/catalogue', admin, { facilityId, csv })).statusCode).toBe(200);
    const s = await req('PUT', '/api/cashier/settings', admin, {
      facilityId,
      settings: { maCskcb: '01820', level: 'district', department: 'K01', headCode: 'TTDV01', bankBin: '970416', bankAccount: '257678859', taxCode: '0101234567', invoiceSymbol: 'C24TYT' },
      codeMap: [{ sourceSystem: 'loinc', sourceCode: '2345-7', code: '23.0075.1494' }, { sourceSystem: 'encounter', sourceCode: 'outpatient', code: '02.0001.1896' }],
    });
    expect(s.statusCode, s.body).toBe(200);
  });
  afterAll(() => t.close());

  it('a recorded visit yields a bill with the insured share and a ready claim that exports and validates', async () => {
    const { encounterId } = await recordVisit();
    const scr = await req('GET', `/api/cashier/encounters/${encounterId}`, admin);
    expect(scr.statusCode, scr.body).toBe(200);
    const s = scr.json();
    expect(s.missing).toEqual([]);
    expect(s.unmapped).toEqual([{ loinc: '2160-0', display: 'Creatinine' }]);
    expect(s.bill.lines.map((l: Json) => l.code).sort()).toEqual(['02.0001.1896', '23.0075.1494', '40.559']);
    // 80 % card, district, covered 420,700 VND: co-pay 84,140 + outside the fund 9,300
    expect(s.bill).toMatchObject({ benefitPercent: 80, coPayVnd: 84140, outOfScopeVnd: 9300, patientVnd: 93440 });
    expect(s.errors).toEqual([]);
    expect(s.dueVnd).toBe(93440);
    const claim = await req('POST', `/api/cashier/encounters/${encounterId}/claim`, admin);
    expect(claim.json()).toMatchObject({ state: 'ready', errors: [] });
    const exp = await req('POST', '/api/claims/export', admin, { facilityId, maCskcb: '01820' });
    const env = parseEnvelope(exp.json().envelope);
    const rec = env.records.find((r) => r.maLk === encounterId.replaceAll('-', ''))!;
    expect(rec).toBeTruthy();
    expect(validateClaim(rec)).toEqual([]);
    expect(rec.tables.XML4!.map((r) => r.MA_CHI_SO)).toEqual(['2345-7']);
  });

  it('an expired card and a drug not in the catalogue: the claim is blocked with the rules and the fix', async () => {
    const { encounterId, chargeId } = await recordVisit({ cardTo: `${year - 1}-12-31`, drugCode: '40.999' });
    const claim = (await req('POST', `/api/cashier/encounters/${encounterId}/claim`, admin)).json();
    expect(claim.state).toBe('blocked');
    expect(claim.errors.map((e: Json) => e.rule).sort()).toEqual(['C-VALID', 'K-MISSING']);
    expect(claim.errors.find((e: Json) => e.rule === 'K-MISSING').message).toMatch(/Cách sửa/);
    // a correction without a reason is refused; with one, the line goes
    expect((await req('POST', `/api/charges/${chargeId}/void`, nurse, { reason: ' ' })).json()).toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await req('POST', `/api/charges/${chargeId}/void`, nurse, { reason: 'Kê nhầm mã thuốc' })).statusCode).toBe(200);
    const again = (await req('POST', `/api/cashier/encounters/${encounterId}/claim`, admin)).json();
    expect(again.errors.map((e: Json) => e.rule)).toEqual(['C-VALID']);
  });

  it('payment by VietQR and cash, receipt PDF, e-invoice XML, refund with a reason, drawer close-out', async () => {
    const { encounterId } = await recordVisit();
    expect((await req('POST', `/api/cashier/encounters/${encounterId}/payments`, admin, { method: 'cash', amountVnd: 1000 })).json()).toMatchObject({ code: 'NO_OPEN_SHIFT' });
    expect((await req('POST', '/api/cashier/shift/open', admin, { facilityId, openingFloatVnd: 500000 })).statusCode).toBe(200);
    const qr = (await req('GET', `/api/cashier/encounters/${encounterId}/vietqr`, admin)).json();
    expect(qr.amountVnd).toBe(93440);
    expect(vietQrCrcOk(qr.payload)).toBe(true);
    expect(qr.payload).toContain('540593440');
    expect(qr.svg).toMatch(/^<svg/);
    expect((await req('POST', `/api/cashier/encounters/${encounterId}/payments`, admin, { method: 'vietqr', amountVnd: 100000 })).json()).toMatchObject({ code: 'OVERPAYMENT' });
    const p1 = (await req('POST', `/api/cashier/encounters/${encounterId}/payments`, admin, { method: 'vietqr', amountVnd: 50000 })).json();
    const p2 = (await req('POST', `/api/cashier/encounters/${encounterId}/payments`, admin, { method: 'cash', amountVnd: 43440 })).json();
    expect(p2.receiptNo).toBe(p1.receiptNo + 1);
    expect((await req('GET', `/api/cashier/encounters/${encounterId}`, admin)).json()).toMatchObject({ paidVnd: 93440, dueVnd: 0 });
    const pdf = await req('GET', `/api/cashier/payments/${p2.id}/receipt.pdf`, admin);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const inv = await req('GET', `/api/cashier/payments/${p2.id}/einvoice.xml`, admin);
    expect(inv.statusCode, inv.body).toBe(200);
    expect(inv.body).toContain('<TgTTTBChu>Bốn mươi ba nghìn bốn trăm bốn mươi đồng</TgTTTBChu>');
    if (has('xmllint')) {
      const dir = mkdtempSync(join(tmpdir(), 'yte-inv-'));
      writeFileSync(join(dir, 'i.xsd'), einvoiceXsd());
      writeFileSync(join(dir, 'i.xml'), inv.body);
      execFileSync('xmllint', ['--noout', '--schema', join(dir, 'i.xsd'), join(dir, 'i.xml')], { stdio: 'pipe' });
    }
    expect((await req('POST', `/api/cashier/payments/${p2.id}/refund`, admin, { amountVnd: 1000, reason: '' })).json()).toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await req('POST', `/api/cashier/payments/${p2.id}/refund`, admin, { amountVnd: 50000, reason: 'Thu thừa' })).json()).toMatchObject({ code: 'REFUND_TOO_LARGE' });
    expect((await req('POST', `/api/cashier/payments/${p2.id}/refund`, admin, { amountVnd: 3440, reason: 'Thu thừa tiền lẻ' })).statusCode).toBe(200);
    // drawer: 500,000 + 43,440 − 3,440 = 540,000 expected in cash
    expect((await req('POST', '/api/cashier/shift/close', admin, { facilityId, countedCashVnd: 539000 })).json()).toMatchObject({ code: 'DIFFERENCE_NEEDS_NOTE' });
    const close = (await req('POST', '/api/cashier/shift/close', admin, { facilityId, countedCashVnd: 540000 })).json();
    expect(close).toMatchObject({ expectedCashVnd: 540000, differenceVnd: 0, byMethod: { cash: 40000, vietqr: 50000, card: 0 }, refundsVnd: 3440 });
  });

  it('monthly report: figures from the visits, a drafted summary that a person approves; an invented number is refused', async () => {
    const month = new Date(Date.now() + 7 * 3600_000 - 120 * 60_000).toISOString().slice(0, 7);
    const r = await req('POST', '/api/reports/monthly', admin, { facilityId, month });
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep.status).toBe('draft');
    expect(rep.provenance).toMatch(/no language model/);
    expect(rep.figures.visits).toBeGreaterThanOrEqual(3);
    expect(rep.figures.topDiagnoses[0]).toMatchObject({ icd10: 'E11.9' });
    expect(rep.figures.claims.blocked).toBe(1);
    expect(rep.figures.blockedByRule).toEqual([{ rule: 'C-VALID', count: 1 }]);
    expect(rep.draft).toContain('E11.9');
    const bad = await req('POST', `/api/reports/${rep.id}/decide`, admin, { text: `${rep.draft} Tăng 37 % so với tháng trước.` });
    expect(bad.json()).toMatchObject({ code: 'NUMBERS_NOT_IN_REPORT' });
    const ok = await req('POST', `/api/reports/${rep.id}/decide`, admin, { text: `${rep.draft} Cần rà soát thẻ BHYT khi tiếp đón.` });
    expect(ok.json()).toMatchObject({ status: 'approved', edited: true });
    const pdf = await req('GET', `/api/reports/${rep.id}/report.pdf`, admin);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await req('POST', '/api/reports/monthly', nurse, { facilityId, month })).statusCode).toBe(403);
  });

  it('another facility gets 404; a nurse cannot take money', async () => {
    const { encounterId } = await recordVisit();
    const other = await t.login('yt.tuan');
    expect((await req('GET', `/api/cashier/encounters/${encounterId}`, other)).statusCode).toBe(404);
    expect((await req('POST', `/api/encounters/${encounterId}/charges`, other, { kind: 'DVKT', code: '02.0001.1896', quantity: 1, orderedAt: iso(30) })).statusCode).toBe(404);
    expect((await req('POST', `/api/cashier/encounters/${encounterId}/payments`, nurse, { method: 'cash', amountVnd: 1 })).statusCode).toBe(403);
  });
});
