/**
 * The fund's share of a visit (MUC_HUONG) and the split of each line into fund / co-payment / patient-paid.
 *
 * Law on Health Insurance No. 25/2008/QH12 as amended by Law 46/2014/QH13 (consolidated text
 * 01/VBHN-VPQH, 2014), Art. 22 "Mức hưởng bảo hiểm y tế", and Decree 146/2018/NĐ-CP Art. 14 (benefit levels):
 *  - Art. 22(1)(a,b,đ,e) / Decree 146 Art. 14(1): 100 %, 95 % or 80 % by the card's benefit code (see card.ts).
 *  - Art. 22(1)(c) / Decree 146 Art. 14(1): 100 % when the cost of one visit is below the threshold the
 *    Government sets — 15 % of the base salary (Decree 146) — and for visits at commune level.
 *  - Art. 22(1)(d) / Decree 146 Art. 14(1): 100 % once the person has 5 consecutive years of coverage and
 *    their co-payments in the calendar year exceed 6 months of base salary — except when self-referred
 *    off-route ("trừ trường hợp tự đi khám bệnh, chữa bệnh không đúng tuyến").
 *  - Art. 22(3): self-referred off-route ("trái tuyến") visits are paid at the level of Art. 22(1) times
 *    40 % of inpatient cost at central hospitals, 100 % of inpatient cost at provincial hospitals (from
 *    01/01/2021), 100 % at district hospitals (from 01/01/2016); off-route outpatient care at provincial and
 *    central hospitals is not covered.
 *  - Emergencies may be treated at any facility (Art. 28(4)) and are paid as on-route.
 * Not modelled: Law 51/2024/QH15 (amending the Law from 01/07/2025 with "cấp chuyên môn" instead of
 * "tuyến"), the groups of Art. 22(5), price ceilings of high-tech services.
 * Base salary (lương cơ sở) is an input: 1,800,000 VND from 01/07/2023 (Decree 24/2023/NĐ-CP),
 * 2,340,000 VND from 01/07/2024 (Decree 73/2024/NĐ-CP) — see BASE_SALARY.
 */
import { money } from './xml.ts';

export const BASE_SALARY: ReadonlyArray<{ from: string; vnd: number; source: string }> = [
  { from: '2019-07-01', vnd: 1_490_000, source: 'Decree 38/2019/NĐ-CP' },
  { from: '2023-07-01', vnd: 1_800_000, source: 'Decree 24/2023/NĐ-CP' },
  { from: '2024-07-01', vnd: 2_340_000, source: 'Decree 73/2024/NĐ-CP' },
];

export function baseSalaryOn(isoDate: string): number {
  let v: number | undefined;
  for (const b of BASE_SALARY) if (b.from <= isoDate) v = b.vnd;
  if (v === undefined) throw new Error(`no base salary before ${BASE_SALARY[0]!.from}`);
  return v;
}

export type Route = 'on-route' | 'emergency' | 'off-route';
export type FacilityLevel = 'commune' | 'district' | 'provincial' | 'central';

export interface BenefitInput {
  cardPercent: 80 | 95 | 100;
  route: Route;
  level: FacilityLevel;
  inpatient: boolean;
  /** what the fund would cover at 100 % (sum of THANH_TIEN_BH of the visit) */
  coveredCostVnd: number;
  baseSalaryVnd: number;
  /** 5 consecutive years of coverage reached on the visit date (NAM_NAM_LIEN_TUC ≤ visit date) */
  fiveYearsContinuous: boolean;
  /** co-payments already made in this calendar year (the facility's or the card's record) */
  coPaidThisYearVnd: number;
}

export interface Benefit {
  /** MUC_HUONG: the percentage written on the lines (0–100) */
  mucHuong: number;
  reason: string;
  /** fund total and co-payment for the visit's covered cost */
  fundVnd: number;
  coPayVnd: number;
  rule: string;
  ceilingReachedDuringVisit: boolean;
}

export function benefit(i: BenefitInput): Benefit {
  const below = i.coveredCostVnd < 0.15 * i.baseSalaryVnd;
  let pct: number;
  let reason: string;
  let rule: string;
  if (i.route === 'off-route') {
    const routeFactor =
      i.level === 'central' ? (i.inpatient ? 40 : 0)
      : i.level === 'provincial' ? (i.inpatient ? 100 : 0)
      : 100;
    pct = (i.cardPercent * routeFactor) / 100;
    reason = `trái tuyến tại tuyến ${i.level}: ${i.cardPercent} % × ${routeFactor} %`;
    rule = 'Luật BHYT Điều 22 khoản 3';
  } else if (below || i.level === 'commune') {
    pct = 100;
    reason = below ? 'chi phí một lần KCB dưới 15 % lương cơ sở' : 'KCB tại tuyến xã';
    rule = 'Luật BHYT Điều 22 khoản 1 điểm c; Nghị định 146/2018 Điều 14 khoản 1';
  } else {
    pct = i.cardPercent;
    reason = `mức hưởng theo mã thẻ: ${i.cardPercent} %`;
    rule = 'Luật BHYT Điều 22 khoản 1; Nghị định 146/2018 Điều 14 khoản 1';
  }
  // Annual ceiling (Art. 22(1)(d)): once the year's co-payments exceed 6 months of base salary, the fund
  // pays 100 % from then on (the facility records it as NGAY_MIEN_CCT); not for self-referred off-route care.
  // Crossing the ceiling during this visit is reported (ceilingReachedDuringVisit) and pays 100 % from the
  // next visit, as the certificate of exemption is issued from the date the threshold is reached.
  const ceiling = 6 * i.baseSalaryVnd;
  let ceilingReachedDuringVisit = false;
  if (i.route !== 'off-route' && i.fiveYearsContinuous && pct < 100) {
    if (i.coPaidThisYearVnd > ceiling) {
      pct = 100;
      reason = 'đã cùng chi trả trong năm quá 6 tháng lương cơ sở (5 năm liên tục)';
      rule = 'Luật BHYT Điều 22 khoản 1 điểm d; Nghị định 146/2018 Điều 14 khoản 1';
    } else if (i.coPaidThisYearVnd + (i.coveredCostVnd * (100 - pct)) / 100 > ceiling) {
      ceilingReachedDuringVisit = true;
    }
  }
  const fund = round2((i.coveredCostVnd * pct) / 100);
  const coPay = round2(i.coveredCostVnd - fund);
  return { mucHuong: pct, reason, fundVnd: fund, coPayVnd: coPay, rule, ceilingReachedDuringVisit };
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Split of one line (decision 4750, XML3 notes): THANH_TIEN_BH × MUC_HUONG → T_BHTT, the rest → T_BNCCT;
 *  THANH_TIEN_BV − THANH_TIEN_BH → T_BNTT (what the patient pays outside the fund's scope). */
export function splitLine(thanhTienBv: number, thanhTienBh: number, mucHuong: number) {
  const tBhtt = round2((thanhTienBh * mucHuong) / 100);
  return {
    T_BHTT: money(tBhtt),
    T_BNCCT: money(round2(thanhTienBh - tBhtt)),
    T_BNTT: money(round2(thanhTienBv - thanhTienBh)),
  };
}
