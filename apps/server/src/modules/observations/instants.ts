/**
 * When a clinical event happened, checked at entry: a valid ISO-8601 instant, not in the future (5
 * minutes of clock skew allowed) and not before the patient's birth. The rule is pure
 * (@yte/clinical plausibility.ts); this wires it to the 400 errors the services throw.
 */
import { checkClinicalInstant } from '@yte/clinical';
import { badInput } from '../../lib/errors.ts';

/** The instant `s` (or `now` when absent); 400 INVALID_DATE or FUTURE_INSTANT naming the field. */
export function parseClinicalInstant(s: string | undefined, now: Date, field: string): Date {
  if (s === undefined) return now;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw badInput('INVALID_DATE', `${field} is not an ISO-8601 instant`, 'Thời điểm không hợp lệ', field);
  const p = checkClinicalInstant(d, { now, field });
  if (p) throw badInput(p.code, p.message, p.messageVi, field, { limit: p.limit });
  return d;
}

/** The problem with `at` for this patient (future or before birth), or null. */
export function instantProblem(at: Date, birthDate: string | null | undefined, now: Date, field: string) {
  return checkClinicalInstant(at, { now, birthDate: birthDate ?? null, field });
}

/** 400 BEFORE_BIRTH / FUTURE_INSTANT with the limit, naming the field. */
export function assertClinicalInstant(at: Date, birthDate: string | null | undefined, now: Date, field: string): void {
  const p = instantProblem(at, birthDate, now, field);
  if (p) throw badInput(p.code, p.message, p.messageVi, field, { limit: p.limit });
}
