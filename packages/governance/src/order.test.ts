import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { fairness } from './fairness.ts';
import { scoreOrder, splitByOrder, splitSorted } from './input.ts';

const scoresArb = fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 0.5, 1, -1, 1e-300, 5e-324)), { maxLength: 300 });

describe('scoreOrder (radix sort of the IEEE-754 bits)', () => {
  it('sorts like TypedArray#sort and keeps ties in index order (property)', () => {
    fc.assert(fc.property(scoresArb, (xs) => {
      const { sorted, order } = scoreOrder(xs);
      expect(Array.from(sorted)).toEqual(Array.from(Float64Array.from(xs).sort()));
      expect(Array.from(order, (i) => xs[i])).toEqual(Array.from(sorted));
      for (let k = 1; k < order.length; k++) if (Object.is(sorted[k], sorted[k - 1])) expect(order[k]!).toBeGreaterThan(order[k - 1]!);
      expect([...order].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
    }));
  });
  it('sorts large inputs (16-bit passes) the same way, ties included', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      let a = seed >>> 0;
      const rnd = () => ((a = (Math.imul(a ^ (a >>> 15), 2654435761) + 0x6d2b79f5) >>> 0) / 4294967296);
      const xs = Array.from({ length: 20_000 }, () => (rnd() < 0.2 ? Math.round(rnd() * 10) / 10 : (rnd() - 0.3) * 10 ** Math.floor(rnd() * 12 - 6)));
      const { sorted, order } = scoreOrder(xs);
      expect(Array.from(sorted)).toEqual(Array.from(Float64Array.from(xs).sort()));
      for (let k = 1; k < order.length; k++) if (sorted[k] === sorted[k - 1]) expect(order[k]!).toBeGreaterThan(order[k - 1]!);
    }), { numRuns: 5 });
  });
  it('splits by class like splitSorted', () => {
    fc.assert(fc.property(scoresArb.chain((xs) => fc.tuple(fc.constant(xs), fc.array(fc.constantFrom(0, 1), { minLength: xs.length, maxLength: xs.length }))), ([xs, ls]) => {
      const a = splitByOrder(xs, ls, scoreOrder(xs));
      const b = splitSorted(xs, ls);
      expect(Array.from(a.pos)).toEqual(Array.from(b.pos));
      expect(Array.from(a.neg)).toEqual(Array.from(b.neg));
    }));
  });
});

describe('coded group columns', () => {
  const scores = [0.9, 0.8, 0.2, 0.7, 0.1, 0.6, 0.3, 0.95, 0.4, 0.05];
  const labels = [1, 1, 0, 1, 0, 0, 1, 1, 0, 0];
  const sex = ['f', 'm', 'f', 'f', 'm', 'm', 'f', 'm', 'f', 'm'];
  const coded = { codes: sex.map((s) => (s === 'f' ? 1 : 0)), values: ['m', 'f', 'unused'] };

  it('give the same report as one string per case (a listed value without cases is no group)', () => {
    const opts = { minGroupSize: 1, minDenominator: 1 };
    expect(fairness(scores, labels, coded, 0.5, opts, 'sex')).toEqual(fairness(scores, labels, sex, 0.5, opts, 'sex'));
    const a = evaluate({ scores, labels, groups: { sex: coded } }, { baseline: { scores: [0.1, 0.5, 0.9], groups: { sex: ['f', 'm', 'm'] } } });
    const b = evaluate({ scores, labels, groups: { sex } }, { baseline: { scores: [0.1, 0.5, 0.9], groups: { sex: ['f', 'm', 'm'] } } });
    expect(a).toEqual(b);
  });
  it('are checked: codes in range, one per case, distinct non-empty values', () => {
    expect(() => fairness(scores, labels, { codes: [...coded.codes.slice(1), 3], values: coded.values }, 0.5)).toThrow(/not a code/);
    expect(() => fairness(scores, labels, { codes: coded.codes.slice(1), values: coded.values }, 0.5)).toThrow(/one group code per score/);
    expect(() => fairness(scores, labels, { codes: coded.codes, values: ['m', 'm'] }, 0.5)).toThrow(/distinct/);
    expect(() => fairness(scores, labels, { codes: coded.codes, values: ['m', ' '] }, 0.5)).toThrow(/empty group value/);
  });
});
