import { Type } from 'typebox';
import { StringEnum } from '../../lib/http.ts';

const Num = (min: number, max: number) => Type.Number({ minimum: -1e6, maximum: 1e6, description: `possible range ${min}–${max}` });

export const VitalsSchema = Type.Object(
  {
    respRate: Type.Optional(Num(0, 80)),
    spo2: Type.Optional(Num(50, 100)),
    onOxygen: Type.Optional(Type.Boolean()),
    systolicBP: Type.Optional(Num(40, 300)),
    diastolicBP: Type.Optional(Num(20, 200)),
    pulse: Type.Optional(Num(20, 300)),
    temperatureC: Type.Optional(Num(25, 45)),
    consciousness: Type.Optional(StringEnum(['A', 'C', 'V', 'P', 'U'])),
    weightKg: Type.Optional(Num(0.3, 400)),
    heightCm: Type.Optional(Num(20, 250)),
    muacMm: Type.Optional(Num(50, 400)),
  },
  { additionalProperties: false },
);

export const LabSchema = Type.Object(
  {
    loinc: Type.String({ maxLength: 10 }),
    value: Type.Number(),
    unit: Type.String({ minLength: 1, maxLength: 30 }),
    refLow: Type.Optional(Type.Number()),
    refHigh: Type.Optional(Type.Number()),
    display: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const EncounterType = StringEnum(['outpatient', 'inpatient', 'emergency', 'station', 'home']);

export const EncounterSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  facilityId: Type.String(),
  type: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});

export const ObservationSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  encounterId: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  codeSystem: Type.String(),
  code: Type.String(),
  display: Type.String(),
  value: Type.Union([Type.Number(), Type.String()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  refLow: Type.Union([Type.Number(), Type.Null()]),
  refHigh: Type.Union([Type.Number(), Type.Null()]),
  effectiveAt: Type.String(),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
});

export const Instant = Type.String({ format: 'date-time' });
