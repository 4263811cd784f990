import { describe, expect, it } from 'vitest';
import { vitalNews2Points } from './vitalBands.ts';

// NEWS2 Chart 1 (RCP 2017): one row each.
describe('vitalNews2Points', () => {
  it.each([
    ['spo2', 89, 3], ['spo2', 92, 2], ['spo2', 95, 1], ['spo2', 96, 0],
    ['respRate', 8, 3], ['respRate', 10, 1], ['respRate', 22, 2], ['respRate', 25, 3],
    ['pulse', 135, 3], ['pulse', 120, 2], ['pulse', 45, 1], ['pulse', 70, 0],
    ['systolicBP', 88, 3], ['systolicBP', 95, 2], ['systolicBP', 105, 1], ['systolicBP', 220, 3],
    ['temperatureC', 35, 3], ['temperatureC', 39.2, 2], ['temperatureC', 38.5, 1], ['temperatureC', 37, 0],
  ] as const)('%s %d → %d', (key, value, points) => expect(vitalNews2Points(key, value)).toBe(points));
  it('does not score vitals outside NEWS2', () => {
    expect(vitalNews2Points('diastolicBP', 40)).toBeNull();
    expect(vitalNews2Points('spo2', undefined)).toBeNull();
  });
});
