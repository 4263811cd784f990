import { Type, type Static } from 'typebox';

export const Sex = Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('other')]);
const Uuid = Type.String({ format: 'uuid' });

export const PatientInput = Type.Object(
  {
    fullName: Type.String({ minLength: 2, maxLength: 120 }),
    sex: Sex,
    birthDate: Type.String({ description: 'YYYY-MM-DD' }),
    cccd: Type.Optional(Type.String({ description: 'Citizen id, 12 digits' })),
    bhyt: Type.Optional(Type.String({ description: 'Health-insurance card number, 15 characters' })),
    phone: Type.Optional(Type.String()),
    province: Type.String({ minLength: 1, maxLength: 100 }),
    commune: Type.String({ minLength: 1, maxLength: 100 }),
    addressLine: Type.Optional(Type.String({ maxLength: 200 })),
    facilityId: Uuid,
  },
  { additionalProperties: false },
);
export type PatientInput = Static<typeof PatientInput>;

export const Patient = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  sex: Sex,
  birthDate: Type.String(),
  cccd: Type.Union([Type.String(), Type.Null()]),
  bhyt: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  province: Type.String(),
  commune: Type.String(),
  addressLine: Type.Union([Type.String(), Type.Null()]),
  facilityId: Type.String(),
  createdAt: Type.String(),
});
export type Patient = Static<typeof Patient>;

export const PatientSummary = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  sex: Sex,
  birthDate: Type.String(),
  cccd: Type.Union([Type.String(), Type.Null()]),
  province: Type.String(),
  commune: Type.String(),
  facilityId: Type.String(),
  lastEncounterAt: Type.Union([Type.String(), Type.Null()]),
  demoPlaceholder: Type.Optional(Type.Boolean({ description: "true: a placeholder the governance demo created, not a registered person" })),
});

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    facilityId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
    demoPlaceholders: Type.Optional(Type.Union([Type.Literal('exclude'), Type.Literal('include')], { default: 'exclude', description: "the list without q leaves out the governance demo's placeholder patients (\"Bệnh nhân mô phỏng CXR …\") unless 'include'; a search always finds them" })),
  },
  { additionalProperties: false },
);
