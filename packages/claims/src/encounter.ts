/**
 * Charges from real encounters: what the clinical screens recorded (the visit itself, lab results with
 * LOINC codes, services, drugs and supplies ordered) becomes the typed `Visit` the claim builders take.
 * Pure: the server reads the rows and passes them in.
 *
 * Catalogue mapping: a lab result is billed as the DVKT service the facility maps its LOINC code to
 * (one line per mapped service per visit; its results go to XML4), the visit itself as the DVKT
 * examination the facility maps the encounter type to. Services, drugs and supplies recorded as charges
 * carry their catalogue code already. A lab whose LOINC code has no mapping is not billed and is reported
 * in `unmapped`, so the cashier sees it; a charge whose code is not in the catalogue still becomes a line
 * and the claim is blocked by K-MISSING with its fix (never silently dropped).
 *
 * Instants are stored in UTC; the decision's yyyyMMddHHmm is the facility's wall clock — Vietnam time,
 * UTC+7 all year (no daylight saving since 1975), see `vnLocal`.
 */
import type { FacilityLevel, Route } from './copay.ts';
import type { Visit } from './visit.ts';

export type ChargeKind = 'DVKT' | 'THUOC' | 'VTYT';

export interface EncounterCharge {
  id: string;
  kind: ChargeKind;
  code: string;
  quantity: number;
  orderedAt: string; // ISO instant (UTC)
  doneAt?: string | null;
  resultAt?: string | null;
  dosage?: string | null;
  drugRoute?: string | null;
}

export interface EncounterLab {
  loinc: string;
  display: string;
  value: string;
  unit: string;
  at: string; // ISO instant
}

export interface EncounterBilling {
  icd10Main: string;
  diagnosisText: string;
  icd10Secondary: string[];
  cardValidFrom: string; // YYYY-MM-DD
  cardValidTo: string;
  cardRegisteredAt: string; // MA_DKBD
  continuousSince: string | null;
  route: Route;
  endedAt: string; // ISO instant
  result: number; // KET_QUA_DTRI
}

export interface EncounterFacts {
  encounter: { id: string; type: string; reason: string | null; startedAt: string };
  facility: { maCskcb: string; level: FacilityLevel; department: string; headCode: string };
  patient: {
    id: string; name: string; birthDate: string; sex: 'male' | 'female' | 'other'; cccd: string | null; bhyt: string | null;
    phone: string | null; address: string | null;
  };
  billing: EncounterBilling | null;
  charges: EncounterCharge[];
  labs: EncounterLab[];
  /** LOINC → DVKT code, and encounter type → DVKT examination code (claim_code_map) */
  codeMap: { loinc: Record<string, string>; encounter: Record<string, string> };
  doctor: string;
  coPaidThisYearVnd: number;
}

export interface EncounterVisit {
  visit: Visit | null;
  /** why no visit could be built (no billing record / no card) — in Vietnamese, with the fix */
  missing: string[];
  /** labs recorded but not billed: no catalogue mapping for their LOINC code */
  unmapped: Array<{ loinc: string; display: string }>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → 'YYYY-MM-DDTHH:mm' in Vietnam local time (UTC+7; Decision 130's instants are local). */
export function vnLocal(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`not an instant: ${iso}`);
  const d = new Date(t + 7 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** MA_LOAI_KCB from the encounter type (QĐ 130/4750 Bảng 1; 01 khám bệnh, 03 điều trị nội trú). */
const KIND: Record<string, string> = { outpatient: '01', station: '01', home: '01', emergency: '01', inpatient: '03' };
const SEX = { male: 1, female: 2, other: 3 } as const;

export function visitFromEncounter(f: EncounterFacts): EncounterVisit {
  const missing: string[] = [];
  if (!f.billing) missing.push('Chưa có thông tin thanh toán BHYT của lượt khám (chẩn đoán, kiểm tra thẻ). Cách sửa: nhập ở màn hình thu ngân.');
  if (!f.patient.bhyt) missing.push('Người bệnh chưa có mã thẻ BHYT. Cách sửa: nhập mã thẻ trong hồ sơ người bệnh, hoặc thu phí dịch vụ.');
  const unmapped: EncounterVisit['unmapped'] = [];
  const services: Visit['services'] = [];
  const results: Visit['results'] = [];
  const exam = f.codeMap.encounter[f.encounter.type];
  const start = vnLocal(f.encounter.startedAt);
  if (exam) services.push({ code: exam, quantity: 1, orderedAt: start });
  // Labs: one service line per mapped DVKT code, ordered at the first result's time.
  const byService = new Map<string, EncounterLab[]>();
  for (const lab of f.labs) {
    const code = f.codeMap.loinc[lab.loinc];
    if (!code) {
      if (!unmapped.some((u) => u.loinc === lab.loinc)) unmapped.push({ loinc: lab.loinc, display: lab.display });
      continue;
    }
    const list = byService.get(code) ?? [];
    list.push(lab);
    byService.set(code, list);
  }
  for (const [code, labs] of byService) {
    const first = labs.reduce((a, b) => (a.at <= b.at ? a : b));
    const at = vnLocal(first.at);
    services.push({ code, quantity: 1, orderedAt: at, doneAt: at, resultAt: at });
    for (const lab of labs) {
      results.push({ serviceCode: code, indicator: lab.loinc, name: lab.display, value: lab.value, unit: lab.unit, at: vnLocal(lab.at) });
    }
  }
  const drugs: Visit['drugs'] = [];
  const supplies: Visit['supplies'] = [];
  for (const c of f.charges) {
    const orderedAt = vnLocal(c.orderedAt);
    if (c.kind === 'THUOC') drugs.push({ code: c.code, quantity: c.quantity, orderedAt, dosage: c.dosage ?? '', route: c.drugRoute ?? '' });
    else if (c.kind === 'VTYT') supplies.push({ code: c.code, quantity: c.quantity, orderedAt });
    else services.push({ code: c.code, quantity: c.quantity, orderedAt, doneAt: c.doneAt ? vnLocal(c.doneAt) : undefined, resultAt: c.resultAt ? vnLocal(c.resultAt) : undefined });
  }
  if (missing.length) return { visit: null, missing, unmapped };
  const b = f.billing!;
  const ended = vnLocal(b.endedAt);
  const visit: Visit = {
    maLk: f.encounter.id.replaceAll('-', ''),
    facility: { code: f.facility.maCskcb, level: f.facility.level, department: f.facility.department, headCode: f.facility.headCode },
    patient: {
      id: f.patient.id.replaceAll('-', '').slice(0, 32), name: f.patient.name, birth: f.patient.birthDate, sex: SEX[f.patient.sex],
      cccd: f.patient.cccd ?? undefined, address: f.patient.address ?? undefined, phone: f.patient.phone ?? undefined,
    },
    card: {
      number: f.patient.bhyt!, registeredAt: b.cardRegisteredAt, validFrom: b.cardValidFrom, validTo: b.cardValidTo,
      continuousSince: b.continuousSince ?? undefined,
    },
    route: b.route,
    kind: KIND[f.encounter.type] ?? '01',
    admitted: start, discharged: ended, paidAt: ended,
    reason: f.encounter.reason ?? '',
    diagnosis: { main: b.icd10Main, text: b.diagnosisText, secondary: b.icd10Secondary.length ? b.icd10Secondary : undefined },
    result: b.result, dischargeType: 1, doctor: f.doctor,
    services, drugs, supplies, results,
    course: f.encounter.reason ? [{ at: start, text: f.encounter.reason, by: f.doctor }] : [],
    coPaidThisYearVnd: f.coPaidThisYearVnd,
  };
  return { visit, missing, unmapped };
}
