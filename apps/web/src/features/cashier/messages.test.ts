import { describe, expect, it } from 'vitest';
import { REPORT_MESSAGES } from '../reports/messages.ts';
import { CASHIER_MESSAGES } from './messages.ts';

describe('cashier and report messages', () => {
  it('vi and en have the same keys, prefixed, none empty', () => {
    for (const [m, prefix] of [[CASHIER_MESSAGES, 'cashier.'], [REPORT_MESSAGES, 'reports.']] as const) {
      expect(Object.keys(m.en).sort()).toEqual(Object.keys(m.vi).sort());
      for (const [k, v] of Object.entries(m.vi)) {
        expect(k.startsWith(prefix)).toBe(true);
        expect(v.length).toBeGreaterThan(0);
        expect((m.en as Record<string, string>)[k]!.length).toBeGreaterThan(0);
      }
    }
  });
});
