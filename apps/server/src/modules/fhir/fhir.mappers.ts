/** yte records as FHIR R4 resources (http://hl7.org/fhir/R4). */
import type { PatientRow } from '../patients/patients.repo.ts';
import type { toEncounter, toObservation } from '../encounters/encounters.service.ts';

type Obs = ReturnType<typeof toObservation>;
type Enc = ReturnType<typeof toEncounter>;

export const CCCD_SYSTEM = 'http://yte.vn/fhir/NamingSystem/cccd';
export const BHYT_SYSTEM = 'http://yte.vn/fhir/NamingSystem/bhyt';

export function fhirPatient(p: PatientRow) {
  return {
    resourceType: 'Patient' as const,
    id: p.id,
    meta: { lastUpdated: new Date(p.created_at).toISOString() },
    identifier: [
      ...(p.cccd ? [{ use: 'official' as const, system: CCCD_SYSTEM, value: p.cccd }] : []),
      ...(p.bhyt ? [{ use: 'secondary' as const, system: BHYT_SYSTEM, value: p.bhyt }] : []),
    ],
    name: [{ use: 'official' as const, text: p.full_name, family: p.full_name.split(' ')[0], given: p.full_name.split(' ').slice(1) }],
    gender: p.sex === 'other' ? ('other' as const) : p.sex,
    birthDate: p.birth_date,
    ...(p.phone ? { telecom: [{ system: 'phone' as const, value: p.phone, use: 'mobile' as const }] } : {}),
    address: [{ use: 'home' as const, ...(p.address_line ? { line: [p.address_line] } : {}), district: p.commune, state: p.province, country: 'VN' }],
    managingOrganization: { reference: `Organization/${p.facility_id}` },
  };
}

const VITAL_CATEGORY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] };
const LAB_CATEGORY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] };

export function fhirObservation(o: Obs) {
  const numeric = typeof o.value === 'number';
  return {
    resourceType: 'Observation' as const,
    id: o.id,
    status: 'final' as const,
    category: [o.category === 'vital-signs' ? VITAL_CATEGORY : LAB_CATEGORY],
    code: { coding: [{ system: o.codeSystem, code: o.code, display: o.display }], text: o.display },
    subject: { reference: `Patient/${o.patientId}` },
    ...(o.encounterId ? { encounter: { reference: `Encounter/${o.encounterId}` } } : {}),
    effectiveDateTime: o.effectiveAt,
    ...(numeric
      ? { valueQuantity: { value: o.value as number, ...(o.unit ? { unit: o.unit, system: 'http://unitsofmeasure.org', code: o.unit } : {}) } }
      : o.value === 'true' || o.value === 'false'
        ? { valueBoolean: o.value === 'true' }
        : { valueString: String(o.value) }),
    ...(o.refLow !== null || o.refHigh !== null
      ? {
          referenceRange: [{
            ...(o.refLow !== null ? { low: { value: o.refLow, ...(o.unit ? { unit: o.unit, system: 'http://unitsofmeasure.org', code: o.unit } : {}) } } : {}),
            ...(o.refHigh !== null ? { high: { value: o.refHigh, ...(o.unit ? { unit: o.unit, system: 'http://unitsofmeasure.org', code: o.unit } : {}) } } : {}),
          }],
        }
      : {}),
    ...(numeric && (o.refLow !== null || o.refHigh !== null) ? { interpretation: [interpretation(o)] } : {}),
  };
}

function interpretation(o: Obs) {
  const v = o.value as number;
  const code = o.refLow !== null && v < o.refLow ? 'L' : o.refHigh !== null && v > o.refHigh ? 'H' : 'N';
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

export function fhirEncounter(e: Enc) {
  const cls = ENCOUNTER_CLASS[e.type] ?? ENCOUNTER_CLASS.outpatient!;
  return {
    resourceType: 'Encounter' as const,
    id: e.id,
    status: 'finished' as const,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', ...cls },
    subject: { reference: `Patient/${e.patientId}` },
    period: { start: e.startedAt },
    ...(e.reason ? { reasonCode: [{ text: e.reason }] } : {}),
    serviceProvider: { reference: `Organization/${e.facilityId}` },
  };
}

export function bundle(type: 'searchset' | 'collection', resources: Array<{ resourceType: string; id: string }>, baseUrl: string) {
  return {
    resourceType: 'Bundle' as const,
    type,
    ...(type === 'searchset' ? { total: resources.length } : {}),
    entry: resources.map((r) => ({ fullUrl: `${baseUrl}/${r.resourceType}/${r.id}`, resource: r, ...(type === 'searchset' ? { search: { mode: 'match' as const } } : {}) })),
  };
}
