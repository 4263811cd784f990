/**
 * Staff assistant: "draft a referral letter for this patient". Pure and extractive, like the 48-hour
 * summary: each field of the draft is copied from the records it cites, or left empty and marked for
 * the doctor (the assistant never writes a diagnosis, a treatment or a reason of its own). The draft
 * is a suggestion: the server records it with its sources and a doctor edits and accepts it.
 *
 * Fields: those of the referral paper (Giấy chuyển tuyến) of Thông tư 14/2014/TT-BYT (Bộ Y tế,
 * 2014), Phụ lục 02 — facility, addressee, patient identity and BHYT card, where and when treated,
 * the case summary (clinical signs; laboratory and paraclinical results; diagnosis; methods, procedures
 * and drugs used; condition at transfer), reason for transfer, suggested course of treatment, time of
 * transfer, means of transport and the escort. The same form the referrals module prints
 * (modules/referrals/referrals.paper.ts). The field list was taken from that module and the form as
 * commonly reproduced; it was not re-checked against the gazetted text here: unverified.
 * (Thông tư 01/2025/TT-BYT replaces TT 14/2014 from 2025; its form was not available offline: unverified.)
 */
import { fmtValue, labFlag, type SourceRef, type SummaryObservation, vnDate, vnDateTime, vnTime } from './summary.ts';

export interface LetterPatient {
  id: string;
  fullName: string;
  sex: string;
  birthDate: string;
  bhyt: string | null;
  province: string;
  commune: string;
  addressLine: string | null;
}
export interface LetterReferral {
  id: string;
  toFacilityName: string;
  reason: string;
  diagnosis: string;
  icd10: string;
  treatmentGiven: string;
  conditionAtTransfer: string;
  transport: string;
  accompanyingStaff: string | null;
  bhyt: string | null;
  sentAt: string;
}
export interface LetterEncounter {
  id: string;
  type: string;
  reason: string | null;
  startedAt: string;
}
export interface ReferralLetterInput {
  patient: LetterPatient;
  fromFacility: { id: string; name: string };
  /** The referral this letter is for, when one exists: its clinical fields are the doctor's own words. */
  referral: LetterReferral | null;
  /** Observations of the last 48 h (vital signs and laboratory). */
  observations: SummaryObservation[];
  encounters: LetterEncounter[];
}

export const LETTER_FIELDS = [
  'facility', 'addressee', 'fullName', 'sex', 'birthDate', 'address', 'bhyt', 'treatedAt', 'clinicalSigns', 'labResults', 'diagnosis',
  'treatmentGiven', 'conditionAtTransfer', 'reason', 'treatmentDirection', 'transferTime', 'transport', 'escort',
] as const;
export type LetterFieldKey = (typeof LETTER_FIELDS)[number];

export const LETTER_LABELS: Record<LetterFieldKey, { vi: string; en: string }> = {
  facility: { vi: 'Cơ sở khám bệnh, chữa bệnh', en: 'Referring facility' },
  addressee: { vi: 'Kính gửi', en: 'To' },
  fullName: { vi: 'Họ và tên người bệnh', en: 'Patient name' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  birthDate: { vi: 'Ngày sinh', en: 'Date of birth' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  bhyt: { vi: 'Số thẻ bảo hiểm y tế', en: 'Health insurance (BHYT) card' },
  treatedAt: { vi: 'Đã được khám bệnh, điều trị', en: 'Seen and treated' },
  clinicalSigns: { vi: 'Dấu hiệu lâm sàng', en: 'Clinical signs' },
  labResults: { vi: 'Kết quả xét nghiệm, cận lâm sàng', en: 'Laboratory and paraclinical results' },
  diagnosis: { vi: 'Chẩn đoán', en: 'Diagnosis' },
  treatmentGiven: { vi: 'Phương pháp, thủ thuật, kỹ thuật, thuốc đã sử dụng trong điều trị', en: 'Methods, procedures and drugs used' },
  conditionAtTransfer: { vi: 'Tình trạng người bệnh lúc chuyển tuyến', en: 'Condition at transfer' },
  reason: { vi: 'Lý do chuyển tuyến', en: 'Reason for transfer' },
  treatmentDirection: { vi: 'Hướng điều trị', en: 'Suggested course of treatment' },
  transferTime: { vi: 'Chuyển tuyến hồi', en: 'Time of transfer' },
  transport: { vi: 'Phương tiện vận chuyển', en: 'Means of transport' },
  escort: { vi: 'Họ tên, chức danh, trình độ chuyên môn của người hộ tống', en: 'Escort (name, title, qualification)' },
};

export interface LetterField {
  key: LetterFieldKey;
  vi: string;
  en: string;
  sources: SourceRef[];
  /** Nothing in the record says it: the doctor writes it. */
  forDoctor: boolean;
}
export interface ReferralLetterDraft {
  kind: 'referral-letter-draft';
  patientId: string;
  referralId: string | null;
  fields: LetterField[];
}

const SEX: Record<string, [string, string]> = { male: ['Nam', 'Male'], female: ['Nữ', 'Female'], other: ['Khác', 'Other'] };
const VITAL_VI: Record<string, string> = {
  '9279-1': 'nhịp thở', '59408-5': 'SpO2', '8480-6': 'huyết áp tâm thu', '8462-4': 'huyết áp tâm trương', '8867-4': 'mạch', '8310-5': 'nhiệt độ',
  '29463-7': 'cân nặng', '8302-2': 'chiều cao', '56072-2': 'vòng cánh tay', '67775-7': 'ý thức (ACVPU)', 'on-oxygen': 'thở oxy',
};
const UNIT: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C' };
const val = (o: SummaryObservation, lang: 'vi' | 'en') => `${fmtValue(o.value, lang)}${o.unit ? ' ' + (lang === 'vi' && o.unit === '/min' ? '/phút' : UNIT[o.unit] ?? o.unit) : ''}`;

/** The latest observation of each code, in first-recorded order. */
function latestPerCode(obs: SummaryObservation[]): SummaryObservation[] {
  const m = new Map<string, SummaryObservation>();
  for (const o of [...obs].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt))) m.set(o.code, o);
  return [...m.values()];
}

export function draftReferralLetter(input: ReferralLetterInput): ReferralLetterDraft {
  const { patient: p, referral: r } = input;
  const fields: LetterField[] = [];
  const pRef: SourceRef = { type: 'Patient', id: p.id };
  const rRef: SourceRef[] = r ? [{ type: 'Referral', id: r.id }] : [];
  const put = (key: LetterFieldKey, vi: string | null | undefined, en: string | null | undefined, sources: SourceRef[]) => {
    const has = !!vi && vi.trim() !== '';
    fields.push({ key, vi: has ? vi! : '', en: has ? en ?? vi! : '', sources: has ? sources : [], forDoctor: !has });
  };

  put('facility', input.fromFacility.name, input.fromFacility.name, []);
  put('addressee', r?.toFacilityName, r?.toFacilityName, rRef);
  put('fullName', p.fullName, p.fullName, [pRef]);
  put('sex', SEX[p.sex]?.[0] ?? p.sex, SEX[p.sex]?.[1] ?? p.sex, [pRef]);
  put('birthDate', vnDate(p.birthDate), vnDate(p.birthDate), [pRef]);
  const address = [p.addressLine, p.commune, p.province].filter((x) => x && x.trim()).join(', ');
  put('address', address, address, [pRef]);
  const bhyt = r?.bhyt ?? p.bhyt;
  put('bhyt', bhyt, bhyt, r?.bhyt ? rRef : [pRef]);

  const encs = [...input.encounters].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  if (encs.length) {
    const first = vnDate(encs[0]!.startedAt);
    const last = vnDate(encs[encs.length - 1]!.startedAt);
    const span = (lang: 'vi' | 'en') => (first === last ? (lang === 'vi' ? `ngày ${first}` : `on ${first}`) : lang === 'vi' ? `từ ngày ${first} đến ngày ${last}` : `from ${first} to ${last}`);
    put('treatedAt', `Tại ${input.fromFacility.name}, ${span('vi')} (${encs.length} lượt khám)`, `At ${input.fromFacility.name}, ${span('en')} (${encs.length} encounter(s))`, encs.map((e) => ({ type: 'Encounter', id: e.id })));
  } else put('treatedAt', null, null, []);

  const vitals = latestPerCode(input.observations.filter((o) => o.category === 'vital-signs'));
  put('clinicalSigns',
    vitals.map((o) => `${VITAL_VI[o.code] ?? o.display} ${val(o, 'vi')} (${vnTime(o.effectiveAt)})`).join('; '),
    vitals.map((o) => `${o.display} ${val(o, 'en')} (${vnTime(o.effectiveAt)})`).join('; '),
    vitals.map((o) => ({ type: 'Observation', id: o.id })));
  const labs = latestPerCode(input.observations.filter((o) => o.category === 'laboratory'));
  const flag = (o: SummaryObservation, lang: 'vi' | 'en') => {
    const f = labFlag(o);
    return f === 'H' ? (lang === 'vi' ? ' (cao)' : ' (high)') : f === 'L' ? (lang === 'vi' ? ' (thấp)' : ' (low)') : '';
  };
  put('labResults',
    labs.map((o) => `${o.display} ${val(o, 'vi')}${flag(o, 'vi')} (${vnTime(o.effectiveAt)})`).join('; '),
    labs.map((o) => `${o.display} ${val(o, 'en')}${flag(o, 'en')} (${vnTime(o.effectiveAt)})`).join('; '),
    labs.map((o) => ({ type: 'Observation', id: o.id })));

  // The clinical judgement fields come only from a referral the doctor already wrote.
  put('diagnosis', r ? `${r.diagnosis} (ICD-10: ${r.icd10})` : null, r ? `${r.diagnosis} (ICD-10: ${r.icd10})` : null, rRef);
  put('treatmentGiven', r?.treatmentGiven, r?.treatmentGiven, rRef);
  put('conditionAtTransfer', r?.conditionAtTransfer, r?.conditionAtTransfer, rRef);
  put('reason', r?.reason, r?.reason, rRef);
  put('treatmentDirection', null, null, []);
  put('transferTime', r ? vnDateTime(r.sentAt) : null, r ? vnDateTime(r.sentAt) : null, rRef);
  put('transport', r?.transport, r?.transport, rRef);
  put('escort', r?.accompanyingStaff, r?.accompanyingStaff, rRef);
  return { kind: 'referral-letter-draft', patientId: p.id, referralId: r?.id ?? null, fields };
}

/** The letter as text, one "label: value" line per field ("…" where the doctor still has to write). */
export function letterText(fields: Pick<LetterField, 'key' | 'vi' | 'en'>[], lang: 'vi' | 'en'): string {
  const title = lang === 'vi' ? 'GIẤY CHUYỂN TUYẾN KHÁM BỆNH, CHỮA BỆNH (BẢN NHÁP)' : 'REFERRAL LETTER (DRAFT)';
  return [title, ...fields.map((f) => `${LETTER_LABELS[f.key][lang]}: ${f[lang] || '…'}`)].join('\n');
}
