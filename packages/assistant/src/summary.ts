/**
 * Staff assistant: "summarise this patient's last 48 h". Pure and extractive: every sentence is a
 * fixed template filled only with values copied from the records it cites (`sources`, as
 * `Type/id` references the UI links to); nothing is inferred, scored or invented here. Wording is
 * the assistant's own, in Vietnamese and English; values are the records' (Vietnamese decimal comma,
 * dd/mm HH:mm in Vietnam time, UTC+7 without daylight saving).
 *
 * What it says, per section:
 *   vitals       per vital sign: readings in the window, first → last, lowest–highest, direction
 *                (a plain comparison of the last with the first reading; not a clinical judgement)
 *   labs         latest result per test with H/L against the result's own reference range (as the
 *                laboratory reported it), flagged results first, and the previous result when there is one
 *   alerts       open early-warning alerts (not resolved), with level, score, reason, acknowledgement
 *   suggestions  rule/AI suggestions still undecided (any age) and those decided within the window
 *   encounters   encounters started within the window
 *   referrals    referrals sent within the window or still in progress
 * An empty section says so, citing nothing (a statement about the window, not about a record).
 */

export type SourceType = 'Patient' | 'Observation' | 'Alert' | 'Suggestion' | 'Encounter' | 'Referral';
export interface SourceRef {
  type: SourceType;
  id: string;
}

export interface SummaryObservation {
  id: string;
  category: 'vital-signs' | 'laboratory' | string;
  code: string;
  display: string;
  value: number | string;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  effectiveAt: string;
}
export interface SummaryAlert {
  id: string;
  level: 'urgent' | 'emergency' | string;
  score: number;
  reason: string;
  status: 'open' | 'acknowledged' | 'resolved' | string;
  createdAt: string;
  acknowledgedAt: string | null;
}
export interface SummarySuggestion {
  id: string;
  toolId: string;
  summary: string;
  summaryVi: string;
  severity: string;
  status: 'proposed' | 'accepted' | 'overridden' | 'dismissed' | string;
  createdAt: string;
  decidedAt: string | null;
  reason: string | null;
}
export interface SummaryEncounter {
  id: string;
  type: string;
  reason: string | null;
  startedAt: string;
}
export interface SummaryReferral {
  id: string;
  state: string;
  fromFacilityName: string;
  toFacilityName: string;
  reason: string;
  diagnosis: string;
  icd10: string;
  sentAt: string;
}
export interface SummaryInput {
  patient: { id: string; fullName: string; sex: string; birthDate: string };
  observations: SummaryObservation[];
  alerts: SummaryAlert[];
  suggestions: SummarySuggestion[];
  encounters: SummaryEncounter[];
  referrals: SummaryReferral[];
}

export type SummarySection = 'patient' | 'vitals' | 'labs' | 'alerts' | 'suggestions' | 'encounters' | 'referrals';
export interface SummarySentence {
  section: SummarySection;
  en: string;
  vi: string;
  /** The records this sentence is copied from; empty only for "nothing recorded in the window". */
  sources: SourceRef[];
  /** Abnormal (lab outside its reference range, open alert, undecided suggestion): shown first in its section. */
  flagged: boolean;
}
export interface PatientSummary {
  patientId: string;
  from: string;
  to: string;
  hours: number;
  sentences: SummarySentence[];
}

const VN_OFFSET_MS = 7 * 3600_000;
const p2 = (n: number) => String(n).padStart(2, '0');
/** dd/mm HH:mm in Vietnam time. */
export function vnTime(iso: string): string {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}
/** dd/mm/yyyy of a calendar date (YYYY-MM-DD) or an instant (Vietnam time). */
export function vnDate(s: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s.split('-').reverse().join('/');
  const d = new Date(Date.parse(s) + VN_OFFSET_MS);
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
/** HH:mm dd/mm/yyyy in Vietnam time. */
export function vnDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} ${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
/** A recorded value as written: numbers unrounded (as stored), with a decimal comma in Vietnamese. */
export function fmtValue(v: number | string, lang: 'vi' | 'en'): string {
  if (typeof v !== 'number') return v;
  const s = String(v);
  return lang === 'vi' ? s.replace('.', ',') : s;
}
const UNIT: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C', '/min': '/phút' };
const unitOf = (u: string | null, lang: 'vi' | 'en') => (u ? ' ' + (lang === 'en' && u === '/min' ? '/min' : UNIT[u] ?? u) : '');
const withUnit = (v: number | string, u: string | null, lang: 'vi' | 'en') => `${fmtValue(v, lang)}${unitOf(u, lang)}`;

/** Vietnamese names of the vital signs the platform records (LOINC codes, observations/vitals.ts). */
const VITAL_VI: Record<string, string> = {
  '9279-1': 'Nhịp thở', '59408-5': 'SpO2', '8480-6': 'Huyết áp tâm thu', '8462-4': 'Huyết áp tâm trương', '8867-4': 'Mạch',
  '8310-5': 'Nhiệt độ', '29463-7': 'Cân nặng', '8302-2': 'Chiều cao', '56072-2': 'Vòng cánh tay', '67775-7': 'Mức độ ý thức (ACVPU)',
  'on-oxygen': 'Thở oxy',
};
const VITAL_EN: Record<string, string> = { '59408-5': 'SpO2' };
const ENC_VI: Record<string, string> = { outpatient: 'ngoại trú', inpatient: 'nội trú', emergency: 'cấp cứu', station: 'tại trạm y tế', home: 'tại nhà' };
const REF_STATE_VI: Record<string, string> = { sent: 'đã gửi', received: 'đã tiếp nhận', arrived: 'người bệnh đã đến', treated: 'đã điều trị', counter_referral_returned: 'đã phản hồi', cancelled: 'đã hủy' };
const STATUS_VI: Record<string, string> = { accepted: 'Đã chấp nhận', overridden: 'Không theo (có lý do)', dismissed: 'Đã bỏ qua', proposed: 'Chưa quyết định' };
const STATUS_EN: Record<string, string> = { accepted: 'Accepted', overridden: 'Overridden', dismissed: 'Dismissed', proposed: 'Undecided' };

export type LabFlag = 'H' | 'L' | null;
/** High/low against the result's own reference range, as reported with it (none when it has none). */
export function labFlag(o: Pick<SummaryObservation, 'value' | 'refLow' | 'refHigh'>): LabFlag {
  if (typeof o.value !== 'number') return null;
  if (o.refHigh !== null && o.value > o.refHigh) return 'H';
  if (o.refLow !== null && o.value < o.refLow) return 'L';
  return null;
}

const ref = (type: SourceType, id: string): SourceRef => ({ type, id });
/** Recorded free text without its closing full stop (the template adds one). */
const bare = (t: string) => t.replace(/[.\s]+$/u, '');
const inWindow = (iso: string, fromMs: number, toMs: number) => {
  const t = Date.parse(iso);
  return t > fromMs && t <= toMs;
};
const byTime = <T>(at: (x: T) => string) => (a: T, b: T) => Date.parse(at(a)) - Date.parse(at(b));

export function summarisePatient(input: SummaryInput, opts: { now: string; hours?: number }): PatientSummary {
  const hours = opts.hours ?? 48;
  const toMs = Date.parse(opts.now);
  const fromMs = toMs - hours * 3600_000;
  const out: SummarySentence[] = [];
  const add = (section: SummarySection, en: string, vi: string, sources: SourceRef[], flagged = false) => out.push({ section, en, vi, sources, flagged });
  const none = (section: SummarySection, en: string, vi: string) => add(section, `${en} in the last ${hours} h.`, `${vi} trong ${hours} giờ qua.`, []);

  const p = input.patient;
  add('patient', `${p.fullName}, born ${vnDate(p.birthDate)}: summary of ${vnTime(new Date(fromMs).toISOString())} to ${vnTime(opts.now)}.`,
    `${p.fullName}, sinh ngày ${vnDate(p.birthDate)}: tóm tắt từ ${vnTime(new Date(fromMs).toISOString())} đến ${vnTime(opts.now)}.`, [ref('Patient', p.id)]);

  // Vital signs: one sentence per code, in the order the codes were first recorded.
  const obs = input.observations.filter((o) => inWindow(o.effectiveAt, fromMs, toMs)).sort(byTime((o) => o.effectiveAt));
  const vitals = groupBy(obs.filter((o) => o.category === 'vital-signs'), (o) => o.code);
  if (vitals.size === 0) none('vitals', 'No vital signs recorded', 'Không có chỉ số sinh tồn nào được ghi');
  for (const [code, rows] of vitals) {
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    const nameEn = VITAL_EN[code] ?? first.display;
    const nameVi = VITAL_VI[code] ?? first.display;
    const sources = rows.map((r) => ref('Observation', r.id));
    if (rows.length === 1) {
      add('vitals', `${nameEn}: ${withUnit(last.value, last.unit, 'en')} at ${vnTime(last.effectiveAt)} (one reading).`,
        `${nameVi}: ${withUnit(last.value, last.unit, 'vi')} lúc ${vnTime(last.effectiveAt)} (một lần đo).`, sources);
      continue;
    }
    const nums = rows.map((r) => r.value).filter((v): v is number => typeof v === 'number');
    if (nums.length === rows.length) {
      const lo = rows.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
      const hi = rows.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a));
      const d = (last.value as number) - (first.value as number);
      const dir = d > 0 ? ['rising', 'tăng'] : d < 0 ? ['falling', 'giảm'] : ['unchanged', 'không đổi'];
      add('vitals',
        `${nameEn}: ${rows.length} readings, ${dir[0]} from ${withUnit(first.value, first.unit, 'en')} (${vnTime(first.effectiveAt)}) to ${withUnit(last.value, last.unit, 'en')} (${vnTime(last.effectiveAt)}); lowest ${fmtValue(lo.value, 'en')}, highest ${fmtValue(hi.value, 'en')}.`,
        `${nameVi}: ${rows.length} lần đo, ${dir[1]} từ ${withUnit(first.value, first.unit, 'vi')} (${vnTime(first.effectiveAt)}) đến ${withUnit(last.value, last.unit, 'vi')} (${vnTime(last.effectiveAt)}); thấp nhất ${fmtValue(lo.value, 'vi')}, cao nhất ${fmtValue(hi.value, 'vi')}.`,
        sources);
    } else {
      add('vitals', `${nameEn}: ${rows.length} readings, first ${fmtValue(first.value, 'en')} (${vnTime(first.effectiveAt)}), last ${fmtValue(last.value, 'en')} (${vnTime(last.effectiveAt)}).`,
        `${nameVi}: ${rows.length} lần ghi, đầu tiên ${fmtValue(first.value, 'vi')} (${vnTime(first.effectiveAt)}), gần nhất ${fmtValue(last.value, 'vi')} (${vnTime(last.effectiveAt)}).`, sources);
    }
  }

  // Laboratory: the latest result per test (and the one before it), flagged first.
  const labs = groupBy(obs.filter((o) => o.category === 'laboratory'), (o) => o.code);
  if (labs.size === 0) none('labs', 'No laboratory results', 'Không có kết quả xét nghiệm nào');
  const labSentences: SummarySentence[] = [];
  for (const rows of labs.values()) {
    const last = rows[rows.length - 1]!;
    const prev = rows.length > 1 ? rows[rows.length - 2]! : null;
    const flag = labFlag(last);
    const range = last.refLow !== null || last.refHigh !== null
      ? (lang: 'vi' | 'en') => `, ${lang === 'vi' ? 'khoảng tham chiếu' : 'reference'} ${last.refLow !== null ? fmtValue(last.refLow, lang) : ''}–${last.refHigh !== null ? fmtValue(last.refHigh, lang) : ''}`
      : () => '';
    const flagEn = flag === 'H' ? ' HIGH' : flag === 'L' ? ' LOW' : '';
    const flagVi = flag === 'H' ? ' CAO' : flag === 'L' ? ' THẤP' : '';
    const prevEn = prev ? `; previous ${withUnit(prev.value, prev.unit, 'en')} at ${vnTime(prev.effectiveAt)}` : '';
    const prevVi = prev ? `; lần trước ${withUnit(prev.value, prev.unit, 'vi')} lúc ${vnTime(prev.effectiveAt)}` : '';
    labSentences.push({
      section: 'labs',
      en: `${last.display}: ${withUnit(last.value, last.unit, 'en')}${flagEn} at ${vnTime(last.effectiveAt)}${range('en')}${prevEn}.`,
      vi: `${last.display}: ${withUnit(last.value, last.unit, 'vi')}${flagVi} lúc ${vnTime(last.effectiveAt)}${range('vi')}${prevVi}.`,
      sources: [ref('Observation', last.id), ...(prev ? [ref('Observation', prev.id)] : [])],
      flagged: flag !== null,
    });
  }
  out.push(...stableFlaggedFirst(labSentences));

  // Open alerts (whatever their age: an alert still open is current).
  const open = input.alerts.filter((a) => a.status !== 'resolved').sort(byTime((a) => a.createdAt));
  if (open.length === 0) add('alerts', 'No open alerts.', 'Không có cảnh báo nào đang mở.', []);
  for (const a of open) {
    const lvlVi = a.level === 'emergency' ? 'khẩn cấp' : a.level === 'urgent' ? 'khẩn' : a.level;
    const ackEn = a.status === 'acknowledged' && a.acknowledgedAt ? `acknowledged at ${vnTime(a.acknowledgedAt)}` : 'not acknowledged';
    const ackVi = a.status === 'acknowledged' && a.acknowledgedAt ? `đã xác nhận lúc ${vnTime(a.acknowledgedAt)}` : 'chưa xác nhận';
    add('alerts', `Open ${a.level} alert since ${vnTime(a.createdAt)}: NEWS2 ${a.score} (${a.reason}), ${ackEn}.`,
      `Cảnh báo ${lvlVi} đang mở từ ${vnTime(a.createdAt)}: NEWS2 ${a.score} (${a.reason}), ${ackVi}.`, [ref('Alert', a.id)], true);
  }

  // Suggestions: undecided ones (any age), then those decided within the window.
  const undecided = input.suggestions.filter((s) => s.status === 'proposed').sort(byTime((s) => s.createdAt));
  const decided = input.suggestions.filter((s) => s.status !== 'proposed' && s.decidedAt && inWindow(s.decidedAt, fromMs, toMs)).sort(byTime((s) => s.decidedAt!));
  if (undecided.length + decided.length === 0) none('suggestions', 'No suggestions undecided or decided', 'Không có gợi ý nào chờ quyết định hoặc đã được quyết định');
  for (const s of undecided) {
    add('suggestions', `Undecided suggestion (${s.toolId}, ${vnTime(s.createdAt)}): ${bare(s.summary)}.`,
      `Gợi ý chưa quyết định (${s.toolId}, ${vnTime(s.createdAt)}): ${bare(s.summaryVi)}.`, [ref('Suggestion', s.id)], true);
  }
  for (const s of decided) {
    const why = s.reason ? (lang: 'vi' | 'en') => (lang === 'vi' ? `; lý do: ${bare(s.reason!)}` : `; reason: ${bare(s.reason!)}`) : () => '';
    add('suggestions', `${STATUS_EN[s.status] ?? s.status} at ${vnTime(s.decidedAt!)} (${s.toolId}): ${bare(s.summary)}${why('en')}.`,
      `${STATUS_VI[s.status] ?? s.status} lúc ${vnTime(s.decidedAt!)} (${s.toolId}): ${bare(s.summaryVi)}${why('vi')}.`, [ref('Suggestion', s.id)]);
  }

  const encs = input.encounters.filter((e) => inWindow(e.startedAt, fromMs, toMs)).sort(byTime((e) => e.startedAt));
  if (encs.length === 0) none('encounters', 'No encounters started', 'Không có lượt khám nào');
  for (const e of encs) {
    add('encounters', `Encounter (${e.type}) at ${vnTime(e.startedAt)}${e.reason ? `: ${bare(e.reason)}` : ''}.`,
      `Lượt khám (${ENC_VI[e.type] ?? e.type}) lúc ${vnTime(e.startedAt)}${e.reason ? `: ${bare(e.reason)}` : ''}.`, [ref('Encounter', e.id)]);
  }

  const DONE = new Set(['counter_referral_returned', 'cancelled']);
  const refs = input.referrals.filter((r) => inWindow(r.sentAt, fromMs, toMs) || !DONE.has(r.state)).sort(byTime((r) => r.sentAt));
  if (refs.length === 0) none('referrals', 'No referrals sent or in progress', 'Không có chuyển tuyến nào');
  for (const r of refs) {
    add('referrals', `Referral from ${r.fromFacilityName} to ${r.toFacilityName} sent ${vnTime(r.sentAt)} (${r.state}): ${r.diagnosis} (ICD-10 ${r.icd10}); reason: ${bare(r.reason)}.`,
      `Chuyển tuyến từ ${r.fromFacilityName} đến ${r.toFacilityName} gửi lúc ${vnTime(r.sentAt)} (${REF_STATE_VI[r.state] ?? r.state}): ${r.diagnosis} (ICD-10 ${r.icd10}); lý do: ${bare(r.reason)}.`,
      [ref('Referral', r.id)]);
  }

  return { patientId: p.id, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), hours, sentences: out };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const a = m.get(k);
    if (a) a.push(x);
    else m.set(k, [x]);
  }
  return m;
}

const stableFlaggedFirst = (xs: SummarySentence[]) => [...xs.filter((x) => x.flagged), ...xs.filter((x) => !x.flagged)];

/** The summary as plain text in one language (sentences in order), for the chat answer. */
export function summaryText(s: PatientSummary, lang: 'vi' | 'en'): string {
  return s.sentences.map((x) => x[lang]).join('\n');
}
