export const ROLES = ['station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin', 'governance_officer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see and record patient care. */
export const CLINICAL_ROLES: readonly Role[] = ['station_staff', 'nurse', 'doctor', 'radiologist'];

export interface Actor {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  facilityIds: string[];
}

export const hasRole = (actor: Actor, allowed: readonly Role[]) => actor.roles.some((r) => allowed.includes(r));

/** Roles that record observations and visits. */
export const RECORDING_ROLES: readonly Role[] = ['station_staff', 'nurse', 'doctor'];
/** Roles that may read patient records (the governance officer sees aggregates, not charts). */
export const READING_ROLES: readonly Role[] = ['station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin'];
