/**
 * NamingSystem resources for yte's identifier systems. Vietnam's Ministry of Health has a draft
 * FHIR IG (VN Core, https://build.fhir.org/ig/hl7vn/vn-core-ig/, a CI build "not an authorized
 * publication") whose NamingSystems include the insurance number
 * (http://fhir.ehealth.gov.vn/core/sid/insurance_number); it publishes no CCCD system that we found
 * and no balloted release. Until it does, yte names its own systems and publishes them here
 * (docs/fhir.md).
 */
import { BHYT_SYSTEM, CCCD_SYSTEM, DEVICE_SYSTEM, FACILITY_SYSTEM, type Resource } from './fhir.mappers.ts';

const DATE = '2026-12-07';

const ns = (id: string, name: string, kind: 'identifier' | 'codesystem', description: string, uri: string, comment?: string): Resource => ({
  resourceType: 'NamingSystem',
  id,
  name,
  status: 'active',
  kind,
  date: DATE,
  publisher: 'yte',
  jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'VN', display: 'Viet Nam' }] }],
  description,
  ...(comment ? { usage: comment } : {}),
  uniqueId: [{ type: 'uri', value: uri, preferred: true }],
});

export const NAMING_SYSTEMS: Resource[] = [
  ns('cccd', 'YteCccd', 'identifier', 'Số căn cước công dân (CCCD): the 12-digit citizen identity number (Law on Identification 2023, Luật Căn cước số 26/2023/QH15).', CCCD_SYSTEM,
    'Identifier.type v2-0203 NI. Value: 12 digits.'),
  ns('bhyt', 'YteBhyt', 'identifier', 'Mã thẻ bảo hiểm y tế (BHYT): the 15-character health-insurance card number issued by Vietnam Social Security (2 letters, 1 digit benefit level, 12 digits).', BHYT_SYSTEM,
    'Identifier.type v2-0203 MB. The draft VN Core IG names this http://fhir.ehealth.gov.vn/core/sid/insurance_number.'),
  ns('facility-code', 'YteFacilityCode', 'identifier', 'yte facility codes (Organization.identifier).', FACILITY_SYSTEM),
  ns('device-id', 'YteDeviceId', 'identifier', 'Bedside monitor and gateway ids as registered in yte (Device.identifier).', DEVICE_SYSTEM),
];
