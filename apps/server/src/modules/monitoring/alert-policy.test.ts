import { describe, expect, it } from 'vitest';
import { alertLevel, nextAction } from './alert-policy.ts';

describe('NEWS2 alert policy (RCP 2017 Chart 4)', () => {
  it.each([
    [4, false, null],
    [4, true, 'urgent'],
    [5, false, 'urgent'],
    [6, false, 'urgent'],
    [7, false, 'emergency'],
    [12, true, 'emergency'],
  ] as const)('score %i, single 3 = %s → %s', (score, single, level) => {
    expect(alertLevel({ score, singleParameter3: single })?.level ?? null).toBe(level);
  });

  it('opens, does not duplicate, raises, and resolves an episode', () => {
    expect(nextAction(null, { score: 5, singleParameter3: false })).toMatchObject({ kind: 'open', level: 'urgent' });
    expect(nextAction({ level: 'urgent' }, { score: 6, singleParameter3: false })).toEqual({ kind: 'none' });
    expect(nextAction({ level: 'urgent' }, { score: 8, singleParameter3: false })).toMatchObject({ kind: 'raise', level: 'emergency' });
    expect(nextAction({ level: 'emergency' }, { score: 5, singleParameter3: false })).toEqual({ kind: 'none' });
    expect(nextAction({ level: 'emergency' }, { score: 2, singleParameter3: false })).toEqual({ kind: 'resolve' });
    expect(nextAction(null, { score: 2, singleParameter3: false })).toEqual({ kind: 'none' });
  });
});
