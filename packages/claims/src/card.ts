/**
 * Health-insurance card number (mã thẻ BHYT), 15 characters, per Decision 1351/QĐ-BHXH (2015) on the card's
 * code: 2 letters — the beneficiary group (e.g. DN, HC, HT, TE, CN, HN, GD, QN, CC, CA, CY); 1 digit — the
 * benefit level code (1–5); 2 digits — the province code of the issuing BHXH office; 10 digits — the
 * person's social-insurance number (mã số BHXH).
 *
 * Benefit code → share the fund pays (Law on Health Insurance, consolidated text 01/VBHN-VPQH 2014,
 * Art. 22(1); Decree 146/2018/NĐ-CP Art. 14(1)):
 *   1, 2, 5 → 100 %   3 → 95 %   4 → 80 %
 * (1 and 5 also differ in what is covered beyond the price lists — high-tech ceilings, transport — which
 * this package does not model.)
 */
export interface CardNumber {
  group: string;
  benefitCode: 1 | 2 | 3 | 4 | 5;
  province: string;
  socialInsuranceNo: string;
}

export const CARD_PATTERN = /^[A-Z]{2}[1-5][0-9]{2}[0-9]{10}$/;

export function parseCardNumber(s: string): CardNumber | null {
  if (!CARD_PATTERN.test(s)) return null;
  return {
    group: s.slice(0, 2),
    benefitCode: Number(s[2]) as CardNumber['benefitCode'],
    province: s.slice(3, 5),
    socialInsuranceNo: s.slice(5),
  };
}

export function benefitPercent(code: CardNumber['benefitCode']): 80 | 95 | 100 {
  return code === 3 ? 95 : code === 4 ? 80 : 100;
}
