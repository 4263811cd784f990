/**
 * The FHIR facade: one registry of the types yte emits, their search parameters and how to load
 * them facility-scoped and audited. The routes and the CapabilityStatement are both built from
 * this registry, so what /metadata declares is what the server does.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { foldVietnamese } from '../../lib/text.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES } from '../auth/roles.ts';
import { listEncounters } from '../encounters/encounters.repo.ts';
import { readPatientRecords } from '../encounters/encounters.service.ts';
import { fhirDiagnosticReport } from '../imaging/reading.service.ts';
import { listObservations } from '../observations/observations.repo.ts';
import type { PatientRow } from '../patients/patients.repo.ts';
import { listForPatient } from '../suggestions/suggestions.repo.ts';
import { suspendedTools } from '../suggestions/suggestions.service.ts';
import { forbidden } from '../../lib/errors.ts';
import {
  fhirAppointment, fhirDevice, fhirEncounter, fhirImagingStudy, fhirObservations, fhirOrganization, fhirPatient, fhirPractitioner,
  fhirRiskAssessment, fhirServiceRequest, type Resource,
} from './fhir.mappers.ts';
import { appointmentsOf, devicesIn, facilitiesIn, ownerOf, practitionersIn, referralsOf, studiesOf } from './fhir.repo.ts';
import { NAMING_SYSTEMS } from './naming.ts';
import { dateMatches, dateRange, orLists, parseDateParam, type Range, referenceId, searchBundle, tokenMatches } from './search.ts';
import { stripEmpty } from './strip.ts';

type ParamType = 'token' | 'date' | 'reference' | 'string';
interface Param { type: ParamType; doc: string; values: (r: Resource) => unknown[] }
type Token = { system?: string; code?: string; value?: string };

const get = (r: Resource, path: string): unknown[] => {
  let cur: unknown[] = [r];
  for (const k of path.split('.')) cur = cur.flatMap((x) => (x && typeof x === 'object' ? [(x as Record<string, unknown>)[k]].flat() : [])).filter((x) => x !== undefined);
  return cur;
};
const tokenP = (doc: string, path: string): Param => ({ type: 'token', doc, values: (r) => get(r, path) });
const codeP = (doc: string, path: string): Param => ({ type: 'token', doc, values: (r) => get(r, `${path}.coding`) });
const dateP = (doc: string, path: string): Param => ({ type: 'date', doc, values: (r) => get(r, path) });
const refP = (doc: string, path: string): Param => ({ type: 'reference', doc, values: (r) => get(r, `${path}.reference`) });
const strP = (doc: string, ...paths: string[]): Param => ({ type: 'string', doc, values: (r) => paths.flatMap((p) => get(r, p)) });
const idP: Param = { type: 'token', doc: 'Logical id (comma-separated for several)', values: (r) => [{ code: r.id }] };

/** How a type is loaded: per patient (compartment) or per the caller's facilities. */
type Loader =
  | { kind: 'patient'; table: 'encounter' | 'observation' | 'suggestion' | 'referral' | 'appointment' | 'imaging_study'; load: (q: Queryable, patientId: string, facilityId: string) => Promise<Resource[]> }
  | { kind: 'facility'; load: (q: Queryable, actor: Actor, narrow: Record<string, string[][]>) => Promise<Resource[]> };

export interface TypeDef { type: string; params: Record<string, Param>; loader: Loader; doc: string }

const patientRef = (path: string) => refP('The patient: Patient/{id} or a bare id', path);

const PATIENT_SQL = 'SELECT id, facility_id, full_name, sex, birth_date::text AS birth_date, cccd, bhyt, phone, province, commune, address_line, created_at FROM patient';
const PATIENT_SCAN_CAP = 10_000;

export const TYPES: TypeDef[] = [
  {
    type: 'Patient', doc: 'Patients registered at your facilities. CCCD (v2-0203 NI) and BHYT (v2-0203 MB) identifiers.',
    params: {
      _id: idP,
      identifier: tokenP('system|value, e.g. http://yte.vn/fhir/NamingSystem/cccd|001…', 'identifier'),
      name: strP('Starts-with match on any part of the name, case- and diacritic-insensitive', 'name.text', 'name.family', 'name.given'),
      birthdate: dateP('Date of birth (date prefixes)', 'birthDate'),
      gender: tokenP('male | female | other', 'gender'),
    },
    loader: {
      kind: 'facility',
      load: async (q, actor, narrow) => {
        // Narrow in SQL where the values are exact (ids, identifiers); the rest is matched in memory.
        const ids = narrow._id?.length === 1 ? narrow._id[0]!.filter((v) => /^[0-9a-f-]{36}$/i.test(v)) : null;
        const ident = narrow.identifier?.length === 1 ? narrow.identifier[0]!.map((v) => v.slice(v.indexOf('|') + 1)) : null;
        const rows = await q.query<PatientRow>(
          `${PATIENT_SQL} WHERE facility_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) AND ($3::text[] IS NULL OR cccd = ANY($3::text[]) OR bhyt = ANY($3::text[])) ORDER BY id LIMIT ${PATIENT_SCAN_CAP + 1}`,
          [actor.facilityIds, ids, ident]);
        if (rows.length > PATIENT_SCAN_CAP) throw tooCostly('Patient', 'identifier or _id');
        return rows.map(fhirPatient);
      },
    },
  },
  {
    type: 'Encounter', doc: 'Visits.',
    params: { _id: idP, patient: patientRef('subject'), subject: patientRef('subject'), date: dateP('period.start (date prefixes)', 'period.start') },
    loader: { kind: 'patient', table: 'encounter', load: async (q, p) => (await listEncounters(q, p)).map(fhirEncounter) },
  },
  {
    type: 'Observation', doc: 'Vital signs (R4 vital-signs profiles; blood pressure as one 85354-9 panel), ACVPU, supplemental oxygen, MUAC, laboratory results.',
    params: {
      _id: idP, patient: patientRef('subject'), subject: patientRef('subject'),
      code: codeP('system|code, e.g. http://loinc.org|85354-9', 'code'), category: codeP('vital-signs | laboratory | exam | imaging', 'category'),
      date: dateP('effective[x] (date prefixes)', 'effectiveDateTime'),
    },
    loader: { kind: 'patient', table: 'observation', load: async (q, p) => fhirObservations(await listObservations(q, p, { limit: 1_000_000 })) },
  },
  {
    type: 'RiskAssessment', doc: 'Rule and AI suggestions visible to clinicians (never shadow output or a suspended tool\'s).',
    params: { _id: idP, patient: patientRef('subject'), subject: patientRef('subject'), date: dateP('occurrence[x] (date prefixes)', 'occurrenceDateTime'), method: codeP('The tool: http://yte.vn/fhir/CodeSystem/ai-tool|{toolId}', 'method') },
    loader: {
      kind: 'patient', table: 'suggestion',
      load: async (q, p, f) => (await listForPatient(q, p, { includeShadow: false, hiddenTools: await suspendedTools(q, f), limit: 100_000 })).map(fhirRiskAssessment),
    },
  },
  {
    type: 'ServiceRequest', doc: 'Referrals.',
    params: { _id: idP, patient: patientRef('subject'), subject: patientRef('subject'), code: codeP('system|code', 'code'), authored: dateP('authoredOn (date prefixes)', 'authoredOn') },
    loader: { kind: 'patient', table: 'referral', load: async (q, p) => (await referralsOf(q, p)).map(fhirServiceRequest) },
  },
  {
    type: 'Appointment', doc: 'Follow-up appointments.',
    params: { _id: idP, patient: patientRef('participant.actor'), date: dateP('start (date prefixes)', 'start'), status: tokenP('booked | fulfilled | noshow | cancelled', 'status') },
    loader: { kind: 'patient', table: 'appointment', load: async (q, p) => (await appointmentsOf(q, p)).map(fhirAppointment) },
  },
  {
    type: 'ImagingStudy', doc: 'DICOM studies matched to a patient (DICOMweb at /dicomweb).',
    params: { _id: idP, patient: patientRef('subject'), subject: patientRef('subject'), started: dateP('started (date prefixes)', 'started'), modality: codeP('DICOM modality, e.g. CR', 'modality') },
    loader: { kind: 'patient', table: 'imaging_study', load: async (q, p) => (await studiesOf(q, p)).map(fhirImagingStudy) },
  },
  {
    type: 'Organization', doc: 'Your facilities.',
    params: { _id: idP, identifier: tokenP('http://yte.vn/fhir/NamingSystem/facility-code|{code}', 'identifier'), name: strP('Starts-with, diacritic-insensitive', 'name') },
    loader: { kind: 'facility', load: async (q, a) => (await facilitiesIn(q, a.facilityIds)).map(fhirOrganization) },
  },
  {
    type: 'Practitioner', doc: 'Staff of your facilities (name only).',
    params: { _id: idP, name: strP('Starts-with, diacritic-insensitive', 'name.text') },
    loader: { kind: 'facility', load: async (q, a) => (await practitionersIn(q, a.facilityIds)).map(fhirPractitioner) },
  },
  {
    type: 'Device', doc: 'Bedside monitors and gateways of your facilities.',
    params: { _id: idP, patient: patientRef('patient'), identifier: tokenP('http://yte.vn/fhir/NamingSystem/device-id|{id}', 'identifier') },
    loader: { kind: 'facility', load: async (q, a) => (await devicesIn(q, a.facilityIds)).map(fhirDevice) },
  },
  {
    type: 'NamingSystem', doc: 'yte\'s identifier systems (CCCD, BHYT, facility codes, device ids).',
    params: { _id: idP },
    loader: { kind: 'facility', load: async () => NAMING_SYSTEMS },
  },
];
export const TYPE_BY_NAME = new Map(TYPES.map((t) => [t.type, t]));
/** Types a patient's $everything can hold (DiagnosticReport comes from the imaging module). */
export const EVERYTHING_TYPES = ['Patient', 'Encounter', 'Observation', 'RiskAssessment', 'ServiceRequest', 'Appointment', 'ImagingStudy', 'DiagnosticReport', 'Organization', 'Practitioner', 'Device'];
/** Result parameters every search accepts. */
export const RESULT_PARAMS = ['_count', '_offset', '_format'];

export const badSearch = (msg: string, msgVi: string) => new AppError(400, 'INVALID_SEARCH', msg, msgVi);
const tooCostly = (type: string, narrow: string) =>
  new AppError(400, 'TOO_COSTLY', `Too many ${type} candidates: narrow the search with ${narrow}`, `Quá nhiều kết quả: hãy thu hẹp tìm kiếm (${narrow})`);

export type Query = Record<string, string | string[] | undefined>;

const fold = (s: string) => foldVietnamese(s).toLowerCase();

/** Whether a resource satisfies every (AND) list of OR values of one parameter. */
function matches(r: Resource, p: Param, lists: string[][]): boolean {
  const vals = p.values(r);
  return lists.every((ors) => ors.some((v) => {
    switch (p.type) {
      case 'token': return tokenMatches(vals as Token[], v) || (vals.every((x) => typeof x === 'string') && (vals as string[]).some((x) => x === v.slice(v.indexOf('|') + 1)));
      case 'reference': {
        const id = referenceId(v, 'Patient');
        return id !== null && (vals as string[]).some((x) => x === `Patient/${id}`);
      }
      case 'string': return (vals as string[]).some((x) => fold(String(x)).split(/\s+/).some((w, i, all) => all.slice(i).join(' ').startsWith(fold(v))));
      case 'date': {
        const q = parseDateParam(v)!;
        return (vals as string[]).some((x) => {
          const t: Range | null = dateRange(String(x).replace(/\.\d+Z$/, 'Z'));
          return t !== null && dateMatches(t, q.prefix, q.range);
        });
      }
    }
  }));
}

export interface ParsedSearch { applied: Array<[string, string]>; lists: Record<string, string[][]>; page: { offset: number; count: number } }

/**
 * Unknown parameters (R4 §3.1.1.2): `Prefer: handling=strict` refuses any, `handling=lenient`
 * ignores any; by default an unknown search parameter is refused (400, so a client never mistakes
 * an unapplied filter for an applied one — the failure the issue found in QIDO) while unknown
 * result parameters (`_sort`, `_summary`, `_elements`, …) are ignored; Bundle.link self shows what
 * was applied.
 */
export type Handling = 'strict' | 'lenient' | 'default';
export function parseSearch(def: { params: Record<string, Param> } | null, query: Query, handling: Handling, extra: string[] = []): ParsedSearch {
  const lists: Record<string, string[][]> = {};
  const applied: Array<[string, string]> = [];
  for (const [k, raw] of Object.entries(query)) {
    if (raw === undefined || RESULT_PARAMS.includes(k)) continue;
    const p = def?.params[k];
    if (!p && !extra.includes(k)) {
      if (handling === 'strict' || (handling === 'default' && !k.startsWith('_'))) throw badSearch(`Unknown or unsupported search parameter: ${k.slice(0, 100)} (see /fhir/R4/metadata; "Prefer: handling=lenient" ignores it)`, `Tham số tìm kiếm không được hỗ trợ: ${k.slice(0, 100)}`);
      continue;
    }
    const ls = orLists(raw);
    for (const ors of ls) for (const v of ors) {
      if (v.length === 0 || v.length > 500) throw badSearch(`${k}: empty or too long value`, `${k}: giá trị trống hoặc quá dài`);
      if (p?.type === 'date' && !parseDateParam(v)) throw badSearch(`${k}: "${v}" is not a FHIR date (e.g. ge2026-11-01)`, `${k}: "${v}" không phải ngày FHIR`);
      if (p?.type === 'reference' && !referenceId(v, 'Patient')) throw badSearch(`${k}: "${v}" is not a Patient reference`, `${k}: "${v}" không phải tham chiếu Patient`);
    }
    lists[k] = ls;
    for (const ors of ls) applied.push([k, ors.join(',')]);
  }
  const num = (k: string, dflt: number, max: number) => {
    const raw = query[k];
    if (raw === undefined) return dflt;
    const v = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
    if (!/^\d{1,9}$/.test(v)) throw badSearch(`${k} must be a whole number`, `${k} phải là số nguyên`);
    return Math.min(Number(v), max);
  };
  return { applied, lists, page: { count: num('_count', 50, 1000), offset: num('_offset', 0, 10_000_000) } };
}

const filter = (def: TypeDef, rs: Resource[], lists: Record<string, string[][]>) =>
  rs.filter((r) => Object.entries(lists).every(([k, ls]) => !def.params[k] || matches(r, def.params[k]!, ls)));

const audit = (q: Queryable, actor: Actor, action: string, type: string, id: string | null, patientId: string | null, facilityId: string | null, outcome: 'success' | 'not_found', details: Record<string, unknown> | null = null) =>
  appendAudit(q, { userId: actor.id, facilityId, action, resourceType: type, resourceId: id, patientId, outcome, details });

function requireReader(actor: Actor) {
  if (!hasRole(actor, READING_ROLES)) throw forbidden();
}

/** The one patient a compartment search names (patient= or subject=), or null. */
function patientOf(lists: Record<string, string[][]>): string | null {
  const vals = [...(lists.patient ?? []), ...(lists.subject ?? [])].flat().map((v) => referenceId(v, 'Patient'));
  const uniq = [...new Set(vals)];
  if (uniq.length > 1) throw badSearch('Search one patient at a time (patient/subject)', 'Mỗi lần chỉ tìm cho một người bệnh');
  return uniq[0] ?? null;
}

export async function search(db: Db, actor: Actor, def: TypeDef, query: Query, handling: Handling, base: string) {
  requireReader(actor);
  const s = parseSearch(def, query, handling);
  let found: Resource[];
  if (def.loader.kind === 'patient') {
    const pid = patientOf(s.lists);
    if (pid) {
      const loader = def.loader;
      found = filter(def, await readPatientRecords(db, actor, pid, `${def.type}?search`, async (q) => {
        const [p] = await q.query<{ facility_id: string }>('SELECT facility_id::text AS facility_id FROM patient WHERE id = $1', [pid]);
        return loader.load(q, pid, p!.facility_id);
      }), s.lists);
    } else if (s.lists._id) {
      const ids = [...new Set(s.lists._id.flat())].slice(0, 100);
      found = [];
      for (const id of ids) {
        const r = await readResource(db, actor, def.type, id, base).catch((e: unknown) => (e instanceof AppError && e.status === 404 ? null : Promise.reject(e)));
        if (r) found.push(r);
      }
      found = filter(def, found, s.lists);
    } else {
      throw tooCostly(def.type, 'patient, subject or _id');
    }
  } else {
    const loader = def.loader;
    found = await db.tx(async (q) => {
      const rs = filter(def, await loader.load(q, actor, s.lists), s.lists);
      await audit(q, actor, 'search', def.type, null, rs.length === 1 && def.type === 'Patient' ? rs[0]!.id : null, null, 'success', { count: rs.length, params: s.applied.slice(0, 10) });
      return rs;
    });
  }
  return searchBundle(base, def.type, found, s.page, s.applied);
}

/** One resource by id, facility-scoped and audited; 404 when absent or at another facility. */
export async function readResource(db: Db, actor: Actor, type: string, id: string, base: string): Promise<Resource> {
  requireReader(actor);
  if (type === 'DiagnosticReport') {
    const owner = /^[0-9a-f-]{36}$/i.test(id) ? await ownerOf(db, 'imaging_report', id, actor.facilityIds) : undefined;
    if (!owner?.study_id) {
      await db.tx((q) => audit(q, actor, 'read', type, id.slice(0, 64), null, null, 'not_found'));
      throw notFound(type);
    }
    const b = await fhirDiagnosticReport(db, actor, owner.study_id, base) as { entry: Array<{ resource: Resource }> };
    const r = b.entry.find((e) => e.resource.resourceType === 'DiagnosticReport' && e.resource.id === id)?.resource;
    if (!r) throw notFound(type);
    return stripEmpty(r);
  }
  const def = TYPE_BY_NAME.get(type)!;
  if (def.loader.kind === 'facility') {
    const loader = def.loader;
    const r = await db.tx(async (q) => {
      const found = (await loader.load(q, actor, { _id: [[id]] })).find((x) => x.id === id);
      await audit(q, actor, 'read', type, id.slice(0, 64), type === 'Patient' && found ? id : null, null, found ? 'success' : 'not_found');
      return found;
    });
    if (!r) throw notFound(type);
    return r;
  }
  const loader = def.loader;
  const owner = /^[0-9a-f-]{36}$/i.test(id) ? await ownerOf(db, loader.table, id, actor.facilityIds) : undefined;
  if (!owner?.patient_id) {
    await db.tx((q) => audit(q, actor, 'read', type, id.slice(0, 64), null, null, 'not_found'));
    throw notFound(type);
  }
  const r = (await readPatientRecords(db, actor, owner.patient_id, type, (q) => loader.load(q, owner.patient_id!, owner.facility_id))).find((x) => x.id === id);
  if (!r) throw notFound(type);
  return r;
}

/** Patient/{id}/$everything (http://hl7.org/fhir/R4/patient-operation-everything.html), with _type, _count, _offset. */
export async function everything(db: Db, actor: Actor, patientId: string, query: Query, handling: Handling, base: string) {
  requireReader(actor);
  const s = parseSearch(null, query, handling, ['_type']);
  const types = s.lists._type ? new Set(s.lists._type.flat()) : new Set(EVERYTHING_TYPES);
  for (const t of types) if (!EVERYTHING_TYPES.includes(t)) throw badSearch(`_type: ${t} is not a type yte serves in $everything (${EVERYTHING_TYPES.join(', ')})`, `_type: ${t} không được hỗ trợ`);
  const out = await readPatientRecords(db, actor, patientId, 'Patient/$everything', async (q) => {
    const [row] = await q.query<PatientRow>(`${PATIENT_SQL} WHERE id = $1`, [patientId]);
    const p = row!;
    const rs: Resource[] = [fhirPatient(p)];
    const studies: string[] = [];
    for (const def of TYPES) {
      if (def.loader.kind !== 'patient') continue;
      const got = await def.loader.load(q, patientId, p.facility_id);
      rs.push(...got);
      if (def.type === 'ImagingStudy') {
        const reported = await q.query<{ study_id: string }>('SELECT r.study_id::text AS study_id FROM imaging_report r JOIN imaging_study s ON s.id = r.study_id WHERE s.patient_id = $1 AND r.final_at IS NOT NULL', [patientId]);
        studies.push(...reported.map((x) => x.study_id));
      }
    }
    // Referenced resources, so no reference in the bundle dangles.
    const refs = new Set(JSON.stringify(rs).match(/"reference":"(Organization|Practitioner|Device)\/[^"]+"/g)?.map((m) => m.slice(13, -1)) ?? []);
    const orgs = (await facilitiesIn(q, [...refs].filter((r) => r.startsWith('Organization/')).map((r) => r.slice(13)))).map(fhirOrganization);
    const staffIds = new Set([...refs].filter((r) => r.startsWith('Practitioner/')).map((r) => r.slice(13)));
    const staff = (await q.query<{ id: string; full_name: string; active: boolean }>('SELECT id::text AS id, full_name, active FROM app_user WHERE id = ANY($1::uuid[]) ORDER BY id', [[...staffIds]])).map(fhirPractitioner);
    const devIds = new Set([...refs].filter((r) => r.startsWith('Device/')).map((r) => r.slice(7)));
    const devices = (await devicesIn(q, actor.facilityIds)).filter((d) => devIds.has(d.id)).map(fhirDevice);
    return { rs: [...rs, ...orgs, ...staff, ...devices], studies };
  });
  // Final imaging reports (and the findings the reader accepted), through the imaging module.
  const reports: Resource[] = [];
  if (types.has('DiagnosticReport') || types.has('Observation')) {
    for (const studyId of out.studies) {
      const b = await fhirDiagnosticReport(db, actor, studyId, base) as { entry: Array<{ resource: Resource }> };
      for (const e of b.entry) reports.push(stripEmpty(e.resource));
    }
  }
  const seen = new Set<string>();
  const all = [...out.rs, ...reports].filter((r) => types.has(r.resourceType)).filter((r) => {
    const k = `${r.resourceType}/${r.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return searchBundle(base, `Patient/${patientId}/$everything`, all, s.page, s.applied);
}
