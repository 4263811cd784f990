/**
 * Validation before export. Every error names the visit (MA_LK), the table, the field, the rule code and
 * says in Vietnamese what is wrong and how to fix it. A record with a `blocking` error is held back.
 *
 * Rule codes are yte's own (F-* field level, X-* cross-file, C-* card, D-* dates, K-* catalogue, I-* ICD).
 *
 * Decision 3176/QĐ-BYT (29/10/2024) and error codes — what could be verified (searched 2026, see
 * packages/claims/README.md "Decision 3176"):
 *  - Public sources describe 3176/QĐ-BYT as an AMENDMENT of Decision 4750/QĐ-BYT (itself amending 130/QĐ-BYT):
 *    a revised data standard (fields and formats), applied on BHXH's receiving portal as the "QĐ 3176"
 *    submission channel — not as a numbered catalogue of rejection codes. A public legal-document register
 *    on GitHub lists it as "Sửa QĐ 4750 (thêm MA_DOI_TUONG_KCB…)", 29/10/2024, full text on caselaw.vn
 *    (secondary source); the open-source Inventec HIS (hisnguonmo, GPL) posts GIAMDINHHS files to a "3176"
 *    endpoint whose answer lists errors as free text per MA_LK (`ListLoi: [{MA_LK, CHI_TIET_LOI}]`), with no code.
 *  - No public text gave a numbered error list for 3176, so NO rule here carries a 3176 code: `decision3176`
 *    in RULE_BASIS is null for every rule ("unverified"). Where the decision's own field table is the basis
 *    of a rule, RULE_BASIS says so (130/4750 table and column), which is what a BHXH reviewer checks against.
 */
import { CARD_PATTERN, benefitPercent, parseCardNumber } from './card.ts';
import type { ClaimRecord } from './build.ts';
import type { Catalogue } from './catalogue.ts';
import { KIND_PATTERN, TABLES, type TableId } from './tables.ts';
import type { Row } from './xml.ts';

export interface ClaimError {
  maLk: string;
  table: TableId | 'GIAMDINHHS';
  field: string;
  rule: string;
  message: string;
  severity: 'blocking' | 'warning';
}

export const RULES: Record<string, string> = {
  'F-REQ': 'Trường bắt buộc theo QĐ 130/4750 bị trống',
  'F-FMT': 'Sai kiểu dữ liệu / định dạng theo QĐ 130/4750',
  'F-LEN': 'Vượt độ dài tối đa theo QĐ 130/4750',
  'X-MALK': 'MA_LK của bảng chi tiết khác MA_LK của XML1',
  'X-SUM': 'Tổng tiền XML1 khác tổng các dòng XML2/XML3',
  'X-LINE': 'Thành tiền của dòng khác số lượng × đơn giá × tỷ lệ',
  'X-SPLIT': 'T_BHTT + T_BNCCT khác THANH_TIEN_BH, hoặc T_BNTT khác THANH_TIEN_BV − THANH_TIEN_BH',
  'X-XML7': 'Điều trị nội trú phải có giấy ra viện (XML7)',
  'X-XML13': 'Chuyển tuyến phải có giấy chuyển tuyến (XML13)',
  'X-ENUM': 'Giá trị ngoài danh mục mã của QĐ 130/4750',
  'D-DATE': 'Ngày giờ không có thật',
  'D-ORDER': 'Thứ tự thời gian không hợp lý',
  'C-CARD': 'Mã thẻ BHYT sai cấu trúc (15 ký tự)',
  'C-VALID': 'Thẻ BHYT hết hạn hoặc chưa có giá trị vào ngày khám',
  'C-LEVEL': 'Mức hưởng lớn hơn mức của mã thẻ',
  'I-ICD': 'Mã ICD-10 sai định dạng',
  'K-MISSING': 'Dịch vụ / thuốc / vật tư không có trong danh mục của cơ sở',
  'K-PRICE': 'Đơn giá khác giá trong danh mục vào ngày dùng',
};

/**
 * The basis of each rule and the Decision 3176 error code it maps to. `decision3176: null` = no code of
 * the decision could be verified (see the header): yte's own code is used.
 */
export const RULE_BASIS: Record<string, { basis: string; decision3176: string | null }> = {
  'F-REQ': { basis: 'QĐ 130/QĐ-BYT sửa bởi 4750/QĐ-BYT, các Bảng 1–14, cột "Bắt buộc"', decision3176: null },
  'F-FMT': { basis: 'QĐ 130/4750, cột "Kiểu dữ liệu" và "Ghi chú" (ngày yyyyMMddHHmm, số tiền dấu chấm)', decision3176: null },
  'F-LEN': { basis: 'QĐ 130/4750, cột "Kích thước tối đa"', decision3176: null },
  'X-MALK': { basis: 'QĐ 130/4750, MA_LK: mã liên kết giữa XML1 và các bảng còn lại của một lượt KCB', decision3176: null },
  'X-SUM': { basis: 'QĐ 130/4750 Bảng 1: T_TONGCHI_BV, T_BHTT… là tổng các dòng của Bảng 2 và Bảng 3', decision3176: null },
  'X-LINE': { basis: 'QĐ 4750 Bảng 3, THANH_TIEN_BH = SO_LUONG × DON_GIA_BH × TYLE_TT_DV × TYLE_TT_BH', decision3176: null },
  'X-SPLIT': { basis: 'QĐ 4750 Bảng 2/3: T_BHTT, T_BNCCT, T_BNTT chia THANH_TIEN_BH/BV theo MUC_HUONG', decision3176: null },
  'X-XML7': { basis: 'QĐ 130/4750 Bảng 7: giấy ra viện của lượt điều trị nội trú', decision3176: null },
  'X-XML13': { basis: 'QĐ 130/4750 Bảng 13: giấy chuyển tuyến khi MA_LOAI_RV = 2', decision3176: null },
  'X-ENUM': { basis: 'QĐ 130/4750 Bảng 1, danh mục giá trị của GIOI_TINH, KET_QUA_DTRI, MA_LOAI_RV', decision3176: null },
  'D-DATE': { basis: 'QĐ 130/4750, định dạng ngày', decision3176: null },
  'D-ORDER': { basis: 'yte: thứ tự vào → y lệnh → thực hiện → kết quả → ra → thanh toán', decision3176: null },
  'C-CARD': { basis: 'QĐ 1351/QĐ-BHXH (2015) cấu trúc mã thẻ BHYT 15 ký tự', decision3176: null },
  'C-VALID': { basis: 'Luật BHYT Điều 16, 28: thẻ có giá trị sử dụng vào ngày KCB', decision3176: null },
  'C-LEVEL': { basis: 'Luật BHYT Điều 22; NĐ 146/2018/NĐ-CP Điều 14 (mức hưởng theo mã thẻ)', decision3176: null },
  'I-ICD': { basis: 'ICD-10 (WHO), bộ mã do Bộ Y tế ban hành (QĐ 4469/QĐ-BYT 2020)', decision3176: null },
  'K-MISSING': { basis: 'Danh mục DVKT/thuốc/VTYT của cơ sở đã được BHXH phê duyệt', decision3176: null },
  'K-PRICE': { basis: 'Giá BHYT của danh mục áp dụng vào ngày y lệnh', decision3176: null },
};

export const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;

const num = (s: string | undefined) => (s === undefined || s === '' ? 0 : Number(s));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** yyyyMMdd[HHmm] names a real day (Gregorian leap years) and a real time of day. */
function validDate12(s: string): boolean {
  const y = +s.slice(0, 4), mo = +s.slice(4, 6), d = +s.slice(6, 8), h = s.length > 8 ? +s.slice(8, 10) : 0, mi = s.length > 8 ? +s.slice(10, 12) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

const KIND_RE = Object.fromEntries(
  Object.entries(KIND_PATTERN).map(([k, p]) => [k, p ? new RegExp(`^(?:${p})$`) : undefined]),
) as Record<keyof typeof KIND_PATTERN, RegExp | undefined>;

const WHAT: Record<keyof typeof KIND_PATTERN, string> = {
  S: '', N: 'số nguyên', M: 'số tiền (dấu chấm thập phân, tối đa 2 chữ số lẻ)', Q: 'số (tối đa 3 chữ số lẻ)', T12: 'ngày giờ yyyyMMddHHmm', T8: 'ngày yyyyMMdd',
};

/** A table's field checks, compiled once at load: name, required, max length, pattern, whether a date. */
interface CompiledField { name: string; required: boolean; max: number; re: RegExp | undefined; date: boolean; what: string }
const COMPILED = Object.fromEntries(
  (Object.keys(TABLES) as TableId[]).map((id) => [id, TABLES[id].fields.map((f): CompiledField => ({
    name: f.name, required: f.required, max: f.max ?? Infinity, re: KIND_RE[f.kind], date: f.kind === 'T12' || f.kind === 'T8', what: WHAT[f.kind],
  }))]),
) as Record<TableId, CompiledField[]>;

function fieldError(out: ClaimError[], maLk: string, table: TableId, field: string, rule: string, message: string): void {
  out.push({ maLk, table, field, rule, message, severity: 'blocking' });
}

/** Field-level checks of one row against the table spec (the same constraints as xsd/*.xsd). */
export function checkRow(id: TableId, row: Row, maLk: string, out: ClaimError[]): void {
  const fields = COMPILED[id];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = row[f.name] ?? '';
    if (v === '') {
      if (f.required) fieldError(out, maLk, id, f.name, 'F-REQ', `${id}.${f.name} bắt buộc nhưng đang trống. Cách sửa: nhập ${f.name} trong hồ sơ rồi xuất lại.`);
      continue;
    }
    // UTF-16 length ≥ code points: count code points only when the quick length is over the limit.
    if (v.length > f.max && [...v].length > f.max) {
      fieldError(out, maLk, id, f.name, 'F-LEN', `${id}.${f.name} dài ${[...v].length} ký tự, tối đa ${f.max}. Cách sửa: rút gọn giá trị.`);
    }
    if (f.re !== undefined && !f.re.test(v)) {
      fieldError(out, maLk, id, f.name, 'F-FMT', `${id}.${f.name} = "${v}" không phải ${f.what}. Cách sửa: ghi đúng định dạng ${f.what}.`);
    } else if (f.date && !validDate12(v)) {
      fieldError(out, maLk, id, f.name, 'D-DATE', `${id}.${f.name} = "${v}" không phải ngày có thật. Cách sửa: kiểm tra ngày, tháng, giờ.`);
    }
  }
}

export interface ValidateOptions {
  /** the catalogue to check codes and prices against; omitted → K-* rules are skipped */
  catalogue?: Catalogue;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.01 + 1e-9;
const sumOf = (rows: Row[], f: string, suppliesOnly = false) => {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!;
    if (!suppliesOnly || (x.MA_VAT_TU ?? '') !== '') s += num(x[f]);
  }
  return s;
};
const r2 = (v: number) => Math.round(v * 100) / 100;
const D12 = /^\d{12}$/;

class Errors {
  readonly out: ClaimError[] = [];
  constructor(readonly maLk: string) {}
  add(table: ClaimError['table'], field: string, rule: string, message: string): void {
    this.out.push({ maLk: this.maLk, table, field, rule, message, severity: 'blocking' });
  }
  /** D-ORDER when both instants are yyyyMMddHHmm and a is after b */
  order(table: ClaimError['table'], field: string, a: string | undefined, b: string | undefined, msg: () => string): void {
    if (a && b && a > b && D12.test(a) && D12.test(b)) this.add(table, field, 'D-ORDER', msg());
  }
}

export function validateClaim(r: ClaimRecord, opts: ValidateOptions = {}): ClaimError[] {
  const x1 = r.tables.XML1?.[0];
  const maLk = x1?.MA_LK || r.maLk;
  const e = new Errors(maLk);
  const out = e.out;
  if (!x1) {
    e.add('XML1', '*', 'F-REQ', 'Hồ sơ thiếu XML1 (bảng tổng hợp). Cách sửa: lập lại hồ sơ từ lượt khám.');
    return out;
  }
  for (const id of Object.keys(r.tables) as TableId[]) {
    const rows = r.tables[id]!;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      checkRow(id, row, maLk, out);
      if (row.MA_LK !== maLk) {
        e.add(id, 'MA_LK', 'X-MALK', `${id}.MA_LK = "${row.MA_LK}" khác XML1.MA_LK = "${maLk}". Cách sửa: dùng cùng một mã liên kết cho mọi bảng của lượt khám.`);
      }
    }
  }
  const xml2 = r.tables.XML2 ?? [];
  const xml3 = r.tables.XML3 ?? [];
  const lineTables: ReadonlyArray<readonly ['XML2' | 'XML3', Row[]]> = [['XML2', xml2], ['XML3', xml3]];

  // Line arithmetic (4750: THANH_TIEN_BH = SO_LUONG × DON_GIA_BH × TYLE_TT_DV/100 × TYLE_TT_BH/100).
  for (const [id, rows] of lineTables) {
    for (const row of rows) {
      const price = num(id === 'XML2' ? row.DON_GIA : row.DON_GIA_BH);
      const expBh = Math.round(num(row.SO_LUONG) * price * (id === 'XML3' ? num(row.TYLE_TT_DV) / 100 : 1) * num(row.TYLE_TT_BH) / 100 * 100) / 100;
      if (!near(num(row.THANH_TIEN_BH), expBh)) {
        e.add(id, 'THANH_TIEN_BH', 'X-LINE', `${id} dòng ${row.STT}: THANH_TIEN_BH = ${row.THANH_TIEN_BH}, theo công thức là ${expBh}. Cách sửa: tính lại thành tiền từ số lượng, đơn giá và tỷ lệ.`);
      }
      if (!near(num(row.T_BHTT) + num(row.T_BNCCT) + num(row.T_NGUONKHAC), num(row.THANH_TIEN_BH)) ||
          !near(num(row.T_BNTT), num(row.THANH_TIEN_BV) - num(row.THANH_TIEN_BH))) {
        e.add(id, 'T_BHTT', 'X-SPLIT', `${id} dòng ${row.STT}: phần quỹ, cùng chi trả, người bệnh tự trả không khớp thành tiền. Cách sửa: tính lại theo mức hưởng.`);
      }
    }
  }
  // Totals of XML1 = sums of the lines.
  const both = (f: string) => r2(sumOf(xml2, f) + sumOf(xml3, f));
  const totals: Array<[string, number]> = [
    ['T_THUOC', r2(sumOf(xml2, 'THANH_TIEN_BV'))],
    ['T_VTYT', r2(sumOf(xml3, 'THANH_TIEN_BV', true))],
    ['T_TONGCHI_BV', both('THANH_TIEN_BV')],
    ['T_TONGCHI_BH', both('THANH_TIEN_BH')],
    ['T_BHTT', both('T_BHTT')],
    ['T_BNCCT', both('T_BNCCT')],
    ['T_BNTT', both('T_BNTT')],
  ];
  for (const [f, s] of totals) {
    if (Math.abs(num(x1[f]) - s) > 1) {
      e.add('XML1', f, 'X-SUM', `XML1.${f} = ${x1[f]} nhưng tổng các dòng là ${s}. Cách sửa: cập nhật tổng hợp sau khi sửa chi tiết.`);
    }
  }
  // Enumerations of the decision.
  if (x1.GIOI_TINH && !['1', '2', '3'].includes(x1.GIOI_TINH)) e.add('XML1', 'GIOI_TINH', 'X-ENUM', 'GIOI_TINH phải là 1 (nam), 2 (nữ) hoặc 3 (chưa xác định).');
  if (x1.KET_QUA_DTRI && !/^[1-8]$/.test(x1.KET_QUA_DTRI)) e.add('XML1', 'KET_QUA_DTRI', 'X-ENUM', 'KET_QUA_DTRI phải từ 1 đến 8. Cách sửa: chọn kết quả điều trị.');
  if (x1.MA_LOAI_RV && !/^[1-5]$/.test(x1.MA_LOAI_RV)) e.add('XML1', 'MA_LOAI_RV', 'X-ENUM', 'MA_LOAI_RV phải từ 1 đến 5.');
  if (x1.MA_LOAI_KCB === '03' && !r.tables.XML7) e.add('XML7', '*', 'X-XML7', 'Lượt điều trị nội trú (MA_LOAI_KCB 03) chưa có giấy ra viện. Cách sửa: lập giấy ra viện rồi xuất lại.');
  if (x1.MA_LOAI_RV === '2' && !r.tables.XML13) e.add('XML13', '*', 'X-XML13', 'Người bệnh chuyển tuyến (MA_LOAI_RV 2) nhưng chưa có giấy chuyển tuyến. Cách sửa: lập giấy chuyển tuyến.');

  // ICD-10.
  if (x1.MA_BENH_CHINH && !ICD10.test(x1.MA_BENH_CHINH)) e.add('XML1', 'MA_BENH_CHINH', 'I-ICD', `MA_BENH_CHINH "${x1.MA_BENH_CHINH}" không phải mã ICD-10 (ví dụ E11.9). Cách sửa: chọn chẩn đoán từ danh mục ICD-10.`);
  if (x1.MA_BENH_KT) {
    for (const c of x1.MA_BENH_KT.split(';')) {
      if (c && !ICD10.test(c)) e.add('XML1', 'MA_BENH_KT', 'I-ICD', `Mã bệnh kèm theo "${c}" không phải mã ICD-10. Cách sửa: ngăn cách các mã bằng dấu ";" và dùng mã ICD-10.`);
    }
  }
  // Card.
  const cards = (x1.MA_THE_BHYT ?? '').split(';');
  for (const c of cards) {
    if (c && !CARD_PATTERN.test(c)) e.add('XML1', 'MA_THE_BHYT', 'C-CARD', `Mã thẻ "${c}" sai cấu trúc: 2 chữ cái, 1 số mức hưởng (1–5), 2 số mã tỉnh, 10 số BHXH. Cách sửa: nhập lại mã thẻ theo thẻ BHYT.`);
  }
  const vao = x1.NGAY_VAO ?? '';
  const ra = x1.NGAY_RA ?? '';
  const tu = (x1.GT_THE_TU ?? '').split(';');
  const den = (x1.GT_THE_DEN ?? '').split(';');
  const day = vao.slice(0, 8);
  if (/^\d{8}$/.test(day) && tu[0] && den[0]) {
    let ok = false;
    for (let i = 0; i < tu.length && !ok; i++) ok = tu[i]! <= day && day <= (den[i] ?? '');
    if (!ok) e.add('XML1', 'GT_THE_DEN', 'C-VALID', `Thẻ BHYT không có giá trị vào ngày khám ${day.slice(6, 8)}/${day.slice(4, 6)}/${day.slice(0, 4)} (giá trị ${tu[0]}–${den[0]}). Cách sửa: kiểm tra thẻ trên cổng BHXH; nếu thẻ hết hạn, thu phí dịch vụ, không đề nghị BHYT thanh toán.`);
  }
  const card = parseCardNumber(cards[0] ?? '');
  if (card) {
    const cap = benefitPercent(card.benefitCode);
    for (const [id, rows] of lineTables) {
      for (const row of rows) {
        // 100 % is allowed below the 15 % threshold, at commune level, or after the annual ceiling (copay.ts).
        if (num(row.MUC_HUONG) > cap && num(row.MUC_HUONG) !== 100) {
          e.add(id, 'MUC_HUONG', 'C-LEVEL', `${id} dòng ${row.STT}: MUC_HUONG ${row.MUC_HUONG} lớn hơn mức ${cap} % của mã thẻ. Cách sửa: tính lại mức hưởng.`);
        }
      }
    }
  }
  // Dates in order (messages are built only when a rule fires).
  e.order('XML1', 'NGAY_RA', vao, ra, () => `NGAY_RA (${ra}) trước NGAY_VAO (${vao}). Cách sửa: kiểm tra giờ vào và giờ ra.`);
  e.order('XML1', 'NGAY_SINH', x1.NGAY_SINH, vao, () => 'NGAY_SINH sau NGAY_VAO. Cách sửa: kiểm tra ngày sinh.');
  e.order('XML1', 'NGAY_TTOAN', ra, x1.NGAY_TTOAN, () => 'NGAY_TTOAN trước NGAY_RA. Cách sửa: thanh toán ghi sau khi ra viện/kết thúc khám.');
  for (const [id, rows] of lineTables) {
    for (const row of rows) {
      e.order(id, 'NGAY_YL', vao, row.NGAY_YL, () => `${id} dòng ${row.STT}: y lệnh (${row.NGAY_YL}) trước giờ vào (${vao}). Cách sửa: kiểm tra giờ y lệnh.`);
      e.order(id, 'NGAY_YL', row.NGAY_YL, ra, () => `${id} dòng ${row.STT}: y lệnh (${row.NGAY_YL}) sau giờ ra (${ra}). Cách sửa: kiểm tra giờ y lệnh hoặc giờ ra.`);
      e.order(id, 'NGAY_TH_YL', row.NGAY_YL, row.NGAY_TH_YL, () => `${id} dòng ${row.STT}: thực hiện trước khi có y lệnh. Cách sửa: kiểm tra NGAY_TH_YL.`);
      if (id === 'XML3') e.order(id, 'NGAY_KQ', row.NGAY_TH_YL, row.NGAY_KQ, () => `XML3 dòng ${row.STT}: có kết quả trước khi thực hiện. Cách sửa: kiểm tra NGAY_KQ.`);
    }
  }
  for (const row of r.tables.XML4 ?? []) {
    e.order('XML4', 'NGAY_KQ', vao, row.NGAY_KQ, () => `XML4 dòng ${row.STT}: kết quả trước giờ vào. Cách sửa: kiểm tra NGAY_KQ.`);
  }
  // Catalogue: the code exists and the price is the one in force on the day of the order.
  if (opts.catalogue) {
    for (const [id, rows] of lineTables) {
      for (const row of rows) {
        const field = id === 'XML2' ? 'MA_THUOC' : row.MA_VAT_TU ? 'MA_VAT_TU' : 'MA_DICH_VU';
        const code = row[field] ?? '';
        const item = opts.catalogue.on(code, row.NGAY_YL ?? '');
        if (!item) {
          e.add(id, field, 'K-MISSING', `${id} dòng ${row.STT}: mã "${code}" không có trong danh mục của cơ sở vào ngày ${(row.NGAY_YL ?? '').slice(0, 8)}. Cách sửa: thêm vào danh mục đã được BHXH duyệt hoặc thu ngoài BHYT.`);
          continue;
        }
        const priceField = id === 'XML2' ? 'DON_GIA' : 'DON_GIA_BH';
        if (Math.abs(num(row[priceField]) - item.priceBh) > 0.001) {
          e.add(id, priceField, 'K-PRICE', `${id} dòng ${row.STT}: ${priceField} = ${row[priceField]} nhưng giá BHYT trong danh mục ngày ${(row.NGAY_YL ?? '').slice(0, 8)} là ${item.priceBh}. Cách sửa: dùng giá đang áp dụng.`);
        }
      }
    }
  }
  return out;
}

export const isBlocked = (errors: ClaimError[]) => errors.some((e) => e.severity === 'blocking');
