/**
 * Referral and counter-referral (chuyển tuyến) as a pure state machine, plus the metrics the issue
 * asks for. No I/O, no clock: callers pass instants.
 *
 * Rules: Thông tư 14/2014/TT-BYT of 14/04/2014 (Bộ Y tế, "quy định việc chuyển tuyến giữa các cơ sở
 * khám bệnh, chữa bệnh"): the sending facility issues the referral paper (giấy chuyển tuyến) and the
 * receiving facility returns a counter-referral (phiếu phản hồi / chuyển tuyến trở lại) with its
 * diagnosis, treatment and advice for follow-up at the lower level.
 * Citation check (search of public pages, 12/2026): the number, date and title are VERIFIED, as are
 * Điều 1 (scope), Điều 4 (forms of referral: lower → upper level, upper → lower, same level) and
 * Điều 6 (who signs the paper). UNVERIFIED: the appendix number of the paper form (earlier text said
 * "Phụ lục 02"), the exact name of the counter-referral form, and whether the circular is still in
 * force after Luật Khám bệnh, chữa bệnh 15/2023/QH15 (in force 01/01/2024) and its implementing circulars.
 *
 *   sent ──received──▶ received ──arrived──▶ arrived ──treated──▶ treated ──counter_referral──▶ counter_referral_returned
 *   sent / received ──cancelled──▶ cancelled (by the sender; the receiver may also refuse before arrival)
 */

export const REFERRAL_STATES = ['sent', 'received', 'arrived', 'treated', 'counter_referral_returned', 'cancelled'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** Which side of the referral acts: the station that sends, or the hospital that receives. */
export type ReferralSide = 'sending' | 'receiving';

export interface ReferralTransitionRule {
  from: ReferralState;
  to: ReferralState;
  by: readonly ReferralSide[];
}

/** Every allowed transition and who may make it. Anything not listed is refused. */
export const REFERRAL_TRANSITIONS: readonly ReferralTransitionRule[] = [
  { from: 'sent', to: 'received', by: ['receiving'] }, // the hospital acknowledges the paper
  // A patient may turn up before the inbox was opened: arrival also implies receipt.
  { from: 'sent', to: 'arrived', by: ['receiving'] },
  { from: 'received', to: 'arrived', by: ['receiving'] },
  { from: 'arrived', to: 'treated', by: ['receiving'] },
  // The counter-referral carries advice and the follow-up plan back to the station (TT 14/2014).
  { from: 'treated', to: 'counter_referral_returned', by: ['receiving'] },
  // Before the patient arrives, the sender may cancel (patient declined, improved, died, went elsewhere)
  // and the receiver may refuse (no capacity); after arrival the episode belongs to the hospital.
  { from: 'sent', to: 'cancelled', by: ['sending', 'receiving'] },
  { from: 'received', to: 'cancelled', by: ['sending', 'receiving'] },
];

export const TERMINAL_REFERRAL_STATES: readonly ReferralState[] = ['counter_referral_returned', 'cancelled'];

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'invalid_transition' | 'not_allowed_for_side'; message: string };

export function checkReferralTransition(from: ReferralState, to: ReferralState, side: ReferralSide): TransitionCheck {
  const rule = REFERRAL_TRANSITIONS.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, code: 'invalid_transition', message: `a referral cannot go from ${from} to ${to}` };
  if (!rule.by.includes(side)) {
    return { ok: false, code: 'not_allowed_for_side', message: `only the ${rule.by.join(' or ')} facility may move a referral from ${from} to ${to}` };
  }
  return { ok: true };
}

/** The states a side may move a referral to from its current state (for UI buttons). */
export function nextReferralStates(from: ReferralState, side: ReferralSide): ReferralState[] {
  return REFERRAL_TRANSITIONS.filter((r) => r.from === from && r.by.includes(side)).map((r) => r.to);
}

/**
 * ICD-10 code format (WHO ICD-10; Vietnam's ICD-10 list, QĐ 4469/QĐ-BYT 2020): a letter, two digits,
 * optionally a dot and one or two further characters (A15.0, J18.9, U07.1, S72.00). Format only:
 * whether the code exists is a lookup the caller may add.
 */
const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;
export function isIcd10Code(code: string): boolean {
  return ICD10.test(code);
}

// ---------- metrics ----------

export interface ReferralForMetrics {
  state: ReferralState;
  sentAt: string; // ISO instant
  arrivedAt?: string | null;
}

export interface ReferralMetrics {
  total: number;
  /** Referrals not cancelled. The denominator of the shares below. */
  active: number;
  cancelled: number;
  arrived: number;
  /** Median and 90th percentile of sent → arrived, in minutes, over referrals that arrived. */
  arrivalMinutesMedian: number | null;
  arrivalMinutesP90: number | null;
  /** Share (0..1) of non-cancelled referrals that reached treated or later. */
  shareCompleted: number | null;
  /** Share (0..1) of non-cancelled referrals whose counter-referral came back. */
  shareCounterReferral: number | null;
}

const COMPLETED: readonly ReferralState[] = ['treated', 'counter_referral_returned'];

/** Nearest-rank percentile of a sorted array (p in 0..100). */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function minutesToArrival(r: ReferralForMetrics): number | null {
  if (!r.arrivedAt) return null;
  const ms = Date.parse(r.arrivedAt) - Date.parse(r.sentAt);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return ms / 60000;
}

export function referralMetrics(referrals: readonly ReferralForMetrics[]): ReferralMetrics {
  const cancelled = referrals.filter((r) => r.state === 'cancelled').length;
  const active = referrals.length - cancelled;
  const arrivals = referrals
    .map(minutesToArrival)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b);
  const completed = referrals.filter((r) => COMPLETED.includes(r.state)).length;
  const counter = referrals.filter((r) => r.state === 'counter_referral_returned').length;
  return {
    total: referrals.length,
    active,
    cancelled,
    arrived: arrivals.length,
    arrivalMinutesMedian: percentile(arrivals, 50),
    arrivalMinutesP90: percentile(arrivals, 90),
    shareCompleted: active ? completed / active : null,
    shareCounterReferral: active ? counter / active : null,
  };
}
