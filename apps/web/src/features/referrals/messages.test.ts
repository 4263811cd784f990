import { describe, expect, it } from 'vitest';
import { REFERRAL_STATES } from '../../../../../packages/clinical/src/referral.ts';
import { REFERRAL_MESSAGES } from './messages.ts';

describe('referral messages', () => {
  it('vi and en have the same keys, all prefixed, none empty', () => {
    expect(Object.keys(REFERRAL_MESSAGES.en).sort()).toEqual(Object.keys(REFERRAL_MESSAGES.vi).sort());
    for (const [k, v] of Object.entries(REFERRAL_MESSAGES.vi)) {
      expect(k).toMatch(/^referrals\./);
      expect(v.trim()).not.toBe('');
    }
  });
  it('every referral state has a label and every target state a button text', () => {
    for (const s of REFERRAL_STATES) {
      expect(REFERRAL_MESSAGES.vi, s).toHaveProperty(`referrals.state.${s}`);
      if (s !== 'sent') expect(REFERRAL_MESSAGES.en, s).toHaveProperty(`referrals.to.${s}`);
    }
  });
});
