import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, uuidv7 } from './ids.ts';

describe('uuidv7 (RFC 9562 §5.7)', () => {
  it('carries the millisecond timestamp, version 7 and variant 10', () => {
    const ms = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const id = uuidv7(ms);
    expect(id).toMatch(new RegExp(UUID_PATTERN));
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });
  it('sorts by creation time and does not repeat', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 100; i < ids.length; i += 100) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });
});
