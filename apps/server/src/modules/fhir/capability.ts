/**
 * The CapabilityStatement (http://hl7.org/fhir/R4/capabilitystatement.html), generated from the
 * same registry the routes serve (fhir.service.ts TYPES), so it lists exactly the types,
 * interactions, search parameters and operations yte implements.
 */
import { RESULT_PARAMS, TYPES } from './fhir.service.ts';

export function capabilityStatement(base: string, version: string, date: string) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'yte',
    kind: 'instance',
    software: { name: 'yte', version },
    implementation: { description: 'yte FHIR R4 facade (read-only)', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      documentation: `Read-only. JSON only (_format=xml → 406). Searches page with _count (default 50, at most 1000) and _offset; Bundle.link carries self/next/previous. An unknown search parameter is refused (400) unless the request says "Prefer: handling=lenient"; unknown result parameters (_sort, _summary, …) are ignored unless it says "Prefer: handling=strict". Result parameters: ${RESULT_PARAMS.join(', ')}. Dates without a zone are read in +07:00.`,
      security: {
        cors: false,
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }] }],
        description: 'OAuth 2.0 client credentials (RFC 6749 §4.4) at /oauth/token (client_secret_basic or client_secret_post); bearer tokens with SMART system scopes (system/*.read, system/{Type}.read). Or a staff session cookie. Every read is audited; resources of other facilities answer 404.',
      },
      resource: [
        ...TYPES.map((t) => ({
          type: t.type,
          documentation: t.doc,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: Object.entries(t.params).map(([name, p]) => ({ name, type: p.type, documentation: p.doc })),
          ...(t.type === 'Patient' ? { operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything', documentation: 'Supports _type, _count, _offset. Includes Encounter, Observation, RiskAssessment, ServiceRequest, Appointment, ImagingStudy, DiagnosticReport and the Organization, Practitioner and Device resources they reference.' }] } : {}),
        })),
        {
          type: 'DiagnosticReport',
          documentation: 'Final imaging reports with the findings the reader accepted (imaging module). Search by the yte study id only.',
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [{ name: 'study', type: 'token', documentation: 'yte ImagingStudy id (required); the bundle includes the accepted findings as Observations' }],
        },
      ],
    }],
  };
}
