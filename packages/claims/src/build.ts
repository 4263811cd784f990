/** Builders: typed visit record → the rows and XML strings of XML1, 2, 3, 4, 5, 7, 13, 14. */
import { benefitPercent, parseCardNumber } from './card.ts';
import type { Catalogue, CatalogueItem } from './catalogue.ts';
import { baseSalaryOn, benefit, round2, type Benefit } from './copay.ts';
import type { TableId } from './tables.ts';
import type { Visit } from './visit.ts';
import { money, qty, tableXml, ts12, ts8, type Row } from './xml.ts';

export interface ClaimRecord {
  maLk: string;
  tables: Partial<Record<TableId, Row[]>>;
}

type Src = Visit['drugs'][number] | Visit['services'][number] | Visit['supplies'][number];
interface Priced {
  kind: 'drug' | 'service' | 'supply';
  src: Src;
  item: CatalogueItem | undefined;
  priceBh: number;
  priceBv: number;
  rate: number;
  bv: number;
  bh: number;
  ngayYl: string;
}

/** One charge priced on its order date: the catalogue's price, or the charge's own when the code is not there. */
function price(kind: Priced['kind'], src: Src, catalogue: Catalogue): Priced {
  const ngayYl = ts12(src.orderedAt);
  const item = catalogue.on(src.code, ngayYl);
  const priceBh = src.price ?? item?.priceBh ?? 0;
  const priceBv = item?.priceBv ?? priceBh;
  const rate = item?.rateBh ?? 100;
  const bv = round2(src.quantity * (kind === 'drug' ? priceBh : priceBv));
  const bh = round2(src.quantity * priceBh * rate / 100);
  return { kind, src, item, priceBh, priceBv, rate, bv, bh, ngayYl };
}

const ROUTE_CODE = { 'on-route': '1.1', emergency: '2', 'off-route': '3' } as const;

export function buildClaim(v: Visit, catalogue: Catalogue): { record: ClaimRecord; benefit: Benefit } {
  const card = parseCardNumber(v.card.number);
  const cardPct = card ? benefitPercent(card.benefitCode) : 80;

  // Prices on the service date (catalogue), or the charge's own price when the code is not there.
  const nLines = v.drugs.length + v.services.length + v.supplies.length;
  const priced: Priced[] = new Array(nLines);
  let covered = 0;
  let k = 0;
  for (const src of v.drugs) covered += (priced[k++] = price('drug', src, catalogue)).bh;
  for (const src of v.services) covered += (priced[k++] = price('service', src, catalogue)).bh;
  for (const src of v.supplies) covered += (priced[k++] = price('supply', src, catalogue)).bh;
  const b = benefit({
    cardPercent: cardPct,
    route: v.route,
    level: v.facility.level,
    inpatient: v.kind === '03',
    coveredCostVnd: covered,
    baseSalaryVnd: baseSalaryOn(v.admitted.slice(0, 10)),
    fiveYearsContinuous: !!v.card.continuousSince && v.card.continuousSince <= v.admitted.slice(0, 10),
    coPaidThisYearVnd: v.coPaidThisYearVnd,
  });

  const xml2: Row[] = [];
  const xml3: Row[] = [];
  const maBenh = v.diagnosis.secondary?.length ? [v.diagnosis.main, ...v.diagnosis.secondary].join(';') : v.diagnosis.main;
  const mucHuong = String(b.mucHuong);
  // Sums for XML1, accumulated from the same rounded line amounts that are written on the lines.
  let tThuoc = 0, tVtyt = 0, tBv = 0, tBh = 0, tBntt = 0, tBncct = 0, tBhtt = 0;
  for (let i = 0; i < nLines; i++) {
    const p = priced[i]!;
    const fund = round2((p.bh * b.mucHuong) / 100);
    const coPay = round2(p.bh - fund);
    const own = round2(p.bv - p.bh);
    tBv += p.bv; tBh += p.bh; tBhtt += fund; tBncct += coPay; tBntt += own;
    const item = p.item;
    if (p.kind === 'drug') {
      const d = p.src as Visit['drugs'][number];
      tThuoc += p.bv;
      xml2.push({
        MA_LK: v.maLk, STT: String(xml2.length + 1), MA_THUOC: d.code, MA_NHOM: String(item?.group ?? 4),
        TEN_THUOC: item?.name ?? d.code, DON_VI_TINH: item?.unit ?? 'Viên', LIEU_DUNG: d.dosage, DUONG_DUNG: d.route,
        PHAM_VI: String(item?.scope ?? 1), TYLE_TT_BH: String(p.rate), SO_LUONG: qty(d.quantity), DON_GIA: qty(p.priceBh),
        THANH_TIEN_BV: money(p.bv), THANH_TIEN_BH: money(p.bh), T_NGUONKHAC: '0', MUC_HUONG: mucHuong,
        T_BNTT: money(own), T_BNCCT: money(coPay), T_BHTT: money(fund),
        MA_KHOA: v.facility.department, MA_BAC_SI: v.doctor, NGAY_YL: p.ngayYl, NGAY_TH_YL: p.ngayYl,
      });
    } else {
      const s = p.src as Visit['services'][number];
      const isSupply = p.kind === 'supply';
      if (isSupply) tVtyt += p.bv;
      xml3.push({
        MA_LK: v.maLk, STT: String(xml3.length + 1),
        MA_DICH_VU: isSupply ? '' : s.code, MA_VAT_TU: isSupply ? s.code : '',
        MA_NHOM: String(item?.group ?? (isSupply ? 10 : 1)),
        TEN_VAT_TU: isSupply ? item?.name ?? s.code : '', TEN_DICH_VU: isSupply ? '' : item?.name ?? s.code,
        DON_VI_TINH: item?.unit ?? 'Lần', PHAM_VI: String(item?.scope ?? 1), SO_LUONG: qty(s.quantity),
        DON_GIA_BV: qty(p.priceBv), DON_GIA_BH: qty(p.priceBh), TYLE_TT_DV: '100', TYLE_TT_BH: String(p.rate),
        THANH_TIEN_BV: money(p.bv), THANH_TIEN_BH: money(p.bh), MUC_HUONG: mucHuong, T_NGUONKHAC: '0',
        T_BNTT: money(own), T_BNCCT: money(coPay), T_BHTT: money(fund),
        MA_KHOA: v.facility.department, MA_BAC_SI: v.doctor, MA_BENH: maBenh, NGAY_YL: p.ngayYl,
        NGAY_TH_YL: s.doneAt ? ts12(s.doneAt) : '', NGAY_KQ: s.resultAt ? ts12(s.resultAt) : '',
      });
    }
  }
  const admitted = ts12(v.admitted);
  const discharged = ts12(v.discharged);
  const days = Math.max(0, Math.round((Date.parse(v.discharged.slice(0, 10)) - Date.parse(v.admitted.slice(0, 10))) / 86_400_000));
  const xml1: Row = {
    MA_LK: v.maLk, STT: '1', MA_BN: v.patient.id, HO_TEN: v.patient.name, SO_CCCD: v.patient.cccd ?? '',
    NGAY_SINH: v.patient.birth.length > 10 ? ts12(v.patient.birth) : ts8(v.patient.birth) + '0000',
    GIOI_TINH: String(v.patient.sex), MA_QUOCTICH: v.patient.nationality ?? '000', MA_DANTOC: v.patient.ethnicity ?? '01',
    MA_NGHE_NGHIEP: v.patient.occupation ?? '00000', DIA_CHI: v.patient.address ?? '', MATINH_CU_TRU: v.patient.province ?? '',
    MAHUYEN_CU_TRU: v.patient.district ?? '', MAXA_CU_TRU: v.patient.commune ?? '', DIEN_THOAI: v.patient.phone ?? '',
    MA_THE_BHYT: v.card.number, MA_DKBD: v.card.registeredAt, GT_THE_TU: ts8(v.card.validFrom), GT_THE_DEN: ts8(v.card.validTo),
    LY_DO_VV: v.reason, CHAN_DOAN_VAO: v.diagnosis.text, CHAN_DOAN_RV: v.diagnosis.text, MA_BENH_CHINH: v.diagnosis.main,
    MA_BENH_KT: (v.diagnosis.secondary ?? []).join(';'), MA_DOITUONG_KCB: ROUTE_CODE[v.route],
    MA_NOI_DEN: v.referral?.to ?? '', MA_TAI_NAN: '0', NGAY_VAO: admitted,
    NGAY_VAO_NOI_TRU: v.kind === '03' ? admitted : '', NGAY_RA: discharged,
    GIAY_CHUYEN_TUYEN: v.referral?.no ?? '', SO_NGAY_DTRI: String(v.kind === '03' ? days + 1 : days),
    KET_QUA_DTRI: String(v.result), MA_LOAI_RV: String(v.dischargeType), NGAY_TTOAN: ts12(v.paidAt),
    T_THUOC: money(tThuoc), T_VTYT: money(tVtyt), T_TONGCHI_BV: money(tBv), T_TONGCHI_BH: money(tBh),
    T_BNTT: money(tBntt), T_BNCCT: money(tBncct), T_BHTT: money(tBhtt),
    T_NGUONKHAC: '0', T_BHTT_GDV: '0', NAM_QT: v.paidAt.slice(0, 4), THANG_QT: v.paidAt.slice(5, 7),
    MA_LOAI_KCB: v.kind, MA_KHOA: v.facility.department, MA_CSKCB: v.facility.code,
    NAM_NAM_LIEN_TUC: v.card.continuousSince ? ts8(v.card.continuousSince) : '',
    NGAY_TAI_KHAM: v.followUp ? ts8(v.followUp.on) : '', MA_HSBA: v.maLk, MA_TTDV: v.facility.headCode,
  };
  const tables: ClaimRecord['tables'] = { XML1: [xml1], XML2: xml2, XML3: xml3 };
  if (v.results.length) {
    tables.XML4 = v.results.map((r, i) => ({
      MA_LK: v.maLk, STT: String(i + 1), MA_DICH_VU: r.serviceCode, MA_CHI_SO: r.indicator, TEN_CHI_SO: r.name,
      GIA_TRI: r.value, DON_VI_DO: r.unit, KET_LUAN: r.conclusion ?? '', NGAY_KQ: ts12(r.at), MA_BS_DOC_KQ: v.doctor,
    }));
  }
  if (v.course.length) {
    tables.XML5 = v.course.map((c, i) => ({
      MA_LK: v.maLk, STT: String(i + 1), DIEN_BIEN_LS: c.text, THOI_DIEM_DBLS: ts12(c.at), NGUOI_THUC_HIEN: c.by,
    }));
  }
  if (v.discharge) {
    tables.XML7 = [{
      MA_LK: v.maLk, SO_LUU_TRU: v.discharge.archiveNo, MA_YTE: v.patient.id, MA_KHOA_RV: v.facility.department,
      NGAY_VAO: admitted, NGAY_RA: discharged, CHAN_DOAN_RV: v.diagnosis.text, PP_DIEUTRI: v.discharge.treatment,
      GHI_CHU: v.discharge.note ?? '', MA_TTDV: v.facility.headCode, MA_BS: v.doctor, TEN_BS: v.doctor,
      NGAY_CT: ts8(v.discharge.signedOn),
    }];
  }
  if (v.referral) {
    tables.XML13 = [{
      MA_LK: v.maLk, SO_HOSO: v.maLk, SO_CHUYENTUYEN: v.referral.no, GIAY_CHUYEN_TUYEN: v.referral.no,
      MA_CSKCB: v.facility.code, MA_NOI_DI: v.facility.code, MA_NOI_DEN: v.referral.to, HO_TEN: v.patient.name,
      NGAY_SINH: xml1.NGAY_SINH!, GIOI_TINH: String(v.patient.sex), MA_QUOCTICH: xml1.MA_QUOCTICH!, MA_DANTOC: xml1.MA_DANTOC!,
      MA_NGHE_NGHIEP: xml1.MA_NGHE_NGHIEP!, DIA_CHI: xml1.DIA_CHI!, MA_THE_BHYT: v.card.number, GT_THE_DEN: xml1.GT_THE_DEN!,
      NGAY_VAO: admitted, NGAY_RA: discharged, DAU_HIEU_LS: v.referral.signs, CHAN_DOAN_RV: v.diagnosis.text,
      TOMTAT_KQ: v.referral.summary, MA_BENH_CHINH: v.diagnosis.main, MA_BENH_KT: xml1.MA_BENH_KT!,
      MA_LOAI_RV: String(v.dischargeType), MA_LYDO_CT: String(v.referral.reasonCode), HUONG_DIEU_TRI: v.referral.direction,
      PHUONGTIEN_VC: v.referral.transport ?? '', MA_BAC_SI: v.doctor, MA_TTDV: v.facility.headCode,
    }];
  }
  if (v.followUp) {
    tables.XML14 = [{
      MA_LK: v.maLk, SO_GIAYHEN_KL: v.followUp.no, MA_CSKCB: v.facility.code, HO_TEN: v.patient.name,
      NGAY_SINH: xml1.NGAY_SINH!, GIOI_TINH: String(v.patient.sex), DIA_CHI: xml1.DIA_CHI!, MA_THE_BHYT: v.card.number,
      GT_THE_DEN: xml1.GT_THE_DEN!, NGAY_VAO: admitted, NGAY_RA: discharged, NGAY_HEN_KL: ts8(v.followUp.on),
      CHAN_DOAN_RV: v.diagnosis.text, MA_BENH_CHINH: v.diagnosis.main, MA_BENH_KT: xml1.MA_BENH_KT!,
      MA_DOITUONG_KCB: xml1.MA_DOITUONG_KCB!, MA_BAC_SI: v.doctor, MA_TTDV: v.facility.headCode, NGAY_CT: ts8(v.followUp.signedOn),
    }];
  }
  return { record: { maLk: v.maLk, tables }, benefit: b };
}

/** The table files of one record, in table order (XML1 first); XML2/XML3 are written even when empty. */
export function recordFiles(r: ClaimRecord): Array<{ loai: TableId; xml: string }> {
  const order: TableId[] = ['XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML7', 'XML13', 'XML14'];
  return order.filter((id) => r.tables[id]).map((id) => ({ loai: id, xml: tableXml(id, r.tables[id]!) }));
}
