export type Role = 'station_staff' | 'nurse' | 'doctor' | 'radiologist' | 'facility_admin' | 'governance_officer';

export interface Facility {
  id: string;
  code: string;
  name: string;
  kind: 'hospital' | 'station';
  province: string;
  commune: string;
}

export interface User {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  facilities: Facility[];
  /** An admin set the password (new account, reset): the user is asked to choose their own. */
  mustChangePassword?: boolean;
}

export interface PatientSummary {
  id: string;
  fullName: string;
  sex: 'male' | 'female' | 'other';
  birthDate: string;
  cccd: string | null;
  province: string;
  commune: string;
  facilityId: string;
  lastEncounterAt: string | null;
  /** A placeholder the governance demo created (listed only when asked for). */
  demoPlaceholder?: boolean;
}

export interface Patient extends Omit<PatientSummary, 'lastEncounterAt'> {
  bhyt: string | null;
  phone: string | null;
  addressLine: string | null;
  createdAt: string;
}

export interface Encounter {
  id: string;
  patientId: string;
  facilityId: string;
  type: string;
  reason: string | null;
  startedAt: string;
  createdBy: string | null;
}

export interface Observation {
  id: string;
  patientId: string;
  encounterId: string | null;
  category: 'vital-signs' | 'laboratory';
  codeSystem: string;
  code: string;
  display: string;
  value: number | string;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  effectiveAt: string;
  recordedBy: string | null;
}
