import { describe, expect, it } from 'vitest';
import {
  draftReferralLetter, labFlag, letterText, type PatientSummary, type ReferralLetterInput, summarisePatient, type SummaryInput, summaryText, vnDate, vnTime,
} from './index.ts';

const NOW = '2026-03-10T03:00:00.000Z'; // 10:00 in Vietnam
const h = (hoursAgo: number) => new Date(Date.parse(NOW) - hoursAgo * 3600_000).toISOString();
const obs = (id: string, code: string, display: string, value: number | string, hoursAgo: number, extra: Partial<SummaryInput['observations'][number]> = {}) => ({
  id, category: 'vital-signs', code, display, value, unit: null, refLow: null, refHigh: null, effectiveAt: h(hoursAgo), ...extra,
});

const input: SummaryInput = {
  patient: { id: 'p1', fullName: 'Nguyễn Thị Lan', sex: 'female', birthDate: '1958-04-02' },
  observations: [
    obs('o1', '8867-4', 'Heart rate', 88, 40, { unit: '/min' }),
    obs('o2', '8867-4', 'Heart rate', 112, 2, { unit: '/min' }),
    obs('o3', '8867-4', 'Heart rate', 96, 20, { unit: '/min' }),
    obs('o4', '8310-5', 'Body temperature', 38.6, 3, { unit: 'Cel' }),
    obs('o5', '8310-5', 'Body temperature', 39.1, 60, { unit: 'Cel' }), // outside the window
    obs('l1', '2160-0', 'Creatinine', 120, 30, { category: 'laboratory', unit: 'umol/L', refLow: 45, refHigh: 90 }),
    obs('l2', '2160-0', 'Creatinine', 182.5, 4, { category: 'laboratory', unit: 'umol/L', refLow: 45, refHigh: 90 }),
    obs('l3', '2823-3', 'Potassium', 4.1, 4, { category: 'laboratory', unit: 'mmol/L', refLow: 3.5, refHigh: 5.1 }),
    obs('l4', '718-7', 'Hemoglobin', 92, 5, { category: 'laboratory', unit: 'g/L', refLow: 120, refHigh: 160 }),
  ],
  alerts: [
    { id: 'a1', level: 'urgent', score: 6, reason: 'NEWS2 5-6', status: 'open', createdAt: h(2), acknowledgedAt: null },
    { id: 'a0', level: 'urgent', score: 5, reason: 'NEWS2 5-6', status: 'resolved', createdAt: h(30), acknowledgedAt: h(29) },
  ],
  suggestions: [
    { id: 's1', toolId: 'nhse-aki-2014', summary: 'AKI stage 2', summaryVi: 'Tổn thương thận cấp giai đoạn 2.', severity: 'warning', status: 'proposed', createdAt: h(4), decidedAt: null, reason: null },
    { id: 's2', toolId: 'rcp-news2', summary: 'NEWS2 6 (medium)', summaryVi: 'NEWS2 6', severity: 'urgent', status: 'overridden', createdAt: h(10), decidedAt: h(9), reason: 'đã gọi bác sĩ' },
    { id: 's3', toolId: 'rcp-news2', summary: 'NEWS2 1', summaryVi: 'NEWS2 1', severity: 'info', status: 'accepted', createdAt: h(100), decidedAt: h(99), reason: null },
  ],
  encounters: [
    { id: 'e1', type: 'inpatient', reason: 'Sốt, khó thở', startedAt: h(41) },
    { id: 'e0', type: 'outpatient', reason: 'Khám định kỳ', startedAt: h(24 * 30) },
  ],
  referrals: [],
};

/** Every number a sentence states must be written in a record it cites (value, range, score, time). */
function ungrounded(s: PatientSummary, data: SummaryInput, hours: number): string[] {
  const records = new Map<string, unknown>([
    [`Patient/${data.patient.id}`, data.patient],
    ...data.observations.map((o) => [`Observation/${o.id}`, o] as [string, unknown]),
    ...data.alerts.map((o) => [`Alert/${o.id}`, o] as [string, unknown]),
    ...data.suggestions.map((o) => [`Suggestion/${o.id}`, o] as [string, unknown]),
    ...data.encounters.map((o) => [`Encounter/${o.id}`, o] as [string, unknown]),
    ...data.referrals.map((o) => [`Referral/${o.id}`, o] as [string, unknown]),
  ]);
  const bad: string[] = [];
  for (const x of s.sentences) {
    if (x.section === 'patient') continue; // the window itself
    const cited = x.sources.map((r) => {
      const rec = records.get(`${r.type}/${r.id}`);
      if (!rec) bad.push(`${x.en}: cites missing ${r.type}/${r.id}`);
      return rec;
    });
    const json = JSON.stringify(cited);
    const allowed = new Set<string>([String(hours), String(x.sources.length)]);
    for (const m of json.matchAll(/\d+(?:\.\d+)?/g)) allowed.add(m[0]);
    for (const m of json.matchAll(/"(\d{4}-\d{2}-\d{2}T[^"]+)"/g)) for (const t of [vnTime(m[1]!), vnDate(m[1]!)]) for (const n of t.match(/\d+/g)!) allowed.add(n);
    for (const lang of ['en', 'vi'] as const) {
      const text = x[lang].replace(/NEWS2|SpO2|ICD-10/g, '');
      for (const n of text.match(/\d+(?:[.,]\d+)?/g) ?? []) {
        const norm = n.replace(',', '.');
        if (!allowed.has(norm) && !norm.split('.').every((part) => allowed.has(part) || allowed.has(norm))) bad.push(`${lang}: "${n}" in "${x[lang]}"`);
      }
    }
  }
  return bad;
}

describe('48-hour patient summary (extractive, every sentence cited)', () => {
  const s = summarisePatient(input, { now: NOW });

  it('describes vital-sign trends from the readings in the window only', () => {
    const hr = s.sentences.find((x) => x.section === 'vitals' && x.en.startsWith('Heart rate'))!;
    expect(hr.en).toBe('Heart rate: 3 readings, rising from 88 /min (08/03 18:00) to 112 /min (10/03 08:00); lowest 88, highest 112.');
    expect(hr.vi).toBe('Mạch: 3 lần đo, tăng từ 88 /phút (08/03 18:00) đến 112 /phút (10/03 08:00); thấp nhất 88, cao nhất 112.');
    expect(hr.sources.map((r) => r.id).sort()).toEqual(['o1', 'o2', 'o3']);
    const t = s.sentences.find((x) => x.section === 'vitals' && x.en.startsWith('Body temperature'))!;
    expect(t.vi).toContain('38,6 °C');
    expect(t.sources.map((r) => r.id)).toEqual(['o4']); // o5 is 60 h old
    expect(summaryText(s, 'en')).not.toContain('39.1');
  });

  it('flags labs against their own reference range, flagged first, with the previous value', () => {
    const labs = s.sentences.filter((x) => x.section === 'labs');
    expect(labs.map((x) => x.flagged)).toEqual([true, true, false]);
    expect(labs[0]!.en).toBe('Creatinine: 182.5 umol/L HIGH at 10/03 06:00, reference 45–90; previous 120 umol/L at 09/03 04:00.');
    expect(labs[0]!.vi).toContain('182,5 umol/L CAO');
    expect(labs[0]!.sources.map((r) => r.id)).toEqual(['l2', 'l1']);
    expect(labs[1]!.en).toMatch(/^Hemoglobin: 92 g\/L LOW/);
    expect(labs[2]!.en).toMatch(/^Potassium: 4.1 mmol\/L at/);
    expect(labFlag({ value: 5.1, refLow: 3.5, refHigh: 5.1 })).toBeNull();
    expect(labFlag({ value: 'positive', refLow: null, refHigh: null })).toBeNull();
  });

  it('lists open alerts, undecided suggestions of any age and decisions within the window', () => {
    const alerts = s.sentences.filter((x) => x.section === 'alerts');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.sources).toEqual([{ type: 'Alert', id: 'a1' }]);
    expect(alerts[0]!.vi).toContain('chưa xác nhận');
    const sug = s.sentences.filter((x) => x.section === 'suggestions');
    expect(sug.map((x) => x.sources[0]!.id)).toEqual(['s1', 's2']);
    expect(sug[0]!.vi).toBe('Gợi ý chưa quyết định (nhse-aki-2014, 10/03 06:00): Tổn thương thận cấp giai đoạn 2.');
    expect(sug[1]!.en).toContain('Overridden at 10/03 01:00 (rcp-news2): NEWS2 6 (medium); reason: đã gọi bác sĩ.');
    const enc = s.sentences.filter((x) => x.section === 'encounters');
    expect(enc.map((x) => x.sources[0]!.id)).toEqual(['e1']);
  });

  it('says when a section has nothing, citing nothing, and states no number absent from its sources', () => {
    const ref = s.sentences.filter((x) => x.section === 'referrals');
    expect(ref).toEqual([{ section: 'referrals', en: 'No referrals sent or in progress in the last 48 h.', vi: 'Không có chuyển tuyến nào trong 48 giờ qua.', sources: [], flagged: false }]);
    expect(ungrounded(s, input, 48)).toEqual([]);
    expect(s.sentences.filter((x) => x.section !== 'patient' && x.sources.length === 0).every((x) => /^(No|Không)/.test(x.en + x.vi.replace(/^Không/, 'No')))).toBe(true);
  });

  it('the grounding check catches a number that is in no cited record', () => {
    const tampered: PatientSummary = { ...s, sentences: s.sentences.map((x) => (x.sources[0]?.id === 'l2' ? { ...x, en: x.en.replace('182.5', '190') } : x)) };
    expect(ungrounded(tampered, input, 48)).toHaveLength(1);
  });

  it('a shorter window narrows every section', () => {
    const s6 = summarisePatient(input, { now: NOW, hours: 6 });
    expect(s6.sentences.find((x) => x.en.startsWith('Heart rate'))!.en).toBe('Heart rate: 112 /min at 10/03 08:00 (one reading).');
    expect(s6.sentences.filter((x) => x.section === 'encounters')[0]!.sources).toEqual([]);
    expect(ungrounded(s6, input, 6)).toEqual([]);
  });
});

describe('referral letter draft', () => {
  const base: ReferralLetterInput = {
    patient: { id: 'p1', fullName: 'Nguyễn Thị Lan', sex: 'female', birthDate: '1958-04-02', bhyt: 'HT3010123456789', province: 'Thái Nguyên', commune: 'Tân Cương', addressLine: 'Xóm 3' },
    fromFacility: { id: 'f1', name: 'Trạm Y tế xã Tân Cương' },
    referral: null,
    observations: input.observations.filter((o) => o.id !== 'o5'),
    encounters: input.encounters,
  };

  it('without a referral: identity and findings from the record; judgement fields left to the doctor', () => {
    const d = draftReferralLetter(base);
    const f = Object.fromEntries(d.fields.map((x) => [x.key, x]));
    expect(f.fullName!.vi).toBe('Nguyễn Thị Lan');
    expect(f.sex!.vi).toBe('Nữ');
    expect(f.birthDate!.vi).toBe('02/04/1958');
    expect(f.address!.vi).toBe('Xóm 3, Tân Cương, Thái Nguyên');
    expect(f.bhyt!.sources).toEqual([{ type: 'Patient', id: 'p1' }]);
    expect(f.clinicalSigns!.vi).toBe('mạch 112 /phút (10/03 08:00); nhiệt độ 38,6 °C (10/03 07:00)');
    expect(f.clinicalSigns!.sources.map((s) => s.id)).toEqual(['o2', 'o4']);
    expect(f.labResults!.en).toContain('Creatinine 182.5 umol/L (high) (10/03 06:00)');
    expect(f.labResults!.vi).toContain('Hemoglobin 92 g/L (thấp)');
    expect(f.treatedAt!.vi).toBe('Tại Trạm Y tế xã Tân Cương, từ ngày 08/02/2026 đến ngày 08/03/2026 (2 lượt khám)');
    for (const k of ['addressee', 'diagnosis', 'treatmentGiven', 'conditionAtTransfer', 'reason', 'treatmentDirection', 'transport', 'escort'] as const) {
      expect(f[k]!.forDoctor, k).toBe(true);
      expect(f[k]!.vi).toBe('');
    }
    expect(letterText(d.fields, 'vi')).toContain('Chẩn đoán: …');
  });

  it('with a referral: its words fill the clinical fields, cited to it', () => {
    const d = draftReferralLetter({
      ...base,
      referral: {
        id: 'r1', toFacilityName: 'Bệnh viện Đa khoa Trung ương Thái Nguyên', reason: 'Vượt quá khả năng chuyên môn', diagnosis: 'Viêm phổi', icd10: 'J18.9',
        treatmentGiven: 'Ceftriaxone 1 g', conditionAtTransfer: 'Tỉnh, thở oxy', transport: 'Xe cứu thương', accompanyingStaff: 'Điều dưỡng Hoa', bhyt: null, sentAt: h(1),
      },
    });
    const f = Object.fromEntries(d.fields.map((x) => [x.key, x]));
    expect(d.referralId).toBe('r1');
    expect(f.diagnosis!.vi).toBe('Viêm phổi (ICD-10: J18.9)');
    expect(f.diagnosis!.sources).toEqual([{ type: 'Referral', id: 'r1' }]);
    expect(f.addressee!.forDoctor).toBe(false);
    expect(f.transferTime!.vi).toBe('09:00 10/03/2026');
    expect(f.treatmentDirection!.forDoctor).toBe(true);
    expect(letterText(d.fields, 'en')).toMatch(/^REFERRAL LETTER \(DRAFT\)\nReferring facility: Trạm Y tế xã Tân Cương/);
  });
});
