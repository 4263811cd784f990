/**
 * When a clinical event (an encounter, an observation, a screening, an arrival) can have happened:
 * not before the patient's birth and not in the future. The clock comes in as an argument.
 *
 *  - Birth: a birth date is a calendar day where the patient was born; the earliest possible instant
 *    is the start of that day in the facility's time zone (Vietnam: UTC+7, no daylight saving;
 *    Asia/Ho_Chi_Minh in the IANA time-zone database). An observation of the fetus or mother before
 *    birth belongs to the mother's record, not the child's (FHIR R4 Observation.subject).
 *  - Future: clocks of devices and PCs drift; CLOCK_SKEW_MS (5 minutes) of tolerance is allowed,
 *    the usual bound for loosely synchronised clocks (MIT Kerberos' default maximum clock skew,
 *    krb5.conf `clockskew`, is 300 s). A reading further ahead is a clock or typing error.
 * Rule version: plausibility 1.0.0.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

export interface InstantProblem {
  code: 'BEFORE_BIRTH' | 'FUTURE_INSTANT';
  /** the earliest (BEFORE_BIRTH) or latest (FUTURE_INSTANT) allowed instant, ISO 8601 UTC */
  limit: string;
  message: string;
  messageVi: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** dd/mm/yyyy hh:mm in the given offset (the Vietnamese way of writing a date and time). */
function viDateTime(d: Date, offsetMinutes: number): string {
  const l = new Date(d.getTime() + offsetMinutes * 60_000);
  return `${pad(l.getUTCDate())}/${pad(l.getUTCMonth() + 1)}/${l.getUTCFullYear()} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
}

/** The first instant of a calendar day (YYYY-MM-DD) at a UTC offset; null for a malformed date. */
export function startOfLocalDay(day: string, offsetMinutes: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - offsetMinutes * 60_000;
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * Null when `at` lies between the patient's birth and now (+ clock skew), else the problem, with the
 * limit in the message. `field` names the input in the messages (e.g. "startedAt").
 */
export function checkClinicalInstant(
  at: Date,
  opts: { now: Date; birthDate?: string | null; field: string; utcOffsetMinutes?: number; skewMs?: number },
): InstantProblem | null {
  const offset = opts.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  const latest = new Date(opts.now.getTime() + (opts.skewMs ?? CLOCK_SKEW_MS));
  if (at.getTime() > latest.getTime()) {
    const minutes = Math.round((opts.skewMs ?? CLOCK_SKEW_MS) / 60_000);
    return {
      code: 'FUTURE_INSTANT',
      limit: latest.toISOString(),
      message: `${opts.field} ${at.toISOString()} is in the future: the latest allowed is ${latest.toISOString()} (now + ${minutes} min of clock skew)`,
      messageVi: `${opts.field}: thời điểm ${viDateTime(at, offset)} ở tương lai; muộn nhất cho phép là ${viDateTime(latest, offset)} (giờ hiện tại + ${minutes} phút sai lệch đồng hồ)`,
    };
  }
  const birth = opts.birthDate ? startOfLocalDay(opts.birthDate, offset) : null;
  if (birth && at.getTime() < birth.getTime()) {
    const [y, mo, d] = opts.birthDate!.split('-');
    return {
      code: 'BEFORE_BIRTH',
      limit: birth.toISOString(),
      message: `${opts.field} ${at.toISOString()} is before the patient's birth: the earliest allowed is ${birth.toISOString()} (birth date ${opts.birthDate})`,
      messageVi: `${opts.field}: thời điểm ${viDateTime(at, offset)} trước ngày sinh của bệnh nhân; sớm nhất cho phép là ngày sinh ${d}/${mo}/${y}`,
    };
  }
  return null;
}
