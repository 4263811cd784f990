import { describe, expect, it } from 'vitest';
import { grantScopes, requiredScope, scopeAllows } from './scopes.ts';

describe('requiredScope', () => {
  it.each([
    ['GET', '/fhir/R4/metadata', null],
    ['GET', '/fhir/R4/Patient/0190a0a0-0000-7000-8000-000000000000', 'system/Patient.read'],
    ['GET', '/fhir/R4/Observation', 'system/Observation.read'],
    ['GET', '/fhir/R4/Patient/x/$everything', 'system/*.read'],
    ['POST', '/fhir/R4/Patient', undefined],
    ['GET', '/dicomweb/studies', 'dicomweb.read'],
    ['POST', '/dicomweb/studies', 'dicomweb.write'],
    ['POST', '/api/ingest/observations', 'ingest.write'],
    ['GET', '/api/patients', undefined],
    ['POST', '/api/auth/login', undefined],
  ])('%s %s → %s', (m, p, want) => expect(requiredScope(m, p)).toBe(want));
});

describe('scopes', () => {
  it('system/*.read covers each type, not writes', () => {
    expect(scopeAllows(['system/*.read'], 'system/Patient.read')).toBe(true);
    expect(scopeAllows(['system/Observation.read'], 'system/Patient.read')).toBe(false);
    expect(scopeAllows(['system/*.read'], 'dicomweb.write')).toBe(false);
  });
  it('grants a subset of the client scopes, refuses more (RFC 6749 §3.3)', () => {
    expect(grantScopes(['system/*.read', 'dicomweb.write'], undefined)).toEqual(['system/*.read', 'dicomweb.write']);
    expect(grantScopes(['system/*.read', 'dicomweb.write'], 'dicomweb.write')).toEqual(['dicomweb.write']);
    expect(grantScopes(['system/*.read'], 'system/Patient.read')).toEqual(['system/Patient.read']);
    expect(grantScopes(['system/Patient.read'], 'ingest.write')).toBeNull();
    expect(grantScopes(['system/Patient.read'], 'bogus')).toBeNull();
  });
});
