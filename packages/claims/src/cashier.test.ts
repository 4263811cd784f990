import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QRPay } from 'vietnam-qr-pay';
import { describe, expect, it } from 'vitest';
import {
  Catalogue, billOf, buildClaim, checkNarrative, closeOut, crc16ccitt, draftNarrative, einvoiceXml, einvoiceXsd, isBlocked,
  parseCatalogueCsv, validateClaim, vietQrCrcOk, vietQrPayload, visitFromEncounter, vndInWords, vnLocal, type EncounterFacts, type MonthFigures,
} from './index.ts';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = new Catalogue(parseCatalogueCsv(readFileSync(join(pkg, 'data/demo-catalogue.csv'), 'utf8')).items);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe('VietQR (NAPAS / EMVCo MPM) — vietnam-qr-pay checked by an independent CRC-16/CCITT-FALSE', () => {
  it('CRC-16/CCITT-FALSE of "123456789" is 29B1 (the standard check value)', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
  });
  it('the example payloads published in the vietnam-qr-pay README have valid CRCs and decode to their fields', () => {
    const staticQr = '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F';
    const dynamicQr = '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6';
    expect(vietQrCrcOk(staticQr)).toBe(true);
    expect(vietQrCrcOk(dynamicQr)).toBe(true);
    expect(vietQrCrcOk(dynamicQr.replace('10000', '10001'))).toBe(false);
    // the README's decode example (amount 1000)
    const decodeExample = '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8';
    expect(vietQrCrcOk(decodeExample)).toBe(true);
    const d = new QRPay(decodeExample);
    expect(d.isValid).toBe(true);
    expect(d.consumer.bankBin).toBe('970416');
    expect(d.consumer.bankNumber).toBe('257678859');
    expect(d.amount).toBe('1000');
    // Our builder gives the README's payload for the README's inputs.
    expect(vietQrPayload({ bankBin: '970416', account: '257678859', amountVnd: 10000, purpose: 'Chuyen tien' })).toBe(dynamicQr);
  });
  it('strips diacritics from the transfer note and refuses bad input', () => {
    const p = vietQrPayload({ bankBin: '970416', account: '257678859', amountVnd: 45600, purpose: 'Thu phí PT000012' });
    expect(p).toContain('Thu phi PT000012');
    expect(() => vietQrPayload({ bankBin: '97041', account: '1', amountVnd: 1, purpose: '' })).toThrow();
    expect(() => vietQrPayload({ bankBin: '970416', account: '1', amountVnd: 0.5, purpose: '' })).toThrow();
  });
});

describe('bill, close-out, e-invoice', () => {
  it('co-payment: an 80 % card at district level pays 20 % of the covered cost plus what is outside the fund', () => {
    const facts: EncounterFacts = {
      encounter: { id: '0190a1b2-0000-7000-8000-000000000001', type: 'outpatient', reason: 'Mệt, khát nước', startedAt: '2024-06-10T01:00:00Z' },
      facility: { maCskcb: '01820', level: 'district', department: 'K01', headCode: 'TTDV01' },
      patient: { id: 'p1', name: 'Nguyễn Văn An', birthDate: '1960-02-03', sex: 'male', cccd: null, bhyt: 'DN4010123456789', phone: null, address: 'Xã Demo' },
      billing: { icd10Main: 'E11.9', diagnosisText: 'Đái tháo đường type 2', icd10Secondary: [], cardValidFrom: '2024-01-01', cardValidTo: '2024-12-31', cardRegisteredAt: '01820', continuousSince: null, route: 'on-route', endedAt: '2024-06-10T02:30:00Z', result: 2 },
      charges: [{ id: 'c1', kind: 'THUOC', code: '40.559', quantity: 600, orderedAt: '2024-06-10T02:00:00Z', dosage: '1 viên x 2', drugRoute: '1.01' }],
      labs: [{ loinc: '2345-7', display: 'Glucose', value: '9.1', unit: 'mmol/L', at: '2024-06-10T01:30:00Z' }, { loinc: '9999-9', display: 'Test lạ', value: '1', unit: '', at: '2024-06-10T01:30:00Z' }],
      codeMap: { loinc: { '2345-7': '23.0075.1494' }, encounter: { outpatient: '02.0001.1896' } },
      doctor: 'BS0001', coPaidThisYearVnd: 0,
    };
    const { visit, unmapped } = visitFromEncounter(facts);
    expect(unmapped).toEqual([{ loinc: '9999-9', display: 'Test lạ' }]);
    expect(visit!.admitted).toBe('2024-06-10T08:00'); // UTC+7
    const { record } = buildClaim(visit!, catalogue);
    expect(validateClaim(record, { catalogue })).toEqual([]);
    const bill = billOf(record);
    // covered: exam 38,700 + glucose 22,000 + metformin 600 × 600 = 420,700 ≥ 15 % of 1,800,000 → 80 %
    expect(bill.benefitPercent).toBe(80);
    expect(bill.coPayVnd).toBe(84_140);
    expect(bill.outOfScopeVnd).toBe(6_300 + 3_000); // exam 45,000−38,700 and glucose 25,000−22,000 (drugs at BHYT price)
    expect(bill.patientVnd).toBe(93_440);
    expect(bill.fundVnd + bill.patientVnd).toBe(bill.totalVnd);
    expect(record.tables.XML4).toHaveLength(1);
  });
  it('a visit without a diagnosis/card check builds no claim and says why', () => {
    const r = visitFromEncounter({ encounter: { id: 'e', type: 'station', reason: null, startedAt: '2024-06-10T01:00:00Z' }, facility: { maCskcb: '01820', level: 'commune', department: 'K01', headCode: 'T' }, patient: { id: 'p', name: 'A', birthDate: '1990-01-01', sex: 'female', cccd: null, bhyt: null, phone: null, address: null }, billing: null, charges: [], labs: [], codeMap: { loinc: {}, encounter: {} }, doctor: 'x', coPaidThisYearVnd: 0 });
    expect(r.visit).toBeNull();
    expect(r.missing).toHaveLength(2);
  });
  it('vnLocal is UTC+7 across midnight', () => {
    expect(vnLocal('2024-06-30T18:30:00Z')).toBe('2024-07-01T01:30');
  });
  it('cash drawer close-out', () => {
    const c = closeOut(500_000, [
      { method: 'cash', kind: 'payment', amountVnd: 93_440 }, { method: 'vietqr', kind: 'payment', amountVnd: 50_000 },
      { method: 'cash', kind: 'refund', amountVnd: 10_000 }, { method: 'card', kind: 'payment', amountVnd: 20_000 },
    ], 583_000);
    expect(c).toMatchObject({ expectedCashVnd: 583_440, differenceVnd: -440, byMethod: { cash: 83_440, vietqr: 50_000, card: 20_000 }, refundsVnd: 10_000 });
  });
  it('amounts in Vietnamese words', () => {
    expect(vndInWords(93_440)).toBe('Chín mươi ba nghìn bốn trăm bốn mươi đồng');
    expect(vndInWords(1_005_000)).toBe('Một triệu không trăm linh năm nghìn đồng');
    expect(vndInWords(215)).toBe('Hai trăm mười lăm đồng');
    expect(vndInWords(21)).toBe('Hai mươi mốt đồng');
  });
  it.skipIf(!has('xmllint'))('the e-invoice XML passes its XSD in xmllint; a bad tax code fails (needs libxml2-utils)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yte-inv-'));
    writeFileSync(join(dir, 'inv.xsd'), einvoiceXsd());
    const xml = einvoiceXml({
      symbol: 'C24TYT', number: 12, issuedOn: '2024-06-10', seller: { name: 'Trạm Y tế Demo', taxCode: '0101234567', address: 'Xã Demo' },
      buyer: { name: 'Nguyễn Văn An', address: 'Xã Demo' }, paymentMethod: 'Tiền mặt',
      lines: [{ name: 'Cùng chi trả BHYT & dịch vụ <demo>', unit: 'Lần', quantity: 1, unitPriceVnd: 93440, amountVnd: 93440 }], amountInWords: vndInWords(93440),
    });
    writeFileSync(join(dir, 'inv.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', join(dir, 'inv.xsd'), join(dir, 'inv.xml')], { stdio: 'pipe' });
    writeFileSync(join(dir, 'bad.xml'), xml.replace('<MST>0101234567</MST>', '<MST>12AB</MST>'));
    expect(spawnSync('xmllint', ['--noout', '--schema', join(dir, 'inv.xsd'), join(dir, 'bad.xml')]).status).not.toBe(0);
    expect(() => einvoiceXml({ symbol: 'X1', number: 1, issuedOn: '2024-06-10', seller: { name: 'a', taxCode: '0101234567', address: 'a' }, buyer: { name: 'b', address: '' }, paymentMethod: 'TM', lines: [], amountInWords: '' })).toThrow();
  });
});

describe('report narrative: drafted from the figures only', () => {
  const f: MonthFigures = {
    month: '2024-06', visits: 1234, insuredVisits: 1100, claims: { ready: 5, blocked: 2, exported: 10, accepted: 20, rejected: 4 },
    rejectionsByReason: [{ reason: 'Sai giá dịch vụ', count: 3 }, { reason: 'Thẻ hết hạn', count: 1 }],
    blockedByRule: [{ rule: 'K-MISSING', count: 2 }], topDiagnoses: [{ icd10: 'E11.9', count: 40 }, { icd10: 'J06.9', count: 25 }],
    totalVnd: 45_600_500, fundVnd: 40_000_000, patientPaidVnd: 5_600_500,
  };
  it('every number in the draft is a figure of the report', () => {
    const text = draftNarrative(f);
    expect(text).toContain('1.234 lượt khám');
    expect(text).toContain('16,7 %'); // 4 of 24 answered
    expect(checkNarrative(text, f)).toEqual([]);
  });
  it('an edited text with an invented number is caught', () => {
    expect(checkNarrative(draftNarrative(f) + ' Dự kiến tháng sau tăng 15 %.', f)).toEqual([15]);
  });
});
