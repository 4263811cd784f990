/**
 * Search key for Vietnamese names: lower case, diacritics removed (NFD + strip combining marks),
 * đ → d, whitespace collapsed. "Nguyễn Văn An" → "nguyen van an".
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names are stored in NFC so that equal names compare equal byte-for-byte. */
export function normalizeName(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}
