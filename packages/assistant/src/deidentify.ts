/**
 * De-identification of a patient's question before it is stored in the quality-review log: personal
 * names, phone numbers, CCCD and BHYT card numbers and e-mail addresses become placeholders.
 *
 * Names cannot be recognised perfectly; this errs on the side of masking. A name is masked when it is
 *   1. a run of 2–4 capitalised words starting with a Vietnamese family name ("Nguyễn Văn An",
 *      "Tran Thi Hoa" typed without diacritics), except a short list of place names ("Hà Nội");
 *   2. lower-case "family name + văn/thị + given name(s)" ("nguyen van an", "trần thị hoa");
 *   3. the words after a naming phrase ("tên (tôi|con|bệnh nhân…) là …", "my name is …", "tôi là
 *      <family name> …") up to a function word or punctuation, capitalised or not;
 *   4. capitalised words after a kinship or courtesy title ("bà Lan", "anh Minh", "Mr Smith").
 * Family names: the most common Vietnamese surnames (Nguyễn, Trần, Lê, Phạm, Hoàng/Huỳnh, Phan, Vũ/Võ,
 * Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý… covering the great majority of the population); a word with tone
 * marks must match with its marks ("Lễ" is not "Lê"), a word without marks matches folded.
 * Numbers: a BHYT card code (2 letters + 13 digits, Quyết định 1666/QĐ-BHXH 2020 format, as the
 * patients module checks it), and any run of 9 or more digits, spaced or not (phones, 9/12-digit
 * CMND/CCCD), become "[số]"; shorter numbers (prices, times, hotlines like 1900 1234) stay.
 */
import { fold } from './normalize.ts';

export const NAME_MASK = '[tên]';
export const NUMBER_MASK = '[số]';

const SURNAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh',
  'Đoàn', 'Lương', 'Trương', 'Lâm', 'Mai', 'Cao', 'Tạ', 'Hà', 'Chu', 'Kiều', 'Đào', 'Tô', 'Quách', 'Lưu', 'Lò', 'Hứa', 'Thái', 'Tăng',
  'Vương', 'Triệu', 'Châu', 'Mạc', 'Doãn', 'Khổng', 'Âu', 'Lại', 'Nông', 'Hầu', 'Văn', 'Tống', 'Lục', 'Diệp', 'Giang', 'Phùng', 'Trịnh',
];
const SURNAME_EXACT = new Set(SURNAMES.map((s) => s.toLowerCase()));
const SURNAME_FOLDED = new Set(SURNAMES.map((s) => fold(s)));
/** Folded surnames that are rarely anything else in a question (used for lower-case text). */
const SURNAME_STRONG = new Set(['nguyen', 'tran', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'ngo', 'duong', 'dinh', 'trinh', 'doan', 'luong', 'truong', 'le', 'do', 'ho', 'ly', 'lo', 'ha', 'mai', 'cao', 'lam']);
/** Capitalised runs that start with a surname but are places. */
const PLACES = new Set([
  'ha noi', 'ho chi minh', 'ha giang', 'ha nam', 'ha tinh', 'ha long', 'ha dong', 'cao bang', 'lam dong', 'phan thiet', 'phan rang', 'thai nguyen',
  'thai binh', 'giang vo', 'mai chau', 'tran hung dao', 'le loi', 'hoang mai', 'ngo quyen', 'phan dinh phung', 'ly thuong kiet', 'le duan', 'hoang hoa tham',
]);
/** Words that end a name after a naming phrase (folded). */
const STOP = new Set([
  'o', 'dang', 'bi', 'nam', 'sinh', 'tuoi', 'co', 'muon', 'can', 'hoi', 'xin', 'thi', 'va', 'khoa', 'phong', 'may', 'gio', 'duoc', 'da', 'se', 'khong',
  'lam', 'the', 'nao', 'gi', 'sao', 'a', 'nhe', 'nha', 'oi', 'vay', 'roi', 'toi', 'em', 'anh', 'chi', 'nguoi', 'benh', 'nhan', 'cua', 'de', 'cho',
  'kham', 'xet', 'nghiem', 'hom', 'nay', 'mai', 'qua', 'luc', 'tai', 'voi', 'la', 'ma', 'nen', 'vi', 'neu', 'khi', 'bao', 'nhieu', 'mot', 'hai', 'ba',
  'and', 'i', 'my', 'is', 'am', 'the', 'at', 'in', 'on', 'from', 'to', 'for', 'with', 'was', 'has', 'have', 'needs', 'need', 'wants', 'want', 'can', 'could',
  'will', 'would', 'please', 'how', 'what', 'when', 'where', 'who', 'why', 'do', 'does', 'did', 'born', 'aged', 'age', 'years', 'year', 'old',
]);
/** Courtesy and kinship titles followed by a given name ("bà Lan"); only capitalised names follow. */
const TITLES = new Set(['ong', 'ba', 'anh', 'chi', 'co', 'chu', 'bac', 'em', 'be', 'chau', 'cu', 'di', 'thim', 'mr', 'mrs', 'ms', 'miss', 'dr', 'bs', 'benh nhan', 'bac si', 'y ta', 'dieu duong']);
const MIDDLE = new Set(['van', 'thi']);

interface Word {
  text: string;
  folded: string;
  start: number;
  end: number;
  cap: boolean;
}

const isCap = (w: string) => /^\p{Lu}/u.test(w);
const isSurname = (w: string) => (/[^\p{ASCII}]/u.test(w) && !/^[Đđ]/.test(w) ? SURNAME_EXACT.has(w.toLowerCase()) : SURNAME_FOLDED.has(fold(w)) || SURNAME_EXACT.has(w.toLowerCase()));

function words(s: string): Word[] {
  const out: Word[] = [];
  for (const m of s.matchAll(/\p{L}+/gu)) out.push({ text: m[0], folded: fold(m[0]), start: m.index!, end: m.index! + m[0].length, cap: isCap(m[0]) });
  return out;
}

/** Only spaces between two words (a name does not run across punctuation or a line). */
const adjacent = (s: string, a: Word, b: Word) => /^[ \t]+$/.test(s.slice(a.end, b.start));

/** Spans [start, end) of the personal names in the text. */
export function nameSpans(text: string): Array<[number, number]> {
  const s = text.normalize('NFC');
  const ws = words(s);
  const spans: Array<[number, number]> = [];
  const take = (i: number, j: number) => spans.push([ws[i]!.start, ws[j]!.end]);
  // consecutive words from i matching `ok`, at most `max`; returns the index of the last one, or -1
  const run = (i: number, ok: (w: Word) => boolean, max = 4) => {
    let j = i - 1;
    while (j + 1 < ws.length && j + 1 - i < max && ok(ws[j + 1]!) && (j + 1 === i || adjacent(s, ws[j]!, ws[j + 1]!))) j++;
    return j >= i ? j : -1;
  };
  const foldedFrom = (i: number, n: number) => ws.slice(i, i + n).map((w) => w.folded).join(' ');

  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    // 1. Capitalised run starting with a family name
    if (w.cap && isSurname(w.text)) {
      const j = run(i, (x) => x.cap);
      if (j > i && !PLACES.has(foldedFrom(i, j - i + 1)) && !PLACES.has(foldedFrom(i, 2))) {
        take(i, j);
        i = j;
        continue;
      }
    }
    // 2. lower-case "surname văn/thị given-name(s)"
    if (!w.cap && SURNAME_STRONG.has(w.folded) && i + 2 < ws.length && MIDDLE.has(ws[i + 1]!.folded) && adjacent(s, w, ws[i + 1]!)) {
      const j = run(i + 2, (x) => !STOP.has(x.folded), 2);
      if (j >= i + 2) {
        take(i, j);
        i = j;
        continue;
      }
    }
    // 3. Naming phrases: "... là <name>", "my name is <name>", "tôi là <surname> ..."
    const prev2 = i >= 2 ? `${ws[i - 2]!.folded} ${ws[i - 1]!.folded}` : '';
    const prev3 = i >= 3 ? `${ws[i - 3]!.folded} ${prev2}` : '';
    const namedAfterTen = i >= 1 && ws[i - 1]!.folded === 'la' && ws.slice(Math.max(0, i - 5), i - 1).some((x) => x.folded === 'ten');
    const nameIs = prev3 === 'my name is' || prev2 === 'name is' || prev2 === 'named' || (i >= 1 && ws[i - 1]!.folded === 'named');
    const iAm = (prev2 === 'toi la' || prev2 === 'em la' || prev2 === 'i am' || prev2 === 'chau la' || prev2 === 'con la') && (w.cap || SURNAME_STRONG.has(w.folded));
    if ((namedAfterTen || nameIs || iAm) && !STOP.has(w.folded)) {
      const j = run(i, (x) => !STOP.has(x.folded));
      if (j >= i) {
        take(i, j);
        i = j;
        continue;
      }
    }
    // 4. Title + capitalised given name(s)
    const prevTitle = (i >= 1 && TITLES.has(ws[i - 1]!.folded) && adjacent(s, ws[i - 1]!, w)) || (i >= 2 && TITLES.has(prev2) && adjacent(s, ws[i - 1]!, w));
    if (prevTitle && w.cap && !STOP.has(w.folded)) {
      const j = run(i, (x) => x.cap);
      take(i, j);
      i = j;
      continue;
    }
  }
  return spans;
}

/** The text with names, phone/ID/insurance numbers and e-mail addresses replaced by placeholders. */
export function deidentifyText(text: string): string {
  let s = text.normalize('NFC');
  s = s.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]');
  // BHYT card: 2-letter beneficiary code + 13 digits (spaces tolerated)
  s = s.replace(/\b[A-Za-z]{2}\s?\d(?:[\s.-]?\d){12}\b/g, NUMBER_MASK);
  s = s.replace(/(?:\+?\d[\s.-]?){9,}/g, (m) => (m.replace(/\D/g, '').length >= 9 ? NUMBER_MASK + (/\s$/.test(m) ? ' ' : '') : m));
  const spans = nameSpans(s);
  for (const [a, b] of [...spans].sort((x, y) => y[0] - x[0])) s = s.slice(0, a) + NAME_MASK + s.slice(b);
  return s.replace(/\s+/g, ' ').trim();
}
