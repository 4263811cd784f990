import { describe, expect, it } from 'vitest';
import { findBadText } from './input-guard.ts';

describe('findBadText: NUL and lone surrogates anywhere in parsed input', () => {
  it.each([
    ['NUL in a nested value', { a: { b: ['ok', 'x\u0000'] } }, { path: 'a.b.1', what: 'NUL' }],
    ['a lone high surrogate', { name: 'L\ud800ê' }, { path: 'name', what: 'surrogate' }],
    ['a lone low surrogate', ['\udc00'], { path: '0', what: 'surrogate' }],
    ['a high surrogate at the end', { s: 'abc\udbff' }, { path: 's', what: 'surrogate' }],
    ['a NUL in a key', { 'vit\u0000als': 1 }, { path: 'vit\u0000als', what: 'NUL' }],
    ['a bare string', '\u0000', { path: '', what: 'NUL' }],
  ])('%s', (_name, input, expected) => expect(findBadText(input)).toEqual(expected));

  it('accepts well-formed text: surrogate pairs (emoji), RTL marks, Vietnamese, the escaped text "\\u0000"', () => {
    expect(findBadText({ a: '🏥 \u202Eabc', b: ['Nguyễn Thị Ánh', '\\u0000', '%00'], c: 1, d: null, e: true })).toBeNull();
  });
  it('a null-prototype record (querystring, params) is walked; a Buffer is not', () => {
    const q = Object.assign(Object.create(null), { q: 'a\u0000b' });
    expect(findBadText(q)).toEqual({ path: 'q', what: 'NUL' });
    expect(findBadText({ file: Buffer.from([0, 0, 0]) })).toBeNull();
  });
  it('walks a 100 000-deep nesting without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)?.what).toBe('NUL');
  });
});
