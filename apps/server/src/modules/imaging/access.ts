/** Who may do what in imaging, and which facility a write goes to. */
import { forbidden } from '../../lib/errors.ts';
import type { Actor, Role } from '../auth/roles.ts';

export const IMAGING_READ_ROLES: readonly Role[] = ['doctor', 'radiologist', 'facility_admin', 'nurse'];
export const IMAGING_WRITE_ROLES: readonly Role[] = ['doctor', 'radiologist', 'facility_admin'];
export const REPORTING_ROLES: readonly Role[] = ['radiologist', 'doctor'];

/** The facility named by the caller (one of theirs), else their first. */
export function pickFacility(actor: Actor, requested: string | undefined): string {
  if (requested) {
    if (!actor.facilityIds.includes(requested)) throw forbidden();
    return requested;
  }
  const f = actor.facilityIds[0];
  if (!f) throw forbidden();
  return f;
}
