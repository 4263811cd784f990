import { Type } from 'typebox';
import { StringEnum } from '../../lib/http.ts';

export const SuggestionSchema = Type.Object({
  id: Type.String(),
  toolId: Type.String(),
  toolVersion: Type.String(),
  kind: Type.String(),
  patientId: Type.String(),
  encounterId: Type.Union([Type.String(), Type.Null()]),
  facilityId: Type.String(),
  subjectRef: Type.Union([Type.String(), Type.Null()]),
  inputs: Type.Unknown(),
  inputsHash: Type.String(),
  output: Type.Unknown(),
  explanation: Type.Unknown(),
  summary: Type.String(),
  summaryVi: Type.String(),
  severity: StringEnum(['info', 'warning', 'urgent', 'emergency']),
  score: Type.Union([Type.Number(), Type.Null()]),
  status: StringEnum(['proposed', 'accepted', 'overridden', 'dismissed']),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
