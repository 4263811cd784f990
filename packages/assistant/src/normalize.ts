/**
 * Vietnamese/English text normalisation for retrieval: NFC, lower case, diacritic folding (đ → d),
 * syllable tokenisation and stop words. Vietnamese writes one syllable per space-separated token, and
 * most words are two syllables, so the index keeps syllables and adjacent-syllable bigrams (see bm25.ts).
 */

/** Unicode NFC and collapsed whitespace; keeps diacritics. */
export function nfc(s: string): string {
  return s.normalize('NFC').replace(/[\u00a0\u2009\u202f]/g, ' ');
}

/** Lower case without diacritics: "Đường huyết" → "duong huyet". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** True when the text carries Vietnamese-specific letters or tone marks. */
export function hasVietnameseMarks(s: string): boolean {
  return /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(s.normalize('NFC'));
}

/**
 * Folded tokens: letters/digits runs. Numbers keep their inner separators ("16:30", "1.950.000",
 * "24/24") so a price or a time is one token; "x-quang" splits into "x", "quang".
 */
export function tokenize(s: string): string[] {
  const f = fold(s);
  return f.match(/\d+(?:[.:,/]\d+)*%?|[\p{L}\p{N}]+/gu) ?? [];
}

// Function words and question words that carry no topic (folded). Answer-type cues such as
// "bao nhieu" or "may gio" are read by answerTypes() before these are dropped.
// Kept on purpose although they fold onto a function word: nha (nhà: building), so (sọ: skull),
// ho (hộ: household), da (da liễu), dang (đăng ký).
const VI_STOP = `a ah ai bi bao bay cai cac can cho chu chua co con cua day de den di do duoc gi ha hay hoac hoi
 ke khi khong la lai lam luc ma may minh mot muon nao nay ne nen neu nhe nhieu nho nhung o oi ong ba phai qua ra rang
 roi sao se sau tai the thi thoi toi tren trong tu va vao vay ve voi vui xin em anh chi ban chung bac cau nhu cung`;
const EN_STOP = `a about above after again all am an and any are as at be been being but by can could did do does doing
 for from had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not
 of off on once only or other our ours out over own please same she should so some such than that the their theirs them
 then there these they this those through to too under until up very was we were what when where which while who whom why
 will with would you your yours tell know want need get got much many`;
export const STOP_WORDS = new Set([...VI_STOP.split(/\s+/), ...EN_STOP.split(/\s+/)].filter(Boolean));

/** Content tokens: folded tokens without stop words. */
export function contentTokens(s: string): string[] {
  return tokenize(s).filter((t) => !STOP_WORDS.has(t));
}

/** Split text into sentences (keeps list items and table rows whole). */
export function sentences(s: string): string[] {
  return s
    .split(/(?<=[.!?;])\s+(?=[\p{Lu}\d"“(])/u)
    .map((x) => x.trim())
    .filter(Boolean);
}
