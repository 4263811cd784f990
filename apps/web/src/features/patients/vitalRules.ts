/** Client-side mirror of the server's plausibility ranges (apps/server/src/modules/observations/vitals.ts); the server stays authoritative. */
export const VITAL_FIELDS = [
  { key: 'respRate', min: 0, max: 80, integer: true },
  { key: 'spo2', min: 50, max: 100 },
  { key: 'systolicBP', min: 40, max: 300, integer: true },
  { key: 'diastolicBP', min: 20, max: 200, integer: true },
  { key: 'pulse', min: 20, max: 300, integer: true },
  { key: 'temperatureC', min: 25, max: 45 },
  { key: 'weightKg', min: 0.3, max: 400 },
  { key: 'heightCm', min: 20, max: 250 },
  { key: 'muacMm', min: 50, max: 400 },
] as const;

export type VitalKey = (typeof VITAL_FIELDS)[number]['key'];

/** LOINC codes of the charted vitals. */
export const VITAL_LOINC: Record<string, VitalKey> = {
  '9279-1': 'respRate',
  '59408-5': 'spo2',
  '8480-6': 'systolicBP',
  '8462-4': 'diastolicBP',
  '8867-4': 'pulse',
  '8310-5': 'temperatureC',
  '29463-7': 'weightKg',
  '8302-2': 'heightCm',
  '56072-2': 'muacMm',
};
