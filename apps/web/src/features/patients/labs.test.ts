import { describe, expect, it } from 'vitest';
import type { Observation } from '../../api/types.ts';
import { labFlag, labRows, shortLabName } from './labs.ts';

const obs = (code: string, value: number, at: string, ref: [number, number] | null = null): Observation => ({
  id: `${code}-${at}`, patientId: 'p', encounterId: null, category: 'laboratory', codeSystem: 'http://loinc.org', code, display: code,
  value, unit: 'mmol/L', refLow: ref?.[0] ?? null, refHigh: ref?.[1] ?? null, effectiveAt: at, recordedBy: null,
});

describe('labs', () => {
  it('flags values outside the reference interval only', () => {
    expect(labFlag(obs('2823-3', 5.6, '2026-01-01T00:00:00Z', [3.5, 5.1]))).toBe('H');
    expect(labFlag(obs('2823-3', 3.4, '2026-01-01T00:00:00Z', [3.5, 5.1]))).toBe('L');
    expect(labFlag(obs('2823-3', 5.1, '2026-01-01T00:00:00Z', [3.5, 5.1]))).toBeNull();
    expect(labFlag(obs('14682-9', 900, '2026-01-01T00:00:00Z'))).toBeNull();
  });
  it('shortens LOINC long names to their component', () => {
    expect(shortLabName('Creatinine [Moles/volume] in Serum or Plasma')).toBe('Creatinine');
    expect(shortLabName('Hemoglobin [Mass/volume] in Blood')).toBe('Hemoglobin');
  });
  it('keeps one row per test with its newest and previous result, newest tests first', () => {
    const rows = labRows([
      obs('2823-3', 4.0, '2026-01-01T00:00:00Z'),
      obs('2951-2', 140, '2026-03-01T00:00:00Z'),
      obs('2823-3', 5.6, '2026-02-01T00:00:00Z'),
      obs('2823-3', 4.4, '2026-01-15T00:00:00Z'),
    ]);
    expect(rows.map((r) => [r.code, r.latest.value, r.previous?.value, r.count])).toEqual([
      ['2951-2', 140, undefined, 1],
      ['2823-3', 5.6, 4.4, 3],
    ]);
  });
});
