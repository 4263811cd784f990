import { describe, expect, it } from 'vitest';
import { dateMatches, dateRange, parseDateParam, referenceId, searchBundle, tokenMatches } from './search.ts';

const at = (iso: string) => ({ start: Date.parse(iso), end: Date.parse(iso) });

describe('FHIR date search (R4 §3.1.1.4.2)', () => {
  it('a value is the range its precision covers, in +07:00 when no zone is given', () => {
    expect(dateRange('2026-11-01')).toEqual({ start: Date.parse('2026-10-31T17:00:00Z'), end: Date.parse('2026-11-01T17:00:00Z') - 1 });
    expect(dateRange('2026')!.end).toBe(Date.parse('2027-01-01T00:00:00+07:00') - 1);
    expect(dateRange('2026-12')!.end).toBe(Date.parse('2027-01-01T00:00:00+07:00') - 1);
    expect(dateRange('2026-11-01T10:00Z')).toEqual({ start: Date.parse('2026-11-01T10:00:00Z'), end: Date.parse('2026-11-01T10:01:00Z') - 1 });
    expect(dateRange('2026-02-30')).toBeNull();
    expect(dateRange('01/11/2026')).toBeNull();
  });
  // Spec examples: an instant on 2026-11-01 (local) against each prefix.
  it.each([
    ['eq2026-11-01', true], ['2026-11-01', true], ['ne2026-11-01', false],
    ['gt2026-10-31', true], ['gt2026-11-01', false], ['lt2026-11-02', true], ['lt2026-11-01', false],
    ['ge2026-11-01', true], ['ge2026-11-02', false], ['le2026-11-01', true], ['le2026-10-31', false],
    ['sa2026-10-31', true], ['sa2026-11-01', false], ['eb2026-11-02', true], ['eb2026-11-01', false],
  ])('%s → %s for 2026-11-01T03:00Z', (v, want) => {
    const p = parseDateParam(v)!;
    expect(dateMatches(at('2026-11-01T03:00:00Z'), p.prefix, p.range)).toBe(want);
  });
});

describe('token and reference', () => {
  const codings = [{ system: 'http://loinc.org', code: '2708-6' }, { system: 'http://loinc.org', code: '59408-5' }];
  it('matches code, system|code, |code and system|', () => {
    expect(tokenMatches(codings, '59408-5')).toBe(true);
    expect(tokenMatches(codings, 'http://loinc.org|2708-6')).toBe(true);
    expect(tokenMatches(codings, 'http://snomed.info/sct|2708-6')).toBe(false);
    expect(tokenMatches(codings, '|2708-6')).toBe(false);
    expect(tokenMatches(codings, 'http://loinc.org|')).toBe(true);
  });
  it('reads Patient/x, x and absolute references', () => {
    expect(referenceId('Patient/abc', 'Patient')).toBe('abc');
    expect(referenceId('abc', 'Patient')).toBe('abc');
    expect(referenceId('https://h/fhir/R4/Patient/abc', 'Patient')).toBe('abc');
    expect(referenceId('Encounter/abc', 'Patient')).toBeNull();
  });
});

describe('paging', () => {
  it('links self, next and previous with _count/_offset', () => {
    const rs = Array.from({ length: 5 }, (_, i) => ({ resourceType: 'Observation', id: `o${i}` }));
    const b = searchBundle('http://x/fhir/R4', 'Observation', rs, { offset: 2, count: 2 }, [['patient', 'p1']]);
    expect(b.total).toBe(5);
    expect(b.entry!.map((e) => e.resource.id)).toEqual(['o2', 'o3']);
    expect(b.link.map((l) => l.relation)).toEqual(['self', 'next', 'previous']);
    expect(b.link[1]!.url).toBe('http://x/fhir/R4/Observation?patient=p1&_count=2&_offset=4');
  });
});
