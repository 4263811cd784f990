import { describe, expect, it } from 'vitest';
import { allowedEdits, inOrderPattern, MAX_QUERY_TOKENS, nameTokens, pageOfNames } from './name-search.ts';

describe('name search helpers', () => {
  it('splits folded text into letter/digit tokens, at most MAX_QUERY_TOKENS', () => {
    expect(nameTokens("nguyen-van o'an. ")).toEqual(['nguyen', 'van', 'o', 'an']);
    expect(nameTokens('a b c d e f g h')).toHaveLength(MAX_QUERY_TOKENS);
    expect(nameTokens(' -- ')).toEqual([]);
  });

  it('tolerates no typo in 1–2 letters, one in 3–5, two from 6', () => {
    expect(['a', 'an', 'van', 'giang', 'nguyen'].map(allowedEdits)).toEqual([0, 0, 1, 1, 2]);
  });

  it('builds a word-bounded in-order pattern with the last token as a prefix', () => {
    expect(inOrderPattern(['nguyen', 'van', 'a'])).toBe('\\mnguyen\\M.*\\mvan\\M.*\\ma');
  });

  it('maps a page of the patient list onto the names it touches', () => {
    const names = [{ name: 'a', patients: 3 }, { name: 'b', patients: 5 }, { name: 'c', patients: 2 }];
    expect(pageOfNames(names, 0, 2)).toEqual({ names: ['a'], skip: 0 });
    expect(pageOfNames(names, 2, 4)).toEqual({ names: ['a', 'b'], skip: 2 });
    expect(pageOfNames(names, 3, 5)).toEqual({ names: ['b'], skip: 0 });
    expect(pageOfNames(names, 7, 10)).toEqual({ names: ['b', 'c'], skip: 4 });
    expect(pageOfNames(names, 10, 5)).toEqual({ names: [], skip: 0 });
  });
});
