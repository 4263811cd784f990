import { type TSchema, Type } from 'typebox';
import { StringEnum } from '../../lib/http.ts';

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);

const PatientBrief = Type.Object({ id: Type.String(), fullName: Type.String(), sex: Type.String(), birthDate: Type.String(), phone: Nullable(Type.String()) });

export const AppointmentSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), facilityId: Type.String(), scheduledAt: Type.String(), reason: Type.String(),
  screeningId: Nullable(Type.String()), status: StringEnum(['booked', 'seen', 'missed', 'cancelled']), createdBy: Nullable(Type.String()),
  createdAt: Type.String(), statusBy: Nullable(Type.String()), statusAt: Nullable(Type.String()),
  patient: Type.Optional(PatientBrief),
});

export const TriageSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), facilityId: Type.String(), encounterId: Nullable(Type.String()), arrivedAt: Type.String(),
  category: StringEnum(['red', 'yellow', 'green']), targetMinutes: Type.Number(), targetAt: Type.String(),
  targetTime: Type.Object({ vi: Type.String(), en: Type.String() }), criteria: Type.Array(Type.String()),
  inputs: Type.Unknown(), result: Type.Unknown(), suggestionId: Nullable(Type.String()),
  status: StringEnum(['waiting', 'seen', 'left']), seenAt: Nullable(Type.String()), seenBy: Nullable(Type.String()), createdAt: Type.String(),
  patient: Type.Optional(Type.Object({ id: Type.String(), fullName: Type.String(), sex: Type.String(), birthDate: Type.String() })),
  waitingMinutes: Type.Optional(Type.Number()), overTarget: Type.Optional(Type.Boolean()),
});
