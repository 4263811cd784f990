import { describe, expect, it } from 'vitest';
import { TRAINING_MESSAGES } from './messages.ts';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('training messages', () => {
  const { vi, en } = TRAINING_MESSAGES;
  it('vi and en have the same keys, all prefixed', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of Object.keys(vi)) expect(k).toMatch(/^(training|nav)\./);
  });
  it('each message uses the same placeholders in both languages and none is empty', () => {
    for (const [k, v] of Object.entries(vi)) {
      const e = (en as Record<string, string>)[k] ?? '';
      expect([k, vars(e)]).toEqual([k, vars(v)]);
      expect([k, v.trim().length > 0, e.trim().length > 0]).toEqual([k, true, true]);
    }
  });
});

describe('programme messages', async () => {
  const { PROGRAMME_MESSAGES } = await import('./messages.programme.ts');
  it('vi and en have the same keys and placeholders, none shared with the training file', () => {
    const { vi, en } = PROGRAMME_MESSAGES;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(vi)) expect([k, vars((en as Record<string, string>)[k]!)]).toEqual([k, vars(v)]);
    for (const k of Object.keys(vi)) expect(k in TRAINING_MESSAGES.vi).toBe(false);
  });
});
