/**
 * Vietnamese identifiers.
 *
 * CCCD (căn cước công dân, 12 digits) — Ministry of Public Security, Circular 07/2016/TT-BCA, art. 7
 * (kept by Circular 59/2021/TT-BCA): digits 1–3 province of birth registration code, digit 4 century
 * and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s), digits 5–6 the
 * last two digits of the birth year, digits 7–12 random.
 *
 * BHYT card number (mã thẻ BHYT, 15 characters) — Vietnam Social Security, Decision 1351/QĐ-BHXH
 * (2015): 2 letters beneficiary group, 1 digit benefit level (1–5), 2 digits province code of the
 * issuing social-security office, 10 digits the person's social-security number.
 */

// Circular 07/2016/TT-BCA, appendix: the 63 province codes.
export const CCCD_PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

export type IdProblem = { code: string; message: string; messageVi: string };

export function checkCccd(cccd: string, sex: 'male' | 'female' | 'other', birthDate: string): IdProblem | null {
  if (!/^\d{12}$/.test(cccd)) return { code: 'INVALID_CCCD', message: 'CCCD must be exactly 12 digits', messageVi: 'Số CCCD phải gồm đúng 12 chữ số' };
  if (!CCCD_PROVINCE_CODES.has(cccd.slice(0, 3))) {
    return { code: 'INVALID_CCCD', message: `CCCD province code ${cccd.slice(0, 3)} does not exist`, messageVi: `Mã tỉnh ${cccd.slice(0, 3)} trong số CCCD không tồn tại` };
  }
  const d4 = Number(cccd[3]);
  const year = Number(birthDate.slice(0, 4));
  const century = 1900 + Math.floor(d4 / 2) * 100;
  const fullYear = century + Number(cccd.slice(4, 6));
  if (fullYear !== year) {
    return { code: 'CCCD_MISMATCH', message: `CCCD encodes birth year ${fullYear}, but the date of birth is ${year}`, messageVi: `Số CCCD mã hoá năm sinh ${fullYear}, khác năm sinh ${year}` };
  }
  if (sex !== 'other' && (d4 % 2 === 0 ? 'male' : 'female') !== sex) {
    return { code: 'CCCD_MISMATCH', message: `CCCD encodes sex ${d4 % 2 === 0 ? 'male' : 'female'}, but sex is ${sex}`, messageVi: 'Giới tính mã hoá trong số CCCD không khớp' };
  }
  return null;
}

// Decision 1351/QĐ-BHXH, appendix 1: beneficiary group codes.
export const BHYT_GROUPS = new Set([
  'DN', 'HX', 'CH', 'NN', 'TK', 'HC', 'XK', 'CA', 'HT', 'TB', 'NO', 'CT', 'XB', 'TN', 'CS', 'XN', 'MS', 'HD', 'TE', 'CC', 'CK', 'CB',
  'KC', 'HN', 'DT', 'DK', 'XD', 'BT', 'TS', 'TC', 'TQ', 'TA', 'TY', 'TV', 'TD', 'TU', 'HG', 'LS', 'PV', 'CN', 'HS', 'SV', 'GB', 'GD',
  'ND', 'TH', 'TL', 'NT', 'HK', 'QN', 'CY', 'XV',
]);

export function checkBhyt(bhyt: string): IdProblem | null {
  if (!/^[A-Z]{2}[1-5]\d{12}$/.test(bhyt)) {
    return { code: 'INVALID_BHYT', message: 'BHYT number must be 2 letters, a benefit level 1–5 and 12 digits (15 characters)', messageVi: 'Mã thẻ BHYT gồm 2 chữ cái, 1 chữ số mức hưởng (1–5) và 12 chữ số (15 ký tự)' };
  }
  if (!BHYT_GROUPS.has(bhyt.slice(0, 2))) {
    return { code: 'INVALID_BHYT', message: `BHYT beneficiary group ${bhyt.slice(0, 2)} does not exist`, messageVi: `Mã đối tượng ${bhyt.slice(0, 2)} trên thẻ BHYT không tồn tại` };
  }
  return null;
}

export function checkPhone(phone: string): IdProblem | null {
  if (!/^(0|\+84)\d{9,10}$/.test(phone)) return { code: 'INVALID_PHONE', message: 'Phone must be a Vietnamese number (0… or +84…, 10–11 digits)', messageVi: 'Số điện thoại không hợp lệ (0… hoặc +84…)' };
  return null;
}

/** A YYYY-MM-DD string that names a real calendar day, not in the future, not before 1900. */
export function checkBirthDate(s: string, today: Date): IdProblem | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== s) return { code: 'INVALID_DATE', message: 'birthDate must be a real date YYYY-MM-DD', messageVi: 'Ngày sinh không hợp lệ (YYYY-MM-DD)' };
  if (d.getTime() > today.getTime()) return { code: 'INVALID_DATE', message: 'birthDate is in the future', messageVi: 'Ngày sinh ở tương lai' };
  if (d.getUTCFullYear() < 1900) return { code: 'INVALID_DATE', message: 'birthDate is before 1900', messageVi: 'Ngày sinh trước năm 1900' };
  return null;
}
