import type { Role } from '../api/types.ts';

/**
 * Each role lands where its work is (issue 15, point 8): the radiologist on the reading worklist,
 * the governance officer on the AI tool registry, the facility admin on the admin console, clinical
 * roles on the patient list. The first
 * matching role wins (a user may hold several).
 */
const HOMES: Array<[Role, string]> = [
  ['radiologist', '/imaging'],
  ['governance_officer', '/governance'],
  ['nurse', '/patients'],
  ['doctor', '/patients'],
  ['station_staff', '/patients'],
  ['facility_admin', '/admin'],
];

export function homeFor(roles: readonly Role[]): string {
  return HOMES.find(([r]) => roles.includes(r))?.[1] ?? '/patients';
}
