import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, encodeHlc, receive, tick, zeroHlc } from './hlc.ts';
import { uuidv7, UUIDV7_RE } from './ids.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-12-07T08:00:00Z');

describe('hybrid logical clock', () => {
  it('never goes backwards when the wall clock jumps back', () => {
    let c = tick(zeroHlc('a'), T0);
    const first = encodeHlc(c);
    c = tick(c, T0 - 5 * H); // clock corrected 5 h back
    expect(compareHlc(encodeHlc(c), first)).toBe(1);
    expect(c.wall).toBe(T0);
    expect(c.counter).toBe(1);
  });

  it('a station 5 h slow, after seeing the province, stamps its next write after it', () => {
    const province = tick(zeroHlc('province'), T0);
    let station = tick(zeroHlc('station'), T0 - 5 * H);
    // by wall clock alone the station's write would order 5 h before the province's
    expect(compareHlc(encodeHlc(station), encodeHlc(province))).toBe(-1);
    station = receive(station, province, T0 - 5 * H + 1000);
    const edit = tick(station, T0 - 5 * H + 2000);
    expect(compareHlc(encodeHlc(edit), encodeHlc(province))).toBe(1);
  });

  it('encoding order equals (wall, counter, node) order', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 45), fc.nat(999_999), fc.nat(2 ** 45), fc.nat(999_999), (w1, c1, w2, c2) => {
        const a = { wall: w1, counter: c1, node: 'n' };
        const b = { wall: w2, counter: c2, node: 'n' };
        const expected = w1 !== w2 ? Math.sign(w1 - w2) : Math.sign(c1 - c2);
        expect(compareHlc(encodeHlc(a), encodeHlc(b))).toBe(expected);
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
      }),
    );
  });

  it('receive is strictly after both the local and the remote stamp', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 44), fc.nat(1000), fc.nat(2 ** 44), fc.nat(1000), fc.nat(2 ** 44), (lw, lc, rw, rc, now) => {
        const l = { wall: lw, counter: lc, node: 'l' };
        const r = { wall: rw, counter: rc, node: 'r' };
        const n = receive(l, r, now);
        const cmp = (x: typeof l, y: typeof l) => (x.wall !== y.wall ? x.wall - y.wall : x.counter - y.counter);
        expect(cmp(n, l)).toBeGreaterThan(0);
        expect(cmp(n, r)).toBeGreaterThan(0);
      }),
    );
  });
});

describe('uuidv7', () => {
  it('is a version-7 UUID whose first 48 bits are the ms time (RFC 9562 §5.7)', () => {
    const id = uuidv7(0x017f22e279b0, new Uint8Array(10).fill(0xff));
    expect(id).toMatch(UUIDV7_RE);
    expect(id.startsWith('017f22e2-79b0-7')).toBe(true);
  });
  it('sorts by time', () => {
    const r = new Uint8Array(10);
    expect(uuidv7(T0, r) < uuidv7(T0 + 1, r)).toBe(true);
  });
});
