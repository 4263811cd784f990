import { describe, expect, it } from 'vitest';
import { ACTIONS, RESOURCES } from './auditLabels.ts';
import { ADMIN_MESSAGES } from './messages.ts';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('admin console messages', () => {
  const { vi, en } = ADMIN_MESSAGES;
  it('vi and en have the same keys, prefixed, none empty, same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(vi)) {
      expect(k).toMatch(/^(admin|nav)\./);
      const e = (en as Record<string, string>)[k] ?? '';
      expect([k, vars(e), v.trim().length > 0, e.trim().length > 0]).toEqual([k, vars(v), true, true]);
    }
  });
  it('every audit action and resource label has both languages, and the Vietnamese is not the English', () => {
    for (const m of [ACTIONS, RESOURCES]) for (const [code, l] of Object.entries(m)) expect([code, l.vi !== l.en || code === 'Route', l.vi.length > 0]).toEqual([code, true, true]);
  });
});
