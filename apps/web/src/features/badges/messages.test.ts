import { describe, expect, it } from 'vitest';
import { BADGE_MESSAGES } from './messages.ts';

const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const REASONS = ['valid', 'malformed', 'signature invalid', 'not yet valid', 'expired', 'revoked', 'status list invalid'];

describe('badge messages', () => {
  const { vi, en } = BADGE_MESSAGES;
  it('vi and en have the same keys, all prefixed, none empty, same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(vi)) {
      expect(k).toMatch(/^(badges|verify)\./);
      const e = (en as Record<string, string>)[k] ?? '';
      expect([k, vars(e), v.trim().length > 0, e.trim().length > 0]).toEqual([k, vars(v), true, true]);
    }
  });
  it('every verification reason the server can answer has a text', () => {
    for (const r of REASONS) expect(Object.keys(vi)).toContain(`verify.reason.${r}`);
  });
});
