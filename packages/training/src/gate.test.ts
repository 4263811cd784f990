import { describe, expect, it } from 'vitest';
import { refresherDue, trainingGate } from './gate.ts';

const now = new Date('2026-12-07T10:00:00Z');
const req = ['m1-intro:post', 'm4-responsible:post', 'ex-cxr-reading'];

describe('trainingGate', () => {
  it('opens when every required item is done', () => {
    expect(trainingGate({ required: req, done: new Set(req), exemptions: [], now })).toEqual({ allowed: true, missing: [], exemptUntil: null });
  });
  it('stays closed and lists what is missing', () => {
    expect(trainingGate({ required: req, done: new Set(['m1-intro:post']), exemptions: [], now })).toEqual({ allowed: false, missing: ['m4-responsible:post', 'ex-cxr-reading'], exemptUntil: null });
  });
  it('a live exemption opens it until its end; an expired one does not', () => {
    const later = new Date('2026-12-10T00:00:00Z');
    const r = trainingGate({ required: req, done: new Set(), exemptions: [{ expiresAt: new Date('2026-12-01T00:00:00Z') }, { expiresAt: later }], now });
    expect(r).toMatchObject({ allowed: true, exemptUntil: later });
    expect(r.missing).toHaveLength(3);
    expect(trainingGate({ required: req, done: new Set(), exemptions: [{ expiresAt: now }], now }).allowed).toBe(false);
  });
  it('no requirement: open', () => {
    expect(trainingGate({ required: [], done: new Set(), exemptions: [], now }).allowed).toBe(true);
  });
});

describe('refresherDue (a material new tool version)', () => {
  const material = { version: '2.0', recordedAt: new Date('2026-06-01T00:00:00Z') };
  it('due for a user who unlocked before the material version, until its refresher is passed', () => {
    expect(refresherDue({ unlockedAt: new Date('2026-05-01T00:00:00Z'), material, refreshed: new Set() })).toBe('2.0');
    expect(refresherDue({ unlockedAt: new Date('2026-05-01T00:00:00Z'), material, refreshed: new Set(['1.5']) })).toBe('2.0');
    expect(refresherDue({ unlockedAt: new Date('2026-05-01T00:00:00Z'), material, refreshed: new Set(['2.0']) })).toBeNull();
  });
  it('not due when trained after the version, when not yet trained, or when no version is material', () => {
    expect(refresherDue({ unlockedAt: new Date('2026-06-02T00:00:00Z'), material, refreshed: new Set() })).toBeNull();
    expect(refresherDue({ unlockedAt: null, material, refreshed: new Set() })).toBeNull();
    expect(refresherDue({ unlockedAt: new Date('2026-05-01T00:00:00Z'), material: null, refreshed: new Set() })).toBeNull();
  });
});
