import { describe, expect, it } from 'vitest';
import { assetHref, lessonHref, num, pct } from './format.ts';

describe('training formatting', () => {
  it('percentages with a decimal comma in Vietnamese', () => {
    expect(pct(1 / 3, 'vi', 1)).toBe('33,3 %');
    expect(pct(1 / 3, 'en', 1)).toBe('33.3 %');
    expect(pct(0.75, 'vi')).toBe('75 %');
    expect(pct(null, 'vi')).toBe('—');
    expect(num(0.5, 'vi')).toBe('0,50');
  });
  it('turns lesson, figure and exercise links into app routes', () => {
    expect(lessonHref('../m4-responsible/m4-privacy-law.vi.md')).toBe('/training/lessons/m4-privacy-law');
    expect(lessonHref('https://example.org')).toBeNull();
    expect(assetHref('../../figures/ppv-vs-prevalence.svg')).toBe('/api/training/figures/ppv-vs-prevalence.svg');
    expect(assetHref('../../exercises/cxr-reading.yaml')).toBe('/training/exercises/ex-cxr-reading');
  });
});
