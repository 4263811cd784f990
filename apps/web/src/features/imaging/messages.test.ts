import { describe, expect, it } from 'vitest';
import { imagingMessages } from './messages.ts';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('imaging messages', () => {
  const { vi, en } = imagingMessages;
  it('vi and en have the same keys, all prefixed', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of Object.keys(vi)) expect(k).toMatch(/^(imaging|nav)\./);
  });
  it('each message uses the same placeholders in both languages and none is empty', () => {
    for (const [k, v] of Object.entries(vi)) {
      expect([k, vars((en as Record<string, string>)[k] ?? '')]).toEqual([k, vars(v)]);
      expect([k, v.trim().length > 0, ((en as Record<string, string>)[k] ?? '').trim().length > 0]).toEqual([k, true, true]);
    }
  });
});
