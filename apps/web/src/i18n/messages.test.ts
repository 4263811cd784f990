import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('core messages', () => {
  it('vi and en have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });
  it('each message uses the same placeholders in both languages', () => {
    for (const [k, v] of Object.entries(vi)) expect([k, vars((en as Record<string, string>)[k] ?? '')]).toEqual([k, vars(v)]);
  });
  it('no message is empty', () => {
    for (const d of [vi, en]) for (const [k, v] of Object.entries(d)) expect([k, v.trim().length > 0]).toEqual([k, true]);
  });
});
