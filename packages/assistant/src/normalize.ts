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
  const toks = f.match(/\d+(?:[.:,/]\d+)*%?|[\p{L}\p{N}]+/gu) ?? [];
  // English plurals fold onto the singular ("motorbikes" → "motorbike"); no Vietnamese syllable ends in s.
  return toks.map((t) => (t.length > 3 && /[^sui]s$/.test(t) && !STOP_WORDS.has(t) ? t.slice(0, -1) : t));
}

// Function words and question words that carry no topic (folded). Answer-type cues such as
// "bao nhieu" or "may gio" are read by answerTypes() before these are dropped.
// Kept on purpose although they fold onto a function word: nha (nhà: building), so (sọ: skull),
// ho (hộ: household), da (da liễu), dang (đăng ký), day (dạ dày), bay (thứ Bảy).
const VI_STOP = `a ah ai bi bao cai cac can cho chu chua co con cua de den di do duoc gi ha hay hoac hoi
 ke khi khong la lai lam lau het luc ma may minh mot muon nao nay ne nen neu nhe nhieu nho nhung o oi ong ba phai qua ra rang
 roi sao se sau tai the thi thoi toi tren trong tu va vao vay ve voi vui xin em anh chi ban chung bac cau nhu cung`;
const EN_STOP = `a about above after again all am an and any are as at be been being but by can could did do does doing
 for from had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not
 of off on once only or other our ours out over own please same she should so some such than that the their theirs them
 then there these they this those through to too under until up very was we were what when where which while who whom why
 will with would you your yours tell know want need needed get got much many must people person someone anyone today now currently s t d ll re ve m may might shall also any anything there's
 whats where's able like still already just really usually normally offer offers provide provides available have has`;
const EN_STOP_SET = new Set(EN_STOP.split(/\s+/).filter(Boolean));
const VI_STOP_SET = new Set(VI_STOP.split(/\s+/).filter(Boolean));
/** Either language's stop words (for checks that do not know the language). */
export const STOP_WORDS = new Set([...VI_STOP_SET, ...EN_STOP_SET]);

export type TextLang = 'vi' | 'en';
/**
 * Stop words per language: folded English function words collide with Vietnamese content syllables
 * ("am" / âm in siêu âm, "my" / mỹ, "the" / thẻ, "it" / ít), so each text drops only its own language's.
 */
export function stopWords(lang: TextLang): Set<string> {
  return lang === 'en' ? EN_STOP_SET : VI_STOP_SET;
}

/** Language of a document text: Vietnamese when a fair share of its words carry Vietnamese marks. */
export function textLang(s: string): TextLang {
  const words = s.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return 'vi';
  const marked = words.filter((w) => hasVietnameseMarks(w)).length;
  return marked / words.length >= 0.15 ? 'vi' : 'en';
}

/** Content tokens: folded tokens without the language's stop words. */
export function contentTokens(s: string, lang: TextLang = textLang(s)): string[] {
  const stop = stopWords(lang);
  return tokenize(s).filter((t) => !stop.has(t));
}

/** Split text into sentences (keeps list items and table rows whole). */
export function sentences(s: string): string[] {
  return s
    .split(/(?<=[.!?;])\s+(?=[\p{Lu}\d"“(])/u)
    .map((x) => x.trim())
    .filter(Boolean);
}
