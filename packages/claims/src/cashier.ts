/**
 * Cashier (pure): the bill of a visit from its claim record, the VietQR payment payload, the shift
 * close-out and the e-invoice data.
 *
 * VietQR: the payload is built by `vietnam-qr-pay` (MIT, pinned 1.5.1), the NAPAS VietQR profile of the
 * EMVCo Merchant-Presented QR specification (tag-length-value fields; the CRC in tag 63 is CRC-16/CCITT-FALSE,
 * polynomial 0x1021, initial value 0xFFFF, over the payload including "6304" — EMVCo MPM spec §4.7.3).
 * `crc16ccitt` re-computes that CRC independently, so a payload is checked by two implementations; the
 * tests check the library against the example payloads published in its README.
 */
import { QRPay } from 'vietnam-qr-pay';
import type { ClaimRecord } from './build.ts';
import { escapeXml, type Row } from './xml.ts';

export interface BillLine {
  table: 'XML2' | 'XML3';
  code: string;
  name: string;
  unit: string;
  quantity: number;
  unitPriceVnd: number;
  totalVnd: number; // THANH_TIEN_BV
  fundVnd: number; // T_BHTT
  coPayVnd: number; // T_BNCCT
  outOfScopeVnd: number; // T_BNTT
}

export interface Bill {
  lines: BillLine[];
  totalVnd: number;
  fundVnd: number;
  /** what the patient pays: co-payment (T_BNCCT) + outside the fund's scope (T_BNTT) */
  patientVnd: number;
  coPayVnd: number;
  outOfScopeVnd: number;
  benefitPercent: number;
}

const n = (s: string | undefined) => (s ? Number(s) : 0);
const r2 = (v: number) => Math.round(v * 100) / 100;

/** The bill as the claim states it: the patient pays exactly what the claim says the fund does not. */
export function billOf(record: ClaimRecord): Bill {
  const lines: BillLine[] = [];
  const add = (table: 'XML2' | 'XML3', r: Row) => lines.push({
    table,
    code: r.MA_THUOC || r.MA_DICH_VU || r.MA_VAT_TU || '',
    name: r.TEN_THUOC || r.TEN_DICH_VU || r.TEN_VAT_TU || '',
    unit: r.DON_VI_TINH ?? '',
    quantity: n(r.SO_LUONG),
    unitPriceVnd: n(table === 'XML2' ? r.DON_GIA : r.DON_GIA_BV),
    totalVnd: n(r.THANH_TIEN_BV), fundVnd: n(r.T_BHTT), coPayVnd: n(r.T_BNCCT), outOfScopeVnd: n(r.T_BNTT),
  });
  for (const r of record.tables.XML3 ?? []) add('XML3', r);
  for (const r of record.tables.XML2 ?? []) add('XML2', r);
  const sum = (f: (l: BillLine) => number) => r2(lines.reduce((s, l) => s + f(l), 0));
  const coPay = sum((l) => l.coPayVnd);
  const out = sum((l) => l.outOfScopeVnd);
  const first = (record.tables.XML3 ?? record.tables.XML2 ?? [])[0] ?? (record.tables.XML2 ?? [])[0];
  return {
    lines, totalVnd: sum((l) => l.totalVnd), fundVnd: sum((l) => l.fundVnd), patientVnd: r2(coPay + out), coPayVnd: coPay, outOfScopeVnd: out,
    benefitPercent: n(first?.MUC_HUONG),
  };
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), as 4 upper-case hex digits. */
export function crc16ccitt(s: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(s, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** True when the payload ends in tag 63 (length 04) whose value is the CRC of everything before it plus "6304". */
export function vietQrCrcOk(payload: string): boolean {
  const m = /^(.*6304)([0-9A-F]{4})$/.exec(payload);
  return !!m && crc16ccitt(m[1]!) === m[2];
}

export interface VietQrInput {
  /** the receiving bank's NAPAS BIN (6 digits) and account number, from the facility's settings */
  bankBin: string;
  account: string;
  amountVnd: number;
  /** transfer note (tag 62-08), ASCII; the receipt number lets the cashier match the transfer */
  purpose: string;
}

/** Dynamic VietQR payload (point of initiation 12: one amount, one payment). */
export function vietQrPayload(i: VietQrInput): string {
  if (!/^\d{6}$/.test(i.bankBin)) throw new Error('bankBin must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(i.account)) throw new Error('account must be 1–19 letters or digits');
  if (!Number.isInteger(i.amountVnd) || i.amountVnd <= 0 || i.amountVnd > 9_999_999_999_999) throw new Error('amount must be a positive whole number of VND');
  const purpose = i.purpose.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^ -~]/g, '').slice(0, 25);
  const payload = QRPay.initVietQR({ bankBin: i.bankBin, bankNumber: i.account, amount: String(i.amountVnd), purpose }).build();
  if (!vietQrCrcOk(payload)) throw new Error('VietQR payload CRC mismatch');
  return payload;
}

export type PayMethod = 'cash' | 'card' | 'vietqr';
export interface ShiftPayment {
  method: PayMethod;
  kind: 'payment' | 'refund';
  amountVnd: number;
}

/** Cash drawer close-out: expected cash = opening float + cash taken − cash refunded; the difference is counted − expected. */
export function closeOut(openingFloatVnd: number, payments: ShiftPayment[], countedCashVnd: number) {
  const byMethod: Record<PayMethod, number> = { cash: 0, card: 0, vietqr: 0 };
  let refunds = 0;
  for (const p of payments) {
    const sign = p.kind === 'refund' ? -1 : 1;
    byMethod[p.method] = r2(byMethod[p.method] + sign * p.amountVnd);
    if (p.kind === 'refund') refunds = r2(refunds + p.amountVnd);
  }
  const expectedCashVnd = r2(openingFloatVnd + byMethod.cash);
  return { byMethod, refundsVnd: refunds, expectedCashVnd, countedCashVnd, differenceVnd: r2(countedCashVnd - expectedCashVnd), count: payments.length };
}

/**
 * E-invoice data. Contents: Decree 123/2020/NĐ-CP Art. 10 (invoice name, template and invoice symbols,
 * number, seller's name/address/tax code, buyer's name/address, goods/services with unit, quantity, unit price
 * and amount, tax rate, totals in figures and in words, date, signatures). Element names follow the tax
 * authority's XML format (Decision 1450/QĐ-TCT, 2021: HDon/DLHDon/TTChung, NDHDon/NBan, NMua, DSHHDVu/HHDVu,
 * TToan) as public implementations use it — read from those secondary sources, the decision's own text was
 * not reachable (unverified). yte's XSD (xsd/einvoice.xsd) checks the structure yte writes; sending to the tax
 * authority goes through a licensed e-invoice provider, which signs it. KHMSHDon 1 and the symbol layout
 * C + yy + T + 2 letters: Circular 78/2021/TT-BTC Art. 4 (secondary source, unverified here). Medical services
 * are not subject to VAT (Law on VAT 13/2008/QH12 Art. 5(7)): TSuat "KCT".
 */
export interface InvoiceInput {
  symbol: string; // KHHDon, e.g. C24TYT
  number: number; // SHDon
  issuedOn: string; // YYYY-MM-DD
  seller: { name: string; taxCode: string; address: string };
  buyer: { name: string; address: string };
  paymentMethod: string; // "Tiền mặt", "Chuyển khoản", "TM/CK"
  lines: Array<{ name: string; unit: string; quantity: number; unitPriceVnd: number; amountVnd: number }>;
  amountInWords: string;
}

export function einvoiceXml(i: InvoiceInput): string {
  if (!/^[CK]\d{2}[TDLMNBGH][A-Z]{2}$/.test(i.symbol)) throw new Error(`invoice symbol must be like C24TYT: ${i.symbol}`);
  if (!/^\d{10}(-\d{3})?$/.test(i.seller.taxCode)) throw new Error('seller tax code must be 10 digits (or 10-3)');
  const e = escapeXml;
  const total = r2(i.lines.reduce((s, l) => s + l.amountVnd, 0));
  const lines = i.lines.map((l, k) =>
    `        <HHDVu><TChat>1</TChat><STT>${k + 1}</STT><THHDVu>${e(l.name)}</THHDVu><DVTinh>${e(l.unit)}</DVTinh>` +
    `<SLuong>${l.quantity}</SLuong><DGia>${l.unitPriceVnd}</DGia><ThTien>${l.amountVnd}</ThTien><TSuat>KCT</TSuat></HHDVu>\n`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<HDon>
  <DLHDon>
    <TTChung>
      <PBan>2.0.0</PBan>
      <THDon>HÓA ĐƠN GIÁ TRỊ GIA TĂNG</THDon>
      <KHMSHDon>1</KHMSHDon>
      <KHHDon>${i.symbol}</KHHDon>
      <SHDon>${i.number}</SHDon>
      <NLap>${i.issuedOn}</NLap>
      <DVTTe>VND</DVTTe>
      <HTTToan>${e(i.paymentMethod)}</HTTToan>
    </TTChung>
    <NDHDon>
      <NBan><Ten>${e(i.seller.name)}</Ten><MST>${i.seller.taxCode}</MST><DChi>${e(i.seller.address)}</DChi></NBan>
      <NMua><Ten>${e(i.buyer.name)}</Ten><DChi>${e(i.buyer.address)}</DChi></NMua>
      <DSHHDVu>
${lines}      </DSHHDVu>
      <TToan>
        <THTTLTSuat><LTSuat><TSuat>KCT</TSuat><ThTien>${total}</ThTien><TThue>0</TThue></LTSuat></THTTLTSuat>
        <TgTCThue>${total}</TgTCThue><TgTThue>0</TgTThue><TgTTTBSo>${total}</TgTTTBSo><TgTTTBChu>${e(i.amountInWords)}</TgTTTBChu>
      </TToan>
    </NDHDon>
  </DLHDon>
</HDon>
`;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
function three(n: number, full: boolean): string {
  const h = Math.floor(n / 100), t = Math.floor((n % 100) / 10), u = n % 10;
  const out: string[] = [];
  if (full || h) out.push(`${DIGITS[h]} trăm`);
  if (t > 1) out.push(`${DIGITS[t]} mươi`);
  else if (t === 1) out.push('mười');
  else if ((full || h) && u) out.push('linh');
  if (u) out.push(t > 1 && u === 1 ? 'mốt' : t >= 1 && u === 5 ? 'lăm' : t > 1 && u === 4 ? 'tư' : DIGITS[u]!);
  return out.join(' ');
}
/** A whole amount of VND in Vietnamese words ("Một trăm nghìn đồng"), for TgTTTBChu and the receipt. */
export function vndInWords(amount: number): string {
  let v = Math.round(amount);
  if (v === 0) return 'Không đồng';
  if (v < 0 || v > 999_999_999_999) throw new Error('amount out of range for words');
  const units = ['', ' nghìn', ' triệu', ' tỷ'];
  const groups: number[] = [];
  while (v > 0) {
    groups.push(v % 1000);
    v = Math.floor(v / 1000);
  }
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    if (groups[i] === 0) continue;
    parts.push(three(groups[i]!, i < groups.length - 1) + units[i]);
  }
  const s = parts.join(' ') + ' đồng';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The invoice XSD (yte's, for the structure einvoiceXml writes; checked with xmllint in tests). */
export function einvoiceXsd(): string {
  const s = (name: string, extra = '') => `<xs:element name="${name}"${extra}><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction></xs:simpleType></xs:element>`;
  const dec = (name: string) => `<xs:element name="${name}" type="xs:decimal"/>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- E-invoice data written by packages/claims/src/cashier.ts: contents of Decree 123/2020/NĐ-CP Art. 10, element names as
     in the tax authority's XML format (Decision 1450/QĐ-TCT 2021, read from public implementations: unverified). -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
 <xs:element name="HDon"><xs:complexType><xs:sequence>
  <xs:element name="DLHDon"><xs:complexType><xs:sequence>
   <xs:element name="TTChung"><xs:complexType><xs:sequence>
    ${s('PBan')}${s('THDon')}
    <xs:element name="KHMSHDon"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[1-6]"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="KHHDon"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[CK][0-9]{2}[TDLMNBGH][A-Z]{2}"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="SHDon" type="xs:positiveInteger"/>
    <xs:element name="NLap" type="xs:date"/>
    <xs:element name="DVTTe"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType></xs:element>
    ${s('HTTToan')}
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="NDHDon"><xs:complexType><xs:sequence>
    <xs:element name="NBan"><xs:complexType><xs:sequence>${s('Ten')}
     <xs:element name="MST"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9]{10}(-[0-9]{3})?"/></xs:restriction></xs:simpleType></xs:element>${s('DChi')}
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="NMua"><xs:complexType><xs:sequence>${s('Ten')}<xs:element name="DChi" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="DSHHDVu"><xs:complexType><xs:sequence>
     <xs:element name="HHDVu" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="TChat" type="xs:positiveInteger"/><xs:element name="STT" type="xs:positiveInteger"/>${s('THHDVu')}${s('DVTinh')}
      ${dec('SLuong')}${dec('DGia')}${dec('ThTien')}${s('TSuat')}
     </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="TToan"><xs:complexType><xs:sequence>
     <xs:element name="THTTLTSuat"><xs:complexType><xs:sequence><xs:element name="LTSuat" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      ${s('TSuat')}${dec('ThTien')}${dec('TThue')}
     </xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
     ${dec('TgTCThue')}${dec('TgTThue')}${dec('TgTTTBSo')}${s('TgTTTBChu')}
    </xs:sequence></xs:complexType></xs:element>
   </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
 </xs:sequence></xs:complexType></xs:element>
</xs:schema>
`;
}
