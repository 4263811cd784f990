import { describe, expect, it } from 'vitest';
import { foldVietnamese, normalizeName } from './text.ts';

describe('Vietnamese folding', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['ĐẶNG  THỊ   Đào', 'dang thi dao'],
    ['Hồ Thị Thủy', 'ho thi thuy'],
    ['Lý Ngọc Ửng', 'ly ngoc ung'],
  ])('%s → %s', (input, folded) => expect(foldVietnamese(input)).toBe(folded));

  it('treats precomposed and decomposed forms alike', () => {
    expect(foldVietnamese('Nguye\u0302\u0303n')).toBe('nguyen');
    expect(normalizeName('Nguye\u0302\u0303n')).toBe('Nguyễn');
  });
});
