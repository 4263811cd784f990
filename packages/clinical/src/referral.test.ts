import { describe, expect, it } from 'vitest';
import { checkReferralTransition, isIcd10Code, nextReferralStates, referralMetrics, REFERRAL_STATES } from './referral.ts';

describe('referral state machine', () => {
  it('walks the happy path on the receiving side', () => {
    const path = ['sent', 'received', 'arrived', 'treated', 'counter_referral_returned'] as const;
    for (let i = 0; i < path.length - 1; i++) {
      expect(checkReferralTransition(path[i]!, path[i + 1]!, 'receiving')).toEqual({ ok: true });
    }
  });

  it('refuses the sending station moving the hospital steps', () => {
    const r = checkReferralTransition('arrived', 'treated', 'sending');
    expect(r).toMatchObject({ ok: false, code: 'not_allowed_for_side' });
    expect(checkReferralTransition('sent', 'received', 'sending')).toMatchObject({ ok: false });
  });

  it('refuses skipping treatment and going backwards', () => {
    expect(checkReferralTransition('arrived', 'counter_referral_returned', 'receiving')).toMatchObject({ code: 'invalid_transition' });
    expect(checkReferralTransition('treated', 'arrived', 'receiving')).toMatchObject({ code: 'invalid_transition' });
    expect(checkReferralTransition('arrived', 'cancelled', 'sending')).toMatchObject({ code: 'invalid_transition' });
  });

  it('terminal states have no exits for anyone', () => {
    for (const s of ['counter_referral_returned', 'cancelled'] as const) {
      expect(nextReferralStates(s, 'sending')).toEqual([]);
      expect(nextReferralStates(s, 'receiving')).toEqual([]);
    }
  });

  it('lists the next states per side', () => {
    expect(nextReferralStates('sent', 'sending')).toEqual(['cancelled']);
    expect(nextReferralStates('sent', 'receiving').sort()).toEqual(['arrived', 'cancelled', 'received']);
    expect(REFERRAL_STATES).toHaveLength(6);
  });
});

describe('ICD-10 format', () => {
  it('accepts WHO/Vietnam codes', () => {
    for (const c of ['A15.0', 'J18.9', 'U07.1', 'I10', 'S72.00', 'E11']) expect(isIcd10Code(c), c).toBe(true);
  });
  it('refuses malformed codes', () => {
    for (const c of ['a15.0', '15.0', 'J1', 'J18.', 'J18.123', 'J18-9', ' J18.9', 'JJ8.9']) expect(isIcd10Code(c), c).toBe(false);
  });
});

describe('referral metrics', () => {
  const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 8, 0) + min * 60000).toISOString();
  it('computes time to arrival and shares, excluding cancelled from the denominator', () => {
    const m = referralMetrics([
      { state: 'counter_referral_returned', sentAt: t(0), arrivedAt: t(30) },
      { state: 'treated', sentAt: t(0), arrivedAt: t(90) },
      { state: 'arrived', sentAt: t(0), arrivedAt: t(60) },
      { state: 'sent', sentAt: t(0) },
      { state: 'cancelled', sentAt: t(0) },
    ]);
    expect(m).toMatchObject({ total: 5, active: 4, cancelled: 1, arrived: 3 });
    expect(m.arrivalMinutesMedian).toBe(60);
    expect(m.arrivalMinutesP90).toBe(90);
    expect(m.shareCompleted).toBe(0.5);
    expect(m.shareCounterReferral).toBe(0.25);
  });
  it('is null, not NaN, with nothing to measure', () => {
    const m = referralMetrics([{ state: 'cancelled', sentAt: t(0) }]);
    expect(m.shareCompleted).toBeNull();
    expect(m.arrivalMinutesMedian).toBeNull();
  });
  it('ignores an arrival recorded before sending', () => {
    expect(referralMetrics([{ state: 'arrived', sentAt: t(10), arrivedAt: t(0) }]).arrived).toBe(0);
  });
});
