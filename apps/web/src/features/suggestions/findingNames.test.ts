import { describe, expect, it } from 'vitest';
import { findingName } from './findingNames.ts';

describe('findingName', () => {
  it('translates the ChestX-ray14 labels, underscores and case notwithstanding', () => {
    expect(findingName('Pleural_Thickening', 'vi')).toBe('Dày màng phổi');
    expect(findingName('Pleural_Thickening', 'en')).toBe('Pleural thickening');
    expect(findingName('Effusion', 'vi')).toBe('Tràn dịch màng phổi');
    expect(findingName('No Finding', 'vi')).toBe('Không có bất thường');
  });
  it('keeps an unknown label readable', () => expect(findingName('Rib_Fracture', 'vi')).toBe('Rib Fracture'));
});
